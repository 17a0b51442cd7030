"""Engine behaviours matched to citeproc-js (the styles bench's gold renderer)."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from bibman.csl.api import render_bibliography
from bibman.csl.names import initialize
from bibman.csl.richtext import Rich
from bibman.csl.style import parse_style
from bibman.csl.textcase import apply_text_case


def _style(layout: str, macros: str = "", bib_attrs: str = "") -> str:
    return f"""<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>t</id><title>T</title></info>
  {macros}
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography {bib_attrs}><layout>{layout}</layout></bibliography>
</style>"""


def _render(layout: str, items: list[dict[str, Any]], fmt: str = "text", **kw: str) -> list[str]:
    res = render_bibliography(items, parse_style(_style(layout, **kw)), fmt=fmt)
    return [text for _key, text in res.entries]


SUBSTITUTE = """
<group delimiter=". ">
  <names variable="author"><substitute><text variable="container-title"/></substitute></names>
  <choose>
    <if variable="container-title"><text variable="title" quotes="true"/></if>
    <else><text variable="title" font-style="italic"/></else>
  </choose>
</group>"""


def test_conditions_still_see_a_substituted_variable() -> None:
    item = {"id": "a", "type": "article-newspaper", "title": "Title", "container-title": "Paper"}
    # the container stood in for the author, yet the title keeps its article form
    assert _render(SUBSTITUTE, [item]) == ["Paper. “Title”"]


def test_only_the_branch_taken_in_a_substitute_is_suppressed() -> None:
    layout = """
<group delimiter=" ">
  <names variable="author">
    <substitute>
      <choose>
        <if type="article-journal"><text variable="container-title"/></if>
        <else><text variable="title"/></else>
      </choose>
    </substitute>
  </names>
  <text variable="container-title" prefix="in "/>
</group>"""
    item = {"id": "a", "type": "webpage", "title": "Page", "container-title": "Site"}
    assert _render(layout, [item]) == ["Page in Site"]


def test_names_in_a_choose_inside_substitute_inherit_name_options() -> None:
    layout = """
<names variable="author">
  <name and="text" delimiter-precedes-last="always" initialize="false" name-as-sort-order="first"/>
  <label form="short" prefix=", "/>
  <substitute>
    <choose><if type="book"><names variable="editor"/></if></choose>
  </substitute>
