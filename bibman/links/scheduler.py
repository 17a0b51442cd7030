"""Run many step generators (``checker.Request``/``Wait``) with a few worker threads.

Politeness and speed both live here:

* at most ``concurrency`` requests in flight overall; per host, what the shared
  ``HostLimiter`` allows (4 in flight, a minimum interval, adaptive back-off);
* a waiting check (backoff, Retry-After) holds no thread and no slot;
* first requests of new checks go before follow-ups and archive lookups, so every
  URL is started early: a server that hangs is found in the first seconds rather
  than holding up the end of the run; a retry whose back-off (or Retry-After) is
  over goes before them all, so a check that must wait twice does not wait out its
  host's whole pass in between and end the run late;
* hosts are served round-robin, so one big host cannot starve the others;
* a check's time budget starts with its first request, and time spent queueing for a
  free slot is not charged to it.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .checker import Outcome, Request, Wait
from .http import FetchError, Transport
from .limiter import HostLimiter

# Archive lookups share the follow-ups' level: they go to another host, and the
# round-robin over hosts lets them run beside the check instead of all after it.
FIRST, FOLLOW_UP, ARCHIVE = 0, 1, 1
Done = Callable[[Any, Any, BaseException | None], None]


def host_key(url: str) -> str:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{(parts.hostname or '').lower()}:{port or parts.scheme}"


@dataclass(eq=False)
class _Task:
    key: Any
    gen: Generator[Any, Any, Any]
    base_priority: int
    timeout: float
    done: Done
    step: Request | None = None
    deadline: float | None = None
    queued_at: float = 0.0
    started: bool = False
    value: Any = None
    seq: int = field(default=0)
    slot_host: str = ""  # the host whose slot the task holds while it runs
    due: bool = False  # its wait (back-off, Retry-After) just ended


class Scheduler:
    def __init__(
        self,
        transport: Transport,
        concurrency: int,
        host_concurrency: int,
        request_timeout: float | None = None,
        limiter: HostLimiter | None = None,
    ) -> None:
        self.t = transport
        self.request_timeout = request_timeout
        self.concurrency = concurrency
        self.limiter = limiter if limiter is not None else HostLimiter(host_concurrency)
        self._limiter_wait: float | None = None  # soonest a host's interval lets one go
        self._cv = threading.Condition()
        # ready[priority][host] -> deque of tasks waiting for a slot
        self._ready: list[OrderedDict[str, deque[_Task]]] = [OrderedDict() for _ in range(2)]
        self._timers: list[tuple[float, int, _Task]] = []
        self._in_flight = 0
        self._live = 0  # tasks not finished
        self._seq = itertools.count()
        self._errors: list[BaseException] = []

    # ------------------------------------------------------------------ public
    def submit(
        self,
        key: Any,
        gen: Generator[Any, Any, Any],
        priority: int,
        timeout: float,
        done: Done,
        first_url: str,
    ) -> None:
        """Add a task whose first request goes to ``first_url``'s host; ``done(key,
        result, error)`` is called (in a worker) when it ends, and may submit more.

        The generator is not started until a slot is free for it, so what it decides
        at its start (HEAD or GET) uses everything learnt until then."""
        task = _Task(key, gen, priority, timeout, done, seq=next(self._seq))
        with self._cv:
            self._live += 1
            self._enqueue(task, time.monotonic(), host_key(first_url))

    def run(self) -> None:
        """Work until every task (including ones submitted meanwhile) has finished."""
        workers = [
            threading.Thread(target=self._worker, name=f"bibman-check-{i}", daemon=True)
            for i in range(self.concurrency)
        ]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        if self._errors:
            raise self._errors[0]

    # ------------------------------------------------------------------ internals
    def _advance(self, task: _Task) -> None:
        """Run the generator to its next request (outside the lock) and queue it."""
        while True:
            try:
                step = task.gen.send(task.value)
            except StopIteration as stop:
                self._finish(task, stop.value, None)
                return
            except Exception as e:  # a bug in a step generator: report, do not hang
                self._finish(task, None, e)
                return
            task.value = None
            if isinstance(step, Wait):
                with self._cv:
                    when = time.monotonic() + max(0.0, step.seconds)
                    heapq.heappush(self._timers, (when, next(self._seq), task))
                    self._cv.notify()
                return
            if isinstance(step, Request):
                task.step = step
                with self._cv:
                    self._enqueue(task, time.monotonic())
                return
            self._finish(task, None, TypeError(f"unknown step {step!r}"))
            return

    def _enqueue(self, task: _Task, now: float, host: str | None = None) -> None:
        if host is None:
            assert task.step is not None
            host = host_key(task.step.url)
        prio = (
            task.base_priority if task.base_priority == ARCHIVE or not task.started else FOLLOW_UP
        )
        task.queued_at = now
        if task.due or (task.step is not None and task.step.urgent):
            # a retry whose back-off is over goes first: behind every first request on
            # its host it would wait out the whole pass, then back off again at the end.
            # So does a request other checks wait for (the site's answer for nonsense,
            # shared per folder): behind the first requests of a busy host it kept them
            # waiting until they gave up (~3 s) and each asked for itself - 54 such
            # requests instead of ~10 on the shared bench's 1,000 URLs.
            task.due = False
            self._ready[FIRST].setdefault(host, deque()).appendleft(task)
        else:
            self._ready[prio].setdefault(host, deque()).append(task)
        self._cv.notify()

    def _release(
        self,
        task: _Task,
        status: int | None = None,
        retry_after: bool = False,
        elapsed: float | None = None,
    ) -> None:
        with self._cv:
            self._in_flight -= 1
            self.limiter.release(task.slot_host, status, retry_after, elapsed)
            self._cv.notify()

    def _finish(self, task: _Task, result: Any, error: BaseException | None) -> None:
        try:
            task.done(task.key, result, error)
        except BaseException as e:  # keep the run going; re-raised at the end
            with self._cv:
                self._errors.append(e)
        with self._cv:
            self._live -= 1
            # a finished task frees no slot: only the last one wakes every worker (to
            # leave); waking all of them for each task was a thundering herd of threads
            # fighting for the lock on a busy machine
            if self._live == 0:
                self._cv.notify_all()

    def _pick(self) -> _Task | None:
        self._limiter_wait = None
        if self._in_flight >= self.concurrency:
            return None
        now = time.monotonic()
        for queues in self._ready:
            for host in list(queues):
                wait = self.limiter.try_acquire(host, now)
                if wait > 0:
                    if wait != float("inf"):
                        soonest: float | None = self._limiter_wait
                        self._limiter_wait = wait if soonest is None else min(soonest, wait)
                    continue
                q = queues[host]
                task = q.popleft()
                if q:
                    queues.move_to_end(host)  # round-robin over hosts
                else:
                    del queues[host]
                self._in_flight += 1
                task.slot_host = host
                return task
        return None

    def _worker(self) -> None:
        while True:
            with self._cv:
                while True:
                    now = time.monotonic()
                    while self._timers and self._timers[0][0] <= now:
                        _, _, due = heapq.heappop(self._timers)
                        due.due = True
                        # after a Wait the generator has not yet produced its request
                        self._cv.release()
                        try:
                            self._advance(due)
                        finally:
                            self._cv.acquire()
                        now = time.monotonic()
                    task = self._pick()
                    if task is not None:
                        break
                    if self._live == 0:
                        self._cv.notify_all()
                        return
                    wait = self._timers[0][0] - now if self._timers else None
                    if self._limiter_wait is not None:
                        wait = self._limiter_wait if wait is None else min(wait, self._limiter_wait)
                    self._cv.wait(wait)
            self._execute(task, now)

    def _start(self, task: _Task) -> bool:
        """Run a new task's generator to its first request; False if it did not make one
        for the host whose slot it holds (the slot is then given back)."""
        try:
            step = task.gen.send(None)
        except StopIteration as stop:
            self._release(task)
            self._finish(task, stop.value, None)
            return False
        except Exception as e:
            self._release(task)
            self._finish(task, None, e)
            return False
        if isinstance(step, Request) and host_key(step.url) == task.slot_host:
            task.step = step
            return True
        self._release(task)
        if isinstance(step, Wait):
            with self._cv:
                when = time.monotonic() + max(0.0, step.seconds)
                heapq.heappush(self._timers, (when, next(self._seq), task))
                self._cv.notify()
        elif isinstance(step, Request):
            task.step = step
            with self._cv:
                self._enqueue(task, time.monotonic())
        else:
            self._finish(task, None, TypeError(f"unknown step {step!r}"))
        return False

    def _execute(self, task: _Task, picked_at: float) -> None:
        if task.step is None and not task.started and not self._start(task):
            return
        step = task.step
        assert step is not None
        now = time.monotonic()
        if task.deadline is None:
            task.deadline = now + task.timeout  # the clock starts with the first request
        else:
            task.deadline += max(0.0, now - task.queued_at)  # queueing is not charged
        task.started = True
        left = task.deadline - now
        if self.request_timeout is not None:
            left = min(left, self.request_timeout)
        elapsed: float | None = None
        try:
            if left <= 0:
                raise FetchError("timeout", f"no answer within {task.timeout:g} s")
            resp = self.t.request(
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
            elapsed = time.monotonic() - now
            task.value = Outcome(resp, None, task.deadline)
            status: int | None = resp.status
            retry_after = "retry-after" in resp.headers
        except FetchError as e:
            task.value = Outcome(None, e, task.deadline)
            status, retry_after = None, False
        except BaseException:
            self._release(task)
            raise
        self._release(task, status, retry_after, elapsed)
        self._advance(task)
