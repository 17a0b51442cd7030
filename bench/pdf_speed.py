"""Speed and memory of ``bibman parse paper.pdf``.

Compiles two-column papers (pdflatex + bibtex, plain style) of about 15 and
30 pages from entries of the real .bib corpora, then times reading the PDF
and parsing its references (CPU time, in this process) and measures peak
Python memory (tracemalloc) while reading. Prints pages/s and whether memory
stays flat as the page count doubles. Target: a 30-page two-column paper in
under 3 s.

    python bench/pdf_speed.py
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pdf_accuracy import sample_bib  # noqa: E402
from pdf_papers import Layout, have_latex, make_paper  # noqa: E402

from bibman.freetext.pdf import read_pdf  # noqa: E402
from bibman.freetext.pipeline import parse_documents  # noqa: E402


def measure(pdf: Path) -> tuple[int, float, float, float]:
    """(pages, CPU s reading, CPU s whole parse, peak MB while reading)."""
    t0 = time.process_time()
    with pdf.open("rb") as f:
        doc = read_pdf(f, str(pdf))
    read_s = time.process_time() - t0
    tracemalloc.start()  # a second pass: tracing slows the timed one
    with pdf.open("rb") as f:
        read_pdf(f, str(pdf))
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    t1 = time.process_time()
    result = parse_documents([(str(pdf), doc.text)])
    parse_s = time.process_time() - t1
    assert result.references
    return doc.pages, read_s, read_s + parse_s, peak


def main() -> int:
    if not have_latex():
        print("pdflatex/bibtex not installed")
        return 2
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for prose, entries in ((10, 60), (22, 120)):
            work = Path(tmp) / f"p{prose}"
            work.mkdir()
            bib = work / "refs.bib"
            bib.write_text(sample_bib(entries, 7), encoding="utf-8")
            pdf = make_paper(bib, Layout("plain", 2, False, pages_of_prose=prose), work)
            pages, read_s, total_s, peak = measure(pdf)
            rows.append((pages, read_s, total_s, peak))
            print(
                f"{pages:3} pages, {entries} references: read {read_s:.2f} s CPU "
                f"({pages / read_s:.1f} pages/s), read+parse {total_s:.2f} s CPU; "
                f"peak memory while reading {peak:.1f} MB"
            )
    (p1, _, _, m1), (p2, _, t2, m2) = rows
    print(
        f"{p2}-page two-column paper: {t2:.2f} s CPU (target < 3 s); memory x{m2 / m1:.2f} "
        f"for x{p2 / p1:.2f} pages"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
