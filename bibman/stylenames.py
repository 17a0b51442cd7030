"""Style and locale names as people type them: one lookup for `format`, `cite` and `styles`.

A style name is, in this order: one of BibTeX's own styles shipped with bibman (``plain``,
``alpha``, ...) or a ``PATH.bst``; a ``PATH.csl``; a CSL style id (``apa``,
``chicago-author-date``), found by its file name without listing the ~10,800 files of the
collection; an alias people say (``mla``, ``harvard``, ``vancouver``: ``data/style-aliases.tsv``).
Anything else is an error whose suggestions come from the same search as ``bibman styles``:
exact id or alias, then ids, then titles, then close spellings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from .errors import ConfigError
from .lazyre import lazy

_DATA = Path(__file__).with_name("data")
_BST_DIR = Path(__file__).with_name("styles") / "bst"
_ID = lazy(r"[a-z0-9][a-z0-9._-]*")


class UnknownStyleError(ConfigError):
    """A style name that is no style bibman knows, nor an existing file."""

    def __init__(self, message: str, suggestions: tuple[str, ...] = ()) -> None:
        self.suggestions = suggestions
        super().__init__(message)


@dataclass(frozen=True)
class Alias:
    """A style name as people say it, and the CSL style(s) it stands for."""

    name: str  # what people type: "mla"
    style: str  # the CSL id it stands for: "modern-language-association"
    also: tuple[str, ...] = ()  # other styles the name may mean


@dataclass(frozen=True)
class ResolvedStyle:
    """What a ``--style`` value names: a BibTeX style or a CSL style file."""

    kind: Literal["bst", "csl"]
    name: str  # a BibTeX style name, a CSL id, or the path as given
    path: Path
    alias: Alias | None = None


@dataclass(frozen=True)
class StyleMatch:
    """One style found by ``bibman styles QUERY``."""

    id: str
    title: str
    aliases: tuple[str, ...] = ()
    dependent: bool = False


def bst_names() -> tuple[str, ...]:
    """BibTeX's own styles shipped with bibman (the .bst files themselves say which)."""
    return tuple(sorted(p.stem for p in _BST_DIR.glob("*.bst")))


@lru_cache(maxsize=1)
def aliases() -> dict[str, Alias]:
    out: dict[str, Alias] = {}
    text = (_DATA / "style-aliases.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, style, *rest = line.split("\t")
        also = tuple(s for s in (rest[0].split(",") if rest else []) if s)
        out[name] = Alias(name, style, also)
    return out


def _style_dirs() -> list[Path]:
    from .csl.api import style_dirs

    return style_dirs()


def find_csl(style_id: str) -> Path | None:
    """The file of a CSL style id: a direct look in each style folder, no listing."""
    if not _ID.fullmatch(style_id):
        return None
    for d in _style_dirs():
        p = d / f"{style_id}.csl"
        if p.is_file():
            return p
    return None


def resolve_style(name: str, *, bst: bool = True, command: str = "format") -> ResolvedStyle:
    """What ``--style NAME`` means; ``bst=False`` for commands that need a CSL style."""
    lower = name.lower()
    if lower.endswith(".bst") or lower in bst_names():
        if not bst:
            raise UnknownStyleError(
                f"`{command}` needs a CSL style, and {name!r} is a BibTeX style, which only "
                "`bibman format` runs; pick a CSL style id such as 'apa' or "
                "'chicago-author-date' (list them with `bibman styles`) or a .csl file"
            )
        if lower.endswith(".bst"):
            if not Path(name).is_file():
                raise UnknownStyleError(f"{name}: no such .bst file")
            return ResolvedStyle("bst", name, Path(name))
        return ResolvedStyle("bst", lower, _BST_DIR / f"{lower}.bst")
    if lower.endswith(".csl") and Path(name).is_file():
        return ResolvedStyle("csl", name, Path(name))
    # a style URL (http://www.zotero.org/styles/apa) or "apa.csl" means the id
    sid = lower.rstrip("/").rsplit("/", 1)[-1].removesuffix(".csl")
    path = find_csl(sid)
    if path is not None:
        return ResolvedStyle("csl", sid, path)
    alias = aliases().get(sid)
    if alias is not None:
        path = find_csl(alias.style)
        if path is not None:
            return ResolvedStyle("csl", alias.style, path, alias)
    hints = suggest(sid, bst=bst)
    if lower.endswith(".csl") or "/" in name or "\\" in name:
        msg = f"{name}: no such .csl file"
    else:
        msg = f"unknown style {name!r}"
    if hints:
        msg += f"; did you mean {' or '.join(repr(h) for h in hints)}?"
    kinds = f"BibTeX styles: {', '.join(bst_names())}, or a .bst path; " if bst else ""
    msg += f" ({kinds}CSL styles: see `bibman styles QUERY`, or a .csl path)"
    raise UnknownStyleError(msg, tuple(hints))


def alias_note(style: ResolvedStyle) -> str | None:
    """One line saying which style an ambiguous alias chose, or None."""
    a = style.alias
    if a is None or not a.also:
        return None
    others = " or ".join(f"--style {s}" for s in a.also)
    return f"style {a.name!r} is {a.style!r} here; for the other {a.name} style use {others}"


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, tuple[Path, bool]]:
    """Every CSL style id -> (file, dependent); for listing and searching only."""
    out: dict[str, tuple[Path, bool]] = {}
    for d in _style_dirs():
        dependent = d.name == "dependent"
        for p in d.glob("*.csl"):
            out.setdefault(p.stem, (p, dependent))
    return out


