"""`bibman check`: check the links (url, doi, URLs in howpublished/note) of .bib files."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from ..config import CHECK_FORMATS as FORMATS
from ..config import VERDICTS, Settings, resolve_settings
from ..errors import ConfigError, InputError
from ..links.model import LinkResult, LinkTarget, Report, Suggestion
from ..links.report import RENDERERS, private_hint, redact, summary_line
from ..links.sources import Source
from ..model import Diagnostic
from .common import (
    BIBLIOGRAPHY_INPUTS,
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    BackupCommand,
    backup_options,
    backup_suffix,
    from_option,
    has_errors,
    report,
    stdout_output_option,
)

# `-f/--from`: bibliographies, and the documents whose links check reads (links.sources)
CHECK_INPUTS = (*BIBLIOGRAPHY_INPUTS, "markdown", "html", "latex", "text")


def _codes(values: tuple[str, ...]) -> tuple[str, ...] | None:
    """Repeatable, comma-separable options; None when not given (so config applies)."""
    if not values:
        return None
    return tuple(v.strip() for item in values for v in item.split(",") if v.strip())


@click.command(name="check", cls=BackupCommand)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--format",
    "--to",
    "fmt",
    type=click.Choice(FORMATS),
    help="Report format [table] (--to as in the other commands; -f is the input format).",
)
@from_option(CHECK_INPUTS, old_output=("table", "json", "junit", "github", "jsonl"))
@stdout_output_option("Write the report here")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    help="A TOML settings file ([check] table).",
)
@click.option(
    "--fail-on",
    multiple=True,
    metavar="VERDICTS",
    help=f"Verdicts that make the exit code 1 [dead,soft-404,timeout]; from: {', '.join(VERDICTS)}.",
)
@click.option(
    "--timeout", type=float, help="Seconds one URL may take in total, retries included [15]."
)
@click.option("--request-timeout", type=float, help="Seconds per attempt [the whole --timeout].")
@click.option("--retries", type=int, help="Retries after 5xx/408/429/timeouts [2].")
@click.option("--concurrency", "-j", type=int, help="Requests in flight overall [32].")
@click.option(
    "--host-concurrency",
    type=int,
    help="Requests in flight per host [4]; halved while a host answers 429/503.",
)
@click.option(
    "--host-concurrency-max",
    type=int,
    help="Let a host that never pushes back and keeps answering as fast have up to this many "
    "in flight (at most twice --host-concurrency; e.g. 8) [--host-concurrency: no growth].",
)
@click.option(
    "--host-interval",
    metavar="SECONDS",
    help="Minimum time between two request starts on one host [0.01].",
)
@click.option("--max-redirects", type=int, help="Redirects followed per URL [10].")
@click.option("--user-agent", help="User-Agent header; 'browser' for a browser-like one.")
@click.option(
    "--contact",
    metavar="EMAIL|URL",
    help="Added to bibman's User-Agent so site owners can reach you (or BIBMAN_MAILTO).",
)
@click.option(
    "--accept",
    multiple=True,
    metavar="CODES",
    help="Extra HTTP status codes counted as ok (e.g. 403).",
)
@click.option(
    "--include", multiple=True, metavar="REGEX", help="Only check URLs matching (repeatable)."
)
@click.option(
    "--exclude", multiple=True, metavar="REGEX", help="Do not check URLs matching (repeatable)."
)
@click.option(
    "--allow-private",
    is_flag=True,
    default=None,
    help="Allow loopback/private/link-local addresses (intranets, tests).",
)
@click.option(
    "--allow-network",
    multiple=True,
    metavar="CIDR",
    help="Allow one non-public range, e.g. 10.0.0.0/8 (repeatable).",
)
@click.option(
    "--method",
    type=click.Choice(["auto", "head", "get"]),
    help="auto: GET first for a page (it is read anyway), HEAD first for a file (.pdf, .zip, ...); head: always HEAD first; get: GET only [auto].",
)
@click.option(
    "--no-soft404", is_flag=True, default=None, help="Do not read pages to spot 'not found' pages."
)
@click.option("--cache/--no-cache", default=None, help="Use the cache of known-good links [on].")
@click.option(
    "--cache-path", type=click.Path(dir_okay=False), help="SQLite cache file [user cache dir]."
)
@click.option(
    "--cache-max-age",
    metavar="DURATION",
    help="How long a good link stays cached, e.g. 12h, 7d [7d].",
)
@click.option(
    "--archive/--no-archive",
    default=None,
    help="Suggest Wayback Machine copies of dead links [on].",
)
@click.option(
    "--fix",
    is_flag=True,
    help="Write archived copies of dead links into the .bib (archiveurl, archivedate, note).",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="With --fix: print what it would change as a unified diff; write nothing.",
)
@backup_options
@click.option(
    "--fix-redirects",
    is_flag=True,
    help="With --fix: replace permanently redirected URLs by their target (only a specific "
    "page judged alive; never a home, search, error, login or consent page).",
)
@click.option(
    "--report",
    "reports",
    multiple=True,
    metavar="FORMAT=PATH",
    help="Also write a report in FORMAT to PATH (repeatable); FORMAT+=PATH appends, e.g. "
    "markdown+=$GITHUB_STEP_SUMMARY.",
)
@click.option("--quiet", "-q", is_flag=True, help="No summary or hints on stderr.")
@click.option("--verbose", "-v", is_flag=True, help="List working links in the table too.")
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar (only on a terminal) [on]."
)
@click.option(
    "--shard",
    metavar="I/N",
    help="Check only shard I of N (by registrable domain; DOIs by registrant); "
    "writes JSON Lines for --merge unless --format says otherwise.",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default="local",
    help="Where to check: this process [local], or shards on a Dask cluster (--scheduler).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    envvar="BIBMAN_DASK_SCHEDULER",
    help="The Dask scheduler for --executor dask, e.g. tcp://10.0.0.5:8786.",
)
@click.option(
    "--shards",
    "n_shards",
    type=click.IntRange(1, 100000),
    help="With --executor dask: how many shards [2 per worker thread].",
)
@click.option(
    "--merge",
    is_flag=True,
    help="FILES are JSON Lines from --shard runs: combine them into one report.",
)
def command(
    files: tuple[str, ...],
    fmt: str | None,
    src: str | None,
    output: str | None,
    config_file: str | None,
    **opts: Any,
) -> None:
    """Check every url, doi and URL in howpublished/note of FILES (any bibliography
    format convert reads, or Markdown/HTML/LaTeX/text documents).

    \b
    Verdicts: ok, redirected, dead, timeout, blocked (bot protection, login or
    consent wall: not dead), soft-404 (a page that is not the page: dead),
    excluded, unsupported, offline, archived (dead, but an archived copy is cited).
    Exit codes: 0 nothing wrong, 1 a verdict from --fail-on was found,
    2 usage or input error (also when a .bib block cannot be parsed: the rest
    is still checked). Non-public addresses are never contacted unless allowed.
    """
    from ..links.runner import check_targets

    verbose = opts.pop("verbose")
    quiet = opts.pop("quiet")
    extra_reports = [_report_spec(spec) for spec in opts.pop("reports")]
    fix = opts.pop("fix")
    shard = opts.pop("shard")
    executor = opts.pop("executor")
    scheduler = opts.pop("scheduler")
    n_shards = opts.pop("n_shards")
    if executor == "dask" and not scheduler:
        raise click.UsageError(
            "--executor dask needs --scheduler ADDRESS (or BIBMAN_DASK_SCHEDULER)"
        )
    merge = opts.pop("merge")
    if merge and (fix or shard):
        raise click.UsageError("--merge combines finished shards: no --fix or --shard with it")
    shard_n: tuple[int, int] | None = None
    if shard is not None:
        from ..links.shard import parse_shard

        try:
            shard_n = parse_shard(shard)
        except ValueError:
            raise click.BadParameter(
                f"{shard!r}: expected I/N with 1 <= I <= N (e.g. 2/8)", param_hint="--shard"
            ) from None
        if fmt is None:
            fmt = "jsonl"
    fix_redirects = opts.pop("fix_redirects")
    dry_run = opts.pop("dry_run")
    suffix = backup_suffix(opts.pop("backup"), opts.pop("backup_suffix"))
    if (dry_run or suffix is not None) and not fix:
        raise click.UsageError("--dry-run and --backup go with --fix")
    if fix_redirects and not fix:
        raise click.UsageError("--fix-redirects needs --fix")
    if fix and "-" in files:
        raise click.UsageError("--fix cannot rewrite standard input")
    settings = _settings(fmt, config_file, opts)
    if merge:
        _merge(files, settings, verbose, output)

    bibs = []
    targets: list[LinkTarget] = []
    input_errors = False
    for path in files:
        try:
            source = _read(path, settings, src)
        except InputError as e:
            click.echo(f"bibman: error: {e}", err=True)
            input_errors = True
            continue
        report(d for d in source.diagnostics if d.severity != "info")
        input_errors = input_errors or has_errors(source.diagnostics)
        targets.extend(source.targets)
        if source.kind == "bibtex" and source.bibliography is not None:
            bibs.append((path, source.bibliography))
        elif fix:
            click.echo(
                f"bibman: warning: {path}: --fix only rewrites BibTeX files; not changed", err=True
            )
    if input_errors and not targets:
        sys.exit(EXIT_INPUT)
    if shard_n is not None:
        from ..links.shard import shard_of

        index, count = shard_n
        targets = [t for t in targets if shard_of(t, count) == index - 1]

    show_progress = settings.progress and sys.stderr.isatty() and len(targets) > 20
    bar: Any = None
    if show_progress:
        bar = click.progressbar(
            length=len({t.url for t in targets}),
            label="checking",
            file=sys.stderr,
            show_pos=True,  # n/N
            item_show_func=lambda host: host,  # the host just checked
        )
        bar.__enter__()

    def progress(done: int, total: int, url: str) -> None:
        from urllib.parse import urlsplit

        bar.length = total
        bar.update(1, current_item=redact(urlsplit(url).netloc) or None)

    try:
        if executor == "dask":
            from ..links.dask_executor import check_on_dask

            result = check_on_dask(
                targets,
                settings,
                scheduler,
                n_shards,
                (lambda d, n: progress(d, n, "")) if bar is not None else None,
            )
        else:
            result = check_targets(targets, settings, progress if bar is not None else None)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for d in result.diagnostics:
        assert isinstance(d, Diagnostic)
        if d.file is None:  # about the run, not about a place in a file
            click.echo(redact(f"bibman: {d.severity}: {d.message}"), err=True)
        else:
            click.echo(redact(str(d)), err=True)
    if result.offline:
        click.echo(
            "bibman: no network: no host could be reached (no route or no DNS); "
            "the links were not checked",
            err=True,
        )

    # colour only on a terminal, and never with NO_COLOR set (https://no-color.org)
    color = output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    text = _render(result, settings, settings.format, verbose, color)
    if output:
        from ..textio import refuse_input_as_output, write_file

        refuse_input_as_output(output)
        write_file(output, text)
    elif color:
        # the table escaped what came from the input itself; its colour codes must reach
        # the terminal, past the escaping stream bibman.terminal.guard_stdout installs
        raw = getattr(sys.stdout, "_inner", sys.stdout)
        raw.write(text)
        raw.flush()
    else:
        click.echo(text, nl=False)
    for fmt_name, path, append in extra_reports:
        _write_report(path, _render(result, settings, fmt_name, verbose, False), append)
    if not quiet:
        hint = private_hint(result)
        if hint:
            click.echo(f"bibman: hint: {hint}", err=True)
        if output:  # the report went to a file: the terminal still gets the gist
            click.echo(f"bibman: {summary_line(result)}", err=True)

    if fix:
        result = _recheck_server_errors(result, settings)
        for path, bib in bibs:
            _fix_file(path, bib, result, fix_redirects, dry_run, suffix)

    failing = _failing(result, settings)
    # the links that could be read were checked and reported; an unreadable
    # block still makes the run an input error
    sys.exit(EXIT_INPUT if input_errors else EXIT_FINDINGS if failing else EXIT_OK)


def _render(result: Report, settings: Settings, fmt: str, verbose: bool, color: bool) -> str:
    extra = {"verbose": verbose, "color": color} if fmt == "table" else {}
    return RENDERERS[fmt](result, settings.fail_on, **extra)


def _report_spec(spec: str) -> tuple[str, str, bool]:
    """``FORMAT=PATH`` or ``FORMAT+=PATH`` (append) -> (format, path, append)."""
    name, sep, path = spec.partition("=")
    append = name.endswith("+")
    name = name.removesuffix("+").strip()
    if not sep or not path or name not in FORMATS:
        raise click.BadParameter(
            f"{spec!r}: expected FORMAT=PATH or FORMAT+=PATH with FORMAT one of "
            f"{', '.join(FORMATS)}",
            param_hint="--report",
        )
    return name, path, append


def _write_report(path: str, text: str, append: bool) -> None:
    if path == "-":
        click.echo(text, nl=False)
    elif append:  # e.g. $GITHUB_STEP_SUMMARY, which other steps write to as well
        try:
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as e:
            raise ConfigError(f"{path}: cannot append the report: {e.strerror}") from None
    else:
        from ..textio import atomic_write

        atomic_write(path, text)


def _read(path: str, settings: Settings, src: str | None = None) -> Source:
    """One input, whatever it is: a bibliography in any format ``convert`` reads, or a
    Markdown/HTML/LaTeX/text document."""
    from dataclasses import replace

    from ..bibtex import loads
    from ..links.sources import kind_of, read_source
    from ..textio import read_text

    decoded = read_text(path)
    name = "<stdin>" if path == "-" else path
    kind = {"biblatex": "bibtex"}.get(src or "", src) or kind_of(
        "" if path == "-" else path, decoded.text
    )
    bib = None
    if kind == "bibtex":
        bib = loads(decoded.text, source=name)
        bib = replace(
            bib,
            bom=bib.bom or decoded.bom,
            encoding=decoded.encoding,
            diagnostics=decoded.diagnostics + bib.diagnostics,
        )
    return read_source(decoded.text, name, settings.doi_resolver, settings.fields, kind, bib)


def _merge(files: tuple[str, ...], settings: Settings, verbose: bool, output: str | None) -> None:
    """``--merge``: JSON Lines from ``--shard`` runs -> one report and its exit code."""
    from ..links.shard import load_jsonl
    from ..textio import read_text

    try:
        result = load_jsonl((f, read_text(f).text) for f in files)
    except ValueError as e:
        click.echo(f"bibman: error: {e}", err=True)
        sys.exit(EXIT_INPUT)
    text = _render(result, settings, settings.format, verbose, False)
    if output:
        from ..textio import write_file

        write_file(output, text)
    else:
        click.echo(text, nl=False)
    sys.exit(EXIT_FINDINGS if _failing(result, settings) else EXIT_OK)


def _recheck_server_errors(result: Report, settings: Settings) -> Report:
    """Before ``--fix`` writes a permanent archive note for a 5xx or a timeout, ask again
    once (a server error is often temporary): only links that fail twice are fixed."""
    import dataclasses
    import time

    from ..links.runner import check_targets

    shaky = [
        t
        for t, r, s in result.rows
        if s is not None
        and (r.verdict == "timeout" or (r.verdict == "dead" and (r.status or 0) >= 500))
    ]
    if not shaky:
        return result
    time.sleep(min(2.0, settings.timeout / 4))
    again = check_targets(
        list({t.url: t for t in shaky}.values()),
        dataclasses.replace(settings, archive=False, cache=False),
    )
    now = {t.url: r for t, r, _ in again.rows}
    rows: list[tuple[LinkTarget, LinkResult, Suggestion | None]] = []
    for t, r, s in result.rows:
        second = now.get(t.url)
        if s is not None and second is not None and second.verdict not in settings.fail_on:
            click.echo(
                f"bibman: {t.url}: {r.verdict} at first, {second.verdict} when asked again: "
                "no archive note written",
                err=True,
            )
            rows.append((t, second, None))
        else:
            rows.append((t, r, s))
    return dataclasses.replace(result, rows=tuple(rows))


def _fix_file(
    path: str,
    bib: Any,
    result: Report,
    fix_redirects: bool,
    dry_run: bool,
    backup: str | None,
) -> None:
    from ..links.fix import apply_fixes, fix_changes, fix_diff

    _, changes = fix_changes(bib, result, fix_redirects)
    for c in changes:
        if c.what == "redirect":
            click.echo(redact(f"{path}: entry '{c.key}': url {c.old} → {c.new}"), err=True)
        else:
            click.echo(redact(f"{path}: entry '{c.key}': archived copy {c.new}"), err=True)
    if dry_run:
        click.echo(redact(fix_diff(bib, result, fix_redirects)), nl=False)
        return
    diags, n = apply_fixes(bib, path, result, fix_redirects, backup=backup)
    report(diags)
    if n:
        click.echo(f"{path}: {n} change(s) written", err=True)


def _failing(result: Report, settings: Settings) -> int:
    return sum(1 for _, r, _ in result.rows if r.verdict in settings.fail_on)


def _settings(fmt: str | None, config_file: str | None, opts: dict[str, Any]) -> Settings:
    flags: dict[str, Any] = {
        "format": fmt,
        "timeout": opts["timeout"],
        "request_timeout": opts["request_timeout"],
        "retries": opts["retries"],
        "concurrency": opts["concurrency"],
        "host_concurrency": opts["host_concurrency"],
        "host_concurrency_max": opts["host_concurrency_max"],
        "host_interval": opts["host_interval"],
        "max_redirects": opts["max_redirects"],
        "accept": _codes(opts["accept"]),
        "include": opts["include"] or None,
        "exclude": opts["exclude"] or None,
        "allow_private": opts["allow_private"],
        "allow_networks": opts["allow_network"] or None,
        "cache": opts["cache"],
        "cache_path": opts["cache_path"],
        "cache_max_age": opts["cache_max_age"],
        "archive": opts["archive"],
        "fail_on": _codes(opts["fail_on"]),
        "progress": opts["progress"],
        "method": opts["method"],
        "soft404": False if opts["no_soft404"] else None,
        "user_agent": opts["user_agent"],
        "contact": opts["contact"],
    }
    settings, warnings = resolve_settings(flags, config_file, Path.cwd())
    for w in warnings:
        click.echo(f"bibman: warning: {w}", err=True)
    return settings