</names>"""
    item = {
        "id": "a",
        "type": "book",
        "editor": [{"family": "Mohanty", "given": "Arun"}, {"family": "Swain", "given": "Sumant"}],
    }
    assert _render(layout, [item]) == ["Mohanty, Arun, and Sumant Swain, eds."]


def test_cjk_names_are_not_initialized_and_italics_skip_cjk_titles() -> None:
    layout = """<group delimiter=". ">
  <names variable="author"><name initialize-with=". " name-as-sort-order="all"/></names>
  <text variable="title" font-style="italic"/></group>"""
    item = {
        "id": "a",
        "type": "book",
        "author": [{"family": "费", "given": "孝通"}],
        "title": "乡土中国",
    }
    assert _render(layout, [item], fmt="html") == ["费孝通. 乡土中国"]
    latin = {
        "id": "b",
        "type": "book",
        "author": [{"family": "Fei", "given": "Xiaotong"}],
        "title": "X",
    }
    assert _render(layout, [latin], fmt="html") == ["Fei, X. <i>X</i>"]
    # non-ASCII but not CJK-only: italic as any title
    for title in ("Économie", "乡土中国 From the soil"):
        other = {**latin, "title": title}
        assert _render(layout, [other], fmt="html") == [f"Fei, X. <i>{title}</i>"]


def test_given_names_without_a_known_initial_stay_whole() -> None:
    assert initialize("Ғалым Әбілұлы", ". ") == "Ғалым Әбілұлы"
    assert initialize("Иван Петрович", ".") == "И.П."
    assert initialize("John Ronald", ". ") == "J. R."


def test_punctuation_moved_into_quotes_lands_after_closing_italics() -> None:
    layout = '<text variable="title" quotes="true" suffix="."/>'
    item = {"id": "a", "type": "article", "title": "Inheritance in <i>Drosophila</i>"}
    assert _render(layout, [item], fmt="html") == ["“Inheritance in <i>Drosophila</i>.”"]


def _cased(text: str, case: str) -> str:
    r = Rich([text])
    apply_text_case(r, case)
    return r.plain_all()


def test_text_case_follows_citeproc_js_on_mixed_case_words() -> None:
    assert _cased("arXiv:1412.6980", "capitalize-first") == "arXiv:1412.6980"
    assert _cased("preprint", "capitalize-first") == "Preprint"
    assert _cased("visualizing data using t-SNE", "title") == "Visualizing Data Using T-SNE"
    assert _cased("07-x test", "title") == "07-x Test"


@given(st.text(alphabet="abcXYZ -", max_size=30))
def test_title_case_never_changes_letters_other_than_case(s: str) -> None:
    out = _cased(s, "title")
    assert out.lower() == s.lower()
    # title case only ever capitalizes
    assert all(a == b or a.islower() for a, b in zip(s, out, strict=True))


def test_a_term_that_opens_an_entry_is_capitalized() -> None:
    layout = """<group delimiter=" "><choose><if variable="issued"><date variable="issued"
      form="text" date-parts="year"/></if><else><text term="no date" form="short"/></else>
      </choose><text variable="title"/></group>"""
    items = [{"id": "a", "type": "book", "title": "Title"}]
    assert _render(layout, items) == ["N.d. Title"]
    # after other output the term stays as the locale has it
    layout2 = """<group delimiter=" "><text variable="title"/><text term="no date"
      form="short"/></group>"""
    assert _render(layout2, items) == ["Title n.d."]


def test_a_name_suffix_follows_initials_without_periods() -> None:
    layout = '<names variable="author"><name initialize-with="" name-as-sort-order="all" sort-separator=" "/></names>'
    item = {
        "id": "a",
        "type": "book",
        "author": [{"family": "Smith", "given": "John", "suffix": "Jr."}],
    }
    assert _render(layout, [item]) == ["Smith J Jr"]
    layout = (
        '<names variable="author"><name initialize-with=". " name-as-sort-order="all"/></names>'
    )
    assert _render(layout, [item]) == ["Smith, J., Jr."]


def test_a_term_standing_in_for_the_names_takes_no_names_affixes_nor_substitution() -> None:
    macros = """<macro name="anon"><text term="anonymous" form="short" text-case="capitalize-first"
      strip-periods="true"/></macro>"""
    layout = """<group delimiter=" "><names variable="author" suffix="."><substitute>
      <text macro="anon"/></substitute></names><text variable="title"/></group>"""
    items = [
        {"id": "a", "type": "book", "title": "One"},
        {"id": "b", "type": "book", "title": "Two"},
    ]
    out = _render(layout, items, macros=macros, bib_attrs='subsequent-author-substitute="---"')
    assert out == ["Anon One", "Anon Two"]


def test_sorting_uses_unicode_collation() -> None:
    style = """<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>t</id><title>T</title></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><sort><key variable="author"/></sort>
  <layout><names variable="author"><name form="short"/></names></layout></bibliography>
</style>"""
    names = ["Ministry", "Miłosz", "Иванова", "Әуезов", "Zhang", "Ångström", "apple"]
    items = [
        {"id": f"i{n}", "type": "book", "author": [{"family": name}]}
        for n, name in enumerate(names)
    ]
    out = [t for _k, t in render_bibliography(items, parse_style(style)).entries]
    # ł sorts with l (before n), Ә with А (before И), Latin before Cyrillic
    assert out == ["Ångström", "apple", "Miłosz", "Ministry", "Zhang", "Әуезов", "Иванова"]


def test_title_case_leaves_a_lone_letter_alone() -> None:
    r = Rich(["integer multiplication in time O(n log n)"])
    apply_text_case(r, "title")
    assert r.plain_all() == "Integer Multiplication in Time O(n Log n)"


def test_display_is_honoured_only_directly_in_the_layout() -> None:
    # CSL 1.0.2 "Display": citeproc-js applies it to top-level elements of cs:layout;
    # nested in a group (or a macro) it is ignored, so no margin gap appears
    nested = """
<group delimiter=". ">
  <group><text variable="title" suffix=" "/><text variable="note" display="left-margin"/></group>
  <text variable="publisher"/>
