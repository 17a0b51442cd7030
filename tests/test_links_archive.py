"""Wayback suggestions: the capture-picking rule, and lookups against a fake CDX API."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "links"))
from fakeweb import serve

from bibman.config import Settings
from bibman.links.archive import Endpoints, Wayback, pick, wayback_date
from bibman.links.checker import drive
from bibman.links.http import Transport
from bibman.links.runner import policy_for


def test_wayback_date() -> None:
    assert wayback_date("2019-03-01") == "20190301"
    assert wayback_date("2019-3") == "201903"
    assert wayback_date("2019") == "2019"
    assert wayback_date("2019-03-01T10:00:00") == "20190301"
    assert wayback_date("yesterday") is None
    assert wayback_date(None) is None


def test_pick_prefers_latest_200_before_the_access_date() -> None:
    rows = [
        ("20150101000000", "u", "200"),
        ("20180601000000", "u", "200"),
        ("20190310000000", "u", "404"),  # closest to the date, but not a 200
        ("20200101000000", "u", "200"),
    ]
    assert pick(rows, "20190301") == ("20180601000000", "u")
    assert pick(rows, "2014") == ("20150101000000", "u")  # nothing before: earliest after
    assert pick(rows, None) == ("20200101000000", "u")
    assert pick([("20190301120000", "u", "200")], "20190301") == ("20190301120000", "u")
    assert pick([("20190101000000", "u", "301")], "2020") is None


timestamps = st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2024, 12, 31)).map(
    lambda d: d.strftime("%Y%m%d%H%M%S")
)


@given(
    st.lists(st.tuples(timestamps, st.sampled_from(["200", "404", "301"])), max_size=8), timestamps
)
def test_pick_matches_the_rule(caps: list[tuple[str, str]], date: str) -> None:
    rows = [(ts, "u", s) for ts, s in caps]
    day = date[:8]
    ok = sorted(ts for ts, s in caps if s == "200")
    before = [ts for ts in ok if ts[:8] <= day]
    after = [ts for ts in ok if ts[:8] > day]
    want = before[-1] if before else (after[0] if after else None)
    got = pick(rows, day)
    assert (got[0] if got else None) == want


def test_lookup_against_cdx() -> None:
    with serve() as web:
        dead = "http://dead.example/page"
        web.captures[dead] = [
            ("20100101000000", "200"),
            ("20170505000000", "200"),
            ("20180101000000", "404"),
            ("20210101000000", "200"),
        ]
        s = Settings(allow_networks=("127.0.0.1/32",), cache=False)
        t = Transport(policy_for(s), s.user_agent)
        wb = Wayback(
            Endpoints(
                cdx=web.base + "/cdx", available=web.base + "/nothing", web="https://wb.test/web/"
            )
        )
        try:
            got = drive(wb.lookup(dead, "2018-02-01"), t, 5.0)
            after = drive(wb.lookup(dead, "2009-01-01"), t, 5.0)
            none = drive(wb.lookup("http://never.example/", "2018-02-01"), t, 5.0)
        finally:
            t.close()
    assert got is not None and got.timestamp == "20170505000000"
    assert got.archive_url == "https://wb.test/web/20170505000000/" + dead
    assert after is not None and after.timestamp == "20100101000000"
    assert none is None


def test_availability_api_is_the_fallback_and_only_200_counts() -> None:
    with serve() as web:
        good, bad = "http://g.example/", "http://b.example/"
        web.captures[good] = [("20160101000000", "200")]
        web.captures[bad] = [("20160101000000", "404")]
        s = Settings(allow_networks=("127.0.0.1/32",), cache=False)
        t = Transport(policy_for(s), s.user_agent)
        ends = Endpoints(
            cdx=web.base + "/cdxdown", available=web.base + "/available", web="https://wb.test/web/"
        )
        wb = Wayback(ends)
        try:
            got = drive(wb.lookup(good, "2017-01-01"), t, 5.0)
            none = drive(wb.lookup(bad, "2017-01-01"), t, 5.0)
        finally:
            t.close()
    assert got is not None and got.timestamp == "20160101000000"
    assert none is None
