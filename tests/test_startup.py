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


def test_csl_style_does_not_import_the_bst_machinery_or_other_formats() -> None:
    mods = modules_after("format", str(BIB), "--style", "apa")
    assert "bibman.csl.engine" in mods  # it did format
    assert "pybtex" not in mods and "bibman.styles.bst" not in mods
    assert "yaml" not in mods and "bibman.formats.ris" not in mods


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
    assert not {"bibtexparser", "rapidfuzz", "pylatexenc", "html.parser"} & mods
