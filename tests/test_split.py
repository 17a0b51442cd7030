"""Splitting documents into references (bibman.freetext.split)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bibman.freetext.split import (
    find_reference_section,
    normalize_heading,
    split_lines,
    split_references,
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
WIKI = EXAMPLES / "wikipedia-kazakhstan-us-relations-footnotes.txt"
JOURNAL = EXAMPLES / "journal-kazakhstan-us-relationship-references.txt"
SEEDS = ROOT.parent / "shared" / "seeds"
FIXTURES = Path(__file__).parent / "fixtures" / "parse"

PROSE = (
    "Kazakhstan – United States relations came into play after 2001.[1] Relations\n"
    "are described as close.[2][3]\n\n"
    "Since then cooperation grew in 2003 and 2004.\n\n"
)


def _numbered_lines(path: Path) -> list[str]:
    """The examples' list items, for comparison (number and marks removed by hand)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s*\d+\.\s+(.*)", line)
        if m:
            out.append(m.group(1))
    return out


def test_wikipedia_footnotes_lose_numbers_carets_and_backmarks() -> None:
    refs = split_references(WIKI.read_text(encoding="utf-8"), "wiki.txt")
    assert len(refs) == 19
    assert [r.label for r in refs] == [str(i) for i in range(1, 20)]
    for r in refs:
        assert not r.text.startswith(("^", "a b", " "))
        assert r.source == "wiki.txt"
    assert refs[6].text.startswith("Statement by Colonel General")  # "^ a b Statement"
    assert refs[7].text.startswith("Kazakhstan, U.S. Military")
    assert "http://www.dod.mil/news/May2006/d20060515%20List.pdf" in refs[10].text


def test_journal_list_with_blank_lines_and_editorial_stars() -> None:
    text = JOURNAL.read_text(encoding="utf-8")
    assert find_reference_section(text) == (len("References\n"), "References")
    refs = split_references(text)
    assert len(refs) == 31
    assert not any(r.text.startswith("*") for r in refs)
    assert refs[1].text.startswith("Embassy of the Republic of Kazakhstan Washington")
    expected = [line.lstrip("*") for line in _numbered_lines(JOURNAL)]
    assert [r.text for r in refs] == [" ".join(e.split()) for e in expected]


@pytest.mark.parametrize("example", [WIKI, JOURNAL])
def test_spans_point_at_the_reference_in_the_document(example: Path) -> None:
    text = example.read_text(encoding="utf-8")
    for r in split_references(text):
        cut = text[r.span.start : r.span.end]
        assert r.text.split()[-1] in cut
        assert text.count("\n", 0, r.span.start) + 1 == r.span.line
        assert cut.lstrip().startswith((r.label or "") + ".")


def test_whole_article_finds_the_footnote_list_and_drops_trailing_material() -> None:
    listing = WIKI.read_text(encoding="utf-8")
    doc = (
        "Kazakhstan–United States relations\n\n"
        + PROSE
        + "See also\n\n\n"
        + listing
        + "\nExternal links\n\nMedia related to Kazakhstan at Wikimedia Commons\n\n"
        + "Wikimedia Foundation. 2010.\n\nСм. также в других словарях:\n"
    )
    found = find_reference_section(doc)
    assert found is not None and found[1] is None
    assert doc[found[0] :].lstrip().startswith("1. ^ Running")
    texts = [r.text for r in split_references(doc)]
    assert texts == [r.text for r in split_references(listing)]


def test_whole_journal_page_stops_before_review_and_citation_block() -> None:
    listing = JOURNAL.read_text(encoding="utf-8")
    doc = (
        "Preview\n\nBulletin of a University\n\nAbstract\n\n"
        + PROSE
        + "About the Author\n\nA. Author\nScholar\n\n\n\n"
        + listing
        + "\n\nReview\n\nFor citations:\n\n\nMeena S. KAZAKHSTAN. Bulletin. 2019;(2):142-150.\n\n"
        "Views: 627\n"
    )
    refs = split_references(doc)
    assert len(refs) == 31
    assert refs[-1].text.startswith("Yesdauletova")
    assert "Review" not in refs[-1].text


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")
@pytest.mark.parametrize(
    ("seed", "example", "count"),
    [("000_130ebeca26d44ed7.txt", WIKI, 19), ("002_1348f69847e13980.txt", JOURNAL, 31)],
)
def test_seed_documents_give_the_examples_references(seed: str, example: Path, count: int) -> None:
    whole = split_references((SEEDS / seed).read_text(encoding="utf-8"))
    listed = split_references(example.read_text(encoding="utf-8"))
    assert len(whole) == count
    assert [r.text for r in whole] == [r.text for r in listed]


