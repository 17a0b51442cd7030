"""Academic references (issue 11 items 3 and 4): the title/container edge and numbers
beyond the mainstream styles. Each test names the class of input its rule fixes; the
references are invented for these tests, none is from a bench set."""

from __future__ import annotations

from bibman.freetext import acadfix, lexicon
from bibman.freetext.fields import parse_reference
from bibman.model import Reference


def fields(ref: Reference) -> dict[str, str]:
    return dict(ref.fields)


# ---------------------------------------------------------------- journal glued to a number


def test_unglue_word_and_abbreviation() -> None:
    # class: a journal name glued to its volume
    assert acadfix.unglue("Title. Applied Optics52 (2013) 11-19.") == (
        "Title. Applied Optics 52 (2013) 11-19."
    )
    assert acadfix.unglue("Title. J. Chem. Phys.139:0243.") == "Title. J. Chem. Phys. 139:0243."
    # a model or product name inside a title is left alone
    assert acadfix.unglue("Benchmarking the new gpt4 models, 2023") == (
        "Benchmarking the new gpt4 models, 2023"
    )
    assert acadfix.unglue("Title. Nature 41, 3-9.") == "Title. Nature 41, 3-9."
    # numbering words glued to their number are the tagger's, and one letter is an initial
    assert acadfix.unglue("Title, Some Journal, Vol.8, No.5, pp.23-32") == (
        "Title, Some Journal, Vol.8, No.5, pp.23-32"
    )
    assert acadfix.unglue("Revision B.01, March") == "Revision B.01, March"


def test_journal_glued_to_volume_is_split() -> None:
    # class: "Journal Name41 (year) pages"
    f = fields(
        parse_reference(
            "Quinn, D. and Aro, S. Brillouin gain in tapered chalcogenide wires. "
            "Applied Optics52 (2013) 4410-4418."
        )
    )
    assert f["journal"] == "Applied Optics"
    assert f["volume"] == "52"
    assert f["pages"] == "4410-4418"


def test_abbreviated_journal_glued_to_volume_is_split() -> None:
    # class: "Abbr. Journ.366:101-110"
    f = fields(
        parse_reference(
            "Holt, R. (2012). Larval settlement cues in barnacles. J. Exp. Mar. Biol. Ecol.421:9-17."
        )
    )
    assert f["journal"].rstrip(".") == "J. Exp. Mar. Biol. Ecol"
    assert f["volume"] == "421"
    assert f["pages"] == "9-17"


# ---------------------------------------------------------------- volume, issue (date): pages


def test_volume_issue_month_year_pages() -> None:
    # class: ACM/Chicago "Journal 12, 4 (April 2011), 220–231"
    f = fields(
        parse_reference(
            "Maria Okoye and Tom Reyes. 2011. Lock-free queues revisited. "
            "ACM Trans. Parallel Comput. 12, 4 (April 2011), 220–231."
        )
    )
    assert (f["volume"], f["number"], f["pages"]) == ("12", "4", "220-231")


def test_volume_issue_month_year_colon_pages() -> None:
    # class: "Journal of X 33, 2 (Summer 2004): 88-104" with a season
    f = fields(
        parse_reference(
            'Brandt, Ilse. "Guild charters in Riga." Baltic Studies Quarterly 33, 2 '
            "(Summer 2004): 88-104."
        )
    )
    assert (f["volume"], f["number"], f["pages"]) == ("33", "2", "88-104")


# ---------------------------------------------------------------- article numbers


def test_article_number_with_letter_prefix_kept_whole() -> None:
    # class: e-article numbers "eabc1234" (Science Advances and kin)
    f = fields(
        parse_reference(
            "7. L. Moreno et al., Cryogenic imaging of tau filaments. Sci. Adv. 9, eabq7712 (2022)."
        )
    )
    assert f["pages"] == "eabq7712"


# ---------------------------------------------------------------- split journal name


def test_split_journal_name_rejoined_after_sentence_case_title() -> None:
    # class: a journal name after the title with only a comma, split by the tagger
    f = fields(
        parse_reference(
            "Ibekwe, O. (2015) Rotating savings groups among market women in Onitsha, "
            "Journal of Modern West African Commerce, 12(3), pp. 77–95."
        )
    )
    assert f["title"] == "Rotating savings groups among market women in Onitsha"
    assert f["journal"] == "Journal of Modern West African Commerce"


def test_split_journal_leaves_title_case_titles_alone() -> None:
    # a title in title case keeps its capitalised tail: no rejoining on shape alone
    f: dict[str, str] = {"title": "Trade, Markets and Western Frontier"}
    assert acadfix._split_journal(f, "Economy", "Trade, Markets and Western Frontier Economy") == (
        "Economy"
    )
    assert f["title"] == "Trade, Markets and Western Frontier"


