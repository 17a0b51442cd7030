"""Reading a page like a person: is this 200 answer the page that was asked for?

Pure functions over a page's bytes and URLs; the phrases, hosts and path patterns are
data (``bibman/data/soft404.tsv``), loaded once on first use.

* ``judge(body)`` finds "not found" phrases (in 40+ languages and the body texts of
  the common CMS templates), parked-domain landers and cookie/consent walls, and
  grades the evidence: *strong* (a template's own 404 sentence, or a phrase in the
  title or a heading backed by the body or on an otherwise bare page) or *weak* (one mention only,
  e.g. a live article whose title contains "Not Found").
* (``redirects.redirect_says(original, final)`` reads the redirect itself, with the same
  data: a deep URL that ends on the site's home page, a search or error page, a lander.)
* ``similar(a, b)`` compares two pages: the page against what the site answers for a
  URL that surely does not exist (Bar-Yossef et al., "Sic transit gloria telae", 2004).
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from ..lazyre import lazy
from .charset import decode_html as decode_html  # re-exported
from .pagejson import categories
from .pagejson import json_says_missing as json_says_missing  # re-exported

# (title and headings are found with ``_spans``, in linear time on unclosed tags)
_TITLE_OPEN = re.compile(r"<(title)\b[^>]*>", re.I)
_TITLE_CLOSE = re.compile(r"</(title)\s*>", re.I)
_HEADING_OPEN = re.compile(r"<(h[1-3])\b[^>]*>", re.I)
_HEADING_CLOSE = re.compile(r"</(h[1-3])\s*>", re.I)
# Markup that is not text: scripts, styles, <noscript> (not shown where scripts run), SVG,
# comments and templates - except a declarative shadow root (``<template
# shadowrootmode="open">``), which the browser renders in place. (The class of input fixed:
# a page whose whole text is in a declarative shadow root read as empty.)
# (Each is dropped from its opening tag to the next closing tag of its name, found in
# linear time by ``_drop_elements``: a lazy regex from every opening tag to its closing
# tag is quadratic on thousands of unclosed tags, which a hostile page may hold.)
_DROP = re.compile(
    r"<(script|style|noscript|svg)\b[^>]*>"
    r"|<(template)\b(?![^>]*\bshadowroot(?:mode)?\s*=)[^>]*>|<(!--)",
    re.I,
)
_DROP_SHOWN = re.compile(  # the same, keeping <noscript> (see Page.parse(shown=True))
    r"<(script|style|svg)\b[^>]*>"
    r"|<(template)\b(?![^>]*\bshadowroot(?:mode)?\s*=)[^>]*>|<(!--)",
    re.I,
)
_DROP_CLOSE = re.compile(r"</(script|style|noscript|svg|template)\s*>|(--)>", re.I)
_TAGS = re.compile(r"<[^>]+>")
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)
SHORT_PAGE = 150  # words of visible text: below this a page is "mostly its message"
LONG_PAGE = 300  # words: an article, not a message
BARE_PAGE = 20  # words besides the title and headings: a page that says nothing else
# words besides the title and headings a "not found" message has at most ("Sorry, the page
# you requested could not be found. It may have been moved or deleted. Try the search.");
# a page with more text of its own (a help article on "Page not found" errors, a notice
# with a long explanation, a theme's navigation) is judged with the site's answer for a
# URL that surely does not exist when only its title or a heading says "not found"
MESSAGE_PAGE = 40
COMPARABLE = 5  # words a page needs before it can be the site's answer for nonsense


def normalize(text: str) -> str:
    """NFKC, lower case, straight quotes, collapsed whitespace, invisible marks dropped."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    if not text.isascii():
        text = text.translate(_INVISIBLE)
    return " ".join(text.split())


# Characters a reader does not see inside words: the soft hyphen (``Seite nicht
# ge&shy;funden``), zero-width space and joiner, word joiner, byte-order mark, and the
# bidirectional marks and controls right-to-left pages put around text (``&rlm;``,
# U+202A-202E, U+2066-2069). The zero-width non-joiner, which Persian writes inside
# words where others write a space (``صفحه‌ای``), becomes a space, as Persian phrases
# are written in the data. The class of input fixed: a not-found page whose phrase is
# broken by an invisible character was read as a page without one.
_INVISIBLE = {
    **dict.fromkeys(map(ord, "\u00ad\u200b\u200d\u200e\u200f\u2060\ufeff\u061c"), None),
    **dict.fromkeys(range(0x202A, 0x202F), None),
    **dict.fromkeys(range(0x2066, 0x206A), None),
    0x200C: " ",
}


