"""LaTeX field text <-> CSL rich text (the HTML-like subset citeproc reads).

``\\emph{x}`` <-> ``<i>x</i>``, ``\\textbf`` <-> ``<b>``, ``\\textsc`` <-> small
caps, super/subscripts, and a braced group ``{DNA}`` (BibTeX case protection)
<-> ``<span class="nocase">DNA</span>``. Everything else is decoded to Unicode.
"""

from __future__ import annotations

import re

from ..latex import to_unicode
from ..lazyre import lazy

_SMALLCAPS = '<span style="font-variant:small-caps;">'
_NOCASE = '<span class="nocase">'
_MARKUP: dict[str, tuple[str, str]] = {
    "emph": ("<i>", "</i>"),
    "textit": ("<i>", "</i>"),
    "textsl": ("<i>", "</i>"),
    "mkbibemph": ("<i>", "</i>"),
    "mkbibitalic": ("<i>", "</i>"),
    "textbf": ("<b>", "</b>"),
    "mkbibbold": ("<b>", "</b>"),
    "textsc": (_SMALLCAPS, "</span>"),
    "textsuperscript": ("<sup>", "</sup>"),
    "mkbibsuperscript": ("<sup>", "</sup>"),
    "textsubscript": ("<sub>", "</sub>"),
    "mkbibsubscript": ("<sub>", "</sub>"),
}
# Font and box commands whose argument is plain text (latex.to_unicode drops some of them whole).
_TRANSPARENT = frozenset(
    {
        "texttt",
        "textsf",
        "textrm",
        "textup",
        "textmd",
        "textnormal",
        "mbox",
        "hbox",
        "text",
        "textsl",
    }
)
# Declarations used inside a group: {\em text}, {\bf text}.
_DECLARATIONS = {"em": "emph", "it": "textit", "itshape": "textit", "bf": "textbf", "sc": "textsc"}
MARKUP_COMMANDS = frozenset(_MARKUP) | frozenset(_DECLARATIONS) | _TRANSPARENT
# Characters LaTeX decoding or this parser gives a meaning to (anything else is literal text).
_SPECIAL = lazy(r"[\\{}$~\-`'\"!?<>&%_^#]")
_UNI_SPACES = lazy(r"\s+")
_CMD = lazy(r"\\([A-Za-z]+|.)\s*")
_ACCENTS = set("`'^\"~=.uvHtcdbkr")


def _group_end(s: str, start: int) -> int:
    """Index of the ``}`` closing the ``{`` at ``start`` (len(s)-1 if unbalanced)."""
    depth = 0
    for i in range(start, len(s)):
        c = s[i]
        if c == "\\":
            continue
        if c == "{" and (i == 0 or s[i - 1] != "\\"):
            depth += 1
        elif c == "}" and (i == 0 or s[i - 1] != "\\"):
            depth -= 1
            if depth == 0:
                return i
    return len(s) - 1


