"""Finding the reference lists of a document: the headings with a list under
them, or failing that the longest numbered footnote list."""

from __future__ import annotations

from dataclasses import dataclass

from .headings import (
    _YEAR,
    REFERENCE_HEADINGS,
    _is_heading,
)
from .listitems import _LOOKAHEAD, _items
from .listlines import (
    _Line,
    _lines,
    _mark,
)


def find_reference_section(text: str) -> tuple[int, str | None] | None:
    """Where the (last) reference list starts: ``(offset, heading)`` or ``None``.

    ``offset`` is the first character after the heading line (or of the first
    list item when the list has no heading, in which case ``heading`` is None).
    ``None`` means no section was found: the whole input is the list.
    """
    sections = find_reference_sections(text)
    return (sections[-1].start, sections[-1].heading) if sections else None


@dataclass(frozen=True)
class Section:
    """One reference list of a document: where its items start, under which
    heading (None: a headless numbered list), the heading's 1-based line."""

    start: int
    heading: str | None
    line: int


def find_reference_sections(text: str) -> list[Section]:
    """Every reference list of a document, in order: per-chapter bibliographies,
    several "References" headings. The last heading with a list under it is
    always one; an earlier heading counts when a list of references (most items
    dated or with a URL) starts under it. Empty: the whole input is the list."""
    lines = _lines(text)
    candidates = [i for i, ln in enumerate(lines) if _is_heading(ln.text, REFERENCE_HEADINGS)]
    candidates = candidates[-200:]  # bounds the work
    accepted: list[int] = []
    listlike: list[int] = []
    dated: set[int] = set()
    for i in candidates:
        # a heading opens a list when one starts within the next lines
        items = _items(lines[i + 1 : i + 1 + _LOOKAHEAD]) if i + 1 < len(lines) else []
        if items:
            accepted.append(i)
            if _listlike(items):
                listlike.append(i)
                if _dated(items):
                    dated.add(i)
    if accepted:
        # the last heading with a list under it (not "Notes" over paragraphs of prose)
        chosen = listlike[-1] if listlike else accepted[-1]
        before = [i for i in accepted if i <= chosen]
        # A list split over several headings ("Notes" then "References"): go back
        # while the previous heading's list runs on up to the chosen heading.
        for prev in reversed(before[:-1]):
            if _runs_to(lines, prev, chosen):
                chosen = prev
            else:
                break
        # earlier lists of references (a bibliography per chapter), each ending
        # before the next heading
        heads = sorted({i for i in dated if i < chosen} | {chosen})
        out: list[Section] = []
        for i in heads:
            ln = lines[i]
            nxt = lines[i + 1].start if i + 1 < len(lines) else len(text)
            out.append(Section(nxt, ln.text.strip(), ln.number))
        return out
    run = _longest_numbered_run(lines)
    if run is not None:
        return [Section(lines[run].start, None, lines[run].number)]
    return []


def _dated(items: list[list[_Line]]) -> bool:
    """Most items carry a year or a URL: references, not a table of contents."""
    n = sum(1 for item in items if any(_YEAR.search(ln.text) or "http" in ln.text for ln in item))
    return len(items) >= 2 and n >= 0.6 * len(items)


def _runs_to(lines: list[_Line], prev: int, chosen: int) -> bool:
    """True when the list after heading ``prev`` continues up to heading ``chosen``."""
    segment = lines[prev + 1 : chosen]
    if not any(not ln.blank for ln in segment):
        return True
    items = _items(segment)
    if not items or not _listlike(items):
        return False
    last_line = items[-1][-1].number
    return all(ln.blank for ln in segment if ln.number > last_line)


def _listlike(items: list[list[_Line]]) -> bool:
    """Marked items, or mostly items with a year or a URL (not paragraphs of prose)."""
    if _mark(items[0][0].text) is not None:
        return True
    dated = sum(
        1 for item in items if any(_YEAR.search(ln.text) or "http" in ln.text for ln in item)
    )
    return dated >= 0.5 * len(items)


def _longest_numbered_run(lines: list[_Line]) -> int | None:
    """Index of the first line of the longest numbered (or caret) list, if any."""
    best: tuple[int, int] | None = None  # (length, index)
    skip_to = 0  # lines inside a run already measured are not new starts
    for i, ln in enumerate(lines):
        if i < skip_to:
            continue
        mk = _mark(ln.text)
        if mk is None or mk.style in ("bullet", "plain"):
            continue
        if mk.style != "caret" and mk.number != 1:
            continue
        if i > 0 and mk.style == "caret" and _mark(lines[i - 1].text) is not None:
            continue  # not the start of a caret run
        items = _items(lines[i:])
        n = len(items)
        if n >= 2 and (best is None or n >= best[0]):
            best = (n, i)
        if items:
            skip_to = i + items[-1][-1].number - ln.number + 1
    return best[1] if best else None


# --------------------------------------------------------------------------
# Splitting
