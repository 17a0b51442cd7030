"""`bibman styles` (placeholder until its module lands)."""

import click


@click.command(name="styles")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("not implemented yet")