_WORD = re.compile(r"\w+")
# Scripts written without spaces between words: a run of them is one "word" to
# ``str.split``. Chinese and Japanese words average about two characters, Thai, Lao,
# Khmer and Burmese ones about four (the class of input fixed: a CJK article counted as a
# ten-word page, so that a title quoting a "not found" phrase looked like a bare message).
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SEA = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")


def count_words(text: str) -> int:
    """Words in ``text``: whitespace-separated tokens, plus the words of scripts written
    without spaces (about 2 characters a word in CJK, 4 in Southeast Asian scripts)."""
    n = len(text.split())
    if not text.isascii():
        n += len(_CJK.findall(text)) // 2 + len(_SEA.findall(text)) // 4
    return n


class Phrases:
    """A set of phrases found in text without a regex alternation of hundreds of
    literals (which ``re`` tries one by one at every position): phrases of several
    words are tried only when their first word is in the text; single-word phrases
    (and scripts written without spaces) by plain substring search. Latin-script
    phrases match at word boundaries only."""

    def __init__(self, phrases: list[str]) -> None:
        self.by_first: dict[str, list[str]] = {}
        self.single: list[str] = []
        for p in sorted({p for p in phrases if p}, key=len, reverse=True):
            m = _WORD.match(p)
            if " " in p and m is not None:
                self.by_first.setdefault(m.group(), []).append(p)
            else:
                self.single.append(p)

    def _hits(self, text: str, words: frozenset[str] | None) -> Iterator[str]:
        for p in self.single:
            if _occurs(p, text):
                yield p
        for first in self.by_first.keys() & (_words(text) if words is None else words):
            for p in self.by_first[first]:
                if _occurs(p, text):
                    yield p

    # ``words``: the words of a text ``text`` is part of (a page's, tokenised once for
    # all the phrase lists); only a first word in it makes a phrase worth looking for
    def search(self, text: str, words: frozenset[str] | None = None) -> str | None:
        return next(self._hits(text, words), None)

    def findall(self, text: str, words: frozenset[str] | None = None) -> list[str]:
        return list(dict.fromkeys(self._hits(text, words)))


def _words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text))


def _occurs(p: str, text: str) -> bool:
    start = text.find(p)
    while start >= 0:
        end = start + len(p)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (_bounded(p[0]) and before.isalnum()) and not (_bounded(p[-1]) and after.isalnum()):
            return True
        start = text.find(p, start + 1)
    return False


def _bounded(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@dataclass(frozen=True)
class Rules:
    notfound: Phrases
    strong: Phrases
    parked: Phrases
    consent: Phrases
    parked_hosts: tuple[str, ...]
    consent_hosts: tuple[str, ...]
    parked_path: re.Pattern[str]
    parked_re: re.Pattern[str]
    login_path: re.Pattern[str]
    error_path: re.Pattern[str]
    search_path: re.Pattern[str]
    notfound_raw: re.Pattern[bytes]
    login_raw: re.Pattern[bytes]


@functools.cache
def rules() -> Rules:
    data = categories()

    def phrases(cat: str) -> list[str]:
        return [normalize(p) for p in data.get(cat, [])]

    def regexes(cat: str) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{r})" for r in data.get(cat, [])) or r"(?!x)x", re.I)

    strong = phrases("notfound!")
    return Rules(
        notfound=Phrases(phrases("notfound") + strong),
        strong=Phrases(strong),
        parked=Phrases(phrases("parked")),
        consent=Phrases(phrases("consent")),
        parked_hosts=tuple(h.lower() for h in data.get("parked-host", [])),
        consent_hosts=tuple(h.lower() for h in data.get("consent-host", [])),
        parked_path=regexes("parked-path"),
        parked_re=regexes("parked-re"),
        login_path=regexes("login-path"),
        error_path=regexes("error-path"),
        search_path=regexes("search-path"),
        notfound_raw=re.compile(
            "|".join(f"(?:{r})" for r in data.get("notfound-raw", [])).encode() or rb"(?!x)x"
        ),
        login_raw=re.compile(
            "|".join(f"(?:{r})" for r in data.get("login-raw", [])).encode() or rb"(?!x)x"
        ),
    )


