"""Test-session setup: the compiled-regex cache (bibman.lazyre) goes to a temporary file,
never to the user's cache directory; subprocesses inherit it through the environment."""

from __future__ import annotations

import os
import tempfile

import pytest


def pytest_configure(config: pytest.Config) -> None:
    if "BIBMAN_REGEX_CACHE" not in os.environ:
        folder = tempfile.mkdtemp(prefix="bibman-regex-cache-")
        os.environ["BIBMAN_REGEX_CACHE"] = os.path.join(folder, "regex.marshal")
