"""`bibman parse`: documents with reference lists -> BibTeX (or JSON)."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import click

from ..bibfile import NAMES, looks_like_bibliography
from ..errors import InputError
from ..freetext.pipeline import (
    LOW_CONFIDENCE,
    REVIEW_THRESHOLD,
    Progress,
    parse_documents,
    review,
    to_bibtex,
)
from ..model import Diagnostic, ParseResult, Reference
from ..textio import read_text, refuse_input_as_output, write_file
from .common import EXIT_FINDINGS, EXIT_OK, report, stdout_output_option

if TYPE_CHECKING:
    from ..freetext.pdf import PdfText

# A progress bar is shown (on a terminal only) from this many references on.
PROGRESS_FROM = 200


@click.command(name="parse")
@click.argument("docs", nargs=-1, metavar="DOC...")
@stdout_output_option(
    "Write here (atomically) instead of to standard output; never one of the DOCs"
)
@click.option(
    "--one-per-line",
    is_flag=True,
    help="Each non-empty line is one reference; output keeps input order, nothing is merged.",
)
@click.option(
    "--keep-raw", is_flag=True, help="Keep each original reference string in a 'rawref' field."
)
@click.option("--no-dedupe", is_flag=True, help="Do not merge duplicate references.")
@click.option(
    "--review",
    is_flag=True,
    help=f"List low-confidence entries (below {REVIEW_THRESHOLD}, or below --fail-under "
    "when given) with the reason on stderr.",
)
@click.option(
    "--fail-under",
    type=click.FloatRange(0.0, 1.0),
    metavar="CONF",
    help="Exit with 1, naming them, when entries' confidence is below CONF (the output "
    "is still written).",
)
@click.option(
    "--to",
    "--format",
    "fmt",
    type=click.Choice(["bibtex", "biblatex", "csljson", "yaml", "ris", "json"]),
    default=None,
    help="Output format [bibtex; with -o, from its suffix: .bib .json (CSL-JSON) .yaml .ris]; "
    "json: the parsed records with confidence.",
)
@click.option(
    "--keys",
    "key_pattern",
    metavar="PATTERN",
    help="Make keys from a pattern, as `tidy --keys` does: '{auth}{year}{title}', "
    "'[auth:lower][year]', '[auth][year][shorttitle]'.",
)
@click.option("-q", "--quiet", is_flag=True, help="Do not print informational messages.")
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Also print the field parser's notes on single references (e.g. 'no title found').",
)
def command(
    docs: tuple[str, ...],
    output: str | None,
    one_per_line: bool,
    keep_raw: bool,
    no_dedupe: bool,
    review: bool,
    fail_under: float | None,
    fmt: str | None,
    key_pattern: str | None,
    quiet: bool,
    verbose: bool,
) -> None:
    """Parse reference lists in plain-text, Markdown or HTML documents into BibTeX.

    Finds the reference list in each DOC (a heading such as References,
    Bibliography, Notes, Literatur, Список литературы, 参考文献, or a numbered
    footnote list; the whole input when it holds only references), splits it
    into references, parses each into a typed entry and writes them in
    document order. DOC "-" (or no DOC with piped input) reads standard input.
    Duplicates within and across documents are merged and reported.

    \b
    Keys are <name><year><first title word>, e.g. hanks2009multi; clashing
    keys get a/b in document order.
    Exit codes: 0 done; 1 no references found (nothing written) or an entry
    below --fail-under; 2 unusable input: missing, empty, binary, or already
    a bibliography (BibTeX, CSL-JSON, RIS, YAML: see tidy and convert).
    """
    if not docs:
        if sys.stdin.isatty():
            raise click.UsageError(
                "no input: give one or more DOC files, or pipe text to standard input (DOC '-')"
            )
        docs = ("-",)
    refuse_input_as_output(output, docs)
    parts = None
    if key_pattern is not None:  # bibman.keypattern only for --keys
        from ..keypattern import compile_pattern

        parts = compile_pattern(key_pattern)
    texts: list[tuple[str, str]] = []
    pdf_pages: dict[str, tuple[int, ...]] = {}  # each text line's page, for PDFs
    diagnostics: list[Diagnostic] = []
    for doc in docs:
        if doc != "-" and _is_pdf_file(doc):
            pdf = _read_pdf(doc)
            texts.append((doc, pdf.text))
            pdf_pages[doc] = pdf.page_of_line
            continue
        decoded = read_text(doc)
        name = "<stdin>" if doc == "-" else doc
        if not decoded.text.strip():
            raise InputError("empty input: no text to find references in", name)
        kind = looks_like_bibliography(doc, decoded.text)
        if kind is not None:
            raise InputError(
                f"already a {NAMES[kind]} bibliography, not a document with a reference list; "
                "use `bibman tidy` to clean it up or `bibman convert` to change its format",
                name,
            )
        texts.append((name, decoded.text))
        diagnostics.extend(decoded.diagnostics)

    with _progress() as progress:
        result = parse_documents(
            texts,
            one_per_line=one_per_line,
            keep_raw=keep_raw,
            dedupe=not no_dedupe,
            progress=progress,
            review_below=fail_under,
        )
    diagnostics.extend(_on_pages(d, pdf_pages) for d in result.diagnostics)
    if parts is not None:
        result = _rekey(result, parts)

    if not result.references:
        report((d for d in diagnostics if d.severity != "info"), quiet=quiet)
        click.echo(
            "bibman: no references found" + (f"; {output} not written" if output else ""),
            err=True,
        )
        ctx = click.get_current_context()
        ctx.exit(EXIT_FINDINGS)
    from .conventions import PARSE_SUFFIXES, output_format

    fmt = output_format(fmt, output, PARSE_SUFFIXES, "bibtex", param="fmt")
    if fmt == "bibtex":
        text = to_bibtex(result)
    elif fmt == "json":
        text = _to_json(result)
    else:  # through the exchange formats, every loss reported as `convert` does
        from ..formats import registry
        from ..freetext.pipeline import to_entries
        from ..model import Bibliography

        entries = to_entries(result)
        if fmt != "biblatex":  # `key` only helps BibTeX sort authorless entries: not data
            entries = [e.without_field("key") for e in entries]
        # the entries' lines are lines of the document they came from
        source = texts[0][0] if len(texts) == 1 else None
        text, losses = registry.get(fmt).write(Bibliography(tuple(entries), (), source))
        diagnostics.extend(losses)
    if output:
        write_file(output, text)
    else:
        click.echo(text, nl=False)
    report((d for d in diagnostics if _shown(d, verbose)), quiet=quiet)
    failing = fail_under is not None and any(r.confidence < fail_under for r in result.references)
    if review or failing:  # --fail-under names the entries that make it fail
        _print_review(result, REVIEW_THRESHOLD if fail_under is None else fail_under)
    if not quiet and output:
        click.echo(f"bibman: wrote {len(result.references)} entries to {output}", err=True)
    ctx = click.get_current_context()
    if failing:
        ctx.exit(EXIT_FINDINGS)
    ctx.exit(EXIT_OK)


def _is_pdf_file(path: str) -> bool:
    # freetext.pdf.is_pdf's test, without importing the PDF reader (statistics, fractions,
    # its dataclasses: ~4 ms of every start); tests/test_startup.py holds the two equal
    try:
        with open(path, "rb") as f:
            return f.read(1024).lstrip().startswith(b"%PDF-")
    except OSError:
        return False  # read_text reports it


def _read_pdf(path: str) -> PdfText:
    from ..freetext.pdf import read_pdf

    with open(path, "rb") as f:
        return read_pdf(f, path)


def _on_pages(d: Diagnostic, pdf_pages: dict[str, tuple[int, ...]]) -> Diagnostic:
    """A PDF's lines are lines of its extracted text: say the page instead."""
    pages = pdf_pages.get(d.file or "")
    if not pages or d.line is None:
        return d

    def page(n: int) -> int:
        return pages[min(max(n, 1), len(pages)) - 1]

    message = re.sub(r"\(line (\d+)\)", lambda m: f"(page {page(int(m.group(1)))})", d.message)
    return replace(d, line=None, message=f"page {page(d.line)}: {message}")


