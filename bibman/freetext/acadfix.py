"""Repairs of academic references around the tagger: numbers and the title/container edge.

Each rule names the class of input it fixes; all work on plain values (no I/O).

- :func:`unglue`, before tagging: a journal name glued to its volume ("Optics Letters41
  (2016)", "Mar. Ecol. Prog. Ser.366:101") gets the space it lost, so the name and the
  number become separate tokens.
- :func:`repair`, after tagging, on the fields:
  - "volume, issue (Month Year): pages" (ACM, Chicago variants: "Commun. ACM 21, 7
    (July 1978), 558–565") — the issue is not the pages;
  - article numbers with a letter prefix ("Science 380, eadf0913") kept whole;
  - a journal name that the tagger split, its head left on a sentence-case title
    ("… among Lagos traders, Review of African Political | Economy, 45(157)");
  - a conference acronym in parentheses right after a proceedings name ("in Proc. IEEE
    Int. Conf. Cloud Eng. (IC2E), San Francisco") is part of that name, not the publisher.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from bibman.freetext import lexicon, termclass
from bibman.freetext.lazyre import lazy, regex

# "Letters41 (", "Letters41," — a capitalised word of 3+ letters with a volume glued on,
# followed by what follows a volume
_GLUED_WORD = lazy(r"\b([A-Z][a-z]{2,})(\d{1,4})(?=\s*[(,:;]|\s+\(?\d)")
# "Ser.366:101", "Lett.41," — an abbreviation's full stop with the volume glued on
_GLUED_ABBR = lazy(r"\b([A-Z][a-z]{1,6}\.)(\d{1,5})(?=\s*[(,:;]|\s+\(?\d)")


def _numbering(word: str) -> bool:
    """A numbering word of some locale ("Vol", "No", "Nr", "Heft", "Bd", "pp"; the CSL
    locale terms): the tagger knows these glued to their number ("Vol.8"), left alone."""
    return bool(set(termclass.kinds(word.lower())) & {"vol", "iss", "pg", "ed"})


def unglue(text: str) -> str:
    """Put back the space between a journal name and its glued-on volume."""
    if not regex(r"[A-Za-z.]\d").search(text):
        return text

    def word(m: re.Match[str]) -> str:
        before = text[: m.start()].rstrip()
        # only after another capitalised word or a sentence end: a name's last word
        prev = before.rsplit(" ", 1)[-1] if before else ""
        if _numbering(m.group(1)):
            return m.group(0)
        if prev[:1].isupper() or before.endswith((".", ",")):
            return f"{m.group(1)} {m.group(2)}"
        return m.group(0)

    def abbr(m: re.Match[str]) -> str:
        if _numbering(m.group(1)[:-1]):
            return m.group(0)
        return f"{m.group(1)} {m.group(2)}"

    text = _GLUED_WORD.sub(word, text)
    return _GLUED_ABBR.sub(abbr, text)


_MONTH_ISSUE = lazy(
    r"\b(?P<v>\d{1,5})\s*,\s*(?P<no>no\.\s*)?(?P<i>\d{1,4})\s*"
    r"\(\s*(?P<m>[^\W\d_]{3,}\.?(?:[-/–][^\W\d_]{3,}\.?)?\s+)?(?:\d{1,2},?\s+)?"
    r"(?P<y>(?:1[5-9]|20)\d\d)\s*\)\s*(?P<sep>[:,]?)\s*(?:pp?\.\s*)?"
    r"(?P<p>[A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?)"
)


def _range(m: re.Match[str]) -> str:
    return regex(r"\s*[-–]\s*").sub("-", m.group("p"))


def _month_issue(f: dict[str, str], text: str) -> None:
    """ "21, 7 (July 1978), 558–565", "52, 3 (2004): 45–67", "58, no. 2 (2005): 311–339",
    "45, 3 (2012), 503–6": volume, issue (date): pages. Without a month, "no.", a colon or
    a page range after it, it is physics' volume, page (year) ("290, 599 (1980)")."""
    m = _MONTH_ISSUE.search(text)
    if not m or f.get("volume") != m.group("v"):
        return
    if not (m.group("m") or m.group("no") or m.group("sep") == ":" or "-" in _range(m)):
        return  # "290, 599 (1980), …": physics' volume, page (year)
    if f.get("number") not in (None, m.group("i")):
        return
    if f.get("pages") not in (None, m.group("i"), m.group("p")) and "-" not in m.group("p"):
        return
    f["number"] = m.group("i")
    f["pages"] = _range(m)


