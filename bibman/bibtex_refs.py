"""The entries that others name (``crossref``, ``xdata``), found in a .bib's text without
reading it whole, for commands that handle one entry at a time (issue 16).

Mapping a child needs its parent's fields, and BibTeX puts parents after their children,
so a stream cannot simply keep what it has seen. ``EntryIndex`` instead finds, in one
regular-expression pass, every block that starts a line (where the reader cuts the text
into chunks, ``bibtex_read._chunks``) and where each key's last entry starts; an entry
asked for is read from there to the next such block, and a few are kept. Memory: the
text (the stream reads it anyway), an offset per entry, and those few.

The regex is a guess at what the reader sees; the reader has the last word. ``watch``
records where each entry really is as the stream reads it, and ``confirmed`` says
whether every entry handed out is the one the whole read gives (same place, same text)
and every key not found has no entry: if not (two entries on one line, a key the regex
read otherwise), the caller reads the file whole instead. So the result is always the
whole read's.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Mapping

from .bibtex_read import _LINE_START_BLOCK, Stream, loads
from .lazyre import lazy
from .model import Block, Entry

_STRING = lazy(r"(?i)@string")
_STRING_HEAD = lazy(r"(?i)[^\S\n]*@string[ \t]*[{(]")
_MAX_STRINGS = 2000  # more @string blocks than this: not scanned (read whole instead)
_KEY = lazy(r"\s*([^\s,{}()\"#%'=]+)\s*,")
_NOT_ENTRIES = frozenset({"@string", "@comment", "@preamble", "@"})
_KEPT = 512  # parents read and kept at once (a proceedings volume serves many papers)


class EntryIndex(Mapping[str, Entry]):
    """Lower-cased key -> its last entry in ``text``, read when asked for (see module)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.cuts: list[int] = []  # where each block that starts a line starts
        self.starts: dict[str, int] = {}  # key -> its last entry's start, by the regex
        for m in _LINE_START_BLOCK.finditer(text):
            at = m.start(1)
            self.cuts.append(at)
            if m.group(1).rstrip().lower() in _NOT_ENTRIES:
                continue
            k = _KEY.match(text, m.end())
            if k is not None:
                self.starts[k.group(1).lower()] = at
        self._kept: dict[str, Entry | None] = {}
        self.given: dict[str, tuple[int, int] | None] = {}  # key -> (start, length) handed out
        self.seen: dict[str, tuple[int, int]] = {}  # key -> its last entry, as really read

    def get(self, key: str, default: Entry | None = None) -> Entry | None:  # type: ignore[override]
        if key in self._kept:
            return self._kept[key] or default
        found = self._read(key)
        if len(self._kept) >= _KEPT:
            self._kept.clear()
        self._kept[key] = found
        return found or default

    def _read(self, key: str) -> Entry | None:
        at = self.starts.get(key)
        if at is None:
            self.given[key] = None
            return None
        i = bisect_right(self.cuts, at)
        end = self.cuts[i] if i < len(self.cuts) else len(self.text)
        found = None
        for e in loads(self.text[at:end]).entries:
            if e.key.lower() == key:
                found = e
        self.given[key] = (at, len(found.raw or "")) if found is not None else None
        return found

    def __getitem__(self, key: str) -> Entry:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.starts)

    def __len__(self) -> int:
        return len(self.starts)

    def watch(self, stream: Stream) -> Iterator[tuple[Entry, Mapping[str, str]]]:
        """``stream.with_strings()``, noting where each entry really starts."""
        for entry, strings in stream.with_strings():
            self.seen[entry.key.lower()] = (stream.offset, len(entry.raw or ""))
            yield entry, strings

    def confirmed(self) -> bool:
        """After ``watch``: whether every entry handed out was the whole read's."""
        return all(self.seen.get(k) == got for k, got in self.given.items())


def scan_strings(text: str) -> dict[str, str] | None:
    """Every ``@string`` macro of ``text`` as ``Bibliography.strings`` has them (lower-cased
    name -> BibTeX source value, the last definition winning), each block read on its
    own from where it starts a line to the next block that does; None if there are more
    than a few thousand. A guess like ``EntryIndex``'s: the caller compares it with the
    macros the reader found and reads the file whole if they differ."""
    found: dict[str, str] = {}
    hits = [m.start() for m in _STRING.finditer(text)]
    if len(hits) > _MAX_STRINGS:
        return None
    for at in hits:
        line_start = text.rfind("\n", 0, at) + 1
        head = _STRING_HEAD.match(text, line_start)
        if head is None or head.end() <= at:
            continue  # not a block that starts a line
        nxt = _LINE_START_BLOCK.search(text, head.end())
        end = nxt.start(1) if nxt is not None else len(text)
        for item in loads(text[at:end]).items:
            if isinstance(item, Block) and item.kind == "string":
                name, value = item.name, item.value
                if name and value is not None:
                    found[name.lower()] = value
    return found
