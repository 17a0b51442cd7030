"""`bibman verify`: check every entry against doi.org, Crossref, arXiv, Open Library."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path
from typing import Any

import click

from ..config import FORMATS, VERIFY_VERDICTS, VerifySettings, resolve_verify_settings
from .common import (
    BIBLIOGRAPHY_INPUTS,
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    from_option,
    has_errors,
    report,
    stdout_output_option,
)


def _codes(values: tuple[str, ...]) -> tuple[str, ...] | None:
    if not values:
        return None
    return tuple(v.strip() for item in values for v in item.split(",") if v.strip())


@click.command(name="verify")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--format",
    "--to",
    "fmt",
    type=click.Choice(FORMATS),
    help="Report format [table] (--to as in the other commands; -f is the input format).",
)
@from_option(BIBLIOGRAPHY_INPUTS, old_output=("table", "json", "junit", "markdown", "github"))
@stdout_output_option("Write the report here")
@click.option(
    "--config", "config_file", type=click.Path(dir_okay=False), help="A TOML file ([verify] table)."
)
@click.option(
    "--fail-on",
    multiple=True,
    metavar="VERDICTS",
    help=f"Verdicts that make the exit code 1 [mismatch,not-found]; from: {', '.join(VERIFY_VERDICTS)}.",
)
@click.option(
    "--enrich", is_flag=True, help="Add missing fields from confirmed or suggested records."
)
@click.option(
    "--overwrite",
    multiple=True,
    metavar="FIELD",
    help="With --enrich: also replace this non-empty field (repeatable, comma-separated).",
)
@click.option(
    "--dry-run", is_flag=True, help="Print the --enrich changes as a unified diff; write nothing."
)
@click.option("--offline", is_flag=True, default=None, help="Answer from the cache only.")
@click.option(
    "--search/--no-search", default=None, help="Search entries that have no identifier [on]."
)
@click.option("--openalex/--no-openalex", default=None, help="Also search OpenAlex [off].")
@click.option("--timeout", type=float, help="Seconds one entry may take, waits included [60].")
@click.option("--concurrency", "-j", type=int, help="Entries verified at once [6].")
@click.option(
    "--allow-private", is_flag=True, default=None, help="Allow loopback/private service addresses."
)
@click.option(
    "--allow-network",
    multiple=True,
    metavar="CIDR",
    help="Allow one non-public range (repeatable).",
)
@click.option("--cache/--no-cache", default=None, help="Use the answer cache [on].")
@click.option(
    "--cache-path", type=click.Path(dir_okay=False), help="SQLite cache file [the link cache]."
)
@click.option("--quiet", "-q", is_flag=True, help="No offline notice or summary on stderr.")
@click.option("--verbose", "-v", is_flag=True, help="List confirmed entries in the table too.")
@click.option(
    "--progress/--no-progress", default=True, help="Progress bar (only on a terminal) [on]."
)
def command(
    files: tuple[str, ...],
    fmt: str | None,
    src: str | None,
    output: str | None,
    config_file: str | None,
    enrich: bool,
    overwrite: tuple[str, ...],
    dry_run: bool,
    quiet: bool,
    verbose: bool,
    progress: bool,
    **opts: Any,
) -> None:
    """Verify every entry of FILES against online sources, and optionally enrich it.

    \b
    Entries with a DOI are resolved at doi.org (CSL-JSON), arXiv ids at arXiv,
    ISBNs at Open Library; the others are searched at Crossref (with the raw
    reference string kept by `parse --keep-raw`, else title, author and year)
    and a hit is accepted only under strict rules (see the README).
    Verdicts: confirmed, suggested (an accepted search hit), mismatch (the
    identifier's record disagrees: fields with both values), not-found (no such
    identifier), unverified (no answer: offline, rate limited; never a failure).
    Exit codes: 0 fine, 1 a verdict from --fail-on, 2 usage or input error.
    """
    from .. import bibfile, bibtex
    from ..verify.enrich import OVERWRITABLE, apply_all
    from ..verify.report import RENDERERS
    from ..verify.runner import Item, verify_items

    fields = frozenset(f.lower() for f in (_codes(overwrite) or ()))
    bad = sorted(fields - set(OVERWRITABLE))
    if bad:
        raise click.UsageError(
            f"--overwrite: cannot overwrite {', '.join(bad)} (can: {', '.join(OVERWRITABLE)})"
        )
    if fields and not (enrich or dry_run):
        raise click.UsageError("--overwrite needs --enrich or --dry-run")
    writing = enrich and not dry_run
    if writing and "-" in files:
        raise click.UsageError("--enrich cannot rewrite standard input (use --dry-run)")
    settings = _settings(fmt, config_file, opts)
    from ..textio import refuse_input_as_output, write_file

    refuse_input_as_output(output, files, hint="-o is for the report")

    bibs = []
    input_errors = False
    items: list[Item] = []
    for path in files:
        bib, kind = bibfile.read(path, src)
        if kind != "bibtex" and (enrich or dry_run):
            raise click.UsageError(
                f"{path}: --enrich and --dry-run rewrite .bib files only (convert it first)"
            )
        report(d for d in bib.diagnostics if d.severity != "info")
        input_errors = input_errors or has_errors(bib.diagnostics)
        bibs.append((path, bib))
        items.extend(Item(e, bib.source, bib.strings) for e in bib.entries)

    bar: Any = None
    if progress and sys.stderr.isatty() and len(items) > 5:
        bar = click.progressbar(length=len(items), label="verifying", file=sys.stderr)
        bar.__enter__()
    try:
        result = verify_items(
            items, settings, fields, (lambda n, t: bar.update(1)) if bar is not None else None
        )
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for d in result.diagnostics:
        click.echo(f"bibman: warning: {getattr(d, 'message', d)}", err=True)
    if result.offline and not quiet:
        unverified = sum(1 for v in result.results if v.verdict == "unverified")
        why = (
            "--offline: answered from the cache only"
            if settings.offline
            else "no service could be reached (no route or no DNS)"
        )
        click.echo(
            f"bibman: offline ({why}); {unverified} of {len(result.results)} entries unverified",
            err=True,
        )

    text = RENDERERS[settings.format](
        result, settings.fail_on, **({"verbose": verbose} if settings.format == "table" else {})
    )
    if output:
        write_file(output, text)
        from ..verify.report import summary_line

        if not quiet:
            click.echo(summary_line(result), err=True)
    elif dry_run:
        click.echo(text, nl=False, err=True)  # stdout carries the diff
    else:
        click.echo(text, nl=False)

    if enrich or dry_run:
        changes = {v.key: v.changes for v in result.results if v.changes}
        for path, bib in bibs:
            mine = {k: c for k, c in changes.items() if bib.entry(k) is not None}
            if not mine:
                continue
            new = apply_all(bib, mine)
            if dry_run:
                old_text, new_text = bibtex.dumps(bib), bibtex.dumps(new)
                click.echo(
                    "".join(
                        difflib.unified_diff(
                            old_text.splitlines(keepends=True),
                            new_text.splitlines(keepends=True),
                            fromfile=path,
                            tofile=f"{path} (enriched)",
                        )
                    ),
                    nl=False,
                )
            else:
                report(bibtex.dump(new, path))
                n = sum(len(c) for c in mine.values())
                click.echo(
                    f"{path}: {n} field(s) added or replaced in {len(mine)} entries", err=True
                )

    failing = sum(1 for v in result.results if v.verdict in settings.fail_on)
    sys.exit(EXIT_INPUT if input_errors else EXIT_FINDINGS if failing else EXIT_OK)


def _settings(fmt: str | None, config_file: str | None, opts: dict[str, Any]) -> VerifySettings:
    flags: dict[str, Any] = {
        "format": fmt,
        "fail_on": _codes(opts["fail_on"]),
        "offline": opts["offline"],
        "search": opts["search"],
        "openalex": opts["openalex"],
        "timeout": opts["timeout"],
        "concurrency": opts["concurrency"],
        "allow_private": opts["allow_private"],
        "allow_networks": opts["allow_network"] or None,
        "cache": opts["cache"],
        "cache_path": opts["cache_path"],
    }
    settings, warnings = resolve_verify_settings(flags, config_file, Path.cwd())
    for w in warnings:
        click.echo(f"bibman: warning: {w}", err=True)
    return settings
