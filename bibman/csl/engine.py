"""The CSL processor: registry, positions, sorting, disambiguation, collapsing, output.

No I/O: the host hands in a parsed :class:`Style`, a :class:`LocaleStore` (or ``Locale``)
and CSL-JSON items (dicts).
"""

from __future__ import annotations

import copy
import functools
import json
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from ..gcpause import gc_paused
from ..lazyre import lazy
from ..model import Diagnostic
from .dates import date_sort_key, parse_date
from .locale import Locale, LocaleStore
from .names import strip_accents
from .render import (
    DATE_VARS,
    NAME_VARS,
    Cite,
    Ctx,
    ItemState,
    Renderer,
    _affix,
    _suffix_letters,
    _tostr,
)
from .richtext import Quotes, Rich, parse_markup, serialize
from .style import Node, Style

_NOTE_FIELD = lazy(r"^\s*([a-z][a-z-]+)\s*:\s*(.+?)\s*$", re.M)
_TEXT_VARS = {
    "title",
    "title-short",
    "container-title",
    "container-title-short",
    "collection-title",
    "collection-title-short",
    "publisher",
    "publisher-place",
    "event-place",
    "original-title",
    "genre",
    "medium",
    "edition",
    "volume",
    "issue",
    "number",
    "section",
    "status",
    "authority",
    "archive",
    "archive_location",
    "DOI",
    "ISBN",
    "ISSN",
    "URL",
    "language",
    "version",
}


def normalize_item(raw: dict[str, Any]) -> dict[str, Any]:
    item = dict(raw)
    item["id"] = str(raw.get("id", ""))
    if item.get("journalAbbreviation") and not item.get("container-title-short"):
        item["container-title-short"] = item["journalAbbreviation"]
    note = item.get("note")
    if isinstance(note, str) and ":" in note:
        # Zotero convention: "variable: value" lines in note fill missing variables
        for m in _NOTE_FIELD.finditer(note):
            k, v = m.group(1), m.group(2)
            if k in _TEXT_VARS and k not in item:
                item[k] = v
            elif k in DATE_VARS and k not in item:
                item[k] = {"raw": v}
    for k, v in list(item.items()):
        if k in DATE_VARS:
            try:
                d = parse_date(v)
            except (TypeError, ValueError, IndexError):
                d = None
            if d is None:
                del item[k]
            else:
                item[k] = d
        elif k in NAME_VARS:
            if isinstance(v, list):
                item[k] = [n for n in v if isinstance(n, dict)]
            elif isinstance(v, str) and v.strip():
                item[k] = [{"literal": v}]
            else:
                del item[k]
    return item


def _uses_attr(node: Node, attr: str, style: Style, seen: set[str] | None = None) -> bool:
    """Whether ``node`` (following macros) has an element with attribute ``attr``."""
    seen = seen if seen is not None else set()
    if attr in node.attrs:
        return True
    if node.tag == "text" and node.get("macro") and node.get("macro") not in seen:
        seen.add(node.get("macro"))
        m = style.macros.get(node.get("macro"))
        if m is not None and _uses_attr(m, attr, style, seen):
            return True
    return any(_uses_attr(c, attr, style, seen) for c in node.children)


def _uses_var(node: Node, var: str, style: Style, seen: set[str] | None = None) -> bool:
    seen = seen if seen is not None else set()
    if node.get("variable") == var:
        return True
    if node.tag == "text" and node.get("macro") and node.get("macro") not in seen:
        seen.add(node.get("macro"))
        m = style.macros.get(node.get("macro"))
        if m is not None and _uses_var(m, var, style, seen):
            return True
    return any(_uses_var(c, var, style, seen) for c in node.children)


