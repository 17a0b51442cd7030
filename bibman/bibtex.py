"""BibTeX text <-> model, losslessly. The only module that imports bibtexparser.

Reading: bibtexparser v2's splitter (no middleware, so values stay BibTeX
source: delimiters, macros and ``#`` kept) finds the blocks; each block's raw
text is then located in the original string, and everything between blocks is
kept as ``Block(kind="text")``. The items therefore cover the whole text and
``dumps(loads(t)) == t`` holds by construction (and is checked). Whitespace
between ``@type`` and ``{`` (which BibTeX allows, bibtexparser not across a
line end) is read as BibTeX does: such a header is re-read with the spaces
moved inside the brace, a length-preserving change, and the original text kept.

Writing: an entry whose type, key and fields are unchanged is written as its
raw text, byte for byte; a changed entry is re-rendered in the style detected
from the file's other entries (indentation, ``=`` spacing, alignment).

Problems are ``Diagnostic`` values with 1-based lines and stable codes:

==========================  ========  ==============================================
code                        severity  meaning
==========================  ========  ==============================================
bibtex.parse-failed         error     a block bibtexparser could not parse (kept verbatim)
bibtex.stray-text           error     text outside entries that looks like fields or a
                                      closing brace (an extra ``}`` ended an entry early,
                                      and BibTeX drops what follows)
bibtex.too-deep             error     braces nested deeper than TeX's 255 grouping levels;
                                      the block is kept verbatim and not read
bibtex.string-before-def    warning   a macro used before its ``@string`` (BibTeX reads it
                                      as empty there)
bibtex.missing-comma        error     a field value that swallowed ``name = ...``
bibtex.swallowed-entry      warning   a value containing ``@type{key,``: an unclosed brace or
                                      quote before it swallowed the next entry?
bibtex.bad-value            warning   a value that is not ``piece # piece ...``
bibtex.unbalanced-braces    warning   a value whose braces do not balance
bibtex.duplicate-key        warning   an entry key seen before (case-insensitively); both kept
bibtex.duplicate-string     warning   an ``@string`` name defined twice; both kept, each
                                      applies from its position on (as in BibTeX)
bibtex.duplicate-field      warning   a field twice in one entry; both kept
bibtex.bad-key              warning   empty entry key, or one with characters BibTeX rejects
bibtex.comment-in-entry     info      a ``%`` comment between fields (dropped if re-rendered)
bibtex.parser-crash         error     bibtexparser raised; the whole text is kept verbatim
==========================  ========  ==============================================
"""

from __future__ import annotations

import codecs
import os
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from . import terminal, textio
from .gcpause import gc_paused
from .latex import to_latex
from .lazyre import lazy, regex
from .model import Bibliography, Block, Diagnostic, Entry, Field, balanced, strip_delimiters
from .months import MACRO_TO_NAME

if TYPE_CHECKING:
    from bibtexparser import model as bp


@cache
def _splitter() -> Any:
    """bibtexparser's Splitter, imported when a .bib is first read.

    ``parse_string(text, parse_stack=[])`` is ``Splitter(text).split()`` and no more, yet
    ``import bibtexparser`` runs the package's ``__init__``, which imports every middleware,
    pylatexenc and more (~10 ms of a one-entry run). So the package is entered without its
    ``__init__``: a module with the package's search path, whose first use of any name
    the submodules do not define runs the real ``__init__`` into it (PEP 562), so that
    later ``import bibtexparser`` code sees the whole package."""
    import logging
    import sys

    if "bibtexparser" not in sys.modules:
        _enter_package("bibtexparser")
    from bibtexparser.splitter import Splitter

    # bibtexparser logs a warning (to stderr when the host configured no logging)
    # for every block it cannot parse; we report those as Diagnostics instead.
    log = logging.getLogger("bibtexparser")
    log.addHandler(logging.NullHandler())
    log.propagate = False
    return Splitter


def _enter_package(name: str) -> None:
    """Register package ``name`` so its submodules import without its ``__init__``,
    which runs on first use of a name the package itself defines."""
    import sys
    import threading
    from importlib.util import find_spec, module_from_spec

    spec = find_spec(name)
    if spec is None or spec.loader is None or spec.submodule_search_locations is None:
        return  # not an importable package: the ordinary import reports it
    pkg = module_from_spec(spec)
    loader = spec.loader
    lock = threading.Lock()

    def complete(attr: str) -> Any:
        with lock:
            if pkg.__dict__.pop("__getattr__", None) is not None:
                loader.exec_module(pkg)
        try:
            return pkg.__dict__[attr]
        except KeyError:
            raise AttributeError(f"module {name!r} has no attribute {attr!r}") from None

    pkg.__dict__["__getattr__"] = complete
    sys.modules[name] = pkg


# --------------------------------------------------------------------------
# Rendering helpers (plain text -> BibTeX source)
# --------------------------------------------------------------------------

