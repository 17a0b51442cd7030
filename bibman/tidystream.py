"""``tidy`` of a .bib read entry by entry (``bibtex.Stream``): memory holds the text, the
tidied text and a few small facts per entry, not every entry at once.

It gives what ``tidy.tidy`` gives (the same text, the same diagnostics in the same order)
when no step needs the whole list first: no sorting, no new keys, no title-case pass
(which learns names from every entry). An entry is tidied with all of the file's macros,
those after it too: they are found in the text first (``bibtex_refs.scan_strings``) and
checked against what the reader finds. Otherwise ``tidy_stream`` returns None and the
caller reads the whole bibliography. What crosses entries is kept small: per key the
place of its earlier entries in the text (an exact duplicate is rare: those are read
again to compare), the first line of each key, DOI and title, and each entry's field
names for ``crossref`` children, whose required fields are checked at the end.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

from . import bibtex
from .bibtex import Style, render_entry
from .bibtex_refs import scan_strings
from .formats.csljson import ENTRY_TO_CSL
from .formats.values import expand_value
from .lazyre import lazy
from .model import Block, Diagnostic, Entry
from .tidy import _DOI, REQUIRED, TidyOptions, _signature, missing_required, tidy_entry, title_key

_COMMENT_IN_ENTRY = lazy(r"^\s*%", re.M)


def streams(opts: TidyOptions) -> bool:
    """Whether ``tidy_stream`` can do the job with these options."""
    return opts.sort is None and opts.key_pattern is None and opts.titles is None


def tidy_stream(
    stream: bibtex.Stream, opts: TidyOptions, bom: bool
) -> tuple[str, tuple[Diagnostic, ...]] | None:
    """The tidied text and tidy's diagnostics (reading's are ``stream.diagnostics``), or
    None when the file needs the whole-bibliography ``tidy`` (see the module)."""
    if not streams(opts):
        return None
    text = stream.text  # earlier entries with a key that comes again are read from it
    source = stream.source
    # tidy gives every entry all the file's macros, later ones too: found ahead (checked
    # against what the reader finds at the end), else collected before the first entry
    ahead = scan_strings(text)
    strings: dict[str, str] = dict(ahead) if ahead is not None else {}
    read_strings: dict[str, str] = {}  # the macros as the reader finds them
    style = Style(indent=opts.indent)
    diags: list[Diagnostic] = []
    late: list[Diagnostic | Callable[[], Diagnostic | None]] = []  # the checks after the loop
    out: list[str] = []
    pending: str | None = None  # blank text: dropped with a removed duplicate after it
    pos = 0
    seen_entry = False
    same_key: dict[str, list[tuple[int, int, int | None]]] = {}  # start, end, line
    keys_seen: dict[str, int | None] = {}
    dois: dict[str, str] = {}
    titles: dict[tuple[str, str], str] = {}
    fields_of: dict[str, tuple[str, ...]] = {}  # what a crossref parent passes on

    def diag(sev: str, code: str, msg: str, e: Entry) -> Diagnostic:
        return Diagnostic(sev, code, msg, source, e.line, e.key)  # type: ignore[arg-type]

    for item in stream:
        start = pos
        pos += len(item.raw or "")
        if not isinstance(item, Entry):
            if item.kind == "string" and item.name and item.value is not None:
                if seen_entry and ahead is None:
                    return None
                read_strings[item.name.lower()] = item.value
                if ahead is None:
                    strings[item.name.lower()] = item.value
            if pending is not None:
                out.append(pending)
                pending = None
            if isinstance(item, Block) and item.kind == "text" and not item.raw.strip():
                pending = item.raw
            else:
                out.append(item.raw)
            continue
        seen_entry = True
        earlier = same_key.setdefault(item.key.lower(), [])
        twin: tuple[int | None] | None = None
        if opts.remove_duplicates and earlier:
            sig = _signature(item, strings)
            for s, e, line in earlier:
                old = bibtex.loads(text[s:e]).entries
                if old and _signature(old[0], strings) == sig:
                    twin = (line,)
                    break
        earlier.append((start, pos, item.line))
        if twin is not None:
            diags.append(
                diag(
                    "info",
                    "tidy.duplicate-removed",
                    f"exact duplicate of the entry on line {twin[0]}; removed",
                    item,
                )
            )
            pending = None  # the blank line before it goes too
            continue
        if pending is not None:
            out.append(pending)
            pending = None
        if item.raw and _COMMENT_IN_ENTRY.search(item.raw):
            diags.append(
                diag("info", "tidy.kept-as-is", "has % comments inside; left as written", item)
            )
            kept = item
            out.append(item.raw)
        else:
            tidied = tidy_entry(item, strings, opts.field_order)
            kept = Entry(tidied.type, tidied.key, tidied.fields, item.line)
            out.append(render_entry(kept, style=style))
        _checks(kept, strings, opts, late, keys_seen, dois, titles, fields_of, diag)
    if pending is not None:
        out.append(pending)
    if ahead is not None and read_strings != ahead:
        return None  # the scan saw other macros than the reader: read the file whole
    for d in late:
        found = d() if callable(d) else d
        if found is not None:
            diags.append(found)
    tidied_text = "".join(out)
    del out
    if stream.newline != "\n":
        tidied_text = tidied_text.replace("\n", stream.newline)
    return ("\ufeff" if bom else "") + tidied_text, tuple(diags)


def _checks(
    e: Entry,
    strings: dict[str, str],
    opts: TidyOptions,
    late: list[Diagnostic | Callable[[], Diagnostic | None]],
    keys_seen: dict[str, int | None],
    dois: dict[str, str],
    titles: dict[tuple[str, str], str],
    fields_of: dict[str, tuple[str, ...]],
    diag: Callable[[str, str, str, Entry], Diagnostic],
) -> None:
    """``tidy``'s checks after its loop, for one kept entry, in the same order."""
    k = e.key.lower()
    if k in keys_seen:
        late.append(
            diag(
                "warning",
                "tidy.duplicate-key",
                f"key also used by the entry on line {keys_seen[k]} (different content)",
                e,
            )
        )
    keys_seen.setdefault(k, e.line)
    doi_f = e.field("doi")
    if doi_f:
        doi = _DOI.sub("", expand_value(doi_f.value, strings)).strip().lower()
        if doi in dois and dois[doi].lower() != k:
            late.append(diag("warning", "tidy.near-duplicate", f"same DOI as '{dois[doi]}'", e))
        dois.setdefault(doi, e.key)
    title_f = e.field("title")
    if title_f:
        t = title_key(expand_value(title_f.value, strings))
        yf = e.field("year") or e.field("date")
        y = expand_value(yf.value, strings)[:4] if yf else ""
        if t and (t, y) in titles and titles[(t, y)].lower() != k:
            late.append(
                diag(
                    "warning",
                    "tidy.near-duplicate",
                    f"same title and year as '{titles[(t, y)]}'",
                    e,
                )
            )
        titles.setdefault((t, y), e.key)
    names = tuple(sys.intern(f.name.lower()) for f in e.fields)
    fields_of[k] = (*names, "booktitle") if "title" in names else names
    if opts.check_required and e.type.lower() in REQUIRED:
        cr = e.field("crossref")

        def missing(e: Entry = e, cr: str | None = cr.value if cr else None) -> Diagnostic | None:
            # a crossref parent may come later: looked up once every entry is read
            parent = fields_of.get(expand_value(cr, strings).strip().lower()) if cr else None
            lost = missing_required(e, set(parent or ()))
            if not lost:
                return None
            return diag("warning", "tidy.missing-field", f"@{e.type} needs {', '.join(lost)}", e)

        if cr is None:
            found = missing()
            if found is not None:
                late.append(found)
        else:
            late.append(missing)
    if e.type.lower() not in REQUIRED and e.type.lower() not in ENTRY_TO_CSL:
        late.append(
            diag(
                "info", "tidy.unknown-type", f"@{e.type} is not a BibTeX or biblatex entry type", e
            )
        )
