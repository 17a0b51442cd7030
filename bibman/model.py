"""The data model: frozen, typed values passed between bibman's parts.

Two families live here:

* BibTeX source values (``Field``, ``Entry``, ``Block``, ``Bibliography``) that
  the lossless reader/writer in ``bibman.bibtex`` produces and consumes. Field
  values are kept *as BibTeX source* (``{...}``, ``"..."``, macros, ``#``
  concatenations) so nothing is expanded or lost on a round trip.
* Plain, decoded values (``Name``, ``Reference``) that the free-text parser
  produces and the styles and link checker consume.

``Diagnostic`` is how every part reports a problem: as data with a location,
never by printing or raising.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from types import MappingProxyType
from typing import Literal

from .lazyre import lazy

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Diagnostic:
    """A problem found in the input, with where it was found."""

    severity: Severity
    code: str  # stable machine-readable id, e.g. "bibtex.parse-failed"
    message: str
    file: str | None = None
    line: int | None = None  # 1-based
    key: str | None = None  # citation key of the entry concerned

    def location(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
        loc = ":".join(parts)
        if self.key:
            loc += f": entry '{self.key}'"
        return loc

    def __str__(self) -> str:
        return f"{self.location()}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class Span:
    """Where a piece of text came from: character offsets and 1-based line."""

    start: int
    end: int
    line: int


# --------------------------------------------------------------------------
# BibTeX source model (lossless)
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)  # slots: a large file has millions of them
class Field:
    """One ``name = value`` pair; ``value`` is BibTeX source, delimiters included."""

    name: str
    value: str
    line: int | None = None

    @property
    def plain(self) -> str:
        """The value without its outer ``{}``/``""`` delimiters (macros are not expanded)."""
        return strip_delimiters(self.value)


def strip_delimiters(value: str) -> str:
    v = value.strip()
    if len(v) >= 2 and ((v[0] == "{" and v[-1] == "}") or (v[0] == '"' and v[-1] == '"')):
        inner = v[1:-1]
        if balanced(inner):
            return inner
    return v


_BRACE = lazy(r"[{}]")


def balanced(s: str) -> bool:
    """Whether the braces in ``s`` nest properly."""
    if "}" not in s:
        return "{" not in s
    depth = 0
    for m in _BRACE.finditer(s):  # only the braces, not every character
        if m.group() == "{":
            depth += 1
        else:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


@dataclass(frozen=True, slots=True)
class Entry:
    """A BibTeX entry. ``raw`` is the original source text when read from a file.

    The writer re-emits ``raw`` byte for byte as long as type, key and fields are
    unchanged from what was parsed (``origin``), so ``dataclasses.replace`` is
    always safe: a changed entry is re-rendered, an unchanged one is not.
    """

    type: str  # as written (case kept)
    key: str
    fields: tuple[Field, ...] = ()
    line: int | None = None
    raw: str | None = None
    origin: tuple[str, str, tuple[Field, ...]] | None = None

    def get(self, name: str, default: str | None = None) -> str | None:
        """Plain value of a field (case-insensitive name), or ``default``."""
        f = self.field(name)
        return f.plain if f is not None else default

    def field(self, name: str) -> Field | None:
        lname = name.lower()
        for f in self.fields:
            if f.name.lower() == lname:
                return f
        return None

    @property
    def unchanged(self) -> bool:
        return self.raw is not None and self.origin == (self.type, self.key, self.fields)

    def with_field(self, name: str, value: str) -> Entry:
        """A copy with ``name`` set to BibTeX source ``value`` (kept in place, or appended)."""
        lname = name.lower()
        out: list[Field] = []
        done = False
        for f in self.fields:
            if f.name.lower() == lname:
                if not done:
                    out.append(Field(f.name, value, f.line))
                    done = True
            else:
                out.append(f)
        if not done:
            out.append(Field(name, value))
        return Entry(self.type, self.key, tuple(out), self.line, self.raw, self.origin)

    def without_field(self, name: str) -> Entry:
        lname = name.lower()
        kept = tuple(f for f in self.fields if f.name.lower() != lname)
        return Entry(self.type, self.key, kept, self.line, self.raw, self.origin)


_NO_STRINGS: Mapping[str, str] = MappingProxyType({})

BlockKind = Literal["entry", "string", "preamble", "comment", "text", "failed"]


@dataclass(frozen=True)
class Block:
    """Anything in a .bib that is not an entry: @string, @preamble, @comment,
    text between entries, or a block that failed to parse (kept verbatim)."""

    kind: BlockKind
    raw: str
    line: int | None = None
    name: str | None = None  # macro name for @string
    value: str | None = None  # macro value (BibTeX source) for @string


@dataclass(frozen=True)
class Bibliography:
    """A .bib file as an ordered sequence of entries and other blocks.

    ``items`` holds everything in file order; writing them back in order
    reproduces the file. ``diagnostics`` are problems found while reading.
    """

    items: tuple[Entry | Block, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    source: str | None = None  # file name, for messages
    newline: str = "\n"
    bom: bool = False
    encoding: str = "utf-8"  # what the file was decoded from, and is written back in

    # cached_property is safe on a frozen dataclass (it writes __dict__ directly)
    # and matters: callers expand every field against ``strings``.
    @cached_property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(i for i in self.items if isinstance(i, Entry))

    @cached_property
    def strings(self) -> dict[str, str]:
        """@string macros: lower-cased name -> BibTeX source value."""
        return {
            i.name.lower(): i.value
            for i in self.items
            if isinstance(i, Block) and i.kind == "string" and i.name and i.value is not None
        }

    def strings_for(self, entry: Entry) -> Mapping[str, str]:
        """The @string macros in force at ``entry``: each definition applies from
        its position on, as in BibTeX (a macro used before it is defined is
        unknown there). The common layout, every @string before every entry,
        gets ``strings`` itself."""
        scopes = self._string_scopes
        if scopes is None:
            return self.strings
        return scopes.get(id(entry), self.strings)

    @cached_property
    def _string_scopes(self) -> dict[int, Mapping[str, str]] | None:
        """Per entry (by id), the macros defined before it; None when all are."""
        seen_entry = False
        for i in self.items:
            if isinstance(i, Entry):
                seen_entry = True
            elif seen_entry and i.kind == "string":
                break
        else:
            return None
        scopes: dict[int, Mapping[str, str]] = {}
        current: dict[str, str] = {}
        snapshot: Mapping[str, str] = _NO_STRINGS
        changed = False
        for i in self.items:
            if isinstance(i, Entry):
                if changed:  # one copy per run of @strings, not per @string
                    snapshot = MappingProxyType(dict(current))
                    changed = False
                scopes[id(i)] = snapshot
            elif i.kind == "string" and i.name and i.value is not None:
                current[i.name.lower()] = i.value
                changed = True
        return scopes

    def entry(self, key: str) -> Entry | None:
        for e in self.entries:
            if e.key == key:
                return e
        return None

    def with_entry(self, entry: Entry, key: str | None = None) -> Bibliography:
        """A copy with ``entry`` in place of the entry keyed ``key`` (default: ``entry.key``),
        where that entry was; appended when there is none. Everything else is kept as is,
        so ``dump`` rewrites only the changed entry."""
        old = entry.key if key is None else key
        items = list(self.items)
        for i, item in enumerate(items):
            if isinstance(item, Entry) and item.key == old:
                items[i] = entry
                break
        else:
            items.append(entry)
        return replace(self, items=tuple(items))

    def without_entry(self, key: str) -> Bibliography:
        """A copy without the entries keyed ``key``."""
        kept = tuple(i for i in self.items if not (isinstance(i, Entry) and i.key == key))
        return replace(self, items=kept)


# --------------------------------------------------------------------------
# Plain-value model (free-text parser, styles, links)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Name:
    """A person or an organisation. Organisations have only ``literal``."""

    family: str = ""
    given: str = ""
    particle: str = ""  # von, van der, de, ...
    suffix: str = ""  # Jr., III
    literal: str = ""  # corporate / unsplittable name, kept whole

    @property
    def is_literal(self) -> bool:
        return bool(self.literal)

    def bibtex(self) -> str:
        """``von Last, Jr, First`` form; organisations double-braced."""
        if self.literal:
            return "{" + self.literal + "}"
        last = f"{self.particle} {self.family}".strip()
        if self.suffix:
            return f"{last}, {self.suffix}, {self.given}".rstrip(", ")
        return f"{last}, {self.given}" if self.given else last


EntryType = str  # article, book, incollection, inproceedings, phdthesis, ...


@dataclass(frozen=True)
class Reference:
    """A reference parsed from free text, with plain (Unicode) field values.

    ``fields`` holds every non-name field in a stable order (title, journal,
    booktitle, publisher, address, year, month, volume, number, pages, url,
    doi, urldate, note, ...). ``raw`` is the original string; ``confidence`` is
    in [0, 1]; ``diagnostics`` say what was doubtful.
    """

    type: EntryType
    fields: tuple[tuple[str, str], ...] = ()
    authors: tuple[Name, ...] = ()
    editors: tuple[Name, ...] = ()
    raw: str = ""
    span: Span | None = None
    confidence: float = 1.0
    diagnostics: tuple[Diagnostic, ...] = ()
    key: str = ""

    def get(self, name: str, default: str | None = None) -> str | None:
        for k, v in self.fields:
            if k == name:
                return v
        return default


@dataclass(frozen=True)
class RawReference:
    """One reference string cut out of a document, before field parsing."""

    text: str
    span: Span
    label: str | None = None  # "1", "[3]", "a b" back-marks removed etc.
    source: str | None = None  # document name


@dataclass(frozen=True)
class ParseResult:
    """What the free-text pipeline returns for one or more documents."""

    references: tuple[Reference, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = field(default_factory=tuple)
