"""The link checker against a real HTTP server on 127.0.0.1 (one per module)."""

from __future__ import annotations

import dataclasses
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "links"))
from fakeweb import FakeWeb, serve

from bibman.config import BROWSER_USER_AGENT, Settings
from bibman.links.checker import Checker, soft404_reason
from bibman.links.http import Transport
from bibman.links.model import LinkResult
from bibman.links.runner import policy_for

LOOPBACK_ONLY = ("127.0.0.1/32",)


@pytest.fixture(scope="module")
def web() -> Iterator[FakeWeb]:
    with serve() as w:
        yield w


def settings(**kw: object) -> Settings:
    base: dict[str, object] = {
        "timeout": 3.0,
        "allow_networks": LOOPBACK_ONLY,
        "cache": False,
        "archive": False,
    }
    base.update(kw)
    return Settings(**base)  # type: ignore[arg-type]


def check(url: str, **kw: object) -> LinkResult:
    s = settings(**kw)
    t = Transport(policy_for(s), s.user_agent, s.max_body, s.body_window)
    try:
        return Checker(s).check(url, t)
    finally:
        t.close()


def test_ok(web: FakeWeb) -> None:
    r = check(web.base + "/ok/1")
    assert (r.verdict, r.status, r.final_url) == ("ok", 200, None)


@pytest.mark.parametrize(("path", "status"), [("/missing/1", 404), ("/gone/1", 410)])
def test_dead_statuses(web: FakeWeb, path: str, status: int) -> None:
    r = check(web.base + path)
    assert (r.verdict, r.status) == ("dead", status)


def test_permanent_redirect_chain_is_reported_with_final_url(web: FakeWeb) -> None:
    r = check(web.base + "/redirect/301/3/x")
    assert r.verdict == "redirected"
    assert r.final_url == web.base + "/ok/x"
    assert [h.status for h in r.hops] == [301, 301, 301]
    assert r.permanent_redirect


def test_temporary_redirect_is_not_offered_as_update(web: FakeWeb) -> None:
    r = check(web.base + "/redirect/302/1/y")
    assert r.verdict == "redirected" and not r.permanent_redirect


def test_relative_location(web: FakeWeb) -> None:
    r = check(web.base + "/relredirect/a")
    assert r.verdict == "redirected" and r.final_url == web.base + "/ok/rel"


def test_redirect_limit(web: FakeWeb) -> None:
    r = check(web.base + "/redirect/302/5/z", max_redirects=2)
    assert r.verdict == "dead" and "redirects" in r.detail


def test_redirect_loop_detected(web: FakeWeb) -> None:
    r = check(web.base + "/loop/1")
    assert r.verdict == "dead" and "loop" in r.detail
    assert web.counts[("GET", "/loop/1")] == 1


def test_head_405_falls_back_to_get(web: FakeWeb) -> None:
    # a URL naming a file is asked with HEAD first
    r = check(web.base + "/nohead/1.pdf")
    assert r.verdict == "ok"
    assert web.counts[("HEAD", "/nohead/1.pdf")] == 1
    assert web.counts[("GET", "/nohead/1.pdf")] == 1


def test_non_html_is_settled_by_head_alone(web: FakeWeb) -> None:
    r = check(web.base + "/pdf/1.pdf")
    assert r.verdict == "ok"
    assert web.counts[("GET", "/pdf/1.pdf")] == 0


def test_a_page_is_asked_with_get_alone(web: FakeWeb) -> None:
    # its body is read for "not found" anyway: a HEAD first would cost a round trip
    for path in ("/ok/page-1", "/ok/article.html", "/ok/10.5555/bench.i00005", "/nohead/2"):
        r = check(web.base + path)
        assert r.verdict == "ok", path
        assert (web.counts[("HEAD", path)], web.counts[("GET", path)]) == (0, 1), path


def test_soft404_off_keeps_head_first(web: FakeWeb) -> None:
    r = check(web.base + "/pdf/plain", soft404=False)
    assert r.verdict == "ok"
    assert (web.counts[("HEAD", "/pdf/plain")], web.counts[("GET", "/pdf/plain")]) == (1, 0)


