"""`bibman tidy`: one layout for a .bib file, normalised values, checks."""

from __future__ import annotations

import json
from typing import Any

import click

from .. import bibfile, bibtex, terminal
from ..errors import BibmanError, InputError
from ..keypattern import compile_pattern
from ..textdiff import unified_diff
from ..textio import encode, refuse_input_as_output, write_file
from ..tidy import TidyOptions, tidy
from .common import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    BackupCommand,
    backup_options,
    diag_json,
    has_errors,
    report,
)
from .common import backup_suffix as get_backup_suffix


@click.command(name="tidy", cls=BackupCommand)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True, allow_dash=True))
@click.option(
    "--check", is_flag=True, help="Change nothing; exit 1 and print a diff when FILE is not tidy."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write here ('-': stdout) instead of rewriting FILE.",
)
@click.option(
    "--sort",
    type=click.Choice(["key", "author", "year", "type"]),
    help="Sort entries (crossref parents go last).",
)
@click.option(
    "--keys",
    "key_pattern",
    metavar="PATTERN",
    help="Regenerate keys: '{auth}{year}{title}' (bibman's, lower case) or JabRef/Better "
    "BibTeX syntax '[auth:lower][year]', '[auth][year][shorttitle]'; prints old -> new.",
)
@click.option(
    "--dry-run", is_flag=True, help="Print what would change as a unified diff; write nothing."
)
@backup_options
@click.option("--keep-duplicates", is_flag=True, help="Keep exact duplicate entries.")
@click.option("--indent", default="  ", show_default=True, help="Field indentation.")
@click.option(
    "--field-order",
    metavar="FIELDS",
    help="Comma-separated field order (unlisted fields follow) [bibman's: author, editor, "
    "title, ..., year, month, ..., doi, url, urldate].",
)
@click.option(
    "--protect-titles",
    "titles",
    flag_value="protect",
    help="Brace only what must keep its capitals in titles (acronyms, names); drop braces "
    "that protect only Title Case.",
)
@click.option(
    "--unprotect-titles",
    "titles",
    flag_value="unprotect",
    help="Drop title braces that protect only Title Case capitals; add none.",
)
@click.option(
    "-q", "--quiet", is_flag=True, help="Do not print notes (info), only warnings and errors."
)
@click.option(
    "--format",
    "report_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to report: text (diffs on stdout, notes on stderr) or one JSON document on "
    "stdout (per file: tidy, changed, diff; and the notes).",
)
def command(
    files: tuple[str, ...],
    check: bool,
    output: str | None,
    sort: str | None,
    key_pattern: str | None,
    keep_duplicates: bool,
    indent: str,
    field_order: str | None,
    titles: str | None,
    quiet: bool,
    dry_run: bool,
    backup: bool,
    backup_suffix: str | None,
    report_format: str,
) -> None:
    """Tidy each FILE (a .bib file; '-' for stdin, written to stdout).

    FILE may also be CSL-JSON, pandoc YAML or RIS (then with -o OUT.bib).

    \b
    Field order, indentation and {} delimiters made uniform; month macros
    (jan..dec); DOIs bare (no https://doi.org/); URLs unwrapped; page ranges
    with --. Exact duplicates are removed, near-duplicates (same DOI, same
    title and year, same key) and missing required fields are reported.
    Comments, @string, @preamble and unknown fields are kept as they are.
    A file with a block that cannot be parsed is not touched (exit 2).
    FILE is rewritten in place only when something changed, and not at all
    when it was edited by someone else while tidy ran (exit 2). -o never
    names FILE itself. Several FILEs (as pre-commit passes them) are tidied one
    by one; the exit code is the worst of them.
    """
    if len(files) > 1 and output is not None:
        raise click.UsageError("-o takes one FILE; with several, each is tidied in place")
    if files.count("-") > 1:
        raise click.UsageError("standard input ('-') can be read once")
    if key_pattern is not None:
        compile_pattern(key_pattern)  # a bad pattern stops before anything is read
    as_json = report_format == "json"
    if as_json and (output == "-" or (output is None and "-" in files)):
        raise click.UsageError("--format json reports on stdout: give -o FILE, or --check")
    options = {
        "check": check,
        "output": output,
        "sort": sort,
        "key_pattern": key_pattern,
        "keep_duplicates": keep_duplicates,
        "indent": indent,
        "field_order": field_order,
        "titles": titles,
        "quiet": quiet,
        "dry_run": dry_run,
        "backup": backup,
        "backup_suffix": backup_suffix,
    }
    records: list[dict[str, Any]] = []
    codes = []
    for file in files:
        record: dict[str, Any] | None = {"file": file} if as_json else None
        codes.append(_tidy_one(file, record, options))
        if record is not None:
            record["exit"] = codes[-1]
            records.append(record)
    if as_json:
        click.echo(json.dumps({"files": records}, ensure_ascii=False, indent=1))
    raise click.exceptions.Exit(EXIT_INPUT if EXIT_INPUT in codes else max(codes))


