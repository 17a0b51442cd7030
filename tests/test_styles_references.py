"""references.bib keeps its proper nouns and acronyms under BibTeX's sentence case.

plain/unsrt/alpha/abbrv lowercase every title word that is not in braces
(BibTeX's ``change.case$`` "t"), so a .bib must brace what has to stay
capitalised. Three rules that need no dictionary:
  * the title's first letter keeps its capital (BibTeX keeps only the first
    *character*: a title opening with a quote mark loses it);
  * acronyms and words with inner capitals ("U.S.", "NATO", "iPhone") never lose
    their capitals (a hyphenated compound is two words: "Military-Political" in
    a Title Case title is Title Case only, issue 13);
  * in a title written in sentence case (most later words lower case), every
    capitalised later word is a proper noun and must keep its capital.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bibman import bibtex
from bibman.styles.bst import change_case_ascii

REFERENCES = Path(__file__).resolve().parents[1] / "references.bib"
_WORD = re.compile(r"[^\s{}]+")
_PUNCT = ".,:;!?()\"'‘’“”„«»[]"


def lowered_words(title: str) -> list[str]:
    """Words of ``title`` that lose a capital under ``change.case$`` "t"."""
    after = change_case_ascii(title, "t")
    assert len(after) == len(title)  # ASCII case changes keep every position
    lost = {i for i, (a, b) in enumerate(zip(title, after, strict=True)) if a != b}
    return [m.group() for m in _WORD.finditer(title) if lost & set(range(m.start(), m.end()))]


def must_keep(title: str) -> set[str]:
    """Words that must keep their capitals by the two rules above."""
    words = [w.strip(_PUNCT) for w in _WORD.findall(title)]
    later = [w for w in words[1:] if w[:1].isalpha()]
    sentence_case = bool(later) and sum(w[0].islower() for w in later) > len(later) / 2
    keep = set()
    for i, w in enumerate(words):
        inner = any(c.isupper() for part in w.split("-") for c in part[1:])
        if inner or (w[:1].isupper() and (i == 0 or sentence_case)):
            keep.add(w)
    return keep


def test_rules_on_examples() -> None:
    assert lowered_words("Relations between Kazakhstan and the U.S.") == ["Kazakhstan", "U.S."]
    assert lowered_words("Relations between {Kazakhstan} and the {U.S.}") == []
    assert must_keep("Relations between Kazakhstan and the U.S.") == {
        "Relations",
        "Kazakhstan",
        "U.S",
    }
    assert must_keep("Joint Statement Between Two States") == {"Joint"}
    assert lowered_words("‘Multi-vector politics’ and {Kazakhstan}") == ["‘Multi-vector"]
    assert "Multi-vector" in must_keep("‘Multi-vector politics’ and {Kazakhstan}")


def test_references_bib_protects_proper_nouns_and_acronyms() -> None:
    if not REFERENCES.exists():
        pytest.skip("references.bib has not been generated yet")
    bib = bibtex.load(REFERENCES)
    problems = []
    for entry in bib.entries:
        title = entry.get("title")
        if not title:
            continue
        keep = must_keep(title)
        lost = [w for w in lowered_words(title) if w.strip(_PUNCT) in keep]
        if lost:
            problems.append(f"{entry.key}: {', '.join(lost)}")
    assert problems == []
