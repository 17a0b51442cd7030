"""Render a link-check ``Report``: table, JSON, JUnit XML, Markdown, GitHub annotations.

Pure functions from a report to a string; the CLI decides where it goes.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Collection
from html import escape as _html_escape

from .model import LinkResult, LinkTarget, Report, Suggestion

Row = tuple[LinkTarget, LinkResult, Suggestion | None]
ORDER = (
    "dead",
    "soft-404",
    "timeout",
    "blocked",
    "redirected",
    "excluded",
    "unsupported",
    "offline",
    "archived",
    "ok",
)


def escape(text: str) -> str:
    return _html_escape(text, quote=False)


def quoteattr(text: str) -> str:
    # (xml.sax.saxutils would do, but it imports urllib.request: 60 ms at every start)
    return '"' + _html_escape(text, quote=True).replace("\n", "&#10;") + '"'


def record(t: LinkTarget, r: LinkResult, s: Suggestion | None) -> dict[str, object]:
    """One JSON record (the documented ``--format json`` shape)."""
    return {
        "key": t.key,
        "field": t.field,
        "file": t.file,
        "line": t.line,
        "url": t.url,
        "doi": t.doi,
        "verdict": r.verdict,
        "status": r.status,
        "final_url": r.final_url,
        "detail": r.detail,
        "permanent_redirect": r.permanent_redirect,
        "cached": r.cached,
        "archive_url": s.archive_url if s else None,
        "archive_timestamp": s.timestamp if s else None,
    }


def summary(report: Report) -> dict[str, int]:
    return dict(Counter(r.verdict for _, r, _ in report.rows))


def private_hint(report: Report) -> str | None:
    """One line for all the links that were not checked because they point to a loopback,
    private or link-local address (None when there are none)."""
    n = sum(1 for _, r, _ in report.rows if r.verdict == "excluded" and r.error == "unsafe")
    if not n:
        return None
    return (
        f"{n} link(s) point to loopback, private or link-local addresses and were not checked; "
        "to check them, allow their range with --allow-network CIDR (e.g. 10.0.0.0/8) "
        "or all with --allow-private"
    )


def summary_line(report: Report) -> str:
    counts = summary(report)
    distinct = len({t.url for t, _, _ in report.rows})
    parts = [f"{counts[v]} {v}" for v in ORDER if counts.get(v)]
    return (
        f"{len(report.rows)} links ({distinct} distinct): {', '.join(parts) or 'none'}; "
        f"{report.requests} requests in {report.elapsed:.1f} s"
    )


def _where(t: LinkTarget) -> str:
    loc = t.file or "<input>"
    return f"{loc}:{t.line}" if t.line else loc


def _what(r: LinkResult, s: Suggestion | None) -> str:
    bits = []
    if r.status is not None:
        bits.append(str(r.status))
    if r.detail:
        bits.append(r.detail)
    if r.verdict == "redirected" and r.permanent_redirect:
        bits.append("moved for good: update the URL (check --fix --fix-redirects)")
    if s is not None:
        bits.append(f"archived: {s.archive_url}")
    return " — ".join(bits)


# Terminal colours for the verdict column (only when the CLI says the output is a terminal
# and NO_COLOR is not set).
_COLOURS = {
    "dead": "31",
    "soft-404": "31",
    "timeout": "33",
    "blocked": "33",
    "redirected": "36",
    "ok": "32",
}


def _terminal_escape(text: str) -> str:
    from ..terminal import escape

    return escape(text)


def render_table(
    report: Report, fail_on: Collection[str] = (), verbose: bool = False, color: bool = False
) -> str:
    """A readable table; ok links are left out unless ``verbose``."""
    rows = [row for row in report.rows if verbose or row[1].verdict != "ok"]
    rank = {v: i for i, v in enumerate(ORDER)}
    rows.sort(key=lambda row: (rank.get(row[1].verdict, 99), row[0].file or "", row[0].line or 0))
    lines = []
    if rows:
        w_v = max(len(r.verdict) for _, r, _ in rows)
        w_k = max(len(t.key) for t, _, _ in rows)
        w_f = max(len(t.field) for t, _, _ in rows)
        # with colour the text goes to a terminal as is: what came from the input is
        # escaped here (control characters, bidi overrides), the colour codes are ours
        cell = _terminal_escape if color else str
        for t, r, s in rows:
            verdict = f"{r.verdict.upper():<{w_v}}"
            if color and r.verdict in _COLOURS:
                verdict = f"\033[{_COLOURS[r.verdict]}m{verdict}\033[0m"
            lines.append(
                f"{verdict}  {cell(f'{t.key:<{w_k}}')}  {t.field:<{w_f}}  {cell(_where(t))}  "
                f"{cell(t.url)}"
            )
            what = _what(r, s)
            if what:
                lines.append(f"{'':<{w_v}}  {cell(what)}")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def render_json(report: Report, fail_on: Collection[str] = ()) -> str:
    doc = {
        "summary": summary(report),
        "offline": report.offline,
        "requests": report.requests,
        "elapsed_s": round(report.elapsed, 3),
        "results": [record(t, r, s) for t, r, s in report.rows],
    }
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def render_junit(report: Report, fail_on: Collection[str] = ()) -> str:
    failing = set(fail_on)
    cases = []
    nfail = nskip = 0
    for t, r, s in report.rows:
        name = quoteattr(f"{t.key} {t.field} {t.url}")
        cls = quoteattr(t.file or "bibman.check")
        body = ""
        if r.verdict in failing:
            nfail += 1
            body = f"<failure type={quoteattr(r.verdict)} message={quoteattr(_what(r, s) or r.verdict)}/>"
        elif r.verdict in ("excluded", "unsupported", "offline"):
            nskip += 1
            body = f"<skipped message={quoteattr(r.detail or r.verdict)}/>"
        elif r.verdict != "ok":
            body = f"<system-out>{escape(r.verdict + ': ' + _what(r, s))}</system-out>"
        # `file` and `line` apart, as JUnit consumers (GitLab, Jenkins, test reporters) read them
        where = f" file={quoteattr(t.file)}" if t.file else ""
        if t.line:
            where += f' line="{t.line}"'
        cases.append(f"  <testcase classname={cls} name={name}{where}>{body}</testcase>")
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuite name="bibman check" tests="{len(report.rows)}" failures="{nfail}" '
        f'errors="0" skipped="{nskip}" time="{report.elapsed:.3f}">'
    )
    return "\n".join([head, *cases, "</testsuite>"]) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report, fail_on: Collection[str] = ()) -> str:
    out = ["| verdict | key | field | line | URL | detail |", "|---|---|---|---:|---|---|"]
    rank = {v: i for i, v in enumerate(ORDER)}
    for t, r, s in sorted(
        report.rows, key=lambda row: (rank.get(row[1].verdict, 99), row[0].line or 0)
    ):
        if r.verdict == "ok":
            continue
        out.append(
            f"| {r.verdict} | `{_md(t.key)}` | {t.field} | {t.line or ''} | <{_md(t.url)}> | {_md(_what(r, s))} |"
        )
    out.append("")
    out.append(summary_line(report))
    return "\n".join(out) + "\n"


def _gh(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report, fail_on: Collection[str] = ()) -> str:
    """GitHub Actions workflow commands: an annotation at file:line per problem."""
    failing = set(fail_on)
    out = []
    for t, r, s in report.rows:
        if r.verdict == "ok":
            continue
        level = "error" if r.verdict in failing else "warning"
        if level == "warning" and not (r.verdict == "blocked" or r.permanent_redirect or s):
            continue
        props = [f"file={_gh_prop(t.file or '')}"] if t.file else []
        if t.line:
            props.append(f"line={t.line}")
        props.append(f"title={_gh_prop(f'{r.verdict} link in {t.key}')}")
        out.append(f"::{level} {','.join(props)}::{_gh(f'{t.url}: {_what(r, s)}')}")
    out.append(summary_line(report))
    return "\n".join(out) + "\n"


def render_jsonl(report: Report, fail_on: Collection[str] = ()) -> str:
    """JSON Lines (``check --shard``): every row with all it holds, for ``check --merge``."""
    from .shard import dump_jsonl

    return dump_jsonl(report)


# ``scheme://user:password@host``: the user part and password (tokens, often) of a URL.
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^\s/?#@<>\"'|\\]+@")


def redact(text: str) -> str:
    """``https://user:secret@host/`` -> ``https://***@host/`` wherever a URL appears."""
    return _USERINFO.sub(r"\1***@", text)


def _redacting(render: Callable[..., str]) -> Callable[..., str]:
    """Every report format goes through ``redact``: credentials never reach a log."""

    def wrapped(*args: object, **kwargs: object) -> str:
        return redact(render(*args, **kwargs))

    wrapped.__doc__ = render.__doc__
    return wrapped


RENDERERS: dict[str, Callable[..., str]] = {
    name: _redacting(fn)
    for name, fn in {
        "table": render_table,
        "json": render_json,
        "junit": render_junit,
        "markdown": render_markdown,
        "github": render_github,
        "jsonl": render_jsonl,
    }.items()
}