def test_lexicon_is_known() -> None:
    assert lexicon.is_known("Journal of the American Statistical Association")
    assert not lexicon.is_known("Journal of Imaginary Guild Studies")


# ---------------------------------------------------------------- proceedings acronym


def test_proceedings_acronym_stays_in_the_booktitle() -> None:
    # class: "in Proc. … (ACRONYM), City, ST, Country, year" (IEEE)
    ref = parse_reference(
        '[4] K. Osei and L. Brandt, "Sparse attention for sensor streams," in Proc. IEEE '
        "Int. Conf. Data Eng. (ICDE), Geneva, Switzerland, 2021, pp. 310–321."
    )
    f = fields(ref)
    assert f["booktitle"].endswith("(ICDE)")
    assert "publisher" not in f
    assert f["address"] == "Geneva, Switzerland"


# ---------------------------------------------------------------- CJK marked numbers


def test_gbt_journal_with_marked_numbers() -> None:
    # class: GB/T "[J]" with 年/卷/期/页 markers instead of "年, 卷(期): 页"
    ref = parse_reference("赵磊. 唐代漕运制度考[J]. 中国史研究, 2009年, 第31卷第4期, 第12-30页.")
    f = fields(ref)
    assert ref.type == "article"
    assert f["journal"] == "中国史研究"
    assert (f["year"], f["volume"], f["number"], f["pages"]) == ("2009", "31", "4", "12-30")


def test_chinese_year_issue_item_and_em_dash_pages() -> None:
    # class: "《刊名》2015年第3期，第45—60页" (year run into the issue, em-dash pages)
    f = fields(
        parse_reference("孙立：《宋代茶马贸易》，《中国经济史研究》2011年第2期，第88—97页。")
    )
    assert f["journal"] == "中国经济史研究"
    assert (f["year"], f["number"], f["pages"]) == ("2011", "2", "88-97")


# ---------------------------------------------------------------- books: series and edition


def test_series_statement_read_as_container_becomes_series() -> None:
    # class: "Title. Series Name N. Place: Publisher, year." (a book in a numbered series)
    ref = parse_reference(
        "Mwangi, P. A Grammar of Kikuyu Tone. Studies in Bantu Phonology 7. Leiden: Brill, 2004."
    )
    f = fields(ref)
    assert ref.type == "book"
    assert f["title"] == "A Grammar of Kikuyu Tone"
    assert f["series"] == "Studies in Bantu Phonology"
    assert "booktitle" not in f and "journal" not in f


def test_series_left_on_the_title_is_taken_off() -> None:
    # class: a publisher's numbered series after the title ("Routledge Studies in … 4")
    f = fields(
        parse_reference(
            "Haugen, Ola. 2019. Fjord Fisheries Law. Brill Studies in Maritime Governance 12. "
            "Leiden: Brill."
        )
    )
    assert f["title"] == "Fjord Fisheries Law"
    assert f["series"] == "Brill Studies in Maritime Governance"


def test_chapter_in_a_series_volume_is_not_a_series() -> None:
    # "In Studies in X" is a chapter's container, not a series statement
    f: dict[str, str] = {"title": "Tone sandhi", "publisher": "Brill"}
    text = "Lee, K. Tone sandhi. In Studies in Bantu Phonology 7. Leiden: Brill, 2004."
    assert not acadfix._series_as_container(f, "", "Studies in Bantu Phonology 7", text)


def test_edition_at_the_end_of_a_title() -> None:
    # class: Nature-style "Title 7th edn (Publisher, year)"
    f = {"title": "Molecular Cell Biology 5th edn"}
    acadfix._edition_in_title(f)
    assert f == {"title": "Molecular Cell Biology", "edition": "5th edn"}
    g = {"title": "The 2nd Edition Wars"}
    acadfix._edition_in_title(g)
    assert g["title"] == "The 2nd Edition Wars"


# ---------------------------------------------------------------- ISO 690 journal before year


def test_iso690_journal_between_title_and_year() -> None:
    # class: ISO 690 "Title. Journal. 2016, roč. 64, č. 3, s. 301–318." (journal after a full stop)
    ref = parse_reference(
        "DVOŘÁK, Petr. Regionální rozdíly v nezaměstnanosti. Ekonomická revue. 2014, "
        "roč. 17, č. 2, s. 45–63."
    )
    f = fields(ref)
    assert f["title"] == "Regionální rozdíly v nezaměstnanosti"
    assert f["journal"] == "Ekonomická revue"
    assert ref.type == "article"


def test_physics_volume_page_year_is_not_volume_issue() -> None:
    # "290, 599 (1980)" has no month: volume, page (year), whatever follows
    f = {"volume": "290", "pages": "599"}
    acadfix._month_issue(f, "Compt. Rend. A 290, 599 (1980), arXiv:hep-th/ 0101093.")
    assert f == {"volume": "290", "pages": "599"}
