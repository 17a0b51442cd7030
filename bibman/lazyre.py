"""Regular expressions compiled on first use, from a cache of compiled code when one exists.

bibman's modules define a few hundred patterns; compiling them all at import cost about
half of ``bibman parse``'s start-up, while one run needs only some of them (the CJK, GOST,
HTML or LaTeX patterns only for such input). ``lazy(pattern)`` stands where
``re.compile(pattern)`` stood: it compiles at its first use and then rebinds the pattern's
own bound methods on itself, so later calls cost the same as on a compiled pattern. Any
other attribute (``groups``, ``groupindex``) is the compiled pattern's. It is not an
``re.Pattern`` instance: do not pass it to ``re.sub(pattern, ...)``, call its methods.

Even compiled lazily, the hundred-odd patterns one reference needs cost about 20 ms of a
0.1 s run, nearly all of it in ``re``'s pure-Python parser and code generator; the last
step, ``_sre.compile`` of the generated code, costs microseconds. So the code ``re``
generates is kept in a small cache file (``<user cache dir>/bibman/regex-<python>.marshal``,
like Python's own ``__pycache__``) and later runs hand it straight to ``_sre.compile``,
which validates it; a pattern built so is equal (``==``) to ``re.compile``'s. The file is
keyed on the Python version and the regex engine's magic number, holds at most
``_MAX_ENTRIES`` patterns and ``_MAX_BYTES`` bytes, is rewritten atomically at exit only
when a run compiled patterns it did not hold, and any problem with it (missing, corrupt,
unwritable, another Python) falls back to ``re.compile`` silently. Each pattern carries the
number of the write that last saw it used: one that ``_KEEP_WRITES`` writes have not seen
(an older bibman's) is dropped, and when the bounds bind the least recently used go first,
so an upgrade never leaves the file full of patterns no version uses.
``BIBMAN_REGEX_CACHE`` names another file, or ``off`` turns the cache off.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

_METHODS = ("search", "match", "fullmatch", "sub", "subn", "finditer", "findall", "split")

_MAX_ENTRIES = 2048
_MAX_BYTES = 8 << 20
_KEEP_WRITES = 20
# 2: the code as bytes (a list of ints took ~10 ms to unmarshal at 300 patterns);
# 3: each entry stamped with the number of the write that last saw it used
_FORMAT = 3

# (pattern, flags) -> the arguments of _sre.compile after the pattern
_Key = tuple[str, int]
_Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]
_entries: dict[_Key, _Entry] | None = None
_used: set[_Key] = set()  # patterns this run took from the file or compiled
_added = 0


def _code_array(code: bytes | list[int]) -> Any:
    """The engine's code as an array of its code words (``_sre.CODESIZE`` bytes each)."""
    import _sre
    from array import array

    for typecode in "IL":
        if array(typecode).itemsize == _sre.CODESIZE:
            return array(typecode, code)
    raise ValueError("no array type for the regex engine's code words")


def cache_path() -> str | None:
    """The cache file, or ``None`` when ``BIBMAN_REGEX_CACHE=off``."""
    env = os.environ.get("BIBMAN_REGEX_CACHE")
    if env is not None:
        return None if env.strip().lower() in ("", "0", "off", "no", "false") else env
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser("~/AppData/Local")
    elif sys.platform == "darwin":
        base = os.path.expanduser("~/Library/Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME", "")
        if not os.path.isabs(base):  # the XDG spec: a relative path is to be ignored
            base = os.path.expanduser("~/.cache")
    if not os.path.isabs(base):  # no home directory: no cache (never one relative to cwd)
        return None
    name = f"regex-{sys.implementation.cache_tag}.marshal"
    return os.path.join(base, "bibman", name)


def _header() -> tuple[Any, ...]:
    import _sre

    return (_FORMAT, sys.version, _sre.MAGIC, _sre.CODESIZE, sys.maxunicode)


def _load() -> tuple[int, dict[_Key, tuple[int, _Entry]]]:
    """The cache file: the number of its last write, and each pattern with its stamp."""
    path = cache_path()
    if path is None or sys.implementation.name != "cpython":
        return 0, {}
    try:
        import marshal

        with open(path, "rb") as f:
            data = f.read(_MAX_BYTES + 1)
        if len(data) > _MAX_BYTES:
            return 0, {}
        header, writes, entries = marshal.loads(data)
        if header != _header() or not isinstance(writes, int) or not isinstance(entries, dict):
            return 0, {}
        return writes, entries
    except Exception:  # missing, unreadable or corrupt: compile afresh
        return 0, {}


