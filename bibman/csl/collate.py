"""Collation keys for sorting: the Unicode Collation Algorithm's sort key (pyuca, DUCET)
as bytes, with a fast path that builds the same bytes without pyuca's collator.

pyuca's key of a string is its collation elements' non-zero primary weights, a 0, the
secondary weights, a 0, the tertiary weights and a 0 (``sort_key_from_collation_elements``).
For a string whose every character (i) is its own NFD, (ii) has canonical combining class
0 (no non-starter reordering) and (iii) can never be part of a contraction with the
characters around it, the collation elements are each character's own elements in turn.
The fast path knows those elements for Latin, Greek and Cyrillic characters
(U+0000-U+052F), read from the same ``allkeys`` file pyuca loads; it writes each level
with ``str.translate`` (a weight as one UTF-16 code unit) and encodes it big-endian,
which is what ``struct.pack(">H", ...)`` of pyuca's weights gives. Anything else (CJK,
other scripts, combining marks, a character that ends a contraction) goes to pyuca.
Loading pyuca's collator costs ~0.5 s and ~11 MB; the fast table, a few milliseconds.
"""

from __future__ import annotations

import functools
import re
import struct
import unicodedata
from pathlib import Path
from typing import Any

_FAST_MAX = 0x0530  # Latin, IPA, Greek, Cyrillic: the scripts of most names and titles
_CE = re.compile(
    r"\[[*.]([0-9A-Fa-f]{4})\.([0-9A-Fa-f]{4})\.([0-9A-Fa-f]{4})(?:\.[0-9A-Fa-f]{4,5})?\]"
)


@functools.lru_cache(maxsize=1)
def _collator() -> Any:
    import pyuca  # the Unicode Collation Algorithm with the DUCET; loaded when needed

    return pyuca.Collator()


def _allkeys_path() -> Path:
    import pyuca
    import pyuca.collator

    return Path(pyuca.collator.__file__).with_name(f"allkeys-{pyuca.Collator.UCA_VERSION}.txt")


@functools.lru_cache(maxsize=1)
def _fast() -> tuple[re.Pattern[str], dict[int, str], dict[int, str], dict[int, str]]:
    """(pattern of strings the fast path takes, primary, secondary, tertiary tables)."""
    elements: dict[int, list[tuple[int, int, int]]] = {}
    in_contraction: set[int] = set()
    with open(_allkeys_path(), encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].rstrip()
            if not line or line.startswith("@"):
                continue
            head, _, body = line.partition(";")
            cps = [int(x, 16) for x in head.split()]
            if len(cps) > 1:
                # a character after the first of a contraction could join the one before it
                in_contraction.update(cps[1:])
                continue
            if cps[0] < _FAST_MAX:
                ces = [(int(a, 16), int(b, 16), int(c, 16)) for a, b, c in _CE.findall(body)]
                elements[cps[0]] = ces
    prim: dict[int, str] = {}
    sec: dict[int, str] = {}
    ter: dict[int, str] = {}
    for cp, ces in elements.items():
        ch = chr(cp)
        if (
            cp in in_contraction
            or not ces
            or unicodedata.combining(ch)
            or unicodedata.normalize("NFD", ch) != ch
        ):
            continue
        prim[cp] = "".join(chr(w[0]) for w in ces if w[0])
        sec[cp] = "".join(chr(w[1]) for w in ces if w[1])
        ter[cp] = "".join(chr(w[2]) for w in ces if w[2])
    cls = "".join(_class_range(a, b) for a, b in _runs(sorted(prim)))
    return re.compile(f"[{cls}]*"), prim, sec, ter


def _runs(cps: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for cp in cps:
        if out and out[-1][1] == cp - 1:
            out[-1] = (out[-1][0], cp)
        else:
            out.append((cp, cp))
    return out


def _class_range(a: int, b: int) -> str:
    return re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"


def collate(s: str) -> bytes:
    """The UCA sort key as bytes, each weight big-endian in two bytes (DUCET weights and
    implicit weights are 16-bit): bytes compare as the tuple of weights does and take a
    tenth of its memory (a tuple of int objects: ~6 KB for a long author list)."""
    pattern, prim, sec, ter = _fast()
    if pattern.fullmatch(s):
        text = f"{s.translate(prim)}\0{s.translate(sec)}\0{s.translate(ter)}\0"
        return text.encode("utf-16-be", "surrogatepass")
    return _slow(s)


@functools.lru_cache(maxsize=4096)
def _slow(s: str) -> bytes:
    return uca_key(s)


def uca_key(s: str) -> bytes:
    """pyuca's own key, packed: what :func:`collate` must equal."""
    key = _collator().sort_key(s)
    return struct.pack(f">{len(key)}H", *key)


class _Fold(dict[int, str]):
    """One character as :func:`fold` makes it, learned on first sight."""

    def __missing__(self, cp: int) -> str:
        if len(self) >= 65536:  # bounded: text of many scripts cannot grow it without end
            self.clear()
        value = _fold_slow(chr(cp))
        if _SIGMA in _strip(chr(cp)):
            value = _SIGMA  # its lower case depends on the characters around it
        self[cp] = value
        return value


_FOLD = _Fold()
_SIGMA = "\u03a3"  # capital sigma: lower-cased to a final or a medial sigma by context


def _strip(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _fold_slow(s: str) -> str:
    s = _strip(s).lower()
    return "".join(c for c in s if not unicodedata.category(c).startswith("P"))


def fold(s: str) -> str:
    """A sort key's text: no accents (NFKD, combining marks dropped), lower case, no
    punctuation, runs of spaces one space. Character by character through a table (the
    whole-string steps are per character, except lower-casing a capital sigma, which
    depends on its neighbours: strings with one take the whole-string way)."""
    t = s.translate(_FOLD)
    if _SIGMA in t:
        t = _fold_slow(s)
    return " ".join(t.split())
