"""The fastest any link checker can be on the shared fake web with at most L requests in
flight per host: a lower bound from the bench's own URL list, not from a run.

    python bench/linkcheck_floor.py                  # N=1000, 50 ms, timeout 5 s, L=4 and 8
    python bench/linkcheck_floor.py --lychee 32.0    # also: the floor as a fraction of lychee

Each host must serve its share of the requests a perfect checker sends (the generator's
own count: one per URL, one per redirect hop on the host that answers it, two for flaky
and rate-limited URLs, two for a loop, a DOI's landing page on its host), each taking at
least the server's latency, and every hanging URL holds one of the host's L slots for
the whole timeout. No order of work beats the busiest host's slot-seconds / L. Start-up,
client overhead, retries with back-off and archive lookups all come on top.

Reads the generator from ../shared (not copied); writes only to a temporary directory.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT.parent / "shared" / "tools" / "linkcheck-bench" / "gen.py"


def slot_seconds(answers: dict[str, dict], latency: float, timeout: float) -> dict[str, float]:
    """Per host, the slot-seconds a perfect checker needs there."""
    need: dict[str, float] = defaultdict(float)
    hosts = answers["meta"]["hosts"]
    for url, rec in answers["urls"].items():
        parts = urlsplit(url)
        host, kind = parts.hostname or "", rec["kind"]
        if kind in ("redirect", "redirect_404"):
            spec = parts.path.split("/")[2]
            need[host] += latency  # the first hop, on the URL's own host
            for hop in spec.split("-"):
                need[hosts[int(hop.split(".")[1])]] += latency  # the next hop / the end
        elif kind.startswith("doi_"):
            need[urlsplit(answers["meta"]["doi_resolver"]).hostname or ""] += latency
            if rec.get("final_url"):
                need[urlsplit(rec["final_url"]).hostname or ""] += latency
        elif kind == "hang":
            need[host] += timeout
        else:
            need[host] += latency * (2 if kind in ("flaky", "ratelimited", "loop") else 1)
    return dict(need)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--latency-ms", type=float, default=50.0)
    ap.add_argument("--timeout", type=float, default=5.0)
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--limits", default="4,8", help="per-host limits to show")
    ap.add_argument("--lychee", type=float, help="lychee's wall time in a run, seconds")
    a = ap.parse_args()
    if not GEN.exists():
        print(f"error: the bench generator is missing: {GEN}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, str(GEN), "--n", str(a.n), "--out", tmp, "--seed", str(a.seed)],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        answers = json.loads((Path(tmp) / "answers.json").read_text(encoding="utf-8"))
    need = slot_seconds(answers, a.latency_ms / 1000, a.timeout)
    for host, s in sorted(need.items()):
        print(f"{host:12} {s:6.2f} slot-s")
    busiest = max(need.values())
    for lim in (int(x) for x in a.limits.split(",")):
        floor = busiest / lim
        extra = f" = {floor / a.lychee:.3f} x lychee's {a.lychee:g} s" if a.lychee else ""
        print(
            f"floor with {lim} per host: {floor:.2f} s (busiest host {busiest:.2f} slot-s){extra}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