</group>"""
    item = {"id": "a", "type": "book", "title": "Doe", "note": "(2009)", "publisher": "P"}
    assert _render(nested, [item]) == ["Doe (2009). P"]
    top = """
<text variable="note" display="block"/>
<text variable="title"/>"""
    html = _render(top, [item], fmt="html")[0]
    assert '<div class="csl-block">(2009)</div>' in html


def test_quotes_in_a_title_print_by_nesting_level() -> None:
    # citeproc-js reads quote pairs in a field as quote markup printed by nesting level
    # in the locale's marks; a typed curly ‘single’ pair keeps its kind unless an
    # enclosing element says quotes="false" (then it is an outer pair at the top)
    item = {"id": "a", "type": "book", "title": '‘Multi-vector politics’ and "more"'}
    assert _render('<text variable="title"/>', [item]) == ["‘Multi-vector politics’ and “more”"]
    off = _render('<text variable="title" quotes="false"/>', [item])
    assert off == ["“Multi-vector politics” and “more”"]
    grp = _render('<group quotes="false"><text variable="title"/></group>', [item])
    assert grp == off
    quoted = _render('<text variable="title" quotes="true"/>', [item])
    assert quoted == ["“‘Multi-vector politics’ and ‘more’”"]


def test_subsequent_author_substitute_compares_the_name_data() -> None:
    # citeproc-js compares the names' parts as given (joined without separators), so
    # "Claude E." and "Claude Elwood" are two people even though both print "C. E."
    layout = """
<group delimiter=". ">
  <names variable="author"><name initialize-with=". " name-as-sort-order="all"/></names>
  <text variable="title"/>
</group>"""
    items = [
        {
            "id": "a",
            "type": "book",
            "title": "A",
            "author": [{"family": "Shannon", "given": "Claude E."}],
        },
        {
            "id": "b",
            "type": "book",
            "title": "B",
            "author": [{"family": "Shannon", "given": "Claude Elwood"}],
        },
        {
            "id": "c",
            "type": "book",
            "title": "C",
            "author": [{"family": "Shannon", "given": "Claude Elwood"}],
        },
    ]
    out = _render(layout, items, bib_attrs='subsequent-author-substitute="———"')
    assert out == ["Shannon, C. E. A", "Shannon, C. E. B", "———. C"]
    # a family name and a literal with the same letters are the same author
    lit = [
        {"id": "a", "type": "book", "title": "A", "author": [{"family": "Beijing Zoo"}]},
        {"id": "b", "type": "book", "title": "B", "author": [{"literal": "Beijing Zoo"}]},
    ]
    out = _render(layout, lit, bib_attrs='subsequent-author-substitute="———"')
    assert out == ["Beijing Zoo. A", "———. B"]


def test_global_givenname_disambiguation_carries_into_the_bibliography() -> None:
    # givenname-disambiguation-rule="primary-name" (a global rule): two people named
    # Shannon whose initials agree print with full given names in citations and, as
    # citeproc-js does, in the bibliography too
    style = """<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>t</id><title>T</title></info>
  <citation disambiguate-add-givenname="true" givenname-disambiguation-rule="primary-name">
    <layout><names variable="author"><name form="short"/></names></layout>
  </citation>
  <bibliography><layout>
    <names variable="author"><name initialize-with="." name-as-sort-order="all"/></names>
  </layout></bibliography>
