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
