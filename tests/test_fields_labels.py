"""Issue 11 items 1 and 6, after the tagger: bracketed descriptions of the kind of work
("(Report)", "(Working paper)", "[Blog post]", "[Data set]", "(Version 2.1)"), and
quoted titles read online whose one body after them is an organisation's site.
Every reference here was written for these tests (invented authors, titles and bodies):
none is from ../shared, bench/data or the synthetic generators."""

from __future__ import annotations

from bibman.freetext import gazetteer
from bibman.freetext.fields import parse_reference
from bibman.freetext.normalize import extract, genre_kind, title_labels


def _f(text: str) -> tuple[str, dict[str, str]]:
    r = parse_reference(text)
    return r.type, dict(r.fields)


# ---------------------------------------------------------------- the label data


def test_labels_come_from_the_data_file_and_the_report_series() -> None:
    assert genre_kind("Report") == "report"
    assert genre_kind("technical  report") == "report"
    assert genre_kind("Working Paper") == "report"  # a report-series name
    assert genre_kind("Blog post") == "web"
    assert genre_kind("Data set") == "data"
    assert genre_kind("Computer software") == "software"
    assert genre_kind("Abstract") == ""


def test_label_is_found_after_the_title_only() -> None:
    assert extract("Hale, P. (2019). Salt roads of the Baltic (Report). Nordic Council.").genre
    # a title that is itself "Report ..." has no label
    assert not extract("(Report) Hale, P. Salt roads.").genre


def test_title_labels_come_off_the_end_of_a_title() -> None:
    t, labels = title_labels("Peat fires in Karelia (Report) (in Finnish)")
    assert t == "Peat fires in Karelia"
    assert labels == ["Report", "in Finnish"]
    t, labels = title_labels("Tidewatch (Version 3.1.2) [Computer software]")
    assert (t, labels) == ("Tidewatch", ["Version 3.1.2", "Computer software"])
    # a bracketed part of the title that is no label stays
    assert title_labels("Lakes of Finland (1900-1950)") == ("Lakes of Finland (1900-1950)", [])


# ---------------------------------------------------------------- labelled types


def test_report_label_makes_a_report_issued_by_the_body_after_it() -> None:
    typ, f = _f(
        "Okeke, Adaeze (2018). Water tariffs in secondary towns of Nigeria (Report). "
        "West African Water Institute. p. 9."
    )
    assert typ == "techreport"
    assert f["title"] == "Water tariffs in secondary towns of Nigeria"
    assert f["institution"] == "West African Water Institute"


def test_working_paper_label_and_its_number_after_the_body() -> None:
    typ, f = _f(
        "Haddad, Rami (2021). Informal credit among Beirut shopkeepers (Working paper). "
        "Levant Policy Centre. No. 2021-14."
    )
    assert typ == "techreport"
    assert f["number"] == "2021-14"
    assert "pages" not in f
    assert f["institution"] == "Levant Policy Centre"


def test_report_label_on_a_news_site_stays_a_news_item() -> None:
    typ, _ = _f(
        'Brandt, Ola (4 May 2016). "Ferry strike ends in Bergen" (Report). Reuters. '
        "Retrieved 5 May 2016."
    )
    assert typ in ("article", "misc")
    assert typ != "techreport"


def test_blog_post_label_is_a_web_page() -> None:
    typ, f = _f(
        "Ferreira, L. (2023, March 8). Six mistakes in retry loops [Blog post]. "
        "Backend Notes. https://backendnotes.example.org/retry-loops"
    )
    assert typ == "misc"
    assert f["title"] == "Six mistakes in retry loops"
    assert f["howpublished"] == "Backend Notes"


def test_data_set_label_and_version_make_a_misc_with_its_publisher() -> None:
    typ, f = _f(
        "Ivanova, T. (2020). Lake ice phenology in Karelia, 1950-2019 (Version 1.3) "
        "[Data set]. PANGAEA. https://example.org/pangaea/ice-phenology"
    )
    assert typ == "misc"
    assert f["title"] == "Lake ice phenology in Karelia, 1950-2019"
    assert f["organization"] == "PANGAEA"
    assert "Version 1.3" in f.get("note", "")
    assert "howpublished" not in f


