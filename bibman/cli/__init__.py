"""The command line: the only code that imports click.

Each command lives in its own module as a thin wrapper: arguments -> library
call -> rendered output -> exit code. Library errors become one clean line on
stderr; nothing here is allowed to show a traceback to a user.
"""

from __future__ import annotations

import gc
import sys
from typing import Any

# Fewer cyclic-GC passes: bibman's values (tuples, frozen dataclasses) hold no cycles, and
# on a large bibliography the default gen-0 threshold (700) made the collector walk
# millions of live objects again and again (bench/scale.py). Set here, before click and
# bibman's modules are imported, it also spares the start-up ~20 collections (a few ms).
# Only the command line imports this module.
_GC_THRESHOLD = (100_000, 50, 100)
gc.set_threshold(*_GC_THRESHOLD)

import click  # noqa: E402

from .. import __version__  # noqa: E402
from ..errors import BibmanError, ConfigError  # noqa: E402
from ..terminal import guard_stdout  # noqa: E402
from .common import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK  # noqa: E402

# Command name -> (module in bibman.cli, one-line summary for `bibman --help`). A command's
# module is imported only when it runs, and the summaries are here so that `bibman --help`
# imports none of them (`bibman check` does not pay for the CSL engine's import either).
_COMMANDS = {
    "parse": ("parse", "Turn the reference lists of documents into BibTeX."),
    "check": ("check", "Check every URL and DOI of .bib files; propose archived copies."),
    "format": ("format", "Format a bibliography with a BibTeX or CSL style."),
    "cite": ("cite", "In-text citations of entries in a CSL style."),
    "styles": ("styles", "List and search the CSL styles, their aliases and locales."),
    "convert": ("convert", "Convert between BibTeX, BibLaTeX, CSL-JSON, YAML and RIS."),
    "tidy": ("tidy", "Bring .bib files into one layout; --check for CI."),
    "subset": ("subset", "Write only the entries a paper cites."),
    "verify": ("verify", "Check every entry against doi.org, Crossref, arXiv; enrich it."),
}


class _Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = _COMMANDS.get(cmd_name)
        if spec is None:
            return None
        from importlib import import_module

        cmd: click.Command = import_module(f"{__name__}.{spec[0]}").command
        return cmd

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name, cmd, rest = super().resolve_command(ctx, args)
        if name and "--help" not in rest and "-h" not in rest:
            from .conventions import config_defaults

            # [tool.bibman.<command>] settings become the options' defaults; flags win
            defaults = config_defaults(name)
            if defaults:
                ctx.default_map = {**(ctx.default_map or {}), name: defaults}
        return name, cmd, rest

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, _COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        guard_stdout()
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except ConfigError as e:
            click.echo(f"bibman: error: {e}", err=True)
            ctx.exit(EXIT_INPUT)
        except BibmanError as e:
            click.echo(f"bibman: error: {e}", err=True)
            ctx.exit(EXIT_INPUT)
        except KeyboardInterrupt:
            click.echo("bibman: interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(EXIT_OK)
        except Exception as e:  # a bug: say so in one line, no traceback
            click.echo(
                f"bibman: internal error: {type(e).__name__}: {e} "
                "(this is a bug; set BIBMAN_DEBUG=1 for the traceback)",
                err=True,
            )
            import os

            if os.environ.get("BIBMAN_DEBUG"):
                import traceback

                traceback.print_exc()
            ctx.exit(EXIT_INTERNAL)


@click.group(
    cls=_Group,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
# The version comes from the package itself, not the installed distribution's metadata, so
# `--version` works from a source checkout that is only on the path. (Not click's
# version_option, which imports `locale` for nothing here.)
@click.option(
    "--version",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=lambda ctx, _param, value: _version(ctx, value),
    help="Show the version and exit.",
)
def cli() -> None:
    """bibman: parse reference lists into BibTeX, check their links, format them.

    \b
    Exit codes (the same for every command):
      0  success, nothing to report
      1  findings: dead links, low-confidence references, untidy file (with --check)
      2  usage or input error: bad option, missing/unreadable/malformed input
      3  internal error (a bug in bibman)
    """


def _version(ctx: click.Context, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(f"bibman, version {__version__}")
        ctx.exit()


def main() -> None:
    gc.set_threshold(*_GC_THRESHOLD)  # again: a host may have changed it since the import
    cli(prog_name="bibman")
