"""`bibman styles [QUERY]`: list and search the available CSL styles."""

from __future__ import annotations

import click

from ..csl.api import available_styles, search_styles, suggest
from .common import EXIT_FINDINGS


@click.command(name="styles")
@click.argument("query", nargs=-1)
@click.option("--ids", "ids_only", is_flag=True, help="Print style ids only.")
@click.option("--limit", type=int, default=0, metavar="N", help="Show at most N styles.")
def command(query: tuple[str, ...], ids_only: bool, limit: int) -> None:
    """List the CSL styles bibman can use, or those matching QUERY.

    \b
    Every word of QUERY must occur in the style's id or title (case-insensitive).
    Use an id with `bibman cite --style ID`. Exit 1 when nothing matches (with
    the closest ids suggested on stderr).
    """
    q = " ".join(query)
    if not q and ids_only:
        rows = [(sid, "") for sid in sorted(available_styles())]
    else:
        rows = search_styles(q)
    if limit > 0:
        rows = rows[:limit]
    if not rows:
        hints = suggest(q.replace(" ", "-")) if q else []
        msg = f"no style matches '{q}'"
        if hints:
            msg += "; closest ids: " + ", ".join(hints)
        click.echo(msg, err=True)
        raise click.exceptions.Exit(EXIT_FINDINGS)
    width = max(len(sid) for sid, _ in rows)
    for sid, title in rows:
        click.echo(sid if ids_only else f"{sid.ljust(width)}  {title}")
