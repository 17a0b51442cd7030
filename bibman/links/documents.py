"""Links in plain documents (Markdown, HTML, LaTeX, text), each with its line: pure.

Modelled on lychee's extractors: Markdown inline links, autolinks and reference
definitions; HTML ``href``/``src``-like attributes; LaTeX ``\\url``/``\\href``; bare
``http(s)://`` URLs everywhere. Code (Markdown code spans and fenced blocks, HTML
``<code>``/``<pre>``/``<script>``/``<style>``, LaTeX ``verbatim``) is skipped, as lychee
does by default. Relative links are skipped (there is no base URL to resolve them
against); ``mailto:``, ``tel:`` and ``javascript:`` are not links to check.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterator

# what may end a URL in running text: closing punctuation that belongs to the sentence,
# typographic quotes and guillemets (“…”, ‘…’, «…», „…“) and CJK full stops, commas
# and corner brackets, which a URL holds only percent-encoded
_SENTENCE_END = ".,;:!?'\"*\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201a\u3002\u3001\uff0c\uff1b\uff1a\uff01\uff1f\u300d\u300f"
_PAIRS = {")": "(", "]": "[", "}": "{", ">": "<"}


def trim_url(url: str) -> str:
    """Drop sentence punctuation after a URL, keeping balanced brackets:
    ``https://en.wikipedia.org/wiki/Mercury_(planet)).`` -> ``...Mercury_(planet)``.

    Linear: each bracket kind is counted once and the counts follow the trimming
    (a URL ending in 20,000 ``)`` costs one pass, not one count per character)."""
    counts = {c: url.count(c) for c in (*_PAIRS, *_PAIRS.values())}
    end = len(url)
    while end:
        last = url[end - 1]
        if last in _SENTENCE_END:
            end -= 1
        elif last in _PAIRS and counts[last] > counts[_PAIRS[last]]:
            counts[last] -= 1
            end -= 1
        else:
            break
    return url[:end]


_BARE = re.compile(r"\b(?:https?|ftp)://[^\s<>\"'`\\^{}|]+", re.I)


def bare_urls(text: str) -> Iterator[tuple[int, str]]:
    """(offset, URL) of every bare URL in ``text``."""
    for m in _BARE.finditer(text):
        url = trim_url(m.group())
        if len(url) > len(m.group().split("://", 1)[0]) + 3:
            yield m.start(), url


def _checkable(url: str) -> bool:
    low = url.strip().lower()
    return low.startswith(("http://", "https://", "ftp://"))


class _Lines:
    """Offset -> 1-based line number."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


# ----------------------------------------------------------------- Markdown

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_BACKTICKS = re.compile(r"`+")
# [text](url "title") / ![alt](url): the destination, with balanced parentheses
_MD_INLINE = re.compile(r"\]\(\s*(<[^>\n]*>|(?:[^\s()]|\((?:[^\s()]|\([^\s()]*\))*\))+)")
_MD_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^\s<>]+)>", re.I)
_MD_REFDEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)


def _blank_code_spans(line: str) -> str:
    """``line`` with its code spans replaced by spaces (offsets kept). As in CommonMark,
    a span opens with a run of N backticks and closes at the next run of exactly N;
    an opener with no closer is literal text. Linear: the runs of each length are
    listed once and each opener looks its closer up by bisection, instead of a
    regex rescanning the rest of the line from every unclosed opener."""
    if "`" not in line:
        return line
    runs = [m.span() for m in _BACKTICKS.finditer(line)]
    by_length: dict[int, list[int]] = {}
    for i, (a, b) in enumerate(runs):
        by_length.setdefault(b - a, []).append(i)
    out: list[str] = []
    pos = 0
    i = 0
    while i < len(runs):
        a, b = runs[i]
        same = by_length[b - a]
        k = bisect.bisect_right(same, i)
        if k == len(same):
            i += 1  # no closer: literal backticks
            continue
        j = same[k]
        stop = runs[j][1]
        out.append(line[pos:a])
        out.append(" " * (stop - a))
        pos = stop
        i = j + 1
    out.append(line[pos:])
    return "".join(out)


def markdown_links(text: str) -> list[tuple[str, int, str]]:
    """(url, line, how) for a Markdown document."""
    out: list[tuple[str, int, str]] = []
    fence: str | None = None
    for lineno, line in enumerate(text.split("\n"), 1):
        m = _FENCE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        if line.startswith(("    ", "\t")) and not line.strip().startswith(("-", "*", "+")):
            continue  # indented code block (approximately: list continuations excepted)
        plain = _blank_code_spans(line)
        taken: list[tuple[int, int]] = []
        for rx, how in (
            (_MD_INLINE, "markdown"),
            (_MD_AUTOLINK, "autolink"),
            (_MD_REFDEF, "markdown"),
        ):
            for mm in rx.finditer(plain):
                url = mm.group(1).strip("<>")
                taken.append(mm.span(1))
                if _checkable(url):
                    out.append((html.unescape(url), lineno, how))
        for off, url in bare_urls(plain):
            if any(a <= off < b for a, b in taken):
                continue
            out.append((url, lineno, "text"))
    return out


# ----------------------------------------------------------------- HTML

_SKIP_OPEN = re.compile(r"<(script|style|code|pre|template|textarea)\b[^<>]*>|<!--", re.I)
# attributes hold no '<' or '>' (a quoted '>' in a value ends the tag early: rare, and
# it keeps every tag match linear on hostile input such as thousands of '<a "')
_TAG = re.compile(r"<([a-zA-Z][\w:-]*)([^<>]*)>")