class Processor:
    def __init__(
        self,
        style: Style,
        locales: LocaleStore | Locale,
        items: list[dict[str, Any]],
        fmt: str = "html",
        lang: str | None = None,
    ) -> None:
        self.style = style
        self.locale = locales if isinstance(locales, Locale) else locales.locale_for(style, lang)
        self.fmt = fmt
        self.items: dict[str, dict[str, Any]] = {}
        for raw in items:
            it = normalize_item(raw)
            self.items[it["id"]] = it  # a repeated id: the last one wins (citeproc-js)
        self.r = Renderer(style, self.locale)
        cit = style.citation
        self.r.implicit_year_suffix = not (
            (cit is not None and _uses_var(cit, "year-suffix", style))
            or (
                style.bibliography is not None
                and _uses_var(style.bibliography, "year-suffix", style)
            )
        )
        self.quotes = Quotes(
            self.locale.term("open-quote") or "“",
            self.locale.term("close-quote") or "”",
            self.locale.term("open-inner-quote") or "‘",
            self.locale.term("close-inner-quote") or "’",
        )
        self.registry: list[str] = list(self.items)
        self.explicit_registry = False
        self.citations: list[dict[str, Any]] = []
        self.state: dict[str, ItemState] = {}
        self.cnum: dict[str, int] = {}
        self.bib_order: list[str] = []
        self._rendered: list[str] = []
        self._cites: list[list[Cite]] = []
        opts = cit.attrs if cit is not None else {}
        self.cit_opts = opts
        try:
            self.near_note_distance = int(opts.get("near-note-distance", "5") or 5)
        except ValueError:
            self.near_note_distance = 5
        self.diagnostics: list[Diagnostic] = []
        self._base_keys: dict[str, Any] = {}
        # ambiguity also counts in the subsequent (short) form of a cite
        self.two_forms = cit is not None and (
            bool(cit.get("et-al-subsequent-min") or cit.get("et-al-subsequent-use-first"))
            or _uses_attr(cit, "position", style)
        )
        self._fps: dict[str, str] = {}
        self.has_disamb_cond = cit is not None and _uses_attr(cit, "disambiguate", style)
        self.uses_cnum = cit is not None and _uses_var(cit, "citation-number", style)
        self.uses_first_note = cit is not None and _uses_var(
            cit, "first-reference-note-number", style
        )
        self._recompute()

    # ---------------------------------------------------------------- public API
    def register(self, ids: list[str]) -> None:
        self.registry = [i for i in ids if i in self.items]
        self.explicit_registry = True
        self._recompute()

    def process_citation_cluster(
        self, citation: dict[str, Any], pre: list[Any] | None = None, post: list[Any] | None = None
    ) -> list[int]:
        """Add or replace a citation; return indices whose rendering changed.

        ``pre``/``post`` are ``[citationID, noteIndex]`` pairs of the citations before and
        after it (citeproc-js convention); when given they define the document order.
        """
        before = {
            c.get("citationID"): (s, self._cite_sig(cs))
            for c, s, cs in zip(self.citations, self._rendered, self._cites, strict=False)
        }
        if not citation.get("citationID"):
            citation = dict(citation, citationID=f"auto-{len(self.citations)}")
        cid = citation.get("citationID")
        if pre is not None or post is not None:
            known = {c.get("citationID"): c for c in self.citations}
            order: list[dict[str, Any]] = []
            for ref in pre or []:
                c = known.get(ref[0])
                if c is not None:
                    props = dict(c.get("properties", {}), noteIndex=ref[1])
                    order.append(dict(c, properties=props))
            order.append(citation)
            for ref in post or []:
                c = known.get(ref[0])
                if c is not None:
                    props = dict(c.get("properties", {}), noteIndex=ref[1])
                    order.append(dict(c, properties=props))
            self.citations = order
        else:
            for i, c in enumerate(self.citations):
                if cid is not None and c.get("citationID") == cid:
                    self.citations[i] = citation
                    break
            else:
                self.citations.append(citation)
        self._recompute()
        # citeproc-js reports as updated: the new citation, changed output, and citations
        # whose cites changed state (numbers, disambiguation, first note)
        changed = []
        for i, c in enumerate(self.citations):
            prev = before.get(c.get("citationID"))
            if (
                prev is None
                or c.get("citationID") == cid
                or prev[0] != self._rendered[i]
                or prev[1] != self._cite_sig(self._cites[i])
            ):
                changed.append(i)
        return changed

    def _cite_sig(self, cites: list[Cite]) -> tuple[Any, ...]:
        sig: list[Any] = [c.props.get("citation-number") for c in cites] if self.uses_cnum else []
        for c in cites:
            st = self.state.get(c.item["id"])
            if st is not None:
                sig.append(
                    (
                        st.add_names,
                        tuple(sorted(st.given_level.items())),
                        st.year_suffix,
                        st.disambiguate,
                    )
                )
        if self.uses_first_note:
            sig += [c.props.get("_first_note") for c in cites]
        return tuple(sig)

    def citation_strings(self) -> list[str]:
        return list(self._rendered)

    def render_citation(self, cite_items: list[dict[str, Any]]) -> str:
        """Render one citation in the context of the registered citations (no state change)."""
        cites = [
            Cite(self.items[str(ci["id"])], self._cite_props(ci))
            for ci in cite_items
            if str(ci["id"]) in self.items
        ]
        for c in cites:
            c.props.setdefault("position", "first")
        return self._render_citation(cites, {})

    def bibliography(self) -> list[tuple[str, str]]:
        """(id, formatted entry) in bibliography order."""
        return [(i, s.strip()) for i, s in self._bib_raw()]

    def _bib_raw(self) -> list[tuple[str, str]]:
        if self.style.bibliography is None:
            return []
        out = []
        with gc_paused():
            entries = self._bib_entries()
        for iid, rich in entries:
            out.append(
                (
                    iid,
                    serialize(
                        rich,
                        self.fmt,
                        self.quotes,
                        self.locale.punctuation_in_quote,
                    ),
                )
            )
        return out

    def bibliography_html(self) -> str:
        """The whole bibliography as citeproc-js writes it in HTML."""
        body = "".join(f'  <div class="csl-entry">{s}</div>\n' for _i, s in self._bib_raw())
        return f'<div class="csl-bib-body">\n{body}</div>'

    # ---------------------------------------------------------------- recompute
    def _cite_props(self, ci: dict[str, Any]) -> dict[str, Any]:
        props: dict[str, Any] = {}
        for k in ("locator", "label", "prefix", "suffix", "suppress-author", "author-only"):
            if ci.get(k) not in (None, ""):
                props[k] = ci[k]
        if "locator" in props:
            props["locator"] = _tostr(props["locator"]).strip()
            props.setdefault("label", "page")
            if props["label"] == "sub verbo":  # CSL 1.0 spelling of the label
                props["label"] = "sub-verbo"
        return props

    def _recompute(self) -> None:
        with gc_paused():
            self._recompute_all()

    def _recompute_all(self) -> None:
        self._key_memo: dict[tuple[Any, ...], Any] = {}
        self._sort_memo: dict[tuple[Any, ...], tuple[int, Any]] = {}
        if not self.explicit_registry:
            order: list[str] = []
            for cit in self.citations:
                for ci in cit.get("citationItems", []):
                    iid = str(ci.get("id"))
                    if iid in self.items and iid not in order:
                        order.append(iid)
            if self.citations:
                self.registry = order
        for iid in self.registry:
            self.state.setdefault(iid, ItemState())
        self._number_and_sort()
        self._cites = self._positions()
        self._disambiguate()
        self._rendered = [
            self._render_citation(cs, cit.get("properties", {}))
            for cs, cit in zip(self._cites, self.citations, strict=False)
        ]

    def _number_and_sort(self) -> None:
        prov = {iid: i + 1 for i, iid in enumerate(self.registry)}
        self.cnum = prov
        bib = self.style.bibliography
        sort = bib.find("sort") if bib is not None else None
        if sort is None:
            self.bib_order = list(self.registry)
            return
        self.bib_order = self._sort_ids(list(self.registry), sort, "bibliography")
        uses_cnum = any(k.get("variable") == "citation-number" for k in sort.children)
        if not uses_cnum and not any(
            k.get("macro")
            and _uses_var(
                self.style.macros.get(k.get("macro"), Node("x", {})), "citation-number", self.style
            )
            for k in sort.children
        ):
            self.cnum = {iid: i + 1 for i, iid in enumerate(self.bib_order)}

    # ---------------------------------------------------------------- sorting
    def _sort_key(
        self, item: dict[str, Any], key: Node, section: str, cite: Cite | None = None
    ) -> tuple[int, Any]:
        props = dict(cite.props) if cite is not None else {}
        props.setdefault("citation-number", self.cnum.get(item["id"]))
        c = Cite(item, props)
        ctx = Ctx(self.r, c, "sort", self.state.get(item["id"], ItemState()))
        sec = self.style.bibliography if section == "bibliography" else self.style.citation
        if sec is not None:
            ctx.opts = dict(self.r.root_opts)
            ctx.opts.update({k: v for k, v in sec.attrs.items()})
        ctx.sort_names_override = (
            key.get("names-min"),
            key.get("names-use-first"),
            key.get("names-use-last"),
        )
        var = key.get("variable")
        if var:
            if var in NAME_VARS:
                from .namesrender import render_names

                out = render_names(
                    self.r, Node("names", {"variable": var}, [Node("name", {})]), ctx
                )
                s = out.plain_all() if out is not None else ""
                return (0, _str_key(s)) if s else (1, "")
            if var in DATE_VARS:
                k = date_sort_key(item.get(var))
                return (0, k) if k else (1, "")
            v = self.r.var(ctx, var)
            if v in (None, ""):
                return (1, "")
            s = _tostr(v)
            m = re.match(r"^\s*(\d+)", s)
            if m and var not in ("title", "container-title"):
                return (0, _num_key(s))
            return (0, _str_key(parse_markup(s).plain_all()))
        macro = self.style.macros.get(key.get("macro"))
        if macro is None:
            return (1, "")
        out = self.r.render_children(macro, ctx, "")
        s = out.plain_all() if out is not None else ""
        if not s:
            return (1, "")
        return (0, _num_str_key(s))

    def _sort_ids(self, ids: list[str], sort: Node, section: str) -> list[str]:
        """Stable multi-key sort; a key is only computed for items tied on earlier keys."""
        keys = [k for k in sort.children if k.tag == "key"]

        def by_key(group: list[str], n: int) -> list[str]:
            if n >= len(keys) or len(group) < 2:
                return group
            key = keys[n]
            vals = {iid: self._safe_sort_key(iid, key, section) for iid in group}
            desc = key.get("sort", "ascending") == "descending"

            def cmp(a: str, b: str) -> int:
                (ea, va), (eb, vb) = vals[a], vals[b]
                if ea != eb:
                    return ea - eb  # empty values always last
                if va == vb:
                    return 0
                r = -1 if va < vb else 1
                return -r if desc else r

            ordered = sorted(group, key=functools.cmp_to_key(cmp))
            out: list[str] = []
            i = 0
            while i < len(ordered):
                j = i + 1
                while j < len(ordered) and vals[ordered[j]] == vals[ordered[i]]:
                    j += 1
                out.extend(by_key(ordered[i:j], n + 1))
                i = j
            return out

        return by_key(list(ids), 0)

    def _safe_sort_key(self, iid: str, key: Node, section: str) -> tuple[int, Any]:
        cacheable = key.__dict__.get("_cacheable")
        if cacheable is None:
            cacheable = key.get("variable") != "citation-number" and not (
                key.get("macro")
                and _uses_var(
                    self.style.macros.get(key.get("macro"), Node("x", {})),
                    "citation-number",
                    self.style,
                )
            )
            key.__dict__["_cacheable"] = cacheable
        memo = (self._fp(iid), id(key), section)
        if cacheable and memo in self._sort_memo:
            return self._sort_memo[memo]
        try:
            val = self._sort_key(self.items[iid], key, section)
        except Exception:  # a bad item sorts last instead of breaking the sort
            val = (1, "")
        if cacheable:
            self._sort_memo[memo] = val
        return val

    # ---------------------------------------------------------------- positions
    def _positions(self) -> list[list[Cite]]:
        """first / subsequent / ibid / ibid-with-locator / near-note for every cite.

        In-text citations (noteIndex 0) and footnote citations are two separate streams for
        ibid; a footnote citation is ibid only if the previous note cites that one item alone.
        """
        result: list[list[Cite]] = []
        first_note: dict[str, int] = {}
        last_note: dict[str, int] = {}
        prev_by_stream: dict[bool, list[Cite]] = {}
        note_cites: dict[int, list[Cite]] = {}
        prev_note_of_stream: dict[bool, int] = {}
        for cit in self.citations:
            note = int(cit.get("properties", {}).get("noteIndex", 0) or 0)
            stream = note > 0
            cites: list[Cite] = []
            for ci in cit.get("citationItems", []):
                iid = str(ci.get("id"))
                if iid not in self.items:
                    continue
                c = Cite(self.items[iid], self._cite_props(ci))
                c.props["citation-number"] = self.cnum.get(iid)
                if iid not in first_note:
                    c.props["position"] = "first"
                    first_note[iid] = note
                else:
                    c.props["first-reference-note-number"] = first_note[iid]
                    prev: Cite | None = None
                    if cites:
                        prev = cites[-1]
                    else:
                        pc = prev_by_stream.get(stream)
                        if pc is not None and stream and prev_note_of_stream.get(stream) != note:
                            pc = note_cites.get(prev_note_of_stream[stream], pc)
                        if pc is not None and len(pc) == 1:
                            prev = pc[0]
                    if prev is not None and prev.item["id"] == iid:
                        ploc = prev.props.get("locator")
                        cloc = c.props.get("locator")
                        if cloc is None and ploc is None:
                            c.props["position"] = "ibid"
                        elif cloc is None:
                            c.props["position"] = "subsequent"
                        elif (
                            ploc is None
                            or ploc != cloc
                            or prev.props.get("label") != c.props.get("label")
                        ):
                            c.props["position"] = "ibid-with-locator"
                        else:
                            c.props["position"] = "ibid"
                    else:
                        c.props["position"] = "subsequent"
                    if (
                        iid in last_note
                        and note
                        and note - last_note[iid] <= self.near_note_distance
                    ):
                        c.props["near-note"] = True
                    elif iid in last_note and not note:
                        c.props["near-note"] = False
                c.props["_first_note"] = first_note[iid]  # for change tracking only
                last_note[iid] = note
                cites.append(c)
            result.append(cites)
            prev_by_stream[stream] = cites
            prev_note_of_stream[stream] = note
            if stream:
                note_cites.setdefault(note, []).extend(cites)
        return result

    # ---------------------------------------------------------------- disambiguation
    def _fp(self, iid: str) -> str:
        """Content fingerprint: items with equal data (ids aside) render alike."""
        fp = self._fps.get(iid)
        if fp is None:
            data = {k: v for k, v in self.items[iid].items() if k != "id"}
            fp = json.dumps(data, sort_keys=True, default=str)
            self._fps[iid] = fp
        return fp

    def _key(self, iid: str) -> Any:
        """The item's first cite (and, for styles with a subsequent form, that one too)."""
        k1 = self._key1(iid, "first")
        if not self.two_forms:
            return (k1, None)
        return (k1, self._key1(iid, "subsequent"))

    def _key1(self, iid: str, position: str) -> str:
        """Plain text of one cite of the item under its current disambiguation state."""
        st = self.state.get(iid, ItemState())
        memo = (
            self._fp(iid),
            st.add_names,
            tuple(sorted(st.given_level.items())),
            st.disambiguate,
            st.year_suffix,
            self.cnum.get(iid) if self.uses_cnum else None,
            id(st.name_levels),
            position,
        )
        hit = self._key_memo.get(memo)
        if hit is not None:
            return hit
        # citeproc-js leaves the citation number out when it compares cites
        c = Cite(self.items[iid], {"position": position, "citation-number": ""})
        rich = self._render_cite(c, disamb=True)
        out = rich.plain_all() if rich is not None else ""
        self._key_memo[memo] = out
        return out

    def _disambiguate(self) -> None:
        cit = self.style.citation
        if cit is None:
            return
        for st in self.state.values():
            st.add_names = 0
            st.given_level = {}
            st.year_suffix = 0
            st.disambiguate = False
            st.name_levels = {}
        add_names = cit.get("disambiguate-add-names") == "true"
        add_given = cit.get("disambiguate-add-givenname") == "true"
        add_ys = cit.get("disambiguate-add-year-suffix") == "true"
        rule = cit.get("givenname-disambiguation-rule", "by-cite")
        ids = [i for i in self.registry if i in self.items]
        if add_given and rule != "by-cite":
            self._global_given(ids, rule)
        keys = {iid: self._key(iid) for iid in ids}
        self._base_keys = dict(keys)
        amb = self._groups(ids, keys)
        if not amb:
            return
        if add_names or (add_given and rule == "by-cite"):
            for g in amb:
                self._refine(g, add_names, add_given and rule == "by-cite")
            amb = self._groups(ids, keys, {i for g in amb for i in g})
        # cs:if disambiguate="true" conditions switch on one at a time (citeproc-js)
        level = 0
        while amb and self.has_disamb_cond and level < 8:
            level += 1
            for g in amb:
                for iid in g:
                    self.state[iid].disambiguate = level
            before_keys = dict(keys)
            amb = self._groups(ids, keys, {i for g in amb for i in g})
            if keys == before_keys:
                break
        if add_ys and amb:
            ys_order = self.bib_order
            csort = cit.find("sort")
            if (
                self.style.bibliography is None or self.style.bibliography.find("sort") is None
            ) and csort is not None:
                # no bibliography order: suffixes follow the citation sort
                ys_order = self._sort_ids(list(self.registry), csort, "citation")
            order = {iid: n for n, iid in enumerate(ys_order)}
            for g in amb:
                for n, iid in enumerate(sorted(g, key=lambda i: order.get(i, 0))):
                    self.state[iid].year_suffix = n + 1

    def _groups(
        self, ids: list[str], keys: dict[str, Any], touched: set[str] | None = None
    ) -> list[list[str]]:
        """Items whose citations render alike; only ``touched`` items are re-rendered."""
        for iid in ids:
            if touched is not None and iid in touched:
                keys[iid] = self._key(iid)
        return [g for g in _cluster(ids, keys) if len(g) > 1]

    def _split(self, g: list[str]) -> list[list[str]]:
        return _cluster(g, {iid: self._key(iid) for iid in g})

    def _max_names(self, iid: str) -> int:
        it = self.items[iid]
        return max([len(it.get(v) or []) for v in NAME_VARS if isinstance(it.get(v), list)] + [0])

    def _refine(self, group: list[str], add_names: bool, add_given: bool) -> None:
        """Expand names, then given names, step by step until the group splits.

        A subgroup that a step split off keeps that step's expansion and is refined further;
        a group no step can split goes back to how it was (expansion only where it helps).
        """
        stack = [group]
        while stack:
            g = stack.pop()
            snap = {i: (self.state[i].add_names, dict(self.state[i].given_level)) for i in g}
            maxn = max(self._max_names(i) for i in g)
            split: list[list[str]] | None = None
            for _ in self._steps(g, maxn, add_names, add_given):
                parts = self._split(g)
                if len(parts) > 1:
                    split = parts
                    break
            if split is None:
                for i in g:
                    self.state[i].add_names, self.state[i].given_level = snap[i][0], snap[i][1]
                continue
            self._minimize_given(g, split)
            for sg in split:
                if len(sg) > 1:
                    stack.append(sg)

    def _steps(self, g: list[str], maxn: int, add_names: bool, add_given: bool) -> Iterator[None]:
        """Apply the next expansion (names, then given names) to the whole group."""
        start = max(self.state[i].add_names for i in g)
        for extra in range(start, maxn + 1):
            if extra != start:
                if not add_names:
                    break
                for i in g:
                    self.state[i].add_names = extra
                yield None
            if add_given:
                for idx in range(maxn):
                    for level in (1, 2):
                        for i in g:
                            cur = self.state[i].given_level.get(idx, 0)
                            self.state[i].given_level[idx] = max(cur, level)
                        yield None

    def _minimize_given(self, g: list[str], split: list[list[str]]) -> None:
        target = sorted(sorted(x) for x in split)
        idxs = sorted({k for i in g for k in self.state[i].given_level})
        for idx in idxs:
            saved = {i: self.state[i].given_level.get(idx, 0) for i in g}
            for lower in (0, 1):
                if all(v <= lower for v in saved.values()):
                    break
                for i in g:
                    self.state[i].given_level[idx] = min(saved[i], lower)
                if sorted(sorted(x) for x in self._split(g)) == target:
                    saved = {i: self.state[i].given_level.get(idx, 0) for i in g}
                    break
                for i in g:
                    self.state[i].given_level[idx] = saved[i]

    def _global_given(self, ids: list[str], rule: str) -> None:
        from .names import parse_particles

        persons: dict[str, set[str]] = {}
        primary = rule.startswith("primary")
        for iid in ids:
            it = self.items[iid]
            for v in NAME_VARS:
                names = it.get(v)
                if not isinstance(names, list):
                    continue
                for n, nm in enumerate(names):
                    if primary and n:
                        break
                    p = parse_particles(nm)
                    fam = " ".join(
                        x for x in (p.get("non-dropping-particle"), p.get("family")) if x
                    )
                    if fam:
                        given = " ".join((p.get("given", "") or "").replace(".", " ").split())
                        persons.setdefault(fam, set()).add(given)
        with_initials = rule.endswith("with-initials")
        levels: dict[str, int] = {}
        for fam, variants in persons.items():
            if len(variants) < 2:
                continue
            inits: dict[str, set[str]] = {}
            for g in variants:
                inits.setdefault(_initials(g), set()).add(g)
            for g in variants:
                level = 1 if len(inits[_initials(g)]) == 1 else 2
                if with_initials and level == 2:
                    continue
                levels[f"{fam}|{g}"] = level
        levels["__primary__"] = 1 if primary else 0
        for iid in ids:
            self.state[iid].name_levels = levels  # shared, read-only

    # ---------------------------------------------------------------- rendering
    def _render_cite(
        self, cite: Cite, disamb: bool = False, suppress_names: bool = False, only_ys: bool = False
    ) -> Rich | None:
        section = self.style.citation
        if section is None:
            return None
        ctx = Ctx(self.r, cite, "citation", self.state.get(cite.item["id"], ItemState()))
        ctx.suppress_names = suppress_names or bool(cite.props.get("suppress-author"))
        ctx.only_year_suffix = only_ys
        ctx.looking = disamb
        try:
            return self.r.render_layout(section, ctx)
        except Exception as exc:  # a bad item never kills the citation
            self._bad_item(cite.item, exc)
            return _fallback(cite.item)

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

    # ---------------------------------------------------------------- bibliography
    def _bib_entries(self) -> list[tuple[str, Rich]]:
        bib = self.style.bibliography
        if bib is None:
            return []
        sas = bib.attrs.get("subsequent-author-substitute")
        rule = bib.get("subsequent-author-substitute-rule", "complete-all")
        out: list[tuple[str, Rich]] = []
        prev_names: list[str] | None = None
        layout = bib.find("layout")
        assert layout is not None
        sfa = bib.get("second-field-align")
        if any(ch.get("display") for ch in layout.children):
            sfa = ""  # the layout places its own blocks
        uses_cnum = _uses_var(bib, "citation-number", self.style)
        memo: dict[tuple[Any, ...], tuple[Rich | None, list[str] | None]] = {}
        for iid in self.bib_order:
            item = self.items[iid]
            st0 = self.state.get(iid, ItemState())
            # entries with the same data, suffix, number and context render alike
            mkey = (
                self._fp(iid),
                st0.year_suffix,
                st0.disambiguate,
                self.cnum.get(iid) if uses_cnum else None,
                tuple(prev_names) if (sas is not None and prev_names is not None) else None,
            )
            if mkey in memo:
                rich, names_out = memo[mkey]
                if rich is not None:
                    prev_names = names_out
                    out.append((iid, rich))
                    continue
            cite = Cite(item, {"citation-number": self.cnum.get(iid)})
            st = copy.copy(self.state.get(iid, ItemState()))
            st.add_names = 0
            st.given_level = {}
            # given names added by a global givenname-disambiguation-rule (all-names,
            # primary-name, ...) stay in the bibliography (citeproc-js); by-cite ones do not
            st.all_given = 0
            ctx = Ctx(self.r, cite, "bibliography", st)
            if sas is not None and prev_names is not None:
                ctx.sub_names = (rule, sas, prev_names)
            ctx.opts = dict(self.r.root_opts)
            ctx.opts.update({k: v for k, v in bib.attrs.items()})
            try:
                rich = self._bib_entry(layout, ctx, sfa)
            except Exception as exc:  # a bad item never kills the bibliography
                self._bad_item(item, exc)
                rich = _fallback(item)
            if rich is None:
                cit = self.style.citation
                lay = cit.find("layout") if cit is not None else None
                # numeric: the citation layout prints the number (citeproc-js NUMERIC mode)
                numbered = lay is not None and _uses_var(lay, "citation-number", self.style)
                self.diagnostics.append(
                    Diagnostic(
                        "warning",
                        "csl.empty-entry",
                        "the style prints nothing for this entry; "
                        + ("a numbered placeholder stands in" if numbered else "left out"),
                        key=iid,
                    )
                )
                if not numbered:
                    continue
                # a numeric style keeps its numbering: citeproc-js prints a placeholder
                rich = Rich([f"{len(out) + 1}. {_NO_PRINTED_FORM}"])
                out.append((iid, rich))
                continue
            prev_names = ctx.first_names_out
            memo[mkey] = (rich, prev_names)
            out.append((iid, rich))
        return out

    def _bad_item(self, item: dict[str, Any], exc: Exception) -> None:
        self.diagnostics.append(
            Diagnostic(
                "warning",
                "csl.render-failed",
                f"could not render with this style ({type(exc).__name__}: {exc}); "
                "showing a minimal entry",
                key=item.get("id"),
            )
        )

    def _bib_entry(self, layout: Node, ctx: Ctx, sfa: str) -> Rich | None:
        if True:
            if sfa:
                parts = []
                for ch in layout.children:
                    o = self.r.render(ch, ctx)
                    if o is not None and not o.is_empty():
                        parts.append(o)
                if not parts:
                    return None
                first, rest = parts[0], parts[1:]
                right_kids: list[Rich | str] = []
                for i, p in enumerate(rest):
                    if i and layout.get("delimiter"):
                        right_kids.append(layout.get("delimiter"))
                    right_kids.append(p)
                if layout.get("suffix"):
                    right_kids.append(layout.get("suffix"))
                left = Rich([Rich([layout.get("prefix", ""), first])], display="left-margin")
                right = Rich(right_kids, display="right-inline")
                fm: list[tuple[str, str]] = [
                    (k, layout.attrs[k])
                    for k in (
                        "font-style",
                        "font-weight",
                        "font-variant",
                        "text-decoration",
                        "vertical-align",
                    )
                    if k in layout.attrs
                ]
                # trailing space of the right column goes after it (citeproc-js)
                tail = _pop_trailing_space(right)
                rich = Rich([left, right, *([tail] if tail else [])], fmts=fm)
            else:
                body = self.r.render_children(layout, ctx)
                if body is None or body.is_empty():
                    return None
                if not ctx.names_blanked:  # citeproc-js decides before the substitution
                    _capitalize_opening_term(body)
                blocks = [k for k in body.kids if isinstance(k, Rich) and _display_of(k)]
                suffix = layout.get("suffix")
                if suffix and blocks and body.kids and body.kids[-1] is blocks[-1]:
                    # the layout suffix goes inside the last display block
                    _inner_of(blocks[-1]).kids.append(suffix)
                    lay = Node("layout", {k: v for k, v in layout.attrs.items() if k != "suffix"})
                    rich = _affix(lay, body, ctx, affix_inside=True) or body
                else:
                    rich = _affix(layout, body, ctx, affix_inside=True) or body
        return rich