def complete(incomplete: str) -> list[str]:
    """Style names starting with ``incomplete``, for shell completion of ``--style``."""
    low = incomplete.lower()
    names = [*bst_names(), *sorted(aliases()), *style_ids()]
    return [n for n in dict.fromkeys(names) if n.startswith(low)]


def style_ids() -> list[str]:
    return sorted(_catalogue())


def style_title(path: Path) -> str:
    """The <title> of a style, read from the first few KB only (listing stays fast)."""
    with open(path, encoding="utf-8", errors="replace") as fh:
        head = fh.read(4096)
    m = re.search(r"<title>(.*?)</title>", head, re.S)
    if not m:
        return path.stem
    t = m.group(1).strip()
    for ent, ch in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&")):
        t = t.replace(ent, ch)
    return t


def search(query: str = "") -> list[StyleMatch]:
    """Styles matching every word of ``query``, best first.

    Order: the exact id or an alias of it; ids starting with the query; other ids holding
    every word; titles holding every word. Alphabetical within each rank.
    """
    cat = _catalogue()
    by_style: dict[str, list[str]] = {}
    for a in aliases().values():
        by_style.setdefault(a.style, []).append(a.name)

    def match(sid: str) -> StyleMatch:
        path, dep = cat[sid]
        return StyleMatch(sid, style_title(path), tuple(by_style.get(sid, ())), dep)

    words = query.lower().split()
    if not words:
        return [match(sid) for sid in sorted(cat)]
    joined = "-".join(words)
    ranked: dict[str, int] = {}
    exact = joined if joined in cat else None
    alias = aliases().get(joined)
    if exact:
        ranked[exact] = 0
    if alias and alias.style in cat:
        ranked.setdefault(alias.style, 0)
        for other in alias.also:
            if other in cat:
                ranked.setdefault(other, 1)
    for sid in cat:
        if sid in ranked:
            continue
        if all(w in sid for w in words):
            ranked[sid] = 2 if sid.startswith(words[0]) else 3
        elif all(w in style_title(cat[sid][0]).lower() for w in words):
            ranked[sid] = 4
    return [match(sid) for sid in sorted(ranked, key=lambda s: (ranked[s], s))]


def suggest(name: str, n: int = 3, *, bst: bool = True) -> list[str]:
    """Names to offer for an unknown style: the search's best, else close spellings."""
    import difflib

    out = [m.id for m in search(name.replace("-", " "))[:n]]
    if len(out) < n:
        pool = [*(bst_names() if bst else ()), *aliases(), *_catalogue()]
        for hit in difflib.get_close_matches(name.lower(), pool, n=n, cutoff=0.7):
            if hit not in out:
                out.append(hit)
    return out[:n]


# -- locales ----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def locales() -> dict[str, str]:
    """Lower-case tag -> locale tag, for the locale files and their primary dialects."""
    import json

    from .csl.locale import locale_dirs

    out: dict[str, str] = {}
    for d in locale_dirs():
        for p in d.glob("locales-*.xml"):
            tag = p.stem.removeprefix("locales-")
            out.setdefault(tag.lower(), tag)
        meta = d / "locales.json"
        if meta.is_file():
            for base in json.loads(meta.read_text(encoding="utf-8")).get("primary-dialects", {}):
                out.setdefault(base.lower(), base)
    return out


def resolve_locale(name: str) -> str:
    """A locale tag as the CSL locale files spell it (``en_gb`` -> ``en-GB``), or an error
    with the closest tags."""
    import difflib

    known = locales()
    key = name.strip().replace("_", "-").lower()
    if key in known:
        return known[key]
    base = key.split("-")[0]
    same = sorted(t for k, t in known.items() if k.split("-")[0] == base and "-" in k)
    close = [known[k] for k in difflib.get_close_matches(key, list(known), n=3, cutoff=0.5)]
    hints = list(dict.fromkeys([*same, *close]))[:4]
    msg = f"unknown locale {name!r}"
    if hints:
        msg += f"; did you mean {' or '.join(repr(h) for h in hints)}?"
    msg += " (`bibman styles --locales` lists them)"
    raise ConfigError(msg)
