"""`bibman format` end to end, through the real command."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bibman.styles.bst import parse_bbl

FIXTURES = Path(__file__).with_name("fixtures") / "styles"
SAMPLE = FIXTURES / "sample.bib"


def bibman(
    *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bibman", "format", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        check=False,
    )


def test_plain_text_is_the_default() -> None:
    r = bibman(str(SAMPLE))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.replace("\u00a0", " ").splitlines()  # "~" is a no-break space
    assert len(lines) == 11
    assert lines[0].startswith("[1] Aigerim Abenova. Digital Libraries in Kazakhstan")
    assert (
        "[4] Donald E. Knuth. Literate programming. The Computer Journal, 27(2):97–111, May 1984."
        in lines
    )


@pytest.mark.parametrize(
    ("to", "marker"),
    [
        ("html", "<i>The Computer Journal</i>"),
        ("markdown", "*The Computer Journal*"),
        ("latex", "{\\em The Computer Journal}"),
    ],
)
def test_each_output_format(to: str, marker: str) -> None:
    r = bibman(str(SAMPLE), "--style", "unsrt", "--to", to)
    assert r.returncode == 0, r.stderr
    assert marker in r.stdout


def test_keyed_alpha_labels() -> None:
    r = bibman(str(SAMPLE), "-s", "alpha", "--keyed")
    assert r.returncode == 0, r.stderr
    rows = dict(line.split("\t", 1) for line in r.stdout.replace("\u00a0", " ").splitlines())
    assert rows["knuth1984"].startswith("[Knu84] Donald E. Knuth.")
    assert rows["vanderberg2019"].startswith("[vdBGLS19] ")


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="bibtex is not installed")
@pytest.mark.parametrize("style", ["plain", "unsrt", "alpha", "abbrv"])
def test_latex_output_is_what_bibtex_writes(style: str, tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "refs.bib")
    aux = f"\\relax\n\\citation{{*}}\n\\bibstyle{{{style}}}\n\\bibdata{{refs}}\n"
    (tmp_path / "doc.aux").write_text(aux, encoding="utf-8")
    subprocess.run(["bibtex", "-terse", "doc"], cwd=tmp_path, capture_output=True, timeout=60)
    want = parse_bbl((tmp_path / "doc.bbl").read_text(encoding="utf-8"))
    r = bibman(str(SAMPLE), "-s", style, "-t", "latex")
    assert r.returncode == 0, r.stderr
    got = parse_bbl(r.stdout)
    assert got == want


def test_output_file_and_stdin(tmp_path: Path) -> None:
    out = tmp_path / "bib.html"
    r = bibman("-", "-t", "html", "-o", str(out), stdin=SAMPLE.read_text(encoding="utf-8"))
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert text.startswith('<div class="bibliography">') and text.count('class="entry"') == 11


def test_a_bst_path_works(tmp_path: Path) -> None:
    from bibman.styles.bst import BST_DIR

    bst = tmp_path / "house.bst"
    shutil.copy(BST_DIR / "abbrv.bst", bst)
    a = bibman(str(SAMPLE), "-s", str(bst))
    b = bibman(str(SAMPLE), "-s", "abbrv")
    assert a.returncode == 0 and a.stdout == b.stdout


def test_style_warnings_go_to_stderr_with_file_line_and_key(tmp_path: Path) -> None:
    bib = tmp_path / "w.bib"
    bib.write_text(
        "@article{nojournal,\n  author = {A. Author},\n  title = {T},\n  year = 2001,\n}\n"
    )
    r = bibman(str(bib))
    assert r.returncode == 0
    assert f"{bib}:1: entry 'nojournal': warning: empty journal" in r.stderr
    assert r.stdout == "[1] A.\u00a0Author. T. 2001.\n"
    quiet = bibman(str(bib), "--quiet")
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_unknown_style_suggests_close_names() -> None:
    r = bibman(str(SAMPLE), "--style", "plian")
    assert r.returncode == 2
    assert r.stdout == ""
    assert "unknown style 'plian'" in r.stderr and "'plain'" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_missing_file_is_one_line_exit_2(tmp_path: Path) -> None:
    r = bibman(str(tmp_path / "nope.bib"))
    assert r.returncode == 2
    assert r.stderr.strip() == f"bibman: error: {tmp_path / 'nope.bib'}: no such file"


def test_broken_bib_is_exit_2_and_writes_nothing(tmp_path: Path) -> None:
    bib = tmp_path / "broken.bib"
    bib.write_text(
        "@book{ok, author={A B}, title={T}, publisher={P}, year=1999}\n\n@article{bad, title={X\n"
    )
    out = tmp_path / "out.txt"
    r = bibman(str(bib), "-o", str(out))
    assert r.returncode == 2
    assert not out.exists()
    assert f"{bib}:3: entry 'bad': error:" in r.stderr
    assert "Traceback" not in r.stderr


def test_binary_input_is_rejected(tmp_path: Path) -> None:
    data = tmp_path / "x.bib"
    data.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(4000))
    r = bibman(str(data))
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_csl_style_ids_go_to_the_csl_engine() -> None:
    r = bibman(str(SAMPLE), "--style", "apa", "--keyed")
    assert r.returncode == 0, r.stderr
    rows = dict(line.split("\t", 1) for line in r.stdout.replace("\u00a0", " ").splitlines())
    assert rows["knuth1984"].startswith("Knuth, D. E. (1984).")
    assert len(rows) == 11


def test_biblatex_fields_are_mapped_for_bibtex_styles(tmp_path: Path) -> None:
    bib = tmp_path / "bl.bib"
    bib.write_text(
        "@article{x, author = {Ann Author}, title = {A Title},\n"
        "  journaltitle = {Journal of Things}, date = {2010-05-03}, location = {Berlin}}\n"
    )
    r = bibman(str(bib), "-s", "plain")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "[1] Ann Author. A title. Journal of Things, May 2010.\n"


def test_csl_json_input_with_a_bibtex_style(tmp_path: Path) -> None:
    items = tmp_path / "items.json"
    items.write_text(
        '[{"id": "doe2001", "type": "book", "title": "A Book", "publisher": "P",'
        ' "author": [{"family": "Doe", "given": "Jane"}], "issued": {"date-parts": [[2001]]}}]'
    )
    r = bibman(str(items), "-s", "alpha")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "[Doe01] Jane Doe. A Book. P, 2001.\n"


def test_locale_with_a_bibtex_style_warns(tmp_path: Path) -> None:
    r = bibman(str(SAMPLE), "--locale", "de-DE")
    assert r.returncode == 0
    assert f"{SAMPLE}: warning: --locale has no effect on BibTeX styles" in r.stderr


def test_bad_bst_files_are_named(tmp_path: Path) -> None:
    missing = bibman(str(SAMPLE), "-s", str(tmp_path / "none.bst"))
    assert missing.returncode == 2
    assert missing.stderr.strip() == f"bibman: error: {tmp_path / 'none.bst'}: no such .bst file"
    bad = tmp_path / "bad.bst"
    bad.write_text("this is not a style\n")
    r = bibman(str(SAMPLE), "-s", str(bad))
    assert r.returncode == 2 and r.stderr.startswith(f"bibman: error: {bad}: not a valid .bst")
    assert len(r.stderr.strip().splitlines()) == 1


def test_broken_bib_with_a_csl_style_is_exit_2_too(tmp_path: Path) -> None:
    bib = tmp_path / "broken.bib"
    bib.write_text(
        "@book{ok, author={A B}, title={T}, publisher={P}, year=1999}\n\n@article{bad, title={X\n"
    )
    out = tmp_path / "out.txt"
    r = bibman(str(bib), "-s", "apa", "-o", str(out))
    assert r.returncode == 2 and not out.exists()
    assert f"{bib}:3: entry 'bad': error:" in r.stderr


def test_bibtex_bytes_reproduces_bibtex_cutting_a_character(tmp_path: Path) -> None:
    bib = tmp_path / "ru.bib"
    bib.write_text(
        "@book{t, author = {Лев Толстой}, title = {Война и мир}, publisher = {P}, year = 1869}\n",
        encoding="utf-8",
    )
    whole = bibman(str(bib), "-s", "alpha")
    cut = bibman(str(bib), "-s", "alpha", "--bibtex-bytes")
    assert whole.returncode == cut.returncode == 0
    assert whole.stdout.startswith("[Тол69] ")
    assert cut.stdout.startswith("[Т\ufffd69] ")
