"""Disambiguation: cites that render alike get more names, given names, the
disambiguate condition or a year suffix (citeproc-js's order)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .render import (
    NAME_VARS,
    Cite,
    ItemState,
)
from .sorting import Sorting
from .style import Node, Style

# cite renders remembered at most during one disambiguation pass
KEY_MEMO_MAX = 100_000


class Disambiguation(Sorting):
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
            *self._norm_state(iid, st),
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
        if len(self._key_memo) >= KEY_MEMO_MAX:
            # a pure cache: forgetting costs renders, never changes output. Unbounded, it
            # kept every intermediate step of every group (MLA, 12.5 MB: 3.8 GB)
            self._key_memo.clear()
        self._key_memo[memo] = out
        return out

    def _norm_state(self, iid: str, st: ItemState) -> tuple[int, tuple[tuple[int, int], ...]]:
        """The item's added names and given-name levels, as far as they can change its
        cite: states that differ only in names the cite cannot show render alike (a name
        index past the names shown, more added names than the item has). The group's
        steps expand every member to the longest list in the group: these steps are no
        change for the others."""
        maxn = self._max_names(iid)
        shown = maxn
        bound = self._shown_bound()
        if bound is not None:
            shown = min(maxn, max(bound[0], bound[1] + st.add_names))
        return (
            min(st.add_names, maxn),
            tuple(sorted((k, v) for k, v in st.given_level.items() if k < shown and v)),
        )

    def _shown_bound(self) -> tuple[int, int] | None:
        """(E, U): a cite shows at most max(E, U + added names) names of a list (E: the
        longest list the style never cuts, U: the most names it keeps when it cuts), or
        None when some cs:names may show every name."""
        if self._bound_done:
            return self._bound
        self._bound_done = True
        cit = self.style.citation
        if cit is None:
            return None
        top = {**self.r.root_opts, **cit.attrs}
        if top.get("et-al-min", "") == "" or top.get("et-al-use-first", "") == "":
            return None  # a cs:name without its own et-al-min shows every name
        mins: list[int] = []
        firsts: list[int] = []
        sources = [top, *(n.attrs for n in _name_nodes(self.style))]
        for attrs in sources:
            for attr, into in (
                ("et-al-min", mins),
                ("et-al-subsequent-min", mins),
                ("et-al-use-first", firsts),
                ("et-al-subsequent-use-first", firsts),
            ):
                v = attrs.get(attr)
                if v is None:
                    continue
                try:
                    n = int(v)
                except ValueError:
                    return None
                if n <= 0 and into is mins:
                    return None  # et-al-min 0: never cut
                into.append(max(n, 0))
        self._bound = (max(mins) - 1, max(firsts))
        return self._bound

    def _disambiguate(self) -> None:
        try:
            self._disambiguate_all()
        finally:
            # the cite renders are only compared during this pass: a large bibliography
            # would keep one string per item for nothing while its entries render
            self._key_memo.clear()

    def _disambiguate_all(self) -> None:
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
        """The length of the item's longest name list."""
        n = self._maxn.get(iid)
        if n is None:
            it = self.items[iid]
            n = max([len(v) for k, v in it.items() if k in NAME_VARS and isinstance(v, list)] + [0])
            self._maxn[iid] = n
        return n

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
            seen = [self._norm_state(i, self.state[i]) for i in g]
            for _ in self._steps(g, maxn, add_names, add_given):
                now = [self._norm_state(i, self.state[i]) for i in g]
                if now == seen:
                    continue  # no member's cite can change: the group stays whole
                seen = now
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


def _name_nodes(style: Style) -> list[Node]:
    """Every cs:name of the style (macros included)."""
    out: list[Node] = []
    stack = [style.root]
    while stack:
        n = stack.pop()
        if n.tag == "name":
            out.append(n)
        stack.extend(n.children)
    return out


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


def _initials(g: str) -> str:
    return "".join(w[:1] for w in re.split(r"[\s.\-]+", g) if w)