def _blank_skipped(text: str) -> str:
    """Code, scripts, styles and comments replaced by spaces (line breaks kept), in
    one pass: each element's end is found with ``str.find``, so an unclosed opener
    costs one scan, not one per opener."""
    low = text.lower()
    out: list[str] = []
    pos = 0
    while True:
        m = _SKIP_OPEN.search(text, pos)
        if m is None:
            out.append(text[pos:])
            return "".join(out)
        closer = "-->" if m.group() == "<!--" else f"</{m.group(1).lower()}"
        end = low.find(closer, m.end())
        stop = len(text) if end < 0 else low.find(">", end) + 1 or len(text)
        out.append(text[pos : m.start()])
        out.append(re.sub(r"[^\n]", " ", text[m.start() : stop]))
        pos = stop


_ATTR = re.compile(
    r"""\b(href|src|cite|action|data|poster|srcset|content)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""",
    re.I,
)


def html_links(text: str) -> list[tuple[str, int, str]]:
    """(url, line, how) for an HTML document."""
    lines = _Lines(text)
    # blank skipped elements, keeping offsets (and so line numbers)
    body = _blank_skipped(text)
    out: list[tuple[str, int, str]] = []
    tag_spans: list[tuple[int, int]] = []
    for t in _TAG.finditer(body):
        tag_spans.append(t.span())
        tag = t.group(1).lower()
        for a in _ATTR.finditer(t.group(2)):
            name = a.group(1).lower()
            value = html.unescape(a.group(2).strip("\"'")).strip()
            if name == "content" and tag != "meta":
                continue
            if name == "content":  # <meta http-equiv="refresh" content="0; url=...">
                m = re.search(r"url\s*=\s*(\S+)", value, re.I)
                if not m:
                    continue
                value = m.group(1).strip("'\"")
            candidates = (
                [c.strip().split()[0] for c in value.split(",") if c.strip()]
                if name == "srcset"
                else [value]
            )
            for url in candidates:
                if _checkable(url):
                    off = t.start(2) + a.start(2)
                    out.append((url, lines.line(off), name))
    # bare URLs in the text between tags
    text_only = _TAG.sub(lambda m: " " * len(m.group()), body)
    for off, url in bare_urls(text_only):
        out.append((html.unescape(url), lines.line(off), "text"))
    out.sort(key=lambda x: x[1])
    return out


# ----------------------------------------------------------------- LaTeX

_TEX_URL = re.compile(r"\\(?:url|href|doi)\s*\{((?:[^{}]|\{[^{}]*\})*)\}")
_TEX_VERBATIM = re.compile(r"\\begin\{(verbatim|lstlisting|minted)\}")
_TEX_COMMENT = re.compile(r"(?<!\\)%.*")
_TEX_ESCAPED = re.compile(r"\\([_%#&$~])")


def _blank_verbatim(text: str) -> str:
    """Verbatim-like environments replaced by spaces (line breaks kept), in one pass:
    each environment's ``\\end{...}`` is found with ``str.find``. An unclosed
    ``\\begin{verbatim}`` is left as text (its links still count); once an ``\\end``
    is known to be missing, later openers of that kind are not searched again, so
    thousands of unclosed openers cost one scan, not one each."""
    out: list[str] = []
    unclosed: set[str] = set()
    pos = 0
    while True:
        m = _TEX_VERBATIM.search(text, pos)
        if m is None:
            out.append(text[pos:])
            return "".join(out)
        kind = m.group(1)
        end = -1 if kind in unclosed else text.find(f"\\end{{{kind}}}", m.end())
        if end < 0:
            unclosed.add(kind)
            out.append(text[pos : m.end()])
            pos = m.end()
            continue
        stop = end + len(f"\\end{{{kind}}}")
        out.append(text[pos : m.start()])
        out.append(_NOT_NEWLINE.sub(" ", text[m.start() : stop]))
        pos = stop


_NOT_NEWLINE = re.compile(r"[^\n]")


def latex_links(text: str) -> list[tuple[str, int, str]]:
    """(url, line, how) for a LaTeX document (``\\doi{}`` becomes a doi.org URL)."""
    body = _blank_verbatim(text)
    out: list[tuple[str, int, str]] = []
    for lineno, line in enumerate(body.split("\n"), 1):
        line = _TEX_COMMENT.sub("", line)
        taken: list[tuple[int, int]] = []
        for m in _TEX_URL.finditer(line):
            taken.append(m.span())
            arg = _TEX_ESCAPED.sub(r"\1", m.group(1)).strip()
            if m.group().startswith("\\doi"):
                arg = "https://doi.org/" + arg
            if _checkable(arg):
                out.append((arg, lineno, "\\url"))
        for off, url in bare_urls(line):
            if any(a <= off < b for a, b in taken):
                continue
            out.append((_TEX_ESCAPED.sub(r"\1", url), lineno, "text"))
    return out


# ----------------------------------------------------------------- text


def text_links(text: str) -> list[tuple[str, int, str]]:
    out: list[tuple[str, int, str]] = []
    for lineno, line in enumerate(text.split("\n"), 1):
        out.extend((url, lineno, "text") for _, url in bare_urls(line))
    return out


EXTRACTORS = {
    "markdown": markdown_links,
    "html": html_links,
    "latex": latex_links,
    "text": text_links,
}
