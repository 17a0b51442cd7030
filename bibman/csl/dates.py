"""cs:date rendering: localized and non-localized forms, ranges, seasons, eras."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..months import MONTH_MACROS
from .affix import _affix, _join
from .numbers import ordinal
from .richtext import Rich, parse_markup
from .style import Node

if TYPE_CHECKING:
    from .render import Ctx, Renderer

_UNITS = ("year", "month", "day")


def parse_date(d: Any) -> dict[str, Any] | None:
    """Normalize a CSL-JSON date (date-parts, raw, literal, season, circa)."""
    if isinstance(d, str):
        d = {"raw": d}
    if not isinstance(d, dict):
        return None
    out = dict(d)
    parts = d.get("date-parts")
    if not parts and d.get("raw"):
        parts = parse_raw(str(d["raw"]))
        if parts is None:
            out["literal"] = d["raw"]
    if parts:
        clean = []
        for p in parts[:2]:
            vals = []
            for x in p[:3]:
                try:
                    vals.append(int(str(x).strip()))
                except (TypeError, ValueError):
                    break
            if (vals and vals[0] != 0) or len(vals) > 1:
                clean.append(vals)
            elif clean and vals == [0]:
                out["open-end"] = True
        if clean and clean[0]:
            out["date-parts"] = clean
        else:
            out.pop("date-parts", None)
    if "season" in out and out.get("date-parts"):
        try:
            s = int(out["season"])
            if 1 <= s <= 4 and len(out["date-parts"][0]) == 1:
                out["date-parts"][0] = [out["date-parts"][0][0], 12 + s]
        except (TypeError, ValueError):
            pass
    return out


_MONTHS = list(MONTH_MACROS)


def parse_raw(raw: str) -> list[list[int]] | None:
    raw = raw.strip()
    ranges = (
        re.split(r"\s*/\s*|\s+[-–]\s+", raw)
        if ("/" in raw or " - " in raw or " – " in raw)
        else [raw]
    )
    out = []
    for r in ranges[:2]:
        m = re.fullmatch(r"(-?\d{1,4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", r)
        if m:
            out.append([int(g) for g in m.groups() if g])
            continue
        words = re.findall(r"[A-Za-z]+|\d+", r)
        y = mo = da = None
        for w in words:
            if w.isdigit():
                if len(w) >= 3 or (y is None and int(w) > 31):
                    y = int(w)
                elif da is None:
                    da = int(w)
                else:
                    y = int(w)
            elif w[:3].lower() in _MONTHS:
                mo = _MONTHS.index(w[:3].lower()) + 1
        if y is None:
            return None
        parts = [y]
        if mo:
            parts.append(mo)
            if da:
                parts.append(da)
        out.append(parts)
    return out or None


def date_sort_key(d: dict[str, Any] | None, units: set[str] | None = None) -> str:
    """A sortable string; ``units`` limits it to the parts a macro actually shows."""
    if not d or not d.get("date-parts"):
        return ""
    keys = []
    for p in d["date-parts"][:2]:
        y = p[0] if p else 0
        m = p[1] if len(p) > 1 and (units is None or "month" in units) else 0
        day = p[2] if len(p) > 2 and (units is None or "day" in units) else 0
        if m > 12:
            m = 0
        keys.append(f"{y + 10000:05d}{m:02d}{day:02d}")
    return "-".join(keys)


def _parts_for(r: Renderer, node: Node) -> tuple[list[Node], str]:
    form = node.get("form")
    if not form:
        return [c for c in node.children if c.tag == "date-part"], node.get("delimiter")
    loc = r.locale.dates.get(form)
    if loc is None:
        return [], ""
    want = node.get("date-parts", "year-month-day")
    allowed = {
        "year-month-day": {"year", "month", "day"},
        "year-month": {"year", "month"},
        "year": {"year"},
    }.get(want, {"year", "month", "day"})
    overrides = {c.get("name"): c for c in node.children if c.tag == "date-part"}
    parts = []
    for p in loc.children:
        if p.tag != "date-part" or p.get("name") not in allowed:
            continue
        o = overrides.get(p.get("name"))
        if o is not None:
            attrs = dict(p.attrs)
            attrs.update({k: v for k, v in o.attrs.items() if k not in ("prefix", "suffix")})
            p = Node("date-part", attrs, [], None)
        parts.append(p)
    return parts, loc.get("delimiter")


def _part_text(r: Renderer, part: Node, unit: str, vals: list[int], ctx: Ctx) -> str | None:
    idx = _UNITS.index(unit)
    if len(vals) <= idx:
        return None
    v = vals[idx]
    form = part.get("form")
    loc = r.locale
    if unit == "year":
        if form == "short":
            return f"{abs(v) % 100:02d}"
        if v < 0:
            return f"{-v}{loc.term('bc') or 'BC'}"
        if 0 < v < 1000:
            return f"{v}{loc.term('ad') or 'AD'}"
        return str(v)
    if unit == "month":
        if v > 12:
            if v > 24:
                return None
            season = (v - 13) % 4 + 1  # 13-16, 17-20 and 21-24 all code the seasons
            return loc.term(f"season-{season:02d}") or ""
        if v < 1:
            return None
        form = form or "long"
        if form == "numeric":
            return str(v)
        if form == "numeric-leading-zeros":
            return f"{v:02d}"
        return loc.term(f"month-{v:02d}", "short" if form == "short" else "long") or str(v)
    if v < 1:
        return None
    if len(vals) > 1 and vals[1] > 12:
        return None
    form = form or "numeric"
    if form == "numeric-leading-zeros":
        return f"{v:02d}"
    if form == "ordinal":
        if loc.limit_day_ordinals and v != 1:
            return str(v)
        gender = loc.gender_of(f"month-{vals[1]:02d}") if len(vals) > 1 else ""
        return ordinal(v, loc, gender)
    return str(v)


def _render_parts(
    r: Renderer,
    parts: list[Node],
    vals: list[int],
    ctx: Ctx,
    strip_first_prefix: bool = False,
    strip_last_suffix: bool = False,
) -> list[Rich]:
    out = []
    avail = [p for p in parts if _part_text(r, p, p.get("name"), vals, ctx) is not None]
    for i, p in enumerate(avail):
        unit = p.get("name")
        txt = _part_text(r, p, unit, vals, ctx)
        if txt is None:
            continue
        body = parse_markup(txt)
        if (
            unit == "year"
            and ctx.state.year_suffix
            and r.implicit_year_suffix
            and not ctx.render_year_suffix_seen
            and ctx.mode != "sort"
        ):
            from .render import _suffix_letters

            body = Rich([body, _suffix_letters(ctx.state.year_suffix)])
            ctx.render_year_suffix_seen = True
        node = p
        if (strip_first_prefix and i == 0) or (strip_last_suffix and i == len(avail) - 1):
            attrs = dict(p.attrs)
            if strip_first_prefix and i == 0:
                attrs.pop("prefix", None)
            if strip_last_suffix and i == len(avail) - 1:
                attrs.pop("suffix", None)
            node = Node(p.tag, attrs, [], None)
        rendered = _affix(node, body, ctx)
        if rendered is not None:
            out.append(rendered)
    return out


def render_date(r: Renderer, node: Node, d: dict[str, Any], ctx: Ctx) -> Rich | None:
    dp = d.get("date-parts")
    if not dp:
        lit = d.get("literal")
        return parse_markup(str(lit)) if lit else None
    if ctx.mode == "sort":
        if node.get("form"):
            units = set(node.get("date-parts", "year-month-day").split("-"))
        else:
            units = {c.get("name") for c in node.children if c.tag == "date-part"}
        return Rich([date_sort_key(d, units)])
    parts, delim = _parts_for(r, node)
    if not parts:
        return None
    start = dp[0]
    end = dp[1] if len(dp) > 1 else None
    names = [p.get("name") for p in parts]
    if end and end != start and len(end) >= 1:
        # the largest unit that differs decides which parts repeat in the range
        diff = None
        for i, u in enumerate(_UNITS):
            a = start[i] if len(start) > i else None
            b = end[i] if len(end) > i else None
            if a != b:
                diff = u
                break
        if diff is None:
            end = None
    if not end or end == start:
        single = _join(_render_parts(r, parts, start, ctx), delim)
        if single is not None and d.get("open-end"):
            single = Rich([single, "–"])
        return single
    assert diff is not None
    varying = {"year": {"year", "month", "day"}, "month": {"month", "day"}, "day": {"day"}}[diff]
    idxs = [i for i, n in enumerate(names) if n in varying]
    lo, hi = idxs[0], idxs[-1]
    range_delim = "–"
    for p in parts:
        if p.get("name") == diff and "range-delimiter" in p.attrs:
            range_delim = p.attrs["range-delimiter"]
    before = _render_parts(r, parts[:lo], start, ctx)
    s_chunk = _render_parts(r, parts[lo : hi + 1], start, ctx, strip_last_suffix=True)
    e_chunk = _render_parts(r, parts[lo : hi + 1], end, ctx, strip_first_prefix=False)
    after = _render_parts(r, parts[hi + 1 :], start, ctx)
    s = _join(s_chunk, delim)
    e = _join(e_chunk, delim)
    mid: list[Rich | str] = []
    if s is not None:
        mid.append(s)
    if e is not None:
        if mid:
            mid.append(range_delim)
        mid.append(e)
    pieces = [*before, Rich(mid), *after]
    return _join(pieces, delim)
