"""Issue 9 item 1: every command that writes (-o, in-place) never replaces what
is not a regular file, follows symlinks, keeps modes, and never loses the input.

All through the real command (``python -m bibman``). Device nodes are made with
os.mknod inside tmp_path (root only); no test touches a system path.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]  # this checkout's bibman, whatever the cwd
ROOT = os.geteuid() == 0
needs_root = pytest.mark.skipif(not ROOT, reason="os.mknod and chattr need root")

BIB = """@article{watson1953,
  author = {Watson, James D. and Crick, Francis H. C.},
  title = {Molecular Structure of Nucleic Acids},
  journal = {Nature},
  year = {1953},
  volume = {171},
  pages = {737--738},
}
"""
DOC = """Some text.

References

1. Smith, J. (2020). A study of things. Journal of Things, 3(2), 1-10.
2. Doe, A. (2019). Another study. Science Letters, 7, 11-20.
"""
TEX = "\\documentclass{article}\\begin{document}\\cite{watson1953}\\bibliography{refs}\\end{document}\n"

# command -> argv (in the work directory with refs.bib, doc.txt, paper.tex) for output OUT
WRITERS: dict[str, Callable[[str], list[str]]] = {
    "parse": lambda out: ["parse", "doc.txt", "-o", out],
    "convert": lambda out: ["convert", "refs.bib", "-t", "csljson", "-o", out],
    "format": lambda out: ["format", "refs.bib", "--style", "plain", "-o", out],
    "subset": lambda out: ["subset", "paper.tex", "-o", out],
    "cite": lambda out: ["cite", "refs.bib", "watson1953", "-o", out],
    "tidy": lambda out: ["tidy", "refs.bib", "-o", out],
    "check": lambda out: ["check", "refs.bib", "--no-cache", "--no-archive", "-o", out],
    "verify": lambda out: ["verify", "refs.bib", "--offline", "-o", out],
}
# what the input is, for "-o is the input" (the file name each command reads)
INPUT_OF = {
    "parse": "doc.txt",
    "convert": "refs.bib",
    "format": "refs.bib",
    "subset": "refs.bib",
    "cite": "refs.bib",
    "tidy": "refs.bib",
    "check": "refs.bib",
    "verify": "refs.bib",
}


def run(args: list[str], cwd: Path, umask: int | None = None) -> subprocess.CompletedProcess[str]:
    def pre() -> None:
        if umask is not None:
            os.umask(umask)

    return subprocess.run(
        [sys.executable, "-m", "bibman", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO), "BIBMAN_CACHE": str(cwd / "cache.sqlite")},
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        preexec_fn=pre,
    )


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "refs.bib").write_text(BIB)
    (tmp_path / "doc.txt").write_text(DOC)
    (tmp_path / "paper.tex").write_text(TEX)
    return tmp_path


def _ok(proc: subprocess.CompletedProcess[str], cmd: str) -> None:
    assert "Traceback" not in proc.stderr
    # check and verify exit 1 when they find something; every other writer here exits 0
    assert proc.returncode in ((0, 1) if cmd in ("check", "verify") else (0,)), proc.stderr


def _inputs_untouched(work: Path) -> None:
    assert (work / "refs.bib").read_text() == BIB
    assert (work / "doc.txt").read_text() == DOC


@needs_root
@pytest.mark.parametrize("cmd", sorted(WRITERS))
def test_dash_output_is_standard_output_never_a_file_named_dash(cmd: str, work: Path) -> None:
    """``-o -`` means standard output in every command, as in pandoc."""
    before = (work / "refs.bib").read_text()
    proc = run(WRITERS[cmd]("-"), work)
    _ok(proc, cmd)
    assert not (work / "-").exists()
    assert proc.stdout.strip()
    assert (work / "refs.bib").read_text() == before  # tidy -o - never rewrites in place


@pytest.mark.parametrize("cmd", sorted(WRITERS))
def test_output_to_a_fifo_is_written_through(cmd: str, work: Path) -> None:
    fifo = work / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []

    def reader() -> None:
        fd = os.open(fifo, os.O_RDONLY)  # blocks until the command opens it
        with os.fdopen(fd, "rb") as fh:
            got.append(fh.read())

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    proc = run(WRITERS[cmd](str(fifo)), work)
    if t.is_alive():  # the command never opened the FIFO: unblock the reader
        with open(fifo, "wb"):
            pass
    t.join(10)
    _ok(proc, cmd)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced"
    assert got and got[0].strip(), "nothing came through the FIFO"
    assert not [p for p in work.iterdir() if ".bibman-" in p.name]
    _inputs_untouched(work)


@needs_root
@pytest.mark.parametrize("cmd", sorted(WRITERS))
def test_output_to_a_char_device_is_written_through(cmd: str, work: Path) -> None:
    dev = work / "null"
    os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a null device of our own
    proc = run(WRITERS[cmd](str(dev)), work)
    _ok(proc, cmd)
    st = os.lstat(dev)
    assert stat.S_ISCHR(st.st_mode) and st.st_rdev == os.makedev(1, 3), "device replaced"
    assert not [p for p in work.iterdir() if ".bibman-" in p.name]


@pytest.mark.parametrize("cmd", sorted(WRITERS))
def test_output_through_a_symlink_replaces_the_target(cmd: str, work: Path) -> None:
    real_dir = work / "real"
    real_dir.mkdir()
    target = real_dir / "out.txt"
    target.write_text("old content\n")
    os.chmod(target, 0o640)
    link = work / "out.link"
    link.symlink_to(target)
    proc = run(WRITERS[cmd](link.name), work)
    _ok(proc, cmd)
    assert link.is_symlink() and os.readlink(link) == str(target), "the link was replaced"
    assert target.read_text() != "old content\n" and target.read_text().strip()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640, "the existing mode was not kept"
    # the temporary file lived (and died) in the target's real directory
    assert sorted(p.name for p in real_dir.iterdir()) == ["out.txt"]


@pytest.mark.parametrize("umask", [0o022, 0o027])
@pytest.mark.parametrize("cmd", sorted(WRITERS))
def test_new_output_gets_the_umask_mode(cmd: str, umask: int, work: Path) -> None:
    out = work / "new.out"
    proc = run(WRITERS[cmd](out.name), work, umask=umask)
    _ok(proc, cmd)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


@pytest.mark.parametrize("cmd", sorted(INPUT_OF))
@pytest.mark.parametrize("via", ["same", "symlink", "hardlink"])
def test_output_that_is_the_input_is_refused(cmd: str, via: str, work: Path) -> None:
    name = INPUT_OF[cmd]
    out = name
    if via == "symlink":
        (work / "alias").symlink_to(work / name)
        out = "alias"
    elif via == "hardlink":
        os.link(work / name, work / "alias")
        out = "alias"
    proc = run(WRITERS[cmd](out), work)
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "refusing to overwrite" in proc.stderr and "Traceback" not in proc.stderr
    _inputs_untouched(work)
    assert (work / "paper.tex").read_text() == TEX


def test_subset_refuses_to_overwrite_an_included_file(work: Path) -> None:
    (work / "paper.tex").write_text("\\input{chapter}\n\\bibliography{refs}\n")
    (work / "chapter.tex").write_text("\\cite{watson1953}\n")
    proc = run(["subset", "paper.tex", "-o", "chapter.tex"], work)
    assert proc.returncode == 2 and "refusing to overwrite" in proc.stderr, proc.stderr
    assert (work / "chapter.tex").read_text() == "\\cite{watson1953}\n"


def _immutable(path: Path, on: bool) -> bool:
    if shutil.which("chattr") is None:
        return False
    r = subprocess.run(
        ["chattr", "+i" if on else "-i", str(path)], capture_output=True, timeout=10, check=False
    )
    return r.returncode == 0


@needs_root
@pytest.mark.parametrize("cmd", sorted(WRITERS))
def test_unwritable_directory_but_writable_file_is_rewritten_in_place(cmd: str, work: Path) -> None:
    box = work / "box"
    box.mkdir()
    out = box / "out.txt"
    out.write_text("x" * 50_000)  # longer than any output: the rest must be cut off
    if not _immutable(box, True):
        pytest.skip("chattr +i not permitted here (no CAP_LINUX_IMMUTABLE)")
    try:
        proc = run(WRITERS[cmd](str(out)), work)
    finally:
        _immutable(box, False)
    _ok(proc, cmd)
    text = out.read_text()
    assert "x" * 10 not in text and text.strip()
    assert [p.name for p in box.iterdir()] == ["out.txt"]


@needs_root
def test_unwritable_directory_and_new_file_is_a_clean_error(work: Path) -> None:
    box = work / "box"
    box.mkdir()
    if not _immutable(box, True):
        pytest.skip("chattr +i not permitted here")
    try:
        proc = run(WRITERS["convert"](str(box / "new.json")), work)
    finally:
        _immutable(box, False)
    assert proc.returncode == 2 and "cannot write" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def _dead_pid() -> int:
    pid = 999_999
    while pid > 1000:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except OSError:
            pass
        pid -= 1
    pytest.skip("no free pid found")


def test_stale_temporary_files_of_a_killed_run_are_removed(work: Path) -> None:
    out = work / "out.json"
    out.write_text("[]\n")
    stale = work / f".out.json.bibman-{_dead_pid()}-deadbeef.tmp"
    stale.write_text("half written")
    alive = work / f".out.json.bibman-{os.getpid()}-cafe.tmp"  # a run still going
    alive.write_text("in progress")
    foreign = work / ".out.json.tmp"  # not ours
    foreign.write_text("someone else's")
    proc = run(WRITERS["convert"](out.name), work)
    _ok(proc, "convert")
    assert not stale.exists()
    assert alive.exists() and foreign.exists()


def test_tidy_in_place_through_a_symlink_keeps_the_link(work: Path) -> None:
    data = work / "data"
    data.mkdir()
    (data / "refs.bib").write_text(BIB.replace("{1953}", "1953"))
    os.chmod(data / "refs.bib", 0o600)
    (work / "mine.bib").symlink_to(Path("data") / "refs.bib")
    proc = run(["tidy", "mine.bib"], work)
    assert proc.returncode == 0, proc.stderr
    assert (work / "mine.bib").is_symlink()
    assert "year = {1953}" in (data / "refs.bib").read_text()
    assert stat.S_IMODE((data / "refs.bib").stat().st_mode) == 0o600


@pytest.mark.parametrize("cmd", sorted(WRITERS))
def test_output_to_redirected_stdout_appends_to_it(cmd: str, work: Path) -> None:
    """`-o /dev/stdout >> log`: written to the open descriptor, so the shell's
    append is kept (replacing the file it resolves to would lose the log)."""
    link = work / "stdout.link"
    link.symlink_to("/proc/self/fd/1")  # the command's own stdout, a file of ours
    log = work / "log.txt"
    log.write_text("earlier line\n")
    with open(log, "a") as fh:
        proc = subprocess.run(
            [sys.executable, "-m", "bibman", *WRITERS[cmd](link.name)],
            cwd=work,
            env={**os.environ, "PYTHONPATH": str(REPO), "BIBMAN_CACHE": str(work / "c.sqlite")},
            stdout=fh,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
    _ok(proc, cmd)
    text = log.read_text()
    assert text.startswith("earlier line\n") and len(text) > len("earlier line\n") + 10
    assert link.is_symlink()


def test_inherited_fd_names() -> None:
    from bibman.textio import inherited_fd

    assert inherited_fd("/dev/stdout") == 1
    assert inherited_fd("/dev/stderr") == 2
    assert inherited_fd("/dev/fd/7") == 7
    assert inherited_fd("/proc/self/fd/3") == 3
    assert inherited_fd("refs.bib") is None