# Characters that must be escaped in a BibTeX value written from plain text.
_ESCAPES = {"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "$": r"\$"}
_URL_FIELDS = frozenset({"url", "doi", "eprint", "file", "urldate"})


def bibtex_value(plain: str, name: str = "", protect_case: bool = False) -> str:
    """Plain Unicode text -> a braced BibTeX value (``{...}``).

    Special characters are escaped (not in url/doi fields, where biber and
    hyperref want them verbatim); with ``protect_case`` words that carry
    capitals after their first letter, or proper nouns, are wrapped in braces
    so bibtex styles do not lowercase them.
    """
    if name.lower() in _URL_FIELDS:
        text = plain.replace("{", "%7B").replace("}", "%7D")
        return "{" + text + "}"
    text = "".join(_ESCAPES.get(ch, ch) for ch in plain)
    text = _balance(text)
    if protect_case:
        text = protect_capitals(text)
    return "{" + text + "}"


def _balance(text: str) -> str:
    """Unbalanced braces would break the entry: escape them all."""
    return text if balanced(text) else text.replace("{", r"\{").replace("}", r"\}")


_WORD = lazy(r"(?<![\\{\w])([^\W\d_][\w.'’\-/]*)")


def protect_capitals(text: str) -> str:
    """Brace every word (except the first) that contains an upper-case letter.

    Titles from free text are in the case the author chose; BibTeX styles
    lowercase anything unbraced, so we keep the author's case. The first word
    is capitalised by the styles anyway; it is braced only if it has inner
    capitals ("iPhone", "USA").
    """
    out: list[str] = []
    pos = 0
    first = True
    for m in _WORD.finditer(text):
        word = m.group(1)
        has_upper = any(c.isupper() for c in word)
        inner_upper = any(c.isupper() for c in word[1:])
        out.append(text[pos : m.start(1)])
        if has_upper and (not first or inner_upper):
            out.append("{" + word + "}")
        else:
            out.append(word)
        pos = m.end(1)
        first = False
    out.append(text[pos:])
    return "".join(out)


@dataclass(frozen=True)
class Style:
    """How entries are laid out; detected from a file by ``detect_style``."""

    indent: str = "  "
    before_eq: str = " "
    after_eq: str = " "
    align: bool = False  # pad field names so the ``=`` line up
    trailing_comma: bool = True  # a comma after the last field too
    closing_own_line: bool = True  # the final ``}`` on a line of its own


def render_entry(entry: Entry, indent: str = "  ", *, style: Style | None = None) -> str:
    """An entry as BibTeX source: its raw text when unchanged, else freshly rendered."""
    if entry.unchanged and entry.raw is not None:
        return entry.raw
    st = style or Style(indent=indent)
    lines = [f"@{entry.type}{{{entry.key},"]
    width = max((len(f.name) for f in entry.fields), default=0) if st.align else 0
    last = len(entry.fields) - 1
    for i, f in enumerate(entry.fields):
        comma = "," if i < last or st.trailing_comma else ""
        name = f.name.ljust(width)
        lines.append(f"{st.indent}{name}{st.before_eq}={st.after_eq}{f.value}{comma}")
    if st.closing_own_line or not entry.fields:
        lines.append("}")
    else:
        lines[-1] += "}"
    return "\n".join(lines)


def make_entry(type_: str, key: str, fields: list[tuple[str, str]]) -> Entry:
    """An Entry from (name, BibTeX source value) pairs."""
    return Entry(type_, key, tuple(Field(n, v) for n, v in fields))


_FIELD_LINE = lazy(r"^([ \t]+)([^\s=,{}\"]+)([ \t]*)=([ \t]*)\S", re.M)


def detect_style(bib: Bibliography, sample: int = 200) -> Style:
    """The layout most entries read from the file use (defaults when none)."""
    return _style_of((e.raw for e in bib.entries if e.raw is not None and e.fields), sample)


def _style_of(raws: Iterable[str], sample: int = 200) -> Style:
    indents: Counter[str] = Counter()
    spacing: Counter[tuple[str, str]] = Counter()  # (before '=', after '=') voted together
    aligned = trailing = own_line = seen = 0
    for raw in raws:
        lines = list(_FIELD_LINE.finditer(raw))
        if not lines:  # a one-line entry says nothing about layout
            continue
        seen += 1
        for m in lines:
            indents[m.group(1)] += 1
        names = {m.group(2) for m in lines}
        eq_cols = {len(m.group(2)) + len(m.group(3)) for m in lines}
        if len(lines) >= 2 and len({len(n) for n in names}) > 1 and len(eq_cols) == 1:
            aligned += 1
            before = min((m.group(3) for m in lines), key=len)
            for m in lines:
                spacing[before, m.group(4)] += 1
        else:
            for m in lines:
                spacing[m.group(3), m.group(4)] += 1
        tail = raw.rstrip()[:-1].rstrip()
        trailing += tail.endswith(",")
        own_line += bool(regex(r"\n[ \t]*[})]\s*$").search(raw))
        if seen >= sample:
            break
    if not seen:
        return Style()
    before, after = spacing.most_common(1)[0][0]
    return Style(
        indent=indents.most_common(1)[0][0],
        before_eq=before,
        after_eq=after,
        align=aligned * 2 > seen,
        trailing_comma=trailing * 2 >= seen,
        closing_own_line=own_line * 2 >= seen,
    )


# --------------------------------------------------------------------------
# Values: BibTeX source -> pieces -> plain string
# --------------------------------------------------------------------------

_VALUE_MARK = lazy(r'\\.|[{}"]', re.S)
_BARE = lazy(r'[^\s"#%\'(),={}]+')
_WS = lazy(r"\s*")
_MONTHS = MACRO_TO_NAME


@dataclass(frozen=True)
class ValueSplit:
    """What ``split_value`` found in a value."""

    pieces: tuple[str, ...]  # each ``{...}``, ``"..."``, a number or a macro name
    error: int | None = None  # offset where the value stops making sense
    reason: str = ""


def _close_brace(v: str, i: int) -> int | None:
    """Index just past the ``}`` matching the ``{`` at ``i`` (None if unbalanced)."""
    depth = 0
    for m in _VALUE_MARK.finditer(v, i):
        c = m.group(0)
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return m.end()
    return None


def _close_quote(v: str, i: int) -> int | None:
    """Index just past the ``"`` closing the one at ``i`` (quotes in braces do not count)."""
    depth = 0
    for m in _VALUE_MARK.finditer(v, i + 1):
        c = m.group(0)
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth < 0:
                return None
        elif c == '"' and depth == 0:
            return m.end()
    return None


# Most values are one piece, flat or with one level of inner braces ({The {M}arkov
# chain}): recognised by a regex, without the scan.
_SIMPLE_VALUE = lazy(
    r'\{(?:[^{}\\]|\\.|\{(?:[^{}\\]|\\.)*\})*\}|"(?:[^"{}\\]|\\.)*"|[^\s"#%\'(),={}]+', re.S
)


def split_value(v: str) -> ValueSplit:
    """A value as its ``#``-separated pieces, or where and why it is malformed."""
    if _SIMPLE_VALUE.fullmatch(v):
        return ValueSplit((v,))
    pieces: list[str] = []
    i = _WS.match(v, 0).end()  # type: ignore[union-attr]
    n = len(v)
    if i == n:
        return ValueSplit(())
    while True:
        c = v[i]
        if c == "{":
            j = _close_brace(v, i)
            if j is None:
                return ValueSplit(tuple(pieces), i, "unbalanced braces")
        elif c == '"':
            j = _close_quote(v, i)
            if j is None:
                return ValueSplit(tuple(pieces), i, "unbalanced quotes or braces")
        else:
            m = _BARE.match(v, i)
            if m is None:
                return ValueSplit(tuple(pieces), i, f"unexpected {c!r}")
            j = m.end()
        pieces.append(v[i:j])
        i = _WS.match(v, j).end()  # type: ignore[union-attr]
        if i == n:
            return ValueSplit(tuple(pieces))
        if v[i] != "#":
            return ValueSplit(
                tuple(pieces), i, "text after a complete value (missing comma or '#'?)"
            )
        i = _WS.match(v, i + 1).end()  # type: ignore[union-attr]
        if i == n:
            return ValueSplit(tuple(pieces), i, "'#' at the end of the value")


def expand(value: str, strings: Mapping[str, str] | None = None) -> str:
    """BibTeX source value -> plain string: macros (``@string`` names and the
    month names jan..dec) and ``#`` concatenations resolved, delimiters removed.
    LaTeX is *not* decoded (see ``latex.to_unicode``).

    ``strings`` maps macro names to BibTeX source values (as
    ``Bibliography.strings`` gives them, lower-cased names; a name is looked up
    as written, then lower-cased). An unknown macro stays as its name. A
    malformed value comes back without its outer delimiters.
    """
    return _expand(value, strings or {}, frozenset())


def _expand(value: str, strings: Mapping[str, str], active: frozenset[str]) -> str:
    sp = split_value(value)
    if sp.error is not None:
        return strip_delimiters(value)
    out: list[str] = []
    for p in sp.pieces:
        if p[0] in '{"':
            out.append(p[1:-1])
        elif p.isdigit():
            out.append(p)
        else:
            name = p if p in strings else p.lower()
            src = strings.get(name)
            if src is not None and name not in active:  # a macro using itself stays a name
                out.append(_expand(src, strings, active | {name}))
            elif src is None:
                out.append(_MONTHS.get(p.lower(), p))
            else:
                out.append(p)
    return "".join(out)


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------

_TYPE = lazy(r"@(\w*)")
_UNPARSED = lazy(r"(?<![\w.+-])@\s*([A-Za-z][\w:+.-]*)\s*[{(]")
# (a field may follow the early '}' on the same line: "title = {T}}, year = 2001}")
_STRAY = lazy(
    r"^[ \t]*(?:,[ \t]*)?(?:([A-Za-z][\w:.+-]*)[ \t]*=[ \t]*\S|[})][ \t]*,?[ \t]*$)", re.M
)
_COMMENT_LINE = lazy(r"^[ \t]*%.*$", re.M)
_MISSING_COMMA = lazy(r",?\s*([A-Za-z][\w:.+-]*)\s*=")
_BAD_KEY_CHARS = lazy(r'[\s"#%,={}\\]')
_SWALLOWED = lazy(r"(?<![\w.+-])@\s*([A-Za-z]\w*)\s*[{(]\s*([^\s,{}()=\"#%]+)\s*,")
_FAILED_KEY = lazy(r"@\w*\s*[{(]\s*([^,\s{}()=]+)\s*,")


def _prepare(text: str) -> tuple[str, str, bool]:
    """``text`` without its BOM and with LF line ends; the line end and whether a BOM was there."""
    bom = text.startswith("\ufeff")
    if bom:
        text = text[1:]
    newline = "\n"
    crlf = text.count("\r\n")
    if crlf and crlf == text.count("\n"):
        newline = "\r\n"
        text = text.replace("\r\n", "\n")
    return text, newline, bom


def loads(text: str, source: str | None = None) -> Bibliography:
    """Parse BibTeX text into a Bibliography that writes back byte-identically.

    Never raises: whatever is not understood is kept verbatim and reported.
    A leading BOM and CRLF line ends are remembered and restored by ``dumps``.
    """
    text, newline, bom = _prepare(text)
    with gc_paused():
        items, diags = _Reader(text, source).read()
    return Bibliography(tuple(items), tuple(diags), source, newline, bom)


class Stream:
    """BibTeX text read item by item, as ``loads`` reads it (the same items, the same
    diagnostics), for commands that handle one entry at a time: memory holds the text,
    one chunk of it being read and what the command keeps, not every entry at once.

    Iterate once; ``diagnostics`` is complete when the iteration is over (a macro used
    before its ``@string`` is only known at the end). ``entries`` counts the entries seen.
    """

    def __init__(self, text: str, source: str | None = None, label: str = "reading") -> None:
        self.text, self.newline, self.bom = _prepare(text)
        self.source = source
        self.label = label
        self.entries = 0
        self._reader = _Reader(self.text, source)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self._reader.diags

    def __iter__(self) -> Iterator[Entry | Block]:
        for part in self._reader.parts(self.label):
            for item in part:
                if isinstance(item, Entry):
                    self.entries += 1
                yield item
        self.text = ""  # read: let go of it

    def with_strings(self) -> Iterator[tuple[Entry, Mapping[str, str]]]:
        """Each entry with the ``@string`` macros in force there (those defined before it,
        as ``Bibliography.strings_for`` gives them)."""
        current: dict[str, str] = {}
        snapshot: Mapping[str, str] = MappingProxyType({})
        changed = False
        for item in self:
            if isinstance(item, Entry):
                if changed:  # one copy per run of @strings, not per entry
                    snapshot = MappingProxyType(dict(current))
                    changed = False
                yield item, snapshot
            elif item.kind == "string" and item.name and item.value is not None:
                current[item.name.lower()] = item.value
                changed = True


def load(path: str | os.PathLike[str]) -> Bibliography:
    """Read a .bib file (``-`` for stdin); InputError when it cannot be used at all.

    The encoding, BOM and line ends are kept so that ``dump`` writes the same bytes.
    """
    decoded = textio.read_text(path)
    name = "<stdin>" if os.fspath(path) == "-" else os.fspath(path)
    bib = loads(decoded.text, source=name)
    return replace(
        bib,
        bom=bib.bom or decoded.bom,
        encoding=decoded.encoding,
        diagnostics=decoded.diagnostics + bib.diagnostics,
    )


# A block start at the beginning of a line (after blanks): bibtexparser's splitter starts
# a new block there whatever it was doing (an unclosed block before it is aborted), so
# the text splits into independent chunks at such lines. Each chunk is given to the
# splitter with the next chunk's block header after it, so that a block left open ends
# with the same error as when the whole text is split ("Unexpected block start").
_LINE_START_BLOCK = lazy(r"^[^\S\n]*(@\w*[ \t]*)[{(]", re.M)
CHUNK_CHARS = 1 << 19  # characters per splitter call: memory ~ one chunk's blocks, not the file's


def _chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, int]]:
    """``(end, lookahead_end)`` of consecutive chunks of ``text``: each ends where a block
    starts at the beginning of a line, at least ``size`` characters after its start;
    ``lookahead_end`` takes the next block's header (``@type{``) in too."""
    start = 0
    n = len(text)
    while start < n:
        m = _LINE_START_BLOCK.search(text, start + size) if start + size < n else None
        if m is None:
            yield n, n
            return
        end = m.start(1)
        yield end, m.end()
        start = end


