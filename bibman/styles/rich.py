"""Format-neutral rich text: what every style produces and every backend renders.

A rendered entry is a flat sequence of ``Run`` values: a piece of plain Unicode
text with the set of styles in force (italic, bold, ...) and an optional link
target. Flat runs are enough for bibliographies (nesting is only ever styles
stacking) and make each backend a short loop.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..model import Diagnostic

Style = Literal["italic", "bold", "smallcaps", "sup", "sub"]
STYLES: tuple[Style, ...] = ("italic", "bold", "smallcaps", "sup", "sub")


@dataclass(frozen=True)
class Run:
    """Plain text with the styles in force; ``url`` makes it a link."""

    text: str
    styles: frozenset[Style] = frozenset()
    url: str | None = None


Rich = tuple[Run, ...]


@dataclass(frozen=True)
class FormattedEntry:
    """One bibliography entry: its key, its label ("1", "Knu84"; "" if none) and body.

    ``latex`` is the entry exactly as a LaTeX source (a ``.bbl`` item body) when
    the style produced LaTeX; the LaTeX backend prefers it so nothing is lost.
    """

    key: str
    label: str
    body: Rich
    latex: str | None = None
    latex_label: str | None = None  # the label as LaTeX source, when it differs

    @property
    def plain(self) -> str:
        return "".join(r.text for r in self.body)


@dataclass(frozen=True)
class FormattedBibliography:
    """A style's output: entries in bibliography order, plus what went wrong."""

    style: str
    entries: tuple[FormattedEntry, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    label_style: Literal["numeric", "alpha", "none"] = "numeric"
    preamble: str = ""  # LaTeX preamble (e.g. a .bbl's \newcommand lines)
    widest_label: str = ""
    extra: dict[str, str] = field(default_factory=dict)


_SPACES = re.compile(r"[^\S\u00a0]+")  # whitespace but the no-break space


def normalize_runs(runs: Iterable[Run]) -> Rich:
    """Merge neighbours with equal styling, fold whitespace to single spaces, trim.

    Whitespace is folded across run boundaries too, so ``"a "`` + ``" b"``
    becomes ``"a b"``; empty runs disappear.
    """
    out: list[Run] = []
    prev_space = True  # at the start, leading whitespace is dropped
    for run in runs:
        # NBSP is a real character in bibliographies ("~"): keep it.
        text = _SPACES.sub(" ", run.text)
        if prev_space and text.startswith(" "):
            text = text[1:]
        if not text:
            continue
        prev_space = text.endswith(" ")
        if out and out[-1].styles == run.styles and out[-1].url == run.url:
            out[-1] = Run(out[-1].text + text, run.styles, run.url)
        else:
            out.append(Run(text, run.styles, run.url))
    # trailing space
    while out and out[-1].text.endswith(" "):
        last = out[-1]
        stripped = last.text.rstrip(" ")
        if stripped:
            out[-1] = Run(stripped, last.styles, last.url)
        else:
            out.pop()
    return tuple(out)


def plain(runs: Sequence[Run]) -> str:
    return "".join(r.text for r in runs)
