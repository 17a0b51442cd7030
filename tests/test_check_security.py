"""Issue 9 items 8 and 9 for `check`: a repository cannot weaken the address safety,
allowances are per origin (no redirect into an allowed range from outside it),
credentials never reach a report, and offline means offline."""

from __future__ import annotations

import ipaddress
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bibman.config import Settings, resolve_settings
from bibman.links import runner
from bibman.links.checker import Checker
from bibman.links.http import Transport
from bibman.links.model import LinkResult, LinkTarget, Report
from bibman.links.report import RENDERERS
from bibman.links.safety import AddressPolicy

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "links"))
from fakeweb import FakeWeb, serve

ip = ipaddress.ip_address
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def web() -> Iterator[FakeWeb]:
    with serve() as w:
        yield w


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIBMAN_")}
    env["BIBMAN_CACHE"] = str(tmp_path / "cache.sqlite")
    env["BIBMAN_USER_CONFIG"] = str(tmp_path / "no-user-config.toml")
    # this checkout's bibman, whatever is installed (tests run from a temporary cwd)
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bibman", "check", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
    )


# ----------------------------------------------------------------- settings sources


def test_project_files_cannot_weaken_address_safety(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.bibman.check]\nallow_private = true\ntimeout = 9\n"
        'doi_resolver = "http://127.0.0.1:9/"\n'
    )
    (tmp_path / "bibman.toml").write_text(
        '[check]\nallow_networks = ["10.0.0.0/8"]\nwayback_cdx = "http://10.0.0.1/cdx"\n'
    )
    user = tmp_path / "user.toml"
    s, warnings = resolve_settings({}, cwd=tmp_path, env={"BIBMAN_USER_CONFIG": str(user)})
    assert s.timeout == 9  # the harmless setting is kept
    assert not s.allow_private and s.allow_networks == ()
    assert s.doi_resolver == Settings().doi_resolver
    assert s.wayback_cdx == Settings().wayback_cdx
    assert len(warnings) == 2
    assert "pyproject.toml: ignored allow_private, doi_resolver" in warnings[0]
    assert "bibman.toml: ignored allow_networks, wayback_cdx" in warnings[1]


def test_user_config_env_flags_and_explicit_config_may_allow(tmp_path: Path) -> None:
    user = tmp_path / "user.toml"
    user.write_text('[check]\nallow_networks = ["10.0.0.0/8"]\n')
    s, warnings = resolve_settings({}, cwd=tmp_path, env={"BIBMAN_USER_CONFIG": str(user)})
    assert s.allow_networks == ("10.0.0.0/8",) and warnings == ()
    mine = tmp_path / "ci.toml"
    mine.write_text("[check]\nallow_private = true\n")
    s, _ = resolve_settings({}, config=mine, cwd=tmp_path, env={})
    assert s.allow_private
    s, _ = resolve_settings(
        {"allow_networks": ("192.168.0.0/16",)},
        cwd=tmp_path,
        env={"BIBMAN_ALLOW_NETWORKS": "172.16.0.0/12"},
    )
    assert s.allow_networks == ("192.168.0.0/16",)


def test_cli_ignores_a_repository_allow_list_with_a_warning(web: FakeWeb, tmp_path: Path) -> None:
    (tmp_path / "bibman.toml").write_text('[check]\nallow_networks = ["127.0.0.1/32"]\n')
    bib = tmp_path / "a.bib"
    bib.write_text(f"@online{{a, url = {{{web.base}/ok/sec1}}}}\n")
    before = web.total("/ok/sec1")
    p = run([str(bib), "--format", "json"], tmp_path, _env(tmp_path))
    assert p.returncode == 0, p.stderr
    assert "bibman.toml: ignored allow_networks" in p.stderr
    assert json.loads(p.stdout)["results"][0]["verdict"] == "excluded"
    assert web.total("/ok/sec1") == before  # no request reached the server
    # the same allowance from the command line works
    p = run(
        [str(bib), "--format", "json", "--allow-network", "127.0.0.1/32"],
        tmp_path,
        _env(tmp_path),
    )
    assert json.loads(p.stdout)["results"][0]["verdict"] == "ok", p.stdout


# ----------------------------------------------------------------- per-origin allowances


def test_policy_allowances_are_per_origin() -> None:
    nets = AddressPolicy.build(allow_networks=["10.0.0.0/8", "127.0.0.0/28"])
    public = (ip("93.184.216.34"),)
    assert nets.refusal(ip("10.1.2.3")) is None  # a link written in the .bib
    assert nets.refusal(ip("10.1.2.3"), origin=(ip("10.9.9.9"),)) is None  # same range
    assert nets.refusal(ip("10.1.2.3"), origin=public) is not None  # public -> intranet
    assert nets.refusal(ip("127.0.0.2"), origin=(ip("10.0.0.1"),)) is not None  # other range
    assert nets.refusal(ip("127.0.0.3"), origin=(ip("127.0.0.2"),)) is None
    assert nets.refusal(ip("169.254.169.254"), origin=(ip("127.0.0.2"),)) is not None
    assert nets.refusal(ip("8.8.8.8"), origin=(ip("10.0.0.1"),)) is None  # public is public
    anything = AddressPolicy.build(allow_private=True)
    assert anything.refusal(ip("127.0.0.1")) is None
    assert anything.refusal(ip("127.0.0.1"), origin=public) is not None  # localhost via redirect
    assert anything.refusal(ip("169.254.169.254"), origin=(ip("127.0.0.1"),)) is not None
    assert anything.refusal(ip("10.0.0.5"), origin=(ip("10.0.0.1"),)) is None


