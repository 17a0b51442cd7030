"""LaTeX markup in BibTeX values <-> plain Unicode text.

``to_unicode`` is what every consumer that wants a *plain* value calls (after
``bibtex.expand`` has resolved macros and removed delimiters): accents,
escapes, dashes, ``~`` and font commands become Unicode text and braces go.
``to_latex`` goes the other way, for writing plain text into a .bib.

Built on pylatexenc, with a few BibTeX-specific adjustments: ``%`` is a
literal percent sign (it is never a comment inside a value), ``\\url`` and
``\\href`` give their target without decoration, ``\\noopsort`` (xampl.bib's
sorting trick) vanishes, and the TeX logos keep their names.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from .lazyre import lazy

# pylatexenc is imported where it is first needed (its modules and context databases cost
# ~15 ms of start-up; values without LaTeX markup never reach it).


_LATEX_SPECIAL = lazy(r"[\\{}$~%^_]|--")
_BARE_PERCENT = lazy(r"(?<!\\)%")
_SPACES = lazy(r"\s+")
# \url/\path arguments are verbatim: no dashes, no escapes. They are set aside
# (as private-use placeholders) before the LaTeX conversion and put back after.
_VERBATIM = lazy(r"\\(?:url|path)\s*\{([^{}]*)\}")
_PLACEHOLDER = lazy("\ue000(\\d+)\ue001")


def _context() -> object:
    from pylatexenc.latex2text import MacroTextSpec, get_default_latex_context_db

    db = get_default_latex_context_db()
    db = db.filter_context(keep_categories=None)  # a private copy
    text_specs = [
        MacroTextSpec("url", simplify_repl="%(1)s"),
        MacroTextSpec("href", simplify_repl="%(2)s"),
        MacroTextSpec("path", simplify_repl="%(1)s"),
        MacroTextSpec("noopsort", simplify_repl=""),
        MacroTextSpec("TeX", simplify_repl="TeX"),
        MacroTextSpec("LaTeX", simplify_repl="LaTeX"),
        MacroTextSpec("LaTeXe", simplify_repl="LaTeX2e"),
        MacroTextSpec("BibTeX", simplify_repl="BibTeX"),
        MacroTextSpec("XeTeX", simplify_repl="XeTeX"),
        MacroTextSpec("LuaTeX", simplify_repl="LuaTeX"),
        MacroTextSpec("MF", simplify_repl="Metafont"),
        MacroTextSpec("MP", simplify_repl="MetaPost"),
    ]
    db.add_context_category("bibman", prepend=True, macros=[], environments=[], specials=[])
    db.add_context_category("bibman-text", prepend=True, macros=text_specs)
    return db


def _walker_context() -> object:
    from pylatexenc import latexwalker
    from pylatexenc.macrospec import MacroSpec

    db = latexwalker.get_default_latex_context_db()
    db.add_context_category(
        "bibman",
        prepend=True,
        macros=[
            MacroSpec("url", "{"),
            MacroSpec("href", "{{"),
            MacroSpec("path", "{"),
            MacroSpec("noopsort", "{"),
        ],
    )
    return db


@functools.cache
def _quiet_pylatexenc() -> None:
    import logging

    # pylatexenc logs (to stderr, by default) about every construct it does not
    # know; the library must not print, and the fallback below covers failures.
    log = logging.getLogger("pylatexenc")
    log.addHandler(logging.NullHandler())
    log.propagate = False


@functools.cache
def _converters() -> tuple[Any, Any]:
    """(LaTeX walker context, LaTeX -> text converter), built once on first use."""
    from pylatexenc.latex2text import LatexNodes2Text

    _quiet_pylatexenc()
    return _walker_context(), LatexNodes2Text(
        latex_context=_context(), math_mode="text", strict_latex_spaces=False
    )


@functools.cache
def _encoder() -> Any:
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    _quiet_pylatexenc()
    return UnicodeToLatexEncoder(
        replacement_latex_protection="braces-almost-all",
        non_ascii_only=False,
        unknown_char_policy="keep",
        unknown_char_warning=False,
    )


@functools.lru_cache(maxsize=8192)
def to_unicode(s: str) -> str:
    """LaTeX source (a BibTeX value without delimiters) -> plain Unicode text.

    Whitespace runs (line breaks of multi-line values included) collapse to one
    space; ``~`` becomes a plain space. Never raises: text pylatexenc cannot
    handle falls back to removing braces and backslash escapes.
    """
    if not _LATEX_SPECIAL.search(s):
        return _SPACES.sub(" ", s).strip()
    text = _simple(s)
    text = _convert(s) if text is None else text.replace("\xa0", " ")
    return _SPACES.sub(" ", text).strip()


def _convert(s: str) -> str:
    """The conversion by pylatexenc (before spaces are squashed)."""
    verbatim: list[str] = []

    def _keep(m: re.Match[str]) -> str:
        verbatim.append(m.group(1))
        return f"\ue000{len(verbatim) - 1}\ue001"

    src = _BARE_PERCENT.sub(r"\\%", _VERBATIM.sub(_keep, s))
    try:
        from pylatexenc import latexwalker

        walker_context, to_text = _converters()
        walker = latexwalker.LatexWalker(src, latex_context=walker_context, tolerant_parsing=True)
        nodes, _, _ = walker.get_latex_nodes()
        text = to_text.nodelist_to_text(nodes)
    except Exception:  # pylatexenc bugs on odd input must not reach the user
        text = _fallback(src)
    text = text.replace("\xa0", " ")
    if verbatim:
        text = _PLACEHOLDER.sub(lambda m: verbatim[int(m.group(1))], text)
    return str(text)


# The common LaTeX of BibTeX values, decoded without pylatexenc (a parse there costs
# ~0.3 ms and its walker leaves cyclic garbage): braces, dashes, ``~`` and BibTeX's
# special characters. Each special character ("atom") is decoded once by pylatexenc
# and remembered, so the result is pylatexenc's; anything else (math, ``%``, quotes,
# ``&``, other commands, a control word followed by a letter) goes to pylatexenc
# whole. tests/test_latex.py checks both ways agree on every value of the corpora.
_SIMPLE_TOKEN = lazy(
    r"""(?P<plain>[^\\{}~\-`'&$%^_#!?]+|[!?](?!`)|'(?!')|-(?!-))"""
    r"|(?P<dash>---?)"
    r"|(?P<tilde>~)"
    r"|(?P<open>\{)|(?P<close>\})"
    r"""|(?P<atom>\\[&%#_$]"""
    r"""|\\[`'^"~=.](?:[A-Za-z]|\{[A-Za-z]\}|\{\\[ij]\}|\\[ij](?![A-Za-z])[ \t]*(?!\s))"""
    r"|\\[uvHtcdbkr](?:\{[A-Za-z]\}|\{\\[ij]\}|[ \t]+[A-Za-z])"
    r"|\\(?:ss|ae|AE|oe|OE|aa|AA|[oOlLij])(?![A-Za-z])[ \t]*(?!\s))"
)


def _simple(s: str) -> str | None:
    """``s`` decoded as pylatexenc would, or None when it holds more than the above."""
    out: list[str] = []
    depth = 0
    pos, n = 0, len(s)
    match = _SIMPLE_TOKEN.match
    while pos < n:
        m = match(s, pos)
        if m is None:
            return None
        kind = m.lastgroup
        text = m.group()
        if kind == "plain":
            out.append(text)
        elif kind == "dash":
            if s.startswith("-", m.end()):
                return None  # "----": pylatexenc's own reading
            out.append("\u2013" if len(text) == 2 else "\u2014")
        elif kind == "tilde":
            out.append(" ")
        elif kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth < 0:
                return None
        else:
            out.append(_atom(text))
        pos = m.end()
    return None if depth else "".join(out)


@functools.lru_cache(maxsize=1024)
def _atom(src: str) -> str:
    return _convert(src)


# TeX skips the spaces after a control word, so ``Sz\H ol\H o`` is one word
# (Szőlő) and ``Bj\o rn`` is Bjørn; BibTeX's name splitter (and pybtex's) cuts
# there instead. Grouped as BibTeX "special characters" ({\H o}, {\o}) they
# stay inside their word.
_SPACED_ACCENT = lazy(r"(?<![\\{])\\([Hcvudbkrt])\s+([A-Za-z]|\\[ij](?![A-Za-z]))")
_SPACED_LETTER = lazy(r"(?<![\\{])\\(ss|ae|AE|oe|OE|aa|AA|[ijlLoO])\s+(?=[A-Za-z])")


def group_spaced_specials(s: str) -> str:
    """``\\H o`` -> ``{\\H o}`` and ``\\o rn`` -> ``{\\o}rn`` inside words (see above)."""
    if "\\" not in s:
        return s
    s = _SPACED_ACCENT.sub(r"{\\\1 \2}", s)
    return _SPACED_LETTER.sub(r"{\\\1}", s)


def _fallback(s: str) -> str:
    s = re.sub(r"\\([&%#_${}])", r"\1", s)
    s = re.sub(r"\\[A-Za-z]+\s*", "", s)
    return s.replace("{", "").replace("}", "").replace("~", " ")


def to_latex(s: str) -> str:
    """Plain Unicode text -> LaTeX: specials escaped, non-ASCII as accent macros.

    Characters with no LaTeX form (CJK, for instance) are kept as they are.
    """
    return str(_encoder().unicode_to_latex(s))
