"""The known gaps of the link checker's reading (issue 12), each rule tested with inputs of
its own (not the fake web's batch 11):

* a "not found" notice with text of its own (a site map, the latest stories) whose site
  answers nonsense with a real 404;
* a number after a noun ("Flight 404") is not a status;
* a redirect to an item whose path only looks like an error page (``/products/404``);
* one-page sites: a redirect to a section of the home page (``/services`` -> ``/#services``);
* JSON records about a 404 versus JSON error envelopes;
* videos, apps and listings that are gone; a player's script state;
* hosts over their limits (509, 529), 503 with a Retry-After, 430;
* pages whose text starts after a long head, declarative shadow DOM, charset labels as
  browsers read them.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from bibman.config import Settings
from bibman.links.checker import Checker, drive
from bibman.links.http import Response, Transport
from bibman.links.redirects import names_error_item, section_moved
from bibman.links.runner import policy_for
from bibman.links.soft404 import (
    Page,
    decode_html,
    json_says_missing,
    judge,
    status_said,
)

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "links"))
from realweb import FILLER, page


class _Site:
    def __init__(self, handler: Callable[[str, str], Response]) -> None:
        self.handler = handler

    def request(self, method: str, url: str, timeout: float, **kw: object) -> Response:
        r = self.handler(method, urlsplit(url).path)
        return Response(r.status, url, r.headers, r.body)


def _verdict(handler: Callable[[str, str], Response], url: str) -> tuple[str, str]:
    c = Checker(Settings(cache=False, archive=False, retries=0))
    r = drive(c.steps(url), _Site(handler), 10.0)  # type: ignore[arg-type]
    return r.verdict, r.detail


def _html(status: int, body: bytes, **headers: str) -> Response:
    return Response(status, "", {"content-type": "text/html", **headers}, body)


def _links(n: int) -> str:
    return (
        "<ul>"
        + "".join(f"<li><a href='/p/{i}'>Programme {i} overview</a></li>" for i in range(n))
        + "</ul>"
    )


# ------------------------------------------------------------- long notices
def test_a_notice_with_a_site_map_is_a_not_found_page() -> None:
    notice = page(
        "Sidan kunde inte hittas – Högskolan i Norrby",
        "<p>Adressen kan vara felstavad, eller så har sidan flyttats när vi bytte "
        "webbplats i våras. Använd länkarna nedan eller sökrutan för att hitta rätt. "
        "Kontakta webbredaktionen om du tror att något är fel, så rättar vi länken så "
        "snart som möjligt. Tack för ditt tålamod medan vi bygger om våra sidor.</p>" + _links(8),
        h1="Hoppsan!",
    )
    j = judge(notice)
    assert j is not None and j.kind == "not-found" and j.strong
    # nonsense answered with a real 404: the notice alone decides
    site = lambda m, p: _html(200, notice) if p == "/utbildning/gammal" else _html(404, b"")  # noqa: E731
    assert _verdict(site, "https://hin.example/utbildning/gammal")[0] == "soft-404"


def test_a_page_about_a_work_called_not_found_keeps_its_prose() -> None:
    work = page(
        "Page Not Found | Theatre Nord",
        "<p>A new play about a night porter in a hotel whose rooms keep disappearing from "
        "the booking system, one by one, until only his own is left. Written and directed "
        "by Ida Lund, with music by the Gothenburg trio Vinter. Two hours with an "
        "interval; suitable for ages 12 and up. Tickets from 180 kronor.</p>"
        "<p><a href='/tickets'>Tickets</a> <a href='/cast'>Cast</a> <a href='/press'>Press</a></p>",
    )
    j = judge(work)
    assert j is None or not j.strong


def test_a_body_sentence_that_is_the_notice_with_suggestions() -> None:
    gone = page(
        "Tide Clock – App Market",
        "<p>This app is no longer available.</p><h2>Similar apps</h2>" + _links(4),
        h1="Tide Clock",
    )
    j = judge(gone)
    assert j is not None and j.strong
    shown = page(
        "Brass sextant, 1900 | Auctions",
        "<p>This listing has ended.</p><p>" + FILLER + "</p>",
    )
    j = judge(shown)
    assert j is None or not j.strong  # an ended listing that still shows the item


# ------------------------------------------------------ numbers that are not statuses
def test_a_number_after_a_noun_is_not_a_status() -> None:
    assert status_said("flight 404 | airline") == []
    assert status_said("platform 404 - metro") == []
    assert status_said("error 404 | site") == ["error 404"]
    assert status_said("404 | site") == ["404"]
    assert status_said("fehler 404 - stadt") != []
    assert status_said("issue no. 404 | journal") == []
    assert status_said("oops! 404 | site") == ["404 |"]  # an interjection, then the status


# ---------------------------------------------------------- error-like item paths
def test_an_item_named_like_an_error_page() -> None:
    lamp = Page.parse(page("Model 404 desk lamp | Lumen Shop", "<p>Brass, 40 cm.</p>"))
    assert names_error_item("https://shop.example/products/404", lamp)
    assert not names_error_item("https://shop.example/404", lamp)
    assert not names_error_item("https://shop.example/errors/404", lamp)
    assert not names_error_item("https://shop.example/en/404", lamp)
    bare = Page.parse(page("404", "<p>Nothing here.</p>"))
    assert not names_error_item("https://shop.example/products/404", bare)

    def site(method: str, path: str) -> Response:
        if path == "/lamps/old-404":
            return Response(301, "", {"location": "/products/404"})
        if path == "/products/404":
            return _html(
                200, page("Model 404 desk lamp | Lumen Shop", "<p>Brass, 40 cm. 89 euros.</p>")
            )
        if path == "/lamps/old-405":
            return Response(302, "", {"location": "/404"})
        if path == "/404":
            return _html(200, page("Lumen Shop", "<p>Nothing here.</p>"))
        return _html(404, b"")

    assert _verdict(site, "https://shop.example/lamps/old-404")[0] == "redirected"
    assert _verdict(site, "https://shop.example/lamps/old-405")[0] == "soft-404"


# -------------------------------------------------------------- fragment redirects
def test_a_redirect_to_a_section_of_a_one_page_site() -> None:
    home = page(
        "Nils Ek – Carpenter",
        "<section id='services'><h2>Services</h2><p>Kitchens.</p></section>"
        "<div id='prices'><h2>Prices</h2></div>",
    )
    assert section_moved("https://ek.example/services.php", "services", home)
    assert section_moved("https://ek.example/our-prices/", "prices", home)
    assert not section_moved("https://ek.example/news/2020/new-van", "services", home)
    assert not section_moved("https://ek.example/gallery", "gallery", home)  # no such section

    def site(method: str, path: str) -> Response:
        if path == "/" or path == "":
            return _html(200, home)
        if path == "/services.php":
            return Response(301, "", {"location": "/#services"})
        if path == "/news/2020/new-van":
            return Response(301, "", {"location": "/#services"})
        return _html(404, b"")

    assert _verdict(site, "https://ek.example/services.php")[0] == "redirected"
    assert _verdict(site, "https://ek.example/news/2020/new-van")[0] == "soft-404"


# ----------------------------------------------------------------------- JSON
def test_json_records_about_404_are_records() -> None:
    assert json_says_missing(b'{"flight": "LH404", "code": 404, "gate": "B12"}') is None
    assert json_says_missing(b'{"status": 404, "count": 17, "label": "Not Found"}') is None
    assert json_says_missing(b'{"errors": [{"status": "410", "title": "Gone"}]}')
    assert json_says_missing(b'{"name": "NotFoundError", "message": "no such user", "code": 404}')
    assert json_says_missing(b'{"statusCode": 404, "error": "Not Found", "requestId": "x1"}')
    assert json_says_missing(b'{"name": "user lookup", "code": 404, "message": "m"}') is None


# ---------------------------------------------------------- videos and players
def test_a_player_state_says_what_the_script_draws() -> None:
    gone = (
        b'<html><head><title>Clips</title><script>var ytInitialPlayerResponse = {"playabilityStatus":'
        b' {"status": "ERROR", "reason": "Video removed"}};</script></head><body></body></html>'
    )
    j = judge(gone)
    assert j is not None and j.kind == "not-found" and j.strong
    private = gone.replace(b'"ERROR"', b'"LOGIN_REQUIRED"')
    j = judge(private)
    assert j is not None and j.kind == "login"
    live = gone.replace(b'"ERROR"', b'"OK"')
    assert judge(live) is None
    said = page("Clips", "<div>This video has been removed by the uploader</div>", h1="")
    j = judge(said)
    assert j is not None and j.strong
    blog = page(
        "Our 2019 field trip", "<p>This video is no longer available.</p><p>" + FILLER + "</p>"
    )
    j = judge(blog)
    assert j is None or not j.strong  # a post about a video it once embedded


# ------------------------------------------------------------------- statuses
def test_hosts_over_their_limits_and_503_with_retry_after_are_blocked() -> None:
    for status in (509, 529, 430):

        def limited(method: str, path: str, status: int = status) -> Response:
            return _html(status, b"busy")

        assert _verdict(limited, "https://h.example/a")[0] == "blocked"
    later = lambda m, p: _html(503, b"maintenance", **{"retry-after": "3600"})  # noqa: E731
    assert _verdict(later, "https://h.example/b")[0] == "blocked"
    down = lambda m, p: _html(503, b"<h1>Service Unavailable</h1>")  # noqa: E731
    assert _verdict(down, "https://h.example/c")[0] == "dead"


# ------------------------------------------------------------ how pages are read
def test_text_after_a_long_head_is_read() -> None:
    css = "".join(f".k{i}{{color:#{i:06x}}}" for i in range(12000))  # ~200 KB
    body = (
        f"<html><head><title>Fjord Review</title><style>{css}</style></head><body>"
        "<h1>Sidan finns inte</h1><p>Vi hittar inte sidan du letar efter.</p></body></html>"
    ).encode()
    p = Page.parse(body)
    assert "sidan finns inte" in p.text and ".k1" not in p.text
    cut = Page.parse(body[:70000])  # cut off inside the style: no CSS read as text
    assert ".k1" not in cut.text and "color" not in cut.text


def test_an_html_page_is_read_past_its_head(tmp_path: Path) -> None:
    css = "x" * 150_000
    body = (
        f"<html><head><style>{css}</style></head><body><p>hello reader</p></body></html>"
    ).encode()

    class H(BaseHTTPRequestHandler):
        def log_message(self, *a: object) -> None:
            pass

        def do_GET(self) -> None:
            data = body if self.path == "/page" else b"\0" * 300_000
            self.send_response(200)
            self.send_header(
                "Content-Type", "text/html" if self.path == "/page" else "application/octet-stream"
            )
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    with _serve(H) as base:
        s = Settings(cache=False, archive=False, allow_networks=("127.0.0.1/32",))
        t = Transport(policy_for(s), s.user_agent, max_body=65536, body_window=2.0)
        html = t.request("GET", base + "/page", 5.0, read_body=True)
        blob = t.request("GET", base + "/blob", 5.0, read_body=True)
        t.close()
    assert b"hello reader" in html.body
    assert len(blob.body) == 65536  # not HTML: the cap as before


@contextmanager
def _serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    srv = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    th = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    th.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}"
    finally:
        srv.shutdown()
        srv.server_close()
        th.join(timeout=5)


def test_declarative_shadow_dom_is_text_other_templates_are_not() -> None:
    p = Page.parse(
        b"<html><body><x-page><template shadowrootmode='open'><p>Harbour maps of 1850</p>"
        b"</template></x-page><template id='row'><p>hidden row</p></template></body></html>"
    )
    assert "harbour maps of 1850" in p.text and "hidden row" not in p.text


def test_charset_labels_as_browsers_read_them() -> None:
    assert decode_html("ページ".encode("cp932"), "text/html; charset=x-sjis") == "ページ"
    assert (
        decode_html(b"can\x92t be found", "text/html; charset=ISO-8859-1") == "can\u2019t be found"
    )
    late = b"<html><head><script>" + b"var a=1;" * 300 + b"</script><meta charset='windows-1251'>"
    assert "Ошибка" in decode_html(late + "<p>Ошибка</p>".encode("cp1251"))


# ------------------------------------------------------------------- round 2
def test_hidden_text_is_not_read() -> None:
    block = "<h1>Page not found</h1><p>The page you requested does not exist.</p>"
    for attrs in ("hidden", "hidden=''", "style='color:red; display: none'"):
        live = page(
            "Kestrel – Birds of the coast", f"<p>Falco tinnunculus.</p><div {attrs}>{block}</div>"
        )
        assert "page not found" not in Page.parse(live).text
        assert judge(live) is None
    shown = page("Birds of the coast", f"<div id='app' hidden></div><div>{block}</div>")
    j = judge(shown)
    assert j is not None and j.strong
    loud = page("Ibis – Birds", f"<p>Threskiornis.</p><div aria-hidden='true'>{block}</div>")
    assert "page not found" in Page.parse(loud).text  # aria-hidden is still seen


def test_a_section_moved_to_a_site_of_its_own() -> None:
    from bibman.links.redirects import redirect_says

    assert redirect_says("https://uni.example/geolab/", "https://geolab.example/") is None
    assert redirect_says("https://uni.example/~berg", "https://berg.example/") is None
    assert redirect_says("https://uni.example/geolab/data/2011.html", "https://geolab.example/")
    assert redirect_says("https://uni.example/geolab/", "https://uni.example/")  # same host
    assert redirect_says("https://www.uni.example/geolab/", "https://uni.example/")  # same site


def test_a_collection_listing_its_own_pages_is_not_a_notice() -> None:
    toc = page(
        "Not Found | Small Press",
        "<p>Essays, 2019.</p><ul>"
        + "".join(f"<li><a href='/books/not-found/essay-{i}'>Essay {i}</a></li>" for i in range(5))
        + "</ul>",
        h1="Not Found",
    )
    j = judge(toc, "", "https://press.example/books/not-found")
    assert j is None or not j.strong
    elsewhere = toc.replace(b"/books/not-found/essay-", b"/news/item-")
    j = judge(elsewhere, "", "https://press.example/books/not-found")
    assert j is not None and j.strong


# ------------------------------------------------------------------- round 3
def test_a_cms_404_template_is_known_by_its_body_class() -> None:
    wp = (
        "<html lang='is'><head><title>Síða fannst ekki</title></head>"
        "<body class='error404 logged-out hfeed'><p>Úps.</p></body></html>"
    ).encode()
    j = judge(wp)
    assert j is not None and j.strong
    shopify = b"<html><body id='x' class=\"template-404 theme-dawn\"><p>...</p></body></html>"
    j = judge(shopify)
    assert j is not None and j.strong
    tagged = b"<html><body class='single tag-error404 postid-7'><p>A note.</p></body></html>"
    assert judge(tagged) is None
    post = b"<html><body class='single'><p>The error404 class marks WordPress's template.</p></body></html>"
    assert judge(post) is None


def test_a_status_glued_to_a_word_is_that_word() -> None:
    assert status_said("error404-fehlerseiten im überblick") == []
    assert status_said("404-sivut") == []
    assert status_said("error 404 - seite") != []


def test_an_empty_html_page_is_a_white_screen() -> None:
    def site(method: str, path: str) -> Response:
        if path == "/blank":
            return _html(200, b"", **{"content-length": "0"})
        if path == "/spaces":
            return _html(200, b" \r\n", **{"content-length": "3"})
        if path == "/cut":  # nothing read within the body window: not known to be empty
            return _html(200, b"", **{"content-length": "5120"})
        if path == "/reload":
            return _html(200, b"", **{"content-length": "0", "refresh": "30"})
        return _html(404, b"")

    assert _verdict(site, "https://w.example/blank")[0] == "soft-404"
    assert _verdict(site, "https://w.example/spaces")[0] == "soft-404"
    assert _verdict(site, "https://w.example/cut")[0] == "ok"
    assert _verdict(site, "https://w.example/reload")[0] == "ok"


def test_a_script_that_keeps_the_path_on_a_new_host() -> None:
    from bibman.links.checker import html_redirect

    body = b"<script>location.replace('https://new.example' + location.pathname)</script>"
    assert html_redirect(body, "https://old.example/a/b?x=1") == "https://new.example/a/b"
    both = b"<script>window.location.href = 'https://n.example/' + location.pathname + location.search;</script>"
    assert html_redirect(both, "https://o.example/p?q=2") == "https://n.example/p?q=2"
    plain = b"<script>location.replace('https://new.example/');</script>"
    assert html_redirect(plain, "https://old.example/a/b") == "https://new.example/"


def test_an_unlabelled_legacy_charset_is_sniffed() -> None:
    ru = "<html><body><h1>Ошибка</h1><p>Запрашиваемая страница не найдена на нашем сайте.</p></body></html>"
    assert "страница не найдена" in decode_html(ru.encode("cp1251"))
    cut = "Приём".encode()[:-1]  # UTF-8 cut inside its last character: still UTF-8
    assert decode_html(cut).startswith("Приё")
    assert decode_html("café".encode()) == "café"
