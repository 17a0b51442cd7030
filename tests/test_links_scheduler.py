"""The link checker's scheduler with a stub transport (no network): the order in which
queued requests go."""

from __future__ import annotations

import threading
import time
from collections.abc import Generator
from typing import Any

from bibman.links.checker import Request, Wait
from bibman.links.http import Response
from bibman.links.scheduler import FIRST, Scheduler


class _Stub:
    """Answers every request with 200 after a few milliseconds, and logs the order."""

    def __init__(self) -> None:
        self.log: list[str] = []
        self.lock = threading.Lock()
        self.requests = 0

    def request(self, method: str, url: str, timeout: float, **kw: Any) -> Response:
        with self.lock:
            self.log.append(url.rsplit("/", 1)[1])
        time.sleep(0.005)
        return Response(200, url, {})


def _retrying(host: str) -> Generator[Any, Any, str]:
    yield Request("GET", f"{host}/r1")
    yield Wait(0.02)  # a back-off
    yield Request("GET", f"{host}/r2")
    return "done"


def _one(url: str) -> Generator[Any, Any, str]:
    yield Request("GET", url)
    return "done"


def test_a_retry_whose_back_off_is_over_goes_before_first_requests() -> None:
    host = "http://example.org"
    stub = _Stub()
    sched = Scheduler(stub, concurrency=1, host_concurrency=1)  # type: ignore[arg-type]
    done: list[str] = []

    def finished(key: Any, result: Any, error: BaseException | None) -> None:
        assert error is None
        done.append(key)

    sched.submit("r", _retrying(host), FIRST, 10.0, finished, f"{host}/r1")
    for i in range(40):
        sched.submit(f"f{i}", _one(f"{host}/f{i}"), FIRST, 10.0, finished, f"{host}/f{i}")
    sched.run()
    assert len(done) == 41 and stub.log[0] == "r1"
    # the retry went as soon as its 20 ms were over (~4 requests of 5 ms), not after the
    # 40 first requests queued on its host
    assert stub.log.index("r2") < 20, stub.log


def test_a_redirect_hop_still_waits_behind_first_requests() -> None:
    host = "http://example.org"
    stub = _Stub()
    sched = Scheduler(stub, concurrency=1, host_concurrency=1)  # type: ignore[arg-type]

    def hops() -> Generator[Any, Any, str]:
        yield Request("GET", f"{host}/h1")
        yield Request("GET", f"{host}/h2")  # a follow-up without a wait
        return "done"

    sched.submit("h", hops(), FIRST, 10.0, lambda *a: None, f"{host}/h1")
    for i in range(10):
        sched.submit(f"f{i}", _one(f"{host}/f{i}"), FIRST, 10.0, lambda *a: None, f"{host}/f{i}")
    sched.run()
    assert stub.log[0] == "h1" and stub.log[-1] == "h2"  # every URL started first


def test_a_request_other_checks_wait_for_goes_before_first_requests() -> None:
    host = "http://example.net"
    stub = _Stub()
    sched = Scheduler(stub, concurrency=1, host_concurrency=1)  # type: ignore[arg-type]
    done: list[str] = []

    def asks(url: str) -> Generator[Any, Any, str]:
        yield Request("GET", url)
        yield Request("GET", f"{host}/probe", urgent=True)  # the site's answer for nonsense
        yield Request("GET", f"{host}/after")
        return "done"

    def finished(key: Any, result: Any, error: BaseException | None) -> None:
        done.append(key)

    sched.submit("p", asks(f"{host}/page"), FIRST, 10.0, finished, f"{host}/page")
    for i in range(30):
        sched.submit(f"f{i}", _one(f"{host}/f{i}"), FIRST, 10.0, finished, f"{host}/f{i}")
    sched.run()
    assert len(done) == 31 and stub.log[0] == "page"
    assert stub.log.index("probe") <= 2, stub.log  # not behind the 30 first requests
    assert stub.log.index("after") > 20  # an ordinary follow-up still waits its turn
