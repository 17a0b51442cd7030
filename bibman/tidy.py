"""Tidy a .bib file: one layout, normalised values, checks. Otherwise lossless.

Each step is a small function on an ``Entry``; ``tidy`` chains them over a
``Bibliography`` and keeps every other block (comments, ``@string``,
``@preamble``, text between entries) exactly as it was. Unknown fields stay.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from . import bibtex, keypattern, terminal
from . import titles as title_case
from .bibtex import Style, split_value
from .fieldorder import field_rank
from .formats.csljson import ENTRY_TO_CSL, title_context
from .formats.dates import month_number
from .formats.values import expand_value, plain_text
from .keypattern import compile_pattern, source_of_entry, unique_keys
from .model import Bibliography, Block, Diagnostic, Entry, Field, balanced

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# Required fields per entry type ("a|b": either). BibTeX's standard styles, plus biblatex's own types.
REQUIRED: dict[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal|journaltitle", "year|date"),
    "book": ("author|editor", "title", "publisher", "year|date"),
    "booklet": ("title",),
    "inbook": ("author|editor", "title", "chapter|pages", "publisher", "year|date"),
    "incollection": ("author", "title", "booktitle", "publisher", "year|date"),
    "inproceedings": ("author", "title", "booktitle", "year|date"),
    "conference": ("author", "title", "booktitle", "year|date"),
    "manual": ("title",),
    "mastersthesis": ("author", "title", "school|institution", "year|date"),
    "phdthesis": ("author", "title", "school|institution", "year|date"),
    "proceedings": ("title", "year|date"),
    "techreport": ("author", "title", "institution", "year|date"),
    "unpublished": ("author", "title", "note"),
    "online": ("author|editor", "title", "year|date|urldate", "url|doi|eprint"),
    "thesis": ("author", "title", "type", "institution|school", "year|date"),
    "report": ("author", "title", "type", "institution", "year|date"),
    "misc": (),
}


@dataclass(frozen=True)
class TidyOptions:
    sort: str | None = None  # None (file order), "key", "author", "year", "type"
    key_pattern: str | None = None  # e.g. "{auth}{year}{title}"; None keeps keys
    indent: str = "  "
    remove_duplicates: bool = True
    check_required: bool = True
    titles: str | None = None  # "protect" / "unprotect": title braces (bibman/titles.py)
    field_order: tuple[str, ...] | None = None  # None: bibman.fieldorder.FIELD_ORDER


@dataclass(frozen=True)
class TidyResult:
    bibliography: Bibliography
    text: str
    diagnostics: tuple[Diagnostic, ...] = field(default_factory=tuple)
    renames: tuple[tuple[str, str], ...] = ()  # (old key, new key) with --keys


# --------------------------------------------------------------------------
# Value steps (BibTeX source in, BibTeX source out)
# --------------------------------------------------------------------------


def braced(value: str) -> str:
    """``"text"`` and bare numbers -> ``{text}``; macros and ``#`` concatenations unchanged."""
    sp = split_value(value.strip())
    if sp.error is not None or len(sp.pieces) != 1:
        return value.strip()
    piece = sp.pieces[0]
    if piece.startswith('"'):
        return "{" + piece[1:-1] + "}"
    if piece.isdigit():
        return "{" + piece + "}"
    return piece


_NOT_SQUASHED = re.compile(r"[^\S ]|  |^ | $")


def squash_spaces(value: str) -> str:
    """Runs of spaces and single line breaks -> one space; blank lines (paragraph breaks in LaTeX) stay."""
    if not _NOT_SQUASHED.search(value):
        return value  # single spaces only, none at the ends: nothing to do
    paragraphs = re.split(r"[ \t]*\n[ \t]*\n\s*", value)
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


def month_macro(value: str, strings: Mapping[str, str]) -> str:
    m = month_number(expand_value(value, strings))
    return _MONTHS[m - 1] if m is not None else value


