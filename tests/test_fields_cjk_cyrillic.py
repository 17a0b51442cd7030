"""CJK and Cyrillic references beyond GOST (issue 11 items 4 and 5): GB/T 7714,
Japanese SIST 02 and journal forms, Korean 권/호/쪽, Russian in author-year layouts,
Ukrainian DSTU 8302:2015. Each test names the class of input its rule fixes; the
strings are written for these tests, none is from a bench set."""

from __future__ import annotations

import pytest

from bibman.freetext import cjk, gost, markers
from bibman.freetext.fields import parse_reference
from bibman.freetext.names import name_str
from bibman.model import Reference


def fields(ref: Reference) -> dict[str, str]:
    return dict(ref.fields)


def authors(ref: Reference) -> list[str]:
    return [name_str(a) for a in ref.authors]


# ---------------------------------------------------------------- data file


def test_markers_file_has_every_section() -> None:
    for section in ("gbt-type", "etal", "access", "editor", "designator", "act", "body"):
        assert markers.values(section), section
    assert markers.gbt_types()["J"] == "article"
    assert markers.gbt_types()["D"] == "phdthesis"


# ---------------------------------------------------------------- GB/T 7714


def test_gbt_journal_code_gives_volume_issue_pages_and_drops_deng() -> None:
    # class: GB/T 7714 "[J]" with "刊名, 年, 卷(期): 页码" and "等" closing the names
    ref = parse_reference(
        "周明, 吴芳, 等. 青藏高原冻土变化的遥感监测[J]. 冰川冻土, 2018, 40(2): 233-241."
    )
    f = fields(ref)
    assert ref.type == "article"
    assert authors(ref) == ["周明", "吴芳"]
    assert f["title"] == "青藏高原冻土变化的遥感监测"
    assert (f["journal"], f["year"], f["volume"], f["number"], f["pages"]) == (
        "冰川冻土",
        "2018",
        "40",
        "2",
        "233-241",
    )


def test_gbt_year_issue_without_volume() -> None:
    # class: "刊名, 年(期): 页码" (journals numbered by year only)
    f = fields(parse_reference("高强. 县域经济发展路径[J]. 农村经济, 2013(11): 40-44."))
    assert (f["year"], f["number"], f["pages"]) == ("2013", "11", "40-44")
    assert "volume" not in f


def test_gbt_volume_and_issue_markers_before_the_pages() -> None:
    # class: "第N卷第N期: 页码" in a GB/T journal item
    f = fields(parse_reference("钟华. 海上丝绸之路考[J]. 历史研究, 1999, 第12卷第4期: 77-90."))
    assert (f["volume"], f["number"], f["pages"]) == ("12", "4", "77-90")


def test_gbt_book_imprint_and_thesis_school() -> None:
    # class: "[M]. 出版地: 出版者, 年" and "[D]. 地: 学校, 年"
    book = parse_reference("方立. 明清江南市镇研究[M]. 南京: 江苏人民出版社, 2008.")
    f = fields(book)
    assert book.type == "book"
    assert (f["address"], f["publisher"], f["year"]) == ("南京", "江苏人民出版社", "2008")
    thesis = parse_reference("韩雪. 高原湖泊沉积记录研究[D]. 兰州: 兰州大学, 2015.")
    assert thesis.type == "phdthesis"
    assert fields(thesis)["school"] == "兰州大学"


def test_gbt_chapter_editors_and_book_title() -> None:
    # class: "[C]//主编. 论文集. 地: 出版者, 年: 页码"
    ref = parse_reference(
        "何平. 宋代的海外贸易[C]//李强. 中外关系史论丛. 北京: 中华书局, 2001: 12-30."
    )
    f = fields(ref)
    assert ref.type == "incollection"
    assert f["booktitle"] == "中外关系史论丛"
    assert [name_str(e) for e in ref.editors] == ["李强"]
    assert f["pages"] == "12-30"


def test_gbt_newspaper_date_and_page() -> None:
    # class: "[N]. 报名, YYYY-MM-DD(版)"
    f = fields(parse_reference("罗青. 城市更新进入新阶段[N]. 经济日报, 2019-05-06(7)."))
    assert (f["journal"], f["year"], f["pages"]) == ("经济日报", "2019", "7")


def test_gbt_online_dates_and_access_date_after_pages() -> None:
    # class: "[EB/OL]. (发布日期)[引用日期]" and "页码[引用日期]" of "[J/OL]"
    web = fields(
        parse_reference(
            "生态环境部. 2019年中国生态环境状况公报[EB/OL]. (2020-06-02)[2020-08-01]. "
            "https://www.mee.gov.cn/example/gongbao.pdf."
        )
    )
    assert web["year"] == "2020" and web["urldate"] == "2020-08-01"
    assert web["title"] == "2019年中国生态环境状况公报"
    art = fields(
        parse_reference("沈远. 数字孪生综述[J/OL]. 系统仿真学报, 2021, 33(5): 1-9[2021-07-01].")
    )
    assert art["urldate"] == "2021-07-01" and art["pages"] == "1-9"


