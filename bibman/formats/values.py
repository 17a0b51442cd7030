"""Field values of a BibTeX entry as text: macros expanded, LaTeX kept or decoded.

The one place where the formats reach into ``bibman.bibtex`` (macro expansion)
and ``bibman.latex`` (LaTeX -> Unicode), so the exchange formats never parse
BibTeX themselves.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..bibtex import expand
from ..model import Entry
from ..months import MONTH_MACROS

# BibTeX's predefined month macros, used when a value is a bare month name.
MONTHS = MONTH_MACROS


def expand_value(value: str, strings: Mapping[str, str]) -> str:
    """BibTeX source (``{..}``, ``".."``, macros, ``#``) -> the LaTeX text it stands for."""
    return expand(value, strings)


def field_latex(entry: Entry, name: str, strings: Mapping[str, str]) -> str | None:
    """A field's expanded LaTeX text, or None when the entry has no such field."""
    f = entry.field(name)
    if f is None:
        return None
    return expand_value(f.value, strings)


def field_text(entry: Entry, name: str, strings: Mapping[str, str]) -> str | None:
    """A field's value as plain Unicode (braces and LaTeX gone), or None."""
    latex = field_latex(entry, name, strings)
    return None if latex is None else plain_text(latex)


def plain_text(latex: str) -> str:
    """LaTeX field text -> plain Unicode, by the same rules as the CSL rich text (no markup)."""
    from .richtext import latex_to_rich

    return latex_to_rich(latex, markup=False)
