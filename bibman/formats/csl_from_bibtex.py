"""One BibTeX/biblatex entry -> one CSL item (``entry_to_csl``): fields read with
``crossref``/``xdata`` inheritance, types, names, dates, titles as rich text, and what
CSL cannot hold."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .. import titles
from ..bibtex import split_value
from ..latex import to_unicode
from ..lazyre import lazy, regex
from ..model import Entry
from .csl_mapping import (
    _ACCESSED_NOTE,
    _CASED_TITLES,
    _DOI_PREFIX,
    _EPRINT_TYPES,
    _LANG_CODE,
    _LANGID,
    _ORDINALS,
    _SIMPLE,
    _STEERING,
    _URL_IN_TEXT,
    _URL_LIKE,
    ENTRY_TO_CSL,
    CslItem,
)
from .dates import (
    parse_date,
    year_month_date,
)
from .names import has_name_options, names_to_csl
from .richtext import MARKUP_COMMANDS as _RICH_COMMANDS
from .richtext import latex_to_rich
from .values import MONTHS, expand_value, plain_text


class _Fields:
    """An entry's fields by lower-cased name, with crossref/xdata inheritance and use tracking."""

    def __init__(
        self, entry: Entry, strings: Mapping[str, str], by_key: Mapping[str, Entry]
    ) -> None:
        self.strings = strings
        self.own: dict[str, str] = {}
        for f in entry.fields:
            self.own.setdefault(f.name.lower(), f.value)
        self.inherited: dict[str, str] = {}
        self._inherit(entry, by_key, set())
        self.used: set[str] = set()
        self.unknown_macros: dict[str, list[str]] = {}
        self._expanded: dict[str, str] = {}
        self._plain: dict[str, str] = {}
        self.ctx: titles.Context | None = None  # set: titles in sentence case
        self.language = ""

    def _inherit(self, entry: Entry, by_key: Mapping[str, Entry], seen: set[str]) -> None:
        seen.add(entry.key.lower())
        parents: list[str] = []
        for name in ("crossref", "xdata"):
            f = entry.field(name)
            if f is not None:
                raw = expand_value(f.value, self.strings)
                parents += [k.strip().lower() for k in raw.split(",") if k.strip()]
        for pkey in parents:
            parent = by_key.get(pkey)
            if parent is None or pkey in seen:
                continue
            child_type = entry.type.lower()
            for f in parent.fields:
                name = f.name.lower()
                if name in ("crossref", "xdata", "ids", "key", "sortkey"):
                    continue
                target = name
                # biblatex inheritance: the parent's title is the child's booktitle.
                if name == "title" and child_type in (
                    "inbook",
                    "incollection",
                    "inproceedings",
                    "bookinbook",
                    "inreference",
                    "suppbook",
                    "suppcollection",
                ):
                    target = "booktitle"
                elif name == "author" and child_type in ("inbook", "bookinbook", "suppbook"):
                    target = "bookauthor"
                if target not in self.own and target not in self.inherited:
                    self.inherited[target] = f.value
            self._inherit(parent, by_key, seen)

    def has(self, name: str) -> bool:
        return name in self.own or name in self.inherited

    def latex(self, name: str) -> str | None:
        value = self.own.get(name, self.inherited.get(name))
        if value is None:
            return None
        self.used.add(name)
        latex = self._expanded.get(name)  # fields are read several times per entry
        if latex is None:
            latex = self._expanded[name] = expand_value(value, self.strings)
            if "\\" in latex and name not in ("url", "doi", "file"):
                lost = unknown_macros(latex)
                if lost:
                    self.unknown_macros[name] = lost
        return latex

    def peek(self, name: str) -> str:
        """An own field's plain text, read without marking it used ("" if absent)."""
        raw = self.own.get(name)
        if raw is None:
            return ""
        key = "\0" + name
        text = self._plain.get(key)
        if text is None:
            text = self._plain[key] = plain_text(expand_value(raw, self.strings))
        return text

    def text(self, name: str) -> str | None:
        latex = self.latex(name)
        if latex is None:
            return None
        text = self._plain.get(name)
        if text is None:
            text = self._plain[name] = plain_text(latex)
        return text or None

    def rich(self, name: str, markup: bool, protect: bool = True) -> str | Later | None:
        latex = self.latex(name)
        if latex is None:
            return None
        if self.ctx is not None and name in _CASED_TITLES:
            if isinstance(self.ctx, Deferred):  # the file's names are not known yet
                return self.ctx.later(latex, self.language, markup, protect)
            return cased_rich(latex, self.language, markup, protect, self.ctx)
        return latex_to_rich(latex, markup=markup, protect=protect) or None

    def unused(self) -> list[str]:
        return [n for n in self.own if n not in self.used]