</style>"""
    items = [
        {"id": "a", "type": "book", "author": [{"family": "Shannon", "given": "Claude E."}]},
        {"id": "b", "type": "book", "author": [{"family": "Shannon", "given": "Claude Elwood"}]},
        {"id": "c", "type": "book", "author": [{"family": "Hinton", "given": "Geoffrey"}]},
    ]
    res = render_bibliography(items, parse_style(style))
    got = sorted(text for _k, text in res.entries)
    assert got == ["Hinton, G.", "Shannon, Claude E.", "Shannon, Claude Elwood"]


def test_an_inverted_short_name_demotes_its_particle() -> None:
    # citeproc-js: form="short" with name-as-sort-order and the default
    # demote-non-dropping-particle="display-and-sort" prints "Maaten, van der"
    item = {
        "id": "a",
        "type": "book",
        "author": [
            {"family": "Maaten", "given": "L.", "non-dropping-particle": "van der"},
            {"family": "Hinton", "given": "G."},
        ],
    }
    inv = '<names variable="author"><name form="short" name-as-sort-order="all" delimiter="/"/></names>'
    assert _render(inv, [item]) == ["Maaten, van der/Hinton"]
    plain = '<names variable="author"><name form="short" delimiter="/"/></names>'
    assert _render(plain, [item]) == ["van der Maaten/Hinton"]


def test_et_al_use_last_keeps_room_for_the_ellipsis() -> None:
    # citeproc-js shows at most et-al-min - 2 names before the ellipsis, and puts the
    # name delimiter before it only after two or more names (checked against 2.4.63)
    layout = '<names variable="author"><name/></names>'

    def names(n: int) -> list[dict[str, Any]]:
        return [{"id": "a", "type": "book", "author": [{"family": f"F{i}"} for i in range(n)]}]

    attrs = 'et-al-min="7" et-al-use-first="6" et-al-use-last="true"'
    assert _render(layout, names(7), bib_attrs=attrs) == ["F0, F1, F2, F3, F4, … F6"]
    assert _render(layout, names(6), bib_attrs=attrs) == ["F0, F1, F2, F3, F4, F5"]
    one = 'et-al-min="3" et-al-use-first="1" et-al-use-last="true"'
    assert _render(layout, names(5), bib_attrs=one) == ["F0 … F4"]


def test_punctuation_after_a_formatted_element_merges_only_when_repeated() -> None:
    # citeproc-js: the suffix of an element with formatting or quotes, and the delimiter
    # or prefix right after it at the same level, do not merge with the mark its text
    # ends with ("?." stays) unless it is the same mark; a group around it lifts that
    item = {"id": "a", "type": "book", "title": "Is it?", "publisher": "P"}
    own = '<group delimiter=" "><text variable="title" font-style="italic" suffix="."/><text variable="publisher"/></group>'
    assert _render(own, [item]) == ["Is it?. P"]
    delim = '<group delimiter=". "><text variable="title" font-style="italic"/><text variable="publisher"/></group>'
    assert _render(delim, [item]) == ["Is it?. P"]
    wrapped = '<group delimiter=". "><group><text variable="title" font-style="italic"/></group><text variable="publisher"/></group>'
    assert _render(wrapped, [item]) == ["Is it? P"]
    plain = '<group delimiter=". "><text variable="title"/><text variable="publisher"/></group>'
    assert _render(plain, [item]) == ["Is it? P"]
    ed = {"id": "a", "type": "book", "title": "Ed.", "publisher": "P"}
    assert _render(delim, [ed]) == ["Ed. P"]


def test_strip_periods_keeps_a_period_before_a_lower_case_letter() -> None:
    # citeproc-js strips "." unless a lower-case letter follows, after the text case
    item = {"id": "a", "type": "webpage", "container-title": "Examiner.com", "title": "J. Am. x.y"}
    assert _render('<text variable="container-title" strip-periods="true"/>', [item]) == [
        "Examiner.com"
    ]
    assert _render('<text variable="title" strip-periods="true"/>', [item]) == ["J Am x.y"]
    cased = '<text variable="container-title" text-case="title" strip-periods="true"/>'
    assert _render(cased, [item]) == ["ExaminerCom"]


def test_a_macro_call_encloses_its_formatted_output() -> None:
    # <text macro> is a group to citeproc-js: its own suffix merges with the marks inside
    item = {"id": "a", "type": "book", "title": "Is it?", "publisher": "P"}
    macros = '<macro name="t"><text variable="title" font-style="normal"/></macro>'
    layout = '<group delimiter=" "><text macro="t" font-style="normal" suffix="."/><text variable="publisher"/></group>'
    assert _render(layout, [item], macros=macros) == ["Is it? P"]


def test_name_affixes_go_around_each_name() -> None:
    # citeproc-js puts cs:name's prefix/suffix around every name (and around the whole
    # list as well when it ends in "et al."); checked against citeproc-js 2.4.63
    eds = [{"family": "Mohanty", "given": "Arun"}, {"family": "Swain", "given": "Sumant"}]
    item = {"id": "a", "type": "book", "editor": eds}
    layout = """
