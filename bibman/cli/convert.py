"""`bibman convert` (placeholder until its module lands)."""

import click


@click.command(name="convert")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("not implemented yet")