@pytest.mark.parametrize(
    "fmt", ["{n}. ", "[{n}] ", "({n}) ", "{n}) ", "  {n}. ", "{n}.\t", "[{n}]"]
)
def test_numbering_styles_with_wrapped_lines(fmt: str) -> None:
    items = [
        ("Smith, J. (2001). A title that wraps", "onto a second line. Journal 5: 1-9."),
        ("Jones, K. (1999). Another work.", "2005. Reprinted edition."),
        ("Brown, L. Third work. Oxford: OUP, 2010.", ""),
    ]
    lines = []
    for n, (a, b) in enumerate(items, 1):
        lines.append(fmt.format(n=n) + a)
        if b:
            lines.append("    " + b)
    refs = split_references("\n".join(lines) + "\n")
    assert [r.text for r in refs] == [" ".join(f"{a} {b}".split()) for a, b in items]
    assert [r.label for r in refs] == ["1", "2", "3"]


def test_pdf_hyphenation_is_undone_but_real_hyphens_stay() -> None:
    text = (
        "1. Meena, S. (2019). Relations between Kazakh-\n"
        "stan and the US after 9/11. Bulletin of US-\n"
        "Kazakh Studies 2: 142-150.\n"
    )
    (ref,) = split_references(text)
    assert "Kazakhstan and the US" in ref.text
    assert "US-Kazakh Studies" in ref.text


def test_urls_broken_across_lines_and_by_spaces_are_rejoined() -> None:
    text = (
        "1. Nichol, J. (2013). Kazakhstan: Recent Developments. URL: http://www.fas.org/sgp/\n"
        "crs/row/97-1058.pdf. Accessed 12 December 2018.\n"
        "2. Thu, P. M. (2010). Energy. URL: http://epa.iias.asia/files/Pham%20Thu%20\n"
        "Energy%20and%20Geopolitics.pdf\n"
        "3. Embassy (2019). Relations. URL: https://kazakhembus.com/ foreign-policy/nuclear-\n"
        "nonproliferation-security accessed 1 May 2019\n"
        "4. Weitz, R. (2012). Plan. URL: https://www. jamestown.org/single/?no_cache=1\n"
    )
    refs = split_references(text)
    assert "http://www.fas.org/sgp/crs/row/97-1058.pdf. Accessed 12 December 2018." in refs[0].text
    assert "http://epa.iias.asia/files/Pham%20Thu%20Energy%20and%20Geopolitics.pdf" in refs[1].text
    assert (
        "https://kazakhembus.com/foreign-policy/nuclear-nonproliferation-security accessed"
        in refs[2].text
    )
    assert "https://www.jamestown.org/single/?no_cache=1" in refs[3].text


def test_url_followed_by_a_word_is_not_glued() -> None:
    (ref,) = split_references(
        "1. Site (2019). Page. http://example.org/a.pdf. Retrieved 2019-01-01.\n"
    )
    assert "a.pdf. Retrieved" in ref.text


def test_hanging_indent_bibliography_from_a_pdf() -> None:
    text = (FIXTURES / "hanging-pdf.txt").read_text(encoding="utf-8")
    found = find_reference_section(text)
    assert found is not None and found[1] == "Bibliography"
    refs = split_references(text)
    assert [r.text.split(",")[0] for r in refs] == ["Cohen", "Olcott", "Pomfret", "Weitz"]
    assert "the Kazakhstan Transition" in refs[0].text
    assert "http://www.tandfonline.com/doi/abs/10.1080/09668130500199467" in refs[2].text
    assert refs[3].text.endswith("US-Kazakh Business Association.")
    assert not any("Appendix" in r.text or "Table 1" in r.text for r in refs)
    lines = text.splitlines()
    for r in refs:
        assert lines[r.span.line - 1].startswith(r.text[:10])


