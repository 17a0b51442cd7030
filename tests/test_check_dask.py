"""`check --executor dask` against a local two-worker Dask cluster on loopback: the shards
run on the workers, and the report equals a single in-process run's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "links"))
from realweb import RealWeb, serve

distributed = pytest.importorskip("distributed")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def web() -> Iterator[RealWeb]:
    with serve() as w:
        yield w


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    # workers are separate processes; they import this checkout's bibman
    os.environ["PYTHONPATH"] = str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",  # a free loopback port: two runs may share a machine
        silence_logs=40,
    ) as c:
        yield c.scheduler_address


def test_dask_executor_equals_a_local_run(web: RealWeb, cluster: str, tmp_path: Path) -> None:
    bib = tmp_path / "real.bib"
    bib.write_text(web.bib(), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIBMAN_")}
    env.update(PYTHONPATH=str(ROOT), BIBMAN_USER_CONFIG=str(tmp_path / "none.toml"))
    common = [sys.executable, "-m", "bibman", "check", str(bib), "--format", "json", "--no-cache",
              "--no-archive", "--allow-network", "127.0.0.1/32"]  # fmt: skip
    local = subprocess.run(common, capture_output=True, text=True, env=env, timeout=120)
    dask = subprocess.run(
        [*common, "--executor", "dask", "--scheduler", cluster, "--shards", "4"],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    assert dask.returncode == local.returncode == 1, dask.stderr
    want = {r["key"]: r["verdict"] for r in json.loads(local.stdout)["results"]}
    got = {r["key"]: r["verdict"] for r in json.loads(dask.stdout)["results"]}
    assert got == want


def test_dask_needs_a_scheduler(tmp_path: Path) -> None:
    bib = tmp_path / "a.bib"
    bib.write_text("@online{a, url = {https://example.org/}}\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIBMAN_")}
    env["PYTHONPATH"] = str(ROOT)
    p = subprocess.run(
        [sys.executable, "-m", "bibman", "check", str(bib), "--executor", "dask"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert p.returncode == 2 and "--scheduler" in p.stderr
