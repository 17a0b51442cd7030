"""The journal/proceedings-name lexicon (``bibman/data/journals.txt``) and its features.

Names here are written for the test (not from the dev set): matching folds case,
punctuation and "of/the/and/&", takes the longest known name, and only marks tokens —
the CRF decides.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bibman.freetext import lexicon, tagger

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _toks(text: str) -> list[str]:
    return [text[s:e] for s, e in tagger.tokenize(text)]


def _spans(text: str) -> list[str]:
    toks = _toks(text)
    return [" ".join(toks[a:b]) for a, b in lexicon.spans(toks)]


def test_name_key_folds_case_punctuation_and_small_words() -> None:
    assert lexicon.name_key("Journal of the Acoustical Society & Friends") == lexicon.name_key(
        "journal acoustical society and friends."
    )
    assert lexicon.name_key("Phys. Rev. E") == ("phys", "rev", "e")


def test_known_full_and_abbreviated_names_are_marked() -> None:
    # both forms of a journal the IRIDIA CC0 @string lists carry
    got = _spans("A. Writer. Some title here. Journal of Heuristics, 12(3):1-9, 2001.")
    assert got == ["Journal of Heuristics,"]
    got = _spans("A. Writer, Phys. Rev. E 64, 011907 (2001).")
    assert got == ["Phys. Rev. E"]


def test_longest_match_and_punctuation_ends_a_name() -> None:
    got = _spans("Title. European Journal of Operational Research // 12 (2)")
    assert got == ["European Journal of Operational Research"]


def test_lowercase_start_and_unknown_names_are_not_marked() -> None:
    assert _spans("a journal of heuristics that does not exist") == []
    assert _spans("Quarterly Letters of Imaginary Zoology 3, 1-2.") == []


def test_marks_are_features_of_the_span_and_the_next_token() -> None:
    marks = tagger.lexicon_marks([(1, 3), (4, 5)], 6)
    assert marks == [None, "jlex=B", "jlex=E", "aftjlex", "jlex=BE", "aftjlex"]
    toks = _toks("Title. Journal of Heuristics, 12.")
    feats = tagger.token_features(toks)
    assert "jlex=B" in feats[1] and "jlex=E" in feats[3] and "aftjlex" in feats[4]
    # training hides matches by passing the spans it keeps
    assert not any(f.startswith("jlex") for f in tagger.token_features(toks, [])[1])


def test_data_file_states_sources_and_licences() -> None:
    text = (ROOT / "bibman" / "data" / "journals.txt").read_text(encoding="utf-8")
    head = [ln for ln in text.splitlines() if ln.startswith("#")]
    body = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    assert any("CC0" in ln for ln in head) and any("MIT" in ln for ln in head)
    assert len(body) > 1000
    assert not any("\\" in ln or "{" in ln for ln in body)  # LaTeX decoded
    assert not any(re.search(r"\d{4}", ln) for ln in body)


def test_dev_containers_are_not_copied_into_the_lexicon() -> None:
    dev = SHARED / "data" / "refparse-dev.jsonl"
    if not dev.is_file():
        pytest.skip("shared dev set not beside the checkout")
    total, hit, _ids = lexicon.overlap(dev)
    # the names the public corpora happen to share with the dev set (15-20%), not a copy
    assert total > 600 and hit / total < 0.25
