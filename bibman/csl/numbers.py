"""Numeric variables: is-numeric, ordinals, roman numerals, page ranges, plurals."""

from __future__ import annotations

import re

from .locale import Locale

_NUM_TOKEN = r"[A-Za-z]*\d+[A-Za-z]*\.?"
_SEP = r"\s*(?:[-–,&]|\band\b)\s*"
_NUMERIC = re.compile(rf"^\s*{_NUM_TOKEN}(?:{_SEP}{_NUM_TOKEN})*\s*$")
_SPLIT = re.compile(r"(\s*(?:--?|–|,|&|\band\b)\s*)")


def is_numeric(s: str) -> bool:
    return bool(_NUMERIC.match(s)) and any(c.isdigit() for c in s)


def number_parts(s: str) -> list[str]:
    return _SPLIT.split(s.strip())


def plural_value(var: str, s: str) -> bool:
    if var in ("number-of-pages", "number-of-volumes"):
        m = re.match(r"\s*(\d+)", s)
        return bool(m) and int(m.group(1)) > 1
    parts = [p for i, p in enumerate(number_parts(s)) if i % 2 == 0 and p.strip()]
    if len(parts) > 1:
        return True
    return False


def roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    vals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
            (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
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
        if (match == "last-digit" or (match == "last-two-digits" and n % 100 == n % 10)
                or (match == "whole-number" and n == n % 10)):
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


def format_number(s: str, form: str, locale: Locale, gender: str = "") -> str:
    parts = number_parts(s)
    out = []
    for i, p in enumerate(parts):
        if i % 2 == 1:
            sep = p.strip()
            if sep in ("-", "--", "–"):
                out.append("–" if form != "roman" else "-")
                out[-1] = "-" if False else out[-1]
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
    """Apply page-range-format to every ``N-M`` range in ``s`` (hyphens become en dashes)."""

    def repl(m: re.Match[str]) -> str:
        a, b = m.group(1), m.group(3)
        if not fmt:
            return f"{a}{delim}{b}"
        pa = re.fullmatch(r"([A-Za-z]*)(\d+)", a)
        pb = re.fullmatch(r"([A-Za-z]*)(\d+)", b)
        if not pa or not pb or (pb.group(1) and pb.group(1) != pa.group(1)):
            return f"{a}{delim}{b}"
        pre, x = pa.group(1), pa.group(2)
        y = _expand(x, pb.group(2))
        if int(y) < int(x):
            return f"{a}{delim}{b}"
        if fmt == "expanded":
            out = y
        elif fmt == "minimal":
            out = _minimal(x, y)
        elif fmt == "minimal-two":
            out = _minimal(x, y, 2)
        elif fmt in ("chicago", "chicago-15", "chicago-16"):
            xi = int(x)
            if xi < 100 or xi % 100 == 0:
                out = y
            elif xi % 100 < 10:
                out = _minimal(x, y)
            elif fmt in ("chicago", "chicago-15") and len(x) == 4 and _minimal(x, y) != y[-1:] \
                    and len(_minimal(x, y)) >= 3:
                out = y
            else:
                out = _minimal(x, y, 2)
        else:
            out = y
        return f"{pre}{x}{delim}{(pb.group(1) if fmt == 'expanded' else '')}{out}"

    return re.sub(r"([A-Za-z]*\d+)\s*(-+|–)\s*([A-Za-z]*\d+)", repl, s)
