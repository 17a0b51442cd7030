"""BibTeX's own styles, run by pybtex's ``.bst`` interpreter, in process.

Running the real ``.bst`` program (plain, unsrt, alpha, abbrv ship with bibman,
unmodified, as their licence asks; any other ``PATH.bst`` works too) gives the
same ``.bbl`` as the ``bibtex`` binary, without needing TeX installed. The
``.bbl``'s ``\\bibitem`` blocks are then turned into format-neutral rich text.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pybtex.errors
from pybtex.bibtex import bst as bst_parser
from pybtex.bibtex.builtins import print_warning
from pybtex.bibtex.exceptions import BibTeXError
from pybtex.bibtex.utils import scan_bibtex_string, wrap
from pybtex.charwidths import charwidths
from pybtex.database.input.bibtex import DuplicateField, Parser
from pybtex.exceptions import PybtexError
from pybtex.scanner import PybtexSyntaxError
from pybtex.textutils import normalize_whitespace

from .. import bibtex, terminal
from ..errors import ConfigError
from ..latex import group_spaced_specials
from ..model import Bibliography, Block, Diagnostic, Entry, strip_delimiters
from .bstcompile import Runtime, value_builtins
from .latex2rich import latex_to_rich, latex_to_text
from .rich import FormattedBibliography, FormattedEntry

BST_DIR = Path(__file__).with_name("bst")
BST_STYLES: tuple[str, ...] = ("plain", "unsrt", "alpha", "abbrv")


def bst_path(style: str) -> Path | None:
    """The ``.bst`` file for a bundled style name or a ``PATH.bst``; None if neither."""
    if style in BST_STYLES:
        return BST_DIR / f"{style}.bst"
    if style.lower().endswith(".bst"):
        return Path(style)
    return None


@dataclass
class BstInput:
    """Items (entries, @string and @preamble blocks) for a style, read once as they come:
    a .bib streamed (``bibtex.Stream``) needs no whole ``Bibliography`` in memory. After
    the run, ``lines`` holds each entry's line by key."""

    items: Iterable[Entry | Block]
    source: str | None = None
    lines: dict[str, int | None] = field(default_factory=dict)


def run_bst(
    bib_text: str | Bibliography | BstInput,
    bst_source: str,
    citations: Sequence[str] = ("*",),
    source: str = "<input>",
    min_crossrefs: int = 2,
    bst_name: str = "<style>",
    bytes_mode: bool = False,
) -> tuple[str, tuple[Diagnostic, ...]]:
    """Run a ``.bst`` program over ``.bib`` text; return the ``.bbl`` text and warnings.

    ``citations`` are keys in citation order (``"*"`` = every entry in file
    order), as in an ``.aux`` file. A broken style is a ``ConfigError``.

    ``bytes_mode`` reproduces BibTeX 0.99d exactly for non-ASCII text too: it
    works on UTF-8 bytes, so an alpha label or an abbrv initial can keep half
    a character (shown as U+FFFD). Off, whole characters are kept.
    """
    # bibman's own reader, not pybtex's: the style sees exactly the entries (and
    # the line numbers) every other command sees.
    if isinstance(bib_text, BstInput):
        bib = bib_text
    else:
        loaded = bib_text if isinstance(bib_text, Bibliography) else bibtex.loads(bib_text, source)
        bib = BstInput(loaded.items, loaded.source)
    conv: Callable[[str], str] = _to_bytes if bytes_mode else str
    if bytes_mode:
        bst_source = _to_bytes(bst_source)
        citations = [_to_bytes(c) for c in citations]
    try:
        script = bst_parser.parse_string(bst_source)
    except PybtexError as e:
        raise ConfigError(f"{bst_name}: not a valid .bst style: {e}") from e
    feed_diags: list[Diagnostic] = []

    def read(rt: Runtime) -> Any:  # READ: the style gets bibman's entries, as pybtex's parser would
        parser = _CompactParser(macros=rt.macros, person_fields=[], wanted_entries=rt.citations)
        _feed(parser, bib, conv, feed_diags)
        data = parser.data
        wanted = data.add_extra_citations(rt.citations, min_crossrefs)
        rt.citations = []
        for key in wanted:
            if key in data.entries:
                rt.citations.append(key)
            else:
                print_warning(f'missing database entry for "{key}"')
        return data

    rt = Runtime(
        read,
        value_builtins(_change_case, bibtex_width, bibtex_purify),
        wrap if bytes_mode else wrap_bytes,  # BibTeX measures its 79-column lines in bytes
    )
    rt.label = Path(bst_name).name
    # pybtex reports problems through global state; capture() keeps them as data.
    with pybtex.errors.capture() as captured:
        try:
            bbl = rt.run(script, list(citations))
        except PybtexSyntaxError as e:  # the .bst is parsed lazily, as it runs
            raise ConfigError(f"{bst_name}: not a valid .bst style: {e}") from e
        except PybtexError as e:
            raise ConfigError(f"{bst_name}: the style failed on {source}: {e}") from e
        finally:
            rt.close()  # its compiled functions refer back to it: free the entries now
    diagnostics = (*feed_diags, *(_diagnostic(e, source) for e in captured))
    if bytes_mode:
        bbl = _from_bytes(bbl)
        diagnostics = tuple(
            Diagnostic(
                d.severity,
                d.code,
                _from_bytes(d.message),
                d.file,
                d.line,
                _from_bytes(d.key) if d.key else d.key,
            )
            for d in diagnostics
        )
    return bbl, diagnostics


