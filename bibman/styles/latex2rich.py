"""LaTeX (a ``.bbl`` item, a formatted entry) -> format-neutral rich text.

Font switches (``\\em``, ``{\\bf ..}``, ``\\emph{..}``, ``\\textit{..}``, ...)
become run styles; ``\\newblock`` a space; ``\\url{..}`` a link; every other
piece of LaTeX (accents, ``--``, ``~``, symbols) becomes Unicode the way
pylatexenc's latex2text does it, which is also how the bench turns real
BibTeX's ``.bbl`` into text, so the two compare exactly.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexwalker import (
    LatexCharsNode,
    LatexCommentNode,
    LatexGroupNode,
    LatexMacroNode,
    LatexNode,
    LatexWalker,
    LatexWalkerError,
)

from .rich import Rich, Run, Style, normalize_runs

# pylatexenc logs what it does not know to stderr; the library must not print.
_pylog = logging.getLogger("pylatexenc")
_pylog.addHandler(logging.NullHandler())
_pylog.propagate = False

# Switches act until the end of the enclosing group; commands take one argument.
_SWITCH: dict[str, Style | None] = {
    "em": "italic",
    "it": "italic",
    "itshape": "italic",
    "sl": "italic",
    "slshape": "italic",
    "bf": "bold",
    "bfseries": "bold",
    "sc": "smallcaps",
    "scshape": "smallcaps",
    "rm": None,
    "upshape": None,
    "normalfont": None,
    "mdseries": None,
}
_COMMAND: dict[str, Style | None] = {
    "emph": "italic",
    "textit": "italic",
    "textsl": "italic",
    "textbf": "bold",
    "textsc": "smallcaps",
    "textsuperscript": "sup",
    "textsubscript": "sub",
    "textrm": None,
    "textup": None,
    "textnormal": None,
    "textmd": None,
}
# What pylatexenc's latex2text drops (it prints nothing for these macros).
_SYMBOLS = {
    "LaTeX": "LaTeX",
    "TeX": "TeX",
    "BibTeX": "BibTeX",
    "LaTeXe": "LaTeX2ε",
    "XeTeX": "XeTeX",
    "LuaTeX": "LuaTeX",
    "S": "§",
    "P": "¶",
    "copyright": "©",
    "pounds": "£",
    "slash": "/",
    "textunderscore": "_",
}
_IGNORED = frozenset({"newblock", "penalty", "relax", "protect", "unskip", "allowbreak", "hskip"})
_PENALTY = re.compile(r"\\penalty-?\d+")


@lru_cache(maxsize=1)
def _l2t() -> LatexNodes2Text:
    return LatexNodes2Text(math_mode="verbatim")


# \url{...} is verbatim in LaTeX (% and # are literal): take URLs out before parsing.
_URL = re.compile(r"\\url\{([^{}]*)\}")


def latex_to_rich(latex: str) -> Rich:
    """Rich text for a piece of LaTeX; never raises (unparsable input becomes text)."""
    src = _PENALTY.sub("", latex.replace("\\newblock", " "))
    fast = _fast(src)
    return fast if fast is not None else _slow(src)


def _slow(src: str) -> Rich:
    """Any LaTeX, through pylatexenc's parser."""
    urls: list[str] = []

    def stash(m: re.Match[str]) -> str:
        urls.append(m.group(1))
        return f"\\url{{{len(urls) - 1}}}"

    src = _URL.sub(stash, src)
    try:
        nodes, _, _ = LatexWalker(src, tolerant_parsing=True).get_latex_nodes()
    except LatexWalkerError:  # pragma: no cover - tolerant mode should not raise
        return normalize_runs([Run(src)])
    runs: list[Run] = []
    _walk(nodes, frozenset(), runs, urls)
    return normalize_runs(runs)


def latex_to_text(latex: str) -> str:
    return "".join(r.text for r in latex_to_rich(latex))


# ---------------------------------------------------------------- fast path
# A .bbl entry is mostly plain text, braces, font switches and accents. Those
# are converted here without pylatexenc's parser (several times faster); any
# other construct sends the whole entry down the slow path. A property test
# checks both paths agree.

