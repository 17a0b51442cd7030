"""Parse one free-text reference string into a :class:`bibman.model.Reference`.

Pipeline (each step small and named):

1. ``normalize.clean`` and ``normalize.strip_label`` (list numbers, "^ a b").
2. ``normalize.extract``: URLs (re-joined when broken by spaces), DOI, ISBN,
   ISSN, access dates in several languages, medium notes such as "(PDF)".
3. Either the *site rule* (a bare "Title SiteName" line, as in Wikipedia
   footnotes: the site is split off with the gazetteer and organisation
   patterns) or the CRF tagger (``tagger``) labels each token.
4. Labelled segments become BibTeX fields; the entry type follows from which
   fields were found. Text that fits no field goes to ``note`` — nothing is
   dropped.

Web pages are ``@misc`` with ``howpublished`` = the site or publishing body,
``url`` and ``urldate``: BibTeX's plain style and biblatex both accept that
without warnings (``@online`` is unknown to plain.bst). Newspaper articles are
``@article`` with ``entrysubtype = {newspaper}``.
"""

from __future__ import annotations

import itertools
import re

from bibman.freetext import cjk, gazetteer, gost, names, normalize, tagger
from bibman.freetext.dates import MONTHS, iso, parse_date
from bibman.freetext.lazyre import lazy, regex
from bibman.freetext.normalize import Extracted, clean, extract, strip_label
from bibman.model import Diagnostic, Name, Reference

FIELD_ORDER = (
    "title",
    "journal",
    "booktitle",
    "publisher",
    "institution",
    "school",
    "organization",
    "address",
    "year",
    "month",
    "date",
    "volume",
    "number",
    "pages",
    "edition",
    "series",
    "type",
    "entrysubtype",
    "howpublished",
    "url",
    "doi",
    "isbn",
    "issn",
    "urldate",
    "note",
)

MAX_CHARS = 5000  # longer input: the head is parsed, the rest kept in note

_EDGE = " \t,;:./\\-–—"
_QUOTES = "\"'“”‘’«»„‚"


def _strip(s: str) -> str:
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


def _strip_title(s: str) -> str:
    s = _strip(s)
    # keep a closing "?" / "!" but not a trailing comma or period
    return s


_IN_PREFIX = lazy(r"^(?:(?:in|en|dans|im|в|in\s+book|в\s+кн\.?)(?:\s*:\s*|\s+)|//\s*|:\s*)", re.I)
_EDITOR_WORDS = lazy(
    r"\(?\b(?:eds?|editors?|edited\s+by|ed\.\s+by|hrsg|hg|hrsgg|herausgegeben\s+von|dir|coord|comp|éds?|"
    r"под\s+ред(?:акцией)?|ред)\b\.?\)?,?|\(\s*(?:eds?|hrsg|dir|éds?)\.?\s*\)",
    re.I,
)
_PAGES_PREFIX = lazy(r"^(?:pp?|pages?|pgs?|s|seiten?|с|стр|str)\.?\s*", re.I)
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
_THESIS_PHD = lazy(
    r"ph\.?\s?d|doctor|doctoral|dissertation|diss\b|thèse|habilitation|диссертац|дис\.|박사", re.I
)
_THESIS_MA = lazy(
    r"master|m\.?\s?sc|m\.?\s?a\.?\b|mphil|diplom|magister|bachelor|licence|석사|mémoire|tesis|tesi",
    re.I,
)
_REPORT = lazy(
    r"\b(?:technical\s+report|tech\.?\s+rep|report|working\s+paper|white\s+paper|discussion\s+paper|"
    r"policy\s+brief|memorandum|preprint|research\s+paper|occasional\s+paper|bericht|rapport|отчет|доклад)\b",
    re.I,
)
_CONF = lazy(
    r"\b(?:proc|proceedings|conference|conf|symposium|symp|workshop|congress|meeting|colloquium)\b|"
    r"\b(?:actes|tagung|konferenz|конференц|학술대회|会议)",
    re.I,
)
_NEWS = lazy(
    r"\b(?:times|post|globe|news|herald|tribune|gazette|daily|journal|telegraph|guardian|chronicle|"
    r"observer|independent|monitor|hindu|mail|express|standard)\b",
    re.I,
)


_INSTITUTION = lazy(
    r"\b(?:Institute|Center|Centre|Service|Agency|Office|Department|Ministry|Council|Bank|Foundation|"
    r"Commission|Committee|Bureau|Program|Programme|Organi[sz]ation|Laboratory|Laboratories|"
    # German, French, Russian public bodies
    r"Institut|Zentrum|Stiftung|Verband|Kommission|Ministère|Agence|Conseil|Direction|"
    r"Ministerio|Secretaría|Instituto|Consejo|Departamento|Agencia|Comisión|Ministero|Istituto|"
    r"Министерств\w*|Агентств\w*|Институт\w*|Комитет\w*|Служб\w*|Центр\w*)\b"
    r"|\w*(?:[Bb]undesamt|[Ll]andesamt|[Mm]inisterium|[Bb]ehörde)\b"
)
_PUBLISHING = lazy(
    r"\b(?:Press|Verlag|Publish\w*|Books|Editions?|Éditions|Publications?|Editora|Editorial|Wiley|Springer|Elsevier|"
    r"Wydawnictwo|Editura|Kiadó|Forlag|Förlag|Uitgeverij|Издательство|Изд-во|Yayınları)\b",
    re.I,
)


def _segments(text: str, spans: list[tuple[int, int]], labels: list[str]) -> list[tuple[str, str]]:
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


def _pages(s: str) -> str:
    t = _PAGES_PREFIX.sub("", _strip(s))
    m = _PAGES.search(t)
    if not m:
        return ""
    return m.group(1) + ("-" + m.group(2) if m.group(2) else "")


def _volume_issue(s: str) -> tuple[str, str, str]:
    """(volume, number, leftover) from a volume segment."""
    t = _strip(s)
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
    mv = _VOL_WORD.search(t)
    mi = _ISSUE_WORD.search(t)
    if mv:
        vol = mv.group(1)
        after = regex(r"\s*[(\[]\s*([0-9]+(?:[-–/][0-9]+)?)\s*[)\]]").match(t[mv.end() :])
        if after and not mi:
            num = after.group(1)
    if mi:
        num = regex(r"\s+").sub("", mi.group(1))
    if not mv:
        only_paren = regex(r"[(\[]\s*([0-9]+(?:[-–/][0-9]+)?)\s*[)\]]").fullmatch(s.strip(" ,.:;"))
        bare = regex(r"^\(?([0-9]+[A-Z]?|[IVXLC]+)\)?(?:[.,:]|\s|$)").match(t)
        if only_paren:
            return "", only_paren.group(1), ""
        if bare and not (mi and mi.start() == 0):
            vol = bare.group(1)
            rest = t[bare.end() :].strip(" ,.:")
            if not mi and rest:
                mp = regex(r"^[(\[]\s*([0-9]+(?:[-–/][0-9]+)?)\s*[)\]]$").match(rest)
                if mp:
                    num = mp.group(1)
                else:
                    return vol, "", rest
    if not vol and not num:
        return "", "", t
    return vol, num, ""


def _editors(s: str) -> tuple[Name, ...]:
    t = _IN_PREFIX.sub("", _strip(s))
    t = _EDITOR_WORDS.sub(" ", t)
    t = regex(r"\s+").sub(" ", t).strip(" ,;:.")
    return names.split_names(t) if t else ()


def _container(s: str) -> str:
    t = _strip(s)
    t = _IN_PREFIX.sub("", t)
    return _strip(t)


# ---------------------------------------------------------------- site rule

_ORG_HEAD = lazy(
    r"^(?:Department|Ministry|Embassy|Center|Centre|Institute|Organization|Organisation|Agency|Office|"
    r"Committee|Commission|Council|Association|Society|Foundation|Bureau|Conference|Federation|League|"
    r"Bank|Fund|Corporation|Secretariat|Parliament|Government|Library|Museum|Trust|Network|"
    r"University|College|Institution|Service|Authority|Administration|Union|Endowment|Monitor)$"
)
_ORG_LEFT = lazy(
    r"^(?:The|U\.?S\.?|US|UK|UN|EU|National|International|Federal|Royal|American|British|European|"
    r"Russian|Chinese|World|Global|General|Central|State|Foreign|Joint|United|Permanent|"
    r"[A-Z]{2,6})$"
)
_FUNC = {"of", "for", "on", "the", "and", "in", "to", "&", "at", "de", "du", "des"}


