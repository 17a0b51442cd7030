"""The rules after the tagger (issue 11, items 1, 5, 6, 8): report series read as
journals, online items typed as books, publisher/place imprints and editor spans.
Every reference here was written for these tests: none is from the shared dev set
nor from bench/data/refparse-hand-classes.jsonl."""

from __future__ import annotations

from bibman.freetext.fields import parse_reference


def _f(text: str) -> tuple[str, dict[str, str]]:
    r = parse_reference(text)
    return r.type, dict(r.fields)


# ---------------------------------------------------------------- report series


def test_numbered_report_series_is_a_report_not_a_journal() -> None:
    typ, f = _f(
        "Lindqvist, K. (2013). Remittances and school enrolment in Tajikistan. "
        "Discussion Paper No. 88. Bonn: Institute of Labor Economics."
    )
    assert typ == "techreport"
    assert f["type"] == "Discussion Paper"
    assert f["number"] == "88"
    assert f["institution"] == "Institute of Labor Economics"
    assert "journal" not in f


def test_report_series_in_another_language_is_a_report() -> None:
    typ, f = _f(
        'Costa, M. (2009), "Informalidade e produtividade nas metrópoles", '
        "Texto para Discussão 1410, Instituto de Economia Aplicada, Campinas."
    )
    assert typ == "techreport"
    assert f["number"] == "1410"
    assert f["institution"].startswith("Instituto de Economia Aplicada")
    assert "booktitle" not in f and "journal" not in f


def test_unnumbered_site_named_like_a_series_stays_a_web_page() -> None:
    typ, _ = _f(
        "Tran, L. (2019, June 2). Port congestion eases in Haiphong. Shipping Briefing. "
        "https://www.shipping-briefing.com/news/port-congestion"
    )
    assert typ != "techreport"


# ---------------------------------------------------------------- online "books"


def test_body_after_title_read_online_with_access_date_is_a_web_page() -> None:
    typ, f = _f(
        "Okafor N. Rainwater harvesting in Lagos. Routledge. "
        "https://www.routledge.com/news/rainwater-lagos. Accessed March 3, 2015."
    )
    assert typ == "misc"
    assert f["howpublished"] == "Routledge"
    assert "publisher" not in f


def test_body_marked_internet_is_a_web_page() -> None:
    typ, f = _f(
        "Brandt K, Oyelaran T (2012) Solar kiosks in rural Ghana. Wiley-Blackwell [Internet]. "
        "Available from: https://wiley.com/news/solar-kiosks"
    )
    assert typ == "misc"
    assert f["howpublished"] == "Wiley-Blackwell"


def test_book_with_a_place_read_online_stays_a_book() -> None:
    typ, f = _f(
        "Okafor N. Rainwater harvesting in Lagos. London: Earthscan; 2015 [cited 2016 Jan 5]. "
        "Available from: https://www.earthscan.org/books/rainwater"
    )
    assert typ == "book"
    assert f["publisher"] == "Earthscan"


# ---------------------------------------------------------------- editors


def test_editors_with_role_word_then_the_book_title() -> None:
    r = parse_reference(
        "Conti, F. (2004). Le confraternite laiche a Lucca. In G. Bertini (a cura di), "
        "Religione e società in Toscana (pp. 12–40). Firenze: Olschki."
    )
    f = dict(r.fields)
    assert r.type == "incollection"
    assert [e.family for e in r.editors] == ["Bertini"]
    assert f["booktitle"] == "Religione e società in Toscana"


def test_german_editors_hrsg_then_the_book_title_and_page_word() -> None:
    r = parse_reference(
        "Winkler, T.: Milieustudien. In: Hradil, S., Berger, P. (Hrsg.): Lebenslagen und "
        "Lebensstile, S. 101–118. Westdeutscher Verlag, Opladen (1990)"
    )
    f = dict(r.fields)
    assert [e.family for e in r.editors] == ["Hradil", "Berger"]
    assert f["booktitle"] == "Lebenslagen und Lebensstile"