_ARTICLE_NO = lazy(r"(?<![\w/.])([a-z]{1,5}\d{3,9})(?![\w/])")


def _article_number(f: dict[str, str], text: str) -> None:
    """ "Science 380, eadf0913": an article number with letters is kept whole."""
    p = f.get("pages", "")
    if not p or "-" in p:
        return
    for m in _ARTICLE_NO.finditer(text):
        tok = m.group(1)
        if tok != p and tok.endswith(p):
            f["pages"] = tok
            return


_NAME_WORD = r"(?:[A-Z][\w'’.-]*|of|and|the|for|on|in|&|de|des|du|la|le|di|del|der|für|und)"
_TITLE_TAIL = lazy(rf"^(?P<head>.*\S)\s*[,.]\s+(?P<run>[A-Z][\w'’.-]*(?:\s+{_NAME_WORD}){{1,8}})$")


def _split_journal(f: dict[str, str], journal: str, text: str) -> str:
    """A journal name the tagger split: its head ran on the title, its last word(s) were
    read as the journal. Taken back when the rejoined name is in the lexicon, or when the
    title is in sentence case and the run is a capitalised name after its last comma."""
    title = f.get("title", "")
    if not journal or not title or len(journal.split()) > 2:
        return journal
    m = _TITLE_TAIL.match(title)
    if not m:
        return journal
    run, head = m.group("run"), m.group("head")
    joined = f"{run} {journal}"
    if joined not in text:
        return journal
    ok = lexicon.is_known(joined)
    if not ok:
        hw = [w for w in regex(r"[^\W\d_]+").findall(head)[1:] if len(w) > 3]
        caps = [w for w in run.split() if w[:1].isupper()]
        ok = (
            len(hw) >= 2
            and sum(w[:1].islower() for w in hw) >= 0.7 * len(hw)
            and len(caps) >= 2
            and journal[:1].isupper()
        )
    if ok:
        f["title"] = head.rstrip(" ,.;:")
        return joined
    return journal


_PUBLISHING_WORD = lazy(
    r"\b(?:Press|Verlag|Publish\w*|Publications?|Inc|Ltd|GmbH|LLC|Editions?|Éditions|Editora|"
    r"Editorial|Books)\b\.?"
)


@lru_cache(maxsize=1)
def _academic_publishers() -> frozenset[str]:
    path = Path(__file__).resolve().parent.parent / "data" / "academic_publishers.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(x.strip() for x in lines if x.strip() and not x.startswith("#"))


def _is_publisher(name: str) -> bool:
    """A known academic publisher, or a name with a publishing word in it."""
    v = name.strip(" .,;")
    return v in _academic_publishers() or bool(_PUBLISHING_WORD.search(v))


_PUBLISHERISH = lazy(r"\b(?:Press|Verlag|Publish\w*|Inc|Ltd|Association|Society)\b")
_ACRONYM = lazy(r"\(\s*[A-Z][A-Za-z0-9'’&/ -]{1,14}\)")


def _proc_acronym(f: dict[str, str], container: str, text: str) -> str:
    """ "Proc. IEEE Int. Conf. Cloud Eng. (IC2E), San Francisco": the acronym in
    parentheses right after a proceedings name is part of the name."""
    if not container:
        return container
    for key in ("publisher", "address"):
        v = f.get(key, "")
        a = _ACRONYM.match(v)
        if not a:
            continue
        m = regex(re.escape(container) + r"\.?\s*" + re.escape(a.group(0))).search(text)
        if m:
            rest = v[a.end() :].strip(" ,;.")
            if (
                rest
                and key == "publisher"
                and "address" not in f
                and not _PUBLISHERISH.search(rest)
            ):
                # "(IC2E), San Francisco, CA, USA": what follows the acronym is the place
                del f[key]
                f["address"] = rest
            elif rest:
                f[key] = rest
            else:
                del f[key]
            return m.group(0)
    return container


_TRAILING_BODY = lazy(r"^(?P<c>.{12,}?[^\s.,])\s*[.,]\s+(?P<p>[^.,;:()]{2,40}?)\.?$")


