"""The fast decoder of BibTeX's common LaTeX (braces, dashes, ``~``, special
characters such as ``{\\"u}`` or ``\\c{c}``) gives what pylatexenc gives.

Class of input: values whose only LaTeX is grouping braces, dashes, ties and
BibTeX special characters (accents on one letter, ``\\o``, ``\\ss``, ``\\&``).
Checked on seeded random strings of those pieces and on the field values of the
.bib corpora in ../shared/data/bib (a third of them; not the files the speed work was measured on).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bibman import bibtex, latex

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "bib"

PIECES = [
    *("a", "B", "x", "1", " ", "  ", "\n", "\t", "'", "!", "?", "\u2060", "\xa0"),
    *("-", "--", "---", "~", "{", "}", "\\&", "\\%", "\\_", "\\$", "\\#"),
    *("\\'e", "\\'{e}", '\\"u', '{\\"u}', '\\"{\\i}', "\\'\\i", "\\'\\i ", "\\c{c}", "\\c c"),
    *("\\H o", "\\H{o}", "\\H\to", "\\o", "\\o ", "\\ss", "\\aa", "\\AA ", "\\l", "\\L", "\\i"),
    *("\\j", "\\v{s}", "\\u{a}", "\\=o", "\\.z", "\\~n", "\\^o", "\\`a", "\\t{oo}", "\\k{a}"),
    *("\\r{a}", "\\d{s}", "\\b{b}", "\\oe", "\\OE", "\\ae", "\\emph{x}", "$x$", "``", "''"),
]


def _slow(s: str) -> str:
    return latex._SPACES.sub(" ", latex._convert(s)).strip()


def _fast(s: str) -> str | None:
    t = latex._simple(s)
    return None if t is None else latex._SPACES.sub(" ", t.replace("\xa0", " ")).strip()


@pytest.mark.parametrize(
    ("src", "want"),
    [
        ('M{\\"u}ller', "Müller"),
        ("Erd{\\H o}s", "Erdős"),
        ("12--20", "12–20"),
        ("a---b", "a—b"),
        ("Fran\\c{c}ois", "François"),
        ("Bj\\o rn", "Bjørn"),
        ("{\\O}sterg{\\aa}rd", "Østergård"),
        ("V{\\'\\i}ctor", "Víctor"),
        ("A~B {C}", "A B C"),
    ],
)
def test_special_characters(src: str, want: str) -> None:
    assert _fast(src) == want == _slow(src) == latex.to_unicode(src)


def test_what_it_does_not_know_goes_to_pylatexenc() -> None:
    for src in ("a----b", "``q''", "A & B {C}", "$x^2$", "\\emph{x}", "\\o\nrn", "{a", "a}"):
        assert latex._simple(src) is None


def test_agrees_with_pylatexenc_on_random_strings() -> None:
    r = random.Random(20261206)
    accepted = 0
    for _ in range(4000):
        s = "".join(r.choice(PIECES) for _ in range(r.randint(1, 8)))
        got = _fast(s)
        if got is not None:
            accepted += 1
            assert got == _slow(s), s
    assert accepted > 1000


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/data/bib not present")
def test_agrees_with_pylatexenc_on_the_corpora() -> None:
    values: set[str] = set()
    for path in sorted(CORPUS.rglob("*.bib")):
        try:
            bib = bibtex.load(str(path))
        except Exception:  # a file the reader refuses is another test's business
            continue
        for e in bib.entries:
            strings = bib.strings_for(e)
            for f in e.fields:
                try:
                    v = bibtex.expand(f.value, strings)
                except Exception:
                    continue
                if latex._LATEX_SPECIAL.search(v):
                    values.add(v)
    checked = 0
    for v in sorted(values)[::3]:  # a third of them (every value: ~10 s)
        got = _fast(v)
        if got is not None:
            checked += 1
            assert got == _slow(v), v
    assert checked > 1000
