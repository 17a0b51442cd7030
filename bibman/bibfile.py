"""A bibliography file in any format ``convert`` reads (BibTeX/BibLaTeX, CSL-JSON,
pandoc YAML, RIS), for the commands that take one: tidy, subset, cite, format.

The format comes from the suffix, else from the content. BibTeX is read
losslessly (``bibtex.load``); the others through their reader, which gives
BibTeX-source entries. An empty input (nothing but white space) is an
InputError in every command, as is a file none of the readers finds entries in.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace

from .errors import InputError
from .lazyre import lazy
from .model import Bibliography
from .textio import Decoded, read_text

BIBLIOGRAPHY_FORMATS = ("bibtex", "csljson", "yaml", "ris")

_RIS_TAG = lazy(r"^[A-Z][A-Z0-9]  - ", re.M)
_BIBTEX_ENTRY = lazy(r"^[ \t]*@[A-Za-z]+[ \t]*[{(]", re.M)
_CSLJSON_START = lazy(r"\[\s*(\{|\])|\{\s*\"(items|id|type)\"")
_RIS_START = lazy(r"^TY  - ", re.M)
_YAML_START = lazy(r"(---[ \t]*\r?\n)?(#.*\r?\n)*references[ \t]*:")


def sniff(text: str) -> str | None:
    """``bibtex``, ``csljson``, ``yaml`` or ``ris`` when the text plainly is one; else None."""
    head = text.lstrip("\ufeff \t\r\n")[:8192]
    if _CSLJSON_START.match(head):
        return "csljson"
    if _RIS_START.search(head) and len(_RIS_TAG.findall(head)) >= 2:
        return "ris"
    if _YAML_START.match(head):
        return "yaml"
    if _BIBTEX_ENTRY.search(head):
        return "bibtex"
    return None


def format_of(path: str, text: str) -> str:
    """The format name for ``path`` (its suffix, else its content; BibTeX by default)."""
    from .formats import registry

    if path != "-":
        low = path.lower()
        for name in BIBLIOGRAPHY_FORMATS:
            suffixes = registry.get(name).suffixes
            if suffixes and low.endswith(suffixes):
                return name
    return sniff(text) or "bibtex"


def load(path: str | os.PathLike[str]) -> Bibliography:
    """Read ``path`` (``-``: stdin) in whichever bibliography format it is."""
    return read(path)[0]


def read(path: str | os.PathLike[str], fmt: str | None = None) -> tuple[Bibliography, str]:
    """``load``, and the name of the format it was read as (``fmt``: this format, not the
    one the suffix or content says)."""
    name = os.fspath(path)
    return parse(read_text(name), name, fmt)


def parse(decoded: Decoded, path: str, fmt: str | None = None) -> tuple[Bibliography, str]:
    """``read`` for text already read from ``path``."""
    from . import bibtex

    source = "<stdin>" if path == "-" else path
    if not decoded.text.strip():
        raise InputError("empty input: no entries", source)
    fmt = "bibtex" if fmt == "biblatex" else fmt or format_of(path, decoded.text)
    if fmt == "bibtex":
        bib = bibtex.loads(decoded.text, source=source)
        bib = replace(bib, bom=bib.bom or decoded.bom, encoding=decoded.encoding)
        return replace(bib, diagnostics=decoded.diagnostics + bib.diagnostics), fmt
    from .formats import registry

    bib = registry.get(fmt).read(decoded.text, source)
    if not bib.entries and not any(d.severity == "error" for d in bib.diagnostics):
        raise InputError(f"no entries found (read as {fmt})", source)
    return replace(bib, diagnostics=decoded.diagnostics + bib.diagnostics), fmt


NAMES = {"bibtex": "BibTeX", "csljson": "CSL-JSON", "yaml": "YAML", "ris": "RIS"}


def looks_like_bibliography(path: str, text: str) -> str | None:
    """The format name when ``text`` is already a bibliography rather than a
    document with a reference list (so ``parse`` should not read it); else None.

    By suffix (.bib, .json, .yaml, .ris), else by content: a CSL-JSON list, a
    RIS record, or BibTeX entries making up most of the text (a document that
    quotes one entry in a code block is still a document)."""
    low = path.lower()
    if path != "-" and not low.endswith((".md", ".txt", ".html", ".htm", ".tex")):
        from .formats import registry

        for name in BIBLIOGRAPHY_FORMATS:
            suffixes = registry.get(name).suffixes
            if suffixes and low.endswith(suffixes):
                return name
    kind = sniff(text)
    if kind in ("csljson", "ris", "yaml"):
        return kind
    if kind == "bibtex":
        from . import bibtex

        bib = bibtex.loads(text)
        covered = sum(len(e.raw or "") for e in bib.entries)
        if bib.entries and covered >= 0.6 * len(text.strip()):
            return "bibtex"
    return None
