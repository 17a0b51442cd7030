"""BibTeX/BibLaTeX entries <-> CSL-JSON items (as pandoc, Zotero and citeproc read them).

``entries_to_csl(bib)`` is the mapping the citation-style engine consumes;
``bib_to_csl(bib)`` returns the same items together with a diagnostic for
every entry that lost something on the way (a field CSL cannot hold). The
reverse, ``csl_to_entries(items)``, writes BibTeX-dialect entries with the
common biblatex extras (``urldate``, ``doi``, ``date``, ``entrysubtype``) that
BibTeX styles ignore.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import terminal, titles
from ..errors import InputError
from ..lazyre import lazy
from ..model import Bibliography, Diagnostic, Entry
from .csl_from_bibtex import entry_to_csl
from .csl_mapping import _CASED_TITLES, CSL_TO_ENTRY, ENTRY_TO_CSL, CslItem
from .csl_to_bibtex import csl_item_to_entry, csl_to_entries
from .richtext import strip_tags

__all__ = [  # the mapping's parts live in csl_mapping, csl_from_bibtex and csl_to_bibtex
    "CSL_TO_ENTRY",
    "ENTRY_TO_CSL",
    "CslItem",
    "CslResult",
    "bib_to_csl",
    "csl_item_to_entry",
    "csl_to_entries",
    "dumps",
    "dumps_stream",
    "entries_to_csl",
    "entry_to_csl",
    "iter_csl",
    "iter_csl_pairs",
    "loads",
    "names_other_entries",
    "parse_items",
    "plain_item",
    "title_context",
]


@dataclass(frozen=True)
class CslResult:
    """CSL items and what the mapping could not carry over (one diagnostic per entry)."""

    items: list[CslItem]
    diagnostics: tuple[Diagnostic, ...] = field(default_factory=tuple)


def entries_to_csl(bib: Bibliography, markup: bool = True) -> list[CslItem]:
    """A Bibliography -> CSL-JSON items, one per entry, in file order.

    ``markup`` keeps CSL rich text (``<i>``, ``<span class="nocase">``) in
    titles; with False every value is plain Unicode.
    """
    return bib_to_csl(bib, markup=markup).items


def bib_to_csl(bib: Bibliography, markup: bool = True, sentence_case: bool = False) -> CslResult:
    """Like ``entries_to_csl``, plus a diagnostic for each entry that lost fields.

    ``sentence_case`` turns English Title Case titles into sentence case, as CSL
    expects them stored (pandoc does the same): braced words stay as they are
    (``nocase``), the first word and the first after a colon keep their capital,
    proper nouns too (:mod:`bibman.titles`). For formatting; exports keep titles.
    """
    # many small acyclic objects per entry: pausing the cyclic GC saves ~10%
    was = gc.isenabled()
    gc.disable()
    try:
        return _bib_to_csl(bib, markup, title_context(bib) if sentence_case else None)
    finally:
        if was:
            gc.enable()


def title_context(bib: Bibliography) -> titles.Context:
    """Names the file shows: its authors' and editors' family names and the
    words capitalised inside its sentence-case titles."""
    heads: list[str] = []
    names: list[str] = []
    for e in bib.entries:
        context_parts(e, heads, names)
    return titles.document_names(heads, names)


def context_parts(e: Entry, heads: list[str], names: list[str] | set[str]) -> None:
    """What one entry tells ``title_context``: its braced titles are added to ``heads``,
    its authors' and editors' family names to ``names``."""
    for f in e.fields:
        n = f.name.lower()
        if n in _CASED_TITLES:
            value = f.value.strip()
            if value[:1] == "{" and value[-1:] == "}":
                heads.append(value[1:-1])
        elif n in ("author", "editor"):
            if isinstance(names, set):
                names.update(_families(f.value))
            else:
                names += _families(f.value)


_AND = lazy(r"\s+and\s+")


def _families(value: str) -> list[str]:
    """Family names of a BibTeX name list, roughly and fast ("Last, First" or
    the last word of "First Last"): only used as evidence of proper nouns."""
    out = []
    for name in _AND.split(value.strip().strip('{}"')):
        last = (
            name.split(",")[0] if "," in name else name.rsplit(None, 1)[-1] if name.strip() else ""
        )
        out += [w for w in last.replace("{", " ").replace("}", " ").split() if w[:1].isupper()]
    return out


def _bib_to_csl(bib: Bibliography, markup: bool, ctx: titles.Context | None) -> CslResult:
    diags: list[Diagnostic] = []
    items = list(iter_csl(bib, diags, markup, ctx))
    return CslResult(items, tuple(diags))


def iter_csl(
    bib: Bibliography,
    diags: list[Diagnostic],
    markup: bool = True,
    ctx: titles.Context | None = None,
) -> Iterator[CslItem]:
    """``bib``'s entries as CSL items one at a time (writers that stream keep one
    item, not the whole list, in memory); what is lost is appended to ``diags``."""
    terminal.phase("converting", len(bib.entries))
    pairs = ((e, bib.strings_for(e)) for e in bib.entries)
    by_key = {e.key.lower(): e for e in bib.entries}
    for _, _, item in iter_csl_pairs(pairs, bib.source, diags, by_key, markup, ctx, tick=True):
        yield item


def iter_csl_pairs(
    pairs: Iterable[tuple[Entry, Mapping[str, str]]],
    source: str | None,
    diags: list[Diagnostic],
    by_key: Mapping[str, Entry],
    markup: bool = True,
    ctx: titles.Context | None = None,
    tick: bool = False,
) -> Iterator[tuple[Entry, Mapping[str, str], CslItem]]:
    """Entries, each with the macros in force there, as CSL items one at a time: the
    entry, its macros and its item. ``by_key`` (lower-cased keys) holds the entries that
    ``crossref`` and ``xdata`` may name; reading a .bib as a stream (``bibtex.Stream``),
    it may be empty when no entry names another."""
    for entry, strings in pairs:
        if tick:
            terminal.tick()
        if entry.type.lower() in ("xdata", "set", "string", "comment", "preamble"):
            diags.append(
                _diag(
                    source,
                    entry,
                    "info",
                    "convert.entry-skipped",
                    f"@{entry.type} has no CSL form; its fields are merged into the entries that use it",
                )
            )
            continue
        item, lost, notes = entry_to_csl(entry, strings, by_key, markup=markup, ctx=ctx)
        if lost:
            diags.append(
                _diag(
                    source,
                    entry,
                    "warning",
                    "convert.field-dropped",
                    "CSL cannot hold these fields, dropped: " + ", ".join(lost),
                )
            )
        for note in notes:
            diags.append(_diag(source, entry, "info", "convert.field-merged", note))
        yield entry, strings, item


# A field that names another entry: the entries it names must be at hand when mapping.
_NAMES_ANOTHER = lazy(r"(?i)crossref|xdata")


def names_other_entries(text: str) -> bool:
    """Whether a .bib's entries may inherit from others (``crossref``, ``xdata``): then
    mapping needs every entry at hand, not one at a time (a cheap, generous test)."""
    return _NAMES_ANOTHER.search(text) is not None


def _diag(source: str | None, entry: Entry, sev: Any, code: str, msg: str) -> Diagnostic:
    return Diagnostic(sev, code, msg, source, entry.line, entry.key)


# ---------------------------------------------------------------------------
# The CSL-JSON file format
# ---------------------------------------------------------------------------


def parse_items(text: str, source: str | None = None) -> list[CslItem]:
    """CSL-JSON text (an array of items, or one item) -> items; InputError if not JSON."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"not valid CSL-JSON: {e.msg}", source, e.lineno) from None
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise InputError("not valid CSL-JSON: expected an array of items", source)
    return data