# Document-level notes always shown; a reference's own info notes only with -v.
_ALWAYS = frozenset({"parse.duplicate", "parse.repeat", "parse.no-references", "parse.section"})


def _shown(d: Diagnostic, verbose: bool) -> bool:
    if d.code == LOW_CONFIDENCE:
        return False  # listed by --review
    return verbose or d.severity != "info" or d.code in _ALWAYS or d.code.startswith("encoding")


@contextmanager
def _progress() -> Iterator[Progress | None]:
    """A callback drawing a progress bar on a terminal for large inputs."""
    if not sys.stderr.isatty():
        yield None
        return
    bar: Any = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if total < PROGRESS_FROM:
            return
        if bar is None:
            bar = click.progressbar(length=total, label="parsing", file=sys.stderr)
            bar.__enter__()
        bar.update(1)

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def _rekey(result: ParseResult, parts: Sequence[Any]) -> ParseResult:
    """Keys from a pattern instead of the default <name><year><word>."""
    from ..keypattern import make_key, source_of_reference, unique_keys

    refs = result.references
    keys = unique_keys([make_key(source_of_reference(r), parts) for r in refs])
    new = {r.key: k for r, k in zip(refs, keys, strict=True)}
    return replace(
        result,
        references=tuple(replace(r, key=new[r.key]) for r in refs),
        diagnostics=tuple(
            replace(d, key=new[d.key]) if d.key in new else d for d in result.diagnostics
        ),
    )


def _print_review(result: ParseResult, threshold: float) -> None:
    low = review(result)
    click.echo(
        f"bibman: {len(low)} of {len(result.references)} entries below confidence "
        f"{threshold}" + (":" if low else ""),
        err=True,
    )
    report(low)


def _ref_json(ref: Reference) -> dict[str, Any]:
    obj: dict[str, Any] = {"key": ref.key, "type": ref.type}
    if ref.authors:
        obj["author"] = [n.bibtex() for n in ref.authors]
    if ref.editors:
        obj["editor"] = [n.bibtex() for n in ref.editors]
    obj["fields"] = dict(ref.fields)
    obj["confidence"] = round(ref.confidence, 3)
    if ref.span:
        obj["line"] = ref.span.line
    if ref.raw:
        obj["raw"] = ref.raw
    if ref.diagnostics:
        obj["diagnostics"] = [
            {"severity": d.severity, "code": d.code, "message": d.message} for d in ref.diagnostics
        ]
    return obj


def _to_json(result: ParseResult) -> str:
    return (
        json.dumps([_ref_json(r) for r in result.references], ensure_ascii=False, indent=2) + "\n"
    )
