"""Finding and merging duplicate references (within and across documents).

Two references with DOIs are duplicates exactly when the DOIs are equal.
Otherwise they are duplicates when their titles are nearly the same (after
folding case, accents and punctuation; similarity >= 0.9, exact for very short
titles), their years do not disagree, and their first authors' family names
do not disagree. A reference with no title is only a duplicate of another
untitled one whose whole text is nearly the same (>= 0.95). Merging keeps the first occurrence's place and fills
in whatever the later copies have that it lacks ("the richer fields").

Comparison is blocked on the title's first significant words, so the cost is
near-linear in the number of references, not quadratic. Both the work per
pair and the number of pairs are bounded, so hostile input (hundreds of
long titles that open alike) cannot make it hang: strings are compared on
their first :data:`COMPARE_CHARS` characters, and a reference is compared
with at most :data:`BLOCK_CANDIDATES` of the latest references in each of its
blocks (exact title matches are always found, whatever the block size).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .keys import STOPWORDS
from .lazyre import lazy
from .model import Name, Reference

TITLE_SIMILARITY = 0.9
RAW_SIMILARITY = 0.95  # untitled references: the whole text must be nearly the same
COMPARE_CHARS = 1000  # similarity is measured on this many characters at most
BLOCK_CANDIDATES = 40  # latest references compared per block


@dataclass(frozen=True)
class Merge:
    """One kept reference and the copies folded into it.

    ``index`` is its position in the output; ``original`` and ``duplicates``
    are positions in the input.
    """

    index: int
    original: int
    duplicates: tuple[int, ...]


def _fold(text: str) -> str:
    """Lower case without accents; letters of any script are kept."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _norm_words(text: str) -> list[str]:
    text = re.sub(r"(?<=\w)\.(?=\w)", "", text)
    return [w for w in re.split(r"[\W_]+", _fold(text).replace("ß", "ss")) if w]


@dataclass(frozen=True)
class _Features:
    """What comparison needs, computed once per reference."""

    title: str
    raw: str
    year: str
    family: str
    doi: str
    blocks: tuple[str, ...]


# "7. ^ a b ", "[3] ": the list mark of the original string is not the reference
_LIST_MARK = lazy(r"^\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}[.)])?\s*(?:[\^↑]\s*(?:[a-z]{1,2}\s+)*)?")


def _features(ref: Reference) -> _Features:
    words = _norm_words(ref.get("title") or "")
    names: tuple[Name, ...] = ref.authors or ref.editors
    family = " ".join(_norm_words(names[0].literal or names[0].family)) if names else ""
    m = re.search(r"\d{4}", ref.get("year") or ref.get("date") or "")
    raw = " ".join(_norm_words(_LIST_MARK.sub("", ref.raw)))
    significant = [w for w in words if w not in STOPWORDS]
    if significant:
        blocks = tuple("t:" + w for w in significant[:3])
    else:
        raw_words = [w for w in raw.split() if w not in STOPWORDS]
        blocks = tuple("r:" + w for w in raw_words[:3]) or ("r:",)
    doi = (ref.get("doi") or "").strip().lower()
    if doi:
        blocks += ("doi:" + doi,)
    return _Features(" ".join(words), raw, m.group(0) if m else "", family, doi, blocks)


def is_duplicate(a: Reference, b: Reference) -> bool:
    return _same(_features(a), _features(b))


def _same(a: _Features, b: _Features) -> bool:
    if a.doi and b.doi:
        return a.doi == b.doi  # a DOI names one work: it settles the question
    if not a.title or not b.title:
        if a.title or b.title or not a.raw or not b.raw:
            return False
        return a.raw == b.raw or (
            min(len(a.raw), len(b.raw)) >= 30 and _similar(a.raw, b.raw, RAW_SIMILARITY)
        )
    if a.year and b.year and a.year != b.year:
        return False
    fa, fb = a.family, b.family
    if fa and fb and fa != fb and not (fa in fb or fb in fa):
        return False
    if a.title == b.title:
        return True
    if min(len(a.title), len(b.title)) < 20:
        return False
    return _similar(a.title, b.title, TITLE_SIMILARITY)


def _similar(a: str, b: str, threshold: float) -> bool:
    if min(len(a), len(b)) < threshold * max(len(a), len(b)):
        return False  # lengths alone rule it out
    # 2 * LCS / (len a + len b), the measure difflib approximates, computed exactly
    # and bit-parallel by rapidfuzz; very long strings are compared on their openings
    a, b = a[:COMPARE_CHARS], b[:COMPARE_CHARS]
    from rapidfuzz.distance import Indel  # ~10 ms to import: only when titles are compared

    return Indel.normalized_similarity(a, b, score_cutoff=threshold) >= threshold


def merge(first: Reference, other: Reference) -> Reference:
    """``first`` completed with what ``other`` has and it lacks."""
    fields = dict(first.fields)
    order = [k for k, _ in first.fields]
    for k, v in other.fields:
        if k not in fields or not fields[k].strip():
            if k not in fields:
                order.append(k)
            fields[k] = v
    type_ = first.type
    if type_ == "misc" and other.type != "misc":
        type_ = other.type
    authors = first.authors if len(first.authors) >= len(other.authors) else other.authors
    editors = first.editors if len(first.editors) >= len(other.editors) else other.editors
    return replace(
        first,
        type=type_,
        fields=tuple((k, fields[k]) for k in order),
        authors=authors,
        editors=editors,
        confidence=max(first.confidence, other.confidence),
        diagnostics=first.diagnostics,
    )


def merge_duplicates(refs: Sequence[Reference]) -> tuple[list[Reference], list[Merge]]:
    """Fold duplicates into their first occurrence; returns the references in
    order and one :class:`Merge` for each reference that absorbed copies."""
    blocks: dict[str, list[int]] = defaultdict(list)
    by_title: dict[str, list[int]] = defaultdict(list)  # exact titles, never capped
    owner: list[int] = list(range(len(refs)))  # index of the kept reference
    feats = [_features(r) for r in refs]
    for i, f in enumerate(feats):
        candidates: set[int] = set(by_title[f.title]) if f.title else set()
        for b in f.blocks:
            candidates.update(blocks[b][-BLOCK_CANDIDATES:])
        for j in sorted(candidates):
            if _same(feats[j], f):
                owner[i] = j
                break
        if owner[i] == i:
            for b in f.blocks:
                blocks[b].append(i)
            if f.title:
                by_title[f.title].append(i)
    out: list[Reference] = []
    position: dict[int, int] = {}
    absorbed: dict[int, list[int]] = defaultdict(list)
    for i, ref in enumerate(refs):
        if owner[i] == i:
            position[i] = len(out)
            out.append(ref)
        else:
            k = position[owner[i]]
            out[k] = merge(out[k], ref)
            absorbed[owner[i]].append(i)
    merges = [Merge(position[j], j, tuple(dups)) for j, dups in sorted(absorbed.items())]
    return out, merges
