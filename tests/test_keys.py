"""Citation keys (bibman.keys)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bibman.keys import ascii_fold, assign_keys, base_key
from bibman.model import Name, Reference


def ref(title: str = "", year: str = "", *authors: Name, **fields: str) -> Reference:
    f = [("title", title)] if title else []
    if year:
        f.append(("year", year))
    f.extend(fields.items())
    return Reference("article", tuple(f), tuple(authors))


SMITH = Name("Smith", "John")


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Großmächte", "grossmachte"),
        ("Kazakhstan’s", "kazakhstans"),
        ("Çağlar Øresund", "caglaroresund"),
        ("Шарипов", "sharipov"),
        ("Łódź", "lodz"),
        ("naïve café", "naivecafe"),
    ],
)
def test_ascii_fold(text: str, folded: str) -> None:
    assert ascii_fold(text) == folded


def test_family_year_first_significant_title_word() -> None:
    assert base_key(ref("The Art of War", "2001", SMITH)) == "smith2001art"
    hanks = ref("‘Multi-vector politics’ and Kazakhstan", "2009", Name("Hanks", "Reuel R."))
    assert base_key(hanks) == "hanks2009multi"
    shiryayev = ref("Großmächte auf dem Weg", "2008", Name("Shiryayev", "Boris"))
    assert base_key(shiryayev) == "shiryayev2008grossmachte"


@pytest.mark.parametrize(
    ("title", "word"),
    [
        ("Die Entwicklung der Stadt", "entwicklung"),
        ("La politique de la France", "politique"),
        ("El desarrollo de la ciudad", "desarrollo"),
        ("Il ruolo della Russia", "ruolo"),
        ("О политике России", "politike"),
        ("On the Origin of Species", "origin"),
    ],
)
def test_stopwords_are_skipped_in_several_languages(title: str, word: str) -> None:
    assert base_key(ref(title, "1999", SMITH)) == f"smith1999{word}"


def test_organisations_editors_and_missing_parts() -> None:
    org = Name(literal="Embassy of the Republic of Kazakhstan")
    assert base_key(ref("Joint Statement", "2010", org)) == "embassy2010joint"
    us = Name(literal="U.S. Department of State")
    assert base_key(ref("Relations", "2018", us)) == "usdepartment2018relations"
    edited = Reference("book", (("title", "Handbook"),), editors=(Name("Ivanov", "I."),))
    assert base_key(edited) == "ivanovhandbook"  # no year: the year is left out
    no_author = ref("Running A Huge Risk", organization="Center for Defense Information")
    assert base_key(no_author) == "cdirunning"
    assert base_key(ref("Report", "", date="2006-05-15")) == "report2006"  # no name: word first
    assert base_key(Reference("misc")) == "ref"


@pytest.mark.parametrize(
    ("site", "part"),
    [
        ("RadioFreeEurope/RadioLiberty", "rferl"),  # shipped short form, spaces optional
        ("Radio Free Europe / Radio Liberty", "rferl"),
        ("The White House", "whitehouse"),
        ("World Health Organization", "who"),
        ("Organisation for Economic Co-operation and Development (OECD)", "oecd"),
        ("International Institute for Applied Systems Analysis", "iiasa"),  # generic opening
        ("National Conference on Soviet Jewry", "ncsj"),
        ("Centre for European Reform", "cer"),
        ("Embassy of the Republic of Kazakhstan", "embassy"),  # not a generic opening
        ("Center for Defense", "center"),  # two words: no initials
        ("Space War", "space"),
        ("www.rferl.org", "rferl"),  # a domain gives its name
    ],
)
def test_authorless_pages_are_keyed_by_their_site_as_people_abbreviate_it(
    site: str, part: str
) -> None:
    page = Reference(
        "misc", (("title", "Five Years After"), ("year", "2006"), ("howpublished", site))
    )
    assert base_key(page) == f"{part}2006five"


def test_clashes_get_letters_in_document_order() -> None:
    a = ref("Kazakhstan and Eurasia", "2008", Name("Weitz", "Richard"))
    b = ref("Kazakhstan: a new plan", "2008", Name("Weitz", "Richard"))
    c = ref("Other things", "2008", Name("Weitz", "Richard"))
    assert assign_keys([a, c, b]) == [
        "weitz2008kazakhstana",
        "weitz2008other",
        "weitz2008kazakhstanb",
    ]


def test_unrelated_references_do_not_change_keys() -> None:
    a = ref("Kazakhstan and Eurasia", "2008", Name("Weitz", "Richard"))
    b = ref("Kazakhstan: a new plan", "2008", Name("Weitz", "Richard"))
    other = ref("Something else", "1990", Name("Jones", "K."))
    assert assign_keys([other, a, b])[1:] == assign_keys([a, b])


def test_preset_and_taken_keys_are_respected() -> None:
    a = ref("Art", "2001", SMITH)
    preset = Reference("misc", key="mine")
    dup_preset = Reference("misc", (("title", "Other"),), key="mine")
    keys = assign_keys([preset, a, dup_preset], taken={"smith2001art"})
    assert keys[0] == "mine"
    assert keys[1] != "smith2001art" and keys[1].startswith("smith2001art")
    assert keys[2] != "mine"


_names = st.text(alphabet="abcdeßøШжé ", min_size=0, max_size=8)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(_names, st.sampled_from(["", "2001", "1999"]), _names, _names),
        max_size=30,
    )
)
def test_keys_are_unique_ascii_and_deterministic(rows: list[tuple[str, str, str, str]]) -> None:
    refs = [
        ref(title, year, *([Name(family=fam)] if fam.strip() else []), publisher=pub)
        for title, year, fam, pub in rows
    ]
    keys = assign_keys(refs)
    assert len(set(keys)) == len(keys)
    assert all(re.fullmatch(r"[a-z][a-z0-9]*", k) for k in keys)
    assert assign_keys(refs) == keys


def test_numbers_are_not_title_words() -> None:
    five = ref("Five Years After 9/11: Crackdowns loom", "2006", SMITH)
    assert base_key(five) == "smith2006five"
    assert base_key(ref("9/11 and After", "2006", SMITH)) == "smith2006after"
    assert base_key(ref("1984", "1949", Name("Orwell", "George"))) == "orwell1949"
