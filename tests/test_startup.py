"""A fast start: commands import only what they use (speed itself: bench/startup.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIB = ROOT / "tests" / "fixtures" / "csl" / "refs.bib"


def modules_after(*argv: str) -> set[str]:
    """The modules imported by one in-process run of the bibman command."""
    code = (
        "import sys\n"
        "from bibman.cli import main\n"
        f"sys.argv = ['bibman', *{list(argv)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    return set(r.stderr.split())


def test_help_and_version_import_no_command() -> None:
    for argv in (["--help"], ["--version"]):
        mods = modules_after(*argv)
        assert not {m for m in mods if m.startswith("bibman.cli.")} - {"bibman.cli.common"}, argv
        assert "bibman.csl.engine" not in mods and "bibtexparser" not in mods
        assert "bibman.model" not in mods  # ten dataclasses: ~4 ms


def test_csl_style_does_not_import_the_bst_machinery_or_other_formats() -> None:
    mods = modules_after("format", str(BIB), "--style", "apa")
    assert "bibman.csl.engine" in mods  # it did format
    assert "pybtex" not in mods and "bibman.styles.bst" not in mods
    assert "yaml" not in mods and "bibman.formats.ris" not in mods


def test_reading_a_bib_runs_no_bibtexparser_middleware_yet_the_package_stays_whole() -> None:
    assert not {m for m in modules_after("tidy", "--check", str(BIB)) if "middlewares" in m}
    # after bibman read a file without the package's __init__, code that imports
    # bibtexparser gets the whole package, and bibman reads on as before
    code = (
        "import sys\n"
        "from bibman import bibtex\n"
        "first = bibtex.loads('@misc{a, title={A}}')\n"
        "assert 'bibtexparser.middlewares' not in sys.modules\n"
        "import bibtexparser\n"
        "from bibtexparser import middlewares\n"
        "assert middlewares.RemoveEnclosingMiddleware\n"
        "lib = bibtexparser.parse_string('@misc{b, title={{B}}}')\n"
        "print(bibtexparser.__version__[:1], lib.entries[0]['title'],"
        " bibtex.loads('@misc{c, title={C}}').entries[0].fields[0].value,"
        " first.entries[0].key)\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert (r.returncode, r.stdout.split()) == (0, ["2", "{B}", "{C}", "a"]), r.stderr


def test_format_output_formats_match_the_backends() -> None:
    from bibman.cli.format import BACKENDS as CLI_BACKENDS
    from bibman.styles import BACKENDS

    assert CLI_BACKENDS == BACKENDS


def test_parse_imports_no_bibtex_reader_nor_fuzzy_matching() -> None:
    # writing BibTeX needs no bibtexparser; one reference needs no title comparison
    code = (
        "import sys, io\n"
        "sys.stdin = io.TextIOWrapper(io.BytesIO("
        "b'Hanks, R. R. (2009) Multi-vector politics. J. Balkan Stud. 11(3):257-267\\n'))\n"
        "from bibman.cli import main\n"
        "sys.argv = ['bibman', 'parse', '-']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    mods = set(r.stderr.split())
    assert "bibman.freetext.fields" in mods and "@" in r.stdout  # it did parse
    # importlib.resources: data files are read as paths
    unwanted = {"bibtexparser", "rapidfuzz", "pylatexenc", "html.parser", "importlib.resources"}
    # one plain-text reference: no PDF reader (statistics, fractions), no duplicate
    # detection, no exchange-format registry, no gzip (the word list is plain text)
    unwanted |= {"bibman.freetext.pdf", "statistics", "bibman.dedupe", "bibman.formats.registry"}
    unwanted |= {"gzip"}
    assert not unwanted & mods


def test_backend_html_escape_is_html_escape() -> None:
    import html

    from hypothesis import given
    from hypothesis import strategies as st

    from bibman.styles.backends import _escape

    @given(st.text(), st.booleans())
    def same(s: str, quote: bool) -> None:
        assert _escape(s, quote) == html.escape(s, quote)

    same()


def _parse_date_unguarded(text: str) -> tuple[int, int, int] | None:
    """parse_date as it was before the month-word guard (every pattern tried)."""
    from bibman.freetext import dates as d

    t = text.strip()
    m = d._ISO.search(t)
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    for m, mo in d._month_matches(d._DMY, t, 2):
        if 1 <= int(m.group(1)) <= 31:
            return int(m.group(3)), mo, int(m.group(1))
    for m, mo in d._month_matches(d._MDY, t, 1):
        if 1 <= int(m.group(2)) <= 31:
            return int(m.group(3)), mo, int(m.group(2))
    for m, mo in d._month_matches(d._YMD, t, 2):
        day = int(m.group(3) or 0)
        if 0 <= day <= 31:
            return int(m.group(1)), mo, day
    m = d._CJK_YMD.search(t)
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    for m, mo in d._month_matches(d._YMD_TEXT, t, 2):
        if 1 <= int(m.group(3)) <= 31:
            return int(m.group(1)), mo, int(m.group(3))
    m = d._DMY_NUM.search(t)
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(1)) <= 31:
        return int(m.group(3)), int(m.group(2)), int(m.group(1))
    for k, m in enumerate(d._MY.finditer(t)):
        mo = d._month(m.group(1), alone=True)
        if mo:
            return int(m.group(2)), mo, 0
        if k >= 12:
            break
    m = d._YEAR.search(t)
    return (int(m.group(1)), 0, 0) if m else None


def test_parse_date_month_guard_changes_no_answer() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from bibman.freetext.dates import MONTHS, parse_date

    words = [*sorted(MONTHS), "Mayor", "Marching", "Decade", "Junior", "Octo", "de", "th"]
    samples = [
        "Hanks, R. R. (2009) Multi-vector politics, 11(3):257-267",
        "Retrieved 5 May 2019",
        "accessed March 3, 2020",
        "(2019, May 4)",
        "November2017",
        "12.03.2018",
        "Mayor of Sept 2001",
        "4 Dezember 2019",
        "5 août 2020",
        "12 мая 2019",
        "MARCH 2, 1999",
        "2001-13-45 then 1999",
    ]
    for s in samples:
        assert parse_date(s) == _parse_date_unguarded(s), s

    piece = st.one_of(
        st.sampled_from(words),
        st.from_regex(r"\d{1,4}", fullmatch=True),
        st.sampled_from([" ", ", ", ".", "-", "/", "(", ")", " de ", "st ", "\u00e9", "K"]),
        st.text(max_size=4),
    )

    @settings(max_examples=400, deadline=None)
    @given(st.lists(piece, max_size=10).map("".join))
    def same(s: str) -> None:
        assert parse_date(s) == _parse_date_unguarded(s)

    same()


def test_every_spelling_of_a_tool_bibman_table_is_read() -> None:
    """The cheap look before parsing a pyproject.toml never skips a real [tool.bibman]."""
    import tomllib

    from bibman.cli.conventions import _TOOL_BIBMAN

    spellings = [
        "[tool.bibman.parse]\nto = 'json'\n",
        "[tool]\nbibman.parse.to = 'json'\n",
        "[ tool . bibman . parse ]\nto = 'json'\n",
        '["tool"."bibman".parse]\nto = "json"\n',
        "tool.bibman.parse.to = 'json'\n",
        "tool = {bibman = {parse = {to = 'json'}}}\n",
        "[project]\nname = 'x'\n\n  [tool.bibman]\n  parse = {to = 'json'}\n",
        "[tool.ruff]\nx = 1\n[tool.bibman.parse]\nto = 'json'\n",
    ]
    for text in spellings:
        assert tomllib.loads(text)["tool"]["bibman"]["parse"] == {"to": "json"}, text
        assert _TOOL_BIBMAN.search(text.encode()), text
    other = "[project.scripts]\nbibman = 'bibman.cli:main'\n[tool.ruff]\nparse = 1\n"
    assert not _TOOL_BIBMAN.search(other.encode())  # no tool.bibman table: not parsed


def test_parse_tells_a_pdf_as_the_pdf_reader_does(tmp_path: Path) -> None:
    # cli.parse looks for the PDF signature itself, not to import the PDF reader
    from bibman.cli.parse import _is_pdf_file
    from bibman.freetext.pdf import is_pdf

    for head in (
        b"%PDF-1.7\n",
        b"  \n%PDF-1.4",
        b"%PDF",
        b"@article{a,",
        b"",
        b"\xef\xbb\xbf%PDF-",
    ):
        f = tmp_path / "x"
        f.write_bytes(head + b"rest")
        assert _is_pdf_file(str(f)) == is_pdf(head + b"rest"), head
