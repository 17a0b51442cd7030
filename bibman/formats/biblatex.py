"""BibTeX <-> BibLaTeX dialects, on BibTeX source values (LaTeX kept verbatim).

``to_biblatex``: journal -> journaltitle, address -> location, school ->
institution, year + month -> date, @phdthesis -> @thesis (type=phdthesis),
@techreport -> @report, @misc with only a URL -> @online, and so on.
``to_bibtex`` is the reverse, mapping biblatex-only entry types to the
nearest type the standard .bst styles know (and saying so).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import TYPE_CHECKING

from ..model import Bibliography, Diagnostic, Entry, Field
from ..months import MONTH_MACROS
from .dates import month_number
from .values import expand_value

if TYPE_CHECKING:
    from ..bibtex_read import Stream

_TO_BIBLATEX_FIELDS = {
    "journal": "journaltitle",
    "address": "location",
    "annote": "annotation",
    "archiveprefix": "eprinttype",
    "primaryclass": "eprintclass",
    "key": "sortkey",
}
_TO_BIBTEX_FIELDS = {
    "journaltitle": "journal",
    "location": "address",
    "annotation": "annote",
    "sortkey": "key",
}
_TO_BIBLATEX_TYPES = {"conference": "inproceedings", "electronic": "online", "www": "online"}
# Entry types the standard .bst styles (plain, unsrt, alpha, abbrv) define.
BIBTEX_TYPES = frozenset(
    [
        "article",
        "book",
        "booklet",
        "conference",
        "inbook",
        "incollection",
        "inproceedings",
        "manual",
        "mastersthesis",
        "misc",
        "phdthesis",
        "proceedings",
        "techreport",
        "unpublished",
    ]
)
_TO_BIBTEX_TYPES = {
    "mvbook": "book",
    "collection": "book",
    "mvcollection": "book",
    "reference": "book",
    "mvreference": "book",
    "bookinbook": "inbook",
    "suppbook": "incollection",
    "suppcollection": "incollection",
    "inreference": "incollection",
    "mvproceedings": "proceedings",
    "report": "techreport",
    "online": "misc",
}
_THESIS_TYPES = {"phdthesis": "phdthesis", "mastersthesis": "mathesis"}
_DAY = re.compile(r"^\d{1,2}$")


def _rename(
    fields: tuple[Field, ...], mapping: Mapping[str, str], present: set[str]
) -> list[Field]:
    out = []
    for f in fields:
        new = mapping.get(f.name.lower())
        if new and new not in present:
            out.append(Field(new, f.value, f.line))
        else:
            out.append(f)
    return out


def to_biblatex(entry: Entry, strings: Mapping[str, str]) -> tuple[Entry, list[str]]:
    """A BibTeX entry in BibLaTeX form, and notes on what changed shape."""
    notes: list[str] = []
    names = {f.name.lower() for f in entry.fields}
    fields = _rename(entry.fields, _TO_BIBLATEX_FIELDS, names)
    names = {f.name.lower() for f in fields}
    t = entry.type.lower()
    new_type = _TO_BIBLATEX_TYPES.get(t, t)
    if t in _THESIS_TYPES:
        new_type = "thesis"
        if "type" not in names:
            fields.append(Field("type", "{" + _THESIS_TYPES[t] + "}"))
        if "school" in names and "institution" not in names:
            fields = [
                Field("institution", f.value, f.line) if f.name.lower() == "school" else f
                for f in fields
            ]
    elif t == "techreport":
        new_type = "report"
        if "type" not in names:
            fields.append(Field("type", "{techreport}"))
    elif (
        t == "misc"
        and "url" in names
        and not names
        & {"howpublished", "publisher", "organization", "journal", "booktitle", "institution"}
    ):
        new_type = "online"
    if new_type != t:
        notes.append(f"@{entry.type} written as @{new_type}")
    fields = _date_from_year_month(fields, strings)
    return replace(
        entry, type=new_type if new_type != t else entry.type, fields=tuple(fields)
    ), notes


def _date_from_year_month(fields: list[Field], strings: Mapping[str, str]) -> list[Field]:
    by = {f.name.lower(): f for f in fields}
    if "date" in by or "year" not in by:
        return fields
    year = expand_value(by["year"].value, strings).strip()
    if not re.fullmatch(r"\d{4}", year):
        return fields
    date = year
    drop = {"year"}
    if "month" in by:
        m = month_number(expand_value(by["month"].value, strings))
        if m is None:
            return fields  # "Spring", "Jan--Feb": keep year and month as they are
        date += f"-{m:02d}"
        drop.add("month")
        if "day" in by:
            day = expand_value(by["day"].value, strings).strip()
            if _DAY.match(day):
                date += f"-{int(day):02d}"
                drop.add("day")
    out: list[Field] = []
    for f in fields:
        if f.name.lower() == "year":
            out.append(Field("date", "{" + date + "}", f.line))
        elif f.name.lower() not in drop:
            out.append(f)
    return out


def to_bibtex(entry: Entry, strings: Mapping[str, str]) -> tuple[Entry, list[str]]:
    """A BibLaTeX entry in classic BibTeX form, and notes on what changed shape."""
    notes: list[str] = []
    names = {f.name.lower() for f in entry.fields}
    fields = _rename(entry.fields, _TO_BIBTEX_FIELDS, names)
    t = entry.type.lower()
    new_type = _TO_BIBTEX_TYPES.get(t, t)
    by = {f.name.lower(): f for f in fields}
    kind = expand_value(by["type"].value, strings).strip().lower() if "type" in by else ""
    if t == "thesis":
        new_type = (
            "mastersthesis"
            if kind in ("mathesis", "mastersthesis") or "master" in kind
            else "phdthesis"
        )
        if kind in ("mathesis", "phdthesis", "mastersthesis"):
            fields = [f for f in fields if f.name.lower() != "type"]
    elif t == "report" and kind == "techreport":
        fields = [f for f in fields if f.name.lower() != "type"]
    if new_type in ("phdthesis", "mastersthesis"):
        names = {f.name.lower() for f in fields}
        if "institution" in names and "school" not in names:
            fields = [
                Field("school", f.value, f.line) if f.name.lower() == "institution" else f
                for f in fields
            ]
    if new_type not in BIBTEX_TYPES:
        new_type = "misc"
    if (
        new_type != t
        and not (t == "online" and new_type == "misc")
        and t not in ("thesis", "report")
    ):
        notes.append(f"@{entry.type} has no BibTeX type; written as @{new_type}")
    fields = _year_month_from_date(fields, strings)
    return replace(
        entry, type=new_type if new_type != t else entry.type, fields=tuple(fields)
    ), notes


_ISO = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def _year_month_from_date(fields: list[Field], strings: Mapping[str, str]) -> list[Field]:
    by = {f.name.lower(): f for f in fields}
    if "date" not in by or "year" in by:
        return fields
    date = expand_value(by["date"].value, strings).strip()
    m = _ISO.match(date)
    if m and m.group(2) and not 1 <= int(m.group(2)) <= 12:
        m = None  # EDTF seasons (2010-21) and the like
    if not m:
        start = re.match(r"^(\d{4})", date)
        if not start:
            return fields
        # A range or an uncertain date: BibTeX gets the year, biblatex keeps the rest.
        return [*fields, Field("year", "{" + start.group(1) + "}")]
    year, month, day = m.groups()
    out: list[Field] = []
    for f in fields:
        if f.name.lower() == "date":
            out.append(Field("year", "{" + year + "}", f.line))
            if month:
                out.append(Field("month", _MONTH_MACROS[int(month) - 1]))
            if day:
                out.append(Field("day", "{" + str(int(day)) + "}"))
        else:
            out.append(f)
    return out


_MONTH_MACROS = MONTH_MACROS


def convert_bibliography(bib: Bibliography, dialect: str) -> Bibliography:
    """Every entry of ``bib`` in ``dialect`` ("bibtex" or "biblatex"); other blocks unchanged."""
    convert = to_biblatex if dialect == "biblatex" else to_bibtex
    items: list[Entry | object] = []
    diags = list(bib.diagnostics)
    for item in bib.items:
        if isinstance(item, Entry):
            new, notes = convert(item, bib.strings_for(item))
            items.append(new)
            diags += [
                Diagnostic("info", "convert.type-changed", n, bib.source, item.line, item.key)
                for n in notes
            ]
        else:
            items.append(item)
    return replace(bib, items=tuple(items), diagnostics=tuple(diags))  # type: ignore[arg-type]


_BATCH = 1000  # pieces of output encoded at once


def dumps_stream(stream: Stream, dialect: str) -> tuple[bytes, tuple[Diagnostic, ...]] | None:
    """``convert_bibliography`` then ``bibtex.dumps`` of a .bib read one item at a time
    (``bibtex.Stream``), as UTF-8: the same bytes and notes, with memory for the text and
    the output, not every entry. An entry re-rendered in the file's own layout (one
    whose text shows none) waits for the layout, found as ``detect_style`` finds it
    (the first entries read). None when the whole bibliography is needed (an entry
    without its text; not met when reading a file)."""
    from ..bibtex_write import _FIELD_LINE, _patch, _render_block, _style_of, render_entry

    convert = to_biblatex if dialect == "biblatex" else to_bibtex
    diags: list[Diagnostic] = []
    done: list[bytes | Entry] = []  # encoded batches; entries waiting for the layout
    batch: list[str] = []
    sample: list[str] = []  # detect_style's sample: the first entries' texts
    shown = 0  # of them, those with field lines
    current: dict[str, str] = {}
    strings: Mapping[str, str] = MappingProxyType({})
    changed = False
    newline = stream.newline

    def flush() -> None:
        text = "".join(batch)
        done.append((text if newline == "\n" else text.replace("\n", newline)).encode("utf-8"))
        batch.clear()

    for item in stream:
        if not isinstance(item, Entry):
            if item.kind == "string" and item.name and item.value is not None:
                current[item.name.lower()] = item.value
                changed = True
            batch.append(item.raw or _render_block(item))
        else:
            if changed:  # the macros in force here (as ``strings_for`` gives them)
                strings = MappingProxyType(dict(current))
                changed = False
            new, notes = convert(item, strings)
            diags += [
                Diagnostic("info", "convert.type-changed", n, stream.source, item.line, item.key)
                for n in notes
            ]
            raw = new.raw
            if raw is None:
                return None
            if shown < 200 and new.fields:
                sample.append(raw)
                shown += bool(_FIELD_LINE.search(raw))
            if new.unchanged:
                batch.append(raw)
            else:
                chunk = _patch(new)
                if chunk is None and len(_FIELD_LINE.findall(raw)) < 2:
                    flush()
                    done.append(new)  # rendered in the file's layout, known at the end
                    continue
                batch.append(chunk or render_entry(new, style=_style_of([raw])))
        if len(batch) >= _BATCH:
            flush()
    flush()
    style = _style_of(sample) if any(isinstance(d, Entry) for d in done) else None
    pieces = [
        d
        if isinstance(d, bytes)
        else render_entry(d, style=style).replace("\n", newline).encode("utf-8")
        for d in done
    ]
    return (b"\xef\xbb\xbf" if stream.bom else b"") + b"".join(pieces), tuple(diags)
