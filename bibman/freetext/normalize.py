"""Clean-up steps applied to a reference string before tagging, and the
extraction of parts that regular expressions find reliably (URLs, DOIs,
ISBN/ISSN, access dates, medium notes). Each step is small and named.

Every regex here is linear: no nested quantifiers over overlapping classes,
so a 100,000-character line without spaces is handled in milliseconds.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bibman.freetext import localeterms
from bibman.freetext.dates import (
    DATE_EXPR,
    access_connectives,
    access_word_list,
    iso,
    parse_date,
)
from bibman.freetext.lazyre import built, lazy, regex

from ..months import MONTH_NAMES

# data files read as paths, not through importlib.resources (~4 ms of start-up)
_DATA = Path(__file__).resolve().parent.parent / "data"

_CONTROL = lazy(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200d\ufeff]")
_WS = lazy(r"\s+")


def clean(text: str) -> str:
    """NFC, no control characters, single spaces."""
    s = unicodedata.normalize("NFC", str(text))
    s = _CONTROL.sub(" ", s)
    return _WS.sub(" ", s).strip()


_LABEL = lazy(
    r"^(?:"
    r"(?:\d{1,4}\s*\.?\s*)?\^(?:\s*[a-z]{1,2}\b(?!\.))*"  # Wikipedia back-links "^ a b", "12.^"
    r"|\[\s*\d{1,4}[a-z]?\s*\]"  # [12]
    r"|\(\s*\d{1,4}\s*\)(?=\s)"  # (12)
    r"|\d{1,3}\s*[.)](?=\s)(?!\s*\d)"  # 12.  12)
    r"|\d{1,3}[.\-](?=[A-ZÀ-Þ][a-zà-ÿ])"  # 17.Creed  26-Vellin
    r"|[*•·▪►]"  # bullets and "*" marks
    r"|-(?=\s)"  # "- " Markdown bullet (a run of dashes is a ditto, see fields._DITTO)
    r")\s*"
)


TAB_NUMBER = lazy(r"^\s*(\d{1,4})\t")
_GLUED_NUMBER = lazy(r"\d{1,4}(?=[\"“«„]|[A-ZÀ-ÞА-ЯЁ][a-zà-ÿа-яё])")


def strip_label(text: str) -> tuple[str, str]:
    """Remove a list number/back-link/bullet prefix; returns (label, rest).

    Cleaned text is expected, except that a tab after a leading number ("12<TAB>Smith")
    counts as a list number and is read before cleaning turns it into a space.
    """
    label = []
    s = text
    m0 = TAB_NUMBER.match(s)
    if m0:
        label.append(m0.group(1))
        s = clean(s[m0.end() :])
    for _ in range(3):
        m = _LABEL.match(s)
        if not m or m.end() == 0:
            break
        label.append(m.group(0).strip())
        s = s[m.end() :]
    if label and label[-1].startswith("^"):
        # "^ 24Образования …", '^ 85"Title"': a Wikipedia back-link whose list number
        # lost its space in copying is glued to the text it numbers
        g = _GLUED_NUMBER.match(s)
        if g:
            label.append(g.group(0))
            s = s[g.end() :]
    return " ".join(label), s


@dataclass
class Extracted:
    text: str
    url: list[str] = field(default_factory=list)
    doi: str = ""
    isbn: str = ""
    issn: str = ""
    urldate: str = ""
    notes: list[str] = field(default_factory=list)
    genre: str = ""  # a bracketed description after the title: "Report", "Blog post"


_URL = lazy(
    r"<?((?:https?|ftp)\s?:\s?//\s?[^\s<>\"\x01]+|www\.[^\s<>\"\x01]+\.[^\s<>\"\x01]+"
    # a bare domain with a path, as MLA prints them: "medium.com/@user/post"
    r"|(?<![\w@./-])(?:[a-z0-9][a-z0-9-]*\.)+(?:com|org|net|gov|edu|int|info|io|uk|de|fr|ru|kz|"
    r"ca|au|eu|jp|cn|in|it|es|nl|ch|se|no|be|at|pl|br|kr|news)/[^\s<>\"\x01]*)>?",
    re.I,
)
_BARE_DOMAIN = lazy(r"[a-z0-9]\.[a-z]{2,4}/")
_URL_CONT = lazy(r"\s([^\s<>\"\x01]{1,300})")
_DOI = lazy(
    r"(?:\b(?:doi|DOI)\s*[:.]?\s*|https?://(?:dx\.)?doi\.org/|\bdoi\.org/)?"
    r"\b(10\.\s?\d{4,9}/[^\s\"<>]+)"
)
_ISBN = lazy(r"\bISBN(?:-1[03])?\s*:?\s*((?:97[89][\s-]?)?\d[\d\s-]{7,14}[\dXx])\b", re.I)
_ISSN = lazy(r"\b(?:e-|p-)?ISSN\s*:?\s*(\d{4}\s?-?\s?\d{3}[\dXx])\b", re.I)
# what follows an access word: "… on 10 January 2019", "…: 12.01.2019", "… 2018 Apr 17]"
_ACCESS_TAIL = built(
    lambda: (
        r"\.?\s*(?:" + access_connectives() + r"|:|-)*\s*[:\-]?\s*"
        r"(" + DATE_EXPR + r")\s*[)\]]?"
    ),
    re.I,
)
_LETTERS = lazy(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _access_index() -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    """Access phrases (lower case) by their first run of letters, longest first, and apart
    the first runs of the CJK ones, which are not spaced from the text around them."""
    by_run: dict[str, list[str]] = {}
    cjk: set[str] = set()
    for w in access_word_list():
        m = _LETTERS.match(w)
        if m:
            by_run.setdefault(m.group(0), []).append(w)
            if ord(w[0]) >= 0x2E80:
                cjk.add(m.group(0))
    index = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_run.items()}
    return index, tuple(sorted(cjk))


def _find_access(s: str) -> tuple[int, int, tuple[int, int, int]] | None:
    """(start, end, date) of the first access date in ``s``: an access phrase of any
    language ("accessed", "abgerufen am", "дата обращения", "[cit.", "見于") and a date.

    Phrases are looked up where a run of letters starts (a regex alternation of the ~250
    phrases would cost ~0.1 ms a search), and the date after them is checked by
    :func:`parse_date`."""
    low = s.lower()
    if len(low) != len(s):  # a letter whose lower case is longer: positions differ
        return None
    index, cjk = _access_index()
    starts = [(m.start(), m.group(0)) for m in _LETTERS.finditer(low) if m.group(0) in index]
    if not low.isascii():
        for run in cjk:
            i = low.find(run)
            for _ in range(3):
                if i < 0:
                    break
                starts.append((i, run))
                i = low.find(run, i + 1)
    fallback = None
    for i, run in sorted(starts)[:20]:
        for phrase in index[run]:
            if not low.startswith(phrase, i):
                continue
            j = i + len(phrase)
            if j < len(low) and low[j].isalpha() and ord(low[j]) < 0x2E80:
                continue  # the phrase runs on into a longer word
            m = _ACCESS_TAIL.match(s, j)
            d = parse_date(m.group(1)) if m else None
            if m and d:
                found = (_access_start(s, i), m.end(), d)
                if phrase in localeterms.access_words_of_locales():
                    return found
                # a style's own word ("Stand"): only when no locale word dates the access
                fallback = fallback or found
                break
    return fallback


def _access_start(s: str, i: int) -> int:
    """Where an access date starting at ``i`` begins with its bracket ("(accessed …)")."""
    j = i
    while j > 0 and s[j - 1] == " ":
        j -= 1
    return j - 1 if j > 0 and s[j - 1] in "([" else i


_IDS = lazy(
    r"\b(?:PMID|PMCID|PubMed(?:\s+PMID)?)\s*:?\s*(?:PMC)?\d{5,9}\b\.?"
    r"|\[?\s*\b(?:arXiv|arxiv|Arxiv)\s*(?:preprint\s*)?(?:arXiv\s*)?:\s*[\w./-]+(?:\s*\[\s*[\w.-]+\s*\])?\s*\]?"
)
_BROKEN_RANGE = lazy(
    r"(?<![\d.])(\d{1,6})\s*([–—-])\s+(\d{1,6})(?![\d.])|(?<![\d.])(\d{1,6})\s+([–—-])\s*(\d{1,6})(?![\d.])"
)
# GOST 7.0.100-2018 content/carrier designators ("– Текст : электронный") and resource
# kinds ("Title : [сайт]"): notes, not part of the title or the place and publisher
_GOST_DESIGNATOR = lazy(
    r"(?:\s*[.–—-])*\s*\b(?:Текст|Изображение|Электронная\s+программа)\s*:\s*"
    r"(?:электронный|непосредственный|визуальный|электронная)\b\.?"
    r"|\s*:\s*\[(?:сайт|веб-сайт|портал|блог|электронный\s+журнал|видеозапись)\]",
    re.I,
)
_LANG_BEFORE_IN = lazy(r"\b(?:eng|fre|fra|ger|deu|rus|spa|ita)\s*\.\s*(?=In\s*:)")
_MEDIUM = lazy(
    r"[(\[]\s*(PDF|pdf|Online\s+web|online\s+web|Online|online|On-?line|Electronic\s+resource|"
    r"Электронный\s+ресурс|электронный\s+ресурс|"
    r"Video|video|Audio|audio|Podcast|podcast|Blog|blog|HTML|html|Press\s+release|press\s+release|"
    r"Internet|Web|web|Online\s+version|online\s+version|Microsoft\s+Word|DOC|"
    r"Текст|Tweet|Paperback|Hardcover|Kindle\s+edition|"
    r"subscription\s+required|Subscription\s+required|registration\s+required|free\s+access)\s*[)\]]"
)


@lru_cache(maxsize=1)
def genre_labels() -> dict[str, str]:
    """Bracketed descriptions of a work ("report", "blog post", "data set") -> the kind of
    entry each makes (``data/genre-labels.tsv``; report-series names count as reports)."""
    try:
        raw = (_DATA / "genre-labels.tsv").read_text("utf-8")
    except (FileNotFoundError, OSError):
        raw = ""
    out = {t: "report" for t in localeterms.terms("report-series")}
    for line in raw.splitlines():
        label, _, kind = line.partition("\t")
        if label and kind and not line.startswith("#"):
            out[label.strip().casefold()] = kind.strip()
    return out


def genre_kind(label: str) -> str:
    """The kind of entry ("report", "web", "data", "software", "thesis") a bracketed
    description makes, or ""."""
    return genre_labels().get(regex(r"\s+").sub(" ", label.strip()).casefold(), "")


# "Title (Report). Body.", "Title [Blog post]. Site.", "Title (Version 2.1) [Data set]":
# the descriptions APA and CS1 print in brackets after a title (data/genre-labels.tsv), and
# a version number
_GENRE = built(
    lambda: (
        r"\s*[(\[]\s*(?P<g>"
        + localeterms.alternation(tuple(genre_labels()))
        + r")\s*[)\]]|\s*\(\s*(?P<v>(?:[Vv]ersion|[Vv]er\.|v\.?)\s*\d[\w.-]*)\s*\)"
    ),
    re.I,
)


def title_labels(title: str) -> tuple[str, list[str]]:
    """ "Title (Report) (in Finnish)", "NumPy (Version 2.0.0) [Computer software]": the
    bracketed descriptions, versions and CS1 language notes closing a title, taken off;
    returns (title, the labels as printed)."""
    labels: list[str] = []
    lang = _cs1()[0]
    for _ in range(4):
        m = regex(r"\s*([(\[][^()\[\]]{1,40}[)\]])[\s.,]*$").search(title)
        if not m or m.start() < 3:
            break
        g = m.group(1)
        if not (_GENRE.fullmatch(g) or lang.fullmatch(g)):
            break
        labels.insert(0, g.strip("()[] "))
        title = title[: m.start()].rstrip(" .,")
    return title, labels


# "Retrieved from", "URL:", "Dostupné z:", "Disponível em:" left dangling once the URL is
# gone: the URL lead-ins of every locale ("available at", "retrieved", "from", "accessed")
@lru_cache(maxsize=1)
def _leadins() -> tuple[str, ...]:
    words = {*localeterms.url_leadins(), *localeterms.all_forms("accessed"), "режим доступа"}
    return tuple(sorted((w for w in words if w), key=len, reverse=True))


def _drop_leadins(s: str) -> str:
    """Take the URL lead-ins off the text before each gap (where a URL or DOI was)."""
    if "\x01" not in s:
        return s
    # "Disponible à : <URL : https://…>" (NF Z 44-005, ISO 690): the angle brackets around
    # the lead-in and the URL go with the URL
    s = regex(r"<?\s*((?:URL|url)\s*:?\s*)?\x01\s*>").sub(lambda m: (m.group(1) or "") + "\x01", s)
    parts = s.split("\x01")
    for k in range(len(parts) - 1):
        head = parts[k]
        for _ in range(3):  # "Retrieved … from", "Available online at: URL:"
            h = head.rstrip(" :")
            low = h.lower()
            for w in _leadins():
                if low.endswith(w):
                    i = len(h) - len(w)
                    # a word of its own: not the end of a host name ("oslo.kommune.no")
                    alone = not h[i - 1].isalpha() and h[i - 1] not in "./-_" if i else True
                    if alone or ord(w[0]) >= 0x2E80:
                        head = h[:i]
                        break
            else:
                break
        if head is not parts[k]:
            parts[k] = head + " "
    return "\x01".join(parts)


# "[online]", "[en ligne]", "[interaktyvus]": the CSL "online" term of every locale
_BRACKETED = lazy(r"[(\[]\s*([^()\[\]\x01]{2,40}?)\s*[)\]]")


@lru_cache(maxsize=1)
def _online_words() -> frozenset[str]:
    return frozenset(localeterms.all_forms("online"))


def _online_note(s: str) -> re.Match[str] | None:
    for k, m in enumerate(_BRACKETED.finditer(s)):
        if k >= 8:
            break
        if m.group(1).lower() in _online_words():
            return m
    return None


_ARCHIVED = built(
    lambda: (
        r"\b[Aa]rchived\s+(?:from\s+the\s+original\s*)?(?:\((?:PDF|pdf)\)\s*)?(?:on\s+)?"
        r"(?:" + DATE_EXPR + r")\.?"
    ),
    re.I,
)


@lru_cache(maxsize=1)
def _cs1() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(language, archive service, via) patterns from ``data/cs1_annotations.txt``."""
    try:
        raw = (_DATA / "cs1_annotations.txt").read_text("utf-8")
    except (FileNotFoundError, OSError):
        raw = ""
    sec: dict[str, list[str]] = {"language": [], "archive": [], "via": []}
    for line in raw.splitlines():
        key, _, phrase = line.partition(":")
        if not line.startswith("#") and key.strip() in sec and phrase.strip():
            sec[key.strip()].append(re.escape(phrase.strip()))
    never = r"(?!x)x"
    lang = "|".join(sorted(sec["language"], key=len, reverse=True)) or never
    arch = "|".join(sorted(sec["archive"], key=len, reverse=True)) or never
    via = "|".join(sec["via"]) or never
    return (
        # "(in Chinese)", "(in French and German)": the language of the source
        re.compile(rf"\(\s*in\s+(?:{lang})(?:(?:\s*,\s*|\s+and\s+)(?:{lang})){{0,3}}\s*\)"),
        # "at the Wayback Machine" after an archive date, or standing alone
        re.compile(rf"\s*\bat\s+(?:{arch})\b\.?"),
        # "– via ProQuest": the service the source was read through
        re.compile(
            rf"\s+[–—-]\s*(?:{via})\s+([^\s.;,()\x01][^.;,()\x01]{{0,60}}?"
            # a service named by its domain: "– via Newspapers.com"
            rf"(?:\.(?:com|org|net|gov|edu|info|io|co\.uk)\b)?)\s*(?=[.;,(]|\x01|$)"
        ),
    )


