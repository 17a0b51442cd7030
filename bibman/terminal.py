"""Text from a bibliography shown on a terminal: control characters escaped.

A field value can hold escape sequences (``ESC[2J`` clears the screen, others
retitle the window or fake a prompt) and bidi overrides (U+202E shows text in
another order than it is: the "Trojan Source" trick). Printed to a terminal
they are shown as ``\\x1b`` / ``\\u202e`` instead; written to a file or a pipe
the text stays byte-exact.

Also the progress display of long work (``progress``, ``phase``, ``tick``):
on standard error, on a terminal only.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import re
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any, TextIO

from .lazyre import lazy

# C0 controls but tab and line feed, a carriage return not ending a line,
# DEL and C1 controls, and the invisible bidi controls (embeddings,
# overrides, isolates, marks).
_UNSAFE = lazy(
    "[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\r(?!\n)"
)


def _show(m: re.Match[str]) -> str:
    c = ord(m.group(0))
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def escape(text: str) -> str:
    """``text`` with every control and bidi character written as an escape."""
    return _UNSAFE.sub(_show, text) if _UNSAFE.search(text) else text


class _Escaping:
    """A text stream that escapes what it writes (see ``escape``)."""

    def __init__(self, inner: TextIO) -> None:
        self._inner = inner

    def write(self, s: Any) -> int:
        if isinstance(s, str):
            self._inner.write(escape(s))
            return len(s)
        return self._inner.write(s)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def guard_stdout() -> None:
    """Escape what the command prints on standard output when it is a terminal."""
    out = sys.stdout
    if out is not None and not isinstance(out, _Escaping) and out.isatty():
        sys.stdout = _Escaping(out)


# --------------------------------------------------------------------------
# Progress on long work
# --------------------------------------------------------------------------


class Progress:
    """A one-line progress display on standard error, for long work on large files.

    Shown only when standard error is a terminal (never in pipes, files or CI
    logs), and only once the work has run for ``delay`` seconds: small files
    print nothing. The work calls ``tick()`` (module function) once per entry;
    that costs a counter increment. A daemon thread redraws the line a few
    times a second and erases it at the end.
    """

    def __init__(self, label: str, stream: TextIO, delay: float = 1.0) -> None:
        self.label = label
        self.total: int | None = None
        self.done = 0
        self._stream = stream
        self._delay = delay
        self._stop = threading.Event()
        self._shown = False
        self._start = time.monotonic()
        self.lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def phase(self, label: str, total: int | None = None) -> None:
        """A new step: its label and how many ticks it will take (None: unknown)."""
        self.label, self.total, self.done = label, total, 0

    def line(self, width: int = 80) -> str:
        """The text shown now (no control characters)."""
        elapsed = time.monotonic() - self._start
        label = escape(self.label)
        if self.total:
            frac = min(self.done / self.total, 1.0)
            bar = "#" * int(frac * 20)
            text = f"{label} [{bar:<20}] {self.done:,}/{self.total:,} {elapsed:4.0f} s"
        elif self.done:
            text = f"{label} {self.done:,} {elapsed:4.0f} s"
        else:
            text = f"{label} … {elapsed:4.0f} s"
        return text[: width - 1]

    def _run(self) -> None:
        if self._stop.wait(self._delay):
            return
        while True:
            self._draw()
            if self._stop.wait(0.25):
                return

    def _draw(self) -> None:
        with self.lock:
            if self._stop.is_set():
                return
            try:
                self._stream.write("\r" + self.line() + "\x1b[K")
                self._stream.flush()
                self._shown = True
            except (OSError, ValueError):  # the terminal went away
                self._stop.set()

    def clear(self) -> None:
        """Erase the line (the caller holds ``lock`` while it writes its own)."""
        if self._shown:
            try:
                self._stream.write("\r\x1b[K")
                self._stream.flush()
            except (OSError, ValueError):
                pass
            self._shown = False

    def finish(self) -> None:
        """Stop drawing and erase the line (the work is done; its output follows)."""
        self._stop.set()
        with self.lock:
            self.clear()

    def __enter__(self) -> Progress:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.finish()
        self._thread.join(timeout=1.0)


_CURRENT: contextvars.ContextVar[Progress | None] = contextvars.ContextVar(
    "bibman_progress", default=None
)


def wants_progress(stream: TextIO | None) -> bool:
    """Whether a progress display may be shown on ``stream``: a terminal, not CI,
    not a dumb terminal, and not turned off with BIBMAN_NO_PROGRESS."""
    if stream is None or os.environ.get("CI") or os.environ.get("BIBMAN_NO_PROGRESS"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@contextlib.contextmanager
def progress(label: str, stream: TextIO | None = None, delay: float = 1.0) -> Iterator[None]:
    """Show progress on ``stream`` (standard error by default) while the block runs,
    when ``wants_progress``; otherwise do nothing. ``phase`` and ``tick`` report to it."""
    stream = sys.stderr if stream is None else stream
    if not wants_progress(stream) or _CURRENT.get() is not None:
        yield
        return
    with Progress(label, stream, delay) as p:
        token = _CURRENT.set(p)
        try:
            yield
        finally:
            _CURRENT.reset(token)


def phase(label: str, total: int | None = None) -> None:
    """Start a step of the work in progress (nothing when no progress is shown)."""
    p = _CURRENT.get()
    if p is not None:
        p.phase(label, total)


def finish() -> None:
    """The long work is over: erase the progress line before the command's output."""
    p = _CURRENT.get()
    if p is not None:
        p.finish()


def tick(n: int = 1) -> None:
    """One more unit (an entry) done (nothing when no progress is shown)."""
    p = _CURRENT.get()
    if p is not None:
        p.done += n


@contextlib.contextmanager
def quiet_progress() -> Iterator[None]:
    """Around other writes to standard error: the progress line is erased first
    and not redrawn until they are done."""
    p = _CURRENT.get()
    if p is None:
        yield
        return
    with p.lock:
        p.clear()
        yield
