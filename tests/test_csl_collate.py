"""Sort keys: the fast collation path builds exactly pyuca's key, and the per-character
fold equals the whole-string steps it replaces."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bibman.csl import collate as C

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "bib"


def test_every_fast_character_keys_as_pyuca() -> None:
    _pattern, prim, _sec, _ter = C._fast()
    assert len(prim) > 800  # Latin, Greek, Cyrillic letters, digits, symbols
    for cp in range(0x0530):
        ch = chr(cp)
        assert C.collate(ch) == C.uca_key(ch), hex(cp)


def test_contractions_and_other_scripts_go_to_pyuca() -> None:
    # "l·" is a DUCET contraction (Catalan); combining marks, CJK: the slow path
    for s in ("l\u00b7l", "ella\u00b7l", "\u0418\u0306", "a\u0301", "\u4e2d\u6587", "ﬁ", ""):
        assert C.collate(s) == C.uca_key(s), repr(s)
    pattern = C._fast()[0]
    assert pattern.fullmatch("l\u00b7l") is None
    assert pattern.fullmatch("smith john 2020") is not None


def test_random_strings_key_as_pyuca() -> None:
    r = random.Random(20261207)
    pools = [
        [chr(c) for c in range(0x20, 0x530)],
        [*list("abcdefghijklmnopqrstuvwxyz0123456789 "), "ł", "ø", "ß", "æ", "ə", "ә"],
        [chr(c) for c in range(0x20, 0x3000)],
    ]
    for pool in pools:
        for _ in range(1500):
            s = "".join(r.choice(pool) for _ in range(r.randint(0, 16)))
            assert C.collate(s) == C.uca_key(s), repr(s)


def _corpus_lines() -> list[str]:
    lines: list[str] = []
    for p in sorted(CORPUS.rglob("*.bib"))[:400]:
        try:
            text = p.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        lines += text.splitlines()
    lines = sorted(set(lines))
    return random.Random(3).sample(lines, min(len(lines), 15_000))


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/data/bib not present")
def test_corpus_text_keys_and_orders_as_pyuca() -> None:
    """Every line of the shared .bib corpora (not the scale files the speed was measured
    on), folded as a sort key is: the same key, so the same order."""
    lines = _corpus_lines()
    assert len(lines) >= 10_000
    fast = 0
    folded = [C.fold(s) for s in lines]
    pattern = C._fast()[0]
    for s in folded:
        assert C.collate(s) == C.uca_key(s), repr(s)
        fast += bool(pattern.fullmatch(s))
    assert fast > 0.9 * len(folded)
    assert sorted(folded, key=C.collate) == sorted(folded, key=C.uca_key)


def test_fold_equals_the_whole_string_steps() -> None:
    def slow(s: str) -> str:
        return " ".join(C._fold_slow(s).split())

    r = random.Random(7)
    pool = [chr(c) for c in range(0x20, 0x3000)] + ["\u03a3", "\u03f9", "\U0001d6ba"]
    for _ in range(10000):
        s = "".join(r.choice(pool) for _ in range(r.randint(0, 10)))
        assert C.fold(s) == slow(s), repr(s)
    # a capital sigma lower-cases by context (final sigma), also from a lunate sigma
    for s in ("ΟΔΥΣΣΕΥΣ", "ΑϹ ΒϹΑ", "Σ.", "Émile  Zola-Smith, Jr.", "İstanbul"):
        assert C.fold(s) == slow(s), s
    assert C.fold("  Émile   Zola-Smith, Jr. ") == "emile zolasmith jr"
