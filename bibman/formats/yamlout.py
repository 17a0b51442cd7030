"""A YAML writer for bibman's own documents (CSL items: mappings, sequences,
strings, integers, booleans, null), in PyYAML's block layout.

Why not ``yaml.dump``: PyYAML builds a node graph of the whole document and
runs a generic representer and emitter over it; on a large bibliography that
cost more than mapping the entries to CSL (``bench/scale.py``: ``convert --to
yaml`` was 4.6x bibtexparser, CSL-JSON 2.5x). This writer goes once over the
values and writes lines.

Scalars: plain when plain is safe (printable, no indicator or ``: `` / `` #``,
and PyYAML's resolver reads it back as a string), single-quoted when printable
but not plain-safe, double-quoted with escapes otherwise (line breaks,
control characters, leading or trailing white space). Output reads back with
``yaml.safe_load`` to the same values (tests/test_yamlout.py checks that,
against PyYAML's own dump too). Long strings are not folded.

A value of another type raises ``TypeError``; the caller falls back to PyYAML.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"
# first characters for which PyYAML's implicit resolvers may read a non-string
_RESOLVABLE = frozenset(k for k in yaml.resolver.Resolver.yaml_implicit_resolvers if k)

# characters a YAML stream may hold unescaped (PyYAML's emitter with allow_unicode;
# no tab, no line breaks (\x85, \u2028, \u2029 are line breaks in YAML), no BOM)
_PRINTABLE = "\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffd"
_SINGLE_OK = re.compile(f"[{_PRINTABLE}]+")
# plain in block context: no indicator first, no ': ' or ' #', no ':' last,
# no white space at either end, not a document marker
_PLAIN_OK = re.compile(
    f"(?![-?:,\\[\\]{{}}#&*!|>'\"%@`\\s])(?!---|\\.\\.\\.)(?:(?!: | #)[{_PRINTABLE}])*(?<![:\\s])"
)
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\0": "\\0",
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}
_NEEDS_ESCAPE = re.compile(f'[^{_PRINTABLE}]|["\\\\]')


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    n = ord(ch)
    if n < 0x100:
        return f"\\x{n:02X}"
    if n < 0x10000:
        return f"\\u{n:04X}"
    return f"\\U{n:08X}"


def scalar(value: str) -> str:
    """``value`` as a YAML scalar in block context."""
    if (
        value
        and _PLAIN_OK.fullmatch(value)
        and (
            value[0] not in _RESOLVABLE
            or _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG
        )
    ):
        return value
    if value and value == value.strip() and _SINGLE_OK.fullmatch(value):
        return "'" + value.replace("'", "''") + "'"
    return '"' + _NEEDS_ESCAPE.sub(_escape, value) + '"'


def _atom(value: Any) -> str | None:
    """A scalar's text, or None for a mapping or sequence."""
    if isinstance(value, str):
        return scalar(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Mapping):
        return "{}" if not value else None
    if isinstance(value, Sequence):
        return "[]" if not value else None
    raise TypeError(f"no YAML form for {type(value).__name__}")


def block(value: Any, col: int, out: list[str]) -> None:
    """Append ``value`` written from column ``col``, the first line already indented."""
    pad = " " * col
    if isinstance(value, Mapping):
        first = True
        for k, v in value.items():
            if not isinstance(k, str):
                raise TypeError("mapping keys must be strings")
            if not first:
                out.append(pad)
            first = False
            out.append(scalar(k))
            out.append(":")
            _value(v, col, out)
        return
    for i, v in enumerate(value):
        if i:
            out.append(pad)
        out.append("- ")
        text = _atom(v)
        if text is None:
            block(v, col + 2, out)
        else:
            out.append(text)
            out.append("\n")


def _value(v: Any, col: int, out: list[str]) -> None:
    """A mapping's value after ``key:``: inline when a scalar, else on the next lines."""
    text = _atom(v)
    if text is not None:
        out.append(" ")
        out.append(text)
        out.append("\n")
    elif isinstance(v, Mapping):
        out.append("\n")
        out.append(" " * (col + 2))
        block(v, col + 2, out)
    else:  # sequences in a mapping are not indented (PyYAML's layout)
        out.append("\n")
        out.append(" " * col)
        block(v, col, out)


def document(key: str, items: Sequence[Any]) -> str:
    """``---``, ``key:`` and the items as a block sequence, ``...``."""
    out = ["---\n", scalar(key), ":"]
    _value(list(items), 0, out)
    out.append("...\n")
    return "".join(out)