<names variable="editor" delimiter=", ">
  <name initialize-with="" name-as-sort-order="all" sort-separator=" " suffix=" "/>
  <label form="short" prefix="(" suffix=")"/>
</names>"""
    assert _render(layout, [item]) == ["Mohanty A , Swain S (eds.)"]
    etal = '<names variable="editor"><name prefix="[" suffix="]" et-al-min="2" et-al-use-first="1"/></names>'
    assert _render(etal, [item]) == ["[[Arun Mohanty] et al.]"]


def test_editortranslator_only_for_exactly_editor_and_translator_with_a_label() -> None:
    # citeproc-js looks up the common term "editortranslator" only when cs:names lists
    # exactly editor and translator and has a cs:label
    eds = [{"family": "Arenal", "given": "Electa"}, {"family": "Powell", "given": "Amanda"}]
    item = {"id": "a", "type": "book", "editor": eds, "translator": eds}
    both = '<names variable="editor translator" delimiter=", "><name and="symbol" initialize-with=". "/><label form="short" prefix=", "/></names>'
    assert _render(both, [item]) == ["E. Arenal & A. Powell, eds. & trans."]
    three = '<names variable="translator editor container-author" delimiter=", "><name and="symbol" initialize-with=". "/><label form="short" prefix=", "/></names>'
    assert _render(three, [item]) == ["E. Arenal & A. Powell, trans., E. Arenal & A. Powell, eds."]
    nolabel = '<names variable="translator editor" delimiter=", "><name and="symbol" initialize-with=". "/></names>'
    assert _render(nolabel, [item]) == ["E. Arenal & A. Powell, E. Arenal & A. Powell"]


def test_text_case_on_a_group_or_macro_call_is_ignored() -> None:
    # citeproc-js applies text-case only where a variable or term prints
    item = {"id": "a", "type": "book", "title": "the changed world", "publisher": "the pub"}
    macros = '<macro name="t"><text variable="title" text-case="capitalize-first"/></macro>'
    assert _render('<text macro="t" text-case="title"/>', [item], macros=macros) == [
        "The changed world"
    ]
    grp = '<group text-case="uppercase"><text variable="publisher"/></group>'
    assert _render(grp, [item]) == ["the pub"]


def test_an_opening_term_is_capitalised_after_affixes_unless_names_were_blanked() -> None:
    # citeproc-js: "(N.d.)" opening an entry; but when subsequent-author-substitute=""
    # blanks the names that opened it, the term stays as is (checked against 2.4.63)
    macros = '<macro name="y"><text term="no date" form="short"/></macro>'
    item = {"id": "a", "type": "book", "title": "T"}
    opening = '<text macro="y" prefix="(" suffix=")."/><text variable="title" prefix=" "/>'
    assert _render(opening, [item], macros=macros) == ["(N.d.). T"]
    items = [
        {"id": "a", "type": "book", "title": "A", "author": [{"literal": "Org"}]},
        {"id": "b", "type": "book", "title": "B", "author": [{"literal": "Org"}]},
    ]
    layout = (
        '<group delimiter=". "><group><names variable="author" suffix=" "/>'
        '<text macro="y" prefix="(" suffix=")"/></group><text variable="title"/></group>'
    )
    out = _render(layout, items, macros=macros, bib_attrs='subsequent-author-substitute=""')
    assert out == ["Org (n.d.). A", "(n.d.). B"]


def test_a_label_prints_its_term_even_when_its_variable_is_empty() -> None:
    # citeproc-js (so Zotero) prints the term of <label variable="X"> whether or not X
    # has a value; styles rely on it ("no. 21" from a label on issue beside the volume,
    # "pp." from a locator label in a bibliography). A group in which no variable
    # rendered still drops the label with it.
    layout = """
<group delimiter=", ">
  <group delimiter=" "><label variable="issue" form="short"/><text variable="volume"/></group>
  <group delimiter=" "><label variable="locator" form="short" plural="always"/><text variable="page"/></group>
  <group delimiter=" "><label variable="number" form="short"/><text variable="number"/></group>