def _cs1_annotations(s: str, notes: list[str]) -> str:
    """Take Wikipedia CS1 annotations out of the text into ``notes``."""
    lang, arch, via = _cs1()
    # only in CS1's layout: after a quoted title ('"Title" (in Chinese)') or in a reference
    # that CS1 dates ("Retrieved …"); academic lists keep "(in Russian)" as part of the title
    cs1 = "Retrieved" in s or "Archived" in s
    pos = 0
    for _ in range(3 if "(in " in s or "( in " in s else 0):
        m = lang.search(s, pos)
        if not m:
            break
        pos = m.end()
        if cs1 or s[: m.start()].rstrip().endswith(('"', "”", "»", "(PDF)")):
            notes.append(m.group(0).strip("() "))
            s = s[: m.start()] + _GAP + s[m.end() :]
            pos = m.start()
    if " at " in s:
        m = arch.search(s)
        if m:
            s = s[: m.start()] + _GAP + s[m.end() :]
    if "via " in s:
        m = via.search(s)
        if m:
            notes.append("via " + m.group(1).strip())
            s = s[: m.start()] + _GAP + s[m.end() :]
    return s


# "Kucera, Joshua (2014-05-01)": a numeric date in brackets, spelled out for the tagger
_ISO_IN_BRACKETS = lazy(r"\((\d{4})-(\d{2})-(\d{2})\)")
_MONTH_NAMES = list(MONTH_NAMES)
_ON_DATE_AFTER_URL = lazy(r"\x01\s*,?\s*\bon\s+(" + DATE_EXPR + r")", re.I)
_GAP = " \x01 "  # marks where an extracted part was