NO_PRINTED_FORM = "[CSL STYLE ERROR: reference with no printed form.]"


_NO_PRINTED_FORM = "[CSL STYLE ERROR: reference with no printed form.]"


def _display_of(r: Rich) -> str:
    while not r.display and len(r.kids) == 1 and isinstance(r.kids[0], Rich):
        r = r.kids[0]
    return r.display


def _inner_of(r: Rich) -> Rich:
    """The node inside a display block where its content goes (inside its suffix)."""
    while not r.display and len(r.kids) == 1 and isinstance(r.kids[0], Rich):
        r = r.kids[0]
    return r


def _pop_trailing_space(r: Rich) -> str:
    """Strip trailing spaces from the last text of ``r``; return what was removed."""
    node: Rich = r
    while True:
        if node.suffix:
            stripped = node.suffix.rstrip(" ")
            tail = node.suffix[len(stripped) :]
            node.suffix = stripped
            return tail
        if not node.kids:
            return ""
        last = node.kids[-1]
        if isinstance(last, str):
            stripped = last.rstrip(" ")
            node.kids[-1] = stripped
            return last[len(stripped) :]
        node = last


def _fallback(item: dict[str, Any]) -> Rich:
    title = item.get("title") or item.get("container-title") or ""
    return Rich([str(title) if title else f"[{item.get('id')}]"])


