"""Small LaTeX papers made from a .bib file, for PDF tests and benches.

``make_paper`` writes a paper with filler prose and a bibliography of every
entry in the .bib (``\\nocite{*}``), in one or two columns, with a BibTeX
style (plain, unsrt, alpha, apalike, ieeetr, plainnat) or a biblatex style
(numeric, authoryear, ieee, apa; through biber), hyperref on or off, and
compiles it with pdflatex. Used by tests/test_pdf.py and bench/pdf_*.py.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

BIBTEX_STYLES = ("plain", "unsrt", "alpha", "apalike", "ieeetr", "plainnat")
BIBLATEX_STYLES = ("numeric", "authoryear", "ieee", "apa")
# which fields a style prints (the others are not compared)
PRINTS_URL = frozenset({"plainnat", "numeric", "authoryear", "ieee", "apa"})

_WORDS = [
    "the",
    "of",
    "model",
    "data",
    "analysis",
    "results",
    "method",
    "system",
    "we",
    "show",
    "that",
    "in",
    "this",
    "paper",
    "approach",
    "based",
    "on",
    "learning",
    "network",
    "performance",
    "using",
    "proposed",
    "two",
    "large",
    "set",
    "first",
    "study",
    "time",
    "structure",
    "function",
]


@dataclass(frozen=True)
class Layout:
    style: str = "plain"
    columns: int = 2
    hyperref: bool = True
    pages_of_prose: int = 1  # about a page of filler text per unit
    lineno: bool = False

    @property
    def name(self) -> str:
        extra = ("-hyperref" if self.hyperref else "") + ("-lineno" if self.lineno else "")
        return f"{self.style}-{self.columns}col{extra}"


def have_latex(biblatex: bool = False) -> bool:
    tools = ["pdflatex", "biber" if biblatex else "bibtex"]
    return all(shutil.which(t) for t in tools)


def _prose(rnd: random.Random, paragraphs: int) -> str:
    out = []
    for _ in range(paragraphs):
        words = [rnd.choice(_WORDS) for _ in range(110)]
        out.append(" ".join(words).capitalize() + ".")
    return "\n\n".join(out)


def paper_tex(bib: Path, layout: Layout, seed: int = 1) -> str:
    rnd = random.Random(seed)
    biblatex = layout.style in BIBLATEX_STYLES
    opts = "twocolumn" if layout.columns == 2 else ""
    pre = [f"\\documentclass[{opts}]{{article}}", "\\usepackage[utf8]{inputenc}"]
    pre.append("\\usepackage{url}")
    if layout.lineno:
        pre.append("\\usepackage[switch]{lineno}\\linenumbers")
    if biblatex:
        style = {"apa": "apa", "ieee": "ieee"}.get(layout.style, layout.style)
        pre.append(f"\\usepackage[backend=biber,style={style}]{{biblatex}}")
        pre.append(f"\\addbibresource{{{bib.resolve()}}}")
    elif layout.style in ("plainnat", "apalike"):
        pre.append("\\usepackage{natbib}")
    if layout.hyperref:
        pre.append("\\usepackage{hyperref}")
    pre.append("\\pagestyle{headings}")
    body = ["\\begin{document}", "\\title{A Test Paper}\\author{A. Author}\\maketitle"]
    for i in range(layout.pages_of_prose):
        body.append(f"\\section{{Part {i + 1}}}")
        body.append(_prose(rnd, 8 if layout.columns == 2 else 5))
    body.append("\\nocite{*}")
    if biblatex:
        body.append("\\printbibliography")
    else:
        body.append(f"\\bibliographystyle{{{layout.style}}}")
        body.append(f"\\bibliography{{{bib.resolve().with_suffix('')}}}")
    body.append("\\end{document}")
    return "\n".join(pre + body) + "\n"


def make_paper(bib: Path, layout: Layout, workdir: Path, seed: int = 1) -> Path:
    """Compile the paper in ``workdir``; returns the PDF (RuntimeError on failure)."""
    workdir.mkdir(parents=True, exist_ok=True)
    tex = workdir / "paper.tex"
    tex.write_text(paper_tex(bib, layout, seed), encoding="utf-8")
    latex = ["pdflatex", "-interaction=batchmode", "-halt-on-error", "paper.tex"]
    tool = ["biber", "paper"] if layout.style in BIBLATEX_STYLES else ["bibtex", "paper"]
    for cmd in (latex, tool, latex, latex):
        proc = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True, timeout=300)
        if proc.returncode != 0 and cmd is not tool:
            log = (workdir / "paper.log").read_text(encoding="utf-8", errors="replace")
            raise RuntimeError(f"{' '.join(cmd)} failed: {log[-2000:]}")
    pdf = workdir / "paper.pdf"
    if not pdf.exists():
        raise RuntimeError("no PDF produced")
    return pdf


def make_chapter_thesis(bib: Path, workdir: Path) -> Path:
    """A report with a bibliography per chapter (biblatex refsections, running heads),
    four entries of ``bib`` cited in each of three chapters, compiled in ``workdir``
    with pdflatex + biber; returns where the PDF is written (callers check it exists)."""
    from bibman.bibtex import loads

    keys = [e.key for e in loads(bib.read_text(encoding="utf-8")).entries]
    tex = [
        "\\documentclass{report}",
        "\\usepackage[utf8]{inputenc}",
        "\\usepackage[backend=biber,style=numeric]{biblatex}",
        f"\\addbibresource{{{bib}}}",
        "\\pagestyle{headings}",
        "\\begin{document}",
    ]
    for ch in range(3):
        tex.append(f"\\chapter{{Chapter {ch + 1}}}\\begin{{refsection}}")
        tex.append("Text of the chapter. " * 40)
        tex.extend(f"\\cite{{{k}}}" for k in keys[4 * ch : 4 * ch + 4])
        tex.append("\\printbibliography[heading=subbibliography]\\end{refsection}")
    tex.append("\\end{document}")
    (workdir / "thesis.tex").write_text("\n".join(tex) + "\n", encoding="utf-8")
    latex = ["pdflatex", "-interaction=batchmode", "thesis.tex"]
    for cmd in (latex, ["biber", "thesis"], latex, latex):
        subprocess.run(cmd, cwd=workdir, capture_output=True, timeout=300, check=False)
    return workdir / "thesis.pdf"
