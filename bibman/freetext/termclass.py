"""Locale words as tagger features: which kind of CSL term a word is, in any language.

``bibman/data/locale-terms.tsv`` (the terms of the 63 CSL locales bibman ships, CC BY-SA
3.0, with its own header) and ``locale-terms-extra.tsv`` (words the locales lack) list per
locale the words printed around fields: "accessed"/"retrieved"/"cited"/"available at",
"in", "et al."/"and others", the editor terms, the issue/volume/page labels and the month
names. The tagger marks a word with its kind ("lt=acc", "lt=ed", …) so what it learns
from "abgerufen" or "pristupljeno" carries to "դիտված" in a locale it saw little of.

Read once, on the first reference tagged (~5 ms); a missing file gives no marks.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).resolve().parent.parent / "data"
_FILES = ("locale-terms.tsv", "locale-terms-extra.tsv")
# CSL term key (before any ":form") -> feature kind; "from", "and" and "no date" are left
# out: their words ("de", "a", "e", "i", "z") are too common to say anything alone
_KIND = {
    "accessed": "acc",
    "retrieved": "acc",
    "cited": "acc",
    "available at": "avail",
    "online": "avail",
    "in": "in",
    "et-al": "etal",
    "and others": "etal",
    "editor": "ed",
    "editorial-director": "ed",
    "issue": "iss",
    "volume": "vol",
    "page": "pg",
}
_STRIP = "\"'“”‘’«»„()[]{}<>.,;:!?*"


def _kind_of(key: str) -> str | None:
    base = key.split(":", 1)[0]
    if base.startswith("month-"):
        return "month"
    return _KIND.get(base)


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[str, ...]]:
    """word (lower case, punctuation stripped) -> its kinds."""
    out: dict[str, list[str]] = {}
    for name in _FILES:
        try:
            raw = (_DATA / name).read_text(encoding="utf-8")
        except OSError:
            continue
        for line in raw.splitlines():
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                continue
            kind = _kind_of(parts[1])
            if kind is None:
                continue
            for w in parts[2].replace("\xa0", " ").lower().split():
                w = w.strip(_STRIP)
                if len(w) < 2 and not w.isalpha():
                    continue
                ks = out.setdefault(w, [])
                if kind not in ks:
                    ks.append(kind)
    return {k: tuple(v) for k, v in out.items()}


def kinds(word: str) -> tuple[str, ...]:
    """The term kinds of a lower-case word stripped of punctuation ("abgerufen" -> ("acc",))."""
    return _index().get(word, ())
