"""Text helpers and patterns shared by the steps that turn tagged spans into
BibTeX fields: edge and quote stripping, volume/issue/pages readers, editor and
container cleaning, and the word classes (theses, reports, conferences, news,
public bodies, publishing houses) that typing and field mapping read."""

from __future__ import annotations

import re
from functools import lru_cache

from bibman.freetext import gazetteer, localeterms, names
from bibman.freetext.lazyre import built, lazy, regex
from bibman.model import Name

_EDGE = " \t,;:./\\-–—"
_QUOTES = "\"'“”‘’«»„‚"


def strip_edges(s: str) -> str:
    s = s.strip()
    for _ in range(4):
        before = s
        s = s.strip(_EDGE)
        if len(s) >= 2 and s[0] in _QUOTES and s[-1] in _QUOTES:
            s = s[1:-1]
        elif s[:1] in _QUOTES and not any(c in s[1:] for c in _QUOTES):
            s = s[1:]
        elif s[-1:] in _QUOTES and not any(c in s[:-1] for c in _QUOTES):
            s = s[:-1]
        if s.startswith("(") and s.endswith(")") and s.count("(") == 1:
            s = s[1:-1]
        elif s.endswith(")") and s.count(")") > s.count("("):
            s = s[:-1]
        elif s.startswith("(") and s.count("(") > s.count(")"):
            s = s[1:]
        if s == before:
            break
    return s.strip()


def strip_title(s: str) -> str:
    s = strip_edges(s)
    # keep a closing "?" / "!" but not a trailing comma or period
    return s


IN_PREFIX = lazy(r"^(?:(?:in|en|dans|im|в|in\s+book|в\s+кн\.?)(?:\s*:\s*|\s+)|//\s*|:\s*)", re.I)


def _editor_words_pattern() -> str:
    """Editor role words of every CSL locale in every form ("eds.", "Hrsg.", "szerk.",
    "a cura di", "под ред.", "редактори", "pnyt."), alone or in brackets."""
    words = localeterms.alternation(localeterms.editor_words(), optional_stop=True)
    return rf"\(?(?<![^\W\d_]){words}\.?\)?,?|\(\s*{words}\.?\s*\)"


_EDITOR_WORDS = built(_editor_words_pattern, re.I)
# "In:", "W:", "Teoksessa", "Dalam": the word for "in" of every locale before the editors
_EDITOR_IN = built(
    lambda: (
        r"^(?:"
        + localeterms.alternation([w for w in localeterms.all_forms("in") if len(w) > 1])
        + r"\s*:?\s+|"
        + localeterms.alternation(localeterms.all_forms("in"))
        + r"\s*:\s*)"
    ),
    re.I,
)
PAGES_PREFIX = lazy(r"^(?:pp?|pages?|pgs?|s|seiten?|с|стр|str)\.?\s*", re.I)
_PAGES = lazy(r"([A-Za-z]{0,2}\d+[A-Za-z]?)(?:\s*(?:[-–—‐‑−]+|to)\s*([A-Za-z]{0,2}\d+[A-Za-z]?))?")
_VOL_WORD = lazy(
    r"(?:\b(?:vol(?:ume)?s?|bd|band|tome|tomo|том|jg|jahrgang)\s*\.?\s*|\b(?:v|t|т)(?:\.\s*|\s+))"
    r"([0-9IVXLCivxlc]+(?:[-–/][0-9]+)?[A-Z]?)",
    re.I,
)
_ISSUE_WORD = lazy(
    r"(?:\b(?:no|nos|nr|issue|iss|num|number|heft|fasc|cahier|вып|выпуск|suppl)\.?|\b(?:n|h)(?:\.|\s)|n°|nº|№|#)\s*"
    r"([0-9]+(?:\s*[-–/&]\s*[0-9]+)?[A-Za-z]?)",
    re.I,
)
_VOL_ISSUE = lazy(r"^([0-9]+[A-Z]?)\s*[(\[]\s*([^)\]]{1,20})\s*[)\]]")
_KO_VOL = lazy(r"제?\s*(\d+)\s*권")
_KO_ISSUE = lazy(r"제?\s*(\d+)\s*호")
_ZH_VOL = lazy(r"第?\s*(\d+)\s*卷")
_ZH_ISSUE = lazy(r"第?\s*(\d+)\s*期")
_EDITION = lazy(r"(\d+)(?:st|nd|rd|th|e|\.)?|\b(first|second|third|fourth|fifth|revised)\b", re.I)
THESIS_PHD = lazy(
    r"ph\.?\s?d|doctor|doctoral|dissertation|diss\b|thèse|habilitation|диссертац|дисс?\.|박사|"
    r"doutorado",
    re.I,
)
THESIS_MA = lazy(
    r"master|m\.?\s?sc|m\.?\s?a\.?\b|mphil|diplom|magister|bachelor|licence|석사|mémoire|tesis|tesi|"
    r"mestrado",
    re.I,
)
REPORT = lazy(
    r"\b(?:technical\s+report|tech\.?\s+rep|report|working\s+paper|white\s+paper|discussion\s+paper|"
    r"policy\s+brief|memorandum|preprint|research\s+paper|occasional\s+paper|bericht|rapport|отчет|доклад)\b",
    re.I,
)
CONF = lazy(
    r"\b(?:proc|proceedings|conference|conf|symposium|symp|workshop|congress|meeting|colloquium)\b|"
    r"\b(?:actes|tagung|konferenz|конференц|학술대회|会议)",
    re.I,
)
NEWS = lazy(
    r"\b(?:times|post|globe|news|herald|tribune|gazette|daily|journal|telegraph|guardian|chronicle|"
    r"observer|independent|monitor|hindu|mail|express|standard)\b",
    re.I,
)


