"""Real LaTeX: a document citing every entry compiles cleanly with bibtex and with biber.

The check fails on any TeX error and on any warning that says an entry is
malformed or incomplete (bibtex "Warning--" lines and error messages, biber
WARN/ERROR lines, LaTeX "Citation undefined" / "Empty bibliography"). Font
warnings (missing glyphs) are not about the .bib and are ignored. Skips only
when the TeX binaries are missing (CI installs them).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).with_name("fixtures") / "styles"
REFERENCES = ROOT / "references.bib"

# lualatex reads UTF-8 (Cyrillic, CJK) natively; pdflatex would stop on them.
LATEX = shutil.which("lualatex") or shutil.which("pdflatex")
BIBTEX = shutil.which("bibtex")
BIBER = shutil.which("biber")

needs_bibtex = pytest.mark.skipif(
    not (LATEX and BIBTEX), reason="lualatex/pdflatex and bibtex are not installed"
)
needs_biber = pytest.mark.skipif(
    not (LATEX and BIBER), reason="lualatex/pdflatex and biber are not installed"
)

BIBTEX_DOC = r"""\documentclass{article}
\usepackage{url}
\begin{document}
\nocite{*}
\bibliographystyle{plain}
\bibliography{refs}
\end{document}
"""

BIBER_DOC = r"""\documentclass{article}
\usepackage[backend=biber,style=numeric]{biblatex}
\addbibresource{refs.bib}
\begin{document}
\nocite{*}
\printbibliography
\end{document}
"""

# Lines of a .blg that say an entry is malformed, incomplete or unreadable.
_BIBTEX_BAD = re.compile(
    r"^(Warning--.*|I'm ignoring.*|I was expecting.*|.*---line \d+ of file.*|"
    r"Repeated entry.*|.*error message.*)$",
    re.M,
)
_BIBER_BAD = re.compile(r"^.*\b(WARN|ERROR)\b - .*$", re.M)
_LATEX_BAD = re.compile(
    r"^(! .*|.*Citation .* undefined.*|.*Empty bibliography.*|"
    r".*There were undefined (references|citations).*|"
    r"Package biblatex Warning: (?!Biber reported the following issues).*)$",
    re.M,
)


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd, cwd=cwd, capture_output=True, text=True, errors="replace", timeout=120, check=False
    )


def _latex(cwd: Path) -> subprocess.CompletedProcess[str]:
    assert LATEX is not None
    return _run([LATEX, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], cwd)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def compile_with_bibtex(bib: Path, workdir: Path) -> list[str]:
    """Problems found compiling a \\nocite{*} document with bibtex + plain (empty = clean)."""
    shutil.copy(bib, workdir / "refs.bib")
    (workdir / "doc.tex").write_text(BIBTEX_DOC, encoding="utf-8")
    problems: list[str] = []
    first = _latex(workdir)
    if first.returncode != 0:
        return [f"latex failed: {m}" for m in _LATEX_BAD.findall(_read(workdir / "doc.log"))] or [
            "latex failed"
        ]
    bt = _run([BIBTEX or "bibtex", "doc"], workdir)
    problems += [f"bibtex: {m.group(0)}" for m in _BIBTEX_BAD.finditer(_read(workdir / "doc.blg"))]
    if bt.returncode >= 2:  # 1 = warnings only (reported above), 2+ = errors
        problems.append(f"bibtex exited {bt.returncode}: {bt.stdout[-500:]}")
    for _ in range(2):
        last = _latex(workdir)
    if last.returncode != 0:
        problems.append("latex failed after bibtex")
    problems += [f"latex: {m.group(0)}" for m in _LATEX_BAD.finditer(_read(workdir / "doc.log"))]
    return problems


# biblatex's data model makes a date mandatory even for @misc/@online, but an
# undated web page or press release is correct data (styles print it without a
# year, as bibtex's plain does); inventing a year would be worse. Only that one
# message, and only for those types, is let through.
_UNDATED = re.compile(r"Entry '([^']+)' .*Missing mandatory field - one of 'date, year'")
_UNDATABLE_TYPES = frozenset({"misc", "online", "electronic", "www", "unpublished"})


def _undatable_keys(bib: Path) -> set[str]:
    from bibman import bibtex

    return {e.key for e in bibtex.load(bib).entries if e.type.lower() in _UNDATABLE_TYPES}


def _is_undated_web_page(line: str, keys: set[str]) -> bool:
    m = _UNDATED.search(line)
    return m is not None and m.group(1) in keys


def compile_with_biber(bib: Path, workdir: Path, finish: bool = True) -> list[str]:
    """Problems found compiling a \\nocite{*} document with biblatex + biber.

    ``finish=False`` stops after biber (its own report is all that is wanted).
    """
    shutil.copy(bib, workdir / "refs.bib")
    (workdir / "doc.tex").write_text(BIBER_DOC, encoding="utf-8")
    problems: list[str] = []
    if _latex(workdir).returncode != 0:
        return [f"latex failed: {m}" for m in _LATEX_BAD.findall(_read(workdir / "doc.log"))] or [
            "latex failed"
        ]
    bb = _run([BIBER or "biber", "--validate-datamodel", "doc"], workdir)
    undated_ok = _undatable_keys(bib)
    problems += [
        f"biber: {m.group(0)}"
        for m in _BIBER_BAD.finditer(_read(workdir / "doc.blg"))
        if not _is_undated_web_page(m.group(0), undated_ok)
    ]
    if bb.returncode != 0:
        problems.append(f"biber exited {bb.returncode}: {bb.stdout[-500:]}")
    if not finish:
        return problems
    for _ in range(2):  # biblatex settles labels on the second run
        last = _latex(workdir)
    if last.returncode != 0:
        problems.append("latex failed after biber")
    problems += [f"latex: {m.group(0)}" for m in _LATEX_BAD.finditer(_read(workdir / "doc.log"))]
    return problems


def _clean(problems: list[str]) -> bool:
    """True when there are no problems; prints them (pytest shows it on failure)."""
    for p in problems:
        print(p)
    return not problems


def _bibitem_count(workdir: Path) -> int:
    return len(re.findall(r"\\bibitem", _read(workdir / "doc.bbl")))


def _entry_count(bib: Path) -> int:
    text = bib.read_text(encoding="utf-8")
    return len(re.findall(r"^\s*@(?!string|comment|preamble)\w+\s*\{", text, re.M | re.I))


@needs_bibtex
def test_fixture_compiles_cleanly_with_bibtex(tmp_path: Path) -> None:
    bib = FIXTURES / "sample.bib"
    assert _clean(compile_with_bibtex(bib, tmp_path))
    assert _bibitem_count(tmp_path) == _entry_count(bib)


@needs_biber
def test_fixture_compiles_cleanly_with_biber(tmp_path: Path) -> None:
    bib = FIXTURES / "sample.bib"
    assert _clean(compile_with_biber(bib, tmp_path))
    bbl = _read(tmp_path / "doc.bbl")
    assert len(re.findall(r"\\entry\{", bbl)) == _entry_count(bib)


BROKEN = r"""@article{nojournal,
  author = {A. Author},
  title  = {An Article Without a Journal},
  year   = 2001,
}
@book{good,
  author = {B. Writer}, title = {A Book}, publisher = {P}, year = 1999,
}
"""


@needs_bibtex
def test_bibtex_check_catches_an_incomplete_entry(tmp_path: Path) -> None:
    bib = tmp_path / "broken.bib"
    bib.write_text(BROKEN, encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    problems = compile_with_bibtex(bib, work)
    assert any("empty journal in nojournal" in p for p in problems), problems


@needs_biber
def test_biber_check_catches_incomplete_entries_but_not_undated_web_pages(
    tmp_path: Path,
) -> None:
    bib = tmp_path / "broken.bib"
    bib.write_text(
        BROKEN
        + "@misc{page, author = {{Some Agency}}, title = {A Page}, howpublished = {Web}}\n"
        + "@article{paper, author = {A. Author}, title = {T}, journal = {J}}\n",
        encoding="utf-8",
    )
    work = tmp_path / "work"
    work.mkdir()
    problems = compile_with_biber(bib, work, finish=False)
    assert any("nojournal" in p and "journaltitle" in p for p in problems), problems
    assert any("'paper'" in p and "date, year" in p for p in problems), problems
    assert not any("'page'" in p or "'good'" in p for p in problems), problems


def _references() -> Path:
    if not REFERENCES.exists():
        pytest.skip("references.bib has not been generated yet")
    return REFERENCES


@needs_bibtex
def test_references_bib_compiles_cleanly_with_bibtex(tmp_path: Path) -> None:
    bib = _references()
    assert _clean(compile_with_bibtex(bib, tmp_path))
    assert _bibitem_count(tmp_path) == _entry_count(bib)


@needs_biber
def test_references_bib_compiles_cleanly_with_biber(tmp_path: Path) -> None:
    bib = _references()
    assert _clean(compile_with_biber(bib, tmp_path))