def test_gbt_in_latin_script() -> None:
    # class: an English reference written to GB/T 7714 (names in capitals, no full stops)
    ref = parse_reference(
        "SMITH A, JONES B. Soil carbon in drylands[J]. Geoderma, 2017, 300: 10-19."
    )
    f = fields(ref)
    assert [a.family for a in ref.authors] == ["Smith", "Jones"]
    assert (f["journal"], f["volume"], f["pages"]) == ("Geoderma", "300", "10-19")


def test_bracket_code_not_before_a_full_stop_is_no_gbt_code() -> None:
    assert not cjk.has_gbt_code("Doe, J. The [M] operator in algebra. Journal of Things, 2001.")


# ---------------------------------------------------------------- CJK without codes


def test_japanese_quotation_brackets_delimit_items_without_separators() -> None:
    # class: Japanese "著者 (年)「論文名」『誌名』巻(号), 頁." with no commas between
    ref = parse_reference("藤田恵子 (2011)「近世俳諧の研究」『国文学論集』28(1), 13-29.")
    f = fields(ref)
    assert ref.type == "article"
    assert authors(ref) == ["藤田恵子"]
    assert (f["title"], f["journal"]) == ("近世俳諧の研究", "国文学論集")
    assert (f["volume"], f["number"], f["pages"]) == ("28", "1", "13-29")


def test_japanese_volume_issue_page_markers_and_fullwidth_year() -> None:
    # class: "第N巻第N号（YYYY年）N-N頁"
    f = fields(
        parse_reference("岡本清「農地改革の再検討」『経済論叢』第150巻第2号（1992年）55-70頁。")
    )
    assert (f["volume"], f["number"], f["year"], f["pages"]) == ("150", "2", "1992", "55-70")


def test_japanese_names_long_spaced_and_middle_dot() -> None:
    # class: Japanese names of five letters, with a space, or joined by "・"
    ref = parse_reference("長谷川由美子・西村 誠 (2016)『地方創生の実践』大阪: 関西書房.")
    assert authors(ref) == ["長谷川由美子", "西村 誠"]
    assert fields(ref)["publisher"] == "関西書房"


def test_japanese_sist02_abbreviations_do_not_split_items() -> None:
    # class: SIST 02 "誌名. 年, vol. N, no. N, p. N-N."
    ref = parse_reference("石井純. 量子計算の基礎. 物理学会誌. 2020, vol. 75, no. 6, p. 330-338.")
    f = fields(ref)
    assert (f["journal"], f["volume"], f["number"], f["pages"]) == (
        "物理学会誌",
        "75",
        "6",
        "330-338",
    )


def test_japanese_imprint_in_brackets() -> None:
    # class: "『書名』（出版者、年）"
    ref = parse_reference("三浦健『近代日本の鉄道』（中央公論社、1995年）。")
    f = fields(ref)
    assert ref.type == "book"
    assert (f["title"], f["publisher"], f["year"]) == ("近代日本の鉄道", "中央公論社", "1995")


def test_chinese_humanities_brackets_and_fullwidth_colon() -> None:
    # class: "作者：〈篇名〉，《刊名》，第N卷第N期，YYYY年，第N-N页" and "作者：《书名》，地：出版者"
    art = parse_reference(
        "陈平：〈清代漕运制度考〉，《史学月刊》，第12卷第3期，2004年，第45-60页。"
    )
    f = fields(art)
    assert authors(art) == ["陈平"]
    assert (f["title"], f["journal"], f["volume"], f["number"]) == (
        "清代漕运制度考",
        "史学月刊",
        "12",
        "3",
    )
    book = parse_reference("吕思勉：《中国通史》，上海：开明书店，1940年，第88页。")
    g = fields(book)
    assert book.type == "book"
    assert (g["title"], g["address"], g["publisher"], g["year"], g["pages"]) == (
        "中国通史",
        "上海",
        "开明书店",
        "1940",
        "88",
    )


def test_korean_journal_in_brackets_with_volume_issue_pages() -> None:
    # class: Korean 『誌名』 then "N권 N호: 쪽"
    f = fields(
        parse_reference("김영수. 2012. 「도시 재생의 쟁점」. 『국토계획』 47권 2호: 101-118.")
    )
    assert f["journal"] == "국토계획"
    assert (f["volume"], f["number"], f["pages"]) == ("47", "2", "101-118")


