"""`bibman cite FILE KEY... --style S`: in-text citations (and optionally the bibliography)."""

from __future__ import annotations

import json
from typing import Any

import click

from ..csl.api import FORMATS, load_style, render_bibliography, render_citation
from ..errors import InputError
from ..textio import read_text, refuse_input_as_output, write_file
from .common import BIBLIOGRAPHY_INPUTS, EXIT_INPUT, from_option, report, stdout_output_option


def load_items(path: str, src: str | None = None) -> list[dict[str, Any]]:
    """CSL-JSON items from a .json file, or from any format bibman reads (via BibTeX);
    ``src``: the input format, instead of the suffix's or content's."""
    from .. import bibfile

    decoded = read_text(path)
    source = "<stdin>" if path == "-" else path
    if not decoded.text.strip():
        raise InputError("empty input: no entries", source)
    if (src or bibfile.format_of(path, decoded.text)) == "csljson":
        return items_from_json(decoded.text, source)
    from ..formats import csljson

    bib = bibfile.parse(decoded, path, src)[0]
    errors = [d for d in bib.diagnostics if d.severity == "error"]
    if errors:  # citing from half a file would name the wrong entries
        report(errors)
        raise click.exceptions.Exit(EXIT_INPUT)
    return csljson.bib_to_csl(bib, sentence_case=True).items


def items_from_json(text: str, source: str) -> list[dict[str, Any]]:
    """CSL-JSON items (a list, or ``{"items": [...]}``) from text already read."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", source, exc.lineno) from None
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    if not isinstance(data, list):
        raise InputError("CSL-JSON must be a list of items", source)
    return [d for d in data if isinstance(d, dict)]


def parse_key(spec: str) -> list[dict[str, Any]]:
    """``a,b@12`` -> one cluster of cites; ``@`` adds a page locator to a cite."""
    cites = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        key, _, loc = part.partition("@")
        cite: dict[str, Any] = {"id": key}
        if loc:
            cite["locator"] = loc
            cite["label"] = "page"
        cites.append(cite)
    return cites


def _complete_style(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    from .conventions import complete_style

    return complete_style(ctx, param, incomplete)


@click.command(name="cite")
@click.argument("file", type=click.Path(dir_okay=True, allow_dash=True))
@click.argument("keys", nargs=-1, required=True)
@click.option(
    "-s",
    "--style",
    default="apa",
    show_default=True,
    metavar="ID|PATH",
    shell_complete=_complete_style,
    help="CSL style id (see `bibman styles`) or path to a .csl file.",
)
@click.option("--locale", metavar="xx-XX", help="Locale (default: the style's).")
@click.option(
    "-t",
    "--to",
    "to",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-b",
    "--bibliography",
    "with_bib",
    is_flag=True,
    help="Also print the bibliography of the cited entries.",
)
@from_option(BIBLIOGRAPHY_INPUTS)
@stdout_output_option("Write here instead of stdout")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only, not notes and warnings.")
def command(
    file: str,
    keys: tuple[str, ...],
    style: str,
    locale: str | None,
    to: str,
    with_bib: bool,
    src: str | None,
    output: str | None,
    quiet: bool,
) -> None:
    """Print in-text citations of KEYS from FILE (.bib, CSL-JSON, RIS, ...).

    \b
    Each KEY argument is one citation: `smith2020`, several entries cited
    together `smith2020,doe2019`, with a page locator `smith2020@12-14`.
    Citations are numbered and disambiguated as in one document, in order.
    An unknown key is an error (exit 2); an unknown style gets suggestions.
    """
    from ..stylenames import alias_note, resolve_locale, resolve_style

    resolved = resolve_style(style, bst=False, command="cite")
    if locale:
        locale = resolve_locale(locale)
    note = alias_note(resolved)
    if note and not quiet:
        click.echo(f"bibman: {note}", err=True)
    st = load_style(str(resolved.path))
    refuse_input_as_output(output, [file, style])
    items = load_items(file, src)
    clusters = [parse_key(k) for k in keys]
    known = {str(it.get("id")) for it in items}
    missing = [c["id"] for cl in clusters for c in cl if c["id"] not in known]
    if missing:
        source = "<stdin>" if file == "-" else file
        click.echo(
            f"bibman: error: {source}: no entry with key " + ", ".join(repr(m) for m in missing),
            err=True,
        )
        raise click.exceptions.Exit(EXIT_INPUT)
    cited = {c["id"] for cl in clusters for c in cl}
    used = [it for it in items if str(it.get("id")) in cited]
    result = render_citation(used, clusters, st, locale=locale, fmt=to)
    report([d for d in result.diagnostics if not quiet or d.severity == "error"])
    lines = [text for _cid, text in result.entries]
    if with_bib:
        bib = render_bibliography(used, st, locale=locale, fmt=to)
        report([d for d in bib.diagnostics if not quiet or d.severity == "error"])
        lines += ["", *(text for _iid, text in bib.entries)]
    out = "".join(line + "\n" for line in lines)
    if output:
        write_file(output, out)
    else:
        click.echo(out, nl=False)
