"""Rules for references in the Russian GOST 7.1 / 7.0.5 layout.

    Иванов И. И. Заглавие статьи // Вестник МГУ. – 2010. – Т. 5, № 3. – С. 10–20.
    Петров П. П. Заглавие книги / П. П. Петров. – М. : Наука, 2008. – 250 с.
    Заглавие сайта [Электронный ресурс]. – URL: ... (дата обращения: 12.03.2020).

Areas are separated by ". – " (en dash, em dash or hyphen), the container
follows "//", the statement of responsibility follows " / ". URLs and access
dates are already removed by ``normalize.extract``.
"""

from __future__ import annotations

import re

from bibman.freetext import markers, names
from bibman.freetext.dates import iso, parse_date
from bibman.freetext.lazyre import lazy, regex
from bibman.model import Name

_CYR = lazy(r"[А-Яа-яЁёІіЇїЄєҐґЎў]")
# what opens a GOST area after " – ": a year, number, volume, pages, URL, designator, ISBN,
# edition, or "City : Publisher, Year". A dash without the full stop before anything
# else is title text ("Россия – Казахстан: итоги года").
_AREA_START = (
    r"(?=(?:1[89]|20)\d\d\b|\d|№|Т\.|Том\b|С\.|Вып|URL|Режим|Текст|Электрон|Изд|ISBN|ISSN|"
    r"DOI|Сер\.|\[|[А-ЯЁІЇЄҐЎA-Z][\w\-]{0,20}\.?\s*:\s*[^,:]{1,60},\s*(?:1[89]|20)\d\d)"
)
_AREA_SPLIT = lazy(
    r"\.\s*[–—]\s+|\s*[–—]\s+" + _AREA_START + r"|\.\s*-\s*(?=\S)|\s+-\s+(?=[А-ЯA-Z0-9])"
    r"|[.,]\s+(?=(?:1[89]|20)\d\d\b|№|Т\.|Том\b|С\.\s*\d|Вып|Vol\.|No\.|P\.\s*\d|\d+\s*с\.)"
    r"|\.\s+(?=[А-ЯЁІЇЄҐЎA-Z][а-яёіїєґўʼ’'a-z\-]+\s*[,:]\s*(?:[^,]{1,40},\s*)?(?:1[89]|20)\d\d(?:\.?$|\.\s+\d+\s*с\.))"
    # "... . М.: Наука, 2010. 320 с.": a (possibly abbreviated) city, colon, publisher, year
    r"|\.\s+(?=[А-ЯЁІЇЄҐЎA-Z][\w\-]{0,20}\.?\s*:\s*[^,:]{1,60},\s*(?:1[89]|20)\d\d\b)"
)
_CITY_WORD = lazy(r"[А-ЯЁІЇЄҐЎA-Z][а-яёіїєґўʼ’'a-z\-]+")
_CITY_YEAR = lazy(r"^([А-ЯЁІЇЄҐЎA-Z][а-яёіїєґўʼ’'a-z\-]+)\s*,\s*((?:1[89]|20)\d\d)$")
_AUTHOR = lazy(
    r"^((?:[А-ЯЁІЇЄҐЎA-Z][а-яёіїєґўʼ’'a-z]+(?:-[А-ЯЁІЇЄҐЎA-Z][а-яёіїєґўʼ’'a-z]+)?\s*,?\s+(?:[А-ЯЁІЇЄҐЎA-Z]\.\s*){1,2}(?:,\s*|\s+(?:и|і|та)\s+|\s+))+)"
)
_AUTHOR_INITIALS_FIRST = lazy(
    r"^((?:(?:[А-ЯЁІЇЄҐЎA-Z]\.\s*){1,2}[А-ЯЁІЇЄҐЎA-Z][а-яёіїєґўʼ’'a-z]+(?:-[А-ЯЁІЇЄҐЎA-Z][а-яёіїєґўʼ’'a-z]+)?(?:,\s*|\s+и\s+|\s+))+)"
)
_YEAR = lazy(r"^(?:1[89]|20)\d\d\.?$")
_VOL = lazy(r"(?:^|[\s,])(?:Т|Том|Vol|V)\.?\s*(\d+)", re.I)
_NUM = lazy(r"(?:№|N|No|Вып|Выпуск|Iss)\.?\s*(\d+(?:[-–/]\d+)?)", re.I)
_PAGES = lazy(r"^(?:С|P|Pp|Стр)\.\s*(\d+)(?:\s*[-–—]\s*(\d+))?\.?$", re.I)
_PAGETOTAL = lazy(r"^(\d+)\s*(?:с|p|стр|pp)\.?$", re.I)
_PUBLISHING = lazy(
    r"^(?P<city>[^:]{1,40}?)\s*:\s*(?P<pub>[^,]+?)(?:,\s*(?P<year>(?:1[89]|20)\d\d))?\.?$"
)
_MEDIUM = lazy(r"\s*\[(?:Электронный ресурс|Electronic resource|Текст|Text)\]\s*", re.I)
_CITY = {"М": "Москва", "Л": "Ленинград", "СПб": "Санкт-Петербург"}
# GOST 7.1 thesis designators after the title: "дис. ... канд. техн. наук",
# "автореф. дис. ... д-ра экон. наук", "диссертация на соискание ученой степени ..."
_THESIS = lazy(r"\s*:\s*(?:автореф(?:\.|ерат)\s*)?(?:дис\.|дисс\.|диссертаци[яи])(?=[\s.])", re.I)
# the author's full name repeated in a thesis's statement of responsibility
_FULL_NAME = lazy(
    r"[А-ЯЁІЇЄҐЎ][а-яёіїєґўʼ’'\-]+\s+[А-ЯЁІЇЄҐЎ][а-яёіїєґўʼ’']+\s+[А-ЯЁІЇЄҐЎ][а-яёіїєґўʼ’']+"
)
# a web site designator (GOST 7.0.100-2018): "Мосгорпарк : [сайт]", "… : официальный сайт"
_SITE_NOTE = lazy(r"\[?\s*(?:сайт|site|web\s*site)\s*\]?", re.I)
_TITLE_SITE = lazy(r"\s*:\s*(?:\[\s*сайт\s*\]|(?:официальный\s+)?сайт)\s*$", re.I)


