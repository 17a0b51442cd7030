"""The bibliography: every registered item rendered as an entry in bibliography order
(subsequent-author-substitute, second-field-align, empty entries)."""

from __future__ import annotations

import copy
from typing import Any

from ..gcpause import gc_paused
from ..model import Diagnostic
from .procbase import _NO_PRINTED_FORM, ProcessorBase, _fallback, _first_leaf, _uses_var
from .render import (
    Cite,
    Ctx,
    ItemState,
    _affix,
)
from .richtext import Rich, serialize
from .style import Node


class Bibliography(ProcessorBase):
    def _bib_raw(self) -> list[tuple[str, str]]:
        if self.style.bibliography is None:
            return []
        with gc_paused():
            return self._bib_entries()

    def _bib_entries(self) -> list[tuple[str, str]]:
        """(id, entry) in bibliography order, each entry serialized as soon as it is
        rendered: a large bibliography keeps its output text, not every entry's tree."""
        bib = self.style.bibliography
        if bib is None:
            return []
        sas = bib.attrs.get("subsequent-author-substitute")
        rule = bib.get("subsequent-author-substitute-rule", "complete-all")
        out: list[tuple[str, str]] = []
        prev_names: list[str] | None = None
        layout = bib.find("layout")
        assert layout is not None
        sfa = bib.get("second-field-align")
        if any(ch.get("display") for ch in layout.children):
            sfa = ""  # the layout places its own blocks
        uses_cnum = _uses_var(bib, "citation-number", self.style)
        memo: dict[tuple[Any, ...], tuple[str, list[str] | None]] = {}
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
                text, names_out = memo[mkey]
                prev_names = names_out
                out.append((iid, text))
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
                out.append((iid, self._serialize(rich)))
                continue
            prev_names = ctx.first_names_out
            text = self._serialize(rich)
            memo[mkey] = (text, prev_names)
            out.append((iid, text))
        return out

    def _serialize(self, rich: Rich) -> str:
        return serialize(rich, self.fmt, self.quotes, self.locale.punctuation_in_quote)

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


def _capitalize_opening_term(entry: Rich) -> None:
    """A term that opens a bibliography entry is capitalized ("N.d.", "Anonymous"):
    citeproc-js capitalizes a term with nothing rendered before it."""
    hit = _first_leaf(entry)
    if hit is not None and hit[2] is not None:
        node, i, _t = hit
        s = str(node.kids[i])
        node.kids[i] = s[:1].upper() + s[1:]
