"""Parse one free-text reference string into a :class:`bibman.model.Reference`."""

from __future__ import annotations

from bibman.model import Reference


def parse_reference(text: str) -> Reference:
    """Parse a single reference. Never raises; unplaced text goes to ``note``."""
    t = " ".join(str(text).split())
    return Reference(type="misc", fields=(("note", t),) if t else (), raw=str(text), confidence=0.0)
