"""`bibman parse` (placeholder until its module lands)."""

import click


@click.command(name="parse")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("not implemented yet")
