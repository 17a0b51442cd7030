"""Shared CLI pieces: exit codes, diagnostics on stderr, output files."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import click

from ..terminal import escape, quiet_progress

if TYPE_CHECKING:  # not imported at run time: `bibman --version` needs no data model
    from ..model import Diagnostic

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


def diag_json(d: Diagnostic) -> dict[str, Any]:
    """One diagnostic in a ``--format json`` report."""
    return {
        "file": d.file,
        "line": d.line,
        "key": d.key,
        "severity": d.severity,
        "code": d.code,
        "message": d.message,
    }


def report_format_option(what: str) -> Any:
    """``--format text|json`` of the commands that write a file (tidy, convert, subset):
    json is one JSON document on stdout saying what was done (``what``), with the
    diagnostics in it instead of on stderr; the file itself then goes to ``-o``."""
    return click.option(
        "--format",
        "report_format",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=f"How to report: text (notes on stderr) or one JSON document on stdout ({what}).",
    )


def json_report(record: dict[str, Any]) -> None:
    import json

    click.echo(json.dumps(record, ensure_ascii=False, indent=1))


# `-f/--from`: the input format, in every command that reads bibliographies
BIBLIOGRAPHY_INPUTS = ("bibtex", "biblatex", "csljson", "yaml", "ris")


def from_option(choices: tuple[str, ...], old_output: tuple[str, ...] = ()) -> Any:
    """``-f/--from FORMAT``: the input format [from each file's suffix or content].

    ``old_output``: report formats that ``-f`` used to select in this command; given one,
    the error says to use ``--format`` (the meaning of ``-f`` is the same everywhere now)."""

    def check(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        if value is None or value in choices:
            return value
        if value in old_output:
            raise click.BadParameter(
                f"{value!r} is a report format: -f/--from names the INPUT format in every "
                f"command now; use --format {value} (or --to {value})",
                ctx,
                param,
            )
        raise click.BadParameter(
            f"{value!r} is not one of {', '.join(map(repr, choices))}", ctx, param
        )

    return click.option(
        "-f",
        "--from",
        "src",
        metavar="[" + "|".join(choices) + "]",
        callback=check,
        help="Input format [from each FILE's suffix or content], as in `bibman convert`.",
    )


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


def _dash_is_stdout(ctx: Any, param: Any, value: str | None) -> str | None:
    return None if value == "-" else value


def stdout_output_option(help: str) -> Any:
    """``-o/--output FILE`` of a command that writes to standard output when not given;
    ``-o -`` is standard output too, as in pandoc, never a file named "-"."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, allow_dash=True),
        callback=_dash_is_stdout,
        help=help + " ('-': standard output)",
    )
