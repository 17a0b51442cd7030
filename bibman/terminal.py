"""Text from a bibliography shown on a terminal: control characters escaped.

A field value can hold escape sequences (``ESC[2J`` clears the screen, others
retitle the window or fake a prompt) and bidi overrides (U+202E shows text in
another order than it is: the "Trojan Source" trick). Printed to a terminal
they are shown as ``\\x1b`` / ``\\u202e`` instead; written to a file or a pipe
the text stays byte-exact.
"""

from __future__ import annotations

import re
import sys
from typing import Any, TextIO

# C0 controls but tab and line feed, a carriage return not ending a line,
# DEL and C1 controls, and the invisible bidi controls (embeddings,
# overrides, isolates, marks).
_UNSAFE = re.compile(
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