def _join_gap(m: re.Match[str]) -> str:
    p = m.group(1) or m.group(2)
    return (p + " ") if p else " "


_GLUED_OPEN = lazy(r"[(\[]\s*(?:last\s+|date\s+)?([^\W\d_]+)", re.I)


def _glued_note(url: str) -> int:
    """Where an access note glued to the end of a URL starts ("….pdf(accessed: …)"), or -1."""
    index = _access_index()[0]
    low = url.lower()
    for k, m in enumerate(_GLUED_OPEN.finditer(url)):
        if k >= 5 or len(low) != len(url):
            break
        phrases = index.get(m.group(1).lower(), ())
        if m.start() > 8 and any(low.startswith(p, m.start(1)) for p in phrases):
            return m.start()
    return -1


def _take_url(s: str, m: re.Match[str]) -> tuple[str, int]:
    """The URL at ``m`` re-joined across stray spaces, and where it ends."""
    url = regex(r"\s").sub("", m.group(1))
    end = m.end(1)
    for _ in range(5):  # URLs broken by spaces: bounded re-joining
        if end < len(s) and s[end] == ">":
            break
        c = _URL_CONT.match(s, end)
        if not c:
            break
        nxt = c.group(1)
        joins = url[-1] in "/-_=?&%.#~" and not regex(r"^[A-Z][a-z]+[,.]?$").match(nxt)
        joins = joins or (nxt[0] in "/-_.?&=%#~" and len(nxt) > 1)
        joins = joins or bool(
            regex(r"^[\w\-%~]*(?:/|\.(?:html?|php|aspx?|pdf|jsp|cfm|shtml)\b)").match(nxt)
            and not regex(r"^(?:Retrieved|Accessed|Archived)").match(nxt)
        )
        if not joins or "://" in nxt or nxt.lower().startswith("www."):
            break
        url += nxt
        end = c.end(1)
    # trailing punctuation is not part of the URL (a ")" is, when it closes a "(")
    while (url and url[-1] in ".,;:'\"”’]>(") or (
        url.endswith(")") and url.count("(") < url.count(")")
    ):
        url = url[:-1]
        end -= 1
    url = regex(r"^(https?|ftp)\s?:\s?//\s?").sub(r"\1://", url)
    # "...file.pdf(accessed: ...)": a note glued to the end of the URL
    cut = _glued_note(url) if ("(" in url or "[" in url) else -1
    if cut > 0:
        end -= len(url) - cut
        url = url[:cut]
    return url, end