def _publisher_on_booktitle(f: dict[str, str], container: str) -> str:
    """ "In Proceedings of … and Children. ACM, New York, NY" and "(Eds.), Introduction to
    the Electronic Age, E-Publishing Inc., New York": a book's publisher left at the end
    of its title."""
    if not container or f.get("publisher"):
        return container
    m = _TRAILING_BODY.match(container)
    if not m or len(m.group("p").split()) > 5 or not _is_publisher(m.group("p")):
        return container
    f["publisher"] = m.group("p").strip()
    return m.group("c")


_BARE_RANGE = lazy(r"\d{1,6}\s*[-–—]\s*\d{1,6}")


def _pages_from_notes(f: dict[str, str], notes: list[str], journal: str, container: str) -> None:
    """ "… and Children. ACM, New York, NY, 201–210.": the ACM format's bare page range
    after the imprint, left as a note."""
    if f.get("pages") or not (journal or container):
        return
    for n in notes:
        if _BARE_RANGE.fullmatch(n.strip(" .,;")):
            notes.remove(n)
            f["pages"] = regex(r"\s*[-–—]\s*").sub("-", n.strip(" .,;"))
            return


_IN_BEFORE = lazy(r"(?:^|[.,;:]\s*|\s)(?:In|in)\s*:?\s*$")
# "Interspeech 2020", "ECCV 2020": a meeting's name with its year
_NAME_YEAR_AFTER = lazy(r"^\s+((?:19|20)\d\d)(?=\s*[.,;:(]|\s*$)")
# "Automated Deduction – CADE 27.": a proceedings' subtitle after a dash
_DASH_PART_AFTER = lazy(r"^\s+[–—-]\s+[A-Z][^.,;:()]{1,40}?(?=\s*[.,;])")
_PROC = lazy(r"^(?:Proc\.|Proceedings\b)")


def _proceedings_name(
    f: dict[str, str], journal: str, container: str, text: str
) -> tuple[str, str]:
    """The name of a proceedings volume cut short or read as a journal:
    "In: Automated Deduction – CADE 27. LNCS, vol. 11716" (a dash part, and "In:" makes it
    a book), "(eds.) ECCV 2020. LNCS" and "Proc. Interspeech 2020, 3121-3125" (the
    meeting's year belongs to the name, it is no issue number)."""
    name = container or journal
    if not name or (journal and container):
        return journal, container
    at = text.find(name)
    if at < 0:
        return journal, container
    after = text[at + len(name) :]
    d = _DASH_PART_AFTER.match(after)
    if d and (container or _IN_BEFORE.search(text[:at])):
        name += d.group(0)
        after = after[d.end() :]
    y = _NAME_YEAR_AFTER.match(after)
    if y and (f.get("number") == y.group(1) or (_PROC.match(name) and not f.get("volume"))):
        name += y.group(0)
        if f.get("number") == y.group(1):
            del f["number"]
    if journal and (
        (_IN_BEFORE.search(text[:at]) and f.get("publisher"))
        or (_PROC.match(name) and not f.get("volume") and f.get("pages"))
    ):
        return "", name  # a volume of proceedings or a book, not a journal
    return ("", name) if container else (name, "")


def repair(
    f: dict[str, str], text: str, journal: str, container: str, notes: list[str]
) -> tuple[str, str]:
    """The post-tagging repairs above; returns (journal, container)."""
    _month_issue(f, text)
    _article_number(f, text)
    journal = _split_journal(f, journal, text)
    container = _proc_acronym(f, container, text)
    container = _publisher_on_booktitle(f, container)
    journal, container = _proceedings_name(f, journal, container, text)
    _pages_from_notes(f, notes, journal, container)
    journal = _journal_before_year(f, journal, container, text)
    if _series_as_container(f, journal, container, text):
        journal = container = ""
    _series_in_title(f, journal, container)
    if not journal:
        _edition_in_title(f)
    return journal, container


# ------------------------------------------------------------------ books: series, edition