def _save() -> None:
    """Write the cache file (at exit, when this run added patterns)."""
    path = cache_path()
    if path is None or not _added or _entries is None:
        return
    try:
        import marshal
        import tempfile

        # keep what another run wrote meanwhile; this run's code wins and is stamped now
        writes, merged = _load()
        writes += 1
        for key in _used:
            if key in _entries:
                merged[key] = (writes, _entries[key])
        recent = sorted(
            (k for k, (stamp, _) in merged.items() if stamp > writes - _KEEP_WRITES),
            key=lambda k: -merged[k][0],
        )[:_MAX_ENTRIES]
        while True:
            data = marshal.dumps((_header(), writes, {k: merged[k] for k in recent}))
            if len(data) <= _MAX_BYTES or not recent:
                break
            recent = recent[: len(recent) * 3 // 4]  # the least recently used go first
        folder = os.path.dirname(path) or "."
        os.makedirs(folder, mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".regex-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except Exception:  # read-only home, full disk: the cache is only an optimisation
        return


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the cache of compiled code when it holds it."""
    global _entries, _added
    flags = int(flags)
    if _entries is None:
        try:
            _entries = {k: v[1] for k, v in _load()[1].items()}
        except Exception:  # entries of another shape: compile afresh
            _entries = {}
        import atexit

        atexit.register(_save)
    key = (pattern, flags)
    entry = _entries.get(key)
    if entry is not None:
        try:
            import _sre

            code = _code_array(entry[1]).tolist()
            cached: re.Pattern[str] = _sre.compile(pattern, entry[0], code, *entry[2:])
            _used.add(key)
            return cached
        except Exception:  # not what this Python's engine accepts: compile afresh
            del _entries[key]
    if flags & re.DEBUG or len(_entries) >= _MAX_ENTRIES:
        return re.compile(pattern, flags)
    try:
        import _sre
        from re import _compiler, _parser  # type: ignore[attr-defined]

        # what re._compiler.compile does, keeping the generated code
        p = _parser.parse(pattern, flags)
        code = _compiler._code(p, flags)
        groupindex = dict(p.state.groupdict)
        indexgroup: list[str | None] = [None] * p.state.groups
        for k, i in groupindex.items():
            indexgroup[i] = k
        final, groups, indexgroup_t = flags | p.state.flags, p.state.groups - 1, tuple(indexgroup)
        rx: re.Pattern[str] = _sre.compile(pattern, final, code, groups, groupindex, indexgroup_t)
        entry = (final, _code_array(code).tobytes(), groups, groupindex, indexgroup_t)
    except re.error:
        raise
    except Exception:  # another Python's internals: no cache
        return re.compile(pattern, flags)
    _entries[key] = entry
    _used.add(key)
    _added += 1
    return rx


_compiled: dict[tuple[str, int], re.Pattern[str]] = {}


def regex(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """The pattern compiled once per process, through the cache of compiled code: for a
    literal pattern written where it is used, ``regex(r"...").search(s)`` stands where
    ``re.search(r"...", s)`` stood (``re``'s own memo compiles without the cache). Only for
    patterns written in the code: the memo keeps every pattern it is given."""
    try:
        return _compiled[pattern, flags]
    except KeyError:
        compiled = _compiled[pattern, flags] = compile(pattern, flags)
        return compiled


class LazyRe:
    def __init__(self, pattern: str, flags: int | re.RegexFlag = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def compiled(self) -> re.Pattern[str]:
        rx = compile(self.pattern, self.flags)
        for name in _METHODS:
            setattr(self, name, getattr(rx, name))
        return rx

    def __getattr__(self, name: str) -> Any:  # groups, groupindex, scanner
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r}, {self.flags!r})"

    def search(self, s: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().search(s, pos, endpos)

    def match(self, s: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().match(s, pos, endpos)

    def fullmatch(self, s: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().fullmatch(s, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], s: str, count: int = 0) -> str:
        return self.compiled().sub(repl, s, count)

    def subn(
        self, repl: str | Callable[[re.Match[str]], str], s: str, count: int = 0
    ) -> tuple[str, int]:
        return self.compiled().subn(repl, s, count)

    def finditer(self, s: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.compiled().finditer(s, pos, endpos)

    def findall(self, s: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self.compiled().findall(s, pos, endpos)

    def split(self, s: str, maxsplit: int = 0) -> list[str | Any]:
        return self.compiled().split(s, maxsplit)


if TYPE_CHECKING:
    # for the type checker a lazy pattern is a pattern: it has every method and attribute
    def lazy(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]: ...

else:

    def lazy(pattern: str, flags: int | re.RegexFlag = 0) -> LazyRe:
        """Like ``re.compile``, compiled at first use."""
        return LazyRe(pattern, flags)


class BuiltRe(LazyRe):
    """A lazily compiled pattern whose text is built on first use (from data files)."""

    def __init__(self, build: Callable[[], str], flags: int | re.RegexFlag = 0) -> None:
        self._build = build
        self.flags = flags

    def compiled(self) -> re.Pattern[str]:
        self.pattern = self._build()
        return super().compiled()

    def __repr__(self) -> str:
        return f"built({self._build!r}, {self.flags!r})"


if TYPE_CHECKING:

    def built(build: Callable[[], str], flags: int | re.RegexFlag = 0) -> re.Pattern[str]: ...

else:

    def built(build: Callable[[], str], flags: int | re.RegexFlag = 0) -> BuiltRe:
        """Like :func:`lazy`, for a pattern whose text ``build()`` makes when it is first
        used (from the data files: no file is read at import)."""
        return BuiltRe(build, flags)
