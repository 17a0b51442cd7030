"""Commands that take one bibliography take several (pre-commit passes many files) and `-`
for standard input: tidy each file; format and convert several files as one bibliography."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
A = "@book{alpha2001,\n  author = {Alpha, Ann},\n  title = {First},\n  publisher = {P},\n  year = {2001},\n}\n"
B_UNTIDY = "@Book{beta2002, title={Second}, author={Beta, Bob}, publisher = {P}, year=2002}\n"


def bibman(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bibman", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a.bib", tmp_path / "b.bib"
    a.write_text(A, encoding="utf-8")
    b.write_text(B_UNTIDY, encoding="utf-8")
    return a, b


def test_tidy_check_several_files_reports_each_and_exits_with_the_worst(
    tmp_path: Path, files: tuple[Path, Path]
) -> None:
    a, b = files
    r = bibman(tmp_path, "tidy", "--check", str(a), str(b))
    assert r.returncode == 1
    assert f"--- {b}" in r.stdout and f"--- {a}" not in r.stdout
    broken = tmp_path / "broken.bib"
    broken.write_text("@article{x, title = {unclosed\n", encoding="utf-8")
    r = bibman(tmp_path, "tidy", "--check", str(broken), str(b))
    assert r.returncode == 2 and f"--- {b}" in r.stdout  # the others are still checked


def test_tidy_several_files_in_place(tmp_path: Path, files: tuple[Path, Path]) -> None:
    a, b = files
    r = bibman(tmp_path, "tidy", str(a), str(b))
    assert r.returncode == 0, r.stderr
    assert a.read_text(encoding="utf-8") == A
    assert b.read_text(encoding="utf-8").startswith("@book{beta2002,\n  author = {Beta, Bob},")
    assert bibman(tmp_path, "tidy", "--check", str(a), str(b)).returncode == 0
    usage = bibman(tmp_path, "tidy", str(a), str(b), "-o", str(tmp_path / "x.bib"))
    assert usage.returncode == 2 and "-o takes one FILE" in usage.stderr


def test_format_several_files_as_one_bibliography(tmp_path: Path, files: tuple[Path, Path]) -> None:
    a, b = files
    plain = bibman(tmp_path, "format", str(a), str(b), "--style", "plain")
    assert plain.returncode == 0, plain.stderr
    assert (
        plain.stdout.startswith("[1] Ann Alpha. First.") and "[2] Bob Beta. Second." in plain.stdout
    )
    apa = bibman(tmp_path, "format", str(b), "-", "--style", "apa", stdin=A)
    assert apa.returncode == 0, apa.stderr
    assert apa.stdout.splitlines() == ["Alpha, A. (2001). First. P.", "Beta, B. (2002). Second. P."]


def test_convert_several_files_into_one(tmp_path: Path, files: tuple[Path, Path]) -> None:
    a, b = files
    out = tmp_path / "all.json"
    r = bibman(tmp_path, "convert", str(a), str(b), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert [i["id"] for i in json.loads(out.read_text(encoding="utf-8"))] == [
        "alpha2001",
        "beta2002",
    ]
    two_stdin = bibman(tmp_path, "convert", "-", "-", "--from", "bibtex", "--to", "ris")
    assert two_stdin.returncode == 2 and "read once" in two_stdin.stderr


def test_tidy_reports_as_json(tmp_path: Path, files: tuple[Path, Path]) -> None:
    a, b = files
    broken = tmp_path / "broken.bib"
    broken.write_text("@article{x, title = {unclosed\n", encoding="utf-8")
    r = bibman(tmp_path, "tidy", "--check", "--format", "json", str(a), str(b), str(broken))
    assert r.returncode == 2 and r.stderr == ""
    doc = json.loads(r.stdout)
    by = {Path(f["file"]).name: f for f in doc["files"]}
    assert by["a.bib"]["tidy"] and by["a.bib"]["exit"] == 0 and "diff" not in by["a.bib"]
    assert not by["b.bib"]["tidy"] and by["b.bib"]["diff"].startswith(f"--- {b}")
    assert by["broken.bib"]["exit"] == 2
    assert by["broken.bib"]["diagnostics"][0]["severity"] == "error"
    fixed = bibman(tmp_path, "tidy", "--format", "json", str(a), str(b))
    assert fixed.returncode == 0
    changed = {Path(f["file"]).name: f["changed"] for f in json.loads(fixed.stdout)["files"]}
    assert changed == {"a.bib": False, "b.bib": True}
    clash = bibman(tmp_path, "tidy", "--format", "json", str(a), "-o", "-")
    assert clash.returncode == 2 and "--format json" in clash.stderr
