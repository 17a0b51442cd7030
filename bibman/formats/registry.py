"""Exchange formats by name and by file suffix, and ``convert`` between them.

Every reader gives a ``Bibliography`` of BibTeX-source entries; every writer
takes one and returns its text with diagnostics for what it could not hold.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from ..errors import ConfigError
from ..model import Bibliography, Diagnostic

Reader = Callable[[str, str | None], Bibliography]
Writer = Callable[[Bibliography], tuple[str, tuple[Diagnostic, ...]]]


@dataclass(frozen=True)
class Format:
    """An exchange format: its name, file suffixes and reader/writer."""

    name: str
    suffixes: tuple[str, ...]
    description: str
    read: Reader
    write: Writer


def _lazy(module: str, name: str) -> Callable[..., Any]:
    """``module.name``, imported on first call: a command that reads one format does not
    pay for importing the others (YAML, RIS, ...)."""

    def call(*args: Any) -> Any:
        return getattr(import_module(module, __package__), name)(*args)

    call.__name__ = name
    return call


def _write_dialect(dialect: str) -> Writer:
    def write(bib: Bibliography) -> tuple[str, tuple[Diagnostic, ...]]:
        from .. import bibtex
        from .biblatex import convert_bibliography

        out = convert_bibliography(bib, dialect)
        new = out.diagnostics[len(bib.diagnostics) :]
        return bibtex.dumps(out), tuple(new)

    return write


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "bibtex",
            (".bib",),
            "BibTeX (.bib, for bibtex and natbib)",
            _lazy("..bibtex", "loads"),
            _write_dialect("bibtex"),
        ),
        Format(
            "biblatex",
            (),
            "BibLaTeX (.bib, for biber)",
            _lazy("..bibtex", "loads"),
            _write_dialect("biblatex"),
        ),
        Format(
            "csljson",
            (".json",),
            "CSL-JSON (pandoc, Zotero, citeproc)",
            _lazy(".csljson", "loads"),
            _lazy(".csljson", "dumps"),
        ),
        Format(
            "yaml",
            (".yaml", ".yml"),
            "pandoc YAML bibliography (references: CSL items)",
            _lazy(".pandoc_yaml", "loads"),
            _lazy(".pandoc_yaml", "dumps"),
        ),
        Format(
            "ris",
            (".ris",),
            "RIS (Zotero, EndNote, Mendeley)",
            _lazy(".ris", "loads"),
            _lazy(".ris", "dumps"),
        ),
    )
}
_ALIASES = {
    "bib": "bibtex",
    "json": "csljson",
    "csl": "csljson",
    "csl-json": "csljson",
    "yml": "yaml",
    "pandoc": "yaml",
}


def get(name: str) -> Format:
    """A format by name (``bibtex``, ``biblatex``, ``csljson``, ``yaml``, ``ris``)."""
    key = _ALIASES.get(name.lower(), name.lower())
    if key not in FORMATS:
        raise ConfigError(f"unknown format '{name}' (known: {', '.join(FORMATS)})")
    return FORMATS[key]


def for_path(path: str | os.PathLike[str]) -> Format:
    """The format a file name's suffix stands for; ConfigError when it says nothing."""
    name = os.fspath(path).lower()
    for fmt in FORMATS.values():
        if name.endswith(fmt.suffixes) and fmt.suffixes:
            return fmt
    raise ConfigError(
        f"cannot tell the format of '{os.fspath(path)}' from its suffix; use --from/--to"
    )


@dataclass(frozen=True)
class Converted:
    """The text written in the target format, with what was read and lost."""

    text: str
    bibliography: Bibliography  # what was read
    diagnostics: tuple[Diagnostic, ...]  # reading problems, then what the target could not hold


def convert(text: str, source: str | None, src: Format, dst: Format) -> Converted:
    bib = src.read(text, source)
    out, diags = dst.write(bib)
    return Converted(out, bib, bib.diagnostics + diags)
