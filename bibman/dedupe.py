"""Finding and merging duplicate references (within and across documents).

Two references are duplicates when their titles are nearly the same (after
folding case, accents and punctuation; similarity >= 0.9, exact for very short
titles), their years do not disagree, and their first authors' family names
do not disagree. A reference with no title is only a duplicate of one whose
whole text is the same. Merging keeps the first occurrence's place and fills
in whatever the later copies have that it lacks ("the richer fields").

Comparison is blocked on the title's first significant words, so the cost is
near-linear in the number of references, not quadratic.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from .keys import STOPWORDS, ascii_fold
from .model import Name, Reference

TITLE_SIMILARITY = 0.9


@dataclass(frozen=True)
class Merge:
    """One kept reference and the copies folded into it.

    ``index`` is its position in the output; ``original`` and ``duplicates``
    are positions in the input.
    """

    index: int
    original: int
    duplicates: tuple[int, ...]


def _norm_words(text: str) -> list[str]:
    text = re.sub(r"(?<=\w)\.(?=\w)", "", text)
    return [w for w in (ascii_fold(t) for t in re.split(r"[\W_]+", text)) if w]


def _title(ref: Reference) -> str:
    return " ".join(_norm_words(ref.get("title") or ""))


def _first_family(ref: Reference) -> str:
    names: tuple[Name, ...] = ref.authors or ref.editors
    if not names:
        return ""
    n = names[0]
    return " ".join(_norm_words(n.literal or n.family))


def _year(ref: Reference) -> str:
    m = re.search(r"\d{4}", ref.get("year") or ref.get("date") or "")
    return m.group(0) if m else ""


def is_duplicate(a: Reference, b: Reference) -> bool:
    ta, tb = _title(a), _title(b)
    if not ta or not tb:
        if ta or tb:
            return False
        ra, rb = " ".join(_norm_words(a.raw)), " ".join(_norm_words(b.raw))
        return bool(ra) and ra == rb
    ya, yb = _year(a), _year(b)
    if ya and yb and ya != yb:
        return False
    fa, fb = _first_family(a), _first_family(b)
    if fa and fb and fa != fb and not (fa in fb or fb in fa):
        return False
    if ta == tb:
        return True
    if min(len(ta), len(tb)) < 20:
        return False
    return SequenceMatcher(None, ta, tb, autojunk=False).ratio() >= TITLE_SIMILARITY


def _blocks(ref: Reference) -> list[str]:
    words = [w for w in _norm_words(ref.get("title") or "") if w not in STOPWORDS]
    if not words:
        return ["raw:" + " ".join(_norm_words(ref.raw))[:60]]
    return ["t:" + w for w in words[:3]]


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
    owner: list[int] = list(range(len(refs)))  # index of the kept reference
    for i, ref in enumerate(refs):
        candidates: list[int] = []
        for b in _blocks(ref):
            candidates.extend(blocks[b])
        for j in sorted(set(candidates)):
            if owner[j] == j and is_duplicate(refs[j], ref):
                owner[i] = j
                break
        if owner[i] == i:
            for b in _blocks(ref):
                blocks[b].append(i)
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
