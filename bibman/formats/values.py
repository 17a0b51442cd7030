"""Field values of a BibTeX entry as text: macros expanded, LaTeX kept or decoded.

The one place where the formats reach into ``bibman.bibtex`` (macro expansion)
and ``bibman.latex`` (LaTeX -> Unicode), so the exchange formats never parse
BibTeX themselves.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..model import Entry, strip_delimiters

# BibTeX's predefined month macros, used when a value is a bare month name.
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def expand_value(value: str, strings: Mapping[str, str]) -> str:
    """BibTeX source (``{..}``, ``".."``, macros, ``#``) -> the LaTeX text it stands for."""
    try:
        from ..bibtex import expand  # type: ignore[attr-defined]
    except ImportError:  # the lossless reader has not landed yet
        return _expand_fallback(value, strings)
    return str(expand(value, dict(strings)))


def _expand_fallback(value: str, strings: Mapping[str, str]) -> str:
    parts = _split_concat(value)
    out = []
    for p in parts:
        p = p.strip()
        if (p.startswith("{") and p.endswith("}")) or (p.startswith('"') and p.endswith('"')):
            out.append(strip_delimiters(p))
        elif p.lower() in strings:
            out.append(_expand_fallback(strings[p.lower()], strings))
        elif p.lower() in MONTHS:
            out.append(MONTH_NAMES[MONTHS.index(p.lower())])
        else:
            out.append(p)
    return "".join(out)


def _split_concat(value: str) -> list[str]:
    parts: list[str] = []
    cur: list[str] = []
    depth, quote = 0, False
    for ch in value:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth == 0:
            quote = not quote
        if ch == "#" and depth == 0 and not quote:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def to_unicode(latex: str) -> str:
    """LaTeX text -> Unicode (accents, ``--``, ``~``, escapes)."""
    try:
        from ..latex import to_unicode as _to_unicode
    except ImportError:
        return _to_unicode_fallback(latex)
    return str(_to_unicode(latex))


_L2T = None


def _to_unicode_fallback(latex: str) -> str:
    global _L2T
    if _L2T is None:
        from pylatexenc.latex2text import LatexNodes2Text

        _L2T = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)
    return str(_L2T.latex_to_text(latex))


def field_latex(entry: Entry, name: str, strings: Mapping[str, str]) -> str | None:
    """A field's expanded LaTeX text, or None when the entry has no such field."""
    f = entry.field(name)
    if f is None:
        return None
    return expand_value(f.value, strings)


def field_text(entry: Entry, name: str, strings: Mapping[str, str]) -> str | None:
    """A field's value as plain Unicode (braces and LaTeX gone), or None."""
    latex = field_latex(entry, name, strings)
    return None if latex is None else plain_text(latex)


_URL_CMD = re.compile(r"\\url\s*\{([^{}]*)\}")


def plain_text(latex: str) -> str:
    text = _URL_CMD.sub(lambda m: m.group(1), latex)
    return " ".join(to_unicode(text).split())
