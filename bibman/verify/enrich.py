"""Fields an accepted record can add to an entry, normalised to BibTeX source.

Adds missing fields only; a non-empty field is replaced only when the user named it
with ``--overwrite``. Values from the services are normalised on the way in:
JATS/HTML inline markup -> LaTeX (``<i>`` -> ``\\textit{}``, ``<sub>`` ->
``\\textsubscript{}``...), entities decoded, ``& % # _ $`` escaped, page ranges
with ``--``, titles brace-protected by bibman's rules (``bibtex.protect_capitals``).
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

from ..bibtex import bibtex_value, protect_capitals
from ..model import Bibliography, Block, Entry
from .matching import type_class
from .model import Change, Record
from .text import fold

ENRICHABLE = ("doi", "url", "eprint", "volume", "number", "pages", "publisher", "issn", "isbn")
OVERWRITABLE = (*ENRICHABLE, "title", "author", "year", "journal", "archiveprefix")

_MARKUP = {
    "i": "textit",
    "em": "emph",
    "italic": "textit",
    "b": "textbf",
    "strong": "textbf",
    "bold": "textbf",
    "sub": "textsubscript",
    "sup": "textsuperscript",
    "sc": "textsc",
    "scp": "textsc",
    "small-caps": "textsc",
    "tt": "texttt",
    "monospace": "texttt",
}
_TOKEN = re.compile(r"<(/?)([A-Za-z][\w:.-]*)(?:\s[^<>]*)?(/?)>|[^<]+|<")
_SPECIAL = {
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    # BibTeX counts escaped braces too: literal braces become macros, never \{
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
}
_DASH = re.compile(r"(?<=[\dA-Za-z])\s*(?:-{1,3}|[‐‑‒–—−])\s*(?=[\dA-Za-z])")


def escape_text(s: str) -> str:
    return "".join(_SPECIAL.get(c, c) for c in s)


def markup_to_latex(s: str) -> str:
    """Text with JATS/HTML inline markup -> LaTeX source (balanced, specials escaped)."""
    out: list[str] = []
    stack: list[bool] = []  # per open tag: whether it opened a LaTeX group
    for m in _TOKEN.finditer(s):
        if m.group(2) is None:
            out.append(escape_text(html.unescape(m.group(0))))
            continue
        closing, name, selfclosing = m.group(1), m.group(2).lower().split(":")[-1], m.group(3)
        if selfclosing:
            continue
        if not closing:
            macro = _MARKUP.get(name)
            stack.append(macro is not None)
            if macro:
                out.append(f"\\{macro}{{")
        elif stack and stack.pop():
            out.append("}")
    out.extend("}" for opened in stack if opened)
    return re.sub(r"\s+", " ", "".join(out)).strip()


def page_range(p: str) -> str:
    return _DASH.sub("--", p.strip())


def _name_list(names: tuple[tuple[str, str], ...]) -> str:
    parts = []
    for family, given in names:
        fam = escape_text(family)
        if " " in family and not given:
            fam = "{" + fam + "}"  # an organisation: keep it whole
        parts.append(f"{fam}, {escape_text(given)}" if given else fam)
    return " and ".join(parts)


def proposed(entry: Entry, r: Record) -> dict[str, str]:
    """field -> BibTeX source value the record offers for that field."""
    cls = type_class(entry.type)
    out: dict[str, str] = {}
    if r.doi:
        out["doi"] = bibtex_value(r.doi, "doi")
    if r.link:
        out["url"] = bibtex_value(r.link, "url")
    if r.eprint:
        out["eprint"] = "{" + r.eprint + "}"
        out["archiveprefix"] = "{arXiv}"
    if r.volume:
        out["volume"] = "{" + escape_text(r.volume) + "}"
    if r.issue:
        out["number"] = "{" + escape_text(r.issue) + "}"
    if r.pages:
        out["pages"] = "{" + escape_text(page_range(r.pages)) + "}"
    if r.publisher and cls in ("book", "chapter", "paper", "report", "thesis", "other"):
        out["publisher"] = "{" + markup_to_latex(r.publisher) + "}"
    if r.issn and cls in ("article", "other"):
        out["issn"] = "{" + r.issn[0] + "}"
    if r.isbn and cls in ("book", "chapter", "paper", "other"):
        out["isbn"] = "{" + r.isbn[0] + "}"
    if r.title:
        out["title"] = "{" + protect_capitals(markup_to_latex(r.title)) + "}"
    if r.authors:
        out["author"] = "{" + _name_list(r.authors) + "}"
    if r.year:
        out["year"] = "{" + str(r.year) + "}"
    if r.container:
        out["journal"] = "{" + markup_to_latex(r.container) + "}"
    return out


def _empty(entry: Entry, name: str) -> bool:
    v = entry.get(name)
    return v is None or not v.strip() or v.strip() in ("{}", '""')


def changes_for(
    entry: Entry, r: Record, overwrite: frozenset[str] = frozenset()
) -> tuple[Change, ...]:
    """What enriching ``entry`` from ``r`` would set: missing fields of ``ENRICHABLE``,
    plus fields named in ``overwrite`` whose value differs."""
    offer = proposed(entry, r)
    out: list[Change] = []
    has_doi = not _empty(entry, "doi")
    for name, value in offer.items():
        exists = not _empty(entry, name)
        if name == "number" and not _empty(entry, "issue"):
            exists = True
        if name == "journal" and not (_empty(entry, "journaltitle") and _empty(entry, "booktitle")):
            exists = exists or name not in overwrite
        if name == "url" and has_doi and name not in overwrite:
            continue  # an arXiv abs page beside a DOI adds nothing
        if (
            name == "archiveprefix"
            and "eprint" not in {c.field for c in out}
            and name not in overwrite
        ):
            continue
        if exists:
            if name not in overwrite:
                continue
            old = entry.field(name)
            assert old is not None
            if fold(old.plain) == fold(value[1:-1]):
                continue
            out.append(Change(name, value, old.value, r.source, r.url))
        elif name in ENRICHABLE or name == "archiveprefix" or name in overwrite:
            out.append(Change(name, value, None, r.source, r.url))
    return tuple(out)


def apply(entry: Entry, changes: tuple[Change, ...]) -> Entry:
    for c in changes:
        entry = entry.with_field(c.field, c.new)  # an existing field keeps its name's case
    return entry


def apply_all(bib: Bibliography, changes: dict[str, tuple[Change, ...]]) -> Bibliography:
    items: list[Entry | Block] = []
    for item in bib.items:
        if isinstance(item, Entry) and changes.get(item.key):
            items.append(apply(item, changes[item.key]))
        else:
            items.append(item)
    return replace(bib, items=tuple(items))
