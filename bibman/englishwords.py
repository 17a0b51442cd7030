"""The English word list (SCOWL via Debian's wamerican + wbritish, see data/README.md), loaded
once and cheaply.

Building a set of its 65,000 words costs about 10 ms of CPU, which is most of what formatting
one entry or parsing one reference spends on it: such a run looks up a dozen words. So the
list is searched as sorted text (binary search, a few microseconds a word) until it has been
asked ``_SET_AFTER`` times, and only then turned into a set, which large inputs amortise.
The file is sorted by code point (a test keeps it so).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

# plain text, not gzip: decompressing cost ~3 ms of every start that looks up a word (the
# wheel is a zip archive anyway)
_FILE = Path(__file__).with_name("data") / "english-words.txt"
_SET_AFTER = 2000


class WordList:
    """Lower-case words; ``w in words`` is all it offers."""

    def __init__(self, text: str) -> None:
        # one word a line, with a newline before the first and after the last
        self._text = "\n" + text.strip("\n") + "\n" if text.strip() else ""
        self._asked = 0
        self._set: frozenset[str] | None = None

    def __bool__(self) -> bool:
        return bool(self._text)

    def __contains__(self, word: object) -> bool:
        if self._set is not None:
            return word in self._set
        if not isinstance(word, str) or not word or "\n" in word:
            return False
        self._asked += 1
        if self._asked > _SET_AFTER:
            self._set = frozenset(self._text.split())
            return word in self._set
        return self._search(word)

    def _search(self, word: str) -> bool:
        text = self._text
        lo, hi = 0, len(text) - 1  # text[lo] and text[hi] are newlines
        for _ in range(64):  # each step halves (lo, hi): 20 steps for this list
            if hi - lo <= 1:
                return False
            mid = (lo + hi) // 2
            start = text.rfind("\n", lo, mid + 1)  # the line holding mid (or lo's next)
            end = text.find("\n", start + 1, hi + 1)
            line = text[start + 1 : end]
            if line == word:
                return True
            if word < line:
                hi = start
            else:
                lo = end
        return False


@lru_cache(maxsize=1)
def english_words() -> WordList:
    """The word list; empty (falsy) when the data file is missing."""
    try:
        return WordList(_FILE.read_text(encoding="utf-8"))
    except OSError:
        return WordList("")
