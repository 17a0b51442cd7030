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

from bibman.freetext import names
from bibman.freetext.lazyre import lazy
from bibman.model import Name

_CYR = lazy(r"[А-Яа-яЁё]")
# what opens a GOST area after " – ": a year, number, volume, pages, URL, designator, ISBN,
# edition, or "City : Publisher, Year". A dash without the full stop before anything
# else is title text ("Россия – Казахстан: итоги года").
_AREA_START = (
    r"(?=(?:1[89]|20)\d\d\b|\d|№|Т\.|Том\b|С\.|Вып|URL|Режим|Текст|Электрон|Изд|ISBN|ISSN|"
    r"DOI|Сер\.|\[|[А-ЯЁA-Z][\w\-]{0,20}\.?\s*:\s*[^,:]{1,60},\s*(?:1[89]|20)\d\d)"
)
_AREA_SPLIT = lazy(
    r"\.\s*[–—]\s+|\s*[–—]\s+" + _AREA_START + r"|\.\s*-\s*(?=\S)|\s+-\s+(?=[А-ЯA-Z0-9])"
    r"|[.,]\s+(?=(?:1[89]|20)\d\d\b|№|Т\.|Том\b|С\.\s*\d|Вып|Vol\.|No\.|P\.\s*\d|\d+\s*с\.)"
    r"|\.\s+(?=[А-ЯЁA-Z][а-яёa-z\-]+\s*[,:]\s*(?:[^,]{1,40},\s*)?(?:1[89]|20)\d\d\.?$)"
    # "... . М.: Наука, 2010. 320 с.": a (possibly abbreviated) city, colon, publisher, year
    r"|\.\s+(?=[А-ЯЁA-Z][\w\-]{0,20}\.?\s*:\s*[^,:]{1,60},\s*(?:1[89]|20)\d\d\b)"
)
_CITY_WORD = lazy(r"[А-ЯЁA-Z][а-яёa-z\-]+")
_CITY_YEAR = lazy(r"^([А-ЯЁA-Z][а-яёa-z\-]+)\s*,\s*((?:1[89]|20)\d\d)$")
_AUTHOR = lazy(
    r"^((?:[А-ЯЁA-Z][а-яёa-z]+(?:-[А-ЯЁA-Z][а-яёa-z]+)?\s*,?\s+(?:[А-ЯЁA-Z]\.\s*){1,2}(?:,\s*|\s+и\s+|\s+))+)"
)
_AUTHOR_INITIALS_FIRST = lazy(
    r"^((?:(?:[А-ЯЁA-Z]\.\s*){1,2}[А-ЯЁA-Z][а-яёa-z]+(?:-[А-ЯЁA-Z][а-яёa-z]+)?(?:,\s*|\s+и\s+|\s+))+)"
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
_FULL_NAME = lazy(r"[А-ЯЁ][а-яё\-]+\s+[А-ЯЁ][а-яё]+\s+[А-ЯЁ][а-яё]+")
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
    return cyr >= 0.5 or (" // " in text and bool(re.search(r"\.\s*[–—]\s", text)))


def _authors(s: str) -> tuple[tuple[Name, ...], str]:
    m = _AUTHOR.match(s) or _AUTHOR_INITIALS_FIRST.match(s)
    if not m:
        return (), s
    au = m.group(1).strip(" ,")
    rest = s[m.end() :].strip()
    if not rest:
        return (), s
    return names.split_names(au), rest


_RESP_NAMES = lazy(
    r"^(?:(?:[А-ЯЁA-Z]\.\s*){1,2}[А-ЯЁA-Z][а-яёa-z]+(?:-[А-ЯЁA-Z][а-яёa-z]+)?"
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
    s = re.sub(r"(?:\s*[–—-]\s*\.?)+$", "", s)  # a dangling area separator left by extraction
    head, sep, tail = s.partition("//")
    areas_head = [a.strip(" .") for a in _AREA_SPLIT.split(head) if a.strip(" .")]
    areas_tail = [a.strip(" .") for a in _AREA_SPLIT.split(tail) if a.strip(" .")] if sep else []
    if not areas_head:
        return None
    authors, first = _authors(areas_head[0])
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
    resp_names = _responsibility_authors(resp, authors)
    if resp_names:
        authors = resp_names
    elif resp.strip(" .") and not (thesis and _FULL_NAME.fullmatch(resp.strip(" ."))):
        notes.append(resp.strip(" ."))
    container = ""
    rest = areas_head[1:]
    if sep and areas_tail:
        container = areas_tail[0].strip(" .")
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
    comma_name = re.match(r"^[А-ЯЁA-Z][а-яёa-z\-]+,\s+[А-ЯЁA-Z]", areas_head[0])
    if not title or not (authors or sep or not comma_name):
        return None  # not recognisably GOST: leave it to the tagger
    f["title"] = title
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
