"""Run a link check: dedupe, cache, check concurrently, look dead links up in the archive.

Each distinct URL is requested once, whatever the number of entries citing it. Work
is interleaved across hosts so the per-host limits keep every host busy, and the
archive lookup of a dead link starts as soon as its verdict is known.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import socket
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from ..config import Settings, effective_user_agent
from ..model import Diagnostic
from .archive import Endpoints, Wayback
from .cache import Cache, CacheError
from .checker import Checker
from .http import FetchError, Transport
from .limiter import HostLimiter
from .model import LinkResult, LinkTarget, Report, Suggestion
from .safety import AddressPolicy
from .scheduler import ARCHIVE, FIRST, Scheduler

ARCHIVE_VERDICTS = frozenset({"dead", "soft-404", "timeout"})
_OFFLINE_ERRORS = frozenset({"dns", "dns-temporary", "unreachable"})
_NOT_TRIED = frozenset({"excluded", "unsupported"})
_NO_REQUEST = frozenset({"invalid"})
Progress = Callable[[int, int, str], None]  # done, total, the URL just checked


def _host_port(url: str) -> tuple[str, int] | None:
    try:
        p = urlsplit(url)
        port = p.port or (443 if p.scheme == "https" else 80)
    except ValueError:
        return None
    return ((p.hostname or "").lower(), port) if p.hostname else None


def policy_for(settings: Settings) -> AddressPolicy:
    """The address policy: public only, plus allowed ranges and the configured endpoints."""
    endpoints = (
        settings.doi_resolver,
        settings.doi_handle_api,
        settings.wayback_available,
        settings.wayback_cdx,
        settings.wayback_web,
    )
    trusted = [hp for hp in map(_host_port, endpoints) if hp is not None]
    return AddressPolicy.build(settings.allow_private, settings.allow_networks, trusted)


def cache_scope(settings: Settings) -> str:
    """What a cached success depends on besides the URL (see ``cache.Cache``)."""
    parts = (
        "private" if settings.allow_private else ",".join(sorted(settings.allow_networks)),
        ",".join(map(str, sorted(settings.accept))),
        settings.user_agent,
        "soft404" if settings.soft404 else "",
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _interleave(urls: list[str]) -> list[str]:
    """Round-robin over hosts, so no host's queue blocks the others."""
    by_host: dict[str, deque[str]] = defaultdict(deque)
    for u in urls:
        by_host[urlsplit(u).netloc.lower()].append(u)
    out: list[str] = []
    queues = list(by_host.values())
    while queues:
        for q in queues:
            out.append(q.popleft())
        queues = [q for q in queues if q]
    return out


def has_route() -> bool:
    """Whether the machine has a route to the internet, without sending anything
    (connecting a UDP socket only consults the routing table)."""
    for family, addr in ((socket.AF_INET, "192.0.2.1"), (socket.AF_INET6, "2001:db8::1")):
        try:
            with socket.socket(family, socket.SOCK_DGRAM) as s:
                s.connect((addr, 9))
                return True
        except OSError:
            continue
    return False


def _matches(url: str, patterns: Iterable[str]) -> bool:
    return any(re.search(p, url) for p in patterns)


