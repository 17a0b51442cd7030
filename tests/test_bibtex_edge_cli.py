"""BibTeX input edge cases found by a fuzzing review (issue 9, item 10), through
the real ``bibman`` command: every command reads them the same way (one reader,
the same lines), and what BibTeX would drop is exit 2, never a warning + exit 0."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

# The subprocess must import this checkout's bibman, whatever the cwd (an
# installed copy elsewhere would otherwise win).
ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}

# every command that reads a .bib, as argv after "bibman" (the file is appended)
READERS = {
    "tidy": ["tidy", "--check"],
    "format-plain": ["format", "--style", "plain"],
    "format-apa": ["format", "--style", "apa"],
    "convert-csljson": ["convert", "--to", "csljson"],
    "convert-ris": ["convert", "--to", "ris"],
    "convert-yaml": ["convert", "--to", "yaml"],
    "convert-biblatex": ["convert", "--to", "biblatex"],
    "check": ["check", "--no-cache", "--timeout", "1"],
}


def bibman(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bibman", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        env=ENV,
    )


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def nested(depth: int) -> str:
    return "{" * depth + "x" + "}" * depth


# --------------------------------------------------------------------------
# deep brace nesting
# --------------------------------------------------------------------------


@pytest.mark.parametrize("cmd", sorted(READERS))
def test_braces_nested_too_deep_are_a_clear_error(cmd: str, tmp_path: Path) -> None:
    bib = (
        f"@article{{deep,\n  title = {{{nested(3000)}}},\n  year = 2000,\n}}\n\n"
        "@misc{fine, author = {Doe, J.}, title = {Fine}, year = 2001}\n"
    )
    src = write(tmp_path, "deep.bib", bib)
    proc = bibman(*READERS[cmd], src.name, cwd=tmp_path)
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-500:])
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr
    assert "deep.bib:1: entry 'deep': error: braces nested deeper than 255" in proc.stderr
    assert src.read_text(encoding="utf-8") == bib


@pytest.mark.parametrize(
    ("cmd", "depth"),
    [("format-plain", 90), ("format-apa", 200), ("convert-csljson", 200), ("tidy", 200)],
)
def test_braces_nested_within_tex_limit_work(cmd: str, depth: int, tmp_path: Path) -> None:
    src = write(
        tmp_path,
        "ok.bib",
        f"@article{{ok,\n  author = {{Doe, Jane}},\n  title = {{{nested(depth)}}},\n"
        "  journal = {J},\n  year = 2000,\n}\n",
    )
    proc = bibman(*READERS[cmd], src.name, cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr  # tidy --check: 1 = would reformat
    assert "error" not in proc.stderr
    if cmd.startswith("format"):
        assert "Doe" in proc.stdout and "x" in proc.stdout


def test_bst_styles_stop_at_pybtex_nesting_limit_with_a_clear_error(tmp_path: Path) -> None:
    # the .bst string functions (pybtex's) nest at most 100 levels
    src = write(tmp_path, "b.bib", f"@misc{{b, author = {{A, B}}, title = {{{nested(200)}}}}}\n")
    proc = bibman("format", "--style", "plain", src.name, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.endswith("the style failed on b.bib: too many nested braces\n")


# --------------------------------------------------------------------------
# '@type' + whitespace + '{', and a stray '}'
# --------------------------------------------------------------------------

SPACED = "@article {one,\n  title = {One},\n}\n\n@book\n{two,\n  title = {Two},\n}\n"


@pytest.mark.parametrize("cmd", ["convert-csljson", "format-plain", "format-apa"])
def test_line_end_between_type_and_brace_is_read_as_bibtex_does(cmd: str, tmp_path: Path) -> None:
    src = write(tmp_path, "spaced.bib", SPACED)
    proc = bibman(*READERS[cmd], src.name, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Two" in proc.stdout and "One" in proc.stdout
    if cmd == "convert-csljson":
        assert [i["id"] for i in json.loads(proc.stdout)] == ["one", "two"]


def test_spaced_headers_survive_tidy_byte_for_byte_where_unchanged(tmp_path: Path) -> None:
    src = write(tmp_path, "spaced.bib", SPACED)
    proc = bibman("tidy", "-o", "out.bib", src.name, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = (tmp_path / "out.bib").read_text(encoding="utf-8")
    assert "{two," in out and "{Two}" in out


STRAY = "@book{b,\n  title = {B}},\n  year = 2003,\n}\n"


@pytest.mark.parametrize("cmd", sorted(READERS))
def test_stray_closing_brace_that_drops_a_field_is_exit_2(cmd: str, tmp_path: Path) -> None:
    src = write(tmp_path, "stray.bib", STRAY)
    proc = bibman(*READERS[cmd], src.name, cwd=tmp_path)
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "stray.bib:3: entry 'b': error: text after the entry" in proc.stderr


def test_stray_brace_with_the_dropped_fields_on_the_same_line_is_exit_2(tmp_path: Path) -> None:
    src = write(tmp_path, "one.bib", "@article{a, title={T}}, author={A, B}, year={2001}}\n")
    proc = bibman("convert", "--to", "csljson", src.name, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "one.bib:1: entry 'a': error: text after the entry" in proc.stderr


def test_missing_comma_that_swallows_a_field_is_exit_2(tmp_path: Path) -> None:
    src = write(tmp_path, "comma.bib", '@book{b,\n  title = "B"\n  year = {2000}\n}\n')
    proc = bibman("convert", "--to", "csljson", src.name, cwd=tmp_path)
    assert proc.returncode == 2
    assert "comma.bib:3: entry 'b': error:" in proc.stderr


# --------------------------------------------------------------------------
# @string scope
# --------------------------------------------------------------------------

STRINGS = (
    "@string{j = {First}}\n"
    "@article{a, title = {A}, journal = j}\n"
    "@string{j = {Second}}\n"
    "@article{b, title = {B}, journal = j # u}\n"
    "@string{u = { Later}}\n"
)


def test_string_redefinition_applies_from_its_position_on(tmp_path: Path) -> None:
    src = write(tmp_path, "s.bib", STRINGS)
    proc = bibman("convert", "--to", "csljson", src.name, cwd=tmp_path)
    got = {i["id"]: i.get("container-title") for i in json.loads(proc.stdout)}
    assert got["a"] == "First"
    assert got["b"].startswith("Second")
    assert "s.bib:4: entry 'b': warning: macro 'u' is used before its @string on line 5" in (
        proc.stderr
    )


def test_format_plain_expands_strings_by_position_too(tmp_path: Path) -> None:
    src = write(tmp_path, "s.bib", STRINGS)
    proc = bibman("format", "--style", "unsrt", src.name, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    a, b = [line for line in proc.stdout.splitlines() if line.startswith("[")]
    assert "First" in a and "Second" in b and "Later" not in b  # BibTeX: empty before its @string
    assert "s.bib:4: entry 'b': warning: undefined string 'u'" in proc.stderr


def test_links_in_strings_are_checked_by_position(tmp_path: Path) -> None:
    src = write(
        tmp_path,
        "l.bib",
        "@string{site = {http://127.0.0.1:9/a}}\n@misc{a, url = site}\n"
        "@string{site = {http://127.0.0.1:9/b}}\n@misc{b, url = site}\n",
    )
    proc = bibman(
        "check", "--no-cache", "--timeout", "1", "--format", "json", src.name, cwd=tmp_path
    )
    assert "http://127.0.0.1:9/a" in proc.stdout and "http://127.0.0.1:9/b" in proc.stdout


# --------------------------------------------------------------------------
# spaced accent commands
# --------------------------------------------------------------------------

ACCENTS = (
    "@article{a, author = {Sz\\H ol\\H o, P\\'eter and Bj\\o rn Berg}, title = {T}, year = 2001}\n"
)


def test_spaced_accents_at_word_ends_decode_in_names(tmp_path: Path) -> None:
    src = write(tmp_path, "acc.bib", ACCENTS)
    proc = bibman("convert", "--to", "csljson", src.name, cwd=tmp_path)
    (item,) = json.loads(proc.stdout)
    assert item["author"] == [
        {"family": "Szőlő", "given": "Péter"},
        {"family": "Berg", "given": "Bjørn"},
    ]
    for style in ("plain", "apa"):
        out = bibman("format", "--style", style, src.name, cwd=tmp_path).stdout
        assert "Szőlő" in out, out
        assert "Bjørn" in out or "Berg, B." in out, out  # APA keeps initials only


# --------------------------------------------------------------------------
# one reader for format --style plain: same entries, same lines
# --------------------------------------------------------------------------


def test_format_plain_reports_the_same_broken_block_as_every_command(tmp_path: Path) -> None:
    text = (
        "@book{good1, title = {Good One}, author = {A, B}, publisher = {P}, year = 2000}\n\n"
        "@book{bad,\n  title = {open,\n  year = 2002,\n}\n\n"
        "@book{good2, title = {Good Two}, author = {C, D}, publisher = {P}, year = 2001}\n"
    )
    src = write(tmp_path, "b.bib", text)
    lines = set()
    for cmd in ("tidy", "format-plain", "format-apa", "convert-csljson"):
        proc = bibman(*READERS[cmd], src.name, cwd=tmp_path)
        assert proc.returncode == 2
        errs = [ln for ln in proc.stderr.splitlines() if ": error: " in ln]
        lines.add(errs[0].split(": error: ")[0])
    assert lines == {"b.bib:3: entry 'bad'"}


# --------------------------------------------------------------------------
# control characters and bidi overrides on a terminal
# --------------------------------------------------------------------------

EVIL = (
    "@misc{e, author = {X, Y}, title = {Evil \x1b[2J wipe \u202eabc\u202c bell\x07}, year = 2000}\n"
)


def _on_terminal(args: list[str], cwd: Path) -> str:
    """What ``bibman ARGS`` shows on a pseudo-terminal (bounded in time)."""
    pty = pytest.importorskip("pty")
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.chdir(cwd)
        os.execve(sys.executable, [sys.executable, "-m", "bibman", *args], ENV)
    out = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if not ready:
            continue
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        out += data
    os.waitpid(pid, 0)
    os.close(fd)
    return out.decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("args", [["format", "--style", "plain"], ["format", "--style", "apa"]])
def test_control_and_bidi_characters_are_escaped_on_a_terminal(
    args: list[str], tmp_path: Path
) -> None:
    src = write(tmp_path, "evil.bib", EVIL)
    shown = _on_terminal([*args, src.name], tmp_path)
    assert "\x1b[2J" not in shown and "\u202e" not in shown and "\x07" not in shown
    assert "\\x1b[2" in shown and "\\u202e" in shown


def test_control_characters_stay_byte_exact_in_a_pipe(tmp_path: Path) -> None:
    src = write(tmp_path, "evil.bib", EVIL)
    proc = bibman("format", "--style", "apa", src.name, cwd=tmp_path)
    assert "\u202e" in proc.stdout and "\x07" in proc.stdout and "\\u202e" not in proc.stdout
