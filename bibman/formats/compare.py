"""Did a round trip keep an entry? Field-by-field comparison by meaning, not by spelling.

``{Müller}`` and ``{M\\"uller}``, ``12-34`` and ``12--34``, ``journal`` and
``journaltitle``, ``year+month`` and ``date`` are the same; a value that no
longer says the same thing, or a field that is gone, is a loss. Used by the
round-trip tests and ``bench/convert_roundtrip.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ..model import Diagnostic, Entry
from .csl_from_bibtex import _edition_number, _Fields, _issued
from .csl_mapping import _LANGID, _SIMPLE
from .names import names_to_csl
from .values import expand_value, plain_text

# Field names that mean the same in BibTeX and biblatex.
_SAME = {
    "journaltitle": "journal",
    "location": "address",
    "annotation": "annote",
    "school": "institution",
    "archiveprefix": "eprinttype",
    "primaryclass": "eprintclass",
    "sortkey": "key",
}
_DATES = frozenset({"year", "month", "day", "date"})
_NAMES = frozenset({"author", "editor", "translator", "bookauthor", "director"})
# CSL variables -> the BibTeX fields they come from (to read loss reports).
CSL_SOURCES: dict[str, tuple[str, ...]] = {
    "issued": ("year", "month", "day", "date"),
    "accessed": ("urldate",),
    "original-date": ("origdate",),
    "event-date": ("eventdate",),
    "container-title": ("journal", "journaltitle", "booktitle", "howpublished"),
    "publisher": ("publisher", "institution", "school", "organization"),
    "publisher-place": ("address", "location"),
    "page": ("pages",),
    "DOI": ("doi",),
    "URL": ("url",),
    "collection-title": ("series",),
    "collection-number": ("number",),
    "number": ("number",),
    "issue": ("number", "issue"),
    "genre": ("type",),
    "language": ("language", "langid"),
    "archive": ("eprinttype", "archiveprefix"),
    "archive_location": ("eprint",),
    "author": ("author",),
    "editor": ("editor",),
    "translator": ("translator",),
    "container-author": ("bookauthor",),
    "edition": ("edition",),
    "authority": ("organization",),
}
for _bib, _csl in _SIMPLE.items():
    CSL_SOURCES.setdefault(_csl, ())
    CSL_SOURCES[_csl] = (*CSL_SOURCES[_csl], _bib)


def _canon(name: str) -> str:
    n = name.lower()
    return _SAME.get(n, n)


def _norm(name: str, value: str, strings: Mapping[str, str]) -> object:
    latex = expand_value(value, strings)
    if name == "url":  # verbatim: only BibTeX escapes and percent-encoded braces differ
        text = re.sub(r"\\([{}_%#&$~])", r"\1", latex).replace("%7B", "{").replace("%7D", "}")
        return re.sub(r"\\url\{(.*)\}", r"\1", re.sub(r"\s+", "", text))
    if name in _NAMES:
        names, others = names_to_csl(latex)
        # "{Aristotle}" and "Aristotle" are the same one-word name to BibTeX.
        same = [
            {"family": n["literal"]} if list(n) == ["literal"] and " " not in n["literal"] else n
            for n in names
        ]
        return same, others
    text = plain_text(latex)
    if name == "pages":
        return re.sub(r"\s*[-–—]+\s*", "-", text)
    if name == "doi":
        return re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", text, flags=re.I).lower()
    if name == "url":
        text = re.sub(r"\\([{}_%#&$~])", r"\1", text).replace("%7B", "{").replace("%7D", "}")
        return re.sub(r"\s+", "", text)
    if name == "edition":
        return _edition_number(text)
    if name in ("urldate", "origdate", "eventdate", "date"):
        return " ".join(latex.split())
    if name == "langid":
        return _LANGID.get(text.lower(), text.lower())
    if name == "keywords":
        return sorted(k.strip().lower() for k in re.split(r"[,;]", text) if k.strip())
    if name in ("type", "eprinttype", "entrysubtype"):
        return text.lower()
    return text


def field_losses(
    original: Entry,
    strings: Mapping[str, str],
    back: Entry | None,
    back_strings: Mapping[str, str] | None = None,
) -> list[str]:
    """Fields of ``original`` that ``back`` lost or changed (canonical names, sorted)."""
    if back is None:
        return sorted({_canon(f.name) for f in original.fields})
    bstrings = strings if back_strings is None else back_strings
    lost: set[str] = set()
    mine: dict[str, str] = {}
    for f in original.fields:
        mine.setdefault(_canon(f.name), f.value)
    theirs: dict[str, str] = {}
    for f in back.fields:
        theirs.setdefault(_canon(f.name), f.value)
    same_date = (
        "date" in mine
        and "date" in theirs
        and _norm("date", mine["date"], strings) == _norm("date", theirs["date"], bstrings)
    )
    if any(n in mine for n in _DATES) and not same_date:
        a = _issued(_Fields(original, strings, {}))
        b = _issued(_Fields(back, bstrings, {}))
        if a is not None and a != b:  # None: the date came from a crossref parent
            lost |= {n for n in _DATES if n in mine}
    for name, value in mine.items():
        if name in _DATES:
            continue
        mine_norm = _norm(name, value, strings)
        if mine_norm in ("", []) or (isinstance(mine_norm, tuple) and not mine_norm[0]):
            continue  # an empty field has nothing to lose
        if name not in theirs:
            # Fields that only steer the type (entrysubtype, a default thesis type) may vanish.
            if name == "type" and original.type.lower() in ("thesis", "report"):
                continue
            lost.add(name)
        elif _norm(name, value, strings) != _norm(name, theirs[name], bstrings):
            lost.add(name)
    return sorted(lost)


def reported_fields(diagnostics: Iterable[Diagnostic], key: str) -> set[str]:
    """BibTeX field names the diagnostics say were dropped or merged for entry ``key``."""
    out: set[str] = set()
    for d in diagnostics:
        if d.key != key:
            continue
        if "dropped: " in d.message:
            for name in d.message.split("dropped: ", 1)[1].split(","):
                name = name.strip()
                out.add(_canon(name))
                out |= {_canon(n) for n in CSL_SOURCES.get(name, ())}
        said = re.match(r"([\w-]+): .*(?:dropped|merged|carried)", d.message)
        if said:
            out.add(_canon(said.group(1)))
        if d.code == "convert.field-merged":
            m = re.match(r"(\w+)", d.message)
            if m:
                out.add(_canon(m.group(1)))
                if "into title" in d.message:
                    out.add("title")
                if "into container-title" in d.message:
                    out |= {"journal", "booktitle", "maintitle"}
            if "and others" in d.message:
                out |= set(_NAMES)
    return out
