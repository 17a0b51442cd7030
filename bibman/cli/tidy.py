"""`bibman tidy` (placeholder until its module lands)."""

import click


@click.command(name="tidy")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("not implemented yet")
