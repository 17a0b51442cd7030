"""Run ``check`` shards on an existing Dask cluster (``pip install 'bibman-refs[dask]'``).

The targets are split by ``shard.shard_of`` (registrable domain, DOI registrant), so
each site's politeness limits live in one worker; each shard is one task that runs the
ordinary in-process check (``runner.check_targets``) on a worker and sends back its
rows as JSON Lines; results are merged as they arrive. Workers need bibman installed
and must be allowed to reach the links (the address safety settings travel with the
task, so a worker refuses what the client would refuse).
"""

from __future__ import annotations

from collections.abc import Callable

from ..config import Settings
from .model import LinkTarget, Report
from .shard import dump_jsonl, load_jsonl, shard_of


def run_shard(targets: list[LinkTarget], settings: Settings) -> str:
    """One shard, on a worker: the rows as JSON Lines."""
    from .runner import check_targets

    return dump_jsonl(check_targets(targets, settings))


def check_on_dask(
    targets: list[LinkTarget],
    settings: Settings,
    scheduler: str,
    shards: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Check ``targets`` on the Dask cluster at ``scheduler`` (``tcp://host:8786``)."""
    try:
        from distributed import Client, as_completed
    except ImportError as e:  # pragma: no cover - depends on the installation
        from ..errors import ConfigError

        raise ConfigError(
            "--executor dask needs Dask's distributed package: pip install 'bibman-refs[dask]'"
        ) from e
    client = Client(scheduler, timeout=30)
    try:
        n = shards or max(1, 2 * len(client.nthreads()))
        groups: list[list[LinkTarget]] = [[] for _ in range(n)]
        for t in targets:
            groups[shard_of(t, n)].append(t)
        futures = [
            client.submit(run_shard, g, settings, pure=False, key=f"bibman-check-{i}-of-{n}")
            for i, g in enumerate(groups)
            if g
        ]
        parts: list[tuple[str, str]] = []
        for done, fut in enumerate(as_completed(futures), 1):
            parts.append((fut.key if isinstance(fut.key, str) else str(fut.key), fut.result()))
            if progress is not None:
                progress(done, len(futures))
    finally:
        client.close()
    return load_jsonl(parts)  # rows sorted by file and line, as one run reports them
