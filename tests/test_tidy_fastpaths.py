"""tidy's shortcuts for large files give what the general path gives: the title
key for near-duplicates, space squashing, brace balance, and duplicate removal
that computes signatures only for keys seen twice."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bibman import bibtex
from bibman.formats.values import plain_text
from bibman.model import balanced
from bibman.tidy import squash_spaces, tidy, title_key

# LaTeX-ish titles: letters, accents, braces, quotes, dashes, ties, punctuation, math
TITLE = st.lists(
    st.sampled_from(
        [*list("abcXYZ éü019 {}{}\\\"'`-~!?<>&%_^#$.,:;()[]/"), "\\'e", "\\v{s}", "--"]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(TITLE)
def test_title_key_is_the_decoded_titles_word_characters(latex: str) -> None:
    assert title_key(latex) == re.sub(r"\W+", "", plain_text(latex).lower())


def _squash_slow(value: str) -> str:
    paragraphs = re.split(r"[ \t]*\n[ \t]*\n\s*", value)
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(list("ab {}\n\t\r\xa0\u2003")), max_size=20))
def test_squash_spaces_shortcut_agrees(value: str) -> None:
    assert squash_spaces(value) == _squash_slow(value)


def _balanced_slow(s: str) -> bool:
    depth = 0
    for ch in s:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(list("a{}\\ ")), max_size=20))
def test_balanced_agrees_with_a_character_walk(s: str) -> None:
    assert balanced(s) == _balanced_slow(s)


def test_exact_duplicates_removed_whatever_lies_between() -> None:
    bib = bibtex.loads(
        "@article{a, title={T}, year=2001}\n\n"
        "@article{b, title={T}, year=2001}\n\n"
        "@article{a, title={Other}, year=2001}\n\n"
        "@article{A, title = {T}, year = {2001}}\n\n"
        "@article{b, title={T}, year=2001}\n"
    )
    result = tidy(bib)
    keys = [e.key for e in result.bibliography.entries]
    assert keys == ["a", "b", "a"]  # the 4th (same as the 1st) and 5th (same as the 2nd) go
    removed = [d for d in result.diagnostics if d.code == "tidy.duplicate-removed"]
    assert [(d.line, d.message) for d in removed] == [
        (7, "exact duplicate of the entry on line 1; removed"),
        (9, "exact duplicate of the entry on line 3; removed"),
    ]


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(list('a {}{}\\"#,')), max_size=16))
def test_split_value_shortcut_agrees_with_the_scan(v: str) -> None:
    import bibman.bibtex_values as bt

    fast = bt.split_value(v)
    saved = bt._SIMPLE_VALUE
    bt._SIMPLE_VALUE = re.compile(r"(?!)")  # never matches: the scan only
    try:
        assert fast == bt.split_value(v)
    finally:
        bt._SIMPLE_VALUE = saved