def _site_split(
    text: str, known: frozenset[str] = frozenset(), heuristic: bool = True
) -> tuple[str, str] | None:
    """Split "Title SiteName" (no punctuation between) into (title, site)."""
    words = text.split()
    if len(words) < 2:
        return None
    sites = gazetteer.sites()
    # 1. gazetteer / list-known names: the longest suffix that is a known site
    maxw = min(len(words) - 1, max(gazetteer.max_site_words(), 6))
    for k in range(maxw, 0, -1):
        cand = " ".join(words[-k:])
        key = gazetteer.site_key(cand)
        hit = sites.get(key)
        if (hit or key in known) and (k > 1 or hit is None or hit == cand or len(cand) > 4):
            if k == 1 and hit is not None and hit != cand and cand.lower() == cand:
                continue
            return " ".join(words[:-k]), cand
    # 2. organisation name at the end: "... Center for Defense Information"
    for i in range(len(words) - 1, 0, -1):
        w = words[i].strip(",.")
        if _ORG_HEAD.match(w):
            j = i
            while j > 1 and _ORG_LEFT.match(words[j - 1]) and words[j - 1] != words[0]:
                j -= 1
            tail = words[i + 1 :]
            ok = all(t[:1].isupper() or t.lower() in _FUNC or t[:1].isdigit() for t in tail)
            if tail and tail[0].lower() not in _FUNC and i < len(words) - 1:
                ok = False
            if ok and j >= 1:
                return " ".join(words[:j]), " ".join(words[j:])
            break
    # 3. one trailing word that looks like a site: CamelCase, ALLCAPS, a domain
    last = words[-1]
    if heuristic and (
        regex(r"[A-Z][a-z]+(?:[A-Z][a-z]+)+(?:\.\w+)?").fullmatch(last)
        or regex(r"[A-Z]{4,}").fullmatch(last)
        or regex(r"[\w-]+\.(?:com|org|net|ru|kz|gov|edu|info|io|co\.uk)", re.I).fullmatch(last)
        or ("/" in last and regex(r"[A-Z][\w/]+").fullmatch(last))
    ):
        return " ".join(words[:-1]), last
    return None


def _is_bare_title_site(text: str) -> bool:
    """A Wikipedia-style "Title Site" line: words only, no field punctuation."""
    if not text or len(text) > 300:
        return False
    if regex(r"[,;:“”\"«»()]|\.\s|\b(?:1[5-9]|20)\d\d\b").search(text):
        return False
    words = text.split()
    return len(words) >= 2


# ----------------------------------------------------------- corporate authors

# "Organisation (2020). Title" and APA's undated "Organisation. (n.d.). Title"
_CORP_DATE = lazy(
    r"^(.{2,150}?)\s*\(([^()]{0,30}\b(?:1[5-9]|20)\d\d\b[^()]{0,20}|[nsNS]\.\s?[dD]\.|o\.\s?J\.)\)"
    r"\s*[.:,]?\s+(\S.*)$"
)
_CORP_QUOTE = lazy(
    r"^([^“\"«„]{2,160}?)\s*[,.:]\s*(?:\(([^()]{0,30}\b(?:1[5-9]|20)\d\d\b[^()]{0,20})\)\s*[,.:]?\s*)?([“\"«„].+)$"
)
_CORP_COLON = lazy(
    r"^((?:The\s+)?(?:U\.\s?S\.\s|US\s|UK\s|UN\s)?(?:Embassy|Ministry|Department|Office|Government|Council|"
    r"Commission|Agency|Bureau|Committee|Secretariat|Parliament|Administration|Institute|Center|Centre)"
    r"\b[^:,;“\"]{0,100}):\s+(\S.*)$"
)


def _place_tail(org: str) -> tuple[str, str]:
    """Split trailing place words off an organisation: "Embassy of X Washington, D.C."."""
    words = org.split()
    k = len(words)
    while k > 1 and gazetteer.in_class(words[k - 1], "place") and words[k - 1][:1].isupper():
        k -= 1
    if k < len(words) and k >= 2:
        head = " ".join(words[:k]).rstrip(",")
        if names.looks_organisation(head):
            return head, " ".join(words[k:]).strip(" ,")
    return org, ""


_PUB_PLACE_YEAR = lazy(
    r",\s*([^,:;“”\"]{2,80}?):\s*([A-ZÀ-Þ][\w\-]+(?:[ -][A-ZÀ-Þ][\w\-]+){0,2}),?\s+((?:1[5-9]|20)\d\d)\.?$"
)


def _publisher_place_tail(text: str) -> tuple[str, dict[str, str]] | None:
    """ "..., Verlag Dr. Kovac: Hamburg 2008" (publisher before place, German style)."""
    m = _PUB_PLACE_YEAR.search(text)
    if not m:
        return None
    pub, place = m.group(1).strip(), m.group(2).strip()
    if not all(gazetteer.in_class(w, "place") for w in place.split()):
        return None
    if not any(gazetteer.in_class(w, "publisher") for w in pub.split()):
        return None
    return text[: m.start()], {"publisher": pub, "address": place, "year": m.group(3)}


def _corporate_prefix(text: str) -> tuple[str, str, str] | None:
    """(organisation, date text, rest) when a reference opens with a corporate author."""
    for rx in (_CORP_DATE, _CORP_QUOTE):
        m = rx.match(text)
        if m:
            org = m.group(1).strip(" ,:;*")
            if org.endswith(".") and not regex(r"\b[A-Z]\.$").search(org):
                org = org[:-1]
            if (
                org
                and len(org.split()) <= 14
                and names.looks_organisation(org)
                and not regex(r"[“”\"«»]").search(org)
            ):
                return org, m.group(2) or "", m.group(3)
    m = _CORP_COLON.match(text)
    if m:
        return m.group(1).strip(), "", m.group(2)
    return None


def _trailing_site(ex: Extracted, known: frozenset[str]) -> tuple[str, str] | None:
    """ "Title, with punctuation 2001 Center for Defense Information": a known
    site or organisation glued to the end of a line that has no other structure."""
    text = ex.text
    if (
        ex.url
        or len(text) > 400
        or regex(r"[“”\"«»„]|\(\s*(?:1[5-9]|20)\d\d|\b(?:In:|pp\.|vol\.)").search(text)
    ):
        return None
    sp = _site_split(text, known, heuristic=False)
    if sp is None or len(sp[0].split()) < 2:
        return None
    # Wikipedia-style lines end with the bare site name: no final period, no numbers
    if text.rstrip().endswith(".") or regex(r"[\d:;]").search(sp[1]):
        return None
    before = sp[0].rstrip()
    if before[-1:].isalnum() or before[-1:] in "?!)–-":
        return sp
    return None


# ------------------------------------------------------------------ assembly


_NAMEISH = lazy(
    r"^(?:[A-ZÀ-Þ][\w'’\-]+(?:\s+[A-ZÀ-Þ][\w'’\-]+)*,?\s+(?:[A-ZÀ-Þ]{1,3}|(?:[A-ZÀ-Þ]\.\s?)+)"
    r"|(?:[A-ZÀ-Þ]\.\s?)+\s*[A-ZÀ-Þ][\w'’\-]+"
    r"|[A-ZÀ-Þ][\w'’\-]+\s+[A-ZÀ-Þ][\w'’\-]+)"
)
_LEAD_AUTHOR_YEAR = lazy(
    r"^(?P<au>[^\d“\"«]{3,120}?)[.,]?\s+\(?(?P<y>(?:1[5-9]|20)\d\d)[a-z]?\)?[.,:]\s+(?P<rest>\S.*)$"
)


