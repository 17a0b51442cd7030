"""Personal names: particle parsing, initials, display and sort order."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_ROMANESQUE = re.compile(r"^[\s\w\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff'’.,\-]*$")


def is_romanesque(s: str) -> bool:
    """True for Latin, Greek and Cyrillic script names (space-separated, given-first)."""
    for ch in s:
        if ch.isalpha():
            try:
                nm = unicodedata.name(ch)
            except ValueError:
                return False
            if not nm.startswith(("LATIN", "GREEK", "CYRILLIC")):
                return False
    return True


def parse_particles(name: dict[str, Any]) -> dict[str, Any]:
    """Split lowercase particles out of family/given ("van der Berg", "Jean de")."""
    n = dict(name)
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
            while i < len(words) - 1 and words[i] and (words[i][0].islower() or words[i][0] in "'’"):
                i += 1
            if i:
                n["non-dropping-particle"] = " ".join(words[:i])
                n["family"] = " ".join(words[i:])
    elif isinstance(fam, str) and "non-dropping-particle" not in n:
        m = re.match(r"^([a-z]+['’])(\w.*)$", fam)
        if m and m.group(1).lower() in ("d'", "d’", "l'", "l’", "dell'", "dell’"):
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


def initialize(given: str, with_: str, hyphen: bool = True, full: bool = False) -> str:
    """Reduce given names to initials followed by ``with_``.

    With ``full`` (initialize="false") only names that are already initials get ``with_``.
    """
    words = [w for w in re.split(r"\s+|(?<=\.)(?=[^\s.-])", given.strip()) if w]
    out = ""
    for word in words:
        subs = word.split("-")
        pieces: list[str] = []
        for sub in subs:
            core = sub.rstrip(".")
            if not core:
                continue
            already = len(core) == 1 or (sub.endswith(".") and len(core) <= 2)
            if full and not already:
                pieces.append(sub)
            elif core[0].islower() and len(subs) > 1 and pieces:
                continue  # lowercase hyphenated part ("Ji-yeon") adds no initial
            else:
                pieces.append(core[0].upper() + with_ if core[0].isalpha() else core + with_)
        if not pieces:
            continue
        if hyphen:
            piece = "-".join(p.rstrip() if i < len(pieces) - 1 else p for i, p in enumerate(pieces))
        else:
            piece = "".join(pieces)
        if out and not out.endswith(" "):
            out += " " if (full or not with_ or out[-1] != with_[-1:]) and not _is_initial_end(out, with_) else ""
        out += piece
    return out.rstrip()


def _is_initial_end(out: str, with_: str) -> bool:
    return bool(with_) and out.endswith(with_)


def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
