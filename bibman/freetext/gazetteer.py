"""Word lists shipped as data (``bibman/data``): word classes and site names.

``wordclasses.json`` maps a class (month, journal, publisher, place, ...) to
lower-case words; the tagger uses membership as features. ``sites.txt`` lists
news outlets, agencies and organisations so that a site name glued to the end
of a title ("Title RadioFreeEurope/RadioLiberty") can be split off.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from ..lazyre import regex

_DATA = Path(__file__).resolve().parent.parent / "data"


def _read(name: str) -> str:
    try:
        return (_DATA / name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return ""


@lru_cache(maxsize=1)
def _classes() -> dict[str, tuple[str, ...]]:
    raw = _read("wordclasses.json")
    data: dict[str, list[str]] = json.loads(raw) if raw else {}
    index: dict[str, list[str]] = {}
    for cls, words in data.items():
        for w in words:
            for form in {w.lower(), w.lower().strip(".,:;()")}:
                if form:
                    index.setdefault(form, [])
                    if cls not in index[form]:
                        index[form].append(cls)
    return {k: tuple(v) for k, v in index.items()}


def word_classes(word: str) -> tuple[str, ...]:
    """Classes of a lower-case word (punctuation already stripped)."""
    return _classes().get(word, ())


def in_class(word: str, cls: str) -> bool:
    return cls in word_classes(word.lower().strip(".,:;()[]\"'“”"))


def site_key(name: str) -> str:
    """Comparison key for a site name: lower case, letters and digits only."""
    return regex(r"[\W_]+").sub("", name.casefold())


@lru_cache(maxsize=1)
def sites() -> dict[str, str]:
    """Site key -> the name as written in the list."""
    out: dict[str, str] = {}
    for line in _read("sites.txt").splitlines():
        s = line.strip()
        if s and not s.startswith("#"):
            out.setdefault(site_key(s), s)
    return out


@lru_cache(maxsize=1)
def site_kinds() -> dict[str, str]:
    """Site key -> the kind of its section in ``sites.txt`` ("news", "org", "web")."""
    out: dict[str, str] = {}
    kind = ""
    for line in _read("sites.txt").splitlines():
        s = line.strip()
        if s.startswith("# section:"):
            kind = s.partition(":")[2].strip()
        elif s and not s.startswith("#"):
            out.setdefault(site_key(s), kind)
    return out


def news_site(name: str) -> bool:
    """A newspaper, news agency, broadcaster or magazine of the site list."""
    return site_kinds().get(site_key(name)) == "news"


@lru_cache(maxsize=1)
def max_site_words() -> int:
    return max((len(s.split()) for s in sites().values()), default=1)
