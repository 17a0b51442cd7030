"""Bad input through every command: one clear line on stderr, exit 2, no traceback,
no partial output file (issue 2, point 8)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# command -> argv builder taking (input path, output path); every command that reads a file
COMMANDS = {
    "parse": lambda src, out: ["parse", src, "-o", out],
    "check": lambda src, out: ["check", src, "--no-cache", "-o", out],
    "format": lambda src, out: ["format", src, "--style", "plain", "-o", out],
    "cite": lambda src, out: ["cite", src, "somekey", "--style", "apa"],
    "convert": lambda src, out: ["convert", src, "-o", out],
    "tidy": lambda src, out: ["tidy", src, "-o", out],
    "subset": lambda src, out: ["subset", src, "-o", out],
}
BIB_COMMANDS = ("check", "format", "cite", "convert", "tidy")


REPO = Path(__file__).resolve().parents[1]  # this checkout's bibman, whatever the cwd


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bibman", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def assert_clean_error(proc: subprocess.CompletedProcess[str], name: str, out: Path) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    assert name in proc.stderr, proc.stderr
    assert not out.exists(), "a failed command must not leave an output file"


def _out(tmp_path: Path, cmd: str) -> Path:
    suffix = {"convert": ".json", "subset": ".bib", "parse": ".bib"}.get(cmd, ".txt")
    return tmp_path / f"out{suffix}"


@pytest.mark.parametrize("cmd", sorted(COMMANDS))
def test_missing_file(cmd: str, tmp_path: Path) -> None:
    out = _out(tmp_path, cmd)
    proc = run(COMMANDS[cmd]("nosuchfile.bib", str(out)), tmp_path)
    assert_clean_error(proc, "nosuchfile.bib", out)


@pytest.mark.parametrize("cmd", sorted(COMMANDS))
def test_directory(cmd: str, tmp_path: Path) -> None:
    (tmp_path / "adir").mkdir()
    out = _out(tmp_path, cmd)
    proc = run(COMMANDS[cmd]("adir", str(out)), tmp_path)
    assert_clean_error(proc, "adir", out)


@pytest.mark.parametrize("cmd", sorted(COMMANDS))
def test_binary_file(cmd: str, tmp_path: Path) -> None:
    src = tmp_path / "blob.bib"
    src.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    out = _out(tmp_path, cmd)
    proc = run(COMMANDS[cmd](src.name, str(out)), tmp_path)
    assert_clean_error(proc, "blob.bib", out)


@pytest.mark.parametrize("cmd", sorted(COMMANDS))
def test_empty_file(cmd: str, tmp_path: Path) -> None:
    """An empty input is not a crash: either a clear 'empty' error (exit 2) or an
    empty, valid result (exit 0)."""
    src = tmp_path / "empty.bib"
    src.write_text("")
    out = _out(tmp_path, cmd)
    proc = run(COMMANDS[cmd](src.name, str(out)), tmp_path)
    assert "Traceback" not in proc.stderr
    if proc.returncode == 2:
        assert "empty.bib" in proc.stderr
        assert not out.exists()
    else:
        # cite of a key in an empty file reports the missing key
        assert proc.returncode in (0, 1), proc.stderr


@pytest.mark.parametrize("cmd", BIB_COMMANDS)
def test_malformed_bibtex_names_file_and_line(cmd: str, tmp_path: Path) -> None:
    src = tmp_path / "broken.bib"
    src.write_text(
        "@article{good,\n  title = {Fine},\n  year = 2001,\n}\n\n"
        "@book{bad,\n  title = {Unclosed,\n  year = 2002\n\n"
    )
    out = _out(tmp_path, cmd)
    proc = run(COMMANDS[cmd](src.name, str(out)), tmp_path)
    assert "Traceback" not in proc.stderr
    # the broken block is reported with file and its 1-based line, and is an input error
    assert "broken.bib:6" in proc.stderr, proc.stderr
    assert proc.returncode == 2, proc.stderr
    if cmd != "check":  # check still writes its report on what it could read
        assert not out.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["format", "REFS", "--style", "no-such-style-xyz"],
        ["format", "REFS", "--to", "pdf"],
        ["check", "REFS", "--format", "yaml"],
        ["parse", "REFS", "--no-such-option"],
    ],
)
def test_bad_options(args: list[str], tmp_path: Path) -> None:
    src = tmp_path / "refs.bib"
    src.write_text("@misc{k, title = {T}, year = 2000}\n")
    proc = run([a if a != "REFS" else src.name for a in args], tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip(), "an error must say what is wrong"


def test_unknown_style_suggests_close_names(tmp_path: Path) -> None:
    src = tmp_path / "refs.bib"
    src.write_text("@misc{k, title = {T}, year = 2000}\n")
    proc = run(["format", src.name, "--style", "plian"], tmp_path)
    assert proc.returncode == 2
    assert "plain" in proc.stderr
