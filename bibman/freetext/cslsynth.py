"""Labelled references rendered from real BibTeX records through bibman's own CSL engine.

Training and evaluation data only (``bibman.freetext.train``, ``bench/refparse_synth.py``);
nothing here runs at parse time. Each CSL variable's output is wrapped in private-use
marker characters while rendering (the renderer's ``text``/``number``/``date``/``names``
elements are wrapped for the duration of :func:`labelled`), so the printed reference comes
back as ``(label, text)`` pieces in the tagger's label set. Text outside any variable
(terms such as "In", "pp.", "Retrieved from") joins the next piece when it has letters,
the previous one when it is punctuation.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

Part = tuple[str, str]

_OPEN = 0xE000  # marker for label k opens with chr(_OPEN + k) ...
_CLOSE = "\ue0ff"  # ... and closes with this

LABELS = [
    "author",
    "editor",
    "translator",
    "title",
    "journal",
    "container-title",
    "series",
    "publisher",
    "location",
    "date",
    "volume",
    "pages",
    "url",
    "doi",
    "isbn",
    "edition",
    "genre",
    "citation-number",
    "note",
    "accessed",
]
_IDX = {lab: i for i, lab in enumerate(LABELS)}

_VAR_LABEL = {
    "author": "author",
    "editor": "editor",
    "container-author": "editor",
    "collection-editor": "editor",
    "editorial-director": "editor",
    "translator": "translator",
    "title": "title",
    "title-short": "title",
    "collection-title": "series",
    "publisher": "publisher",
    "original-publisher": "publisher",
    "authority": "publisher",
    "publisher-place": "location",
    "event-place": "location",
    "original-publisher-place": "location",
    "issued": "date",
    "original-date": "date",
    "accessed": "accessed",
    "volume": "volume",
    "issue": "volume",
    "number": "volume",
    "part-number": "volume",
    "supplement-number": "volume",
    "collection-number": "volume",
    "page": "pages",
    "page-first": "pages",
    "number-of-pages": "note",
    "URL": "url",
    "DOI": "doi",
    "ISBN": "isbn",
    "edition": "edition",
    "genre": "genre",
    "citation-number": "citation-number",
}
_JOURNAL_TYPES = {"article-journal", "article-magazine", "article-newspaper", "article"}


def _label_of(var: str, item_type: str) -> str:
    if var == "container-title":
        return "journal" if item_type in _JOURNAL_TYPES else "container-title"
    return _VAR_LABEL.get(var, "note")


@contextmanager
def _marking() -> Iterator[None]:
    """Wrap each variable's rendered output in markers (class-level patch, restored after)."""
    from bibman.csl import render
    from bibman.csl.richtext import Rich

    R = render.Renderer
    saved = {n: getattr(R, n) for n in ("r_text", "r_number", "r_date", "r_names")}

    def wrap(name: str, getvar: Any) -> Any:
        orig = saved[name]

        def fn(self: Any, node: Any, ctx: Any) -> Any:
            out = orig(self, node, ctx)
            var = getvar(node, ctx)
            if out is None or var is None or out.is_empty():
                return out
            lab = _label_of(var, str(ctx.item.get("type", "")))
            return Rich([chr(_OPEN + _IDX[lab]), out, _CLOSE])

        return fn

    def text_var(node: Any, ctx: Any) -> str | None:
        v = node.attrs.get("variable")
        return None if v in (None, "year-suffix") else str(v)

    def names_var(node: Any, ctx: Any) -> str | None:
        # the first variable the item has, looking into cs:substitute too
        todo, first = [node], None
        while todo:
            n = todo.pop(0)
            for v in str(n.attrs.get("variable", "")).split() if n.tag == "names" else ():
                first = first or v
                if ctx.item.get(v):
                    return v
            todo.extend(n.children)
        return first

    R.r_text = wrap("r_text", text_var)  # type: ignore[method-assign]
    R.r_number = wrap("r_number", lambda n, c: n.attrs.get("variable"))  # type: ignore[method-assign]
    R.r_date = wrap("r_date", lambda n, c: n.attrs.get("variable"))  # type: ignore[method-assign]
    R.r_names = wrap("r_names", names_var)  # type: ignore[method-assign]
    try:
        yield
    finally:
        for n, f in saved.items():
            setattr(R, n, f)


