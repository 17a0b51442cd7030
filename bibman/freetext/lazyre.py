"""Lazily compiled regular expressions: moved to :mod:`bibman.lazyre` (kept for imports)."""

from __future__ import annotations

from ..lazyre import LazyRe, built, lazy, regex

__all__ = ["LazyRe", "built", "lazy", "regex"]
