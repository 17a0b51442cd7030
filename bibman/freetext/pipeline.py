"""Documents -> references -> BibTeX entries: the library entry point for parsing.

``parse_documents`` is pure (text in, values out): each document is rendered
as plain text (:mod:`.document`), cut into references (:mod:`.split`), each
reference parsed into fields (:mod:`.fields`), duplicates merged
(:mod:`bibman.dedupe`) and keys assigned (:mod:`bibman.keys`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..keys import assign_keys
from ..lazyre import lazy, regex
from ..model import Bibliography, Diagnostic, Entry, ParseResult, RawReference, Reference
from .document import PlainDocument, to_plain
from .fields import parse_reference
from .split import Section, find_reference_sections, split_lines, split_references
from .to_bibtex import entries_to_bibtex, reference_to_entry, title_context

if TYPE_CHECKING:
    from ..dedupe import Merge

Progress = Callable[[int, int], None]  # (done, total)

# Notes that only point back at an earlier one ("Ibid., p. 4", "Op. cit.", "Там же").
_REPEAT = lazy(
    r"^(?:ibid(?:em)?|idem|id\.|op\.?\s?cit|loc\.?\s?cit|ebd|ebenda|a\.\s?a\.\s?o|"
    r"там\s+же|тамже)\b[^A-Za-z]{0,30}(?:p{1,2}\.|s\.|с\.)?[^A-Za-z]{0,20}$",
    re.IGNORECASE,
)

# Below this confidence a reference is listed by --review.
REVIEW_THRESHOLD = 0.5
LOW_CONFIDENCE = "parse.low-confidence"


_TAB_NUMBER = lazy(r"[ \t]*(\d{1,4})\t")


def _tab_number(raw: RawReference, text: str) -> RawReference:
    """ "12<TAB>Smith, J. …": a list number that a tab separates (spreadsheets, word
    processors' numbered lists pasted as text) is the label, not part of the reference;
    the line splitter turns the tab into a space, so the source line is read here."""
    m = _TAB_NUMBER.match(text, raw.span.start, raw.span.end)
    if not m or raw.label or not raw.text.startswith(m.group(1) + " "):
        return raw
    return replace(raw, text=raw.text[len(m.group(1)) + 1 :], label=m.group(1))


def split_document(
    name: str, text: str, one_per_line: bool = False
) -> tuple[list[RawReference], list[Diagnostic], list[str]]:
    """One document's references as raw strings, in document order, with the
    original text of each (list marks and all, whitespace collapsed)."""
    source = text
    diags: list[Diagnostic] = []
    if name.lower().endswith(".bib") or regex(r"\s*@\w+\s*[{(]\s*[^\s,]+\s*,").match(text):
        diags.append(
            Diagnostic(
                "warning",
                "parse.bibtex-input",
                "this looks like BibTeX already; 'bibman parse' reads reference lists in text",
                name,
            )
        )
    if one_per_line:
        raws = [_tab_number(r, text) for r in split_lines(text, name)]
    if not one_per_line:
        doc = to_plain(text, name)
        source = doc.text
        sections = find_reference_sections(doc.text)
        raws = []
        for raw in split_references(doc.text, name, doc.line_map):
            if _REPEAT.match(raw.text):
                # "Ibid., p. 4" points back at the previous note: not an entry
                diags.append(
                    Diagnostic(
                        "info",
                        "parse.repeat",
                        f"'{raw.text}' repeats an earlier reference; skipped",
                        name,
                        raw.span.line,
                    )
                )
            else:
                raws.append(raw)
        if raws and not _reads_as_references(raws, strict=not sections):
            raws = []  # prose with no reference list: nothing to parse
        if raws:
            diags.append(_found(name, doc, sections, len(raws), raws[0].span.line))
    if not raws:
        diags.append(Diagnostic("warning", "parse.no-references", "no references found", name))
    originals = [" ".join(source[r.span.start : r.span.end].split()) for r in raws]
    return raws, diags, originals


# What nearly every reference has and prose paragraphs rarely do: a year, a DOI
# or URL, "n.d.", a page range.
_REFERENCE_LIKE = lazy(
    r"(?<![\d/])(?:1[5-9]\d\d|20\d\d)(?![\d/])|\bn\.\s?d\.|\b10\.\d{4,9}/|https?://|www\."
    r"|\bpp?\.\s*\d|(?<!\d)\d{1,6}\s*[-–]\s*\d"  # (bounded: linear on a run of digits)
)


def _reads_as_references(raws: list[RawReference], strict: bool) -> bool:
    """With no heading to go by (``strict``), the whole input is a reference list
    only when at least half of its pieces look like references; under a heading
    (which may be a prose "Notes" section), when at least one does. Class: plain
    prose, notes and READMEs handed to ``parse`` give "no references found", not
    one @misc per paragraph."""
    hits = sum(1 for r in raws if _REFERENCE_LIKE.search(r.text))
    return hits * 2 >= len(raws) if strict else hits > 0


def _found(name: str, doc: PlainDocument, sections: list[Section], n: int, line: int) -> Diagnostic:
    """Where the references were found, so a wrong guess is easy to see."""

    def src(sec: Section) -> int:
        if doc.line_map is not None and 0 < sec.line <= len(doc.line_map):
            return doc.line_map[sec.line - 1]
        return sec.line

    if not sections:
        where = "the whole input is the list"
    elif len(sections) == 1 and sections[0].heading is None:
        where = "a numbered footnote list"
    elif len(sections) == 1:
        where = f"under the heading '{sections[0].heading}'"
    else:
        shown = ", ".join(f"'{s.heading}' (line {src(s)})" for s in sections[:12])
        more = f" and {len(sections) - 12} more" if len(sections) > 12 else ""
        where = f"in {len(sections)} sections: under {shown}{more}"
    kind = "" if doc.kind == "text" else f" ({doc.kind})"
    noun = "reference" if n == 1 else "references"
    return Diagnostic("info", "parse.section", f"{n} {noun}{kind}: {where}", name, line)


def parse_raw(
    raw: RawReference, original: str | None = None, memo: dict[str, Reference] | None = None
) -> Reference:
    """Fields of one raw reference, located in its document.

    The field parser is meant never to raise; if it does (a bug), the
    reference is kept as ``@misc`` with its text in ``note`` and an error
    diagnostic, so one bad reference never loses a whole document.
    ``memo``: fields already parsed, by reference text (the field parser is a pure
    function of the text, so a text repeated in a document is parsed once).
    """
    cached = memo.get(raw.text) if memo is not None else None
    if cached is not None:
        ref = cached
    else:
        ref = _parse_fields(raw)
        if memo is not None:
            memo[raw.text] = ref
    line = raw.span.line
    diags = tuple(
        replace(d, file=d.file or raw.source, line=d.line if d.line is not None else line)
        for d in ref.diagnostics
    )
    return replace(ref, raw=original or raw.text, span=raw.span, diagnostics=diags)


def _parse_fields(raw: RawReference) -> Reference:
    try:
        return parse_reference(raw.text)
    except Exception as e:  # a bug in the field parser: report, keep the text
        return Reference(
            "misc",
            (("note", raw.text),),
            confidence=0.0,
            diagnostics=(
                Diagnostic(
                    "error",
                    "parse.internal",
                    f"field parser failed ({type(e).__name__}: {e}); text kept in note",
                ),
            ),
        )


def parse_documents(
    texts: Sequence[tuple[str, str]],
    one_per_line: bool = False,
    keep_raw: bool = False,
    dedupe: bool = True,
    progress: Progress | None = None,
    review_below: float | None = None,
) -> ParseResult:
    """Parse documents given as ``(name, text)`` pairs into keyed references.

    ``review_below``: list references below this confidence as ``parse.low-confidence``
    (default: :data:`REVIEW_THRESHOLD`, plus those the field parser itself doubts).

    References come in document order, documents in the order given.
    ``one_per_line``: every non-empty line is one reference, and nothing is
    merged, so output entry *n* is input line *n* (evaluation relies on it).
    ``keep_raw``: keep each reference's original string (``Reference.raw``,
    written as ``rawref``); otherwise ``raw`` is emptied.
    ``dedupe``: merge duplicates within and across documents (reported as
    ``parse.duplicate`` info diagnostics).
    """
    diagnostics: list[Diagnostic] = []
    raws: list[RawReference] = []
    originals: list[str] = []
    for name, text in texts:
        found, diags, texts_of = split_document(name, text, one_per_line)
        raws.extend(found)
        originals.extend(texts_of)
        diagnostics.extend(diags)
    parsed: list[Reference] = []
    memo: dict[str, Reference] = {}
    for i, raw in enumerate(raws):
        parsed.append(parse_raw(raw, originals[i], memo))
        if progress is not None:
            progress(i + 1, len(raws))
    refs = parsed
    merges: list[Merge] = []
    if dedupe and not one_per_line and len(parsed) > 1:  # one reference has no duplicates
        from ..dedupe import merge_duplicates

        refs, merges = merge_duplicates(parsed)
    keys = assign_keys(refs)
    keyed: list[Reference] = []
    for ref, key in zip(refs, keys, strict=True):
        diags_k = tuple(replace(d, key=d.key or key) for d in ref.diagnostics)
        keyed.append(replace(ref, key=key, diagnostics=diags_k, raw=ref.raw if keep_raw else ""))
    for m in merges:
        kept = keyed[m.index]
        for j in m.duplicates:
            dup = raws[j]
            diagnostics.append(
                Diagnostic(
                    "info",
                    "parse.duplicate",
                    f"duplicate reference at {dup.source or '<input>'}:{dup.span.line} "
                    "merged into this entry",
                    raws[m.original].source,
                    raws[m.original].span.line,
                    kept.key,
                )
            )
    dropped = {j for m in merges for j in m.duplicates}
    origin = [i for i in range(len(raws)) if i not in dropped]  # output -> input index
    for ref, i in zip(keyed, origin, strict=True):
        # the field parser may flag low confidence itself; we say it once, with reasons
        flagged = any(d.code == LOW_CONFIDENCE for d in ref.diagnostics)
        diagnostics.extend(d for d in ref.diagnostics if d.code != LOW_CONFIDENCE)
        if ref.confidence < (REVIEW_THRESHOLD if review_below is None else review_below) or (
            flagged and review_below is None
        ):
            diagnostics.append(
                Diagnostic(
                    "warning",
                    LOW_CONFIDENCE,
                    f"low confidence ({ref.confidence:.2f}): " + "; ".join(_reasons(ref)),
                    raws[i].source,
                    raws[i].span.line,
                    ref.key,
                )
            )
    return ParseResult(tuple(keyed), tuple(diagnostics))


def _reasons(ref: Reference) -> list[str]:
    own = [d for d in ref.diagnostics if d.code != LOW_CONFIDENCE]
    reasons = [d.message for d in own if d.severity in ("warning", "error")]
    reasons = reasons or [d.message for d in own]
    said = " ".join(reasons).lower()
    for missing, word in (
        (not ref.get("title"), "title"),
        (not ref.authors and not ref.editors, "author"),
        (not (ref.get("year") or ref.get("date")), "year"),
    ):
        if missing and word not in said:
            reasons.append(f"no {word}")
    return list(dict.fromkeys(reasons)) or ["the field parser is unsure of this reference"]


def parse_text(
    text: str, name: str = "<input>", one_per_line: bool = False, keep_raw: bool = False
) -> ParseResult:
    """Convenience: one document."""
    return parse_documents([(name, text)], one_per_line=one_per_line, keep_raw=keep_raw)


def to_entries(result: ParseResult) -> list[Entry]:
    """BibTeX entries for the parsed references (``rawref`` where raw was kept)."""
    ctx = title_context(result.references)  # names the whole document shows
    return [reference_to_entry(r, r.key, bool(r.raw), ctx) for r in result.references]


def to_bibliography(result: ParseResult, source: str | None = None) -> Bibliography:
    return Bibliography(tuple(to_entries(result)), result.diagnostics, source)


def to_bibtex(result: ParseResult) -> str:
    """The .bib text for a parse result, entries in document order."""
    return entries_to_bibtex(to_entries(result))


def review(result: ParseResult) -> list[Diagnostic]:
    """One ``parse.low-confidence`` diagnostic per reference below
    :data:`REVIEW_THRESHOLD`, saying why."""
    return [d for d in result.diagnostics if d.code == LOW_CONFIDENCE]
