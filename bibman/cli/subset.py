"""`bibman subset`: the entries a paper cites, as a .bib of their own."""

from __future__ import annotations

import click

from .. import bibfile, bibtex
from ..errors import InputError
from ..subset import read_citations, subset
from ..textio import refuse_input_as_output, write_file
from .common import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    diag_json,
    has_errors,
    json_report,
    report,
    report_format_option,
    stdout_output_option,
)


@click.command(name="subset")
@click.argument("paper", type=click.Path(dir_okay=False))
@click.option(
    "-b",
    "--bib",
    "bibs",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="A .bib file to take entries from (repeatable; default: the paper's \\bibliography / \\bibdata / \\addbibresource).",
)
@stdout_output_option("Output .bib (none: stdout)")
@click.option(
    "-q", "--quiet", is_flag=True, help="Do not print notes (info), only warnings and errors."
)
@report_format_option("the paper, the .bib files, entries written, keys missing, diagnostics")
def command(
    paper: str, bibs: tuple[str, ...], output: str | None, quiet: bool, report_format: str
) -> None:
    """Write the entries PAPER (a .aux or .tex file) cites.

    \b
    Understands \\cite and its natbib (\\citep, \\citet, ...) and biblatex
    (\\parencite, \\textcite, \\autocites, ...) variants, \\nocite{*}, and
    \\input/\\include. Crossref and xdata parents come along, with the @string
    macros the entries use. Exit 1 when a cited key has no entry (the others are
    still written). With --format json (and -o FILE) stdout carries one JSON
    document saying what was written.
    """
    as_json = report_format == "json"
    if as_json and (output is None):
        raise click.UsageError("--format json reports on stdout: give -o FILE")
    refuse_input_as_output(output, [paper, *bibs])
    cites = read_citations(paper)
    paths = [str(p) for p in cites.bib_files] if not bibs else list(bibs)
    if not paths:
        raise InputError("no .bib file named in the paper; give one with --bib", paper)
    loaded = [bibfile.load(p) for p in paths]
    result = subset(loaded, cites.keys, cites.all_entries, source=paper)
    diags = cites.diagnostics + tuple(d for b in loaded for d in b.diagnostics) + result.diagnostics
    failed = has_errors(d for b in loaded for d in b.diagnostics)
    if not as_json:
        report(diags, quiet=quiet)
    if not failed:  # a partial subset would silently lose entries
        text = bibtex.dumps(result.bibliography)
        if output is None:
            click.echo(text, nl=False)
        else:
            refuse_input_as_output(output)  # also the included .tex and default .bib files
            write_file(output, text)
    code = EXIT_INPUT if failed else EXIT_FINDINGS if result.missing else EXIT_OK
    if as_json:
        json_report(
            {
                "command": "subset",
                "paper": paper,
                "bibs": paths,
                "output": output,
                "cited": len(cites.keys),
                "all_entries": cites.all_entries,
                "entries": 0 if failed else len(result.bibliography.entries),
                "written": not failed,
                "missing": list(result.missing),
                "diagnostics": [diag_json(d) for d in diags if not quiet or d.severity != "info"],
                "exit": code,
            }
        )
    if code:
        raise click.exceptions.Exit(code)
