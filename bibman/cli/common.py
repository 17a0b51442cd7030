"""Shared CLI pieces: exit codes, diagnostics on stderr, output files."""

from __future__ import annotations

from collections.abc import Iterable

import click

from ..model import Diagnostic

EXIT_OK = 0
EXIT_FINDINGS = 1  # dead links, untidy file with --check, ...
EXIT_INPUT = 2  # usage or input error (click also uses 2 for usage errors)
EXIT_INTERNAL = 3


def report(diagnostics: Iterable[Diagnostic], quiet: bool = False) -> None:
    """Print diagnostics to stderr, one line each (``file:line: entry 'k': severity: msg``)."""
    for d in diagnostics:
        if quiet and d.severity == "info":
            continue
        click.echo(str(d), err=True)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """True when reading the input found an error (e.g. a BibTeX block that failed
    to parse). Every command then exits with EXIT_INPUT, and commands that write
    a file derived from the input write nothing."""
    return any(d.severity == "error" for d in diagnostics)
