"""Bibliography styles behind one function returning a format-neutral result.

``format_bibliography(bib_text, style)`` -> ``FormattedBibliography`` (rich
text per entry); ``render(result, "text"|"html"|"markdown"|"latex")`` -> str.
BibTeX's own styles (plain, unsrt, alpha, abbrv, or a ``PATH.bst``) run on
pybtex's ``.bst`` interpreter, so they render as real bibtex does.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError
from ..model import Bibliography, Block, Diagnostic, Entry
from .backends import BACKENDS, render, render_entry, render_strings
from .rich import FormattedBibliography, FormattedEntry, Rich, Run

if TYPE_CHECKING:
    from .bst import BST_STYLES

__all__ = [
    "BACKENDS",
    "BST_STYLES",
    "FormattedBibliography",
    "FormattedEntry",
    "Rich",
    "Run",
    "UnknownStyleError",
    "available_styles",
    "format_bibliography",
    "format_entries",
    "is_bst_style",
    "render",
    "render_entry",
    "render_strings",
    "suggest_styles",
]


class UnknownStyleError(ConfigError):
    """A style name that is neither a bundled style nor a readable file."""

    def __init__(self, style: str, suggestions: Sequence[str], available: Sequence[str]) -> None:
        self.style = style
        self.suggestions = tuple(suggestions)
        msg = f"unknown style {style!r}"
        if suggestions:
            msg += f"; did you mean {' or '.join(repr(s) for s in suggestions)}?"
        msg += (
            f" (BibTeX styles: {', '.join(available)}, or a .bst path;"
            " CSL styles: see `bibman styles`, or a .csl path)"
        )
        super().__init__(msg)


def __getattr__(name: str) -> Any:
    # The .bst machinery imports pybtex (~30 ms): loaded when a BibTeX style is used, so
    # that a CSL style or `render_strings` does not pay for it.
    if name == "BST_STYLES":
        from .bst import BST_STYLES

        return BST_STYLES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def available_styles() -> list[str]:
    """Style names ``format_bibliography`` accepts (besides file paths)."""
    from .bst import BST_STYLES

    return list(BST_STYLES)


def suggest_styles(style: str, names: Iterable[str] | None = None, n: int = 3) -> list[str]:
    """The closest known style names to ``style`` (case-insensitive)."""
    pool = list(names if names is not None else available_styles())
    lower = {p.lower(): p for p in pool}
    import difflib

    hits = difflib.get_close_matches(style.lower(), list(lower), n=n, cutoff=0.5)
    return [lower[h] for h in hits]


def format_bibliography(
    bib_text: str,
    style: str = "plain",
    *,
    source: str = "<input>",
    citations: Sequence[str] = ("*",),
    diagnostics: Iterable[Diagnostic] = (),
    bytes_mode: bool = False,
) -> FormattedBibliography:
    """Format BibTeX source text with ``style``.

    ``citations``: keys in citation order (``"*"`` = all entries, file order).
    ``diagnostics`` (e.g. from decoding the file) are passed through in the result.
    ``bytes_mode``: handle non-ASCII text byte by byte, exactly as BibTeX 0.99d
    (which can cut a UTF-8 character in an alpha label or abbrv initial).
    Raises ``UnknownStyleError`` (a ``ConfigError``) for a style it does not know.
    """
    # bibman's own reader says where the .bib is broken (line, entry); pybtex,
    # which the .bst interpreter reads with, only adds what the style reports.
    # The text is read as the style runs, entry by entry (``bibtex.Stream``): the
    # style keeps its own compact entries, never a whole ``Bibliography`` as well.
    from .. import bibtex
    from .bst import BstInput, format_bst

    _check_style(style)
    stream = bibtex.Stream(bib_text, source)
    items = _bibtex_items(stream)
    feed = BstInput(items, stream.source)
    result = format_bst(feed, style, citations, source or "<input>", (), bytes_mode)
    for _ in items:  # a style that never READs: the reader's diagnostics all the same
        pass
    reader = tuple(stream.diagnostics)
    result = dataclasses.replace(result, diagnostics=(*diagnostics, *reader, *result.diagnostics))
    return _reader_said(result, reader, feed.lines)


def _bibtex_items(stream: Iterable[Entry | Block]) -> Iterator[Entry | Block]:
    """``stream``'s items with each entry in BibTeX form (``convert_bibliography``'s
    ``to_bibtex``, with the @string macros defined before it), one at a time."""
    from types import MappingProxyType

    from ..formats.biblatex import to_bibtex

    current: dict[str, str] = {}
    snapshot: Mapping[str, str] = MappingProxyType({})
    changed = False
    for item in stream:
        if isinstance(item, Entry):
            if changed:  # one copy per run of @strings, as Bibliography.strings_for
                snapshot = MappingProxyType(dict(current))
                changed = False
            yield to_bibtex(item, snapshot)[0]
        else:
            if item.kind == "string" and item.name and item.value is not None:
                current[item.name.lower()] = item.value
                changed = True
            yield item


def _check_style(style: str) -> None:
    if not is_bst_style(style):
        if style.lower().endswith(".bst"):
            raise ConfigError(f"{style}: no such .bst file")
        raise UnknownStyleError(style, suggest_styles(style), available_styles())


def format_entries(
    bib: Bibliography,
    style: str = "plain",
    *,
    citations: Sequence[str] = ("*",),
    diagnostics: Iterable[Diagnostic] = (),
    text: str | None = None,
    bytes_mode: bool = False,
) -> FormattedBibliography:
    """Format a ``Bibliography`` (from any reader: .bib, CSL-JSON, RIS, ...) with ``style``.

    BibLaTeX fields the BibTeX styles do not know (``date``, ``journaltitle``,
    ``location``, ...) are mapped to BibTeX's first; entries already in BibTeX
    form go to the style as they are. The style reads the entries bibman's
    reader found (never a second parser), so a broken block is skipped with
    the reader's error. ``text`` is accepted for compatibility and unused.
    """
    _check_style(style)
    from ..formats.biblatex import convert_bibliography
    from .bst import format_bst

    source = bib.source or "<input>"
    result = format_bst(
        convert_bibliography(bib, "bibtex"),
        style,
        citations,
        source,
        (*diagnostics, *bib.diagnostics),
        bytes_mode,
    )
    return _reader_said(result, bib.diagnostics, {e.key: e.line for e in bib.entries})


def _reader_said(
    result: FormattedBibliography,
    reader: Sequence[Diagnostic],
    lines: dict[str, int | None],
) -> FormattedBibliography:
    """Drop pybtex's versions of what the reader already said, better located."""
    said = {d.severity for d in reader}
    dup_said = any("duplicate key" in d.message for d in reader)
    kept = (
        _located(d, lines)
        for d in result.diagnostics
        if not (d.code == "bib.syntax" and "error" in said)
        and not (d.code == "bib.duplicate-key" and dup_said)
    )
    return dataclasses.replace(result, diagnostics=tuple(dict.fromkeys(kept)))


def _located(d: Diagnostic, lines: dict[str, int | None]) -> Diagnostic:
    """A style warning about an entry gets the entry's line; "... in KEY" is dropped."""
    if d.key is None or d.code != "bst.warning":
        return d
    msg = d.message.removesuffix(f" in {d.key}")
    return dataclasses.replace(d, message=msg, line=d.line or lines.get(d.key))


def is_bst_style(style: str) -> bool:
    """True for a bundled BibTeX style name or an existing ``.bst`` file."""
    from .bst import BST_STYLES, bst_path

    path = bst_path(style)
    return path is not None and (style in BST_STYLES or path.is_file())