INSTITUTION = lazy(
    r"\b(?:Institute|Center|Centre|Service|Agency|Office|Department|Ministry|Council|Bank|Foundation|"
    r"Commission|Committee|Bureau|Program|Programme|Organi[sz]ation|Laboratory|Laboratories|"
    # German, French, Russian public bodies
    r"Institut|Zentrum|Stiftung|Verband|Kommission|Ministère|Agence|Conseil|Direction|"
    r"Ministerio|Secretaría|Instituto|Consejo|Departamento|Agencia|Comisión|Ministero|Istituto|"
    r"Министерств\w*|Агентств\w*|Институт\w*|Комитет\w*|Служб\w*|Центр\w*)\b"
    r"|\w*(?:[Bb]undesamt|[Ll]andesamt|[Mm]inisterium|[Bb]ehörde)\b"
)
# a university's name word (the school of a thesis, the seat of a laboratory)
UNIVERSITY_WORD = (
    r"(?:Universit(?:y|é|ät|at|à|ad|eit|e|as|atea)|College|Hochschule|Politecnico|Polytechnic|"
    r"Institute\s+of\s+Technology|Университет\w*)"
)
UNIVERSITY = lazy(r"\b" + UNIVERSITY_WORD + r"\b")
PUBLISHING = lazy(
    r"\b(?:Press|Verlag|Publish\w*|Books|Editions?|Éditions|Publications?|Editora|Editorial|Wiley|Springer|Elsevier|"
    r"Wydawnictwo|Editura|Kiadó|Forlag|Förlag|Uitgeverij|Издательство|Изд-во|Yayınları)\b",
    re.I,
)


def segments(text: str, spans: list[tuple[int, int]], labels: list[str]) -> list[tuple[str, str]]:
    """Runs of equally labelled tokens, each as the exact substring of ``text``."""
    segs: list[tuple[str, str]] = []
    starts: list[int] = []
    ends: list[int] = []
    for (s, e), lab in zip(spans, labels, strict=True):
        if segs and segs[-1][0] == lab:
            ends[-1] = e
        else:
            segs.append((lab, ""))
            starts.append(s)
            ends.append(e)
    return [(lab, text[a:b]) for (lab, _), a, b in zip(segs, starts, ends, strict=True)]


def page_range(s: str) -> str:
    t = PAGES_PREFIX.sub("", strip_edges(s))
    m = _PAGES.search(t)
    if not m:
        return ""
    return m.group(1) + ("-" + m.group(2) if m.group(2) else "")


class _Label:
    """A volume or issue label of a locale and the number after it (a match's shape)."""

    def __init__(self, start: int, end: int, number: str) -> None:
        self._start, self._end, self._number = start, end, number

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, _i: int) -> str:
        return self._number


_RUN = lazy(r"[^\W\d_]+")
_NUMBER_AFTER = lazy(r"\s*\.?\s*([0-9IVXLCivxlc]+(?:[-–/][0-9]+)?[A-Za-z]?)(?![^\W\d_])")


@lru_cache(maxsize=2)
def _label_index(kind: str) -> dict[str, tuple[str, ...]]:
    """The CSL "volume" or "issue" labels of every locale ("Cilt", "Sayı", "nᵒ", "izd.",
    "blg.", "rhif."), by their first run of letters; a label that is both (Welsh "rhif.")
    and short Latin ones ("b.", "kd") are left out."""
    other = "issue" if kind == "volume" else "volume"
    both = set(localeterms.all_forms(other))
    out: dict[str, list[str]] = {}
    for w in localeterms.all_forms(kind):
        if w in both or (w.isascii() and len(w.rstrip(".")) < 3 and w not in ("nr", "nr.")):
            continue
        m = _RUN.match(w)
        if m:
            out.setdefault(m.group(0), []).append(w.rstrip("."))
    return {k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in out.items()}


