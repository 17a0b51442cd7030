"""The anchored unified diff (tidy --check/--dry-run on large files): it applies."""

from __future__ import annotations

import difflib
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bibman.textdiff import matching_blocks, unified_diff

_HUNK = re.compile(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def apply(a: list[str], diff: list[str]) -> list[str]:
    """``patch``: a + diff -> b, checking every context and removed line."""
    out: list[str] = []
    pos = 0
    k = 2 if diff else 0
    while k < len(diff):
        m = _HUNK.match(diff[k])
        assert m, diff[k]
        start = int(m.group(1)) - (0 if m.group(2) == "0" else 1)
        out += a[pos:start]
        pos = start
        k += 1
        while k < len(diff) and not diff[k].startswith("@@"):
            tag, line = diff[k][0], diff[k][1:]
            if tag in " -":
                assert a[pos] == line
                pos += 1
            if tag in " +":
                out.append(line)
            k += 1
    return out + a[pos:]


lines = st.lists(st.sampled_from(["@a{k1,\n", "@a{k2,\n", "  x = 1,\n", "}\n", "\n", "y\n"]))


@settings(max_examples=300, deadline=None)
@given(lines, lines)
def test_the_diff_turns_a_into_b(a: list[str], b: list[str]) -> None:
    diff = list(unified_diff(a, b, "f", "f (tidy)"))
    assert apply(a, diff) == b
    assert (diff == []) == (a == b)


@settings(max_examples=200, deadline=None)
@given(lines, lines)
def test_matching_blocks_are_real_matches_in_order(a: list[str], b: list[str]) -> None:
    blocks = matching_blocks(a, b)
    assert blocks[-1] == (len(a), len(b), 0)
    ends = (0, 0)
    for i, j, n in blocks[:-1]:
        assert n > 0 and i >= ends[0] and j >= ends[1] and a[i : i + n] == b[j : j + n]
        ends = (i + n, j + n)


def test_same_as_difflib_on_a_plain_edit() -> None:
    a = [f"line {i}\n" for i in range(40)]
    b = [*a[:10], "changed\n", *a[11:30], *a[31:]]
    assert list(unified_diff(a, b, "x", "y")) == list(
        difflib.unified_diff(a, b, fromfile="x", tofile="y")
    )