_NAME_FIELDS = frozenset({"author", "editor"})


class BstEntry:
    """An entry as the style sees it, compact: type, key and fields (lower-case names,
    macros expanded, spaces squashed). pybtex's ``Entry`` (two case-insensitive ordered
    dicts each, persons) is several times larger; a large file holds one per entry."""

    __slots__ = ("fields", "key", "type")

    def __init__(self, type_: str, fields: dict[str, str]) -> None:
        self.type = type_  # lower case
        self.fields = fields
        self.key: str | None = None


class _CompactParser(Parser):
    """pybtex's ``Parser`` (macros, wanted entries, duplicate keys, crossrefs) keeping
    ``BstEntry``s: the same checks and errors as its ``process_entry``."""

    names: dict[str, str]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.names = {}

    def add(self, entry_type: str, key: str, fields: list[tuple[str, str]]) -> None:
        values: dict[str, str] = {}
        names = self.names
        for name, value in fields:
            lname = names.get(name)
            if lname is None:  # one string per field name, not one per entry
                lname = names[name] = name.lower()
            if lname in values:
                self.handle_error(DuplicateField(key, name))
                continue
            values[lname] = normalize_whitespace(value)
        etype = names.get(entry_type)
        if etype is None:
            etype = names[entry_type] = entry_type.lower()
        self.data.add_entry(key, BstEntry(etype, values))


def _feed(
    parser: _CompactParser, bib: BstInput, conv: Callable[[str], str], diags: list[Diagnostic]
) -> None:
    """Hand ``bib``'s entries to pybtex's interpreter as its own parser would:
    values with macros expanded (each @string from its position on, undefined
    ones empty with a warning, as BibTeX), delimiters removed, spaces squashed."""
    macros = parser.macros  # the style's MACROs (month names, journals) first
    data = parser.data

    def value(src: str, line: int | None, key: str | None) -> str:
        sp = bibtex.split_value(src)
        if sp.error is not None:  # already an error from the reader
            return conv(strip_delimiters(src))
        out: list[str] = []
        for p in sp.pieces:
            if p[0] in '{"':
                out.append(conv(p[1:-1]))
            elif p.isdigit():
                out.append(p)
            else:
                m = macros.get(conv(p))
                if m is None:
                    diags.append(
                        Diagnostic(
                            "warning",
                            "bib.undefined-macro",
                            f"undefined string '{p}' (read as empty, as BibTeX does)",
                            bib.source,
                            line,
                            key,
                        )
                    )
                else:
                    out.append(m)
        return "".join(out)

    lines = bib.lines
    for item in bib.items:
        if isinstance(item, Entry):
            lines[item.key] = item.line
            key = conv(item.key)
            if not data.want_entry(key):
                continue
            fields = []
            for f in item.fields:
                v = value(f.value, f.line or item.line, item.key)
                if f.name.lower() in _NAME_FIELDS and "\\" in v:
                    v = group_spaced_specials(v)
                fields.append((conv(f.name), v))
            parser.add(conv(item.type), key, fields)
        elif item.kind == "string" and item.name and item.value is not None:
            macros[conv(item.name)] = value(item.value, item.line, None)
        elif item.kind == "preamble" and item.value is not None:
            parser.process_preamble([value(item.value, item.line, None)])


