"""Sharded link checking throughput: one process vs N shard processes on a fake web.

    python bench/linkcheck_shard.py [--hosts 16] [--per-host 60] [--latency-ms 50] [--shards 2] [--dask]

A fake web of HOSTS sites (one port each on 127.0.0.1, every answer delayed by LATENCY)
serves PER-HOST pages each. bibman checks all of them once in one process, then as
SHARDS processes started together (`check --shard I/N -o part.jsonl`, as separate
machines would) followed by `check --merge`; with --dask also through a local Dask
cluster of two workers on loopback (`check --executor dask`). Prints URLs/s, wall and CPU
time (CPU of the Dask workers not included). On one
machine the shards share its cores: the figure shows the overhead and the gain of
splitting the per-host limits; across machines each shard has its own.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def serve(hosts: int, latency: float) -> list[ThreadingHTTPServer]:
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a: object) -> None:
            pass

        def do_HEAD(self) -> None:
            self.go()

        def do_GET(self) -> None:
            self.go()

        def go(self) -> None:
            time.sleep(latency)
            body = b"<html><title>Page</title><body><h1>Page</h1><p>text</p></body></html>"
            self.send_response(200 if "/ok/" in self.path else 404)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    class S(ThreadingHTTPServer):
        daemon_threads = True

    servers = [S(("127.0.0.1", 0), H) for _ in range(hosts)]
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    return servers


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hosts", type=int, default=16)
    ap.add_argument("--per-host", type=int, default=60)
    ap.add_argument("--latency-ms", type=float, default=50)
    ap.add_argument("--shards", type=int, default=2)
    ap.add_argument("--dask", action="store_true", help="also run on a local 2-worker Dask cluster")
    a = ap.parse_args()
    servers = serve(a.hosts, a.latency_ms / 1000)
    with tempfile.TemporaryDirectory() as tmp:
        bib = Path(tmp) / "many.bib"
        entries = []
        for h, s in enumerate(servers):
            port = s.server_address[1]
            for i in range(a.per_host):
                kind = "missing" if i % 10 == 9 else "ok"
                entries.append(f"@online{{h{h}i{i}, url = {{http://127.0.0.1:{port}/{kind}/{i}}}}}")
        bib.write_text("\n".join(entries) + "\n")
        n = len(entries)
        env = {k: v for k, v in os.environ.items() if not k.startswith("BIBMAN_")}
        env.update(PYTHONPATH=str(ROOT), BIBMAN_USER_CONFIG=str(Path(tmp) / "none.toml"))
        base = [sys.executable, "-m", "bibman", "check", str(bib), "--allow-network",
                "127.0.0.1/32", "--no-cache", "--no-archive"]  # fmt: skip

        def timed(cmds: list[list[str]]) -> tuple[float, float]:
            c0 = os.times()
            t0 = time.monotonic()
            procs = [subprocess.Popen(c, env=env, cwd=tmp, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL) for c in cmds]  # fmt: skip
            for p in procs:
                p.wait(timeout=600)
            wall = time.monotonic() - t0
            c1 = os.times()
            return wall, (c1.children_user - c0.children_user) + (
                c1.children_system - c0.children_system
            )

        wall1, cpu1 = timed([[*base, "--format", "json", "-o", str(Path(tmp) / "one.json")]])
        parts = [str(Path(tmp) / f"part{i}.jsonl") for i in range(1, a.shards + 1)]
        wall2, cpu2 = timed(
            [
                [*base, "--shard", f"{i}/{a.shards}", "-o", parts[i - 1]]
                for i in range(1, a.shards + 1)
            ]
        )
        wall3, cpu3 = timed([[sys.executable, "-m", "bibman", "check", "--merge", *parts,
                              "--format", "json", "-o", str(Path(tmp) / "merged.json")]])  # fmt: skip
        print(
            f"{n} URLs on {a.hosts} hosts, {a.latency_ms:g} ms latency, "
            "4 requests per host (bibman's default; no --host-concurrency-max growth)"
        )
        print(f"one process : {n / wall1:7.1f} URLs/s (wall {wall1:.1f} s, CPU {cpu1:.1f} s)")
        print(f"{a.shards} shards    : {n / (wall2 + wall3):7.1f} URLs/s (wall {wall2:.1f} s + merge "
              f"{wall3:.1f} s, CPU {cpu2 + cpu3:.1f} s)")  # fmt: skip
        if a.dask:
            from distributed import LocalCluster

            env["PYTHONPATH"] = str(ROOT)
            os.environ["PYTHONPATH"] = str(ROOT)
            with LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1",
                              dashboard_address="127.0.0.1:0", silence_logs=40) as c:  # fmt: skip
                wall4, _cpu = timed([[*base, "--executor", "dask", "--scheduler",
                                      c.scheduler_address, "--format", "json", "-o",
                                      str(Path(tmp) / "dask.json")]])  # fmt: skip
            print(f"dask, 2 workers: {n / wall4:7.1f} URLs/s (wall {wall4:.1f} s)")
    for s in servers:
        s.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
