"""Per-host politeness, shared by everything that sends requests (links, DOIs, archive,
verify): how many requests one host may have in flight, and how soon the next may go.

* at most ``concurrency`` requests in flight per host (4 by default), and at least
  ``interval`` seconds between two request starts on one host;
* adaptive: answers saying "too much" (429, or 503 with Retry-After) halve the host's
  limit when they say it of the host: two in a row, or three among its last eight
  answers. An isolated one among good answers is a limit on that URL (publishers and
  APIs rate-limit per resource), and its Retry-After is honoured by that request
  alone. The limit goes down to 1, at most once per ``cooldown`` second, so a burst of
  answers to requests already in flight counts once; every
  ``recover_after`` good answers in a row give one slot back (up to ``concurrency``),
  so a host that tolerates 2 requests settles near 2.

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
    peak: int = 0  # most requests ever in flight at once (for tests and benches)
    paused_until: float = 0.0  # a Retry-After for the whole host (``pause``)


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
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.concurrency = concurrency
        self.interval = max(0.0, interval)
        self.recover_after = max(1, recover_after)
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

    def release(self, host: str, status: int | None = None, retry_after: bool = False) -> None:
        """Give a slot back, with the status the request got (None: no answer).

        429 always means "slow down"; 503 only with a ``Retry-After`` header (a page
        that is simply broken answers 503 too, and says nothing about the host's load)."""
        with self._cv:
            h = self._host(host)
            h.in_flight = max(0, h.in_flight - 1)
            slow = status == 429 or (status in SLOW_DOWN and retry_after)
            if status is not None:
                h.recent.append(slow)
            if slow:
                h.good_run = 0
                now = time.monotonic()
                # A host is overloaded when the recent answers say so together: two in a
                # row, or three among the last eight. One 429 among good answers is a
                # limit on that URL (its Retry-After is honoured by that request), and
                # two such URLs in a window of eight are still no more than that.
                # One decrease per cool-down, as TCP cuts its window once per round
                # trip: a burst of 429s to requests already in flight is one signal.
                together = len(h.recent) >= 2 and h.recent[-2]
                if (together or sum(h.recent) >= 3) and now >= h.cooled:
                    h.limit = max(1, h.limit // 2)
                    h.cooled = now + self.cooldown
            elif status is not None and status < 500:
                h.good_run += 1
                if h.good_run >= self.recover_after:
                    h.good_run = 0
                    h.limit = min(self.concurrency, h.limit + 1)
            self._cv.notify_all()

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
