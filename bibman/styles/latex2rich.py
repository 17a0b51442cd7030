"""LaTeX (a ``.bbl`` item, a formatted entry) -> format-neutral rich text.

Font switches (``\\em``, ``{\\bf ..}``, ``\\emph{..}``, ``\\textit{..}``, ...)
become run styles; ``\\newblock`` a space; ``\\url{..}`` a link; every other
piece of LaTeX (accents, ``--``, ``~``, symbols) becomes Unicode the way
pylatexenc's latex2text does it, which is also how the bench turns real
BibTeX's ``.bbl`` into text, so the two compare exactly.
"""

from __future__ import annotations

import re
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