def test_title_before_role_word_is_not_an_editor() -> None:
    r = parse_reference(
        "Pohl I. (1970). Heuristic search. In: Machine Intelligence. (Ed.) B. Meltzer and "
        "D. Michie. Edinburgh University Press, pp. 12-30."
    )
    assert not any(e.family == "Intelligence" for e in r.editors)


def test_role_word_in_brackets_after_authors_makes_them_editors() -> None:
    r = parse_reference(
        "Holm, K., Nyberg, S. (red.) (2011). Svensk socialpolitik. Lund: Studentlitteratur."
    )
    assert [e.family for e in r.editors] == ["Holm", "Nyberg"]
    assert not r.authors


# ---------------------------------------------------------------- imprints


def test_place_colon_publisher_read_as_journal_is_an_imprint() -> None:
    r = parse_reference(
        "Holm, K., Nyberg, S. (red.) (2011). Svensk socialpolitik. Lund: Studentlitteratur."
    )
    f = dict(r.fields)
    assert r.type == "book"
    assert f["publisher"] == "Studentlitteratur"
    assert f["address"] == "Lund"
    assert "journal" not in f


def test_title_with_colon_is_not_an_imprint() -> None:
    from bibman.freetext.fieldfix import journal_imprint

    f: dict[str, str] = {}
    assert journal_imprint(f, "Governing Cities: The Politics of a Divided Region") != ""
    assert not f


# ---------------------------------------------------------------- theses


def test_genre_before_the_school_is_not_part_of_the_school() -> None:
    typ, f = _f(
        "Okoye, C. (2016). Wave energy in the Gulf of Guinea. Dissertation, Lund University."
    )
    assert typ == "phdthesis"
    assert f["school"] == "Lund University"


def test_abnt_thesis_designator_gives_type_school_and_place() -> None:
    typ, f = _f(
        "PEREIRA, M. L. Qualidade do ar em Belo Horizonte. 2015. 98 f. Tese (Doutorado em "
        "Saneamento) – Universidade Federal de Minas Gerais, Belo Horizonte, 2015."
    )
    assert typ == "phdthesis"
    assert f["school"] == "Universidade Federal de Minas Gerais"
    assert f["address"] == "Belo Horizonte"


def test_university_named_after_its_city_stays_whole() -> None:
    typ, f = _f("Kraus, J. (2012): Die Lyrik Trakls im Kontext. Diss. Universität Salzburg.")
    assert typ == "phdthesis"
    assert f["school"] == "Universität Salzburg"
    assert "address" not in f


# ---------------------------------------------------------------- one marker list


