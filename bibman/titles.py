"""Which words of a title keep their capitals: brace protection and sentence case.

A BibTeX style lowercases every unbraced capital of a title after its first
letter; a CSL style such as APA prints the title as stored and expects it in
sentence case. Both need one decision per word: is this capital the author's
(an acronym, a word with inner capitals, a proper noun) or only Title Case?

* :func:`protect` adds braces around what needs them (``{NATO}``, ``{iPhone}``,
  ``{United States}``), never around a word capitalised only by Title Case, a
  single letter of a Title Case title, or the whole title;
  :func:`unprotect` removes the braces that protect nothing but Title Case.
* :func:`sentence_case` lowercases the Title Case words of an English title
  (what pandoc does for CSL), keeping braced parts, the first word, the first
  word after a colon and proper nouns.

Proper nouns come from shipped data (``data/propernouns.txt``, the places in
``data/wordclasses.json``, the organisations in ``data/sites.txt``) and from the
file itself (:func:`document_names`: author names, and words capitalised in the
middle of a sentence-case title). A title not in English (by ``langid`` /
``language``, its script or its function words) is left as it is.

All functions work on BibTeX source (the inside of a field's braces) and are
idempotent: ``protect(protect(t)) == protect(t)``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .englishwords import WordList, english_words
from .lazyre import lazy, regex

_DATA = Path(__file__).with_name("data")

# Words that Title Case leaves lower (and so say nothing about the case style).
MINOR = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "but",
        "or",
        "nor",
        "for",
        "so",
        "yet",
        "of",
        "on",
        "in",
        "at",
        "to",
        "by",
        "up",
        "as",
        "from",
        "with",
        "into",
        "onto",
        "upon",
        "over",
        "per",
        "via",
        "vs",
        "versus",
        "than",
        "off",
        "out",
        "about",
        "after",
        "before",
        "under",
        "between",
        "through",
        "within",
        "without",
        "among",
        "against",
        "along",
        "around",
        "behind",
        "below",
        "beside",
        "beyond",
        "during",
        "since",
        "toward",
        "towards",
        "until",
        "amid",
        "across",
    ]
)
# Titles tagged with one of these (biblatex langid / language) are English.
_ENGLISH_TAGS = frozenset(
    [
        "english",
        "american",
        "british",
        "canadian",
        "australian",
        "newzealand",
        "ukenglish",
        "usenglish",
        "en",
        "en-us",
        "en-gb",
        "en-au",
        "en-ca",
        "en-nz",
    ]
)
_MAX_NAME_WORDS = 6
# Months that are verbs too: names only when a day or year follows ("May 15").
_MONTH_VERBS = frozenset({"may", "march"})
# Place-list words that are ordinary English words as well ("New", "Haven").
_AMBIGUOUS_PLACES = frozenset(
    [
        "new",
        "haven",
        "upper",
        "saddle",
        "river",
        "cliffs",
        "cape",
        "town",
        "thousand",
        "oaks",
        "st.",
        "los",
        "san",
        "rio",
        "hong",
        "kong",
        "buenos",
        "aires",
        "santiago",
        "reading",
        "mobile",
    ]
)


def _read(name: str) -> str:
    try:
        return (_DATA / name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return ""


def _key(word: str) -> str:
    """Lookup form: lower case, no possessive, no outer punctuation."""
    if word.isalpha():
        return word.lower()
    w = word.casefold().strip(".,;:!?()[]\"'“”‘’")
    for tail in ("'s", "’s"):
        if w.endswith(tail):
            return w[: -len(tail)]
    return w


@lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], frozenset[tuple[str, ...]]]:
    """(single proper words, multi-word names as lower-case word tuples)."""
    names: list[str] = [
        s.strip()
        for s in _read("propernouns.txt").splitlines()
        if s.strip() and not s.startswith("#")
    ]
    for s in _read("sites.txt").splitlines():
        s = s.strip()
        if s and not s.startswith("#"):
            names.append(regex(r"^The\s+").sub("", s))
    raw = _read("wordclasses.json")
    places = json.loads(raw).get("place", []) if raw else []
    singles = {w for w in places if " " not in w and len(w) > 2 and w not in _AMBIGUOUS_PLACES}
    multi: set[tuple[str, ...]] = set()
    for n in names:
        words = tuple(_key(w) for w in n.split())
        if len(words) == 1:
            singles.add(words[0])
        elif 1 < len(words) <= _MAX_NAME_WORDS:
            multi.add(words)
    return frozenset(singles), frozenset(multi)


@lru_cache(maxsize=1)
def _name_heads() -> frozenset[str]:
    return frozenset(words[0] for words in _lexicon()[1])


@lru_cache(maxsize=1)
def _formal_heads() -> frozenset[str]:
    """Heads of "<Head> of <Name>" names ("Republic of Kazakhstan")."""
    return frozenset(
        _key(s) for s in _read("formal-name-heads.txt").splitlines() if s.strip() and s[0] != "#"
    )


def _english_words() -> WordList:
    """Lower-case English words (SCOWL via Debian's wamerican + wbritish)."""
    return english_words()


def _unknown(part: str) -> bool:
    """A capitalised word no English word list knows in lower case: a name."""
    k = _key(part)
    words = _english_words()
    return bool(words) and len(k) > 2 and k.isalpha() and k not in words


@lru_cache(maxsize=1)
def _function_index() -> dict[str, tuple[str, ...]]:
    """Function word -> the languages it belongs to."""
    index: dict[str, list[str]] = {}
    for lang, words in _function_words().items():
        for w in words:
            index.setdefault(w, []).append(lang)
    return {w: tuple(v) for w, v in index.items()}


@lru_cache(maxsize=1)
def _function_words() -> dict[str, frozenset[str]]:
    raw = _read("functionwords.json")
    data = json.loads(raw) if raw else {}
    return {k: frozenset(v) for k, v in data.items() if not k.startswith("_")}


@dataclass(frozen=True)
class Context:
    """What the rest of the file says: proper nouns met elsewhere (lower case)."""

    proper: frozenset[str] = field(default_factory=frozenset)


# ---------------------------------------------------------------------------
# Tokens of BibTeX source
# ---------------------------------------------------------------------------

_ACCENT = lazy(r"\\(?:[`'^\"~=.]|[uvHcdbrkt](?![a-zA-Z]))\s*(?:\{[^{}]*\}|[a-zA-Z])")
_LETTER_CMD = lazy(r"\\(?:ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![a-zA-Z])")
_SPECIAL = lazy(
    r"\{(?:\\(?:[`'^\"~=.]|[uvHcdbrkt](?![a-zA-Z]))\s*(?:\{[^{}]*\}|[a-zA-Z]{1,2})"
    r"|\\(?:ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![a-zA-Z])\s*)\}"
)


@dataclass
class _Tok:
    """A token of a BibTeX title."""

    kind: str  # "word", "group" (a brace group that protects case), "other"
    text: str


def _group_end(s: str, i: int) -> int:
    """Index after the brace group opening at ``s[i]``; -1 if unbalanced."""
    depth = 0
    for j in range(i, len(s)):
        c = s[j]
        if c == "\\":
            continue
        if c == "{" and (j == 0 or s[j - 1] != "\\"):
            depth += 1
        elif c == "}" and (j == 0 or s[j - 1] != "\\"):
            depth -= 1
            if depth == 0:
                return j + 1
    return -1


_PIECE = (
    r"(?:[^\W_]"
    r"|\\(?:[`'^\"~=.]|[uvHcdbrkt](?![a-zA-Z]))\s*(?:\{[^{}]*\}|[a-zA-Z])"
    r"|\\(?:ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![a-zA-Z])"
    r"|" + _SPECIAL.pattern + ")"
)
# a word: letter pieces joined by - ' ’ / . ("post-Soviet", "U.S")
_WORD_RE = lazy(rf"{_PIECE}+(?:[-'’/.]{_PIECE}+)*")
_OTHER_RE = lazy(r"(?:[^\w{\\$]|_)+")
_INITIALS = lazy(r"(?:[^\W\d_]\.)*[^\W\d_]")
_COMMAND = lazy(r"\\(?:[a-zA-Z]+|.)")
_LETTERS = lazy(r"[^\W\d_]+")
_HYPHEN = lazy(r"[-/]")
_COLON_END = lazy(r"(?:^|\S):\s+$")
_BREAK = lazy(r"[:?!.]")
_BRACES = lazy(r"[{}\\]")


def _tokens(s: str) -> list[_Tok]:
    out: list[_Tok] = []
    i, n = 0, len(s)
    while i < n:
        m = _WORD_RE.match(s, i)
        if m:
            j = m.end()
            if j < n and s[j] == "." and _INITIALS.fullmatch(s, i, j):
                j += 1  # the closing dot of initials: "U.S."
            out.append(_Tok("word", s[i:j]))
            i = j
            continue
        m = _OTHER_RE.match(s, i)
        if m:
            out.append(_Tok("other", m.group()))
            i = m.end()
            continue
        c = s[i]
        if c == "{":
            end = _group_end(s, i)
            if end < 0:
                out.append(_Tok("other", s[i:]))
                break
            out.append(_Tok("group", s[i:end]))
            i = end
        elif c == "\\":
            m = _COMMAND.match(s, i)
            j = m.end() if m else i + 1
            # a command's arguments stay with it (\emph{...}, \url{...})
            while j < n and s[j] == "{" and s[i + 1 : i + 2].isalpha():
                end = _group_end(s, j)
                if end < 0:
                    break
                j = end
            out.append(_Tok("other", s[i:j]))
            i = j
        else:  # "$": math to the next "$"
            j = s.find("$", i + 1)
            j = n if j < 0 else j + 1
            out.append(_Tok("other", s[i:j]))
            i = j
    return out


def _plain(src: str) -> str:
    """Letters of a word's source: ``G{\\"o}del`` -> ``Godel``."""
    if "\\" not in src and "{" not in src:
        return src
    text = _ACCENT.sub(lambda m: m.group(0)[-1] if m.group(0)[-1].isalpha() else "", src)
    text = _LETTER_CMD.sub(lambda m: m.group(0)[1], text)
    return _BRACES.sub("", text)


def _simple_group(tok: _Tok) -> list[_Tok] | None:
    """The words inside a protecting group of plain words, else None."""
    inner = tok.text[1:-1]
    if not inner.strip() or "$" in inner or not any(c.isupper() for c in _plain(inner)):
        return None  # "{de}" keeps a lower case word lower in CSL title case
    toks = _tokens(inner)
    if any(t.kind == "group" for t in toks):
        return None
    if any(t.kind == "other" and "\\" in t.text for t in toks):
        return None
    return toks


# ---------------------------------------------------------------------------
# Decisions
# ---------------------------------------------------------------------------


def is_english(plain: str, language: str = "") -> bool:
    """English by its ``langid``/``language`` tag, else by script and function words."""
    tag = language.strip().casefold()
    if tag:
        return tag in _ENGLISH_TAGS or tag.split("-")[0] == "en"
    if not plain.isascii():
        letters = [c for c in plain if c.isalpha()]
        latin = sum(1 for c in letters if c < "\u0250")
        if latin < 0.8 * len(letters):
            return False
    words = [w.lower() for w in _LETTERS.findall(plain) if not w.isupper()]
    index = _function_index()
    counts: dict[str, int] = {}
    for w in words:
        for lang in index.get(w, ()):
            counts[lang] = counts.get(lang, 0) + 1
    en = counts.pop("en", 0)
    best = max(counts.values(), default=0)
    return not (best >= 2 and best > en) and not (best == 1 and en == 0 and len(words) <= 4)


def _is_proper(word: str, ctx: Context) -> bool:
    k = _key(word)
    return k in _lexicon()[0] or k in ctx.proper


def _marked(part: str) -> bool:
    """Capitals that are no Title Case: acronyms (NATO, U.S.) and inner capitals (iPhone)."""
    letters = [c for c in part if c.isalpha()]
    return len(letters) >= 2 and any(c.isupper() for c in letters[1:])


def _parts(plain: str) -> list[str]:
    if "-" not in plain and "/" not in plain:
        return [plain]
    return [p for p in _HYPHEN.split(plain) if p]


@dataclass
class _Word:
    """A word of a title, with what decides its case."""

    index: int  # token index
    plain: str
    start: bool  # first word of the title or after a colon (BibTeX keeps its capital)
    soft: bool  # other sentence starts (after "." "?" "!", a quote): BibTeX lowercases them
    first: bool  # the title's first word
    dated: bool = False  # "May" / "March" before a day or year: a month, a name
    key: str = ""  # lookup form (_key)

    def __post_init__(self) -> None:
        self.key = _key(self.plain)


def _words(toks: list[_Tok]) -> list[_Word]:
    out: list[_Word] = []
    pending = True  # a sentence starts: title start, after : . ? !
    seen = False  # a word or group came before
    for i, t in enumerate(toks):
        if t.kind == "word":
            prev = toks[i - 1] if i else None
            hard = prev is None or bool(prev.kind == "other" and _COLON_END.search(prev.text))
            out.append(_Word(i, _plain(t.text), hard, pending and not hard, not seen))
            pending = False
            seen = True
            if len(out) > 1 and out[-2].index == i - 2 and toks[i - 1].text == " ":
                prev_word = out[-2]
                if prev_word.key in _MONTH_VERBS and out[-1].plain[:1].isdigit():
                    prev_word.dated = True
        elif t.kind == "group":
            pending = False
            seen = True
        elif _BREAK.search(t.text):
            pending = True
    return out


def _counted(w: _Word) -> bool:
    """May the word's case tell the title's case style? (before the word lists say)"""
    k = w.key
    return not (w.start or w.soft or k in MINOR or not w.plain[:1].isalpha() or len(k) < 2)


def _case_counts(words: list[_Word], ctx: Context) -> tuple[int, int]:
    """(capitalised, lower-case) words whose case tells the title's case style."""
    cap = low = 0
    for w in words:
        if not _counted(w):
            continue
        if _marked(w.plain) or _is_proper(w.plain, ctx) or _unknown(w.plain):
            continue
        if w.plain[0].isupper():
            cap += 1
        else:
            low += 1
    return cap, low


def _title_case(words: list[_Word], ctx: Context) -> bool:
    """Is the title in Title Case? (one slip in four capitals is forgiven)"""
    cap, low = _case_counts(words, ctx)
    return cap > 0 and low * 4 <= cap


def _needs(w: _Word, title_case: bool, ctx: Context) -> bool:
    for n, part in enumerate(_parts(w.plain)):
        letters = [c for c in part if c.isalpha()]
        if not letters or not letters[0].isupper():
            if _marked(part):
                return True  # "iPhone"
            continue
        if w.start and n == 0:
            if _marked(part):
                return True
            continue  # BibTeX keeps the first capital itself
        if w.first and n == 0:
            return True  # after an opening quote: BibTeX would lowercase it
        if _marked(part) or (len(letters) >= 2 and _is_proper(part, ctx)) or w.dated:
            return True
        if not title_case or _unknown(part):
            return True  # the author's own capital, or a name
    return False


def _names(
    toks: list[_Tok], words: list[_Word], ctx: Context | None = None
) -> list[tuple[int, int]]:
    """Token ranges [first, last] of multi-word proper names ("United States",
    "Republic of Kazakhstan")."""
    multi = _lexicon()[1]
    heads = _name_heads()
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        best = 0
        if words[i].key not in heads:
            i += 1
            continue
        for size in range(min(_MAX_NAME_WORDS, len(words) - i), 1, -1):
            run = words[i : i + size]
            gaps_ok = all(
                run[k + 1].index == run[k].index + 2 and toks[run[k].index + 1].text == " "
                for k in range(size - 1)
            )
            if not gaps_ok:
                continue
            keys = tuple(w.key for w in run)
            caps_ok = all(w.plain[:1].isupper() or w.key in MINOR for w in run)
            if keys in multi and caps_ok and run[-1].plain[:1].isupper():
                best = size
                break
        if best:
            out.append((words[i].index, words[i + best - 1].index))
            i += best
        else:
            i += 1
    return _formal_names(toks, words, out, ctx or Context())


def _formal_names(
    toks: list[_Tok], words: list[_Word], names: list[tuple[int, int]], ctx: Context
) -> list[tuple[int, int]]:
    """``names`` widened by "<Head> of [the] <Name>" phrases: the head is a
    formal-name head (data/formal-name-heads.txt) and what follows "of" is a
    name already (a known or unknown-to-English capitalised word, a braced
    group, or a multi-word name found before)."""
    heads = _formal_heads()
    by_index = {w.index: w for w in words}
    starts = {a: b for a, b in names}
    out = list(names)
    for w in words:
        if w.key not in heads or not w.plain[:1].isupper():
            continue
        j = w.index + 1
        seq: list[str] = []
        while j + 1 < len(toks) and toks[j].text == " " and len(seq) < 2:
            nxt = toks[j + 1]
            k = _key(nxt.text) if nxt.kind == "word" else ""
            if (not seq and k == "of") or (seq == ["of"] and k == "the"):
                seq.append(k)
                j += 2
                continue
            break
        if not seq or j + 1 >= len(toks) or toks[j].text != " ":
            continue
        target = j + 1
        tok = toks[target]
        if target in starts:
            end = starts[target]
        elif tok.kind == "group" and any(c.isupper() for c in _plain(tok.text)[:1]):
            end = target
        elif tok.kind == "word" and target in by_index:
            part = by_index[target].plain
            if not part[:1].isupper() or not (
                _marked(part) or _is_proper(part, ctx) or _unknown(part)
            ):
                continue
            end = target
        else:
            continue
        out = [(a, b) for a, b in out if not (w.index <= a and b <= end)]
        out.append((w.index, end))
    return sorted(out)


def _flatten(toks: list[_Tok]) -> tuple[list[_Tok], dict[int, tuple[int, int]]]:
    """Simple protecting groups opened into their words, and where each went:
    original token index -> [start, end) in the flat list."""
    out: list[_Tok] = []
    where: dict[int, tuple[int, int]] = {}
    for i, t in enumerate(toks):
        inner = _simple_group(t) if t.kind == "group" else None
        if inner is None:
            out.append(t)
            continue
        where[i] = (len(out), len(out) + len(inner))
        out.extend(inner)
    return out, where


def _decide(toks: list[_Tok], ctx: Context) -> list[tuple[int, int]]:
    """Token ranges to brace: multi-word names, then single words that need it."""
    words = _words(toks)
    title_case = _title_case(words, ctx)
    ranges = _names(toks, words, ctx)
    inside = {i for a, b in ranges for i in range(a, b + 1)}
    for w in words:
        if w.index not in inside and _needs(w, title_case, ctx):
            ranges.append((w.index, w.index))
    return sorted(ranges)


def _emit(toks: list[_Tok], ranges: list[tuple[int, int]]) -> str:
    opens = {a for a, _ in ranges}
    closes = {b for _, b in ranges}
    inner = {i for a, b in ranges if a < b for i in range(a, b + 1)}
    out: list[str] = []
    for i, t in enumerate(toks):
        if i in opens:
            out.append("{")
        if i in inner and t.kind == "group" and _simple_group(t) is not None:
            out.append(t.text[1:-1])  # "{Republic of {Kazakhstan}}" -> one group
        else:
            out.append(t.text)
        if i in closes:
            out.append("}")
    return "".join(out)


def _english(src: str, language: str) -> bool:
    plain = _plain(src)
    return bool(plain.strip()) and is_english(plain, language)


def protect(src: str, ctx: Context | None = None, language: str = "") -> str:
    """Braces around what must keep its capitals, and only that: braces of
    plain words that protect nothing but Title Case go (idempotent)."""
    if not _english(src, language):
        return src
    flat, _ = _flatten(_tokens(src))
    return _emit(flat, _decide(flat, ctx or Context()))


def add_protection(src: str, ctx: Context | None = None, language: str = "") -> str:
    """Braces added where needed; braces already there stay (CSL ``nocase``).

    A title in another language keeps every capital as written (German nouns):
    each capitalised word but the first is braced, as BibTeX styles would
    otherwise lowercase them."""
    toks = _tokens(src)
    if not _english(src, language):
        return _emit(toks, [(w.index, w.index) for w in _words(toks) if _capital(w)])
    ctx = ctx or Context()
    flat, _ = _flatten(toks)
    title_case = _title_case(_words(flat), ctx)  # judged on the whole title
    words = _words(toks)
    ranges = _names(toks, words, ctx)
    inside = {i for a, b in ranges for i in range(a, b + 1)}
    ranges += [
        (w.index, w.index) for w in words if w.index not in inside and _needs(w, title_case, ctx)
    ]
    return _emit(toks, sorted(ranges))


def _capital(w: _Word) -> bool:
    return any(c.isupper() for c in w.plain) and not (w.start and not _marked(w.plain))


def unprotect(src: str, ctx: Context | None = None, language: str = "") -> str:
    """Remove the braces that keep nothing but Title Case capitals; add none."""
    if not _english(src, language):
        return src
    toks = _tokens(src)
    flat, where = _flatten(toks)
    kept = _decide(flat, ctx or Context())
    out: list[str] = []
    for i, t in enumerate(toks):
        if i not in where:
            out.append(t.text)
            continue
        a, b = where[i]
        needed = any(
            lo <= j <= hi for lo, hi in kept for j in range(a, b) if flat[j].kind == "word"
        )
        out.append(t.text if needed else t.text[1:-1])
    return "".join(out)


def sentence_case(src: str, ctx: Context | None = None, language: str = "") -> str:
    """An English Title Case title in sentence case; braced parts untouched."""
    ctx = ctx or Context()
    if not _has_upper(src, 1):
        return src  # nothing to lower
    plain = _plain(src)
    if not plain.strip() or not is_english(plain, language):
        return src
    toks = _tokens(src)
    words = _words(toks)
    if not _title_case(words, ctx):
        return src
    names = _names(toks, words, ctx)
    inside = {i for a, b in names for i in range(a, b + 1)}
    out = [t.text for t in toks]
    for w in words:
        if w.index in inside:
            continue
        parts = regex(r"([-/])").split(toks[w.index].text)
        if any(
            _marked(p) or _is_proper(p, ctx) or (p[:1].isupper() and _unknown(p))
            for p in _parts(w.plain)
        ):
            continue  # "Euro-Atlantic", "post-Soviet"
        for n in range(0, len(parts), 2):
            part = parts[n]
            p = _plain(part)
            if not p[:1].isupper() or ((w.start or w.soft) and n == 0):
                continue
            if _marked(p) or _is_proper(p, ctx) or _unknown(p) or p == "I" or w.dated:
                continue
            parts[n] = _lower_first(part)
        out[w.index] = "".join(parts)
    return "".join(out)


def _has_upper(src: str, start: int) -> bool:
    return not src[start:].islower() and any(c.isupper() for c in src[start:])


def _lower_first(src: str) -> str:
    for i, c in enumerate(src):
        if c.isalpha():
            return src[:i] + c.lower() + src[i + 1 :]
    return src


def document_names(titles: Iterable[str], names: Iterable[str] = ()) -> Context:
    """Proper nouns the file itself shows: ``names`` (author family names) and the
    words capitalised in the middle of its sentence-case English titles."""
    proper = {_key(n) for n in names if n and n[:1].isupper() and len(n) > 1}
    base = Context(frozenset())
    for src in titles:
        if not _has_upper(src, 1):
            continue  # no capital inside: no evidence
        plain = _plain(src)
        if not is_english(plain):
            continue
        toks = _flatten(_tokens(src))[0]
        words = _words(toks)
        if sum(1 for w in words if _counted(w) and not w.plain[0].isupper()) < 2:
            continue  # fewer than 2 lower-case words even before the word lists drop some
        cap, low = _case_counts(words, base)
        if low < 2 or low <= cap:
            continue  # only clearly sentence-case titles tell what is a name
        inside = {i for a, b in _names(toks, words) for i in range(a, b + 1)}
        for w in words:
            if w.index in inside:
                continue  # "Central" of "Central Asia" is no name alone
            for n, part in enumerate(_parts(w.plain)):
                k = _key(part)
                if (
                    part[:1].isupper()
                    and not ((w.start or w.soft) and n == 0)
                    and len(k) > 1
                    and k not in MINOR
                    and not _marked(part)
                ):
                    proper.add(k)
    return Context(frozenset(proper))