@lru_cache(maxsize=1)
def _series_rx() -> re.Pattern[str]:
    """Series cue phrases from ``data/series_cues.txt`` as one pattern."""
    path = Path(__file__).resolve().parent.parent / "data" / "series_cues.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    cues = [x.strip() for x in lines if x.strip() and not x.startswith("#")]
    if not cues:
        return re.compile(r"(?!x)x")
    alt = "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)")


# "Studies in African Linguistics 14", "Graduate Texts in Mathematics, vol. 211"
_SERIES_NUMBER = lazy(r"^(?P<s>.*?\D)\s*(?:,\s*(?:vol|no|Bd|t)\.?\s*|\s)(?P<n>\d{1,4})$")


def _series_name(value: str) -> tuple[str, str] | None:
    """(series, number) when ``value`` reads as a series statement."""
    v = value.strip(" .,;")
    m = _SERIES_NUMBER.match(v)
    name, num = (m.group("s").strip(" ,"), m.group("n")) if m else (v, "")
    words = name.split()
    if not (2 <= len(words) <= 10) or not words[0][:1].isupper():
        return None
    if not _series_rx().search(name):
        return None
    return name, num


def _series_as_container(f: dict[str, str], journal: str, container: str, text: str) -> bool:
    """ "Title. Studies in African Linguistics 14. Berlin: Mouton, 2008.": a series
    statement between a book's title and its imprint, read as the container."""
    name = journal or container
    if not name or (journal and container) or f.get("pages") or not f.get("publisher"):
        return False
    if regex(r"(?:^|[\s.,;:])(?:[Ii]n|IN)\s*:?\s*$").search(text[: max(text.find(name), 0)]):
        return False  # "In Studies in X": a chapter in a volume of the series
    if not f.get("title") or not _series_name(name):
        return False
    s, n = _series_name(name) or ("", "")
    f["series"] = s
    if n:
        f.setdefault("number", n)
        if f.get("volume") == n:
            del f["volume"]
    return True


_TITLE_SERIES = lazy(r"^(?P<t>.{3,}?[^\s.])\.\s+(?P<s>[A-Z][^.]{6,}?)$")


def _series_in_title(f: dict[str, str], journal: str, container: str) -> None:
    """ "Arctic Governance. Routledge Studies in Polar Politics 4": a book's series left
    on its title (a publisher, no container)."""
    title = f.get("title", "")
    if journal or container or not f.get("publisher") or f.get("series") or f.get("pages"):
        return
    m = _TITLE_SERIES.match(title)
    sn = _series_name(m.group("s")) if m else None
    if m and sn and (sn[1] or regex(r"[Ss]eries$").search(sn[0])):
        f["title"] = m.group("t")
        f["series"] = sn[0]
        if sn[1]:
            f.setdefault("number", sn[1])


_EDITION_TAIL = lazy(
    r"[\s,.(]+(?P<e>\d{1,2}\s*(?:st|nd|rd|th|e|\.)?\s*"
    r"(?:ed(?:n|ition)?|éd(?:ition)?|Aufl(?:age)?|izd)\.?)\)?\.?$",
    re.I,
)


def _edition_in_title(f: dict[str, str]) -> None:
    """ "Biochemistry 7th edn", "Bodenmechanik (4. Aufl.)": an edition statement at
    the end of a title."""
    title = f.get("title", "")
    m = _EDITION_TAIL.search(title) if title else None
    if m and m.start() > 2:
        f["title"] = title[: m.start()].rstrip(" ,.(")
        f.setdefault("edition", m.group("e"))


# ------------------------------------------------------------------ journal before the numbers


def _journal_before_year(f: dict[str, str], journal: str, container: str, text: str) -> str:
    """ "Title. Politická ekonomie. 2016, roč. 64, č. 3, s. 301–318." (ISO 690): with
    volume and pages and no container, the last sentence of the "title" right before
    the year is the journal."""
    title = f.get("title", "")
    if journal or container or f.get("publisher") or not f.get("volume"):
        return journal
    if not (f.get("pages") or f.get("number")) or ". " not in title:
        return journal
    head, _, tail = title.rpartition(". ")
    if not (1 <= len(tail.split()) <= 8) or not tail[:1].isupper() or len(head) < 10:
        return journal
    if not regex(re.escape(tail) + r"\s*[.,]\s*\(?(?:1[5-9]|20)\d\d\b").search(text):
        return journal
    f["title"] = head.rstrip(" .")
    return tail
