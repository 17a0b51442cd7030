"""The run as a whole: include/exclude, one request per distinct URL, offline detection."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "links"))
from fakeweb import serve

from bibman.bibtex import loads
from bibman.config import Settings
from bibman.links import runner
from bibman.links.extract import extract
from bibman.links.model import LinkResult
from bibman.links.runner import check_targets


def test_include_exclude_and_dedupe() -> None:
    with serve() as web:
        b = web.base
        bib = loads(
            f"@misc{{a, url = {{{b}/ok/inc}}}}\n@misc{{b, url = {{{b}/missing/exc}}}}\n"
            f"@misc{{c, url = {{{b}/ok/inc}}, note = {{{b}/ok/other}}}}\n"
        )
        s = Settings(
            allow_networks=("127.0.0.1/32",),
            cache=False,
            archive=False,
            include=("/ok/",),
            exclude=("other",),
        )
        rows = check_targets(extract(bib), s).rows
        assert [(t.key, r.verdict) for t, r, _ in rows] == [
            ("a", "ok"),
            ("b", "excluded"),
            ("c", "ok"),
            ("c", "excluded"),
        ]
        assert web.total("/ok/inc") == 1  # one GET (a page), once for both entries
        assert web.total("/missing/") == 0 and web.total("/ok/other") == 0


def _failed(kind: str) -> LinkResult:
    return LinkResult("http://x.example/", "dead", None, None, "no", error=kind)


def test_offline_needs_every_failure_to_be_a_network_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "has_route", lambda: False)
    dns_ok = lambda: True  # noqa: E731
    assert runner._is_offline([_failed("dns"), _failed("unreachable")], dns_ok)
    assert not runner._is_offline([_failed("dns"), _failed("refused")], dns_ok)
    answered = LinkResult("http://y.example/", "dead", 404, None, "not found")
    assert not runner._is_offline([_failed("dns"), answered], dns_ok)
    assert not runner._is_offline([], dns_ok)


def test_with_a_route_only_resolver_failures_mean_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "has_route", lambda: True)
    # a typo'd host on a connected machine is dead, not "offline"
    assert not runner._is_offline([_failed("dns")], lambda: True)
    assert runner._is_offline([_failed("dns-temporary"), _failed("dns-temporary")], lambda: True)


def test_resolver_that_knows_no_name_means_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    # a route exists but DNS answers "not found" for everything (a sandbox, a captive
    # network): the links are not dead, the machine is offline
    monkeypatch.setattr(runner, "has_route", lambda: True)
    assert runner._is_offline([_failed("dns"), _failed("dns")], lambda: False)


def test_name_resolves_stays_on_the_machine() -> None:
    assert runner.name_resolves("http://127.0.0.1:9/")  # a literal address, no query
    assert runner.name_resolves("http://localhost/")  # /etc/hosts
    assert not runner.name_resolves("not a url")
