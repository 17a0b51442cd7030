"""Conventions shared by the commands, as pandoc and `bibman convert` have them: the output
format follows the `-o` file's suffix unless `--to` says otherwise."""

from __future__ import annotations

import os

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
    to: str | None, output: str | None, suffixes: dict[str, str], default: str
) -> str:
    """``--to`` when given, else what the ``-o`` file's suffix says, else ``default``."""
    if to:
        return to
    if output and output != "-":
        suffix = os.path.splitext(output)[1].lower()
        return suffixes.get(suffix, default)
    return default