# Bytes mode: every byte >= 0x80 of the UTF-8 text becomes one character of a
# caseless script (CJK ideographs, in byte order), so pybtex's character
# operations act on bytes as BibTeX's do: such a "letter" has no case, no
# width, sorts after ASCII, and counts one in text.prefix$ and substring$.
_BYTE_BASE = 0x4E00


def _to_bytes(text: str) -> str:
    return "".join(
        chr(_BYTE_BASE + b - 0x80) if b >= 0x80 else chr(b) for b in text.encode("utf-8")
    )


def _from_bytes(text: str) -> str:
    data = bytes(
        ord(c) - _BYTE_BASE + 0x80 if _BYTE_BASE <= ord(c) < _BYTE_BASE + 0x80 else ord(c)
        for c in text
    )
    return data.decode("utf-8", errors="replace")


_SPACE = re.compile(rb"\s")  # bytes: ASCII whitespace only, as in BibTeX


def wrap_bytes(line: str, width: int = 79, indent: str = "  ") -> str:
    """Break ``line`` at spaces as BibTeX's ``write$``/``newline$`` does, counting bytes.

    Same rules as pybtex's ``wrap``: each line as long as possible but at most
    ``width`` bytes unless it has no break point; continuation lines indented.
    """
    if len(line) <= width and line.isascii():  # the common case: one short line
        return line.rstrip(" \t\n\r\x0b\x0c")  # bytes.rstrip's whitespace
    data = line.encode("utf-8")
    ind = indent.encode()
    lines: list[bytes] = []
    while len(data) > width:
        brk = None
        spaces = [m.start() for m in _SPACE.finditer(data)]
        for i, pos in enumerate(spaces):
            nxt = spaces[i + 1] if i + 1 < len(spaces) else None
            if (nxt is None or nxt > width) and pos > len(ind):
                brk = pos
                break
        if not brk:
            break
        lines.append(data[:brk])
        data = ind + data[brk + 1 :]
    if data:
        lines.append(data)
    return "\n".join(chunk.rstrip().decode("utf-8") for chunk in lines)


def _change_case(string: str, mode: str) -> str:
    """``change.case$`` as BibTeX 0.99d does it: only ASCII letters change case.

    BibTeX works on bytes, so "Éire" or "Жуков" in a title keep their capitals
    under plain's sentence case; pybtex's own builtin lowercases them.
    """
    if not mode or mode[0].lower() not in "lut":
        raise BibTeXError(f"incorrect change.case$ mode: {mode!r}")
    return change_case_ascii(string, mode[0].lower())


_TO_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_TO_UPPER = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)


def _ascii_lower(s: str) -> str:
    return s.translate(_TO_LOWER)


def _ascii_upper(s: str) -> str:
    return s.translate(_TO_UPPER)


def change_case_ascii(string: str, mode: str) -> str:
    """BibTeX's case change (``l``, ``u``, ``t``) touching ASCII letters only.

    Text in braces is kept, except "special characters" (``{\\'E}``: a brace
    group opening with a control sequence at depth 1), whose non-command words
    change like the rest. In ``t`` mode the first character, and the first
    after a colon and whitespace, keep their case.
    """
    convert = _ascii_upper if mode == "u" else _ascii_lower
    if "{" not in string and "}" not in string:
        return _case_text(string, mode, convert, _START)[0]
    fast = _change_case_balanced(string, mode, convert)
    return fast if fast is not None else _change_case_scan(string, mode)


def _change_case_scan(string: str, mode: str) -> str:
    """``change_case_ascii`` a character at a time over pybtex's brace scan (any input)."""
    convert = _ascii_upper if mode == "u" else _ascii_lower
    out: list[str] = []
    state = "start"
    for char, level in scan_bibtex_string(string):
        if level == 0:
            out.append(char if mode == "t" and state == "start" else convert(char))
            if char == ":":
                state = "after colon"
            elif char.isspace() and state == "after colon":
                state = "start"
            else:
                state = "normal"
        elif level == 1 and char.startswith("\\"):
            keep = mode == "t" and state == "start"
            out.append(char if keep else _convert_special(char, mode, convert))
        else:
            out.append(char)
    return "".join(out)


