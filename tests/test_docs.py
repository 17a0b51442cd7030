"""The README stays true: every command is documented, the two opening commands
are the ones CI runs, and every bench script it quotes exists."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bibman.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented_with_its_help_working() -> None:
    runner = CliRunner()
    commands = sorted(cli.list_commands(None))  # type: ignore[arg-type]
    assert {"parse", "check", "format"} <= set(commands)
    for name in commands:
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert f"bibman {name}" in README, f"README does not document `bibman {name}`"


def test_readme_opens_with_the_two_commands_and_ci_runs_the_second() -> None:
    block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert block is not None
    commands = [ln for ln in block.group(1).splitlines() if ln and not ln.startswith("#")]
    assert len(commands) == 2
    main_job, test_cmd = commands
    assert main_job.startswith("pip install .") and "bibman parse examples/" in main_job
    assert "bibman format" in main_job
    for example in re.findall(r"examples/[\w.-]+", main_job):
        assert (ROOT / example).is_file(), example
    assert "pytest" in test_cmd
    assert test_cmd in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_quoted_bench_scripts_exist() -> None:
    for script in set(re.findall(r"bench/[\w.]+\.(?:py|sh)", README)):
        assert (ROOT / script).is_file(), script


def test_readme_python_examples_run_and_do_what_they_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocks = re.findall(r"```python\n(.*?)```", README, re.S)
    assert len(blocks) >= 2
    shutil.copy(ROOT / "references.bib", tmp_path / "references.bib")
    monkeypatch.chdir(tmp_path)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "@article{hanks2009multi," in out
    before = (ROOT / "references.bib").read_text(encoding="utf-8")
    after = (tmp_path / "checked.bib").read_text(encoding="utf-8")
    changed = [ln for ln in after.splitlines() if ln not in before.splitlines()]
    assert changed == ["  note = {Checked},"]
    assert (tmp_path / "references.bib").read_text(encoding="utf-8") == before
