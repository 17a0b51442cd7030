"""Archived copies of dead links, from the Wayback Machine.

The capture a careful editor picks (InternetArchiveBot's rule): the latest capture
with status 200 at or before the entry's ``urldate`` (what the author saw), else the
earliest 200 capture after it; with no ``urldate``, the latest 200 capture. Asked
through the CDX API (two small queries at most); the availability API is the
fallback when CDX does not answer, and its answer is used only when it is a 200.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from .checker import Request, Steps
from .http import FetchError
from .model import Suggestion

_ARCHIVE_BODY = 4 * 1024 * 1024  # CDX/availability answers are small; this is a safety cap


@dataclass(frozen=True)
class Endpoints:
    cdx: str = "https://web.archive.org/cdx/search/cdx"
    available: str = "https://archive.org/wayback/available"
    web: str = "https://web.archive.org/web/"


def wayback_date(urldate: str | None) -> str | None:
    """``2019-03-01`` / ``2019-03`` / ``2019`` (with or without time) -> ``20190301`` etc."""
    if not urldate:
        return None
    m = re.match(r"\s*(\d{4})(?:[-/.](\d{1,2}))?(?:[-/.](\d{1,2}))?", urldate)
    if not m:
        return None
    year, month, day = m.group(1), m.group(2), m.group(3)
    out = year
    if month:
        out += f"{int(month):02d}"
        if day:
            out += f"{int(day):02d}"
    return out


def pick(rows: list[tuple[str, str, str]], date: str | None) -> tuple[str, str] | None:
    """From CDX rows (timestamp, original, status), the capture the rule picks."""
    ok = sorted((ts, orig) for ts, orig, status in rows if status == "200" and ts.isdigit())
    if not ok:
        return None
    if date is None:
        return ok[-1]
    # "at or before" includes the whole day (or month/year) the date names
    upper = date + "99999999999999"[len(date) :]
    before = [r for r in ok if r[0] <= upper]
    if before:
        return before[-1]
    return ok[0]


class Wayback:
    """Archive lookups as step generators (see ``checker.Request``), run by the scheduler."""

    def __init__(self, endpoints: Endpoints) -> None:
        self.e = endpoints

    def _get_json(self, base: str, params: dict[str, str]) -> Steps[object]:
        url = base + ("&" if "?" in base else "?") + urlencode(params)
        out = yield Request("GET", url, True, _ARCHIVE_BODY, 30.0, trusted=True)
        assert out is not None
        if out.error is not None:
            raise out.error
        resp = out.response
        assert resp is not None
        if resp.status != 200:
            raise FetchError("other", f"archive answered HTTP {resp.status}")
        try:
            return json.loads(resp.body.decode("utf-8", "replace") or "null")
        except ValueError:
            raise FetchError("other", "archive answered something that is not JSON") from None

    def _cdx(self, url: str, **extra: str) -> Steps[list[tuple[str, str, str]]]:
        params = {
            "url": url,
            "output": "json",
            "fl": "timestamp,original,statuscode",
            "filter": "statuscode:200",
            **extra,
        }
        data = yield from self._get_json(self.e.cdx, params)
        rows: list[tuple[str, str, str]] = []
        if isinstance(data, list) and data:
            head = data[0]
            if isinstance(head, list) and head == ["timestamp", "original", "statuscode"]:
                data = data[1:]
            for row in data:
                if isinstance(row, list) and len(row) >= 3:
                    rows.append((str(row[0]), str(row[1]), str(row[2])))
        return rows

    def lookup(self, url: str, urldate: str | None) -> Steps[Suggestion | None]:
        """The capture to suggest for ``url``, or None. Raises FetchError if unreachable."""
        date = wayback_date(urldate)
        chosen: tuple[str, str] | None
        try:
            if date is None:
                chosen = pick((yield from self._cdx(url, limit="-1")), None)
            else:
                chosen = pick((yield from self._cdx(url, to=date, limit="-1")), date)
                if chosen is None:
                    after = yield from self._cdx(url, **{"from": date, "limit": "1"})
                    chosen = pick(after, date)
        except FetchError:
            chosen = yield from self._available(url, date)
        if chosen is None:
            return None
        ts, original = chosen
        return Suggestion(url, f"{self.e.web}{ts}/{original or url}", ts)

    def _available(self, url: str, date: str | None) -> Steps[tuple[str, str] | None]:
        params = {"url": url}
        if date:
            params["timestamp"] = date
        data = yield from self._get_json(self.e.available, params)
        snap = data.get("archived_snapshots", {}).get("closest") if isinstance(data, dict) else None
        if not isinstance(snap, dict) or str(snap.get("status")) != "200":
            return None
        ts = str(snap.get("timestamp", ""))
        return (ts, url) if re.fullmatch(r"\d{14}", ts) else None
