"""`bibman subset` (placeholder until its module lands)."""

import click


@click.command(name="subset")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("not implemented yet")