def split_marked(s: str) -> list[Part] | None:
    """Marked text -> (label, text) pieces (outermost label wins); None if unbalanced."""
    parts: list[Part] = []
    stack: list[str] = []
    buf: list[str] = []
    cur = ""

    def flush() -> None:
        if buf:
            parts.append((cur, "".join(buf)))
            buf.clear()

    for ch in s:
        o = ord(ch)
        if _OPEN <= o < _OPEN + len(LABELS):
            if not stack:
                flush()
                cur = LABELS[o - _OPEN]
            stack.append(LABELS[o - _OPEN])
        elif ch == _CLOSE:
            if not stack:
                return None
            stack.pop()
            if not stack:
                flush()
                cur = ""
        else:
            buf.append(ch)
    flush()
    if stack:
        return None
    return _attach(_tidy(parts))


_ND = re.compile(r"^\W*(?:n\.\s?d\.|o\.\s?J\.|s\.\s?d\.|б\.\s?г\.)\W*$", re.I)


def _tidy(parts: list[Part]) -> list[Part]:
    """Undo what the markers cost CSL's join rules: doubled punctuation and spaces."""
    chars = [(c, lab) for lab, t in parts for c in t]
    out: list[tuple[str, str]] = []
    for c, lab in chars:
        if c == " " and (not out or out[-1][0] == " "):
            continue
        if c in ".,;:" and out:
            j = len(out) - 1
            while j >= 0 and out[j][0] == " ":
                j -= 1
            prev = out[j][0] if j >= 0 else ""
            if prev == "." and c == ",":  # "Paglione, T. J., J. Jackson": CSL keeps ".,"
                pass
            elif prev in ".,;:?!" and (c == prev or c in ".," or prev in "?!"):
                if c == "." and prev in ",;:":  # ", ." -> "." keeps the stronger stop
                    out[j] = (".", out[j][1])
                del out[j + 1 :]
                continue
        out.append((c, lab))
    res: list[Part] = []
    for c, lab in out:
        if res and res[-1][0] == lab:
            res[-1] = (lab, res[-1][1] + c)
        else:
            res.append((lab, c))
    return res


_CLOSING = re.compile(r"[\s.,;:)\]}”’»\"]*")


def _attach(parts: list[Part]) -> list[Part] | None:
    """Unlabelled text: words join the next piece, punctuation the previous one."""
    out: list[Part] = []
    pending = ""
    for lab, text in parts:
        if not lab and _ND.match(text):
            lab = "date"
        if lab:
            out.append((lab, pending + text))
            pending = ""
            continue
        if out and not pending:
            # closing punctuation stays with the piece it closes: "2001" + "). In " + "Book"
            k = len(_CLOSING.match(text).group(0))  # type: ignore[union-attr]
            out[-1] = (out[-1][0], out[-1][1] + text[:k])
            text = text[k:]
        if re.search(r"[^\W_]", text) or not out:
            pending += text
        elif out and not pending:
            out[-1] = (out[-1][0], out[-1][1] + text)
        else:
            pending += text
    if pending:
        if not out:
            return None
        out[-1] = (out[-1][0], out[-1][1] + pending)
    return [(lab, t) for lab, t in out if t.strip()]


def labelled(
    items: list[dict[str, Any]], style: Any, locale: str | None = None
) -> list[tuple[str, list[Part]]]:
    """Render ``items`` as bibliography entries in ``style``; each as labelled pieces."""
    from bibman.csl.api import render_bibliography

    with _marking():
        res = render_bibliography(items, style, locale=locale)
    out = []
    for iid, s in res.entries:
        parts = split_marked(s)
        if parts:
            out.append((iid, parts))
    return out


# ------------------------------------------------------------------ records


def load_items(shared: Path) -> list[dict[str, Any]]:
    """CSL items from the real .bib corpora in ``shared/data/bib`` (IRIDIA CC0, Beebe PD, ...)."""
    bib = shared / "data" / "bib"
    irid = bib / "iridia"
    macro = "\n".join(
        (irid / n).read_text(encoding="utf-8", errors="replace")
        for n in ("abbrev.bib", "journals.bib", "authors.bib")
    )
    texts = [
        macro + "\n" + (irid / n).read_text(encoding="utf-8", errors="replace")
        for n in ("articles.bib", "biblio.bib")
    ]
    texts.append((bib / "beebe" / "tugboat.bib").read_text(encoding="utf-8", errors="replace"))
    for p in sorted((bib / "biber-tdata").glob("*.bib")):
        texts.append(p.read_text(encoding="utf-8", errors="replace"))
    return list(_records(texts, set()))


