"""CSL items for formatting, made from a .bib one entry at a time and kept compact.

``csljson.bib_to_csl(loads(text), sentence_case=True).items`` gives the same items, but
reads the whole bibliography first and keeps every entry alive while the items are
made. Here the text is read as a stream (``bibtex.Stream``), so the entries never
exist all at once; sentence case, which learns names from the whole file, is applied
at the end (``csl_from_bibtex.Deferred``). Values that repeat from item to item
(people, dates, journal and publisher names) are one shared object each
(``Compactor``); nothing in the CSL processor changes an item's values in place.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from .. import titles
from ..model import Diagnostic, Entry
from .csl_from_bibtex import Deferred, Later
from .csl_mapping import CslItem
from .csljson import context_parts, iter_csl_pairs, names_other_entries

# Variables whose values are often the same in many items (interned); others (titles,
# ids, DOIs, pages) are mostly unique: a table of them would only add to the memory.
_SHARED_VARS = frozenset(
    {
        "type",
        "container-title",
        "container-title-short",
        "collection-title",
        "publisher",
        "publisher-place",
        "event-place",
        "event-title",
        "volume",
        "issue",
        "number",
        "edition",
        "genre",
        "language",
        "medium",
        "archive",
        "authority",
        "keyword",
    }
)
_TITLED = ("title", "container-title")  # the variables a ``Later`` may stand in
# BibTeX fields whose one use in a CSL item is a variable of their own (csl_mapping's
# one-to-one fields): when the style never names that variable they are left out before
# the mapping decodes them (abstracts: a third of a Zotero export's bytes)
OWN_VARIABLE = {
    "abstract": "abstract",
    "annote": "annote",
    "annotation": "annote",
    "keywords": "keyword",
}
_BATCH = 1000  # titles read for names at a time


class Compactor:
    """Makes equal values in items one object: name dicts, date dicts, the strings of
    ``_SHARED_VARS`` and of names. Items keep their form (dicts, lists of name dicts),
    which is what the CSL processor reads; it copies what it normalises."""

    def __init__(self) -> None:
        self._strings: dict[str, str] = {}
        self._names: dict[tuple[tuple[str, Any], ...], dict[str, Any]] = {}
        self._dates: dict[str, dict[str, Any]] = {}

    def text(self, value: str) -> str:
        return self._strings.setdefault(value, value)

    def name(self, name: Any) -> Any:
        if type(name) is not dict:
            return name
        key = tuple((k, self.text(v) if type(v) is str else v) for k, v in name.items())
        try:
            return self._names.setdefault(key, dict(key))
        except TypeError:  # a value that cannot be hashed: kept as it is
            return name

    def __call__(self, item: CslItem) -> CslItem:
        for k, v in list(item.items()):
            if type(v) is str:
                if k in _SHARED_VARS:
                    item[k] = self.text(v)
            elif type(v) is list:
                if v and all(type(n) is dict for n in v):
                    item[k] = [self.name(n) for n in v]
            elif type(v) is dict and ("date-parts" in v or "literal" in v or "raw" in v):
                item[k] = self._dates.setdefault(repr(v), v)
        return item


def stream_items(
    text: str, source: str | None, unread: frozenset[str] = frozenset()
) -> tuple[list[CslItem], tuple[Diagnostic, ...]] | None:
    """A .bib's text as CSL items for formatting, as ``bib_to_csl(..., sentence_case=True)``
    gives them, and reading's diagnostics; None when the whole bibliography has to be read
    after all (an entry that others name was not where the text showed it, or a title
    that looked empty was not: then ``bib_to_csl`` gives the items). ``unread``: CSL
    variables the style never names; the fields of :data:`OWN_VARIABLE` that only fill
    them are not mapped (the items lack those variables, the output is the same)."""
    from ..bibtex import Stream

    stream = Stream(text, source)
    index = None
    pairs: Iterator[tuple[Entry, Mapping[str, str]]]
    if names_other_entries(text):  # crossref/xdata: the entries named, read when asked for
        from ..bibtex_refs import EntryIndex

        index = EntryIndex(stream.text)
        pairs = index.watch(stream)
    else:
        pairs = stream.with_strings()
    heads: list[str] = []
    names: set[str] = set()
    proper: set[str] = set()

    skip = frozenset(f for f, var in OWN_VARIABLE.items() if var in unread)

    def noted(
        pairs: Iterator[tuple[Entry, Mapping[str, str]]],
    ) -> Iterator[tuple[Entry, Mapping[str, str]]]:
        for entry, strings in pairs:
            if skip and any(f.name.lower() in skip for f in entry.fields):
                kept = tuple(f for f in entry.fields if f.name.lower() not in skip)
                entry = replace(entry, fields=kept)
            context_parts(entry, heads, names)  # what title_context learns from it
            if len(heads) >= _BATCH:  # (names from titles: one title at a time)
                proper.update(titles.document_names(heads).proper)
                heads.clear()
            yield entry, strings

    deferred = Deferred()
    compact = Compactor()
    items: list[CslItem] = []
    notes: list[Diagnostic] = []  # the mapping's notes: formatting does not report them
    for _, _, item in iter_csl_pairs(noted(pairs), source, notes, index or {}, True, deferred):
        notes.clear()
        items.append(compact(item))
    if index is not None and not index.confirmed():
        return None
    ctx = titles.Context(frozenset(proper | titles.document_names(heads, names).proper))
    if not deferred.confirmed(ctx):
        return None
    for item in items:
        for var in _TITLED:
            value = item.get(var)
            if isinstance(value, Later):
                resolved = value.resolve(ctx)
                if resolved is None:
                    return None
                item[var] = compact.text(resolved) if var == "container-title" else resolved
    return items, tuple(stream.diagnostics)