def test_korean_place_publisher_thesis_and_access_date() -> None:
    # classes: "서울: 출판사", "석사학위논문, 학교", "(YYYY년 M월 D일 접속)"
    book = parse_reference("이상훈 (2009). 한국 도시사. 서울: 푸른길.")
    assert (fields(book)["address"], fields(book)["publisher"]) == ("서울", "푸른길")
    thesis = parse_reference("최유진. (2013). 농촌 관광의 지속 가능성. 석사학위논문, 부산대학교.")
    assert thesis.type == "mastersthesis"
    assert fields(thesis)["school"] == "부산대학교"
    web = parse_reference(
        "국토교통부. (2021). 주거실태조사 결과. https://www.molit.go.kr/example (2021년 12월 3일 접속)."
    )
    assert fields(web)["urldate"] == "2021-12-03"
    assert authors(web) == ["국토교통부"]


def test_japanese_body_author_and_access_date() -> None:
    # class: a ministry as author (body ending) and SIST 02 "(参照 YYYY-MM-DD)"
    ref = parse_reference(
        "総務省. 情報通信白書. 2019. https://www.soumu.go.jp/example.html, (参照 2020-02-14)."
    )
    assert authors(ref) == ["総務省"]
    assert fields(ref)["urldate"] == "2020-02-14"
    assert fields(ref)["title"] == "情報通信白書"


# ---------------------------------------------------------------- Cyrillic


@pytest.mark.parametrize(
    ("text", "is_gost"),
    [
        ("Семенов, А. Б. (2015). Заглавие статьи. Журнал истории, 4, 10–20.", False),
        ("Семенов, Андрей. «Заглавие статьи». Журнал истории, no. 4 (2015): 10–20.", False),
        ("Семенов А. Б. Заглавие статьи // Журнал истории. – 2015. – № 4. – С. 10–20.", True),
        ("Семенов А. Б. Заглавие книги. М.: Наука, 2015. 200 с.", True),
        ("Семенов А. Б. Заглавие статьи. Журнал истории. 2015. № 4. С. 10–20.", True),
        ("Семенов А.Б. Заглавие книги.- Л.: Наука, 1975. -200 с.", True),
    ],
)
def test_cyrillic_layout_decides_gost_rules(text: str, is_gost: bool) -> None:
    # class: Russian references in APA / Chicago / MLA layouts are not read by the GOST rules
    assert gost.is_gost_reference(text) is is_gost


def test_russian_apa_reference_is_parsed_by_fields() -> None:
    ref = parse_reference(
        "Никитин, В. А., & Осипова, Л. Н. (2016). Рынок жилья в малых городах. Региональная экономика, 7, 88–101."
    )
    f = fields(ref)
    assert authors(ref) == ["Никитин, В. А.", "Осипова, Л. Н."]
    assert (f["title"], f["journal"], f["year"]) == (
        "Рынок жилья в малых городах",
        "Региональная экономика",
        "2016",
    )


def test_ukrainian_letters_in_names_and_journal_after_full_stop() -> None:
    # classes: Ukrainian initials and names (І, Ї, Є, Ґ); DSTU 8302 journal after the
    # title with only a full stop ("Назва. Журнал. 2019. Т. 3, № 1. С. 5–9.")
    ref = parse_reference(
        "Ігнатенко Є. І., Ґалан Ї. В. Енергоефективність будівель. Вісник будівництва. 2019. Т. 3, № 1. С. 5–9."
    )
    f = fields(ref)
    assert ref.type == "article"
    assert authors(ref) == ["Ігнатенко, Є. І.", "Ґалан, Ї. В."]
    assert (f["title"], f["journal"]) == ("Енергоефективність будівель", "Вісник будівництва")
    assert (f["volume"], f["number"], f["pages"]) == ("3", "1", "5-9")


def test_kind_of_publication_and_legal_act_leave_the_title() -> None:
    # class: GOST/DSTU other-title information naming the kind of work or a legal act
    book = fields(
        parse_reference(
            "Олійник Т. П. Основи екології : навч. посібник. Львів : Світ, 2011. 300 с."
        )
    )
    assert book["title"] == "Основи екології"
    act = fields(
        parse_reference(
            "Про туризм : Закон України від 15.09.1995 № 324/95-ВР. URL: https://zakon.example.ua/324 "
            "(дата звернення: 02.03.2020)."
        )
    )
    assert act["title"] == "Про туризм"
    assert act["urldate"] == "2020-03-02"


