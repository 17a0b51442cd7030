"""Writing BibTeX: plain text -> values, entries rendered in a file's layout, and the
whole bibliography back to text (unchanged items byte for byte) or to its file."""

from __future__ import annotations

import codecs
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from . import textio
from .latex import to_latex
from .lazyre import lazy, regex
from .model import Bibliography, Block, Diagnostic, Entry, Field, balanced

# --------------------------------------------------------------------------
# Rendering helpers (plain text -> BibTeX source)
# --------------------------------------------------------------------------

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
    """Unbalanced braces would break the entry: escape them all."""
    return text if balanced(text) else text.replace("{", r"\{").replace("}", r"\}")


_WORD = lazy(r"(?<![\\{\w])([^\W\d_][\w.'’\-/]*)")


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


@dataclass(frozen=True)
class Style:
    """How entries are laid out; detected from a file by ``detect_style``."""

    indent: str = "  "
    before_eq: str = " "
    after_eq: str = " "
    align: bool = False  # pad field names so the ``=`` line up
    trailing_comma: bool = True  # a comma after the last field too
    closing_own_line: bool = True  # the final ``}`` on a line of its own


def render_entry(entry: Entry, indent: str = "  ", *, style: Style | None = None) -> str:
    """An entry as BibTeX source: its raw text when unchanged, else freshly rendered."""
    if entry.unchanged and entry.raw is not None:
        return entry.raw
    st = style or Style(indent=indent)
    lines = [f"@{entry.type}{{{entry.key},"]
    width = max((len(f.name) for f in entry.fields), default=0) if st.align else 0
    last = len(entry.fields) - 1
    for i, f in enumerate(entry.fields):
        comma = "," if i < last or st.trailing_comma else ""
        name = f.name.ljust(width)
        lines.append(f"{st.indent}{name}{st.before_eq}={st.after_eq}{f.value}{comma}")
    if st.closing_own_line or not entry.fields:
        lines.append("}")
    else:
        lines[-1] += "}"
    return "\n".join(lines)


def make_entry(type_: str, key: str, fields: list[tuple[str, str]]) -> Entry:
    """An Entry from (name, BibTeX source value) pairs."""
    return Entry(type_, key, tuple(Field(n, v) for n, v in fields))


_FIELD_LINE = lazy(r"^([ \t]+)([^\s=,{}\"]+)([ \t]*)=([ \t]*)\S", re.M)


def detect_style(bib: Bibliography, sample: int = 200) -> Style:
    """The layout most entries read from the file use (defaults when none)."""
    return _style_of((e.raw for e in bib.entries if e.raw is not None and e.fields), sample)


def _style_of(raws: Iterable[str], sample: int = 200) -> Style:
    indents: Counter[str] = Counter()
    spacing: Counter[tuple[str, str]] = Counter()  # (before '=', after '=') voted together
    aligned = trailing = own_line = seen = 0
    for raw in raws:
        lines = list(_FIELD_LINE.finditer(raw))
        if not lines:  # a one-line entry says nothing about layout
            continue
        seen += 1
        for m in lines:
            indents[m.group(1)] += 1
        names = {m.group(2) for m in lines}
        eq_cols = {len(m.group(2)) + len(m.group(3)) for m in lines}
        if len(lines) >= 2 and len({len(n) for n in names}) > 1 and len(eq_cols) == 1:
            aligned += 1
            before = min((m.group(3) for m in lines), key=len)
            for m in lines:
                spacing[before, m.group(4)] += 1
        else:
            for m in lines:
                spacing[m.group(3), m.group(4)] += 1
        tail = raw.rstrip()[:-1].rstrip()
        trailing += tail.endswith(",")
        own_line += bool(regex(r"\n[ \t]*[})]\s*$").search(raw))
        if seen >= sample:
            break
    if not seen:
        return Style()
    before, after = spacing.most_common(1)[0][0]
    return Style(
        indent=indents.most_common(1)[0][0],
        before_eq=before,
        after_eq=after,
        align=aligned * 2 > seen,
        trailing_comma=trailing * 2 >= seen,
        closing_own_line=own_line * 2 >= seen,
    )


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


def dumps(bib: Bibliography) -> str:
    """A Bibliography as BibTeX text; unchanged items come back byte-identical.

    Entries created from scratch (no ``raw``) are separated from their
    neighbours by a blank line; changed entries are re-rendered in place.
    """
    out: list[str] = []
    style: Style | None = None
    need_newline = False
    for item in bib.items:
        if isinstance(item, Entry):
            if item.unchanged and item.raw is not None:
                chunk = item.raw
            elif item.raw is not None:
                chunk = _patch(item) or render_entry(item, style=_own_style(item.raw, bib))
            else:
                style = style or detect_style(bib)
                chunk = render_entry(item, style=style)
                if item.raw is None:  # new: give it a line of its own
                    if need_newline:
                        out.append("\n")
                    out.append(_separator(out))
                    out.append(chunk)
                    need_newline = True
                    continue
        else:
            chunk = item.raw or _render_block(item)
        if need_newline and not chunk.startswith(("\n", "\r\n")):
            out.append("\n")
        need_newline = False
        out.append(chunk)
    if need_newline:
        out.append("\n")
    text = "".join(out)
    if bib.newline != "\n":
        text = text.replace("\n", bib.newline)
    return "\ufeff" + text if bib.bom else text


