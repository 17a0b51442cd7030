"""Citation-key patterns: one generator for ``tidy --keys`` and ``parse --keys``.

Two spellings of the same placeholders are accepted:

* bibman's own, ``{auth}{year}{title}``: lower case (``{Auth}``, ``{Title}``:
  capitalised), as the keys ``parse`` makes by default (``knuth1984tex``);
* JabRef's and Better BibTeX's, ``[auth][year][shorttitle]``,
  ``[auth:lower][year]``: the case of the source (``Knuth1984TeXbook``), changed
  by modifiers ``:lower``, ``:upper``, ``:capitalize``, ``:abbr``.

A pattern is checked before any key is made: an unknown placeholder or
modifier, an unclosed bracket or a pattern without a placeholder is a
``ConfigError`` naming what exists. A key never contains a bracket, a brace,
white space or a character BibTeX cannot take in a key; when a part is empty
(no author, no year) it is left out, and with no author the organisation, else
the first title words stand in (as in ``keys.base_key``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from .errors import ConfigError
from .keyformula import Formula, Material, evaluate, looks_like_formula, read_formula, uses_author
from .keys import STOPWORDS, ascii_fold
from .lazyre import lazy
from .model import Entry, Name, Reference


@dataclass(frozen=True)
class KeySource:
    """What a key can be made of, the same for a BibTeX entry and a parsed reference."""

    type: str
    authors: tuple[Name, ...]
    editors: tuple[Name, ...]
    fields: Mapping[str, str]  # plain text (no LaTeX), lower-case names


@dataclass(frozen=True)
class _Part:
    literal: str = ""
    name: str = ""  # placeholder name, "" for a literal
    arg: int | None = None  # authorsN, shorttitleN
    capitals: int | None = None  # Better BibTeX's shorttitleN_M: only M words capitalised
    modifiers: tuple[str, ...] = ()
    formula: Formula = ()  # a Better BibTeX formula (the pattern's only part)


_MODIFIERS = ("lower", "upper", "capitalize", "capitalise", "abbr")
_N_PLACEHOLDERS = ("authors", "shorttitle", "auth")  # take an optional count: authors2


def _keep_case_fold(text: str) -> str:
    """ASCII letters and digits, case kept ("Gödel" -> "Godel", "Шарипов" -> "Sharipov")."""
    out: list[str] = []
    for ch in text:
        folded = ch if ch.isascii() else ascii_fold(ch)
        if ch.isupper() and folded:
            folded = folded[0].upper() + folded[1:]
        out.append(folded)
    return "".join(c for c in "".join(out) if c.isascii() and c.isalnum())


def _words(text: str) -> list[str]:
    text = re.sub(r"(?<=\w)\.(?=\w)", "", text)
    return [w for w in re.split(r"[^\w]+", text) if w]


def _significant(text: str) -> list[str]:
    return [
        f
        for w in _words(text)
        if w.lower() not in STOPWORDS and (f := _keep_case_fold(w)) and any(c.isalpha() for c in f)
    ]


def _family(name: Name) -> str:
    if name.literal:
        words = _significant(name.literal)
        if not words:
            return ""
        first = words[0]
        if len(first) <= 3 and len(words) > 1:  # "U.S. Department" -> "USDepartment"
            first += words[1]
        return first
    return _keep_case_fold(name.family or name.given)


def _people(src: KeySource) -> list[str]:
    for names in (src.authors, src.editors):
        fams = [f for f in (_family(n) for n in names) if f]
        if fams:
            return fams
    for fname in ("organization", "institution", "publisher", "howpublished"):
        value = _URL.sub(" ", src.fields.get(fname, ""))  # a web page's URL names no one
        fam = _family(Name(literal=value)) if value.strip() else ""
        if fam:
            return [fam]
    return []


_URL = lazy(r"(?:https?://|www\.)\S*|\\url\{[^}]*\}")


def _year(src: KeySource) -> str:
    for fname in ("year", "date", "issued"):
        m = re.search(r"(?<!\d)(\d{4})(?!\d)", src.fields.get(fname, ""))
        if m:
            return m.group(1)
    return ""


def _title_words(src: KeySource) -> list[str]:
    for fname in ("title", "booktitle", "journal"):
        words = _significant(src.fields.get(fname, ""))
        if words:
            return words
    return []


@dataclass(frozen=True)
class _Ctx:
    """One source's parts, worked out once per key."""

    src: KeySource
    people: tuple[str, ...]
    title: tuple[str, ...]  # significant title words; without an author the first
    stand_in: str  # stands in for the author, and the title placeholders skip it


