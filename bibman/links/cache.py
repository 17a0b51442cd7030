"""A persistent cache of links known to work (SQLite, successes only, with a maximum age).

Failures are never cached: a dead link must be seen dead afresh on every run, and a
link that was down for a moment must not stay "dead" in the cache.

Entries carry a ``scope``: a fingerprint of the settings that can turn a failure
into a success (allowed networks, accepted codes, user agent, soft-404 check). A run
only sees entries made under the same scope, so a link found good with
``--allow-private`` is not "good" for a run that would refuse its address.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

from .model import Hop, LinkResult

CACHED_VERDICTS = frozenset({"ok", "redirected"})
_SCHEMA = """
CREATE TABLE IF NOT EXISTS links_v2 (
    url TEXT NOT NULL,
    scope TEXT NOT NULL,
    verdict TEXT NOT NULL,
    status INTEGER,
    final_url TEXT,
    detail TEXT NOT NULL,
    hops TEXT NOT NULL,
    checked_at REAL NOT NULL,
    PRIMARY KEY (url, scope)
)
"""


def default_path() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("bibman") / "links.sqlite"


class CacheError(Exception):
    pass


class Cache:
    def __init__(
        self, path: str | os.PathLike[str] | None, max_age: float, scope: str = "default"
    ) -> None:
        self.path = Path(path) if path else default_path()
        self.max_age = max_age
        self.scope = scope
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=5.0)
            self._db.execute(_SCHEMA)
            self._db.commit()
        except (OSError, sqlite3.Error) as e:
            raise CacheError(f"{self.path}: cannot use the link cache ({e})") from None

    def get_many(self, urls: Iterable[str], now: float | None = None) -> dict[str, LinkResult]:
        now = time.time() if now is None else now
        out: dict[str, LinkResult] = {}
        wanted = list(dict.fromkeys(urls))
        try:
            for i in range(0, len(wanted), 500):
                chunk = wanted[i : i + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT url, verdict, status, final_url, detail, hops, checked_at "
                    f"FROM links_v2 WHERE scope = ? AND url IN ({marks})",
                    [self.scope, *chunk],
                ).fetchall()
                for url, verdict, status, final_url, detail, hops, checked_at in rows:
                    if now - checked_at > self.max_age or verdict not in CACHED_VERDICTS:
                        continue
                    hop_list = tuple(Hop(int(s), u, loc) for s, u, loc in json.loads(hops))
                    out[url] = LinkResult(
                        url, verdict, status, final_url, detail, hop_list, cached=True
                    )
        except (sqlite3.Error, ValueError, TypeError) as e:
            raise CacheError(f"{self.path}: cannot read the link cache ({e})") from None
        return out

    def put_many(self, results: Iterable[LinkResult], now: float | None = None) -> int:
        now = time.time() if now is None else now
        rows = [
            (
                r.url,
                self.scope,
                r.verdict,
                r.status,
                r.final_url,
                r.detail,
                json.dumps([[h.status, h.url, h.location] for h in r.hops]),
                now,
            )
            for r in results
            if r.verdict in CACHED_VERDICTS and not r.cached
        ]
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO links_v2 VALUES (?,?,?,?,?,?,?,?)", rows
                )
        except sqlite3.Error as e:
            raise CacheError(f"{self.path}: cannot write the link cache ({e})") from None
        return len(rows)

    def close(self) -> None:
        self._db.close()
