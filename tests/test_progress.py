"""bibman.terminal's progress display: on a terminal only, after a delay, erased at
the end, out of the way of diagnostics; nothing at all in pipes, files or CI."""

from __future__ import annotations

import io
import time

import pytest

from bibman import terminal


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _no_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("BIBMAN_NO_PROGRESS", raising=False)
    monkeypatch.setenv("TERM", "xterm")


def _wait_for(stream: io.StringIO, text: str, seconds: float = 5.0) -> None:
    end = time.monotonic() + seconds
    while text not in stream.getvalue() and time.monotonic() < end:
        time.sleep(0.02)


def test_a_terminal_sees_the_bar_and_then_a_clean_line() -> None:
    out = FakeTerminal()
    with terminal.progress("tidy x.bib", stream=out, delay=0.0):
        terminal.phase("tidying", 4)
        terminal.tick(2)
        _wait_for(out, "2/4")
        assert "tidying [##########          ] 2/4" in out.getvalue()
    assert out.getvalue().endswith("\r\x1b[K")  # erased at the end


def test_short_work_prints_nothing() -> None:
    out = FakeTerminal()
    with terminal.progress("tidy", stream=out, delay=5.0):
        terminal.tick()
    assert out.getvalue() == ""


@pytest.mark.parametrize("env", ["CI", "BIBMAN_NO_PROGRESS"])
def test_ci_or_opt_out_prints_nothing(monkeypatch: pytest.MonkeyPatch, env: str) -> None:
    monkeypatch.setenv(env, "1")
    out = FakeTerminal()
    with terminal.progress("tidy", stream=out, delay=0.0):
        terminal.tick()
        time.sleep(0.1)
    assert out.getvalue() == ""


def test_a_pipe_or_file_gets_nothing() -> None:
    out = io.StringIO()  # not a terminal
    with terminal.progress("tidy", stream=out, delay=0.0):
        terminal.phase("reading", 3)
        terminal.tick()
        time.sleep(0.1)
    assert out.getvalue() == ""


def test_ticks_without_a_display_are_harmless() -> None:
    terminal.phase("nothing shown", 10)
    terminal.tick()
    terminal.finish()


def test_diagnostics_clear_the_line_first() -> None:
    out = FakeTerminal()
    with terminal.progress("convert", stream=out, delay=0.0):
        _wait_for(out, "convert")
        with terminal.quiet_progress():
            at = len(out.getvalue())
            out.write("refs.bib:3: warning: something\n")
        before = out.getvalue()[:at]
        assert before.endswith("\r\x1b[K")  # the progress line was erased


def test_labels_from_files_are_escaped() -> None:
    p = terminal.Progress("tidy \x1b[2Jevil.bib", FakeTerminal())
    assert "\x1b" not in p.line()
