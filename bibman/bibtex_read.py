"""Reading BibTeX text losslessly, block by block (see ``bibman.bibtex``); the only
module that imports bibtexparser."""

from __future__ import annotations

import gc
import os
import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from . import terminal, textio
from .bibtex_values import _MONTHS, _VALUE_MARK, split_value
from .gcpause import gc_paused
from .lazyre import lazy, regex
from .model import Bibliography, Block, Diagnostic, Entry, Field

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
        self.offset = 0  # where in ``text`` the item last yielded starts
        self._reader = _Reader(self.text, source)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self._reader.diags

    def __iter__(self) -> Iterator[Entry | Block]:
        pos = 0
        for part in self._reader.parts(self.label):
            for item in part:
                if isinstance(item, Entry):
                    self.entries += 1
                self.offset = pos  # the items' raw texts cover the text, in order
                pos += len(item.raw or "")
                yield item
            del part
            # what the caller made of the chunk's entries may leave cyclic garbage (LaTeX
            # decoded by pylatexenc: a class and parser state per call) that the CLI's
            # high collector threshold, or a caller's pause, would let pile up: the young
            # generations are collected once per chunk, so the memory is used again
            gc.collect(1)
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
            starts.extend(m.end() for m in regex("\n").finditer(self.chunk))
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

        for b in library.failed_blocks:
            # the error's traceback holds the splitter's frames and so the whole library:
            # a cycle, kept until the (paused) garbage collector runs (every chunk ends in
            # one: the next chunk's header)
            if isinstance(b.error, BaseException):
                b.error.__traceback__ = None
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
