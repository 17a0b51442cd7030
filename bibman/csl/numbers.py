"""Numeric variables: is-numeric, ordinals, roman numerals, page ranges, plurals."""

from __future__ import annotations

import re

from ..lazyre import lazy
from .locale import Locale

_NUM_TOKEN = r"[A-Za-z]*\d+[A-Za-z]*\.?"
_SEP = r"\s*(?:[-–,&]|\band\b)\s*"
_NUMERIC = lazy(rf"^\s*{_NUM_TOKEN}(?:{_SEP}{_NUM_TOKEN})*\s*$")
# a comma joins a list only when a space follows ("1, 3"); "174,465" is one number
# (citeproc-js splits on ",\s+" alike)
_SPLIT = lazy(r"(\s*(?:--?|–|,(?=\s)|&|\band\b)\s*)")


_PLURAL_HEAD = lazy(r"[A-Za-z]*\d+[A-Za-z]*\.?|[ixv]+")


def is_numeric(s: str) -> bool:
    return bool(_NUMERIC.match(s)) and any(c.isdigit() for c in s)


def number_parts(s: str) -> list[str]:
    return _SPLIT.split(s.strip())


def plural_value(var: str, s: str, and_term: str = "") -> bool:
    if var in ("number-of-pages", "number-of-volumes"):
        m = re.match(r"\s*(\d+)", s)
        return m is not None and int(m.group(1)) > 1
    s = s.replace("\\-", "")  # an escaped hyphen joins, it does not make a range
    if and_term and f" {and_term} " in s:
        s = s.replace(f" {and_term} ", " & ")
    parts = [p for i, p in enumerate(number_parts(s)) if i % 2 == 0 and p.strip()]
    if len(parts) < 2:
        return False
    # a list or range of numbers (or lower-case roman numerals): "Michaelson-Morely" is
    # one name, not two pages (citeproc-js)
    first = parts[0].strip()
    return bool(_PLURAL_HEAD.fullmatch(first))


def roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    vals = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ]
    out = ""
    for v, s in vals:
        while n >= v:
            out += s
            n -= v
    return out


def ordinal(n: int, locale: Locale, gender: str = "") -> str:
    terms = locale.terms

    def pick(name: str) -> tuple[str, str] | None:
        if gender and (name, "long", gender) in terms:
            t = terms[(name, "long", gender)]
            return t.single, t.match
        if (name, "long", "") in terms:
            t = terms[(name, "long", "")]
            return t.single, t.match
        return None

    two = pick(f"ordinal-{n % 100:02d}")
    if two is not None:
        txt, match = two
        match = match or "last-two-digits"
        if match == "last-two-digits" or (match == "whole-number" and n == n % 100):
            return f"{n}{txt}"
    one = pick(f"ordinal-{n % 10:02d}")
    if one is not None:
        txt, match = one
        match = match or "last-digit"
        if (
            match == "last-digit"
            or (match == "last-two-digits" and n % 100 == n % 10)
            or (match == "whole-number" and n == n % 10)
        ):
            return f"{n}{txt}"
    base = pick("ordinal")
    return f"{n}{base[0] if base else ''}"


def long_ordinal(n: int, locale: Locale, gender: str = "") -> str:
    if 1 <= n <= 10:
        name = f"long-ordinal-{n:02d}"
        t = locale.terms.get((name, "long", gender)) if gender else None
        t = t or locale.terms.get((name, "long", ""))
        if t is not None:
            return t.single
    return ordinal(n, locale, gender)


