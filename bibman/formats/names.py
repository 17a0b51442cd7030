"""BibTeX name lists <-> CSL name objects.

Splits ``author = {von Last, Jr, First and {Corporate Name} and others}`` by
BibTeX's rules (``and`` at brace depth 0; ``First von Last``, ``von Last,
First``, ``von Last, Jr, First``; a whole-braced name is an organisation) and
biblatex's extended form (``family=..., given=..., prefix=...``).
"""

from __future__ import annotations

import re

from ..latex import group_spaced_specials
from ..lazyre import lazy
from .richtext import escape_latex
from .values import plain_text

CslName = dict[str, str]


def _split_depth0(s: str, sep: re.Pattern[str]) -> list[str]:
    if "{" not in s and "}" not in s:
        return sep.split(s)  # no groups: every separator is at depth 0
    # Separators found by the regex, kept where the brace depth before them is
    # 0 (counted over the text in between, not character by character).
    parts: list[str] = []
    depth = 0
    start = counted = 0
    pos = 0
    while True:
        m = sep.search(s, pos)
        if m is None:
            break
        i = m.start()
        depth += s.count("{", counted, i) - s.count("}", counted, i)
        counted = i
        if depth == 0:
            parts.append(s[start:i])
            start = pos = m.end()
        else:  # inside a group: look again from the next character
            pos = i + 1
    parts.append(s[start:])
    return parts


_AND = lazy(r"\s+and\s+", re.IGNORECASE)
_COMMA = lazy(r",")
_SPACE = lazy(r"[\s~]+")


def split_names(latex: str) -> tuple[list[str], bool]:
    """A name list -> single names (LaTeX) and whether it ended in ``and others``."""
    names = [n.strip() for n in _split_depth0(" " + latex.strip() + " ", _AND)]
    names = [n for n in names if n and not _OPTION_ONLY.match(n)]
    others = bool(names) and names[-1].lower() == "others"
    if others:
        names.pop()
    return names, others


# biblatex per-list / per-name options: "useprefix=false and ...", "..., sortingnamekeytemplatename=x".
_OPTION_ONLY = lazy(r"^\s*[a-z]+\s*=\s*[^,=]*$")
_NAME_OPTION = lazy(r"(?:^|,)\s*(?!family|given|prefix|suffix)[a-z]+\s*=", re.I)


def has_name_options(latex: str) -> bool:
    """Whether a name list carries biblatex name options (which CSL cannot hold)."""
    parts = _split_depth0(" " + latex.strip() + " ", _AND)
    return any(_OPTION_ONLY.match(p.strip()) or _NAME_OPTION.search(p) for p in parts if "=" in p)


_ACCENT_WORDS = frozenset(["v", "u", "H", "c", "d", "b", "k", "r", "t"])
_LETTERS = frozenset(["i", "j", "l", "o"])  # \i \j \l \o are letters themselves
_UPPER_LETTERS = frozenset(["AE", "OE", "AA", "O", "L"])


def _is_lower(word: str) -> bool:
    """BibTeX's von test: the first letter at brace depth 0 is lower case."""
    depth = 0
    i = 0
    while i < len(word):
        c = word[i]
        if c == "{":
            # A special character {\'e}, {\v S}, {\ae} counts at depth 0; other groups do not.
            if word[i + 1 : i + 2] == "\\" and depth == 0:
                m = re.match(r"\{\\([A-Za-z]+|[^A-Za-z])\s*\{?\s*([A-Za-z]?)", word[i:])
                if m:
                    cmd, letter = m.groups()
                    if (len(cmd) == 1 or cmd in _ACCENT_WORDS) and letter and cmd not in _LETTERS:
                        return letter.islower()
                    return cmd[0].islower() and cmd not in _UPPER_LETTERS
            depth += 1
        elif c == "}":
            depth -= 1
        elif depth == 0 and c.isalpha():
            return c.islower()
        i += 1
    return False


def _text(latex: str) -> str:
    return plain_text(latex)


