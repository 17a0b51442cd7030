"""`[tool.bibman.format]`, `[tool.bibman.tidy]`, `[tool.bibman.parse]` (and bibman.toml):
option defaults for those commands; flags win; every error names the config file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bibman.cli import conventions
from bibman.config import command_config_files

ROOT = Path(__file__).resolve().parents[1]
BIB = ROOT / "tests" / "fixtures" / "csl" / "refs.bib"


def bibman(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIBMAN_")}
    env["PYTHONPATH"] = str(ROOT)
    env["BIBMAN_USER_CONFIG"] = str(cwd / "no-user-config.toml")
    return subprocess.run(
        [sys.executable, "-m", "bibman", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copy(BIB, tmp_path / "refs.bib")
    return tmp_path


def test_format_defaults_from_pyproject_flags_and_suffix_win(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.bibman.format]\nstyle = "mla"\nto = "html"\n', encoding="utf-8"
    )
    mla_html = bibman(project, "format", "refs.bib")
    assert mla_html.returncode == 0, mla_html.stderr
    assert mla_html.stdout.startswith('<div class="bibliography">')
    assert "Doe, Jane. <i>Formatting References</i>. Example Press, 2019." in mla_html.stdout
    plain = bibman(project, "format", "refs.bib", "--style", "plain", "--to", "text")
    assert plain.stdout.startswith("[1] Jane Doe.")
    assert bibman(project, "format", "refs.bib", "-o", "out.md").returncode == 0
    assert (project / "out.md").read_text(encoding="utf-8").startswith("Doe, Jane. *Formatting")


def test_tidy_field_order_and_sort_from_bibman_toml(project: Path) -> None:
    (project / "bibman.toml").write_text(
        '[tidy]\nfield-order = ["title", "year", "author"]\nsort = "key"\n', encoding="utf-8"
    )
    r = bibman(project, "tidy", "refs.bib", "-o", "-")
    assert r.returncode == 0, r.stderr
    first = r.stdout.split("\n\n")[0].splitlines()
    assert first[0] == "@book{doe2019," and first[1].startswith("  title =")
    assert first[2].startswith("  year =") and first[3].startswith("  author =")
    flag = bibman(project, "tidy", "refs.bib", "-o", "-", "--field-order", "author,title")
    assert flag.stdout.split("\n\n")[0].splitlines()[1].startswith("  author =")


def test_parse_output_format_from_config(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.bibman.parse]\nto = "csljson"\none-per-line = true\n', encoding="utf-8"
    )
    refs = "Garcia, P. Modelling glaciers. PhD thesis, University of Bern, 2005.\n"
    r = bibman(project, "parse", "-", stdin=refs)
    assert r.returncode == 0, r.stderr
    assert r.stdout.lstrip().startswith("[") and '"type": "thesis"' in r.stdout
    assert bibman(project, "parse", "-", "-o", "x.bib", stdin=refs).returncode == 0
    assert (project / "x.bib").read_text(encoding="utf-8").startswith("@phdthesis{")


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[tool.bibman.format]\nstyle = "mlaa"\n', "unknown style 'mlaa'; did you mean 'mla'"),
        ('[tool.bibman.format]\nlocale = "xx-YY"\n', "unknown locale 'xx-YY'"),
        ('[tool.bibman.format]\nto = "pdf"\n', "to: 'pdf' is not one of text, html"),
        ('[tool.bibman.tidy]\nsortt = "key"\n', "unknown setting 'sortt' (known: sort,"),
        ("[tool.bibman.tidy]\nindent = 2\n", "indent: expected str, got 2"),
        ("[tool.bibman.format\n", "invalid TOML"),
    ],
)
def test_config_errors_name_the_file_and_table(project: Path, toml: str, message: str) -> None:
    (project / "pyproject.toml").write_text(toml, encoding="utf-8")
    command = "tidy" if "tidy" in toml else "format"
    r = bibman(project, command, "refs.bib", "-o", "-")
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith(f"bibman: error: {project / 'pyproject.toml'}")
    assert message in r.stderr and "Traceback" not in r.stderr


def test_cheap_config_probe_sees_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BIBMAN_USER_CONFIG", str(tmp_path / "user.toml"))
    assert not conventions._may_have_config() and command_config_files() == []
    (tmp_path / "user.toml").write_text("[format]\n", encoding="utf-8")
    assert conventions._may_have_config() and command_config_files()
    (tmp_path / "user.toml").unlink()
    (tmp_path / "bibman.toml").write_text("[tidy]\n", encoding="utf-8")
    assert conventions._may_have_config() and command_config_files()


def test_shell_completion_of_commands_and_style_names(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "_BIBMAN_COMPLETE": "bash_complete"}
    for words, cword, want in (
        ("bibman fo", "1", "plain,format"),
        ("bibman format x.bib --style ml", "4", "plain,mla"),
        ("bibman cite x.bib k --style chicago-author-d", "5", "plain,chicago-author-date"),
    ):
        r = subprocess.run(
            [sys.executable, "-m", "bibman"],
            env={**env, "COMP_WORDS": words, "COMP_CWORD": cword},
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=60,
            check=False,
        )
        assert want in r.stdout.splitlines(), (words, r.stdout)
