"""Lines of a document and the list marks that open items (``1.``, ``[1]``,
``^``, ``*``, ``[Knu84]``), and how a line ends."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from ..lazyre import lazy


class _Line(NamedTuple):
    # a NamedTuple, not a frozen dataclass: a document of 100,000 blank lines builds
    # 100,000 of these several times, and a frozen dataclass's __init__ costs 3x more
    text: str  # without the newline
    start: int  # offset of the first character in the document
    number: int  # 1-based line number in the document
    stop: int | None = None  # end offset when two source lines were put together

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def end(self) -> int:
        return self.stop if self.stop is not None else self.start + len(self.text)


@dataclass(frozen=True)
class _Mark:
    """A list mark at the start of a line: its style, number and where the text begins."""

    style: str  # "dot", "paren", "bracket", "rparen", "plain", "bullet", "caret", "alpha"
    number: int | None
    label: str
    body: int  # offset of the text after the mark, within the line


_NUMBERED = (
    ("bracket", lazy(r"^\s*\[(\d{1,4})\]\s*")),
    ("paren", lazy(r"^\s*\((\d{1,4})\)\s+")),
    ("dot", lazy(r"^\s*(\d{1,4})\.(?![\d.])\s*")),
    ("rparen", lazy(r"^\s*(\d{1,4})\)\s+")),
    ("caret", lazy(r"^\s*(\d{1,4})\s*(?=[\^↑])")),
    ("plain", lazy(r"^\s*(\d{1,3})\s+(?=\S)")),
)
_BULLET = lazy(r"^\s*(?:[*•·▪◦‣]|[-–—](?![-–—]))\s+")
_CARET = lazy(r"^\s*[\^↑]\s*")
# Alphabetic labels of alpha-style bibliographies: [BAD10], [CTSO03], [Knu84a], [AB+12]
_ALPHA = lazy(r"^\s*\[([A-Za-z][A-Za-z\-]{0,8}\s?\+?\s?\d{2,4}[a-z]?)\]\s*")


_UNNUMBERED_MARKS = ("bullet", "caret", "alpha")


def _mark(line: str) -> _Mark | None:
    if not line or line.isspace():
        return None  # every mark needs a character (and text after it)
    for style, rx in _NUMBERED:
        m = rx.match(line)
        if m and m.end() < len(line):
            return _Mark(style, int(m.group(1)), m.group(1), m.end())
    m = _CARET.match(line)
    if m:
        return _Mark("caret", None, "", m.start())  # the caret itself is cleaned later
    m = _ALPHA.match(line)
    if m and m.end() < len(line):
        return _Mark("alpha", None, m.group(1), m.end())
    m = _BULLET.match(line)
    if m and m.end() < len(line):
        return _Mark("bullet", None, "", m.end())
    return None


def _lines(text: str, start: int = 0) -> list[_Line]:
    out: list[_Line] = []
    number = text.count("\n", 0, start) + 1
    pos = start
    # "\n" only: str.splitlines() also breaks at form feeds (PDF page breaks)
    # and other separators, and line numbers would drift from an editor's.
    for piece in text[start:].split("\n"):
        body = piece.rstrip("\r")
        lead = len(body) - len(body.lstrip("\f\v"))  # a page break is no indentation
        body = body[lead:].replace("\f", " ").replace("\v", " ")
        out.append(_Line(body, pos + lead, number))
        pos += len(piece) + 1
        number += 1
    if out and not out[-1].text and text.endswith("\n"):
        out.pop()  # the empty piece after a final newline is no line
    return out


_TERMINAL = lazy(r"""(?:[.)\]»"”’!?]|\d|https?://\S+|\S+\.(?:pdf|html?|php|aspx?))\s*$""")
# How a reference usually ends: a year, pages, a volume, a URL, a closing
# bracket, or a word of several letters and a full stop ("Press.") — not an
# initial ("B.") that a wrapped author list may end a line with.
_STRONG_END = lazy(r"""(?:\d[)\]]?[.,]?|https?://\S+|[)\]][.,]?|[^\W\d_]{3,}\s?[.!?]["”’»]?)\s*$""")
_END_WINDOW = 300


def _ends(rx: re.Pattern[str], line: str) -> bool:
    """``rx`` (anchored at ``$``) on the end of ``line`` only: searching a whole
    line of 20,000 letters from every position would be quadratic."""
    return rx.search(line[-_END_WINDOW:]) is not None


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())
