"""Shared CLI pieces: exit codes, diagnostics on stderr, output files."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

import click

from ..model import Diagnostic
from ..terminal import escape, quiet_progress

EXIT_OK = 0
EXIT_FINDINGS = 1  # dead links, untidy file with --check, ...
EXIT_INPUT = 2  # usage or input error (click also uses 2 for usage errors)
EXIT_INTERNAL = 3


def report(diagnostics: Iterable[Diagnostic], quiet: bool = False) -> None:
    """Print diagnostics to stderr, one line each (``file:line: entry 'k': severity: msg``)."""
    tty = sys.stderr is not None and sys.stderr.isatty()
    with quiet_progress():  # a progress line, if any, out of the way
        for d in diagnostics:
            if quiet and d.severity == "info":
                continue
            click.echo(escape(str(d)) if tty else str(d), err=True)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """True when reading the input found an error (e.g. a BibTeX block that failed
    to parse). Every command then exits with EXIT_INPUT, and commands that write
    a file derived from the input write nothing."""
    return any(d.severity == "error" for d in diagnostics)


BACKUP_SUFFIX = "~"


class BackupCommand(click.Command):
    """A command with ``--backup[=SUFFIX]``: an optional value only after '=' (as
    GNU cp/sed do), so ``--backup FILE`` never swallows FILE. Give the command a
    flag ``--backup`` and a hidden ``--backup-suffix``; use ``backup_suffix()``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        out: list[str] = []
        for i, a in enumerate(args):
            if a == "--":
                out += args[i:]
                break
            if a.startswith("--backup="):
                out += ["--backup", "--backup-suffix", a.split("=", 1)[1]]
            else:
                out.append(a)
        return super().parse_args(ctx, out)


def backup_options(f: Any) -> Any:
    f = click.option("--backup-suffix", hidden=True, default=None)(f)
    return click.option(
        "--backup",
        is_flag=True,
        help=f"Keep the old file as FILE{BACKUP_SUFFIX} before rewriting it in place "
        "(--backup=SUFFIX: FILE+SUFFIX).",
    )(f)


def backup_suffix(backup: bool, suffix: str | None) -> str | None:
    """The suffix to back up with, or None; a usage error for an empty one."""
    if suffix is not None:
        if not suffix or "/" in suffix:
            raise click.UsageError("--backup=SUFFIX needs a suffix without '/', e.g. .bak")
        return suffix
    return BACKUP_SUFFIX if backup else None
