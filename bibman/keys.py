"""Citation keys: stable, readable, unique.

A key is ``<name><year><word>`` in lower-case ASCII, e.g. ``hanks2009multi``:

* name: the first author's family name; for an organisation, its usual short
  form (``data/org-short-names.tsv``: "Radio Free Europe/Radio Liberty" -> ``rferl``,
  "The White House" -> ``whitehouse``), an acronym it gives in parentheses, the
  initials of a name of three or more significant words that opens with a generic
  word ("Center for Defense Information" -> ``cdi``), else its first significant
  word (two words when the first is an abbreviation such as "U.S."); with no author, the first editor, then organization, institution,
  publisher, howpublished (the site of a web page), and for an authorless web page or
  news story its site or paper (``rferl2006five``; a domain gives its name, "www.rferl.org"
  -> ``rferl``). When there is none the key is ``<word><year>`` (``running``,
  ``report2006``) so that it still starts with a letter.
* year: the four-digit year (``year``, else the start of ``date``). Left out
  when unknown — no "nd" placeholder, so a key never claims a date.
* word: the first significant word of the title (articles, prepositions and
  conjunctions in English, German, French, Spanish, Italian, Portuguese, Dutch
  and Russian are skipped).

Names and words are folded to ASCII ("Großmächte" -> "grossmachte",
"Шарипов" -> "sharipov"). References whose keys clash all get a letter, in
document order: ``weitz2008kazakhstana``, ``weitz2008kazakhstanb``. The key
depends only on the reference itself and on the references it clashes with,
so adding an unrelated reference never changes another key.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from .lazyre import lazy
from .model import Name, Reference

_SPECIAL = {
    "ß": "ss",
    "ẞ": "ss",
    "æ": "ae",
    "Æ": "ae",
    "œ": "oe",
    "Œ": "oe",
    "ø": "o",
    "Ø": "o",
    "ł": "l",
    "Ł": "l",
    "đ": "d",
    "Đ": "d",
    "ð": "d",
    "þ": "th",
    "ı": "i",
    "ĸ": "k",
}
_CYR_LATIN = "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch - y - e yu ya i i e g u k n g u u h a o"
_GREEK_LATIN = "a b g d e z e th i k l m n x o p r s t y ph ch ps o"
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґўқңғүұһәө",
        _CYR_LATIN.split(),
        strict=True,
    )
)
_GREEK = dict(
    zip(
        "αβγδεζηθικλμνξοπρστυφχψω",
        _GREEK_LATIN.split(),
        strict=True,
    )
)

_STOP_TEXT = """
    a an the of on in and or for to with from at by about as into onto via per vs
    der die das des dem den ein eine einer eines einem einen und oder zur zum auf im vom von
    mit für fur über uber bei aus nach wie ist sind
    le la les l un une des de du d et ou en au aux sur pour par dans avec sans chez est
    el los las lo unos unas del y e o para por con sobre entre sin al es
    il gli i di da della delle dei degli dello nel nella nei per su tra fra ed
    o os as um uma do da dos das em no na nos nas com pelo pela ao
    het een van voor met op te bij naar
    и в во не на о об обо с со к ко по из за для от до при как что или а но у
    """
STOPWORDS = frozenset(_STOP_TEXT.split())


_NOT_ASCII_ALNUM = lazy(r"[^a-z0-9]+")


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters and digits only (transliterating what we can)."""
    if text.isascii():  # nothing to transliterate: one regex pass, not one step per char
        return _NOT_ASCII_ALNUM.sub("", text.lower())
    out: list[str] = []
    for ch in text:
        if ch in _SPECIAL:
            out.append(_SPECIAL[ch])
            continue
        low = ch.lower()
        if low in _CYRILLIC:
            out.append(_CYRILLIC[low].strip("-"))
            continue
        if low in _GREEK:
            out.append(_GREEK[low])
            continue
        decomposed = unicodedata.normalize("NFKD", low)
        out.append("".join(c for c in decomposed if c.isascii() and c.isalnum()))
    return "".join(out)


_INNER_DOT = lazy(r"(?<=\w)\.(?=\w)")
_WORD_BREAK = lazy(r"[\s/–—\-:;,.!?()\[\]{}\"“”„«»'’‘]+")


def _words(text: str) -> list[str]:
    text = _INNER_DOT.sub("", text)  # "U.S." -> "US."
    return [w for w in _WORD_BREAK.split(text) if w]


def _significant(words: Iterable[str]) -> list[str]:
    """Words that can name a reference: not stopwords, not bare numbers ("9/11")."""
    return [
        w for w in words if w.lower() not in STOPWORDS and any(c.isalpha() for c in ascii_fold(w))
    ]


_DOMAIN = lazy(r"^(?:https?://)?(?:www\d?\.)?([a-z0-9-]+)(?:\.[a-z0-9-]+)*\.[a-z]{2,6}/?$")


