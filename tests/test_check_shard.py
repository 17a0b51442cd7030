"""`check --shard I/N` and `check --merge` (issue 12 item 8): every URL in exactly one
shard, a site's hosts together, and the merged report equal to one run's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bibman.links.model import LinkTarget
from bibman.links.shard import parse_shard, registrable_domain, shard_of

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "links"))
from realweb import RealWeb, serve

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def web() -> Iterator[RealWeb]:
    with serve() as w:
        yield w


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIBMAN_")}
    env.update(PYTHONPATH=str(ROOT), BIBMAN_USER_CONFIG=str(cwd / "none.toml"))
    return subprocess.run(
        [sys.executable, "-m", "bibman", "check", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def test_registrable_domains_and_shards() -> None:
    assert registrable_domain("www.bbc.co.uk") == "bbc.co.uk"
    assert registrable_domain("link.springer.com") == "springer.com"
    assert registrable_domain("someone.github.io") == "someone.github.io"
    a = LinkTarget("https://www.nature.com/articles/x", "a", "url")
    b = LinkTarget("https://media.nature.com/y.pdf", "b", "url")
    assert shard_of(a, 8) == shard_of(b, 8)
    d1 = LinkTarget("https://doi.org/10.1038/abc", "c", "doi", doi="10.1038/abc")
    d2 = LinkTarget("https://doi.org/10.1038/def", "d", "doi", doi="10.1038/def")
    assert shard_of(d1, 8) == shard_of(d2, 8)
    assert parse_shard("2/8") == (2, 8)
    for bad in ("0/2", "3/2", "x", "1/0"):
        with pytest.raises((ValueError, ZeroDivisionError)):
            parse_shard(bad)


def test_shards_cover_every_url_once_and_merge_to_one_report(web: RealWeb, tmp_path: Path) -> None:
    bib = tmp_path / "real.bib"
    bib.write_text(web.bib(), encoding="utf-8")
    common = [str(bib), "--allow-network", "127.0.0.1/32", "--no-cache", "--no-archive"]
    parts = []
    for i in (1, 2, 3):
        out = tmp_path / f"part{i}.jsonl"
        p = run([*common, "--shard", f"{i}/3", "-o", str(out)], tmp_path)
        assert p.returncode in (0, 1), p.stderr
        parts.append(out)
    urls = [
        json.loads(line)["target"]["url"]
        for part in parts
        for line in part.read_text().splitlines()
        if '"target"' in line
    ]
    assert sorted(urls) == sorted(web.meant(s) for s in web.scenarios)  # each exactly once
    assert all(part.read_text().strip() for part in parts)  # the work was really split
    merged = run(["--merge", *map(str, parts), "--format", "json"], tmp_path)
    assert merged.returncode == 1, merged.stderr  # dead links among them
    one = run([*common, "--format", "json"], tmp_path)
    verdict = {r["key"]: r["verdict"] for r in json.loads(one.stdout)["results"]}
    assert {r["key"]: r["verdict"] for r in json.loads(merged.stdout)["results"]} == verdict


def test_merge_of_something_else_is_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "x.jsonl"
    bad.write_text('{"hello": 1}\n')
    p = run(["--merge", str(bad)], tmp_path)
    assert p.returncode == 2 and "x.jsonl:1" in p.stderr and "Traceback" not in p.stderr
    p = run(["--shard", "5/2", str(bad)], tmp_path)
    assert p.returncode == 2