class _Reader:
    """Reads ``text`` chunk by chunk (see ``_chunks``); what must be known across
    chunks (keys, @string names, macros used before their definition) is kept here."""

    def __init__(self, text: str, source: str | None) -> None:
        self.text = text
        self.source = source
        self.diags: list[Diagnostic] = []
        self._keys: dict[str, tuple[str, int]] = {}
        self._strings: dict[str, int] = {}
        # macros used before any @string defined them: (name, line, key)
        self._undefined: list[tuple[str, int, str | None]] = []
        # names this chunk added to _keys/_strings (undone when the chunk is read again)
        self._added: list[tuple[dict[str, Any], str]] = []
        # the chunk being read: its text (with the next header), its own length, first line
        self.chunk = ""
        self.limit = 0
        self.base_line = 0
        self._line_starts: list[int] | None = None
        self.spaced: list[tuple[int, int]] = []  # '@type {' headers bibtexparser skipped
        self.second_pass = False

    # -- locations ---------------------------------------------------------

    def line_starts(self) -> list[int]:
        """Offsets in the chunk where its lines start."""
        if self._line_starts is None:
            starts = [0]
            starts.extend(m.end() for m in re.finditer("\n", self.chunk))
            self._line_starts = starts
        return self._line_starts

    def line_of(self, offset: int) -> int:
        """The file's 1-based line of ``offset`` in the chunk."""
        return bisect_right(self.line_starts(), offset) + self.base_line

    def diag(
        self, severity: str, code: str, msg: str, line: int | None, key: str | None = None
    ) -> None:
        self.diags.append(Diagnostic(severity, code, msg, self.source, line, key))  # type: ignore[arg-type]

    # -- main loop ---------------------------------------------------------

    def read(self) -> tuple[list[Entry | Block], list[Diagnostic]]:
        items: list[Entry | Block] = []
        for part in self.parts():
            items.extend(part)
        return items, self.diags

    def parts(self, label: str = "reading") -> Iterator[list[Entry | Block]]:
        """The items chunk by chunk, in file order; ``diags`` is complete after the last."""
        text = self.text
        start = line = 0
        terminal.phase(label, len(text) or None)
        for end, ahead in _chunks(text, CHUNK_CHARS):
            with gc_paused():
                part = self.read_chunk(text[start:ahead], end - start, line)
            yield part
            terminal.tick(end - start)
            line += text.count("\n", start, end)
            start = end
        self.finish()

    def read_chunk(self, chunk: str, limit: int, base_line: int) -> list[Entry | Block]:
        self.chunk, self.limit, self.base_line = chunk, limit, base_line
        self._line_starts = None
        self.spaced = []
        self.second_pass = False
        self._added = []
        ndiags, nundefined = len(self.diags), len(self._undefined)
        items = self.read_once()
        if not self.spaced:
            return items
        # '@type' + whitespace/newline + '{': BibTeX reads it, bibtexparser's
        # splitter does not. Re-read with the whitespace moved inside the brace
        # (same length, same line ends) and keep the original text as raw.
        del self.diags[ndiags:]
        del self._undefined[nundefined:]
        for table, name in self._added:
            table.pop(name, None)
        self._added = []
        original = chunk[:limit]
        self.chunk = _close_headers(chunk, self.spaced)
        self.second_pass = True
        return _raw_from(self.read_once(), original)

    def finish(self) -> None:
        for name, uline, ukey in self._undefined:
            if name in self._strings:
                self.diag(
                    "warning",
                    "bibtex.string-before-def",
                    f"macro '{name}' is used before its @string on line {self._strings[name]} "
                    "(BibTeX reads it as empty here)",
                    uline,
                    ukey,
                )

    def read_once(self) -> list[Entry | Block]:
        splitter = _splitter()  # before any other bibtexparser import: see _splitter
        from bibtexparser import model as bp

        text, limit = self.chunk, self.limit
        try:
            library = splitter(bibstr=text).split()  # = parse_string(text, parse_stack=[])
        except Exception as e:  # a bibtexparser bug: keep everything, say so
            self.diag(
                "error",
                "bibtex.parser-crash",
                f"bibtexparser failed on this file ({type(e).__name__}: {e}); kept unchanged",
                self.base_line + 1,
            )
            return [Block("failed", text[:limit], self.base_line + 1)]

        spans: list[tuple[int, bp.Block] | None] = list(self.locate(library.blocks))
        # only ``spans`` holds bibtexparser's blocks now: each is let go once
        # converted, so its objects and ours are not all alive at once (peak memory)
        del library
        items: list[Entry | Block] = []
        pos = 0
        prev: Entry | Block | None = None
        for k in range(len(spans)):
            span = spans[k]
            spans[k] = None
            assert span is not None
            start, block = span
            if start >= limit:  # the next chunk's header, read only to end this chunk
                break
            if start > pos:
                gap = Block("text", text[pos:start], self.line_of(pos))
                self.check_gap(gap, pos, prev)
                items.append(gap)
            if isinstance(block, bp.ParsingFailedBlock) and not _wraps_parsed(block):
                # BibTeX skips to the next '@' after an error: so does the failed block.
                after = spans[k + 1] if k + 1 < len(spans) else None
                nxt = after[0] if after is not None else len(text)
                end = max(start + 1, start + len(text[start:nxt].rstrip()))
                item: Entry | Block = self.failed(block, text[start:end], start)
            else:
                raw = block.raw or ""
                end = start + len(raw)
                item = self.convert(block, raw, start)
            items.append(item)
            prev = item
            pos = end
        if pos < limit:
            gap = Block("text", text[pos:limit], self.line_of(pos))
            self.check_gap(gap, pos, prev)
            items.append(gap)

        if "".join(i.raw or "" for i in items) != text[:limit]:  # pragma: no cover - safety net
            self.diag(
                "error",
                "bibtex.parser-crash",
                "internal error: blocks do not cover the file; kept unchanged",
                self.base_line + 1,
            )
            return [Block("failed", text[:limit], self.base_line + 1)]
        return items

    def locate(self, blocks: list[bp.Block]) -> list[tuple[int, bp.Block]]:
        """Start offset of every non-implicit-comment block, in file order."""
        from bibtexparser import model as bp

        text = self.chunk
        starts = self.line_starts()
        out: list[tuple[int, bp.Block]] = []
        pos = 0
        for b in blocks:
            if isinstance(b, bp.ImplicitComment):
                continue
            sl = b.start_line if isinstance(b.start_line, int) else 0
            lo = max(pos, starts[sl] if 0 <= sl < len(starts) else pos)
            raw = b.raw or ""
            failed = isinstance(b, bp.ParsingFailedBlock) and not _wraps_parsed(b)
            idx = text.find("@", lo) if failed or not raw else text.find(raw, lo)
            if idx < 0 and not failed and raw:
                idx = text.find(raw, pos)
            if idx < 0:
                self.diag(
                    "error",
                    "bibtex.parse-failed",
                    "a block could not be located in the text; kept as text",
                    sl + 1 + self.base_line,
                )
                continue
            out.append((idx, b))
            pos = idx + (1 if failed else len(raw))
        return out

    # -- blocks ------------------------------------------------------------

    def failed(self, block: bp.ParsingFailedBlock, raw: str, start: int) -> Block:
        line = self.line_of(start)
        err = block.error
        reason = getattr(err, "abort_reason", None) or str(err)
        reason = " ".join(str(reason).split()).rstrip(".")
        opened, closed = _brace_counts(raw)
        if opened != closed:
            reason += f"; braces do not balance ({opened} '{{' vs {closed} '}}')"
        m = _FAILED_KEY.match(raw)
        key = m.group(1) if m else None
        kind = _TYPE.match(raw)
        what = f"@{kind.group(1)}" if kind and kind.group(1) else "block"
        self.diag(
            "error",
            "bibtex.parse-failed",
            f"could not parse {what} ({reason}); kept unchanged",
            line,
            key,
        )
        return Block("failed", raw, line)

    def convert(self, block: bp.Block, raw: str, start: int) -> Entry | Block:
        from bibtexparser import model as bp

        line = self.line_of(start)
        if raw.count("{") > MAX_BRACE_DEPTH and _brace_depth(raw) > MAX_BRACE_DEPTH:
            m = _FAILED_KEY.match(raw)
            self.diag(
                "error",
                "bibtex.too-deep",
                f"braces nested deeper than {MAX_BRACE_DEPTH} levels (TeX's limit); "
                "block not read, kept unchanged",
                line,
                m.group(1) if m else None,
            )
            return Block("failed", raw, line)
        dup_fields: set[str] = set()
        inner: bp.Block = block
        while isinstance(inner, bp.ParsingFailedBlock) and inner.ignore_error_block is not None:
            if isinstance(inner, bp.DuplicateFieldKeyBlock):
                dup_fields |= inner.duplicate_keys
            inner = inner.ignore_error_block
        if isinstance(inner, bp.Entry):
            return self.entry(inner, raw, line)
        if isinstance(inner, bp.String):
            lname = inner.key.lower()
            if lname in self._strings:
                self.diag(
                    "warning",
                    "bibtex.duplicate-string",
                    f"@string '{inner.key}' already defined on line {self._strings[lname]}; "
                    "both kept, each applies from its position on (as in BibTeX)",
                    line,
                )
            else:
                self._strings[lname] = line
                self._added.append((self._strings, lname))
            self.check_value(inner.value, line, None, f"@string '{inner.key}'")
            return Block("string", raw, line, name=inner.key, value=inner.value)
        if isinstance(inner, bp.Preamble):
            return Block("preamble", raw, line, value=inner.value)
        if isinstance(inner, bp.ExplicitComment):
            return Block("comment", raw, line)
        return Block("failed", raw, line)  # pragma: no cover - unknown block class

    def entry(self, e: bp.Entry, raw: str, line: int) -> Entry:
        m = _TYPE.match(raw)
        etype = m.group(1) if m else e.entry_type
        key = e.key
        fields: list[Field] = []
        seen: dict[str, int] = {}
        for f in e.fields:
            name = f.key
            value = f.value
            fline = f.start_line + 1 + self.base_line if isinstance(f.start_line, int) else None
            if "%" in name:
                # biber's '%' comments between fields end up in the next field's name
                lines = name.split("\n")
                name = lines[-1].strip().lstrip("%").strip()
                if len(lines) > 1:
                    self.diag(
                        "info",
                        "bibtex.comment-in-entry",
                        f"a '%' comment before field '{name}' is dropped if the entry is rewritten",
                        fline,
                        key,
                    )
            if "%" in value:
                value = self.strip_trailing_comment(value, fline or line, key, name)
            lname = name.lower()
            if lname in seen:
                self.diag(
                    "warning",
                    "bibtex.duplicate-field",
                    f"field '{name}' appears twice (first on line {seen[lname]}); both kept",
                    fline,
                    key,
                )
            else:
                seen[lname] = fline or line
            self.check_value(value, fline or line, key, f"field '{name}'")
            fields.append(Field(name, value, fline))
        if not key or _BAD_KEY_CHARS.search(key):
            self.diag(
                "warning",
                "bibtex.bad-key",
                f"entry key {key!r} is empty or has characters BibTeX does not accept",
                line,
                key or None,
            )
        lkey = key.lower()
        if key and lkey in self._keys:
            first, first_line = self._keys[lkey]
            same = "duplicate key" if first == key else f"key differs only in case from '{first}'"
            self.diag(
                "warning",
                "bibtex.duplicate-key",
                f"{same} (first on line {first_line}); both entries kept",
                line,
                key,
            )
        elif key:
            self._keys[lkey] = (key, line)
            self._added.append((self._keys, lkey))
        flds = tuple(fields)
        return Entry(etype, key, flds, line, raw, (etype, key, flds))

    # -- lints -------------------------------------------------------------

    def strip_trailing_comment(self, value: str, line: int, key: str, name: str) -> str:
        """``{v}  % note`` (biber-style comment after the last field) -> ``{v}``."""
        sp = split_value(value)
        if sp.error is None or not value.startswith("%", sp.error) or not sp.pieces:
            return value
        self.diag(
            "info",
            "bibtex.comment-in-entry",
            f"a '%' comment after field '{name}' is dropped if the entry is rewritten",
            line + value.count("\n", 0, sp.error),
            key,
        )
        return value[: sp.error].rstrip()

    def check_value(self, value: str, line: int, key: str | None, what: str) -> None:
        if "@" in value:
            sw = _SWALLOWED.search(value)
            if sw:
                self.diag(
                    "warning",
                    "bibtex.swallowed-entry",
                    f"{what} contains '@{sw.group(1)}{{{sw.group(2)},': an unclosed brace or "
                    "quote before it made that entry part of this value?",
                    line + value.count("\n", 0, sw.start()),
                    key,
                )
        sp = split_value(value)
        for p in sp.pieces:
            if p[0] not in '{"' and not p.isdigit():
                lp = p.lower()
                if lp not in self._strings and lp not in _MONTHS:
                    self._undefined.append((lp, line, key))
        if sp.error is None:
            return
        at = line + value.count("\n", 0, sp.error)
        m = _MISSING_COMMA.match(value, sp.error)
        if m and sp.pieces:
            self.diag(
                "error",
                "bibtex.missing-comma",
                f"{what} runs into '{m.group(1)} =' and was read as one value "
                "(a missing comma, or a brace bibtexparser took as escaped?)",
                at,
                key,
            )
        elif "brace" in sp.reason:
            self.diag("warning", "bibtex.unbalanced-braces", f"{what}: {sp.reason}", at, key)
        else:
            self.diag("warning", "bibtex.bad-value", f"{what}: {sp.reason}", at, key)

    def check_gap(self, gap: Block, offset: int, prev: Entry | Block | None) -> None:
        raw = gap.raw
        unparsed = False
        if "@" in raw:
            for m in _UNPARSED.finditer(raw):
                unparsed = True
                if not self.second_pass:
                    self.spaced.append((offset + m.start(), offset + m.end()))
                    continue
                self.diag(
                    "error",
                    "bibtex.unparsed-block",
                    f"'@{m.group(1)}' starts a block that could not be read; kept as text",
                    self.line_of(offset + m.start()),
                )
        # (the body of an unparsed block would be reported twice)
        if not unparsed and isinstance(prev, Entry) and ("=" in raw or "}" in raw or ")" in raw):
            m2 = _STRAY.search(_COMMENT_LINE.sub(lambda c: " " * len(c.group()), raw))
            if m2:
                self.diag(
                    "error",
                    "bibtex.stray-text",
                    "text after the entry looks like entry fields but is not part of any "
                    "entry (an extra '}' closed the entry early, or a missing '@'?); "
                    "BibTeX ignores it",
                    self.line_of(offset + m2.start()),
                    prev.key,
                )


