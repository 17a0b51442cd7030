"""`bibman convert` end to end, through the real command."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "formats"


def bibman(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bibman", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copy(FIXTURES / "sample.bib", tmp_path / "sample.bib")
    return tmp_path


def test_bib_to_csljson_by_suffix(work: Path) -> None:
    r = bibman("convert", "sample.bib", "-o", "out.json", cwd=work)
    assert r.returncode == 0, r.stderr
    items = json.loads((work / "out.json").read_text())
    assert [i["id"] for i in items][:2] == ["watson1953", "maaten2008"]
    assert len(items) == 14


def test_stdout_needs_to_and_reports_losses_per_entry(work: Path) -> None:
    (work / "x.bib").write_text("@article{a, title={T}, journal={J}, year={2000}, owner={me}}\n")
    r = bibman("convert", "x.bib", "--to", "ris", cwd=work)
    assert r.returncode == 0
    assert r.stdout.startswith("TY  - JOUR\n") and "ID  - a\n" in r.stdout
    assert "x.bib:1: entry 'a': warning: CSL cannot hold these fields, dropped: owner" in r.stderr
    r = bibman("convert", "x.bib", cwd=work)
    assert r.returncode == 2 and "--to" in r.stderr


def test_stdin_with_from(work: Path) -> None:
    ris = "TY  - BOOK\nAU  - Knuth, Donald E.\nTI  - The TeXbook\nPY  - 1984\nPB  - Addison-Wesley\nID  - knuth84\nER  - \n"
    r = bibman("convert", "-", "--from", "ris", "--to", "bibtex", cwd=work, stdin=ris)
    assert r.returncode == 0, r.stderr
    assert "@book{knuth84," in r.stdout and "author = {Knuth, Donald E.}" in r.stdout
    assert "publisher = {Addison-Wesley}" in r.stdout


def test_bad_input_is_one_line_exit_2_and_no_output(work: Path) -> None:
    (work / "bad.json").write_text("[{not json")
    r = bibman("convert", "bad.json", "-o", "out.bib", cwd=work)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "bad.json:1" in r.stderr and "Traceback" not in r.stderr
    assert not (work / "out.bib").exists()
    r = bibman("convert", "missing.bib", "-o", "out.json", cwd=work)
    assert r.returncode == 2 and "no such file" in r.stderr
    r = bibman("convert", "sample.bib", "-o", "out.xyz", cwd=work)
    assert r.returncode == 2 and "--from/--to" in r.stderr


def test_round_trip_through_every_format_keeps_the_fixture(work: Path) -> None:
    for fmt, suffix in (("csljson", "json"), ("yaml", "yaml"), ("biblatex", "bib")):
        out = f"mid.{suffix}" if fmt != "biblatex" else "mid-blx.bib"
        assert (
            bibman("convert", "sample.bib", "--to", fmt, "-o", out, "-q", cwd=work).returncode == 0
        )
        r = bibman("convert", out, "--to", "bibtex", "-o", f"back-{fmt}.bib", cwd=work)
        assert r.returncode == 0, r.stderr
        back = (work / f"back-{fmt}.bib").read_text()
        for needle in (
            "van der Maaten, Laurens",
            "{t-SNE}",
            "month = apr",
            "737--738",
            "urldate = {2020-01-15}",
            "entrysubtype = {newspaper}",
        ):
            assert needle in back, (fmt, needle)


def test_pandoc_yaml_is_a_references_list(work: Path) -> None:
    r = bibman("convert", "sample.bib", "-o", "refs.yaml", cwd=work)
    assert r.returncode == 0
    text = (work / "refs.yaml").read_text()
    assert text.startswith("---\nreferences:\n- id: watson1953\n") and text.endswith("...\n")


def test_unparsable_entry_is_an_input_error_and_nothing_written(work: Path) -> None:
    (work / "broken.bib").write_text(
        "@article{ok, title={T}, journal={J}, year={2000}}\n@article{bad, title={Unbalanced, year=2000}\n"
    )
    r = bibman("convert", "broken.bib", "-o", "out.json", cwd=work)
    assert r.returncode == 2
    assert "broken.bib:2: entry 'bad': error:" in r.stderr
    assert not (work / "out.json").exists()