</group>"""
    item = {"id": "a", "type": "article-journal", "volume": "21", "page": "5-9"}
    assert _render(layout, [item]) == ["no. 21, pp. 5–9"]


def test_a_hyphen_between_different_prefixes_is_not_a_range() -> None:
    # "s2-17" (series 2, volume 17) is one identifier; "174,465" one number (a list
    # needs ", "): citeproc-js keeps both as written and counts them singular
    layout = '<group delimiter=" | "><number variable="volume"/><label variable="volume"/></group>'
    items = [
        {"id": "a", "type": "book", "volume": "s2-17"},
        {"id": "b", "type": "book", "volume": "174,465"},
        {"id": "c", "type": "book", "volume": "2-17"},
    ]
    assert _render(layout, items) == ["s2-17 | volumes", "174,465 | volume", "2–17 | volumes"]


def test_text_standing_in_for_the_names_takes_no_names_affixes_nor_formatting() -> None:
    # citeproc-js: a cs:text in cs:substitute prints without the prefix, suffix and
    # formatting of cs:names (a substituted names list keeps them)
    layout = """
<group delimiter=" ">
  <names variable="author" suffix="," font-weight="bold">
    <substitute><names variable="editor"/><text variable="title" suffix="!"/></substitute>
  </names>
  <text variable="container-title"/>
</group>"""
    items: list[dict[str, Any]] = [
        {"id": "a", "type": "webpage", "title": "Risk", "container-title": "Site"},
        {
            "id": "b",
            "type": "webpage",
            "title": "Risk",
            "editor": [{"family": "Doe", "given": "J"}],
            "container-title": "Site",
        },
    ]
    assert _render(layout, items, fmt="html") == ["Risk! Site", "<b>J Doe</b>, Site"]


def test_an_institution_takes_no_name_affixes() -> None:
    # citeproc-js puts cs:name's prefix/suffix around each personal name only
    layout = '<names variable="author"><name delimiter="; " suffix=": "/></names><text variable="title"/>'
    items = [
        {"id": "a", "type": "book", "title": "T", "author": [{"literal": "OARDEC"}]},
        {"id": "b", "type": "book", "title": "T", "author": [{"family": "Doe", "given": "J"}]},
    ]
    assert _render(layout, items) == ["OARDECT", "J Doe: T"]


def test_initialize_false_keeps_a_space_before_a_whole_given_name() -> None:
    # initialize="false" initialize-with="": "K. Jarrod" -> "K Jarrod" (not "KJarrod"),
    # and the suffix follows the initials ("Jr"), as in citeproc-js
    assert initialize("K. Jarrod", "", full=True) == "K Jarrod"
    assert initialize("J. R. R.", "", full=True) == "JRR"
    layout = '<names variable="author"><name initialize="false" initialize-with=""/></names>'
    item = {
        "id": "a",
        "type": "book",
        "author": [{"family": "Strunk", "given": "William J.", "suffix": "Jr."}],
    }
    assert _render(layout, [item]) == ["William J Strunk Jr"]


def test_citation_numbers_do_not_disambiguate_cites() -> None:
    # citeproc-js compares cites without their citation number, so a numeric style that
    # asks for disambiguate-add-year-suffix gives every item a suffix (what Zotero users
    # of such a style see; the CSL specification is silent on it)
    style = """<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>t</id><title>T</title></info>
  <citation disambiguate-add-year-suffix="true">
    <layout><text variable="citation-number"/></layout>
  </citation>
  <bibliography><sort><key variable="title"/></sort><layout><group delimiter=" ">
    <text variable="citation-number"/><text variable="title"/><date variable="issued"><date-part name="year"/></date>
  </group></layout></bibliography>
</style>"""
    items = [
        {"id": "a", "type": "book", "title": "A", "issued": {"date-parts": [[2001]]}},
        {"id": "b", "type": "book", "title": "B", "issued": {"date-parts": [[2005]]}},
    ]
    res = render_bibliography(items, parse_style(style))
    assert [text for _key, text in res.entries] == ["1 A 2001a", "2 B 2005b"]


def test_display_in_plain_text_follows_citeproc_js() -> None:
    # citeproc-js's text format: a block starts a new line, a left margin ends with a
    # space, nothing else separates them (so Zotero's plain-text copy reads the same)
    layout = """