def _context(src: KeySource, author_in_pattern: bool) -> _Ctx:
    people = tuple(_people(src))
    words = tuple(_title_words(src))
    if people or not words or not author_in_pattern:
        return _Ctx(src, people, words, "")
    return _Ctx(src, people, words[1:], words[0])


def _auth(c: _Ctx, n: int | None) -> str:
    return c.people[0] if c.people else c.stand_in


def _authors(c: _Ctx, n: int | None) -> str:
    if not c.people:
        return c.stand_in
    limit = n or 3
    return "".join(c.people[:limit]) + ("EtAl" if len(c.people) > limit else "")


def _auth_etal(c: _Ctx, sep: str, etal: str) -> str:
    """JabRef's ``authEtAl`` (``SmithJones``, ``SmithEtAl``) and ``auth.etal``
    (``Smith.Jones``, ``Smith.etal``)."""
    if len(c.people) == 2:
        return c.people[0] + sep + c.people[1]
    return _auth(c, 1) + (etal if len(c.people) > 2 else "")


def _caps(words: Iterable[str]) -> str:
    return "".join(w[:1].upper() + w[1:] for w in words)


def _field(name: str) -> Callable[[_Ctx, int | None], str]:
    return lambda c, n: _keep_case_fold(c.src.fields.get(name, ""))


_PLACEHOLDERS: dict[str, Callable[[_Ctx, int | None], str]] = {
    "auth": _auth,
    "authors": _authors,
    "authEtAl": lambda c, n: _auth_etal(c, "", "EtAl"),
    "auth.etal": lambda c, n: _auth_etal(c, ".", ".etal"),
    "authorLast": lambda c, n: c.people[-1] if c.people else c.stand_in,
    "year": lambda c, n: _year(c.src),
    "shortyear": lambda c, n: _year(c.src)[2:],
    "title": lambda c, n: _caps(c.title),
    "shorttitle": lambda c, n: _caps(c.title[: n or 3]),
    "veryshorttitle": lambda c, n: "".join(c.title[:1]),
    "firstpage": lambda c, n: (re.findall(r"\d+", c.src.fields.get("pages", "")) or [""])[0],
    "volume": _field("volume"),
    "number": _field("number"),
    "type": lambda c, n: c.src.type.lower(),
}
_AUTHOR_PLACEHOLDERS = frozenset({"auth", "authors", "authEtAl", "auth.etal", "authorLast"})
# bibman's brace spelling: {title} is the first title word, as in parse's keys
_BRACE_NAMES = {"title": "veryshorttitle", "Title": "veryshorttitle", "Auth": "auth"}


def placeholder_names() -> list[str]:
    return [*_PLACEHOLDERS, "authorsN", "shorttitleN", "shorttitleN_M"]


def _unknown(name: str) -> ConfigError:
    return ConfigError(
        f"unknown placeholder '{name}' in key pattern; known: "
        + ", ".join(placeholder_names())
        + f" (as [name] or {{name}}; modifiers :{', :'.join(_MODIFIERS[:3])}, :abbr)"
    )


_TOKEN = lazy(r"\[([^\[\]{}]*)\]|\{([^\[\]{}]*)\}|([^\[\]{}]+)|(.)", re.S)


def compile_pattern(pattern: str) -> tuple[_Part, ...]:
    """The parts of ``pattern``; ConfigError when it has anything unknown.
    A Better BibTeX formula (``auth.lower + year``) becomes one part."""
    if looks_like_formula(pattern):
        return (_Part(name="formula", formula=read_formula(pattern)),)
    parts: list[_Part] = []
    for m in _TOKEN.finditer(pattern):
        square, brace, literal, stray = m.groups()
        if stray is not None:
            raise ConfigError(
                f"unbalanced '{stray}' in key pattern {pattern!r} "
                "(placeholders are [name] or {name}, e.g. [auth:lower][year])"
            )
        if literal is not None:
            parts.append(_Part(literal=literal))
            continue
        spec = (square if square is not None else brace).strip()
        name, *mods = [s.strip() for s in spec.split(":")]
        for mod in mods:
            if mod not in _MODIFIERS:
                raise ConfigError(
                    f"unknown modifier ':{mod}' in key pattern; known: :" + ", :".join(_MODIFIERS)
                )
        arg: int | None = None
        capitals: int | None = None
        n = re.fullmatch(r"([A-Za-z.]+?)(\d+)(?:_(\d+))?", name)
        if (
            n
            and n.group(1) in _N_PLACEHOLDERS
            and (n.group(3) is None or n.group(1) == "shorttitle")
        ):
            name, arg = n.group(1), int(n.group(2))
            capitals = int(n.group(3)) if n.group(3) is not None else None
        if brace is not None:
            # bibman's spelling: lower case, or capitalised when the name is
            if name[:1].isupper() and name not in _PLACEHOLDERS:
                mods = mods or ["capitalize"]
            elif not mods:
                mods = ["lower"]
            name = _BRACE_NAMES.get(name, name)
        if name not in _PLACEHOLDERS:
            raise _unknown(name)
        parts.append(_Part(name=name, arg=arg, capitals=capitals, modifiers=tuple(mods)))
    if not any(p.name for p in parts):
        raise ConfigError(
            f"key pattern {pattern!r} has no placeholder; e.g. '[auth:lower][year]' or "
            "'{auth}{year}{title}'"
        )
    return tuple(parts)


