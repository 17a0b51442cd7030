"""BibTeX text <-> model. The only module that imports bibtexparser.

(First version: rendering helpers only; the lossless reader/writer lands next.)
"""

from __future__ import annotations

import re

from .model import Entry, Field

# Characters that must be escaped in a BibTeX value written from plain text.
_ESCAPES = {"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "$": r"\$"}
_URL_FIELDS = frozenset({"url", "doi", "eprint", "file", "urldate"})


def bibtex_value(plain: str, name: str = "", protect_case: bool = False) -> str:
    """Plain Unicode text -> a braced BibTeX value (``{...}``).

    Special characters are escaped (not in url/doi fields, where biber and
    hyperref want them verbatim); with ``protect_case`` words that carry
    capitals after their first letter, or proper nouns, are wrapped in braces
    so bibtex styles do not lowercase them.
    """
    if name.lower() in _URL_FIELDS:
        text = plain.replace("{", "%7B").replace("}", "%7D")
        return "{" + text + "}"
    text = "".join(_ESCAPES.get(ch, ch) for ch in plain)
    text = _balance(text)
    if protect_case:
        text = protect_capitals(text)
    return "{" + text + "}"


def _balance(text: str) -> str:
    depth = 0
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return text.replace("{", r"\{").replace("}", r"\}")
    return text if depth == 0 else text.replace("{", r"\{").replace("}", r"\}")


_WORD = re.compile(r"(?<![\\{\w])([^\W\d_][\w.'’\-/]*)")


def protect_capitals(text: str) -> str:
    """Brace every word (except the first) that contains an upper-case letter.

    Titles from free text are in the case the author chose; BibTeX styles
    lowercase anything unbraced, so we keep the author's case. The first word
    is capitalised by the styles anyway; it is braced only if it has inner
    capitals ("iPhone", "USA").
    """
    out: list[str] = []
    pos = 0
    first = True
    for m in _WORD.finditer(text):
        word = m.group(1)
        has_upper = any(c.isupper() for c in word)
        inner_upper = any(c.isupper() for c in word[1:])
        out.append(text[pos : m.start(1)])
        if has_upper and (not first or inner_upper):
            out.append("{" + word + "}")
        else:
            out.append(word)
        pos = m.end(1)
        first = False
    out.append(text[pos:])
    return "".join(out)


def render_entry(entry: Entry, indent: str = "  ") -> str:
    """An entry as BibTeX source: its raw text when unchanged, else freshly rendered."""
    if entry.unchanged and entry.raw is not None:
        return entry.raw
    lines = [f"@{entry.type}{{{entry.key},"]
    for f in entry.fields:
        lines.append(f"{indent}{f.name} = {f.value},")
    lines.append("}")
    return "\n".join(lines)


def make_entry(type_: str, key: str, fields: list[tuple[str, str]]) -> Entry:
    """An Entry from (name, BibTeX source value) pairs."""
    return Entry(type_, key, tuple(Field(n, v) for n, v in fields))
