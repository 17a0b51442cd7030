"""Citations: one cluster rendered, sorted, collapsed (numbers, years, suffixes) and
joined with its affixes and delimiters."""

from __future__ import annotations

import functools
from typing import Any

from .procbase import _NO_PRINTED_FORM, _first_leaf
from .render import (
    Cite,
    Ctx,
    ItemState,
    _affix,
)
from .richtext import Rich, parse_markup, serialize
from .sorting import Sorting


class Citations(Sorting):
    def _render_citation(self, cites: list[Cite], props: dict[str, Any]) -> str:
        section = self.style.citation
        if section is None:
            return ""
        layout = section.find("layout")
        assert layout is not None
        sort = section.find("sort")
        if sort is not None and not props.get("unsorted") and len(cites) > 1:
            keys = [k for k in sort.children if k.tag == "key"]
            kcache = {
                id(c): [self._sort_key(c.item, k, "citation", c) for k in keys] for c in cites
            }
            dirs = [k.get("sort", "ascending") == "descending" for k in keys]

            def cmp(a: Cite, b: Cite) -> int:
                for (ea, va), (eb, vb), desc in zip(
                    kcache[id(a)], kcache[id(b)], dirs, strict=True
                ):
                    if ea != eb:
                        return ea - eb
                    if va != vb:
                        r = -1 if va < vb else 1
                        return -r if desc else r
                return 0

            cites = sorted(cites, key=functools.cmp_to_key(cmp))
        delim = layout.get("delimiter")
        pieces = self._collapse(cites, delim)
        body = Rich(pieces) if pieces else None
        if body is None or body.is_empty():
            if not cites or cites[0].props.get("suppress-author"):
                return ""
            # nothing printed for the cite: say so where it stands, as citeproc-js does
            body = Rich([_NO_PRINTED_FORM])
        if self.style.klass == "note":
            _capitalize_leading_term(body)
        ctx = Ctx(self.r, cites[0], "citation", ItemState()) if cites else None
        out = _affix(layout, body, ctx, affix_inside=True)
        if out is None:
            return ""
        return serialize(out, self.fmt, self.quotes, self.locale.punctuation_in_quote)

    def _cite_with_affixes(self, c: Cite, rich: Rich | None) -> Rich | None:
        if rich is None or rich.is_empty():
            return None
        pre = c.props.get("prefix")
        suf = c.props.get("suffix")
        kids: list[Rich | str] = []
        if pre:
            p = parse_markup(str(pre), keep_quote_kind=True)
            p.fixed = True
            kids.append(p)
        kids.append(rich)
        if suf:
            sfx = parse_markup(str(suf), keep_quote_kind=True)
            sfx.fixed = True
            kids.append(sfx)
        out = Rich(kids)
        out.term = bool(pre)  # marks "has a prefix" for delimiter handling
        return out

    def _collapse(self, cites: list[Cite], delim: str) -> list[Rich | str]:
        section = self.style.citation
        assert section is not None
        collapse = section.get("collapse")
        if collapse == "citation-number" and len(cites) > 1:
            rendered = [(c, self._cite_with_affixes(c, self._render_cite(c))) for c in cites]
            runs: list[list[tuple[Cite, Rich | None]]] = []
            for c, r in rendered:
                n = c.props.get("citation-number")
                if (
                    runs
                    and not c.props.get("locator")
                    and not c.props.get("prefix")
                    and not c.props.get("suffix")
                    and isinstance(n, int)
                    and runs[-1][-1][0].props.get("citation-number") == n - 1
                    and not runs[-1][-1][0].props.get("locator")
                ):
                    runs[-1].append((c, r))
                else:
                    runs.append([(c, r)])
            parts: list[Rich] = []
            for run in runs:
                if len(run) >= 3:
                    a, b = run[0][1], run[-1][1]
                    if a is not None and b is not None:
                        parts.append(Rich([a, "–", b]))
                else:
                    parts.extend(r for _c, r in run if r is not None)
            return _interleave(parts, delim)
        if collapse in ("year", "year-suffix", "year-suffix-ranged") and len(cites) > 1:
            return self._collapse_year(cites, delim, collapse)
        if section.get("cite-group-delimiter") and len(cites) > 1:
            return self._collapse_year(cites, delim, "")
        parts = []
        for c in cites:
            r = self._cite_with_affixes(c, self._render_cite(c))
            if r is not None:
                parts.append(r)
        return _interleave(parts, delim)

    def _names_key(self, c: Cite) -> str:
        """The plain output of the first cs:names of a cite (for grouping)."""
        ctx = Ctx(self.r, c, "citation", self.state.get(c.item["id"], ItemState()))
        self.r.render_layout(self.style.citation, ctx)  # type: ignore[arg-type]
        return ctx.first_names_plain or ""

    def _collapse_year(self, cites: list[Cite], delim: str, mode: str) -> list[Rich | str]:
        section = self.style.citation
        assert section is not None
        # citeproc-js: note styles default to the layout delimiter, others to ", "
        cgd = section.get("cite-group-delimiter", delim if self.style.klass == "note" else ", ")
        acd = section.get("after-collapse-delimiter", delim)
        ysd = section.get("year-suffix-delimiter", section.get("cite-group-delimiter", delim))
        groups: list[list[Cite]] = []
        keys: list[str] = []
        sorted_cites = section.find("sort") is not None
        for c in cites:
            k = self._names_key(c)
            if sorted_cites and k in keys:  # a sorted citation gathers an author's cites
                groups[keys.index(k)].append(c)
            elif keys and k == keys[-1]:  # an unsorted one groups neighbours only
                groups[-1].append(c)
            else:
                keys.append(k)
                groups.append([c])
        out: list[Rich | str] = []
        for gi, g in enumerate(groups):
            if gi:
                prev = groups[gi - 1]
                suffixed = any(self.state[x.item["id"]].year_suffix for x in (prev[-1], g[0]))
                out.append(acd if (len(prev) > 1 or (mode and suffixed)) else delim)
            first = self._cite_with_affixes(g[0], self._render_cite(g[0]))
            items: list[Rich | str] = [first] if first is not None else []
            prev_c = g[0]
            run: list[tuple[int, Rich]] = []  # (suffix number, rendering) of a year run
            if self.state[g[0].item["id"]].year_suffix and first is not None:
                run = [(self.state[g[0].item["id"]].year_suffix, first)]
            for c in g[1:]:
                ys = self.state[c.item["id"]].year_suffix
                same_year = (
                    mode not in ("year", "")
                    and ys
                    and self.state[prev_c.item["id"]].year_suffix
                    and _year(c.item) == _year(prev_c.item)
                    and not c.props.get("locator")
                    and not prev_c.props.get("locator")
                )
                if same_year:
                    r = self._cite_with_affixes(c, self._render_cite(c, only_ys=True))
                    if r is not None:
                        items.append(ysd)
                        items.append(r)
                        run.append((ys, r))
                else:
                    if mode == "year-suffix-ranged":
                        items = _range_run(items, run)
                    after_run = len(run) > 1
                    r = self._cite_with_affixes(c, self._render_cite(c, suppress_names=bool(mode)))
                    run = [(ys, r)] if (ys and r is not None) else []
                    if r is not None:
                        items.append(acd if (prev_c.props.get("locator") or after_run) else cgd)
                        items.append(r)
                prev_c = c
            if mode == "year-suffix-ranged":
                items = _range_run(items, run)
            out.extend(items)
        return out


