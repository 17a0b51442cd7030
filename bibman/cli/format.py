"""`bibman format`: a .bib file -> a formatted bibliography (text, HTML, Markdown, LaTeX)."""

from __future__ import annotations

import click

from ..styles import BACKENDS, format_bibliography, render
from ..textio import atomic_write, read_text
from .common import EXIT_INPUT, report


@click.command(name="format")
@click.argument("file", type=click.Path(dir_okay=True, allow_dash=True))
@click.option(
    "-s",
    "--style",
    default="plain",
    show_default=True,
    metavar="NAME|PATH",
    help="plain, unsrt, alpha, abbrv (BibTeX's own styles), or a path to a .bst file.",
)
@click.option(
    "-t",
    "--to",
    "to",
    type=click.Choice(BACKENDS),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--locale", metavar="xx-XX", help="Locale for CSL styles (BibTeX styles are English)."
)
@click.option("--keyed", is_flag=True, help="One 'KEY<TAB>entry' line per entry.")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of stdout."
)
@click.option("-q", "--quiet", is_flag=True, help="Do not print style warnings.")
def command(
    file: str,
    style: str,
    to: str,
    locale: str | None,
    keyed: bool,
    output: str | None,
    quiet: bool,
) -> None:
    """Format the entries of FILE (a .bib file, '-' for stdin) with a bibliography style.

    \b
    Entries come out in the style's order (sorted for plain/alpha/abbrv, file
    order for unsrt), with the style's labels. Warnings the style gives (empty
    fields, ...) go to stderr; a .bib that cannot be parsed is an error (exit 2)
    and nothing is written.
    """
    decoded = read_text(file)
    source = "<stdin>" if file == "-" else file
    result = format_bibliography(
        decoded.text, style, source=source, diagnostics=decoded.diagnostics
    )
    errors = [d for d in result.diagnostics if d.severity == "error"]
    report(errors if quiet else result.diagnostics)
    if errors:
        raise click.exceptions.Exit(EXIT_INPUT)
    out = render(result, to, keyed=keyed)
    if output:
        atomic_write(output, out)
    else:
        click.echo(out, nl=False)
