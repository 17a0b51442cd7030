"""Folding text for comparison, and reading names and years out of entries.

Comparison happens on *folded* text: LaTeX decoded to Unicode, markup tags dropped,
accents removed, case folded, punctuation turned into spaces. "{\\\"U}ber {DNA}" and
"Über <i>DNA</i>" fold to the same "uber dna".
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from difflib import SequenceMatcher

from ..latex import to_unicode

_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")
_NON_WORD = re.compile(r"[\W_]+")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "in",
        "on",
        "for",
        "to",
        "de",
        "la",
        "le",
        "les",
        "der",
        "die",
        "das",
        "und",
        "el",
        "y",
    ]
)


def strip_markup(s: str) -> str:
    """HTML/JATS/MathML tags removed and entities decoded (for comparing, not storing)."""
    return html.unescape(_TAG.sub("", s)) if "<" in s or "&" in s else s


@functools.lru_cache(maxsize=65536)
def fold(s: str, latex: bool = True) -> str:
    """Text -> lower-case ASCII-ish words separated by single spaces."""
    if latex and ("\\" in s or "{" in s or "~" in s or "$" in s):
        s = to_unicode(s)
    s = strip_markup(s)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("ß", "ss").replace("ø", "o").replace("æ", "ae").replace("œ", "oe")
    s = s.replace("ł", "l").replace("đ", "d").replace("ı", "i")
    return _NON_WORD.sub(" ", s.casefold()).strip()


# difflib is quadratic: what is compared is capped (a title is far shorter), so a
# hostile 1 MB "title" costs milliseconds, not minutes
MAX_CHARS = 600
MAX_WORDS = 400


def similarity(a: str, b: str) -> float:
    """Similarity of two folded strings in [0, 1] (difflib's ratio, junk heuristic off)."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    return SequenceMatcher(None, a[:MAX_CHARS], b[:MAX_CHARS], autojunk=False).ratio()


def title_similarity(entry_title: str, record_title: str) -> float:
    """Folded titles compared whole, and also main title against main title when only
    one side carries the subtitle ("Deep learning" vs "Deep learning: a review" is
    *not* promoted: a subtitle counts only when the shorter side is at least 3 words)."""
    a, b = fold(entry_title), fold(record_title)
    best = similarity(a, b)
    if best < 1.0 and a and b:
        short, long_ = (a, b) if len(a) <= len(b) else (b, a)
        if len(short.split()) >= 3 and long_.startswith(short + " "):
            # one side has a subtitle the other lacks
            best = max(best, 0.95)
    return best


def coverage(needle: str, haystack: str) -> float:
    """Share of ``needle``'s words found, in order, in ``haystack`` (both folded):
    how completely a record's title is spelled out in a raw reference string."""
    nw = needle.split()[:MAX_WORDS]
    hw = haystack.split()[:MAX_WORDS]
    if not nw or not hw:
        return 0.0
    m = SequenceMatcher(None, nw, hw, autojunk=False)
    matched = sum(b.size for b in m.get_matching_blocks())
    return matched / len(nw)


def contiguous_coverage(needle: str, haystack: str) -> float:
    """Share of ``needle``'s words in its longest run of consecutive matches with
    ``haystack``, allowing one-word gaps (hyphenation, a typo): a title is written
    in one piece in a reference, not scattered over it."""
    nw = needle.split()[:MAX_WORDS]
    hw = haystack.split()[:MAX_WORDS]
    if not nw or not hw:
        return 0.0
    blocks = [
        b for b in SequenceMatcher(None, nw, hw, autojunk=False).get_matching_blocks() if b.size
    ]
    best = run = 0
    prev = None
    for b in blocks:
        if (
            prev is not None
            and b.a - (prev.a + prev.size) <= 1
            and 0 <= b.b - (prev.b + prev.size) <= 2
        ):
            run += b.size
        else:
            run = b.size
        best = max(best, run)
        prev = b
    return best / len(nw)


def years_in(text: str) -> list[int]:
    return [int(y) for y in _YEAR.findall(text)]


def year_of(value: str | None) -> int | None:
    if not value:
        return None
    ys = years_in(value)
    return ys[0] if ys else None


def first_page(pages: str) -> str:
    p = to_unicode(pages) if "\\" in pages or "{" in pages else pages
    m = re.match(r"\s*([A-Za-z]?\d+[A-Za-z]?)", p)
    return m.group(1).lower() if m else ""