def cased_rich(
    latex: str, language: str, markup: bool, protect: bool, ctx: titles.Context
) -> str | None:
    """A title field's LaTeX in sentence case (``ctx``: the file's names), as rich text."""
    latex = titles.sentence_case(latex, ctx, language)
    if "{" in latex:
        latex = _SENTENCE_START_BRACE.sub(r"\1\2", latex)
    return latex_to_rich(latex, markup=markup, protect=protect) or None


_Piece = tuple[str, str, bool, bool]  # a title field's LaTeX, language, markup, protect


class Later:
    """A title (or container title) waiting for the file's names, which sentence case
    needs (see ``Deferred``): its fields' LaTeX and the literal text joining them."""

    __slots__ = ("parts",)

    def __init__(self, parts: tuple[str | _Piece, ...]) -> None:
        self.parts = parts

    def resolve(self, ctx: titles.Context) -> str | None:
        """The rich text ``entry_to_csl`` gives with ``ctx``; None when a field that was
        taken for one with text turns out empty (the item must be mapped again)."""
        out: list[str] = []
        for p in self.parts:
            text = p if isinstance(p, str) else cased_rich(*p, ctx)
            if not text:
                return None
            out.append(text)
        return "".join(out)


class Deferred(titles.Context):
    """A title context not known yet (a .bib read one entry at a time: sentence case
    learns names from the whole file). Title fields come back as ``Later`` values,
    ``resolve``-d once it is known. Whether a field has text at all is decided on
    the way (as ``entry_to_csl`` needs it) by a test that case does not change, and
    checked when resolving: ``empty`` keeps those taken for empty."""

    def __init__(self) -> None:
        super().__init__(frozenset())
        object.__setattr__(self, "empty", [])

    empty: list[_Piece]

    def later(self, latex: str, language: str, markup: bool, protect: bool) -> Later | None:
        piece = (latex, language, markup, protect)
        if latex.strip(" \t\n{}~"):
            return Later((piece,))
        self.empty.append(piece)
        return None

    def confirmed(self, ctx: titles.Context) -> bool:
        """Whether every field taken for empty is empty with the file's names."""
        return not any(cased_rich(*p, ctx) for p in self.empty)


def _joined(a: str | Later, sep: str, b: str | Later) -> str | Later:
    """``f"{a}{sep}{b}"``, for titles that may wait for the file's names."""
    if isinstance(a, str) and isinstance(b, str):
        return f"{a}{sep}{b}"
    return Later(
        (
            *(a.parts if isinstance(a, Later) else (a,)),
            sep,
            *(b.parts if isinstance(b, Later) else (b,)),
        )
    )


# Braces around a hyphenated word that opens the title or a subtitle and is capitalised
# only at its start ("{BERT}: {Pre-training} of ...") protect nothing a style's text case
# would change but the later parts: CSL title case gives "Pre-Training" from the same
# title stored in CSL-JSON, so for formatting the word is left unbraced.
_SENTENCE_START_BRACE = lazy(r"(^|[:?!.]\s+)\{([A-Z][a-z]+(?:-[a-z]+)+)\}")


# A @misc whose note is nothing but a description of what the item is (APA's
# bracketed descriptions "[Computer software]", "[Data set]", a patent or arXiv
# number) is that kind of item; biblatex would have used @software, @dataset,
# @patent, @video or an eprint. CSL type and, for numbers, the variable the
# note becomes (Zotero keeps a preprint's "arXiv:ID" as its number).
_NOTE_TYPES: tuple[tuple[re.Pattern[str], str, str | None], ...] = (
    (lazy(r"(?:computer )?(?:software|program)", re.I), "software", None),
    (lazy(r"data ?set", re.I), "dataset", None),
    (lazy(r"film|motion picture|movie", re.I), "motion_picture", None),
    (lazy(r"blog (?:post|entry)", re.I), "post-weblog", None),
    (lazy(r"(?:[A-Z][\w.]*\s+)*patent\s+(?:no\.?\s*)?[\d,]+", re.I), "patent", "number"),
    (lazy(r"arxiv:\s*[\w./-]+", re.I), "article", "number"),
)


