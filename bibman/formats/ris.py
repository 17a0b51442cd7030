"""RIS (as Zotero, EndNote and Mendeley read and write it) <-> CSL items.

RIS is read into CSL items and then into entries through the CSL mapping, so
every format shares one field vocabulary. What RIS has no tag for is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .. import terminal
from ..errors import InputError
from ..model import Bibliography, Diagnostic, Entry
from .csljson import CslItem, csl_to_entries, entry_to_csl, iter_csl_pairs, plain_item
from .dates import csl_date_parts, parse_date

CSL_TO_RIS = {
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "book": "BOOK",
    "chapter": "CHAP",
    "paper-conference": "CPAPER",
    "report": "RPRT",
    "thesis": "THES",
    "webpage": "ELEC",
    "post-weblog": "BLOG",
    "post": "BLOG",
    "manuscript": "UNPB",
    "patent": "PAT",
    "software": "COMP",
    "dataset": "DATA",
    "pamphlet": "PAMP",
    "entry-encyclopedia": "ENCYC",
    "entry-dictionary": "DICT",
    "motion_picture": "VIDEO",
    "graphic": "ART",
    "personal_communication": "PCOMM",
    "legislation": "STAT",
    "legal_case": "CASE",
    "standard": "STAND",
    "periodical": "JFULL",
    "song": "SOUND",
    "map": "MAP",
    "speech": "GEN",
    "document": "GEN",
}
RIS_TO_CSL = {v: k for k, v in reversed(list(CSL_TO_RIS.items()))}
RIS_TO_CSL.update(
    {
        "GEN": "document",
        "CONF": "paper-conference",
        "ABST": "article-journal",
        "INPR": "article-journal",
        "EJOUR": "article-journal",
        "MGZN": "article-magazine",
        "EBOOK": "book",
        "EDBOOK": "book",
        "ECHAP": "chapter",
        "WEB": "webpage",
        "ICOMM": "webpage",
        "SER": "book",
        "MPCT": "motion_picture",
        "DBASE": "dataset",
        "AGGR": "dataset",
        "BILL": "legislation",
        "ELEC": "webpage",
    }
)

# CSL variable -> RIS tag for single text values.
_TEXT_TAGS = {
    "title": "TI",
    "container-title": "T2",
    "container-title-short": "J2",
    "collection-title": "T3",
    "title-short": "ST",
    "volume": "VL",
    "issue": "IS",
    "number": "M1",
    "collection-number": "SV",
    "number-of-volumes": "NV",
    "publisher": "PB",
    "publisher-place": "CY",
    "DOI": "DO",
    "URL": "UR",
    "note": "N1",
    "abstract": "AB",
    "language": "LA",
    "edition": "ET",
    "genre": "M3",
    "archive": "DP",
    "archive_location": "AN",
    "call-number": "CN",
    "medium": "M3",
}
_READ_TAGS = {v: k for k, v in _TEXT_TAGS.items() if k != "medium"}
_READ_TAGS.update(
    {
        "T1": "title",
        "JO": "container-title",
        "JF": "container-title",
        "BT": "container-title",
        "JA": "container-title-short",
        "N2": "abstract",
        "AD": "",
        "L1": "",
        "L2": "URL",
    }
)
_NAME_TAGS = {"author": "AU", "editor": "ED", "translator": "A4"}
_READ_NAMES = {
    "AU": "author",
    "A1": "author",
    "ED": "editor",
    "A2": "editor",
    "A3": "editor",
    "A4": "translator",
}
_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")


def _name_to_ris(name: dict[str, str]) -> str:
    if name.get("literal"):
        return name["literal"]
    family = " ".join(
        p for p in (name.get("non-dropping-particle", ""), name.get("family", "")) if p
    )
    dropping = name.get("dropping-particle", "")
    given = f"{name.get('given', '')} {dropping}".strip()
    parts = [family, given] + ([name["suffix"]] if name.get("suffix") else [])
    return ", ".join(parts) if given or name.get("suffix") else family


def _name_from_ris(text: str) -> dict[str, str]:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) == 1:
        return {"literal": text.strip()} if " " in text.strip() else {"family": text.strip()}
    out: dict[str, str] = {}
    words = parts[0].split()
    # BibTeX's rule: the particle runs up to the last lower-case word before the family name.
    lower = [i for i, w in enumerate(words[:-1]) if w[:1].islower()]
    cut = lower[-1] + 1 if lower else 0
    out["family"] = " ".join(words[cut:])
    if cut:
        out["non-dropping-particle"] = " ".join(words[:cut])
    if parts[1]:
        out["given"] = parts[1]
    if len(parts) > 2 and parts[2]:
        out["suffix"] = ", ".join(parts[2:])
    return out


def _ris_date(date: dict[str, Any]) -> tuple[str, str] | None:
    """CSL date -> (PY year, DA 'YYYY/MM/DD/' date); None when not expressible."""
    dp = csl_date_parts(date)
    if dp is None:
        lit = date.get("literal") or date.get("raw")
        return (str(lit), "") if isinstance(lit, str) else None
    first = dp[0]
    if len(first) == 1:
        return str(first[0]), ""
    cells = [f"{first[0]:04d}"] + [f"{x:02d}" for x in first[1:3]]
    cells += [""] * (3 - len(cells))
    return str(first[0]), "/".join(cells) + "/"


_ISSN = re.compile(r"\s*\d{4}-\d{3}[\dXx]\b")


def _looks_like_issn(value: str) -> bool:
    """SN holds ISBNs and ISSNs alike: an ISSN is 8 characters (NNNN-NNNC)."""
    return _ISSN.match(value) is not None or len(re.sub(r"[^0-9Xx]", "", value)) == 8


def _ambiguous_in_ris(name: dict[str, str]) -> bool:
    """Names that "Last, First, Suffix" cannot carry back unchanged."""
    if name.get("literal"):
        return "," in name["literal"] or name["literal"].lower() == "others"
    family = name.get("family", "")
    if family.lower() == "others" or (
        not name.get("given")
        and not name.get("suffix")
        and (" " in family or name.get("non-dropping-particle"))
    ):
        return True  # read back as "and others", or as one literal name
    # "den Hertog", "Fontcuberta i Morral" as whole family names read back with a particle.
    words = family.split()
    return any("," in v for v in name.values()) or any(w[:1].islower() for w in words[:-1])


def _single_day(date: dict[str, Any]) -> bool:
    """Whether RIS's one YYYY/MM/DD date holds this CSL date (no range, season, circa)."""
    dp = csl_date_parts(date)
    if dp is None:
        return False  # a literal date: RIS's PY wants a year
    return len(dp) == 1 and dp[0][0] > 0 and not date.get("circa") and "season" not in date