def _org_words(name: str) -> list[str]:
    """The significant words of an organisation's name, dots dropped ("U.S." -> "US")."""
    return _significant(_words(name.replace(".", "")))


@functools.cache
def _org_table() -> tuple[dict[str, str], frozenset[str]]:
    """data/org-short-names.tsv: name -> short form, and the generic opening words."""
    short: dict[str, str] = {}
    generic: set[str] = set()
    text = (Path(__file__).parent / "data" / "org-short-names.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        name, tab, value = line.partition("\t")
        if not tab or line.startswith("#"):
            continue
        if name == "*":
            generic.add(value.strip().lower())
        else:
            short["".join(_org_words(name.lower()))] = value.strip()
    return short, frozenset(generic)


_PAREN_ACRONYM = lazy(r"\(([A-Z][A-Za-z&]*[A-Z])\)")


def _org_part(literal: str) -> str:
    """A corporate name's key part: its known short form, the acronym it gives in
    parentheses, its initials (three or more significant words after a generic opening
    word), else its first significant word."""
    acronym = _PAREN_ACRONYM.search(literal)
    if acronym:  # "Organisation for ... Development (OECD)"
        return ascii_fold(acronym.group(1))
    words = _org_words(literal)
    if not words:
        return ""
    short, generic = _org_table()
    known = short.get("".join(words).lower())  # "RadioFreeEurope" = "Radio Free Europe"
    if known:
        return known
    if len(words) >= 3 and words[0].lower() in generic:
        initials = ascii_fold("".join(w[0] for w in words))
        if len(initials) == len(words):
            return initials
    first = ascii_fold(words[0])
    if len(first) <= 3 and len(words) > 1:  # "U.S. Department of State": "usdepartment"
        first += ascii_fold(words[1])
    return first


def _name_part(name: Name) -> str:
    if name.literal:
        dom = _DOMAIN.match(name.literal.strip().lower())
        if dom:  # a site named by its domain: "www.rferl.org" -> "rferl"
            return ascii_fold(dom.group(1))
        return _org_part(name.literal)
    return ascii_fold(name.family or name.given)


def _who(ref: Reference) -> str:
    for names in (ref.authors, ref.editors):
        for n in names[:1]:
            part = _name_part(n)
            if part:
                return part
    fnames = ["organization", "institution", "publisher", "howpublished"]
    site = ref.get("howpublished") or ""
    if ref.type in ("misc", "online") and _DOMAIN.match(site.strip().lower()):
        fnames.insert(0, "howpublished")  # a page on "www.kew.org": "kew", as the site is cited
    if ref.type in ("misc", "online") or ref.get("entrysubtype") == "newspaper":
        fnames.append("journal")  # an authorless web page or news story: its site
    for fname in fnames:
        value = ref.get(fname)
        if value:
            part = _name_part(Name(literal=value))
            if part:
                return part
    return ""


_YEAR4 = lazy(r"(?<!\d)(\d{4})(?!\d)")


def _year(ref: Reference) -> str:
    for fname in ("year", "date"):
        m = _YEAR4.search(ref.get(fname) or "")
        if m:
            return m.group(1)
    return ""


def _title_word(ref: Reference) -> str:
    for fname in ("title", "booktitle", "journal", "note"):
        words = _significant(_words(ref.get(fname) or ""))
        if words:
            return ascii_fold(words[0])
    return ""


def base_key(ref: Reference) -> str:
    """The key before clash suffixes: ``<name><year><word>``."""
    who, year, word = _who(ref), _year(ref), _title_word(ref)
    key = who + year + word if who else word + year
    if not key:
        return "ref"
    if key[0].isdigit():
        key = "ref" + key  # keys that start with a digit upset some tools
    return key[:60]


def _suffix(i: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = letters[r] + s
    return s


def assign_keys(refs: Sequence[Reference], taken: Iterable[str] = ()) -> list[str]:
    """Unique keys for ``refs`` in order; a reference's own ``key`` is kept.

    ``taken``: keys already in use elsewhere (they are never handed out again).
    """
    used = set(taken)
    # a preset key is kept by its first holder; a repeated one is regenerated
    keep: list[bool] = []
    for r in refs:
        keep.append(bool(r.key) and r.key not in used)
        if r.key:
            used.add(r.key)
    bases = ["" if k else base_key(r) for r, k in zip(refs, keep, strict=True)]
    counts = Counter(b for b in bases if b)
    seen: Counter[str] = Counter()
    out: list[str] = []
    for ref, base in zip(refs, bases, strict=True):
        if not base:
            out.append(ref.key)
            continue
        if counts[base] == 1 and base not in used:
            key = base
        else:
            while True:
                key = base + _suffix(seen[base])
                seen[base] += 1
                if key not in used:
                    break
        used.add(key)
        out.append(key)
    return out