def test_author_year_list_without_blank_lines_or_indents() -> None:
    text = (
        "References\n"
        "Cornell, C. A. (1968). Engineering seismic risk analysis. Bulletin of the\n"
        "Seismological Society of America, 58(5):1583-1606.\n"
        "Gutenberg B, Richter CF (1944) Frequency of earthquakes in California.\n"
        "Bull Seismol Soc Am 34:185-188.\n"
        "WORLD BANK (2005). Kazakhstan: country report. Washington, DC.\n"
    )
    refs = split_references(text)
    assert [r.text.split()[0] for r in refs] == ["Cornell,", "Gutenberg", "WORLD"]
    assert refs[0].text.endswith("58(5):1583-1606.")


def test_blank_line_separated_paragraphs() -> None:
    text = (
        "Smith, J. 2001. A book\nthat wraps. Oxford: OUP.\n\n"
        "Jones, K. 1999. Another\nbook. London: Verso.\n\n"
    )
    refs = split_references(text)
    assert [r.text for r in refs] == [
        "Smith, J. 2001. A book that wraps. Oxford: OUP.",
        "Jones, K. 1999. Another book. London: Verso.",
    ]
    assert [r.span.line for r in refs] == [1, 4]


@pytest.mark.parametrize(
    "heading",
    [
        "References",
        "REFERENCES",
        "Bibliography",
        "Notes",
        "Literatur",
        "Literaturverzeichnis",
        "Список литературы",
        "Bibliographie",
        "Références",
        "Referencias",
        "Riferimenti bibliografici",
        "参考文献",
        "## References",
        "== Bibliography ==",
        "7. References",
        "References:",
    ],
)
def test_reference_headings_in_several_languages(heading: str) -> None:
    doc = (
        "Title of a paper\n\n"
        "1. Introduction\n\n"
        "Some prose with a numbered list:\n1. first point\n2. second point\n\n"
        f"{heading}\n\n"
        "[1] Müller, K. (2004). Eine Studie. Berlin: Springer.\n"
        "[2] Petrov, I. (2010). Исследование. Moskva: Nauka.\n"
    )
    found = find_reference_section(doc)
    assert found is not None
    assert normalize_heading(found[1] or "") == normalize_heading(heading)
    refs = split_references(doc)
    assert [r.text.split(",")[0] for r in refs] == ["Müller", "Petrov"]


def test_notes_then_references_are_one_list() -> None:
    doc = (
        "Body text.\n\nNotes\n\n1. See Smith 2001, p. 4.\n2. Ibid.\n\n"
        "References\n\n3. Smith, J. (2001). A book. Oxford: OUP.\n"
    )
    refs = split_references(doc)
    assert [r.label for r in refs] == ["1", "2", "3"]


def test_no_section_means_the_whole_input_is_the_list() -> None:
    text = "Smith, J. (2001). A book. Oxford: OUP.\nJones, K. (1999). A paper. Nature 5: 1-2.\n"
    assert find_reference_section(text) is None
    assert len(split_references(text)) == 2


def test_a_single_lowercase_a_after_the_caret_is_a_word() -> None:
    (ref,) = split_references("1. ^ a guide to the steppe. Almaty Press.\n2. ^ b\n")[:1]
    assert ref.text == "a guide to the steppe. Almaty Press."


def test_split_lines_keeps_every_nonempty_line_in_order() -> None:
    text = "b first\n\n  a second  \n[3] c third\nb first\n"
    refs = split_lines(text, "x")
    assert [r.text for r in refs] == ["b first", "a second", "[3] c third", "b first"]
    assert [r.span.line for r in refs] == [1, 3, 4, 5]


# ---------------------------------------------------------------- properties

_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLM", min_size=1, max_size=10)
_ref = st.lists(_word, min_size=2, max_size=12).map(lambda ws: " ".join(ws) + ".")


@settings(max_examples=60, deadline=None)
@given(st.lists(_ref, min_size=1, max_size=25), st.sampled_from(["{n}. ", "[{n}] ", "({n}) "]))
def test_numbered_lists_are_recovered_exactly(refs: list[str], fmt: str) -> None:
    doc = "References\n\n" + "\n".join(fmt.format(n=i) + r for i, r in enumerate(refs, 1))
    got = split_references(doc + "\n")
    assert [g.text for g in got] == refs
    assert [g.label for g in got] == [str(i) for i in range(1, len(refs) + 1)]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_splitting_never_raises_and_spans_stay_inside(text: str) -> None:
    for r in split_references(text):
        assert 0 <= r.span.start <= r.span.end <= len(text)
        assert r.span.line >= 1
        assert r.text == r.text.strip() and r.text


