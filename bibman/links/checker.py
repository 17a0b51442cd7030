"""The verdict on one URL: methods, redirects, retries and classification, in one place.

``Checker.steps(url)`` follows redirects hop by hop (every hop goes through the
transport's address check), starts with HEAD and falls back to GET, retries what is
worth retrying, and turns what it saw into one ``LinkResult`` from a closed set of
verdicts. It is written as a generator of steps (``Request``, ``Wait``) so that the
scheduler, not a blocked thread, owns the waiting: thousands of checks can be in
progress while only ``concurrency`` requests are in flight.
"""

from __future__ import annotations

import email.utils
import random
import re
import secrets
import threading
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TypeVar, cast
from urllib.parse import urljoin, urlsplit, urlunsplit

from ..config import Settings
from .cookies import CookieJar
from .http import FetchError, Response, Transport
from .model import Hop, LinkResult
from .redirects import looks_specific, names_error_item, names_home, redirect_says, section_moved
from .soft404 import (
    COMPARABLE,
    LONG_PAGE,
    SHORT_PAGE,
    Judgement,
    Page,
    answers_any_slug,
    json_says_missing,
    judge,
    same_page,
    similar,
)
from .urls import encode_url, html_redirect, invalid_url, refresh_header, script_cookies
from .urls import unwrap as unwrap  # re-exported

T = TypeVar("T")

# Statuses worth another try (lychee's list): server errors, request timeout, rate limit.
RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})
# Failures without an answer worth another try. Refused connections and DNS "no such
# host" are answers in their own right.
RETRY_ERRORS = frozenset({"timeout", "reset", "protocol", "dns-temporary"})
# Bot protection and rate limiting: the page may well exist.
# (418 "I'm a teapot", 999 LinkedIn, 420, 498/499 and the like are answers to bots.)
# 406 "Not Acceptable" cannot be a genuine answer to our Accept header, which ends in
# */* (RFC 9110 12.5.1: any type is acceptable): it is a request filter (mod_security's
# default answer) refusing the client.
# 402 "Payment Required" is a paywall's (or a metered API's) answer: the resource is there.
# 430 is Shopify's answer to a client its security layer rejects (too many requests).
BLOCKED_STATUS = frozenset({401, 402, 403, 406, 418, 420, 429, 430, 451, 498, 999})
# A host over its limits, not a page that is gone: 509 "Bandwidth Limit Exceeded" (Apache
# and cPanel hosting: the account's monthly traffic is used up) and 529 "Site is
# overloaded" (Pantheon, Qualys). Like a 503 with a Retry-After (RFC 9110 15.6.4: the
# server says when to come back), they are "blocked": not known to be dead.
# The class of input fixed: a page on an over-quota host reported dead.
HOST_LIMIT_STATUS = frozenset({509, 529})
# Retried on HEAD: only what says "later"; a HEAD answered with 5xx is asked again
# with GET at once (many servers break on HEAD and not on GET).
HEAD_RETRY_STATUS = frozenset({408, 429})
# (300 "Multiple Choices" with a Location is followed to the server's preferred choice;
# without one, its page of choices is the answer: see Checker._verdict.)
REDIRECT_STATUS = frozenset({300, 301, 302, 303, 307, 308})
MAX_RETRY_AFTER = 30.0  # seconds; a longer wait is given up on (verdict from the last answer)

# Bot-challenge pages (Cloudflare and the like) answer 403/503 with these.
_CHALLENGE = re.compile(
    rb"just a moment|attention required|captcha|cf-chl|challenge-platform|ddos protection", re.I
)


def soft404_reason(body: bytes) -> str | None:
    """What a page says that makes it look like a "not found" page, if anything."""
    j = judge(body)
    return j.reason if j is not None and j.kind == "not-found" else None


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    v = value.strip()
    if v.isdigit():
        return float(v)
    try:
        when = email.utils.parsedate_to_datetime(v)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


def backoff(attempt: int) -> float:
    """Exponential backoff with jitter: ~0.5 s, 1 s, 2 s, ..."""
    return 0.5 * (2**attempt) * (0.8 + 0.4 * random.random())