_START, _COLON, _NORMAL = "start", "after colon", "normal"
_COLON_SPACE = re.compile(r":\s")


def _case_text(text: str, mode: str, convert: Callable[[str], str], state: str) -> tuple[str, str]:
    """``change_case_ascii`` of brace-free text at depth 0, entered in ``state``:
    (the text, the state after it). Same rules, whole strings at a time."""
    if not text:
        return text, state
    out = convert(text)
    if mode == "t":
        keep = [m.end() for m in _COLON_SPACE.finditer(text)]
        if state == _START:
            keep.append(0)
        elif state == _COLON and text[0].isspace():
            keep.append(1)
        keep = [p for p in keep if p < len(text) and out[p] != text[p]]
        if keep:
            chars = list(out)
            for p in keep:
                chars[p] = text[p]
            out = "".join(chars)
    last = text[-1]
    before = (text[-2] == ":" and _COLON) if len(text) > 1 else state
    if last == ":":
        state = _COLON
    elif last.isspace() and before == _COLON:
        state = _START
    else:
        state = _NORMAL
    return out, state


def _change_case_balanced(string: str, mode: str, convert: Callable[[str], str]) -> str | None:
    """``change_case_ascii`` for text whose braces balance (else None): depth-0 text
    changes, a group at depth 0 stays as it is unless it is a special character."""
    out: list[str] = []
    state = _START
    i, n = 0, len(string)
    while i < n:
        j = string.find("{", i)
        if j < 0:
            j = n
        if "}" in string[i:j]:
            return None  # a closing brace at depth 0
        text, state = _case_text(string[i:j], mode, convert, state)
        out.append(text)
        if j == n:
            break
        depth, k = 1, j + 1
        while depth:
            a = string.find("{", k)
            b = string.find("}", k)
            if b < 0:
                return None  # never closed
            if 0 <= a < b:
                depth, k = depth + 1, a + 1
                if depth > 100:
                    return None  # BibTeX's "too many nested braces"
            else:
                depth, k = depth - 1, b + 1
        inner = string[j + 1 : k - 1]
        if inner.startswith("\\") and not (mode == "t" and state == _START):
            out.append("{" + _convert_special(inner, mode, convert) + "}")
        else:
            out.append(string[j:k])
        state = _NORMAL  # the closing brace is a character at depth 0
        i = k
    return "".join(out)


# Control words for letters that change case with the text around them
# (BibTeX 0.99d, bibtex.web "convert_accented_control_sequence").
_FOREIGN_LOWER = {"OE": "oe", "AE": "ae", "AA": "aa", "O": "o", "L": "l"}
_FOREIGN_UPPER = {"oe": "OE", "ae": "AE", "aa": "AA", "o": "O", "l": "L"}


def _convert_special(special: str, mode: str, convert: Callable[[str], str]) -> str:
    """A BibTeX "special character" (``\\"O``, ``\\OE``, ``\\relax Ab``) in another case.

    Letters outside control sequences change; control-sequence names stay,
    except the foreign letters above (and ``\\i``, ``\\j``, ``\\ss``, which
    upper-case to plain ``I``, ``J``, ``SS``).
    """
    out: list[str] = []
    i = 0
    while i < len(special):
        ch = special[i]
        if ch != "\\":
            out.append(convert(ch))
            i += 1
            continue
        j = i + 1
        while j < len(special) and special[j].isascii() and special[j].isalpha():
            j += 1
        if j == i + 1:  # a control symbol such as \" or \'
            j = min(i + 2, len(special))
        name = special[i + 1 : j]
        if mode == "u" and name in ("i", "j", "ss"):
            out.append(name.upper())  # no \I, \J, \SS: BibTeX writes the letters
        elif mode == "u":
            out.append("\\" + _FOREIGN_UPPER.get(name, name))
        else:
            out.append("\\" + _FOREIGN_LOWER.get(name, name))
        i = j
    return "".join(out)


# Widths BibTeX gives the foreign letters it knows by control word; the other
# known ones (\\i \\j \\o \\O \\l \\L \\aa \\AA) count as their first letter.
_CS_WIDTH = {"ss": 500, "ae": 722, "oe": 778, "AE": 903, "OE": 1014}
_CS_AS_LETTER = frozenset({"i", "j", "o", "O", "l", "L", "aa", "AA"})


