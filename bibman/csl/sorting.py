"""Sorting: sort keys (variables, names, dates, macros) and the stable multi-key sort."""

from __future__ import annotations

import functools
import re
from typing import Any

from .collate import collate, fold
from .dates import date_sort_key
from .procbase import ProcessorBase, _uses_var
from .render import (
    DATE_VARS,
    NAME_VARS,
    Cite,
    Ctx,
    ItemState,
    _tostr,
)
from .richtext import parse_markup
from .style import Node


class Sorting(ProcessorBase):
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

        try:
            return by_key(list(ids), 0)
        finally:
            # the keys are only compared within one sort: dropped, not kept while the
            # entries render (a collation key per item and per sort key)
            self._sort_memo.clear()

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


def _str_key(s: str) -> bytes:
    """Sort key like a collator's primary level: no case, accents or punctuation,
    letters in Unicode collation order (ł with l, Ә after А), as citeproc-js's
    ICU collator orders them."""
    return collate(fold(s))


def _num_str_key(s: str) -> bytes:
    """A macro's output: normalised like a string, numbers compared as numbers."""
    return _num_key(fold(s))


_DIGITS = re.compile(r"\d+")


def _num_key(s: str | bytes) -> bytes:
    """Numbers in a string compare as numbers ("2" before "10")."""
    if isinstance(s, bytes):
        return s
    return collate(_DIGITS.sub(_zfill, s))


def _zfill(m: re.Match[str]) -> str:
    return m.group(0).zfill(10)
