"""A unified diff that stays fast on large files.

``difflib.unified_diff`` compares the two whole line lists: on a 50 MB .bib
with changes spread over every entry that takes minutes. Here lines that occur
exactly once in each text (an entry's ``@type{key,`` line, mostly) are used as
anchors, as in patience diff; difflib then only compares the short stretches
between consecutive anchors. The output is an ordinary unified diff (3 lines
of context) that ``patch`` applies; hunks may differ from difflib's where
several alignments are equally good.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from difflib import SequenceMatcher

Match = tuple[int, int, int]  # (start in a, start in b, length), as difflib's


def _anchors(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """(i, j) of lines unique in both a and b, the longest run in the same order."""
    count_a: dict[str, int] = {}
    for line in a:
        count_a[line] = count_a.get(line, 0) + 1
    pos_b: dict[str, int] = {}
    count_b: dict[str, int] = {}
    for j, line in enumerate(b):
        if count_a.get(line) == 1:
            count_b[line] = count_b.get(line, 0) + 1
            pos_b[line] = j
    pairs = [(i, pos_b[line]) for i, line in enumerate(a) if line in pos_b and count_b[line] == 1]
    # longest increasing subsequence of the b positions (patience sorting)
    tails: list[int] = []  # b position ending the best run of each length
    tail_idx: list[int] = []
    back: list[int] = []
    for k, (_, j) in enumerate(pairs):
        n = bisect_left(tails, j)
        if n == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[n] = j
            tail_idx[n] = k
        back.append(tail_idx[n - 1] if n else -1)
    out: list[tuple[int, int]] = []
    k = tail_idx[-1] if tail_idx else -1
    while k >= 0:
        out.append(pairs[k])
        k = back[k]
    out.reverse()
    return out


def matching_blocks(a: Sequence[str], b: Sequence[str]) -> list[Match]:
    """Like ``SequenceMatcher(None, a, b).get_matching_blocks()``, anchored."""
    blocks: list[Match] = []
    ai = bj = 0
    for i, j in [*_anchors(a, b), (len(a), len(b))]:
        if i > ai or j > bj:
            sm = SequenceMatcher(None, a[ai:i], b[bj:j], autojunk=False)
            blocks += [(ai + x, bj + y, n) for x, y, n in sm.get_matching_blocks() if n]
        if i < len(a):
            blocks.append((i, j, 1))
        ai, bj = i + 1, j + 1
    merged: list[Match] = []
    for x, y, n in blocks:  # adjacent blocks joined, as difflib reports them
        if merged and merged[-1][0] + merged[-1][2] == x and merged[-1][1] + merged[-1][2] == y:
            px, py, pn = merged[-1]
            merged[-1] = (px, py, pn + n)
        else:
            merged.append((x, y, n))
    merged.append((len(a), len(b), 0))
    return merged


class _Anchored(SequenceMatcher[str]):
    def __init__(self, a: Sequence[str], b: Sequence[str]) -> None:
        # not SequenceMatcher.__init__: its index of every line of b (b2j, a dict of
        # lists as large as b itself) serves only its own get_matching_blocks
        self.isjunk = None
        self.autojunk = False
        self.a, self.b = a, b
        self.matching_blocks = self.opcodes = None
        self._a, self._b = a, b

    def get_matching_blocks(self) -> list[Match]:  # type: ignore[override]
        return matching_blocks(self._a, self._b)


def _range(start: int, length: int) -> str:
    beginning = start + 1  # lines are numbered from 1
    if length == 1:
        return str(beginning)
    if not length:
        beginning -= 1  # an empty range starts just before
    return f"{beginning},{length}"


def unified_diff(
    a: Sequence[str], b: Sequence[str], fromfile: str = "", tofile: str = "", n: int = 3
) -> Iterator[str]:
    """Lines (with their ends) of a unified diff from ``a`` to ``b``."""
    started = False
    for group in _Anchored(a, b).get_grouped_opcodes(n):
        if not started:
            started = True
            yield f"--- {fromfile}\n"
            yield f"+++ {tofile}\n"
        first, last = group[0], group[-1]
        yield (
            f"@@ -{_range(first[1], last[2] - first[1])} "
            f"+{_range(first[3], last[4] - first[3])} @@\n"
        )
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                yield from (" " + line for line in a[i1:i2])
                continue
            if tag in ("replace", "delete"):
                yield from ("-" + line for line in a[i1:i2])
            if tag in ("replace", "insert"):
                yield from ("+" + line for line in b[j1:j2])