def test_label_does_not_override_a_journal_article() -> None:
    typ, _ = _f(
        "Moreau, C. (2017). Coastal erosion in Brittany (Report). Journal of Coastal "
        "Studies, 12(3), 45-67."
    )
    assert typ == "article"


# ---------------------------------------------------------------- quoted pages read online


def test_quoted_title_with_access_date_and_a_body_is_a_web_page() -> None:
    typ, f = _f(
        '"Harbour traffic by month, 2022". Port Authority of Gdynia. 3 March 2023. '
        "Retrieved 20 March 2023."
    )
    assert typ == "misc"
    assert f["howpublished"] == "Port Authority of Gdynia"


def test_quoted_title_on_an_acronym_body_is_a_web_page() -> None:
    typ, _ = _f('"Tuition fees in member states 2021". EUA. Retrieved 2 February 2022.')
    assert typ == "misc"


def test_quoted_title_on_a_newspaper_stays_an_article() -> None:
    typ, f = _f(
        'Kowalski, Jan (2 June 2021). "Tram line opens in Olsztyn". The Guardian. '
        "Retrieved 3 June 2021."
    )
    assert typ == "article"
    assert f["journal"] == "The Guardian"


def test_quoted_title_outside_cs1_on_a_plain_name_stays_an_article() -> None:
    # "Available at … Accessed": no CS1 layout and a name that is no organisation's
    typ, _ = _f(
        'Ruiz, P. 2017. "Smugglers change routes in the Darien". Border Wire, 4 May 2017. '
        "Available at http://borderwire.example.com/darien [Accessed 9 May 2017]."
    )
    assert typ == "article"


def test_quoted_title_with_volume_and_pages_stays_an_article() -> None:
    typ, _ = _f(
        'Lund, E. "Ice roads of the north". Arctic Studies Foundation 4 (2019): 11-29. '
        "Accessed 2 May 2020. https://example.org/ice"
    )
    assert typ == "article"


def test_site_list_sections() -> None:
    assert gazetteer.news_site("The Washington Post")
    assert not gazetteer.news_site("OECD")
    assert not gazetteer.news_site("GitHub")
    assert gazetteer.site_kinds()[gazetteer.site_key("OECD")] == "org"


# ---------------------------------------------------------------- bodies' own reports


def test_body_published_by_itself_is_a_report() -> None:
    typ, f = _f(
        "Baltic Fisheries Council. Cod stocks after the 2015 quota reform. "
        "Riga: Baltic Fisheries Council, 2018."
    )
    assert typ == "techreport"
    assert f["institution"] == "Baltic Fisheries Council"


def test_body_published_under_its_acronym_is_a_report() -> None:
    typ, f = _f(
        "National Water Quality Agency (2017) River nitrate trends in England, 1990-2015. "
        "Leeds: NWQA. Available at: https://example.org/nwqa/nitrate"
    )
    assert typ == "techreport"
    assert f["address"] == "Leeds"


def test_book_of_a_publishing_house_stays_a_book() -> None:
    typ, _ = _f("Harlow Press. Style manual for editors. London: Harlow Press, 2004.")
    assert typ == "book"


def test_same_body_by_name_part_and_acronym() -> None:
    from bibman.freetext.webtype import same_body

    assert same_body("Office for National Statistics (ONS)", "ONS")
    assert same_body("Instituto Nacional de Estadística y Geografía [INEGI]", "INEGI")
    assert same_body("Greenpeace East Asia", "Greenpeace")
    assert not same_body("Greenpeace East Asia", "Oxford University Press")


# ---------------------------------------------------------------- pages dated by the day


def test_online_item_dated_by_day_with_one_body_is_a_web_page() -> None:
    typ, f = _f(
        "Gitea. (2021, May 4). Configuring the build cache. Gitea Docs. "
        "https://docs.example.org/cache"
    )
    assert typ == "misc"
    assert f["howpublished"] == "Gitea Docs"


def test_apa_day_date_on_a_newspaper_stays_an_article() -> None:
    typ, _ = _f(
        "Osei, K. (2021, May 4). Accra opens its first bus rapid transit line. The Guardian. "
        "https://example.com/accra-brt"
    )
    assert typ == "article"