def _names_like(s: str) -> bool:
    """A run of personal names: "Eddie Epstein, J William Murdock, and Tong-Haing Fin"."""
    parts = [p.strip() for p in regex(r",|\band\b|&|;").split(s) if p.strip()]
    if not parts or len(s) > 200:
        return False
    ok = sum(1 for p in parts if len(p.split()) <= 4 and _NAMEISH.match(p))
    return ok == len(parts) and all(
        w[:1].isupper() or w.lower() in names_particles() for p in parts for w in p.split()
    )


def names_particles() -> set[str]:
    return {"van", "von", "de", "der", "den", "da", "di", "del", "la", "le", "du", "dos", "das"}


_REPAIRS = {1, 3}  # which repairs run (numbered as in _repair_segments)


def _repair_segments(segs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Fix common tagging slips with the structure the labels reveal."""
    out = list(segs)
    # "University Press of" + "New England": a name cut after a function word
    i = 0
    while i + 1 < len(out):
        lab, text = out[i]
        if lab in ("publisher", "journal", "container-title") and regex(
            r"\b(?:of|for|and|the|de|du|des|der|für|&)$", re.I
        ).search(text.strip()):
            out[i : i + 2] = [(lab, text + " " + out[i + 1][1])]
            continue
        i += 1
    # "———. Senhora." tagged as one author: the dash is the author, the rest the title
    if out and out[0][0] == "author" and not any(lab == "title" for lab, _ in out):
        dm = regex(r"^((?:[—–\-_]\s*){2,}[.,]?)\s*(\S.*)$").match(out[0][1])
        if dm:
            out[0:1] = [("author", dm.group(1)), ("title", dm.group(2))]
    # "Title. In: Die Zeit, 12.03.2018" tagged as one title: after a full stop, "In:" opens
    # the container (German and biblatex styles), and a date may close it
    if not any(lab in ("journal", "container-title") for lab, _ in out):
        for k, (lab, text) in enumerate(out):
            im = regex(
                r"^(.{3,}?[.?!])\s+(In:\s+\S.*?)(?:,\s*(\d{1,2}\.\d{1,2}\.(?:1[5-9]|20)\d\d\.?))?$"
            ).match(text)
            if lab == "title" and im:
                parts = [("title", im.group(1)), ("container-title", im.group(2))]
                out[k : k + 1] = parts + ([("date", im.group(3))] if im.group(3) else [])
                break
    # numeric dates the tagger does not know: "12.03.2018", "2018-03-12"
    out = [
        ("date", t)
        if regex(
            r"\s*(?:\d{1,2}\.\d{1,2}\.(?:1[5-9]|20)\d\d|(?:1[5-9]|20)\d\d-\d\d-\d\d)[.,;]?\s*"
        ).fullmatch(t)
        else (lab, t)
        for lab, t in out
    ]
    # a quoted string tagged as the author is the title: '“LiveATC,” http://...'
    if out and out[0][0] == "author" and not any(lab == "title" for lab, _ in out):
        qa = out[0][1].strip()
        if qa[:1] in '“"«„' and qa.rstrip(" ,.;:")[-1:] in '”"»':
            out[0] = ("title", qa)
    # no title, and untagged text right after the author/date: its first sentence is the title
    if not any(lab == "title" for lab, _ in out):
        for i, (lab, text) in enumerate(out):
            if lab == "note" and i > 0 and out[i - 1][0] in ("author", "date"):
                mt = regex(r"^(.{3,}?[^A-Z\s])\.\s+(\S.*)$").match(text.strip())
                out[i : i + 1] = (
                    [("title", mt.group(1)), ("note", mt.group(2))] if mt else [("title", text)]
                )
                break
    has_author = any(lab == "author" for lab, _ in out)
    for i, (lab, text) in enumerate(out):
        if lab != "title":
            continue
        t = text.strip()
        # 1. "Schwartz, Anna J. 1982. Title ..." all tagged title
        if 1 in _REPAIRS and not has_author and i == 0:
            m = _LEAD_AUTHOR_YEAR.match(t)
            if (
                m
                and (_names_like(m.group("au")) or "," in m.group("au"))
                and len(m.group("au")) < 100
            ):
                out[i : i + 1] = [
                    ("author", m.group("au")),
                    ("date", m.group("y")),
                    ("title", m.group("rest")),
                ]
                return _repair_segments(out)
        # 2. the author list runs on into the title: previous author text ends with
        #    "," / "and" ("Eric Brown, | Eddie Epstein, and Tong-Haing Fin. Tools ..."),
        #    or the spill ends with a particle ("Silveira, Daniela | Magalhaes da. Fábrica")
        m = regex(r"^(.{2,160}?)(?<![A-Z])\.\s+(\S.*)$").match(t)
        if m and i > 0 and out[i - 1][0] == "author":
            prev = out[i - 1][1].rstrip()
            spill = m.group(1)
            continues = prev.endswith((",", " and", "&")) and _names_like(spill)
            particle = (
                len(spill.split()) <= 3
                and spill.split()[-1] in names_particles()
                and all(w[:1].isupper() or w in names_particles() for w in spill.split())
            )
            if continues or particle:
                out[i - 1 : i + 1] = [("author", prev + " " + spill), ("title", m.group(2))]
                return out
        # 3. a complete quoted title followed by more text: '“Title,” Human Factors'
        q = regex(r"^([“\"«„])(.+?)([”\"»])\s*[,.]?\s*(\S.*)$").match(t)
        if 3 in _REPAIRS and q and q.group(4) and not regex(r"[“\"«„]").search(q.group(4)):
            tail = q.group(4)
            nxt = out[i + 1] if i + 1 < len(out) else None
            if nxt and nxt[0] in ("journal", "container-title"):
                out[i : i + 2] = [
                    ("title", q.group(1) + q.group(2) + q.group(3)),
                    (nxt[0], tail + " " + nxt[1]),
                ]
            else:
                out[i : i + 1] = [
                    ("title", q.group(1) + q.group(2) + q.group(3)),
                    ("journal", tail),
                ]
            return out
        break
    return out


_DAY_MONTH = lazy(r"(\d{1,2})\.?\s+([^\W\d_]{3,9})\.?|([^\W\d_]{3,9})\.?\s+(\d{1,2})")


def _day_month(text: str) -> tuple[int, int] | None:
    """(month, day) of a yearless "15 November" / "November 15", else None."""
    m = _DAY_MONTH.fullmatch(_strip(text))
    if not m:
        return None
    day, name = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    month = MONTHS.get(name.lower())
    return (month, int(day)) if month and 1 <= int(day) <= 31 else None


_DATED_SOURCE = lazy(
    r"^([^\d,;]{3,80}),\s*(\d{1,2}\.\s?\d{1,2}\.\s?\d{4}|\d{4}-\d{2}-\d{2}|"
    r"\d{1,2}\.?\s+[^\W\d_]{3,9}\.?\s+\d{4}|[^\W\d_]{3,9}\.?\s+\d{1,2},?\s+\d{4})$"
)
_LONE_PAREN = lazy(r"[(\[]\s*[0-9]+\s*[)\]]")


def _fields_from_segments(
    segs: list[tuple[str, str]], probs: list[float], ex: Extracted
) -> tuple[str, dict[str, str], tuple[Name, ...], tuple[Name, ...], list[str]]:
    f: dict[str, str] = {}
    authors: tuple[Name, ...] = ()
    editors: tuple[Name, ...] = ()
    notes: list[str] = []
    titles: list[str] = []
    journal = container = ""
    genre = ""
    for lab, text in segs:
        if lab == "author":
            em = regex(
                r"[,(\s]+(?:eds?|editors?|hrsg|hg|dir|éds?|coord)\.?\)?[.,:]?\s*$", re.I
            ).search(text)
            if em and not editors:
                # "Boin, Arjen, and Hart, Paul, eds.": the names are editors
                editors = names.split_names(text[: em.start()])
            else:
                authors = authors + names.split_names(text)
        elif lab == "editor" and (ds := _DATED_SOURCE.match(_IN_PREFIX.sub("", _strip(text)))):
            # "in: Frankfurter Allgemeine Zeitung, 14.03.2019": a dated periodical
            if not journal:
                journal = _strip(ds.group(1))
            d = parse_date(ds.group(2))
            if d and "year" not in f:
                f["year"] = str(d[0])
                if d[1]:
                    f["month"] = str(d[1])
                if d[1] and d[2]:
                    f["date"] = iso(d)
        elif lab == "editor":
            editors = editors + _editors(text)
        elif lab == "translator":
            notes.append(_strip(text))
        elif lab == "title":
            titles.append(_strip_title(text))
        elif lab == "journal":
            if not journal:
                journal = _container(text)
            else:
                notes.append(_strip(text))
        elif lab == "container-title":
            if not container:
                container = _container(text)
            else:
                container += " " + _container(text)
        elif lab == "date":
            d = parse_date(text)
            if d and "year" not in f:
                f["year"] = str(d[0])
                if d[1]:
                    f["month"] = str(d[1])
                if d[1] and d[2]:
                    f["date"] = iso(d)
            elif d and f.get("year") == str(d[0]) and d[1] and "date" not in f:
                # "(2005) ... 22 November 2005": the later, fuller date refines the year
                f["month"] = str(d[1])
                if d[2]:
                    f["date"] = iso(d)
            elif (dm := _day_month(text)) and "year" in f and "date" not in f:
                # "(2018) ..., 15 November": the day and month of the year given before
                f["month"] = str(dm[0])
                f["date"] = iso((int(f["year"]), dm[0], dm[1]))
            elif (
                (m := regex(r"\(\s*(\d{1,4})\s*\)[.,:;]?").fullmatch(text.strip()))
                and "volume" in f
                and "number" not in f
            ):
                f["number"] = m.group(1)  # "9 (201)": an issue number, not a year
            else:
                notes.append(_strip(text))
        elif lab == "volume":
            v, n, rest = _volume_issue(text)
            if not v and n and "volume" not in f and _LONE_PAREN.fullmatch(text.strip(" ,.:;")):
                # "Journal, (21): 615-641": a lone bracketed number with no volume
                # before it is the journal's only numbering; BibTeX calls that volume
                v, n = n, ""
            if v and "volume" not in f:
                f["volume"] = v
            if n and "number" not in f:
                f["number"] = n
            if rest:
                p = _pages(rest) if regex(r"^\d").match(rest) and "pages" not in f else ""
                if p:
                    f["pages"] = p
                else:
                    notes.append(rest)
        elif lab == "pages":
            p = _pages(text)
            if (
                p
                and "-" in p
                and "-" not in f.get("pages", "-")
                and _PAGES_PREFIX.match(_strip(text))
                and _PAGES_PREFIX.sub("", _strip(text)) != _strip(text)
            ):
                # "33, 1 (2013), pp. 39-55": the marked range is the pages; the lone
                # number taken for pages before it was the issue
                if "number" not in f and "volume" in f:
                    f["number"] = f["pages"]
                del f["pages"]
            if p and "pages" not in f:
                f["pages"] = p
            elif not p:
                notes.append(_strip(text))
        elif lab in ("publisher", "location", "edition", "genre", "series", "isbn"):
            val = _strip(text)
            key = {"location": "address"}.get(lab, lab)
            if lab == "genre":
                genre = (genre + " " + val).strip()
            elif key in f:
                f[key] += ", " + val
            elif val:
                f[key] = val
        elif lab == "url":
            u = regex(r"\s").sub("", _strip(text))
            if u:
                ex.url.append(u)
        elif lab == "doi":
            m = regex(r"10\.\d{4,9}/\S+").search(text.replace(" ", ""))
            if m and not ex.doi:
                ex.doi = m.group(0).rstrip(".,;")
        elif lab == "citation-number":
            continue
        else:  # note, other, unknown labels
            t = _strip(text)
            if t:
                notes.append(t)
    if titles:
        t0 = titles[0]
        if f.get("year") and (dd := regex(r"^(\d{1,2})\)[.,]?\s+(?=\S)").match(t0)):
            # "(2020, March 12). Title": the day the tagger put into the title
            t0 = t0[dd.end() :]
            if f.get("month") and "date" not in f and 1 <= int(dd.group(1)) <= 31:
                f["date"] = iso((int(f["year"]), int(f["month"]), int(dd.group(1))))
        # an unopened closing quote ends the title: 'Title", TengriNews'
        m = regex(r"^([^“\"«„]+?)[”\"»]\s*[,.]\s*(\S.*)$").match(t0)
        if m:
            t0 = m.group(1).strip()
            rest = _strip(m.group(2))
            if gazetteer.site_key(rest) in gazetteer.sites() or regex(
                r"[A-Z][\w&'’.-]*(?: [\w&'’.-]+){0,5}"
            ).fullmatch(rest):
                # a known site, or a short digit-free name after the title
                f["_site"] = rest
            elif rest:
                notes.append(rest)
        f["title"] = t0
        notes.extend(titles[1:])
    if genre:
        f["genre"] = genre
    return journal + "\x00" + container, f, authors, editors, notes


_THESIS_PHRASE = lazy(
    r"\b(?:Ph\.?\s?D\.?|Doctoral|Master'?s|M\.?\s?Sc\.?|M\.?\s?A\.?|MPhil|Diploma|Bachelor'?s)\s+"
    r"(?:thesis|dissertation|Thesis|Dissertation)\b"
    r"|\b(?:Dissertation|Thèse\s+de\s+doctorat|Diplomarbeit|Magisterarbeit|Doktorarbeit|"
    r"[Дд]иссертация(?:\s+на\s+соискание[^.,]*)?)\b"
)


def _thesis_genre(f: dict[str, str], text: str) -> None:
    """A thesis the tagger did not mark: take the genre from the text."""
    if f.get("genre") or f.get("journal"):
        return
    m = _THESIS_PHRASE.search(text)
    if not m:
        return
    f["genre"] = m.group(0)
    title = f.get("title", "")
    k = title.find(m.group(0))
    if k > 0:
        rest = title[k + len(m.group(0)) :].strip(" ,.;:)]")
        f["title"] = title[:k].strip(" ,.;:([")  # "Title (Doctoral dissertation)"
        if rest and "publisher" not in f:
            f["publisher"] = rest


def _decide_type(
    f: dict[str, str],
    journal: str,
    container: str,
    editors: tuple[Name, ...],
    ex: Extracted,
    personal: bool = False,
) -> str:
    genre = f.get("genre", "")
    title = f.get("title", "")
    if genre and _THESIS_PHD.search(genre):
        return "phdthesis"
    if genre and _THESIS_MA.search(genre):
        return "mastersthesis"
    if genre and _REPORT.search(genre):
        return "techreport"
    if journal:
        return "article"
    if container:
        return "inproceedings" if _CONF.search(container) else "incollection"
    if editors and title and f.get("publisher"):
        return "book"
    if _REPORT.search(title) and f.get("publisher") and not f.get("pages"):
        return "techreport"
    pub = f.get("publisher", "")
    if pub and _INSTITUTION.search(pub) and not _PUBLISHING.search(pub):
        # a body's page read online (link or access date) vs a printed report
        return "misc" if (ex.url or ex.urldate) and not f.get("address") else "techreport"
    if pub or (f.get("address") and title and (f.get("_placeyear") or personal)):
        return "book"
    return "misc"


def _place_fields(
    typ: str, f: dict[str, str], journal: str, container: str, url: bool = False
) -> tuple[str, dict[str, str]]:
    out = dict(f)
    out.pop("_placeyear", None)
    genre = out.pop("genre", "")
    if typ == "article":
        out["journal"] = journal
        if container:
            out.setdefault("note", container)
        # biblatex's @article has no publisher or location (biber rejects them), and
        # BibTeX styles print neither: a newspaper's city or an online periodical's
        # publishing body is kept in the note. (A printed serial volume with its
        # publisher and place, "Annual Review ..., Palo Alto: Annual Reviews", keeps
        # them: they identify the volume.)
        online = _newspaper(journal, out) or bool(out.get("url") or out.get("urldate") or url)
        moved = (
            [v for v in (out.pop("publisher", ""), out.pop("address", "")) if v] if online else []
        )
        if moved:
            out["note"] = "; ".join([*moved, *([out["note"]] if out.get("note") else [])])
    elif typ in ("incollection", "inproceedings"):
        out["booktitle"] = container
    elif typ in ("phdthesis", "mastersthesis"):
        if "publisher" in out:
            out["school"] = out.pop("publisher")
        if genre:
            out["type"] = genre
    elif typ == "techreport":
        if "publisher" in out:
            inst = out.pop("publisher")
            m = regex(r"^(.+),\s*([^,]+)$").match(inst)
            if (
                m
                and not genre
                and (
                    _REPORT.search(m.group(2))
                    or regex(r"\b(?:Papers?|Series|Reports?|Briefs?)$").search(m.group(2))
                )
            ):
                inst, genre = m.group(1).strip(), m.group(2).strip()
            out["institution"] = inst
        if genre:
            m = regex(r"(?:no\.?|number|nr\.?|#)\s*([\w./-]+)\s*$", re.I).search(genre)
            if m:
                out.setdefault("number", m.group(1))
                genre = genre[: m.start()].strip(" ,")
            out["type"] = genre
    elif typ == "misc":
        if journal or container:
            out["howpublished"] = journal or container
        if "publisher" in out and "howpublished" not in out:
            out["howpublished"] = out.pop("publisher")
        if genre:
            out["type"] = genre
    elif genre:
        out["type"] = genre
    placed = {out.get(k) for k in ("journal", "booktitle", "howpublished", "note")}
    for name in (journal, container):
        if name and name not in placed and not any(name in str(v) for v in out.values()):
            out["note"] = f"{out['note']}; {name}" if out.get("note") else name
    for k in ("journal", "howpublished", "publisher", "institution", "booktitle"):
        v = out.get(k, "")
        if regex(r"the\s+[A-Z]").match(v):
            out[k] = "T" + v[1:]  # "the Boston Globe": a name's article is capitalised
    return typ, out


_TITLE_BODY_PLACE = lazy(r"^(.{8,}?[^\W\d_]{2}[.?!])\s+([^.,]{3,80}),\s*([^.,\d]{2,40})$")


_TITLE_PLACE_PUB = lazy(
    r"^(.{8,}?[^\W_]{2}[.?!])\s+([A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*){0,2})\s?:\s*([^:.]{2,60})$"
)


def _title_trailing_publisher(f: dict[str, str]) -> None:
    """ "Historia myśli socjologicznej, Wydawnictwo Naukowe PWN": a publishing
    house after the title's last comma."""
    title = f.get("title", "")
    head, sep, tail = title.rpartition(", ")
    if (
        sep
        and len(head) >= 8
        and len(tail.split()) <= 5
        and tail[:1].isupper()
        and _PUBLISHING.search(tail)
        and not regex(r"\d").search(tail)
    ):
        f["title"], f["publisher"] = head, tail


def _title_place_publisher(f: dict[str, str]) -> None:
    """ "Maladies infectieuses. Issy-les-Moulineaux : ELSEVIER MASSON" tagged as one
    title: "Place: Publisher" after the title's last sentence, when the place or
    the publisher is a known one."""
    m = _TITLE_PLACE_PUB.match(f.get("title", ""))
    if not m or f.get("address"):
        return
    place, pub = m.group(2), m.group(3).strip()
    known = any(gazetteer.in_class(w, "place") for w in place.split()) or any(
        gazetteer.in_class(w, "publisher") for w in pub.split()
    )
    if known or _PUBLISHING.search(pub):
        f["title"], f["address"], f["publisher"] = m.group(1)[:-1], place, pub


_TITLE_PLACE = lazy(r"^(.{8,}?[^\W_]{2}[.?!])\s+([A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?)\.?$")


def _title_place(f: dict[str, str]) -> None:
    """ "Bevölkerung und Erwerbstätigkeit. Wiesbaden": a known place closing the
    title after its last sentence is where the work was published."""
    m = _TITLE_PLACE.match(f.get("title", ""))
    if (
        m
        and not f.get("address")
        and all(gazetteer.in_class(w, "place") for w in m.group(2).split())
    ):
        f["title"], f["address"] = m.group(1)[:-1], m.group(2)


_TITLE_BODY = lazy(r"^(.{8,}?[^\W_]{2}[.?!])\s+([^.,]{3,80})$")


def _title_body_place(f: dict[str, str]) -> None:
    """ "Klimawandel in Deutschland. Bundesamt für Umwelt, Dessau" tagged as one
    title: a public body and a known place after the last sentence are the
    publisher and its address."""
    m = _TITLE_BODY_PLACE.match(f.get("title", ""))
    if (
        m
        and _INSTITUTION.search(m.group(2))
        and not f.get("address")
        and all(gazetteer.in_class(w, "place") or w[:1].isupper() for w in m.group(3).split())
        and len(m.group(3).split()) <= 3
    ):
        f["title"], f["publisher"], f["address"] = m.group(1)[:-1], m.group(2), m.group(3)
        return
    m = _TITLE_BODY.match(f.get("title", ""))
    if m and f.get("address") and _INSTITUTION.search(m.group(2)):
        # the place was found on its own: "... Deutschland. Bundesamt für Umwelt | Dessau"
        f["title"], f["publisher"] = m.group(1)[:-1], m.group(2)


def _publisher_place(f: dict[str, str]) -> None:
    """ "Éditions Yvon Blais, Cowansville, Québec" -> publisher + address;
    "Paris, Economica" tagged as a place -> address + publisher."""
    pub, addr = f.get("publisher", ""), f.get("address", "")
    if pub and not addr and "," in pub:
        parts = [p.strip() for p in pub.split(",")]
        first = parts[0].split()
        if (
            any(gazetteer.in_class(w, "publisher") for w in first)
            # "University of Bremen, Bremen", "IEA, Paris": a body, then a known place
            or not all(gazetteer.in_class(w, "place") for w in first)
        ) and all(gazetteer.in_class(w, "place") for w in parts[-1].split()):
            f["publisher"], f["address"] = parts[0], ", ".join(parts[1:])
    elif addr and not pub and "," in addr:
        parts = [p.strip() for p in addr.split(",")]
        if (
            len(parts) == 2
            and not any(gazetteer.in_class(w, "place") for w in parts[0].split())
            and all(gazetteer.in_class(w, "place") for w in parts[-1].split())
            and parts[0][:1].isupper()
        ):
            # "Clarendon, Oxford" tagged as a place: the publisher, then its city
            f["publisher"], f["address"] = parts[0], parts[1]
            return
        if all(gazetteer.in_class(w, "place") for w in parts[0].split()) and not any(
            gazetteer.in_class(w, "place") for w in parts[-1].split()
        ):
            f["address"], f["publisher"] = parts[0], ", ".join(parts[1:])


def _month_or_series(word: str) -> bool:
    w = word.lower().strip(".")
    return w in ("série", "serie", "series") or gazetteer.in_class(w, "month")


_VANCOUVER = lazy(
    r"\b(?P<y>(?:1[5-9]|20)\d\d)(?:\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2})?)?\s*;\s*"
    r"(?P<v>[A-Za-z]?\d+)?\s*(?:\(\s*(?P<i>[^()]{1,15})\s*\))?\s*"
    r"(?::\s*(?P<p>[A-Za-z]{0,2}\d+(?:\s*[-–]\s*[A-Za-z]{0,2}\d+)?))?"
)


def _vancouver_tail(f: dict[str, str], text: str) -> None:
    """ "Shock. 2016; 45(3):259-70": year;volume(issue):pages is unambiguous."""
    m = _VANCOUVER.search(text) if ";" in text else None
    if not m or not (m.group("v") or m.group("i")) or not (m.group("p") or m.group("i")):
        return
    f["year"] = m.group("y")
    if m.group("v"):
        f["volume"] = m.group("v")
    if m.group("i"):
        f["number"] = m.group("i").strip()
    if m.group("p"):
        f["pages"] = regex(r"\s*[-–]\s*").sub("-", m.group("p"))


_PHYS_J = r"(?P<j>(?:[A-Z][A-Za-z]{0,12}\.?\s?){1,7}?(?:\s[A-Z](?=[\s,]))?)"
_PHYSICS_TAILS = (
    # "Phys. Rev. D 41, 1231 (1990)", "Nucl. Phys. B262, 263 (1985)", "JCAP 1509, 008 (2015)"
    lazy(
        _PHYS_J
        + r"\s*,?\s*(?P<v>[A-Z]?\d{1,5})\s*[,:]\s*(?P<p>[A-Z]?\d{1,7}(?:\s*[-–]\s*\d{1,7})?)"
        r"\s*\(\s*(?P<y>(?:1[5-9]|20)\d\d)\s*\)[.,;]?$"
    ),
    # "Am. J. Phys., 52 (1984) 527", "Rev. Mod. Phys. 71 (1999) 288"
    lazy(
        _PHYS_J + r"\s*,?\s*(?P<v>[A-Z]?\d{1,5})\s*\(\s*(?P<y>(?:1[5-9]|20)\d\d)\s*\)\s*"
        r"(?P<p>[A-Z]?\d{1,7}(?:\s*[-–]\s*\d{1,7})?)[.,;]?$"
    ),
)


def _physics_tail(f: dict[str, str], text: str, journal: str, container: str) -> str:
    """Physics style "J. Abbrev. Vol, Page (Year)" at the end of a reference."""
    if (journal and f.get("volume") and f.get("pages")) or container:
        return journal
    tail = text.rstrip(" .,;")
    if not tail or not (tail[-1].isdigit() or tail[-1] == ")") or "(" not in tail[-60:]:
        return journal
    for rx in _PHYSICS_TAILS:
        m = rx.search(text[-120:])
        if not m:
            continue
        j = m.group("j").strip(" ,")
        if not ("." in j or regex(r"[A-Z][A-Za-z&]{1,7}").fullmatch(j)) or len(j) < 2:
            continue
        f["volume"], f["year"] = m.group("v"), m.group("y")
        f["pages"] = regex(r"\s*[-–]\s*").sub("-", m.group("p"))
        if f.get("title", "").endswith(j.split()[0]) or f.get("title") == j:
            f.pop("title", None)
        return j
    return journal


def _trailing_volume(f: dict[str, str], name: str) -> str:
    """ "Cell 148. 6." (biblatex: volume. number.) left on the container name."""
    if not name:
        return name
    m = regex(r"^(.*?[^\d\s.,]{2,}\.?)\s+(\d{1,5})\.(?:\s+(\d{1,5}|[A-Z][a-z]+ issue)\.?)?$").match(
        name
    )
    if m and "volume" not in f:
        f["volume"] = m.group(2)
        if m.group(3) and m.group(3).isdigit() and "number" not in f:
            f["number"] = m.group(3)
        return m.group(1).rstrip(" .")
    return name


_CONTAINER_EDS = lazy(
    r"^(?P<c>.+?)[.,]?\s+(?:Eds?\.|Ed\.\s+by|[Ee]dited\s+by|Hrsg\.(?:\s+von)?|Éd\.)\s+(?P<e>[^.]+?)\.?$"
)
_CONTAINER_AFTER_QUOTE = lazy(r"^(?P<t>.*?)[”\"]\s*,?\s*(?:In|in)\s*:?\s+(?P<c>\S.*)$")


def _container_editors(f: dict[str, str], container: str) -> tuple[str, tuple[Name, ...]]:
    """ "Proceedings. Eds. B. Reitz and S. Rieuwerts" -> container + editors;
    'Body” In Theorizing Documentary' -> the rest of the title + container."""
    if not container:
        return container, ()
    m = _CONTAINER_AFTER_QUOTE.match(container)
    if m and f.get("title"):
        f["title"] = f"{f['title']}” {m.group('t')}".strip() if m.group("t") else f["title"]
        container = m.group("c").strip()
    m = _CONTAINER_EDS.match(container)
    if m:
        eds = names.split_names(m.group("e"))
        if eds:
            return m.group("c").strip(" ,."), eds
    return container, ()


_TRAILING_MARKER = lazy(
    r"^(.{3,}?)[,;]?\s+(?:Bd|Band|Vol|Vols|No|Nos|Nr|Heft|Jg|Jahrg|Jahrgang|Tome|T|H|Iss|Issue|"
    r"Num|Number|n°|N°|№)\.?$"
)


def _journal_parts(f: dict[str, str], journal: str) -> str:
    """ "the Boston Globe, Chicago" -> journal + address; "Org: Journal" -> publisher + journal."""
    if not journal:
        return journal
    # "(Fermi-LAT), Phys. Rev. Lett": a leading parenthesis is not part of the name
    m = regex(r"^\([^)]{1,60}\),?\s+(\S.*)$").match(journal)
    if m:
        journal = m.group(1)
    # "J. Struct. Eng., ASCE": a publisher's acronym after the journal name
    m = regex(r"^(.{3,}?),\s*([A-Z]{2,6})$").match(journal)
    if m and regex(r"[IVXLC]+").fullmatch(m.group(2)):
        m = None  # "Management Science, XIII": a Roman volume number (taken below)
    if m:
        journal = m.group(1)
        if "publisher" not in f:
            f["publisher"] = m.group(2)
    # "The New York Times July(11)": a date left on the name
    m = regex(r"^(.{3,}?)\s+([A-Z][a-z]+)\s*\(\d{1,2}\)$").match(journal)
    if m and gazetteer.in_class(m.group(2), "month"):
        journal = m.group(1)
    # a volume/issue marker whose number went elsewhere: "Zoologischer Anzeiger, Bd"
    m = _TRAILING_MARKER.match(journal)
    if m:
        journal = m.group(1)
    # trailing volume or date bits the tagger left on the name
    m = regex(r"^(.{3,}?),?\s+([IVXLC]{1,6}|[A-Z]?\d{1,5})$").match(journal)
    if (
        m
        and "volume" not in f
        and not regex(r"\b(?:Part|Section|Series|Ser\.?)$").search(m.group(1))
    ):
        journal, f["volume"] = m.group(1), m.group(2)
    m = regex(
        r"^(.{3,}?),\s*(?:(?:\d+(?:e|st|nd|rd|th)\s+s[ée]rie)|(?:[A-Z][a-z]+(?:\s*[-–]\s*[A-Z][a-z]+)?))$"
    ).match(journal)
    if m and any(
        _month_or_series(w) for w in regex(r"[\s\-–,]+").split(journal[len(m.group(1)) :]) if w
    ):
        journal = m.group(1)
    m = regex(r"^(.+?),\s*([^,]+)$").match(journal)
    if m and all(gazetteer.in_class(w, "place") for w in m.group(2).split()) and "address" not in f:
        f["address"] = m.group(2).strip()
        journal = m.group(1).strip()
    m = regex(r"^(.+?):\s+(.+)$").match(journal)
    if m and "publisher" not in f:
        head = m.group(1)
        if gazetteer.site_key(head) in gazetteer.sites() or (
            names.looks_organisation(head)
            and regex(r"\b(?:Foundation|Institute|Center|Centre)\b").search(head)
        ):
            f["publisher"] = head.strip()
            journal = m.group(2).strip()
    return journal


def _series_letter(f: dict[str, str], journal: str) -> str:
    """A physics journal's series letter glued to the volume ("Phys. Rev. D98, 035001",
    "Nucl. Phys. B360"): the letter ends the journal's name, the digits are the volume.
    Only after an abbreviated name that does not end in a letter already ("Nucl. Phys. B
    B272" keeps its volume)."""
    m = regex(r"([A-H])(\d{1,4})").fullmatch(f.get("volume", ""))
    last = journal.rstrip(" ,").rsplit(None, 1)[-1] if journal.strip() else ""
    if m and last.endswith(".") and len(last.strip(".")) > 1:
        f["volume"] = m.group(2)
        return journal.rstrip(" ,") + " " + m.group(1)
    if m and gazetteer.in_class(last, "journal") and len(last) > 1 and last.istitle():
        f["volume"] = m.group(2)
        return journal.rstrip(" ,") + " " + m.group(1)
    return journal


def _site_fields(f: dict[str, str], journal: str) -> None:
    """A known news outlet or site tagged as place or publisher is the container."""
    if journal or "_site" in f or f.get("genre"):
        return
    for key in ("address", "publisher"):
        v = f.get(key, "")
        if (
            v
            and gazetteer.site_key(v) in gazetteer.sites()
            and not gazetteer.in_class(v, "place")
            and not _INSTITUTION.search(v)
            # "London: Amnesty International": an imprint with its city publishes
            and not (key == "publisher" and f.get("address"))
        ):
            f["_site"] = f.pop(key)
            return


_ABBREV_WORD = lazy(r"^[A-Z][a-z]{0,7}\.$|^[A-Z]{2,}$|^[A-Z][a-z]*\.[A-Z]")


_ABBREV_TAIL = lazy(
    r"^(.*?)(?:^|(?<=[.?!])\s+|(?<=[^\W\d_]{2}\.)(?=[A-Z])|(?<=[^\W_])\s?,\s*(?=[A-Z]))"
    r"((?:[A-Z][a-z]{0,6}\s?\.\s*)*[A-Z][a-z]{0,6})\s?\.?$"
)
_ABBREV_HEAD = lazy(r"^[A-Z][a-z]{0,6}(?:\.|\s\.|\s[A-Z][a-z]{0,6}\.)")
_GLUED_SENTENCE = lazy(r"^((?:[^.]*\s)?[^\W\d_]{4,})\.([A-Z][\w&]*(?:\s.*)?)$")


def _abbreviated_journal_head(f: dict[str, str], journal: str, text: str) -> str:
    """ "Über stationäre Paralyse. Allg. | Z. Psychiatr." and "Mon. Not. | R. Astron.
    Soc.": abbreviated words that end the title, when the journal name is itself
    abbreviated, are the start of the journal name; "Refined Topological
    Strings.JHEP" tagged as journal: the end of the title glued to the journal."""
    title = f.get("title", "")
    if not title or not journal:
        return journal
    g = _GLUED_SENTENCE.match(journal)
    if g and len(g.group(2)) <= 40 and f"{title} {g.group(1)}" in text:
        f["title"] = f"{title} {g.group(1)}"
        return g.group(2)
    if not _ABBREV_HEAD.match(journal):
        return journal
    m = _ABBREV_TAIL.match(title)
    if not m:
        return journal
    head, tail = m.group(1).strip(), m.group(2).strip()
    if len(tail.split()) > 4 or (head and not regex(r"[^\W\d_]{3}[.?!]?$|\d$").search(head)):
        return journal
    if head:
        f["title"] = _strip_title(head)
    else:
        del f["title"]
    # the journal name as printed, spacing and all
    k = text.find(tail)
    j = text.find(journal, k + len(tail)) if k >= 0 else -1
    if k >= 0 and 0 <= j - (k + len(tail)) <= 3:
        return text[k : j + len(journal)]
    return f"{tail}. {journal}"


def _promote_journal(f: dict[str, str], journal: str, container: str) -> str:
    """Physics-style "Nucl. Phys. B262, 263": a short abbreviated 'title'
    followed by volume and pages is the journal."""
    title = f.get("title", "")
    if journal or container or not title or "volume" not in f or "publisher" in f:
        return journal
    words = title.split()
    if len(words) <= 6 and sum(bool(_ABBREV_WORD.match(w)) for w in words) * 2 >= len(words):
        del f["title"]
        return title
    # "A review of X. Annual Review of Control, Robotics, and Autonomous Systems" before
    # "4:1-27": the sentence after the title's last full stop, a journal name by its words
    # ("Review", "Journal", "Transactions", ...), is the journal
    head, dot, tail = title.rpartition(". ")
    tail_words = regex(r"[^\W\d_]+").findall(tail)
    if (
        dot
        and len(head.split()) >= 3
        and 2 <= len(tail_words) <= 12
        and tail[:1].isupper()
        and any(gazetteer.in_class(w, "journal") for w in tail_words if w[:1].isupper())
    ):
        f["title"] = head
        return tail.strip(" ,.")
    return journal


def _newspaper(journal: str, f: dict[str, str]) -> bool:
    key = gazetteer.site_key(journal)
    if key in gazetteer.sites() and "volume" not in f and not _INSTITUTION.search(journal):
        return True
    return bool(_NEWS.search(journal)) and "date" in f and "volume" not in f and "pages" not in f


def parse_reference(text: str) -> Reference:
    """Parse a single reference. Never raises; unplaced text goes to ``note``."""
    raw = text if isinstance(text, str) else str(text)
    try:
        return _parse(raw, frozenset())
    except Exception as exc:  # the parser must never fail on any input
        t = clean(raw)
        return Reference(
            type="misc",
            fields=(("note", t),) if t else (),
            raw=raw,
            confidence=0.0,
            diagnostics=(
                Diagnostic("warning", "parse.failed", f"could not parse reference: {exc!r}"),
            ),
        )


def parse_reference_in_list(text: str, known_sites: frozenset[str]) -> Reference:
    """Like :func:`parse_reference`, with site names learnt from the whole list
    (see :func:`repeated_sites`)."""
    raw = text if isinstance(text, str) else str(text)
    try:
        return _parse(raw, frozenset(gazetteer.site_key(s) for s in known_sites))
    except Exception:
        return parse_reference(raw)


def repeated_sites(texts: list[str], min_count: int = 2) -> frozenset[str]:
    """Trailing word sequences (1-5 words) that end several bare "Title Site"
    references of one list: in a Wikipedia footnote list the same outlet
    recurs, which identifies it as a site name without any gazetteer."""
    counts: dict[str, int] = {}
    for t in texts[:5000]:
        body = extract(strip_label(clean(t))[1]).text
        if not _is_bare_title_site(body):
            continue
        words = body.split()
        for k in range(1, min(5, len(words) - 1) + 1):
            tail = " ".join(words[-k:])
            if tail[:1].isupper():
                counts[tail] = counts.get(tail, 0) + 1
    return frozenset(s for s, c in counts.items() if c >= min_count)


_DITTO = lazy(r"^(?:[—–\-_]\s*){2,}[.,:]?\s*")


def _parse(raw: str, known: frozenset[str]) -> Reference:
    tab = normalize.TAB_NUMBER.match(raw)  # "12<TAB>Author": a list number, before cleaning
    text = clean(raw[tab.end() :] if tab else raw)
    overflow = ""
    if len(text) > MAX_CHARS:
        cut = text.rfind(" ", 0, MAX_CHARS)
        cut = cut if cut > MAX_CHARS // 2 else MAX_CHARS
        text, overflow = text[:cut], text[cut:].strip()
    _label, body = strip_label(text)
    diags: list[Diagnostic] = []
    if _DITTO.match(body):
        # "———. Title": same author(s) as the previous reference in the list; the
        # dash stays in the text (the tagger reads it as the author) and is dropped below
        diags.append(
            Diagnostic(
                "info",
                "parse.same-author",
                "author given as a dash (same as the previous reference); not filled in",
            )
        )
    ex = extract(body)
    f: dict[str, str] = {}
    authors: tuple[Name, ...] = ()
    editors: tuple[Name, ...] = ()
    notes: list[str] = []
    journal = container = ""
    confidence = 1.0
    site = (
        _site_split(ex.text, known) if _is_bare_title_site(ex.text) else _trailing_site(ex, known)
    )
    rule_res = None
    if site is None and cjk.is_cjk_reference(ex.text):
        rule_res = cjk.parse_cjk(ex.text)
    elif site is None and gost.is_gost_reference(ex.text):
        rule_res = gost.parse_gost(ex.text)
    if rule_res is not None and rule_res[1].get("title"):
        typ, f, authors, rule_notes = rule_res
        notes.extend(rule_notes)
        confidence = 0.8
    elif site is not None:
        title, org = site
        if title:
            f["title"] = title
        typ = "misc"
        f["howpublished"] = org
        confidence = 0.75
    elif _is_bare_title_site(ex.text) and not ex.text.split()[0][:1].isdigit():
        # words only and no site found: most likely a title on its own
        f["title"] = _strip_title(ex.text)
        typ = "misc"
        confidence = 0.5
    else:
        body_text = ex.text
        corp = _corporate_prefix(body_text)
        simple_place = ""
        tail_fields: dict[str, str] = {}
        ppt = _publisher_place_tail(body_text)
        if ppt is not None:
            body_text, tail_fields = ppt
        if corp is not None:
            body_text = corp[2]
            m = regex(r"([^,;“”\"«»()]+?)(?:,\s*([^,;]+))?[.]?").fullmatch(body_text)
            if (
                m
                and not regex(r"[a-z]{2}\.\s").search(m.group(1))
                and (
                    m.group(2) is None
                    or all(gazetteer.in_class(w, "place") for w in m.group(2).split())
                )
            ):
                body_text = m.group(1)
                simple_place = m.group(2) or ""
        spans = tagger.tokenize(body_text)
        tokens = [body_text[s:e] for s, e in spans]
        if len(tokens) > tagger.MAX_TOKENS:
            notes.append(" ".join(tokens[tagger.MAX_TOKENS :]))
            tokens = tokens[: tagger.MAX_TOKENS]
        tagged = tagger.tag(tokens) if tokens else []
        if tagged is None:
            diags.append(
                Diagnostic(
                    "warning", "parse.no-model", "tagging model unavailable; text kept in note"
                )
            )
            notes.append(ex.text)
            tagged = []
            tokens = []
            confidence = 0.1
        labels = [lab for lab, _ in tagged]
        probs = [p for _, p in tagged]
        segs = _segments(body_text, spans[: len(tokens)], labels) if tokens else []
        if corp is not None and (
            simple_place or not regex(r"[,;“”\"«»()]|[a-z]{2}\.\s").search(body_text)
        ):
            segs = [("title", body_text)] + ([("location", simple_place)] if simple_place else [])
            probs = [0.9] * len(segs)
        if corp is not None:
            # the organisation is the author: author labels in the rest are title text
            if not any(lab == "title" for lab, _ in segs):
                segs = [("title" if lab == "author" else lab, t) for lab, t in segs]
            segs = [(lab if lab != "author" else "note", t) for lab, t in segs]
        segs = _repair_segments(segs)
        jc, f, authors, editors, notes2 = _fields_from_segments(segs, probs, ex)
        for k, v in tail_fields.items():
            if k in f and f[k] != v:
                notes2.append(f[k])
            f[k] = v
        notes.extend(notes2)
        journal, container = jc.split("\x00")
        if corp is not None:
            org, place = _place_tail(corp[0])
            authors = (Name(literal=org),)
            if place and "address" not in f:
                f["address"] = place
            d = parse_date(corp[1]) if corp[1] else None
            if d:
                f["year"] = str(d[0])
                if d[1]:
                    f["month"] = str(d[1])
                if d[1] and d[2]:
                    f["date"] = iso(d)
        for n in notes if f.get("year", "").isdigit() and "date" not in f else ():
            dm = _day_month(n)
            if dm:  # a yearless "15 November" the tagger left as a note
                f["month"], f["date"] = str(dm[0]), iso((int(f["year"]), dm[0], dm[1]))
                notes.remove(n)
                break
        _vancouver_tail(f, ex.text)
        journal = _physics_tail(f, body_text, journal, container)
        journal, container = _trailing_volume(f, journal), _trailing_volume(f, container)
        container, more_editors = _container_editors(f, container)
        if more_editors and not editors:
            editors = more_editors
        journal = _series_letter(f, _journal_parts(f, journal))
        _publisher_place(f)
        if not (journal or container or f.get("publisher")):
            _title_body_place(f)
        if not (journal or container or f.get("publisher")):
            _title_place_publisher(f)
        if not (journal or container or f.get("publisher")):
            _title_trailing_publisher(f)
        if not (journal or container or f.get("address")):
            _title_place(f)
        _site_fields(f, journal)
        if (
            journal
            and _INSTITUTION.search(journal)
            and not _NEWS.search(journal)
            and not (f.get("volume") or f.get("pages") or f.get("number"))
            and "publisher" not in f
        ):
            # "United States Department of Defense" is a publishing body, not a journal
            f["publisher"] = journal
            journal = ""
        site_name = f.pop("_site", "")
        if site_name and not journal and not container:
            journal = site_name
        elif site_name:
            notes.append(site_name)
        if any(a[0] == "location" and b[0] == "date" for a, b in itertools.pairwise(segs)):
            f["_placeyear"] = "1"
        if probs:
            confidence = sum(probs) / len(probs)
            confidence = 0.5 * confidence + 0.5 * min(probs)
        journal = _abbreviated_journal_head(f, journal, body_text)
        journal = _promote_journal(f, journal, container)
        if (
            container
            and not journal
            and not editors
            and not f.get("publisher")
            and gazetteer.site_key(container) in gazetteer.sites()
            and not _INSTITUTION.search(container)
        ):
            journal, container = container, ""  # "In: Die Zeit": a newspaper, not a book
        if (
            container
            and not journal
            and f.get("volume")
            and f.get("number")
            and not editors
            and not f.get("publisher")
            and not f.get("address")
        ):
            # volume and issue numbers belong to a journal, whatever the tagger called it
            journal, container = container, ""
        _thesis_genre(f, ex.text)
        personal = bool(authors) and not any(a.literal for a in authors)
        typ = _decide_type(f, journal, container, editors, ex, personal)
        if (
            typ == "article"
            and not authors
            and "year" not in f
            and (ex.url or ex.urldate)
            and not any(f.get(k) for k in ("volume", "number", "pages"))
        ):
            # 'Title", TengriNews. Accessed ..., URL: ...': no author, no date, no
            # numbering, only a link: a web page on the site, not a dated article
            typ = "misc"
        typ, f = _place_fields(typ, f, journal, container, bool(ex.url or ex.urldate))
        if typ == "article" and _newspaper(journal, f):
            f["entrysubtype"] = "newspaper"
    authors = tuple(
        a for a in authors if a.literal or regex(r"\w").search(a.family.replace("_", ""))
    )
    authors = tuple(
        # "ICR NEWS, 2013.": the year printed after an organisation is not its name
        Name(literal=ym.group(1))
        if a.literal
        and (ym := regex(r"(.+?),?\s+\(?(?:1[5-9]|20)\d\d[a-z]?\)?").fullmatch(a.literal))
        else a
        for a in authors
    )
    if len(authors) == 1 and not authors[0].literal:
        whole = f"{authors[0].given} {authors[0].family}".strip()
        if _INSTITUTION.search(whole) and not regex(r"\.").search(whole):
            # "Statistisches Bundesamt (2020)": a body, not "Bundesamt, Statistisches"
            authors = (Name(literal=whole),)
    if ex.url:
        f["url"] = ex.url[0]
        notes.extend(ex.url[1:])
    if ex.doi:
        f["doi"] = ex.doi
    if ex.isbn:
        f["isbn"] = ex.isbn
    if ex.issn:
        f["issn"] = ex.issn
    if ex.urldate:
        f["urldate"] = ex.urldate
    notes = ex.notes + notes
    if overflow:
        notes.append(overflow)
    if notes:
        prev = f.get("note", "")
        f["note"] = "; ".join(n for n in [prev, *notes] if n)
    if not f.get("title"):
        confidence *= 0.6
        diags.append(Diagnostic("info", "parse.no-title", "no title found"))
    if "year" not in f and "urldate" not in f:
        confidence *= 0.9
    confidence = max(0.0, min(1.0, confidence))
    if confidence < 0.5:
        diags.append(
            Diagnostic(
                "warning",
                "parse.low-confidence",
                f"low confidence ({confidence:.2f}) in the parsed fields of: {text[:80]}",
            )
        )
    ordered = tuple((k, f[k]) for k in FIELD_ORDER if f.get(k))
    extra = tuple((k, v) for k, v in f.items() if k not in FIELD_ORDER and v)
    return Reference(
        type=typ,
        fields=ordered + extra,
        authors=authors,
        editors=editors,
        raw=raw,
        confidence=round(confidence, 3),
        diagnostics=tuple(diags),
    )
