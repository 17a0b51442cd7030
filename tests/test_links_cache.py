"""The link cache: successes only, a maximum age, and a second run that sends nothing."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "links"))
from fakeweb import serve

from bibman.bibtex import loads
from bibman.config import Settings
from bibman.links.cache import Cache
from bibman.links.extract import extract
from bibman.links.model import Hop, LinkResult
from bibman.links.runner import check_targets


def test_cache_stores_successes_only(tmp_path: Path) -> None:
    c = Cache(tmp_path / "c.sqlite", max_age=100)
    hop = Hop(301, "http://a.test/", "http://b.test/")
    c.put_many(
        [
            LinkResult("http://a.test/", "redirected", 200, "http://b.test/", "moved", (hop,)),
            LinkResult("http://dead.test/", "dead", 404, None, "not found"),
            LinkResult("http://slow.test/", "timeout", None, None, "slow"),
        ],
        now=1000.0,
    )
    got = c.get_many(["http://a.test/", "http://dead.test/", "http://slow.test/"], now=1050.0)
    assert list(got) == ["http://a.test/"]
    assert got["http://a.test/"].hops == (hop,) and got["http://a.test/"].cached
    assert c.get_many(["http://a.test/"], now=1101.0) == {}  # older than max_age
    c.close()


def test_second_run_sends_no_request_for_known_good_links(tmp_path: Path) -> None:
    with serve() as web:
        bib = loads(
            f"@misc{{a, url = {{{web.base}/ok/1}}}}\n"
            f"@misc{{b, url = {{{web.base}/missing/1}}}}\n"
            f"@misc{{c, url = {{{web.base}/redirect/301/1/c}}}}\n"
        )
        s = Settings(
            allow_networks=("127.0.0.1/32",),
            cache_path=str(tmp_path / "c.sqlite"),
            archive=False,
            timeout=3,
        )
        first = check_targets(extract(bib), s)
        n_first = web.total()
        second = check_targets(extract(bib), s)
        n_second = web.total() - n_first
    assert [r.verdict for _, r, _ in first.rows] == ["ok", "dead", "redirected"]
    assert [r.verdict for _, r, _ in second.rows] == ["ok", "dead", "redirected"]
    assert [r.cached for _, r, _ in second.rows] == [True, False, True]
    assert n_second == 1  # only the dead link is asked again (one GET: a page)


def test_results_found_under_wider_settings_are_not_reused(tmp_path: Path) -> None:
    with serve() as web:
        bib = loads(f"@misc{{a, url = {{{web.base}/ok/scoped}}}}\n")
        path = str(tmp_path / "c.sqlite")
        allowed = Settings(
            allow_networks=("127.0.0.1/32",), cache_path=path, archive=False, timeout=3
        )
        assert [r.verdict for _, r, _ in check_targets(extract(bib), allowed).rows] == ["ok"]
        strict = Settings(cache_path=path, archive=False, timeout=3)
        rows = check_targets(extract(bib), strict).rows
    assert [(r.verdict, r.cached) for _, r, _ in rows] == [("excluded", False)]
