"""Token sequence labelling for one reference: tokenizer, CRF features, model.

The model (``bibman/data/refparse.crfsuite``) is a linear-chain CRF trained by
``python -m bibman.freetext.train`` on AnyStyle's training set plus synthetic
references rendered from structured records. Labels are AnyStyle's
(author, title, journal, container-title, date, volume, pages, publisher,
location, editor, edition, genre, note, ...).
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from bibman.freetext import gazetteer, lexicon, termclass
from bibman.freetext.lazyre import lazy

# Whitespace-separated chunks, further cut where a reference commonly glues
# fields together ("11(3):257-267", "2005;61:327", "pp.349-375", "“Title”,").
_CHUNK = lazy(r"\S+")
_SUBSPLIT = lazy(
    r"(?<=\d)(?=\()"  # 11|(3)
    r"|(?<=\))(?=[:;,.]?\d)"  # (3)|:257
    r"|(?<=\d[:;])(?=\d)"  # 61:|327
    r"|(?<=\d[.,])(?=[(\[]?[12]\d{3}\b)"  # 36,|1979
    r"|(?<=\d,)(?=\d)"  # 71,|666
    r"|(?<=[”\"’»],)(?=\S)"  # “Title”,|Journal
    r"|(?<=[a-z][.,])(?=[“«\"])"  # In:|“Title
    r"|(?<=[,.][”\"])(?=\w)"  # ,"|IEEE
    r"|(?<=\bal\.)(?=[12]\d{3}\b)"  # et al.|2017
)
MAX_TOKENS = 400
_NUMDATE = lazy(r"\d{1,2}\.\d{1,2}\.(?:1[5-9]|20)\d\d[.,;]?")


def tokenize(text: str) -> list[tuple[int, int]]:
    """(start, end) character spans of the tokens of ``text``."""
    spans: list[tuple[int, int]] = []
    for m in _CHUNK.finditer(text):
        s, e = m.span()
        if e - s > 200:  # very long chunk: keep whole, never run sub-splitting on it
            spans.append((s, e))
            continue
        chunk = text[s:e]
        if _NUMDATE.fullmatch(chunk):
            spans.append((s, e))
            continue
        cut = s
        for sm in _SUBSPLIT.finditer(chunk):
            p = s + sm.start()
            if p > cut:
                spans.append((cut, p))
                cut = p
        if cut < e:
            spans.append((cut, e))
    return spans


_STRIP = "\"'“”‘’«»„‚()[]{}<>.,;:!?*"
_YEAR = lazy(r"^(1[5-9]\d\d|20\d\d)[a-z]?$")
_ISODATE = lazy(r"^(?:1[5-9]|20)\d\d-[01]\d-[0-3]\d$")
_ROMAN = lazy(r"^[ivxlcdm]+$", re.I)
_RANGE = lazy(r"^[a-z]?\d+[a-z]?\s*[-–—‐]+\s*[a-z]?\d+[a-z]?$", re.I)
_INITIALS = lazy(r"^(?:[A-Z][a-z]?\.){1,4}-?(?:[A-Z]\.)?$|^[A-Z]\.?-[A-Z]\.?$")
_CAPS_INITIALS = lazy(r"^[A-Z]{1,3}$")
_DOMAIN = lazy(r"^(?:www\.)?(?:[a-z0-9-]+\.)+(?:com|org|net|gov|edu|int|info|io|[a-z]{2})$")
# number shapes outside the mainstream styles: a series letter glued to a physics volume
# ("D98", "A374"), an article number ("e15555", "L12", "035001"), "volume/issue" ("20/1"),
# arXiv ids ("1706.03762", "hep-th/9901001")
_LETTER_VOL = lazy(r"^[A-Z]\d{1,4}$")
_ARTNUM = lazy(r"^(?:[eL]\d{3,7}|0\d{4,6}|\d{6,7})$")
_SLASHNUM = lazy(r"^\d{1,4}/\d{1,4}$")
_ARXIV = lazy(r"^(?:arxiv:)?(?:\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[a-z]{2})?/\d{7})$", re.I)
# CJK volume / issue / page markers glued to their number ("第12卷", "3期", "5권", "2호",
# "45-52쪽", "12页")
_CJK_MARK = {
    "卷": "vol",
    "권": "vol",
    "期": "iss",
    "호": "iss",
    "号": "iss",
    "页": "pp",
    "쪽": "pp",
}


def _shape(w: str) -> str:
    out = []
    prev = ""
    for ch in w[:12]:
        if ch.isupper():
            c = "A"
        elif ch.islower():
            c = "a"
        elif ch.isdigit():
            c = "9"
        else:
            c = ch
        if c != prev:
            out.append(c)
        prev = c
    return "".join(out)


def _script(w: str) -> str:
    for ch in w:
        o = ord(ch)
        if o < 0x250:
            continue
        if 0x400 <= o < 0x530:
            return "cyr"
        if 0xAC00 <= o < 0xD7B0 or 0x1100 <= o < 0x1200 or 0x3130 <= o < 0x3190:
            return "hangul"
        if 0x4E00 <= o < 0xA000 or 0x3040 <= o < 0x3100:
            return "cjk"
        return "other"
    return "latin"


# ~2 KB an entry: 4,096 entries cap the cache near 8 MB, so memory stays flat however
# many distinct words the input has (65,536 entries grew to ~130 MB), at no measured
# cost in speed (hits come from words repeated within a list, not across lists)
@lru_cache(maxsize=4096)
def _static(
    tok: str,
) -> tuple[
    tuple[str, ...], tuple[str, ...], bool, tuple[int, bool, int], tuple[tuple[str, ...], ...]
]:
    """Features that depend on the token alone: (head, flags, is_year, quote/paren
    counts). Cached."""
    w = tok.strip(_STRIP)
    lw = w.lower()
    head = (
        "w=" + lw[:30],
        "sh=" + _shape(tok),
        "p2=" + lw[:2],
        "p3=" + lw[:3],
        "s3=" + lw[-3:],
        "last=" + (tok[-1] if not tok[-1].isalnum() else "_"),
        "first=" + (tok[0] if not tok[0].isalnum() else "_"),
        "scr=" + _script(w),
    )
    f: list[str] = []
    is_year = False
    if w:
        if w.isdigit():
            f.append("num")
            f.append("nd=" + str(min(len(w), 5)))
        if _YEAR.match(w):
            f.append("year")
            is_year = True
        elif _ISODATE.match(w):  # CS1's "2019-05-04"
            f.append("isodate")
            is_year = True
        if _RANGE.match(w):
            f.append("range")
        if _ROMAN.match(w) and len(w) < 6:
            f.append("roman")
        if _INITIALS.match(w + ("." if tok.rstrip(",;").endswith(".") else "")):
            f.append("initials")
        if _CAPS_INITIALS.match(w):
            f.append("capsinit")
        if w[:1].isupper():
            f.append("cap")
        if w.isupper() and len(w) > 1:
            f.append("allcap")
        for g in gazetteer.word_classes(lw):
            f.append("g=" + g)
        for kd in termclass.kinds(lw):
            f.append("lt=" + kd)
        if _LETTER_VOL.match(w):
            f.append("lettervol")
        elif _ARTNUM.match(w):
            f.append("artnum")
        if _SLASHNUM.match(w):
            f.append("slashnum")
        if _ARXIV.match(w):
            f.append("arxiv")
        mark = _CJK_MARK.get(w[-1]) or (_CJK_MARK.get(w[0]) if len(w) > 1 else None)
        if mark and any(c.isdigit() for c in w):
            f.append("cjk" + mark)
    if any(c in tok for c in '“«„"') or tok.startswith(("'", "‘")):
        f.append("qopen" if tok[:1] in "“«„\"'‘" else "qmid")
    if tok.endswith(("”", "»", '"', "”,", '",', "”.", '".', "’", "’,", "'", "',")):
        f.append("qclose")
    if "http" in lw or "/" in lw:
        if "http" in lw or "www." in lw or _DOMAIN.match(lw.split("/")[0]):
            f.append("url")
    elif _DOMAIN.match(lw):
        f.append("domain")  # "www.rferl.org", "Example.com": a site name, not a link
    quotes = (
        tok.count("“") + tok.count("«") + tok.count("„") - tok.count("”") - tok.count("»"),
        tok.count('"') % 2 == 1,
        tok.count("(") - tok.count(")"),
    )
    flags = tuple(f)
    return head, flags, is_year, quotes, _neighbour_feats(head, flags)


def _neighbour_feats(head: tuple[str, ...], flags: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """What a token contributes to its neighbours at offsets -2, -1, +1, +2."""
    out = []
    for off in (-2, -1, 1, 2):
        nb = [f"{off}:{head[0]}", f"{off}:{head[1]}"]
        if abs(off) == 1:
            nb.append(f"{off}:{head[5]}")
        if abs(off) == 1:
            nb.extend(f"{off}:{x}" for x in flags)
        out.append(tuple(nb))
    return tuple(out)


_BOUND = {off: f"{off}:BOUND" for off in (-2, -1, 1, 2)}
_SEG = tuple(f"seg={k}" for k in range(6))


def lexicon_marks(spans: list[tuple[int, int]], n: int) -> list[str | None]:
    """Per token: its place in a known journal/proceedings name ("jlex=B"/"jlex=I"/"jlex=E"
    for the first, inner and last token, "jlex=BE" for a one-token span) or right after one."""
    marks: list[str | None] = [None] * n
    for s0, e0 in spans:
        for k in range(s0, e0):
            marks[k] = "jlex=I"
        marks[e0 - 1] = "jlex=E"
        marks[s0] = "jlex=BE" if e0 - s0 == 1 else "jlex=B"
        if e0 < n and marks[e0] is None:
            marks[e0] = "aftjlex"
    return marks


def token_features(
    tokens: list[str], lex_spans: list[tuple[int, int]] | None = None
) -> list[list[str]]:
    """CRF feature strings for each token (own features + a small window).

    ``lex_spans``: the known-name spans to mark (default: :func:`lexicon.spans`; training
    passes a thinned copy so the model does not lean on the list alone)."""
    n = len(tokens)
    if lex_spans is None:
        lex_spans = lexicon.spans(tokens)
    marks = lexicon_marks(lex_spans, n) if lex_spans else None
    dyn: list[list[str]] = []  # position/state features of each token
    nbs: list[tuple[tuple[str, ...], ...]] = []
    own: list[list[str]] = []
    quote_depth = 0
    paren_depth = 0
    seen_year = False
    after_quote = False  # a quoted title has closed before this token
    after_gost = False  # GOST's "//" (container follows) has come
    after_acc = False  # an access word ("Retrieved", "abgerufen", "дата") has come
    seg = 0  # full stops ending a word so far (not initials): the reference's sentences
    for i, tok in enumerate(tokens):
        head, flags, is_year, (qdelta, dq_odd, pdelta), nbf = _static(tok)
        nbs.append(nbf)
        d: list[str] = []
        if is_year and seen_year:
            d.append("year2")
        if quote_depth > 0:
            d.append("inquote")
        if paren_depth > 0:
            d.append("inparen")
        if after_quote:
            d.append("aftq")
        if after_gost:
            d.append("aft//")
        if after_acc:
            d.append("aftacc")
        mark = marks[i] if marks is not None else None
        if mark is not None:
            d.append(mark)
        d.append(_SEG[min(seg, 5)])
        f = [*head, "pos=" + str(min(9, (10 * i) // max(n, 1))), *flags, *d]
        if i < 4:
            f.append("abs=" + str(i))
        if n - i <= 3:
            f.append("end=" + str(n - i))
        own.append(f)
        dyn.append(d)
        # update running state after the token
        if dq_odd:
            quote_depth = 0 if quote_depth > 0 else 1
        quote_depth = max(0, quote_depth + qdelta)
        paren_depth = max(0, min(3, paren_depth + pdelta))
        if is_year:
            seen_year = True
        if quote_depth == 0 and "qclose" in flags:
            after_quote = True
        if tok == "//":
            after_gost = True
        if ("g=access" in flags or "lt=acc" in flags) and len(tok) > 3:
            after_acc = True
        if (
            tok.endswith((".", ".”", '."', ".’"))
            and "initials" not in flags
            and len(tok) > 2
            and (tok.endswith(").") or not (tok[:1].isupper() and len(tok) <= 6))
        ):  # not "J." nor an abbreviation ("Phys.", "Rev.")
            seg += 1
    out: list[list[str]] = []
    for i in range(n):
        f = own[i]
        for k, off in enumerate((-2, -1, 1, 2)):
            j = i + off
            if 0 <= j < n:
                f.extend(nbs[j][k])
                if off in (-1, 1) and dyn[j]:
                    f.extend(f"{off}:{x}" for x in dyn[j])
            else:
                f.append(_BOUND[off])
        out.append(f)
    return out


def model_path() -> Path:
    # a file path, not importlib.resources (which costs ~4 ms of start-up): the package is
    # installed as files (pip, pipx), and the CRF library reads the model from a path anyway
    return Path(__file__).resolve().parent.parent / "data" / "refparse.crfsuite"


_local = threading.local()
_override: str | None = None


@lru_cache(maxsize=1)
def _model_file() -> str | None:
    p = model_path()
    return str(p) if p.is_file() else None


def use_model(path: str) -> None:
    """Tag with the CRF model at ``path`` from now on (benches scoring a candidate model)."""
    global _override
    _override = path
    _local.tagger = None


def _tagger() -> Any:
    tg = getattr(_local, "tagger", None)
    if tg is None:
        path = _override or _model_file()
        if path is None:
            return None
        try:
            import pycrfsuite
        except ImportError:
            return None
        tg = pycrfsuite.Tagger()
        tg.open(path)
        _local.tagger = tg
    return tg


def available() -> bool:
    return _tagger() is not None


def tag(tokens: list[str]) -> list[tuple[str, float]] | None:
    """Label each token; ``None`` when the model is unavailable."""
    tg = _tagger()
    if tg is None or not tokens:
        return None
    feats = token_features(tokens)
    labels = tg.tag(feats)
    probs = [tg.marginal(lab, i) for i, lab in enumerate(labels)]
    return list(zip(labels, probs, strict=True))
