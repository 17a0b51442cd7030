"""Values passed between verify's parts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Verdict = Literal["confirmed", "suggested", "mismatch", "not-found", "unverified"]


@dataclass(frozen=True)
class Record:
    """Bibliographic metadata as a service returned it (already decoded to plain text,
    except ``title``/``container`` which may keep inline markup as HTML/JATS tags)."""

    source: str  # "doi.org", "crossref", "openalex", "arxiv", "openlibrary"
    url: str  # where it was read (the request URL)
    type: str = ""  # the service's type name (CSL or Crossref vocabulary)
    title: str = ""
    authors: tuple[tuple[str, str], ...] = ()  # (family, given)
    editors: tuple[tuple[str, str], ...] = ()
    year: int | None = None
    container: str = ""
    container_short: tuple[str, ...] = ()
    volume: str = ""
    issue: str = ""
    pages: str = ""
    publisher: str = ""
    doi: str = ""
    issn: tuple[str, ...] = ()
    isbn: tuple[str, ...] = ()
    link: str = ""  # a landing page that is not the DOI resolver's (arXiv abs page)
    eprint: str = ""  # arXiv id
    score: float | None = None  # the service's own relevance score, if any
    # what the service itself says the record is about another work: "erratum" (a
    # Crossref ``update-to``), "review" (an ``is-review-of`` relation), else ""
    notice: str = ""


@dataclass(frozen=True)
class Disagreement:
    field: str
    entry: str
    record: str


@dataclass(frozen=True)
class Change:
    """A field ``enrich`` sets: ``old`` is None for an added field."""

    field: str
    new: str  # BibTeX source, delimiters included
    old: str | None
    source: str
    url: str


@dataclass(frozen=True)
class Verification:
    key: str
    verdict: Verdict
    detail: str = ""
    file: str | None = None
    line: int | None = None
    identifier: str = ""  # "doi:10.1/x", "arxiv:2101.00001", "isbn:978...", "" for a search
    source: str = ""
    source_url: str = ""
    confidence: float | None = None  # for a search hit
    record: Record | None = None
    disagreements: tuple[Disagreement, ...] = ()
    changes: tuple[Change, ...] = ()
    cached: bool = False
    offline: bool = False  # unverified because nothing could be asked


@dataclass(frozen=True)
class VerifyReport:
    results: tuple[Verification, ...] = ()
    requests: int = 0
    elapsed: float = 0.0
    offline: bool = False
    diagnostics: tuple[object, ...] = field(default_factory=tuple)