def _char_width(ch: str) -> int:
    return charwidths.get(ch, 0) if ch.isascii() else 0  # BibTeX: bytes >= 128 are 0


def bibtex_width(text: str) -> int:
    """``width$`` as BibTeX 0.99d computes it (cmr10 widths, ASCII only).

    In a special character (``{\\...}`` at depth 0) control-word names count
    only for the foreign letters BibTeX knows, braces not at all.
    """
    width = 0
    i, n, depth = 0, len(text), 0
    while i < n:
        ch = text[i]
        if ch == "{" and depth == 0 and i + 1 < n and text[i + 1] == "\\":
            i += 1
            level = 1
            while i < n and level > 0:
                i += 1  # the backslash
                start = i
                while i < n and text[i].isascii() and text[i].isalpha():
                    i += 1
                name = text[start:i]
                if not name and i < n:
                    i += 1  # a control symbol (\\" \\'): no width of its own
                elif name in _CS_WIDTH:
                    width += _CS_WIDTH[name]
                elif name in _CS_AS_LETTER:
                    width += _char_width(name[0])
                while i < n and text[i] in " \t\n":
                    i += 1
                while i < n and level > 0 and text[i] != "\\":
                    if text[i] == "}":
                        level -= 1
                    elif text[i] == "{":
                        level += 1
                    else:
                        width += _char_width(text[i])
                    i += 1
            continue
        if ch == "{":
            depth += 1
        elif ch == "}" and depth > 0:
            depth -= 1
        width += _char_width(ch)
        i += 1
    return width


_CS_TWO_LETTERS = frozenset({"oe", "OE", "ae", "AE", "ss"})


def _alnum(ch: str) -> bool:
    return ch.isalnum() or not ch.isascii()  # BibTeX: bytes >= 128 are letters


_PURIFY_SPACE = str.maketrans("\t\n-~", "    ")
_PURIFY_DROP = re.compile(r"[\x00-\x1f!-/:-@\[-`{-\x7f]")


def bibtex_purify(text: str) -> str:
    """``purify$`` as BibTeX 0.99d does it (bibtex.web, "Purify a special character").

    Letters and digits stay, spaces, ``-`` and ``~`` become spaces, the rest
    goes. In a special character the foreign letters BibTeX knows keep their
    letters (``{\\OE}`` -> ``OE``, ``{\\aa}`` -> ``a``), other control words
    vanish, and only letters and digits are kept of what follows.
    """
    if "{" not in text:  # no special characters: a character at a time, by table
        return _PURIFY_DROP.sub("", text.translate(_PURIFY_SPACE))
    out: list[str] = []
    i, n, depth = 0, len(text), 0
    while i < n:
        ch = text[i]
        if ch in " \t\n-~":
            out.append(" ")
        elif _alnum(ch):
            out.append(ch)
        elif ch == "{":
            depth += 1
            if depth == 1 and i + 1 < n and text[i + 1] == "\\":
                i += 1
                while i < n and depth > 0:
                    i += 1  # the backslash
                    start = i
                    while i < n and text[i].isascii() and text[i].isalpha():
                        i += 1
                    name = text[start:i]
                    if name in _CS_AS_LETTER or name in _CS_TWO_LETTERS:
                        out.append(name[:2] if name in _CS_TWO_LETTERS else name[0])
                    while i < n and depth > 0 and text[i] != "\\":
                        if _alnum(text[i]):
                            out.append(text[i])
                        elif text[i] == "}":
                            depth -= 1
                        elif text[i] == "{":
                            depth += 1
                        i += 1
                continue
        elif ch == "}" and depth > 0:
            depth -= 1
        i += 1
    return "".join(out)


_KEY_IN_MSG = re.compile(r"(?: in | for entry |entry \"?)([^\s\"]+)\"?$")


