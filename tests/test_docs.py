"""The README stays true: every command is documented, the two opening commands
are the ones CI runs, and every bench script it quotes exists."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
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


def test_first_five_minutes_block_runs_as_shown(tmp_path: Path) -> None:
    """Every command of the README's first-five-minutes block but `check` (network) is run
    from a copy of the shipped examples; its output must be what the README shows."""
    section = README.split("## The first five minutes", 1)[1]
    block = re.search(r"```console\n(.*?)```", section, re.S)
    assert block is not None
    steps: list[tuple[str, list[str]]] = []
    for line in block.group(1).splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            steps[-1][1].append(line)
    assert [cmd.split()[1] for cmd, _ in steps] == ["parse", "tidy", "check", "format", "format"]
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIBMAN_")}
    env["PYTHONPATH"] = str(ROOT)
    bibman = f"{shlex.quote(sys.executable)} -m bibman"
    for cmd, shown in steps:
        if cmd.startswith("bibman check"):
            continue
        r = subprocess.run(
            ["bash", "-c", bibman + cmd.removeprefix("bibman") + " 2>&1"],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            timeout=300,
            check=False,
        )
        assert r.returncode == 0, (cmd, r.stdout)
        assert r.stdout.splitlines() == shown, cmd
    assert (tmp_path / "refs.html").read_text(encoding="utf-8").startswith("<div class=")


def _console_steps(section_title: str) -> list[tuple[str, list[str]]]:
    start = README.index(section_title)
    end = README.index("\n## ", start + len(section_title))
    steps: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", README[start:end], re.S):
        for line in block.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            elif steps:
                steps[-1][1].append(line)
    return steps


@pytest.mark.parametrize("section", ["## `bibman format`", "## `bibman styles` and `bibman cite`"])
def test_console_blocks_on_shipped_files_show_real_output(section: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIBMAN_")}
    env["PYTHONPATH"] = str(ROOT)
    bibman = f"{shlex.quote(sys.executable)} -m bibman"
    ran = 0
    for cmd, shown in _console_steps(section):
        words = shlex.split(cmd, comments=True)
        files = [w for w in words if re.search(r"\.(bib|json|txt)$", w)]
        if not all((ROOT / f).is_file() for f in files):
            continue  # an illustration on a file the reader has (refs.bib)
        r = subprocess.run(
            ["bash", "-c", bibman + cmd.removeprefix("bibman") + " 2>&1"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=300,
            check=False,
        )
        if os.environ.get("BIBMAN_RECORD"):  # regenerate the README's block instead
            old = "\n".join([f"$ {cmd}", *shown]) + "\n"
            new = "\n".join([f"$ {cmd}", *r.stdout.splitlines()]) + "\n"
            text = (ROOT / "README.md").read_text(encoding="utf-8")
            (ROOT / "README.md").write_text(text.replace(old, new, 1), encoding="utf-8")
        else:
            assert r.stdout.splitlines() == shown, f"{cmd} (BIBMAN_RECORD=1 regenerates)"
        ran += 1
    assert ran >= 1


def _block_steps(
    section_title: str, readme: str = README
) -> list[tuple[str, list[str], tuple[int, int]]]:
    """(command, shown output, where the step's text is in ``readme``) of a section's console
    blocks; an ``echo $?`` step belongs to the command before it."""
    start = readme.index(section_title)
    end = readme.index("\n## ", start + len(section_title))
    steps: list[tuple[str, list[str], tuple[int, int]]] = []
    for m in re.finditer(r"```console\n(.*?)```", readme[start:end], re.S):
        pos = start + m.start(1)
        for line in m.group(1).splitlines(keepends=True):
            if line.startswith("$ ") and not (line.strip() == "$ echo $?" and steps):
                after = pos + len(line)
                steps.append((line[2:].rstrip("\n"), [], (after, after)))
            elif steps:
                cmd, shown, (a, _) = steps[-1]
                if line.strip() == "$ echo $?":
                    cmd += "\necho $?"
                shown.append(line.rstrip("\n"))
                steps[-1] = (cmd, shown, (a, pos + len(line)))
            pos += len(line)
    return steps


def _run_blocks(
    section: str,
    tmp_path: Path,
    env_extra: dict[str, str] | None = None,
    shown_as: Callable[[str], str] = lambda line: line,
    select: Callable[[str], bool] = lambda cmd: True,
) -> int:
    """Run a section's console blocks in a copy of examples/ and references.bib and compare
    each step's output (stderr included) with the README, through ``shown_as`` (what a line
    looks like in the README); BIBMAN_RECORD=1 rewrites the README's blocks instead."""
    if not (tmp_path / "examples").exists():
        shutil.copytree(ROOT / "examples", tmp_path / "examples")
        shutil.copy(ROOT / "references.bib", tmp_path / "references.bib")
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIBMAN_")}
    env["PYTHONPATH"] = str(ROOT)
    env["BIBMAN_USER_CONFIG"] = str(tmp_path / "no-config.toml")
    env.update(env_extra or {})
    shell = f'bibman() {{ {shlex.quote(sys.executable)} -m bibman "$@"; }}\n'
    record = bool(os.environ.get("BIBMAN_RECORD"))
    text = (ROOT / "README.md").read_text(encoding="utf-8") if record else README
    ran = 0
    # the README on disk when recording: an earlier test may have rewritten it
    for cmd, shown, (a, b) in reversed(_block_steps(section, text)):
        if not select(cmd):
            continue
        for word in shlex.split(cmd.split("\n")[0], comments=True):
            if re.search(r"\.(bib|json|txt|tex)$", word) and "-o" not in cmd.split(word)[0][-4:]:
                assert (tmp_path / word).is_file(), f"{cmd}: {word} is not a shipped file"
        r = subprocess.run(
            ["bash", "-c", shell + "{ " + cmd + "\n} 2>&1"],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            timeout=300,
            check=False,
        )
        got = [shown_as(line) for line in r.stdout.splitlines()]
        if record:
            lines = [*got[:-1], "$ echo $?", got[-1]] if cmd.endswith("echo $?") else got
            text = text[:a] + "".join(f"{ln}\n" for ln in lines) + text[b:]
        else:
            want = [shown_as(ln) for ln in shown if ln != "$ echo $?"]
            assert got == want, f"{cmd} (BIBMAN_RECORD=1 regenerates)"
        ran += 1
    if record:
        (ROOT / "README.md").write_text(text, encoding="utf-8")
    return ran