@dataclass(frozen=True)
class Request:
    """A step: send one request (the scheduler picks the moment and the time limit)."""

    method: str
    url: str
    read_body: bool = False
    max_body: int | None = None
    body_window: float | None = None
    trusted: bool = False  # to a configured endpoint (DOI resolver, Wayback)
    origin: str | None = None  # for a redirect hop: the URL the check started from
    headers: tuple[tuple[str, str], ...] = ()  # extra request headers (Cookie)
    # other checks wait for its answer (the site's answer for nonsense, shared per
    # folder): it goes before every queued request on its host
    urgent: bool = False


@dataclass(frozen=True)
class Wait:
    """A step: wait this long before the next request (backoff, Retry-After)."""

    seconds: float


@dataclass(frozen=True)
class Outcome:
    """What the scheduler sends back for a ``Request``: an answer or a failure, and the
    deadline of the whole check (its clock starts with the first request; waiting
    for a free slot does not count)."""

    response: Response | None
    error: FetchError | None
    deadline: float


Step = Request | Wait


@dataclass(frozen=True)
class Probe:
    """The site's answer for a URL that surely does not exist: its status, its page (any
    status with a body) and the URL asked."""

    status: int | None
    page: Page | None
    url: str
    ignored: bool = False  # the site answered with the asked URL's own page (see for_url)
    says_missing: bool = False  # the page says "not found" (the site's soft-404 template)

    @property
    def ok_page(self) -> Page | None:
        """The page, when it came with a 2xx (a "not found" page served as a page)."""
        return self.page if self.status is not None and 200 <= self.status < 300 else None

    def for_url(self, url: str) -> Probe:
        """This probe as evidence about ``url``: none (status and page unknown) when the
        site answered the random sibling with ``url``'s own page (it ignores the slug)."""
        if self.ok_page is not None and answers_any_slug(self.ok_page, url):
            return Probe(None, None, self.url, ignored=True)
        return self


Steps = Generator[Step, Outcome | None, T]


def send(req: Request, settings: Settings) -> Steps[Response]:
    """One request, retried per the policy. Raises FetchError when no answer came."""
    retry_status = HEAD_RETRY_STATUS if req.method == "HEAD" else RETRY_STATUS
    attempt = 0
    while True:
        out = yield req
        assert out is not None
        resp, err = out.response, out.error
        if attempt >= settings.retries:
            break
        if err is not None:
            if err.kind not in RETRY_ERRORS:
                break
            wait = backoff(attempt)
            # only worth it if a meaningful attempt still fits in the budget
            if out.deadline - time.monotonic() - wait < min(1.0, settings.timeout / 4):
                break
        else:
            assert resp is not None
            if resp.status not in retry_status:
                break
            ra = retry_after(resp.headers.get("retry-after"))
            wait = ra if ra is not None else backoff(attempt)
            if wait > MAX_RETRY_AFTER or time.monotonic() + wait >= out.deadline - 0.05:
                break
        yield Wait(wait)
        attempt += 1
    if err is not None:
        raise err
    assert resp is not None
    return resp


def drive(
    steps: Steps[T],
    transport: Transport,
    timeout: float,
    sleep: Callable[[float], None] = time.sleep,
    request_timeout: float | None = None,
) -> T:
    """Run a step generator one request at a time (no scheduler): for tests and one-offs."""
    deadline: float | None = None
    value: Outcome | None = None
    while True:
        try:
            step = steps.send(value)
        except StopIteration as stop:
            return cast(T, stop.value)
        if isinstance(step, Wait):
            sleep(step.seconds)
            value = None
            continue
        now = time.monotonic()
        if deadline is None:
            deadline = now + timeout
        left = deadline - now
        if request_timeout is not None:
            left = min(left, request_timeout)
        try:
            if left <= 0:
                raise FetchError("timeout", f"no answer within {timeout:g} s")
            resp = transport.request(
                step.method,
                step.url,
                left,
                read_body=step.read_body,
                max_body=step.max_body,
                body_window=step.body_window,
                trusted=step.trusted,
                origin=step.origin,
                headers=dict(step.headers) if step.headers else None,
            )
            value = Outcome(resp, None, deadline)
        except FetchError as e:
            value = Outcome(None, e, deadline)