_ENCYCLOPEDIA = lazy(r"encyclop|wikipedia", re.I)


def _note_type(f: _Fields) -> tuple[str, str | None] | None:
    if "note" not in f.own:
        return None
    note = f.peek("note").strip().strip("[]().").strip()
    for pattern, ctype, var in _NOTE_TYPES:
        if pattern.fullmatch(note):
            return ctype, var
    return None


_GENRE_KEYS = {
    "phdthesis": "PhD thesis",
    "mathesis": "Master's thesis",
    "mastersthesis": "Master's thesis",
    "candthesis": "Candidate thesis",
    "techreport": "Technical report",
    "resreport": "Research report",
}
# The genre BibTeX's own styles print for these types ("PhD thesis").
_DEFAULT_GENRE = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}
_DROPPING_LANGS = frozenset({"fr", "de"})
_DROPPING = frozenset({"de", "d'", "d’", "du", "des", "von", "von der", "zu", "von und zu"})
_EPRINT_VARS = {"pubmed": "PMID", "pmid": "PMID", "pmcid": "PMCID", "pmc": "PMCID"}
_NOTE_ID = lazy(r"\b(PMID|PMCID)\s*:?\s*((?:PMC)?\d+)\b", re.I)
# A medium in brackets or parentheses only: "[PDF]", "(Online web)"
_MEDIUM_NOTE = lazy(
    r"^[\[(]?\s*(PDF|Video|Audio|Podcast|CD-ROM|DVD|Microfilm|Microfiche)\s*[\])]?\.?$", re.I
)
# Notes that only say the item is on the web: nothing a reader needs ("Online web").
_WEB_NOTE = lazy(r"^[\[(]?\s*(?:online(?:\s+web)?|web|internet|html)\s*[\])]?\.?$", re.I)


def _drop_url_copy(f: _Fields) -> None:
    """A note carrying the entry's own URL as ``\\url{...}`` (written for BibTeX's
    own styles, which know no ``url`` field) says nothing CSL's ``URL`` does not:
    the copy goes, the rest of the note stays ("Mirror; \\url{X}. Accessed D" ->
    "Mirror; Accessed D")."""
    note = f.own.get("note", "")
    url = f.text("url") if "\\url" in note else ""
    if not url:
        return
    inner = note[1:-1] if note.startswith("{") and note.endswith("}") else note
    copy = "\\url{" + url + "}"
    start = inner.find(copy)
    if start < 0:
        return
    after = inner[start + len(copy) :]
    if after[:1] == "." and after[1:2].isspace():  # "\url{X}. Accessed D"
        after = after[1:]
    elif after.strip():  # the URL is part of a sentence: the note keeps it
        return
    rest = (inner[:start] + after).strip().rstrip(";,").strip()
    if rest:
        f.own["note"] = "{" + rest + "}"
    else:
        del f.own["note"]


def _ids_from_note(item: CslItem, note: str) -> None:
    """PMID/PMCID written in a note become their CSL variables; a note that only
    names a medium ("[PDF]") becomes ``medium``; "Accessed 2019-01-02", written
    for BibTeX's styles beside ``urldate``, goes (CSL has ``accessed``)."""
    rest = _ACCESSED_NOTE.sub("", note) if "accessed" in item else note
    for m in _NOTE_ID.finditer(note):
        item.setdefault(m.group(1).upper(), m.group(2))
        rest = rest.replace(m.group(0), "")
    rest = rest.strip(" ;,.")
    medium = _MEDIUM_NOTE.match(rest)
    if medium:
        item.setdefault("medium", medium.group(1))
        rest = ""
    elif _WEB_NOTE.match(rest) and ("URL" in item or "DOI" in item):
        rest = ""
    if rest != note:
        if rest:
            item["note"] = rest
        else:
            item.pop("note", None)


# A talk: howpublished "Speech at the X" / "Talk at X" / "Presented at X".
_TALK = lazy(
    r"^(?:(speech|talk|lecture|keynote|address|presentation|paper|poster)\s+(?:at|to|given at|presented at)"
    r"|presented at|delivered at)\s+(?:the\s+)?(.+)$",
    re.I,
)


