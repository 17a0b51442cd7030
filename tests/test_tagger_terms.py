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


def test_a_year_glued_to_et_al_is_its_own_token() -> None:
    from bibman.freetext.tagger import tokenize

    text = "Moreau, L., P. Okafor, et al.2019 ‘Tidal Heating’, Icarus 12: 1–9."
    toks = [text[s:e] for s, e in tokenize(text)]
    assert "al." in toks and "2019" in toks
    # a year in a journal name or a page-like token stays whole
    other = "Proc.2019 workshop"
    assert "Proc.2019" in [other[s:e] for s, e in tokenize(other)]


def test_a_year_glued_to_et_al_is_the_year_not_an_author() -> None:
    from bibman.freetext.fields import parse_reference

    r = parse_reference(
        "Moreau, Lise, Peter Okafor, Anna Lindqvist, et al.2019 ‘Tidal Heating in Small "
        "Moons’, Icarus 321: 112–119."
    )
    assert dict(r.fields).get("year") == "2019"
    assert [n.family for n in r.authors] == ["Moreau", "Okafor", "Lindqvist"]


def test_the_shipped_term_kinds_file_is_current() -> None:
    # the tagger reads the derived word -> kinds file (cheap at start-up); it must say
    # what the locale term files say (`python -m bibman.freetext.termclass` rewrites it)
    assert termclass._index() == termclass.build()
    assert termclass.main(["--check"]) == 0
