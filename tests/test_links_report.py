"""Report renderers: JSON shape, JUnit XML, Markdown, GitHub annotations, table."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from bibman.links.model import Hop, LinkResult, LinkTarget, Report, Suggestion
from bibman.links.report import (
    render_github,
    render_json,
    render_junit,
    render_markdown,
    render_table,
)

DEAD = "http://dead.example/a"
ROWS = (
    (
        LinkTarget("http://ok.example/", "okkey", "url", 3, None, None, "refs.bib"),
        LinkResult("http://ok.example/", "ok", 200),
        None,
    ),
    (
        LinkTarget(DEAD, "deadkey", "url", 9, None, "2019-01-01", "refs.bib"),
        LinkResult(DEAD, "dead", 404, None, "not found (404)"),
        Suggestion(DEAD, "https://web.archive.org/web/20180101000000/" + DEAD, "20180101000000"),
    ),
    (
        LinkTarget("https://doi.org/10.1/x", "doikey", "doi", 14, "10.1/x", None, "refs.bib"),
        LinkResult(
            "https://doi.org/10.1/x",
            "redirected",
            200,
            "https://pub.example/x",
            "1 permanent redirect(s)",
            (Hop(301, "https://doi.org/10.1/x", "https://pub.example/x"),),
        ),
        None,
    ),
    (
        LinkTarget("http://bot.example/", "botkey", "note", 20, None, None, "refs.bib"),
        LinkResult("http://bot.example/", "blocked", 403, None, "refused to bots (403)"),
        None,
    ),
)
REPORT = Report(ROWS, requests=7, elapsed=1.25)
FAIL_ON = ("dead", "soft-404", "timeout")


def test_json_records() -> None:
    doc = json.loads(render_json(REPORT, FAIL_ON))
    assert doc["summary"] == {"ok": 1, "dead": 1, "redirected": 1, "blocked": 1}
    recs = {r["key"]: r for r in doc["results"]}
    assert set(recs["deadkey"]) >= {
        "key",
        "field",
        "url",
        "doi",
        "verdict",
        "status",
        "final_url",
        "detail",
        "archive_url",
        "archive_timestamp",
        "line",
    }
    assert recs["deadkey"]["archive_timestamp"] == "20180101000000"
    assert (
        recs["doikey"]["doi"] == "10.1/x" and recs["doikey"]["final_url"] == "https://pub.example/x"
    )
    assert recs["doikey"]["permanent_redirect"] is True


def test_junit_is_valid_xml_with_failures() -> None:
    root = ET.fromstring(render_junit(REPORT, FAIL_ON))
    assert root.tag == "testsuite" and root.get("tests") == "4" and root.get("failures") == "1"
    failed = [c for c in root.iter("testcase") if c.find("failure") is not None]
    assert len(failed) == 1 and "deadkey" in (failed[0].get("name") or "")


def test_github_annotations_point_at_file_and_line() -> None:
    lines = render_github(REPORT, FAIL_ON).splitlines()
    assert lines[0].startswith("::error file=refs.bib,line=9,title=dead link in deadkey::")
    assert any(ln.startswith("::warning file=refs.bib,line=20,") for ln in lines)
    assert any(
        ln.startswith("::warning file=refs.bib,line=14,") for ln in lines
    )  # permanent redirect
    assert not any("okkey" in ln for ln in lines)


def test_markdown_and_table_leave_ok_links_out() -> None:
    md = render_markdown(REPORT, FAIL_ON)
    assert md.startswith("| verdict | key |") and "okkey" not in md and "deadkey" in md
    table = render_table(REPORT, FAIL_ON)
    assert table.splitlines()[0].startswith("DEAD") and "okkey" not in table
    assert "archived: https://web.archive.org/web/20180101000000/" in table
    assert "okkey" in render_table(REPORT, FAIL_ON, verbose=True)
    assert table.splitlines()[-1] == (
        "4 links (4 distinct): 1 dead, 1 blocked, 1 redirected, 1 ok; 7 requests in 1.2 s"
    )
