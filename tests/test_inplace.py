"""Issue 9 items 2 and 7: in-place rewrites (tidy FILE, check --fix) keep a
backup on request, show a dry run, and never lose a concurrent edit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bibman import textio
from bibman.errors import InputError

REPO = Path(__file__).resolve().parents[1]
UNTIDY = "@Article{watson1953,\n  title = {Molecular Structure}, year = 1953,\n  author = {Watson, James D.},\n  journal = {Nature},\n}\n"


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bibman", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_tidy_dry_run_prints_a_diff_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(UNTIDY)
    before = os.stat(tmp_path / "refs.bib").st_mtime_ns
    proc = run(["tidy", "--dry-run", "refs.bib"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "-@Article{watson1953," in proc.stdout and "+@article{watson1953," in proc.stdout
    assert (tmp_path / "refs.bib").read_text() == UNTIDY
    assert os.stat(tmp_path / "refs.bib").st_mtime_ns == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["refs.bib"]


@pytest.mark.parametrize(("flag", "suffix"), [("--backup", "~"), ("--backup=.bak", ".bak")])
def test_tidy_backup_keeps_the_old_file(tmp_path: Path, flag: str, suffix: str) -> None:
    (tmp_path / "refs.bib").write_text(UNTIDY)
    proc = run(["tidy", flag, "refs.bib"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / f"refs.bib{suffix}").read_text() == UNTIDY
    assert "@article{watson1953," in (tmp_path / "refs.bib").read_text()


def test_tidy_of_a_tidy_file_does_not_touch_it_or_make_a_backup(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(UNTIDY)
    assert run(["tidy", "refs.bib"], tmp_path).returncode == 0
    tidy_text = (tmp_path / "refs.bib").read_text()
    before = os.stat(tmp_path / "refs.bib").st_mtime_ns
    proc = run(["tidy", "--backup", "refs.bib"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "refs.bib").read_text() == tidy_text
    assert os.stat(tmp_path / "refs.bib").st_mtime_ns == before
    assert not (tmp_path / "refs.bib~").exists()


def test_backup_with_output_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(UNTIDY)
    proc = run(["tidy", "--backup", "refs.bib", "-o", "out.bib"], tmp_path)
    assert proc.returncode == 2 and "--backup" in proc.stderr
    assert not (tmp_path / "out.bib").exists()


def test_tidy_output_to_itself_is_refused_with_a_hint(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(UNTIDY)
    proc = run(["tidy", "refs.bib", "-o", "refs.bib"], tmp_path)
    assert proc.returncode == 2
    assert "refusing to overwrite" in proc.stderr and "in place" in proc.stderr
    assert (tmp_path / "refs.bib").read_text() == UNTIDY


# -- concurrent edits: the guard in textio that every in-place writer goes through


def test_a_file_changed_since_it_was_read_is_not_replaced(tmp_path: Path) -> None:
    p = tmp_path / "refs.bib"
    p.write_text(UNTIDY)
    textio.read_text(p)
    p.write_text(UNTIDY + "% someone's edit\n")
    with pytest.raises(InputError, match="changed on disk since bibman read it"):
        textio.write_file(p, "tidied\n")
    assert p.read_text().endswith("% someone's edit\n")
    assert sorted(x.name for x in tmp_path.iterdir()) == ["refs.bib"]


def test_same_size_edit_with_the_old_mtime_is_caught_by_the_hash(tmp_path: Path) -> None:
    p = tmp_path / "refs.bib"
    p.write_text("@misc{a, title = {aaaa}}\n")
    textio.read_text(p)
    st = p.stat()
    p.write_text("@misc{a, title = {bbbb}}\n")
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))  # an editor that restores mtime
    with pytest.raises(InputError, match="changed on disk"):
        textio.write_file(p, "x\n")
    assert "bbbb" in p.read_text()


def test_a_file_deleted_since_it_was_read_is_not_recreated(tmp_path: Path) -> None:
    p = tmp_path / "refs.bib"
    p.write_text(UNTIDY)
    textio.read_text(p)
    p.rename(tmp_path / "moved.bib")
    textio.write_file(p, "new\n")  # a new file at that name is not an edit we could lose
    assert p.read_text() == "new\n"


def test_after_our_own_write_the_new_content_is_guarded(tmp_path: Path) -> None:
    p = tmp_path / "refs.bib"
    p.write_text("one\n")
    textio.read_text(p)
    textio.write_file(p, "two\n")
    textio.write_file(p, "three\n")  # our own previous write is not a concurrent edit
    p.write_text("someone else\n")
    with pytest.raises(InputError, match="changed on disk"):
        textio.write_file(p, "four\n")


def test_tidy_does_not_overwrite_an_edit_made_while_it_ran(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the tidy command, with the edit landing between read and write."""
    from click.testing import CliRunner

    from bibman.cli import cli
    from bibman.cli import tidy as tidy_cli

    p = tmp_path / "refs.bib"
    p.write_text(UNTIDY)

    def slow(real: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            out = real(*args, **kwargs)
            p.write_text(UNTIDY + "@misc{new, title = {Added meanwhile}}\n")
            return out

        return run

    # (tidy_stream tidies as it reads; tidy after reading the whole file)
    monkeypatch.setattr(tidy_cli, "tidy", slow(tidy_cli.tidy))
    monkeypatch.setattr(tidy_cli, "tidy_stream", slow(tidy_cli.tidy_stream))
    result = CliRunner().invoke(cli, ["tidy", str(p)])
    assert result.exit_code == 2, result.output
    assert "changed on disk" in result.output
    assert "Added meanwhile" in p.read_text()