def item_to_ris(item: CslItem) -> tuple[str, list[str]]:
    """One CSL item -> RIS record text and the CSL variables RIS cannot hold."""
    lines: list[str] = [f"TY  - {CSL_TO_RIS.get(str(item.get('type')), 'GEN')}"]
    used = {"id", "type"}
    lost: list[str] = []
    for var, tag in _NAME_TAGS.items():
        names = item.get(var) or []
        for name in names:
            lines.append(f"{tag}  - {_name_to_ris(name)}")
        # "Last, First, Suffix" cannot hold a name part that itself has a comma.
        if not any(_ambiguous_in_ris(n) for n in names if isinstance(n, dict)):
            used.add(var)
    for var, tag in _TEXT_TAGS.items():
        if var in item and item[var] not in ("", None):
            if var == "medium" and "genre" in item:
                continue
            lines.append(f"{tag}  - {_one_line(str(item[var]))}")
            used.add(var)
    if "keyword" in item:
        used.add("keyword")
        for kw in re.split(r"\s*[,;]\s*", str(item["keyword"])):
            if kw:
                lines.append(f"KW  - {kw}")
    for var in ("ISBN", "ISSN"):
        # One SN tag per record: a second number (ISSN beside an ISBN) is reported as lost.
        if var in item and not any(line.startswith("SN  -") for line in lines):
            if (var == "ISSN") == _looks_like_issn(str(item[var])):  # how the reader will take it
                used.add(var)
            lines.append(f"SN  - {item[var]}")
    if "page" in item:
        used.add("page")
        start, _, end = str(item["page"]).partition("-")
        if end:
            lines.append(f"SP  - {start}")
            lines.append(f"EP  - {end}")
        else:
            lines.append(f"SP  - {item['page']}")  # a single page, or an open range "42-"
    if isinstance(item.get("issued"), dict):
        d = _ris_date(item["issued"])
        if d and _single_day(item["issued"]):
            used.add("issued")
        if d:
            lines.append(f"PY  - {d[0]}")
            if d[1]:
                lines.append(f"DA  - {d[1]}")
    if isinstance(item.get("accessed"), dict):
        d = _ris_date(item["accessed"])
        if d and d[1]:
            if _single_day(item["accessed"]):
                used.add("accessed")
            lines.append(f"Y2  - {d[1]}")
    lines.append(f"ID  - {item.get('id', '')}")
    lines.append("ER  - ")
    lost = sorted(k for k in item if k not in used)
    return "\n".join(lines) + "\n", lost


