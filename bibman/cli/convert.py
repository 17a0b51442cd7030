"""`bibman convert`: between BibTeX, BibLaTeX, CSL-JSON, pandoc YAML and RIS."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import click

from .. import terminal
from ..errors import InputError
from ..formats import registry
from ..model import Bibliography, Diagnostic
from ..textio import read_text, refuse_input_as_output, write_file
from .common import (
    EXIT_INPUT,
    EXIT_OK,
    diag_json,
    has_errors,
    json_report,
    report,
    report_format_option,
    stdout_output_option,
)
from .conventions import merge

_NAMES = click.Choice(sorted(registry.FORMATS), case_sensitive=False)


@click.command(name="convert")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True, allow_dash=True))
@stdout_output_option("Output file (none: stdout)")
@click.option(
    "-f", "--from", "src", type=_NAMES, help="Input format (default: from FILE's suffix)."
)
@click.option(
    "-t", "--to", "dst", type=_NAMES, help="Output format (default: from OUTPUT's suffix)."
)
@click.option(
    "-q", "--quiet", is_flag=True, help="Do not print notes (info), only warnings and errors."
)
@report_format_option("inputs and their formats, output, entries written, diagnostics")
def command(
    files: tuple[str, ...],
    output: str | None,
    src: str | None,
    dst: str | None,
    quiet: bool,
    report_format: str,
) -> None:
    """Convert FILES to another bibliography format (several FILES: one bibliography).

    \b
    Formats: bibtex (.bib), biblatex (.bib, with --to biblatex), csljson (.json),
    yaml (.yaml/.yml, pandoc's references: list), ris (.ris).
    Every field the target cannot hold is reported on stderr, one line per entry;
    nothing is dropped silently. Exit 2, and nothing written, when FILE or a
    block of it cannot be read (a partial conversion would lose entries).
    With --format json (and -o FILE) stdout carries one JSON document saying
    what was converted; an input that cannot be read at all is still an error
    on stderr.
    """
    as_json = report_format == "json"
    if as_json and (output is None):
        raise click.UsageError("--format json reports on stdout: give -o FILE")
    refuse_input_as_output(output, list(files))
    if files.count("-") > 1:
        raise click.UsageError("standard input ('-') can be read once")
    if src is None and "-" in files:
        raise click.UsageError("reading stdin: say which format with --from")
    if dst is None and (output is None):
        raise click.UsageError("writing stdout: say which format with --to")
    dst_fmt = registry.get(dst) if dst else registry.for_path(output or "")
    diags: tuple[Diagnostic, ...] = ()
    bibs: list[Bibliography] = []
    inputs: list[dict[str, object]] = []
    text: str | bytes
    with terminal.progress(f"convert to {dst_fmt.name}"):  # on a terminal, for long work
        for file in files:
            decoded = read_text(file)
            source = "<stdin>" if file == "-" else file
            if not decoded.text.strip():
                raise InputError("empty input: no entries", source)
            src_fmt = registry.get(src) if src else registry.for_path(file)
            if len(files) == 1 and src_fmt.name in ("bibtex", "biblatex"):
                streamed = _stream(decoded.text, source, dst_fmt.name, decoded.diagnostics)
                if streamed is not None:  # one entry at a time: memory ~ the text + the output
                    text, diags, count = streamed
                    del decoded
                    inputs.append({"file": file, "from": src_fmt.name, "entries": count})
                    break
            bib = src_fmt.read(decoded.text, source)
            diags += decoded.diagnostics + bib.diagnostics
            bibs.append(bib)
            inputs.append({"file": file, "from": src_fmt.name, "entries": len(bib.entries)})
            del decoded  # the file's text: the entries keep what they need (memory)
        else:
            merged = merge(bibs)
            text, losses = dst_fmt.write(replace(merged, diagnostics=()))
            diags += losses
            count = len(merged.entries)
    failed = has_errors(diags)
    if not count:
        diags += (Diagnostic("warning", "convert.no-entries", "no entries found", source),)
    if not as_json:
        report(diags, quiet=quiet)
    if not failed:
        if output is None:
            click.echo(text, nl=False)
        else:
            write_file(output, text)
    if as_json:  # after the write: a file that could not be written is an error instead
        json_report(
            {
                "command": "convert",
                "inputs": inputs,
                "output": output,
                "to": dst_fmt.name,
                "entries": 0 if failed else count,
                "written": not failed,
                "diagnostics": [diag_json(d) for d in diags if not quiet or d.severity != "info"],
                "exit": EXIT_INPUT if failed else EXIT_OK,
            }
        )
    if failed:
        raise click.exceptions.Exit(EXIT_INPUT)


def _stream(
    text: str, source: str, dst: str, read_diags: tuple[Diagnostic, ...]
) -> tuple[bytes, tuple[Diagnostic, ...], int] | None:
    """A .bib converted entry by entry as it is read (``bibtex.Stream``), when the target
    maps each entry on its own: the output (UTF-8), every diagnostic (reading's first) and
    the number of entries; None otherwise (the whole bibliography is read first). Entries
    that others name (``crossref``, ``xdata``) are found in the text and read when asked
    for (``bibtex_refs.EntryIndex``)."""
    from ..bibtex import Stream
    from ..formats import csljson, pandoc_yaml, ris

    writers: dict[str, Callable[..., tuple[bytes, tuple[Diagnostic, ...]] | None]] = {
        "csljson": csljson.dumps_stream,
        "ris": ris.dumps_stream,
        "yaml": pandoc_yaml.dumps_stream,
    }
    stream = Stream(text, source, label=f"converting to {dst}")
    if dst in ("bibtex", "biblatex"):  # each entry in the other dialect, in its own layout
        from ..formats import biblatex

        out = biblatex.dumps_stream(stream, dst)
        if out is None:
            return None
        converted, losses = out
        return converted, read_diags + tuple(stream.diagnostics) + losses, stream.entries
    writer = writers.get(dst)
    if writer is None:
        return None
    if csljson.names_other_entries(text):
        # crossref/xdata: the entries named are found in the text and read when asked for
        from ..bibtex_refs import EntryIndex

        index = EntryIndex(stream.text)
        out = writer(index.watch(stream), source, index)
        if out is not None and not index.confirmed():
            return None  # the index missed an entry the reader found: read it whole
    else:
        out = writer(stream.with_strings(), source)
    if out is None:  # (YAML: an item needs PyYAML's generic dumper)
        return None
    converted, losses = out
    return converted, read_diags + tuple(stream.diagnostics) + losses, stream.entries
