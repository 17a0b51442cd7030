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
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING, NamedTuple

from ..lazyre import lazy, regex
from ..model import RawReference, Span

if TYPE_CHECKING:
    from ..englishwords import WordList

# Headings that open a reference list, normalised (lower case, no punctuation).
REFERENCE_HEADINGS = frozenset(
    {
        "references",
        "reference list",
        "list of references",
        "bibliography",
        "select bibliography",
        "selected bibliography",
        "notes",
        "footnotes",
        "endnotes",
        "notes and references",
        "references and notes",
        "citations",
        "works cited",
        "literature cited",
        "literature",
        "sources",
        # German
        "literatur",
        "literaturverzeichnis",
        "quellen",
        "quellenverzeichnis",
        "anmerkungen",
        "einzelnachweise",
        "fußnoten",
        # French
        "bibliographie",
        "références",
        "références bibliographiques",
        "notes et références",
        # Spanish / Portuguese / Italian
        "referencias",
        "referencias bibliográficas",
        "bibliografía",
        "notas",
        "referências",
        "referências bibliográficas",
        "bibliografia",
        "riferimenti",
        "riferimenti bibliografici",
        "note",
        # Dutch / Scandinavian / Polish / Czech / Turkish
        "literatuur",
        "literatuurlijst",
        "referenties",
        "litteratur",
        "referenser",
        "kilder",
        "bibliografi",
        "przypisy",
        "literatura",
        "kaynakça",
        "kaynaklar",
        # Russian / Ukrainian
        "список литературы",
        "список использованной литературы",
        "список использованных источников",
        "литература",
        "библиография",
        "примечания",
        "источники",
        "список літератури",
        "література",
        # CJK and others
        "参考文献",
        "参考资料",
        "參考文獻",
        "参考資料",
        "引用文献",
        "注释",
        "참고문헌",
        "참고 문헌",
        "المراجع",
        "مراجع",
        "מקורות",
        "βιβλιογραφία",
    }
)

# Headings (or first words of trailing material) that close a reference list.
STOP_HEADINGS = frozenset(
    {
        "external links",
        "see also",
        "further reading",
        "review",
        "for citations",
        "appendix",
        "appendices",
        "acknowledgements",
        "acknowledgments",
        "about the author",
        "about the authors",
        "author biographies",
        "supplementary material",
        "supporting information",
        "figure legends",
        "figure captions",
        "figures",
        "tables",
        "index",
        "vita",
        "curriculum vitae",
        "biographical sketch",
        "author information",
        "author contributions",
        "notes on contributors",
        "conflict of interest",
        "conflicts of interest",
        "competing interests",
        "funding",
        "declarations",
        "data availability",
        "abbreviations",
        "navigation menu",
        "categories",
        "category",
        "license",
        "weblinks",
        "siehe auch",
        "liens externes",
        "voir aussi",
        "enlaces externos",
        "véase también",
        "collegamenti esterni",
        "voci correlate",
        "vedi anche",
        "ссылки",
        "см также",
        "см. также",
        "外部链接",
        "参见",
    }
)

# Trailing lines that are boilerplate, not references ("Retrieved from ...").
_BOILERPLATE = lazy(
    r"^(retrieved from\b|wikimedia foundation\b|this page was last|views:|"
    r"creative commons\b|this work is licensed|см\. также в других словарях)",
    re.IGNORECASE,
)


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


_H_MARKUP = lazy(r"^(?:#{1,6}|={1,6})\s*|\s*(?:={1,6}|#{1,6})$")
_H_NUMBER = lazy(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[ivxlc]{1,6}\.|[a-h]\.)\s+", re.I)
_SPACES = lazy(r"\s+")


@lru_cache(maxsize=4096)
def normalize_heading(line: str) -> str:
    """A line as a possible heading: no markup, numbering, colon; lower case."""
    s = unicodedata.normalize("NFC", line).strip()
    s = _H_MARKUP.sub("", s)  # Markdown / wiki markup
    s = s.strip("*_ \t")
    s = _H_NUMBER.sub("", s)
    s = s.rstrip(":：.").strip()
    return _SPACES.sub(" ", s).lower()