def _one_line(text: str) -> str:
    return " ".join(text.split())


def dumps(bib: Bibliography) -> tuple[str, tuple[Diagnostic, ...]]:
    # RIS values are plain text: no italics, no case protection. One mapping
    # pass, with markup: an item's plain form is its rich form with the tags
    # stripped (the same as mapping without markup, checked on every corpus),
    # except where the source itself holds '<' (a literal tag stays literal in
    # plain text): such entries are mapped again without markup.
    # Item by item (the mapped items are not all kept in memory); the mapping's
    # diagnostics first, then RIS's own, as they always were.
    terminal.phase("converting", len(bib.entries))
    pairs = ((e, bib.strings_for(e)) for e in bib.entries)
    by_lower = {x.key.lower(): x for x in bib.entries}
    records, diags = _write(pairs, bib.source, by_lower, tick=True)
    return "\n".join(records), diags


def dumps_stream(
    pairs: Iterable[tuple[Entry, Mapping[str, str]]],
    source: str | None,
    by_key: Mapping[str, Entry] | None = None,
) -> tuple[bytes, tuple[Diagnostic, ...]]:
    """``dumps`` of entries read one at a time (``bibtex.Stream.with_strings``), as UTF-8
    (each record encoded as it is made); ``by_key``: the entries others name, when some
    do (``bibtex_refs.EntryIndex``; see ``csljson.names_other_entries``)."""
    records, diags = _write(pairs, source, by_key or {}, as_bytes=True)
    return b"\n".join(records), diags


def _write(
    pairs: Iterable[tuple[Entry, Mapping[str, str]]],
    source: str | None,
    by_lower: Mapping[str, Entry],
    tick: bool = False,
    as_bytes: bool = False,
) -> tuple[list[Any], tuple[Diagnostic, ...]]:
    """The records (str, or UTF-8 bytes) and the diagnostics."""
    map_diags: list[Diagnostic] = []
    diags: list[Diagnostic] = []
    records: list[Any] = []
    for e, strings, marked in iter_csl_pairs(pairs, source, map_diags, by_lower, tick=tick):
        if "<" in (e.raw or "<") or e.field("crossref") or e.field("xdata"):
            item = entry_to_csl(e, strings, by_lower, markup=False)[0]
        else:
            item = plain_item(marked)
        text, lost = item_to_ris(item)
        plain = [k for k, v in item.items() if isinstance(v, str) and marked.get(k) != v]
        records.append(text.encode("utf-8") if as_bytes else text)
        if lost:
            diags.append(
                Diagnostic(
                    "warning",
                    "convert.field-dropped",
                    "RIS has no tag for these CSL variables, dropped: " + ", ".join(lost),
                    source,
                    e.line,
                    str(item.get("id")),
                )
            )
        if plain:
            msg = "RIS is plain text; case protection and italics dropped from: " + ", ".join(plain)
            diags.append(
                Diagnostic(
                    "info", "convert.markup-dropped", msg, source, e.line, str(item.get("id"))
                )
            )
    return records, (*map_diags, *diags)


