"""PDF papers as plain text the splitter can read.

Text comes from pdfminer.six (MIT, pure Python), which reports every glyph
with its position. Its own reading-order grouping is switched off
(``boxes_flow=None``: it is the slow part and puts lines of two columns side
by side); instead :func:`lay_out` orders the lines itself, a pure function on
values:

* two-column pages are read column by column (lines that span the gutter,
  such as a title or a wide figure, separate the column runs);
* running heads, footers and page numbers (the top and bottom bands of the
  page: repeated on other pages, numbers only, or set apart from the text)
  and manuscript line numbers (runs of bare numbers at one x position) go;
* each line keeps its indentation relative to its column (in spaces), and a
  vertical gap larger than the column's line pitch becomes a blank line, so
  hanging indents and spaced lists look as they do in a text file;
* ligatures (ﬁ, ﬂ, …) are expanded, spacing accents of pdfLaTeX's OT1 fonts
  ("Mar´ıa", "Fran¸cois") are composed with their letter, superscripts are
  kept apart from the word they follow;
* link annotations (hyperref's ``\\url``, ``\\doi``) give back URLs and DOIs
  that the line breaks cut: the broken text is replaced by the link target.

Errors are :class:`~bibman.errors.InputError`, naming the file: encrypted,
damaged, or without a text layer ("no text layer: run OCR first").
"""

from __future__ import annotations

import itertools
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from ..errors import InputError

MAX_PAGES = 2000  # a bound on the work for one file