# A title or heading that is nothing but the status ("404", "Not Found", "Error 404 |
# Site") says so in any language.
_STATUS_ONLY = re.compile(
    r"^(?:error\s*)?404\b|\b404\s*(?:[-:|]|error|not\s+found)|^not\s+found\s*(?:[-|:].*)?$"
    r"|\b(?:page|file|document|article|resource|item|content)s?\s+(?:was\s+|could\s+)?not\s+(?:be\s+)?found\b"
    r"|\b(?:cannot|can't|could\s+not)\s+be\s+found\b",
)


_COMPOUND = re.compile(r"-[^\W\d_]")
_NUMBER_BEFORE = re.compile(r"(\w+)\.?\s*[#\u2116]?\s*$")  # "issue 404", "no. 404", "issue #404"


def status_said(text: str) -> list[str]:
    """The bare statuses ``text`` (a title, a heading or a segment) says: "404", "Error
    404 | Site", "Page not found". A 404 after a word that is not an error word ("Issue
    404", "Route 404", "Room 404", "Flight 404") numbers a thing, not a status (error words:
    those of the "<word> 404" phrases in the data, plus "http", "code", "status").
    The class of input fixed: the table of contents of issue 404, titled "Issue 404 |
    Journal", called a "not found" page. Nor is one glued to a word by a hyphen
    ("Error404-virheet", Finnish for "Error404 errors")."""
    out = []
    for m in _STATUS_ONLY.finditer(text):
        hit = m.group()
        if _COMPOUND.match(text, m.end()):
            continue  # "error404-virheet", "404-fehlerseiten": a word made with the status
        if _subtitled(hit):
            continue  # "not found: the lost films of 1927": a name with its subtitle
        if hit.startswith("404"):
            before = _NUMBER_BEFORE.search(text[: m.start()])
            if before is not None and before.group(1) not in _error_words():
                continue
        out.append(hit)
    return out


_SUBTITLE = re.compile(r"^not\s+found\s*:\s*(.+)$")


def _subtitled(hit: str) -> bool:
    """``hit`` is "Not found: <a subtitle>" - words that name something ("the lost films
    of 1927", "a history of missing persons"), not a path, a status or a not-found phrase.
    A work, an exhibition or an episode titled so is not a notice. The class of input
    fixed: a short live page titled "Not found: ..." with a list of links called dead.
    ("Not found: /news/x", "Not found: the requested URL ..." stay statuses.)"""
    m = _SUBTITLE.match(hit)
    if m is None:
        return False
    sub = m.group(1).strip()
    words = re.findall(r"[^\W\d_]{2,}", sub)
    return (
        len(words) >= 2
        and "/" not in sub
        and not status_said(sub)
        and rules().notfound.search(sub) is None
    )


# A work's year after its title ("Page Not Found (2024)", "Error 404 (1998 film)"): the
# segment names a film, a book or an album, as catalogues write them.
_WORK_YEAR = re.compile(r"\((?:1[6-9]|20)\d\d(?:\s+[^\W\d_]+)?\)")


@functools.cache
def _error_words() -> frozenset[str]:
    words = {"http", "code", "status", "error", "err"}
    for phrases in (rules().notfound.by_first.values(), [rules().notfound.single]):
        for group in phrases:
            for p in group:
                m = re.fullmatch(r"(\w+) 404", p)
                if m:
                    words.add(m.group(1))
    return frozenset(words)