def _tidy_one(file: str, record: dict[str, Any] | None, options: dict[str, Any]) -> int:
    """Tidy one file; its exit code (0, 1 untidy with --check, 2 unusable)."""
    try:
        with terminal.progress(f"tidy {file}"):
            _tidy_file(file, record, **options)
    except click.exceptions.Exit as e:
        return e.exit_code
    except BibmanError as e:
        if record is None:
            click.echo(f"bibman: error: {e}", err=True)
        else:
            record["error"] = str(e)
        return EXIT_INPUT
    return 0


def _tidy_file(
    file: str,
    record: dict[str, Any] | None,
    check: bool,
    output: str | None,
    sort: str | None,
    key_pattern: str | None,
    keep_duplicates: bool,
    indent: str,
    field_order: str | None,
    titles: str | None,
    quiet: bool,
    dry_run: bool,
    backup: bool,
    backup_suffix: str | None,
) -> None:
    if output is not None and output != "-":
        refuse_input_as_output(output, [file], hint="leave out -o to tidy it in place")
    suffix = get_backup_suffix(backup, backup_suffix)
    if suffix is not None and (output is not None or file == "-"):
        raise click.UsageError("--backup is for rewriting FILE in place (no -o, no stdin)")
    bib, kind = bibfile.read(file)
    if kind != "bibtex" and output is None and file != "-" and not (check or dry_run):
        raise InputError(
            f"a {kind} file: tidy writes BibTeX, so give -o OUT.bib (or use `bibman convert`)",
            file,
        )
    if has_errors(bib.diagnostics):
        if record is not None:
            record["diagnostics"] = [diag_json(d) for d in bib.diagnostics]
        else:
            report(bib.diagnostics, quiet=quiet)
        raise click.exceptions.Exit(EXIT_INPUT)
    opts = TidyOptions(
        sort=sort,
        key_pattern=key_pattern,
        indent=indent.replace("\\t", "\t"),
        remove_duplicates=not keep_duplicates,
        titles=titles,
        field_order=tuple(f.strip().lower() for f in field_order.split(",") if f.strip())
        if field_order
        else None,
    )
    result = tidy(bib, opts)
    terminal.phase("comparing")
    notes = bib.diagnostics + result.diagnostics
    original = bibtex.dumps(bib)
    if record is not None:
        record["diagnostics"] = [diag_json(d) for d in notes if not quiet or d.severity != "info"]
        record["renames"] = [list(pair) for pair in result.renames]
        record["tidy"] = result.text == original
        record["changed"] = False
    else:
        report(notes, quiet=quiet)
        with terminal.quiet_progress():
            for old, new in result.renames:
                click.echo(f"{old} → {new}", err=True)
    if check or dry_run:
        tidied = result.text
        # the diff needs only the two texts: let the bibliographies go first (on a
        # large file they are most of the memory, and the diff's lines come on top)
        del bib, result
        if tidied != original:
            name = "<stdin>" if file == "-" else file
            diff = "".join(
                unified_diff(  # anchored: fast on large files
                    original.splitlines(keepends=True),
                    tidied.splitlines(keepends=True),
                    fromfile=name,
                    tofile=name + " (tidy)",
                )
            )
            terminal.finish()
            if record is not None:
                record["diff"] = diff
            else:
                click.echo(diff, nl=False)
            if check:
                raise click.exceptions.Exit(EXIT_FINDINGS)
        return
    data = encode(result.text, bib.encoding)
    terminal.finish()
    if output == "-" or (output is None and file == "-"):
        click.echo(result.text, nl=False)
    elif output is not None:
        write_file(output, data)
    elif result.text != original:
        write_file(file, data, backup=suffix)
        if record is not None:
            record["changed"] = True
