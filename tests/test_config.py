"""Settings: defaults once; flags > environment > --config > bibman.toml > pyproject.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from bibman.config import BROWSER_USER_AGENT, Settings, load_settings
from bibman.errors import ConfigError


def test_defaults() -> None:
    s = load_settings({}, cwd="/nonexistent-dir-for-test", env={})
    assert s == Settings()
    assert s.fail_on == ("dead", "soft-404", "timeout")


def test_precedence(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.bibman.check]\ntimeout = 11\nretries = 4\nconcurrency = 7\nhost_concurrency = 3\n"
    )
    (tmp_path / "bibman.toml").write_text(
        "[check]\nretries = 5\nconcurrency = 6\nhost-concurrency = 2\n"
    )
    extra = tmp_path / "ci.toml"
    extra.write_text("[check]\nconcurrency = 5\nmax_redirects = 3\n")
    env = {"BIBMAN_CONCURRENCY": "4", "BIBMAN_TIMEOUT": "2.5"}
    s = load_settings({"max_redirects": 1, "retries": None}, config=extra, cwd=tmp_path, env=env)
    assert s.timeout == 2.5  # env over pyproject
    assert s.retries == 5  # bibman.toml over pyproject; a None flag is "not given"
    assert s.host_concurrency == 2
    assert s.concurrency == 4  # env over --config
    assert s.max_redirects == 1  # flag over everything


def test_types_and_aliases(tmp_path: Path) -> None:
    (tmp_path / "bibman.toml").write_text(
        '[check]\ncache_max_age = "12h"\nfail_on = ["dead"]\naccept = [403, 429]\n'
        'user_agent = "browser"\nexclude = ["example\\\\.com"]\n'
    )
    s = load_settings({}, cwd=tmp_path, env={"BIBMAN_ALLOW_NETWORKS": "10.0.0.0/8, 127.0.0.0/28"})
    assert s.cache_max_age == 12 * 3600
    assert s.fail_on == ("dead",) and s.accept == (403, 429)
    assert s.user_agent == BROWSER_USER_AGENT
    assert s.allow_networks == ("10.0.0.0/8", "127.0.0.0/28")
    assert s.exclude == ("example\\.com",)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[check]\ntimeuot = 3\n", "unknown setting"),
        ("[check]\ntimeout = -1\n", "positive"),
        ('[check]\nfail_on = ["broken"]\n', "unknown verdict"),
        ('[check]\nexclude = ["("]\n', "pattern"),
        ("[check]\nretries = true\n", "invalid value"),
        ("[check\n", "invalid TOML"),
    ],
)
def test_bad_settings_are_config_errors(tmp_path: Path, text: str, needle: str) -> None:
    (tmp_path / "bibman.toml").write_text(text)
    with pytest.raises(ConfigError, match=needle):
        load_settings({}, cwd=tmp_path, env={})


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings({}, config=tmp_path / "nope.toml", cwd=tmp_path, env={})


def test_bad_allowed_network_in_own_config(tmp_path: Path) -> None:
    cfg = tmp_path / "mine.toml"
    cfg.write_text('[check]\nallow_networks = ["not-a-net"]\n')
    with pytest.raises(ConfigError, match="CIDR"):
        load_settings({}, config=cfg, cwd=tmp_path, env={})