_COMBINING = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
    "c": "\u0327", "k": "\u0328", "r": "\u030a", "d": "\u0323", "b": "\u0331",
}  # fmt: skip
_LETTERS = {
    "ss": "ß", "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "aa": "å", "AA": "Å",
    "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "i": "ı", "j": "ȷ",
}  # fmt: skip
_ESCAPED = {"&": "&", "#": "#", "_": "_", "{": "{", "}": "}"}
# \"u  \"{u}  \'{\i}  \c{c}  \'\i  \v s: an accent over a letter (a letter accent takes
# a braced letter or, as in TeX, the next letter after spaces)
_ACCENT = re.compile(
    r"\\(?:([\"'`^~=.])\s*|([uvHckrdb]))\{(?:([A-Za-z])|\\([ij]))\}"
    r"|\\([\"'`^~=.])([A-Za-z])"
    r"|\\([\"'`^~=.])\s*\\([ij])(?=\})"
    r"|\\([uvHckrdb])\s+([A-Za-z])"
)
_LETTER = re.compile(r"\{\\(ss|o|O|l|L|aa|AA|ae|AE|oe|OE|i|j)\}")
_ESCAPE = re.compile(r"\\([&#_{}])")
_CONTROL = re.compile(r"\\([A-Za-z]+)\s*|\\(.)")
# pylatexenc reads "\\LaTeXÜ" as one macro name (TeX would not): leave it those
_SLOW_ONLY = re.compile(r"[$%\ue000\ue001]|[!?]`|\\[^A-Za-z\"'`^~=.&#_{}]|\\[A-Za-z]+[^\x00-\x7f]")


def _accent(m: re.Match[str]) -> str:
    mark = _COMBINING[m.group(1) or m.group(2) or m.group(5) or m.group(7) or m.group(9)]
    base = m.group(3) or m.group(4) or m.group(6) or m.group(8) or m.group(10)
    return unicodedata.normalize("NFC", base + mark)


# \url{...} and $math$ are kept verbatim: each is taken out first, as one placeholder
# character from a private-use block, and put back as its own run
# (math only in its simple form: balanced braces, no % or nested $)
_VERBATIM = re.compile(r"\\url\{([^{}]*)\}|\$((?:[^${}\\%]|\\[A-Za-z]+|\{[^${}\\%]*\})*)\$")
_HOLE = 0xE100
_HOLES = re.compile("[\ue100-\ue7ff]")


def _fast(src: str) -> Rich | None:
    held: list[tuple[str, str | None]] = []  # (text, url) taken out verbatim
    if "$" in src or "\\url{" in src:
        if "$$" in src or _HOLES.search(src) or "\\$" in src or "%" in src:
            return None

        def hold(m: re.Match[str]) -> str:
            url = m.group(1)
            held.append((url, url) if url is not None else (m.group(0), None))
            return chr(_HOLE + len(held) - 1)

        src = _VERBATIM.sub(hold, src)
        if len(held) > 0x6FF or "$" in src or any("\\url" in t for t, u in held if u is None):
            return None
    if _SLOW_ONLY.search(src):
        return None
    if "\\" in src:
        src = _ACCENT.sub(_accent, src)
        src = _LETTER.sub(lambda m: _LETTERS[m.group(1)], src)
        src = _ESCAPE.sub(lambda m: "\ue000" + m.group(1) + "\ue001", src)
    runs: list[Run] = []
    stack: list[frozenset[Style]] = []
    styles: frozenset[Style] = frozenset()
    buf: list[str] = []
    i, n = 0, len(src)

    def flush() -> None:
        if buf:
            runs.append(Run(_punct("".join(buf)), styles))
            buf.clear()

    while i < n:
        ch = src[i]
        if ch == "\ue000":  # an escaped special, kept literally
            buf.append(src[i + 1])
            i += 3
        elif held and "\ue100" <= ch <= "\ue7ff":
            flush()
            text, url = held[ord(ch) - _HOLE]
            runs.append(Run(text, styles, url))
            i += 1
        elif ch == "{":
            flush()
            stack.append(styles)
            i += 1
        elif ch == "}":
            flush()
            if stack:
                styles = stack.pop()
            i += 1
        elif ch == "\\":
            flush()  # TeX ligatures (--, ``) do not reach across a command
            m = _CONTROL.match(src, i)
            name = m.group(1) if m else None
            if name in _SWITCH:
                styles = _switch(styles, name, _SWITCH[name])
            elif name in _COMMAND and m is not None and src.startswith("{", m.end()):
                stack.append(styles)
                styles = _switch(styles, name, _COMMAND[name])
                i = m.end() + 1
                continue
            elif name in _SYMBOLS:
                runs.append(Run(_SYMBOLS[name], styles))
            elif name in _IGNORED:
                pass
            else:
                return None
            assert m is not None
            i = m.end()
        else:  # plain text up to the next special character
            m = _PLAIN_END.search(src, i + 1)
            j = m.start() if m else n
            buf.append(src[i:j])
            i = j
    flush()
    return normalize_runs(runs)


