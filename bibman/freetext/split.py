"""Cutting a document into single reference strings.

Two pure steps: :func:`find_reference_section` locates the reference list (the
last heading such as "References"/"Literatur"/"参考文献" that a list follows,
or failing that the longest numbered footnote list), and
:func:`split_references` cuts it into :class:`~bibman.model.RawReference`
values — one per reference, with wrapped lines joined, PDF hyphenation undone,
broken URLs and page ranges rejoined, and list marks (``1.``, ``[1]``, ``(1)``,
``[Knu84]``, Wikipedia's ``^ a b``) removed.

List shapes:

* numbered (``1.``, ``1)``, ``[1]``, ``(1)``, ``1 ^``): a new item must carry
  the numbering on, so a wrapped line starting "2005." is not item 2005; page
  numbers and double spacing between items are passed over;
* marked (``*``, ``-``, ``•``, ``^``, ``↑``, alpha labels ``[BAD10]``);
* unnumbered author-year lists: blank-line separated paragraphs, hanging
  indents, or flush wrapped text. For the last, a line starts a reference when
  the previous one stopped short although the next word would have fitted
  (greedy wrapping), or when it begins like a reference ("Surname, X.",
  "D. R. Yoerger", "WORLD BANK (", "———") right after one that ended like one.

The section ends at trailing material: "See also", "External links",
"Review", "For citations:", "Appendix ...", site boilerplate, or (for
numbered lists) text after a blank line that the next number does not follow.
A later reference heading ("Notes" then "Bibliography") starts a new list.

The work is split by concern: :mod:`.listlines` (lines, list marks, line
ends), :mod:`.headings` (opening and closing headings), :mod:`.listitems`
(grouping lines into items), :mod:`.sections` (finding the lists) and
:mod:`.itemtext` (the text of one item); this module puts them together.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from ..lazyre import lazy, regex
from ..model import RawReference, Span
from .headings import (
    REFERENCE_HEADINGS,
    STOP_HEADINGS,
    _is_heading,
    normalize_heading,
)
from .itemtext import _clean, _hyphenated_words, _join_text, _strip_link_noise
from .listitems import _PAGE_FURNITURE, _REF_START, _items
from .listlines import (
    _TERMINAL,
    _ends,
    _indent,
    _Line,
    _lines,
    _mark,
)
from .sections import Section, _listlike, find_reference_section, find_reference_sections

__all__ = [
    "REFERENCE_HEADINGS",
    "STOP_HEADINGS",
    "Section",
    "find_reference_section",
    "find_reference_sections",
    "normalize_heading",
    "split_lines",
    "split_references",
]


def split_references(
    text: str, source: str | None = None, line_map: Sequence[int] | None = None
) -> list[RawReference]:
    """Cut a document (or a bare list) into references, in document order.

    ``line_map`` maps the 0-based line index of ``text`` to the line of the
    original file when ``text`` is a rendering of it (HTML); spans keep offsets
    into ``text``.
    """
    sections = find_reference_sections(text)
    hyphenated = _hyphenated_words(text)
    groups: list[list[_Line]] = []
    if not sections:
        groups = _section_items(_attach_lone_labels(_drop_page_furniture(_lines(text, 0), text)))
    previous: list[list[_Line]] = []
    all_lines = _lines(text, sections[0].start) if sections else []
    starts = [ln.start for ln in all_lines]
    numbers = [ln.number for ln in all_lines]
    for k, sec in enumerate(sections):
        # a section runs up to the next one's heading
        lo = bisect_left(starts, sec.start)
        hi = bisect_left(numbers, sections[k + 1].line) if k + 1 < len(sections) else None
        lines = all_lines[lo:hi]
        items = _section_items(_attach_lone_labels(_drop_page_furniture(lines, text)))
        if k and _transliteration_of(items, previous):
            continue  # "Список литературы", then the same list again as "References"
        groups.extend(items)
        previous = items or previous
    out: list[RawReference] = []
    for group in groups:
        label, body = _clean(group, hyphenated)
        if not any(ch.isalnum() for ch in body):
            continue  # a stray "}" or "—" line is no reference
        first = group[0]
        line_no = first.number
        if line_map is not None and 0 < line_no <= len(line_map):
            line_no = line_map[line_no - 1]
        span = Span(
            first.start + len(first.text) - len(first.text.lstrip()), group[-1].end, line_no
        )
        out.append(RawReference(body, span, label, source))
    return out


def _drop_page_furniture(lines: list[_Line], text: str) -> list[_Line]:
    """Page numbers and running heads at page breaks (form feeds, as PDF text
    extraction writes them) go, with the blank lines around them. The break
    stays a blank line only where a reference plainly ended before it and the
    next begins after it; otherwise the text runs on across the page."""
    breaks = [i for i, ln in enumerate(lines) if ln.start > 0 and text[ln.start - 1] == "\f"]
    if not breaks:
        return lines
    drop: set[int] = set()
    for p in breaks:
        near = [j for j in range(max(0, p - 4), min(len(lines), p + 3)) if not lines[j].blank]
        for j in near:
            t = lines[j].text.strip()
            if _PAGE_FURNITURE.match(t):
                drop.add(j)
            elif j >= p and j == next((k for k in near if k >= p), None):
                head = regex(r"\s*\d{1,4}$|^\d{1,4}\s*").sub("", t)
                if 0 < len(head.split()) <= 10 and not _ends(_TERMINAL, head):
                    drop.add(j)  # the running head: the first line of the page
    if not drop:
        return lines
    out: list[_Line] = []
    i = 0
    while i < len(lines):
        if i not in drop:
            out.append(lines[i])
            i += 1
            continue
        # a run of furniture and blank lines around it
        while out and out[-1].blank:
            out.pop()
        j = i
        while j < len(lines) and (j in drop or lines[j].blank):
            j += 1
        if out and j < len(lines):
            prev, nxt = out[-1].text, lines[j].text
            if (
                _ends(_TERMINAL, prev)
                and _indent(nxt) == 0
                and (_REF_START.match(nxt) or _mark(nxt) is not None)
            ):
                out.append(_Line("", lines[i].start, lines[i].number))
        i = j
    return out


# Only bracketed: a bare "2003." or "17." on its own line ends a wrapped reference.
_LONE_LABEL = lazy(r"^\s*(?:\[\d{1,3}\]|\(\d{1,3}\))\s*$")


def _attach_lone_labels(lines: list[_Line]) -> list[_Line]:
    """PDF text sometimes puts a list number on a line of its own ("[12]" then
    the reference): join it to the next text line."""
    if not any(_LONE_LABEL.match(ln.text) for ln in lines):
        return lines
    out: list[_Line] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if _LONE_LABEL.match(ln.text):
            j = i + 1
            while j < len(lines) and lines[j].blank and j - i <= 2:
                j += 1
            if j < len(lines) and not lines[j].blank and not _LONE_LABEL.match(lines[j].text):
                nxt = lines[j]
                merged = ln.text.strip() + " " + nxt.text.strip()
                out.append(_Line(merged, ln.start, ln.number, nxt.end))
                i = j + 1
                continue
        out.append(ln)
        i += 1
    return out


def _section_items(lines: list[_Line]) -> list[list[_Line]]:
    """Items of the section; a further reference heading ("Notes" then
    "Bibliography") starts a new list, which may be shaped differently."""
    out: list[list[_Line]] = []
    segment: list[_Line] = []
    segments: list[list[_Line]] = []
    for ln in lines:
        if _is_heading(ln.text, REFERENCE_HEADINGS):
            segments.append(segment)
            segment = []
        else:
            segment.append(ln)
    segments.append(segment)
    previous: list[list[_Line]] = []
    for n, seg in enumerate(segments):
        items = _items(seg)
        if n and items and not _listlike(items):
            break  # prose under a later heading ("Notes" of thanks): not references
        if n and _transliteration_of(items, previous):
            break  # "Список литературы", then the same list again as "References"
        out.extend(items)
        if items:
            previous = items
        if not items:
            if any(not ln.blank for ln in seg):
                break
            continue
        rest = [ln for ln in seg if ln.number > items[-1][-1].number and not ln.blank]
        if rest:
            break  # the list ended inside this part: what follows is not references
    return out


def _non_latin_share(items: list[list[_Line]]) -> float:
    letters = [ch for item in items for ln in item for ch in ln.text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if not ("a" <= ch.lower() <= "z")) / len(letters)


def _transliteration_of(items: list[list[_Line]], previous: list[list[_Line]]) -> bool:
    """Journals in Cyrillic (and other scripts) print their list twice: as
    written, then romanised under "References". The second copy is left out."""
    if len(previous) < 3 or abs(len(items) - len(previous)) > 1:
        return False
    return _non_latin_share(previous) > 0.3 and _non_latin_share(items) < 0.1


def split_lines(text: str, source: str | None = None) -> list[RawReference]:
    """Each non-empty line is one reference, in input order (``--one-per-line``).

    A line with no letter or digit is markup, not a reference: Markdown code
    fences and rules (```` ``` ````, ``---``, ``***``), setext underlines (``===``)."""
    out: list[RawReference] = []
    for ln in _lines(text):
        if ln.blank or not any(c.isalnum() for c in ln.text):
            continue
        body = _strip_link_noise(_join_text([ln.text.strip()]))
        out.append(RawReference(body, Span(ln.start, ln.end, ln.number), None, source))
    return out
