"""Grouping the lines of a reference list into items: numbered lists, marked
(bulleted) lists, and unnumbered author-year lists (blank-line separated
paragraphs, hanging indents, flush wrapped text)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import islice

from ..lazyre import lazy
from .headings import (
    _YEAR,
    REFERENCE_HEADINGS,
    _is_heading,
    _is_stop,
    _looks_like_heading,
)
from .listlines import (
    _STRONG_END,
    _TERMINAL,
    _UNNUMBERED_MARKS,
    _ends,
    _indent,
    _Line,
    _mark,
)

_LOOKAHEAD = 200  # lines after a heading in which its list must begin


def _items(lines: Sequence[_Line]) -> list[list[_Line]]:
    """Group lines into items; stops at the end of the list."""
    nonblank = list(islice((ln for ln in lines if not ln.blank), 6))
    if not nonblank:
        return []
    # The list's shape is decided by the first few marked lines.
    marks = [(ln, _mark(ln.text)) for ln in nonblank[:6]]
    numbered = [
        (ln, m) for ln, m in marks if m is not None and m.number is not None and m.style != "plain"
    ]
    if numbered:
        style, lowest = numbered[0][1].style, numbered[0][1].number or 0
        # a list starts low ("1."), or shows its numbering more than once
        if lowest <= 3 or sum(1 for _, m in numbered if m.style == style) >= 2:
            return _numbered_items(lines, style)
    plain = [(ln, m) for ln, m in marks if m is not None and m.style == "plain"]
    if len(plain) >= 2 and plain[0][1].number == 1:
        return _numbered_items(lines, "plain")
    bullets = [m for _, m in marks if m is not None and m.style in _UNNUMBERED_MARKS]
    top = marks[0][1]
    if (top is not None and top.style in _UNNUMBERED_MARKS) or len(bullets) >= 2:
        return _bullet_items(lines)
    return _unnumbered_items(lines)


def _numbered_items(lines: Sequence[_Line], style: str) -> list[list[_Line]]:
    items: list[list[_Line]] = []
    current: list[_Line] | None = None
    prev = None  # number of the current item
    gap = False  # a blank line since the last text line
    skipped = 0
    limit = 1 if style == "plain" else 3
    restart = False  # a sub-heading ("Secondary sources") may start over at 1
    for idx, ln in enumerate(lines):
        if ln.blank:
            gap = True
            continue
        mk = _mark(ln.text)
        starts = False
        if mk is not None and mk.style == style and mk.number is not None:
            starts = prev is None or 0 < mk.number - prev <= limit
            starts = starts or (restart and mk.number == 1)
        if starts and mk is not None:
            current = [ln]
            items.append(current)
            prev = mk.number
            gap = restart = False
            continue
        if current is None:
            skipped += 1
            if _is_stop(ln.text) or skipped > _LOOKAHEAD:
                break
            continue  # text between the heading and the first item
        if _is_stop(ln.text):
            break
        if gap:
            if _is_heading(ln.text, REFERENCE_HEADINGS):
                continue  # "Notes" followed by "References": one list
            if _looks_like_heading(ln.text) and _next_item_soon(lines, idx + 1, style, 0, 1):
                restart = True  # "Primary sources" 1-10, "Secondary sources" 1-20
                continue
            # After a blank line the list goes on only if the next item follows
            # shortly: a page number or running head between (skipped), or a
            # double-spaced item's next line (kept).
            if prev is None or not _next_item_soon(lines, idx + 1, style, prev, limit):
                break
            if _PAGE_FURNITURE.match(ln.text):
                continue
        current.append(ln)
    return items


# Lines a PDF puts between pages: "12", "Page 12", "- 12 -", "12 of 30".
_PAGE_FURNITURE = lazy(
    r"^\s*(?:[-–—]\s*)?(?:page\s+|p\.\s*|seite\s+|стр\.\s*)?\d{1,4}(?:\s*(?:of|/|von|из)\s*\d{1,4})?"
    r"(?:\s*[-–—])?\s*$",
    re.IGNORECASE,
)


def _next_item_soon(
    lines: Sequence[_Line], start: int, style: str, prev: int, limit: int, within: int = 4
) -> bool:
    """Whether item prev+1.. starts within the next ``within`` text lines."""
    seen = 0
    for ln in lines[start:]:
        if ln.blank:
            continue
        mk = _mark(ln.text)
        if mk is not None and mk.style == style and mk.number is not None:
            return 0 < mk.number - prev <= limit
        seen += 1
        if seen >= within or _is_stop(ln.text):
            return False
    return False


def _bullet_items(lines: Sequence[_Line]) -> list[list[_Line]]:
    items: list[list[_Line]] = []
    current: list[_Line] | None = None
    gap = False
    skipped = 0
    for ln in lines:
        if ln.blank:
            gap = True
            continue
        if _is_stop(ln.text):
            break
        mk = _mark(ln.text)
        if mk is not None and mk.style in _UNNUMBERED_MARKS:
            current = [ln]
            items.append(current)
        elif current is None:
            skipped += 1
            if skipped > _LOOKAHEAD:
                break
            continue
        elif gap:
            if _is_heading(ln.text, REFERENCE_HEADINGS):
                continue
            break
        else:
            current.append(ln)
        gap = False
    return items


# How a reference in an author-year list begins.
_UP = "".join(
    ch
    for ch in map(chr, (*range(0x41, 0x250), *range(0x391, 0x3AA), *range(0x400, 0x430)))
    if ch.isupper()
)
_U = f"[{_UP}]"  # one upper-case letter (Latin, Greek, Cyrillic)
_W = r"[\w'’\-]"
_PARTICLE = r"(?:van|von|de|da|del|der|den|di|du|dos|le|la|ten|ter|al|el|bin|ibn)"
_REF_START = lazy(
    rf"""^(?:
        (?:{_PARTICLE}\s){{0,2}}{_U}{_W}+(?:\s{_U}{_W}+)?,\s*(?:{_U}\.|{_U}[a-zà-ÿ]+|{_U}{{1,3}}\b(?!:))
                                               # Surname, X. / Van der Berg, Anna / Smith, JR
      | {_U}{_W}+\s{_U}{{1,3}}(?:[\s,.]|$)      # Surname AB
      | {_U}{_W}+(?:\s{_U}{_W}+){{0,5}}\s\(\d{{4}}   # Surname X (2001 / Org Name (2001
      | [A-Z]{{2,}}(?:\s[A-Z&]{{2,}})*(?:[.,:]|\s\()  # WORLD BANK (2005), OECD.
      | (?:{_U}\.\s?(?:-?{_U}\.\s?){{0,3}})\s?{_U}{_W}+   # D. R. Yoerger, J.-P. Sartre
      | {_PARTICLE}\s{_U}                        # de Foucault, van Dijk
      | [—–_-]{{2,}}                              # repeated-author dash
      | [\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{{2,4}}[,.，、．·]  # 김상호, 王麗. (CJK name)
    )""",
    re.VERBOSE,
)


def _unnumbered_items(lines: Sequence[_Line]) -> list[list[_Line]]:
    """Blank-line separated paragraphs, split further by hanging indents or by
    lines that begin like a reference right after a line that ended one."""
    paragraphs: list[list[_Line]] = []
    current: list[_Line] = []
    for idx, ln in enumerate(lines):
        if ln.blank:
            if current:
                paragraphs.append(current)
                current = []
            continue
        if _is_stop(ln.text):
            break
        if _looks_like_heading(ln.text) and not current:
            if _reference_follows(lines, idx + 1):
                continue  # a sub-heading inside the list ("Secondary sources")
            if paragraphs:
                break  # a new section after the list
        if _is_heading(ln.text, REFERENCE_HEADINGS):
            continue
        current.append(ln)
    if current:
        paragraphs.append(current)
    # A paragraph that opens indented deeper than the list carries on the one
    # before it (a page break inside a hanging-indent reference).
    if paragraphs:
        flush = _indent(paragraphs[0][0].text)
        joined = [paragraphs[0]]
        for para in paragraphs[1:]:
            if _indent(para[0].text) > flush:
                joined[-1] = joined[-1] + para
            else:
                joined.append(para)
        paragraphs = joined
    # Blank lines between short paragraphs: each paragraph is one reference
    # (only a hanging indent still splits one). Long blocks are cut further.
    sizes = sorted(len(p) for p in paragraphs)
    one_each = len(paragraphs) >= 2 and sizes[len(sizes) // 2] <= 6
    items: list[list[_Line]] = []
    for para in paragraphs:
        items.extend(_split_paragraph(para, by_content=not one_each))
    return items


# How a line that carries on a reference may begin (it never starts one).
_GOES_ON = lazy(
    r"^(?:https?://|www\.|doi\b|pmid\b|pmcid\b|isbn\b|issn\b|arxiv\b|url\b|retrieved\b|"
    r"accessed\b|available\b|in:|pp?\.\s?\d|vol\.|no\.\s?\d|[,;:.)\]]|&\s|and\s)",
    re.IGNORECASE,
)
_LONG_TOKEN = lazy(r"\S{30,}")


def _shape(line: str) -> str:
    """The look of a line's first two words: "Smith, J. A" -> "Aa, A."."""
    head = " ".join(line.split()[:2])
    out: list[str] = []
    for ch in head:
        c = "A" if ch.isupper() else "a" if ch.isalpha() else "9" if ch.isdigit() else ch
        if not out or out[-1] != c or c not in "Aa9":
            out.append(c)
    return "".join(out)


def _reference_follows(lines: Sequence[_Line], start: int) -> bool:
    """Whether the next text line begins like a reference and carries a year."""
    for ln in lines[start : start + 4]:
        if ln.blank:
            continue
        s = ln.text.strip()
        return bool(_REF_START.match(s) and _YEAR.search(s))
    return False


def _split_paragraph(para: list[_Line], by_content: bool = True) -> list[list[_Line]]:
    if len(para) == 1:
        return [para]
    indents = [_indent(ln.text) for ln in para]
    low = min(indents)
    # Hanging indent: the first line flush, continuations indented deeper (and
    # often enough that it is the layout, not one stray indented line).
    deep = sum(1 for i in indents if i > low)
    if indents[0] == low and deep and deep >= 0.15 * len(para):
        items: list[list[_Line]] = []
        for ln, ind in zip(para, indents, strict=True):
            if ind == low or not items:
                items.append([ln])
            else:
                items[-1].append(ln)
        return items
    if not by_content:
        return [para]
    widths = [len(ln.text.rstrip()) for ln in para]
    # the wrap width, from lines without an unbreakable long token (a URL
    # overflows the width); a high percentile, so one stray line does not count
    breakable = [w for w, ln in zip(widths, para, strict=True) if not _LONG_TOKEN.search(ln.text)]
    ranked = sorted(breakable or widths)
    width = ranked[int(0.95 * (len(ranked) - 1))]
    # Wrapped text (most lines nearly full): a line that stopped although the
    # next word would have fitted ended a reference.
    full_widths = sorted(w for w in widths if 0.85 * width <= w <= width + 3)
    full = len(full_widths)
    # (hard-wrapped text has lines of a page's width, not of whole references)
    wrapped = 40 <= width <= 130 and full >= max(2, int(0.5 * len(para)))
    # With a proportional font (PDF text) full lines vary in length: a word
    # "would have fitted" only if it fits the short end of the full lines.
    fit_limit = full_widths[int(0.1 * (full - 1))] if full else width
    items = [[para[0]]]
    # References in one list begin alike ("Smith, J.", "SMITH J", "[Org] (2001)"):
    # the shape of the first reference's opening is a strong sign of the next.
    start_shape = _shape(para[0].text)
    for ln in para[1:]:
        prev = items[-1][-1].text.rstrip()
        nxt = ln.text.strip()
        ended = _ends(_TERMINAL, prev)
        starts = bool(_REF_START.match(nxt))
        if _GOES_ON.match(nxt):
            items[-1].append(ln)  # a URL, "PMID: ...", "pp. 3-9", "In: ..." carry on
            continue
        if wrapped:
            room = len(prev) + 1 + len(nxt.split()[0])
            fits = room <= fit_limit  # surely room: the line was ended early
            may_fit = room <= width  # room unless the font is proportional
            alike = starts and _shape(nxt) == start_shape
            new = (
                (fits and (ended or starts))
                or (may_fit and ended and starts)
                or (starts and _ends(_STRONG_END, prev))
                or (alike and ended)
            )
        else:
            # lines of uneven length, not wrapped text: one reference a line
            # unless a line plainly carries on the previous one
            new = ended or starts
        if new:
            items.append([ln])
        else:
            items[-1].append(ln)
    return items
