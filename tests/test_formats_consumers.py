"""Our output, checked by the real consumers: biber, bibtex, pandoc --citeproc."""

from __future__ import annotations

import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "formats"


def bibman(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bibman", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def need(binary: str) -> None:
    if shutil.which(binary) is None:
        pytest.skip(f"{binary} is not installed")


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copy(FIXTURES / "sample.bib", tmp_path / "sample.bib")
    return tmp_path


def biber_warnings(path: Path) -> list[str]:
    out = subprocess.run(
        [
            "biber",
            "--tool",
            "--validate-datamodel",
            "-O",
            str(path.with_suffix(".out.bib")),
            str(path),
        ],
        cwd=path.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    return [
        line for line in (out.stdout + out.stderr).splitlines() if "WARN" in line or "ERROR" in line
    ]


@pytest.mark.parametrize("via", ["sample.bib", "sample.json", "sample.yaml", "sample.ris"])
def test_biber_accepts_our_biblatex(work: Path, via: str) -> None:
    need("biber")
    if via != "sample.bib":
        assert bibman("convert", "sample.bib", "-o", via, "-q", cwd=work).returncode == 0
    r = bibman("convert", via, "--to", "biblatex", "-o", "blx.bib", "-q", cwd=work)
    assert r.returncode == 0, r.stderr
    text = (work / "blx.bib").read_text()
    assert "journaltitle" in text and "@thesis" in text  # really the biblatex dialect
    assert biber_warnings(work / "blx.bib") == []


def run_bibtex(work: Path, bib: str) -> str:
    aux = f"\\relax\n\\citation{{*}}\n\\bibstyle{{plain}}\n\\bibdata{{{bib}}}\n"
    (work / "doc.aux").write_text(aux)
    out = subprocess.run(["bibtex", "doc"], cwd=work, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout
    return out.stdout


@pytest.mark.parametrize("via", ["sample.json", "sample.yaml", "sample.ris", "blx.bib"])
def test_bibtex_accepts_our_bibtex(work: Path, via: str) -> None:
    need("bibtex")
    if via == "blx.bib":
        assert (
            bibman(
                "convert", "sample.bib", "--to", "biblatex", "-o", via, "-q", cwd=work
            ).returncode
            == 0
        )
        r = bibman("convert", via, "--to", "bibtex", "-o", "back.bib", "-q", cwd=work)
    else:
        assert bibman("convert", "sample.bib", "-o", via, "-q", cwd=work).returncode == 0
        r = bibman("convert", via, "-o", "back.bib", "-q", cwd=work)
    assert r.returncode == 0, r.stderr
    log = run_bibtex(work, "back")
    assert "Warning" not in log and "error" not in log.lower(), log
    bbl = (work / "doc.bbl").read_text()
    assert bbl.count("\\bibitem") == 14


def pandoc_render(work: Path, bibliography: str) -> str:
    (work / "doc.md").write_text("---\nnocite: '@*'\n---\n")
    out = subprocess.run(
        ["pandoc", "--citeproc", "--bibliography", bibliography, "-t", "plain", "doc.md"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "[WARNING]" not in out.stderr, out.stderr
    return out.stdout


def test_pandoc_renders_the_same_bibliography_from_json_and_yaml(work: Path) -> None:
    need("pandoc")
    for name in ("sample.json", "sample.yaml"):
        assert bibman("convert", "sample.bib", "-o", name, "-q", cwd=work).returncode == 0
    from_json = pandoc_render(work, "sample.json")
    from_yaml = pandoc_render(work, "sample.yaml")
    # pandoc reads YAML values as Markdown, whose "smart" extension puts a
    # no-break space after abbreviations such as "Rev."; that is all we allow.
    assert unicodedata.normalize("NFC", from_json) == unicodedata.normalize(
        "NFC", from_yaml.replace("\xa0", " ")
    )
    assert from_json.count("\n\n") >= 13
    assert "Müller, Jörg" in from_json and "Über die Drosophila" in from_json
    assert (
        "Maaten, Laurens van der" in from_json
        and "Richard Roe Jr." in from_json
        and "Intergovernmental Panel on Climate Change" in from_json
    )