def loads(text: str, source: str | None = None) -> Bibliography:
    entries, diags = csl_to_entries(parse_items(text, source), source)
    return Bibliography(tuple(entries), tuple(diags), source)


def dumps(bib: Bibliography) -> tuple[str, tuple[Diagnostic, ...]]:
    # item by item (as json.dumps(items, indent=2) lays them out): the mapped
    # items are not all kept in memory at once
    diags: list[Diagnostic] = []
    return _json_text(iter_csl(bib, diags)), tuple(diags)


def dumps_stream(
    pairs: Iterable[tuple[Entry, Mapping[str, str]]],
    source: str | None,
    by_key: Mapping[str, Entry] | None = None,
) -> tuple[bytes, tuple[Diagnostic, ...]]:
    """``dumps`` of entries read one at a time (``bibtex.Stream.with_strings``) from a
    .bib whose entries name no others (see ``names_other_entries``), as UTF-8: each
    item is encoded as it is made (bytes are a quarter of the memory of a str that
    holds one character beyond Latin-1), and the pieces joined once. ``by_key``: the
    entries others name, when some do (``bibtex_refs.EntryIndex``)."""
    diags: list[Diagnostic] = []
    pieces: list[bytes] = [b"[\n  "]
    for _, _, item in iter_csl_pairs(pairs, source, diags, by_key or {}):
        if len(pieces) > 1:
            pieces.append(b",\n  ")
        pieces.append(_item_json(item).encode("utf-8"))
    if len(pieces) == 1:
        return b"[]\n", tuple(diags)
    pieces.append(b"\n]\n")
    return b"".join(pieces), tuple(diags)


def _item_json(item: CslItem) -> str:
    """One item as ``json.dumps(items, indent=2)`` lays it out inside the array."""
    return json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  ")


def _json_text(items: Iterable[CslItem]) -> str:
    chunks = [_item_json(item) for item in items]
    return "[\n  " + ",\n  ".join(chunks) + "\n]\n" if chunks else "[]\n"


def plain_item(item: CslItem) -> CslItem:
    """An item with rich-text markup removed from every string (for comparisons)."""
    return {k: strip_tags(v) if isinstance(v, str) else v for k, v in item.items()}