def test_a_word_the_document_hyphenates_elsewhere_keeps_its_hyphen() -> None:
    text = (
        "1. Embassy (2019). Nuclear non-proliferation and security. Washington.\n"
        "2. Meena, S. (2019). The treaty on non-\n"
        "proliferation and the Kazakh-\n"
        "stan case.\n"
    )
    refs = split_references(text)
    assert "on non-proliferation and the Kazakhstan case." in refs[1].text


@pytest.mark.parametrize(
    "line",
    [
        "1. ^ Jump up to: a b c Smith, J. A book. 2001.",
        "1. ^ Jump up ^ Smith, J. A book. 2001.",
        "1. ↑ Перейти к: 1 2 Smith, J. A book. 2001.",
        "1. ^ 1.0 1.1 Smith, J. A book. 2001.",
        "1. ↑ a b Smith, J. A book. 2001.",
    ],
)
def test_wikipedia_backlink_variants(line: str) -> None:
    refs = split_references(line + "\n2. ^ 2001 Odyssey. 1968.\n")
    assert [r.text for r in refs] == ["Smith, J. A book. 2001.", "2001 Odyssey. 1968."]


@pytest.mark.parametrize(
    "doc",
    [
        "1. foo bar\n" * 4000,
        "1. foo\n\nprose\n\n" * 2000,
        "References\n" * 2000 + "1. a\n",
        "x " * 100_000,
        "http://a.b/ " * 10_000,
        "Smith, J. A book. 2001.\n" * 4000,
    ],
)
def test_pathological_documents_stay_fast(doc: str) -> None:
    import time

    start = time.perf_counter()
    split_references(doc)
    assert time.perf_counter() - start < 5


def test_page_numbers_and_double_spacing_inside_a_numbered_list() -> None:
    doc = (
        "References\n\n1. Smith, J. (2001). A title that\nwraps. Journal 5: 1-9.\n\n12\n\n"
        "2. Jones, K. (1999). A paper that is\n\ndouble spaced. Nature 5: 1-2.\n\n"
        "Page 13 of 20\n\n3. Brown, L. (2010). Third.\n\nReview\n\nSome text.\n"
    )
    assert [r.text for r in split_references(doc)] == [
        "Smith, J. (2001). A title that wraps. Journal 5: 1-9.",
        "Jones, K. (1999). A paper that is double spaced. Nature 5: 1-2.",
        "Brown, L. (2010). Third.",
    ]


def test_appendix_after_a_numbered_list_is_not_part_of_the_last_reference() -> None:
    doc = "References\n\n[1] Smith, J. A book. 2001.\n[2] Jones, K. A paper. 1999.\nAppendix A: Proofs\n"
    refs = split_references(doc)
    assert refs[-1].text == "Jones, K. A paper. 1999."


def test_numbered_notes_then_an_unnumbered_bibliography() -> None:
    doc = (
        "Kazakhstan\n\nBody text.[1]\n\nNotes\n\n1. ^ Olcott 2002, p. 12.\n"
        "2. ^ a b Cohen 2008, pp. 4–5.\n\nBibliography\n\n"
        "Cohen, Ariel (2008). Kazakhstan: The Road to Independence. Washington.\n"
        "Olcott, Martha Brill (2002). Kazakhstan: Unfulfilled Promise. Carnegie.\n\n"
        "Further reading\n\nSmith, J. (2001). Another book.\n\nExternal links\n\nOfficial site\n"
    )
    refs = split_references(doc)
    assert [r.text.split(" ")[0] for r in refs] == ["Olcott", "Cohen", "Cohen,", "Olcott,"]
    assert [r.label for r in refs] == ["1", "2", None, None]


