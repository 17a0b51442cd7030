"""The mechanisms behind batch 6 of the realistic fake web, on inputs outside it: templates
that echo the request inside a page full of navigation, unknown paths answered with the
home page, status metas of pre-renderers, JSON APIs saying 404 in a 200, login forms,
and a server that answers 404 with the whole article."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

from bibman.config import Settings
from bibman.links.checker import Checker, drive
from bibman.links.http import Response
from bibman.links.soft404 import Page, json_says_missing, judge, same_page

MENU = " ".join(
    f"<a href='/{w}'>{w.title()}</a>"
    for w in [
        "habari",
        "utafiti",
        "mafunzo",
        "watu",
        "matukio",
        "maktaba",
        "kumbukumbu",
        "machapisho",
        "miradi",
        "semina",
        "washirika",
        "ufadhili",
        "ajira",
        "vyombo",
        "mawasiliano",
        "michango",
        "jarida",
        "podikasti",
        "data",
        "programu",
        "sera",
        "ripoti",
        "vitabu",
        "majarida",
        "mikutano",
        "kilimo",
        "afya",
        "elimu",
        "biashara",
        "nishati",
        "maji",
    ]
)


def themed(title: str, body: str) -> bytes:
    return (
        f"<html><head><title>{title}</title></head><body><nav>{MENU}</nav><h1>{title}</h1>"
        f"<div>{body}</div><footer>Chuo cha Utafiti · Sera ya faragha · Wasiliana nasi</footer>"
        "</body></html>"
    ).encode()


def missing(path: str) -> bytes:
    """A 200 'not found' page (Swahili, not in bibman's phrase list on purpose: the
    comparison must decide) with the path in a breadcrumb and a per-request trace id."""
    slug = unquote(path.rstrip("/").rpartition("/")[2])
    return themed(
        "Samahani!",
        f"<p>Nyumbani › {slug}</p><p>Hatukuweza kupata kitu chochote hapa: {path}</p>"
        f"<small>trace {secrets.token_hex(10)} · 2026-12-06T22:{secrets.randbelow(60):02d}</small>",
    )


class Site:
    """A transport stand-in: ``pages`` by path, ``unknown(path)`` for any other path."""

    def __init__(self, pages: dict[str, tuple[int, bytes, str]], unknown: object = None) -> None:
        self.pages, self.unknown = pages, unknown

    def request(self, method: str, url: str, timeout: float, **kw: object) -> Response:
        path = urlsplit(url).path
        if path in self.pages:
            status, body, ctype = self.pages[path]
        elif callable(self.unknown):
            status, body, ctype = 200, self.unknown(path), "text/html"
        else:
            status, body, ctype = 404, b"<h1>Not Found</h1>", "text/html"
        return Response(status, url, {"content-type": ctype}, b"" if method == "HEAD" else body)


def verdict(site: Site, url: str) -> str:
    c = Checker(Settings(cache=False, archive=False))
    return drive(c.steps(url), site, 10.0).verdict  # type: ignore[arg-type]


def html(body: bytes, status: int = 200) -> tuple[int, bytes, str]:
    return (status, body, "text/html; charset=utf-8")


def test_an_echoing_not_found_template_in_an_unknown_language_is_the_probe() -> None:
    assert judge(missing("/a/b")) is None  # no phrase: only the comparison can tell
    article = themed("Mvua katika Pwani 1990-2020", "<p>" + "Mvua ilinyesha sana. " * 60 + "</p>")
    site = Site({"/makala/2020/mvua-pwani": html(article)}, missing)
    assert verdict(site, "https://x.example/makala/2018/ripoti-ya-zamani") == "soft-404"
    assert verdict(site, "https://x.example/makala/2020/mvua-pwani") == "ok"


def test_same_page_sets_aside_only_what_the_request_fills_in() -> None:
    a, b = "https://x.example/p/old-report", "https://x.example/p/bibman-0a1b2c"
    assert same_page(
        Page.parse(missing("/p/old-report")), Page.parse(missing("/p/bibman-0a1b2c")), a, b
    )
    # an item page whose title names the item is the item's page, however alike
    item = Page.parse(themed("Item zx-4471", "<p>Details</p>"))
    probe = Page.parse(themed("Item bibman-0a1b2c", "<p>Details</p>"))
    assert not same_page(item, probe, "https://x.example/items/zx-4471", b)
    # a few words of content of its own are enough to differ
    own = Page.parse(themed("Samahani!", "<p>Ripoti ya mwaka wa fedha wa kilimo na maji</p>"))
    assert not same_page(own, Page.parse(missing("/p/bibman-0a1b2c")), a, b)


def test_unknown_paths_answered_with_the_home_page() -> None:
    home = themed("Jarida la Pwani", "<p>" + "Habari mpya za utafiti wa pwani. " * 40 + "</p>")
    article = themed("Samaki na uvuvi", "<p>" + "Uvuvi ni muhimu kwa jamii. " * 50 + "</p>")
    site = Site({"/": html(home), "/toleo/7/samaki": html(article)}, lambda path: home)
    assert verdict(site, "https://x.example/toleo/3/iliyoondolewa") == "soft-404"
    assert verdict(site, "https://x.example/toleo/7/samaki") == "ok"


def test_prerender_status_meta() -> None:
    shell = "<html><head><meta name='prerender-status-code' content='{}'><title>App</title></head>"
    assert judge((shell.format(404) + "<body><p>Loading</p></body></html>").encode()) is not None
    assert judge((shell.format(410) + "</html>").encode()) is not None
    assert judge((shell.format(200) + "<body><p>Loading</p></body></html>").encode()) is None


def test_json_answers_that_say_404() -> None:
    assert json_says_missing(b'{"statusCode": 410, "message": "gone"}')
    assert json_says_missing(b'{"error": {"code": "404", "reason": "no such item"}}')
    assert json_says_missing(b'{"status": "ok", "code": 200}') is None
    assert json_says_missing(b'{"found": true}') is None
    assert json_says_missing(b'[{"status": 404}]') is None  # a list of records, not an answer
    assert json_says_missing(b"not json {") is None
    js = "application/json"
    site = Site({"/api/v2/items/7": (200, b'{"statusCode": 404}', js),
                 "/api/v2/items/8": (200, b'{"id": 8, "status": 404}', js)})  # fmt: skip
    assert verdict(site, "https://x.example/api/v2/items/7") == "soft-404"


def test_a_login_form_is_a_wall_and_a_sidebar_login_is_not() -> None:
    form = "<form><input name=u><input type='password' name=p><button>Ingia</button></form>"
    assert judge(themed("Ingia", form)) is not None
    assert judge(themed("Ingia", form)).kind == "login"  # type: ignore[union-attr]
    long = themed("Makala", "<p>" + "Uvuvi ni muhimu kwa jamii. " * 50 + "</p>" + form)
    assert judge(long) is None
    site = Site({"/makala/9": html(themed("Ingia", form))})
    assert verdict(site, "https://x.example/makala/9") == "blocked"


def test_a_404_that_serves_the_whole_article() -> None:
    article = themed("Uvuvi wa pwani", "<p>" + "Uvuvi ni muhimu kwa jamii. " * 50 + "</p>")
    site = Site({"/makala/uvuvi": html(article, 404)})
    assert verdict(site, "https://x.example/makala/uvuvi") == "ok"
    # the site's own 404 page, long and in a language bibman does not know: still dead
    big404 = themed("Samahani!", "<p>" + "Hatukuweza kupata kitu. " * 60 + "</p>")
    site = Site({"/makala/uvuvi": html(big404, 404)}, None)
    site.request = _always(404, big404)  # type: ignore[method-assign]
    assert verdict(site, "https://x.example/makala/uvuvi") == "dead"


def _always(status: int, body: bytes) -> Callable[..., Response]:
    def request(method: str, url: str, timeout: float, **kw: object) -> Response:
        return Response(
            status, url, {"content-type": "text/html"}, b"" if method == "HEAD" else body
        )

    return request
