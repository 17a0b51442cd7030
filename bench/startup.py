"""Start-up cost of the bibman command: each command's median CPU and wall time beside
`python -c pass` measured in the same run (the floor no Python command goes below).

    python bench/startup.py [--runs 15]

CPU time (user + system of the child) is the figure to quote: other work on the machine
inflates wall time much more than CPU time, but on a crowded machine (load above the CPU
count) CPU time grows too, for `python -c pass` as for bibman. So the runs are interleaved
(one run of every command per round, so that all see the same load) and the last column is
each command's CPU beyond `python -c pass` of the same round (median over rounds), the part
bibman itself costs. Runs from the repository root, so `python -m bibman` is this checkout's
bibman; only files shipped in the repository are used.
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
# Likewise the compiled-regex cache (bibman.lazyre): the warm-up run writes it, to a file of
# the run's own (not the user's cache), and one row shows parse without it (first run ever).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
NO_REGEX_CACHE = "BIBMAN_REGEX_CACHE=off"


def _run(argv: list[str], stdin: str | None) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one run of ``argv``."""
    env = ENV
    if argv[0] == NO_REGEX_CACHE:
        argv, env = argv[1:], {**ENV, "BIBMAN_REGEX_CACHE": "off"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(
        argv,
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.strip()}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def measure(
    cases: list[tuple[list[str], str | None]], runs: int
) -> list[tuple[float, float, float]]:
    """Per case: median CPU seconds, median wall seconds, and median CPU beyond the first
    case (``python -c pass``) of the same round; one warm-up run each first."""
    for argv, stdin in cases:
        _run(argv, stdin)
    cpu: list[list[float]] = [[] for _ in cases]
    wall: list[list[float]] = [[] for _ in cases]
    beyond: list[list[float]] = [[] for _ in cases]
    for _ in range(runs):
        for i, (argv, stdin) in enumerate(cases):
            c, w = _run(argv, stdin)
            cpu[i].append(c)
            wall[i].append(w)
            beyond[i].append(c - cpu[0][-1])
    med = statistics.median
    return [(med(cpu[i]), med(wall[i]), med(beyond[i])) for i in range(len(cases))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=15, help="runs per command (median) [15]")
    args = ap.parse_args()
    runs = max(1, min(args.runs, 200))
    py = sys.executable
    env_note = f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {runs} runs each"
    with tempfile.TemporaryDirectory() as d:
        one = str(_one_bib(Path(d)))
        ENV["BIBMAN_REGEX_CACHE"] = str(Path(d) / "regex.marshal")
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
                "  the same, no regex cache (first run)",
                [NO_REGEX_CACHE, py, "-m", "bibman", "parse", "-"],
                ONE_REF,
                None,
            ),
            (
                "bibman tidy --check one.bib",
                [py, "-m", "bibman", "tidy", "--check", one],
                None,
                None,
            ),
        ]
        print(env_note + f", load average {os.getloadavg()[0]:.1f}")
        figures = measure([(argv, stdin) for _, argv, stdin, _ in cases], runs)
        print(
            f"{'command':<40} {'CPU s':>7} {'wall s':>7} {'CPU beyond pass':>16}  {'target CPU':>10}"
        )
        for (name, _, _, target), (cpu, wall, beyond) in zip(cases, figures, strict=True):
            goal = f"< {target:.2f}" if target else ""
            extra = f"{beyond:16.3f}" if name != "python -c pass" else f"{'':16}"
            print(f"{name:<40} {cpu:7.3f} {wall:7.3f} {extra}  {goal:>10}", flush=True)


if __name__ == "__main__":
    main()