def check_targets(
    targets: list[LinkTarget],
    settings: Settings,
    progress: Progress | None = None,
    transport: Transport | None = None,
) -> Report:
    """Check every target; the ``Report`` keeps the targets' order."""
    started = time.monotonic()
    diags: list[Diagnostic] = []
    results: dict[str, LinkResult] = {}

    to_check: list[str] = []
    for t in targets:
        if t.url in results or t.url in to_check:
            continue
        if t.doi is not None and not t.url.lower().startswith(("http://", "https://")):
            results[t.url] = LinkResult(
                t.url, "dead", detail=f"not a valid DOI: {t.doi}", error="invalid"
            )
        elif settings.include and not _matches(t.url, settings.include):
            results[t.url] = LinkResult(t.url, "excluded", detail="not matched by include patterns")
        elif _matches(t.url, settings.exclude):
            results[t.url] = LinkResult(t.url, "excluded", detail="matched an exclude pattern")
        else:
            to_check.append(t.url)

    cache: Cache | None = None
    if settings.cache and to_check:
        try:
            cache = Cache(settings.cache_path, settings.cache_max_age, cache_scope(settings))
            hits = cache.get_many(to_check)
            results.update(hits)
            to_check = [u for u in to_check if u not in hits]
        except CacheError as e:
            diags.append(Diagnostic("warning", "links.cache", str(e)))
            cache = None

    own_transport = transport is None
    ceiling = max(
        settings.host_concurrency,
        min(settings.host_concurrency_max or 0, 2 * settings.host_concurrency),
    )
    t_ = transport or Transport(
        policy_for(settings),
        effective_user_agent(settings),
        settings.max_body,
        settings.body_window,
        pool_size=ceiling,
    )
    checker = Checker(settings, (settings.doi_resolver,))
    wayback = Wayback(
        Endpoints(settings.wayback_cdx, settings.wayback_available, settings.wayback_web)
    )
    sched = Scheduler(
        t_,
        settings.concurrency,
        settings.host_concurrency,
        settings.request_timeout,
        HostLimiter(
            settings.host_concurrency,
            settings.host_interval,
            ceiling=ceiling,
        ),
    )
    # archive lookups: one per distinct (url, urldate) of non-DOI targets
    dates: dict[str, set[str | None]] = defaultdict(set)
    for t in targets:
        if t.doi is None:
            dates[t.url].add(t.urldate)
    suggestions: dict[tuple[str, str | None], Suggestion | None] = {}
    archive_errors: list[str] = []
    deferred: list[str] = []
    lock = threading.Lock()
    done = 0
    total = len(to_check)

    def queue_lookups(url: str) -> None:
        for d in sorted(dates.get(url, ()), key=lambda x: x or ""):
            sched.submit(
                (url, d),
                wayback.lookup(url, d),
                ARCHIVE,
                settings.timeout,
                looked_up,
                settings.wayback_cdx,
            )

    def looked_up(key: Any, sug: Any, error: BaseException | None) -> None:
        with lock:
            if isinstance(error, FetchError):
                archive_errors.append(error.detail)
            elif error is not None:
                raise error
            suggestions[key] = sug

    def checked(url: Any, res: Any, error: BaseException | None) -> None:
        nonlocal done
        if error is not None:
            raise error
        with lock:
            results[url] = res
            done += 1
            if progress is not None:
                progress(done, total, url)
            if not (settings.archive and res.verdict in ARCHIVE_VERDICTS and url in dates):
                return
            if res.error == "invalid":
                return
            # an answer from a server proves the network works: ask the archive now
            if res.status is None and res.error in _OFFLINE_ERRORS:
                deferred.append(url)
                return
        queue_lookups(url)

    order = _interleave(to_check)
    for u in order:
        sched.submit(u, checker.steps(u), FIRST, settings.timeout, checked, u)
    sched.run()
    offline = bool(order) and _is_offline(
        [results[u] for u in order], lambda: name_resolves(settings.doi_resolver)
    )
    if deferred and not offline:
        for u in deferred:
            if results[u].error != "dns-temporary":
                queue_lookups(u)
        sched.run()
    offline_guess = offline
    for u in order:
        r = results[u]
        if offline_guess and r.verdict not in _NOT_TRIED and r.error not in _NO_REQUEST:
            results[u] = LinkResult(
                u, "offline", None, None, f"not checked: no network ({r.detail})", error=r.error
            )
        elif r.error == "dns-temporary" and r.status is None:
            # EAI_AGAIN: the resolver did not answer in time; says nothing about the link
            results[u] = dataclasses.replace(
                r, verdict="offline", detail=f"not checked: {r.detail}"
            )
    if archive_errors:
        diags.append(
            Diagnostic(
                "warning",
                "links.archive",
                f"the Wayback Machine could not be asked for {len(archive_errors)} link(s): "
                f"{archive_errors[0]}",
                targets[0].file if targets else None,
            )
        )
    if cache is not None:
        try:
            cache.put_many(results.values())
        except CacheError as e:
            diags.append(Diagnostic("warning", "links.cache", str(e)))
        cache.close()
    requests = t_.requests
    if own_transport:
        t_.close()

    rows = []
    for t in targets:
        r = results[t.url]
        if t.doi is not None and r.verdict == "dead" and not r.hops and r.status == 404:
            r = LinkResult(r.url, "dead", 404, None, f"DOI {t.doi} not found at the resolver (404)")
        elif t.doi is not None and r.verdict == "redirected":
            # a DOI is meant to redirect: resolving to a working landing page is "ok"
            r = dataclasses.replace(r, verdict="ok", detail=f"resolves to {r.final_url}")
        s = suggestions.get((t.url, t.urldate)) if t.doi is None else None
        if t.archive_url and r.verdict in ARCHIVE_VERDICTS:
            # dead, but the entry already points readers at an archived copy
            r = dataclasses.replace(
                r, verdict="archived", detail=f"{r.detail} — archived copy: {t.archive_url}"
            )
        rows.append((t, r, s))
    return Report(
        tuple(rows),
        offline=offline_guess,
        requests=requests,
        elapsed=time.monotonic() - started,
        diagnostics=tuple(diags),
    )


def name_resolves(url: str, timeout: float = 3.0) -> bool:
    """Whether the host of ``url`` (a name every connected machine can resolve,
    the DOI resolver's) resolves, waiting at most ``timeout`` seconds."""
    host = urlsplit(url).hostname
    if not host:
        return False
    done: list[bool] = []

    def lookup() -> None:
        try:
            socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
            done.append(True)
        except OSError:
            done.append(False)

    t = threading.Thread(target=lookup, daemon=True)
    t.start()
    t.join(timeout)
    return bool(done and done[0])


def _is_offline(checked: list[LinkResult], dns_works: Callable[[], bool]) -> bool:
    """No answer from anywhere, and every failure says "no network" (no DNS, no route).

    ``dns_works`` is asked only when every link failed its name lookup: a sandbox
    or a broken resolver answers "not found" for every name, which is not the
    links' fault."""
    # links no request was sent for (mailto:, file:, malformed, excluded) say
    # nothing about the network either way
    tried = [r for r in checked if r.verdict not in _NOT_TRIED and r.error not in _NO_REQUEST]
    if not tried or any(r.status is not None for r in tried):
        return False
    if not all(r.error in _OFFLINE_ERRORS for r in tried):
        return False
    # A typo'd host name fails DNS on a connected machine too: only call it offline
    # when there is no route out, or every failure is a temporary resolver failure.
    kinds = {r.error for r in tried if r.error}
    if not has_route() or kinds <= {"dns-temporary", "unreachable"}:
        return True
    # only lookups failed: offline when even a well-known name does not resolve
    return not dns_works()
