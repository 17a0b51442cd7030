"""Lazily compiled regular expressions: moved to :mod:`bibman.lazyre` (kept for imports)."""

from __future__ import annotations

from ..lazyre import LazyRe, lazy, regex

__all__ = ["LazyRe", "lazy", "regex"]