def _wraps_parsed(block: bp.Block) -> bool:
    """Duplicate-key/field blocks are parsed blocks in a failure wrapper."""
    from bibtexparser import model as bp

    return isinstance(block, (bp.DuplicateBlockKeyBlock, bp.DuplicateFieldKeyBlock))


# TeX's own limit ("grouping levels=255"): deeper text cannot be typeset, and
# the recursive LaTeX decoders downstream must never see unbounded nesting.
MAX_BRACE_DEPTH = 255


def _brace_depth(s: str) -> int:
    """The deepest ``{`` nesting in ``s`` (escaped braces do not count)."""
    depth = deepest = 0
    for m in _VALUE_MARK.finditer(s):
        c = m.group(0)
        if c == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif c == "}":
            depth -= 1
    return deepest


_HEADER = lazy(r"@(\s*)([A-Za-z][\w:+.-]*)(\s*)([{(])")


def _close_headers(text: str, spans: list[tuple[int, int]]) -> str:
    """``@ type \n{`` -> ``@type{ \n`` at each span: same length, same line ends."""
    out: list[str] = []
    pos = 0
    for start, end in spans:
        m = _HEADER.match(text, start, end)
        if m is None:  # pragma: no cover - spans come from _UNPARSED matches
            continue
        out.append(text[pos:start])
        out.append("@" + m.group(2) + m.group(4) + m.group(1) + m.group(3))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _raw_from(items: list[Entry | Block], original: str) -> list[Entry | Block]:
    """Items read from a length-preserving rewrite of ``original``, with their raw
    text taken from the original again."""
    out: list[Entry | Block] = []
    pos = 0
    for item in items:
        raw = item.raw or ""
        orig = original[pos : pos + len(raw)]
        pos += len(raw)
        out.append(item if orig == raw else replace(item, raw=orig))
    return out


