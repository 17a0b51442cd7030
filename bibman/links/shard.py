"""Checking past one machine: shards by registrable domain, results as JSON Lines.

``shard_of(target, n)`` puts every URL of one site (``www.nature.com`` and
``link.nature.com`` alike) in the same shard, so each host's politeness limits stay in
one process; a DOI goes by its registrant prefix (``10.1038``), the publisher it will
resolve to. ``dump_jsonl``/``load_jsonl`` carry a run's rows between processes (or
machines) and back into one ``Report`` that any report format renders.
"""

from __future__ import annotations

import functools
import ipaddress
import json
import zlib
from collections.abc import Iterable
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from .model import Hop, LinkResult, LinkTarget, Report, Suggestion


@functools.cache
def _suffixes() -> frozenset[str]:
    text = resources.files("bibman.data").joinpath("public_suffixes.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def registrable_domain(host: str) -> str:
    """``www.bbc.co.uk`` -> ``bbc.co.uk``; ``a.b.example.org`` -> ``example.org``; an IP
    address is its own domain."""
    host = host.lower().rstrip(".")
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host
    except ValueError:
        pass
    labels = host.split(".")
    for n in range(len(labels) - 1, 0, -1):
        if ".".join(labels[-n:]) in _suffixes():
            return ".".join(labels[-(n + 1) :])
    return ".".join(labels[-2:])


def shard_key(t: LinkTarget) -> str:
    if t.doi:
        return "doi:" + t.doi.split("/", 1)[0]
    try:
        parts = urlsplit(t.url)
        host, port = parts.hostname or "", parts.port
    except ValueError:
        return t.url
    if not host:
        return t.url
    try:
        ipaddress.ip_address(host)
        return f"{host}:{port}"  # an address is one host per port (as the limiter sees it)
    except ValueError:
        return registrable_domain(host)


def shard_of(t: LinkTarget, n: int) -> int:
    """0-based shard of ``t`` among ``n`` (stable across runs and machines)."""
    return zlib.crc32(shard_key(t).encode("utf-8")) % n


def parse_shard(spec: str) -> tuple[int, int]:
    """``I/N`` (1 <= I <= N) -> (I, N); ValueError otherwise."""
    i, _, n = spec.partition("/")
    index, count = int(i), int(n)
    if not 1 <= index <= count:
        raise ValueError(spec)
    return index, count


# ----------------------------------------------------------------- JSON Lines


def _row(t: LinkTarget, r: LinkResult, s: Suggestion | None) -> dict[str, Any]:
    return {
        "target": {
            "url": t.url,
            "key": t.key,
            "field": t.field,
            "line": t.line,
            "doi": t.doi,
            "urldate": t.urldate,
            "file": t.file,
            "archive_url": t.archive_url,
        },
        "result": {
            "url": r.url,
            "verdict": r.verdict,
            "status": r.status,
            "final_url": r.final_url,
            "detail": r.detail,
            "hops": [[h.status, h.url, h.location] for h in r.hops],
            "cached": r.cached,
            "error": r.error,
        },
        "suggestion": None
        if s is None
        else {"url": s.url, "archive_url": s.archive_url, "timestamp": s.timestamp},
    }


def dump_jsonl(report: Report, shard: str = "1/1") -> str:
    """One JSON object per row, then one ``{"run": ...}`` line with the run's facts."""
    lines = [json.dumps(_row(t, r, s), ensure_ascii=False) for t, r, s in report.rows]
    run = {"shard": shard, "offline": report.offline, "requests": report.requests,
           "elapsed_s": round(report.elapsed, 3)}  # fmt: skip
    lines.append(json.dumps({"run": run}))
    return "\n".join(lines) + "\n"


def load_jsonl(texts: Iterable[tuple[str, str]]) -> Report:
    """Merge JSON Lines from ``(name, text)`` pairs into one ``Report``. Raises
    ValueError naming the file and line of anything that is not a row of ours."""
    rows = []
    offline: list[bool] = []
    requests = 0
    elapsed = 0.0
    for name, text in texts:
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                if "run" in obj:
                    offline.append(bool(obj["run"]["offline"]))
                    requests += int(obj["run"]["requests"])
                    elapsed = max(elapsed, float(obj["run"]["elapsed_s"]))
                    continue
                t = LinkTarget(**obj["target"])
                res = dict(obj["result"])
                res["hops"] = tuple(Hop(int(a), str(b), str(c)) for a, b, c in res["hops"])
                r = LinkResult(**res)
                s = Suggestion(**obj["suggestion"]) if obj["suggestion"] else None
            except (ValueError, KeyError, TypeError) as e:
                raise ValueError(f"{name}:{n}: not a `check --shard` result line ({e})") from None
            rows.append((t, r, s))
    rows.sort(key=lambda row: (row[0].file or "", row[0].line or 0))
    return Report(tuple(rows), bool(offline) and all(offline), requests, elapsed)