def _own_style(raw: str, bib: Bibliography) -> Style:
    """The entry's own layout when it shows one (two or more field lines), else the file's."""
    if len(_FIELD_LINE.findall(raw)) >= 2:
        return _style_of([raw])
    return detect_style(bib)


def _patch(entry: Entry) -> str | None:
    """The entry's raw text with only its changed values replaced and new fields
    appended, so an edit touches only what changed. None when the change is
    more than that (type/key changed, fields removed, renamed or reordered)."""
    raw, origin = entry.raw, entry.origin
    if raw is None or origin is None or (entry.type, entry.key) != origin[:2]:
        return None
    old, new = origin[2], entry.fields
    if (
        not old
        or len(new) < len(old)
        or any(a.name != b.name for a, b in zip(old, new, strict=False))
    ):
        return None
    spans = _value_spans(raw, old)
    if spans is None:
        return None
    out: list[str] = []
    pos = 0
    for (start, end), o, n in zip(spans, old, new, strict=False):
        out.append(raw[pos:start])
        out.append(n.value if n.value != o.value else raw[start:end])
        pos = end
    rest = raw[pos:]
    added = new[len(old) :]
    if added:
        st = _own_style(raw, Bibliography())
        comma = regex(r"\s*,").match(rest)
        width = max(len(f.name) for f in old) if st.align else 0
        lead = f"\n{st.indent}" if "\n" in raw else " "  # one-line entries stay one line
        lines = [f"{lead}{f.name.ljust(width)}{st.before_eq}={st.after_eq}{f.value}" for f in added]
        if comma:  # the last old field had a trailing comma: keep that habit
            out.append(rest[: comma.end()])
            out.append("".join(line + "," for line in lines))
            rest = rest[comma.end() :]
        else:
            out.append("," + ",".join(lines))
    out.append(rest)
    return "".join(out)


def _value_spans(raw: str, fields: tuple[Field, ...]) -> list[tuple[int, int]] | None:
    """Where each field's value sits in the entry's raw text (None if not found)."""
    spans: list[tuple[int, int]] = []
    pos = raw.find(",")  # fields start after the key
    if pos < 0:
        return None
    for f in fields:
        while True:
            i = raw.find(f.name, pos)
            if i < 0:
                return None
            j = raw.find("=", i + len(f.name))
            k = raw.find(f.value, j + 1) if j >= 0 else -1
            if (
                j >= 0
                and k >= 0
                and not raw[i + len(f.name) : j].strip()
                and not raw[j + 1 : k].strip()
            ):
                break
            pos = i + 1
        spans.append((k, k + len(f.value)))
        pos = k + len(f.value)
    return spans


def _separator(out: list[str]) -> str:
    tail = "".join(out[-2:])[-2:] if out else ""
    if not tail or tail == "\n\n":
        return ""
    return "\n" if tail.endswith("\n") else "\n\n"


def _render_block(b: Block) -> str:
    if b.kind == "string" and b.name:
        return f"@string{{{b.name} = {b.value or '{}'}}}"
    if b.kind == "preamble" and b.value is not None:
        return f"@preamble{{{b.value}}}"
    return b.raw


def _latex_replace(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeEncodeError):
        raise err
    bad = err.object[err.start : err.end]
    out = []
    for ch in bad:
        latex = to_latex(ch)
        out.append(latex if latex != ch and latex.isascii() else "?")
    return "".join(out), err.end


codecs.register_error("bibman-latex", _latex_replace)


def encode(bib: Bibliography) -> tuple[bytes, tuple[Diagnostic, ...]]:
    """``dumps`` as bytes in the file's encoding (BOM included when it had one).

    Characters the encoding cannot hold (a Latin-1 file given a new ``ł``) are
    written as LaTeX (``{\\l}``), with a warning; ``?`` where LaTeX has no form.
    """
    text = dumps(bib)
    try:
        return text.encode(bib.encoding), ()
    except UnicodeEncodeError as e:
        line = text.count("\n", 0, e.start) + 1
        diag = Diagnostic(
            "warning",
            "encoding.latex-escaped",
            f"characters that {bib.encoding} cannot hold were written as LaTeX escapes",
            bib.source,
            line,
        )
        return text.encode(bib.encoding, errors="bibman-latex"), (diag,)
    except LookupError:
        return text.encode("utf-8"), ()


def dump(bib: Bibliography, path: str | os.PathLike[str]) -> tuple[Diagnostic, ...]:
    """Write atomically (temporary file, then rename) in the file's encoding.

    Returns warnings about the encoding, if any; InputError if it cannot write.
    """
    data, diags = encode(bib)
    textio.atomic_write(path, data)
    return diags