def _cluster(ids: list[str], keys: dict[str, Any]) -> list[list[str]]:
    """Groups of items that share a first-form key or a subsequent-form key."""
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for slot in (0, 1):
        seen: dict[Any, str] = {}
        for iid in ids:
            k = keys[iid][slot]
            if k is None:
                continue
            if k in seen:
                parent[find(iid)] = find(seen[k])
            else:
                seen[k] = iid
    groups: dict[str, list[str]] = {}
    for iid in ids:
        groups.setdefault(find(iid), []).append(iid)
    return list(groups.values())


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


def _first_leaf(r: Rich) -> tuple[Rich, int, Rich | None] | None:
    """The first non-empty text leaf: (parent, index, innermost term node or None)."""
    stack: list[tuple[Rich, Rich | None]] = [(r, r if r.term else None)]
    while stack:
        node, term = stack.pop()
        # affixes are no output before the term: citeproc-js prints "(N.d.)"
        for i, k in enumerate(node.kids):
            if isinstance(k, str):
                if k:
                    return node, i, term
                continue
            if k.is_empty():
                continue
            stack.append((k, k if k.term else term))
            break
    return None


def _capitalize_opening_term(entry: Rich) -> None:
    """A term that opens a bibliography entry is capitalized ("N.d.", "Anonymous"):
    citeproc-js capitalizes a term with nothing rendered before it."""
    hit = _first_leaf(entry)
    if hit is not None and hit[2] is not None:
        node, i, _t = hit
        s = str(node.kids[i])
        node.kids[i] = s[:1].upper() + s[1:]


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