def csl_type(entry_type: str, f: _Fields) -> str:
    t = entry_type.lower()
    if t == "misc":
        described = _note_type(f)
        if described is not None:
            return described[0]
        if _TALK.match(f.peek("howpublished")):
            return "speech"
    subtype = f.peek("entrysubtype").lower()  # not marked used: only some values map
    if t in ("article", "periodical") and subtype in ("magazine", "newspaper"):
        return "article-" + subtype
    # A @misc that names only a URL or a site (howpublished, as Zotero/Better
    # BibTeX write a web page's website title) is a web page; one with a
    # publisher, journal or institution is some other document.
    if t in ("misc", "online") and _ENCYCLOPEDIA.search(
        f.peek("howpublished") or f.peek("organization")
    ):
        # an article on an encyclopedia's site (Wikipedia, Britannica), as Zotero's
        # web translators save it: an encyclopedia entry in that container
        return "entry-encyclopedia"
    if (
        t == "misc"
        and (f.has("url") or f.has("howpublished"))
        and not any(f.has(n) for n in ("journal", "journaltitle", "booktitle", "institution"))
        and (f.has("url") or not f.has("publisher"))
    ):
        if (
            _FILE_URL.search(f.peek("url"))
            and f.has("author")
            and not any(f.has(n) for n in ("howpublished", "organization", "publisher"))
        ):
            # a file (a PDF) by an author on no named site is a standalone document:
            # Zotero's "Document" item, which it exports as CSL "article"
            return "article"
        return "webpage"
    return ENTRY_TO_CSL.get(t, "document")


_FILE_URL = lazy(r"\.(?:pdf|ps|docx?|odt|rtf)(?:[?#]\S*)?$", re.I)


