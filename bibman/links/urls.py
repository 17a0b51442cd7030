"""URLs as the link checker takes them and follows them: unwrapped and validated as
written in a .bib, percent-encoded as browsers send them, and the HTML and header
redirects (``<meta http-equiv="refresh">``, ``location.replace(...)``, ``Refresh:``) and
script-set cookies a page uses to send its reader on. Pure functions; split from
``checker``.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

from .soft404 import Page

_BAD_CHARS = re.compile(r"[\x00-\x1f\x7f]")
# A line break in a URL, with the indentation around it: a long URL wrapped in the .bib
# (browsers drop tabs and line breaks from a URL, WHATWG URL 4.4; url.sty ignores the
# spaces when it typesets one). The class of input fixed: a wrapped URL called "invalid".
_WRAP = re.compile(r"[ \t]*[\r\n]+[ \t]*|\t")


def unwrap(url: str) -> str:
    """``url`` without the line breaks (and tabs) a wrapped .bib field put into it."""
    return _WRAP.sub("", url) if "\n" in url or "\r" in url or "\t" in url else url


def invalid_url(url: str) -> str | None:
    """Why ``url`` cannot be requested at all, or None. (Spaces and other characters a
    browser percent-encodes are not reasons: see ``encode_url``; nor are the line breaks
    of a wrapped URL: see ``unwrap``.)"""
    url = unwrap(url)
    m = _BAD_CHARS.search(url)
    if m is not None:
        return "contains a control character"
    try:
        parts = urlsplit(url)
        _ = parts.port
    except ValueError as e:
        return str(e)
    if not parts.hostname:
        return "no host name"
    if re.search(r"[\s<>\"{}|\\^`]", parts.hostname):
        return "a space or a character no host name may contain in the host"
    return None


_META_REFRESH = re.compile(rb"<meta[^>]+http-equiv\s*=\s*[\"']?refresh[^>]*>", re.I)
_REFRESH_CONTENT = re.compile(
    rb"content\s*=\s*[\"']?\s*(\d+(?:\.\d+)?)\s*(?:[;,]\s*(?:url\s*=\s*)?[\"']?([^\"'>\s]+))?",
    re.I,
)
_JS_REDIRECT = re.compile(
    rb"(?:window\.|document\.|top\.|self\.)?location(?:\.href)?\s*=\s*[\"']([^\"']+)[\"']"
    rb"|location\.(?:replace|assign)\(\s*[\"']([^\"']+)[\"']\s*(?=[)+])"
    rb"|location\.(reload)\(\s*(?:true|false)?\s*\)"
)
_SCRIPT_COOKIE = re.compile(rb"document\.cookie\s*=\s*([\"'])(.*?)\1")
# "+ location.pathname" (and "+ location.search", "+ location.hash") after the literal: a
# site moved to another host that keeps every path (``location.replace("https://new.example"
# + location.pathname)``). The class of input fixed: such a move read as a redirect to the
# new host's home page (a soft 404).
_JS_KEEP_PATH = re.compile(
    rb"\s*\+\s*(?:window\.|document\.|self\.|top\.)?location\.pathname"
    rb"(\s*\+\s*(?:window\.|document\.|self\.|top\.)?location\.search)?"
)


def html_redirect(body: bytes, url: str = "") -> str | None:
    """Where a page sends the browser at once: ``<meta http-equiv="refresh"
    content="0; url=...">`` (a delay of 10 s or less) or, on a page with almost no text,
    a plain ``location.replace("...")`` / ``location.href = "..."`` script. A refresh
    without a URL and ``location.reload()`` give "" (the page itself)."""
    head = body[:65536]
    m = _META_REFRESH.search(head)
    if m:
        c = _REFRESH_CONTENT.search(m.group())
        if c and float(c.group(1)) <= 10:
            # a refresh without a URL reloads the page itself ("")
            return _html_unescape((c.group(2) or b"").decode("utf-8", "replace"))
    js = _JS_REDIRECT.search(head) if b"location" in head else None  # (a scan per byte)
    if js and Page.parse(head).words < 30:
        if js.group(3):
            return ""  # location.reload()
        target = (js.group(1) or js.group(2)).decode("utf-8", "replace")
        keep = _JS_KEEP_PATH.match(head, js.end()) if url else None
        if keep is not None:
            parts = urlsplit(url)
            target = target.rstrip("/") + parts.path
            if keep.group(1) and parts.query:
                target += "?" + parts.query
        if not target.lower().startswith(("javascript:", "#")):
            return _html_unescape(target)
    return None


_REFRESH_HEADER = re.compile(
    r"^\s*(\d+(?:\.\d+)?)\s*(?:[;,]\s*(?:url\s*=\s*)?[\"']?([^\"'\s]+))?", re.I
)


def refresh_header(value: str) -> str | None:
    """Where an HTTP ``Refresh: 0; url=...`` header sends the browser (every browser
    follows it like ``<meta http-equiv="refresh">``; WHATWG HTML gives both one syntax):
    the URL, "" for the page itself, None for a delay over 10 s or no sense."""
    m = _REFRESH_HEADER.match(value)
    if m is None or float(m.group(1)) > 10:
        return None
    return (m.group(2) or "").strip()


def script_cookies(body: bytes) -> tuple[str, ...]:
    """The cookies a tiny page's script sets with a literal ``document.cookie = "..."``
    (a JavaScript cookie check: set a cookie, then reload or move on), in
    ``Set-Cookie`` syntax. Only for pages with almost no text, like ``html_redirect``'s
    scripts; a cookie built by code is beyond a link checker."""
    head = body[:65536]
    if b"document.cookie" not in head or Page.parse(head).words >= 30:
        return ()
    return tuple(m.group(2).decode("utf-8", "replace") for m in _SCRIPT_COOKIE.finditer(head))


def _html_unescape(text: str) -> str:
    import html

    return html.unescape(text).strip()


_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_QUERY_SAFE = _PATH_SAFE + "?"


def encode_url(url: str) -> str:
    """What a browser sends for ``url``: spaces, quotes, ``<>``, ``{}``, ``|``, ``^``,
    backquotes and non-ASCII characters percent-encoded (UTF-8), an internationalised
    host name in IDNA form, no fragment. Existing ``%xx`` escapes are kept; the line
    breaks of a wrapped URL are dropped."""
    parts = urlsplit(unwrap(url.strip()))
    netloc = parts.netloc
    host = parts.hostname or ""
    if host and not host.isascii():
        try:
            ascii_host = host.encode("idna").decode("ascii")
        except UnicodeError:
            ascii_host = host
        netloc = netloc.replace(host, ascii_host) if host in netloc else netloc
    path = quote(parts.path, safe=_PATH_SAFE)
    query = quote(parts.query, safe=_QUERY_SAFE)
    return urlunsplit((parts.scheme, netloc, path, query, ""))