def latex_to_rich(latex: str, markup: bool = True, protect: bool = True) -> str:
    """Expanded LaTeX field text -> CSL text.

    With ``markup`` False the result is plain Unicode (no tags at all); with
    ``protect`` False braced groups are not marked ``nocase`` (fields that no
    style changes the case of).
    """
    if not _SPECIAL.search(latex):
        # nothing for LaTeX decoding to do: only whitespace (any Unicode space, as
        # latex.to_unicode) to squash
        return _UNI_SPACES.sub(" ", latex).strip()
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            # Word joiners keep the spaces at the edges of a run (to_unicode trims).
            out.append(to_unicode(_quotes("\u2060" + "".join(run) + "\u2060"))[1:-1])
            run.clear()

    i, n = 0, len(latex)
    while i < n:
        c = latex[i]
        if c == "\\":
            m = _CMD.match(latex, i)
            if m is None:  # a lone trailing backslash
                run.append(c)
                i += 1
                continue
            name = m.group(1)
            j = m.end()
            if name in _MARKUP and j < n and latex[j] == "{":
                end = _group_end(latex, j)
                flush()
                inner = latex_to_rich(latex[j + 1 : end], markup, protect)
                opener, closer = _MARKUP[name]
                out.append(opener + inner + closer if markup else inner)
                i = end + 1
                continue
            if name in _TRANSPARENT and name not in _MARKUP and j < n and latex[j] == "{":
                end = _group_end(latex, j)
                flush()
                out.append(latex_to_rich(latex[j + 1 : end], markup, protect))
                i = end + 1
                continue
            if name in ("url", "path") and j < n and latex[j] == "{":
                end = _group_end(latex, j)
                flush()
                out.append(latex[j + 1 : end])
                i = end + 1
                continue
            # Any other command, with its braced argument (accents: \"{o}, \c{c}).
            stop = j
            if j < n and latex[j] == "{" and (name in _ACCENTS or name.isalpha()):
                stop = _group_end(latex, j) + 1
            elif name in _ACCENTS and j < n and not name.isalpha():
                stop = j + 1 if latex[j].isalpha() else j
            run.append(latex[i:stop] if stop > m.end() else latex[i : m.end()])
            i = max(stop, m.end())
            continue
        if c == "{":
            end = _group_end(latex, i)
            inner = latex[i + 1 : end]
            decl = re.match(r"\\([A-Za-z]+)\s+", inner)
            if decl and decl.group(1) in _DECLARATIONS:
                flush()
                opener, closer = _MARKUP[_DECLARATIONS[decl.group(1)]]
                body = latex_to_rich(inner[decl.end() :], markup, protect)
                out.append(opener + body + closer if markup else body)
            elif inner.startswith("\\"):
                # {\"o}, {\ae}: a BibTeX "special character", not case protection.
                run.append(latex[i : end + 1])
            else:
                flush()
                body = latex_to_rich(inner, markup, protect)
                out.append(_protect(body) if markup and protect and body else body)
            i = end + 1
            continue
        if c == "$":
            end = latex.find("$", i + 1)
            end = n - 1 if end < 0 else end
            body = latex[i + 1 : end].strip()
            if markup and _SIMPLE_MATH.fullmatch(body):
                flush()
                out.append(_math(body, protect))
            else:
                run.append(latex[i : end + 1])
            i = end + 1
            continue
        run.append(c)
        i += 1
    flush()
    return _squash_spaces("".join(out))


# Operator names TeX sets upright in math ($O(n \\log n)$ -> "log").
_MATH_OPERATORS = frozenset(
    {
        *("arccos", "arcsin", "arctan", "arg", "cos", "cosh", "cot", "coth", "csc", "deg"),
        *("det", "dim", "exp", "gcd", "hom", "inf", "ker", "lg", "lim", "liminf", "limsup"),
        *("ln", "log", "max", "min", "Pr", "sec", "sin", "sinh", "sup", "tan", "tanh"),
    }
)
_MATH_TOKEN = lazy(r"\\([A-Za-z]+)\s*|([A-Za-z]+)|(\s+)|(\\.|[^\\A-Za-z\s]+)")


# Math the rich-text form carries exactly: variables, digits, brackets, simple
# operators and operator names. Anything else ($\\frac{o}{a}$, $\\{$) is decoded
# to Unicode text as before.
_SIMPLE_MATH = lazy(
    r"(?:[A-Za-z0-9()\[\]+\-=,.<>/| ]|\\(?:" + "|".join(sorted(_MATH_OPERATORS)) + r")\b)+"
)


def _math(body: str, protect: bool) -> str:
    """Inline math: variables italic as TeX sets them (``<i>n</i>``) and never
    case-changed (a title-cased variable is another variable); operator names
    and symbols as Unicode text."""
    out: list[str] = []
    for m in _MATH_TOKEN.finditer(body):
        cmd, letters, space, other = m.groups()
        if cmd is not None:
            out.append(cmd if cmd in _MATH_OPERATORS else to_unicode("$\\" + cmd + "$"))
            if m.group(0)[-1:].isspace():
                out.append(" ")
        elif letters is not None:
            inner = f"{_NOCASE}{letters}</span>" if protect else letters
            out.append(f"<i>{inner}</i>")
        elif space is not None:
            out.append(" ")
        else:
            out.append(to_unicode("$" + other + "$") if other.strip() else other)
    return "".join(out)


_PARTS = lazy(r"(\s+|-)")


