"""Live pages that look dead (issue 12's zero-tolerance classes): each rule below names the
class of input it fixes, tested here with inputs of its own (not the fake web's batch 9).

* cookies as browsers parse them (RFC 6265 5.2), ``Secure`` ones on a loopback origin;
* JavaScript cookie checks (``document.cookie = "..."`` then a reload or a move) and
  pages that reload themselves with nothing new to send (not a loop);
* a phrase inside quotation marks is mentioned, not said (use and mention);
* words of scripts written without spaces (CJK, Thai) counted as words;
* 406 is a request filter's answer to a client whose Accept ends in ``*/*``;
* typographic quotes, guillemets and CJK punctuation end a URL in running text;
* removed-article notices; consent dialogs, but never on a long article's banner.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from bibman.config import Settings
from bibman.links.checker import BLOCKED_STATUS, Checker, drive, html_redirect, script_cookies
from bibman.links.cookies import CookieJar, parse_set_cookie
from bibman.links.extract import urls_in_text
from bibman.links.http import Response
from bibman.links.soft404 import count_words, judge

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "links"))
from realweb import FILLER, article, page


# ------------------------------------------------------------------ cookies
def test_set_cookie_headers_browsers_keep_are_kept() -> None:
    # SimpleCookie dropped each of these whole (or gave Path= to "Priority")
    assert parse_set_cookie("sid=42; Partitioned; Secure; Path=/") == (
        "sid",
        "42",
        {"partitioned": "", "secure": "", "path": "/"},
    )
    assert parse_set_cookie("tz=Europe/Oslo; Priority=Low; Path=/")[2]["path"] == "/"  # type: ignore[index]
    assert parse_set_cookie("city=Rio de Janeiro; Path=/")[1] == "Rio de Janeiro"  # type: ignore[index]
    assert parse_set_cookie('prefs={"font":"large"}')[1] == '{"font":"large"}'  # type: ignore[index]
    assert parse_set_cookie("cart[2]=1")[0] == "cart[2]"  # type: ignore[index]
    assert parse_set_cookie("flag") == ("", "flag", {})  # RFC 6265bis: a nameless cookie
    assert parse_set_cookie("=; Path=/") is None
    jar = CookieJar()
    jar.store("https://lib.example/a/verify", ("k=v w; Priority=High; Path=/",))
    assert jar.header("https://lib.example/papers/1") == "k=v w"


def test_secure_cookies_go_to_https_and_to_loopback_only() -> None:
    jar = CookieJar()
    jar.store("http://127.0.0.1:8080/x", ("s=1; Secure; SameSite=None; Path=/",))
    assert jar.header("http://127.0.0.1:8080/y") == "s=1"  # a secure context for browsers
    jar2 = CookieJar()
    jar2.store("http://localhost/x", ("__Host-t=2; Secure; Path=/",))
    assert jar2.header("http://localhost/z") == "__Host-t=2"
    jar3 = CookieJar()
    jar3.store("https://pub.example/x", ("s=1; Secure; Path=/",))
    assert jar3.header("http://pub.example/x") is None  # never over plain HTTP elsewhere
    assert jar3.header("https://pub.example/x") == "s=1"


# ------------------------------------------------------------------ JavaScript cookie checks
def test_script_cookies_and_reloads() -> None:
    check = (
        b"<html><body><script>document.cookie = 'bm_ok=yes; path=/';"
        b"window.location.reload();</script></body></html>"
    )
    assert script_cookies(check) == ("bm_ok=yes; path=/",)
    assert html_redirect(check) == ""  # the page itself
    assert html_redirect(b"<meta http-equiv='refresh' content='3'>") == ""
    # a real page's script is not a cookie check
    assert script_cookies(article("x") + b"<script>document.cookie='a=1'</script>") == ()


class _Browser:
    """A transport stand-in for one site: ``handler(method, path, cookie) -> Response``."""

    def __init__(self, handler: Callable[[str, str, str], Response]) -> None:
        self.handler = handler

    def request(self, method: str, url: str, timeout: float, **kw: object) -> Response:
        from urllib.parse import urlsplit

        headers = kw.get("headers") or {}
        cookie = headers.get("Cookie", "") if isinstance(headers, dict) else ""
        return self.handler(method, urlsplit(url).path, str(cookie))


def _verdict(handler: Callable[[str, str, str], Response], url: str) -> str:
    c = Checker(Settings(cache=False, archive=False))
    return drive(c.steps(url), _Browser(handler), 10.0).verdict  # type: ignore[arg-type]


def _html(status: int, body: bytes, **headers: str) -> Response:
    return Response(status, "", {"content-type": "text/html", **headers}, body)


def test_a_javascript_cookie_check_ends_on_the_page() -> None:
    def site(method: str, path: str, cookie: str) -> Response:
        if "human=1" in cookie:
            return _html(200, article("Glacier retreat in the Alps"))
        return _html(
            200,
            b'<script>document.cookie="human=1; max-age=3600";'
            b"location.replace('/papers/glaciers');</script>",
        )

    assert _verdict(site, "https://pub.example/papers/glaciers") == "ok"


def test_a_page_that_refreshes_itself_is_not_a_loop() -> None:
    live = page(
        "Departures", "<p>Live board.</p>", extra_head="<meta http-equiv='refresh' content='5'>"
    )
    selfref = page(
        "Scores",
        "<p>Live.</p>",
        extra_head="<meta http-equiv='refresh' content='2; url=/live/scores'>",
    )
    pages = {"/board/7": live, "/live/scores": selfref}

    def site(method: str, path: str, cookie: str) -> Response:
        return _html(200, pages[path]) if path in pages else _html(404, b"")

    assert _verdict(site, "https://t.example/board/7") == "ok"
    assert _verdict(site, "https://t.example/live/scores") == "ok"


def test_406_is_a_request_filter() -> None:
    assert 406 in BLOCKED_STATUS
    body = page("Not Acceptable", "<p>Request blocked by the web application firewall.</p>")
    assert _verdict(lambda m, p, c: _html(406, body), "https://w.example/a/1") == "blocked"


# ------------------------------------------------------------------ URLs in running text
def test_typographic_quotes_and_cjk_punctuation_end_a_url() -> None:
    assert urls_in_text("siehe \u201ehttps://a.example/bericht\u201c.") == [
        "https://a.example/bericht"
    ]
    assert urls_in_text("voir \u00abhttps://b.example/rapport\u00bb, p. 3") == [
        "https://b.example/rapport"
    ]
    assert urls_in_text("\u53c2\u89c1https://c.example/doc\u3002") == ["https://c.example/doc"]
    assert urls_in_text("\u2018https://d.example/wiki/X_(y)\u2019") == [
        "https://d.example/wiki/X_(y)"
    ]


# ------------------------------------------------------------------ what a page says
def test_a_quoted_phrase_is_mentioned_not_said() -> None:
    essay = page(
        "Why \u201cThe requested URL was not found on this server\u201d haunts archivists",
        "<p>Every historian of the web has met the sentence \u201cThe requested URL was not "
        "found on this server.\u201d It marks a citation gone bad.</p><p>" + FILLER + "</p>",
    )
    j = judge(essay)
    assert j is None or not j.strong
    nl = page(
        "Waarom \u201ePagina niet gevonden\u201d zo vaak verschijnt",
        "<p>Een korte uitleg over de melding \u201epagina niet gevonden\u201d en wat je eraan "
        "kunt doen als lezer of beheerder van een website.</p>",
    )
    j = judge(nl)
    assert j is None or not j.strong
    ko_quote = page(
        "\u300c\u30da\u30fc\u30b8\u304c\u898b\u3064\u304b\u308a\u307e\u305b\u3093\u300d\u306e\u6b74\u53f2",
        "<p>\u3053\u306e\u30a8\u30e9\u30fc\u8868\u793a\u306e\u6b74\u53f2\u3092\u8abf\u3079\u307e\u3057\u305f\u3002</p>",
    )
    j = judge(ko_quote)
    assert j is None or not j.strong
    # said, not quoted: still a not-found page
    said = judge(page("Pagina niet gevonden", "<p>De pagina die u zoekt bestaat niet.</p>"))
    assert said is not None and said.strong
    # a quoted path on a real not-found page does not hide the message
    path = judge(page("Not found", '<p>The page "/reports/2019.html" could not be found.</p>'))
    assert path is not None and path.strong


def test_words_of_scripts_without_spaces_are_counted() -> None:
    assert count_words("\u6570\u636e\u5e93\u7684\u5386\u53f2\u4e0e\u672a\u6765") == 5
    assert count_words("plain words here") == 3
    assert count_words("\u0e20\u0e32\u0e29\u0e32\u0e44\u0e17\u0e22") >= 2


def test_removed_article_notices() -> None:
    for title, body in (
        ("Article no longer available | The Courier", "<p>This article has been removed.</p>"),
        ("Beitrag nicht mehr verfügbar", "<p>Dieser Beitrag ist nicht mehr verfügbar.</p>"),
        ("Artículo retirado", "<p>Este artículo ya no está disponible.</p>"),
    ):
        j = judge(page(title, body))
        assert j is not None and j.kind == "not-found", title


def test_consent_dialogs_but_not_an_articles_banner() -> None:
    wall = judge(page("We value your privacy", "<p>Accept all · Reject all · Options</p>"))
    assert wall is not None and wall.kind == "consent"
    banner = (
        "<div class=cmp><h2>We value your privacy</h2><p>We and our partners store and/or "
        "access information on a device.</p></div>"
    )
    long_article = page("Rivers of the north", f"{banner}<p>{FILLER}</p>")
    assert judge(long_article) is None


def test_a_page_repeating_its_titles_phrase_names_a_work() -> None:
    podcast = page(
        "Not Found \u2013 Episode 12 | Lost Media Podcast",
        "<p>In this episode of Not Found we track down a 1998 children's TV pilot that aired "
        "once. 54 minutes. Guests: two former producers.</p>",
    )
    film = page(
        "Página no encontrada (2019) \u2013 Ficha técnica",
        "<p>Página no encontrada es una película chilena de 2019 dirigida por Rosa Vial. "
        "Duración: 92 minutos. Reparto, sinopsis y críticas.</p>",
    )
    for p in (podcast, film):
        j = judge(p)
        assert j is None or not j.strong, j
    # a not-found page that says something else after its title is still one
    tpl = page(
        "Page not found | City Library",
        "<p>Page not found. The page you requested does not exist or has been moved; try the "
        "catalogue search or the site map.</p>",
    )
    j = judge(tpl)
    assert j is not None and j.strong


def test_the_refresh_header_is_followed_like_a_meta_refresh() -> None:
    from bibman.links.checker import refresh_header

    assert refresh_header("0; url=https://x.example/a") == "https://x.example/a"
    assert refresh_header("1;URL='/b'") == "/b"
    assert refresh_header("0") == ""
    assert refresh_header("3600") is None

    def site(method: str, path: str, cookie: str) -> Response:
        if path == "/doc/9" and "ok=1" in cookie:
            return _html(200, article("Soil carbon in orchards"))
        if path == "/doc/9":
            return Response(200, "", {"refresh": "0", "set-cookie": "x"}, b"", 0.0, ("ok=1",))
        return _html(404, b"")

    assert _verdict(site, "https://o.example/doc/9") == "ok"


def test_a_help_article_on_not_found_errors_asks_the_site() -> None:
    # a heading says it and the text explains it: more than a message, so the site's
    # answer for nonsense decides (here a real 404: the article is live)
    help_page = page(
        "Fehlerseite 404 | Hilfe",
        "<h2>Page not found</h2><p>If you see this message, the page you are looking for may "
        "have been renamed. Write down the address, look it up in the archive, ask the "
        "editors by mail, and tell us which link on our site led you there so we fix it.</p>",
    )
    j = judge(help_page)
    assert j is not None and not j.strong
    pages = {"/hilfe/fehlerseite": help_page}

    def site(method: str, path: str, cookie: str) -> Response:
        return _html(200, pages[path]) if path in pages else _html(404, b"<h1>Not Found</h1>")

    assert _verdict(site, "https://h.example/hilfe/fehlerseite") == "ok"


def test_a_site_that_ignores_the_slug_tells_nothing_by_its_probe() -> None:
    from bibman.links.soft404 import Page, answers_any_slug

    post = page(
        "Why my 404 page went viral - Maker Forum",
        "<p>Posted by ada. I put a joke on our error page and it got shared everywhere.</p>",
    )
    assert answers_any_slug(Page.parse(post), "https://f.example/t/88/why-my-404-page-went-viral")
    tpl = Page.parse(page("Page not found - Maker Forum", "<p>Nothing here.</p>"))
    assert not answers_any_slug(tpl, "https://f.example/t/88/why-my-404-page-went-viral")

    def site(method: str, path: str, cookie: str) -> Response:
        return _html(200, post) if path.startswith("/t/88/") else _html(404, b"")

    assert _verdict(site, "https://f.example/t/88/why_my_404_page_went_viral") == "ok"


def test_402_is_a_paywall() -> None:
    assert 402 in BLOCKED_STATUS
    wall = page("Subscribe", "<p>Subscribers only.</p>")
    assert _verdict(lambda m, p, c: _html(402, wall), "https://n.example/a/7") == "blocked"


def test_one_title_for_a_whole_site_does_not_make_two_pages_one() -> None:
    from bibman.links.soft404 import Page, similar

    def spa(h1: str, text: str) -> Page:
        return Page.parse(
            f"<html><head><title>Field Guide</title></head><body><h1>{h1}</h1><p>{text}</p>"
            "</body></html>".encode()
        )

    missing = spa("Oops", "This entry does not exist in the guide.")
    live = spa(
        "Error 404 beetle (Carabus erratus)",
        "A ground beetle of dry pine forests, named for the four spots on its wing cases.",
    )
    assert not similar(live, missing)
    assert similar(spa("Oops", "This entry does not exist in the guide."), missing)


def test_code_and_quotation_elements_are_shown_not_said() -> None:
    iis = (
        "The page you are looking for might have been removed, had its name changed, or is "
        "temporarily unavailable."
    )
    post = page(
        "Deploying a static site on IIS",
        f"<p>My first deploy answered every URL with</p><samp>{iis}</samp><p>Adding the "
        "MIME type for .json and recycling the pool fixed it.</p>",
    )
    assert judge(post) is None
    template = page("IIS", f"<p>{iis}</p>")
    j = judge(template)
    assert j is not None and j.strong


def test_a_redirect_to_an_article_named_error_or_search_is_a_move() -> None:
    from bibman.links.redirects import redirect_says

    o, f = "https://w.example/wiki/Mistakes", "https://w.example/wiki/Error"
    assert redirect_says(o, f) is not None  # by its name alone: an error page
    assert redirect_says(o, f, article=True) is None
    # with a query it is the site's error or search page whatever the page
    assert redirect_says(o, f + "?code=404", article=True) is not None
    assert redirect_says(o, "https://w.example/search?q=mistakes", article=True) is not None
    essay = page("Error - Wiki", f"<p>{FILLER} {FILLER}</p>")

    def site(method: str, path: str, cookie: str) -> Response:
        if path == "/wiki/Mistakes":
            return _html(301, b"", location="/wiki/Error")
        return _html(200, essay) if path == "/wiki/Error" else _html(404, b"")

    assert _verdict(site, "https://w.example/wiki/Mistakes") == "redirected"


def test_300_multiple_choices_is_not_dead() -> None:
    choices = page(
        "Choices", "<p>Available as <a href='/r.en'>English</a>, <a href='/r.fr'>French</a>.</p>"
    )

    def site(method: str, path: str, cookie: str) -> Response:
        if path == "/r":
            return _html(300, choices)
        if path == "/s":
            return _html(300, b"", location="/r.fr")
        return _html(200, article("Rapport")) if path == "/r.fr" else _html(404, b"")

    assert _verdict(site, "https://c.example/r") == "ok"
    assert _verdict(site, "https://c.example/s") == "redirected"


def test_a_home_page_cited_with_a_query_is_the_home_page() -> None:
    from bibman.links.redirects import names_home

    assert names_home("https://p.example/index.php?lang=de")
    assert names_home("https://p.example/?ref=bib")
    assert not names_home("https://p.example/tools/x.php?lang=de")
    home = page("Project", f"<p>{FILLER}</p>")
    assert _verdict(lambda m, p, c: _html(200, home), "https://p.example/index.php?lang=de") == "ok"


def test_dropping_code_elements_is_linear_on_hostile_pages() -> None:
    import time

    from bibman.links.soft404 import Page

    start = time.process_time()
    Page.parse(("<body>" + "<code>x" * 20000 + "</body>").encode())
    Page.parse(("<p>" + "<q>a</q>" * 10000 + "</p>").encode())
    assert time.process_time() - start < 5.0  # a hang guard (quadratic: minutes), not a speed test


def test_a_url_wrapped_over_lines_is_one_url() -> None:
    from bibman.links.checker import encode_url, invalid_url, unwrap

    wrapped = "https://data.example/archive/2020/\n      tables/annex.csv"
    assert invalid_url(wrapped) is None
    assert encode_url(wrapped) == "https://data.example/archive/2020/tables/annex.csv"
    assert unwrap("https://a.example/x\r\n/y\tz") == "https://a.example/x/yz"
    assert invalid_url("https://a.example/\x00x") is not None  # other control characters
    assert encode_url("https://a.example/a b") == "https://a.example/a%20b"  # spaces stay
