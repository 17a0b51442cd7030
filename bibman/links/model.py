"""Values passed between the link checker's parts: what to check, and what was found."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Verdict = Literal[
    "ok",  # the link works (2xx, or an accepted status)
    "redirected",  # works, but through redirects: ``final_url`` is where it ends
    "dead",  # 404, 410, other 4xx/5xx, DNS failure, refused, redirect loop, ...
    "timeout",  # no complete answer within the time budget
    "blocked",  # bot protection or rate limiting (401/403/429/...): not known to be dead
    "soft-404",  # a 200 page that says "not found": dead
    "excluded",  # not checked: an exclude pattern, or a non-public address (safety)
    "unsupported",  # a scheme bibman does not check (ftp:, mailto:, ...)
    "offline",  # no network at all: nothing could be checked
    "archived",  # dead, but the entry already has an archived copy (archiveurl): not failing
]

FAILING = frozenset({"dead", "soft-404", "timeout"})


@dataclass(frozen=True)
class LinkTarget:
    """One link found in a .bib entry, with where it came from."""

    url: str  # what is requested (a DOI becomes the resolver URL)
    key: str  # citation key
    field: str  # url, doi, howpublished, note
    line: int | None = None  # 1-based line of the field (or the entry)
    doi: str | None = None  # the DOI, when the link came from one
    urldate: str | None = None  # the entry's urldate (YYYY-MM-DD), for archive selection
    file: str | None = None
    # an archived copy the entry already has (archiveurl, written by --fix or by hand)
    archive_url: str | None = None


@dataclass(frozen=True)
class Hop:
    """One redirect followed: the status that sent us on, and where to."""

    status: int
    url: str  # the URL that answered with ``status``
    location: str  # where it pointed


@dataclass(frozen=True)
class LinkResult:
    """The verdict on one distinct URL (shared by every entry that cites it)."""

    url: str
    verdict: Verdict
    status: int | None = None  # last HTTP status seen, if any
    final_url: str | None = None  # where redirects ended
    detail: str = ""  # human-readable reason
    hops: tuple[Hop, ...] = ()
    cached: bool = False
    # error class behind a connection-level failure ("dns", "unreachable", ...)
    error: str | None = None

    @property
    def permanent_redirect(self) -> bool:
        """Every hop was permanent (301/308): the URL may safely be updated."""
        return bool(self.hops) and all(h.status in (301, 308) for h in self.hops)


@dataclass(frozen=True)
class Suggestion:
    """An archived copy of a dead link."""

    url: str  # the dead URL
    archive_url: str
    timestamp: str  # 14 digits, YYYYMMDDhhmmss


@dataclass(frozen=True)
class Report:
    """Everything ``check`` found: per-target rows plus run-level facts."""

    rows: tuple[tuple[LinkTarget, LinkResult, Suggestion | None], ...] = ()
    offline: bool = False
    requests: int = 0
    elapsed: float = 0.0
    diagnostics: tuple[object, ...] = field(default_factory=tuple)