def _protect(body: str) -> str:
    """A braced group as CSL ``nocase`` spans.

    BibTeX's braces keep capitals from being lowercased (the only case change
    BibTeX makes). So in a group holding capitals only the words and hyphen
    parts with a capital are protected: CSL title case may still capitalize
    the lowercase parts ({post-Soviet} -> "Post-Soviet", {t-SNE} -> "T-SNE",
    as CMOS hyphenated compounds), sentence case still cannot lower "Soviet".
    A group without capitals ({van}) or with markup is protected whole.
    """
    if "<" in body or not any(ch.isupper() for ch in body):
        return _NOCASE + body + "</span>"
    parts = _PARTS.split(body)
    out: list[str] = []
    run: list[str] = []  # protected words and the separators between them
    for k, part in enumerate(parts):
        if k % 2:  # a separator
            (run if run else out).append(part)
        elif any(ch.isupper() for ch in part):
            run.append(part)
        else:
            if run:
                tail = run.pop() if len(run) > 1 and not run[-1].strip("- \t") else ""
                out.append(_NOCASE + "".join(run) + "</span>" + tail)
                run = []
            out.append(part)
    if run:
        out.append(_NOCASE + "".join(run) + "</span>")
    return "".join(out)


def _quotes(latex: str) -> str:
    """TeX ligature quotes -> Unicode (latex.to_unicode leaves them alone in plain runs)."""
    return latex.replace("``", "\u201c").replace("''", "\u201d")


def _squash_spaces(text: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


_TAG = lazy(
    r"<(/?)(i|b|sup|sub|sc)>|<span\s+(class=\"nocase\"|style=\"font-variant:\s*small-caps;?\")>|</span>"
)
_TO_LATEX = {
    "i": r"\emph{",
    "b": r"\textbf{",
    "sup": r"\textsuperscript{",
    "sub": r"\textsubscript{",
    "sc": r"\textsc{",
}


_WORD_NOCASE = lazy(r'([\w\-]*)<span class="nocase">([^<]*)</span>([\w\-]*)')


def _widen(m: re.Match[str]) -> str:
    """A nocase span inside a word takes in the word's lowercase letters, digits and
    hyphens ("t-<nocase>SNE</nocase>" -> "{t-SNE}"): protecting them changes nothing
    in BibTeX, and it gives back the brace group the forward mapping narrowed."""
    before, inner, after = m.groups()
    k = len(before)
    while k > 0 and not before[k - 1].isupper():
        k -= 1
    j = 0
    while j < len(after) and not after[j].isupper():
        j += 1
    return f"{before[:k]}{_NOCASE}{before[k:]}{inner}{after[:j]}</span>{after[j:]}"


def rich_to_latex(text: str) -> str:
    """CSL rich text -> LaTeX field text (no outer braces), specials escaped."""
    if "nocase" in text:
        text = _WORD_NOCASE.sub(_widen, text)
    out: list[str] = []
    pos = 0
    for m in _TAG.finditer(text):
        out.append(escape_latex(text[pos : m.start()]))
        closing, tag, span = m.group(1), m.group(2), m.group(3)
        if m.group(0) == "</span>" or closing:
            out.append("}")
        elif tag:
            out.append(_TO_LATEX[tag])
        elif span and "nocase" in span:
            out.append("{")
        else:
            out.append(_TO_LATEX["sc"])
        pos = m.end()
    out.append(escape_latex(text[pos:]))
    result = "".join(out)
    return result if _balanced(result) else escape_latex(strip_tags(text))


def strip_tags(text: str) -> str:
    """CSL rich text -> plain text."""
    return _TAG.sub("", text)


_TEXT_ESCAPES = {
    "\\": "\\textbackslash{}",
    "{": "\\{",
    "}": "\\}",
    "&": "\\&",
    "%": "\\%",
    "#": "\\#",
    "_": "\\_",
    "$": "\\$",
    "~": "\\textasciitilde{}",
}


def escape_latex(plain: str) -> str:
    """Plain text -> LaTeX with every special character escaped.

    Unlike ``bibtex.bibtex_value`` (which keeps balanced braces as grouping and
    backslashes as commands), here braces and backslashes are text: they came
    out of a decoded value, so they must come back as characters.
    """
    return "".join(_TEXT_ESCAPES.get(ch, ch) for ch in plain)


def _balanced(s: str) -> bool:
    depth = 0
    prev = ""
    for ch in s:
        if prev != "\\":
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth < 0:
                    return False
        prev = ch if prev != "\\" else ""
    return depth == 0
