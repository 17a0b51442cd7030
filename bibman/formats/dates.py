"""Dates: BibTeX year/month/day, biblatex ISO 8601/EDTF ``date`` <-> CSL dates."""

from __future__ import annotations

import re
from typing import Any

from ..lazyre import lazy
from ..months import MONTH_MACROS as MONTHS
from ..months import MONTH_NAMES

CslDate = dict[str, Any]

_ISO = lazy(r"^\s*(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")
_SEASONS = {21: 1, 22: 2, 23: 3, 24: 4}  # EDTF season months -> CSL seasons


def month_number(text: str) -> int | None:
    """``jan``/``January``/``Jan.``/``1``/``01`` -> 1; None when not a month."""
    t = text.strip().rstrip(".").lower()
    if t.isdigit() and 1 <= int(t) <= 12:
        return int(t)
    for i, (short, full) in enumerate(zip(MONTHS, MONTH_NAMES, strict=True)):
        if t in (short, full.lower()) or (len(t) >= 3 and full.lower().startswith(t)):
            return i + 1
    return None


def _parts(text: str) -> list[int] | None:
    m = _ISO.match(text)
    if not m:
        return None
    parts = [int(g) for g in m.groups() if g is not None]
    if len(parts) > 1 and not (1 <= parts[1] <= 12 or parts[1] in _SEASONS):
        return None
    if len(parts) > 2 and not 1 <= parts[2] <= 31:
        return None
    return parts


def parse_date(text: str) -> CslDate:
    """A biblatex date (``2010``, ``2010-05-03``, ``2010/2012``, ``2010~``) -> CSL date."""
    t = re.sub(r"T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?", "", text.strip())
    if "?" in t or "%" in t or "~" in t.rstrip("~"):
        return {"literal": text.strip()}  # uncertain dates, qualified range ends: kept verbatim
    circa = t.endswith("~")
    t = t.rstrip("~")
    out: CslDate
    if "/" in t and (t.startswith("..") or t.endswith("..") or t.endswith("/")):
        return {"literal": text.strip()}  # open-ended: CSL has no form; kept verbatim
    if "/" in t:
        a, _, b = t.partition("/")
        pa = _parts(a) if a and a != ".." else None
        pb = _parts(b) if b and b != ".." else None
        if pa is None and pb is None:
            return {"literal": text.strip()}
        out = {"date-parts": [pa or [], pb or []] if pb else [pa]}
        if pa is None:
            return {"literal": text.strip()}
    else:
        p = _parts(t)
        if p is None:
            return {"literal": text.strip()}
        if len(p) == 2 and p[1] in _SEASONS:
            return {"date-parts": [p[:1]], "season": _SEASONS[p[1]]}
        out = {"date-parts": [p]}
    if circa:
        out["circa"] = True
    return out


def year_month_date(year: str | None, month: str | None, day: str | None = None) -> CslDate | None:
    """BibTeX year (+ month, day) -> CSL date; ``literal`` when the year is not a number."""
    if not year:
        return None
    y = year.strip()
    if not re.fullmatch(r"-?\d{1,4}", y):
        return {"literal": y if not month else f"{month} {y}"}
    parts = [int(y)]
    m = month_number(month) if month else None
    if m is not None:
        parts.append(m)
        if day and day.strip().isdigit():
            parts.append(int(day))
    elif month:
        return {"date-parts": [parts], "season": month.strip()}
    return {"date-parts": [parts]}


def _iso(parts: list[Any]) -> str:
    if not parts:
        return ".."
    year = int(parts[0])
    out = [f"{year:04d}" if year >= 0 else f"-{-year:04d}"]
    out += [f"{int(p):02d}" for p in parts[1:3]]
    return "-".join(out)


def csl_date_parts(date: CslDate) -> list[list[Any]] | None:
    dp = date.get("date-parts")
    if isinstance(dp, list) and dp and isinstance(dp[0], list) and dp[0]:
        try:
            return [[int(x) for x in p] for p in dp if isinstance(p, list)]
        except (TypeError, ValueError):
            return None
    return None


def csl_to_iso(date: CslDate) -> str | None:
    """CSL date -> biblatex date string (ranges with ``/``), None if not representable."""
    dp = csl_date_parts(date)
    if dp is None:
        raw = date.get("raw") or date.get("literal")
        if isinstance(raw, str) and parse_date(raw).get("date-parts"):
            return raw.strip()
        return None
    s = _iso(dp[0])
    season = date.get("season")
    if isinstance(season, int) and 1 <= season <= 4 and len(dp[0]) == 1:
        s += f"-{20 + season}"
    if len(dp) > 1 and dp[1] and dp[1] != dp[0]:
        s += "/" + _iso(dp[1])
    if date.get("circa"):
        s += "~"
    return s


def csl_to_year_month(date: CslDate) -> tuple[str | None, int | None, int | None]:
    """CSL date -> (year, month, day) of its start; year is the literal when unparsed."""
    dp = csl_date_parts(date)
    if dp is None:
        lit = date.get("literal") or date.get("raw")
        if isinstance(lit, str):
            p = parse_date(lit)
            if "date-parts" in p:
                return csl_to_year_month(p)
            return lit, None, None
        return None, None, None
    first = dp[0]
    return (
        str(first[0]),
        first[1] if len(first) > 1 and 1 <= first[1] <= 12 else None,
        first[2] if len(first) > 2 else None,
    )
