"""Personal names: particle parsing, initials, display and sort order."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from ..lazyre import lazy

_ROMANESQUE = lazy(r"^[\s\w\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff'’.,\-]*$")


# A capital citeproc-js will reduce to an initial: Latin (incl. Latin-1 and
# Extended-A), Greek capitals, basic Cyrillic capitals (U+0410-U+042F, U+0400-U+040F).
_INITIAL = lazy(r"[A-Za-z\u00c0-\u017f\u0386-\u03ab\u03ac-\u03ce\u0400-\u044f]")


@lru_cache(maxsize=65536)
def is_romanesque(s: str) -> bool:
    """True for Latin, Greek and Cyrillic script names (space-separated, given-first)."""
    for ch in s:
        if ch.isalpha():
            try:
                nm = unicodedata.name(ch)
            except ValueError:
                return False
            if not nm.startswith(("LATIN", "GREEK", "CYRILLIC", "MODIFIER LETTER")):
                return False
    return True


def parse_particles(name: dict[str, Any]) -> dict[str, Any]:
    """Split lowercase particles out of family/given ("van der Berg", "Jean de").

    A new dict each time; the parse of a name seen before is remembered (a large
    bibliography names the same people again and again)."""
    try:
        return dict(_parse_particles(tuple(name.items())))
    except TypeError:  # a value that cannot be hashed (a list): parse it afresh
        return _parse(dict(name))


@lru_cache(maxsize=65536)
def _parse_particles(name: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    return _parse(dict(name))


def _parse(n: dict[str, Any]) -> dict[str, Any]:
    if n.get("static-ordering") is not None and "parse-names" not in n:
        pass
    if n.get("parse-names") in (False, "false"):
        return n
    fam = n.get("family")
    if isinstance(fam, str) and "non-dropping-particle" not in n and " " in fam.strip():
        if fam.startswith('"') and fam.endswith('"'):
            n["family"] = fam[1:-1]
        else:
            words = fam.split(" ")
            i = 0
            while (
                i < len(words) - 1 and words[i] and (words[i][0].islower() or words[i][0] in "'’")
            ):
                i += 1
            if i:
                part = " ".join(words[:i])
                # "de’ Frinkle" keeps its space; "d’Wander" has none to keep
                n["non-dropping-particle"] = part + (" " if part.endswith(("'", "’")) else "")
                n["family"] = " ".join(words[i:])
    elif isinstance(fam, str) and "non-dropping-particle" not in n:
        m = re.match(r"^([a-z]+['’\-])(\w.*)$", fam)
        if m and (
            m.group(1).endswith("-")
            or m.group(1).lower() in ("d'", "d’", "l'", "l’", "dell'", "dell’")
        ):
            n["non-dropping-particle"] = m.group(1)
            n["family"] = m.group(2)
    giv = n.get("given")
    if isinstance(giv, str) and "dropping-particle" not in n and " " in giv.strip():
        words = giv.split(" ")
        j = len(words)
        while j > 1 and words[j - 1] and words[j - 1][0].islower():
            j -= 1
        if j < len(words):
            n["dropping-particle"] = " ".join(words[j:])
            n["given"] = " ".join(words[:j])
    # "Jr." style suffix attached to given with a comma
    if isinstance(giv, str) and "suffix" not in n and "," in n.get("given", ""):
        g, _, suf = n["given"].partition(",")
        if suf.strip():
            n["given"] = g.strip()
            n["suffix"] = suf.strip()
            if suf.strip().startswith("!"):
                n["suffix"] = suf.strip()[1:].strip()
                n["comma-suffix"] = True
    return n


@lru_cache(maxsize=65536)
def initialize(given: str, with_: str, hyphen: bool = True, full: bool = False) -> str:
    """Reduce given names to initials followed by ``with_``.

    A word written with a period ("Ph.") is an abbreviation and is kept whole. With ``full``
    (initialize="false") whole words are kept and only single letters get ``with_``.
    """
    if "<" in given and _TAGGED_WORD.search(given):
        return _initialize_marked(given, with_, hyphen, full)
    out = ""
    glue = False  # the previous piece was an initial: with_ already did the spacing
    after_hyphen = False
    for core, period, sep in re.findall(r"([^\s.\-]+)(\.?)([\s\-.]*)", given.strip()):
        hyph, after_hyphen = after_hyphen, "-" in sep
        if hyph and core[:1].islower() and not full:
            out = out.rstrip("-")  # "Ji-yeon" -> "J." (lowercase hyphen part adds nothing)
            continue
        if not _INITIAL.match(core) and not period:
            # citeproc-js only abbreviates words opening with a letter it knows as an
            # initial (Latin, Greek, basic Cyrillic): others ("Ғалым") stay whole
            if out and not out.endswith((" ", "-")):
                out += " "
            out += core + " "
            glue = False
            continue
        if core[:1].islower() and not period:
            if out and not out.endswith((" ", "-")):
                out += " "
            out += core + " "
            glue = False
            continue
        if period or (full and len(core) == 1):
            piece = core + with_
        elif full:
            piece = core + " "
        elif len(core) > 2 and core[0].isupper() and core[1].isupper() and core[2].islower():
            piece = core[0] + core[1].lower() + with_  # "TSerendorjiin" -> "Ts."
        else:
            piece = core[0] + with_
        # initials glue to each other when with_ has no space ("JRR"); a whole word
        # after an initial still takes a space ("K Jarrod", citeproc-js)
        if out and not out.endswith((" ", "-")) and (not glue or piece.endswith(" ")):
            out += " "
        out += piece
        glue = not piece.endswith(" ")
        if "-" in sep:
            out = out.rstrip() + ("-" if hyphen else "")
    return out.strip()


_TAGGED_WORD = lazy(r"<(\w+)[^<>]*>([^<>\s\-]+)</\1>")


def _initialize_marked(given: str, with_: str, hyphen: bool, full: bool) -> str:
    """Initials of a given name with markup around whole words ("<b>John</b> Q." ->
    "<b>J.</b> Q."): the markup goes around the word's initial (citeproc-js)."""
    marks: dict[int, tuple[str, str]] = {}
    plain_words: list[str] = []
    for chunk in re.finditer(r"[^\s\-]+", given):
        word = chunk.group(0)
        m = _TAGGED_WORD.fullmatch(word)
        if m:
            tag_open = word[: word.index(">") + 1]
            marks[len(plain_words)] = (tag_open, f"</{m.group(1)}>")
            word = m.group(2)
        plain_words.append(word)
    plain = re.sub(r"<[^<>]+>", "", given)
    out = initialize(plain, with_, hyphen, full)
    pieces = list(re.finditer(r"[^\s\-]+", out))
    if len(pieces) != len(plain_words):
        return out  # initials glued together: the markup cannot be placed
    for k in sorted(marks, reverse=True):
        a, b = pieces[k].span()
        tag_open, tag_close = marks[k]
        out = out[:a] + tag_open + out[a:b] + tag_close + out[b:]
    return out


@lru_cache(maxsize=65536)
def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
