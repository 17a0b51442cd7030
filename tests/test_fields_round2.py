"""Field-parser rules added in round 2: BibTeX/biblatex validity of parsed entries,
web pages and news, GOST books without area dashes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bibman import bibtex
from bibman.freetext.fields import parse_reference
from bibman.freetext.names import name_str
from bibman.model import Reference

FIXTURE = Path(__file__).parent / "fixtures" / "fields" / "web_news.txt"


def fields(ref: Reference) -> dict[str, str]:
    return dict(ref.fields)


def test_lone_bracketed_number_after_journal_is_the_volume() -> None:
    ref = parse_reference("Doe, Jane (2010), 'A study', Journal of Things, (14): 33-47.")
    f = fields(ref)
    assert ref.type == "article"
    assert f["volume"] == "14" and "number" not in f
    assert f["pages"] == "33-47"


def test_volume_and_bracketed_issue_stay_apart() -> None:
    f = fields(parse_reference("Doe, J. (2010). A study. Journal of Things, 12(3), 33-47."))
    assert (f["volume"], f["number"]) == ("12", "3")


def test_undated_authorless_linked_news_item_is_a_web_page() -> None:
    ref = parse_reference(
        'Minister visits the new plant", ExampleNews. Accessed 3 March 2020, '
        "URL:https://news.example.org/item/123"
    )
    f = fields(ref)
    assert ref.type == "misc"
    assert f["howpublished"] == "ExampleNews"
    assert f["urldate"] == "2020-03-03"
    assert "journal" not in f


def test_newspaper_city_goes_to_note_not_address() -> None:
    ref = parse_reference(
        "Smith, A. (2005), “Storm hits the coast”, the Boston Globe, Chicago, 22 November 2005."
    )
    f = fields(ref)
    assert ref.type == "article"
    assert f["journal"] == "The Boston Globe"  # a name's leading article is capitalised
    assert "address" not in f and "publisher" not in f
    assert "Chicago" in f["note"]
    assert f["date"] == "2005-11-22"


def test_gost_book_with_abbreviated_city_and_no_area_dashes() -> None:
    ref = parse_reference("Петров П. П. Основы теории. М.: Наука, 2010. 320 с.")
    f = fields(ref)
    assert ref.type == "book"
    assert [name_str(n) for n in ref.authors] == ["Петров, П. П."]
    assert f["title"] == "Основы теории"
    assert (f["publisher"], f["year"]) == ("Наука", "2010")


def test_access_note_glued_to_a_url_is_not_part_of_it() -> None:
    ref = parse_reference(
        "Vendor https://shop.example.com/product/24725854/)(accessed: January2019)."
    )
    f = fields(ref)
    assert f["url"] == "https://shop.example.com/product/24725854/"
    assert f["urldate"] == "2019-01"  # month and year glued together
    assert f["title"] == "Vendor"


def test_bare_domain_with_path_is_a_url() -> None:
    ref = parse_reference(
        'Brown, A. "How to train your model". Medium, 3 Jan. 2021, '
        "medium.com/@abrown/how-to-train. Accessed 5 Feb. 2021."
    )
    f = fields(ref)
    assert f["url"] == "medium.com/@abrown/how-to-train"
    assert f["urldate"] == "2021-02-05"
    assert f["year"] == "2021"


def test_company_name_with_domain_is_not_a_url() -> None:
    f = fields(parse_reference("Amazon.com. (2020). Annual report 2019. Seattle: Amazon."))
    assert "url" not in f


def test_public_body_and_place_after_the_title_are_publisher_and_address() -> None:
    ref = parse_reference(
        "Schmidt, K. (2018): Klimawandel in Deutschland. Bundesamt für Umwelt, Dessau. "
        "Online unter: https://www.example.de/publikation/klima (abgerufen am 3.4.2019)."
    )
    f = fields(ref)
    assert f["title"] == "Klimawandel in Deutschland"
    assert (f["institution"], f["address"]) == ("Bundesamt für Umwelt", "Dessau")
    assert f["urldate"] == "2019-04-03"


def test_yearless_day_and_month_refine_the_year() -> None:
    f = fields(
        parse_reference(
            'Reuters (2022) "Oil prices surge after invasion", 24 February, available at '
            "www.reuters.com/business/energy/oil-prices-2022-02-24/ (accessed 1 March 2022)"
        )
    )
    assert (f["year"], f["date"]) == ("2022", "2022-02-24")
    assert f["urldate"] == "2022-03-01"


def test_marked_page_range_wins_over_a_lone_number() -> None:
    f = fields(
        parse_reference(
            "DOE J., “A history of things”, in Example Review, 33, 1 (2013), pp. 39-55."
        )
    )
    assert (f["volume"], f["number"], f["pages"]) == ("33", "1", "39-55")


def test_roman_volume_after_journal_is_not_a_publisher() -> None:
    f = fields(
        parse_reference(
            'Doe, John. "A Problem of Planning." Management Science, XIII (February, 1967), '
            "pp. B219-B239."
        )
    )
    assert f["journal"] == "Management Science"
    assert f["volume"] == "XIII"
    assert "publisher" not in f
    assert "XIII" not in f.get("note", "")


def test_abbreviations_ending_the_title_start_an_abbreviated_journal() -> None:
    ref = parse_reference("Wickel: Über stationäre Paralyse. Allg. Z. Psychiatr. 71, 360 (1914).")
    f = fields(ref)
    assert f["title"] == "Über stationäre Paralyse"
    assert f["journal"].startswith("Allg. Z. Psychiatr")
    ref = parse_reference("R. C. Carrington, Mon. Not. R. Astron. Soc. 20, 13 (1859).")
    f = fields(ref)
    assert f["journal"].startswith("Mon. Not. R. Astron. Soc")
    assert "title" not in f


def test_title_end_glued_to_the_journal_is_split_at_the_period() -> None:
    f = fields(
        parse_reference(
            "Smith, A., Jones, B. C. N., Brown, R. and Green, C.: Quantum Geometry of Refined Topological Strings.JHEP 1211 ,019 "
            "( 2012)[ arXiv:1105.0630[ hep-th]]."
        )
    )
    assert f["title"] == "Quantum Geometry of Refined Topological Strings"
    assert f["journal"] == "JHEP"


def test_archive_date_is_a_note_not_the_date_of_the_work() -> None:
    f = fields(
        parse_reference(
            '"Annual Review of Things" (PDF). Example Development Bank. Archived from the '
            "original (PDF) on 4 March 2018. Retrieved 1 February 2019."
        )
    )
    assert "Archived from the original on 4 March 2018" in f["note"]
    assert f.get("date") != "2018-03-04"
    assert f["urldate"] == "2019-02-01"


def test_numeric_date_in_brackets_after_the_author_is_the_date() -> None:
    ref = parse_reference(
        'Kucera, Joshua (2014-05-01). "Military Aid to Central Asia". The Diplomat. '
        "Retrieved 2014-05-02."
    )
    f = fields(ref)
    assert [name_str(n) for n in ref.authors] == ["Kucera, Joshua"]
    assert (f["year"], f["date"], f["urldate"]) == ("2014", "2014-05-01", "2014-05-02")


def test_place_and_publisher_left_in_the_title_are_split_off() -> None:
    ref = parse_reference(
        "DUPONT, Marie. Soins infirmiers. Issy-les-Moulineaux : ELSEVIER MASSON, 2011. 210 p."
    )
    f = fields(ref)
    assert ref.type == "book"
    assert f["title"] == "Soins infirmiers"
    assert (f["address"], f["publisher"]) == ("Issy-les-Moulineaux", "ELSEVIER MASSON")


def test_publisher_then_city_tagged_as_a_place_are_split() -> None:
    f = fields(
        parse_reference("Doe, J.M., Roe, N.N.: The Theory of Things. Clarendon, Oxford (1997)")
    )
    assert (f["publisher"], f["address"]) == ("Clarendon", "Oxford")


def test_gost_city_and_year_cut_at_the_comma_are_address_and_year() -> None:
    ref = parse_reference("Сидоров А.А. Отчет о работах в 1997 г. Казань, 1998.")
    f = fields(ref)
    assert ref.type == "book"
    assert (f["address"], f["year"]) == ("Казань", "1998")


def test_doi_loses_a_pubmed_style_bracket_tag() -> None:
    f = fields(parse_reference("Doe, J. 2009. A study. Neuron, 64, 46-54. 10.1016/j.x.2009.1[doi]"))
    assert f["doi"] == "10.1016/j.x.2009.1"


def test_publishing_house_after_the_title_comma_is_the_publisher() -> None:
    ref = parse_reference("Nowak J. 2004. Historia socjologii polskiej, Wydawnictwo Naukowe PWN.")
    f = fields(ref)
    assert ref.type == "book"
    assert (f["title"], f["publisher"]) == (
        "Historia socjologii polskiej",
        "Wydawnictwo Naukowe PWN",
    )


def test_day_and_month_after_a_corporate_author_year() -> None:
    f = fields(
        parse_reference(
            "BBC News (2018) 'Brexit: What happens next?', BBC News, 15 November. Available at: "
            "https://www.bbc.co.uk/news/uk-politics-46224767 (Accessed: 20 November 2018)."
        )
    )
    assert (f["date"], f["urldate"]) == ("2018-11-15", "2018-11-20")
    assert "15 November" not in f.get("note", "")


def test_apa_year_month_day_date() -> None:
    from bibman.freetext.dates import parse_date

    assert parse_date("(2019, May 4).") == (2019, 5, 4)
    assert parse_date("(2019, May).") == (2019, 5, 0)
    assert parse_date("November2017") == (2017, 11, 0)
    f = fields(
        parse_reference(
            "Smith, J. (2019, May 4). Why the economy is slowing down. The New York Times. "
            "https://www.nytimes.com/2019/05/04/business/economy.html"
        )
    )
    assert (f["year"], f["date"]) == ("2019", "2019-05-04")


def test_dated_periodical_tagged_as_editor_is_the_journal() -> None:
    ref = parse_reference(
        "Meier, Anna: Die Energiewende im Überblick, in: Frankfurter Allgemeine Zeitung, "
        "14.03.2019, S. 17."
    )
    f = fields(ref)
    assert not ref.editors
    assert f["journal"] == "Frankfurter Allgemeine Zeitung"
    assert (f["date"], f["pages"]) == ("2019-03-14", "17")


def test_single_public_body_author_is_kept_whole() -> None:
    ref = parse_reference(
        "Statistisches Bundesamt (2020): Bevölkerung und Erwerbstätigkeit. Berlin. "
        "URL: https://www.example.de/bevoelkerung.pdf [Zugriff: 10.02.2021]."
    )
    assert [a.literal for a in ref.authors] == ["Statistisches Bundesamt"]
    f = fields(ref)
    assert (f["title"], f["address"]) == ("Bevölkerung und Erwerbstätigkeit", "Berlin")
    assert f["urldate"] == "2021-02-10"


def test_day_left_in_the_title_joins_the_date() -> None:
    f = fields(
        parse_reference(
            "Johnson, K. (2020, March 12). Coronavirus: What we know. CNN. Retrieved from "
            "https://edition.cnn.com/2020/03/12/health/coronavirus-what-we-know"
        )
    )
    assert f["title"] == "Coronavirus: What we know"
    assert f["date"] == "2020-03-12"


def test_imprint_with_a_city_is_a_publisher_not_a_site() -> None:
    ref = parse_reference(
        "Amnesty International (2021) Annual report 2020/21. London: Amnesty International."
    )
    f = fields(ref)
    assert ref.type != "article"
    assert f["title"] == "Annual report 2020/21"
    assert f["address"] == "London"
    assert "journal" not in f


def test_cli_parses_web_news_and_gost_references_into_valid_entries(tmp_path: Path) -> None:
    """End to end through ``bibman parse``: entry types and fields that BibTeX and
    biblatex accept (no journal-less web 'article', no address on @article)."""
    out = tmp_path / "out.bib"
    proc = subprocess.run(
        [sys.executable, "-m", "bibman", "parse", "--one-per-line", str(FIXTURE), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    entries = bibtex.load(out).entries
    assert [e.type for e in entries] == ["misc", "article", "article", "book"]
    # values as written (BibTeX braces protect capitals); compared without braces
    values = [
        {f.name: str(f.value).replace("{", "").replace("}", "") for f in e.fields} for e in entries
    ]
    # the site, then the URL for BibTeX's own styles (issue 13)
    assert values[0]["howpublished"].split(", \\url")[0] == "ExampleNews"
    assert "address" not in values[1] and "Chicago" in values[1]["note"]
    assert values[2]["volume"] == "14" and "number" not in values[2]
    assert values[3]["publisher"] == "Наука"


def test_year_after_an_organisation_author_is_not_part_of_its_name() -> None:
    ref = parse_reference(
        "ICR NEWS, 2013. “Refugees seek shelter”, ICR News, 24 October 2013. Available at "
        "http://news.example.com/2013/10/24/x"
    )
    assert [a.literal for a in ref.authors] == ["ICR NEWS"]
    assert fields(ref)["date"] == "2013-10-24"


@pytest.mark.parametrize(
    ("text", "title", "journal", "volume"),
    [
        (
            "Lee, K. and Park, J.: Holographic entanglement at finite density.JCAP 1503 ,044 "
            "( 2015)[ arXiv:1412.0001[ hep-th]].",
            "Holographic entanglement at finite density",
            "JCAP",
            "1503",
        ),
        (
            "Ito, M.: Boundary terms of the heat kernel.JHEP 0907 ,112 ( 2009).",
            "Boundary terms of the heat kernel",
            "JHEP",
            "0907",
        ),
    ],
)
def test_title_run_on_over_a_glued_physics_journal_stops_at_the_journal(
    text: str, title: str, journal: str, volume: str
) -> None:
    f = fields(parse_reference(text))
    assert (f["title"], f["journal"], f["volume"]) == (title, journal, volume)
