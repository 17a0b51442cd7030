"""`bibman check` on a terminal and in CI: the gist on stderr when the report goes to a
file, one hint for private links, colour on a terminal only (NO_COLOR), n/N progress with the
host, JUnit file/line attributes, several reports in one run. Real server on 127.0.0.1."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "links"))
from fakeweb import FakeWeb, serve

from bibman.links.model import LinkResult, LinkTarget, Report
from bibman.links.report import private_hint, render_table

ROOT = Path(__file__).resolve().parents[1]
ALLOW = ["--allow-network", "127.0.0.1/32", "--no-cache", "--no-archive"]


@pytest.fixture(scope="module")
def web() -> Iterator[FakeWeb]:
    with serve() as w:
        yield w


def env_for(cwd: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIBMAN_")}
    env.pop("NO_COLOR", None)
    env["BIBMAN_CACHE"] = str(cwd / "cache.sqlite")
    env["PYTHONPATH"] = str(ROOT)
    return env


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bibman", "check", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env_for(cwd),
        timeout=120,
    )


def write_bib(path: Path, web: FakeWeb, n_ok: int = 0) -> Path:
    b = web.base
    text = f"@online{{dead,\n  url = {{{b}/missing/dead}},\n}}\n@online{{good, url = {{{b}/ok/good}}}}\n"
    text += "".join(f"@online{{ok{i}, url = {{{b}/ok/page{i}}}}}\n" for i in range(n_ok))
    path.write_text(text, encoding="utf-8")
    return path


def test_report_to_a_file_leaves_the_summary_on_stderr(web: FakeWeb, tmp_path: Path) -> None:
    bib = write_bib(tmp_path / "refs.bib", web)
    p = run([str(bib), "--format", "json", "-o", "report.json", *ALLOW], tmp_path)
    assert p.returncode == 1 and p.stdout == ""
    assert "bibman: 2 links (2 distinct): 1 dead, 1 ok;" in p.stderr
    assert (tmp_path / "report.json").is_file()
    quiet = run([str(bib), "--format", "json", "-o", "r2.json", "-q", *ALLOW], tmp_path)
    assert quiet.stderr == ""


def test_private_links_get_one_hint_not_one_per_line(web: FakeWeb, tmp_path: Path) -> None:
    bib = write_bib(tmp_path / "refs.bib", web, n_ok=3)
    p = run([str(bib), "--no-cache", "--no-archive", "--fail-on", "dead"], tmp_path)
    assert p.returncode == 0
    hints = [ln for ln in p.stderr.splitlines() if "--allow-network" in ln]
    assert len(hints) == 1 and hints[0].startswith("bibman: hint: 5 link(s) point to loopback")
    assert "--allow-network" not in p.stdout


def test_junit_has_file_and_line_and_several_reports_in_one_run(
    web: FakeWeb, tmp_path: Path
) -> None:
    bib = write_bib(tmp_path / "refs.bib", web)
    summary = tmp_path / "summary.md"
    summary.write_text("# earlier step\n", encoding="utf-8")
    p = run(
        [
            str(bib),
            "--format",
            "github",
            "--report",
            "junit=junit.xml",
            "--report",
            f"markdown+={summary}",
            *ALLOW,
        ],
        tmp_path,
    )
    assert p.returncode == 1, p.stderr
    assert p.stdout.startswith(f"::error file={bib},line=2,")
    cases = ET.parse(tmp_path / "junit.xml").getroot().findall("testcase")
    dead = next(c for c in cases if "dead" in (c.get("name") or ""))
    assert dead.get("file") == str(bib) and dead.get("line") == "2"
    md = summary.read_text(encoding="utf-8")
    assert md.startswith("# earlier step\n| verdict |") and "| dead |" in md
    bad = run([str(bib), "--report", "pdf=x.pdf", *ALLOW], tmp_path)
    assert bad.returncode == 2 and "FORMAT=PATH" in bad.stderr


def _on_a_terminal(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    """Run with stdout and stderr on a pseudo-terminal; everything it wrote."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bibman", "check", *args],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        cwd=cwd,
        env=env,
    )
    os.close(slave)
    out = b""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        elif proc.poll() is not None:
            break
    proc.wait(timeout=10)
    os.close(master)
    return out.decode("utf-8", "replace")


def test_colour_and_progress_on_a_terminal_only_and_no_color(web: FakeWeb, tmp_path: Path) -> None:
    bib = write_bib(tmp_path / "refs.bib", web, n_ok=25)
    env = env_for(tmp_path)
    shown = _on_a_terminal([str(bib), *ALLOW], tmp_path, env)
    assert "\033[31mDEAD" in shown
    assert "27/27" in shown and "127.0.0.1" in shown  # n/N and the host
    plain = _on_a_terminal([str(bib), *ALLOW], tmp_path, {**env, "NO_COLOR": "1"})
    assert "DEAD" in plain and "\033[31m" not in plain
    piped = run([str(bib), *ALLOW], tmp_path)
    assert "\033[" not in piped.stdout and "\033[" not in piped.stderr


def test_table_colour_is_off_unless_asked() -> None:
    t = LinkTarget("http://example.org/x", "k", "url", line=3, file="refs.bib")
    report = Report(rows=((t, LinkResult(t.url, "dead", 404), None),))
    assert "\033[" not in render_table(report)
    assert render_table(report, color=True).startswith("\033[31mDEAD\033[0m")
    assert private_hint(report) is None
