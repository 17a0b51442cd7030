"""HTTP for the metadata services: one per-host rate limiter shared by every source.

Requests go through the link checker's ``Transport`` (address policy, hard deadline,
bounded and decompressed bodies). On top of it:

* **per host** (``links.limiter.HostLimiter``, the link checker's): at most
  ``host_concurrency`` requests in flight, halved while the host answers 429, and a
  minimum interval between two request starts (``host_interval``; arXiv's
  ``arxiv_interval``, 3 s);
  doi.org's redirect to api.crossref.org counts against Crossref like a search does;
* **Retry-After** (seconds or an HTTP date) on 429/503 pauses the *host*, not just the
  request; Crossref's ``X-Rate-Limit-Limit``/``-Interval`` set the interval; a
  ``X-RateLimit-Remaining: 0`` waits for ``X-RateLimit-Reset``;
* retries after 429, 5xx and timeouts, within the entry's time budget; a wait longer
  than ``max_retry_wait`` gives up (the entry is then ``unverified``, never failed);
* redirects followed (at most 5), each hop under the address policy;
* answers cached (``cache.AnswerCache``); ``offline`` answers from the cache only.
"""

from __future__ import annotations

import email.utils
import math
import re
import threading
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from ..config import VerifySettings
from ..links.http import FetchError, Transport
from ..links.limiter import HostLimiter
from ..links.safety import AddressPolicy
from .cache import AnswerCache

_CONTACT = re.compile(r"([?&])(mailto|api_key)=[^&]*&?")
_OFFLINE_KINDS = frozenset({"dns", "dns-temporary", "unreachable"})
_MEMO_BYTES = 32 * 1024 * 1024  # answers kept in memory for entries asking the same


@dataclass(frozen=True)
class Answer:
    status: int  # HTTP status; 0 when there was no usable answer
    body: bytes
    url: str  # the last URL asked (after redirects)
    content_type: str = ""
    error: str = ""  # why there is no usable answer ("" when status is set)
    cached: bool = False
    offline: bool = False  # no network, or --offline and not in the cache
    first_status: int = 0  # the status of the first hop (doi.org's 404 is authoritative)


class Unavailable(Exception):
    """The service could not answer within the rules (rate limit, timeout, 5xx...)."""


def acquire(limiter: HostLimiter, key: str, deadline: float) -> None:
    """A slot on ``key``; Unavailable at once when the service asks for a wait longer
    than the time left, or when no slot came within it."""
    wait = limiter.try_acquire(key)
    if wait == 0.0:
        return
    now = time.monotonic()
    if not math.isinf(wait) and now + wait > deadline:
        raise Unavailable(f"{key} asks to wait {wait:.0f} s; over the time budget")
    if not limiter.acquire(key, timeout=max(0.0, deadline - now)):
        raise Unavailable(f"{key}: no free slot within the time budget")


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    v = value.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", v):
        return float(v)
    try:
        when = email.utils.parsedate_to_datetime(v)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _seconds(value: str | None) -> float | None:
    if not value:
        return None
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*", value)
    if not m:
        return None
    return float(m.group(1)) * {"ms": 0.001, "s": 1.0, "m": 60.0, None: 1.0}[m.group(2)]


def host_of(url: str) -> str:
    p = urlsplit(url)
    try:
        port = p.port
    except ValueError:
        port = None
    return f"{(p.hostname or '').lower()}:{port or p.scheme}"


def _host_port(url: str) -> tuple[str, int] | None:
    try:
        p = urlsplit(url)
        port = p.port or (443 if p.scheme == "https" else 80)
    except ValueError:
        return None
    return ((p.hostname or "").lower(), port) if p.hostname else None


def cache_key(url: str) -> str:
    """The URL without contact details (they do not change the answer)."""
    return _CONTACT.sub(lambda m: m.group(1), url).rstrip("?&")