def test_flaky_500_is_retried(web: FakeWeb) -> None:
    # a 5xx to HEAD is asked again with GET at once
    r = check(web.base + "/flaky/1.zip")
    assert r.verdict == "ok"
    assert web.counts[("HEAD", "/flaky/1.zip")] == 1
    assert web.counts[("GET", "/flaky/1.zip")] == 1


def test_head_500_get_200_is_ok(web: FakeWeb) -> None:
    r = check(web.base + "/head500/1.pdf")
    assert (r.verdict, r.status) == ("ok", 200)
    assert web.counts[("HEAD", "/head500/1.pdf")] == 1


def test_teapot_and_other_bot_answers_are_blocked(web: FakeWeb) -> None:
    r = check(web.base + "/teapot/1")
    assert (r.verdict, r.status) == ("blocked", 418)


def test_space_in_path_is_percent_encoded_not_rejected(web: FakeWeb) -> None:
    r = check(web.base + "/ok/a paper (draft).pdf")
    assert r.verdict == "ok", r
    assert web.counts[("GET", "/ok/a%20paper%20(draft).pdf")] == 1


def test_429_honours_retry_after(web: FakeWeb) -> None:
    start = time.monotonic()
    r = check(web.base + "/ratelimited/1")
    took = time.monotonic() - start
    assert r.verdict == "ok"
    assert 0.9 <= took < 3.0  # waited the second Retry-After asked for, not more


def test_503_always_is_dead_after_retries(web: FakeWeb) -> None:
    r = check(web.base + "/unavail/1", retries=1)
    assert (r.verdict, r.status) == ("dead", 503)
    assert web.counts[("HEAD", "/unavail/1")] == 0
    assert web.counts[("GET", "/unavail/1")] == 2  # GET first (a page), one retry
    r = check(web.base + "/unavail/2.pdf", retries=1)
    assert (r.verdict, r.status) == ("dead", 503)
    assert web.counts[("HEAD", "/unavail/2.pdf")] == 1  # HEAD 5xx: asked again with GET
    assert web.counts[("GET", "/unavail/2.pdf")] == 2


def test_bot_protection_is_blocked_not_dead(web: FakeWeb) -> None:
    r = check(web.base + "/botblock/1")
    assert (r.verdict, r.status) == ("blocked", 403)


def test_browser_user_agent_option(web: FakeWeb) -> None:
    r = check(web.base + "/botblock/2", user_agent=BROWSER_USER_AGENT)
    assert r.verdict == "ok"


def test_accepted_status_codes(web: FakeWeb) -> None:
    assert check(web.base + "/botblock/3", accept=(403,)).verdict == "ok"


def test_soft_404(web: FakeWeb) -> None:
    r = check(web.base + "/soft404/1")
    assert r.verdict == "soft-404" and "not found" in r.detail.lower()


def test_soft_404_detection_can_be_turned_off(web: FakeWeb) -> None:
    assert check(web.base + "/soft404/2", soft404=False).verdict == "ok"


def test_hang_times_out_within_budget(web: FakeWeb) -> None:
    start = time.monotonic()
    r = check(web.base + "/hang/1", timeout=1.0)
    assert r.verdict == "timeout"
    assert time.monotonic() - start < 2.5


def test_drip_does_not_hold_the_check(web: FakeWeb) -> None:
    start = time.monotonic()
    r = check(web.base + "/drip/1", timeout=3.0, body_window=0.5)
    assert r.verdict == "ok"
    assert time.monotonic() - start < 2.0


def test_drip_total_deadline_applies_to_the_body(web: FakeWeb) -> None:
    # a body window longer than the budget: the deadline still ends the read
    start = time.monotonic()
    r = check(web.base + "/drip/2", timeout=1.0, body_window=30.0)
    assert r.verdict in ("ok", "timeout")
    assert time.monotonic() - start < 2.0


def test_huge_body_is_not_downloaded(web: FakeWeb) -> None:
    r = check(web.base + "/huge/1", method="get")
    assert r.verdict == "ok"
    time.sleep(0.2)
    assert web.state["huge_sent"] < 16 * 1024 * 1024


def test_gzip_bomb_is_decompressed_with_a_bound() -> None:
    with serve() as web:
        s = settings(method="get")
        t = Transport(policy_for(s), s.user_agent, max_body=4096, body_window=2.0)
        resp = t.request("GET", web.base + "/gzipbomb/1", 3.0, read_body=True)
        t.close()
    assert resp.status == 200
    assert len(resp.body) == 4096
    assert resp.body.startswith(b"<html><title>ok</title>")


