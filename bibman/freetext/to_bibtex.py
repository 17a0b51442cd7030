"""A parsed :class:`~bibman.model.Reference` as a BibTeX :class:`~bibman.model.Entry`.

Values go through :func:`bibman.bibtex.bibtex_value`: special characters are
escaped, and title-like fields keep their capitals braced ("{Kazakhstan}",
"{U.S.}") so BibTeX styles that lowercase titles do not mangle them.
Organisations are double-braced in ``author`` so they are never split into
first and last names. Fields come in a conventional order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .. import titles
from ..bibtex import bibtex_value, render_entry
from ..fieldorder import field_rank
from ..lazyre import lazy
from ..model import Entry, Field, Name, Reference
from ..months import MONTH_MACROS

PROTECT_CASE = frozenset({"title", "subtitle", "booktitle", "shorttitle", "titleaddon"})
RAW_FIELD = "rawref"
_KEY_SOURCES = (
    "organization",
    "institution",
    "publisher",
    "howpublished",
    "journal",
    "title",
)  # holds the original reference string with --keep-raw


_PAGE_DASH = lazy(r"(?<=\w)\s*(?:-{1,2}|[–—‐‑−])\s*(?=\w)")
_MONTHS = MONTH_MACROS


_MONTH_NAMES = {
    **{m: m for m in _MONTHS},
    "january": "jan",
    "february": "feb",
    "march": "mar",
    "april": "apr",
    "june": "jun",
    "july": "jul",
    "august": "aug",
    "sept": "sep",
    "september": "sep",
    "october": "oct",
    "november": "nov",
    "december": "dec",
}


def _month_macro(value: str) -> str:
    """BibTeX's month macro (``may``, written bare) for "5", "05", "May", "Sept."."""
    v = value.strip().lower().rstrip(".")
    if re.fullmatch(r"[0-9]{1,2}", v) and 1 <= int(v) <= 12:
        return _MONTHS[int(v) - 1]
    return _MONTH_NAMES.get(v, "")


# bibtex_value() leaves a backslash as it is, and "{\\}" then swallows the
# closing brace. Free text has no TeX commands, so a backslash is a character;
# checked once here so that a fix in bibtex_value is not applied twice.
_ESCAPES_BACKSLASH = bibtex_value("\\") != "{\\}"


def _value(
    plain: str,
    name: str,
    protect_case: bool = False,
    ctx: titles.Context | None = None,
    language: str = "",
) -> str:
    # one line: a value is plain text, and "@" at a line start would open an entry
    plain = " ".join(plain.split())
    if name.lower() in _VERBATIM:
        plain = plain.replace("\\", "%5C")  # URL-encoded: a URL has no use for TeX
    elif not _ESCAPES_BACKSLASH:
        plain = plain.replace("\\", "\\textbackslash{}")
    value = bibtex_value(plain, name)
    if protect_case and "{" not in plain and "}" not in plain:
        # braces only where a capital is the author's: acronyms, inner capitals,
        # names (bibman/titles.py), never a word capitalised by Title Case
        value = "{" + titles.add_protection(value[1:-1], ctx, language) + "}"
    return value


_VERBATIM = frozenset({"url", "doi", "eprint", "file", "urldate"})


def names_value(names: Iterable[Name]) -> str:
    """``A and B`` in BibTeX name syntax (organisations braced whole)."""
    return " and ".join(n.bibtex() for n in names)


def title_context(refs: Iterable[Reference]) -> titles.Context:
    """What the references of one document say about proper nouns (their
    authors' names, words capitalised inside sentence-case titles)."""
    refs = list(refs)
    heads = [bibtex_value(v)[1:-1] for r in refs for n, v in r.fields if n.lower() == "title"]
    names = [n.family for r in refs for n in (*r.authors, *r.editors) if n.family]
    return titles.document_names(heads, names)


def reference_to_entry(
    ref: Reference, key: str, keep_raw: bool = False, ctx: titles.Context | None = None
) -> Entry:
    """One entry; ``keep_raw`` adds the original string as ``rawref``; ``ctx``
    (from :func:`title_context`) tells which title words are names."""
    values: dict[str, str] = {}
    language = next((v for n, v in ref.fields if n.lower() in ("langid", "language")), "")
    if ref.authors:
        values["author"] = _value(names_value(ref.authors), "author")
    if ref.editors:
        values["editor"] = _value(names_value(ref.editors), "editor")
    for name, plain in ref.fields:
        name = name.lower()
        if not plain.strip() or name in values:
            continue
        if name == "month" and _month_macro(plain):
            values[name] = _month_macro(plain)
            continue
        if name == "pages":
            plain = _PAGE_DASH.sub("--", plain)  # BibTeX's en dash
        values[name] = _value(plain.strip(), name, name in PROTECT_CASE, ctx=ctx, language=language)
    if not ref.authors and not ref.editors and "key" not in values:
        # BibTeX sorts and labels by author; without one, styles want `key`
        # ("Warning--to sort, need author or key"). The organisation or site
        # that stands in for the author, else the title.
        sort_name = next(
            (dict(ref.fields)[f] for f in _KEY_SOURCES if dict(ref.fields).get(f, "").strip()),
            "",
        )
        if sort_name:
            values["key"] = _value(sort_name.strip(), "key")
    if keep_raw and ref.raw.strip():
        values[RAW_FIELD] = _value(" ".join(ref.raw.split()), RAW_FIELD)
    type_ = (ref.type or "misc").lower()
    if type_ == "misc":
        _web_for_bibtex_styles(values)
    ordered = sorted(values, key=field_rank)  # the order `bibman tidy` writes
    line = ref.span.line if ref.span else None
    return Entry(type_, key, tuple(Field(n, values[n]) for n in ordered), line)


# A note that only says the page is online: the URL says it better.
_WEB_NOTE = lazy(r"^\{\s*\[?\(?\s*(?:online(?:\s+web)?|web|internet)\s*\)?\]?\.?\s*\}$", re.I)


def _web_for_bibtex_styles(values: dict[str, str]) -> None:
    """A web page shows its URL and access date in plain/unsrt/alpha/abbrv too,
    which know neither ``url`` nor ``urldate``: as Better BibTeX's "URL in note"
    export does, ``note`` gets ``\\url{...}`` and "Accessed ...", and ``howpublished``
    keeps the site alone (biblatex and the CSL mapping read ``url``/``urldate`` and
    leave these copies out)."""
    url = values.get("url", "{}")[1:-1]
    urldate = values.get("urldate", "{}")[1:-1]
    note = values.get("note", "")
    if not url or "\\url" in note or "\\url" in values.get("howpublished", ""):
        return
    # inside another command's argument (biblatex's .bbl) a "%" or "#" in \url
    # breaks the document, and escaped the url package prints "\%": url field only
    shown = "\\url{" + url + "}" if url and "%" not in url and "#" not in url else ""
    tail = ". ".join(part for part in (shown, "Accessed " + urldate if urldate else "") if part)
    if not tail:
        return
    if not note or _WEB_NOTE.match(note):
        values["note"] = "{" + tail + "}"
    else:
        values["note"] = "{" + note[1:-1].rstrip(" .;") + "; " + tail + "}"


def entries_to_bibtex(entries: Iterable[Entry]) -> str:
    """Entries as .bib text, one blank line between them."""
    rendered = [render_entry(e) for e in entries]
    return "\n\n".join(rendered) + "\n" if rendered else ""