class Client:
    """What the sources call: ``get(url, accept)`` -> ``Answer``, never raising for
    network trouble (an ``Answer`` with ``error`` set instead)."""

    def __init__(
        self,
        settings: VerifySettings,
        cache: AnswerCache | None = None,
        transport: Transport | None = None,
    ) -> None:
        self.s = settings
        self.cache = cache
        self.offline = settings.offline
        endpoints = (
            settings.doi_resolver,
            settings.crossref_api,
            settings.openalex_api,
            settings.arxiv_api,
            settings.openlibrary_api,
        )
        trusted = [hp for hp in map(_host_port, endpoints) if hp is not None]
        self._trusted = {f"{h}:{p}" for h, p in trusted}
        policy = AddressPolicy.build(settings.allow_private, settings.allow_networks, trusted)
        self.transport = transport or Transport(
            policy,
            settings.user_agent,
            max_body=settings.max_body,
            body_window=settings.request_timeout,
            pool_size=settings.host_concurrency,
        )
        # Pacing is per service endpoint (per host in practice: each service has its
        # own); a URL outside every endpoint (a redirect elsewhere) is paced per host.
        self._bases = sorted({e for e in endpoints if e}, key=len, reverse=True)
        # the link checker's limiter: per-host slots, pacing, adaptive back-off on 429
        self.limiter = HostLimiter(settings.host_concurrency, settings.host_interval)
        self.limiter.set_interval(self.limit_key(settings.arxiv_api), settings.arxiv_interval)
        self.network_failures = 0
        self.answers = 0
        self._lock = threading.Lock()
        # one request per distinct question per run, however many entries ask it
        self._memo: dict[str, Answer] = {}  # insertion order: oldest evicted first
        self._memo_bytes = 0
        self._inflight: dict[str, threading.Event] = {}

    @property
    def requests(self) -> int:
        return self.transport.requests

    def close(self) -> None:
        self.transport.close()

    def limit_key(self, url: str) -> str:
        for base in self._bases:
            if url.startswith(base) or url.startswith(base.rstrip("/")):
                return base
        return host_of(url)

    def _trusted_url(self, url: str) -> bool:
        hp = _host_port(url)
        return hp is not None and f"{hp[0]}:{hp[1]}" in self._trusted

    def get(
        self, url: str, accept: str, deadline: float, headers: dict[str, str] | None = None
    ) -> Answer:
        key = cache_key(url) + "\n" + accept
        while True:
            with self._lock:
                if key in self._memo:
                    return self._memo[key]
                ev = self._inflight.get(key)
                if ev is None:
                    ev = self._inflight[key] = threading.Event()
                    break
            # another entry is asking the same: wait for its answer (within our budget)
            if not ev.wait(max(0.0, deadline - time.monotonic())):
                return Answer(0, b"", url, error="no answer within the time budget")
        try:
            answer = self._get(key, url, accept, deadline, headers)
            with self._lock:
                if not answer.error:
                    self._memo[key] = answer
                    self._memo_bytes += len(answer.body)
                    while self._memo_bytes > _MEMO_BYTES and len(self._memo) > 1:
                        old = next(iter(self._memo))
                        self._memo_bytes -= len(self._memo.pop(old).body)
            return answer
        finally:
            with self._lock:
                del self._inflight[key]
            ev.set()

    def _get(
        self, key: str, url: str, accept: str, deadline: float, headers: dict[str, str] | None
    ) -> Answer:
        if self.cache is not None:
            hit = self.cache.get(key)
            if hit is not None:
                status, body = hit
                ctype = "application/json" if body[:1] in (b"{", b"[") else ""
                return Answer(status, body, url, ctype, cached=True, first_status=status)
        if self.offline:
            return Answer(0, b"", url, error="offline: not in the cache", offline=True)
        answer = self._fetch(url, accept, deadline, headers or {})
        if (
            self.cache is not None
            and not answer.error
            and (200 <= answer.status < 300 or answer.first_status == 404)
        ):
            self.cache.put(key, answer.status, answer.body)
        return answer

    def _fetch(self, url: str, accept: str, deadline: float, headers: dict[str, str]) -> Answer:
        # per-request headers replace the pool's defaults in urllib3: give them all
        hdrs = {
            "User-Agent": self.s.user_agent,
            "Accept": accept,
            "Accept-Encoding": "gzip, deflate",
            **headers,
        }
        attempt = 0
        first_status = 0
        current = url
        hops = 0
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return Answer(0, b"", current, error="no answer within the time budget")
            host = self.limit_key(current)
            try:
                acquire(self.limiter, host, deadline)
            except Unavailable as e:
                return Answer(0, b"", current, error=str(e))
            try:
                resp = self.transport.request(
                    "GET",
                    current,
                    min(left, self.s.request_timeout),
                    read_body=True,
                    headers=hdrs,
                    max_body=self.s.max_body,
                    body_window=min(left, self.s.request_timeout),
                    trusted=self._trusted_url(current),
                )
            except FetchError as e:
                self.limiter.release(host, None)
                if e.kind in _OFFLINE_KINDS:
                    with self._lock:
                        self.network_failures += 1
                        if not self.answers:
                            # nothing has answered yet: no network; stop asking
                            self.offline = True
                    return Answer(0, b"", current, error=f"{e.kind}: {e.detail}", offline=True)
                if e.kind == "timeout" and attempt < self.s.retries:
                    attempt += 1
                    continue
                return Answer(0, b"", current, error=f"{e.kind}: {e.detail}")
            self.limiter.release(host, resp.status, "retry-after" in resp.headers)
            with self._lock:
                self.answers += 1
            self._learn_limits(host, resp.headers)
            if not first_status:
                first_status = resp.status
            if resp.status in (301, 302, 303, 307, 308) and resp.headers.get("location"):
                hops += 1
                if hops > 5:
                    return Answer(
                        0, b"", current, error="too many redirects", first_status=first_status
                    )
                current = urljoin(current, resp.headers["location"])
                continue
            if resp.status == 429 or resp.status >= 500:
                wait = retry_after(resp.headers.get("retry-after"))
                if resp.status == 429 or wait is not None:
                    self.limiter.pause(host, wait if wait is not None else 2.0**attempt)
                if attempt < self.s.retries and (wait is None or wait <= self.s.max_retry_wait):
                    attempt += 1
                    if wait is None:
                        time.sleep(min(2.0**attempt * 0.25, max(0.0, deadline - time.monotonic())))
                    continue
                what = "rate limited" if resp.status == 429 else f"server error {resp.status}"
                after = f" (Retry-After {wait:.0f} s)" if wait is not None else ""
                return Answer(0, b"", current, error=f"{what}{after}", first_status=first_status)
            return Answer(
                resp.status,
                resp.body,
                current,
                resp.headers.get("content-type", ""),
                first_status=first_status,
            )

    def _learn_limits(self, host: str, headers: dict[str, str]) -> None:
        limit = headers.get("x-rate-limit-limit") or headers.get("x-ratelimit-limit")
        interval = _seconds(
            headers.get("x-rate-limit-interval") or headers.get("x-ratelimit-interval")
        )
        if limit and interval:
            try:
                n = int(limit.split(",")[0])
            except ValueError:
                n = 0
            if n > 0:
                self.limiter.set_interval(host, interval / n)
        remaining = headers.get("x-ratelimit-remaining") or headers.get("x-rate-limit-remaining")
        if remaining is not None and remaining.strip() == "0":
            reset = _seconds(headers.get("x-ratelimit-reset") or headers.get("x-rate-limit-reset"))
            if reset is not None:
                # a reset far in the future is an epoch time, not a delay
                secs = reset - time.time() if reset > 10**9 else reset
                self.limiter.pause(host, min(max(secs, 0.0), self.s.max_retry_wait))