def test_redirect_to_non_public_address_is_not_followed(web: FakeWeb) -> None:
    r = check(web.base + "/toprivate/1")
    assert r.verdict == "excluded"
    assert "127.0.0.2" in r.detail and "redirect hop 1" in r.detail


def test_loopback_is_refused_by_default(web: FakeWeb) -> None:
    before = web.total()
    r = check(web.base + "/ok/private", allow_networks=())
    assert r.verdict == "excluded" and "loopback" in r.detail
    assert web.total() == before  # no request reached the server


def test_allow_private_option(web: FakeWeb) -> None:
    assert check(web.base + "/ok/allowed", allow_networks=(), allow_private=True).verdict == "ok"


def test_refused_connection_is_dead_without_retries() -> None:
    with serve() as w:
        url = w.base + "/ok/1"
    start = time.monotonic()
    r = check(url)  # the server is gone: connection refused
    assert (r.verdict, r.error) == ("dead", "refused")
    assert time.monotonic() - start < 1.0


def test_unsupported_scheme() -> None:
    assert check("ftp://example.org/file").verdict == "unsupported"
    assert check("mailto:someone@example.org").verdict == "unsupported"


def test_settings_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings().timeout = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    "title",
    [
        "Page not found",
        "404 - Not Found",
        "Error 404",
        "Sorry, this page does not exist",
        "Not Found",
    ],
)
def test_soft404_titles(title: str) -> None:
    assert soft404_reason(f"<html><title>{title}</title></html>".encode()) is not None


@pytest.mark.parametrize(
    "title",
    ["Room 404 booking", "Found: a novel", "The search for meaning", "Lost and found office hours"],
)
def test_soft404_ordinary_titles(title: str) -> None:
    assert soft404_reason(f"<html><title>{title}</title><h1>{title}</h1></html>".encode()) is None


def test_auto_method_stops_sending_head_where_it_is_wasted(web: FakeWeb) -> None:
    from bibman.bibtex import loads
    from bibman.links.extract import extract
    from bibman.links.runner import check_targets

    # URLs that name files (HEAD first) but answer HTML pages, which must be read
    bib = loads("".join(f"@misc{{k{i}, url = {{{web.base}/ok/auto{i}.pdf}}}}\n" for i in range(12)))
    s = settings(concurrency=1)  # one at a time, so what is learnt applies to the rest
    report = check_targets(extract(bib), s)
    assert {r.verdict for _, r, _ in report.rows} == {"ok"}
    heads = sum(web.counts[("HEAD", f"/ok/auto{i}.pdf")] for i in range(12))
    gets = sum(web.counts[("GET", f"/ok/auto{i}.pdf")] for i in range(12))
    assert heads == 3 and gets == 12
    report = check_targets(extract(bib), settings(concurrency=1, method="head"))
    assert sum(web.counts[("HEAD", f"/ok/auto{i}.pdf")] for i in range(12)) == 3 + 12


def test_invalid_url_is_dead_without_a_request() -> None:
    r = check("https://exa mple.org/page")
    assert (r.verdict, r.error) == ("dead", "invalid")
    assert "space" in r.detail


def test_timeouts_are_retried_within_the_budget(web: FakeWeb) -> None:
    start = time.monotonic()
    r = check(web.base + "/hang/retry", timeout=3.0, request_timeout=0.5, retries=1)
    assert r.verdict == "timeout"
    assert web.counts[("GET", "/hang/retry")] == 2
    assert time.monotonic() - start < 3.0


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl to make a certificate")
def test_https_goes_through_the_safe_connection_and_verifies(tmp_path: Path) -> None:
    import ssl
    import subprocess
    import threading
    from http.server import ThreadingHTTPServer

    from fakeweb import _Handler

    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=30,
    )  # fmt: skip
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        url = f"https://127.0.0.1:{server.server_address[1]}/ok/tls"
        r = check(url)  # self-signed: verification must fail, and say so
        refused = check(url, allow_networks=())
    finally:
        server.shutdown()
        server.server_close()
    assert (r.verdict, r.error) == ("dead", "tls")
    assert "certificate" in r.detail.lower()
    assert refused.verdict == "excluded"