def format_number(
    s: str, form: str, locale: Locale, gender: str = "", range_delim: str = "–"
) -> str:
    parts = number_parts(s)
    out = []
    for i, p in enumerate(parts):
        if i % 2 == 1:
            sep = p.strip()
            if sep in ("-", "--", "–"):
                # ends with different letter prefixes ("s2-17", "A2-B3") are one
                # identifier, not a range: the hyphen stays (citeproc-js)
                same = _prefix(parts[i - 1]) == _prefix(parts[i + 1])
                out.append(range_delim if same else p)
            elif sep == ",":
                out.append(", ")
            elif sep == "&":
                out.append(" & ")
            else:
                out.append(" " + sep + " ")
            continue
        m = re.fullmatch(r"(\d+)", p.strip())
        if not m:
            out.append(p)
            continue
        n = int(m.group(1))
        if form == "ordinal":
            out.append(ordinal(n, locale, gender))
        elif form == "long-ordinal":
            out.append(long_ordinal(n, locale, gender))
        elif form == "roman":
            out.append(roman(n))
        else:
            out.append(str(n) if p.strip().isdigit() else p)
    return "".join(out)


def _prefix(tok: str) -> str:
    m = re.match(r"\s*([A-Za-z]*)\d", tok)
    return m.group(1) if m else ""


def _expand(a: str, b: str) -> str:
    if len(b) < len(a):
        return a[: len(a) - len(b)] + b
    return b


def _minimal(a: str, b: str, keep: int = 1) -> str:
    if len(a) != len(b):
        return b
    i = 0
    while i < len(a) - 1 and a[i] == b[i]:
        i += 1
    out = b[i:]
    if len(out) < keep and len(b) >= keep:
        out = b[-keep:]
    return out


def format_page_range(s: str, fmt: str, delim: str = "–") -> str:
    """Apply page-range-format to each ``N-M`` range in ``s``; ``\\-`` is a literal hyphen.

    Both ends must share their non-numeric prefix ("N110-N115"); otherwise the range is left
    exactly as written.
    """
    chunks = re.split(r"(\s*[,&]\s*)", s)
    out = []
    for i, ch in enumerate(chunks):
        if i % 2 == 1:
            out.append(ch)
            continue
        if "\\-" in ch:
            out.append(ch.replace("\\-", "-"))
            continue
        m = re.fullmatch(r"(\s*)(\S+?)\s*(?:-+|–)\s*(\S+?)(\s*)", ch)
        if not m:
            out.append(ch)
            continue
        lead, a, b, trail = m.groups()
        pa = re.fullmatch(r"(.*?)(\d+)", a)
        pb = re.fullmatch(r"(.*?)(\d+)", b)
        if pa is None and pb is None:
            if (
                a.isalpha()
                and b.isalpha()
                and not (a.islower() and b.islower())
                and not _is_roman(a + b)
            ):
                out.append(ch)
            else:
                out.append(f"{lead}{a}{delim}{b}{trail}")
            continue
        if pa is None or pb is None or pb.group(1) != pa.group(1):
            out.append(f"{lead}{a}-{b}{trail}")
            continue
        pre, x = pa.group(1), pa.group(2)
        y = _expand(x, pb.group(2))
        if not fmt or int(y) < int(x):
            out.append(f"{lead}{a}{delim}{b}{trail}")
            continue
        out.append(
            f"{lead}{pre}{x}{delim}{pre if fmt == 'expanded' else ''}{_collapse(x, y, fmt)}{trail}"
        )
    return "".join(out)


def _is_roman(s: str) -> bool:
    return bool(re.fullmatch(r"[ivxlcdmIVXLCDM]+", s))


def _collapse(x: str, y: str, fmt: str) -> str:
    if fmt == "expanded":
        return y
    if fmt == "minimal":
        return _minimal(x, y)
    if fmt == "minimal-two":
        return _minimal(x, y, 2)
    if fmt in ("chicago", "chicago-15", "chicago-16"):
        xi = int(x)
        if xi < 100 or xi % 100 == 0:
            return y
        if xi % 100 < 10:
            return _minimal(x, y)
        if fmt in ("chicago", "chicago-15") and len(x) == 4 and len(_minimal(x, y)) >= 3:
            return y
        return _minimal(x, y, 2)
    return y
