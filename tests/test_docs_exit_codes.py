"""Issue 9 item 11: the README's exit-code table and bad-input section are what
the code does. Every example row of "### Bad input" is run for real and must
exit with the code the README gives; the exit-code table names every code."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")

BIB = """@article{watson1953,
  author = {Watson, James D. and Crick, Francis H. C.},
  title = {Molecular Structure of Nucleic Acids},
  journal = {Nature},
  year = {1953},
  volume = {171},
  pages = {737--738},
}
"""
FIXTURES: dict[str, str | bytes] = {
    "refs.bib": BIB,
    "untidy.bib": "@Article{watson1953, title = {T}, year = 1953,\n author = {Watson, J.}}\n",
    "broken.bib": "@article{good,\n  title = {Fine},\n  year = 2001,\n}\n\n"
    "@book{bad,\n  title = {Unclosed,\n  year = 2002\n\n",
    "empty.bib": "\n  \n\n",
    "blob.bib": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
    "notes.md": "# Meeting\n\nWe met on Friday and agreed on the plan for the release.\n\n"
    "Everyone will review the documentation before the next meeting.\n",
    "list.txt": "References\n\n1. Knuth, D. E. (1984). The TeXbook. Reading, MA: Addison-Wesley.\n"
    "2. some notes we took, see above\n",
    "refs.json": '[{"id": "a", "type": "book", "title": "T", "issued": {"date-parts": [[2000]]}}]',
    "paper.tex": "\\cite{watson1953,nosuch}\n\\bibliography{refs}\n",
}


def _section(title: str) -> str:
    m = re.search(rf"^### {re.escape(title)}\n(.*?)(?=^## |^### )", README, re.S | re.M)
    assert m, f"README has no '### {title}' section"
    return m.group(1)


def _rows() -> list[tuple[str, str, int]]:
    rows = re.findall(r"^\| (.+?) \| `(bibman [^`]+)` \| (\d) \|$", _section("Bad input"), re.M)
    return [(what, cmd, int(code)) for what, cmd, code in rows]


def test_the_bad_input_table_has_rows() -> None:
    rows = _rows()
    assert len(rows) >= 20
    commands = {cmd.split()[1] for _, cmd, _ in rows}
    assert {"parse", "format", "cite", "convert", "tidy", "subset", "check"} <= commands


def test_exit_code_table_names_every_code() -> None:
    table = re.search(r"^## Exit codes\n(.*?)^### ", README, re.S | re.M)
    assert table
    codes = re.findall(r"^\| (\d) \| ", table.group(1), re.M)
    assert codes == ["0", "1", "2", "3"]
    assert "every message that says `error:` exits 2" in table.group(1)


@pytest.mark.parametrize(("what", "cmd", "code"), _rows(), ids=[r[1] for r in _rows()])
def test_bad_input_row(what: str, cmd: str, code: int, tmp_path: Path) -> None:
    for name, content in FIXTURES.items():
        p = tmp_path / name
        p.write_bytes(content if isinstance(content, bytes) else content.encode())
    (tmp_path / "adir").mkdir()
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    proc = subprocess.run(
        [sys.executable, "-m", "bibman", *shlex.split(cmd)[1:]],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "BIBMAN_CACHE": str(tmp_path / "c.sqlite")},
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == code, (cmd, proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr
    if code == 2:
        assert "error" in proc.stderr.lower(), proc.stderr
        # an input error writes nothing and changes no input
        after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
        assert after == before, cmd
    if "error:" in proc.stderr:
        assert code == 2