class Checker:
    """Verdicts for URLs; ``steps(url)`` is the whole procedure as a generator of steps."""

    def __init__(self, settings: Settings, trusted_prefixes: tuple[str, ...] = ()) -> None:
        self.s = settings
        # URLs starting with these (the DOI resolver) go to a configured endpoint: their
        # first request is trusted. Redirect targets never are.
        self.trusted_prefixes = trusted_prefixes
        # per host: [HEAD answers that settled a check, HEAD answers a GET had to follow]
        self._head_stats: dict[str, list[int]] = {}
        # per host and folder: the answer for a URL that surely does not exist (soft-404 probe)
        self._probes: dict[str, Probe] = {}
        self._probing: set[str] = set()  # hosts whose probe is under way
        self._lock = threading.Lock()

    def _first_method(self, url: str) -> str:
        if self.s.method == "get":
            return "GET"
        if self.s.method == "auto":
            # HEAD exists to spare the server a body; when the body is needed anyway
            # (an HTML page is read for "not found"), HEAD then GET costs the server
            # two requests and the check a round trip. So: GET first for a URL that
            # names a page, HEAD first for one that names a file (a PDF, an archive, a
            # data set: no "not found" text to read if it is there), and GET first on
            # a host where HEAD keeps needing a GET after it.
            if self.s.soft404 and not _names_file(url):
                return "GET"
            with self._lock:
                settled, wasted = self._head_stats.get(_host(url), (0, 0))
            if wasted >= 3 and wasted > 4 * settled:
                return "GET"
        return "HEAD"

    def _note_head(self, url: str, settled: bool) -> None:
        with self._lock:
            stats = self._head_stats.setdefault(_host(url), [0, 0])
            stats[0 if settled else 1] += 1

    def check(self, url: str, transport: Transport) -> LinkResult:
        """Check one URL synchronously."""
        return drive(
            self.steps(url), transport, self.s.timeout, request_timeout=self.s.request_timeout
        )

    # ------------------------------------------------------------------ one URL
    def steps(self, url: str) -> Steps[LinkResult]:
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):
            what = f"{scheme}: links are not checked" if scheme else "not a URL"
            return LinkResult(url, "unsupported", detail=what)
        bad = invalid_url(url)
        if bad is not None:
            return LinkResult(url, "dead", detail=f"invalid URL: {bad}", error="invalid")
        hops: list[Hop] = []
        # the fragment the redirects point at (``/about`` -> ``/#about``): never sent, but
        # it says which part of the final page the site sends the reader to (a fragment
        # is inherited by a later hop without one, RFC 9110 10.2.2)
        fragment = ""
        current = encode_url(url)
        jar = CookieJar()
        # a URL seen again is a loop only when no new cookie could change its answer
        seen = {(current, jar.state())}
        method = self._first_method(url)
        while True:
            read = method == "GET" and self.s.soft404
            try:
                trusted = (
                    not hops
                    and bool(self.trusted_prefixes)
                    and current.startswith(self.trusted_prefixes)
                )
                cookie = jar.header(current)
                req = Request(
                    method,
                    current,
                    read,
                    trusted=trusted,
                    origin=url if hops else None,
                    headers=(("Cookie", cookie),) if cookie else (),
                )
                resp = yield from send(req, self.s)
            except FetchError as e:
                if method == "HEAD" and e.kind in ("protocol", "reset", "other"):
                    method = "GET"  # some servers drop HEAD requests on the floor
                    continue
                return self._failure(url, e, hops, current)
            before = jar.state()
            if resp.cookies:
                jar.store(current, resp.cookies)
            status = resp.status
            nxt = None
            if status in REDIRECT_STATUS and resp.headers.get("location"):
                nxt = urljoin(current, resp.headers["location"].strip())
            elif (
                200 <= status < 300 and self.s.soft404 and (resp.body or "refresh" in resp.headers)
            ):
                # <meta http-equiv="refresh"> (or a Refresh header) and location.replace(...)
                # pages; a script that sets document.cookie before it moves on (a
                # JavaScript cookie check)
                target = html_redirect(resp.body, current)
                if target is None and resp.headers.get("refresh"):
                    target = refresh_header(resp.headers["refresh"])
                if target is not None:
                    jar.store(current, script_cookies(resp.body))
                    nxt = urljoin(current, target)
                    if encode_url(nxt) == current and jar.state() == before:
                        # a page that reloads itself with nothing new to send is the
                        # page (an auto-refreshing page), not a loop
                        nxt = None
            if nxt is not None:
                fragment = urlsplit(nxt).fragment or fragment
                nxt = encode_url(nxt)
                hops.append(Hop(status, current, nxt))
                state = jar.state()
                if (nxt, state) in seen:
                    return LinkResult(
                        url,
                        "dead",
                        status,
                        nxt,
                        f"redirect loop after {len(hops)} hops",
                        tuple(hops),
                    )
                if len(hops) > self.s.max_redirects:
                    return LinkResult(
                        url,
                        "dead",
                        status,
                        nxt,
                        f"more than {self.s.max_redirects} redirects",
                        tuple(hops),
                    )
                if urlsplit(nxt).scheme.lower() not in ("http", "https"):
                    return LinkResult(
                        url,
                        "unsupported",
                        status,
                        nxt,
                        f"redirects to a non-HTTP URL {nxt}",
                        tuple(hops),
                    )
                seen.add((nxt, state))
                current = nxt
                if status < 300:
                    method = "GET"  # an HTML redirect: the next page is read too
                continue
            ok = 200 <= status < 300 or status in self.s.accept
            # HEAD is often refused or answered wrongly (405, 403, 404, 501...): ask again
            # with GET, except after statuses already retried to exhaustion. A page that
            # may be a "not found" page must be read, which needs GET too.
            refused = not ok and status not in HEAD_RETRY_STATUS
            must_read = ok and self.s.soft404 and _is_html(resp) and status not in self.s.accept
            if method == "HEAD" and (refused or must_read):
                self._note_head(current, settled=False)
                method = "GET"
                continue
            if method == "HEAD":
                self._note_head(current, settled=True)
            result = self._verdict(url, resp, hops, current, fragment)
            if isinstance(result, LinkResult):
                if self._worth_comparing(result, resp, current):
                    # no phrase known to bibman, but perhaps the site's own "not found"
                    # page in a language bibman does not know: compare with its answer
                    # for a URL that surely does not exist
                    probe = (yield from self._probe(current)).for_url(current)
                    if probe.ok_page is not None and same_page(
                        _page(resp), probe.ok_page, current, probe.url
                    ):
                        return LinkResult(
                            url,
                            "soft-404",
                            resp.status,
                            current if hops else None,
                            "the same page the site gives for a URL that does not exist",
                            tuple(hops),
                        )
                elif self._maybe_misconfigured(result, resp, method):
                    # a 404 whose body is a whole article: a server that says 404 for a
                    # page it serves (a misconfigured error handler), unless the site's
                    # "not found" answer is this same long page
                    probe = yield from self._probe(current)
                    page = _page(resp)
                    if (
                        probe.status is not None
                        and not 200 <= probe.status < 300
                        and (
                            probe.page is None
                            or not (
                                similar(page, probe.page)
                                or same_page(page, probe.page, current, probe.url)
                            )
                        )
                    ):
                        return LinkResult(
                            url,
                            "ok",
                            resp.status,
                            current if hops else None,
                            f"answered {resp.status}, but serves a whole page unlike the "
                            "site's answer for a URL that does not exist",
                            tuple(hops),
                        )
                return result
            # weak evidence of a "not found" page: ask the site about a page that
            # surely does not exist, and compare
            probe = (yield from self._probe(current)).for_url(current)
            return self._weak_verdict(url, resp, hops, current, result, probe)

    def _worth_comparing(self, result: LinkResult, resp: Response, final: str) -> bool:
        """A short HTML page at a deep URL, judged alive without any phrase: worth one
        look at the site's answer for a URL that does not exist (cached per folder)."""
        return (
            self.s.soft404
            and result.verdict in ("ok", "redirected")
            and 200 <= resp.status < 300
            and bool(resp.body)
            and _is_html(resp)
            and looks_specific(final)
            and not names_home(final)
            and _page(resp).words >= COMPARABLE
        )

    def _maybe_misconfigured(self, result: LinkResult, resp: Response, method: str) -> bool:
        """A 404 answered to GET with a long HTML page that says nothing about "not found"."""
        return (
            self.s.soft404
            and method == "GET"
            and result.verdict == "dead"
            and resp.status == 404
            and bool(resp.body)
            and _is_html(resp)
            and _page(resp).words >= SHORT_PAGE
            and judge(resp.body, resp.headers.get("content-type", "")) is None
        )

    def _probe(self, url: str) -> Steps[Probe]:
        """The site's answer for a random sibling of ``url`` (cached per host and folder:
        one site may run different software under ``/wiki/`` and ``/blog/``)."""
        host = _host(url) + urlsplit(url).path.rpartition("/")[0]
        # one probe per folder: a check that finds another's probe under way waits for it
        # (a Wait holds no slot), for at most ~3 s, then asks for itself
        for _ in range(60):
            with self._lock:
                known = self._probes.get(host)
                if known is None and host not in self._probing:
                    self._probing.add(host)
                    break
            if known is not None:
                return known
            yield Wait(0.05)
        parts = urlsplit(url)
        directory, _, last = parts.path.rpartition("/")
        ext = (
            "." + last.rsplit(".", 1)[1] if "." in last and len(last.rsplit(".", 1)[1]) <= 5 else ""
        )
        try:
            path = f"{directory}/bibman-{secrets.token_hex(6)}{ext}"
            probe_url = urlunsplit((parts.scheme, parts.netloc, path, "", ""))
            # one attempt, no retries: a probe answered 429 or 5xx says nothing about the
            # site's "not found" page, and waiting out its Retry-After would hold the check
            out = yield Request("GET", probe_url, True, urgent=True)
            assert out is not None
            resp = out.response
            found = (
                Probe(
                    resp.status,
                    _page(resp) if resp.body else None,
                    probe_url,
                    says_missing=_says_missing(resp),
                )
                if resp is not None
                else Probe(None, None, probe_url)
            )
            with self._lock:
                self._probes.setdefault(host, found)
        finally:
            with self._lock:
                self._probing.discard(host)
        return found

    def _weak_verdict(
        self,
        url: str,
        resp: Response,
        hops: list[Hop],
        final: str,
        why: Judgement,
        probe: Probe,
    ) -> LinkResult:
        status, probe_page = probe.status, probe.ok_page
        page = _page(resp)
        h = tuple(hops)
        final_url = final if hops else None
        if why.strong:
            # the title or a heading is the message: dead, unless the site's own
            # not-found page (served with 200) is another page, so this one is not it -
            # a band called "Not Found", a film called "Page Not Found" on a site whose
            # unknown URLs get its "Pagina non trovata" template. The class of input
            # fixed: a short live page titled like a not-found page called dead.
            if (
                probe_page is not None
                and probe.says_missing
                and not similar(page, probe_page)
                and not same_page(page, probe_page, final, probe.url)
            ):
                return self._alive(url, resp, hops, final)
            return LinkResult(
                url, "soft-404", resp.status, final_url, f"page says: {why.reason}", h
            )
        if probe_page is not None and similar(page, probe_page):
            return LinkResult(
                url,
                "soft-404",
                resp.status,
                final_url,
                f"page says: {why.reason} (the same page the site gives for a URL that "
                "does not exist)",
                h,
            )
        if status is None and not probe.ignored and page.words < LONG_PAGE:
            return LinkResult(
                url, "soft-404", resp.status, final_url, f"page says: {why.reason}", h
            )
        return self._alive(url, resp, hops, final)

    def _alive(self, url: str, resp: Response, hops: list[Hop], final: str) -> LinkResult:
        h = tuple(hops)
        if hops and final == encode_url(url):
            # a cookie dance that ends where it began: the page is where the entry says
            return LinkResult(
                url, "ok", resp.status, None, f"after {len(hops)} redirect(s) back to itself", h
            )
        if hops:
            kind = "permanent" if all(x.status in (301, 308) for x in hops) else "temporary"
            return LinkResult(
                url,
                "redirected",
                resp.status,
                final,
                f"{len(hops)} {kind} redirect(s) to {final}",
                h,
            )
        return LinkResult(url, "ok", resp.status, None, "", h)

    def _verdict(
        self, url: str, resp: Response, hops: list[Hop], final: str, fragment: str = ""
    ) -> LinkResult | Judgement:
        """The verdict, or the weak ``Judgement`` that needs the sibling probe."""
        status = resp.status
        h = tuple(hops)
        final_url = final if hops else None
        if status == 300:
            # Multiple Choices without a preferred Location (a DOI with several targets,
            # content negotiation): the page lists where the resource is
            return self._alive(url, resp, hops, final)
        if status in self.s.accept or 200 <= status < 300:
            if status in self.s.accept and not 200 <= status < 300:
                return self._alive(url, resp, hops, final)
            if hops and self.s.soft404:
                says = redirect_says(encode_url(url), final)
                if says is not None and says[0] == "soft-404":
                    if _is_article(resp):
                        says = redirect_says(encode_url(url), final, article=True)
                    elif resp.body and _is_html(resp) and names_error_item(final, _page(resp)):
                        says = redirect_says(encode_url(url), final, item=True)
                    elif fragment and resp.body and section_moved(url, fragment, resp.body):
                        says = None
                if says is not None:
                    kind, why = says
                    if kind in ("login", "consent"):
                        return LinkResult(url, "blocked", status, final, why, h)
                    return LinkResult(url, "soft-404", status, final, why, h)
            if self.s.soft404 and _blank(resp):
                return LinkResult(url, "soft-404", status, final_url, "an empty page", h)
            if resp.body and self.s.soft404 and _json_body(resp):
                said = json_says_missing(resp.body)
                if said is not None:
                    return LinkResult(url, "soft-404", status, final_url, said, h)
            if resp.body and self.s.soft404:
                j = judge(resp.body, resp.headers.get("content-type", ""), final)
                if j is not None:
                    if j.kind == "login":
                        return LinkResult(
                            url, "blocked", status, final_url, f"login wall: {j.reason}", h
                        )
                    if j.kind == "consent":
                        return LinkResult(
                            url, "blocked", status, final_url, f"cookie/consent wall: {j.reason}", h
                        )
                    if j.kind == "parked":
                        return LinkResult(
                            url, "soft-404", status, final_url, f"parked domain: {j.reason}", h
                        )
                    if j.strong and not j.titled:
                        return LinkResult(
                            url, "soft-404", status, final_url, f"page says: {j.reason}", h
                        )
                    return j
            return self._alive(url, resp, hops, final)
        if status == 304:
            # "Not Modified" to a request without conditions (bibman sends none): a cache
            # or server answering from what it has (RFC 9110 15.4.5 allows 304 only after
            # If-None-Match/If-Modified-Since): the page exists. The class of input fixed:
            # a misconfigured cache's 304 reported dead.
            return LinkResult(
                url, "ok", status, final_url, "304 Not Modified to an unconditional request", h
            )
        if status in BLOCKED_STATUS:
            why = {
                429: "rate limited (429)",
                401: "needs authentication (401)",
                402: "payment required (402)",
            }.get(status, f"refused to bots ({status})")
            return LinkResult(url, "blocked", status, final_url, why, h)
        if status in HOST_LIMIT_STATUS:
            return LinkResult(
                url, "blocked", status, final_url, f"host over its limits ({status})", h
            )
        # a Retry-After the client cannot read ("soon", a malformed date) still says "come
        # back later" (RFC 9110 10.2.3): the class of input fixed, a maintenance 503 with
        # an unparseable Retry-After reported dead
        if status == 503 and (resp.headers.get("retry-after") or "").strip():
            return LinkResult(
                url,
                "blocked",
                status,
                final_url,
                f"temporarily unavailable (503, Retry-After: {resp.headers['retry-after']})",
                h,
            )
        if status in (503, 502, 520, 521, 522, 523, 524) and (
            _CHALLENGE.search(resp.body) or resp.headers.get("cf-mitigated")
        ):
            return LinkResult(url, "blocked", status, final_url, f"bot challenge ({status})", h)
        reason = {404: "not found (404)", 410: "gone (410)"}.get(status, f"HTTP {status}")
        if hops:
            reason += f" after {len(hops)} redirect(s)"
        return LinkResult(url, "dead", status, final_url, reason, h)

    def _failure(self, url: str, e: FetchError, hops: list[Hop], current: str) -> LinkResult:
        h = tuple(hops)
        final = current if hops else None
        where = f" (redirect hop {len(hops)}: {current})" if hops else ""
        if e.kind == "unsafe":
            return LinkResult(url, "excluded", None, final, e.detail + where, h, error=e.kind)
        if e.kind == "timeout":
            return LinkResult(url, "timeout", None, final, e.detail + where, h, error=e.kind)
        return LinkResult(url, "dead", None, final, e.detail + where, h, error=e.kind)