_PLAIN_END = re.compile("[{}\\\\\ue000\ue100-\ue7ff]")


def _punct(text: str) -> str:
    """TeX ligatures of plain text: dashes, double quotes, ``~``."""
    if "-" in text:
        text = text.replace("---", "\u2014").replace("--", "\u2013")
    if "`" in text or "'" in text:
        text = text.replace("``", "\u201c").replace("''", "\u201d")
    return text.replace("~", "\u00a0")


def _walk(
    nodes: list[LatexNode] | None, styles: frozenset[Style], out: list[Run], urls: list[str]
) -> None:
    """Append runs for ``nodes``; ``styles`` is what is in force at the start."""
    for node in nodes or []:
        if node is None or isinstance(node, LatexCommentNode):
            continue
        if isinstance(node, LatexCharsNode):
            out.append(Run(node.chars, styles))
        elif isinstance(node, LatexGroupNode):
            _walk(node.nodelist, styles, out, urls)  # switches inside end with the group
        elif isinstance(node, LatexMacroNode):
            name = node.macroname
            if name in _SWITCH:
                # the space after "\em" ends the control word; it is not output
                styles = _switch(styles, name, _SWITCH[name])
            elif name in _COMMAND:
                args = _args(node)
                inner = _switch(styles, name, _COMMAND[name])
                _walk(args[-1:] if args else [], inner, out, urls)
            elif name == "url" or name == "href":
                args = _args(node)
                url = _verbatim(args[0]) if args else ""
                if name == "url" and url.isdigit() and int(url) < len(urls):
                    url = urls[int(url)]
                if name == "href" and len(args) > 1:
                    tmp: list[Run] = []
                    _walk(args[1:2], styles, tmp, urls)
                    out.extend(Run(r.text, r.styles, url) for r in tmp)
                else:
                    out.append(Run(url, styles, url))
            elif name in _SYMBOLS:
                out.append(Run(_SYMBOLS[name], styles))
            elif name in _IGNORED:
                continue
            else:
                out.append(Run(_l2t().nodelist_to_text([node]), styles))
        else:
            out.append(Run(_l2t().nodelist_to_text([node]), styles))


def _switch(styles: frozenset[Style], name: str, style: Style | None) -> frozenset[Style]:
    if style is None:
        return frozenset()
    if name in ("em", "emph") and style in styles:
        return styles - {style}  # \em inside italics turns them upright, as in LaTeX
    return styles | {style}


def _args(node: LatexMacroNode) -> list[LatexNode]:
    argd = node.nodeargd
    if argd is None or not argd.argnlist:
        return []
    return [a for a in argd.argnlist if a is not None]


def _verbatim(node: LatexNode) -> str:
    """A macro argument's source text without its braces (for URLs)."""
    text: str = node.latex_verbatim()
    if isinstance(node, LatexGroupNode) and text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    return text.replace("\\%", "%").replace("\\#", "#").replace("\\_", "_").replace("\\&", "&")
