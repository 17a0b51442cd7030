"""Packaging: a distribution name that does not collide with the package index's unrelated
`bibman`, one version number, and `--version` without installed metadata."""

from __future__ import annotations

import importlib.metadata
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

import bibman
from bibman.cli import cli

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_distribution_name_is_not_the_unrelated_bibman_but_command_and_package_are() -> None:
    project = PYPROJECT["project"]
    assert project["name"] == "bibman-refs"
    assert project["scripts"] == {"bibman": "bibman.cli:main"}
    assert PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"] == ["bibman*"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pip install bibman\n" not in readme and "pip install bibman " not in readme


def test_version_is_single_sourced_from_the_package() -> None:
    assert "version" in PYPROJECT["project"]["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "bibman.__version__"}


def test_version_works_without_distribution_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    # As when bibman is only on sys.path (a source checkout): no metadata to find.
    def missing(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", missing)
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0, result.output
    assert result.output == f"bibman, version {bibman.__version__}\n"