@dataclass(frozen=True)
class Page:
    """What a person reads first: the title, the headings, the visible text."""

    title: str
    headings: tuple[str, ...]
    text: str
    words: int
    # the text the page says in its own voice: without code, preformatted text and
    # quotations (``<pre>``, ``<code>``, ``<blockquote>``, ``<q>``...), where a post on
    # server errors shows Apache's or IIS's "not found" page (None: the same as ``text``)
    said: str | None = None
    # the markup without scripts, styles and the title (for the structure of a notice)
    html: str = field(default="", repr=False, compare=False)

    @classmethod
    def parse(cls, body: bytes, content_type: str = "", *, shown: bool = False) -> Page:
        """``shown``: the page as its scripts show it - with the text of ``<noscript>``
        and of hidden elements (for a script shell that has no visible text, see
        ``judge``)."""
        html = decode_html(body[:PARSED], content_type)
        first = next(_spans(html, _TITLE_OPEN, _TITLE_CLOSE), None)
        title = normalize(_strip(html[first[1] : first[2]])) if first else ""
        cleaned = _drop_elements(html, _DROP_SHOWN if shown else _DROP, _DROP_CLOSE)
        if not shown and ("hidden" in cleaned or "display" in cleaned):
            cleaned = _drop_elements(cleaned, _HIDDEN, _HIDDEN_CLOSE)
        # a script or style cut off by the end of what was read is not text either
        unclosed = _OPEN_CODE.search(cleaned)
        if unclosed is not None:
            cleaned = cleaned[: unclosed.start()]
        # what a person reads: the first 64 KB of the page once scripts and styles are gone
        # (and, on a page longer than that, its navigation: a mega-menu of 300 KB is not
        # what the page says; the class of input fixed: a not-found message after a huge
        # menu read as a page of links)
        if len(cleaned) > TEXT_WINDOW and "<nav" in cleaned:
            cleaned = _drop_elements(cleaned, _NAV_OPEN, _NAV_CLOSE)
        cleaned = cleaned[:TEXT_WINDOW]
        heads = tuple(
            normalize(_strip(cleaned[a:b]))
            for _, a, b, _ in _spans(cleaned, _HEADING_OPEN, _HEADING_CLOSE)
        )
        cleaned = _drop_titles(cleaned)
        text = normalize(_strip(cleaned))
        said = None
        if _MENTION_TAG.search(cleaned):
            said = normalize(_strip(_drop_mentions(cleaned)))
        return cls(title, tuple(h for h in heads if h), text, count_words(text), said, cleaned)

    @property
    def own_voice(self) -> str:
        return self.text if self.said is None else self.said


# Elements a person never sees: the ``hidden`` attribute and an inline ``display: none``
# (not ``aria-hidden``, which hides from screen readers only). The class of input fixed: a
# live page shipping a hidden "Page not found" block (an SPA's template for unknown routes)
# read as a not-found page. (An element nested in one of its own name ends the drop early:
# the rest of it stays text, as before.)
_HIDDEN = re.compile(
    r"<(div|section|article|aside|main|p|span|h[1-6]|ul|ol|form|table|header|footer)\b"
    r"(?=[^>]*?\s(?:hidden(?=[\s>=/])|style\s*=\s*[\"'][^\"'>]*?display\s*:\s*none))"
    r"[^>]*>",
    re.I,
)
_HIDDEN_CLOSE = re.compile(
    r"</(div|section|article|aside|main|p|span|h[1-6]|ul|ol|form|table|header|footer)\s*>", re.I
)
PARSED = 8 * 65536  # bytes of a page parsed (the HTTP layer reads an HTML page's head and
# up to 64 KB after its <body> tag)
TEXT_WINDOW = 65536  # characters of markup (scripts and styles dropped) read as the page
_OPEN_CODE = re.compile(r"<(?:script|style)\b", re.I)

_MENTION_TAG = re.compile(r"<(?:pre|code|samp|kbd|tt|q|blockquote)\b", re.I)
_MENTION_OPEN = re.compile(r"<(pre|code|samp|kbd|tt|q|blockquote)\b[^>]*>", re.I)
_MENTION_CLOSE = re.compile(r"</(pre|code|samp|kbd|tt|q|blockquote)\s*>", re.I)


def _drop_mentions(html: str) -> str:
    """``html`` without its code, preformatted and quotation elements (outermost ones,
    each from its opening tag to the next closing tag of its name; an element never
    closed is kept). Linear: closing tags are found once, then looked up by position."""
    return _drop_elements(html, _MENTION_OPEN, _MENTION_CLOSE)


def _drop_chrome(html: str) -> str:
    """``html`` without its navigation, header and footer elements (as ``_drop_mentions``:
    linear on any markup, e.g. thousands of unclosed ``<nav>`` tags, where a lazy regex
    from each opening tag to its closing tag is quadratic)."""
    return _drop_elements(html, _CHROME_OPEN, _CHROME_CLOSE)


_CHROME_OPEN = re.compile(r"<(nav|header|footer)\b[^>]*>", re.I)
_CHROME_CLOSE = re.compile(r"</(nav|header|footer)\s*>", re.I)
_NAV_OPEN = re.compile(r"<(nav)\b[^>]*>", re.I)
_NAV_CLOSE = re.compile(r"</(nav)\s*>", re.I)


def _name(m: re.Match[str]) -> str:
    """The element a tag match names (its first group that matched; ``<!--``/``-->``: a
    comment)."""
    name = next((g for g in m.groups() if g), "").lower()
    return "!--" if name in ("!--", "--") else name