def is_gost_reference(text: str) -> bool:
    if text.isascii():
        return False
    letters = [c for c in text[:300] if c.isalpha()]
    if not letters:
        return False
    cyr = sum(1 for c in letters if _CYR.match(c)) / len(letters)
    if " // " in text and re.search(r"\.\s*[–—]\s", text):
        return True
    return cyr >= 0.5 and (bool(_GOST_LAYOUT.search(text)) or not _OTHER_LAYOUT.search(text))


# What only the GOST 7.1 / DSTU 8302 layout writes: "//" before the container, " / "
# before the statement of responsibility, area dashes, a spaced colon ("М. : Наука",
# "Заглавие : учебник"), full-stop areas "2019. Т. 12, № 2. С. 18–25", "В кн.:". A
# Cyrillic reference with none of these is in an author-year, Chicago or MLA layout
# ("Иванов, И. И. (2018). Заглавие. Журнал, 5, 45–62.", "«Заглавие». Журнал, т. 5"),
# which the tagger reads better than the area rules.
_GOST_LAYOUT = lazy(
    r"//|\s/\s|\.\s*[–—]\s|\s[–—]\s(?=\d|URL|Режим|С\.|Т\.|№)|\s:\s|\[Электронный ресурс\]"
    r"|\.\s+(?:Т|Том|№|С|Вып|Вип|Ч)\.?\s*\d|\b(?:В|У)\s+(?:кн|сб|зб)\.\s*:|\bURL:"
    # ".- Л.: Судостроение, 1978. -264 с.": hyphen areas, an abbreviated city
    r"|\.\s?-\s?(?=\S)|(?:^|\s)(?:М|Л|К|СПб|Мн)\.\s*:"
    # "… в 1997 г. Казань, 1998.": the place and year of a book close the reference
    r"|\.\s+[А-ЯЁІЇЄҐЎ][а-яёіїєґўʼ’'\-]+,\s*(?:1[89]|20)\d\d\.?$"
)
# ... and what author-year, Chicago and MLA layouts write: a year in brackets, a comma
# after the family name, «quoted» titles, ", т. 5, вып. 9, с. 10" in lower case
_OTHER_LAYOUT = lazy(
    r"\(\s*(?:1[5-9]|20)\d\d[a-z]?\s*\)|^[А-ЯЁІЇЄҐЎ][а-яёіїєґўʼ’'\-]+,\s+[А-ЯЁІЇЄҐЎ]|«"
    r"|,\s*(?:т|вып|с|no|vol|pp?)\.\s*\d"
)
# an older GOST (7.1-84) container marker: "… . В кн.: Заглавие сборника / под ред. …"
_IN_BOOK = lazy(r"\.?\s+(?:В|У|In)\s+(?:кн|сб|зб)\.\s*:\s*")