def _brace_counts(s: str) -> tuple[int, int]:
    s = s.replace("\\{", "").replace("\\}", "")
    return s.count("{"), s.count("}")


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


def dumps(bib: Bibliography) -> str:
    """A Bibliography as BibTeX text; unchanged items come back byte-identical.

    Entries created from scratch (no ``raw``) are separated from their
    neighbours by a blank line; changed entries are re-rendered in place.
    """
    out: list[str] = []
    style: Style | None = None
    need_newline = False
    for item in bib.items:
        if isinstance(item, Entry):
            if item.unchanged and item.raw is not None:
                chunk = item.raw
            elif item.raw is not None:
                chunk = _patch(item) or render_entry(item, style=_own_style(item.raw, bib))
            else:
                style = style or detect_style(bib)
                chunk = render_entry(item, style=style)
                if item.raw is None:  # new: give it a line of its own
                    if need_newline:
                        out.append("\n")
                    out.append(_separator(out))
                    out.append(chunk)
                    need_newline = True
                    continue
        else:
            chunk = item.raw or _render_block(item)
        if need_newline and not chunk.startswith(("\n", "\r\n")):
            out.append("\n")
        need_newline = False
        out.append(chunk)
    if need_newline:
        out.append("\n")
    text = "".join(out)
    if bib.newline != "\n":
        text = text.replace("\n", bib.newline)
    return "\ufeff" + text if bib.bom else text