def _records(texts: Iterable[str], seen: set[str]) -> Iterator[dict[str, Any]]:
    """The CSL records of .bib ``texts`` that can be rendered: a title and a name, no LaTeX
    left, complete for their type (:func:`_complete`), one per title (``seen`` grows)."""
    from bibman import bibtex
    from bibman.formats.csljson import entries_to_csl

    for t in texts:
        try:
            its = entries_to_csl(bibtex.loads(t), markup=False)
        except Exception:  # a corpus file this reader rejects is skipped, not fatal
            continue
        for it in its:
            if not it.get("title") or not (it.get("author") or it.get("editor")):
                continue
            if any(isinstance(v, str) and ("\\" in v or "{" in v) for v in it.values()):
                continue
            key = str(it.get("title")).lower()
            if key in seen:
                continue
            seen.add(key)
            it = {k: v for k, v in it.items() if k not in ("abstract", "keyword", "note", "annote")}
            if _complete(it):
                yield it


def load_extra_items(shared: Path) -> list[dict[str, Any]]:
    """Records of ``shared/data/bib/bibtex-tidy-tests`` (real user libraries: Zotero, JabRef,
    Mendeley exports; MIT and the sub-folders' own licences) that :func:`load_items` does
    not read: another ~10,000 records, mostly articles. Titles already in
    :func:`load_items` are left out, so the two pools never share a record. Their
    :func:`is_fresh` side is ``bench/refparse_fresh.py``'s and never trained on."""
    seen = {str(it.get("title")).lower() for it in load_items(shared)}
    files = sorted((shared / "data" / "bib" / "bibtex-tidy-tests").rglob("*.bib"))
    texts = (p.read_text(encoding="utf-8", errors="replace") for p in files)
    items: list[dict[str, Any]] = []
    for it in _records(texts, seen):
        it["id"] = f"x{len(items)}"
        items.append(it)
    return items


def is_fresh(key: str) -> bool:
    """The fresh untouched split of :func:`load_extra_items` (~35% of its records, by a
    stable hash with its own salt): ``bench/refparse_fresh.py`` only, never trained on."""
    import zlib

    return zlib.crc32(b"fresh-s21:" + key.encode("utf-8")) % 100 < 35


def all_locales() -> list[str]:
    """Every CSL locale bibman ships (``locales-*.xml`` in its locale directories)."""
    from bibman.csl.locale import locale_dirs

    got = {p.stem[len("locales-") :] for d in locale_dirs() for p in Path(d).glob("locales-*.xml")}
    return sorted(got)


_SITE_TLDS = [".org", ".com", ".gov", ".edu", ".net", ".int", ".co.uk", ".de", ".fr", ".ru"]