def entry_to_csl(
    entry: Entry,
    strings: Mapping[str, str],
    by_key: Mapping[str, Entry] | None = None,
    markup: bool = True,
    ctx: titles.Context | None = None,
) -> tuple[CslItem, list[str], list[str]]:
    """One entry -> (CSL item, names of fields dropped, notes about merged fields);
    with ``ctx`` titles are put in sentence case (see :func:`bib_to_csl`)."""
    f = _Fields(entry, strings, by_key or {})
    _drop_url_copy(f)
    # ctx is given when formatting: display-only readings (genre words for
    # biblatex keys, ids and media read out of notes) apply then, never to exports
    display = ctx is not None
    if ctx is not None:
        f.ctx = ctx
        f.language = f.peek("langid") or f.peek("language")
    notes: list[str] = []
    t = csl_type(entry.type, f)
    item: CslItem = {"id": entry.key, "type": t}
    if t in ("article-magazine", "article-newspaper"):
        f.used.update(_STEERING & set(f.own))  # entrysubtype said it; any other value is reported
    if entry.type.lower() not in ENTRY_TO_CSL:
        notes.append(f"@{entry.type} has no CSL type; written as '{t}'")

    for bib_name, csl_name in (
        ("author", "author"),
        ("editor", "editor"),
        ("translator", "translator"),
        ("bookauthor", "container-author"),
        ("director", "director"),
    ):
        latex = f.latex(bib_name)
        if latex:
            names, others = names_to_csl(latex)
            if names:
                item[csl_name] = names
            if others and display and names:
                # formatting: "et al." after the names (no CSL-JSON form to export)
                item.setdefault("_etal", []).append(csl_name)
            elif others:
                notes.append(f"'and others' in {bib_name} has no CSL form")

    title = f.rich("title", markup)
    sub = f.rich("subtitle", markup)
    if title and sub:
        title = _joined(title, ": ", sub)
        notes.append("subtitle: merged into title")
    addon = f.rich("titleaddon", markup)
    if title and addon:
        title = _joined(title, ". ", addon)
        notes.append("titleaddon: merged into title")
    if title:
        item["title"] = title

    container: str | Later | None = None
    if t.startswith("article") or t == "periodical":
        candidates: tuple[str, ...] = ("journaltitle", "journal", "booktitle", "maintitle")
    else:
        candidates = ("booktitle", "maintitle", "journaltitle", "journal")
    # The field the reverse mapping writes container-title back into, by CSL type.
    home = {"journaltitle", "journal"} if t.startswith("article") else {"booktitle"}
    for name in candidates:
        if f.has(name):
            container = f.rich(name, markup)
            csub = f.rich(_SUBTITLE[name], markup)
            if container and csub:
                container = _joined(container, ": ", csub)
                notes.append(f"{_SUBTITLE[name]}: merged into container-title")
            if name not in home or ENTRY_TO_CSL.get(entry.type.lower()) not in _CONTAINER_TYPES:
                notes.append(
                    f"{name} carried as container-title (a round trip may bring it back under another name)"
                )
            break
    howpublished = f.latex("howpublished")
    if howpublished and f.has("url") and "\\url" in howpublished:
        # "Site, \url{...}" written for BibTeX's own styles: the URL is in url
        howpublished = _URL_IN_TEXT.sub("", howpublished).strip(" ,;") or None
    talk = _TALK.match(plain_text(howpublished)) if howpublished and t == "speech" else None
    if talk:
        # "Speech at the X Council": the event; the place is where it was given
        item["event-title"] = talk.group(2).strip()
        if f.has("address") and not f.has("venue"):
            item["event-place"] = f.text("address") or ""
            f.used.add("address")
        if talk.group(1) and talk.group(1).lower() not in ("speech", "talk", "paper"):
            item["genre"] = talk.group(1).capitalize()
    elif howpublished:
        m = _URL_LIKE.match(howpublished)
        if m and not f.has("url"):
            item["URL"] = m.group(1) or m.group(2)
            notes.append("howpublished: carried as URL (a round trip brings it back as url)")
        elif container is None:
            container = latex_to_rich(howpublished, markup=markup, protect=False)
        else:
            f.used.discard("howpublished")
    if container:
        item["container-title"] = container

    series = f.rich("series", markup, protect=False)
    if series:
        item["collection-title"] = series
    number = f.text("number")
    if number:
        if t.startswith("article") or t == "periodical":
            item["issue"] = number
        elif series and t in ("book", "chapter", "paper-conference", "entry-encyclopedia"):
            item["collection-number"] = number
        else:
            item["number"] = number
    issue = f.text("issue")
    if issue:
        if "issue" in item:
            f.used.discard("issue")
        else:
            item["issue"] = issue
            if t.startswith("article") or t == "periodical":
                notes.append(
                    "issue: merged into number on the way back (CSL has one issue variable)"
                )

    for bib_name, csl_name in _SIMPLE.items():
        if f.has(bib_name) and csl_name not in item:
            rich = csl_name in ("title-short", "container-title-short", "note", "event-title")
            value = (
                f.rich(bib_name, markup, protect=csl_name != "note") if rich else f.text(bib_name)
            )
            if value:
                item[csl_name] = value

    described = _note_type(f) if entry.type.lower() == "misc" else None
    if described is not None and "note" in item:
        # the note only said what the item is: the type carries it now
        note = str(item.pop("note"))
        if described[1] is not None:
            item.setdefault(described[1], plain_text(note).strip().strip("[]()").strip())
            if t == "article" and not f.has("publisher") and note.lower().startswith("arxiv"):
                item["publisher"] = "arXiv"
        notes.append("note: read as the item's type (a round trip brings it back as note)")
        if t == "motion_picture" and "author" in item and "director" not in item:
            # a film's creator in the author field is its director (as Zotero reads it)
            item["director"] = item.pop("author")
            notes.append("author: carried as director (a round trip brings it back as director)")

    pages = f.text("pages")
    if pages:
        item["page"] = regex(r"\s*[–—-]+\s*").sub("-", pages)

    edition = f.text("edition")
    if edition:
        item["edition"] = _edition_number(edition)

    pub_sources = [n for n in ("publisher", "institution", "school", "organization") if f.has(n)]
    if pub_sources:
        first = f.text(pub_sources[0])
        if first:
            item["publisher"] = first
            pub_home = {"report": "institution", "thesis": "school"}.get(t, "publisher")
            if pub_sources[0] != pub_home and {pub_sources[0], pub_home} != {
                "school",
                "institution",
            }:
                notes.append(
                    f"{pub_sources[0]} carried as publisher (a round trip brings it back as {pub_home})"
                )
        for extra in pub_sources[1:]:
            f.used.add(extra)
            value = f.text(extra)
            if value and extra == "organization" and t in ("paper-conference", "book", "report"):
                # A conference's or a manual's organiser: CSL calls it the authority.
                item.setdefault("authority", value)
            else:
                f.used.discard(extra)
    place = f.text("location") or f.text("address")
    if f.has("location") and f.has("address"):
        f.used.discard("address")
    if place and item.get("event-place") != place:
        item["publisher-place"] = place

    issued = _issued(f)
    if issued:
        item["issued"] = issued
    for bib_name, csl_name in (
        ("urldate", "accessed"),
        ("origdate", "original-date"),
        ("eventdate", "event-date"),
    ):
        value = _date_text(f, bib_name)
        if value:
            item[csl_name] = parse_date(value)

    doi = f.text("doi")
    if doi:
        item["DOI"] = _DOI_PREFIX.sub("", doi.strip())
    url = f.latex("url")
    if url:
        item["URL"] = _url(url)

    genre = f.text("type")
    if genre:
        # biblatex's localisation keys ("phdthesis", "mathesis") read as words
        item["genre"] = _GENRE_KEYS.get(genre.lower(), genre) if display else genre
    elif entry.type.lower() == "mastersthesis" or (
        display and entry.type.lower() in _DEFAULT_GENRE
    ):
        item["genre"] = _DEFAULT_GENRE[entry.type.lower()]
    language_tag = (f.peek("langid") or f.peek("language")).lower()
    for role in ("author", "editor", "translator"):
        for name in item.get(role, []) if isinstance(item.get(role), list) else []:
            # French and German particles are dropped when names are sorted
            # ("La Fontaine, Jean de"); Dutch, Spanish... keep theirs ("van der Maaten")
            ndp = name.get("non-dropping-particle", "")
            if display and ndp and language_tag[:2] in _DROPPING_LANGS and ndp.lower() in _DROPPING:
                name["dropping-particle"] = name.pop("non-dropping-particle")
    langid = f.text("langid")
    language = f.text("language")
    if langid:
        item["language"] = _LANGID.get(langid.lower(), langid)
        if language:
            f.used.discard("language")
        if not _comes_back_as_langid(item["language"]):
            notes.append(
                "langid: merged into language on the way back (CSL has one language variable)"
            )
    elif language:
        item["language"] = language
        if _comes_back_as_langid(language):
            notes.append(
                "language: merged into langid on the way back (CSL has one language variable)"
            )

    eprint = f.text("eprint")
    if eprint:
        kind = f.text("eprinttype") or f.text("archiveprefix") or ""
        var = _EPRINT_VARS.get(kind.lower())
        if var is not None:
            item[var] = eprint  # PubMed ids have their own CSL variables
        else:
            item["archive"] = _EPRINT_TYPES.get(kind.lower(), kind) if kind else "eprint"
            item["archive_location"] = eprint
    note_value = item.get("note")
    if isinstance(note_value, str) and display:
        # for formatting only: an export keeps the note as written (round trips)
        _ids_from_note(item, note_value)

    for name in ("date", "urldate", "origdate", "eventdate"):
        value = f.own.get(name)
        if value is not None and regex(r"T\d{2}:\d{2}").search(value):
            notes.append(f"{name}: the time of day has no CSL form; dropped")
    for name in ("author", "editor", "translator", "bookauthor"):
        if name in f.own and has_name_options(expand_value(f.own[name], strings)):
            notes.append(
                f"{name}: biblatex name options (useprefix=..., ...) have no CSL form; dropped"
            )
    for name in f.used & _RICH_SOURCES:
        if _HTML_TAG.search(f.own.get(name, "")):
            notes.append(
                f"{name}: HTML-like tags in the value are read as CSL markup; their literal form is dropped"
            )
    for name, value in f.own.items():
        undefined = list(
            dict.fromkeys(
                p
                for p in _macro_names(value)
                if p.lower() not in strings and p.lower() not in MONTHS
            )
        )
        if undefined:
            notes.append(
                f"{name}: undefined @string macro {', '.join(undefined)}: its value is unknown, "
                "its name is kept (BibTeX would read it as empty)"
            )
    for name, macros in f.unknown_macros.items():
        listed = " ".join("\\" + m for m in macros)
        notes.append(f"{name}: LaTeX command {listed} has no Unicode form; dropped")
    lost = sorted(n for n in f.unused() if n not in ("crossref", "xdata"))
    if any(n in f.own for n in ("crossref", "xdata")):
        lost_links = [n for n in ("crossref", "xdata") if n in f.own]
        notes.append(
            "resolved "
            + " and ".join(lost_links)
            + " (CSL items stand alone; the link itself is dropped)"
        )
        lost += lost_links
    return item, lost, notes


