"""Regular expressions compiled on first use.

bibman's modules define a few hundred patterns; compiling them all at import cost about
half of ``bibman parse``'s start-up, while one run needs only some of them (the CJK, GOST,
HTML or LaTeX patterns only for such input). ``lazy(pattern)`` stands where
``re.compile(pattern)`` stood: it compiles at its first use and then rebinds the pattern's
own bound methods on itself, so later calls cost the same as on a compiled pattern. Any
other attribute (``groups``, ``groupindex``) is the compiled pattern's. It is not an
``re.Pattern`` instance: do not pass it to ``re.sub(pattern, ...)``, call its methods.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

_METHODS = ("search", "match", "fullmatch", "sub", "subn", "finditer", "findall", "split")


class LazyRe:
    def __init__(self, pattern: str, flags: int | re.RegexFlag = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def compiled(self) -> re.Pattern[str]:
        rx = re.compile(self.pattern, self.flags)
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
