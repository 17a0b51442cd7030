"""The gaps found with the fake web's batch 13 (issue 12), each rule tested with inputs of
its own (not batch 13's):

* invisible characters inside a not-found phrase (soft hyphen, zero-width space, bidi
  marks, the Persian zero-width non-joiner);
* Apache's default 404 sentence with the path echoed inside it;
* 304 to an unconditional request; 503 with an unreadable Retry-After;
* JSON error envelopes labelled ``text/html``;
* a page's message after a huge navigation block or an icon sprite;
* ``br`` bodies decoded with a bound; encodings bibman cannot decode are not read.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import brotli
import pytest

from bibman.config import Settings
from bibman.links.http import Response, Transport
from bibman.links.runner import policy_for
from bibman.links.soft404 import Page, judge, normalize

sys.path.insert(0, str(Path(__file__).parent))
from test_links_gaps import _html, _verdict


# ----------------------------------------------------------- invisible characters
@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Stránka nenale&shy;zena", "<p>Požadovaná stránka neexistuje.</p>"),  # cs, soft hyphen
        ("Sidan kunde inte hit\u200btas", "<p>Sidan du letar efter finns inte.</p>"),  # sv, ZWSP
        ("\u200eהדף לא נמצא\u200e", "<p>\u2067מצטערים\u2069</p>"),  # he, LRM and isolates
        ("&#x200F;الصفحة غير موجودة&#x200F;", "<p>عذرا</p>"),  # ar, RLM as an entity
        ("صفحه\u200cای یافت نشد", "<p>متاسفیم</p>"),  # fa, ZWNJ
    ],
)
def test_invisible_marks_inside_a_phrase_are_not_read(title: str, body: str) -> None:
    html = (
        f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"
    ).encode()
    j = judge(html)
    assert j is not None and j.kind == "not-found" and j.strong


def test_normalize_drops_invisible_marks_and_keeps_words() -> None:
    assert normalize("ge\u00adfunden \u200fabc\u200f") == "gefunden abc"
    assert normalize("نامه\u200cها") == "نامه ها"
    assert normalize("plain text") == "plain text"


def test_apaches_sentence_with_the_path_inside() -> None:
    body = (
        b"<html><head><title>Research Group</title></head><body><h1>Oops</h1><p>The requested "
        b"URL /~kim/cv.html was not found on this server.</p></body></html>"
    )
    j = judge(body)
    assert j is not None and j.strong
    plain = b"The requested URL /data/set.csv was not found on this server.\n"
    j = judge(plain, "text/plain")
    assert j is not None and j.strong
    # a long article quoting the sentence is not the page saying it
    art = (
        b"<html><head><title>Debugging Apache</title></head><body><h1>Debugging Apache</h1>"
        b"<p>" + b"Configuring virtual hosts takes care. " * 60 + b"</p><pre>The requested "
        b"URL /x was not found on this server.</pre></body></html>"
    )
    assert judge(art) is None


# --------------------------------------------------------------------- statuses
def test_304_to_an_unconditional_request_is_alive() -> None:
    v, detail = _verdict(lambda m, p: _html(304, b""), "https://c.example/paper")
    assert v == "ok" and "304" in detail


def test_503_with_an_unreadable_retry_after_is_blocked() -> None:
    for value in ("tomorrow", "Mon, 99 Foo 2020", "1.5"):
        later = lambda m, p, v=value: _html(503, b"<h1>Maintenance</h1>", **{"retry-after": v})  # noqa: E731
        assert _verdict(later, "https://m.example/a")[0] == "blocked", value
    down = lambda m, p: _html(503, b"<h1>Service Unavailable</h1>")  # noqa: E731
    assert _verdict(down, "https://m.example/b")[0] == "dead"


def test_a_json_error_labelled_html_is_an_error() -> None:
    err = b'{"status": 404, "error": "Not Found", "path": "/api/v2/items/5"}'
    assert _verdict(lambda m, p: _html(200, err), "https://api.example/v2/items/5")[0] == (
        "soft-404"
    )
    rec = b'{"id": 5, "name": "Core sample 5", "depth_m": 12.5}'
    api = lambda m, p: _html(200, rec) if p.endswith("/6") else _html(404, b"")  # noqa: E731
    assert _verdict(api, "https://api.example/v2/items/6")[0] == "ok"
    text = Response(
        200,
        "",
        {"content-type": "text/plain"},
        b'{"statusCode": 404, "error": "Not Found", "message": "no such item"}',
    )
    assert _verdict(lambda m, p: text, "https://api.example/v2/items/7")[0] == "soft-404"


# ------------------------------------------------------------------ huge chrome
def _menu(n: int) -> str:
    return (
        "<nav id='menu'>"
        + "".join(f"<a href='/c/{i}'>Category {i} and all its subjects</a> " for i in range(n))
        + "</nav>"
    )


def test_a_message_after_a_huge_menu_is_read() -> None:
    body = (
        "<html><head><title>Kauppa</title></head><body>" + _menu(6000) + "<main><h1>Sivua ei "
        "löytynyt</h1><p>Etsimääsi sivua ei löytynyt.</p></main></body></html>"
    ).encode()
    p = Page.parse(body)
    assert "sivua ei löytynyt" in p.text and "category 17" not in p.text
    # a page within the window keeps its navigation as text, as before
    small = Page.parse(b"<html><body><nav>Home About</nav><p>Hi</p></body></html>")
    assert "home about" in small.text


@contextmanager
def _serve(body: bytes, headers: dict[str, str]) -> Iterator[str]:
    class H(BaseHTTPRequestHandler):
        def log_message(self, *a: object) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(200)
            for k, v in {"Content-Type": "text/html", **headers}.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    th = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    th.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}/p"
    finally:
        srv.shutdown()
        srv.server_close()
        th.join(timeout=5)


def _get(body: bytes, **headers: str) -> bytes:
    with _serve(body, headers) as url:
        s = Settings(cache=False, archive=False, allow_networks=("127.0.0.1/32",))
        t = Transport(policy_for(s), s.user_agent, max_body=65536, body_window=10.0)
        try:
            return t.request("GET", url, 20.0, read_body=True).body
        finally:
            t.close()


def test_a_page_is_read_past_an_icon_sprite_and_a_menu() -> None:
    sprite = "<svg hidden>" + "<symbol id='s'><path d='M0 0h24v24H0z'/></symbol>" * 4000
    body = f"<html><body>{sprite}</svg><h1>Nie znaleziono strony</h1></body></html>".encode()
    assert b"Nie znaleziono" in _get(body)
    menu = f"<html><body>{_menu(4000)}<h1>Stranica nije prona\u0111ena</h1></body></html>"
    assert "nije pronađena".encode() in _get(menu.encode())


# -------------------------------------------------------------------- encodings
def test_brotli_bodies_are_decoded_with_a_bound() -> None:
    page = b"<html><title>Sivua ei l\xc3\xb6ytynyt</title><body>x</body></html>"
    assert _get(brotli.compress(page), **{"Content-Encoding": "br"}) == page
    bomb = brotli.compress(b"<html><body>" + b"a" * 50_000_000)
    got = _get(bomb, **{"Content-Encoding": "br"})
    assert 65536 <= len(got) <= 8 * 65536 + 65536


def test_an_encoding_bibman_cannot_decode_is_not_read() -> None:
    assert _get(b"\x28\xb5\x2f\xfdgarbage", **{"Content-Encoding": "zstd"}) == b""
    live = Response(200, "", {"content-type": "text/html", "content-encoding": "zstd"}, b"")
    assert _verdict(lambda m, p: live, "https://z.example/a/b")[0] == "ok"


# ------------------------------------------------- live pages titled like notices
def _short(title: str, inner: str) -> bytes:
    items = "".join(f"<li><a href='/shows/{i}'>Show {i}</a></li>" for i in range(5))
    return (
        f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<h1>{title.split(' | ')[0]}</h1><p>{inner}</p><ul>{items}</ul></body></html>"
    ).encode()


def test_a_subtitle_after_not_found_names_a_work() -> None:
    from bibman.links.soft404 import status_said

    assert status_said("not found: a history of missing manuscripts") == []
    assert status_said("not found: /catalogue/item/9") != []
    assert status_said("not found - city library") != []
    live = _short("Not Found: Stories of Lost Luggage | Radio 4", "A six-part series.")
    assert not (j := judge(live)) or not j.strong or j.titled


def test_a_year_after_the_phrase_names_a_film() -> None:
    j = judge(_short("Error 404 (2019) | Cinema Club", "A thriller by Lena Ivers, 97 min."))
    assert j is None or not j.strong


def test_the_sites_own_notice_page_tells_a_titled_page_apart() -> None:
    notice = _short("Pagina non trovata | Teatro", "La pagina che cerchi non esiste.")
    band = _short("Not Found | Teatro", "Compagnia teatrale di Parma, in scena dal 2012.")

    def site(m: str, p: str) -> Response:
        return _html(200, band if p == "/artisti/not-found" else notice)

    assert _verdict(site, "https://teatro.example/artisti/not-found")[0] == "ok"
    # the same page on a site whose unknown URLs get a real 404 is a notice
    real = lambda m, p: _html(200, band) if p == "/artisti/x" else _html(404, b"")  # noqa: E731
    assert _verdict(real, "https://teatro2.example/artisti/x")[0] == "soft-404"
    # and the site's notice itself stays a notice
    assert _verdict(site, "https://teatro.example/artisti/gone")[0] == "soft-404"


# --------------------------------------------------------------- script shells
def test_a_script_shell_is_what_its_script_shows() -> None:
    shell = (
        b"<html><head><title>Wiki</title></head><body><header><a href='/'>Wiki</a></header>"
        b"<div id='root'></div><noscript><h2>Diese Seite existiert nicht.</h2></noscript>"
        b"<script src='/bundle.js'></script></body></html>"
    )
    j = judge(shell)
    assert j is not None and j.kind == "not-found"
    hidden = (
        b"<html><head><title>Atlas</title></head><body><div id='e' hidden><h1>Stranica nije "
        b"prona\xc4\x91ena</h1></div><main id='app'></main><script>go()</script></body></html>"
    )
    j = judge(hidden)
    assert j is not None and j.kind == "not-found"
    # a shell whose <noscript> asks for JavaScript says nothing about the page
    plain = shell.replace(b"Diese Seite existiert nicht.", b"Please enable JavaScript.")
    assert judge(plain) is None
    # visible text of its own: the hidden block stays unread
    live = hidden.replace(b"<main id='app'></main>", b"<main><p>Karte der Adria, 1790</p></main>")
    assert judge(live) is None
    # an article in <noscript> is an article
    art = shell.replace(b"Diese Seite existiert nicht.", FILLER_DE)
    assert judge(art) is None


FILLER_DE = ("Die Karte zeigt die Küste der Adria im Jahr 1790. " * 30).encode()


# ------------------------------------------------------------------ site moves
def test_a_section_folder_moved_to_a_site_of_its_own() -> None:
    from bibman.links.redirects import redirect_says

    home = "https://physics.uni.example/"
    assert redirect_says("https://www.uni.example/depts/physics/", home) is None
    assert redirect_says("https://www.uni.example/schools/science/physics/", home) is None
    # a file or an article below the folder, or a folder four levels down, is gone
    for old in (
        "https://www.uni.example/depts/physics/seminars.html",
        "https://www.uni.example/depts/physics/staff/cv.pdf",
        "https://www.uni.example/a/b/c/physics/",
        "https://www.uni.example/news/2019/05/",
    ):
        said = redirect_says(old, home)
        assert said is not None and said[0] == "soft-404", old


# ----------------------------------------------------------------- hostile markup
def test_thousands_of_unclosed_tags_are_read_in_linear_time() -> None:
    """Elements dropped from a page (scripts, styles, SVG, templates, comments, hidden
    blocks, navigation) and its title and headings are found linearly: 50,000 unclosed opening tags of each kind
    (a lazy regex per opening tag took minutes) leave the text after them readable."""
    for tag in (b"<script>", b"<svg>", b"<noscript>", b"<template>", b"<!--", b"<nav>",
                b"<div hidden>", b"<header>", b"<h1>", b"<title>"):  # fmt: skip
        body = b"<html><body><script>go()</script><p hidden>x</p>" + tag * 50_000
        body += b"<h1>Seite nicht gefunden</h1></body></html>"
        Page.parse(body)
        judge(body)
    closed = b"<html><body>" + b"<nav>menu</nav>" * 20_000 + b"<h1>Sivua ei l\xc3\xb6ytynyt</h1>"
    assert "sivua ei löytynyt" in Page.parse(closed).text
