"""Duplicate detection and merging (bibman.dedupe and the parse pipeline)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bibman.dedupe import is_duplicate, merge, merge_duplicates
from bibman.model import Name, Reference

OLIKER = Name("Oliker", "Olga")


def ref(title: str, year: str = "2007", *authors: Name, **fields: str) -> Reference:
    f = [("title", title)] + ([("year", year)] if year else []) + list(fields.items())
    return Reference("article", tuple(f), authors or (OLIKER,), raw=title)


def test_near_identical_titles_are_duplicates() -> None:
    a = ref(
        "Kazakhstan’s Security Interests and Their Implications for the U.S.-Kazakh Relationship"
    )
    b = ref(
        "Kazakhstan's security interests and their implications for the US-Kazakh relationship."
    )
    c = ref("Kazakhstans Security Interests and Their Implication for the U.S.-Kazakh Relationship")
    assert is_duplicate(a, b) and is_duplicate(a, c)


def test_accents_and_missing_year_or_author_do_not_prevent_a_match() -> None:
    a = ref("Großmächte auf dem Weg zur neuen Konfrontation", "2008", Name("Shiryayev", "B."))
    b = ref("Grossmachte auf dem Weg zur neuen Konfrontation", "")
    b = Reference(b.type, b.fields, ())
    assert is_duplicate(a, b)


def test_different_year_author_or_title_are_not_duplicates() -> None:
    base = ref("Kazakhstan and the New International Politics of Eurasia", "2008")
    assert not is_duplicate(base, ref(base.get("title") or "", "2012"))
    assert not is_duplicate(base, ref(base.get("title") or "", "2008", Name("Weitz", "Richard")))
    assert not is_duplicate(base, ref("Kazakhstan and the Old Regional Politics of Asia", "2008"))
    assert not is_duplicate(ref("Kazakhstan", "2008"), ref("Kazakstan", "2008"))  # short: exact


def test_merge_keeps_first_values_and_fills_gaps() -> None:
    a = Reference("misc", (("title", "A Study"), ("year", "2001")), (OLIKER,), confidence=0.4)
    b = Reference(
        "article",
        (("title", "A study."), ("journal", "Nature"), ("year", "2001"), ("pages", "1-9")),
        (OLIKER, Name("Smith", "J.")),
        confidence=0.9,
    )
    m = merge(a, b)
    assert m.type == "article"
    assert dict(m.fields) == {
        "title": "A Study",
        "year": "2001",
        "journal": "Nature",
        "pages": "1-9",
    }
    assert [n.family for n in m.authors] == ["Oliker", "Smith"]
    assert m.confidence == 0.9


def test_merge_duplicates_reports_positions() -> None:
    refs = [
        ref("First paper about the steppe and its politics"),
        ref("Second paper, entirely different in every respect", "2001"),
        ref("First Paper About the Steppe and Its Politics", "2007", url="http://e.org/1"),
        ref("Second paper entirely different in every respect", "2001"),
    ]
    out, merges = merge_duplicates(refs)
    assert len(out) == 2
    assert out[0].get("url") == "http://e.org/1"
    assert [(m.index, m.original, m.duplicates) for m in merges] == [(0, 0, (2,)), (1, 1, (3,))]


def test_references_without_titles_match_only_on_identical_text() -> None:
    a = Reference("misc", (("note", "x"),), raw="Kazakhstan Country Page, NCSJ")
    b = Reference("misc", (("note", "y"),), raw="Kazakhstan country page NCSJ")
    c = Reference("misc", (("note", "z"),), raw="Kazakhstan Country Page, NCSJ, 2nd copy")
    assert is_duplicate(a, b)
    assert not is_duplicate(a, c)


_title = st.lists(
    st.sampled_from(["steppe", "oil", "gas", "pipeline", "treaty", "war", "peace"]), min_size=3
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_title.map(" ".join), st.sampled_from(["2001", "2002"])), max_size=20))
def test_merging_is_idempotent_and_never_grows(rows: list[tuple[str, str]]) -> None:
    refs = [ref(t, y) for t, y in rows]
    once, _ = merge_duplicates(refs)
    twice, merges = merge_duplicates(once)
    assert len(once) <= len(refs)
    assert twice == once and merges == []


def test_titles_in_other_scripts_are_compared_as_written() -> None:
    ko = ref("한국 영화의 흥행성과 결정요인 분석: 2012 년 개봉 상업영화를 중심으로", "2012")
    zh = ref("廣東四大古典名園植物調查分析 2012", "2012")
    ru = ref("Казахстан и США: история отношений после 2001 года", "2012")
    assert not is_duplicate(ko, zh)
    assert not is_duplicate(ko, ru)
    assert is_duplicate(ru, ref("Казахстан и США — история отношений после 2001 года", "2012"))


def test_a_doi_settles_it() -> None:
    a = ref("A study of the steppe and its many peoples", "2001", doi="10.1000/ABC")
    b = ref("Steppe peoples (conference version)", "2002", doi="10.1000/abc")
    c = ref("A study of the steppe and its many peoples", "2001", doi="10.1000/other")
    assert is_duplicate(a, b)
    assert not is_duplicate(a, c)
    out, merges = merge_duplicates([a, c, b])
    assert len(out) == 2 and [(m.original, m.duplicates) for m in merges] == [(0, (2,))]


def test_untitled_references_with_nearly_the_same_text() -> None:
    a = Reference(
        "misc", (("note", "x"),), raw="Kazakhstan Country Page National Conference on Soviet Jewry"
    )
    b = Reference(
        "misc",
        (("note", "y"),),
        raw="Kazakhstan Country Page, National Conference on Soviet Jewry.",
    )
    c = Reference(
        "misc", (("note", "z"),), raw="Kazakhstan Country Page National Conference on Asian Jewry"
    )
    assert is_duplicate(a, b)
    assert not is_duplicate(a, c)
    assert len(merge_duplicates([a, b, c])[0]) == 2


def test_list_marks_of_the_original_string_do_not_count() -> None:
    a = Reference(
        "misc", (("note", "x"),), raw="7. ^ a b Kazakhstan Country Page National Conference"
    )
    b = Reference("misc", (("note", "y"),), raw="[12] Kazakhstan Country Page National Conference")
    assert is_duplicate(a, b)
