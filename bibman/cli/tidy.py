"""`bibman tidy`: one layout for a .bib file, normalised values, checks."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import click

from .. import bibfile, bibtex, terminal
from ..errors import BibmanError, InputError
from ..keypattern import compile_pattern
from ..model import Diagnostic
from ..textdiff import unified_diff
from ..textio import encode, read_text, refuse_input_as_output, write_file
from ..tidy import TidyOptions, tidy
from ..tidystream import streams, tidy_stream
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
    t = _tidied(file, opts, refuse_other=output is None and file != "-" and not (check or dry_run))
    if has_errors(t.read_diags):
        if record is not None:
            record["diagnostics"] = [diag_json(d) for d in t.read_diags]
        else:
            report(t.read_diags, quiet=quiet)
        raise click.exceptions.Exit(EXIT_INPUT)
    terminal.phase("comparing")
    notes = t.read_diags + t.diagnostics
    original = t.original
    if record is not None:
        record["diagnostics"] = [diag_json(d) for d in notes if not quiet or d.severity != "info"]
        record["renames"] = [list(pair) for pair in t.renames]
        record["tidy"] = t.text == original
        record["changed"] = False
    else:
        report(notes, quiet=quiet)
        with terminal.quiet_progress():
            for old, new in t.renames:
                click.echo(f"{old} → {new}", err=True)
    if check or dry_run:
        tidied = t.text
        del t  # the diff needs only the two texts: let the rest go first
        if tidied != original:
            name = "<stdin>" if file == "-" else file
            # reading left cyclic garbage (the reader pauses the collector): freed before
            # the diff's lines are made, they reuse its memory instead of adding to it
            gc.collect()
            # the diff needs the lines only: each text let go once split (memory)
            before = original.splitlines(keepends=True)
            del original
            after = _lines_sharing(tidied, before)
            del tidied
            lines = unified_diff(  # anchored: fast on large files
                before, after, fromfile=name, tofile=name + " (tidy)"
            )
            terminal.finish()
            if record is not None:
                record["diff"] = "".join(lines)
            else:
                _echo_lines(lines)
            if check:
                raise click.exceptions.Exit(EXIT_FINDINGS)
        return
    data = encode(t.text, t.encoding)
    terminal.finish()
    if output == "-" or (output is None and file == "-"):
        click.echo(t.text, nl=False)
    elif output is not None:
        write_file(output, data)
    elif t.text != original:
        write_file(file, data, backup=suffix)
        if record is not None:
            record["changed"] = True


def _lines_sharing(text: str, lines: list[str], piece: int = 1 << 20) -> list[str]:
    """``text.splitlines(keepends=True)``, each line that is also in ``lines`` being that
    same string object (a tidied file's unchanged lines cost no memory of their own). The
    text is split a piece at a time, each cut just after a line feed."""
    same = {line: line for line in lines}
    out: list[str] = []
    start = 0
    while start < len(text):
        cut = text.find("\n", start + piece)
        end = len(text) if cut < 0 else cut + 1
        out += [same.get(line, line) for line in text[start:end].splitlines(keepends=True)]
        start = end
    return out


def _echo_lines(lines: Iterable[str], batch: int = 10_000) -> None:
    """A (long) diff on stdout a batch of lines at a time, not joined whole first."""
    out: list[str] = []
    for line in lines:
        out.append(line)
        if len(out) >= batch:
            click.echo("".join(out), nl=False)
            out.clear()
    if out:
        click.echo("".join(out), nl=False)


@dataclass
class _Tidied:
    read_diags: tuple[Diagnostic, ...]  # reading's (the file's encoding first)
    text: str  # the tidied file
    diagnostics: tuple[Diagnostic, ...]  # tidy's
    renames: tuple[tuple[str, str], ...]
    original: str  # the file as read (what tidy compares with)
    encoding: str


def _tidied(file: str, opts: TidyOptions, refuse_other: bool) -> _Tidied:
    """``file`` read and tidied: entry by entry as it is read when nothing needs the whole
    bibliography first (``tidystream``), else read whole and given to ``tidy``."""
    decoded = read_text(file)
    source = "<stdin>" if file == "-" else file
    if streams(opts) and decoded.text.strip() and bibfile.format_of(file, decoded.text) == "bibtex":
        stream = bibtex.Stream(decoded.text, source, label="tidying")
        bom = stream.bom or decoded.bom
        got = tidy_stream(stream, opts, bom)
        if got is not None:
            read_diags = decoded.diagnostics + tuple(stream.diagnostics)
            if has_errors(read_diags):  # (as tidy: nothing tidied, the errors reported)
                return _Tidied(read_diags, "", (), (), "", decoded.encoding)
            text, diags = got
            # what bibtex.dumps gives back for the file read whole: its text, BOM included
            original = ("\ufeff" if decoded.bom else "") + decoded.text
            return _Tidied(read_diags, text, diags, (), original, decoded.encoding)
    bib, kind = bibfile.parse(decoded, file)
    del decoded
    if kind != "bibtex" and refuse_other:
        raise InputError(
            f"a {kind} file: tidy writes BibTeX, so give -o OUT.bib (or use `bibman convert`)",
            file,
        )
    if has_errors(bib.diagnostics):
        return _Tidied(bib.diagnostics, "", (), (), "", bib.encoding)
    result = tidy(bib, opts)
    original = bibtex.dumps(bib)
    return _Tidied(
        bib.diagnostics, result.text, result.diagnostics, result.renames, original, bib.encoding
    )
