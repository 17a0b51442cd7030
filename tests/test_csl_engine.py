"""Unit tests of the CSL engine on small hand-written styles and items."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bibman.csl.api import render_bibliography, render_citation
from bibman.csl.engine import Processor
from bibman.csl.locale import LocaleStore
from bibman.csl.names import initialize
from bibman.csl.numbers import format_page_range, is_numeric
from bibman.csl.richtext import Quotes, parse_markup, serialize
from bibman.csl.style import parse_style

LOCALES = LocaleStore.default()

STYLE = """<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>t</id><title>T</title></info>
  <citation et-al-min="3" et-al-use-first="1" disambiguate-add-year-suffix="true">
    <layout prefix="(" suffix=")" delimiter="; ">
      <group delimiter=", ">
        <names variable="author"><name form="short" and="symbol"/></names>
        <date variable="issued"><date-part name="year"/></date>
      </group>
    </layout>
  </citation>
  <bibliography>
    <sort><key macro="author"/><key variable="issued"/></sort>
    <layout suffix=".">
      <group delimiter=". ">
        <text macro="author"/>
        <date variable="issued" prefix="(" suffix=")"><date-part name="year"/></date>
        <text variable="title" font-style="italic"/>
        <text variable="page"/>
      </group>
    </layout>
  </bibliography>
  <macro name="author">
    <names variable="author">
      <name name-as-sort-order="all" initialize-with=". " and="text" delimiter=", "/>
      <substitute><text variable="title"/></substitute>
    </names>
  </macro>
</style>"""


def items() -> list[dict[str, Any]]:
    return [
        {
            "id": "a",
            "type": "book",
            "title": "Zebra <i>stripes</i>",
            "page": "100-12",
            "author": [{"family": "Smith", "given": "John Paul"}],
            "issued": {"date-parts": [[2000]]},
        },
        {
            "id": "b",
            "type": "book",
            "title": "Apples",
            "author": [{"family": "Smith", "given": "John Paul"}],
            "issued": {"date-parts": [[2000]]},
        },
        {
            "id": "c",
            "type": "book",
            "title": "Cats",
            "author": [
                {"family": "Berg", "given": "Anna", "non-dropping-particle": "van den"},
                {"family": "Roe", "given": "R."},
                {"family": "Poe", "given": "E."},
            ],
            "issued": {"date-parts": [[1999]]},
        },
    ]


def test_bibliography_sorted_with_names_initials_and_markup() -> None:
    out = render_bibliography(items(), parse_style(STYLE), fmt="html").entries
    texts = [t for _i, t in out]
    assert [i for i, _t in out] == ["c", "a", "b"]  # van den Berg sorts under B; ties keep order
    assert texts[0].startswith("Berg, A. van den, Roe, R., and Poe, E.")
    assert "<i>Zebra <i>stripes</i></i>" not in texts[1]  # nested italics flip
    assert '<span style="font-style:normal;">stripes</span>' in texts[1]
    assert "100–12" in texts[1]


def test_year_suffix_and_et_al_in_citations() -> None:
    res = render_citation(items(), [[{"id": "a"}, {"id": "b"}], [{"id": "c"}]], parse_style(STYLE))
    assert res.entries[0][1] == "(Smith, 2000a; Smith, 2000b)"
    assert res.entries[1][1] == "(van den Berg et al., 1999)"


def test_output_formats_escape_and_format() -> None:
    r = parse_markup("R&D <i>in</i> 50% of cases")
    q = Quotes()
    assert serialize(r, "html", q, True) == "R&#38;D <i>in</i> 50% of cases"
    assert serialize(r, "latex", q, True) == "R\\&D \\textit{in} 50\\% of cases"
    assert serialize(r, "markdown", q, True) == "R&D *in* 50% of cases"
    assert serialize(r, "text", q, True) == "R&D in 50% of cases"


def test_initials_and_page_ranges() -> None:
    assert initialize("John Paul", ". ") == "J. P."
    assert initialize("Jean-Paul", ".") == "J.-P."
    assert initialize("Ph. M.E.", "") == "PhME"
    assert format_page_range("321-28", "expanded") == "321–328"
    assert format_page_range("1496-1504", "minimal") == "1496–504"
    assert format_page_range("N110-5", "expanded") == "N110-5"  # prefixes differ: as written
    assert is_numeric("12-14") and is_numeric("2nd") and not is_numeric("second")


def test_bad_item_gets_diagnostic_not_crash() -> None:
    bad = [
        {"id": "x", "type": "book", "author": "not a list", "issued": {"date-parts": "??"}},
        "not even a dict",
        {"id": "y", "title": "Fine"},
        {"id": "z", "type": "book"},
    ]
    res = render_bibliography(bad, parse_style(STYLE))  # type: ignore[arg-type]
    assert sorted(i for i, _t in res.entries) == ["x", "y"]
    assert dict(res.entries)["x"].startswith("not a list")  # a string author becomes a literal
    assert any(d.code == "csl.bad-item" for d in res.diagnostics)
    assert any(d.code == "csl.empty-entry" and d.key == "z" for d in res.diagnostics)


name_st = st.fixed_dictionaries(
    {},
    optional={
        "family": st.text(max_size=12),
        "given": st.text(max_size=12),
        "literal": st.text(max_size=8),
        "suffix": st.text(max_size=4),
    },
)
item_st = st.fixed_dictionaries(
    {"id": st.text(min_size=1, max_size=5), "type": st.sampled_from(["book", "article"])},
    optional={
        "title": st.text(max_size=30),
        "author": st.lists(name_st, max_size=4),
        "page": st.text(max_size=10),
        "issued": st.one_of(
            st.fixed_dictionaries(
                {
                    "date-parts": st.lists(
                        st.lists(st.integers(-3000, 3000), min_size=1, max_size=3), max_size=2
                    )
                }
            ),
            st.fixed_dictionaries({"raw": st.text(max_size=12)}),
        ),
    },
)


@settings(max_examples=60, deadline=None)
@given(st.lists(item_st, max_size=5))
def test_rendering_never_raises(its: list[dict[str, Any]]) -> None:
    style = parse_style(STYLE)
    res = render_bibliography(its, style, fmt="html")
    assert len(res.entries) <= len(its)
    proc = Processor(style, LOCALES, its)
    proc.process_citation_cluster(
        {"citationID": "c", "citationItems": [{"id": i["id"]} for i in its]}
    )
    assert isinstance(proc.citation_strings()[0], str)


def test_locale_terms_and_dates() -> None:
    style = parse_style(
        STYLE.replace(
            '<date variable="issued" prefix="(" suffix=")"><date-part name="year"/></date>',
            '<date variable="issued" form="text" prefix="(" suffix=")"/>',
        )
    )
    its = [
        {
            "id": "a",
            "type": "book",
            "title": "T",
            "author": [{"family": "Roe", "given": "A."}, {"family": "Doe", "given": "B."}],
            "issued": {"date-parts": [[2001, 3, 5]]},
        }
    ]
    de = render_bibliography(its, style, locale="de-DE").entries[0][1]
    en = render_bibliography(its, style, locale="en-US").entries[0][1]
    assert de == "Roe, A. und Doe, B. (5. März 2001). T."
    assert en == "Roe, A. and Doe, B. (March 5, 2001). T."
