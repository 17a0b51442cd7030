"""`bibman check` (placeholder until its module lands)."""

import click


@click.command(name="check")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("not implemented yet")