<text variable="title" display="block"/>
<text variable="note" display="left-margin"/>
<group display="right-inline"><text variable="publisher"/></group>"""
    item = {"id": "a", "type": "book", "title": "Doe", "note": "2009", "publisher": "P"}
    assert _render(layout, [item]) == ["Doe2009 P"]
    two_blocks = '<text variable="title" display="block"/><text variable="note" display="block"/>'
    assert _render(two_blocks, [item]) == ["Doe\n2009"]


def test_narrow_no_break_spaces_and_turkish_upper_case() -> None:
    # citeproc-js prints a space before ":;?!»" and after "«" as U+202F, and upper-cases
    # by the item's language (Turkish dotted i)
    layout = '<group delimiter=" | "><text variable="title"/><text variable="publisher" text-case="uppercase"/></group>'
    items = [
        {"id": "a", "type": "book", "title": "His « Anonymous » Life", "publisher": "ic"},
        {"id": "b", "type": "book", "title": "Quoi ?", "publisher": "ic", "language": "tr"},
    ]
    assert _render(layout, items) == [
        "His «\u202fAnonymous\u202f» Life | IC",
        "Quoi\u202f? | \u0130C",
    ]


def test_locale_ampersand_and_an_empty_cite() -> None:
    # "&" joining locators prints the locale's own symbol "and"; a cite that prints
    # nothing shows citeproc-js's marker instead of vanishing
    from bibman.csl.engine import Processor
    from bibman.csl.locale import LocaleStore

    style = parse_style("""<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><id>t</id><title>T</title></info>
  <locale><terms><term name="and">and</term><term name="and" form="symbol">AMP</term></terms></locale>
  <citation><layout><group delimiter=" "><label variable="locator"/><text variable="locator"/>
  </group><text variable="note"/></layout></citation>
</style>""")
    proc = Processor(style, LocaleStore.default(), [{"id": "a", "type": "book"}], fmt="text")
    proc.process_citation_cluster(
        {"citationItems": [{"id": "a", "locator": "3 & 5"}], "properties": {"noteIndex": 1}}
    )
    proc.process_citation_cluster({"citationItems": [{"id": "a"}], "properties": {"noteIndex": 2}})
    assert proc.citation_strings() == [
        "pages 3 AMP 5",
        "[CSL STYLE ERROR: reference with no printed form.]",
    ]


def test_an_access_date_does_not_tell_cites_apart() -> None:
    # citeproc-js leaves the accessed date out when it compares cites for
    # disambiguation: two undated pages by one author get year suffixes
    from bibman.csl.engine import Processor
    from bibman.csl.locale import LocaleStore

    style = parse_style("""<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>t</id><title>T</title></info>
  <citation disambiguate-add-year-suffix="true"><layout delimiter="; ">
    <group delimiter=" "><names variable="author"/><text variable="year-suffix"/>
    <date variable="accessed" form="numeric" date-parts="year"/></group>
  </layout></citation>
</style>""")
    doe = [{"family": "Doe", "given": "J"}]
    items = [
        {"id": "a", "type": "webpage", "author": doe, "accessed": {"date-parts": [[1965]]}},
        {"id": "b", "type": "webpage", "author": doe, "accessed": {"date-parts": [[2065]]}},
    ]
    proc = Processor(style, LocaleStore.default(), items, fmt="text")
    proc.process_citation_cluster(
        {"citationItems": [{"id": "a"}, {"id": "b"}], "properties": {"noteIndex": 0}}
    )
    assert proc.citation_strings() == ["J Doe a 1965; J Doe b 2065"]


def test_a_hyphenated_name_is_one_page() -> None:
    # plural only for a list or range of numbers (or lower-case roman numerals)
    layout = '<group delimiter=" "><label variable="page"/><text variable="page"/></group>'
    items = [
        {"id": "a", "type": "book", "page": "Michaelson-Morely"},
        {"id": "b", "type": "book", "page": "i-ix"},
    ]
    assert _render(layout, items) == ["page Michaelson-Morely", "pages i–ix"]


def test_a_non_latin_and_takes_no_spaces_and_superscripts_print_as_sup() -> None:
    layout = '<names variable="author"><name and="text"/></names><text variable="title"/>'
    items: list[dict[str, Any]] = [
        {"id": "a", "type": "book", "author": [{"family": "תפוח"}, {"family": "תפוז"}]},
        {"id": "b", "type": "book", "title": "Brand\u2122 ᴬ\u02c0"},
    ]
    style = _style(layout).replace(
        "<citation>", '<locale><terms><term name="and">ו</term></terms></locale><citation>'
    )
    res = render_bibliography(items, parse_style(style), fmt="html")
    assert [t for _k, t in res.entries] == [
        "תפוחותפוז",
        "Brand<sup>TM</sup> <sup>A</sup><sup>\u0294</sup>",
    ]


def test_a_numeric_style_keeps_its_numbering_for_an_entry_it_prints_nothing_for() -> None:
    def style(cite_layout: str) -> str:
        return f"""<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>t</id><title>T</title></info>
  <citation><layout>{cite_layout}</layout></citation>
  <bibliography><layout><choose><if type="book"><group delimiter=". ">
    <text variable="citation-number"/><text variable="title"/></group></if></choose>
  </layout></bibliography>
