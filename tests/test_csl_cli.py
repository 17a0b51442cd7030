"""End-to-end: `bibman styles` and `bibman cite` through the real command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FIX = Path(__file__).parent / "fixtures" / "csl"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bibman", *args], capture_output=True, text=True, timeout=120
    )


def test_styles_search() -> None:
    r = run("styles", "chicago", "author-date", "--limit", "50")
    assert r.returncode == 0
    assert any(line.startswith("chicago-author-date ") for line in r.stdout.splitlines())


def test_styles_no_match_exit_1() -> None:
    r = run("styles", "zzqqxx-no-such")
    assert r.returncode == 1 and "no style matches" in r.stderr


def test_cite_apa_with_bibliography() -> None:
    r = run(
        "cite",
        str(FIX / "refs.bib"),
        "smith2020",
        "doe2019,smith2020b@12",
        "--style",
        "apa",
        "--bibliography",
    )
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "(Smith & Doe, 2020a)"
    assert lines[1] == "(Doe, 2019; Smith & Doe, 2020b, p. 12)"
    assert lines[3].startswith("Doe, J. (2019). Formatting references") or lines[3].startswith(
        "Doe, J. (2019). Formatting References"
    )


def test_cite_numeric_html() -> None:
    r = run("cite", str(FIX / "refs.bib"), "doe2019", "smith2020", "--style", "ieee", "-t", "html")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["[1]", "[2]"]


def test_cite_unknown_style_suggests() -> None:
    r = run("cite", str(FIX / "refs.bib"), "smith2020", "--style", "apaa")
    assert r.returncode == 2
    assert "unknown style 'apaa'" in r.stderr and "apa" in r.stderr
    assert "Traceback" not in r.stderr


def test_cite_unknown_key() -> None:
    r = run("cite", str(FIX / "refs.bib"), "nokey", "--style", "apa")
    assert r.returncode == 2 and "nokey" in r.stderr and not r.stdout
