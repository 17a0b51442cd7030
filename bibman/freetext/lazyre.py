"""Lazily compiled regular expressions: moved to :mod:`bibman.lazyre` (kept for imports)."""

from __future__ import annotations

from ..lazyre import LazyRe, lazy

__all__ = ["LazyRe", "lazy"]