def _own_style(raw: str, bib: Bibliography) -> Style:
    """The entry's own layout when it shows one (two or more field lines), else the file's."""
    if len(_FIELD_LINE.findall(raw)) >= 2:
        return _style_of([raw])
    return detect_style(bib)


def _patch(entry: Entry) -> str | None:
    """The entry's raw text with only its changed values replaced and new fields
    appended, so an edit touches only what changed. None when the change is
    more than that (type/key changed, fields removed, renamed or reordered)."""
    raw, origin = entry.raw, entry.origin
    if raw is None or origin is None or (entry.type, entry.key) != origin[:2]:
        return None
    old, new = origin[2], entry.fields
    if (
        not old
        or len(new) < len(old)
        or any(a.name != b.name for a, b in zip(old, new, strict=False))
    ):
        return None
    spans = _value_spans(raw, old)
    if spans is None:
        return None
    out: list[str] = []
    pos = 0
    for (start, end), o, n in zip(spans, old, new, strict=False):
        out.append(raw[pos:start])
        out.append(n.value if n.value != o.value else raw[start:end])
        pos = end
    rest = raw[pos:]
    added = new[len(old) :]
    if added:
        st = _own_style(raw, Bibliography())
        comma = regex(r"\s*,").match(rest)
        width = max(len(f.name) for f in old) if st.align else 0
        lead = f"\n{st.indent}" if "\n" in raw else " "  # one-line entries stay one line
        lines = [f"{lead}{f.name.ljust(width)}{st.before_eq}={st.after_eq}{f.value}" for f in added]
        if comma:  # the last old field had a trailing comma: keep that habit
            out.append(rest[: comma.end()])
            out.append("".join(line + "," for line in lines))
            rest = rest[comma.end() :]
        else:
            out.append("," + ",".join(lines))
    out.append(rest)
    return "".join(out)