def parse_name(latex: str) -> CslName:
    """One BibTeX name -> a CSL name object."""
    s = group_spaced_specials(latex.strip())
    if s.startswith("{") and s.endswith("}") and _closes_at_end(s):
        return {"literal": _text(s[1:-1])}
    parts = [p.strip() for p in _split_depth0(s, _COMMA)]
    if any(re.match(r"^(family|given|prefix|suffix|useprefix)\s*=", p, re.I) for p in parts):
        return _extended(parts)
    if len(parts) == 1:
        words = [w for w in _split_depth0(parts[0], _SPACE) if w]
        if len(words) == 1:
            return {"family": _text(words[0])}
        # First von Last: von starts at the first lower-case word (not the last word).
        lower = [i for i, w in enumerate(words[:-1]) if _is_lower(w)]
        if lower:
            first, vstart = words[: lower[0]], lower[0]
            vend = lower[-1] + 1
            return _csl(words[vend:], words[vstart:vend], first, [])
        return _csl(words[-1:], [], words[:-1], [])
    von_last = [w for w in _split_depth0(parts[0], _SPACE) if w]
    first = [w for w in _split_depth0(parts[-1], _SPACE) if w]
    jr = [w for w in _split_depth0(parts[1], _SPACE) if w] if len(parts) >= 3 else []
    lower = [i for i, w in enumerate(von_last[:-1]) if _is_lower(w)]
    vend = lower[-1] + 1 if lower else 0
    return _csl(von_last[vend:], von_last[:vend], first, jr)


def _closes_at_end(s: str) -> bool:
    depth = 0
    for i, c in enumerate(s):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0 and i != len(s) - 1:
                return False
    return True


def _csl(last: list[str], von: list[str], first: list[str], jr: list[str]) -> CslName:
    out: CslName = {}
    if last:
        out["family"] = _text(" ".join(last))
    if first:
        out["given"] = _text(" ".join(first))
    if von:
        out["non-dropping-particle"] = _text(" ".join(von))
    if jr:
        out["suffix"] = _text(" ".join(jr))
    return out


def _extended(parts: list[str]) -> CslName:
    keys = {
        "family": "family",
        "given": "given",
        "prefix": "non-dropping-particle",
        "suffix": "suffix",
    }
    out: CslName = {}
    for p in parts:
        k, _, v = p.partition("=")
        k = k.strip().lower()
        if k in keys:
            v = v.strip()
            if v.startswith("{") and v.endswith("}"):
                v = v[1:-1]
            out[keys[k]] = _text(v)
    return out


def names_to_csl(latex: str) -> tuple[list[CslName], bool]:
    names, others = split_names(latex)
    return [parse_name(n) for n in names], others


def csl_name_to_bibtex(name: CslName) -> str:
    """A CSL name object -> one BibTeX name (``von Last, Jr, First``)."""
    if name.get("literal") or (name.get("family", "").lower() == "others" and len(name) == 1):
        # Braced: a corporate name, or a person really called "Others" (not "et al.").
        return "{" + escape_latex(name.get("literal") or name["family"]) + "}"
    family = escape_latex(name.get("family", ""))
    particle = " ".join(
        p for p in (name.get("dropping-particle", ""), name.get("non-dropping-particle", "")) if p
    )
    if " " in family:
        family = "{" + family + "}"
    last = f"{escape_latex(particle)} {family}".strip() if particle else family
    given = _protect_and(escape_latex(name.get("given", "")))
    suffix = _protect_and(escape_latex(name.get("suffix", "")))
    family = _protect_and(family)
    if suffix:
        return f"{last}, {suffix}, {given}"
    if given:
        return f"{last}, {given}"
    return last


def _protect_and(text: str) -> str:
    """Brace a literal word "and", which would otherwise split the name list."""
    return re.sub(r"(?<![{\w])(and)(?![}\w])", r"{\1}", text, flags=re.IGNORECASE)


def csl_names_to_bibtex(names: list[CslName]) -> str:
    return " and ".join(csl_name_to_bibtex(n) for n in names if n)
