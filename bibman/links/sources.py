"""What ``check`` reads: every bibliography format ``convert`` reads, and plain
documents the way lychee does. Pure: text in, ``LinkTarget`` values out.

The kind of a file comes from its suffix, else from its content. A bibliography
gives its entries' links (``extract``); a CSL-JSON, YAML or RIS file has no line
per field, so each link is placed on the first line at or after the previous
link's that holds it. A document gives every link with its line; its "key" is
empty and its "field" says how the link was written (``markdown``, ``href``...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InputError
from ..model import Bibliography, Diagnostic
from .documents import EXTRACTORS
from .extract import extract
from .model import LinkTarget

BIBLIOGRAPHIES = ("bibtex", "csljson", "yaml", "ris")
DOCUMENTS = tuple(EXTRACTORS)

_SUFFIXES = {
    ".bib": "bibtex",
    ".bibtex": "bibtex",
    ".biblatex": "bibtex",
    ".json": "csljson",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".ris": "ris",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".rmd": "markdown",
    ".qmd": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".tex": "latex",
    ".ltx": "latex",
    ".sty": "latex",
    ".cls": "latex",
    ".txt": "text",
    ".text": "text",
    ".rst": "text",
    ".org": "text",
}


def kind_of(name: str, text: str) -> str:
    """``bibtex``, ``csljson``, ``yaml``, ``ris``, ``markdown``, ``html``, ``latex`` or ``text``."""
    low = name.lower()
    for suffix, kind in _SUFFIXES.items():
        if low.endswith(suffix):
            return kind
    return sniff(text)


def sniff(text: str) -> str:
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    if re.match(r"[\[{]", head):
        return "csljson"
    if re.search(r"^TY  - ", head, re.M):
        return "ris"
    if re.match(r"---\s*\n(?:.*\n)*?references\s*:", head):
        return "yaml"
    if re.search(r"^\s*@[A-Za-z]+\s*[{(]", head, re.M):
        return "bibtex"
    if re.match(r"(?i)<(?:!doctype|html|head|body|\?xml)", head):
        return "html"
    if re.search(r"\\(?:documentclass|begin\{document\}|section\{)", head):
        return "latex"
    if re.search(r"^#{1,6} |\]\(https?://", head, re.M):
        return "markdown"
    return "text"


@dataclass(frozen=True)
class Source:
    """One input of ``check``: its links, what reading it found, and (for BibTeX) the
    bibliography ``--fix`` may rewrite."""

    name: str
    kind: str
    targets: tuple[LinkTarget, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    bibliography: Bibliography | None = None


def read_source(
    text: str,
    name: str,
    resolver: str = "https://doi.org/",
    fields: tuple[str, ...] = ("url", "doi", "howpublished", "note"),
    kind: str | None = None,
    bibliography: Bibliography | None = None,
) -> Source:
    """The links of one input. Raises ``InputError`` when it cannot be read as its kind
    (or at all): an empty file, a bibliography without entries, malformed JSON..."""
    if not text.strip():
        raise InputError("empty input: nothing to check", name)
    kind = kind or kind_of(name, text)
    if kind in BIBLIOGRAPHIES:
        if bibliography is None:
            from ..formats import registry

            bibliography = registry.get(kind).read(text, name)
        if not bibliography.entries and not _only_declarations(bibliography, kind):
            raise InputError(
                f"no {_NAMES[kind]} entries found (is it a {_NAMES[kind]} file?)", name
            )
        targets = extract(bibliography, resolver, fields)
        if kind != "bibtex":
            targets = _place(targets, text)
        return Source(name, kind, tuple(targets), bibliography.diagnostics, bibliography)
    found = EXTRACTORS[kind](text)
    targets = [LinkTarget(url, "", how, line, None, None, name) for url, line, how in found]
    return Source(name, kind, tuple(targets))


_NAMES = {"bibtex": "BibTeX", "csljson": "CSL-JSON", "yaml": "YAML", "ris": "RIS"}


def _only_declarations(bib: Bibliography, kind: str) -> bool:
    """A .bib with only @string/@preamble/@comment blocks, or an empty CSL list, is a
    real (empty) bibliography, not an unreadable file."""
    if kind == "bibtex":
        return any(
            getattr(item, "kind", None) in ("string", "preamble", "comment") for item in bib.items
        )
    return True


def _place(targets: list[LinkTarget], text: str) -> list[LinkTarget]:
    """Give each target the line of the text where its URL (or DOI) is written."""
    from dataclasses import replace

    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    cursor = 0
    out = []
    import bisect

    for t in targets:
        needle = t.doi or t.url
        at = -1
        for form in (needle, needle.replace("/", "\\/")):
            at = text.find(form, cursor)
            if at < 0:
                at = text.find(form)
            if at >= 0:
                break
        if at >= 0:
            cursor = at
            out.append(replace(t, line=bisect.bisect_right(starts, at)))
        else:
            out.append(t)
    return out
