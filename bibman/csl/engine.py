"""The CSL processor: registry, positions, sorting, disambiguation, collapsing, output.

No I/O: the host hands in a parsed :class:`Style`, a :class:`LocaleStore` (or ``Locale``)
and CSL-JSON items (dicts).
"""

from __future__ import annotations

from typing import Any

from ..gcpause import gc_paused
from ..model import Diagnostic
from .bibliography import Bibliography
from .citation import Citations
from .disambig import Disambiguation
from .locale import Locale, LocaleStore
from .procbase import NO_PRINTED_FORM, _uses_attr, _uses_var, normalize_item
from .render import (
    Cite,
    ItemState,
    Renderer,
    _suffix_letters,
)
from .richtext import Quotes
from .style import Node, Style


class Processor(Disambiguation, Citations, Bibliography):
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
        self._fps: dict[str, bytes] = {}
        self._maxn: dict[str, int] = {}
        self._bound: tuple[int, int] | None = None
        self._bound_done = False
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

    def bibliography_html(self) -> str:
        """The whole bibliography as citeproc-js writes it in HTML."""
        body = "".join(f'  <div class="csl-entry">{s}</div>\n' for _i, s in self._bib_raw())
        return f'<div class="csl-bib-body">\n{body}</div>'

    # ---------------------------------------------------------------- recompute
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


__all__ = ["NO_PRINTED_FORM", "Processor", "_suffix_letters", "normalize_item"]
