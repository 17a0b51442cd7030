"""`bibman subset`: cited keys from .aux/.tex, parents, missing keys."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from bibman import bibtex
from bibman.subset import citations_in_aux, citations_in_tex, subset

FIXTURES = Path(__file__).parent / "fixtures" / "formats"


def bibman(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bibman", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cite_commands() -> None:
    tex = r"""
    \cite{a} \citep[p.~2]{b,c} \citet*{d} \Textcite{e} \parencite[see][3]{f}
    \autocites(pre)(post)[1]{g}[2]{h} \nocite{i} \footfullcite{j} \citeauthor{k}
    % \cite{commented}
    \citestyle{authoryear} 50\% \cite{l}
    \bibliography{refs,more}
    """
    keys, bibs, _ = citations_in_tex(tex)
    assert keys == list("abcdefghijkl")
    assert bibs == ["refs", "more"]


def test_aux_bibtex_and_biblatex() -> None:
    aux = "\\relax\n\\citation{a,b}\n\\citation{*}\n\\abx@aux@cite{0}{c}\n\\bibdata{refs}\n"
    keys, bibs, _ = citations_in_aux(aux)
    assert keys == ["a", "b", "*", "c"] and bibs == ["refs"]


def test_subset_pulls_parents_last_and_reports_missing() -> None:
    bib = bibtex.load(FIXTURES / "crossref.bib")
    result = subset([bib], ["PART1", "nosuch"])
    assert [e.key for e in result.bibliography.entries] == ["part1", "procs"]
    assert result.missing == ("nosuch",)
    everything = subset([bib], [], all_entries=True)
    assert len(everything.bibliography.entries) == 4


def test_subset_keeps_the_string_macros_it_needs() -> None:
    bib = bibtex.load(FIXTURES / "sample.bib")
    text = bibtex.dumps(subset([bib], ["mueller2001"]).bibliography)
    assert text.startswith("@string{pnas = {Proceedings of the National Academy of Sciences}}\n")
    assert text.count("@article") == 1
    assert bibtex.loads(text).diagnostics == ()


def test_cli_from_tex_with_input(tmp_path: Path) -> None:
    for name in ("paper.tex", "section.tex", "crossref.bib"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    r = bibman("subset", "paper.tex", "-o", "cited.bib", cwd=tmp_path)
    assert r.returncode == 1  # a cited key is missing
    assert "entry 'nosuch': warning: cited key 'nosuch' has no entry" in r.stderr
    cited = bibtex.load(tmp_path / "cited.bib")
    assert [e.key for e in cited.entries] == ["part1", "part2", "procs"]


def test_cli_from_aux_and_nocite_star(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "crossref.bib", tmp_path / "crossref.bib")
    (tmp_path / "p.aux").write_text("\\relax\n\\citation{*}\n\\bibdata{crossref}\n")
    r = bibman("subset", "p.aux", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("@") == 4
    r = bibman("subset", "missing.aux", cwd=tmp_path)
    assert r.returncode == 2 and "no such file" in r.stderr
