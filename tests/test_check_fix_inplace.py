"""Issue 9 items 2 and 7 for `check --fix`: --dry-run, --backup, only real changes
counted and written, and an edit made while the links were checked is never lost.
The real command against servers on 127.0.0.1 only."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "links"))
from fakeweb import FakeWeb, serve

REPO = Path(__file__).resolve().parents[1]
ALLOW = ["--allow-network", "127.0.0.1/32", "--no-cache"]


@pytest.fixture(scope="module")
def web() -> Iterator[FakeWeb]:
    with serve() as w:
        yield w


def run(args: list[str], web: FakeWeb, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIBMAN_")}
    env.update(
        PYTHONPATH=str(REPO),
        BIBMAN_CACHE=str(cwd / "cache.sqlite"),
        BIBMAN_WAYBACK_CDX=web.base + "/cdx",
        BIBMAN_WAYBACK_AVAILABLE=web.base + "/available",
        BIBMAN_WAYBACK_WEB="https://web.archive.org/web/",
    )
    return subprocess.run(
        [sys.executable, "-m", "bibman", "check", *args, *ALLOW],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def _bib(web: FakeWeb, tmp_path: Path, name: str) -> tuple[Path, str]:
    url = f"{web.base}/missing/{name}"
    web.captures[url] = [("20190505101010", "200")]
    text = f"% mine\n@online{{dead,\n  url = {{{url}}},\n}}\n"
    p = tmp_path / "refs.bib"
    p.write_text(text)
    return p, text


def test_dry_run_prints_the_diff_and_writes_nothing(web: FakeWeb, tmp_path: Path) -> None:
    bib, text = _bib(web, tmp_path, "dry")
    p = run(["refs.bib", "--fix", "--dry-run"], web, tmp_path)
    assert p.returncode == 1, p.stderr
    assert "+++ refs.bib (fixed)" in p.stdout and "+  archiveurl = {" in p.stdout
    assert bib.read_text() == text
    assert "change(s) written" not in p.stderr
    assert sorted(x.name for x in tmp_path.iterdir() if x.suffix != ".sqlite") == ["refs.bib"]


@pytest.mark.parametrize(("flag", "suffix"), [("--backup", "~"), ("--backup=.orig", ".orig")])
def test_backup_keeps_the_old_file(web: FakeWeb, tmp_path: Path, flag: str, suffix: str) -> None:
    bib, text = _bib(web, tmp_path, "backup" + suffix.strip(".~"))
    p = run(["refs.bib", "--fix", flag], web, tmp_path)
    assert p.returncode == 1, p.stderr
    assert "refs.bib: 1 change(s) written" in p.stderr
    assert (tmp_path / f"refs.bib{suffix}").read_text() == text
    assert "archiveurl = {" in bib.read_text()
    assert "@online{dead," in bib.read_text(), "--fix keeps keys"


def test_a_second_fix_changes_nothing_and_says_nothing(web: FakeWeb, tmp_path: Path) -> None:
    bib, _ = _bib(web, tmp_path, "twice")
    first = run(["refs.bib", "--fix"], web, tmp_path)
    assert "1 change(s) written" in first.stderr, first.stderr
    fixed = bib.read_text()
    mtime = bib.stat().st_mtime_ns
    second = run(["refs.bib", "--fix", "--backup"], web, tmp_path)
    assert "change(s) written" not in second.stderr, second.stderr
    assert bib.read_text() == fixed and bib.stat().st_mtime_ns == mtime
    assert not (tmp_path / "refs.bib~").exists()


def test_backup_without_fix_is_a_usage_error(web: FakeWeb, tmp_path: Path) -> None:
    _bib(web, tmp_path, "usage")
    p = run(["refs.bib", "--backup"], web, tmp_path)
    assert p.returncode == 2 and "--fix" in p.stderr


class _Editor(BaseHTTPRequestHandler):
    """Answers 404 after appending to the .bib: someone editing the file while
    the check runs."""

    target: Path

    def do_HEAD(self) -> None:
        self._edit_and_404()

    def do_GET(self) -> None:
        self._edit_and_404()

    def _edit_and_404(self) -> None:
        with open(self.target, "a", encoding="utf-8") as fh:
            fh.write("@misc{added, title = {Added while checking}}\n")
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_an_edit_made_during_the_check_is_not_lost(web: FakeWeb, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    handler = type("Editor", (_Editor,), {"target": bib})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/page"
        web.captures[url] = [("20200101000000", "200")]
        bib.write_text(f"@online{{dead,\n  url = {{{url}}},\n}}\n")
        p = run(["refs.bib", "--fix"], web, tmp_path)
    finally:
        server.shutdown()
        server.server_close()
    assert p.returncode == 2, p.stderr
    assert "changed on disk" in p.stderr and "Traceback" not in p.stderr
    text = bib.read_text()
    assert "Added while checking" in text and "archiveurl" not in text
    assert not [x for x in tmp_path.iterdir() if ".bibman-" in x.name]


def test_report_output_that_is_the_input_is_refused(web: FakeWeb, tmp_path: Path) -> None:
    bib, text = _bib(web, tmp_path, "self")
    p = run(["refs.bib", "-o", "refs.bib"], web, tmp_path)
    assert p.returncode == 2 and "refusing to overwrite" in p.stderr, p.stderr
    assert bib.read_text() == text