@pytest.mark.parametrize(
    "section",
    ["## `bibman convert`, `bibman tidy`, `bibman subset`", "## The same flags in every command"],
)
def test_housekeeping_console_blocks_run_as_shown(section: str, tmp_path: Path) -> None:
    """Every console block of these sections uses shipped files (examples/,
    references.bib) and shows what it prints."""
    assert _run_blocks(section, tmp_path) >= 1


def test_check_console_block_runs_against_the_local_server(tmp_path: Path) -> None:
    """The `bibman check` example: examples/links.bib's 127.0.0.1:8000 is the test suite's
    web server (on whatever port it got); request times are not compared."""
    sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "links"))
    from fakeweb import serve

    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    shutil.copy(ROOT / "references.bib", tmp_path / "references.bib")
    with serve() as web:
        here = web.base.removeprefix("http://")
        links = tmp_path / "examples" / "links.bib"
        links.write_text(
            links.read_text(encoding="utf-8").replace("127.0.0.1:8000", here), encoding="utf-8"
        )
        web.captures[f"{web.base}/missing/tutorial"] = [("20170310120000", "200")]
        env = {
            "BIBMAN_CACHE": str(tmp_path / "cache.sqlite"),
            "BIBMAN_DOI_RESOLVER": web.base + "/doi/",
            "BIBMAN_WAYBACK_CDX": web.base + "/cdx",
            "BIBMAN_WAYBACK_AVAILABLE": web.base + "/available",
            "BIBMAN_WAYBACK_WEB": "https://web.archive.org/web/",
        }

        def shown_as(line: str) -> str:
            line = line.replace(here, "127.0.0.1:8000")
            return re.sub(r"requests in [0-9.]+ s$", "requests in 0.1 s", line)

        # (the block after it shows a run without a network: not run here)
        ran = _run_blocks(
            "## `bibman check`", tmp_path, env, shown_as, lambda cmd: "links.bib" in cmd
        )
    assert ran >= 1


def test_parse_console_blocks_run_as_shown(tmp_path: Path) -> None:
    """`bibman parse` on the two examples, and on a thesis PDF with a bibliography per
    chapter: the PDF is built here with pdflatex and biber from
    tests/fixtures/pdf/papers.bib (the block is skipped without LaTeX)."""
    sys.path.insert(0, str(ROOT / "bench"))
    import pdf_papers

    select: Callable[[str], bool] = lambda cmd: "thesis.pdf" not in cmd  # noqa: E731
    if pdf_papers.have_latex(True):
        bib = ROOT / "tests" / "fixtures" / "pdf" / "papers.bib"
        pdf_papers.make_chapter_thesis(bib, tmp_path)
        assert (tmp_path / "thesis.pdf").is_file()
        select = lambda cmd: True  # noqa: E731
    assert _run_blocks("## `bibman parse`", tmp_path, select=select) >= 1
