"""`bibman styles [QUERY]`: list and search the CSL styles, their aliases and the locales."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click

from ..stylenames import aliases, bst_names, locales, search, style_ids, suggest
from .common import EXIT_FINDINGS


@click.command(name="styles")
@click.argument("query", nargs=-1)
@click.option("--ids", "ids_only", is_flag=True, help="Print style ids only.")
@click.option("--limit", type=int, default=0, metavar="N", help="Show at most N styles.")
@click.option(
    "--aliases", "show_aliases", is_flag=True, help="List the short names (mla, harvard, ...)."
)
@click.option("--locales", "show_locales", is_flag=True, help="List the locales for --locale.")
@click.option(
    "--format",
    "out_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
def command(
    query: tuple[str, ...],
    ids_only: bool,
    limit: int,
    show_aliases: bool,
    show_locales: bool,
    out_format: str,
) -> None:
    """List the CSL styles bibman can use, or those matching QUERY, best first.

    \b
    The exact id or a short name people use (mla, chicago, harvard, vancouver,
    apa7, ...: see --aliases) comes first, then ids starting with QUERY, then
    ids and titles holding every word of QUERY (case-insensitive). Use an id
    with `bibman format --style ID` or `bibman cite --style ID`; BibTeX's own
    styles (plain, unsrt, alpha, abbrv) work in `format` only. Exit 1 when
    nothing matches (with the closest names suggested on stderr).
    """
    if show_locales:
        tags = sorted(set(locales().values()))
        _emit([{"locale": t} for t in tags], out_format, lambda r: r["locale"])
        return
    if show_aliases:
        rows = [
            {"alias": a.name, "style": a.style, "also": list(a.also)}
            for a in sorted(aliases().values(), key=lambda a: a.name)
        ]
        width = max(len(r["alias"]) for r in rows)
        _emit(
            rows,
            out_format,
            lambda r: (
                f"{r['alias'].ljust(width)}  {r['style']}"
                + (f"  (also: {', '.join(r['also'])})" if r["also"] else "")
            ),
        )
        return
    q = " ".join(query)
    if not q and ids_only:
        _emit([{"id": sid} for sid in style_ids()], out_format, lambda r: r["id"])
        return
    matches = search(q)
    if limit > 0:
        matches = matches[:limit]
    if not matches:
        hints = suggest(q)
        msg = f"no style matches '{q}'"
        if hints:
            msg += "; closest: " + ", ".join(hints)
        if q.lower() in bst_names():
            msg = f"'{q}' is one of BibTeX's own styles: use it with `bibman format --style {q}`"
        click.echo(msg, err=True)
        raise click.exceptions.Exit(EXIT_FINDINGS)
    if q.lower() in bst_names():
        click.echo(
            f"bibman: '{q}' is also one of BibTeX's own styles (`bibman format --style {q}`)",
            err=True,
        )
    found: list[dict[str, Any]] = [
        {"id": m.id, "title": m.title, "aliases": list(m.aliases), "dependent": m.dependent}
        for m in matches
    ]
    width = max(len(r["id"]) for r in found)

    def line(r: dict[str, Any]) -> str:
        if ids_only:
            return str(r["id"])
        text = f"{str(r['id']).ljust(width)}  {r['title']}"
        if r["aliases"]:
            text += f"  [also: {', '.join(r['aliases'])}]"
        return text

    _emit(found, out_format, line)


def _emit(rows: list[dict[str, Any]], out_format: str, line: Callable[[Any], str]) -> None:
    if out_format == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        click.echo(line(r))