def _authors(s: str) -> tuple[tuple[Name, ...], str]:
    # "Петренко О. В. та ін. Назва", "Попов В. Н. и др. Заглавие": the list goes on unnamed
    s = regex(
        rf"(?<=[А-ЯЁІЇЄҐЎA-Z]\.)\s*(?:{markers.alternation('etal', strip='.')})\.?(?=\s)"
    ).sub("", s, count=1)
    m = _AUTHOR.match(s) or _AUTHOR_INITIALS_FIRST.match(s)
    if not m:
        return (), s
    au = m.group(1).strip(" ,")
    rest = s[m.end() :].strip()
    if not rest:
        return (), s
    return names.split_names(au), rest


_RESP_NAMES = lazy(
    r"^(?:(?:[А-ЯЁІЇЄҐЎA-Z]\.\s*){1,2}[А-ЯЁІЇЄҐЎA-Z][а-яёіїєґўʼ’'a-z]+(?:-[А-ЯЁІЇЄҐЎA-Z][а-яёіїєґўʼ’'a-z]+)?"
    r"(?:,\s*|\s+и\s+|\s*$))+(?:\[и др\.\])?$"
)


def _responsibility_authors(resp: str, heading: tuple[Name, ...]) -> tuple[Name, ...]:
    """The authors a GOST statement of responsibility names ("Заглавие / И. И. Иванов,
    П. П. Петров"): with no heading (no leading author) they are the authors; when the
    heading names the first author only (GOST 7.1: two or three authors), the statement
    lists them all. Editors, compilers and translators ("под ред.", "сост.") are not."""
    r = resp.strip(" .;")
    if not r or not _RESP_NAMES.match(r) or re.search(r"ред\.|сост\.|пер\.", r):
        return ()
    got = names.split_names(re.sub(r"\s*\[и др\.\]$", "", r))
    if not got:
        return ()
    if heading and got[0].family != heading[0].family:
        return ()
    return got if len(got) >= len(heading) else ()


