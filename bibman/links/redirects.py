"""Reading a redirect like a person: is the page it ends on the page that was asked for?

Pure functions over URLs (and, for a few, the final page): a deep URL that ends on a
site's home page, a search page, an error page (``/404``, ``?error=404``), a parking
lander (``/lander``), a login or consent page, a section above the page; and the moves
that look like them but are not (a section that became a site of its own, a one-page
site's section, an item named like an error page). Split from ``soft404`` (which reads
pages); the host and path patterns are the same data (``bibman/data/soft404.tsv``).
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, unquote, urlsplit

from ..lazyre import lazy
from .soft404 import Page, rules

_WORD = re.compile(r"\w+")
_SLUG_WORD = re.compile(r"[^\W_]+")


def _root_like(path: str) -> bool:
    p = path.rstrip("/")
    return (
        p == ""
        or re.fullmatch(r"/(?:index|default|home|start|main)(?:\.\w+)?", p, re.I) is not None
        or re.fullmatch(r"/[a-z]{2}(?:[-_][a-z]{2,4})?(?:/(?:index(?:\.\w+)?|home))?", p, re.I)
        is not None
    )


def host_matches(host: str, suffixes: tuple[str, ...]) -> bool:
    host = host.lower().rstrip(".")
    return any(host == s or host.endswith("." + s) for s in suffixes)


_ERROR_TOKEN = re.compile(r"404|error|not-?found|notfound", re.I)


def names_error_item(final: str, page: Page) -> bool:
    """``final`` ends in an error-like name inside a collection (``/films/404``,
    ``/routes/404``, ``/albums/error``, ``/issues/404``), and the page's title or a
    heading names that item with words of its own ("404 (2011) - Film Index", "Route 404:
    Eastgate - Harbour", "Issue 404 | Journal"): an item called 404, not the site's error
    page (``/404``, ``/errors/404``, ``/en/404.html`` name no item; nor does a page
    titled just "404"). The class of input fixed: a redirect to a short live page at a path
    like ``/films/404`` called a soft 404."""
    segs = [unquote(x).lower() for x in urlsplit(final).path.split("/") if x]
    if len(segs) < 2 or not _ERROR_TOKEN.fullmatch(segs[-1]):
        return False
    if _root_like("/" + segs[0]) and len(segs) == 2:
        return False  # /en/404: a language's error page
    if any(_ERROR_TOKEN.fullmatch(x) or x in ("errors", "status", "system") for x in segs[:-1]):
        return False
    token = segs[-1].replace("-", " ")
    for line in (page.title, *page.headings):
        words = _WORD.findall(line)
        if token in " ".join(words) and len(words) > len(token.split()):
            return True
    return False


def section_moved(original: str, fragment: str, body: bytes) -> bool:
    """A redirect to a section of a page (``/about.html`` -> ``/#about``, ``/team/`` ->
    ``/#team``, ``/de/ueber-uns`` -> ``/de/#ueber-uns``) moved the page there: the final
    page has an element with that id (or an ``<a name>``), and the section is named like
    the page asked for (a word of the original URL's last path segment, three letters or
    more, is a word of the fragment). A post sent to ``/#blog``, a report to ``/#top`` or
    a page to a section the final page lacks is gone. The class of input fixed: one-page
    sites whose old pages redirect to their sections, called soft 404s (redirect home)."""
    frag = unquote(fragment).strip()
    if not frag or len(frag) > 100:
        return False
    last = unquote(urlsplit(original).path.rstrip("/").rpartition("/")[2]).lower()
    last = last.rsplit(".", 1)[0] if "." in last else last
    asked = {w for w in _SLUG_WORD.findall(last) if len(w) >= 3}
    named = set(_SLUG_WORD.findall(frag.lower()))
    if not asked & named:
        return False
    anchor = re.compile(
        rb"<[a-z][\w-]*\b[^>]*\b(?:id|name)\s*=\s*[\"']?"
        + re.escape(frag.encode())
        + rb"[\"'\s/>]",
        re.I,
    )
    return anchor.search(body[:1_000_000]) is not None


def redirect_says(
    original: str, final: str, article: bool = False, item: bool = False
) -> tuple[str, str] | None:
    """What a redirect from ``original`` to ``final`` means, when it is not a move:
    ("soft-404", why), ("parked", why), ("login", why) or ("consent", why).
    ``article``: the final page is an article of its own (long, nothing about "not
    found"); then a path named like an error or search page without a query
    (``/wiki/Error``, ``/wiki/Search``) is that article, not an error or search page.
    ``item``: the final page names itself after its error-like path (``names_error_item``);
    then the path is not an error page either."""
    r = rules()
    o, f = urlsplit(original), urlsplit(final)
    host = (f.hostname or "").lower()
    path_q = f.path + ("?" + f.query if f.query else "")
    if host_matches(host, r.consent_hosts):
        return ("consent", f"redirects to a consent page ({host})")
    if host_matches(host, r.parked_hosts) or r.parked_path.search(path_q):
        return ("parked", f"redirects to a domain-parking page ({final})")
    if r.login_path.search(f.path):
        return ("login", f"redirects to a login page ({final})")
    deep = not _root_like(o.path) or bool(o.query)
    if not deep:
        return None
    named_only = article and not f.query
    if (
        r.error_path.search(path_q)
        and not r.error_path.search(o.path + "?" + o.query)
        and not named_only
        and not (item and not f.query)
    ):
        return ("soft-404", f"redirects to an error page ({final})")
    if (
        r.search_path.search(path_q)
        and not r.search_path.search(o.path + "?" + o.query)
        and not named_only
    ):
        return ("soft-404", f"redirects to a search page ({final})")
    if _root_like(f.path) and not f.query:
        if _site_moved(o, f):
            return None
        return ("soft-404", f"redirects to the home page ({final})")
    if _ancestor(o, f):
        return ("soft-404", f"redirects to a section above the page ({final})")
    return None


_PAGE_EXT = lazy(r"[^.]+(?:\.(?:html?|shtml|php\d?|aspx?|jsp|cfm))?", re.I)


def _site_moved(o: SplitResult, f: SplitResult) -> bool:
    """A section or a personal site (one path segment: ``/hydrolab/``, ``/~lindqvist``,
    ``/project.html``) redirected to the home page of another host: the section moved to a
    site of its own, whose home page is it. A deeper page (an article, a report) sent to
    another host's home page is gone. The class of input fixed: a lab's pages that moved to
    their own domain, called a soft 404 (redirect home). (``www.`` added or dropped is the
    same site: ``www.uni.example/lab/`` to ``uni.example/`` is the university's home.)"""
    if _site(o) == _site(f) or o.query:
        return False
    segs = [x for x in o.path.split("/") if x]
    if 1 < len(segs) <= SECTION_DEPTH and o.path.endswith("/"):
        # a folder deeper down (``/groups/hydrolab/``, ``/faculty/arts/history/``): a
        # section too, when its URL names the folder itself (the trailing slash) - a
        # file or an article below it (``/groups/hydrolab/data/flow.csv``) sent to the
        # new home page is gone. The class of input fixed: a department's or a group's
        # site moved to a host of its own, two or three levels down, called a soft 404.
        # (words, not a date archive's ``/news/2019/05/``)
        return all(
            _PAGE_EXT.fullmatch(unquote(x)) and "." not in x and not x.isdigit() for x in segs
        )
    return len(segs) == 1 and _PAGE_EXT.fullmatch(unquote(segs[0])) is not None


SECTION_DEPTH = 3  # path segments of a section's folder that may move to a site of its own


def _site(u: SplitResult) -> str:
    """Host and port, without a leading ``www.`` (``www.uni.example`` -> ``uni.example`` is
    one site; ``hydrolab.uni.example`` is another)."""
    net = u.netloc.lower().rpartition("@")[2]
    return net[4:] if net.startswith("www.") else net


_INDEX_NAME = lazy(r"(?:index|default|home)(?:\.\w+)?", re.I)


def _ancestor(o: SplitResult, f: SplitResult) -> bool:
    """``f`` is a folder above ``o`` on the same site (``/politics/2019/05/vote`` to
    ``/politics/``): a listing, not the page. ``/a/b/index.html`` to ``/a/b/`` and a
    trailing slash added or dropped are the same page."""
    if f.query or (f.hostname or "").lower() != (o.hostname or "").lower():
        return False
    segs = [x for x in o.path.split("/") if x]
    if segs and _INDEX_NAME.fullmatch(segs[-1]):
        segs.pop()
    up = [x for x in f.path.split("/") if x]
    return 0 < len(up) < len(segs) and segs[: len(up)] == up


def names_home(url: str) -> bool:
    """``url``'s path is a site's home page (``/``, ``/index.php``, ``/en/``), whatever its
    query (``?lang=en``): a page that is the home page is not a home page served for a
    URL the site does not have."""
    return _root_like(urlsplit(url).path)


def looks_specific(url: str) -> bool:
    """A URL that names a page (not a home, search, error or login page)."""
    r = rules()
    p = urlsplit(url)
    path_q = p.path + ("?" + p.query if p.query else "")
    return not (
        (_root_like(p.path) and not p.query)
        or r.error_path.search(path_q)
        or r.search_path.search(path_q)
        or r.login_path.search(p.path)
        or r.parked_path.search(path_q)
    )
