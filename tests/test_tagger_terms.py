"""Tagger features from locale words: the kind of CSL term a word is (``termclass``) and
the tokens after an access word."""

from __future__ import annotations

import pytest

from bibman.freetext import termclass
from bibman.freetext.tagger import token_features


def test_term_kinds_are_read_from_the_locale_data() -> None:
    if not termclass._index():
        pytest.skip("locale-terms data not present")
    assert "acc" in termclass.kinds("abgerufen")  # de-DE "accessed"
    assert "ed" in termclass.kinds("hrsg")
    assert termclass.kinds("photosynthesis") == ()


def test_tokens_after_an_access_word_are_marked() -> None:
    toks = ["Smith,", "J.", "Title.", "Retrieved", "3", "May", "2019."]
    feats = token_features(toks, [])
    assert "aftacc" not in feats[2]
    assert "aftacc" in feats[4] and "aftacc" in feats[6]
