"""`bibman cite` (placeholder until its module lands)."""

import click


@click.command(name="cite")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("not implemented yet")