def test_transport_refuses_a_hop_from_a_public_origin_to_localhost() -> None:
    t = Transport(AddressPolicy.build(allow_private=True), "test")
    try:
        why = t._hop_refusal("http://localhost:9/x", "http://93.184.216.34/a")
        assert why is not None and "loopback" in why
        assert t._hop_refusal("http://127.0.0.1:9/x", "http://127.0.0.1:8/a") is None
    finally:
        t.close()


def test_redirect_between_two_separately_allowed_hosts_is_refused(web: FakeWeb) -> None:
    # /toprivate/ on 127.0.0.1 redirects to 127.0.0.2: both allowed, but as two
    # separate ranges, so the hop is not allowed to cross from one into the other
    s = Settings(allow_networks=("127.0.0.1/32", "127.0.0.2/32"), cache=False, timeout=5)
    t = Transport(runner.policy_for(s), s.user_agent)
    try:
        r = Checker(s).check(web.base + "/toprivate/x", t)
    finally:
        t.close()
    assert r.verdict == "excluded" and "through a redirect" in r.detail, r
    # one range holding both: followed (and the closed port answers "refused")
    s = Settings(allow_networks=("127.0.0.0/28",), cache=False, timeout=5)
    t = Transport(runner.policy_for(s), s.user_agent)
    try:
        r = Checker(s).check(web.base + "/toprivate/y", t)
    finally:
        t.close()
    assert r.verdict == "dead" and r.error == "refused", r


# ----------------------------------------------------------------- credentials


def _report_with_secret() -> Report:
    url = "https://alice:s3cr3t-token@example.org/private/page"
    t = LinkTarget(url, "k", "url", 3, None, None, "refs.bib")
    r = LinkResult(url, "dead", 404, "https://bob:0ther-s3cr3t@example.org/x", "not found (404)")
    return Report(((t, r, None),))


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_credentials_are_redacted_in_every_format(fmt: str) -> None:
    text = RENDERERS[fmt](_report_with_secret(), ("dead",))
    assert "s3cr3t" not in text and "alice" not in text and "bob" not in text
    assert "***@example.org" in text


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_credentials_are_redacted_through_the_command(
    web: FakeWeb, tmp_path: Path, fmt: str
) -> None:
    port = web.base.rsplit(":", 1)[1]
    bib = tmp_path / "a.bib"
    bib.write_text(
        f"@online{{a, url = {{http://user:hunter2@127.0.0.1:{port}/missing/cred}}}}\n"
        f"@online{{b, note = {{see http://tok3n@127.0.0.1:{port}/gone/cred}}}}\n"
    )
    p = run(
        [str(bib), "--format", fmt, "--allow-network", "127.0.0.1/32", "--no-archive"],
        tmp_path,
        _env(tmp_path),
    )
    assert p.returncode == 1, p.stderr
    assert "hunter2" not in p.stdout + p.stderr and "tok3n" not in p.stdout + p.stderr
    assert "***@127.0.0.1" in p.stdout


# ----------------------------------------------------------------- offline


def _failed(kind: str | None, verdict: str = "dead") -> LinkResult:
    return LinkResult("u", verdict, None, None, kind or "", error=kind)  # type: ignore[arg-type]


def test_links_without_a_request_do_not_switch_offline_detection_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(runner, "has_route", lambda: False)
    network = [_failed("dns"), _failed("unreachable")]
    others = [
        _failed(None, "unsupported"),  # mailto:, file:, ftp:
        _failed("invalid"),  # malformed
        _failed(None, "excluded"),
    ]
    assert runner._is_offline(network + others, lambda: False)
    assert not runner._is_offline(others, lambda: False)  # nothing was tried


@pytest.mark.skipif(
    subprocess.run(["unshare", "--net", "--fork", "true"], capture_output=True).returncode != 0,
    reason="needs unshare --net (a private network namespace)",
)
def test_offline_with_mailto_file_and_malformed_links(tmp_path: Path) -> None:
    bib = tmp_path / "a.bib"
    bib.write_text(
        "@online{a, url = {https://example.org/a}}\n"
        "@misc{m, howpublished = {mailto:someone@example.org}, url = {mailto:x@example.org}}\n"
        "@online{f, url = {file:///etc/hosts}}\n"
        "@online{g, url = {gopher://example.org/1}}\n"
        "@article{c, doi = {10.1000/xyz}}\n"
    )
    p = subprocess.run(
        [
            "unshare",
            "--net",
            "--fork",
            sys.executable,
            "-m",
            "bibman",
            "check",
            str(bib),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=60,
    )
    assert p.returncode == 0, p.stderr
    assert p.stderr.count("no network") == 1
    verdicts = {r["url"]: r["verdict"] for r in json.loads(p.stdout)["results"]}
    assert verdicts["https://example.org/a"] == "offline"
    assert verdicts["https://doi.org/10.1000/xyz"] == "offline"
    assert verdicts["mailto:x@example.org"] == "unsupported"
    assert verdicts["file:///etc/hosts"] == "unsupported"


def test_temporary_dns_failure_is_never_dead(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    from bibman.links import http

    real = socket.getaddrinfo

    def flaky(host: str, *a: object, **k: object) -> object:
        if str(host).endswith(".invalid-again"):
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return real(host, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(http.socket, "getaddrinfo", flaky)
    monkeypatch.setattr(runner, "has_route", lambda: True)
    s = Settings(cache=False, archive=False, timeout=3, retries=1)
    targets = [LinkTarget("http://a.invalid-again/x", "k", "url", 1)]
    rep = runner.check_targets(targets, s)
    ((_, r, _),) = rep.rows
    assert r.verdict == "offline" and "temporary" in r.detail, r