</style>"""

    items = [
        {"id": "a", "type": "book", "title": "A"},
        {"id": "b", "type": "personal_communication", "title": "B"},
        {"id": "c", "type": "book", "title": "C"},
    ]
    numeric = render_bibliography(items, parse_style(style('<text variable="citation-number"/>')))
    assert [t for _k, t in numeric.entries] == [
        "1. A",
        "2. [CSL STYLE ERROR: reference with no printed form.]",
        "3. C",
    ]
    other = render_bibliography(items, parse_style(style('<text variable="title"/>')))
    assert [t for _k, t in other.entries] == ["1. A", "3. C"]


def test_markup_around_a_given_name_goes_around_its_initial() -> None:
    assert initialize("<b>John</b> Quiggly", ". ") == "<b>J.</b> Q."
    assert initialize("<b>John</b>-Quiggly", ". ") == "<b>J.</b>-Q."
    assert initialize("<i>J</i> Q", ". ") == "<i>J.</i> Q."


def test_a_straight_quote_after_an_apostrophe_is_an_apostrophe() -> None:
    item = {"id": "a", "type": "book", "title": "l'''"}
    assert _render('<text variable="title"/>', [item]) == ["l’’’"]
    item2 = {"id": "b", "type": "book", "title": "A 'quoted' word's end"}
    assert _render('<text variable="title"/>', [item2]) == ["A “quoted” word’s end"]


def test_a_doubly_escaped_character_reference_in_a_style_is_the_character() -> None:
    # "&amp;#160;" in the XML is the text "&#160;": citeproc-js prints a no-break space
    layout = '<group delimiter="&amp;#160;&amp;#x2013; "><text variable="title"/><text variable="note"/></group>'
    item = {"id": "a", "type": "book", "title": "T", "note": "N"}
    assert _render(layout, [item]) == ["T\u00a0\u2013 N"]


def test_a_group_suffix_after_a_childs_own_mark_follows_citeproc_js() -> None:
    # citeproc-js: a group's ". " after its last child's own suffix "." is dropped whole,
    # and the sibling's leading space with it ("building.New Delhi"); not when the
    # field itself ends with the mark, not after quotes (the mark moves inside them),
    # not for a macro call's suffix
    def one(layout: str, title: str = "Title") -> str:
        item = {"id": "a", "type": "book", "title": title, "URL": "http://x"}
        return _render(layout, [item])[0]

    nested = '<group suffix=". "><text variable="title" suffix="."/></group>'
    assert one(nested + '<text variable="URL" prefix=" "/>') == "Title.http://x"
    assert one(nested + '<text variable="URL"/>', "Title.") == "Title. http://x"
    assert one(
        '<group suffix=", "><text variable="title" suffix=","/></group><text variable="URL"/>'
    ) == ("Title,http://x")
    quoted = '<group suffix=". "><text variable="title" quotes="true" suffix="."/></group>'
    assert one(quoted + '<text variable="URL"/>') == "“Title.” http://x"
    spaced = '<group delimiter=" "><group suffix=". "><text variable="title" suffix="."/></group><text variable="URL"/></group>'
    assert one(spaced) == "Title. http://x"