_MACRO = lazy(r"\\([A-Za-z]+)")
_KNOWN_EMPTY = frozenset(
    {"relax", "noopsort", "protect", "ignorespaces", "nobreak", "hbox", "mbox", "unskip"}
)


def unknown_macros(latex: str) -> list[str]:
    """Commands in ``latex`` that neither markup nor Unicode conversion accounts for."""
    out: list[str] = []
    for name in dict.fromkeys(_MACRO.findall(latex)):
        if name in _KNOWN_EMPTY or name in ("url", "href", "path") or name in _RICH_COMMANDS:
            continue
        if not to_unicode("\\" + name + "{x}").replace("x", "") and not to_unicode("\\" + name):
            out.append(name)
    return out


_RICH_VARS = frozenset(
    {
        "title",
        "title-short",
        "container-title",
        "container-title-short",
        "collection-title",
        "note",
        "event-title",
    }
)
_SUBTITLE = {
    "journaltitle": "journalsubtitle",
    "journal": "journalsubtitle",
    "booktitle": "booksubtitle",
    "maintitle": "mainsubtitle",
}
# CSL types whose container-title comes back as journal (articles) or booktitle.
_CONTAINER_TYPES = frozenset(
    {"article-journal", "chapter", "paper-conference", "entry-encyclopedia", "book"}
)


