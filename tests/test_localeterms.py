"""Language-dependent words read from the CSL locale terms (bibman/data/locale-terms*.tsv).

The references here are written for these tests (not from the dev set, the fresh split or
bench/data): each case names the class of input the data file makes readable.
"""

from __future__ import annotations

import pytest

from bibman.freetext import localeterms
from bibman.freetext.dates import parse_date
from bibman.freetext.fieldtext import editor_names
from bibman.freetext.names import split_names
from bibman.freetext.normalize import extract


def test_data_files_state_source_and_licence() -> None:
    head = localeterms.TERMS_FILE.read_text("utf-8")[:1200]
    assert "CC BY-SA 3.0" in head and "citation-style-language/locales" in head
    extra = localeterms.EXTRA_FILE.read_text("utf-8")[:1500]
    assert "Source" in extra and "licence" in extra


def test_terms_file_is_generated_from_the_shipped_locales() -> None:
    from bibman.csl.api import available_styles
    from bibman.csl.locale import LocaleStore

    if len(LocaleStore.default().files) < 60 or len(available_styles()) < 2000:
        pytest.skip("the CSL locale and style files are not installed")
    assert localeterms._generate() == localeterms.TERMS_FILE.read_text("utf-8")


def test_terms_cover_every_locale_kind() -> None:
    assert "abgerufen" in localeterms.terms("retrieved")
    assert "szerk." in localeterms.editor_words()
    assert "и др." in localeterms.etal_words()
    assert "és" in localeterms.and_words()
    assert "dostupné z" in localeterms.url_leadins()
    months = localeterms.months()
    assert months["março"] == 3 and months["lokakuuta"] == 10 and months["七月"] == 7
    # names with digits are left to the numeric forms
    assert not any(any(c.isdigit() for c in m) for m in months)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14 lutego 2018", (2018, 2, 14)),  # Polish genitive month
        ("3. huhtikuuta 2020", (2020, 4, 3)),  # Finnish partitive
        ("2020 Sep 9", (2020, 9, 9)),  # NLM "[cited 2020 Sep 9]"
        ("2019. október 5.", (2019, 10, 5)),  # Hungarian year-first
        ("2020年11月30日", (2020, 11, 30)),  # Japanese / Chinese
        ("2022년 1월 4일", (2022, 1, 4)),  # Korean
        ("7 Tháng Mười Hai 2015", (2015, 12, 7)),  # Vietnamese multi-word month
        ("20 ก.พ. 2017", (2017, 2, 20)),  # Thai abbreviation with vowel marks
        ("9 de febrero de 2011", (2011, 2, 9)),
        ("Janvier 2004", (2004, 1, 0)),
        ("set. 2019", (2019, 0, 0)),  # a short foreign name alone is a word, not a month
    ],
)
def test_parse_date_in_the_locales(text: str, expected: tuple[int, int, int]) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("ref", "urldate", "url"),
    [
        # Czech ČSN ISO 690: "[cit. date]. Dostupné z: URL"
        (
            "KRÁL, Pavel. Řeky Čech [online]. 2016 [cit. 2019-04-02]. Dostupné z: "
            "https://example.cz/reky",
            "2019-04-02",
            "https://example.cz/reky",
        ),
        # Portuguese ABNT: "Disponível em: URL. Acesso em: 3 out. 2018."
        (
            "COSTA, L. Rios do Brasil. Disponível em: https://example.br/rios. "
            "Acesso em: 3 out. 2018.",
            "2018-10-03",
            "https://example.br/rios",
        ),
        # Turkish "Erişim" and a year-first Hungarian access date
        (
            "Demir, K. (2017). Göller. https://example.tr/goller (Erişim 12 Nisan 2019)",
            "2019-04-12",
            "https://example.tr/goller",
        ),
        (
            "Tóth A.: Tavak. https://example.hu/tavak (Elérés: 2020. május 6.)",
            "2020-05-06",
            "https://example.hu/tavak",
        ),
        # Vietnamese, Chinese and Thai access words
        (
            "Lê Văn B. Sông Hồng. https://example.vn/song-hong, truy cập 2 Tháng Ba 2021.",
            "2021-03-02",
            "https://example.vn/song-hong",
        ),
        (
            "张三. 长江. 载于 https://example.cn/cj, 见于 三月 5, 2016.",
            "2016-03-05",
            "https://example.cn/cj",
        ),
        (
            "สมชาย ก. แม่น้ำโขง. สืบค้น 4 มีนาคม 2020 จาก https://example.th/mekong",
            "2020-03-04",
            "https://example.th/mekong",
        ),
    ],
)
def test_access_dates_and_url_leadins_of_other_locales(ref: str, urldate: str, url: str) -> None:
    ex = extract(ref)
    assert ex.urldate == urldate
    assert ex.url == [url]
    low = ex.text.lower()
    for leadin in ("dostupné z", "disponível em", "acesso em", "erişim", "elérés", "truy cập"):
        assert leadin not in low


