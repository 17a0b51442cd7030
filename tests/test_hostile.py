"""No input makes ``parse`` hang (issue 9 item 6).

These are hang guards with generous budgets, not speed assertions: the speed
figures come from ``bench/hostile.py``.
"""

from __future__ import annotations

import importlib.util
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bibman.freetext.pipeline import parse_text

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("hostile_bench", ROOT / "bench" / "hostile.py")
assert _spec is not None and _spec.loader is not None
hostile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hostile)

BUDGET = 10.0  # CPU seconds for 20,000 characters: about 50x the measured time


def _cpu(text: str, name: str, one_per_line: bool) -> float:
    t0 = time.process_time()
    parse_text(text, name, one_per_line=one_per_line)
    return time.process_time() - t0


@pytest.mark.parametrize("cls", sorted(hostile.CLASSES))
def test_every_hostile_class_finishes(cls: str) -> None:
    text = hostile.CLASSES[cls](20_000)
    name = "h.html" if cls.startswith("html") else "h.md" if "markdown" in cls else "h.txt"
    assert _cpu(text, name, False) < BUDGET
    assert _cpu(text, name, True) < BUDGET


_HOSTILE_CHARS = "aA.,;:()[]{}-–—_*`'\"<>/ \t\u00a0\n0123456789^•#&|"


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    unit=st.text(alphabet=_HOSTILE_CHARS, min_size=1, max_size=12),
    noise=st.text(alphabet=_HOSTILE_CHARS, max_size=200),
    name=st.sampled_from(["x.txt", "x.md", "x.html"]),
)
def test_property_long_repetitive_strings_finish(unit: str, noise: str, name: str) -> None:
    text = noise + unit * (20_000 // len(unit)) + noise
    assert _cpu(text, name, False) < BUDGET


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(0, 2**32), top=st.sampled_from([0x7F, 0x500, 0xFFFF]))
def test_property_random_text_finishes(seed: int, top: int) -> None:
    # (drawn from a seed: Hypothesis is slow to build 20,000-character strings)
    rnd = random.Random(seed)
    codes = (rnd.randint(9, top) for _ in range(20_000))
    text = "".join(chr(c) for c in codes if not 0xD800 <= c < 0xE000)
    assert _cpu(text, "x.txt", False) < BUDGET
    assert _cpu(text, "x.txt", True) < BUDGET


def test_cli_on_hostile_file_finishes(tmp_path: Path) -> None:
    src = tmp_path / "hostile.txt"
    src.write_text(hostile.CLASSES["near-duplicate titles"](50_000), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "bibman", "parse", str(src)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("@") >= 100  # the references are still found


def test_repeated_reference_text_parsed_once_keeps_each_place() -> None:
    # identical texts share one field parse (a hostile file of one line repeated),
    # but each output keeps its own line, span and diagnostics' line
    line = "Smith, J. A. (2001). A study of things. Journal of Tests, 12(3), 45-67."
    text = "\n".join([line, line, "Doe, J. (1999). Other things. Press.", line])
    res = parse_text(text, "x.txt", one_per_line=True)
    refs = res.references
    assert len(refs) == 4
    assert [r.span.line for r in refs if r.span] == [1, 2, 3, 4]
    assert refs[0].fields == refs[1].fields == refs[3].fields != refs[2].fields
    assert len({r.key for r in refs}) == 4  # clashing keys still get letters
    alone = parse_text(line, "y.txt", one_per_line=True).references[0]
    assert alone.fields == refs[3].fields