def parse_gost(text: str) -> tuple[str, dict[str, str], tuple[Name, ...], list[str]] | None:
    """(type, fields, authors, notes) or ``None`` when the layout is not GOST-like."""
    f: dict[str, str] = {}
    notes: list[str] = []
    s = _MEDIUM.sub(" ", text).strip()
    s = _IN_BOOK.sub(" // ", s, count=1) if "//" not in s else s
    s = _access_date(s, f)
    s = re.sub(r"(?:\s*[–—-]\s*\.?)+$", "", s)  # a dangling area separator left by extraction
    head, sep, tail = s.partition("//")
    areas_head = [a.strip(" .") for a in _AREA_SPLIT.split(head) if a.strip(" .")]
    areas_tail = [a.strip(" .") for a in _AREA_SPLIT.split(tail) if a.strip(" .")] if sep else []
    if not areas_head:
        return None
    authors, first = _authors(areas_head[0])
    if not authors:
        # a body as the heading (DSTU 8302, GOST 7.1 collective author): "Державна служба
        # статистики України. Назва : щорічник. Київ, 2021." - body words in reference_markers.txt
        bm = regex(
            rf"^([^.:/]{{0,120}}?\b(?:{markers.alternation('body')})\w*\b[^.:/]{{0,80}}?)\.\s+(\S.{{3,}})$",
            re.I,
        ).match(first)
        if bm and (" : " in bm.group(2) or sep):
            authors, first = (Name(literal=bm.group(1).strip()),), bm.group(2)
    title, _, resp = first.partition(" / ")
    title = title.strip(" .:")
    thesis = _THESIS.search(title)
    if thesis:
        # "Заглавие : дис. ... канд. геогр. наук / Иванов Иван Иванович ; Иркутский
        # государственный университет": the degree designator and the school
        f["type"] = title[thesis.start() :].strip(" :")
        title = title[: thesis.start()].strip(" .:")
        head_resp, _, school = resp.partition(";")
        if school.strip(" ."):
            f["school"] = school.strip(" .")
            resp = head_resp
    designator = _designator_rx().search(title)
    if designator:
        # "Заглавие : учебное пособие", "Назва : підручник": the kind of publication
        notes.append(designator.group(1))
        title = (title[: designator.start()] + title[designator.end() :]).strip(" .:")
    resp, eds = _editors(resp)
    resp_names = _responsibility_authors(resp, authors)
    if resp_names:
        authors = resp_names
    elif resp.strip(" .") and not (thesis and _FULL_NAME.fullmatch(resp.strip(" ."))):
        notes.append(resp.strip(" ."))
    container = ""
    rest = areas_head[1:]
    if sep and areas_tail:
        container = areas_tail[0].strip(" .")
        container, _, cresp = container.partition(" / ")
        _, ceds = _editors(cresp)
        eds = eds or ceds
        if cresp.strip(" .") and not ceds:
            notes.append(cresp.strip(" ."))
        rest = rest + areas_tail[1:]
        cm = re.match(r"^(.*?)\s*[.,]\s*((?:1[89]|20)\d\d)$", container)
        if cm:
            container, f["year"] = cm.group(1), cm.group(2)
    merged: list[str] = []
    for area in rest:
        # "Казань, 1998" was cut at the comma before the year: city and year again
        if (
            merged
            and _YEAR.match(area.strip(" ."))
            and _CITY_WORD.fullmatch(merged[-1].strip(" ."))
        ):
            merged[-1] = f"{merged[-1].strip(' .')}, {area.strip(' .')}"
        else:
            merged.append(area)
    for area in merged:
        a = area.strip(" .")
        if _YEAR.match(a):
            f.setdefault("year", a[:4])
            continue
        pm = _PAGES.match(a + ("." if not a.endswith(".") else ""))
        if pm:
            f.setdefault("pages", pm.group(1) + ("-" + pm.group(2) if pm.group(2) else ""))
            continue
        if _PAGETOTAL.match(a):
            notes.append(a)
            continue
        vm, nm = _VOL.search(a), _NUM.search(a)
        if vm or nm:
            if vm:
                f.setdefault("volume", vm.group(1))
            if nm:
                f.setdefault("number", nm.group(1))
            continue
        cy = _CITY_YEAR.match(a)
        if cy:
            f.setdefault("address", cy.group(1))
            f.setdefault("year", cy.group(2))
            continue
        pub = _PUBLISHING.match(a)
        if pub:
            city = pub.group("city").strip(" .")
            f.setdefault("address", _CITY.get(city, city))
            f.setdefault("publisher", pub.group("pub").strip(" ."))
            if pub.group("year"):
                f.setdefault("year", pub.group("year"))
            continue
        ym = re.search(r"\b((?:1[89]|20)\d\d)\b", a)
        if ym and "year" not in f and len(a) < 30:
            f["year"] = ym.group(1)
            continue
        notes.append(a)
    comma_name = re.match(r"^[А-ЯЁІЇЄҐЎA-Z][а-яёіїєґўʼ’'a-z\-]+,\s+[А-ЯЁІЇЄҐЎA-Z]", areas_head[0])
    if not title or not (authors or sep or not comma_name):
        return None  # not recognisably GOST: leave it to the tagger
    if not sep and not thesis and _journal_numbering(f) and "publisher" not in f:
        # DSTU 8302 / GOST 7.1 without "//": "Назва статті. Назва журналу. 2019. Т. 12,
        # № 2. С. 18–25." - the journal follows the title after a full stop
        jm = re.match(r"^(.{6,}?[^\s.]{2})\.\s+(\S.{2,})$", title)
        if jm and not _designator_rx().search(jm.group(2)):
            title, container = jm.group(1), jm.group(2)
            f.pop("address", None)
    f["title"] = title
    if eds:
        f["_editors"] = eds
    if thesis:
        if "publisher" in f and "school" not in f:
            f["school"] = f.pop("publisher")
        return "phdthesis", f, authors, notes
    if container:
        if "publisher" in f:
            f["booktitle"] = container
            typ = "incollection"
        else:
            f["journal"] = container
            typ = "article"
    elif "publisher" in f or "address" in f:
        typ = "book"
    else:
        typ = "misc"
    return typ, f, authors, notes


