"""Start-up cost of the bibman command: each command's median CPU and wall time beside
`python -c pass` measured in the same run (the floor no Python command goes below).

    python bench/startup.py [--runs 15]

CPU time (user + system of the child) is the figure to quote: other work on the machine
inflates wall time but hardly CPU time. Runs from the repository root, so `python -m bibman`
is this checkout's bibman; only files shipped in the repository are used.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ONE_REF = (
    "Hanks, Reuel R. (2009) \"'Multi-vector politics' and Kazakhstan's emerging role\", "
    "Journal of Balkan and Near Eastern Studies, 11(3):257-267\n"
)


def _one_bib(tmp: Path) -> Path:
    """The first entry of the shipped references.bib, alone in a file."""
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    first = text.split("\n@", 1)[0].strip() + "\n"
    path = tmp / "one.bib"
    path.write_text(first, encoding="utf-8")
    return path


# As an installed package runs: with byte-code caches (pip compiles them at install time).
# This environment may set PYTHONDONTWRITEBYTECODE, which would compile every module on
# every run and triple the figures; one warm-up run writes the caches.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(argv: list[str], stdin: str | None, runs: int) -> tuple[float, float]:
    """Median (CPU seconds, wall seconds) of ``runs`` runs of ``argv``, after a warm-up."""
    cpu: list[float] = []
    wall: list[float] = []
    subprocess.run(
        argv,
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=ENV,
        timeout=60,
        check=False,
    )
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run(
            argv,
            input=stdin,
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=ENV,
            timeout=60,
            check=False,
        )
        wall.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
        if proc.returncode not in (0, 1):
            sys.exit(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.strip()}")
    return statistics.median(cpu), statistics.median(wall)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=15, help="runs per command (median) [15]")
    args = ap.parse_args()
    runs = max(1, min(args.runs, 200))
    py = sys.executable
    env_note = f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {runs} runs each"
    with tempfile.TemporaryDirectory() as d:
        one = str(_one_bib(Path(d)))
        cases: list[tuple[str, list[str], str | None, float | None]] = [
            ("python -c pass", [py, "-c", "pass"], None, None),
            ("bibman --version", [py, "-m", "bibman", "--version"], None, 0.15),
            ("bibman --help", [py, "-m", "bibman", "--help"], None, None),
            (
                "bibman format one.bib --style apa",
                [py, "-m", "bibman", "format", one, "--style", "apa"],
                None,
                0.15,
            ),
            (
                "bibman format one.bib --style plain",
                [py, "-m", "bibman", "format", one, "--style", "plain"],
                None,
                None,
            ),
            ("bibman parse - (one reference)", [py, "-m", "bibman", "parse", "-"], ONE_REF, 0.1),
            (
                "bibman tidy --check one.bib",
                [py, "-m", "bibman", "tidy", "--check", one],
                None,
                None,
            ),
        ]
        print(env_note)
        print(f"{'command':<40} {'CPU s':>7} {'wall s':>7}  {'target CPU':>10}")
        for name, argv, stdin, target in cases:
            cpu, wall = measure(argv, stdin, runs)
            goal = f"< {target:.2f}" if target else ""
            print(f"{name:<40} {cpu:7.3f} {wall:7.3f}  {goal:>10}", flush=True)


if __name__ == "__main__":
    main()