def _drop_elements(html: str, opens: re.Pattern[str], closes_re: re.Pattern[str]) -> str:
    """``html`` without the elements ``opens``/``closes_re`` find (group 1: the name),
    each from its opening tag to the next closing tag of its name, outermost first; an
    element never closed is kept."""
    out, pos = [], 0
    for start, _, _, end in _spans(html, opens, closes_re):
        out.append(html[pos:start])
        out.append(" ")
        pos = end
    if not out:
        return html
    out.append(html[pos:])
    return "".join(out)


def _drop_titles(html: str) -> str:
    """``html`` without its title elements, each from ``<title`` to ``</title`` (the
    closing tag's ``>`` stays, as it always has: the word counts that tune the rules
    include it)."""
    out, pos = [], 0
    for start, _, close, _ in _spans(html, _TITLE_OPEN, _TITLE_CLOSE):
        out.append(html[pos:start])
        out.append(" ")
        pos = close + len("</title")
    if not out:
        return html
    out.append(html[pos:])
    return "".join(out)


def _spans(
    html: str, opens: re.Pattern[str], closes_re: re.Pattern[str]
) -> Iterator[tuple[int, int, int, int]]:
    """The elements ``opens``/``closes_re`` find, outermost and in order, as (start,
    content start, content end, end): each from its opening tag to the next closing tag
    of its name (what a lazy ``<x>.*?</x>`` finds, without its quadratic time on
    unclosed tags); an element never closed is skipped."""
    closes: dict[str, list[tuple[int, int]]] = {}
    for m in closes_re.finditer(html):
        closes.setdefault(_name(m), []).append((m.start(), m.end()))
    if not closes:
        return
    pos = 0
    for m in opens.finditer(html):
        if m.start() < pos:
            continue  # inside an element already found
        ends = closes.get(_name(m), [])
        i = bisect.bisect_left(ends, (m.end(), -1))
        if i == len(ends):
            continue
        yield m.start(), m.end(), ends[i][0], ends[i][1]
        pos = ends[i][1]


def _strip(fragment: str) -> str:
    import html as _html

    return _html.unescape(_TAGS.sub(" ", fragment))


_STATUS_META = re.compile(
    rb"<meta\b[^>]*?name\s*=\s*[\"']?(?:prerender-status-code|render:status_code)[\"']?[^>]*?"
    rb"content\s*=\s*[\"']?\s*(\d{3})",
    re.I,
)
_PASSWORD = re.compile(rb"<input\b[^>]*\btype\s*=\s*[\"']?password", re.I)


@dataclass(frozen=True)
class Judgement:
    kind: str  # "not-found", "parked", "consent", "login"
    strong: bool
    reason: str  # what the page says, for the report
    # strong because the title or a heading is the message (the body does not say it in
    # a template's own words): the site's own not-found page, when it serves one with
    # 200 and it is another page, can still tell this one is not it
    titled: bool = False