def as_webpage(it: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The record as a web page: its journal, publisher or institution becomes the site,
    with a URL on a domain made from that name and an access date (APA/MLA/Chicago web
    forms in every style that has them). Records with no site-like name come back as
    they are."""
    site = str(it.get("publisher") or it.get("container-title") or "")
    if not site or "." in site or len(site) > 60:  # "Appl. Phys. Lett." is no site name
        return it
    out = {
        k: v
        for k, v in it.items()
        if k not in ("volume", "issue", "page", "container-title", "publisher", "DOI", "ISBN")
    }
    out["type"] = rng.choice(["webpage", "webpage", "post-weblog", "article-newspaper"])
    words = re.findall(r"[A-Za-z]+", site) or ["site"]
    slug = "".join(w[0] for w in words).lower() if len(words) > 2 else "".join(words).lower()
    host = ("www." if rng.random() < 0.6 else "") + slug + rng.choice(_SITE_TLDS)
    if site:
        out["container-title"] = site
    if rng.random() < 0.4 and it.get("publisher") and it.get("container-title"):
        out["publisher"] = str(it["publisher"])
    tw = re.findall(r"[a-z0-9]+", str(it.get("title", "")).lower())[:5]
    out["URL"] = f"https://{host}/{rng.choice(['', 'news/', 'pub/', 'en/'])}{'-'.join(tw)}"
    y = ((it.get("issued") or {}).get("date-parts") or [[2015]])[0][0] or 2015
    try:
        y = int(y)
    except (TypeError, ValueError):
        y = 2015
    out["accessed"] = {
        "date-parts": [[min(2025, y + rng.randint(0, 6)), rng.randint(1, 12), rng.randint(1, 28)]]
    }
    return out


def _complete(it: dict[str, Any]) -> bool:
    """Records whose type has what the styles need (an article with no journal prints junk)."""
    t = it.get("type")
    if t in _JOURNAL_TYPES:
        return bool(it.get("container-title") and (it.get("volume") or it.get("page")))
    if t in ("chapter", "paper-conference"):
        return bool(it.get("container-title"))
    if t in ("book", "thesis", "report"):
        return bool(it.get("publisher"))
    return False


def is_heldout(key: str) -> bool:
    """The fixed held-out split: ~15% of records and of styles, by a stable hash."""
    import zlib

    return zlib.crc32(key.encode("utf-8")) % 100 < 15


def independent_styles() -> list[str]:
    from bibman.csl.api import available_styles

    return sorted(sid for sid, info in available_styles().items() if not info.dependent)


LOCALES = ["en-US", "en-GB", "de-DE", "fr-FR", "ru-RU"]


def generate(
    n: int,
    rng: random.Random,
    shared: Path,
    heldout: bool = False,
    per_style: int = 6,
    items: list[dict[str, Any]] | None = None,
    styles: list[str] | None = None,
    locales: list[str] | None = None,
    locale_rate: float = 0.3,
    web_rate: float = 0.0,
) -> Iterator[tuple[dict[str, Any], str, list[Part]]]:
    """About ``n`` (item, style id, pieces) triples: records and styles of one side of the
    split (or the ``items``/``styles`` given); a share ``locale_rate`` in a locale drawn from
    ``locales`` (default :data:`LOCALES`), a share ``web_rate`` of records as web pages
    (:func:`as_webpage`)."""
    from bibman.csl.api import load_style

    if items is None:
        items = [it for it in load_items(shared) if is_heldout(str(it.get("title"))) == heldout]
    if styles is None:
        styles = [s for s in independent_styles() if is_heldout(s) == heldout]
    locs = locales or LOCALES
    made = 0
    tries = 0
    while made < n and tries < 4 * n // per_style + 10:
        tries += 1
        sid = rng.choice(styles)
        try:
            st = load_style(sid)
        except Exception:
            continue
        locale = rng.choice(locs) if rng.random() < locale_rate else None
        batch = [dict(it) for it in rng.sample(items, per_style)]
        if web_rate:
            batch = [as_webpage(it, rng) if rng.random() < web_rate else it for it in batch]
        try:
            out = labelled(batch, st, locale)
        except Exception:  # a style the engine cannot render is skipped
            continue
        by_id = {str(it["id"]): it for it in batch}
        for iid, parts in out:
            if iid in by_id:
                yield by_id[iid], sid, parts
                made += 1


# ------------------------------------------------------- training and gold forms

_EXTRACTED = {"url", "doi", "accessed", "isbn"}  # taken out by normalize.extract before tagging


def training_sequence(parts: list[Part]) -> list[tuple[str, str]] | None:
    """(token, label) pairs of the text the tagger sees for this reference, or None.

    The parse pipeline cleans the text, strips the list label and extracts URLs, DOIs,
    access dates and medium notes before tagging; the same is done here and the labels
    are carried over token by token.
    """
    import difflib

    from bibman.freetext.normalize import TAB_NUMBER, clean, extract, strip_label
    from bibman.freetext.tagger import tokenize

    kept = [(lab, t) for lab, t in parts if lab not in _EXTRACTED]
    src = "".join(t for _, t in kept)
    labs = [lab for lab, t in kept for _ in t]
    tab = TAB_NUMBER.match(src)  # "12<TAB>Author": read before cleaning, as fields._parse does
    body = extract(strip_label(clean(src[tab.end() :] if tab else src))[1]).text
    # body's characters -> the source's, hence labels (clean/extract only delete and
    # normalise a few characters)
    at: list[str | None] = [None] * len(body)
    sm = difflib.SequenceMatcher(None, src, body, autojunk=False)
    for i, j, n in sm.get_matching_blocks():
        for k in range(n):
            at[j + k] = labs[i + k]
    toks = tokenize(body)
    labs2: list[str | None] = []
    for s0, e0 in toks:
        got = [x for x in at[s0:e0] if x]
        labs2.append(max(set(got), key=got.count) if got else None)
    if not toks or labs2.count(None) * 4 > len(toks):
        return None
    # text that extract rewrote ("2020-10-10" -> "10 October 2020") takes its neighbour's label
    for k in range(len(labs2)):
        if labs2[k] is None:
            labs2[k] = labs2[k - 1] if k else next(x for x in labs2 if x)
    return [(body[s0:e0], str(lab)) for (s0, e0), lab in zip(toks, labs2, strict=True)]


_GOLD_TYPE = {
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "article": "article",
    "book": "book",
    "chapter": "chapter",
    "paper-conference": "chapter",
    "thesis": "thesis",
    "report": "report",
    "webpage": "web",
    "post-weblog": "web",
}


def _norm(s: object) -> str:
    import unicodedata

    t = unicodedata.normalize("NFKC", str(s)).casefold()
    t = re.sub(r"[‘’“”\"'«»„]", "", t).replace("–", "-").replace("\u00a0", " ")
    return " ".join(t.split()).strip(" .,;:")


def gold_record(item: dict[str, Any], parts: list[Part]) -> dict[str, Any]:
    """The reference in the shared scorer's gold schema: only what was printed."""
    raw = " ".join("".join(t for _, t in parts).split())
    text: dict[str, str] = {}
    for lab, t in parts:
        text[lab] = text.get(lab, "") + " " + _norm(t)
    fields: dict[str, Any] = {}
    ignore: list[str] = []

    def names(var: str, lab: str) -> None:
        ns = item.get(var) or []
        if lab not in text or not ns:
            return
        got = []
        for n in ns:
            fam = n.get("family") or n.get("literal") or ""
            if not fam or _norm(fam) not in text[lab]:
                break
            got.append(f"{fam}, {n['given']}" if n.get("given") else "{" + fam + "}")
        if got:
            fields[lab] = got
        else:
            ignore.append(lab)

    names("author", "author")
    names("editor", "editor")
    for var, labs, dst in (
        ("title", ("title",), "title"),
        ("container-title", ("journal", "container-title"), "container"),
        ("publisher", ("publisher",), "publisher"),
        ("publisher-place", ("location",), "location"),
        ("volume", ("volume",), "volume"),
        ("issue", ("volume",), "issue"),
    ):
        v = item.get(var)
        if not v:
            continue
        seen = " ".join(text.get(lab, "") for lab in labs)
        if not seen.strip():
            continue
        nv = _norm(v)
        if re.search(r"(?<![^\W_])" + re.escape(nv) + r"(?![^\W_])", seen):
            fields[dst] = str(v)
            if dst == "publisher" and "," in nv:
                ignore.append("location")  # "IRIDIA, ULB, Belgium": where the place starts is moot
        else:
            ignore.append(dst)
    if item.get("page") and "pages" in text:
        first = re.match(r"\d+", str(item["page"]))
        if first and first.group(0) in text["pages"]:
            fields["pages"] = str(item["page"])
        else:
            ignore.append("pages")
    dp = (item.get("issued") or {}).get("date-parts") or [[None]]
    if dp[0][0] and "date" in text:
        if re.search(rf"(?<!\d){dp[0][0]}(?!\d)", text["date"]):
            fields["year"] = str(dp[0][0])
        else:
            ignore.append("year")
    if item.get("DOI") and str(item["DOI"]).casefold() in raw.casefold():
        fields["doi"] = str(item["DOI"])
    elif item.get("URL") and str(item["URL"]) in raw:
        fields["url"] = str(item["URL"])
    if item.get("URL") and "url" not in fields and "doi" not in fields:
        ignore.append("url")
    acc = (item.get("accessed") or {}).get("date-parts") or [[None]]
    if "accessed" in text and acc[0][0] and len(acc[0]) == 3:
        y, m, d = acc[0]
        fields["accessed"] = f"{y:04d}-{m:02d}-{d:02d}"
    typ = _GOLD_TYPE.get(str(item.get("type")))
    if typ in ("article", "chapter") and "container" not in fields:
        typ = None
    return {"raw": raw, "type": typ, "fields": fields, "ignore": sorted(set(ignore))}
