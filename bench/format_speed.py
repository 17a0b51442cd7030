"""Throughput of `bibman format` with the BibTeX styles.

Replicates the style bench corpus (../shared/tools/styles-bench/items.bib,
152 entries) to N entries with fresh keys and times the real command once per
style (`bibman format big.bib --style S --to text -q -o ...`).

usage: python bench/format_speed.py [--entries 5000] [--styles plain,alpha]
Prints one JSON line per style: entries, seconds, entries_per_s, and the
command's CPU time (user+sys of the child): cpu_seconds, entries_per_cpu_s.
CSL styles work too: `--entries 10000 --styles apa`.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ITEMS = SHARED / "tools" / "styles-bench" / "items.bib"
_KEY = re.compile(r"^(@\w+\{)([^,\s]+),", re.M)


def replicate(text: str, n: int) -> str:
    """``text`` repeated until it holds ``n`` entries, each copy's keys suffixed."""
    per_copy = len(_KEY.findall(text))
    copies = []
    for c in range(-(-n // per_copy)):
        copies.append(_KEY.sub(rf"\g<1>\g<2>-r{c},", text))
    out = "\n".join(copies)
    # trim to exactly n entries
    starts = [m.start() for m in _KEY.finditer(out)]
    return out[: starts[n]] if n < len(starts) else out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=5000)
    ap.add_argument("--styles", default="plain,unsrt,alpha,abbrv")
    a = ap.parse_args()
    n = max(1, min(a.entries, 200_000))
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.bib"
        big.write_text(replicate(ITEMS.read_text(encoding="utf-8"), n), encoding="utf-8")
        for style in a.styles.split(","):
            out = Path(tmp) / f"{style}.txt"
            t0 = time.perf_counter()
            cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(
                [sys.executable, "-m", "bibman", "format", str(big), "--style", style,
                 "--to", "text", "-q", "-o", str(out)],
                check=True,
                timeout=1800,
            )  # fmt: skip
            dt = time.perf_counter() - t0
            cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
            lines = out.read_text(encoding="utf-8").count("\n")
            print(json.dumps({"style": style, "entries": lines, "seconds": round(dt, 2),
                              "entries_per_s": round(lines / dt, 1),
                              "cpu_seconds": round(cpu, 2),
                              "entries_per_cpu_s": round(lines / cpu, 1) if cpu else None}))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