def _locale_label(t: str, kind: str) -> _Label | None:
    """A volume/issue label of another language and its number: "Cilt 14", "nᵒ 8"."""
    low = t.lower()
    if len(low) != len(t):
        return None
    index = _label_index(kind)
    for k, m in enumerate(_RUN.finditer(low)):
        if k >= 8:
            break
        for w in index.get(m.group(0), ()):
            if low.startswith(w, m.start()):
                n = _NUMBER_AFTER.match(t, m.start() + len(w))
                if n:
                    return _Label(m.start(), n.end(), n.group(1))
    return None


def volume_issue(s: str) -> tuple[str, str, str]:
    """(volume, number, leftover) from a volume segment."""
    t = strip_edges(s)
    vol = num = ""
    for rx_v, rx_i in ((_KO_VOL, _KO_ISSUE), (_ZH_VOL, _ZH_ISSUE)):
        mv, mi = rx_v.search(t), rx_i.search(t)
        if mv or mi:
            return (mv.group(1) if mv else ""), (mi.group(1) if mi else ""), ""
    m = regex(r"(\d{1,5})\s*[.:/]\s*(\d{1,5})\s*:?").fullmatch(t)  # "11.2", "39:20:", "20/1"
    if m:
        return m.group(1), m.group(2), ""
    m = _VOL_ISSUE.match(t)
    if m:
        vol = m.group(1)
        inner = _ISSUE_WORD.search(m.group(2))
        num = inner.group(1) if inner else m.group(2).strip()
        return vol, num, t[m.end() :].strip(_EDGE)
    vl: re.Match[str] | _Label | None = _VOL_WORD.search(t) or _locale_label(t, "volume")
    il: re.Match[str] | _Label | None = _ISSUE_WORD.search(t) or _locale_label(t, "issue")
    if vl:
        vol = vl.group(1)
        after = regex(r"\s*[(\[]\s*([0-9]+(?:[-–/][0-9]+)?)\s*[)\]]").match(t[vl.end() :])
        if after and not il:
            num = after.group(1)
    if il:
        num = regex(r"\s+").sub("", il.group(1))
    if not vl:
        only_paren = regex(r"[(\[]\s*([0-9]+(?:[-–/][0-9]+)?)\s*[)\]]").fullmatch(s.strip(" ,.:;"))
        bare = regex(r"^\(?([0-9]+[A-Z]?|[IVXLC]+)\)?(?:[.,:]|\s|$)").match(t)
        if only_paren:
            return "", only_paren.group(1), ""
        if bare and not (il and il.start() == 0):
            vol = bare.group(1)
            rest = t[bare.end() :].strip(" ,.:")
            if not il and rest:
                mp = regex(r"^[(\[]\s*([0-9]+(?:[-–/][0-9]+)?)\s*[)\]]$").match(rest)
                if mp:
                    num = mp.group(1)
                else:
                    return vol, "", rest
    if not vol and not num:
        return "", "", t
    return vol, num, ""


def editor_names(s: str) -> tuple[Name, ...]:
    t = IN_PREFIX.sub("", strip_edges(s))
    t = _EDITOR_IN.sub("", t)
    t = _EDITOR_WORDS.sub(" ", t)
    t = regex(r"\s+").sub(" ", t).strip(" ,;:.")
    return names.split_names(t) if t else ()


# "In M. Rossi (a cura di), Storia di Genova", "In: Bohnsack, R., Meuser, M. (Hrsg.):
# Hauptbegriffe …, S.": the editors with their role word in brackets, then the book
_EDITORS_THEN_BOOK = built(
    lambda: (
        r"^(?P<e>[^()]{3,200}?\(\s*"
        + localeterms.alternation(localeterms.editor_words(), optional_stop=True)
        + r"\.?\s*\))\s*[.,:]?\s+(?P<c>[^\W\d_].{2,})$"
    ),
    re.I,
)
_PAGE_WORD_TAIL = lazy(r"[,;]?\s*(?:pp?|S|s|с|str|p)\.?$")


def editors_then_book(s: str) -> tuple[str, str] | None:
    """An editor span that runs on into the book's title: (editors, book title)."""
    m = _EDITORS_THEN_BOOK.match(strip_edges(s))
    if not m or regex(r"[^\W\d_]{4,}\.\s").search(m.group("e")):
        return None  # "Machine Intelligence. (Ed.) E. Elcock": a title before the role word
    book = _PAGE_WORD_TAIL.sub("", m.group("c").strip()).strip(" ,.;:")
    return (m.group("e"), book) if len(book) >= 3 else None


def container_name(s: str) -> str:
    t = strip_edges(s)
    t = IN_PREFIX.sub("", t)
    return strip_edges(t)


def is_newspaper(journal: str, f: dict[str, str]) -> bool:
    key = gazetteer.site_key(journal)
    if key in gazetteer.sites() and "volume" not in f and not INSTITUTION.search(journal):
        return True
    return bool(NEWS.search(journal)) and "date" in f and "volume" not in f and "pages" not in f