_NOT_IN_KEY = lazy(r"[^A-Za-z0-9_:.+\-/]")


def _apply(value: str, mods: Iterable[str]) -> str:
    for mod in mods:
        if mod == "lower":
            value = value.lower()
        elif mod == "upper":
            value = value.upper()
        elif mod in ("capitalize", "capitalise"):
            value = value[:1].upper() + value[1:].lower()
        elif mod == "abbr":
            value = "".join(re.findall(r"[A-Z0-9]", value)) or value[:1]
    return value


def make_key(src: KeySource, parts: Sequence[_Part]) -> str:
    """One key (before clash suffixes) for ``src``; never empty, never a bracket."""
    ctx = _context(
        src, any(p.name in _AUTHOR_PLACEHOLDERS or uses_author(p.formula) for p in parts)
    )
    out: list[str] = []
    for p in parts:
        if not p.name:
            out.append(p.literal)
        elif p.formula:
            material = Material(
                ctx.people, ctx.title, ctx.stand_in, src.type, dict(src.fields), _year(src)
            )
            out.append(evaluate(p.formula, material, _clean_key))
        elif p.capitals is not None:  # shorttitleN_M
            words = ctx.title[: p.arg or 3]
            value = _caps(words[: p.capitals]) + "".join(words[p.capitals :])
            out.append(_apply(value, p.modifiers))
        else:
            out.append(_apply(_PLACEHOLDERS[p.name](ctx, p.arg), p.modifiers))
    key = _clean_key("".join(out))
    return key[:80] if any(c.isalnum() for c in key) else "ref"


def _clean_key(text: str) -> str:
    """Only what BibTeX takes in a key; runs of separators made one, none at the ends."""
    key = _NOT_IN_KEY.sub("", text)
    return re.sub(r"([_:.+\-/])[_:.+\-/]+", r"\1", key).strip("_:.+-/")


def _suffix(i: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = letters[r] + s
    return s


def unique_keys(bases: Sequence[str], taken: Iterable[str] = ()) -> list[str]:
    """Clashing bases all get a letter in order (smith2020a, smith2020b);
    case-insensitively, as BibTeX compares keys."""
    used = {t.lower() for t in taken}
    counts = Counter(b.lower() for b in bases)
    seen: Counter[str] = Counter()
    out: list[str] = []
    for base in bases:
        low = base.lower()
        if counts[low] == 1 and low not in used:
            key = base
        else:
            while True:
                key = base + _suffix(seen[low])
                seen[low] += 1
                if key.lower() not in used and key.lower() not in counts:
                    break
        used.add(key.lower())
        out.append(key)
    return out


def source_of_entry(entry: Entry, strings: Mapping[str, str]) -> KeySource:
    """A BibTeX entry's key material: names parsed, values expanded and plain."""
    from .formats.names import names_to_csl
    from .formats.values import expand_value, plain_text

    def raw(name: str) -> str:
        f = entry.field(name)
        return expand_value(f.value, strings) if f is not None else ""

    def names(field_name: str) -> tuple[Name, ...]:
        value = raw(field_name)
        if not value:
            return ()
        out = []
        for n in names_to_csl(value)[0]:
            lit = n.get("literal", "")
            out.append(Name(family=n.get("family", ""), given=n.get("given", ""), literal=lit))
        return tuple(out)

    fields = {
        f.name.lower(): plain_text(expand_value(f.value, strings))
        for f in entry.fields
        if f.name.lower() in _KEY_FIELDS
    }
    return KeySource(entry.type, names("author"), names("editor"), fields)


def source_of_reference(ref: Reference) -> KeySource:
    fields = {k.lower(): v for k, v in ref.fields if k.lower() in _KEY_FIELDS}
    return KeySource(ref.type, tuple(ref.authors), tuple(ref.editors), fields)


_KEY_FIELDS = frozenset(
    [
        "title",
        "booktitle",
        "journal",
        "year",
        "date",
        "organization",
        "institution",
        "publisher",
        "howpublished",
        "pages",
        "volume",
        "number",
    ]
)