def _is_heading(line: str, names: frozenset[str]) -> bool:
    s = line.strip()
    return 0 < len(s) <= 60 and normalize_heading(s) in names


_STOP_PREFIX = lazy(
    r"^(?:appendix|appendices|anhang|annexe?s?|anexo|allegato|приложение|supplementary|"
    r"acknowledge?ments?|danksagung|remerciements|agradecimientos)\b"
)
_YEAR = lazy(r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)")  # "Appendix to ..., 2001" is a reference


def _is_stop(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 120:
        return False
    if _is_heading(s, STOP_HEADINGS) or _BOILERPLATE.match(s):
        return True
    if len(s) <= 60 and _STOP_PREFIX.match(normalize_heading(s)) and not _YEAR.search(s):
        return True  # "Appendix A: Proofs", "Supplementary Table S1"
    # "For citations:" and similar labels
    return normalize_heading(s.split(":")[0]) in STOP_HEADINGS and s.rstrip().endswith(":")


# --------------------------------------------------------------------------
# Finding the section
# --------------------------------------------------------------------------


_LOOKAHEAD = 200  # lines after a heading in which its list must begin


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
# --------------------------------------------------------------------------


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


def _looks_like_heading(text: str) -> bool:
    s = text.strip()
    words = s.split()
    if len(words) <= 8 and _NUMBERED_HEADING.match(s) and not _YEAR.search(s):
        return True  # "Chapter 2", "3.1 Results", "Appendix B"
    return (
        0 < len(words) <= 4
        and not _ends(_TERMINAL, s)
        and not any(c.isdigit() for c in s)
        and not s.endswith(",")
    )


_NUMBERED_HEADING = lazy(
    r"^(?:(?i:chapter|part|section|appendix|kapitel|chapitre|cap[ií]tulo|capitolo|глава|раздел)"
    r"\s+(?:\d{1,2}|[IVXLC]{1,5}|[A-Z])\b[.:]?(?:\s+[^\s.].*)?"
    r"|\d{1,2}(?:\.\d{1,2}){0,3}\.?\s+[A-ZÀ-ÖØ-Þ][a-zà-ÿ]+(?:\s+[a-zà-ÿA-Z]+){0,5})$"
)


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


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


# --------------------------------------------------------------------------
# Cleaning one item
# --------------------------------------------------------------------------

# Wikipedia back-reference marks: "^", "^ a b c", "↑ 1 2", "^ 1.0 1.1".
_BACKMARKS = lazy(
    r"^[\^↑]\s*(?P<jump>(?:Jump up(?: to)?|Перейти к|Перейти обратно|Nach oben springen)"
    r"\s*:?\s*\^?\s*)?(?P<marks>(?:(?:[a-z]{1,2}|\d+\.\d+)\s+)*)"
)
# After "Перейти к:" the marks are plain numbers: "↑ Перейти к: 1 2 Иванов"
_NUMBER_MARKS = lazy(r"^(?:\d{1,2}\s+)+(?=\D)")


def _strip_backmarks(s: str) -> str:
    m = _BACKMARKS.match(s)
    if not m:
        return s
    marks = m.group("marks").split()
    rest = s[m.end() :]
    if m.group("jump") and not marks:
        n = _NUMBER_MARKS.match(rest)
        return rest[n.end() :] if n else rest
    # letters must run a, b, c...; a single "a" is the article "a", not a mark
    if marks and marks[0].isalpha():
        expected = [_letter_mark(i) for i in range(len(marks))]
        if marks != expected or (len(marks) < 2 and not m.group("jump")):
            return s[m.start("marks") :].lstrip()
    return rest


def _letter_mark(i: int) -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    return alphabet[i] if i < 26 else alphabet[i // 26 - 1] + alphabet[i % 26]


def _hyphenated_words(text: str) -> frozenset[str]:
    """Words written with a hyphen inside a line ("non-proliferation"): at a line
    break the same word keeps its hyphen."""
    # (a match starts only at a word's start: linear on a line of one letter)
    return frozenset(m.group(0).lower() for m in _HYPHENATED.finditer(text))


_HYPHENATED = lazy(r"(?<![^\W\d_])[^\W\d_]+(?:-[^\W\d_]+)+")


def _clean(group: list[_Line], hyphenated: frozenset[str] = frozenset()) -> tuple[str | None, str]:
    first = group[0].text
    mk = _mark(first)
    label: str | None = None
    if mk is not None and mk.number is not None:
        label = mk.label
        first = first[mk.body :]
    elif mk is not None and mk.style in ("bullet", "alpha"):
        label = mk.label or None
        first = first[mk.body :]
    first = _strip_backmarks(first.strip())
    first = regex(r"^[*•†‡]+\s*").sub("", first)  # "*Embassy ..." editorial marks
    parts = [first.strip()] + [ln.text.strip() for ln in group[1:]]
    return label, _strip_link_noise(_join_text(parts, hyphenated))


# Link buttons that journal pages print after each reference.
_NOISE_WORDS = (
    r"Google Scholar|Search in Google Scholar|Cross[Rr]ef|PubMed(?: Central|/NCBI)?|Medline|"
    r"Web of Science(?:®)?|Scopus|CAS|Green Version|View Article|Full Text|"
    r"Find this article online|Ref list|Article|Abstract|Link|PMC free article"
)
_NOISE_BRACKETED = lazy(rf"\s*\[(?:{_NOISE_WORDS})\]")
_NOISE_TAIL = lazy(rf"(?:[\s|,;/]+(?:{_NOISE_WORDS}))+[\s|]*$")


def _strip_link_noise(text: str) -> str:
    """ "... 2001;5:1-9. [Google Scholar] [CrossRef]" / "... CrossRef | PubMed"."""
    if not regex(
        r"Scholar|Cross[Rr]ef|PubMed|Medline|Scopus|Web of Science|View Article|"
        r"Full Text|PMC|Find this"
    ).search(text):
        return text
    cleaned = _NOISE_BRACKETED.sub("", text)
    tail = _NOISE_TAIL.search(cleaned)
    # only a run that holds one of the distinctive names (not a bare "Article")
    if tail and regex(r"Scholar|Cross[Rr]ef|PubMed|Medline|Scopus|Web of|View|Full|Find").search(
        tail.group(0)
    ):
        cleaned = cleaned[: tail.start()]
    return cleaned.strip() or text


_URL_TAIL = lazy(r"(?:https?://|www\.)\S*$")
_URLISH = lazy(r"^[\w\-.~%/?#=&+:;@!$,*'()\[\]]+$")
_JOINERS = ("/", "-", "_", "?", "=", "&", "#", "%", "~", ".")
_PATHISH = lazy(r"[%=]|^[/?&#]|\.(?:pdf|s?html?|php|aspx?|jsp)\b")


def _join_text(parts: list[str], hyphenated: frozenset[str] = frozenset()) -> str:
    """Join wrapped lines: undo PDF hyphenation, rejoin URLs, single spaces.

    "Kazakh-" + "stan" -> "Kazakhstan"; "US-" + "Kazakh" keeps its hyphen (a
    capital follows), and so does a word the document writes with a hyphen
    elsewhere ("non-" + "proliferation" when "non-proliferation" occurs).
    """
    out = ""
    for part in parts:
        if not part:
            continue
        if not out:
            out = part
            continue
        out = _fix_tail(out)  # so a URL's tail is seen whole at the break
        tail = out[-_TAIL:]  # checks look at the end only: long items stay linear
        # (end-anchored searches run on the last word or characters only: a search
        # tries every start position, so on the whole tail each costs _TAIL steps
        # per line, and the hyphenated-word one _TAIL squared)
        url = _URL_TAIL.search(tail[tail.rfind(" ") + 1 :])
        head = part.split()[0]
        end = tail[-_WORD:]
        if url and _url_continues(url.group(0), head, line_break=True):
            out += part
        elif regex(r"[^\W\d_]-$").search(end) and not out.endswith("--"):
            before = regex(r"[^\W\d_]+(?:-[^\W\d_]+)*-$").search(end)
            after = regex(r"[^\W\d_]+").match(part)
            word = (before.group(0) if before else "") + (after.group(0) if after else "")
            keep = not part[0].islower() or _keeps_hyphen(word, hyphenated)
            out = out + part if keep else out[:-1] + part
        elif regex(r"\w\d-$").search(end) and part[0].isalpha():
            out += part  # "α2-" + "integrin": a compound with a number keeps its hyphen
        elif regex(r"\d[-–]$").search(end) and part[0].isdigit():
            out += part  # a page range broken after its dash: "558-" + "569"
        else:
            out += " " + part
    return _fix_spaced_urls(regex(r"\s+").sub(" ", out).strip())


_TAIL = 400
_WORD = 80  # longer than any hyphenated word a line break splits


def _keeps_hyphen(word: str, hyphenated: frozenset[str]) -> bool:
    """Whether "first-" + "rest" at a line break is a hyphenated compound.

    Joined when the joined form is a word ("analy-" + "sis") or the first part
    a prefix written solid ("multi-" + "criteria", bibman/data/solid_prefixes.txt);
    kept when the document writes the compound with its hyphen elsewhere, when
    the first part is a single letter ("n-" + "tridecanal"), or when both parts
    are words and the joined form is not ("self-" + "consistent").
    """
    low = word.lower()
    if low in hyphenated:
        return True
    first, _, rest = low.rpartition("-")
    head = first.rsplit("-", 1)[-1]
    joined = head + rest
    words = _english_words()
    if joined in words:
        return False
    if len(head) == 1:
        return True
    if head in _solid_prefixes():
        return False
    return head in words and rest in words


@lru_cache(maxsize=1)
def _solid_prefixes() -> frozenset[str]:
    from pathlib import Path

    try:
        raw = (Path(__file__).resolve().parent.parent / "data" / "solid_prefixes.txt").read_text(
            "utf-8"
        )
    except OSError:
        return frozenset()
    return frozenset(w.strip() for w in raw.splitlines() if w.strip() and not w.startswith("#"))


def _english_words() -> WordList:
    """Lower-case English words (SCOWL, see bibman/data/README.md)."""
    from ..englishwords import english_words

    return english_words()


def _fix_tail(out: str) -> str:
    """:func:`_fix_spaced_urls` on the end of ``out`` (cut at a space)."""
    if len(out) <= 2 * _TAIL:
        return _fix_spaced_urls(out)
    cut = out.rfind(" ", 0, len(out) - _TAIL)
    if cut < 0:
        # one long word before the window ("Kazakh-Kazakh-...", a 50,000-character
        # URL): only its end can join what follows; fixing the whole of it at every
        # line made joining quadratic
        cut = len(out) - 2 * _TAIL - 1
    return out[: cut + 1] + _fix_spaced_urls(out[cut + 1 :])


def _url_continues(url: str, head: str, line_break: bool = False) -> bool:
    """Whether ``head`` (the next word) is the rest of a URL broken before it."""
    if not _URLISH.match(head) or head.lower().startswith(("http:", "https:", "www.")):
        return False
    if head[0] in "([" or url.endswith(","):
        return False
    if url.endswith(("://", "www.")):
        return True
    if head.strip(".,;:").isalpha():
        # a bare word: "... .pdf. Retrieved", "/ last accessed"; only the middle of
        # a path component ("nuclear-" + "nonproliferation") carries on
        return not head[0].isupper() and url.endswith(("-", "_", "=", "%", "~"))
    if url.endswith(_JOINERS):
        return True
    if _PATHISH.search(head):
        return True
    # a line break inside a path: the next line carries on with more path
    return line_break and "/" in head and not regex(r"^\d{1,4}/\d").match(head)


def _fix_spaced_urls(s: str) -> str:
    """ "https://www. example.com/ path" -> "https://www.example.com/path"."""
    if "http" not in s and "www." not in s:
        return s
    tokens = s.split(" ")
    out: list[str] = []
    in_url = False
    for tok in tokens:
        if out and in_url and tok and _url_continues(out[-1].rsplit("URL:", 1)[-1], tok):
            out[-1] += tok
            continue
        out.append(tok)
        in_url = bool(regex(r"(?:https?://|www\.)\S*$").search(tok))
    return " ".join(out)
