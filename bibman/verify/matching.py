"""The rules that decide whether a record *is* an entry's work. Documented in the README.

For an entry with an identifier (``compare``): the record it resolves to is compared
field by field and every disagreement is reported with both values.

For a search (``choose``), a candidate is accepted only when all of these hold:

1. **kind**: it is not a notice about another work (erratum, retraction, review,
   comment: by its title's opening, ``data/verify_title_markers.txt``, or by what the
   service says: Crossref's ``update-to`` and ``is-review-of``/``is-comment-on``),
   unless the entry's title is one too;
2. **type**: its type is compatible with the entry's (a book is not a chapter, an
   article or a review; a thesis is only a thesis; see ``_CLASS``);
3. **title**: folded titles have similarity >= 0.90 (a missing subtitle on one side
   is tolerated), or the record's title (>= 4 words) is spelled out in the entry's
   raw reference string (>= 0.95 of its words, in one run);
4. **first author**: the record's first author's family name is one of the entry's
   first three family names (or a word of the raw string's first part);
5. **year**: within +-1 of the entry's year (or of a year in the raw string);
   when either side has no author or no year, the title must be near-exact
   (>= 0.97) and the other checks must pass;
6. **margin**: its confidence is >= 0.85 and beats every other acceptable
   candidate with another DOI by >= 0.05.

Confidence = 0.55 title + 0.20 author + 0.15 year + 0.10 details (container,
volume, first page agreeing when both sides have them).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

from ..bibtex import expand
from ..formats.names import names_to_csl
from ..latex import to_unicode
from ..model import Entry
from .model import Disagreement, Record
from .text import (
    STOPWORDS,
    contiguous_coverage,
    first_page,
    fold,
    similarity,
    title_similarity,
    year_of,
    years_in,
)

TITLE_MIN = 0.90
TITLE_EXACT = 0.97
RAW_COVERAGE = 0.95
ACCEPT = 0.85
MARGIN = 0.05
COMPARE_TITLE_MIN = 0.80  # below this an identifier's record "has another title"

# type names (BibTeX, CSL, Crossref, OpenAlex) -> class
_CLASS = {
    # journal-like articles
    "article": "article",
    "article-journal": "article",
    "journal-article": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "periodical": "article",
    "suppl": "article",
    # papers in proceedings
    "inproceedings": "paper",
    "conference": "paper",
    "proceedings-article": "paper",
    "paper-conference": "paper",
    # books
    "book": "book",
    "mvbook": "book",
    "monograph": "book",
    "edited-book": "book",
    "reference-book": "book",
    "book-set": "book",
    "book-series": "book",
    "proceedings": "book",
    "collection": "book",
    "mvcollection": "book",
    "mvproceedings": "book",
    # parts of books
    "incollection": "chapter",
    "inbook": "chapter",
    "chapter": "chapter",
    "book-chapter": "chapter",
    "book-section": "chapter",
    "book-part": "chapter",
    "reference-entry": "chapter",
    "entry": "chapter",
    "entry-encyclopedia": "chapter",
    "entry-dictionary": "chapter",
    "inreference": "chapter",
    # theses
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "dissertation": "thesis",
    # reports
    "techreport": "report",
    "report": "report",
    "report-component": "report",
    "report-series": "report",
    # preprints
    "posted-content": "preprint",
    "preprint": "preprint",
    "unpublished": "preprint",
    # reviews and notices
    "peer-review": "review",
    "review": "review",
    "review-book": "review",
    "erratum": "review",
    "retraction": "review",
    "dataset": "dataset",
    "standard": "standard",
}
# classes that may describe the same work (either way round)
_COMPATIBLE = {
    frozenset({"article", "paper"}),  # proceedings published as journal issues
    frozenset({"paper", "chapter"}),  # LNCS and the like: proceedings papers are chapters
    frozenset({"article", "preprint"}),
    frozenset({"paper", "preprint"}),
    frozenset({"report", "preprint"}),
    frozenset({"article", "report"}),
}


def type_class(name: str) -> str:
    return _CLASS.get(name.strip().lower(), "other")


def compatible(entry_type: str, record_type: str) -> bool:
    a, b = type_class(entry_type), type_class(record_type)
    if a == "other":  # @misc, @online...: any work but a notice
        return b != "review"
    if b == "other":  # a type the service does not name: anything but a thesis
        return a != "thesis"
    return a == b or frozenset({a, b}) in _COMPATIBLE


@functools.lru_cache(maxsize=1)
def _markers() -> tuple[tuple[str, str], ...]:
    text = resources.files("bibman.data").joinpath("verify_title_markers.txt").read_text("utf-8")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#") and ":" in line:
            kind, phrase = line.split(":", 1)
            out.append((kind.strip(), fold(phrase)))
    # longest first, so "book review" wins over "review"
    return tuple(sorted(out, key=lambda kp: -len(kp[1])))


def notice_kind(title: str) -> str:
    """ "erratum", "review", "comment" when ``title`` opens like a notice, else ""."""
    t = fold(title)
    for kind, phrase in _markers():
        if t == phrase or t.startswith(phrase + " "):
            return kind
    return ""


@dataclass(frozen=True)
class EntryView:
    """What matching reads from an entry, decoded."""

    key: str
    type: str
    title: str
    families: tuple[str, ...]  # folded family names, in order
    year: int | None
    container: str
    volume: str
    page: str
    raw: str  # folded raw reference string ("" when the entry keeps none)


def _plain(entry: Entry, name: str, strings: dict[str, str]) -> str:
    f = entry.field(name)
    if f is None:
        return ""
    return to_unicode(expand(f.value, strings)) if strings else to_unicode(f.plain)


def view(
    entry: Entry, strings: dict[str, str] | None = None, raw_field: str = "rawref"
) -> EntryView:
    strings = strings or {}
    names_src = entry.get("author") or entry.get("editor") or ""
    families: list[str] = []
    if names_src:
        try:
            names, _ = names_to_csl(names_src)
        except Exception:  # a malformed name list must not stop verification
            names = []
        for n in names:
            fam = n.get("family") or n.get("literal") or ""
            if fam and fam.lower() != "others":
                families.append(fold(fam))
    year = year_of(_plain(entry, "year", strings) or _plain(entry, "date", strings))
    title = _plain(entry, "title", strings)
    container = (
        _plain(entry, "journal", strings)
        or _plain(entry, "journaltitle", strings)
        or _plain(entry, "booktitle", strings)
    )
    return EntryView(
        key=entry.key,
        type=entry.type.lower(),
        title=title,
        families=tuple(families),
        year=year,
        container=container,
        volume=fold(_plain(entry, "volume", strings)),
        page=first_page(_plain(entry, "pages", strings)),
        raw=fold(entry.get(raw_field) or ""),
    )


def _family_match(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    la, lb = a.split()[-1], b.split()[-1]
    if la == lb and len(la) > 2:
        return True
    return similarity(a, b) >= 0.85 and a[:1] == b[:1]


def _record_families(r: Record) -> list[str]:
    return [fold(f) for f, _ in (r.authors or r.editors)]


def containers_agree(entry_container: str, r: Record) -> bool:
    """Same journal, allowing abbreviations ("Phys. Rev. Lett." = "Physical Review Letters")."""
    a = fold(entry_container)
    for full in (r.container, *r.container_short):
        b = fold(full)
        if not a or not b:
            continue
        if similarity(a, b) >= 0.8 or a in b or b in a:
            return True
        aw = [w for w in a.split() if w not in STOPWORDS]
        bw = [w for w in b.split() if w not in STOPWORDS]
        if len(aw) == len(bw) and all(
            x.startswith(y) or y.startswith(x) for x, y in zip(aw, bw, strict=True)
        ):
            return True
    return False


@dataclass(frozen=True)
class Scored:
    record: Record
    ok: bool
    confidence: float
    why: str  # the first rule that failed, or ""


def score(e: EntryView, r: Record) -> Scored:
    """Apply rules 1-5 to one candidate; confidence for rule 6."""
    if not r.title:
        return Scored(r, False, 0.0, "record has no title")
    kind = r.notice or notice_kind(r.title)
    if kind and notice_kind(e.title or e.raw) != kind:
        return Scored(r, False, 0.0, f"record is a {kind} notice")
    if type_class(r.type) == "review" and type_class(e.type) != "review":
        return Scored(r, False, 0.0, f"record is a {r.type}")
    if not compatible(e.type, r.type):
        return Scored(r, False, 0.0, f"type {r.type} is not a {e.type}")
    # title
    rt = fold(r.title)
    t_sim = title_similarity(e.title, r.title) if e.title else 0.0
    if e.raw and len(rt.split()) >= 4:
        cov = contiguous_coverage(rt, e.raw)
        if cov >= RAW_COVERAGE and (
            not e.title or t_sim >= 0.6 or len(fold(e.title)) < 0.5 * len(rt)
        ):
            t_sim = max(t_sim, 0.90 + 0.10 * cov - 0.005)
    if t_sim < TITLE_MIN:
        return Scored(r, False, t_sim * 0.55, f"title similarity {t_sim:.2f}")
    # first author
    rf = _record_families(r)
    author: bool | None = None
    if rf and (e.families or e.raw):
        author = any(_family_match(rf[0], f) for f in e.families[:3])
        if not author and e.raw:
            head = e.raw.split()[: max(12, len(e.raw.split()) // 3)]
            author = rf[0].split()[-1] in head
        if not author:
            return Scored(
                r,
                False,
                0.0,
                f"first author {r.authors[0][0] if r.authors else rf[0]!r} not in the entry",
            )
    # year
    year: bool | None = None
    years = [e.year] if e.year else years_in(e.raw)
    if r.year and years:
        diffs = [abs(r.year - y) for y in years]
        if min(diffs) > 1:
            return Scored(r, False, 0.0, f"year {r.year} (entry: {years[0]})")
        year = True
        y_score = 1.0 if min(diffs) == 0 else 0.6
    else:
        y_score = 0.5
    if (author is None or year is None) and t_sim < TITLE_EXACT:
        return Scored(
            r, False, 0.0, "no author or year to compare, and the title is not near-exact"
        )
    # details
    checks = []
    if e.container and r.container:
        checks.append(containers_agree(e.container, r))
    if e.volume and r.volume:
        checks.append(fold(r.volume) == e.volume)
    elif e.raw and r.volume and fold(r.volume).isdigit():
        checks.append(fold(r.volume) in e.raw.split())
    rp = first_page(r.pages)
    if e.page and rp:
        checks.append(rp == e.page)
    elif e.raw and rp and rp.isdigit():
        checks.append(rp in e.raw.split())
    details = sum(checks) / len(checks) if checks else 0.5
    conf = (
        0.55 * min(t_sim, 1.0) + 0.20 * (1.0 if author else 0.5) + 0.15 * y_score + 0.10 * details
    )
    return Scored(r, True, round(conf, 3), "")


@dataclass(frozen=True)
class Choice:
    record: Record | None
    confidence: float
    why: str  # why nothing was accepted


def choose(e: EntryView, candidates: tuple[Record, ...]) -> Choice:
    """Rule 6 over the candidates that pass rules 1-5."""
    if not candidates:
        return Choice(None, 0.0, "the search found nothing")
    scored = [score(e, r) for r in candidates]
    ok = sorted((s for s in scored if s.ok), key=lambda s: -s.confidence)
    if not ok:
        best = max(scored, key=lambda s: s.confidence)
        return Choice(None, 0.0, f"no candidate passed the rules (best: {best.why})")
    top = ok[0]
    rivals = [
        s
        for s in ok[1:]
        if (s.record.doi or s.record.title) != (top.record.doi or top.record.title)
    ]
    if top.confidence < ACCEPT:
        return Choice(
            None, top.confidence, f"best candidate's confidence {top.confidence:.2f} < {ACCEPT}"
        )
    if rivals and top.confidence - rivals[0].confidence < MARGIN:
        return Choice(
            None,
            top.confidence,
            f"ambiguous: {top.record.doi or top.record.title!r} and "
            f"{rivals[0].record.doi or rivals[0].record.title!r} fit as well",
        )
    return Choice(top.record, top.confidence, "")


def compare(e: EntryView, r: Record) -> tuple[Disagreement, ...]:
    """Fields where the entry and the record its identifier resolves to disagree."""
    out: list[Disagreement] = []
    if e.title and r.title:
        sim = title_similarity(e.title, r.title)
        et, rt = fold(e.title), fold(r.title)
        contained = contiguous_coverage(et, rt) >= 0.9 or contiguous_coverage(rt, et) >= 0.9
        if sim < COMPARE_TITLE_MIN and not (contained and min(len(et), len(rt)) >= 12):
            out.append(Disagreement("title", e.title, r.title))
    rf = _record_families(r)
    if e.families and rf and not any(_family_match(e.families[0], f) for f in rf):
        names = r.authors or r.editors
        out.append(Disagreement("author", e.families[0], "; ".join(f for f, _ in names[:3])))
    if e.year and r.year and abs(e.year - r.year) > 1:
        out.append(Disagreement("year", str(e.year), str(r.year)))
    if e.type and r.type and not compatible(e.type, r.type):
        out.append(Disagreement("type", e.type, r.type))
    elif (kind := r.notice or notice_kind(r.title)) and notice_kind(e.title) != kind:
        out.append(Disagreement("type", e.type, f"{kind} notice"))
    if e.container and r.container and not containers_agree(e.container, r):
        out.append(Disagreement("container", e.container, r.container))
    if e.volume and r.volume and fold(r.volume) != e.volume:
        out.append(Disagreement("volume", e.volume, r.volume))
    rp = first_page(r.pages)
    if e.page and rp and rp != e.page:
        out.append(Disagreement("pages", e.page, r.pages))
    return tuple(out)