@dataclass(frozen=True)
class Line:
    """One line of text on a page; coordinates in points from the top left."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # font size of most of its characters


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    width: float
    height: float
    lines: tuple[Line, ...]
    links: tuple[str, ...] = ()  # targets of the page's URI link annotations


@dataclass(frozen=True)
class PdfText:
    text: str
    pages: int
    page_of_line: tuple[int, ...] = field(default=())  # page of each text line (1-based)


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF-")


# --------------------------------------------------------------------------
# Reading (I/O edge: pdfminer)
# --------------------------------------------------------------------------


def read_pdf(stream: BinaryIO, name: str) -> PdfText:
    """The text of a PDF, laid out for the splitter; InputError when unusable."""
    pages = list(_pages(stream, name))
    if not pages:
        raise InputError("PDF has no pages", name)
    if sum(len(ln.text.strip()) for p in pages for ln in p.lines) < 20:
        raise InputError("no text layer: run OCR first (the PDF holds only images)", name)
    return lay_out(pages)


def _pages(stream: BinaryIO, name: str) -> Iterator[Page]:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        doc = PDFDocument(PDFParser(stream))
    except (PDFPasswordIncorrect, PDFEncryptionError) as e:
        raise InputError(
            f"encrypted PDF, cannot be read without its password ({e})", name
        ) from None
    except Exception as e:  # pdfminer raises many kinds on damaged files
        raise InputError(f"damaged PDF, cannot be read ({type(e).__name__}: {e})", name) from None
    rsrc = PDFResourceManager(caching=True)
    params = LAParams(boxes_flow=None, char_margin=2.0, line_margin=0.3, detect_vertical=False)
    device = PDFPageAggregator(rsrc, laparams=params)
    interp = PDFPageInterpreter(rsrc, device)
    try:
        for number, page in enumerate(PDFPage.create_pages(doc), 1):
            if number > MAX_PAGES:
                break
            interp.process_page(page)
            layout = device.get_result()
            x_off, y_top = layout.x0, layout.y1
            lines = [
                ln
                for obj in _text_lines(layout)
                for ln in _split_line(obj, x_off, y_top, layout.width)
            ]
            yield Page(number, layout.width, layout.height, tuple(lines), _links(page))
    except InputError:
        raise
    except Exception as e:
        raise InputError(f"damaged PDF, cannot be read ({type(e).__name__}: {e})", name) from None


def _text_lines(layout: Any) -> Iterator[Any]:
    from pdfminer.layout import LTTextBox, LTTextLine

    for obj in layout:
        if isinstance(obj, LTTextBox):
            yield from (ln for ln in obj if isinstance(ln, LTTextLine))
        elif isinstance(obj, LTTextLine):
            yield obj


def _links(page: Any) -> tuple[str, ...]:
    from pdfminer.pdftypes import resolve1

    out: list[str] = []
    try:
        annots = resolve1(page.annots) or []
        for a in list(annots)[:5000]:
            a = resolve1(a)
            action = resolve1(a.get("A")) if isinstance(a, dict) else None
            uri = resolve1(action.get("URI")) if isinstance(action, dict) else None
            if isinstance(uri, bytes):
                uri = uri.decode("utf-8", "replace")
            if isinstance(uri, str) and re.match(r"(?:https?|ftp)://\S+$", uri):
                out.append(uri)
    except Exception:
        return tuple(out)  # a broken annotation costs its links, not the page
    return tuple(dict.fromkeys(out))


def _split_line(obj: Any, x_off: float, y_top: float, width: float) -> Iterator[Line]:
    """A pdfminer text line as one or more :class:`Line` values: cut at a gap
    that crosses the page's middle (a column gutter) or is very wide, and at a
    manuscript line number set apart before the text."""
    from pdfminer.layout import LTChar

    chars: list[tuple[str, float, float, float, float]] = []  # text, x0, x1, size, y0
    for ch in obj:
        if isinstance(ch, LTChar):
            chars.append((ch.get_text(), ch.x0 - x_off, ch.x1 - x_off, ch.size, ch.y0))
        elif chars:  # LTAnno: a space pdfminer inferred
            t = ch.get_text()
            if t == " ":
                c = chars[-1]
                chars.append((" ", c[2], c[2], c[3], c[4]))
    if not chars:
        return
    mid = width / 2
    pieces: list[list[tuple[str, float, float, float, float]]] = [[chars[0]]]
    for prev, cur in itertools.pairwise(chars):
        gap = cur[1] - prev[2]
        em = max(prev[3], 1.0)
        crosses = prev[2] <= mid <= cur[1]
        number_before = len(pieces[-1]) <= 5 and bool(
            re.fullmatch(r"\d{1,4}", "".join(c[0] for c in pieces[-1]).strip())
        )
        if gap > 2.5 * em or (crosses and gap > 0.8 * em) or (number_before and gap > 1.2 * em):
            pieces.append([cur])
        else:
            pieces[-1].append(cur)
    top_of = y_top - obj.y1
    bottom_of = y_top - obj.y0
    for piece in pieces:
        text = _piece_text(piece)
        if not text.strip():
            continue
        sizes = Counter(round(c[3], 1) for c in piece if c[0].strip())
        size = sizes.most_common(1)[0][0] if sizes else 10.0
        xs = [c[1] for c in piece if c[0].strip()] or [piece[0][1]]
        x1s = [c[2] for c in piece if c[0].strip()] or [piece[-1][2]]
        yield Line(text, min(xs), max(x1s), top_of, bottom_of, size)


def _piece_text(piece: Sequence[tuple[str, float, float, float, float]]) -> str:
    """Characters as text; a superscript run is set apart by spaces."""
    sizes = sorted(c[3] for c in piece if c[0].strip())
    body = sizes[len(sizes) // 2] if sizes else 0.0
    base = statistics.median(c[4] for c in piece) if piece else 0.0
    out: list[str] = []
    sup_prev = False
    for t, _x0, _x1, size, y0 in piece:
        sup = bool(t.strip()) and size < 0.8 * body and y0 > base + 0.2 * body
        if sup != sup_prev and out and out[-1][-1:].isalnum() and t.isalnum():
            out.append(" ")
        out.append(t)
        sup_prev = sup
    return "".join(out)


# --------------------------------------------------------------------------
# Laying out (pure)
# --------------------------------------------------------------------------

_BAND = 0.15  # top and bottom share of the page where heads and footers live
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:page\s+|p\.\s*)?[0-9ivxlc]{1,6}(?:\s*(?:of|/)\s*\d{1,4})?(?:\s*[-–—])?\s*$",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")


def lay_out(pages: Sequence[Page]) -> PdfText:
    """Pages of positioned lines -> text in reading order (see the module doc)."""
    furniture = _furniture_keys(pages)
    out: list[str] = []
    page_of: list[int] = []
    links: list[str] = []
    marked: list[int] = []  # pages that have text, in order
    for page in pages:
        drop = _furniture(page, furniture)
        lines = [ln for ln in page.lines if id(ln) not in drop]
        lines = _drop_line_numbers(lines)
        texts = [t.replace(_PAGE_MARK, "") for t in _page_text(lines, page)]
        if texts:
            texts[0] = _PAGE_MARK + texts[0]  # where the page starts, counted below
            marked.append(page.number)
        out.extend(texts)
        links.extend(page.links)
    text = "\n".join(_normalise(t) for t in out) + "\n"
    text = recover_links(text, list(dict.fromkeys(links)))
    # each line's page, from the page marks (then removed)
    current = marked[0] if marked else 1
    marks = iter(marked)
    for line in text.split("\n"):
        if _PAGE_MARK in line:
            current = next(marks, current)
        page_of.append(current)
    return PdfText(text.replace(_PAGE_MARK, ""), len(pages), tuple(page_of))


_PAGE_MARK = "\x1e"  # ASCII record separator: never in extracted text (stripped below)


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _band_lines(page: Page) -> list[Line]:
    """Lines in the head or foot band that are the page's first or last row."""
    if not page.lines:
        return []
    top = min(o.top for o in page.lines)
    bottom = max(o.bottom for o in page.lines)
    return [
        ln
        for ln in page.lines
        if (ln.bottom < _BAND * page.height and ln.top < top + 1.5 * ln.size)
        or (ln.top > (1 - _BAND) * page.height and ln.bottom > bottom - 1.5 * ln.size)
    ]


