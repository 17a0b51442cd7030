"""Issue 9 items 2 and 4, through the real command: `parse` refuses input that is
already a bibliography and says "no references found" for prose; every `error:`
exits 2; empty input is exit 2 everywhere; tidy, subset, cite and format read
every format convert reads."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

BIB = "@book{knuth1984,\n  author = {Knuth, Donald E.},\n  title = {The {TeX}book},\n  publisher = {Addison-Wesley},\n  year = {1984},\n}\n"
CSL = [
    {
        "id": "knuth1984",
        "type": "book",
        "title": "The TeXbook",
        "author": [{"family": "Knuth", "given": "Donald E."}],
        "publisher": "Addison-Wesley",
        "issued": {"date-parts": [[1984]]},
    }
]
RIS = "TY  - BOOK\nID  - knuth1984\nAU  - Knuth, Donald E.\nTI  - The TeXbook\nPB  - Addison-Wesley\nPY  - 1984\nER  - \n"
YAML = "---\nreferences:\n- id: knuth1984\n  type: book\n  title: The TeXbook\n  author:\n  - family: Knuth\n    given: Donald E.\n  publisher: Addison-Wesley\n  issued: 1984\n...\n"
FILES = {"refs.bib": BIB, "refs.json": json.dumps(CSL), "refs.ris": RIS, "refs.yaml": YAML}
PROSE = (
    "# Meeting notes\n\nWe discussed the plan for the next quarter. The team agreed that the\n"
    "new build system should be ready before the release.\n\n"
    "Action items were assigned to everyone present. The next meeting is on Friday.\n"
)


def run(args: list[str], cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bibman", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
    )


@pytest.fixture
def work(tmp_path: Path) -> Path:
    for name, text in FILES.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "paper.tex").write_text("\\cite{knuth1984}\n")
    return tmp_path


# -- parse: bibliographies are refused, prose finds nothing


@pytest.mark.parametrize("name", sorted(FILES))
def test_parse_refuses_a_bibliography_with_a_hint(name: str, work: Path) -> None:
    proc = run(["parse", name, "-o", "out.bib"], work)
    assert proc.returncode == 2, proc.stderr
    assert "error:" in proc.stderr and "already a" in proc.stderr
    assert "bibman tidy" in proc.stderr and "bibman convert" in proc.stderr
    assert not (work / "out.bib").exists()


@pytest.mark.parametrize("name", ["refs.bib", "refs.json", "refs.ris"])
def test_parse_refuses_a_bibliography_by_content_too(name: str, work: Path) -> None:
    (work / "pasted.txt").write_text(FILES[name])
    proc = run(["parse", "pasted.txt"], work)
    assert proc.returncode == 2 and "already a" in proc.stderr, proc.stderr


def test_parse_still_reads_a_document_quoting_one_entry(work: Path) -> None:
    doc = (
        "How to cite us: paste the entry below into your .bib file.\n\n    " + BIB + "\n"
        "References\n\n1. Smith, J. (2020). A study of things. Journal of Things, 3(2), 1-10.\n"
        "2. Doe, A. (2019). Another study. Science Letters, 7, 11-20.\n"
    )
    (work / "readme.md").write_text(doc)
    proc = run(["parse", "readme.md"], work)
    assert proc.returncode == 0, proc.stderr
    assert "Smith" in proc.stdout


def test_parse_prose_says_no_references_found_and_writes_nothing(work: Path) -> None:
    (work / "notes.md").write_text(PROSE)
    proc = run(["parse", "notes.md", "-o", "out.bib"], work)
    assert proc.returncode == 1, proc.stderr
    assert "no references found" in proc.stderr and "error:" not in proc.stderr
    assert not (work / "out.bib").exists()


# -- empty input: exit 2 in every command


EMPTY_ARGS = {
    "parse": ["parse", "FILE"],
    "check": ["check", "FILE", "--no-cache"],
    "format": ["format", "FILE"],
    "format-csl": ["format", "FILE", "--style", "apa"],
    "cite": ["cite", "FILE", "knuth1984"],
    "convert": ["convert", "FILE", "-t", "csljson"],
    "tidy": ["tidy", "FILE"],
    "subset": ["subset", "paper.tex", "-b", "FILE"],
}


@pytest.mark.parametrize("content", ["", "  \n\n\t\n"])
@pytest.mark.parametrize("cmd", sorted(EMPTY_ARGS))
def test_empty_input_is_exit_2_everywhere(cmd: str, content: str, work: Path) -> None:
    (work / "empty.bib").write_text(content)
    args = [a if a != "FILE" else "empty.bib" for a in EMPTY_ARGS[cmd]]
    proc = run(args, work)
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "empty.bib" in proc.stderr and "empty" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert (work / "empty.bib").read_text() == content


# -- every `error:` exits 2


MALFORMED = "@article{good,\n  title = {Fine},\n  year = 2001,\n}\n\n@book{bad,\n  title = {Unclosed,\n  year = 2002\n\n"


@pytest.mark.parametrize(
    "args",
    [
        ["cite", "broken.bib", "good"],
        ["subset", "paper.tex", "-b", "broken.bib"],
        ["format", "broken.bib", "--style", "apa"],
        ["format", "broken.bib", "--style", "plain"],
        ["tidy", "broken.bib", "--check"],
        ["convert", "broken.bib", "-t", "ris"],
    ],
)
def test_malformed_bib_is_exit_2_with_error(args: list[str], work: Path) -> None:
    (work / "broken.bib").write_text(MALFORMED)
    (work / "paper.tex").write_text("\\cite{good}\n")
    proc = run(args, work)
    assert "error:" in proc.stderr and "broken.bib:6" in proc.stderr, proc.stderr
    assert proc.returncode == 2, proc.stderr
    assert not proc.stdout.strip(), "nothing is written from half a file"


@pytest.mark.parametrize(
    "args",
    [
        ["parse", "nosuch.txt"],
        ["tidy", "refs.bib", "--keys", "{nosuch}"],
        ["cite", "refs.bib", "nosuchkey"],
        ["format", "refs.bib", "--style", "no-such-style-xyz"],
        ["convert", "refs.bib", "-t", "nosuchformat"],
        ["subset", "nosuch.tex"],
        ["tidy", "refs.json"],
    ],
)
def test_every_error_line_means_exit_2(args: list[str], work: Path) -> None:
    proc = run(args, work)
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "error" in proc.stderr.lower() and "Traceback" not in proc.stderr


# -- every bibliography format in tidy, subset, cite, format


@pytest.mark.parametrize("name", sorted(FILES))
def test_format_reads_every_format(name: str, work: Path) -> None:
    for style in ("plain", "apa"):
        proc = run(["format", name, "--style", style], work)
        assert proc.returncode == 0, proc.stderr
        assert "TeXbook" in proc.stdout and "Knuth" in proc.stdout


@pytest.mark.parametrize("name", sorted(FILES))
def test_cite_reads_every_format(name: str, work: Path) -> None:
    proc = run(["cite", name, "knuth1984", "--style", "apa"], work)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "(Knuth, 1984)"


@pytest.mark.parametrize("name", sorted(FILES))
def test_subset_reads_every_format(name: str, work: Path) -> None:
    proc = run(["subset", "paper.tex", "-b", name], work)
    assert proc.returncode == 0, proc.stderr
    assert "@book{knuth1984," in proc.stdout and "Addison-Wesley" in proc.stdout


@pytest.mark.parametrize("name", sorted(FILES))
def test_tidy_reads_every_format(name: str, work: Path) -> None:
    proc = run(["tidy", name, "-o", "out.bib"], work)
    assert proc.returncode == 0, proc.stderr
    assert "@book{knuth1984," in (work / "out.bib").read_text()
    assert (work / name).read_text() == FILES[name]


def test_tidy_in_place_of_a_non_bibtex_file_is_refused(work: Path) -> None:
    proc = run(["tidy", "refs.json"], work)
    assert proc.returncode == 2 and "-o OUT.bib" in proc.stderr, proc.stderr
    assert (work / "refs.json").read_text() == FILES["refs.json"]


def test_stdin_is_sniffed(work: Path) -> None:
    proc = run(["format", "-", "--style", "plain"], work, stdin=RIS)
    assert proc.returncode == 0 and "TeXbook" in proc.stdout, proc.stderr
    proc = run(["cite", "-", "knuth1984"], work, stdin=json.dumps(CSL))
    assert proc.returncode == 0 and "Knuth" in proc.stdout, proc.stderr


# -- --fail-under names the entries; --review honours the same threshold

LIST = (
    "References\n\n"
    "1. Knuth, D. E. (1984). The TeXbook. Reading, MA: Addison-Wesley.\n"
    "2. Smith, J. (2020). A study of things. Journal of Things, 3(2), 1-10. https://doi.org/10.1000/xyz\n"
    "3. some notes we took, see above\n"
    "4. Doe 2019 unclear\n"
)


def _confidences(work: Path) -> dict[str, float]:
    proc = run(["parse", "list.txt", "--format", "json"], work)
    return {r["key"]: r["confidence"] for r in json.loads(proc.stdout)}


@pytest.mark.parametrize("threshold", [0.3, 0.6, 0.9, 0.999])
def test_fail_under_names_exactly_the_entries_below(threshold: float, work: Path) -> None:
    (work / "list.txt").write_text(LIST)
    conf = _confidences(work)
    below = {k for k, c in conf.items() if c < threshold}
    proc = run(["parse", "list.txt", "--fail-under", str(threshold), "-o", "out.bib"], work)
    assert proc.returncode == (1 if below else 0), proc.stderr
    named = set(re.findall(r"entry '([^']+)': warning: low confidence", proc.stderr))
    assert named == below
    if below:
        assert f"{len(below)} of {len(conf)} entries below confidence {threshold}" in proc.stderr
    assert (work / "out.bib").exists(), "the output is still written"
    # --review with the same threshold lists the same entries
    rev = run(["parse", "list.txt", "--review", "--fail-under", str(threshold)], work)
    assert set(re.findall(r"entry '([^']+)': warning: low confidence", rev.stderr)) == below


def test_review_alone_uses_its_default_threshold(work: Path) -> None:
    (work / "list.txt").write_text(LIST)
    conf = _confidences(work)
    proc = run(["parse", "list.txt", "--review"], work)
    assert proc.returncode == 0
    named = set(re.findall(r"entry '([^']+)': warning: low confidence", proc.stderr))
    assert {k for k, c in conf.items() if c < 0.5} <= named
    assert "below confidence 0.5" in proc.stderr


def test_parse_prose_under_a_notes_heading_finds_nothing(work: Path) -> None:
    (work / "notes.md").write_text(
        "# Notes\n\nWe met on Friday and agreed on the plan for the release.\n\n"
        "Everyone will review the documentation before the next meeting.\n"
    )
    proc = run(["parse", "notes.md", "-o", "out.bib"], work)
    assert proc.returncode == 1 and "no references found" in proc.stderr, proc.stderr
    assert not (work / "out.bib").exists()
