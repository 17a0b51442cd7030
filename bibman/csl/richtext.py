"""Format-neutral rich text for the CSL engine, and its text/HTML/Markdown/LaTeX backends.

Rendering builds a tree of :class:`Rich` nodes; :func:`serialize` flattens it into a token
stream, applies the punctuation rules that only make sense on the whole output (duplicate
punctuation at joins, punctuation inside quotes, doubled spaces) and flip-flops nested
italics/quotes, then prints the tokens in one output format. Kept inside ``bibman.csl``
because the quote/flip-flop rules are CSL specific.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..lazyre import lazy

# A formatting key is (attribute, value), e.g. ("font-style", "italic").
Fmt = tuple[str, str]


@dataclass(eq=False)
class Rich:
    kids: list[Rich | str] = field(default_factory=list)
    fmts: list[Fmt] = field(default_factory=list)
    quotes: bool = False
    display: str = ""
    nocase: bool = False
    term: bool = False  # output of a cs:text term (capitalized at the start of a note)
    fixed: bool = False  # literal affix text: no punctuation moves into its quotes
    splice: bool = False  # cs:choose output: children join the parent's delimiter
    qkind: str = "q"  # q = outer quotes, iq = inner quotes (flip-flop on nesting)
    # quotes="false" (citeproc-js): quotes typed inside print by nesting level alone,
    # a typed ‘single’ pair at the top level as outer marks
    qreset: bool = False
    # output of one rendering element with its own formatting or quotes (citeproc-js
    # does not merge its last mark with the punctuation right after it, see _fix_round)
    deco_leaf: bool = False
    prefix: str = ""
    suffix: str = ""
    # set once the node is known to have output (kids only grow, so it stays so)
    _nonempty: bool = field(default=False, init=False, repr=False)

    def plain(self) -> str:
        return "".join(k if isinstance(k, str) else k.plain_all() for k in self.kids)

    def plain_all(self) -> str:
        return self.prefix + self.plain() + self.suffix

    def is_empty(self) -> bool:
        if self._nonempty:
            return False
        res = True
        if self.prefix or self.suffix:
            res = False
        else:
            for k in self.kids:
                if k.__class__ is str:
                    if k:
                        res = False
                        break
                elif not k.is_empty():  # type: ignore[union-attr]
                    res = False
                    break
        if not res:
            self._nonempty = True  # non-empty stays non-empty as kids only grow
        return res


def text(s: str) -> Rich:
    return Rich([s])


# ---------------------------------------------------------------- input markup parsing

_TAG = lazy(
    r'(<i>|</i>|<b>|</b>|<sup>|</sup>|<sub>|</sub>|<sc>|</sc>|<span class="nocase">|'
    r'<span class="nodecor">|'
    r'<span style="font-variant:\s*small-caps;?">|<span style="font-style:\s*normal;?">|'
    r"</span>|“|”|‘|’|\"|')"
)
_OPEN_TAGS = {
    "<i>": ("</i>", [("font-style", "italic")], False),
    "<b>": ("</b>", [("font-weight", "bold")], False),
    "<sup>": ("</sup>", [("vertical-align", "sup")], True),
    "<sub>": ("</sub>", [("vertical-align", "sub")], True),
    "<sc>": ("</sc>", [("font-variant", "small-caps")], True),
    '<span class="nocase">': ("</span>", [], True),
    '<span class="nodecor">': (
        "</span>",
        [("font-style", "normal"), ("font-variant", "normal"), ("font-weight", "normal")],
        True,
    ),
}


_MARKUP_CHARS = lazy("[<“‘\"'’]")
# citeproc-js joins a space before ":;?!»" and after "«" with a narrow no-break space
# (French typography; it does so for any text it prints, whatever the locale)
_NARROW = lazy(" [:;?!»]|« ")


def _narrow_spaces(s: str) -> str:
    return _NARROW.sub(lambda m: "\u202f" + m.group(0)[1] if m.group(0)[0] == " " else "«\u202f", s)


def parse_markup(s: str, keep_quote_kind: bool = False) -> Rich:
    """Parse the HTML-like markup and quotes CSL allows inside field values.

    Quotes in fields become outer quotes that flip-flop by depth; in cite affixes
    (``keep_quote_kind``) single quotes stay single.
    """
    if _NARROW.search(s):
        s = _narrow_spaces(s)
    if not _MARKUP_CHARS.search(s):
        return Rich([s])
    parts = _TAG.split(s)
    root = Rich()
    stack: list[tuple[Rich, str]] = [(root, "")]

    def cur() -> Rich:
        return stack[-1][0]

    for idx, p in enumerate(parts):
        if not p:
            continue
        if idx % 2 == 0:
            cur().kids.append(p)
            continue
        closer = stack[-1][1]
        prev = "".join(parts[max(0, idx - 2) : idx])
        nxt = "".join(parts[idx + 1 : idx + 3])
        if p in ("'", '"', "’", "”") and p == closer and len(stack) > 1:
            # a straight quote closes only when not followed by a letter ("You're")
            if not (p in ("'", "’") and nxt[:1].isalnum()):
                stack.pop()
                continue
        elif p == closer and len(stack) > 1:
            stack.pop()
            continue
        if p in _OPEN_TAGS:
            end, fm, nocase = _OPEN_TAGS[p]
            node = Rich(fmts=list(fm), nocase=nocase)
            cur().kids.append(node)
            stack.append((node, end))
            continue
        if p.startswith("<span style"):
            fm = (
                [("font-variant", "small-caps")]
                if "small-caps" in p
                else [("font-style", "normal")]
            )
            node = Rich(fmts=fm, nocase="small-caps" in p)
            cur().kids.append(node)
            stack.append((node, "</span>"))
            continue
        if p in ("'", "’") and (
            prev[-1:].isalnum() or not nxt[:1].strip() or p == "’" or prev[-1:] in ("'", "’")
        ):
            # an apostrophe: after a letter or after another apostrophe (l + three
            # straight quotes prints three apostrophes, citeproc-js), before a space
            cur().kids.append("’")
            continue
        if p in ("“", '"', "‘", "'"):
            if p == '"' and (not nxt[:1].strip() and prev[-1:].strip()):
                cur().kids.append(p)
                continue
            closing = {"“": "”", '"': '"', "‘": "’", "'": "'"}[p]
            if not _has_closer(parts, idx, closing):
                cur().kids.append("’" if p == "'" else p)
                continue
            node = Rich(quotes=True)
            if p == "‘":  # a typed curly single quote keeps its kind (see Rich.qreset)
                node.qkind = "iq"
            cur().kids.append(node)
            stack.append((node, closing))
            continue
        cur().kids.append(p)
    return root


def _has_closer(parts: list[str], idx: int, closing: str) -> bool:
    for j in range(idx + 2, len(parts), 2):
        if parts[j] == closing:
            if closing in ("'", "’") and j + 1 < len(parts) and parts[j + 1][:1].isalnum():
                continue
            if closing == '"' and not "".join(parts[max(0, j - 2) : j])[-1:].strip():
                continue
            return True
    return False


# ---------------------------------------------------------------- serialization


@dataclass(slots=True)
class Tok:
    kind: str  # "t" text, "o" open, "c" close
    val: str = ""
    extra: str = ""
    fixed: bool = False


# (end of previous text, start of next text) -> merged punctuation (citeproc-js table)
_ENDS_MERGE = {
    (":", ":"): ":",
    (";", ":"): ";",
    ("!", ":"): "!",
    ("?", ":"): "?",
    (":", "."): ":",
    (".", "."): ".",
    (";", "."): ";",
    ("!", "."): "!",
    ("?", "."): "?",
    (";", ";"): ";",
    (":", "!"): "!",
    (";", "!"): "!",
    ("!", "!"): "!",
    (":", "?"): "?",
    (";", "?"): "?",
    ("?", "?"): "?",
    (",", ","): ",",
}
_FLIP = {
    "font-style": ("italic", "normal"),
    "font-weight": ("bold", "normal"),
    "font-variant": ("small-caps", "normal"),
}


class Quotes:
    def __init__(self, oq: str = "“", cq: str = "”", oiq: str = "‘", ciq: str = "’") -> None:
        self.oq, self.cq, self.oiq, self.ciq = oq, cq, oiq, ciq


def tokens(
    r: Rich | str,
    quotes: Quotes,
    out: list[Tok] | None = None,
    active: dict[str, str] | None = None,
    qlevel: str = "",
    fixed: bool = False,
) -> list[Tok]:
    if out is None:
        out = []
    if active is None:
        active = {}
    if isinstance(r, str):
        if r:
            out.append(Tok("t", r))
        return out
    if (
        not (r.display or r.prefix or r.fmts or r.fixed or r.qreset or r.quotes or r.suffix)
        and not r.deco_leaf
    ):
        # a bare container (most nodes): its children's tokens, then the end of an
        # enclosing group or macro (as below)
        for k in r.kids:
            if k.__class__ is str:
                if k:
                    out.append(Tok("t", k))
            else:
                tokens(k, quotes, out, active, qlevel, fixed)
        if out and out[-1].kind == "m":
            out.pop()
        return out
    if r.display:
        out.append(Tok("o", "display", r.display))
    if r.prefix:
        out.append(Tok("t", r.prefix))
    opened: list[Tok] = []
    saved = dict(active) if r.fmts else None
    for attr, val in r.fmts:
        if attr in _FLIP:
            on, _off = _FLIP[attr]
            if val == on and active.get(attr) == on:
                val = "normal"
            elif val == "normal" and active.get(attr) != on:
                continue
        if attr == "text-decoration" and val == "none":
            continue
        if attr == "vertical-align" and val == "baseline" and not active.get(attr):
            continue
        active[attr] = val
        t = Tok("o", attr, val)
        out.append(t)
        opened.append(t)
    fixed = fixed or r.fixed
    if r.qreset and not qlevel:
        qlevel = "0"
    kind = ""
    if r.quotes:
        kind = r.qkind
        if qlevel == "0":
            kind = "q"
        elif qlevel == kind:
            kind = "iq" if kind == "q" else "q"
        out.append(Tok("o", "quote", kind))
    level = kind or qlevel
    for k in r.kids:
        if k.__class__ is str:
            if k:
                out.append(Tok("t", k))
        else:
            tokens(k, quotes, out, active, level, fixed)
    if r.quotes:
        out.append(Tok("c", "quote", kind, fixed))
    for t in reversed(opened):
        out.append(Tok("c", t.val, t.extra))
    if r.fmts or r.quotes:
        out.append(Tok("x"))  # end of formatted or quoted text (even a no-op "normal")
    if saved is not None:
        active.clear()
        active.update(saved)
    if r.suffix:
        out.append(Tok("t", r.suffix, "own" if r.deco_leaf else ""))
    if r.display:
        out.append(Tok("c", "display", r.display))
    if r.deco_leaf:
        out.append(Tok("m"))
    elif out and out[-1].kind == "m":
        out.pop()  # an enclosing group or macro ends here: later punctuation merges
    return out


_PUNCT = ".,;:!?"


def fix_punctuation(toks: list[Tok], punct_in_quote: bool) -> list[Tok]:
    """Merge duplicate punctuation and spaces across joins; move . , ! ? into quotes.

    Two rounds, because a merge (":" + "!" -> "!") can leave movable punctuation behind a
    closing quote.
    """
    for _ in range(2 if punct_in_quote else 1):
        _fix_round(toks, punct_in_quote)
        toks = [t for t in toks if t.kind != "t" or t.val]
    return toks


def _fix_round(toks: list[Tok], punct_in_quote: bool) -> list[Tok]:
    texts = [i for i, t in enumerate(toks) if t.kind == "t"]
    # punctuation inside quotes
    if punct_in_quote:
        inserts: list[tuple[int, str]] = []
        for n, i in enumerate(texts):
            t = toks[i]
            if not t.val or t.val[0] not in ".,!?":
                continue
            # find a closing quote immediately before (only closing formatting between)
            j = i - 1
            closers = []
            while j >= 0 and toks[j].kind in "cmx" and toks[j].val != "display":
                if toks[j].kind != "c":
                    j -= 1
                    continue
                closers.append(j)
                if toks[j].val == "quote":
                    break
                j -= 1
            if j < 0 or toks[j].kind != "c" or toks[j].val != "quote" or n == 0 or toks[j].fixed:
                continue
            prev_i = texts[n - 1]
            if prev_i > j:
                continue
            ch = t.val[0]
            pv = toks[prev_i].val
            if (
                pv
                and pv[-1] not in _PUNCT
                and any(
                    toks[x].kind == "c" and toks[x].val != "quote" for x in range(prev_i + 1, j)
                )
            ):
                # formatting closes before the quote: the mark goes between them,
                # outside the italics ("<i>Drosophila</i>.”"), as citeproc-js does
                inserts.append((j, ch))
                t.val = t.val[1:]
                continue
            if pv and pv[-1] in _PUNCT:
                merged = _ENDS_MERGE.get((pv[-1], ch))
                if merged is not None:
                    toks[prev_i].val = pv[:-1] + merged
                else:
                    toks[prev_i].val = pv + ch
            else:
                toks[prev_i].val = pv + ch
            toks[prev_i].extra = "moved"  # its last mark came from outside the quotes
            t.val = t.val[1:]
        for j, ch in reversed(inserts):
            toks.insert(j, Tok("t", ch))
        if inserts:
            texts = [i for i, t in enumerate(toks) if t.kind == "t"]
    prev: Tok | None = None
    prev_i = -1
    for i in texts:
        t = toks[i]
        if not t.val:
            continue
        if prev is not None and prev.val:
            a, b = prev.val[-1], t.val[0]
            if a == " " and b == " ":
                t.val = t.val.lstrip(" ")
                if not t.val:
                    continue
                b = t.val[0]
            if a in _PUNCT and b in _PUNCT:
                merged = _ENDS_MERGE.get((a, b))
                if (
                    merged is not None
                    and a != b
                    and (t.extra == "own" or any(toks[x].kind == "m" for x in range(prev_i, i)))
                    and any(toks[x].kind == "x" for x in range(prev_i, i))
                    and prev.extra != "moved"
                ):
                    # citeproc-js: punctuation right after an element with formatting or
                    # quotes (its suffix, the delimiter or the next element's prefix at the
                    # same level) merges only a repeated mark: "<i>Why?</i>. P" but
                    # "<i>Ed.</i> P"; once a group or macro encloses it, marks merge
                    merged = None
                if merged is not None:
                    prev.val = prev.val[:-1] + merged
                    t.val = t.val[1:]
            elif a in _PUNCT and b == " " and len(t.val) > 1 and t.val[1] in _PUNCT:
                pass
        if t.val:
            prev = t
            prev_i = i
    return toks


# superscript characters print as <sup> of their base (citeproc-js): those Unicode
# decomposes as "<super> X", plus four modifier letters it has no decomposition for
_SUPER_RE = lazy(
    "[\u00aa\u00b2\u00b3\u00b9\u00ba\u02b0-\u02e4\u06e5\u06e6\u1d2c-\u1dbf"
    "\u2070-\u209c\u2120-\u2122\u3192-\u319f\ua69c\ua69d\ua770\ua7f8\ua7f9\uab5c-\uab5f]"
)
_SUPER_EXTRA = {"\u02c0": "\u0294", "\u02c1": "\u0295", "\u06e5": "\u0648", "\u06e6": "\u064a"}
_SUPER: dict[str, str] = {}


def _super_base(ch: str) -> str | None:
    if ch in _SUPER:
        return _SUPER[ch]
    import unicodedata

    dec = unicodedata.decomposition(ch)
    base: str | None = _SUPER_EXTRA.get(ch)
    if dec.startswith("<super> "):
        base = "".join(chr(int(h, 16)) for h in dec.split()[1:])
    _SUPER[ch] = base or ""
    return base


def _sup(m: re.Match[str]) -> str:
    ch = m.group(0)
    base = _super_base(ch)
    return f"<sup>{base}</sup>" if base else ch


def _esc_html(s: str) -> str:
    s = s.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")
    if _SUPER_RE.search(s):
        s = _SUPER_RE.sub(_sup, s)
    return s


_HTML_OPEN = {
    ("font-style", "italic"): "<i>",
    ("font-style", "oblique"): '<span style="font-style:oblique;">',
    ("font-style", "normal"): '<span style="font-style:normal;">',
    ("font-weight", "bold"): "<b>",
    ("font-weight", "normal"): '<span style="font-weight:normal;">',
    ("font-weight", "light"): '<span style="font-weight:light;">',
    ("font-variant", "small-caps"): '<span style="font-variant:small-caps;">',
    ("font-variant", "normal"): '<span style="font-variant:normal;">',
    ("text-decoration", "underline"): '<span style="text-decoration:underline;">',
    ("vertical-align", "sup"): "<sup>",
    ("vertical-align", "sub"): "<sub>",
    ("vertical-align", "baseline"): '<span style="baseline">',
}


def _html_close(open_tag: str) -> str:
    if open_tag.startswith("<span"):
        return "</span>"
    return "</" + open_tag[1:]


def _md_wrap(attr: str, val: str) -> tuple[str, str]:
    if (attr, val) == ("font-style", "italic"):
        return "*", "*"
    if (attr, val) == ("font-weight", "bold"):
        return "**", "**"
    if (attr, val) == ("vertical-align", "sup"):
        return "^", "^"
    if (attr, val) == ("vertical-align", "sub"):
        return "~", "~"
    return "", ""


_LATEX = {
    ("font-style", "italic"): ("\\textit{", "}"),
    ("font-style", "oblique"): ("\\textsl{", "}"),
    ("font-style", "normal"): ("\\textup{", "}"),
    ("font-weight", "bold"): ("\\textbf{", "}"),
    ("font-weight", "normal"): ("\\textmd{", "}"),
    ("font-variant", "small-caps"): ("\\textsc{", "}"),
    ("font-variant", "normal"): ("\\textup{", "}"),
    ("text-decoration", "underline"): ("\\underline{", "}"),
    ("vertical-align", "sup"): ("\\textsuperscript{", "}"),
    ("vertical-align", "sub"): ("\\textsubscript{", "}"),
}
_LATEX_ESC = {
    "\\": "\\textbackslash{}",
    "&": "\\&",
    "%": "\\%",
    "$": "\\$",
    "#": "\\#",
    "_": "\\_",
    "{": "\\{",
    "}": "\\}",
    "~": "\\textasciitilde{}",
    "^": "\\textasciicircum{}",
}


def _esc_latex(s: str) -> str:
    return "".join(_LATEX_ESC.get(c, c) for c in s)


def _esc_md(s: str) -> str:
    return re.sub(r"([\\`*_\[\]])", r"\\\1", s)


def render_tokens(toks: list[Tok], fmt: str, quotes: Quotes) -> str:
    out: list[str] = []
    for t in toks:
        if t.kind in "mx":
            continue
        if t.kind == "t":
            if fmt == "html":
                out.append(_esc_html(t.val))
            elif fmt == "latex":
                out.append(_esc_latex(t.val))
            elif fmt == "markdown":
                out.append(_esc_md(t.val))
            else:
                out.append(t.val)
            continue
        opening = t.kind == "o"
        if t.val == "quote":
            if t.extra == "q":
                out.append(quotes.oq if opening else quotes.cq)
            else:
                out.append(quotes.oiq if opening else quotes.ciq)
            continue
        if t.val == "display":
            if fmt == "html":
                # the whitespace is citeproc-js's, which the CSL test-suite expects
                if opening:
                    lead = {"block": "\n\n    ", "left-margin": "\n    "}.get(t.extra, "")
                    out.append(f'{lead}<div class="csl-{t.extra}">')
                else:
                    out.append(
                        {"block": "</div>\n", "left-margin": "</div>"}.get(t.extra, "</div>\n  ")
                    )
            elif fmt in ("text", "markdown"):
                # citeproc-js's plain text: a block (or indent) starts a new line, a
                # left margin ends with a space; nothing else separates them
                if opening and t.extra in ("block", "indent") and "".join(out).strip():
                    out.append("\n" if t.extra == "block" else "\n    ")
                elif not opening and t.extra == "left-margin":
                    out.append(" ")
            continue
        key = (t.val, t.extra)
        if fmt == "html":
            tag = _HTML_OPEN.get(key)
            if tag:
                out.append(tag if opening else _html_close(tag))
        elif fmt == "latex":
            pair = _LATEX.get(key)
            if pair:
                out.append(pair[0] if opening else pair[1])
        elif fmt == "markdown":
            a, b = _md_wrap(*key)
            out.append(a if opening else b)
    return "".join(out)


def serialize(
    r: Rich, fmt: str, quotes: Quotes, punct_in_quote: bool, strip_end: bool = False
) -> str:
    toks = fix_punctuation(tokens(r, quotes), punct_in_quote)
    if strip_end:
        for t in reversed(toks):
            if t.kind == "t":
                t.val = t.val.rstrip()
                if t.val:
                    break
    return render_tokens(toks, fmt, quotes)