def test_alpha_labels_and_a_page_break_inside_a_hanging_reference() -> None:
    doc = (
        "[Knu84]     Donald E. Knuth. The TeXbook. Addison-Wesley,\n"
        "            Reading, MA, 1984.\n"
        "[XZZ+ 11]   Kai Xu, Hanlin Zheng, and Hao Zhang. Photo-inspired\n"
        "            modeling. ACM TOG, 30(4):80:1–80:10, 2011.\n"
    )
    refs = split_references(doc)
    assert [(r.label, r.text.split(".")[0]) for r in refs] == [
        ("Knu84", "Donald E"),
        ("XZZ+ 11", "Kai Xu, Hanlin Zheng, and Hao Zhang"),
    ]
    hanging = (
        "Abele, A. E. (2003). The dynamics of masculine-agentic and feminine-communal\n"
        "       traits. Journal of Personality, 85, 768-776.\n"
        "Baker, D. (1966). The duality of human nature. Chicago:\n\n"
        "       Rand McNally.\n"
        "Bem, S. L. (1974). The measurement of psychological androgyny. Journal of\n"
        "       Consulting Psychology, 42, 155-162.\n"
    )
    refs = split_references(hanging)
    assert [r.text.split(",")[0] for r in refs] == ["Abele", "Baker", "Bem"]
    assert refs[1].text.endswith("Chicago: Rand McNally.")


def test_one_stray_indented_line_does_not_make_a_hanging_list() -> None:
    doc = (
        "Ahmad, K., and Henikoff, S. (2001). Centromeres are specialized replication\n"
        "domains in heterochromatin. The Journal of Cell Biology 153, 101-110.\n"
        "Albertson, D.G., and Thomson, J.N. (1982). The kinetochores of\n"
        "                 Caenorhabditis elegans. Chromosoma 86, 409-428.\n"
        "Allshire, R.C., and Karpen, G.H. (2008). Epigenetic regulation of centromeric\n"
        "chromatin: old dogs, new tricks? Nature Reviews Genetics 9, 923-937.\n"
        "Amano, M., Suzuki, A., Hori, T., Backer, C., Okawa, K., Cheeseman, I.M., and\n"
        "Fukagawa, T. (2009). The CENP-S complex is essential for the stable assembly\n"
        "of outer kinetochore structure. The Journal of Cell Biology 186, 173-182.\n"
    )
    refs = split_references(doc)
    assert [r.text.split(",")[0] for r in refs] == ["Ahmad", "Albertson", "Allshire", "Amano"]


def test_page_range_broken_after_the_dash() -> None:
    (ref,) = split_references(
        "1. Lin, Y. (2003). A study. Journal of Structural Engineering, 129(2), 206-\n214.\n"
    )
    assert ref.text.endswith("129(2), 206-214.")


def test_lines_that_only_carry_on_a_reference() -> None:
    doc = (
        "Daines, Bryce et al. (2011). The Drosophila melanogaster transcriptome. Genome research 21.\n"
        "PMID: 21177962 PMCID: PMC3032934, pp. 315-324.\n"
        "Lappalainen, Tuuli et al. (2013). Transcriptome and genome sequencing. Nature 501.\n"
        "https://doi.org/10.1038/nature12531\n"
        "Obuse, C., Yang, H., Nozaki, N., Goto, S., Okazaki, T., and Yoda, K. (2004). Proteomics\n"
        "and outer kinetochore protein Zwint-1. Nature cell biology 6, 1135-1141.\n"
    )
    refs = split_references(doc)
    assert [r.text.split(",")[0] for r in refs] == ["Daines", "Lappalainen", "Obuse"]


def test_list_numbers_on_lines_of_their_own() -> None:
    doc = (
        "References\n\n[1]\nSmith, J. A book that\nwraps. 2001.\n[2]\n\n"
        "Jones, K. A paper. 1999.\n[3]\nBrown, L. Third.\n2010.\n"
    )
    refs = split_references(doc)
    assert [(r.label, r.text) for r in refs] == [
        ("1", "Smith, J. A book that wraps. 2001."),
        ("2", "Jones, K. A paper. 1999."),
        ("3", "Brown, L. Third. 2010."),
    ]
    assert doc[refs[1].span.start : refs[1].span.end] == "[2]\n\nJones, K. A paper. 1999."


