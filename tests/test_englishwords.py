"""The English word list answers as a set would, before and after it becomes one."""

from __future__ import annotations

import random

from bibman import englishwords
from bibman.englishwords import WordList, english_words


def _words() -> list[str]:
    return englishwords._FILE.read_text(encoding="utf-8").split()


def test_the_shipped_list_is_sorted_by_code_point() -> None:
    # the binary search needs it; sort the file with `LC_ALL=C sort` when adding words
    words = _words()
    assert words == sorted(words) and len(words) > 10_000


def test_search_agrees_with_a_set() -> None:
    words = _words()
    rng = random.Random(14)
    probes = [
        *rng.sample(words, 3000),
        *(w + "q" for w in rng.sample(words, 1000)),
        *(w[:-1] for w in rng.sample(words, 1000) if len(w) > 1),
        words[0],
        words[-1],
        words[-1] + "z",
        "",
        "\n",
        "a\nb",
        "Zürich",
        "0",
    ]
    known = set(words)
    wl = WordList("\n".join(words))
    assert [wl._search(w) if w and "\n" not in w else False for w in probes] == [
        w in known for w in probes
    ]


def test_a_small_list_and_an_empty_one() -> None:
    wl = WordList("apple\nbanana\ncherry\n")
    assert [w in wl for w in ("apple", "banana", "cherry", "a", "b", "cherryx", "zzz")] == [
        True, True, True, False, False, False, False,
    ]  # fmt: skip
    assert WordList("one") and "one" in WordList("one") and "on" not in WordList("one")
    empty = WordList("")
    assert not empty and "a" not in empty


def test_many_lookups_switch_to_a_set_with_the_same_answers() -> None:
    wl = WordList("apple\nbanana\ncherry")
    answers = [w in wl for _ in range(englishwords._SET_AFTER) for w in ("banana", "kiwi")]
    assert wl._set is not None
    assert answers == [True, False] * englishwords._SET_AFTER
    assert "cherry" in wl and "kiwi" not in wl


def test_the_loaded_list_knows_common_words() -> None:
    words = english_words()
    assert "analysis" in words and "the" in words and "kazakhstan" not in words