def parse_records(text: str, source: str | None = None) -> tuple[list[CslItem], list[Diagnostic]]:
    """RIS text -> CSL items (one per TY..ER record)."""
    items: list[CslItem] = []
    diags: list[Diagnostic] = []
    tags: list[tuple[str, str, int]] | None = None
    text = text.lstrip("\ufeff")
    if text.strip() and not re.search(r"^TY  -", text, re.MULTILINE):
        raise InputError("not RIS: no 'TY  - ' record start found", source)
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        m = _LINE.match(line)
        if m is None:
            if line.strip() and tags is not None and len(tags) > 1:
                tag0, value0, line0 = tags[-1]
                tags[-1] = (tag0, f"{value0} {line.strip()}", line0)  # a wrapped value goes on
            elif line.strip():
                diags.append(
                    Diagnostic(
                        "warning", "ris.stray-line", "line outside a record ignored", source, lineno
                    )
                )
            continue
        tag, value = m.group(1), (m.group(2) or "").strip()
        if tag == "TY":
            if tags is not None:
                diags.append(
                    Diagnostic(
                        "warning",
                        "ris.missing-er",
                        "record not closed with ER before the next TY",
                        source,
                        lineno,
                    )
                )
                items.append(_record_to_item(tags, len(items) + 1))
            tags = [("TY", value, lineno)]
        elif tags is None:
            diags.append(
                Diagnostic(
                    "warning",
                    "ris.stray-line",
                    f"tag {tag} outside a record ignored",
                    source,
                    lineno,
                )
            )
        elif tag == "ER":
            items.append(_record_to_item(tags, len(items) + 1))
            tags = None
        else:
            tags.append((tag, value, lineno))
    if tags is not None:
        diags.append(
            Diagnostic("warning", "ris.missing-er", "last record not closed with ER", source)
        )
        items.append(_record_to_item(tags, len(items) + 1))
    return items, diags


def _record_to_item(tags: list[tuple[str, str, int]], n: int) -> CslItem:
    item: CslItem = {"type": RIS_TO_CSL.get(tags[0][1].upper(), "document")}
    keywords: list[str] = []
    start = end = ""
    for tag, value, _ in tags[1:]:
        if not value:
            continue
        if tag in _READ_NAMES:
            item.setdefault(_READ_NAMES[tag], []).append(_name_from_ris(value))
        elif tag == "KW":
            keywords.append(value)
        elif tag == "SP":
            start = value
        elif tag == "EP":
            end = value
        elif tag in ("PY", "Y1"):
            if "issued" not in item or "date-parts" not in item["issued"]:
                item["issued"] = _read_date(value)
        elif tag == "DA":
            d = _read_date(value)
            if "date-parts" in d:
                item["issued"] = d
        elif tag == "Y2":
            item["accessed"] = _read_date(value)
        elif tag == "SN":
            item["ISSN" if _looks_like_issn(value) else "ISBN"] = value
        elif tag == "ID":
            item["id"] = value
        elif _READ_TAGS.get(tag):
            var = _READ_TAGS[tag]
            if var not in item:
                item[var] = value
            elif var in ("note", "abstract"):
                item[var] += "\n" + value
    if start:
        item["page"] = f"{start}-{end}" if end else start
    if keywords:
        item["keyword"] = ", ".join(keywords)
    item.setdefault("id", f"ris{n}")
    return item


def _read_date(value: str) -> dict[str, Any]:
    cells = [c for c in value.split("/")]
    if len(cells) >= 2 or re.fullmatch(r"\d{4}", value.strip()):
        nums = []
        for c in cells[:3]:
            if c.strip().isdigit():
                nums.append(int(c))
            else:
                break
        if nums:
            return {"date-parts": [nums]}
    return parse_date(value)


def loads(text: str, source: str | None = None) -> Bibliography:
    items, diags = parse_records(text, source)
    entries, more = csl_to_entries(items, source)
    return Bibliography(tuple(entries), tuple(diags + more), source)
