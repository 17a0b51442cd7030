"""``bibman parse paper.pdf``: papers compiled with real pdflatex + bibtex/biber
from tests/fixtures/pdf/papers.bib, compared field by field with the .bib."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bibman.bibtex import loads
from bibman.freetext.pdf import Line, Page, lay_out, recover_links

ROOT = Path(__file__).resolve().parents[1]
BIB = ROOT / "tests" / "fixtures" / "pdf" / "papers.bib"


def _load(name: str) -> Any:
    sys.path.insert(0, str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # (dataclasses look their module up)
    spec.loader.exec_module(mod)
    return mod


papers = _load("pdf_papers")
accuracy = _load("pdf_accuracy")

LAYOUTS = {
    "plain-2col-hyperref": papers.Layout("plain", 2, True),
    "apalike-1col": papers.Layout("apalike", 1, False),
    "alpha-2col": papers.Layout("alpha", 2, False),
    "plainnat-2col-hyperref": papers.Layout("plainnat", 2, True),
    "numeric-1col-hyperref": papers.Layout("numeric", 1, True),
    "unsrt-1col-lineno": papers.Layout("unsrt", 1, False, lineno=True),
}


def _parse(pdf: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bibman", "parse", str(pdf), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )


@pytest.fixture(scope="module", params=sorted(LAYOUTS))
def parsed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    layout = LAYOUTS[request.param]
    if not papers.have_latex(layout.style in papers.BIBLATEX_STYLES):
        pytest.skip("pdflatex/bibtex/biber not installed (.ci/run installs them)")
    work = tmp_path_factory.mktemp(request.param)
    pdf = papers.make_paper(BIB, layout, work)
    out = work / "parsed.bib"
    proc = _parse(pdf, out)
    assert proc.returncode == 0, proc.stderr
    return layout, out.read_text(encoding="utf-8"), proc.stderr


def test_every_reference_found_and_fields_match(parsed: Any) -> None:
    if not accuracy.SCORER.is_file():  # the shared scorer lives beside the checkout
        pytest.skip("../shared/tools/score_refparse.py not present")
    layout, bib, _ = parsed
    r = accuracy.compare(BIB.read_text(encoding="utf-8"), bib, layout)
    assert r["gold"] == 12 and r["pred"] == 12 and r["found"] == 12
    p, rec, f1 = accuracy.prf(r["tp"], r["fp"], r["fn"])
    assert f1 >= 0.85, (p, rec, dict(r["field_fn"]))


def test_pdf_text_details_survive(parsed: Any) -> None:
    layout, bib, stderr = parsed
    entries = {(e.get("title") or "").lower(): e for e in loads(bib).entries}
    text = bib.lower()
    assert "references" not in text.replace("annotated bibliographic references", "").replace(
        "annotated_references", ""
    )
    assert "self-consistent" in text  # a compound keeps its hyphen across the line break
    assert "alpha2-integrin" in text
    assert "offspring" in text and "affluent" in text  # ligatures expanded
    assert "garcía" in text and "müller" in text  # OT1 accents composed
    assert "françois" in text or layout.style == "apalike"  # (apalike prints initials)
    assert any("algorithms" in t for t in entries)
    if layout.style in papers.PRINTS_URL:
        urls = {e.get("url") for e in entries.values()}
        assert (
            "https://example.org/data_sets/annotated_references/v2/records/archive_2019.html"
            in urls
        )
        dois = {(e.get("doi") or "").lower() for e in entries.values()}
        assert "10.1146/annurev-control-072220-093234" in dois
    assert "12 references" in stderr


def test_pdf_errors_are_clear_exit_2_and_write_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out.bib"
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage")
    proc = _parse(broken, out)
    assert proc.returncode == 2 and "broken.pdf" in proc.stderr and "PDF" in proc.stderr
    assert "Traceback" not in proc.stderr and not out.exists()

    enc = tmp_path / "locked.pdf"
    enc.write_bytes(_encrypted_pdf())
    proc = _parse(enc, out)
    assert proc.returncode == 2 and "locked.pdf" in proc.stderr and "encrypted" in proc.stderr
    assert "Traceback" not in proc.stderr and not out.exists()


def test_scan_without_text_layer(tmp_path: Path) -> None:
    if not papers.have_latex():
        pytest.skip("pdflatex not installed")
    (tmp_path / "scan.tex").write_text(
        "\\documentclass{article}\\pagestyle{empty}\\begin{document}"
        "\\rule{10cm}{15cm}\\end{document}\n",
        encoding="utf-8",
    )
    subprocess.run(
        ["pdflatex", "-interaction=batchmode", "scan.tex"],
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
    )
    out = tmp_path / "out.bib"
    proc = _parse(tmp_path / "scan.pdf", out)
    assert proc.returncode == 2 and "no text layer: run OCR first" in proc.stderr
    assert "scan.pdf" in proc.stderr and not out.exists()


def _encrypted_pdf() -> bytes:
    """A one-page PDF whose /Encrypt dictionary needs a password we do not have."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 "
        b"/O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R /Encrypt 4 0 R "
        f"/ID [<{'ab' * 16}> <{'ab' * 16}>] >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


# -- the pure layout step on values -------------------------------------------------


def _ln(text: str, x0: float, top: float, width: float = 200.0, size: float = 10.0) -> Line:
    return Line(text, x0, x0 + width, top, top + size, size)


def test_two_columns_read_column_by_column_and_furniture_goes() -> None:
    pages = []
    for n in (1, 2):
        lines = [_ln("Journal of Tests", 250, 20, 100), _ln(str(n), 300, 760, 10)]
        for i in range(6):
            lines.append(_ln(f"left {n}.{i}", 50, 100 + 12 * i))
            lines.append(_ln(f"right {n}.{i}", 330, 100 + 12 * i))
        pages.append(Page(n, 612, 792, tuple(lines)))
    text = lay_out(pages).text
    words = [w for w in text.split() if w]
    assert "Journal" not in text and words.count("1") == 0
    lefts = [i for i, w in enumerate(words) if w == "left"]
    rights = [i for i, w in enumerate(words) if w == "right"]
    assert max(lefts[:6]) < min(rights[:6])  # page 1: the left column first


def test_line_numbers_and_link_recovery() -> None:
    lines = [_ln(str(i + 1), 20, 100 + 12 * i, 8) for i in range(8)]
    lines += [_ln(f"[{i + 1}] Text of reference {i + 1}.", 60, 100 + 12 * i) for i in range(8)]
    text = lay_out([Page(1, 612, 792, tuple(lines))]).text
    assert text.splitlines()[0].strip().startswith("[1] Text")
    broken = "see https://example.org/a_very/long-\npath/file.html and doi:10.1234/ab\ncd.5"
    fixed = recover_links(
        broken, ["https://example.org/a_very/long-path/file.html", "https://doi.org/10.1234/abcd.5"]
    )
    assert "https://example.org/a_very/long-path/file.html" in fixed
    assert "10.1234/abcd.5" in fixed


def test_a_bibliography_per_chapter_in_a_pdf(tmp_path: Path) -> None:
    if not papers.have_latex(True):
        pytest.skip("pdflatex/biber not installed")
    papers.make_chapter_thesis(BIB, tmp_path)
    out = tmp_path / "out.bib"
    proc = _parse(tmp_path / "thesis.pdf", out)
    assert proc.returncode == 0, proc.stderr
    assert "12 references: in 3 sections" in proc.stderr and "(page 3)" in proc.stderr
    assert len(loads(out.read_text(encoding="utf-8")).entries) == 12