def _spelled_date(m: re.Match[str]) -> str:
    mo, day = int(m.group(2)), int(m.group(3))
    if not (1 <= mo <= 12 and 1 <= day <= 31):
        return m.group(0)
    return f"({day} {_MONTH_NAMES[mo - 1]} {m.group(1)})"


def _site_name(s: str, m: re.Match[str], url: str) -> bool:
    """A bare "www.example.gov.xx" standing as its own segment is a site name.

    Class: web references that name the site by its domain ('"Title". www.rferl.org.
    Retrieved …'). A domain with a path, a scheme, or a lead-in ("Available at",
    "URL:") stays a URL.
    """
    if "/" in url or m.start(1) != m.start():
        return False
    before = s[: m.start()].rstrip()
    # after a field separator, or after " – " / " | " closing a page title ("Title – www.x.org")
    return (
        not before
        or before[-1] in '.,;”"'
        or (before[-1] in "–—|-" and s[m.start() - 1 : m.start()].isspace())
    )


def extract(text: str) -> Extracted:
    """Pull URLs, DOI, ISBN/ISSN, access date and medium notes out of ``text``."""
    ex = Extracted(text)
    s = text
    low = text.lower()
    # "Archived from the original (PDF) on 4 March 2018": an archive note, not the
    # date of the work
    m = _ARCHIVED.search(s) if "rchive" in s else None
    if m:
        note = regex(r"\s*\((?:PDF|pdf)\)").sub("", m.group(0)).strip(" .")
        end = m.end()
        at = _cs1()[1].match(s, end)  # "Archived 2016-03-04 at the Wayback Machine"
        if at:
            note += " " + at.group(0).strip(" .")
            end = at.end()
        ex.notes.append(note)
        s = s[: m.start()] + _GAP + s[end:]
    if "(in " in s or " at " in s or "via " in s:
        s = _cs1_annotations(s, ex.notes)
    # access dates: "accessed on 10 January 2019", "дата обращения: 12.01.2019"
    found = _find_access(s)
    if found:
        a, b, d = found
        ex.urldate = iso(d)
        s = s[:a] + _GAP + s[b:]
    # URLs (and DOIs written as URLs)
    out: list[str] = []
    pos = 0
    for _ in range(20 if ("//" in s or "www." in low or _BARE_DOMAIN.search(low)) else 0):
        m2 = _URL.search(s, pos)
        if not m2:
            break
        url, end = _take_url(s, m2)
        if _site_name(s, m2, url):
            out.append(s[pos:end])
            pos = end
            continue
        dm = regex(r"(?:https?://)?(?:dx\.)?doi\.org/(10\..+)", re.I).match(url)
        if dm and not ex.doi:
            ex.doi = dm.group(1)
        elif url:
            ex.url.append(url)
        out.append(s[pos : m2.start()])
        out.append(_GAP)
        pos = end
    out.append(s[pos:])
    s = "".join(out)
    if out and len(out) > 1:
        s = _drop_leadins(s)  # before the DOI: "…7.2333.URL https://…"
    if not ex.urldate and ex.url:
        m = _ON_DATE_AFTER_URL.search(s)
        after = parse_date(m.group(1)) if m else None
        if m and after:
            ex.urldate = iso(after)
            s = s[: m.start()] + _GAP + s[m.end() :]
    m = _DOI.search(s) if "10." in s else None
    if m:
        doi = regex(r"\s").sub("", m.group(1))
        doi = regex(r"\[(?:doi|pii)\]?$", re.I).sub("", doi).rstrip(".,;:)]")
        if not ex.doi:
            ex.doi = doi
        s = s[: m.start()] + _GAP + s[m.end() :]
    m = _ISBN.search(s) if "isbn" in low else None
    if m:
        ex.isbn = regex(r"\s").sub("", m.group(1))
        s = s[: m.start()] + _GAP + s[m.end() :]
    m = _ISSN.search(s) if "issn" in low else None
    if m:
        ex.issn = regex(r"\s").sub("", m.group(1))
        s = s[: m.start()] + _GAP + s[m.end() :]
    # database identifiers: "PMID: 22424236", "PMCID: PMC3341616", "arXiv:1105.0630 [hep-th]"
    for _ in range(6 if ("PM" in s or "rXiv" in s or "rxiv" in s) else 0):
        m = _IDS.search(s)
        if not m:
            break
        ex.notes.append(regex(r"\s+").sub(" ", m.group(0).strip(" ,;[]")))
        s = s[: m.start()] + _GAP + s[m.end() :]
    # page ranges broken by spaces: "1309– 1321", "463 -466", "1 - 59"
    s = _BROKEN_RANGE.sub(lambda m: "".join(g for g in m.groups() if g), s)
    # a language code before "In:" (biblatex's default style): "eng. In: Cell"
    s = _LANG_BEFORE_IN.sub(" ", s)
    for _ in range(5 if ("(" in s or "[" in s) else 0):
        m = _MEDIUM.search(s) or _online_note(s)
        if not m:
            break
        ex.notes.append(m.group(1))
        s = s[: m.start()] + _GAP + s[m.end() :]
    # the description stays in the text (the tagger reads it as the title's end) and is
    # taken off the fields after tagging (fields.labelled_type)
    pos = 8
    for _ in range(3 if ("(" in s or "[" in s) else 0):
        m = _GENRE.search(s, pos)
        if not m:
            break
        pos = m.end()
        if m.group("g") and not ex.genre:
            ex.genre = regex(r"\s+").sub(" ", m.group("g"))
    for _ in range(3 if ("Текст" in s or ": [" in s or "Изображение" in s) else 0):
        m = _GOST_DESIGNATOR.search(s)
        if not m:
            break
        ex.notes.append(m.group(0).strip(" .:–—-"))
        s = s[: m.start()] + _GAP + s[m.end() :]
    s = _WS.sub(" ", s).strip()
    if "-" in s:
        s = _ISO_IN_BRACKETS.sub(_spelled_date, s)
    # "Retrieved from" / "URL:" left dangling once the URL is gone
    s = _drop_leadins(s)
    s = regex(r"\s*\x01[\s\x01]*").sub(_GAP, s)
    s = regex(r"\(\s*\x01\s*\)|\[\s*\x01\s*\]").sub(_GAP, s)
    if s.count(")") > s.count("("):  # a bracket closing around a removed URL
        s = regex(r"\x01\s*\)").sub(_GAP, s)
    s = regex(r"([,.;:]?)\s*\x01\s*([,.;:]?)").sub(_join_gap, s)
    s = _WS.sub(" ", s.replace("\x01", " "))
    s = regex(r"([.,;])(?:\s+[.,;](?=\s|$))+").sub(r"\1", s)
    ex.text = s.strip(" ,;:")
    return ex
