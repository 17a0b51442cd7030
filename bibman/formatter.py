"""One call to format a bibliography in any style: the library face of `bibman format`.

``format_bibliography(bib, "apa")`` works with BibTeX's own styles (``plain``, ``alpha``,
a ``PATH.bst``: run as bibtex would), any CSL style id, alias (``mla``, ``harvard``) or
``.csl`` file (bibman's CSL processor), and returns the entries rendered as text, HTML,
Markdown or LaTeX, laid out as the command prints them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Bibliography, Diagnostic


@dataclass(frozen=True)
class Formatted:
    """A formatted bibliography: ``(key, rendered entry)`` in the style's order."""

    style: str  # what the style name resolved to: a BibTeX style, a CSL id or a path
    to: str  # text, html, markdown or latex
    entries: tuple[tuple[str, str], ...]
    text: str  # the whole bibliography as `bibman format` prints it
    diagnostics: tuple[Diagnostic, ...] = ()

    def __str__(self) -> str:
        return self.text


def format_bibliography(
    bib: Bibliography | str,
    style: str = "plain",
    *,
    to: str = "text",
    locale: str | None = None,
    source: str = "<input>",
) -> Formatted:
    """Format ``bib`` (a ``Bibliography`` or BibTeX source text) with ``style``.

    Raises ``ConfigError`` for an unknown style, style file or locale (with suggestions)
    and for an unknown output format; problems in entries are ``diagnostics``.
    """
    from .stylenames import resolve_locale, resolve_style

    resolved = resolve_style(style)
    if isinstance(bib, str):
        from . import bibtex

        bib = bibtex.loads(bib, source)
    if resolved.kind == "bst":
        from .styles import format_entries, render, render_entry

        result = format_entries(bib, resolved.name)
        return Formatted(
            resolved.name,
            to,
            tuple((e.key, render_entry(e, to)) for e in result.entries),
            render(result, to),
            result.diagnostics,
        )
    from .csl import api as csl
    from .formats import csljson
    from .styles.backends import render_strings

    if locale:
        locale = resolve_locale(locale)
    items = csljson.bib_to_csl(bib, sentence_case=True).items  # as `bibman format`
    style_obj = csl.load_style(str(resolved.path))
    rendered = csl.render_bibliography(items, style_obj, locale=locale, fmt=to)
    return Formatted(
        resolved.name,
        to,
        tuple(rendered.entries),
        render_strings(rendered.entries, to),
        tuple(bib.diagnostics) + tuple(rendered.diagnostics),
    )
