"""Markers of CJK and Cyrillic references, per language, from
``bibman/data/reference_markers.txt`` (sources stated there): GB/T 7714 document
type codes, "et al." words, access-date words, editor abbreviations and
other-title designators ("учебное пособие"). Read once, on first use."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_FILE = Path(__file__).resolve().parent.parent / "data" / "reference_markers.txt"


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
    return {k: tuple(v) for k, v in out.items()}


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