def test_link_buttons_copied_from_journal_pages_are_dropped() -> None:
    doc = (
        "References\n\n1. Smith J. Title of the paper. Journal 2001;5:1-9.\nCrossRef Google Scholar\n"
        "2. Jones K. A paper. Nature 1999;3:4-5. [Google Scholar] [CrossRef] [PubMed]\n"
        "3. Brown L. Full Text search engines. J Inf 2010;1:2. View Article PubMed/NCBI Google Scholar\n"
        "4. Green M. The Abstract Article. Art J 2005;2:3.\n"
    )
    assert [r.text for r in split_references(doc)] == [
        "Smith J. Title of the paper. Journal 2001;5:1-9.",
        "Jones K. A paper. Nature 1999;3:4-5.",
        "Brown L. Full Text search engines. J Inf 2010;1:2.",
        "Green M. The Abstract Article. Art J 2005;2:3.",
    ]


def test_crlf_and_form_feeds_keep_line_numbers_and_offsets() -> None:
    doc = (
        "Intro\fmore\n\nReferences\r\n\r\n1. Smith, J. A book\r\nthat wraps. 2001.\r\n"
        "\x0c\r\n2. Jones. Paper. 1999.\r\n"
    )
    refs = split_references(doc)
    assert [(r.text, r.span.line) for r in refs] == [
        ("Smith, J. A book that wraps. 2001.", 5),
        ("Jones. Paper. 1999.", 8),
    ]
    assert doc[refs[1].span.start : refs[1].span.end] == "2. Jones. Paper. 1999."


def test_numbering_may_start_over_under_a_sub_heading() -> None:
    doc = (
        "Bibliography\n\nPrimary sources\n\n1. Smith, J. A book. 2001.\n2. Jones, K. A paper. 1999.\n\n"
        "Secondary sources\n\n1. Brown, L. Third. 2010.\n2. Green, M. Fourth. 2011.\n\n"
        "External links\n\n1. Not a reference.\n"
    )
    refs = split_references(doc)
    assert [r.text.split(",")[0] for r in refs] == ["Smith", "Jones", "Brown", "Green"]


def test_sub_headings_inside_an_author_year_bibliography() -> None:
    doc = (
        "Bibliography\n\nPrimary sources\n\nSmith, J. (2001). A book. Oxford.\n\n"
        "Jones, K. (1999). A paper. Nature.\n\nSecondary sources\n\n"
        "Brown, L. (2010). Third. London.\n\nGreen, M. (2011). Fourth. Paris.\n\nIndex\n\nApples, 12\n"
    )
    refs = split_references(doc)
    assert [r.text.split(",")[0] for r in refs] == ["Smith", "Jones", "Brown", "Green"]


@pytest.mark.parametrize("notes_first", [True, False])
def test_notes_of_prose_beside_the_references_are_left_out(notes_first: bool) -> None:
    notes = (
        "Notes\n\nThe author thanks the reviewers for their comments on an earlier draft of "
        "this paper, which was presented at a workshop in Almaty.\n\nAll errors remain mine.\n\n"
    )
    refs = "References\n\nSmith, J. (2001). A book. Oxford.\nJones, K. (1999). A paper. Nature.\n\n"
    doc = "Article body.\n\n" + (notes + refs if notes_first else refs + notes)
    assert [r.text.split(",")[0] for r in split_references(doc)] == ["Smith", "Jones"]


def test_a_romanised_repeat_of_a_cyrillic_list_is_left_out() -> None:
    doc = (
        "Статья.\n\nСписок литературы\n\n"
        "1. Иванов И. И. Казахстан и США. — М.: Наука, 2005. — 320 с.\n"
        "2. Петров П. П. Энергетика Казахстана // Вопросы экономики. — 2010. — № 3.\n"
        "3. Сидоров С. С. Внешняя политика. — Алматы, 2012.\n\nReferences\n\n"
        "1. Ivanov I. I. Kazakhstan i SShA [Kazakhstan and the USA]. Moscow: Nauka, 2005.\n"
        "2. Petrov P. P. Energetika Kazakhstana. Voprosy ekonomiki, 2010, no. 3.\n"
        "3. Sidorov S. S. Vneshnyaya politika [Foreign policy]. Almaty, 2012.\n"
    )
    refs = split_references(doc)
    assert [r.text.split()[0] for r in refs] == ["Иванов", "Петров", "Сидоров"]
