"""Dates in references: full dates in several languages, years, access dates."""

from __future__ import annotations

import re

from bibman.freetext.lazyre import lazy

MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        "january jan janvier januar enero gennaio januari janeiro января январь январе janv jän",
        "february feb février fevrier februar febrero febbraio februari fevereiro февраля февраль févr",
        "march mar mars märz maerz marzo maret março марта март",
        "april apr avril abril aprile апреля апрель avr",
        "may mai mayo maggio mei maio мая май",
        "june jun juin juni junio giugno junho июня июнь",
        "july jul juillet juli julio luglio julho июля июль juil",
        "august aug août aout agosto agustus августа август",
        "september sep sept septembre septiembre setiembre settembre setembro сентября сентябрь",
        "october oct octobre oktober octubre ottobre oktober outubro октября октябрь okt",
        "november nov novembre noviembre novembro ноября ноябрь",
        "december dec décembre decembre dezember diciembre dicembre desember dezembro декабря декабрь déc dez",
    ],
    start=1,
):
    for _n in _names.split():
        MONTHS.setdefault(_n, _i)

_MONTH_RE = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_ISO = lazy(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_DMY_NUM = lazy(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")
_DMY = lazy(
    rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th|er|\.)?(?:\s+de)?[\s\-/]+({_MONTH_RE})\.?(?:\s+de)?[\s,\-/]+(\d{{4}})(?!\d)",
    re.I,
)
_MDY = lazy(
    rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)",
    re.I,
)
_YMD = lazy(
    rf"(?<!\d)(\d{{4}})[a-z]?,\s*({_MONTH_RE})\b\.?(?:\s+(\d{{1,2}})(?:st|nd|rd|th)?(?!\d))?", re.I
)
# "November2017": PDF text loses the space between month and year
_MY = lazy(rf"\b({_MONTH_RE})\.?,?\s*(\d{{4}})(?!\d)", re.I)
_YEAR = lazy(r"(?<![\d/])(1[5-9]\d\d|20\d\d)(?![\d/])")


_ASCII_WORD = lazy(r"[A-Za-z]+")


def _may_name_a_month(t: str) -> bool:
    """False only when none of the month patterns (_DMY, _MDY, _YMD, _MY) can match, so
    that they need not be compiled (~5 ms at start-up): each of them matches a month name
    as a whole run of letters (see their context), so in ASCII text one of the runs must be
    a month name. Non-ASCII text (case-insensitive Unicode matching) is always tried."""
    return not t.isascii() or any(w.lower() in MONTHS for w in _ASCII_WORD.findall(t))


def parse_date(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) with 0 for unknown parts, or ``None``."""
    t = text.strip()
    m = _ISO.search(t)
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not _may_name_a_month(t):
        m = _DMY_NUM.search(t)
        if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(1)) <= 31:
            return int(m.group(3)), int(m.group(2)), int(m.group(1))
        m = _YEAR.search(t)
        return (int(m.group(1)), 0, 0) if m else None
    m = _DMY.search(t)
    if m:
        mo = MONTHS.get(m.group(2).lower())
        if mo and 1 <= int(m.group(1)) <= 31:
            return int(m.group(3)), mo, int(m.group(1))
    m = _MDY.search(t)
    if m:
        mo = MONTHS.get(m.group(1).lower())
        if mo and 1 <= int(m.group(2)) <= 31:
            return int(m.group(3)), mo, int(m.group(2))
    m = _YMD.search(t)  # APA "(2019, May 4)"
    if m:
        mo = MONTHS.get(m.group(2).lower())
        day = int(m.group(3) or 0)
        if mo and 0 <= day <= 31:
            return int(m.group(1)), mo, day
    m = _DMY_NUM.search(t)
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(1)) <= 31:
        return int(m.group(3)), int(m.group(2)), int(m.group(1))
    m = _MY.search(t)
    if m:
        mo = MONTHS.get(m.group(1).lower())
        if mo:
            return int(m.group(2)), mo, 0
    m = _YEAR.search(t)
    if m:
        return int(m.group(1)), 0, 0
    return None


def iso(d: tuple[int, int, int]) -> str:
    y, m, dd = d
    if m and dd:
        return f"{y:04d}-{m:02d}-{dd:02d}"
    if m:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}"


# A date expression, for finding access dates inside a reference.
DATE_EXPR = (
    r"(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|\d{1,2}[./]\d{1,2}[./]\d{4}"
    rf"|\d{{1,2}}(?:st|nd|rd|th|er|\.)?(?:\s+de)?[\s\-/]+(?:{_MONTH_RE})\.?(?:\s+de)?[\s,\-/]+\d{{4}}"
    rf"|(?:{_MONTH_RE})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|(?:{_MONTH_RE})\.?,?\s*\d{{4}}"
    r")"
)

ACCESS_WORDS = (
    r"(?:(?:last\s+|date\s+)?(?:accessed|accessed\s+on|accessed\s+at|retrieved|retrieved\s+on|viewed|viewed\s+on|visited|visited\s+on|"
    r"consulted|consulted\s+on|access(?:ed)?\s+date|date\s+of\s+access|cited|"
    r"abgerufen(?:\s+am)?|zugriff(?:\s+am)?|letzter\s+zugriff(?:\s+am)?|zuletzt\s+abgerufen(?:\s+am)?|"
    r"consulté\s+le|consulté|date\s+de\s+consultation|consultado\s+(?:el|em)|consultado|recuperado\s+el|"
    r"accesso\s+il|data\s+di\s+accesso|diakses(?:\s+pada)?(?:\s+tanggal)?|tanggal\s+akses|"
    r"erişim\s+tarihi|дата\s+обращения|дата\s+доступа|(?:дата\s+)?просмотр(?:ено)?|"
    r"geraadpleegd(?:\s+op)?|hämtad|dostęp|pobrano))"
)
