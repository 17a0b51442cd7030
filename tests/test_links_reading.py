"""How a page is read (issue 12, batch 4 mechanisms): its charset as a browser decodes it,
a title that *is* a not-found message versus one that is about one, and a redirect to a
folder above the page. The inputs here are not from the fake web's scenarios."""

from __future__ import annotations

import pytest

from bibman.links.redirects import redirect_says
from bibman.links.soft404 import Page, decode_html, judge

FILL = "Minutes of the committee, the budget and the plans for the new reading room. " * 20


def test_charset_from_the_header_a_meta_tag_or_a_bom() -> None:
    greek = "<title>Η σελίδα δεν βρέθηκε</title>".encode("iso-8859-7")
    assert "σελίδα" in decode_html(greek, "text/html; charset=ISO-8859-7")
    korean = (
        '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">'
        "<title>페이지를 찾을 수 없습니다</title>"
    ).encode("euc-kr")
    assert "페이지를" in decode_html(korean)
    assert "페이지를" in Page.parse(korean).title
    assert decode_html("\ufeffCafé".encode()) == "Café"
    # an unknown name is no declaration; no declaration is UTF-8
    assert decode_html("Café".encode(), "text/html; charset=x-no-such") == "Café"
    assert decode_html("Café".encode()) == "Café"


def test_a_not_found_page_in_a_legacy_charset_is_read() -> None:
    body = (
        "<html><head><meta charset=windows-1250><title>Stránka nenalezena</title></head>"
        "<body><p>Požadovaná stránka neexistuje.</p></body></html>"
    ).encode("cp1250")
    j = judge(body)
    assert j is not None and j.kind == "not-found" and j.strong


@pytest.mark.parametrize(
    "title",
    [
        "How we fixed the page not found errors on our catalogue after the migration",
        "Seite nicht gefunden: warum Links in Fußnoten verschwinden und was Bibliotheken tun",
        "Debugging 404 not found responses behind a reverse proxy \u2013 Ops Blog",
    ],
)
def test_a_title_about_a_not_found_message_is_weak_evidence(title: str) -> None:
    body = f"<title>{title}</title><h1>{title}</h1><p>page not found. {FILL}</p>".encode()
    j = judge(body)
    assert j is None or not j.strong


@pytest.mark.parametrize(
    "title", ["Page not found \u2013 Gardening Club", "Fehler 404 | Stadtbibliothek"]
)
def test_a_title_that_is_the_message_is_strong_with_the_body_behind_it(title: str) -> None:
    body = (
        f"<title>{title}</title><p>Die Seite wurde nicht gefunden. The page you requested "
        f"could not be found. {FILL[:300]}</p>"
    ).encode()
    j = judge(body)
    assert j is not None and j.strong


@pytest.mark.parametrize(
    ("original", "final", "dead"),
    [
        ("https://n.org/sport/2018/03/cup-final", "https://n.org/sport/", True),
        ("https://n.org/sport/2018/03/cup-final", "https://n.org/sport/2018/", True),
        ("https://n.org/docs/guide/index.html", "https://n.org/docs/guide/", False),
        ("https://n.org/docs/guide/", "https://n.org/docs/guide", False),
        ("https://n.org/sport/2018/cup", "https://n.org/sport/2018/cup/", False),
        ("https://n.org/sport/2018/cup", "https://m.org/sport/", False),
        ("https://n.org/sport/2018/cup", "https://n.org/sport/?page=2", False),
    ],
)
def test_a_redirect_to_a_folder_above_the_page_is_a_listing(
    original: str, final: str, dead: bool
) -> None:
    says = redirect_says(original, final)
    assert (says is not None and says[0] == "soft-404") is dead


@pytest.mark.parametrize(
    "body",
    [
        "<title>404 | மாவட்ட நூலகம்</title><p>பக்கம் கிடைக்கவில்லை</p>",
        "<title>Fout</title><h2>Bladsy nie gevind nie</h2><p>Probeer weer.</p>",
        "<title>Greška</title><h1>Страницата не е пронајдена</h1>",
        "<title>Welcome to nginx!</title><p>If you see this page, the nginx web server is "
        "successfully installed and working. Further configuration is required.</p>",
        "<title>Forum</title><p>Oops! That page doesn\u2019t exist or is private.</p>",
    ],
)
def test_not_found_pages_in_more_languages_and_templates(body: str) -> None:
    j = judge(body.encode())
    assert j is not None and j.kind == "not-found"


@pytest.mark.parametrize(
    "body",
    [
        "<title>histclub.net</title><p>This domain is registered at Namecheap.</p>",
        "<title>verein-archiv.de</title><p>Hier entsteht eine neue Internetpräsenz.</p>",
        "<title>conf2014.org</title><p>This domain has expired. Renew it today.</p>",
    ],
)
def test_registrar_landers_and_expired_domains_are_parked(body: str) -> None:
    j = judge(body.encode())
    assert j is not None and j.kind == "parked"
