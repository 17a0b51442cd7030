"""What each writing command does with ``-o`` pointing at awkward targets (issue 9 item 1-2).

Runs every command that writes (``parse``, ``format``, ``convert``, ``tidy``, ``subset``,
``cite``, ``check``, ``check --fix``, ``verify``) in a fresh temporary directory with ``-o`` naming:
a FIFO, a symlink to a file, a character device (the null device's numbers, made with
``os.mknod`` inside the temporary directory: root only), the command's own input (and a
symlink to it), an existing file in a directory that refuses new files, and a new file in
such a directory (``chattr +i``: root with CAP_LINUX_IMMUTABLE), and, run as the user
``nobody``, an existing file in a mode-555 directory. It prints one line per
command and target: the exit code and what became of the target. Nothing outside the
temporary directory is touched and no request leaves the machine (the bibliography has
no links; ``verify --offline``).

    python bench/output_targets.py
"""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ROOT = os.geteuid() == 0

BIB = """@article{watson1953,
  author = {Watson, James D. and Crick, Francis H. C.},
  title = {Molecular Structure of Nucleic Acids},
  journal = {Nature},
  year = {1953},
  volume = {171},
  pages = {737--738},
}
"""
DOC = """References

1. Smith, J. (2020). A study of things. Journal of Things, 3(2), 1-10.
2. Doe, A. (2019). Another study. Science Letters, 7, 11-20.
"""
TEX = "\\documentclass{article}\\begin{document}\\cite{watson1953}\\bibliography{refs}\\end{document}\n"

COMMANDS: dict[str, tuple[Callable[[str], list[str]], str]] = {
    "parse": (lambda o: ["parse", "doc.txt", "-o", o], "doc.txt"),
    "format": (lambda o: ["format", "refs.bib", "--style", "plain", "-o", o], "refs.bib"),
    "convert": (lambda o: ["convert", "refs.bib", "-t", "csljson", "-o", o], "refs.bib"),
    "tidy": (lambda o: ["tidy", "refs.bib", "-o", o], "refs.bib"),
    "subset": (lambda o: ["subset", "paper.tex", "-o", o], "refs.bib"),
    "cite": (lambda o: ["cite", "refs.bib", "watson1953", "-o", o], "refs.bib"),
    "check": (lambda o: ["check", "refs.bib", "--no-cache", "--no-archive", "-o", o], "refs.bib"),
    "check --fix": (
        lambda o: ["check", "refs.bib", "--fix", "--no-cache", "--no-archive", "-o", o],
        "refs.bib",
    ),
    "verify": (lambda o: ["verify", "refs.bib", "--offline", "-o", o], "refs.bib"),
}


NOBODY = 65534


