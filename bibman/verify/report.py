"""Render a ``VerifyReport``: table, JSON, JUnit XML, Markdown, GitHub annotations.

Pure functions (report -> text), in the shapes ``check`` uses; the escaping helpers
are the link report's.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Collection

from ..links.report import _gh, _gh_prop, _md, escape, quoteattr
from .model import Verification, VerifyReport

ORDER = ("mismatch", "not-found", "suggested", "unverified", "confirmed")


def summary(report: VerifyReport) -> dict[str, int]:
    return dict(Counter(v.verdict for v in report.results))


def summary_line(report: VerifyReport) -> str:
    counts = summary(report)
    parts = [f"{counts[v]} {v}" for v in ORDER if counts.get(v)]
    cached = sum(1 for v in report.results if v.cached)
    return (
        f"{len(report.results)} entries: {', '.join(parts) or 'none'}; "
        f"{report.requests} requests, {cached} from the cache, in {report.elapsed:.1f} s"
    )


def _where(v: Verification) -> str:
    loc = v.file or "<input>"
    return f"{loc}:{v.line}" if v.line else loc


def _what(v: Verification) -> str:
    bits = []
    if v.identifier:
        bits.append(v.identifier)
    if v.verdict == "suggested" and v.record is not None:
        bits.append(f"doi:{v.record.doi}" if v.record.doi else v.record.title)
    if v.detail:
        bits.append(v.detail)
    if v.changes:
        bits.append("adds " + ", ".join(c.field for c in v.changes))
    return " — ".join(bits)


def record(v: Verification) -> dict[str, object]:
    """One JSON record (the documented ``--format json`` shape)."""
    r = v.record
    return {
        "key": v.key,
        "file": v.file,
        "line": v.line,
        "verdict": v.verdict,
        "detail": v.detail,
        "identifier": v.identifier or None,
        "source": v.source or None,
        "source_url": v.source_url or None,
        "confidence": v.confidence,
        "cached": v.cached,
        "record": None
        if r is None
        else {
            "source": r.source,
            "url": r.url,
            "doi": r.doi or None,
            "type": r.type or None,
            "title": r.title,
            "authors": [", ".join(x for x in n if x) for n in r.authors],
            "year": r.year,
            "container": r.container or None,
            "volume": r.volume or None,
            "issue": r.issue or None,
            "pages": r.pages or None,
        },
        "disagreements": [
            {"field": d.field, "entry": d.entry, "record": d.record} for d in v.disagreements
        ],
        "changes": [
            {"field": c.field, "old": c.old, "new": c.new, "source": c.source, "url": c.url}
            for c in v.changes
        ],
    }


def _sorted(report: VerifyReport) -> list[Verification]:
    rank = {v: i for i, v in enumerate(ORDER)}
    return sorted(report.results, key=lambda v: (rank[v.verdict], v.file or "", v.line or 0))


def render_table(report: VerifyReport, fail_on: Collection[str] = (), verbose: bool = False) -> str:
    # confirmed entries, and entries left unverified only because nothing could be
    # asked (offline: said once on stderr), are listed with --verbose
    rows = [v for v in _sorted(report) if verbose or (v.verdict != "confirmed" and not v.offline)]
    lines = []
    if rows:
        w_v = max(len(v.verdict) for v in rows)
        w_k = max(len(v.key) for v in rows)
        for v in rows:
            lines.append(f"{v.verdict.upper():<{w_v}}  {v.key:<{w_k}}  {_where(v)}")
            what = _what(v)
            if what:
                lines.append(f"{'':<{w_v}}  {what}")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def render_json(report: VerifyReport, fail_on: Collection[str] = ()) -> str:
    doc = {
        "summary": summary(report),
        "offline": report.offline,
        "requests": report.requests,
        "elapsed_s": round(report.elapsed, 3),
        "results": [record(v) for v in report.results],
    }
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def render_junit(report: VerifyReport, fail_on: Collection[str] = ()) -> str:
    failing = set(fail_on)
    cases = []
    nfail = nskip = 0
    for v in report.results:
        body = ""
        if v.verdict in failing:
            nfail += 1
            body = (
                f"<failure type={quoteattr(v.verdict)} message={quoteattr(_what(v) or v.verdict)}/>"
            )
        elif v.verdict == "unverified":
            nskip += 1
            body = f"<skipped message={quoteattr(v.detail or v.verdict)}/>"
        elif v.verdict != "confirmed":
            body = f"<system-out>{escape(v.verdict + ': ' + _what(v))}</system-out>"
        cases.append(
            f"  <testcase classname={quoteattr(v.file or 'bibman.verify')} "
            f"name={quoteattr(v.key)} file={quoteattr(_where(v))}>{body}</testcase>"
        )
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuite name="bibman verify" tests="{len(report.results)}" failures="{nfail}" '
        f'errors="0" skipped="{nskip}" time="{report.elapsed:.3f}">'
    )
    return "\n".join([head, *cases, "</testsuite>"]) + "\n"


def render_markdown(report: VerifyReport, fail_on: Collection[str] = ()) -> str:
    out = ["| verdict | key | line | detail |", "|---|---|---:|---|"]
    for v in _sorted(report):
        if v.verdict == "confirmed":
            continue
        out.append(f"| {v.verdict} | `{_md(v.key)}` | {v.line or ''} | {_md(_what(v))} |")
    out.append("")
    out.append(summary_line(report))
    return "\n".join(out) + "\n"


def render_github(report: VerifyReport, fail_on: Collection[str] = ()) -> str:
    failing = set(fail_on)
    out = []
    for v in report.results:
        if v.verdict in ("confirmed", "unverified"):
            continue
        level = (
            "error" if v.verdict in failing else "warning" if v.verdict != "suggested" else "notice"
        )
        props = [f"file={_gh_prop(v.file)}"] if v.file else []
        if v.line:
            props.append(f"line={v.line}")
        props.append(f"title={_gh_prop(f'{v.verdict}: {v.key}')}")
        out.append(f"::{level} {','.join(props)}::{_gh(_what(v))}")
    out.append(summary_line(report))
    return "\n".join(out) + "\n"


RENDERERS: dict[str, Callable[..., str]] = {
    "table": render_table,
    "json": render_json,
    "junit": render_junit,
    "markdown": render_markdown,
    "github": render_github,
}