def _value_spans(raw: str, fields: tuple[Field, ...]) -> list[tuple[int, int]] | None:
    """Where each field's value sits in the entry's raw text (None if not found)."""
    spans: list[tuple[int, int]] = []
    pos = raw.find(",")  # fields start after the key
    if pos < 0:
        return None
    for f in fields:
        while True:
            i = raw.find(f.name, pos)
            if i < 0:
                return None
            j = raw.find("=", i + len(f.name))
            k = raw.find(f.value, j + 1) if j >= 0 else -1
            if (
                j >= 0
                and k >= 0
                and not raw[i + len(f.name) : j].strip()
                and not raw[j + 1 : k].strip()
            ):
                break
            pos = i + 1
        spans.append((k, k + len(f.value)))
        pos = k + len(f.value)
    return spans


def _separator(out: list[str]) -> str:
    tail = "".join(out[-2:])[-2:] if out else ""
    if not tail or tail == "\n\n":
        return ""
    return "\n" if tail.endswith("\n") else "\n\n"


def _render_block(b: Block) -> str:
    if b.kind == "string" and b.name:
        return f"@string{{{b.name} = {b.value or '{}'}}}"
    if b.kind == "preamble" and b.value is not None:
        return f"@preamble{{{b.value}}}"
    return b.raw


