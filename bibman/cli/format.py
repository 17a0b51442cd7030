"""`bibman format` (placeholder until its module lands)."""

import click


@click.command(name="format")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("not implemented yet")