def _initials(g: str) -> str:
    return "".join(w[:1] for w in re.split(r"[\s.\-]+", g) if w)


def _str_key(s: str) -> tuple[int, ...]:
    """Sort key like a collator's primary level: no case, accents or punctuation,
    letters in Unicode collation order (ł with l, Ә after А), as citeproc-js's
    ICU collator orders them."""
    s = strip_accents(s).lower()
    s = "".join(c for c in s if not unicodedata.category(c).startswith("P"))
    return _collate(" ".join(s.split()))


def _num_str_key(s: str) -> tuple[int, ...]:
    """A macro's output: normalised like a string, numbers compared as numbers."""
    s = strip_accents(s).lower()
    s = "".join(c for c in s if not unicodedata.category(c).startswith("P"))
    return _num_key(" ".join(s.split()))


def _num_key(s: str | tuple[int, ...]) -> tuple[int, ...]:
    """Numbers in a string compare as numbers ("2" before "10")."""
    if isinstance(s, tuple):
        return s
    return _collate(re.sub(r"\d+", lambda m: m.group(0).zfill(10), s))


@functools.lru_cache(maxsize=1)
def _collator() -> Any:
    import pyuca  # the Unicode Collation Algorithm with the DUCET; loaded when sorting

    return pyuca.Collator()


@functools.lru_cache(maxsize=65536)
def _collate(s: str) -> tuple[int, ...]:
    key: tuple[int, ...] = tuple(_collator().sort_key(s))
    return key


__all__ = ["Processor", "_suffix_letters", "normalize_item"]