def test_apa_year_only_online_book_is_not_a_page_by_this_rule() -> None:
    from bibman.freetext.webtype import apa_dated_page

    f = {"title": "Rivers of Europe", "publisher": "Atlas House", "year": "2019"}
    text = "Dunn, E. (2019). Rivers of Europe. Atlas House. https://example.org/rivers"
    assert apa_dated_page("book", f, "", text, True, False, False) == ("book", "")
    text = "Dunn, E. (2019, June 2). Rivers of Europe. Atlas House. https://example.org/rivers"
    assert apa_dated_page("book", f, "", text, True, False, False) == ("misc", "Atlas House")
    assert "publisher" not in f


def test_initialism_opening_the_publisher_is_not_cut_off() -> None:
    _, f = _f(
        "Office of Coastal Surveys. (n.d.). Tide stations of the Gulf. U.S. Department of "
        "the Interior. Retrieved March 3, 2022, from https://example.gov/tides"
    )
    assert "U.S. Department of the Interior" in (
        f.get("howpublished", ""),
        f.get("organization", ""),
        f.get("institution", ""),
        f.get("publisher", ""),
    )


# ---------------------------------------------------------------- publisher, city, state


def test_city_cut_from_its_state_goes_back_to_the_place() -> None:
    from bibman.freetext.fieldfix import publisher_place

    f = {"publisher": "Harbor Lane Books, Redwood City", "address": "CA"}
    publisher_place(f)
    assert (f["publisher"], f["address"]) == ("Harbor Lane Books", "Redwood City, CA")
    f = {"publisher": "Las Vegas", "address": "NV, USA"}
    publisher_place(f)
    assert f == {"address": "Las Vegas, NV, USA"}


def test_acs_publisher_colon_place_is_split() -> None:
    from bibman.freetext.fieldfix import publisher_place

    f = {"publisher": "Elsevier: Amsterdam"}
    publisher_place(f)
    assert (f["publisher"], f["address"]) == ("Elsevier", "Amsterdam")


def test_body_read_as_a_person_but_named_as_its_publisher_is_a_report() -> None:
    r = parse_reference(
        "Coastal Rights Watch. Fish workers on the Andaman coast: pay and debt. "
        "Bangkok: Coastal Rights Watch, 2019."
    )
    assert r.type == "techreport"
    assert [a.literal for a in r.authors] == ["Coastal Rights Watch"]


def test_medium_note_of_a_recording_or_a_blog_makes_a_web_item() -> None:
    typ, f = _f(
        "Aalto, M. (2022). Soldering surface-mount parts by hand [Video]. YouTube. "
        "https://www.youtube.com/watch?v=abcdefghijk"
    )
    assert typ == "misc"
    assert f["howpublished"] == "YouTube"
    assert f["type"] == "Video"
    assert "Video" not in f.get("note", "")


def test_host_name_ending_like_a_lead_in_word_keeps_its_ending() -> None:
    ex = extract('"Bus timetables". bergen.kommune.no (in Norwegian Bokmål). Retrieved 2 May 2021.')
    assert "bergen.kommune.no" in ex.text
    assert "in Norwegian Bokmål" in ex.notes


def test_site_then_publisher_of_a_page_are_split() -> None:
    typ, f = _f(
        '"Harbour statistics 2020". PSA (in Italian). Porto di Trieste Authority. '
        "Retrieved 18 June 2021."
    )
    assert typ == "misc"
    assert f["howpublished"] == "PSA"
    assert f["organization"] == "Porto di Trieste Authority"


def test_title_run_on_past_its_label_into_the_body_is_split() -> None:
    from bibman.freetext.webtype import title_label_body

    f = {"title": "Tidal energy in Orkney (Report). Northern Isles Energy Agency"}
    assert title_label_body(f, "Report")
    assert f["publisher"] == "Northern Isles Energy Agency"
    assert f["title"] == "Tidal energy in Orkney (Report)"
    f = {"title": "Hearing loss at work (OSHA Publication No. 31-HL-220). Labor Safety Office"}
    assert title_label_body(f, "")
    assert f["publisher"] == "Labor Safety Office"
    # a bracket that is neither the label nor a report number: the title stays
    f = {"title": "Lakes (1900-1950). A Survey of Finnish Waters"}
    assert not title_label_body(f, "")
    assert f["title"] == "Lakes (1900-1950). A Survey of Finnish Waters"
