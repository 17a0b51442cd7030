"""The same flags mean the same thing in every command: -f/--from the input format,
--to/--format the output or report format, -o the output file, -q quiet; --format json
on the commands that write a file reports what was done."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ROOT / "tests" / "fixtures" / "formats"
REFS = ROOT / "tests" / "fixtures" / "csl" / "refs.bib"


def bibman(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BIBMAN_USER_CONFIG": str(cwd / "none.toml")}
    return subprocess.run(
        [sys.executable, "-m", "bibman", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def _options(command: str, tmp_path: Path) -> str:
    r = bibman(command, "--help", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    return r.stdout


@pytest.mark.parametrize("command", ["check", "verify", "format", "convert", "cite"])
def test_dash_f_is_the_input_format_everywhere(command: str, tmp_path: Path) -> None:
    assert "-f, --from" in _options(command, tmp_path)


@pytest.mark.parametrize(
    "command", ["parse", "check", "verify", "format", "convert", "tidy", "subset", "cite"]
)
def test_output_and_quiet_everywhere(command: str, tmp_path: Path) -> None:
    text = _options(command, tmp_path)
    assert "-o, --output" in text or "--output, -o" in text
    assert "-q, --quiet" in text or "--quiet, -q" in text


@pytest.mark.parametrize("command", ["check", "verify"])
def test_old_dash_f_for_the_report_says_what_to_use(command: str, tmp_path: Path) -> None:
    r = bibman(command, str(REFS), "-f", "json", cwd=tmp_path)
    assert r.returncode == 2
    assert "use --format json" in r.stderr and "Traceback" not in r.stderr


def test_check_reads_the_format_it_is_told(tmp_path: Path) -> None:
    odd = tmp_path / "refs.txt"  # a .bib under a name that says text
    odd.write_text("@misc{a, title={A}, url={http://127.0.0.1:9/x}}\n", encoding="utf-8")
    r = bibman("check", str(odd), "-f", "bibtex", "--format", "json", "--no-cache", cwd=tmp_path)
    assert r.returncode in (0, 1), r.stderr
    rows = json.loads(r.stdout)
    assert [row["key"] for row in rows["results"]] == ["a"]


def test_verify_to_is_the_report_format(tmp_path: Path) -> None:
    r = bibman("verify", str(REFS), "--offline", "--no-cache", "--to", "json", "-q", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert isinstance(json.loads(r.stdout), dict)
    assert "offline" not in r.stderr  # -q: no notice


def test_cite_writes_to_output_and_reads_from(tmp_path: Path) -> None:
    odd = tmp_path / "refs.data"
    shutil.copy(REFS, odd)
    key = next(
        line.split("{", 1)[1].split(",", 1)[0]
        for line in REFS.read_text(encoding="utf-8").splitlines()
        if line.startswith("@")
    )
    r = bibman("cite", str(odd), key, "-f", "bibtex", "-o", "cite.txt", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "" and (tmp_path / "cite.txt").read_text(encoding="utf-8").strip()


def test_convert_json_report(tmp_path: Path) -> None:
    r = bibman("convert", str(REFS), "-o", "out.json", "--format", "json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    written = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert report["command"] == "convert" and report["written"] is True
    assert report["to"] == "csljson" and report["exit"] == 0
    assert report["inputs"] == [{"file": str(REFS), "from": "bibtex", "entries": len(written)}]
    assert report["entries"] == len(written) > 0


def test_convert_json_report_of_a_failure_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.bib"
    bad.write_text("@article{ok, title={A}}\n@article{broken, title={B\n", encoding="utf-8")
    r = bibman("convert", str(bad), "-o", "out.json", "--format", "json", cwd=tmp_path)
    assert r.returncode == 2
    report = json.loads(r.stdout)
    assert report["written"] is False and report["exit"] == 2
    assert any(d["severity"] == "error" for d in report["diagnostics"])
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize("command", ["convert", "subset"])
def test_json_report_needs_an_output_file(command: str, tmp_path: Path) -> None:
    r = bibman(command, str(REFS), "--format", "json", cwd=tmp_path)
    assert r.returncode == 2 and "give -o FILE" in r.stderr


def test_subset_json_report(tmp_path: Path) -> None:
    for name in ("paper.tex", "section.tex", "crossref.bib"):
        shutil.copy(FORMATS / name, tmp_path / name)
    r = bibman("subset", "paper.tex", "-o", "cited.bib", "--format", "json", cwd=tmp_path)
    assert r.returncode == 1  # a cited key is missing
    report = json.loads(r.stdout)
    assert report["command"] == "subset" and report["missing"] == ["nosuch"]
    assert report["entries"] == 3 and report["written"] is True and report["exit"] == 1
    assert any(d["key"] == "nosuch" for d in report["diagnostics"])
    assert r.stderr == ""  # the diagnostics are in the report