def test_an_access_word_needs_a_date() -> None:
    ex = extract("Nowak, J. Dostęp do wody w miastach. Warszawa: PWN, 2015.")
    assert ex.urldate == ""
    assert "Dostęp do wody" in ex.text


@pytest.mark.parametrize(
    ("names", "families"),
    [
        ("Kaya, M., Arslan, T., vd.", ["Kaya", "Arslan"]),  # Turkish "vd."
        ("Petrov P., Ivanova M. и съавт.", ["Petrov", "Ivanova"]),  # Bulgarian
        ("Horvat, A., Kovač, B. i sur.", ["Horvat", "Kovač"]),  # Croatian
        ("Nagy, Z. és Kiss, R.", ["Nagy", "Kiss"]),  # Hungarian "and"
        ("Şahin, E. ve Çelik, O.", ["Şahin", "Çelik"]),  # Turkish "and"
        ("Berg, L. och Lund, K.", ["Berg", "Lund"]),  # Swedish "and"
        # initials "E. A." are not Afrikaans "e.a." (et al.)
        ("Moss, E. A., Reid, C. T., & Kerr, O. B.", ["Moss", "Reid", "Kerr"]),
    ],
)
def test_etal_and_and_words_of_other_locales(names: str, families: list[str]) -> None:
    assert [n.family for n in split_names(names)] == families


@pytest.mark.parametrize(
    ("text", "families"),
    [
        ("Fekete, J., szerk.", ["Fekete"]),  # Hungarian
        ("Larsen K, Holm P, redaktører", ["Larsen", "Holm"]),  # Danish
        ("(Aziz, R. & Tan, S., pnyt)", ["Aziz", "Tan"]),  # Malay, full stop dropped
        ("W: Lis, T. (red.)", ["Lis"]),  # Polish "W:" and "red."
        ("Teoksessa Mäki, J. (toim.)", ["Mäki"]),  # Finnish "in" and "toim."
        ("a cura di Ferri, G.", ["Ferri"]),  # Italian
    ],
)
def test_editor_words_of_other_locales(text: str, families: list[str]) -> None:
    assert [n.family for n in editor_names(text)] == families


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        ("vol. 7, nᵒ 3", ("7", "3", "")),  # French issue label with a superscript o
        ("Cilt 22, Sayı 4", ("22", "4", "")),  # Turkish volume and issue
        ("58, blg. 2", ("58", "2", "")),  # Tagalog issue label
        ("Jg. 12, izd. 6", ("12", "6", "")),  # Croatian issue label
        ("köt. 9", ("9", "", "")),  # Hungarian volume
        ("12(4)", ("12", "4", "")),  # unchanged
    ],
)
def test_volume_and_issue_labels_of_other_locales(
    segment: str, expected: tuple[str, str, str]
) -> None:
    from bibman.freetext.fieldtext import volume_issue

    assert volume_issue(segment) == expected


@pytest.mark.parametrize(
    ("names", "families"),
    [
        ("Roberts, A. a/ac Evans, G.", ["Roberts", "Evans"]),  # Welsh "a/ac" as printed
        ("Sargsyan, A. B.ևPetrosyan, K.", ["Sargsyan", "Petrosyan"]),  # Armenian, glued
        ("Becker, Jonas/Vogel, Anna M.", ["Becker", "Vogel"]),  # DIN 1505 slashes
        ("Keller P /Brandt, U./Roth T", ["Keller", "Brandt", "Roth"]),  # Vancouver with slashes
        ("Ortiz, Ana – Molina, J. – Rey, Carla", ["Ortiz", "Molina", "Rey"]),  # spaced dashes
        ("Jean-Luc Picard", ["Picard"]),  # a hyphen inside a name is no separator
    ],
)
def test_name_separators_of_other_styles(names: str, families: list[str]) -> None:
    assert [n.family for n in split_names(names)] == families


def test_a_locale_access_word_outranks_a_style_override() -> None:
    # German styles override "accessed" with "Stand" (the page's date); "abgerufen am",
    # the locale's word, dates the access when both are printed
    ex = extract(
        "Stadt Ulm: Radwege. https://example.de/rad, Stand: 02.05.2019, abgerufen am 07.06.2020."
    )
    assert ex.urldate == "2020-06-07"
    assert extract("Stadt Ulm: Radwege. https://example.de/rad (Stand 02.05.2019)").urldate == (
        "2019-05-02"
    )


def test_a_month_glued_to_its_year() -> None:
    assert parse_date("4 трав2018") == (2018, 5, 4)  # Ukrainian short month, space lost
