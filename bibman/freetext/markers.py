"""Markers of CJK and Cyrillic references, per language, from
``bibman/data/reference_markers.txt`` (sources stated there): GB/T 7714 document
type codes, "et al." words, access-date words, editor abbreviations and
other-title designators ("учебное пособие"). Words that are locale terms as well
("дата обращения", "외", "под ред.") are written once, in
``bibman/data/locale-terms-extra.tsv``, tagged "markers:SECTION", and added here.
Read once, on first use."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_FILE = Path(__file__).resolve().parent.parent / "data" / "reference_markers.txt"
EXTRA_FILE = Path(__file__).resolve().parent.parent / "data" / "locale-terms-extra.tsv"


@lru_cache(maxsize=1)
def _sections() -> dict[str, tuple[str, ...]]:
    try:
        raw = _FILE.read_text("utf-8")
    except OSError:
        raw = ""
    out: dict[str, list[str]] = {}
    for line in raw.splitlines():
        if line.startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if sep and value.strip():
            out.setdefault(key.strip(), []).append(value.strip())
    for section, word in _locale_marked():
        out.setdefault(section, []).append(word)
    return {k: tuple(v) for k, v in out.items()}


def _locale_marked() -> list[tuple[str, str]]:
    """(section, word) of the locale terms tagged "markers:SECTION" in the extra locale
    terms file: words both the locale-term rules and these markers use, written once."""
    try:
        raw = EXTRA_FILE.read_text("utf-8")
    except OSError:
        return []
    out = []
    for line in raw.splitlines():
        cols = line.split("\t")
        if len(cols) >= 4 and not line.startswith("#") and cols[3].startswith("markers:"):
            out.append((cols[3].removeprefix("markers:").strip(), cols[2].strip()))
    return out


def values(section: str) -> tuple[str, ...]:
    return _sections().get(section, ())


@lru_cache(maxsize=1)
def gbt_types() -> dict[str, str]:
    """GB/T 7714 document type code ("J", "EB") -> BibTeX type."""
    out: dict[str, str] = {}
    for v in values("gbt-type"):
        code, _, typ = v.partition(" ")
        out[code] = typ.strip()
    return out


@lru_cache(maxsize=16)
def alternation(section: str, strip: str = "") -> str:
    """The section's values as a regex alternation, longest first (never matches when
    empty); ``strip``: characters taken off the values' ends ("." when the pattern
    makes a final full stop optional)."""
    vals = sorted({v.rstrip(strip) for v in values(section)}, key=len, reverse=True)
    return "|".join(re.escape(v) for v in vals) or r"(?!x)x"