# Extensions of files a link checker need not read: a 200 for one of these is the file
# (a server's "not found" page for it comes back as HTML and is then read with GET).
FILE_EXTENSIONS = frozenset({
    "pdf", "ps", "djvu", "epub", "mobi", "zip", "gz", "tgz", "bz2", "xz", "7z", "rar", "tar",
    "jar", "whl", "dmg", "iso", "exe", "msi", "deb", "rpm", "jpg", "jpeg", "png", "gif", "tif",
    "tiff", "webp", "bmp", "svg", "mp3", "mp4", "m4a", "mov", "avi", "mkv", "webm", "wav",
    "flac", "ogg", "csv", "tsv", "xls", "xlsx", "ods", "doc", "docx", "odt", "ppt", "pptx",
    "odp", "rtf", "nc", "h5", "hdf5", "parquet", "sav", "dta", "rds", "mat", "npy", "npz",
    "fits", "bib", "ris",
})  # fmt: skip


def _names_file(url: str) -> bool:
    """The URL's path ends in a file name with an extension of a non-HTML file."""
    last = urlsplit(url).path.rpartition("/")[2]
    return "." in last and last.rpartition(".")[2].lower() in FILE_EXTENSIONS


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


def _page(resp: Response) -> Page:
    return Page.parse(resp.body, resp.headers.get("content-type", ""))


