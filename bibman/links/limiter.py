"""Per-host politeness, shared by everything that sends requests (links, DOIs, archive,
verify): how many requests one host may have in flight, and how soon the next may go.

* at most ``concurrency`` requests in flight per host (4 by default), and at least
  ``interval`` seconds between two request starts on one host;
* adaptive: answers saying "too much" (429, or 503 with Retry-After) halve the host's
  limit when they say it of the host: three among its last eight answers. One or two
  among good answers are limits on those URLs (publishers and APIs rate-limit per
  resource; two such URLs next to each other in a list, answered back to back, were
  once taken for an overloaded host), and each Retry-After is honoured by its request
  alone. The limit goes down to 1, at most once per ``cooldown`` second, so a burst of
  answers to requests already in flight counts once; every
  ``recover_after`` good answers in a row give one slot back (up to ``concurrency``),
  so a host that tolerates 2 requests settles near 2;
* growth, bounded (``ceiling``, 8 for ``check`` by default; equal to ``concurrency``
  turns it off): a host that has never pushed back (no host-wide slow-down signal)
  and whose answers come as fast as they did at the start (median of its last 16
  answer times at most 1.5 x its fastest + 20 ms: the host is not queueing our
  requests) gets one slot more after every ``grow_after`` good answers in a row,
  up to ``ceiling``. A host that slows down under the extra load gives the slot back
  (one per cool-down); one slow-down signal halves the limit and ends growth for the
  run. Lychee's default is 10 per host, with no back-off.

Two ways to use it, over the same state:

* blocking, for simple clients (``verify``)::

      with limiter.slot(host) as slot:
          resp = send(...)
          slot.status = resp.status      # feedback for the adaptive limit

* non-blocking, for the link checker's scheduler: ``try_acquire(host)`` returns 0.0
  when a slot was taken, else how long to wait before asking again (``inf`` = until a
  request on that host ends); ``release(host, status)`` gives it back.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

# Answers that say the host wants fewer requests.
SLOW_DOWN = frozenset({429, 503})


@dataclass
class _Host:
    limit: int
    interval: float
    in_flight: int = 0
    next_start: float = 0.0
    good_run: int = 0
    cooled: float = 0.0  # no further decrease before this time
    recent: deque[bool] = field(default_factory=lambda: deque(maxlen=8))  # slow-down or not
    longer: deque[bool] = field(default_factory=lambda: deque(maxlen=32))  # the same, longer
    peak: int = 0  # most requests ever in flight at once (for tests and benches)
    paused_until: float = 0.0  # a Retry-After for the whole host (``pause``)
    pushed_back: bool = False  # said "slow down" for the host: no growth above the base
    times: deque[float] = field(default_factory=lambda: deque(maxlen=16))  # answer times
    fastest: float = math.inf


@dataclass
class Slot:
    host: str
    status: int | None = None  # set by the caller: the HTTP status the request got


class HostLimiter:
    """Thread-safe per-host limits with adaptive back-off."""

    def __init__(
        self,
        concurrency: int = 4,
        interval: float = 0.0,
        *,
        recover_after: int = 10,
        cooldown: float = 1.0,
        ceiling: int | None = None,
        grow_after: int = 5,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.concurrency = concurrency
        self.ceiling = max(concurrency, ceiling if ceiling is not None else concurrency)
        self.interval = max(0.0, interval)
        self.recover_after = max(1, recover_after)
        self.grow_after = max(1, grow_after)
        self.cooldown = cooldown
        self._hosts: dict[str, _Host] = {}
        self._cv = threading.Condition()

    def _host(self, host: str) -> _Host:
        h = self._hosts.get(host)
        if h is None:
            h = self._hosts[host] = _Host(self.concurrency, self.interval)
        return h

    # ------------------------------------------------------------------ non-blocking
    def try_acquire(self, host: str, now: float | None = None) -> float:
        """Take a slot on ``host`` (0.0), or say how long to wait before asking again."""
        now = time.monotonic() if now is None else now
        with self._cv:
            h = self._host(host)
            if h.in_flight >= h.limit:
                return math.inf
            if now < h.paused_until:
                return h.paused_until - now
            if h.interval > 0 and now < h.next_start:
                return h.next_start - now
            h.in_flight += 1
            h.peak = max(h.peak, h.in_flight)
            h.next_start = now + h.interval
            return 0.0

    def release(
        self,
        host: str,
        status: int | None = None,
        retry_after: bool = False,
        elapsed: float | None = None,
    ) -> None:
        """Give a slot back, with the status the request got (None: no answer) and how
        long the answer took (``elapsed``, seconds: what growth above the base watches).

        429 always means "slow down"; 503 only with a ``Retry-After`` header (a page
        that is simply broken answers 503 too, and says nothing about the host's load)."""
        with self._cv:
            h = self._host(host)
            h.in_flight = max(0, h.in_flight - 1)
            slow = status == 429 or (status in SLOW_DOWN and retry_after)
            if status is not None:
                h.recent.append(slow)
                h.longer.append(slow)
            if status is not None and elapsed is not None and not slow:
                h.times.append(elapsed)
                h.fastest = min(h.fastest, elapsed)
            if slow:
                h.good_run = 0
                now = time.monotonic()
                # A host is overloaded when the recent answers say so together: three
                # among the last eight. One or two 429s among good answers are limits on
                # those URLs (each Retry-After is honoured by its request).
                # One decrease per cool-down, as TCP cuts its window once per round
                # trip: a burst of 429s to requests already in flight is one signal.
                if sum(h.recent) >= 3 and now >= h.cooled and self._host_wide(h):
                    h.limit = max(1, min(h.limit, self.concurrency) // 2)
                    h.cooled = now + self.cooldown
                    h.pushed_back = True
            elif status is not None and status < 500:
                h.good_run += 1
                if h.limit > self.concurrency and not self._keeping_up(h):
                    now = time.monotonic()
                    if now >= h.cooled:  # slower under our extra load: give a slot back
                        h.limit -= 1
                        h.cooled = now + self.cooldown
                        h.good_run = 0
                elif h.limit < self.concurrency:
                    if h.good_run >= self.recover_after:
                        h.good_run = 0
                        h.limit += 1
                elif h.good_run >= self.grow_after:
                    h.good_run = 0
                    if h.limit < self.ceiling and not h.pushed_back and self._keeping_up(h):
                        h.limit += 1
            self._cv.notify_all()

    def _host_wide(self, h: _Host) -> bool:
        """Three "slow down" answers among the last eight say it of the host, unless the
        host has been answering well around them: at its base limit, they must also be at
        least a quarter of its last 32 answers. Per-URL limits (a publisher's 429 +
        Retry-After on single resources; 3% of the URLs of the 5,000-URL bench) that
        happen to come side by side in a long run of good answers are then not taken for
        an overloaded host; a host that tolerates fewer than our base refuses a quarter
        or more of the requests, and still halves (after at most a few more answers).
        Above the base (growth) three in eight suffice, as before."""
        if h.limit > self.concurrency:
            return True
        return 4 * sum(h.longer) >= len(h.longer)

    @staticmethod
    def _keeping_up(h: _Host) -> bool:
        """The host answers about as fast as ever (not queueing our requests)."""
        if len(h.times) < 8:
            return False
        median = sorted(h.times)[len(h.times) // 2]
        return median <= 1.5 * h.fastest + 0.02

    # ------------------------------------------------------------------ blocking
    def acquire(self, host: str, timeout: float | None = None) -> bool:
        """Wait for a slot on ``host``; False when ``timeout`` passed first."""
        end = None if timeout is None else time.monotonic() + timeout
        with self._cv:
            while True:
                wait = self.try_acquire(host)
                if wait == 0.0:
                    return True
                if end is not None:
                    left = end - time.monotonic()
                    if left <= 0:
                        return False
                    wait = min(wait, left)
                self._cv.wait(None if math.isinf(wait) else wait)

    @contextmanager
    def slot(self, host: str) -> Iterator[Slot]:
        self.acquire(host)
        s = Slot(host)
        try:
            yield s
        finally:
            self.release(host, s.status)

    # ------------------------------------------------------------------ host rules
    def pause(self, host: str, seconds: float) -> None:
        """No request starts on ``host`` for ``seconds`` (a Retry-After meant for the
        whole service, as an API's 429 is)."""
        with self._cv:
            h = self._host(host)
            h.paused_until = max(h.paused_until, time.monotonic() + max(0.0, seconds))
            self._cv.notify_all()

    def set_interval(self, host: str, seconds: float) -> None:
        """At least ``seconds`` between request starts on ``host`` (never lowered: a
        service's own rule, e.g. arXiv's 3 s, or a pace its rate-limit headers announce)."""
        with self._cv:
            h = self._host(host)
            if seconds > h.interval:
                h.next_start += seconds - h.interval  # from the last start on
                h.interval = seconds

    # ------------------------------------------------------------------ introspection
    def limit(self, host: str) -> int:
        with self._cv:
            return self._host(host).limit

    def peak(self, host: str) -> int:
        with self._cv:
            return self._host(host).peak
