"""pandoc's YAML bibliography (``references:`` list of CSL items) <-> model."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

import yaml

from ..errors import InputError
from ..model import Bibliography, Diagnostic, Entry
from . import yamlout
from .csljson import CslItem, bib_to_csl, csl_to_entries, iter_csl, iter_csl_pairs
from .dates import parse_date

_DATE_VARS = ("issued", "accessed", "original-date", "event-date", "submitted")


# libyaml's C emitter and parser when present (several times faster).
_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(_BaseDumper):  # type: ignore[misc,valid-type]
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # Quote strings YAML would read back as numbers, dates or booleans.
    style = '"' if value != value.strip() or "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


# pandoc reads YAML string values as Markdown: escape what Markdown would
# interpret (the CSL tags <i>, <span ...> are kept: pandoc reads them as HTML).
# Identifiers and links are not escaped; pandoc takes them verbatim.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]@^~$#|])")
_VERBATIM = frozenset({"id", "type", "URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID", "language"})


def _escape_item(item: CslItem) -> CslItem:
    out: CslItem = {}
    for k, v in item.items():
        if isinstance(v, str) and k not in _VERBATIM:
            out[k] = _MD_SPECIAL.sub(r"\\\1", v)
        elif isinstance(v, list):
            out[k] = [_escape_item(x) if isinstance(x, dict) else x for x in v]
        else:
            out[k] = v
    return out


def _unescape(value: Any) -> Any:
    if isinstance(value, str):
        return _MD_UNESCAPE.sub(r"\1", value)
    if isinstance(value, list):
        return [_unescape(v) for v in value]
    if isinstance(value, dict):
        return {k: _unescape(v) for k, v in value.items()}
    return value


_MD_UNESCAPE = re.compile(r"\\([\\`*_\[\]@^~$#|])")


def dumps(bib: Bibliography) -> tuple[str, tuple[Diagnostic, ...]]:
    # item by item: the mapped items are not all kept in memory at once
    diags: list[Diagnostic] = []
    out = _write(iter_csl(bib, diags))
    if out is None:  # a value outside the CSL schema: PyYAML's generic dumper
        return _pyyaml_dumps(bib)
    body = "references:\n" + "".join(out) if out else "references: []\n"
    return "---\n" + body + "...\n", tuple(diags)


def dumps_stream(
    pairs: Iterable[tuple[Entry, Mapping[str, str]]],
    source: str | None,
    by_key: Mapping[str, Entry] | None = None,
) -> tuple[bytes, tuple[Diagnostic, ...]] | None:
    """``dumps`` of entries read one at a time (``bibtex.Stream.with_strings``), as UTF-8
    (each item encoded as it is made); ``by_key``: the entries others name, when some do
    (``bibtex_refs.EntryIndex``); None when an item needs PyYAML's generic dumper (then
    ``dumps`` the whole bibliography)."""
    diags: list[Diagnostic] = []
    items = iter_csl_pairs(pairs, source, diags, by_key or {})
    out = _write((item for _, _, item in items), True)
    if out is None:
        return None
    if not out:
        return b"---\nreferences: []\n...\n", tuple(diags)
    return b"".join([b"---\nreferences:\n", *out, b"...\n"]), tuple(diags)


def _write(items: Iterable[CslItem], as_bytes: bool = False) -> list[Any] | None:
    """Each item's YAML (str, or UTF-8 bytes); None when one is outside the CSL schema."""
    out: list[Any] = []
    try:
        for item in items:
            lines: list[str] = []
            yamlout.block([_escape_item(item)], 0, lines)
            text = "".join(lines)  # one string per item, not many small ones
            out.append(text.encode("utf-8") if as_bytes else text)
    except TypeError:
        return None
    return out


def _pyyaml_dumps(bib: Bibliography) -> tuple[str, tuple[Diagnostic, ...]]:
    result = bib_to_csl(bib)
    items = [_escape_item(i) for i in result.items]
    body = yaml.dump(
        {"references": items},
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1000,
    )
    return "---\n" + body + "...\n", result.diagnostics


def _csl_date(value: Any) -> Any:
    if isinstance(value, dt.date):
        return {"date-parts": [[value.year, value.month, value.day]]}
    if isinstance(value, int):
        return {"date-parts": [[value]]}
    if isinstance(value, str):
        return parse_date(value)
    return value


def parse_items(text: str, source: str | None = None) -> list[CslItem]:
    try:
        docs = [d for d in yaml.load_all(text, Loader=_Loader) if d is not None]
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise InputError(
            f"not valid YAML: {getattr(e, 'problem', e)}", source, mark.line + 1 if mark else None
        ) from None
    refs: list[Any] = []
    for doc in docs:
        if isinstance(doc, dict) and isinstance(doc.get("references"), list):
            refs += doc["references"]
        elif isinstance(doc, list):
            refs += doc
        else:
            raise InputError("not a pandoc bibliography: expected a 'references:' list", source)
    items: list[CslItem] = []
    for ref in refs:
        if not isinstance(ref, dict):
            items.append(ref)
            continue
        item = {str(k): v if k in _VERBATIM else _unescape(v) for k, v in ref.items()}
        for var in _DATE_VARS:
            if var in item:
                item[var] = _csl_date(item[var])
        for k, v in list(item.items()):
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                item[k] = str(v)
        items.append(item)
    return items


def loads(text: str, source: str | None = None) -> Bibliography:
    entries, diags = csl_to_entries(parse_items(text, source), source)
    return Bibliography(tuple(entries), tuple(diags), source)