def judge(body: bytes, content_type: str = "", url: str = "") -> Judgement | None:
    """Whether a 200 page is a "not found" page, a parked domain or a consent wall
    (``url``: where the page was found, when known)."""
    if not body:
        return None
    r = rules()
    head = body[:65536]
    # what a pre-renderer was told to answer (prerender.io, Rendertron): the status the
    # page's own script decided on, e.g. <meta name="prerender-status-code" content="404">
    meta = _STATUS_META.search(head)
    if meta is not None and meta.group(1) in (b"404", b"410"):
        code = meta.group(1).decode()
        return Judgement("not-found", True, f"the page's status meta says {code}")
    # what the page's markup says where its text may not: a video player's script state
    # ("ERROR": the visible message is drawn by that script), a CMS's class for its 404
    # template on <body> (a page in a language bibman has no phrases for)
    raw = r.notfound_raw.search(body[:PARSED])
    if raw is not None:
        return Judgement("not-found", True, "the page's markup says it is the not-found template")
    if r.login_raw.search(head) is not None:
        return Judgement("login", True, "the page's script state says it needs a sign-in")
    page = Page.parse(body, content_type)
    if _script_shell(page, head):
        # a script shell: nothing visible but its chrome; what its script shows (a block
        # it reveals, or what it says without scripts) is the page
        page = Page.parse(body, content_type, shown=True)
    short = page.words < SHORT_PAGE
    # a short page that is a password form: a login wall, not the document
    if short and _PASSWORD.search(head) and page.words < BARE_PAGE * 3:
        return Judgement("login", True, page.title[:80] or "a login form")
    top = (page.title, *page.headings)
    words = _words(" ".join((*top, page.text)))
    # parked landers and consent walls: the page is nothing but that message
    for kind, ph in (("parked", r.parked), ("consent", r.consent)):
        hits = ph.findall(" ".join((*top, page.text[:5000])), words)
        if not hits:
            continue
        if kind == "consent" and page.words >= LONG_PAGE:
            # an article with a consent banner in its HTML (a heading "We value your
            # privacy", the TCF purposes) is the article: only its title can say otherwise
            if ph.search(page.title):
                return Judgement(kind, True, hits[0])
            continue
        if short or any(ph.search(t) for t in top) or len(hits) >= 2:
            return Judgement(kind, True, hits[0])
    # "example.org is for sale": the title, a heading or (on a short page) the page says it
    said = next((t for t in top if r.parked_re.search(t)), None)
    if said is None and short:
        m = r.parked_re.search(page.text[:2000])
        said = m.group() if m else None
    if said is not None:
        return Judgement("parked", True, said[:80])
    # what the page says, not what it quotes: a phrase inside quotation marks is
    # mentioned (an article on "Page not found" pages, a review of the novel « Page
    # introuvable », a column on 「ページが見つかりません」), not said
    text = _unquoted(page.own_voice[:20000])
    hit = r.strong.search(text, words)
    if hit:
        return Judgement("not-found", True, _said(page, hit))
    said_top = [(t, _unquoted(t)) for t in top]
    in_top = [t for t, u in said_top if r.notfound.search(u) or status_said(u)]
    rest = _minus(text, tuple(u for _, u in said_top))  # the body, quotations aside
    in_text = r.notfound.search(rest, words)
    if in_top:
        # the title or a heading alone is strong evidence only on a page that says
        # nothing else; a page with text of its own (an article, or a short page about a
        # film called "Page Not Found") must say it in its body too, else the site's
        # answer for a URL that surely does not exist decides
        # A title or heading that *is* the message ("Page not found | Site") says it; one
        # where the phrase is a few words of a longer sentence ("Page not found error when
        # deploying to GitHub Pages · Issue #123") is about it, and stays weak evidence.
        # Strong without the site's answer for nonsense only on a page that is the
        # message and little else (fewer than MESSAGE_PAGE words of its own).
        # The body backs the title only with words of its own: a page that repeats its
        # title's phrase ("In Page Not Found, Jane Doe recounts ...", "Seite nicht gefunden
        # ist der erste Roman ...") is naming a work, as a book's, a talk's or a song's page
        # does; a not-found page goes on to say something else ("The page you requested
        # does not exist").
        own = count_words(_minus(page.text, top))
        says_it = any(_message(t, r.notfound) for t in in_top)
        named = [p for t in in_top for p in r.notfound.findall(_unquoted(t))]
        named += [h for t in in_top for h in status_said(_unquoted(t))]
        backed = in_text is not None and any(
            not any(h in n for n in named) or _said_alone(h, rest, r.notfound)
            for h in r.notfound.findall(rest, words)
        )
        strong = (backed and says_it and own < MESSAGE_PAGE) or (says_it and own < BARE_PAGE)
        if not strong and _notice(page, top, r.notfound, url=url):
            strong = True
        return Judgement("not-found", strong, in_top[0][:80], titled=strong)
    if in_text:
        # one sentence in the body of a long page is no evidence (an article about errors)
        if not short:
            return None
        # a sentence that is the notice ("This app is no longer available.") on a page
        # that is that notice and a list of suggestions
        alone = _said_alone(in_text, rest, r.notfound)
        strong = alone and _notice(page, top, r.notfound, True, url)
        return Judgement("not-found", strong, in_text)
    return None


def _script_shell(page: Page, head: bytes) -> bool:
    """A page drawn by its script (a ``<script>``, and a ``<noscript>`` or a hidden
    element) with no visible words besides its title, navigation, header and footer.
    The class of input fixed: a single-page app's shell whose only content is the
    not-found block its script reveals (or its ``<noscript>`` says) read as a blank live
    page."""
    if page.words >= LONG_PAGE:
        return False  # (cheap first: an article's worth of words is not a shell)
    low = head.lower()
    if b"<script" not in low or not (
        b"<noscript" in low or b"hidden" in low or b"display:none" in low.replace(b" ", b"")
    ):
        return False
    return count_words(normalize(_strip(_drop_chrome(page.html)))) < 3


