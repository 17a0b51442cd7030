"""The exception tree: for unusable input, bad configuration and bugs only.

Problems *inside* usable input (a malformed entry, a doubtful reference) are
reported as ``Diagnostic`` values, not raised.
"""

from __future__ import annotations


class BibmanError(Exception):
    """Base class. ``str(err)`` is a one-line message fit for a user."""


class InputError(BibmanError):
    """An input cannot be used at all (missing, a directory, binary, undecodable)."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None) -> None:
        self.file = file
        self.line = line
        loc = file or "<input>"
        if line is not None:
            loc += f":{line}"
        super().__init__(f"{loc}: {message}")


class ConfigError(BibmanError):
    """Bad settings: unknown style, invalid option value, broken config file."""