def test_each_marker_word_is_written_once() -> None:
    """A CJK/Cyrillic access, et-al or editor word lives either in reference_markers.txt or
    (tagged "markers:SECTION") in locale-terms-extra.tsv, never in both."""
    from bibman.freetext import localeterms, markers

    marker_words = set()
    for line in markers._FILE.read_text("utf-8").splitlines():
        _key, sep, value = line.partition(":")
        if sep and not line.startswith("#") and value.strip():
            marker_words.add(value.strip().lower().rstrip("."))
    for line in localeterms.EXTRA_FILE.read_text("utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) >= 3 and not line.startswith("#"):
            assert cols[2].lower().rstrip(".") not in marker_words, cols[2]


def test_tagged_locale_terms_are_markers_too() -> None:
    from bibman.freetext import localeterms, markers

    assert "외" in markers.values("etal")
    assert "дата обращения" in markers.values("access")
    assert {"под ред.", "ред."} <= set(markers.values("editor"))
    assert "외" in localeterms.etal_words()
    assert "дата обращения" in localeterms.access_words()


# ---------------------------------------------------------------- web pages, markers


def test_organisation_page_on_its_own_site_is_a_web_page() -> None:
    typ, f = _f(
        "Oxford University Press. (2022). Open access funding. Oxford University Press. "
        "https://academic.oup.com/pages/open-research/open-access/funding"
    )
    assert typ == "misc"
    assert f["howpublished"] == "Oxford University Press"


def test_quoted_title_in_spaced_guillemets() -> None:
    from bibman.freetext.webtype import quoted_title

    text = "« Nos collections ». Éditions du Seuil, https://www.seuil.com/collections."
    assert quoted_title("Nos collections", text)
    assert not quoted_title("Éditions du Seuil", text)


def test_word_for_in_is_not_a_place() -> None:
    _, f = _f("Lukić, M., Horvat, I.: Obalna erozija Jadrana. U: Geoadria 14, str. 33–51 (2009)")
    assert f.get("address", "").lower() not in ("u", "u:")


def test_angle_bracketed_url_leaves_no_residue() -> None:
    from bibman.freetext.normalize import extract

    ex = extract(
        "DUPONT, Jean. Les ponts de Lyon [en ligne]. 2015 [consulté le 3 mai 2016]. "
        "Disponible à : <URL : https://www.ponts-lyon.fr/histoire>."
    )
    assert ex.url == ["https://www.ponts-lyon.fr/histoire"]
    assert "<" not in ex.text and ">" not in ex.text
    assert "Disponible" not in ex.text


def test_body_then_unknown_place_is_split() -> None:
    from bibman.freetext.fieldfix import body_then_place

    f = {"publisher": "Westdeutscher Verlag, Opladen"}
    body_then_place(f)
    assert f == {"publisher": "Westdeutscher Verlag", "address": "Opladen"}
    f = {"address": "Hanser + Partner, Wetzlar"}
    body_then_place(f)
    assert f == {"publisher": "Hanser + Partner", "address": "Wetzlar"}


def test_body_then_serial_or_campus_or_two_places_is_kept() -> None:
    from bibman.freetext.fieldfix import body_then_place

    for f0 in (
        {"publisher": "Federal Reserve Bank of Boston, New England Economic Review"},
        {"publisher": "University of Wisconsin, Madison"},
        {"address": "Cambridge, England"},
        {"publisher": "Academic Press, Inc"},
    ):
        f = dict(f0)
        body_then_place(f)
        assert f == f0


def test_title_right_after_the_editors_is_the_book() -> None:
    r = parse_reference(
        "Girard, L., « Les foires de Champagne », dans M. Petit (dir.), Marchés médiévaux, "
        "Paris, Belin, 2008, p. 45-67."
    )
    f = dict(r.fields)
    assert r.type == "incollection"
    assert [e.family for e in r.editors] == ["Petit"]
    assert f.get("booktitle") == "Marchés médiévaux"


def test_site_name_cut_in_two_is_rejoined() -> None:
    from bibman.freetext.webtype import rejoin_site

    text = '"Glacier retreat". Swiss Federal Office for the Environment. Retrieved 3 May 2019.'
    f = {"publisher": "Office for the Environment"}
    assert rejoin_site(f, "Swiss Federal", text, True) == "Swiss Federal Office for the Environment"
    assert "publisher" not in f
    text = '"Title". North Sea Commission. Reuters. Retrieved 3 May 2019.'
    f = {"publisher": "Commission. Reuters"}
    assert rejoin_site(f, "North Sea", text, True) == "North Sea Commission"
    assert f["publisher"] == "Reuters"
    f = {"publisher": "Reuters"}
    assert rejoin_site(f, "Swiss Federal", text, True) == "Swiss Federal"  # not one run
    assert f["publisher"] == "Reuters"


def test_agency_report_number_without_genre_word() -> None:
    from bibman.freetext.webtype import report_number

    f = {"title": "Water rights in the Colorado basin (CRS R45546)"}
    assert report_number(f)
    assert f == {"title": "Water rights in the Colorado basin", "number": "CRS R45546"}
    f = {"title": "Anxiety disorders (NIH Publication No. 22-MH-3879)"}
    assert report_number(f)
    assert f["number"] == "22-MH-3879"
    assert f["genre"] == "NIH Publication"
