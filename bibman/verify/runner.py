"""Verify entries: one entry -> one ``Verification``; many entries concurrently.

The order for an entry: its DOI at doi.org; else its arXiv id at arXiv; else its
ISBN at Open Library (books); else a search (Crossref ``query.bibliographic`` with
the raw reference string when the entry keeps one, else title + first author +
year; then OpenAlex when enabled). A service that cannot answer makes the entry
``unverified``, never failed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

from ..config import VerifySettings
from ..freetext.to_bibtex import RAW_FIELD
from ..links.runner import has_route
from ..model import Diagnostic, Entry
from . import sources
from .cache import AnswerCache, CacheError
from .enrich import changes_for
from .identify import find_ids
from .matching import EntryView, choose, compare, type_class, view
from .model import Verification, VerifyReport
from .net import Client

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Item:
    entry: Entry
    file: str | None = None
    strings: dict[str, str] | None = None


def _search_query(e: EntryView, entry: Entry) -> str:
    raw = entry.get(RAW_FIELD)
    if raw and raw.strip():
        return raw.strip()
    parts = [e.title]
    if e.families:
        parts.append(e.families[0])
    if e.year:
        parts.append(str(e.year))
    return " ".join(p for p in parts if p)


def verify_entry(
    item: Item, client: Client, s: VerifySettings, overwrite: frozenset[str] = frozenset()
) -> Verification:
    entry = item.entry
    deadline = time.monotonic() + s.timeout
    base = Verification(entry.key, "unverified", file=item.file, line=entry.line)
    ev = view(entry, item.strings, RAW_FIELD)
    ids = find_ids(entry)

    def from_lookup(ident: str, lk: sources.Lookup, what: str) -> Verification:
        v = replace(base, identifier=ident, source_url=lk.url, cached=lk.cached)
        if lk.not_found:
            return replace(
                v, verdict="not-found", detail=f"{what}: no such identifier", source=what
            )
        if not lk.records:
            detail = lk.error or "no answer"
            if lk.exists:
                detail = f"the identifier exists, but {detail}"
            return replace(v, detail=f"{what}: {detail}", offline=lk.offline, source=what)
        r = lk.records[0]
        diffs = compare(ev, r)
        if diffs:
            listed = "; ".join(f"{d.field}: entry {d.entry!r}, {what} {d.record!r}" for d in diffs)
            return replace(
                v, verdict="mismatch", detail=listed, source=r.source, record=r, disagreements=diffs
            )
        return replace(
            v,
            verdict="confirmed",
            source=r.source,
            record=r,
            changes=changes_for(entry, r, overwrite),
        )

    if ids.bad and not (ids.doi or ids.arxiv or ids.isbn):
        return replace(base, verdict="not-found", detail=ids.bad)
    if ids.doi:
        return from_lookup(
            f"doi:{ids.doi}", sources.resolve_doi(client, s, ids.doi, deadline), "doi.org"
        )
    if ids.arxiv:
        return from_lookup(
            f"arxiv:{ids.arxiv}", sources.arxiv_lookup(client, s, ids.arxiv, deadline), "arxiv"
        )
    if ids.isbn and type_class(entry.type) in ("book", "other"):
        return from_lookup(
            f"isbn:{ids.isbn}",
            sources.openlibrary_lookup(client, s, ids.isbn, deadline),
            "openlibrary",
        )
    if not s.search:
        return replace(base, detail="no identifier (search is off)")
    query = _search_query(ev, entry)
    if not ev.title and not ev.raw:
        return replace(base, detail="no identifier, and no title to search with")
    searches: list[tuple[str, Callable[..., sources.Lookup]]] = [
        ("crossref", sources.crossref_search)
    ]
    if s.openalex:
        searches.append(("openalex", sources.openalex_search))
    why = []
    offline = False
    for name, search in searches:
        lk = search(client, s, query, deadline)
        if lk.error:
            why.append(f"{name}: {lk.error}")
            offline = offline or lk.offline
            continue
        pick = choose(ev, lk.records)
        if pick.record is not None:
            return replace(
                base,
                verdict="suggested",
                detail=f"search hit, confidence {pick.confidence:.2f}",
                source=name,
                source_url=lk.url,
                confidence=pick.confidence,
                record=pick.record,
                changes=changes_for(entry, pick.record, overwrite),
                cached=lk.cached,
            )
        why.append(f"{name}: {pick.why}")
    return replace(base, detail="; ".join(why), offline=offline, source=searches[0][0])


def verify_items(
    items: Iterable[Item],
    settings: VerifySettings,
    overwrite: frozenset[str] = frozenset(),
    progress: Progress | None = None,
    client: Client | None = None,
) -> VerifyReport:
    started = time.monotonic()
    todo = list(items)
    diags: list[Diagnostic] = []
    cache: AnswerCache | None = None
    if settings.cache:
        try:
            cache = AnswerCache(
                settings.cache_path, settings.cache_found_age, settings.cache_not_found_age
            )
        except CacheError as e:
            diags.append(Diagnostic("warning", "verify.cache", str(e)))
    own = client is None
    c = client or Client(settings, cache)
    no_route = not settings.offline and not has_route()
    if no_route:
        c.offline = True
    results: list[Verification] = []
    try:
        with ThreadPoolExecutor(
            max_workers=settings.concurrency, thread_name_prefix="bibman-verify"
        ) as pool:
            for n, v in enumerate(
                pool.map(lambda it: verify_entry(it, c, settings, overwrite), todo), 1
            ):
                results.append(v)
                if progress is not None:
                    progress(n, len(todo))
    finally:
        if own:
            c.close()
        if cache is not None:
            cache.close()
    offline = settings.offline or no_route or (c.network_failures > 0 and c.answers == 0)
    return VerifyReport(
        tuple(results),
        requests=c.requests,
        elapsed=time.monotonic() - started,
        offline=offline,
        diagnostics=tuple(diags),
    )
