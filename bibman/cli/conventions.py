"""Conventions shared by the commands, as pandoc and `bibman convert` have them: the output
format follows the `-o` file's suffix unless `--to` says otherwise."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

# suffix -> output format, per command
FORMAT_SUFFIXES = {
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".tex": "latex",
    ".bbl": "latex",
    ".txt": "text",
}
PARSE_SUFFIXES = {
    ".bib": "bibtex",
    ".json": "csljson",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".ris": "ris",
}


def output_format(
    to: str | None, output: str | None, suffixes: dict[str, str], default: str, param: str = "to"
) -> str:
    """``--to`` when given, else what the ``-o`` file's suffix says, else the configured
    format (``[tool.bibman.<command>] to``), else ``default``."""
    import click

    ctx = click.get_current_context(silent=True)
    configured = (
        ctx is not None
        and ctx.get_parameter_source(param) == click.core.ParameterSource.DEFAULT_MAP
    )
    if to and not configured:
        return to
    if output and output != "-":
        suffix = os.path.splitext(output)[1].lower()
        if suffix in suffixes:
            return suffixes[suffix]
    return to or default


# Commands whose option defaults come from `[tool.bibman.<command>]` (bibman.config).
CONFIGURED = ("format", "tidy", "parse")


def _config_paths() -> list[tuple[Path, bool]]:
    """The files ``config.command_config_files`` reads, cheaply (importing bibman.config
    costs ~13 ms; a test keeps the two lists equal): (path, is pyproject.toml)."""
    if os.environ.get("BIBMAN_USER_CONFIG"):
        user = Path(os.environ["BIBMAN_USER_CONFIG"])
    else:
        home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
        user = Path(home) / "bibman" / "config.toml"
    candidates = [(user, False), (Path("pyproject.toml"), True), (Path("bibman.toml"), False)]
    return [(p, pyproject) for p, pyproject in candidates if p.is_file()]


# Where a pyproject.toml can begin [tool.bibman]: a header [tool] or [tool.bibman...], or a
# dotted or inline-table key `tool...` outside any table (quoted keys allowed).
_TOOL_BIBMAN = re.compile(
    rb"""^[ \t]*(?:\[[ \t]*["']?tool["']?[ \t]*(?:\]|\.[ \t]*["']?bibman)"""
    rb"""|["']?tool["']?[ \t]*[.=])""",
    re.M,
)


def _may_have_config(command: str | None = None) -> bool:
    """Is there a file bibman.config would read (with a table for ``command``)?"""
    paths = _config_paths()
    if command is None or not paths:
        return bool(paths)
    for path, pyproject in paths:
        try:
            data = path.read_bytes()
        except OSError:
            return True  # let bibman.config say what is wrong, naming the file
        # no table for the command can be written without its name (nor, in a
        # pyproject.toml, without a [tool] or [tool.bibman...] header or a root-level
        # tool key): skip parsing the TOML (~3 ms)
        if command.encode() not in data or (pyproject and not _TOOL_BIBMAN.search(data)):
            continue
        import tomllib

        try:
            doc = tomllib.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError):
            return True  # let bibman.config say what is wrong, naming the file
        table = doc.get("tool", {}).get("bibman", {}) if pyproject else doc
        if isinstance(table, dict) and command in table:
            return True
    return False


def config_defaults(command: str) -> dict[str, Any]:
    """Option defaults for ``command`` from the config files (click's ``default_map``)."""
    if command not in CONFIGURED or not _may_have_config(command):
        return {}
    from ..config import command_defaults

    return command_defaults(command)


def complete_style(ctx: Any, param: Any, incomplete: str) -> list[str]:
    """Shell completion for ``--style``: BibTeX styles, aliases, CSL ids."""
    if "/" in incomplete or incomplete.endswith((".csl", ".bst")):
        return []  # a path: the shell completes files
    from ..stylenames import complete

    return complete(incomplete)[:200]


def merge(bibs: list[Any]) -> Any:
    """Several bibliographies read as one (as bibtex reads ``\\bibliography{a,b}``): items
    in order, each file's diagnostics kept with its own file name."""
    from dataclasses import replace

    from ..model import Block

    if len(bibs) == 1:
        return bibs[0]
    items: list[Any] = []
    for bib in bibs:
        if items:
            items.append(Block("text", "\n"))
        items.extend(bib.items)
    diagnostics = tuple(d for bib in bibs for d in bib.diagnostics)
    return replace(bibs[0], items=tuple(items), diagnostics=diagnostics, source=None)
