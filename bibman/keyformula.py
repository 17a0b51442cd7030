"""Better BibTeX key *formulas*, read into bibman's key generator.

Better BibTeX (version 6 on) writes citation-key patterns as formulas:
``auth.lower + year + shorttitle(1, 1)``, ``authEtal2 + year``,
``auth(0, 1).lower + '_' + year | title.abbr``. A formula is one or more
alternatives (``|``, ``;`` or a new line); the first that gives a key wins. An
alternative is terms joined by ``+``; a term is a quoted literal or a function
with optional arguments, followed by ``.filter`` calls. Function names are
case-insensitive; a capitalised name (``Title``, ``Publisher``) is a field.

The functions and filters below follow Better BibTeX's own definitions
(``content/key-manager/formatter.ts`` in retorquere/zotero-better-bibtex): names,
parameters, defaults and what they return. Those that need Zotero's library
(``zotero``, ``inspireHep``, ``extra``, ``keyword``...) or a regular expression
are refused with exit 2 naming what is supported, never silently dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .errors import ConfigError
from .keys import STOPWORDS, ascii_fold

Value = str | int | bool | None


@dataclass(frozen=True)
class Call:
    name: str  # lower case
    args: tuple[Value, ...]  # resolved positionally against the parameters


@dataclass(frozen=True)
class Term:
    literal: str | None  # a quoted string, or None for a function
    function: Call | None
    filters: tuple[Call, ...] = ()
    field: str | None = None  # a capitalised identifier: a field of the entry


Formula = tuple[tuple[Term, ...], ...]  # alternatives of terms


class Skip(Exception):
    """This alternative does not apply (``type(book)`` on an article, ``len`` failed)."""


# ------------------------------------------------------------------ what a term can see


@dataclass(frozen=True)
class Material:
    """What the functions read: family names (ASCII, case kept), significant title
    words (case kept), the type and plain field values."""

    people: tuple[str, ...]
    title: tuple[str, ...]
    stand_in: str  # a title word standing in for a missing author
    type: str
    fields: dict[str, str]
    year: str


def _people_or_stand_in(m: Material) -> list[str]:
    return list(m.people) if m.people else ([m.stand_in] if m.stand_in else [])


def _auth(m: Material, n: Value, k: Value, *_: Value) -> str:
    people = _people_or_stand_in(m)
    index = int(k or 1) - 1
    name = people[index] if 0 <= index < len(people) else ""
    return name[: int(n)] if n else name


def _authorsn(m: Material, n: Value, _c: Value, _i: Value, sep: Value) -> str:
    people = _people_or_stand_in(m)
    if n and int(n) < len(people):
        people = [*people[: int(n)], "EtAl"]
    return str(sep).join(people)


def _auth_etal(m: Material, sep: Value, etal: str) -> str:
    people = _people_or_stand_in(m)
    if len(people) == 2:
        return str(sep).join(people)
    return str(sep).join(people[:1] + ([etal] if len(people) > 1 else []))


def _authors_alpha(m: Material, _c: Value, _i: Value, sep: Value) -> str:
    people = _people_or_stand_in(m)
    if not people:
        return ""
    if len(people) == 1:
        return people[0][:3]
    if len(people) <= 4:
        return str(sep).join(p[:1] for p in people)
    return str(sep).join(p[:1] for p in people[:3]) + "+"


def _auth_ini(m: Material, n: Value, _c: Value, _i: Value, sep: Value) -> str:
    return str(sep).join(p[: int(n)] if n else p for p in _people_or_stand_in(m))


def _author_ini(m: Material, _c: Value, _i: Value, sep: Value) -> str:
    people = _people_or_stand_in(m)
    if not people:
        return ""
    return str(sep).join([people[0][:5], str(sep).join(p[:1] for p in people[1:])])


def _auth_auth_ea(m: Material, _c: Value, _i: Value, sep: Value) -> str:
    people = _people_or_stand_in(m)
    return str(sep).join(people[:2] + (["ea"] if len(people) > 2 else []))


def _authshort(m: Material, _c: Value, _i: Value, sep: Value) -> str:
    people = _people_or_stand_in(m)
    if len(people) <= 1:
        return "".join(people)
    return str(sep).join(p[:1] for p in people[:3]) + ("+" if len(people) > 3 else "")


def _shorttitle(m: Material, n: Value, caps: Value) -> str:
    words = list(m.title[: int(n or 0)])
    k = int(caps or 0)
    return " ".join(w[:1].upper() + w[1:] if i < k else w for i, w in enumerate(words))


_PAGE_SPLIT = re.compile(r"[-\s,\u2013]")


def _pages(m: Material, last: bool) -> str:
    parts = [p for p in _PAGE_SPLIT.split(m.fields.get("pages", "")) if p]
    return (parts[-1] if last else parts[0]) if parts else ""


# Zotero item types for the BibTeX types bibman reads (for ``type(...)`` tests)
_ZOTERO_TYPES = {
    "article": "journalarticle",
    "inproceedings": "conferencepaper",
    "conference": "conferencepaper",
    "incollection": "booksection",
    "inbook": "booksection",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "techreport": "report",
    "online": "webpage",
    "misc": "document",
}


def _type(m: Material, *allowed: Value) -> str:
    if not allowed:
        return m.type.lower()
    mine = {m.type.lower(), _ZOTERO_TYPES.get(m.type.lower(), "")}
    if not mine & {str(a).lower() for a in allowed}:
        raise Skip
    return ""


# Zotero's field names (what Better BibTeX's ``Title`` or ``field('publicationTitle')``
# read) for the fields a key can use.
FIELDS = {
    "title": "title",
    "publicationtitle": "journal",
    "journal": "journal",
    "proceedingstitle": "booktitle",
    "booktitle": "booktitle",
    "publisher": "publisher",
    "institution": "institution",
    "organization": "organization",
    "volume": "volume",
    "issue": "number",
    "number": "number",
    "pages": "pages",
    "date": "date",
    "year": "year",
}


def _field_value(m: Material, name: Value) -> str:
    key = FIELDS.get(str(name).replace(" ", "").lower())
    if key is None:
        raise ConfigError(
            f"unknown field {name!r} in key formula; known: " + ", ".join(sorted(FIELDS))
        )
    return m.fields.get(key, "")


@dataclass(frozen=True)
class _Spec:
    params: tuple[str, ...]
    defaults: tuple[Value, ...]
    run: Callable[..., str]
    rest: bool = False  # takes any number of positional arguments (type)


_STAR: Value = "*"
FUNCTIONS: dict[str, _Spec] = {
    "auth": _Spec(("n", "m", "creator", "initials"), (0, 1, _STAR, False), _auth),
    "authorsn": _Spec(("n", "creator", "initials", "sep"), (0, _STAR, False, " "), _authorsn),
    "authors": _Spec(("n", "creator", "initials", "sep"), (0, _STAR, False, " "), _authorsn),
    "authetal": _Spec(
        ("creator", "initials", "sep"),
        (_STAR, False, " "),
        lambda m, _c, _i, sep: _auth_etal(m, sep, "EtAl"),
    ),
    "authetal2": _Spec(
        ("creator", "initials", "sep"),
        (_STAR, False, "."),
        lambda m, _c, _i, sep: _auth_etal(m, sep, "etal"),
    ),
    "authorlast": _Spec(
        ("creator", "initials"),
        (_STAR, False),
        lambda m, *_: (_people_or_stand_in(m) or [""])[-1],
    ),
    "authorsalpha": _Spec(("creator", "initials", "sep"), (_STAR, False, " "), _authors_alpha),
    "authini": _Spec(("n", "creator", "initials", "sep"), (0, _STAR, False, "."), _auth_ini),
    "authorini": _Spec(("creator", "initials", "sep"), (_STAR, False, "."), _author_ini),
    "authauthea": _Spec(("creator", "initials", "sep"), (_STAR, False, "."), _auth_auth_ea),
    "authshort": _Spec(("creator", "initials", "sep"), (_STAR, False, "."), _authshort),
    "year": _Spec((), (), lambda m: m.year),
    "shortyear": _Spec((), (), lambda m: m.year[2:]),
    "title": _Spec((), (), lambda m: " ".join(m.title)),
    "shorttitle": _Spec(("n", "m"), (3, 0), _shorttitle),
    "veryshorttitle": _Spec(("n", "m"), (1, 0), _shorttitle),
    "firstpage": _Spec((), (), lambda m: _pages(m, False)),
    "lastpage": _Spec((), (), lambda m: _pages(m, True)),
    "journal": _Spec(
        ("abbrev",),
        ("abbrev+auto",),
        lambda m, _a: m.fields.get("journal") or m.fields.get("booktitle", ""),
    ),
    "type": _Spec(("allowed",), (), _type, rest=True),
    "field": _Spec(("name",), (None,), _field_value),
}
# Better BibTeX functions that need Zotero itself (its library, item ids, the
# ``extra`` field, tags, creator roles bibman does not keep)
UNSUPPORTED_FUNCTIONS = frozenset(
    [
        "zotero",
        "item",
        "inspirehep",
        "library",
        "group",
        "language",
        "extra",
        "keyword",
        "creators",
        "date",
        "month",
        "origyear",
        "origdate",
        "authforeini",
        "authorlastforeini",
        "creatortypes",
    ]
)


def _capitalize(text: str) -> str:
    return re.sub(r"(^|\s)([a-z])", lambda x: x.group(1) + x.group(2).upper(), text)


_DASHES = "\u2500\uff0d\u2015"


def _nopunct(text: str, dash: Value = "-") -> str:
    out: list[str] = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Pd" or ch in _DASHES:
            out.append(str(dash))
        elif cat in ("Pe", "Pf", "Pi", "Po", "Ps"):
            continue
        else:
            out.append(ch)
    return "".join(out)


def _skipwords(text: str, nopunct: Value = False) -> str:
    words = [_nopunct(w, "") if nopunct else w for w in text.split()]
    return " ".join(
        w
        for w in words
        if w and w.lower() not in STOPWORDS and not (len(w) == 1 and not w.isdigit())
    )


def _select(text: str, start: Value = 1, n: Value = None) -> str:
    words = text.split()
    s = int(start or 1)
    first = len(words) + s if s < 0 else s - 1
    end = len(words) if n is None else first + max(1, int(n))
    return " ".join(words[first:end])


def _substring(text: str, start: Value = 1, n: Value = None) -> str:
    first = int(start or 1) - 1
    return text[first:] if n is None else text[first : first + int(n)]


def _fold(text: str, *_: Value) -> str:
    """ASCII, case and spaces kept ("Gödel" -> "Godel")."""
    out: list[str] = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
            continue
        folded = ascii_fold(ch)
        out.append(folded[:1].upper() + folded[1:] if ch.isupper() else folded)
    return "".join(out)


def _len(text: str, relation: Value = ">", length: Value = 0) -> str:
    size = len(re.sub(r"\s", "", text))
    n = int(length or 0)
    ok = {
        "<": size < n,
        "<=": size <= n,
        "=": size == n,
        "!=": size != n,
        ">=": size >= n,
        ">": size > n,
    }.get(str(relation))
    if ok is None:
        raise ConfigError(f"len: unknown comparison {relation!r} (known: <, <=, =, !=, >=, >)")
    if not ok:
        raise Skip
    return text


def _replace(text: str, find: Value, repl: Value) -> str:
    if not find:
        return text
    return re.sub(re.escape(str(find)), lambda _m: str(repl), text, flags=re.I)


FILTERS: dict[str, _Spec] = {
    "lower": _Spec((), (), str.lower),
    "upper": _Spec((), (), str.upper),
    "capitalize": _Spec((), (), _capitalize),
    "nopunct": _Spec(("dash",), ("-",), _nopunct),
    "nopunctordash": _Spec((), (), lambda t: _nopunct(t, "")),
    "skipwords": _Spec(("nopunct",), (False,), _skipwords),
    "select": _Spec(("start", "n"), (1, None), _select),
    "substring": _Spec(("start", "n"), (1, None), _substring),
    "ascii": _Spec((), (), lambda t: " ".join(re.sub(r"[^ -~]", "", t).split())),
    "alphanum": _Spec((), (), lambda t: " ".join(re.sub(r"[^\w\s]|_", "", t).split())),
    "clean": _Spec((), (), lambda t: _fold(t).strip()),
    "transliterate": _Spec(("mode",), (None,), _fold),
    "fold": _Spec(("mode",), (None,), _fold),
    "condense": _Spec(("sep",), ("",), lambda t, sep: re.sub(r"\s+", str(sep), t)),
    "prefix": _Spec(("prefix",), (None,), lambda t, p: f"{p}{t}" if t and p else t),
    "postfix": _Spec(("postfix",), (None,), lambda t, p: f"{t}{p}" if t and p else t),
    "abbr": _Spec(("chars",), (1,), lambda t, n: "".join(w[: int(n or 1)] for w in t.split())),
    "replace": _Spec(("find", "replace"), (None, ""), _replace),
    "default": _Spec(("text",), (None,), lambda t, d: t or str(d or "")),
    "len": _Spec(("relation", "length"), (">", 0), _len),
    "numeric": _Spec((), (), lambda t: t if re.match(r"\s*[+-]?\d", t) else ""),
    "discard": _Spec((), (), lambda t: ""),
}
UNSUPPORTED_FILTERS = frozenset(
    ["match", "formatdate", "localtime", "acronym", "jieba", "kuromoji", "pinyin", "ideographs"]
)


# Better BibTeX's spelling of the names (they are read case-insensitively)
_SPELLING = {
    n.lower(): n
    for n in [
        "authAuthEa",
        "authEtAl",
        "authEtal2",
        "authIni",
        "authorIni",
        "authorLast",
        "authorsAlpha",
    ]
}


def supported() -> str:
    return (
        "functions: "
        + ", ".join(_SPELLING.get(n, n) for n in sorted(FUNCTIONS))
        + " (a capitalised name such as Title reads that field); filters: ."
        + ", .".join(sorted(FILTERS))
    )


# ------------------------------------------------------------------ reading a formula

_TOKEN = re.compile(
    r"""[ \t\r]*(?:
      (?P<str>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    | (?P<num>\d+)
    | (?P<id>[A-Za-z_$][\w$]*)
    | (?P<op>[+|().,=;\n-])
    )""",
    re.X,
)
_FORMULA_HINT = re.compile(r"[+|()'\";]|[\w)]\.[A-Za-z]")


def looks_like_formula(pattern: str) -> bool:
    """A Better BibTeX formula rather than bracket syntax or a bare word: it has no
    ``[``/``{`` and has an operator, a call, a quote or a ``.filter``; or it is one
    known function name (``authEtal2``)."""
    if "[" in pattern or "{" in pattern:
        return False
    word = pattern.strip().lower()
    return bool(_FORMULA_HINT.search(pattern)) or word in FUNCTIONS or word in UNSUPPORTED_FUNCTIONS


def _tokens(formula: str) -> list[tuple[str, str, int]]:
    out: list[tuple[str, str, int]] = []
    pos = 0
    while pos < len(formula):
        m = _TOKEN.match(formula, pos)
        if m is None or m.end() == pos:
            if formula[pos:].strip(" \t\r") == "":
                break
            at = pos + len(formula[pos:]) - len(formula[pos:].lstrip(" \t\r"))
            raise ConfigError(
                f"cannot read key formula {formula!r} at position {at + 1} "
                f"({formula[at]!r}); regular expressions are not supported"
            )
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind), m.start(kind)))
        pos = m.end()
    return out


class _Reader:
    def __init__(self, formula: str) -> None:
        self.formula = formula
        self.toks = _tokens(formula)
        self.i = 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self, *ops: str) -> bool:
        t = self.peek()
        if t is not None and t[0] == "op" and t[1] in ops:
            self.i += 1
            return True
        return False

    def fail(self, what: str) -> ConfigError:
        t = self.peek()
        where = f"at position {t[2] + 1} ({t[1]!r})" if t else "at the end"
        return ConfigError(f"key formula {self.formula!r}: expected {what} {where}")

    def formula_(self) -> Formula:
        alternatives: list[tuple[Term, ...]] = []
        while True:
            while self.take("\n", ";"):
                pass
            if self.peek() is None:
                break
            alternatives.append(self.alternative())
            if not self.take("|", ";", "\n") and self.peek() is not None:
                raise self.fail("'+', '|' or '.filter'")
        if not alternatives:
            raise ConfigError("empty key formula")
        return tuple(alternatives)

    def alternative(self) -> tuple[Term, ...]:
        terms = [self.term()]
        while self.take("+"):
            terms.append(self.term())
        return tuple(terms)

    def term(self) -> Term:
        t = self.peek()
        if t is None:
            raise self.fail("a function, a field or a quoted text")
        kind, text, _ = t
        self.i += 1
        literal: str | None = None
        function: Call | None = None
        field: str | None = None
        if kind == "str":
            literal = _unquote(text)
        elif kind == "id":
            # a capitalised name is a field (Title), as in Better BibTeX; one that is
            # no field but a function (Auth) is read as the function
            if text[:1].isupper() and (text.lower() in FIELDS or text.lower() not in FUNCTIONS):
                nxt = self.peek()
                if nxt is not None and nxt[1] == "(":
                    raise ConfigError(f"field {text!r} cannot be called as a function")
                if text.lower() not in FIELDS:
                    raise ConfigError(
                        f"unknown field {text!r} in key formula; known: "
                        + ", ".join(sorted(FIELDS))
                    )
                field = FIELDS[text.lower()]
            else:
                function = self.call(text, FUNCTIONS, UNSUPPORTED_FUNCTIONS, "function")
        else:
            self.i -= 1
            raise self.fail("a function, a field or a quoted text")
        filters: list[Call] = []
        while self.take("."):
            t = self.peek()
            if t is None or t[0] != "id":
                raise self.fail("a filter name after '.'")
            self.i += 1
            filters.append(self.call(t[1], FILTERS, UNSUPPORTED_FILTERS, "filter"))
        return Term(literal, function, tuple(filters), field)

    def call(
        self, name: str, table: dict[str, _Spec], unsupported: frozenset[str], what: str
    ) -> Call:
        low = name.lower()
        if low in unsupported:
            raise ConfigError(
                f"Better BibTeX {what} '{name}' is not supported by bibman (it needs "
                f"Zotero's library or a regular expression); supported {supported()}"
            )
        spec = table.get(low)
        if spec is None:
            raise ConfigError(f"unknown {what} '{name}' in key formula; supported {supported()}")
        args: list[Value] = []
        named: dict[str, Value] = {}
        if self.take("("):
            while not self.take(")"):
                key: str | None = None
                t = self.peek()
                nxt = self.toks[self.i + 1] if self.i + 1 < len(self.toks) else None
                if t and t[0] == "id" and nxt and nxt[1] == "=":
                    key = t[1]
                    self.i += 2
                value = self.value()
                if key is not None:
                    if key not in spec.params:
                        raise ConfigError(
                            f"{what} '{name}' has no parameter '{key}' "
                            f"(it takes: {', '.join(spec.params) or 'none'})"
                        )
                    named[key] = value
                elif named:
                    raise ConfigError(f"{what} '{name}': positional argument after a named one")
                else:
                    args.append(value)
                if not self.take(","):
                    if not self.take(")"):
                        raise self.fail("',' or ')'")
                    break
        if not spec.rest:
            if len(args) > len(spec.params):
                raise ConfigError(
                    f"{what} '{name}' takes at most {len(spec.params)} arguments "
                    f"({', '.join(spec.params) or 'none'}), got {len(args)}"
                )
            full = list(spec.defaults)
            for i, v in enumerate(args):
                full[i] = v
            for k, v in named.items():
                full[spec.params.index(k)] = v
            args = full
        return Call(low, tuple(args))

    def value(self) -> Value:
        negative = self.take("-")
        t = self.peek()
        if t is None:
            raise self.fail("a value")
        self.i += 1
        kind, text, _ = t
        if kind == "num":
            return -int(text) if negative else int(text)
        if negative:
            self.i -= 1
            raise self.fail("a number after '-'")
        if kind == "str":
            return _unquote(text)
        if kind == "id":
            return {"true": True, "false": False, "undefined": None, "null": None}.get(text, text)
        self.i -= 1
        raise self.fail("a value")


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text[1:-1])


def read_formula(formula: str) -> Formula:
    """The alternatives of a Better BibTeX formula; ConfigError naming what is
    supported when a function, filter, field or piece of syntax is not."""
    return _Reader(formula).formula_()


def uses_author(formula: Formula) -> bool:
    return any(
        t.function is not None and t.function.name.startswith("auth")
        for alt in formula
        for t in alt
    )


def evaluate(formula: Formula, material: Material, clean: Callable[[str], str]) -> str:
    """The key of the first alternative that applies and gives one (``clean`` makes
    text key-safe); ``""`` when none does."""
    for alternative in formula:
        try:
            text = "".join(_term(t, material) for t in alternative)
        except Skip:
            continue
        key = clean(_fold(text))
        if any(c.isalnum() for c in key):
            return key
    return ""


def _term(term: Term, m: Material) -> str:
    if term.literal is not None:
        text = term.literal
    elif term.field is not None:
        text = m.fields.get(term.field, "")
    else:
        assert term.function is not None
        spec = FUNCTIONS[term.function.name]
        text = spec.run(m, *term.function.args)
    for f in term.filters:
        text = FILTERS[f.name].run(text, *f.args)
    return text


def function_names() -> Sequence[str]:
    return sorted(FUNCTIONS)