def test_editors_after_pod_red_and_v_kn() -> None:
    # class: "/ под ред. И. О. Фамилии" and older GOST "В кн.: Сборник / под ред. …"
    ref = parse_reference(
        "Громов, Е. С. Иконопись Новгорода. В кн.: Искусство Древней Руси / под ред. В. Н. Лазарева. "
        "Москва: Искусство, 1970. С. 40–66."
    )
    f = fields(ref)
    assert ref.type == "incollection"
    assert f["booktitle"] == "Искусство Древней Руси"
    assert [e.family for e in ref.editors] == ["Лазарева"]
    assert f["pages"] == "40-66"


def test_body_heading_in_dstu() -> None:
    # class: a body as the heading of a DSTU 8302 reference
    ref = parse_reference(
        "Міністерство освіти і науки України. Статистичний довідник : довідник. Київ, 2018. 90 с."
    )
    assert authors(ref) == ["Міністерство освіти і науки України"]
    assert fields(ref)["title"] == "Статистичний довідник"


def test_chinese_transliterated_name_keeps_its_middle_dot() -> None:
    # class: a foreign name in Chinese ("卡尔·马克思") is one name, not two joined
    ref = parse_reference("约翰·洛克. 政府论[M]. 北京: 商务印书馆, 1964.")
    assert authors(ref) == ["约翰·洛克"]


def test_russian_thesis_designator_in_author_year_layout() -> None:
    # class: "(Дисс. канд. … наук). Университет, Город." outside GOST's area layout
    ref = parse_reference(
        "Белова, Т. С. (2012). Говоры Вологодской области (Дисс. канд. филол. наук). "
        "Вологодский государственный университет, Вологда."
    )
    f = fields(ref)
    assert ref.type == "phdthesis"
    assert f["title"] == "Говоры Вологодской области"
    assert (f["school"], f["address"]) == ("Вологодский государственный университет", "Вологда")


def test_book_page_count_is_not_pages() -> None:
    # class: the extent "312 с." closing a Cyrillic book reference
    f = fields(parse_reference("Жуков, П. (2007) Старые усадьбы Подмосковья, Москва: Вече, 312 с."))
    assert "pages" not in f
    assert f["publisher"] == "Вече"


def test_day_of_a_date_is_not_the_volume() -> None:
    # class: "Газета, 3 февраля 2011, с. 2": the day is the date's, not a volume
    f = fields(parse_reference("Седов, К. «Новый мост открыт». Известия, 3 февраля 2011, с. 2."))
    assert "volume" not in f
    assert f.get("date") == "2011-02-03"


def test_cyrillic_journal_after_title_with_lower_case_markers() -> None:
    # class: "Заглавие. Журнал, 2010, т. 80, № 4, с. 12–19." (no "//", comma markers)
    ref = parse_reference(
        "Лебедев А. И. Магнитные свойства плёнок. Журнал технической физики, 2010, т. 80, № 4, с. 12–19."
    )
    f = fields(ref)
    assert ref.type == "article"
    assert (f["title"], f["journal"]) == ("Магнитные свойства плёнок", "Журнал технической физики")
    assert (f["volume"], f["number"], f["pages"]) == ("80", "4", "12-19")


def test_gbt_date_segment_gives_the_year() -> None:
    # class: a GB/T item dated "YYYY-MM-DD" (patents, pages): the year and the date
    f = fields(parse_reference("赵磊. 一种节水灌溉装置: CN201820001234.5[P]. 2019-07-12."))
    assert (f["year"], f.get("date")) == ("2019", "2019-07-12")


def test_sist02_book_edition_extent_and_kana_title_not_a_name() -> None:
    # classes: "第N版" edition, "NNNp." extent; "山の文化史" (kanji-kana-kanji) is a title
    ref = parse_reference("小島正. 山の文化史. 第3版, 平凡社, 2009, 188p.")
    f = fields(ref)
    assert authors(ref) == ["小島正"]
    assert (f["title"], f["publisher"], f["edition"]) == ("山の文化史", "平凡社", "3")
    assert "pages" not in f


def test_gost_et_al_after_initials() -> None:
    # class: "та ін." / "и др." after the heading's initials (DSTU 8302, GOST 7.1)
    ref = parse_reference(
        "Гнатюк С. І. та ін. Водні ресурси Волині. Географія. 2016. № 2. С. 30–41."
    )
    assert authors(ref) == ["Гнатюк, С. І."]
    assert fields(ref)["title"] == "Водні ресурси Волині"


def test_iteration_mark_and_names_ending_at_the_first_full_stop() -> None:
    # classes: 々 in Japanese names ("野々村"), and a SIST 02 author list that ends at the
    # first full stop (a five-kanji title after it is no name)
    ref = parse_reference("野々村健. 地域経済学原論. 第4版, 中央経済出版会, 2011, 410p.")
    f = fields(ref)
    assert authors(ref) == ["野々村健"]
    assert (f["title"], f["publisher"], f["edition"]) == ("地域経済学原論", "中央経済出版会", "4")
