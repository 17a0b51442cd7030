"""Answers of the metadata services, in the same SQLite file as the link cache.

Found records stay 30 days, "no such identifier" 1 day, errors (timeouts, rate
limits, 5xx) are never stored. Keys are the request URLs (without contact details),
so a different endpoint never answers for another.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from ..links.cache import default_path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS verify_v1 (
    url TEXT PRIMARY KEY,
    status INTEGER NOT NULL,
    body BLOB NOT NULL,
    fetched_at REAL NOT NULL
)
"""


class CacheError(Exception):
    pass


class AnswerCache:
    """Thread-safe: one connection, used under a lock."""

    def __init__(
        self, path: str | os.PathLike[str] | None, found_age: float, not_found_age: float
    ) -> None:
        import threading

        self.path = Path(path) if path else default_path()
        self.found_age = found_age
        self.not_found_age = not_found_age
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=5.0, check_same_thread=False)
            self._db.execute(_SCHEMA)
            self._db.commit()
        except (OSError, sqlite3.Error) as e:
            raise CacheError(f"{self.path}: cannot use the cache ({e})") from None

    def get(self, url: str, now: float | None = None) -> tuple[int, bytes] | None:
        now = time.time() if now is None else now
        with self._lock:
            try:
                row = self._db.execute(
                    "SELECT status, body, fetched_at FROM verify_v1 WHERE url = ?", (url,)
                ).fetchone()
            except sqlite3.Error:
                return None
        if row is None:
            return None
        status, body, at = row
        age = self.not_found_age if status == 404 else self.found_age
        if now - at > age:
            return None
        return int(status), bytes(body)

    def put(self, url: str, status: int, body: bytes, now: float | None = None) -> None:
        if status != 404 and not 200 <= status < 300:
            return  # errors are never cached
        now = time.time() if now is None else now
        with self._lock:
            try:
                with self._db:
                    self._db.execute(
                        "INSERT OR REPLACE INTO verify_v1 VALUES (?,?,?,?)",
                        (url, status, body, now),
                    )
            except sqlite3.Error:
                pass  # a cache that cannot be written only costs requests next time

    def close(self) -> None:
        with self._lock:
            self._db.close()