def _latex_replace(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeEncodeError):
        raise err
    bad = err.object[err.start : err.end]
    out = []
    for ch in bad:
        latex = to_latex(ch)
        out.append(latex if latex != ch and latex.isascii() else "?")
    return "".join(out), err.end


codecs.register_error("bibman-latex", _latex_replace)


def encode(bib: Bibliography) -> tuple[bytes, tuple[Diagnostic, ...]]:
    """``dumps`` as bytes in the file's encoding (BOM included when it had one).

    Characters the encoding cannot hold (a Latin-1 file given a new ``ł``) are
    written as LaTeX (``{\\l}``), with a warning; ``?`` where LaTeX has no form.
    """
    text = dumps(bib)
    try:
        return text.encode(bib.encoding), ()
    except UnicodeEncodeError as e:
        line = text.count("\n", 0, e.start) + 1
        diag = Diagnostic(
            "warning",
            "encoding.latex-escaped",
            f"characters that {bib.encoding} cannot hold were written as LaTeX escapes",
            bib.source,
            line,
        )
        return text.encode(bib.encoding, errors="bibman-latex"), (diag,)
    except LookupError:
        return text.encode("utf-8"), ()


def dump(bib: Bibliography, path: str | os.PathLike[str]) -> tuple[Diagnostic, ...]:
    """Write atomically (temporary file, then rename) in the file's encoding.

    Returns warnings about the encoding, if any; InputError if it cannot write.
    """
    data, diags = encode(bib)
    textio.atomic_write(path, data)
    return diags
