"""Every reference section of a document (issue 10 item 2)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bibman.freetext.split import find_reference_sections, split_references

REFS = [
    "Smith, J. (2001). A study of things. Journal of Tests, 12, 45-67.",
    "Doe, A. (2003). Another study. Journal of Tests, 4, 1-9.",
    "Brown, E. (2012). Statistical methods. PhD thesis, University of Oxford.",
    "Lee, K. (2018). Benchmarking storage. Technical report, NIST.",
    "Garcia, M. (2015). Turbulent flow. Physics of Fluids, 27, 065102.",
    "Knuth, D. E. (1984). Literate programming. The Computer Journal, 27, 97-111.",
]


def _thesis() -> str:
    doc = "Contents\n\n1 Introduction 1\n2 Methods 14\nReferences 40\n\n"
    for ch in range(3):
        doc += f"Chapter {ch + 1}\n\nProse about chapter {ch + 1}, citing (Smith 2001).\n\n"
        doc += "References\n\n" + "\n".join(REFS[2 * ch : 2 * ch + 2]) + "\n\n"
    return doc + "Appendix A\n\nTable 1 lists the data.\n"


def test_a_bibliography_per_chapter_is_read_whole() -> None:
    text = _thesis()
    sections = find_reference_sections(text)
    assert [s.heading for s in sections] == ["References"] * 3
    got = [r.text for r in split_references(text)]
    assert got == REFS


def test_notes_and_external_links() -> None:
    text = (
        "Article text.\n\nNotes\n\n1. ^ "
        + REFS[0]
        + "\n2. ^ a b "
        + REFS[1]
        + "\n\nReferences\n\n* "
        + REFS[2]
        + "\n* "
        + REFS[3]
        + "\n\nExternal links\n\n* Official site https://example.org/\n"
    )
    assert [r.text for r in split_references(text)] == REFS[:4]


def test_cli_says_how_many_sections_and_where(tmp_path: Path) -> None:
    src = tmp_path / "thesis.txt"
    src.write_text(_thesis(), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "bibman", "parse", str(src)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("@") == 6
    assert "in 3 sections" in proc.stderr and "(line 11)" in proc.stderr


def test_page_numbers_and_running_heads_at_page_breaks_go() -> None:
    text = (
        "References\n\n"
        "Smith, J. (2001). A study of things that runs over two lines of\n"
        "    text in a hanging indent. Journal of Tests, 12, 45-67.\n"
        "Doe, A. (2003). Another study that breaks across the\n\n"
        "30\n\fCHAPTER 2. METHODS\n\n"
        "    page. Journal of Tests, 4, 1-9.\n"
        "Brown, E. (2012). Statistical methods. PhD thesis, University of Oxford.\n\n"
        "31\n\fCHAPTER 2. METHODS\n\n"
        "Lee, K. (2018). Benchmarking storage. Technical report, NIST.\n"
    )
    got = [r.text for r in split_references(text)]
    assert got == [
        "Smith, J. (2001). A study of things that runs over two lines of text in a hanging "
        "indent. Journal of Tests, 12, 45-67.",
        "Doe, A. (2003). Another study that breaks across the page. Journal of Tests, 4, 1-9.",
        "Brown, E. (2012). Statistical methods. PhD thesis, University of Oxford.",
        "Lee, K. (2018). Benchmarking storage. Technical report, NIST.",
    ]