def _furniture_keys(pages: Sequence[Page]) -> frozenset[str]:
    """Texts in the head and foot bands that recur on several pages."""
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({_key(ln.text) for ln in _band_lines(page)})
    need = 2 if len(pages) <= 6 else max(2, len(pages) // 5)
    return frozenset(k for k, n in seen.items() if n >= need)


def _furniture(page: Page, keys: frozenset[str]) -> set[int]:
    """Indexes (into page.lines) of running heads, footers and page numbers."""
    band = _band_lines(page)
    if not band:
        return set()
    ids = {id(ln) for ln in band}
    body = [o for o in page.lines if id(o) not in ids]
    out: set[int] = set()
    for ln in band:
        if _key(ln.text) in keys or _PAGE_NUMBER.match(ln.text):
            out.add(id(ln))
            continue
        if not body:
            continue
        # a head set apart from the text block by a wide gap ("REFERENCES" over page 3)
        if ln.bottom < _BAND * page.height:
            gap = min(o.top for o in body) - ln.bottom
        else:
            gap = ln.top - max(o.bottom for o in body)
        if gap > 1.5 * ln.size and len(ln.text.split()) <= 12:
            out.add(id(ln))
    return out


def _drop_line_numbers(lines: list[Line]) -> list[Line]:
    """Manuscript line numbers: five or more bare numbers at one x position."""
    bare = [ln for ln in lines if _BARE_NUMBER.match(ln.text)]
    if len(bare) < 5:
        return lines
    at: Counter[int] = Counter(round(ln.x1 / 4) for ln in bare)
    columns = {x for x, n in at.items() if n >= 5}
    if not columns:
        return lines
    return [ln for ln in lines if not (_BARE_NUMBER.match(ln.text) and round(ln.x1 / 4) in columns)]


def _page_text(lines: list[Line], page: Page) -> list[str]:
    if not lines:
        return []
    mid = page.width / 2
    slack = 0.01 * page.width
    left = [ln for ln in lines if ln.x1 <= mid + slack]
    right = [ln for ln in lines if ln.x0 >= mid - slack]
    spanning = [ln for ln in lines if ln not in left and ln not in right]
    two_columns = len(left) >= 4 and len(right) >= 4 and len(spanning) <= 0.25 * len(lines)
    if not two_columns:
        return _column_text(sorted(lines, key=lambda ln: (round(ln.top), ln.x0)))
    # runs of column text between lines that span the gutter
    out: list[str] = []
    spanning.sort(key=lambda ln: ln.top)
    bounds = [s.top for s in spanning] + [float("inf")]
    start = float("-inf")
    for i, stop in enumerate(bounds):
        for col in (left, right):
            run = [ln for ln in col if start <= ln.top < stop]
            run.sort(key=lambda ln: (round(ln.top), ln.x0))
            if run:
                if out:
                    out.append(_BREAK)
                out.extend(_column_text(run))
        if i < len(spanning):
            out.append(spanning[i].text)
            start = spanning[i].top
    return out


_BREAK = "\x00break"  # a column or page break; resolved by _resolve_breaks


def _column_text(run: list[Line]) -> list[str]:
    """Lines of one column, top to bottom: same-height pieces joined, indentation
    in spaces from the column's left edge, a wide vertical gap as a blank line."""
    rows: list[list[Line]] = []
    for ln in run:
        if rows and abs(rows[-1][-1].top - ln.top) < 0.4 * ln.size:
            rows[-1].append(ln)
        else:
            rows.append([ln])
    left = min(ln.x0 for ln in run)
    steps = [b[0].bottom - a[0].bottom for a, b in itertools.pairwise(rows)]
    pitch = statistics.median([s for s in steps if s > 0] or [0.0])
    out: list[str] = []
    for i, row in enumerate(rows):
        row.sort(key=lambda ln: ln.x0)
        first = row[0]
        if i and pitch and steps[i - 1] > 1.25 * pitch:
            out.append("")
        em = max(first.size, 1.0)
        indent = " " * max(0, round((first.x0 - left) / (0.5 * em)))
        out.append(indent + " ".join(ln.text.strip() for ln in row))
    return out


_LIGATURES = str.maketrans(
    {
        "ﬀ": "ff",
        "ﬁ": "fi",
        "ﬂ": "fl",
        "ﬃ": "ffi",
        "ﬄ": "ffl",
        "ﬅ": "st",
        "ﬆ": "st",
        "\u00a0": " ",
        "\u00ad": "",  # soft hyphen
        "\u2010": "-",
        "\u2011": "-",
    }
)
# pdfLaTeX's OT1 fonts draw an accent as its own glyph beside the letter
_SPACING_ACCENTS = {
    "´": "\u0301",
    "`": "\u0300",
    "¨": "\u0308",
    "ˆ": "\u0302",
    "˜": "\u0303",
    "¸": "\u0327",
    "ˇ": "\u030c",
    "˘": "\u0306",
    "˙": "\u0307",
    "˚": "\u030a",
    "˝": "\u030b",
    "¯": "\u0304",
}
_ACCENT_BEFORE = re.compile("([" + "".join(_SPACING_ACCENTS) + "])([A-Za-zıȷ])")


def _normalise(text: str) -> str:
    if text == _BREAK:
        return text
    text = text.translate(_LIGATURES)
    if any(a in text for a in _SPACING_ACCENTS):

        def compose(m: re.Match[str]) -> str:
            letter = {"ı": "i", "ȷ": "j"}.get(m.group(2), m.group(2))
            return unicodedata.normalize("NFC", letter + _SPACING_ACCENTS[m.group(1)])

        text = _ACCENT_BEFORE.sub(compose, text)
    return text.rstrip()


# --------------------------------------------------------------------------
# Links
# --------------------------------------------------------------------------


def recover_links(text: str, links: Sequence[str]) -> str:
    """Put back URLs and DOIs that line breaks (and hyphens or spaces the layout
    added) cut: where a link target's characters occur in order with only
    whitespace, a hyphen at a break, or a column break between, the target
    replaces them."""
    text = _resolve_breaks(text)
    for url in links[:2000]:
        if len(url) < 12 or len(url) > 500:
            continue
        for target in _targets(url):
            if target in text:
                continue
            rx = _broken(target)
            text = rx.sub(target.replace("\\", "\\\\"), text)
    return text


def _targets(url: str) -> list[str]:
    m = re.match(r"https?://(?:dx\.)?doi\.org/(10\.\S+)$", url, re.I)
    return [url, m.group(1)] if m else [url]


def _broken(target: str) -> re.Pattern[str]:
    gap = r"(?:-?\s*\n\x1e?\s*|\s)?"
    return re.compile(gap.join(re.escape(c) for c in target))


def _resolve_breaks(text: str) -> str:
    return text.replace("\n" + _BREAK + "\n", "\n").replace(_BREAK + "\n", "").replace(_BREAK, "")
