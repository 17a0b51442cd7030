"""The text of one item: list mark and Wikipedia back-marks removed, wrapped
lines joined (PDF hyphenation undone, broken URLs and page ranges
rejoined), journal pages' link buttons ("[Google Scholar]") dropped."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from ..lazyre import lazy, regex
from .listlines import (
    _Line,
    _mark,
)

if TYPE_CHECKING:
    from ..englishwords import WordList


# Cleaning one item
# --------------------------------------------------------------------------

# Wikipedia back-reference marks: "^", "^ a b c", "↑ 1 2", "^ 1.0 1.1".
_BACKMARKS = lazy(
    r"^[\^↑]\s*(?P<jump>(?:Jump up(?: to)?|Перейти к|Перейти обратно|Nach oben springen)"
    r"\s*:?\s*\^?\s*)?(?P<marks>(?:(?:[a-z]{1,2}|\d+\.\d+)\s+)*)"
)
# After "Перейти к:" the marks are plain numbers: "↑ Перейти к: 1 2 Иванов"
_NUMBER_MARKS = lazy(r"^(?:\d{1,2}\s+)+(?=\D)")


def _strip_backmarks(s: str) -> str:
    m = _BACKMARKS.match(s)
    if not m:
        return s
    marks = m.group("marks").split()
    rest = s[m.end() :]
    if m.group("jump") and not marks:
        n = _NUMBER_MARKS.match(rest)
        return rest[n.end() :] if n else rest
    # letters must run a, b, c...; a single "a" is the article "a", not a mark
    if marks and marks[0].isalpha():
        expected = [_letter_mark(i) for i in range(len(marks))]
        if marks != expected or (len(marks) < 2 and not m.group("jump")):
            return s[m.start("marks") :].lstrip()
    return rest


def _letter_mark(i: int) -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    return alphabet[i] if i < 26 else alphabet[i // 26 - 1] + alphabet[i % 26]


def _hyphenated_words(text: str) -> frozenset[str]:
    """Words written with a hyphen inside a line ("non-proliferation"): at a line
    break the same word keeps its hyphen."""
    # (a match starts only at a word's start: linear on a line of one letter)
    return frozenset(m.group(0).lower() for m in _HYPHENATED.finditer(text))


_HYPHENATED = lazy(r"(?<![^\W\d_])[^\W\d_]+(?:-[^\W\d_]+)+")


def _clean(group: list[_Line], hyphenated: frozenset[str] = frozenset()) -> tuple[str | None, str]:
    first = group[0].text
    mk = _mark(first)
    label: str | None = None
    if mk is not None and mk.number is not None:
        label = mk.label
        first = first[mk.body :]
    elif mk is not None and mk.style in ("bullet", "alpha"):
        label = mk.label or None
        first = first[mk.body :]
    first = _strip_backmarks(first.strip())
    first = regex(r"^[*•†‡]+\s*").sub("", first)  # "*Embassy ..." editorial marks
    parts = [first.strip()] + [ln.text.strip() for ln in group[1:]]
    return label, _strip_link_noise(_join_text(parts, hyphenated))


# Link buttons that journal pages print after each reference.
_NOISE_WORDS = (
    r"Google Scholar|Search in Google Scholar|Cross[Rr]ef|PubMed(?: Central|/NCBI)?|Medline|"
    r"Web of Science(?:®)?|Scopus|CAS|Green Version|View Article|Full Text|"
    r"Find this article online|Ref list|Article|Abstract|Link|PMC free article"
)
_NOISE_BRACKETED = lazy(rf"\s*\[(?:{_NOISE_WORDS})\]")
_NOISE_TAIL = lazy(rf"(?:[\s|,;/]+(?:{_NOISE_WORDS}))+[\s|]*$")


def _strip_link_noise(text: str) -> str:
    """ "... 2001;5:1-9. [Google Scholar] [CrossRef]" / "... CrossRef | PubMed"."""
    if not regex(
        r"Scholar|Cross[Rr]ef|PubMed|Medline|Scopus|Web of Science|View Article|"
        r"Full Text|PMC|Find this"
    ).search(text):
        return text
    cleaned = _NOISE_BRACKETED.sub("", text)
    tail = _NOISE_TAIL.search(cleaned)
    # only a run that holds one of the distinctive names (not a bare "Article")
    if tail and regex(r"Scholar|Cross[Rr]ef|PubMed|Medline|Scopus|Web of|View|Full|Find").search(
        tail.group(0)
    ):
        cleaned = cleaned[: tail.start()]
    return cleaned.strip() or text


_URL_TAIL = lazy(r"(?:https?://|www\.)\S*$")
_URLISH = lazy(r"^[\w\-.~%/?#=&+:;@!$,*'()\[\]]+$")
_JOINERS = ("/", "-", "_", "?", "=", "&", "#", "%", "~", ".")
_PATHISH = lazy(r"[%=]|^[/?&#]|\.(?:pdf|s?html?|php|aspx?|jsp)\b")


def _join_text(parts: list[str], hyphenated: frozenset[str] = frozenset()) -> str:
    """Join wrapped lines: undo PDF hyphenation, rejoin URLs, single spaces.

    "Kazakh-" + "stan" -> "Kazakhstan"; "US-" + "Kazakh" keeps its hyphen (a
    capital follows), and so does a word the document writes with a hyphen
    elsewhere ("non-" + "proliferation" when "non-proliferation" occurs).
    """
    out = ""
    for part in parts:
        if not part:
            continue
        if not out:
            out = part
            continue
        out = _fix_tail(out)  # so a URL's tail is seen whole at the break
        tail = out[-_TAIL:]  # checks look at the end only: long items stay linear
        # (end-anchored searches run on the last word or characters only: a search
        # tries every start position, so on the whole tail each costs _TAIL steps
        # per line, and the hyphenated-word one _TAIL squared)
        url = _URL_TAIL.search(tail[tail.rfind(" ") + 1 :])
        head = part.split()[0]
        end = tail[-_WORD:]
        if url and _url_continues(url.group(0), head, line_break=True):
            out += part
        elif regex(r"[^\W\d_]-$").search(end) and not out.endswith("--"):
            before = regex(r"[^\W\d_]+(?:-[^\W\d_]+)*-$").search(end)
            after = regex(r"[^\W\d_]+").match(part)
            word = (before.group(0) if before else "") + (after.group(0) if after else "")
            keep = not part[0].islower() or _keeps_hyphen(word, hyphenated)
            out = out + part if keep else out[:-1] + part
        elif regex(r"\w\d-$").search(end) and part[0].isalpha():
            out += part  # "α2-" + "integrin": a compound with a number keeps its hyphen
        elif regex(r"\d[-–]$").search(end) and part[0].isdigit():
            out += part  # a page range broken after its dash: "558-" + "569"
        else:
            out += " " + part
    return _fix_spaced_urls(regex(r"\s+").sub(" ", out).strip())


_TAIL = 400
_WORD = 80  # longer than any hyphenated word a line break splits


def _keeps_hyphen(word: str, hyphenated: frozenset[str]) -> bool:
    """Whether "first-" + "rest" at a line break is a hyphenated compound.

    Joined when the joined form is a word ("analy-" + "sis") or the first part
    a prefix written solid ("multi-" + "criteria", bibman/data/solid_prefixes.txt);
    kept when the document writes the compound with its hyphen elsewhere, when
    the first part is a single letter ("n-" + "tridecanal"), or when both parts
    are words and the joined form is not ("self-" + "consistent").
    """
    low = word.lower()
    if low in hyphenated:
        return True
    first, _, rest = low.rpartition("-")
    head = first.rsplit("-", 1)[-1]
    joined = head + rest
    words = _english_words()
    if joined in words:
        return False
    if len(head) == 1:
        return True
    if head in _solid_prefixes():
        return False
    return head in words and rest in words


@lru_cache(maxsize=1)
def _solid_prefixes() -> frozenset[str]:
    from pathlib import Path

    try:
        raw = (Path(__file__).resolve().parent.parent / "data" / "solid_prefixes.txt").read_text(
            "utf-8"
        )
    except OSError:
        return frozenset()
    return frozenset(w.strip() for w in raw.splitlines() if w.strip() and not w.startswith("#"))


def _english_words() -> WordList:
    """Lower-case English words (SCOWL, see bibman/data/README.md)."""
    from ..englishwords import english_words

    return english_words()


def _fix_tail(out: str) -> str:
    """:func:`_fix_spaced_urls` on the end of ``out`` (cut at a space)."""
    if len(out) <= 2 * _TAIL:
        return _fix_spaced_urls(out)
    cut = out.rfind(" ", 0, len(out) - _TAIL)
    if cut < 0:
        # one long word before the window ("Kazakh-Kazakh-...", a 50,000-character
        # URL): only its end can join what follows; fixing the whole of it at every
        # line made joining quadratic
        cut = len(out) - 2 * _TAIL - 1
    return out[: cut + 1] + _fix_spaced_urls(out[cut + 1 :])


def _url_continues(url: str, head: str, line_break: bool = False) -> bool:
    """Whether ``head`` (the next word) is the rest of a URL broken before it."""
    if not _URLISH.match(head) or head.lower().startswith(("http:", "https:", "www.")):
        return False
    if head[0] in "([" or url.endswith(","):
        return False
    if url.endswith(("://", "www.")):
        return True
    if head.strip(".,;:").isalpha():
        # a bare word: "... .pdf. Retrieved", "/ last accessed"; only the middle of
        # a path component ("nuclear-" + "nonproliferation") carries on
        return not head[0].isupper() and url.endswith(("-", "_", "=", "%", "~"))
    if url.endswith(_JOINERS):
        return True
    if _PATHISH.search(head):
        return True
    # a line break inside a path: the next line carries on with more path
    return line_break and "/" in head and not regex(r"^\d{1,4}/\d").match(head)


def _fix_spaced_urls(s: str) -> str:
    """ "https://www. example.com/ path" -> "https://www.example.com/path"."""
    if "http" not in s and "www." not in s:
        return s
    tokens = s.split(" ")
    out: list[str] = []
    in_url = False
    for tok in tokens:
        if out and in_url and tok and _url_continues(out[-1].rsplit("URL:", 1)[-1], tok):
            out[-1] += tok
            continue
        out.append(tok)
        in_url = bool(regex(r"(?:https?://|www\.)\S*$").search(tok))
    return " ".join(out)