def _run(args: list[str], cwd: Path, as_nobody: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIBMAN_")}
    env.update(
        PYTHONPATH=str(REPO),
        BIBMAN_CACHE=str(cwd / "cache.sqlite"),
        BIBMAN_USER_CONFIG=str(cwd / "none.toml"),
    )
    prefix: list[str] = []
    if as_nobody:  # an ordinary user, for whom a mode-555 directory is really unwritable
        env["HOME"] = str(cwd / "home")
        prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    return subprocess.run(
        [*prefix, sys.executable, "-m", "bibman", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def _first_error(proc: subprocess.CompletedProcess[str]) -> str:
    for line in proc.stderr.splitlines():
        if "error" in line or "Traceback" in line:
            return line.split("error:", 1)[-1].strip()[:70]
    return ""


def _chattr(path: Path, on: bool) -> bool:
    try:
        r = subprocess.run(
            ["chattr", "+i" if on else "-i", str(path)], capture_output=True, timeout=10
        )
    except OSError:
        return False
    return r.returncode == 0


def _setup(work: Path) -> None:
    (work / "refs.bib").write_text(BIB)
    (work / "doc.txt").write_text(DOC)
    (work / "paper.tex").write_text(TEX)


def _fifo(cmd: str, work: Path) -> str:
    p = work / "pipe"
    os.mkfifo(p)
    fd = os.open(p, os.O_RDWR | os.O_NONBLOCK)  # a reader that never closes: no EOF races
    try:
        proc = _run(COMMANDS[cmd][0](str(p)), work)
        got = b""
        with contextlib.suppress(BlockingIOError):
            while chunk := os.read(fd, 65536):
                got += chunk
    finally:
        os.close(fd)
    kept = stat.S_ISFIFO(os.lstat(p).st_mode)
    return (
        f"exit {proc.returncode}; "
        + ("still a FIFO" if kept else "REPLACED by a file")
        + f", {len(got)} bytes read from it {_first_error(proc)}"
    )


def _symlink(cmd: str, work: Path) -> str:
    target = work / "real.out"
    target.write_text("old\n")
    os.chmod(target, 0o640)
    link = work / "link.out"
    link.symlink_to(target.name)
    proc = _run(COMMANDS[cmd][0](str(link)), work)
    is_link = link.is_symlink()
    changed = target.read_text() != "old\n"
    mode = stat.S_IMODE(target.stat().st_mode)
    return (
        f"exit {proc.returncode}; "
        + ("link kept" if is_link else "LINK REPLACED")
        + (", target rewritten" if changed else ", target unchanged")
        + f", mode {mode:o} {_first_error(proc)}"
    )


def _chardev(cmd: str, work: Path) -> str:
    if not ROOT:
        return "skipped (mknod needs root)"
    dev = work / "null"
    os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    proc = _run(COMMANDS[cmd][0](str(dev)), work)
    kept = stat.S_ISCHR(os.lstat(dev).st_mode)
    return (
        f"exit {proc.returncode}; "
        + ("still a char device" if kept else "REPLACED by a file")
        + f" {_first_error(proc)}"
    )


def _input(cmd: str, work: Path, via_link: bool) -> str:
    inp = COMMANDS[cmd][1]
    before = (work / inp).read_text()
    out = inp
    if via_link:
        (work / "alias").symlink_to(inp)
        out = "alias"
    proc = _run(COMMANDS[cmd][0](out), work)
    same = (work / inp).read_text() == before
    return (
        f"exit {proc.returncode}; input "
        + ("unchanged" if same else "OVERWRITTEN")
        + f"; {_first_error(proc)}"
    )


def _locked_dir(cmd: str, work: Path, existing: bool) -> str:
    if not ROOT:
        return "skipped (chattr needs root)"
    box = work / "box"
    box.mkdir()
    out = box / "out.txt"
    if existing:
        out.write_text("x" * 50_000)
    if not _chattr(box, True):
        return "skipped (chattr +i not permitted)"
    try:
        proc = _run(COMMANDS[cmd][0](str(out)), work)
    finally:
        _chattr(box, False)
    names = sorted(p.name for p in box.iterdir())
    if not existing:
        return f"exit {proc.returncode}; files {names} {_first_error(proc)}"
    text = out.read_text()
    state = (
        "rewritten in place, no leftover"
        if "x" * 10 not in text and text.strip() and names == ["out.txt"]
        else f"NOT rewritten cleanly (files {names})"
    )
    return f"exit {proc.returncode}; {state} {_first_error(proc)}"


def _mode_555_dir(cmd: str, work: Path) -> str:
    """As an ordinary user (nobody): an existing file of theirs in their own directory
    made read-only (mode 555)."""
    if not ROOT:
        return "skipped (needs root to switch to nobody)"
    os.chmod(work, 0o755)
    home = work / "home"
    home.mkdir()
    box = work / "box"
    box.mkdir()
    out = box / "out.txt"
    out.write_text("x" * 50_000)
    for p in (home, box, out, *work.glob("*.*")):
        os.chown(p, NOBODY, NOBODY)
    os.chmod(box, 0o555)
    proc = _run(COMMANDS[cmd][0](str(out)), work, as_nobody=True)
    names = sorted(p.name for p in box.iterdir())
    text = out.read_text()
    state = (
        "rewritten in place, no leftover"
        if "x" * 10 not in text and text.strip() and names == ["out.txt"]
        else f"NOT rewritten cleanly (files {names})"
    )
    return f"exit {proc.returncode}; {state} {_first_error(proc)}"


TARGETS: dict[str, Callable[[str, Path], str]] = {
    "FIFO": _fifo,
    "symlink": _symlink,
    "char device": _chardev,
    "the input": lambda c, w: _input(c, w, False),
    "symlink to the input": lambda c, w: _input(c, w, True),
    "file in unwritable dir": lambda c, w: _locked_dir(c, w, True),
    "new file in unwritable dir": lambda c, w: _locked_dir(c, w, False),
    "file in mode-555 dir (user)": _mode_555_dir,
}


def main() -> int:
    for cmd in COMMANDS:
        for target, probe in TARGETS.items():
            with tempfile.TemporaryDirectory(prefix="bibman-targets-") as tmp:
                work = Path(tmp)
                _setup(work)
                try:
                    result = probe(cmd, work)
                except Exception as e:  # the probe itself failed: say so, go on
                    result = f"probe failed: {type(e).__name__}: {e}"
            print(f"{cmd:12} -o {target:28} {result}")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