_HTML_TAG = lazy(r"</?(?:i|b|sup|sub|span)\b[^>]*>")
_RICH_SOURCES = frozenset(
    {
        "title",
        "subtitle",
        "titleaddon",
        "journal",
        "journaltitle",
        "booktitle",
        "maintitle",
        "series",
        "note",
        "addendum",
        "shorttitle",
        "shortjournal",
        "eventtitle",
        "howpublished",
    }
)


def _macro_names(value: str) -> list[str]:
    if value[:1] in ("{", '"') and "#" not in value:
        return []  # one delimited piece (or a malformed value): no macro names
    sp = split_value(value)
    if sp.error is not None:
        return []
    return [p for p in sp.pieces if p and p[0] not in '{"' and not p.isdigit()]


def _balanced_text(text: str) -> bool:
    return "\\" not in text and text.count("{") == text.count("}") == 0


def _comes_back_as_langid(language: str) -> bool:
    """Whether ``csl_item_to_entry`` writes this CSL language as ``langid`` (else ``language``)."""
    code = language.split("-")[0].lower()
    return (
        language in _LANG_CODE
        or (code in _LANG_CODE and len(language) <= 5)
        or bool(regex(r"[a-z]{4,}").fullmatch(language))
    )


def _date_text(f: _Fields, name: str) -> str | None:
    """A biblatex date field as written: EDTF, where "~" means circa (not a LaTeX space)."""
    latex = f.latex(name)
    if latex is None:
        return None
    return " ".join(latex.split()) if "\\" not in latex and "{" not in latex else plain_text(latex)


def _issued(f: _Fields) -> dict[str, Any] | None:
    date = _date_text(f, "date")
    year = f.text("year")
    month = f.text("month")
    day = f.text("day")
    if date:
        d = parse_date(date)
        if "literal" in d and year:
            return year_month_date(year, month, day)
        return d
    return year_month_date(year, month, day)


def _edition_number(text: str) -> str:
    t = text.strip().rstrip(".")
    word = t.split()[0].lower() if t else ""
    if word in _ORDINALS and (
        len(t.split()) == 1 or t.lower().endswith(" edition") or t.lower().endswith(" ed")
    ):
        return str(_ORDINALS[word])
    m = regex(r"(\d+)(?:st|nd|rd|th)?(?:\s+(?:ed|edition))?", re.IGNORECASE).fullmatch(t)
    return m.group(1) if m else text.strip()


def _url(latex: str) -> str:
    m = _URL_LIKE.match(latex)
    if m:
        return m.group(1) or m.group(2)
    # URLs are verbatim in BibTeX except for escaped specials (\_ \% \#, \& ).
    return regex(r"\\([_%#&$~{}])").sub(r"\1", latex.strip())