_DOI = re.compile(r"^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def doi_value(value: str) -> str:
    sp = split_value(value)
    if sp.error is not None or len(sp.pieces) != 1 or sp.pieces[0][0] not in '{"':
        return value
    inner = sp.pieces[0][1:-1].strip()
    inner = re.sub(r"\\url\{([^{}]*)\}", r"\1", inner)
    return "{" + _DOI.sub("", inner).replace(r"\_", "_") + "}"


def url_value(value: str) -> str:
    sp = split_value(value)
    if sp.error is not None or len(sp.pieces) != 1 or sp.pieces[0][0] not in '{"':
        return value
    inner = re.sub(r"\\url\{([^{}]*)\}", r"\1", sp.pieces[0][1:-1])
    inner = re.sub(r"\s+", "", inner)  # wrapped multi-line URLs
    return "{" + inner + "}"


_RANGE = re.compile(
    r"^(\s*[A-Za-z]?\d+[A-Za-z]?)\s*(?:-{1,3}|–|—|\\textendash\s*|\\textemdash\s*)\s*([A-Za-z]?\d+[A-Za-z]?\s*)$"
)


def pages_value(value: str) -> str:
    sp = split_value(value)
    if sp.error is not None or len(sp.pieces) != 1 or sp.pieces[0][0] not in '{"':
        return value
    parts = [p.strip() for p in sp.pieces[0][1:-1].split(",")]
    out = []
    for p in parts:
        m = _RANGE.match(p)
        out.append(f"{m.group(1).strip()}--{m.group(2).strip()}" if m else p)
    return "{" + ", ".join(out) + "}"


def tidy_entry(
    entry: Entry, strings: Mapping[str, str], order: tuple[str, ...] | None = None
) -> Entry:
    """Normalise one entry's type case, field names, delimiters, values and field order."""
    fields: list[Field] = []
    for f in entry.fields:
        name = f.name.lower()
        value = squash_spaces(f.value.strip())
        if name == "month":
            value = month_macro(value, strings)
        if name != "month" or value not in _MONTHS:
            value = braced(value)
        if name == "doi":
            value = doi_value(value)
        elif name == "url":
            value = url_value(value)
        elif name == "pages":
            value = pages_value(value)
        fields.append(Field(name, value, f.line))
    position = {id(f): i for i, f in enumerate(fields)}
    fields.sort(key=lambda f: (field_rank(f.name, order), position[id(f)]))
    return replace(entry, type=entry.type.lower(), fields=tuple(fields))


# --------------------------------------------------------------------------
# Keys, checks, duplicates, sorting
# --------------------------------------------------------------------------


def make_key(entry: Entry, strings: Mapping[str, str], pattern: str) -> str:
    """A key for ``entry`` from ``pattern`` (see ``bibman.keypattern``), before clash suffixes."""
    return keypattern.make_key(source_of_entry(entry, strings), compile_pattern(pattern))


def missing_required(entry: Entry, inherited: set[str]) -> list[str]:
    need = REQUIRED.get(entry.type.lower())
    if need is None:
        return []
    have = {f.name.lower() for f in entry.fields if f.plain.strip()} | inherited
    return [alt.replace("|", " or ") for alt in need if not any(a in have for a in alt.split("|"))]


def _signature(entry: Entry, strings: Mapping[str, str]) -> tuple[str, tuple[tuple[str, str], ...]]:
    return entry.type.lower(), tuple(
        sorted(
            (f.name.lower(), " ".join(expand_value(f.value, strings).split())) for f in entry.fields
        )
    )


_TITLE_LATEX = re.compile(r"[\\$%_^#]")  # what needs LaTeX decoding before the key
_NON_WORD = re.compile(r"\W+")


def title_key(latex: str) -> str:
    """A title's letters and digits, lower-cased (near-duplicate detection).

    Braces, quotes, dashes, ``~`` and other punctuation are not word characters
    whether decoded or not, so only text with commands, math, comments or
    ``_^#`` (or unbalanced braces) goes through the LaTeX decoder (``plain_text``)."""
    text = latex if not _TITLE_LATEX.search(latex) and balanced(latex) else plain_text(latex)
    return _NON_WORD.sub("", text.lower())


def _sort_key(how: str, strings: Mapping[str, str]) -> Callable[[Entry], tuple[str, ...]]:
    def key(e: Entry) -> tuple[str, ...]:
        def val(name: str) -> str:
            f = e.field(name)
            return plain_text(expand_value(f.value, strings)).lower() if f else ""

        if how == "key":
            return (e.key.lower(),)
        if how == "year":
            return (val("year") or val("date")[:4], val("author") or val("editor"), e.key.lower())
        if how == "type":
            return (e.type.lower(), e.key.lower())
        names = val("author") or val("editor")
        return (names, val("year") or val("date")[:4], val("title"), e.key.lower())

    return key


TITLE_FIELDS = frozenset(
    {"title", "subtitle", "titleaddon", "shorttitle", "booktitle", "maintitle"}
)


def retitle_entry(
    entry: Entry, strings: Mapping[str, str], how: str, ctx: title_case.Context
) -> Entry:
    """Title braces made right: ``how`` is "protect" (add what is needed, drop
    braces that protect only Title Case) or "unprotect" (only drop those)."""
    language = ""
    for f in entry.fields:
        if f.name.lower() in ("langid", "language"):
            language = plain_text(expand_value(f.value, strings))
    change = title_case.protect if how == "protect" else title_case.unprotect
    fields = []
    for f in entry.fields:
        sp = split_value(f.value.strip())
        if (
            f.name.lower() in TITLE_FIELDS
            and sp.error is None
            and len(sp.pieces) == 1
            and sp.pieces[0][:1] == "{"
        ):
            f = replace(f, value="{" + change(sp.pieces[0][1:-1], ctx, language) + "}")
        fields.append(f)
    return replace(entry, fields=tuple(fields))


def tidy(bib: Bibliography, options: TidyOptions | None = None) -> TidyResult:
    """The tidied bibliography, its text, and what was found (duplicates, missing fields)."""
    opts = options or TidyOptions()
    strings = bib.strings
    diags: list[Diagnostic] = []

    def diag(sev: str, code: str, msg: str, e: Entry) -> None:
        diags.append(Diagnostic(sev, code, msg, bib.source, e.line, e.key))  # type: ignore[arg-type]

    ctx = title_context(bib) if opts.titles else title_case.Context()
    items: list[Entry | Block] = []
    # exact duplicates share their key: signatures are computed only for keys seen twice
    same_key: dict[str, list[Entry]] = {}
    signatures: dict[int, tuple[str, tuple[tuple[str, str], ...]]] = {}

    def signature(e: Entry) -> tuple[str, tuple[tuple[str, str], ...]]:
        if id(e) not in signatures:
            signatures[id(e)] = _signature(e, strings)
        return signatures[id(e)]

    terminal.phase("tidying", len(bib.entries))
    for item in bib.items:
        if not isinstance(item, Entry):
            items.append(item)
            continue
        terminal.tick()
        earlier = same_key.setdefault(item.key.lower(), [])
        twin = None
        if opts.remove_duplicates and earlier:
            sig = signature(item)
            twin = next((e for e in earlier if signature(e) == sig), None)
        earlier.append(item)
        if twin is not None:
            diag(
                "info",
                "tidy.duplicate-removed",
                f"exact duplicate of the entry on line {twin.line}; removed",
                item,
            )
            if (
                items
                and isinstance(items[-1], Block)
                and items[-1].kind == "text"
                and not items[-1].raw.strip()
            ):
                items.pop()  # the blank line before it goes too
            continue
        if item.raw and re.search(r"^\s*%", item.raw, re.M):
            # Comments between fields would be lost by re-rendering: keep the entry as written.
            diag("info", "tidy.kept-as-is", "has % comments inside; left as written", item)
            items.append(item)
            continue
        tidied = tidy_entry(item, strings, opts.field_order)
        if opts.titles:
            tidied = retitle_entry(tidied, strings, opts.titles, ctx)
        # Re-render from scratch (raw dropped) so layout is uniform; unchanged entries keep line numbers.
        items.append(Entry(tidied.type, tidied.key, tidied.fields, item.line))

    entries = [i for i in items if isinstance(i, Entry)]
    by_key = {e.key.lower(): e for e in entries}

    renamed: list[tuple[str, str]] = []
    if opts.key_pattern:
        parts = compile_pattern(opts.key_pattern)
        bases = [keypattern.make_key(source_of_entry(e, strings), parts) for e in entries]
        renames: dict[str, str] = {}
        for e, new in zip(entries, unique_keys(bases), strict=True):
            renames.setdefault(e.key.lower(), new)
            if new != e.key:
                renamed.append((e.key, new))
        items = [_rekey(i, renames, strings) if isinstance(i, Entry) else i for i in items]
        entries = [i for i in items if isinstance(i, Entry)]
        by_key = {e.key.lower(): e for e in entries}

    if opts.sort:
        slots = [n for n, i in enumerate(items) if isinstance(i, Entry)]
        ordered = sorted(entries, key=_sort_key(opts.sort, strings))
        # BibTeX needs a crossref parent after its children: move parents to the end.
        parents = {
            expand_value(f.value, strings).strip().lower()
            for e in ordered
            if (f := e.field("crossref")) is not None
        }
        ordered = [e for e in ordered if e.key.lower() not in parents] + [
            e for e in ordered if e.key.lower() in parents
        ]
        for n, e in zip(slots, ordered, strict=True):
            items[n] = e
        entries = ordered

    keys_seen: dict[str, Entry] = {}
    dois: dict[str, Entry] = {}
    titles: dict[tuple[str, str], Entry] = {}
    for e in entries:
        k = e.key.lower()
        if k in keys_seen:
            diag(
                "warning",
                "tidy.duplicate-key",
                f"key also used by the entry on line {keys_seen[k].line} (different content)",
                e,
            )
        keys_seen.setdefault(k, e)
        doi_f = e.field("doi")
        if doi_f:
            doi = _DOI.sub("", expand_value(doi_f.value, strings)).strip().lower()
            if doi in dois and dois[doi].key.lower() != k:
                diag("warning", "tidy.near-duplicate", f"same DOI as '{dois[doi].key}'", e)
            dois.setdefault(doi, e)
        title_f = e.field("title")
        if title_f:
            t = title_key(expand_value(title_f.value, strings))
            yf = e.field("year") or e.field("date")
            y = expand_value(yf.value, strings)[:4] if yf else ""
            if t and (t, y) in titles and titles[(t, y)].key.lower() != k:
                diag(
                    "warning",
                    "tidy.near-duplicate",
                    f"same title and year as '{titles[(t, y)].key}'",
                    e,
                )
            titles.setdefault((t, y), e)
        if opts.check_required and e.type.lower() in REQUIRED:
            inherited: set[str] = set()
            cr = e.field("crossref")
            parent = by_key.get(expand_value(cr.value, strings).strip().lower()) if cr else None
            if parent is not None:
                inherited = {f.name.lower() for f in parent.fields} | (
                    {"booktitle"} if parent.field("title") else set()
                )
            missing = missing_required(e, inherited)
            if missing:
                diag("warning", "tidy.missing-field", f"@{e.type} needs {', '.join(missing)}", e)
        if e.type.lower() not in REQUIRED and e.type.lower() not in ENTRY_TO_CSL:
            diag(
                "info", "tidy.unknown-type", f"@{e.type} is not a BibTeX or biblatex entry type", e
            )

    out = replace(bib, items=tuple(items), diagnostics=())
    text = _dumps(out, opts)
    return TidyResult(out, text, tuple(diags), tuple(renamed))


def _rekey(e: Entry, renames: Mapping[str, str], strings: Mapping[str, str]) -> Entry:
    fields = []
    for f in e.fields:
        if f.name.lower() in ("crossref", "xdata"):
            keys = [k.strip() for k in expand_value(f.value, strings).split(",")]
            f = Field(f.name, "{" + ",".join(renames.get(k.lower(), k) for k in keys) + "}", f.line)
        fields.append(f)
    return Entry(e.type, renames.get(e.key.lower(), e.key), tuple(fields), e.line, e.raw, e.origin)


def _dumps(bib: Bibliography, opts: TidyOptions) -> str:
    """Entries rendered in one layout; every other block exactly as it was."""
    style = Style(indent=opts.indent)
    out: list[str] = []
    for item in bib.items:
        if isinstance(item, Entry):
            out.append(
                item.raw
                if item.unchanged and item.raw is not None
                else bibtex.render_entry(item, style=style)
            )
        else:
            out.append(item.raw)
    text = "".join(out)
    if bib.newline != "\n":
        text = text.replace("\n", bib.newline)
    return ("\ufeff" if bib.bom else "") + text
