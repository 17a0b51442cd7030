"""Conventions of the ecosystem: the output format follows the -o suffix (as in pandoc and
`bibman convert`) unless --to says otherwise."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIB = ROOT / "tests" / "fixtures" / "csl" / "refs.bib"
REFS = (
    "Smith, J. and Doe, A. (2019). Rivers of the steppe. Journal of Central Asian Hydrology, "
    "12(4), 201-230.\n"
    "Garcia, P. Modelling glaciers. PhD thesis, University of Bern, 2005.\n"
)


def bibman(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bibman", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("suffix", "start"),
    [
        (".html", '<div class="bibliography">'),
        (".md", "Doe, J. (2019)"),
        (".tex", "\\begin{thebibliography}"),
        (".txt", "Doe, J. (2019)"),
        (".out", "Doe, J. (2019)"),
    ],
)
def test_format_output_follows_the_suffix(tmp_path: Path, suffix: str, start: str) -> None:
    out = tmp_path / f"bib{suffix}"
    r = bibman("format", str(BIB), "--style", "apa", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8").startswith(start)


def test_format_to_overrides_the_suffix(tmp_path: Path) -> None:
    out = tmp_path / "bib.html"
    r = bibman("format", str(BIB), "--style", "apa", "-o", str(out), "--to", "text")
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8").startswith("Doe, J. (2019)")
    md = bibman("format", str(BIB), "--style", "apa", "--to", "markdown")
    assert "*Formatting" in md.stdout  # stdout without --to stays text
    assert "<div" not in bibman("format", str(BIB), "--style", "apa").stdout


def test_parse_output_follows_the_suffix(tmp_path: Path) -> None:
    out = tmp_path / "refs.json"
    r = bibman("parse", "--one-per-line", "-", "-o", str(out), stdin=REFS)
    assert r.returncode == 0, r.stderr
    items = json.loads(out.read_text(encoding="utf-8"))
    assert [i["type"] for i in items] == ["article-journal", "thesis"]
    assert items[0]["container-title"] == "Journal of Central Asian Hydrology"
    back = bibman("convert", str(out), "--to", "bibtex")  # what convert reads, parse wrote
    assert back.returncode == 0 and "@article{smith2019rivers," in back.stdout
    yaml = tmp_path / "refs.yaml"
    assert bibman("parse", "--one-per-line", "-", "-o", str(yaml), stdin=REFS).returncode == 0
    assert yaml.read_text(encoding="utf-8").startswith("---\nreferences:")
    bib = tmp_path / "refs.bib"
    assert bibman("parse", "--one-per-line", "-", "-o", str(bib), stdin=REFS).returncode == 0
    assert bib.read_text(encoding="utf-8").startswith("@article{smith2019rivers,")


def test_parse_to_overrides_the_suffix_and_format_still_works(tmp_path: Path) -> None:
    out = tmp_path / "refs.json"
    r = bibman("parse", "--one-per-line", "-", "-o", str(out), "--to", "json", stdin=REFS)
    assert r.returncode == 0, r.stderr
    records = json.loads(out.read_text(encoding="utf-8"))
    assert records[0]["key"] == "smith2019rivers" and "confidence" in records[0]
    same = bibman("parse", "--one-per-line", "-", "--format", "json", stdin=REFS)
    assert json.loads(same.stdout) == records
    bib = bibman("parse", "--one-per-line", "-", "--to", "bibtex", stdin=REFS)
    assert bib.stdout.startswith("@article{smith2019rivers,")


def test_format_from_names_the_input_format_as_in_convert(tmp_path: Path) -> None:
    as_json = bibman("convert", str(BIB), "--to", "csljson")
    assert as_json.returncode == 0, as_json.stderr
    odd = tmp_path / "refs.data"  # a suffix that says nothing
    odd.write_text(as_json.stdout, encoding="utf-8")
    named = tmp_path / "refs.json"  # the same, named as it is
    named.write_text(as_json.stdout, encoding="utf-8")
    want = bibman("format", str(named), "--style", "apa").stdout
    assert want.startswith("Doe, J. (2019).")
    for args in (
        ["format", "-", "-f", "csljson", "--style", "apa"],
        ["format", str(odd), "--from", "csljson", "--style", "apa"],
    ):
        r = bibman(*args, stdin=as_json.stdout)
        assert r.returncode == 0, (args, r.stderr)
        assert r.stdout == want
    ris = bibman("convert", str(BIB), "--to", "ris").stdout
    plain = bibman("format", "-", "--from", "ris", "--style", "plain", stdin=ris)
    assert plain.returncode == 0 and plain.stdout.startswith("[1] Jane Doe.")