def _interleave(parts: list[Rich], delim: str) -> list[Rich | str]:
    out: list[Rich | str] = []
    for i, p in enumerate(parts):
        # a cite prefix that starts with punctuation replaces the delimiter; a cite
        # suffix that ends with punctuation takes the delimiter's place
        if i and delim and not (p.term and p.plain_all()[:1] in ",.;:"):
            prev = parts[i - 1]
            if (
                prev.kids
                and isinstance(prev.kids[-1], Rich)
                and prev.kids[-1].fixed
                and prev.plain_all().rstrip()[-1:] in (",", ";", ":", ".")
            ):
                out.append(delim.lstrip(",;:."))
            else:
                out.append(delim)
        out.append(p)
    return out


def _capitalize_leading_term(body: Rich) -> None:
    """In a note, a term that opens a citation (or follows a sentence-ending cite prefix) is
    capitalized (citeproc-js behaviour)."""
    cites = [k for k in body.kids if isinstance(k, Rich)]
    for n, cite in enumerate(cites):
        kids = cite.kids
        target: Rich | None = None
        if cite.term and len(kids) >= 2 and isinstance(kids[0], Rich):
            pre = kids[0].plain_all().rstrip().rstrip("”’\"'")
            # "See above. ibid." capitalizes; a lone abbreviation ("Cf.") does not
            if pre[-1:] in (".", "!", "?") and " " in pre.strip() and isinstance(kids[1], Rich):
                target = kids[1]
        elif n == 0:
            target = cite
        if target is None:
            continue
        hit = _first_leaf(target)
        if hit is not None and hit[2] is not None:
            node, i, _t = hit
            s = str(node.kids[i])
            node.kids[i] = s[:1].upper() + s[1:]


def _year(item: dict[str, Any]) -> Any:
    d = item.get("issued")
    if isinstance(d, dict) and d.get("date-parts"):
        return d["date-parts"][0][0]
    return None


def _range_run(items: list[Rich | str], run: list[tuple[int, Rich]]) -> list[Rich | str]:
    """Replace runs of 3+ consecutive year suffixes (a, b, c) with a range (a–c)."""
    if len(run) < 3:
        return items
    out = list(items)
    i = 0
    while i < len(run):
        j = i
        while j + 1 < len(run) and run[j + 1][0] == run[j][0] + 1:
            j += 1
        if j - i >= 2:
            start = out.index(run[i][1])
            end = out.index(run[j][1])
            out[start + 1 : end + 1] = ["–", run[j][1]]
        i = j + 1
    return out
