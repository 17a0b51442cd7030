"""The processor's shared state and services: item normalisation, style queries,
cite properties, content fingerprints, rendering one cite, and the fallback for
items a style cannot render."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from ..lazyre import lazy
from ..model import Diagnostic
from .dates import parse_date
from .locale import Locale
from .render import (
    DATE_VARS,
    NAME_VARS,
    Cite,
    Ctx,
    ItemState,
    Renderer,
    _tostr,
)
from .richtext import Quotes, Rich
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


def _uses(node: Node, test: Callable[[Node], bool], style: Style, seen: set[str]) -> bool:
    """Whether ``node`` or an element under it (following macros) passes ``test``."""
    if test(node):
        return True
    if node.tag == "text" and node.get("macro") and node.get("macro") not in seen:
        seen.add(node.get("macro"))
        m = style.macros.get(node.get("macro"))
        if m is not None and _uses(m, test, style, seen):
            return True
    return any(_uses(c, test, style, seen) for c in node.children)


def _uses_attr(node: Node, attr: str, style: Style) -> bool:
    """Whether ``node`` (following macros) has an element with attribute ``attr``."""
    return _uses(node, lambda n: attr in n.attrs, style, set())


def _uses_var(node: Node, var: str, style: Style) -> bool:
    """Whether ``node`` (following macros) names the variable ``var``."""
    return _uses(node, lambda n: n.get("variable") == var, style, set())


class ProcessorBase:
    """What every part of the processor shares: its state (set up by
    :class:`~bibman.csl.engine.Processor`) and a few small services."""

    style: Style
    locale: Locale
    fmt: str
    items: dict[str, dict[str, Any]]
    r: Renderer
    quotes: Quotes
    registry: list[str]
    explicit_registry: bool
    citations: list[dict[str, Any]]
    state: dict[str, ItemState]
    cnum: dict[str, int]
    bib_order: list[str]
    diagnostics: list[Diagnostic]
    two_forms: bool
    has_disamb_cond: bool
    uses_cnum: bool
    uses_first_note: bool
    near_note_distance: int
    _fps: dict[str, bytes]
    _maxn: dict[str, int]
    _bound: tuple[int, int] | None
    _bound_done: bool
    _base_keys: dict[str, Any]
    _key_memo: dict[tuple[Any, ...], Any]
    _sort_memo: dict[tuple[Any, ...], tuple[int, Any]]

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

    def _fp(self, iid: str) -> bytes:
        """Content fingerprint: items with equal data (ids aside) render alike. A 128-bit
        digest of the item's JSON (the JSON itself would be a second copy of every item)."""
        fp = self._fps.get(iid)
        if fp is None:
            data = {k: v for k, v in self.items[iid].items() if k != "id"}
            text = json.dumps(data, sort_keys=True, default=str)
            fp = hashlib.blake2b(text.encode(), digest_size=16).digest()
            self._fps[iid] = fp
        return fp

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


NO_PRINTED_FORM = "[CSL STYLE ERROR: reference with no printed form.]"


_NO_PRINTED_FORM = "[CSL STYLE ERROR: reference with no printed form.]"


def _fallback(item: dict[str, Any]) -> Rich:
    title = item.get("title") or item.get("container-title") or ""
    return Rich([str(title) if title else f"[{item.get('id')}]"])


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
