"""`bibman format`: a .bib file -> a formatted bibliography (text, HTML, Markdown, LaTeX).

BibTeX's own styles (plain, unsrt, alpha, abbrv, PATH.bst) run on bibman.styles;
any other style is a CSL style (id or PATH.csl) and goes to bibman.csl.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

import click

from .. import terminal
from ..errors import InputError
from ..model import Diagnostic
from ..textio import read_text, refuse_input_as_output, write_file
from .common import EXIT_INPUT, report, stdout_output_option

if TYPE_CHECKING:
    from ..formats.registry import Format

# The output formats (bibman.styles.BACKENDS), spelled out so that `bibman format` does not
# import pybtex for a CSL style; a test keeps the two equal.
BACKENDS = ("text", "html", "markdown", "latex")


def _complete_style(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    from .conventions import complete_style

    return complete_style(ctx, param, incomplete)


@click.command(name="format")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True, allow_dash=True))
@click.option(
    "-s",
    "--style",
    default="plain",
    show_default=True,
    metavar="NAME|PATH",
    shell_complete=_complete_style,
    help="plain, unsrt, alpha, abbrv (BibTeX's own styles) or a .bst path; "
    "or a CSL style id (see `bibman styles`) or .csl path.",
)
@click.option(
    "-t",
    "--to",
    "to",
    type=click.Choice(BACKENDS),
    default=None,
    help="Output format [text; with -o, from its suffix: .html .md .tex .txt].",
)
@click.option(
    "--locale", metavar="xx-XX", help="Locale for CSL styles (BibTeX styles are English)."
)
@click.option(
    "-f",
    "--from",
    "src",
    type=click.Choice(["bibtex", "biblatex", "csljson", "yaml", "ris"]),
    help="Input format [from each FILE's suffix or content], as in `bibman convert`.",
)
@click.option("--keyed", is_flag=True, help="One 'KEY<TAB>entry' line per entry.")
@stdout_output_option("Write here instead of stdout")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only, not style warnings.")
@click.option(
    "--bibtex-bytes",
    is_flag=True,
    help="BibTeX styles: treat non-ASCII text byte by byte as BibTeX 0.99d does, to "
    "reproduce a real .bbl exactly (alpha labels and abbrv initials can then cut a "
    "character in half, shown as U+FFFD).",
)
def command(
    files: tuple[str, ...],
    style: str,
    to: str | None,
    locale: str | None,
    src: str | None,
    keyed: bool,
    output: str | None,
    quiet: bool,
    bibtex_bytes: bool,
) -> None:
    """Format the entries of FILES (.bib, CSL-JSON, YAML or RIS; '-' for stdin) with a style.

    Several FILES make one bibliography, as bibtex reads \\bibliography{a,b}.

    \b
    Entries come out in the style's order (sorted for plain, alpha and abbrv,
    file order for unsrt) with the style's labels. BibTeX styles render as the
    real bibtex does. Warnings (empty fields, ...) go to stderr; a .bib that
    cannot be parsed is an error (exit 2) and nothing is written.
    """
    from ..stylenames import resolve_locale, resolve_style
    from .conventions import FORMAT_SUFFIXES, output_format

    to = output_format(to, output, FORMAT_SUFFIXES, "text")

    if files.count("-") > 1:
        raise click.UsageError("standard input ('-') can be read once")
    file = files[0]
    source = "<stdin>" if file == "-" else file
    refuse_input_as_output(output, [*files, style])
    resolved = resolve_style(style)
    if locale and resolved.kind == "csl":
        locale = resolve_locale(locale)
    with terminal.progress(f"format ({resolved.name})"):  # on a terminal, for long work
        out = _format(files, file, source, resolved, to, locale, keyed, quiet, src, bibtex_bytes)
    if output:
        refuse_input_as_output(output)
        write_file(output, out)
    else:
        click.echo(out, nl=False)


def _format(
    files: tuple[str, ...],
    file: str,
    source: str,
    resolved: Any,
    to: str,
    locale: str | None,
    keyed: bool,
    quiet: bool,
    src: str | None,
    bibtex_bytes: bool,
) -> str:
    if resolved.kind == "bst":
        from ..styles import format_bibliography, format_entries, render

        if len(files) > 1:  # one bibliography from several files, as bibtex reads them
            from ..bibfile import parse
            from .conventions import merge

            bibs = [parse(read_text(f), f)[0] if src is None else _read_as(f, src) for f in files]
            result = format_entries(merge(bibs), resolved.name, bytes_mode=bibtex_bytes)
        elif (fmt := _input_format(file, (decoded := read_text(file)).text, src)).name in (
            "bibtex",
            "biblatex",
        ):
            result = format_bibliography(
                decoded.text,
                resolved.name,
                source=source,
                diagnostics=decoded.diagnostics,
                bytes_mode=bibtex_bytes,
            )
        else:  # CSL-JSON, YAML, RIS: through their reader to BibTeX entries
            bib = fmt.read(decoded.text, source)
            result = format_entries(
                bib, resolved.name, diagnostics=decoded.diagnostics, bytes_mode=bibtex_bytes
            )
        diagnostics = list(result.diagnostics)
        if locale:
            diagnostics.append(
                Diagnostic(
                    "warning",
                    "format.locale-ignored",
                    "--locale has no effect on BibTeX styles",
                    source,
                )
            )
        _finish(diagnostics, quiet)
        out = render(result, to, keyed=keyed)
    else:
        from ..stylenames import alias_note

        note = alias_note(resolved)
        if note and not quiet:
            click.echo(f"bibman: {note}", err=True)
        out = _format_csl(files, str(resolved.path), to, locale, keyed, quiet, src)
    return out


def _input_format(file: str, text: str, src: str | None = None) -> Format:
    """The reader for FILE: ``--from``, else by suffix, else by content (BibTeX when
    unsure); an empty input is an error, as in every command."""
    from ..bibfile import format_of
    from ..formats import registry

    if not text.strip():
        raise InputError("empty input: no entries", "<stdin>" if file == "-" else file)
    return registry.get(src or format_of(file, text))


def _read_as(file: str, src: str) -> Any:
    """FILE read with the ``--from`` reader, its decoding notes kept."""
    from dataclasses import replace

    decoded = read_text(file)
    bib = _input_format(file, decoded.text, src).read(
        decoded.text, "<stdin>" if file == "-" else file
    )
    return replace(bib, diagnostics=decoded.diagnostics + bib.diagnostics)


def _format_csl(
    files: tuple[str, ...],
    style: str,
    to: str,
    locale: str | None,
    keyed: bool,
    quiet: bool,
    src: str | None = None,
) -> str:
    from ..csl import api as csl
    from ..styles.backends import render_strings

    csl_style = csl.load_style(style)
    # read in a function of its own: the files' text and entries are freed before rendering
    from ..formats.cslitems import OWN_VARIABLE

    unread = csl.unread_variables(csl_style, set(OWN_VARIABLE.values()))
    items, read_diags = _csl_items(files, quiet, src, unread)
    # reading leaves reference cycles (LaTeX decoding's caught exceptions keep their
    # frames, and those the reader's, up to the file's text): one collection frees the
    # text and what else they hold before rendering starts (2 MB file: 4.8 MB traced)
    gc.collect()
    terminal.phase(f"formatting {len(items):,} entries")
    rendered = csl.render_bibliography(items, csl_style, locale=locale, fmt=to, consume=True)
    _finish(read_diags + list(rendered.diagnostics), quiet)
    return render_strings(rendered.entries, to, keyed=keyed)


def _csl_items(
    files: tuple[str, ...], quiet: bool, src: str | None, unread: frozenset[str] = frozenset()
) -> tuple[list[Any], list[Diagnostic]]:
    """FILES as CSL items (one bibliography), with what reading them reported; a .bib's
    fields that only fill variables in ``unread`` (the style never names them) are left
    out."""
    from .cite import items_from_json

    read_diags: list[Diagnostic] = []
    items: list[Any] = []
    for file in files:  # several files make one bibliography
        decoded = read_text(file)
        fmt = _input_format(file, decoded.text, src)
        read_diags += decoded.diagnostics
        if fmt.name == "csljson":
            # CSL-JSON goes to the engine as it is
            items += items_from_json(decoded.text, "<stdin>" if file == "-" else file)
        else:
            from ..formats import cslitems, csljson

            source = "<stdin>" if file == "-" else file
            # a .bib: entry by entry as it is read, the items kept compact (memory)
            streamed = (
                cslitems.stream_items(decoded.text, source, unread) if fmt.name in _BIB else None
            )
            if streamed is not None:
                del decoded
                read_diags += streamed[1]
                _finish([d for d in read_diags if d.severity == "error"], quiet)
                items += streamed[0]
                continue
            bib = fmt.read(decoded.text, source)
            read_diags += bib.diagnostics
            # a .bib that cannot be read is an error before anything is rendered
            _finish([d for d in read_diags if d.severity == "error"], quiet)
            items += csljson.bib_to_csl(bib, sentence_case=True).items
    return items, read_diags


_BIB = ("bibtex", "biblatex")


def _finish(diagnostics: list[Diagnostic], quiet: bool) -> None:
    """Report; on errors stop with exit 2 before anything is written."""
    errors = [d for d in diagnostics if d.severity == "error"]
    report(errors if (quiet or errors) else diagnostics, quiet=True)
    if errors:
        raise click.exceptions.Exit(EXIT_INPUT)