def _diagnostic(err: Exception, source: str) -> Diagnostic:
    msg = str(err).strip()
    key = None
    m = _KEY_IN_MSG.search(msg)
    if m:
        key = m.group(1)
    line = getattr(err, "lineno", None)
    lineno = line if isinstance(line, int) else None
    if msg.startswith("undefined string"):
        # BibTeX goes on with an empty value; so do we, but say so
        return Diagnostic("warning", "bib.undefined-macro", msg, source, lineno)
    if isinstance(err, PybtexSyntaxError) or msg.startswith("syntax error"):
        # the .bib itself is broken here: the entry is lost or wrong
        return Diagnostic("error", "bib.syntax", msg, source, lineno)
    if msg.startswith("repeated bibliography entry"):
        key = msg.rpartition(": ")[2] or key
        msg = "duplicate key; the style uses the first entry only"
        return Diagnostic("warning", "bib.duplicate-key", msg, source, lineno, key)
    return Diagnostic("warning", "bst.warning", msg, source, lineno, key)


# "\bibitem[LABEL]{KEY}" on one line; LABEL is matched greedily up to the last
# "]{" because alpha's labels can hold brackets and even unbalanced braces
# (after 26 equal labels its extra.label runs past "z" into "{", "|", ...).
_BIBITEM_SPLIT = re.compile(r"\\bibitem(?=[\[{])")
_BIBITEM_HEAD = re.compile(r"\A(?:\[(.*)\])?\{([^{}\n]*)\}[ \t]*(?:\n|\Z)")
_BEGIN = re.compile(r"\\begin\{thebibliography\}\{((?:[^{}]|\{[^{}]*\})*)\}")


def parse_bbl(bbl: str) -> tuple[str, str, list[tuple[str, str | None, str]]]:
    """Split a ``.bbl`` into (preamble, widest label, [(key, label or None, LaTeX body)])."""
    begin = _BEGIN.search(bbl)
    preamble = bbl[: begin.start()].strip() if begin else ""
    widest = begin.group(1) if begin else ""
    body = bbl[begin.end() :] if begin else bbl
    body = body.split("\\end{thebibliography}")[0]
    items: list[tuple[str, str | None, str]] = []
    for chunk in _BIBITEM_SPLIT.split(body)[1:]:
        m = _BIBITEM_HEAD.match(chunk)
        if m is None:  # not an item head after all: part of the previous body
            if items:
                key, label, tex = items[-1]
                items[-1] = (key, label, tex + "\\bibitem" + chunk.rstrip())
            continue
        items.append((m.group(2), m.group(1), chunk[m.end() :].strip()))
    return preamble, widest, items


_CITE = re.compile(r"\\cite\{([^{}]*)\}")


def format_bst(
    bib_text: str | Bibliography | BstInput,
    style: str,
    citations: Sequence[str] = ("*",),
    source: str = "<input>",
    extra_diagnostics: Iterable[Diagnostic] = (),
    bytes_mode: bool = False,
) -> FormattedBibliography:
    """Format ``.bib`` text with a BibTeX style (bundled name or ``PATH.bst``)."""
    path = bst_path(style)
    if path is None:
        raise ConfigError(f"not a BibTeX style: {style!r}")
    try:
        bst_source = path.read_text(encoding="utf-8", errors="replace")
    except OSError as e:
        raise ConfigError(f"cannot read style {str(path)!r}: {e.strerror or e}") from e
    terminal.phase(f"running {path.name}")
    bbl, diags = run_bst(
        bib_text, bst_source, citations, source, bst_name=str(path), bytes_mode=bytes_mode
    )
    preamble, widest, items = parse_bbl(bbl)
    terminal.phase("formatting", len(items))
    entries = []
    labelled = any(label is not None for _, label, _ in items)
    # a crossref'd entry cites its parent (\cite{key}): show the parent's label
    labels = {
        key: label if label is not None else str(n) for n, (key, label, _) in enumerate(items, 1)
    }

    def cite(m: re.Match[str]) -> str:
        keys = [k.strip() for k in m.group(1).split(",")]
        return "[" + ", ".join(labels.get(k, k) for k in keys) + "]"

    for n, (key, label, tex) in enumerate(items, 1):
        terminal.tick()
        lab = latex_to_text(label) if label is not None else str(n)
        rich = latex_to_rich(_CITE.sub(cite, tex))
        entries.append(FormattedEntry(key, lab, rich, latex=tex, latex_label=label))
    return FormattedBibliography(
        style=path.stem if style in BST_STYLES else str(path),
        entries=tuple(entries),
        diagnostics=(*extra_diagnostics, *diags),
        label_style="alpha" if labelled else "numeric",
        preamble=preamble,
        widest_label=widest,
    )