def _access_date(s: str, f: dict[str, str]) -> str:
    """ "(дата звернення: 15.01.2021)": the access date (words from reference_markers.txt)."""
    m = regex(
        rf"\(?\s*(?:{markers.alternation('access')})\s*:?\s*(\d{{1,2}}\.\d{{1,2}}\.\d{{4}})\s*\)?\.?",
        re.I,
    ).search(s)
    d = parse_date(m.group(1)) if m else None
    if m is None or d is None:
        return s
    f["urldate"] = iso(d)
    return (s[: m.start()] + s[m.end() :]).strip()


def _designator_rx() -> re.Pattern[str]:
    kinds = markers.alternation("designator", strip=".")
    acts = markers.alternation("act")
    return regex(rf"\s*:\s*((?:{kinds})\.?(?=\s*(?::|$))|(?:{acts})\b[^:]*?(?=\s+:|$))", re.I)


def _editors(resp: str) -> tuple[str, str]:
    """(rest of the statement, editors) for "… ; под ред. Б. А. Рыбакова", "за ред. В. П.
    Андрущенка": names after an editor abbreviation (reference_markers.txt) are editors."""
    m = regex(
        rf"(?:^|[;,]\s*)(?:{markers.alternation('editor')})\s+((?:[А-ЯЁІЇЄҐЎA-Z]\.\s*){{1,2}}"
        r"[А-ЯЁІЇЄҐЎA-Z][а-яёіїєґўʼ’'a-z\-]+(?:\s*,\s*(?:[А-ЯЁІЇЄҐЎA-Z]\.\s*){1,2}[А-ЯЁІЇЄҐЎA-Z][а-яёіїєґўʼ’'a-z\-]+)*)",
        re.I,
    ).search(resp)
    if not m:
        return resp, ""
    return (resp[: m.start()] + resp[m.end() :]).strip(" .;,"), m.group(1).strip()


def _journal_numbering(f: dict[str, str]) -> bool:
    return bool(f.get("volume") or f.get("number") or "-" in f.get("pages", ""))


def web_type(typ: str, f: dict[str, str], online: bool, notes: list[str]) -> str:
    """The type of a GOST item read online: "… // КиберЛенинка. – 2019. – URL: …" with
    no volume (Т.), issue (№) or pages (С.) is a page on that site, and a site
    designator ("[сайт]", "официальный сайт") marks a web site whatever follows.
    The site goes to ``howpublished`` (web pages are ``@misc``)."""
    site = any(_SITE_NOTE.fullmatch(n.strip(" .;")) for n in notes)
    m = _TITLE_SITE.search(f.get("title", ""))
    if m:
        f["title"] = f["title"][: m.start()].strip(" .:")
        site = True
    numbered = any(f.get(k) for k in ("volume", "number", "pages"))
    if typ == "article" and not numbered and (online or site):
        f["howpublished"] = f.pop("journal")
        return "misc"
    if site and typ in ("book", "misc") and online:
        return "misc"
    return typ
