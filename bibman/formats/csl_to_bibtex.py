"""CSL items -> BibTeX-dialect entries (``csl_to_entries``), with the common biblatex
extras (``urldate``, ``doi``, ``date``, ``entrysubtype``) that BibTeX styles ignore."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..lazyre import regex
from ..model import Diagnostic, Entry, Field
from .csl_from_bibtex import _RICH_VARS, _balanced_text
from .csl_mapping import _EPRINT_KEYS, _LANG_CODE, CSL_TO_ENTRY, CslItem
from .dates import (
    csl_to_iso,
    csl_to_year_month,
)
from .names import csl_names_to_bibtex
from .richtext import escape_latex, rich_to_latex
from .values import MONTHS

# ---------------------------------------------------------------------------
# CSL -> BibTeX
# ---------------------------------------------------------------------------


def csl_to_entries(
    items: Iterable[CslItem], source: str | None = None
) -> tuple[list[Entry], list[Diagnostic]]:
    """CSL items -> BibTeX-dialect entries, with a diagnostic for what could not be mapped."""
    entries: list[Entry] = []
    diags: list[Diagnostic] = []
    seen: set[str] = set()
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            diags.append(
                Diagnostic(
                    "error", "csl.not-an-item", f"item {n} is not an object; skipped", source
                )
            )
            continue
        entry, lost, notes = csl_item_to_entry(item, n)
        if entry.key in seen:
            diags.append(
                Diagnostic(
                    "warning",
                    "csl.duplicate-id",
                    f"id '{entry.key}' used twice",
                    source,
                    None,
                    entry.key,
                )
            )
        seen.add(entry.key)
        entries.append(entry)
        if lost:
            diags.append(
                Diagnostic(
                    "warning",
                    "convert.field-dropped",
                    "BibTeX has no field for these CSL variables, dropped: " + ", ".join(lost),
                    source,
                    None,
                    entry.key,
                )
            )
        for note in notes:
            diags.append(Diagnostic("info", "convert.type-changed", note, source, None, entry.key))
    return entries, diags


def _csl_text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_csl_text(v) for v in value)
    return str(value).strip()


def csl_item_to_entry(item: CslItem, n: int = 0) -> tuple[Entry, list[str], list[str]]:
    """One CSL item -> (Entry, CSL variables dropped, notes)."""
    used: set[str] = {"id", "type", "citation-key", "citation-label"}
    notes: list[str] = []
    key = str(item.get("citation-key") or item.get("id") or f"item{n}")
    key = regex(r"[\s,{}()=\"#%\\]").sub("_", key)
    ctype = str(item.get("type") or "document")
    etype = CSL_TO_ENTRY.get(ctype, "misc")
    if ctype not in CSL_TO_ENTRY:
        notes.append(f"CSL type '{ctype}' written as @misc")
    genre = _csl_text(item["genre"]) if "genre" in item else ""
    if ctype == "thesis" and "master" in genre.lower():
        etype = "mastersthesis"
    if ctype == "chapter" and "container-title" not in item:
        etype = "inbook"
    out: list[tuple[str, str]] = []

    def put(name: str, latex: str) -> None:
        if latex:
            out.append((name, "{" + latex + "}"))

    def take(var: str) -> Any:
        used.add(var)
        return item.get(var)

    def text(var: str) -> str:
        v = take(var)
        if v in (None, ""):
            return ""
        # Only these variables carry CSL rich text; in the others "<" is just a character.
        return rich_to_latex(_csl_text(v)) if var in _RICH_VARS else escape_latex(_csl_text(v))

    def names(var: str) -> str:
        v = take(var)
        if isinstance(v, list):
            return csl_names_to_bibtex([x for x in v if isinstance(x, dict)])
        return ""

    author = names("author")
    if not author and "director" in item:
        author = names("director")
    put("author", author)
    put("editor", names("editor"))
    put("translator", names("translator"))
    put("bookauthor", names("container-author"))
    put("title", text("title"))
    put("shorttitle", text("title-short"))
    container = text("container-title")
    if container:
        if etype == "article":
            put("journal", container)
        elif etype in ("incollection", "inproceedings", "inreference", "inbook", "book"):
            put("booktitle", container)
        else:
            put("howpublished", container)
    put("shortjournal", text("container-title-short"))
    put("edition", text("edition"))
    put("volume", text("volume"))
    series_number = text("collection-number")
    issue = text("issue")
    number = text("number")
    if etype in ("article", "periodical"):
        put("number", issue)
        put("issue", "")
        if number:
            put("note", number) if "note" not in item else used.discard("number")
    else:
        nums = [x for x in (series_number, number) if x]
        if nums:
            put("number", nums[0])
            if len(nums) > 1:
                used.discard("number")
        put("issue", issue)
    put("pages", regex(r"\s*[–—-]+\s*").sub("--", text("page")))
    put("pagetotal", text("number-of-pages"))
    put("volumes", text("number-of-volumes"))
    put("chapter", text("chapter-number"))
    put("series", text("collection-title"))
    default = {"phdthesis": "", "mastersthesis": "Master's thesis"}.get(etype)
    if genre and genre != default:
        put("type", rich_to_latex(genre))
    used.add("genre")
    publisher = text("publisher")
    put(
        {"techreport": "institution", "phdthesis": "school", "mastersthesis": "school"}.get(
            etype, "publisher"
        ),
        publisher,
    )
    put("organization", text("authority"))
    put("address", text("publisher-place"))
    put("venue", text("event-place"))
    put("eventtitle", text("event-title"))
    issued = take("issued")
    if isinstance(issued, dict):
        year, month, day = csl_to_year_month(issued)
        iso = csl_to_iso(issued)
        if year:
            put("year", escape_latex(year))
        if month:
            out.append(("month", MONTHS[month - 1]))
        if iso and (
            day or "/" in iso or iso.endswith("~") or isinstance(issued.get("season"), int)
        ):
            put("date", iso)
        if isinstance(issued.get("season"), str) and not month:
            out.append(("month", "{" + escape_latex(issued["season"]) + "}"))
    for var, name in (
        ("accessed", "urldate"),
        ("original-date", "origdate"),
        ("event-date", "eventdate"),
    ):
        d = take(var)
        if isinstance(d, dict):
            iso = csl_to_iso(d)
            literal = d.get("literal") or d.get("raw")
            if iso:
                put(name, iso)
            elif isinstance(literal, str):
                # biblatex dates are EDTF, not LaTeX: "~" means circa, not a space.
                put(name, literal if _balanced_text(literal) else escape_latex(literal))
            else:
                used.discard(var)
    put("note", text("note"))
    if ctype in ("article-magazine", "article-newspaper"):
        put("entrysubtype", ctype.split("-")[1])
    for var, name in (
        ("DOI", "doi"),
        ("URL", "url"),
        ("ISBN", "isbn"),
        ("ISSN", "issn"),
        ("PMID", "pmid"),
        ("PMCID", "pmcid"),
    ):
        v = take(var)
        if v and var in ("DOI", "URL"):
            # Links stay verbatim (biber and hyperref read them so); braces percent-encoded.
            raw = _csl_text(v)
            out.append((name, "{" + raw.replace("{", "%7B").replace("}", "%7D") + "}"))
        elif v:
            put(name, escape_latex(_csl_text(v)))
    put("version", text("version"))
    archive = _csl_text(item.get("archive", ""))
    if "archive_location" in item and archive:
        used.update(("archive", "archive_location"))
        put("eprint", escape_latex(_csl_text(item["archive_location"])))
        if archive != "eprint":
            put(
                "eprinttype",
                escape_latex(_EPRINT_KEYS.get(archive.lower(), archive)),
            )
    language = _csl_text(take("language") or "")
    if language:
        code = language.split("-")[0].lower() if language not in _LANG_CODE else language
        if language in _LANG_CODE:
            put("langid", _LANG_CODE[language])
        elif code in _LANG_CODE and len(language) <= 5:
            put("langid", _LANG_CODE[code])
        elif regex(r"[a-z]{4,}").fullmatch(language):
            put("langid", language)  # a babel/polyglossia name we have no code for
        else:
            put("language", escape_latex(language))
    put("abstract", text("abstract"))
    put("annote", text("annote"))
    put("keywords", text("keyword"))
    lost = sorted(k for k, v in item.items() if k not in used and v not in (None, "", [], {}))
    return Entry(etype, key, tuple(Field(n_, v) for n_, v in out)), lost, notes
