"""`bibman check` end to end: the real command in a subprocess, a real server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "links"))
from fakeweb import FakeWeb, serve

ALLOW = ["--allow-network", "127.0.0.1/32"]


@pytest.fixture(scope="module")
def web() -> Iterator[FakeWeb]:
    with serve() as w:
        yield w


def run(
    args: list[str], web: FakeWeb | None, cwd: Path, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIBMAN_")}
    env["BIBMAN_CACHE"] = str(cwd / "cache.sqlite")
    # this checkout's bibman, whatever is installed (tests run from a temporary cwd)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    if web is not None:
        env["BIBMAN_DOI_RESOLVER"] = web.base + "/doi/"
        env["BIBMAN_WAYBACK_CDX"] = web.base + "/cdx"
        env["BIBMAN_WAYBACK_AVAILABLE"] = web.base + "/available"
        env["BIBMAN_WAYBACK_WEB"] = "https://web.archive.org/web/"
    return subprocess.run(
        [sys.executable, "-m", "bibman", "check", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
    )


def write_bib(path: Path, web: FakeWeb) -> Path:
    b = web.base
    path.write_text(
        "% references\n"
        f"@online{{good, url = {{{b}/ok/good}}}}\n"
        f"@online{{dead,\n  url = {{{b}/missing/dead}},\n  urldate = {{2019-06-01}},\n}}\n"
        f"@online{{moved, url = {{{b}/redirect/308/1/moved}}}}\n"
        f"@article{{paper, doi = {{10.1234/good.1}}}}\n"
        f"@article{{nodoi, doi = {{10.1234/missing.1}}}}\n"
        f"@misc{{hp, howpublished = {{\\url{{{b}/ok/hp}}}}, note = {{Mirror: {b}/soft404/hp}}}}\n"
        f"@online{{dup, url = {{{b}/ok/good}}}}\n",
        encoding="utf-8",
    )
    return path


def test_json_report_and_exit_code(web: FakeWeb, tmp_path: Path) -> None:
    bib = write_bib(tmp_path / "refs.bib", web)
    web.captures[f"{web.base}/missing/dead"] = [
        ("20180101000000", "200"),
        ("20190701000000", "200"),
    ]
    before = web.counts[("GET", "/ok/good")]
    p = run([str(bib), "--format", "json", "--no-cache", *ALLOW], web, tmp_path)
    assert p.returncode == 1, p.stderr
    recs = json.loads(p.stdout)["results"]
    got = {(r["key"], r["field"]): (r["verdict"], r["status"], r["line"]) for r in recs}
    assert got == {
        ("good", "url"): ("ok", 200, 2),
        ("dead", "url"): ("dead", 404, 4),
        ("moved", "url"): ("redirected", 200, 7),
        ("paper", "doi"): ("ok", 200, 8),
        ("nodoi", "doi"): ("dead", 404, 9),
        ("hp", "howpublished"): ("ok", 200, 10),
        ("hp", "note"): ("soft-404", 200, 10),
        ("dup", "url"): ("ok", 200, 11),
    }
    dead = next(r for r in recs if r["key"] == "dead")
    assert dead["archive_timestamp"] == "20180101000000"
    assert (
        dead["archive_url"] == f"https://web.archive.org/web/20180101000000/{web.base}/missing/dead"
    )
    paper = next(r for r in recs if r["key"] == "paper")
    assert (
        paper["doi"] == "10.1234/good.1" and paper["final_url"] == f"{web.base}/ok/10.1234_good.1"
    )
    assert web.counts[("GET", "/ok/good")] - before == 1  # cited twice, requested once


def test_clean_file_exits_0_with_table(web: FakeWeb, tmp_path: Path) -> None:
    bib = tmp_path / "ok.bib"
    bib.write_text(
        f"@online{{a, url = {{{web.base}/ok/a}}}}\n@online{{b, url = {{{web.base}/botblock/b}}}}\n"
    )
    p = run([str(bib), *ALLOW], web, tmp_path)
    assert p.returncode == 0, p.stderr
    assert p.stdout.splitlines()[0].startswith("BLOCKED")
    assert "2 links (2 distinct): 1 blocked, 1 ok" in p.stdout
    p = run([str(bib), "--fail-on", "dead,blocked", *ALLOW], web, tmp_path)
    assert p.returncode == 1


def test_loopback_refused_without_allow(web: FakeWeb, tmp_path: Path) -> None:
    bib = tmp_path / "local.bib"
    bib.write_text(f"@online{{a, url = {{{web.base}/ok/never}}}}\n")
    p = run([str(bib), "--format", "json", "--fail-on", "excluded"], web, tmp_path)
    assert p.returncode == 1
    rec = json.loads(p.stdout)["results"][0]
    assert rec["verdict"] == "excluded" and "loopback" in rec["detail"]
    assert web.counts[("HEAD", "/ok/never")] == 0 and web.counts[("GET", "/ok/never")] == 0


def test_second_run_uses_the_cache(web: FakeWeb, tmp_path: Path) -> None:
    bib = tmp_path / "c.bib"
    bib.write_text(f"@online{{a, url = {{{web.base}/ok/cached}}}}\n")
    assert run([str(bib), *ALLOW], web, tmp_path).returncode == 0
    n = web.counts[("HEAD", "/ok/cached")] + web.counts[("GET", "/ok/cached")]
    p = run([str(bib), "--format", "json", *ALLOW], web, tmp_path)
    assert json.loads(p.stdout)["results"][0]["cached"] is True
    assert web.counts[("HEAD", "/ok/cached")] + web.counts[("GET", "/ok/cached")] == n


@pytest.mark.parametrize("fmt", ["junit", "markdown", "github"])
def test_other_formats(web: FakeWeb, tmp_path: Path, fmt: str) -> None:
    bib = tmp_path / "f.bib"
    bib.write_text(f"@online{{a,\n  url = {{{web.base}/gone/a}},\n}}\n")
    out = tmp_path / f"report.{fmt}"
    p = run([str(bib), "--format", fmt, "--no-archive", "-o", str(out), *ALLOW], web, tmp_path)
    assert p.returncode == 1 and p.stdout == ""
    text = out.read_text()
    marker = {
        "junit": "<failure",
        "markdown": "| dead | `a` | url | 2 |",
        "github": f"::error file={bib},line=2,",
    }
    assert marker[fmt] in text


def test_fix_writes_archive_fields_and_redirect_targets(web: FakeWeb, tmp_path: Path) -> None:
    b = web.base
    bib = tmp_path / "fix.bib"
    original = (
        "% keep this comment\n"
        f"@online{{dead,\n  url = {{{b}/missing/fixme}},\n  urldate = {{2020-01-01}},\n}}\n\n"
        f"@online{{moved,\n  url = {{{b}/redirect/301/1/fix}},\n}}\n\n"
        f"@online{{temp,\n  url = {{{b}/redirect/302/1/fix}},\n}}\n"
    )
    bib.write_text(original)
    web.captures[f"{b}/missing/fixme"] = [("20190505101010", "200")]
    p = run([str(bib), "--fix", "--fix-redirects", "--no-cache", *ALLOW], web, tmp_path)
    assert p.returncode == 1, p.stderr
    text = bib.read_text()
    archive = f"https://web.archive.org/web/20190505101010/{b}/missing/fixme"
    assert f"archiveurl = {{{archive}}}" in text
    assert "archivedate = {2019-05-05}" in text
    assert f"note = {{Archived at \\url{{{archive}}} on 2019-05-05.}}" in text
    assert f"url = {{{b}/ok/fix}}" in text  # permanent redirect replaced
    assert f"url = {{{b}/redirect/302/1/fix}}" in text  # temporary one kept
    assert text.startswith("% keep this comment\n")
    assert text.endswith(f"@online{{temp,\n  url = {{{b}/redirect/302/1/fix}},\n}}\n")


def test_missing_file_is_exit_2_without_traceback(tmp_path: Path) -> None:
    p = run([str(tmp_path / "nope.bib")], None, tmp_path)
    assert p.returncode == 2
    assert "nope.bib" in p.stderr and "Traceback" not in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1


def test_bad_config_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "bibman.toml").write_text("[check]\nconcurrency = 0\n")
    bib = tmp_path / "a.bib"
    bib.write_text("@misc{a, title = {T}}\n")
    p = run([str(bib)], None, tmp_path)
    assert p.returncode == 2 and "concurrency" in p.stderr and "Traceback" not in p.stderr


def test_fix_redirects_needs_fix(tmp_path: Path) -> None:
    bib = tmp_path / "a.bib"
    bib.write_text("@misc{a, title = {T}}\n")
    assert run([str(bib), "--fix-redirects"], None, tmp_path).returncode == 2


def _netns_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    try:
        return (
            subprocess.run(
                ["unshare", "--net", "--fork", "true"], capture_output=True, timeout=10
            ).returncode
            == 0
        )
    except (OSError, subprocess.TimeoutExpired):
        return False


@pytest.mark.skipif(not _netns_works(), reason="needs unshare --net (a private network namespace)")
def test_offline_is_said_once(tmp_path: Path) -> None:
    # In a fresh network namespace nothing is reachable, not even loopback (lo is down):
    # no packet can leave, and bibman must say "offline" rather than "dead".
    bib = tmp_path / "a.bib"
    bib.write_text(
        "@online{a, url = {https://example.org/a}}\n@online{b, url = {http://example.net/b}}\n"
        "@article{c, doi = {10.1000/xyz}}\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIBMAN_")}
    env["BIBMAN_CACHE"] = str(tmp_path / "cache.sqlite")
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
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
        env=env,
        timeout=60,
    )
    assert p.returncode == 0, p.stderr
    assert p.stderr.count("no network") == 1
    assert {r["verdict"] for r in json.loads(p.stdout)["results"]} == {"offline"}


def test_user_agent_carries_the_contact_from_config(web: FakeWeb, tmp_path: Path) -> None:
    # Crossref's etiquette: say who runs the checker and how to reach them
    cfg = tmp_path / "bibman.toml"
    cfg.write_text('[check]\ncontact = "librarian@example.org"\n', encoding="utf-8")
    bib = tmp_path / "ua.bib"
    bib.write_text(f"@online{{ua, url = {{{web.base}/ok/ua-contact}}}}\n", encoding="utf-8")
    before = len(web.user_agents)
    p = run([str(bib), "--config", str(cfg), "--no-cache", *ALLOW], web, tmp_path)
    assert p.returncode == 0, p.stderr
    sent = web.user_agents[before:]
    assert sent and all("mailto:librarian@example.org" in ua for ua in sent), sent
    assert all(ua.startswith("bibman/") for ua in sent)