NOTICE_PROSE = 80  # words of prose (outside links and navigation) a long notice has at most
SUGGESTIONS = 3  # list items that are links, in a page's own content: a list of suggestions
_ANCHOR = re.compile(r"<a\b[^>]*>.*?</a\s*>", re.I | re.S)
_LINK_ITEM = re.compile(
    r"<li\b[^>]*>\s*(?:<[^a/][^>]*>\s*)*<a\b[^>]*\bhref\s*=\s*[\"']?([^\"'\s>]*)", re.I
)


def _below(href: str, url: str) -> bool:
    """``href`` (relative to ``url``) points below ``url``'s own path: the page's own
    contents (a collection's table of contents), not suggestions elsewhere."""
    if not url:
        return False
    from urllib.parse import urljoin

    own = urlsplit(url).path.rstrip("/") + "/"
    return len(own) > 1 and urlsplit(urljoin(url, href)).path.startswith(own)


def _notice(
    page: Page, top: tuple[str, ...], phrases: Phrases, said: bool = False, url: str = ""
) -> bool:
    """A "not found" notice with text of its own: the title or the first heading *is* the
    message ("Seite nicht gefunden - Stadtanzeiger", "Sorry, this story is no longer
    available"), and besides its links (the latest stories, a site map, similar products)
    and navigation the page says little (fewer than NOTICE_PROSE words), and it offers a
    list of suggestions (SUGGESTIONS list items or more that are links, outside its
    navigation, header and footer, and not below ``url``: a collection titled "Not Found"
    lists its own poems). The class of input fixed: a removed story's
    long notice on a site that answers nonsense with a real 404 (so the site's answer for
    a URL that surely does not exist cannot confirm it) was called alive. A page about a
    work called "Not Found" has prose of its own and no list of suggestions; a help
    article about the message explains it in prose. ``said``: a sentence of the body is
    the message (the title and heading need not be)."""
    lines = [page.title, *page.headings[:1]]
    if not said and not any(line and _message(_unquoted(line), phrases) for line in lines):
        return False
    html = page.html
    if not html:
        return False
    own = _drop_chrome(html)
    links = sum(1 for href in _LINK_ITEM.findall(own) if not _below(href, url))
    prose = count_words(_minus(normalize(_strip(_ANCHOR.sub(" ", own))), top))
    return prose < NOTICE_PROSE and links >= SUGGESTIONS


# What separates a page's own name from the site's in a title: "A | B", "A - B", "A · B".
# (Not a colon: "Not Found: The Search for the Lost Manuscripts" is one name, with a subtitle.)
_SEGMENTS = lazy(r"\s+[|\-\u00b7\u2022/\u00bb]+\s+|\s*[|\u00b7\u2022\u00bb]\s*")


def _message(line: str, phrases: Phrases) -> bool:
    """``line`` (a title or heading) is a not-found message: in one of its segments a
    phrase (or a bare status) makes up at least half of the segment's characters."""
    for seg in _SEGMENTS.split(line):
        if _WORK_YEAR.search(seg):
            continue  # "page not found (2024)": a film's (a book's) name and year
        seg = seg.strip(" .!?¡¿'\"()[]")
        if not seg:
            continue
        found = phrases.findall(seg) + status_said(seg)
        if found and 2 * max(len(f) for f in found) >= len(seg):
            return True
    return False


# A quotation: straight double quotes (typographic ones and guillemets are made straight
# by ``normalize``), CJK corner brackets, and single quotes that are not apostrophes.
_QUOTED = re.compile(
    r'(?<![\w"])"[^"]{1,160}"(?![\w"])|\u300c[^\u300d]{1,80}\u300d|\u300e[^\u300f]{1,80}\u300f'
    r"|(?<!\w)'[^']{1,80}'(?!\w)"
)


def _unquoted(text: str) -> str:
    """``text`` with its quotations blanked out (each becomes one space)."""
    if '"' not in text and "'" not in text and "\u300c" not in text and "\u300e" not in text:
        return text
    return _QUOTED.sub(" ", text)


_SENTENCE = re.compile(r"[.!?\u3002\uff01\uff1f]+(?:\s+|$)")


def _said_alone(phrase: str, text: str, phrases: Phrases) -> bool:
    """``phrase`` makes up a sentence of ``text`` on its own ("Page not found."), as a
    message does, rather than naming something inside a longer one."""
    return any(phrase in s and _message(s, phrases) for s in _SENTENCE.split(text[:20000]) if s)


