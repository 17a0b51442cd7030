"""Python's cyclic garbage collector paused around bulk work.

Reading a large .bib and rendering a bibliography make millions of short-lived
objects without cycles; the collector's passes over them cost a third of the
reading time (12.5 MB: 3.95 s -> 2.50 s CPU) and slow rendering too."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
