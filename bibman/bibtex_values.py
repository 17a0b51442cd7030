"""BibTeX values: source text -> ``#``-separated pieces -> plain string (macros expanded)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .lazyre import lazy
from .model import strip_delimiters
from .months import MACRO_TO_NAME

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
