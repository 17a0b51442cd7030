"""Dates in references: full dates in several languages, years, access dates."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from bibman.freetext import localeterms
from bibman.freetext.lazyre import lazy


class _Months(Mapping[str, int]):
    """Month name or abbreviation (lower case) -> 1..12 in every CSL locale and the extra
    list (``bibman/data/locale-terms*.tsv``), read on first use."""

    def _d(self) -> dict[str, int]:
        return localeterms.months()

    def __getitem__(self, key: str) -> int:
        return self._d()[key]

    def __contains__(self, key: object) -> bool:
        return key in self._d()

    def get(self, key: str, default: Any = None) -> Any:
        return self._d().get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._d())

    def __len__(self) -> int:
        return len(self._d())


MONTHS: Mapping[str, int] = _Months()


# A month slot: a run of letters, or two or three ("Tháng Mười Một", "ก.ค."); which runs
# are month names is looked up in MONTHS after the match (an alternation of the ~700
# names of all locales would cost ~0.1 s to compile and slow every search)
# letters with their combining marks (Thai, Devanagari, Khmer vowel signs are not \w)
_MARKS = "\u0300-\u036f\u064b-\u065f\u0670\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u17b4-\u17d3"
_WORD = rf"(?:[^\W\d_]|[{_MARKS}])+"
_MON = rf"{_WORD}(?:\.?\s?{_WORD}){{0,2}}?"
_ORD = r"(?:st|nd|rd|th|er|e|de|ste|\.|º|ª|-?[^\W\d_]{1,3})"


@lru_cache(maxsize=1)
def _short_foreign() -> frozenset[str]:
    """Short month names of other languages than English ("set", "led", "pro"): words too
    often to make a month-and-year date without a day."""
    long_names = {
        n.rstrip(".") for n in localeterms.terms(*(f"month-{i:02d}" for i in range(1, 13)))
    }
    english = {
        n.rstrip(".")
        for n in localeterms.terms(*(f"month-{i:02d}:short" for i in range(1, 13)), lang="en")
    }
    return frozenset(n for n in MONTHS if n not in long_names and n not in english and len(n) <= 3)


_DMY = lazy(
    rf"(?<!\d)(\d{{1,2}}){_ORD}?(?:\s+de)?[\s\-/]+({_MON})\.?(?:\s+de)?[\s,\-/]*(\d{{4}})(?!\d)",
    re.I,
)
_MDY = lazy(rf"(?<![^\W\d_])({_MON})\.?\s+(\d{{1,2}})(?:{_ORD}(?![^\W\d_]))?,?\s+(\d{{4}})(?!\d)")
_YMD = lazy(  # APA "(2019, May 4)"
    rf"(?<!\d)(\d{{4}})[a-z]?,\s*({_MON})\.?(?:\s+(\d{{1,2}})(?:{_ORD}(?![^\W\d_]))?(?!\d))?"
)
_YMD_TEXT = lazy(rf"(?<!\d)(\d{{4}})\.?\s+({_MON})\.?\s+(\d{{1,2}})(?!\d)")  # "2018 Apr 17"
_CJK_YMD = lazy(r"(?<!\d)(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})")  # 2021年8月3日
# "November2017": PDF text loses the space between month and year
_MY = lazy(rf"(?<![^\W\d_])({_MON})\.?,?\s*(\d{{4}})(?!\d)")
_ISO = lazy(r"(?<!\d)(\d{4})[-/.]\s?(\d{1,2})[-/.]\s?(\d{1,2})(?!\d)")
_DMY_NUM = lazy(r"(?<!\d)(\d{1,2})[./]\s?(\d{1,2})[./]\s?(\d{4})(?!\d)")
_YEAR = lazy(r"(?<![\d/])(1[5-9]\d\d|20\d\d)(?![\d/])")


def _month(name: str, alone: bool = False) -> int:
    """The month a name found in a month slot names, or 0 (``alone``: without a day)."""
    key = name.lower().rstrip(".")
    mo = MONTHS.get(key, 0)
    if mo and alone and key in _short_foreign():
        return 0
    return mo


def _month_matches(rx: re.Pattern[str], t: str, group: int) -> Iterator[tuple[re.Match[str], int]]:
    """Matches of ``rx`` whose month slot holds a month name (at most 12 tried)."""
    for k, m in enumerate(rx.finditer(t)):
        if k >= 12:
            return
        mo = _month(m.group(group))
        if mo:
            yield m, mo


_ASCII_WORD = lazy(r"[A-Za-z]+")


def _may_name_a_month(t: str) -> bool:
    """False only when no month slot can hold a month name, so that the month patterns
    need not run: in ASCII text one of the runs of letters must be a month name.
    Non-ASCII text is always tried."""
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
    for m, mo in _month_matches(_DMY, t, 2):
        if 1 <= int(m.group(1)) <= 31:
            return int(m.group(3)), mo, int(m.group(1))
    for m, mo in _month_matches(_MDY, t, 1):
        if 1 <= int(m.group(2)) <= 31:
            return int(m.group(3)), mo, int(m.group(2))
    for m, mo in _month_matches(_YMD, t, 2):
        day = int(m.group(3) or 0)
        if 0 <= day <= 31:
            return int(m.group(1)), mo, day
    if not t.isascii():
        m = _CJK_YMD.search(t)
        if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
            return int(m.group(1)), int(m.group(2)), int(m.group(3))
    for m, mo in _month_matches(_YMD_TEXT, t, 2):
        if 1 <= int(m.group(3)) <= 31:
            return int(m.group(1)), mo, int(m.group(3))
    m = _DMY_NUM.search(t)
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(1)) <= 31:
        return int(m.group(3)), int(m.group(2)), int(m.group(1))
    for k, m in enumerate(_MY.finditer(t)):
        mo = _month(m.group(1), alone=True)
        if mo:
            return int(m.group(2)), mo, 0
        if k >= 12:
            break
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


# A date expression (no groups), for finding access and archive dates in a reference; its
# month slots are checked afterwards (parse_date of the match)
DATE_EXPR = (
    r"(?:\d{4}[-/.]\s?\d{1,2}[-/.]\s?\d{1,2}(?!\d)"
    r"|\d{1,2}[./]\s?\d{1,2}[./]\s?\d{4}"
    rf"|\d{{1,2}}{_ORD}?(?:\s+de)?[\s\-/]+{_MON}\.?(?:\s+de)?[\s,\-/]*\d{{4}}"
    rf"|{_MON}\.?\s+\d{{1,2}}(?:{_ORD}(?![^\W\d_]))?,?\s+\d{{4}}"
    rf"|\d{{4}}\.?\s+{_MON}\.?\s+\d{{1,2}}(?!\d)\.?"
    r"|\d{4}\s*[年년]\s*\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일]?"
    rf"|{_MON}\.?,?\s*\d{{4}}"
    r")"
)


@lru_cache(maxsize=1)
def access_word_list() -> tuple[str, ...]:
    """The words that introduce an access date, in every language (lower case); short
    Latin-letter words ("set", "cit" without its full stop) are left out: they are words
    of other languages too."""
    return tuple(
        w for w in localeterms.access_words() if len(w) > 3 or not (w.isascii() and w.isalpha())
    )


@lru_cache(maxsize=1)
def access_connectives() -> str:
    return localeterms.alternation(localeterms.terms("access-connective"))