def _is_article(resp: Response) -> bool:
    """A long HTML page that says nothing about "not found", parking or walls."""
    return (
        bool(resp.body)
        and _is_html(resp)
        and _page(resp).words >= LONG_PAGE
        and judge(resp.body, resp.headers.get("content-type", "")) is None
    )


def _blank(resp: Response) -> bool:
    """An HTML answer whose whole body (its Content-Length says so) is empty or blank: a
    browser shows a white page (PHP's "white screen of death", a fatal error with errors
    not displayed). The class of input fixed: an empty 200 page reported as a live one."""
    length = resp.headers.get("content-length", "").strip()
    return (
        _is_html(resp)
        and not resp.body.strip()
        and length == str(len(resp.body))
        and "refresh" not in resp.headers
    )


def _says_missing(resp: Response) -> bool:
    """A 2xx HTML answer that judges as a not-found page (a site's soft-404 template)."""
    if not (200 <= resp.status < 300 and resp.body and _is_html(resp)):
        return False
    j = judge(resp.body, resp.headers.get("content-type", ""), resp.url)
    return j is not None and j.kind == "not-found" and j.strong


def _json_body(resp: Response) -> bool:
    """A JSON answer: labelled JSON, or a JSON object or array labelled text (an API
    behind a server that says ``text/html`` or ``text/plain`` for everything). The class
    of input fixed: a JSON error envelope labelled ``text/html`` read as a page."""
    ctype = resp.headers.get("content-type", "").lower()
    if "json" in ctype:
        return True
    if ctype and not ctype.startswith(("text/html", "text/plain")):
        return False
    head = resp.body[:64].lstrip()
    return head[:1] == b"{" and head[1:].lstrip()[:1] in (b'"', b"}")


def _is_html(resp: Response) -> bool:
    ctype = resp.headers.get("content-type", "").lower()
    return not ctype or "html" in ctype or "xml" in ctype