def _minus(text: str, parts: tuple[str, ...]) -> str:
    for p in parts:
        if p:
            text = text.replace(p, " ", 1)
    return text


def _said(page: Page, phrase: str) -> str:
    return (page.title or phrase)[:80]


def similar(a: Page, b: Page) -> bool:
    """Two answers are the same template: mostly the same words (3-word shingles; the
    requested path that templates echo differs), or the same title (when there is one)
    with the same headings or a good part of the same words. (A site may give every page
    one title, "Atlas of Rivers": the title alone does not make two pages one.)"""
    sa, sb = _shingles(a.text), _shingles(b.text)
    share = len(sa & sb) / len(sa | sb) if sa and sb else 0.0
    if share >= 0.7:
        return True
    if a.title and a.title == b.title and not a.title.isdigit():
        return a.headings == b.headings or share >= 0.3
    return False


def same_page(page: Page, probe: Page, url: str = "", probe_url: str = "") -> bool:
    """``page`` (the answer for ``url``) is the page the site gives for a URL that surely
    does not exist (``probe``, the answer for ``probe_url``), whatever language it is in
    and however much navigation surrounds it. What a template fills in per request is set
    aside before comparing: words with a ``/`` (echoed paths and URLs), the words of each
    request's own path (an echoed slug), words with a digit (request ids, times, dates)
    and long hexadecimal tokens. Then the two must agree word for word but for at most
    ``SAME_SLACK`` words. A page with content of its own (an article's title and text)
    differs by far more; a page with next to no visible text (a JavaScript shell) says
    nothing either way."""
    plain = [w for w in page.text.split() if "/" not in w]
    if len(plain) >= COMPARABLE and plain == [w for w in probe.text.split() if "/" not in w]:
        return True
    # a template that fills in the request: compared once those words are set aside, and
    # only with text of its own around them (a page that is mostly what it echoes, "Item
    # i00123 details here", may well be the item's page)
    # A page whose title or a heading names what was asked for ("Item i00123", "Benchmark
    # page i00122") is that thing's page, whatever else it shares with the probe.
    slug = {
        w
        for w in _WORD.findall(
            normalize(unquote(urlsplit(url).path.rstrip("/").rpartition("/")[2]))
        )
        if len(w) >= 3 or any(c.isdigit() for c in w)
    }
    if slug & set(_WORD.findall(" ".join((page.title, *page.headings)))):
        return False
    echoed = _path_words(url) | _path_words(probe_url)  # set aside in both: symmetric
    a = _stable_words(page, echoed)
    if a.total() < ECHO_CONTEXT:
        return False
    b = _stable_words(probe, echoed)
    return (a - b).total() + (b - a).total() <= SAME_SLACK


_SLUG_WORD = re.compile(r"[^\W_]+")


def answers_any_slug(probe: Page, url: str) -> bool:
    """The site's answer for a random sibling of ``url`` names most of ``url``'s own last
    path segment in its title or headings: the site serves ``url``'s page whatever the
    slug (``/comments/<id>/<any words>``, ``/article/<id>/<any words>``), so the probe
    says nothing about its "not found" page. (Slug words split at ``-`` and ``_``.)"""
    slug = {
        w
        for w in _SLUG_WORD.findall(
            normalize(unquote(urlsplit(url).path.rstrip("/").rpartition("/")[2]))
        )
        if len(w) >= 3 or any(c.isdigit() for c in w)
    }
    if not slug:
        return False
    named = set(_SLUG_WORD.findall(" ".join((probe.title, *probe.headings))))
    return len(slug & named) >= 0.6 * len(slug)


ECHO_CONTEXT = 30  # stable words a page that echoes its request needs before it is compared
SAME_SLACK = 2  # words two answers of one template may differ by, once volatile words are set aside
_HEXISH = re.compile(r"[0-9a-f]{8,}")


def _path_words(url: str) -> set[str]:
    return set(_WORD.findall(normalize(unquote(urlsplit(url).path)))) if url else set()


def _stable_words(page: Page, own: set[str]) -> Counter[str]:
    return Counter(
        w
        for tok in page.text.split()
        if "/" not in tok
        for w in _WORD.findall(tok)
        if w not in own and not any(c.isdigit() for c in w) and not _HEXISH.fullmatch(w)
    )


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = text.split()[:2000]
    return {tuple(words[i : i + 3]) for i in range(max(0, len(words) - 2))}


# ----------------------------------------------------------------- redirects
