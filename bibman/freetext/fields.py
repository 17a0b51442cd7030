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

import re

from bibman.freetext import gazetteer, names, tagger
from bibman.freetext.dates import iso, parse_date
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


_IN_PREFIX = re.compile(
    r"^(?:in|en|dans|im|в|in:|en:|dans:|//|в\s+кн\.?|in\s+book:?)\s*:?\s*", re.I
)
_EDITOR_WORDS = re.compile(
    r"\(?\b(?:eds?|editors?|edited\s+by|ed\.\s+by|hrsg|hg|hrsgg|herausgegeben\s+von|dir|coord|comp|éds?|"
    r"под\s+ред(?:акцией)?|ред)\b\.?\)?,?|\(\s*(?:eds?|hrsg|dir|éds?)\.?\s*\)",
    re.I,
)
_PAGES_PREFIX = re.compile(r"^(?:pp?|pages?|pgs?|s|seiten?|с|стр|str)\.?\s*", re.I)
_PAGES = re.compile(
    r"([A-Za-z]{0,2}\d+[A-Za-z]?)(?:\s*(?:[-–—‐‑−]+|to)\s*([A-Za-z]{0,2}\d+[A-Za-z]?))?"
)
_VOL_WORD = re.compile(
    r"\b(?:vol(?:ume)?s?|v|bd|band|t|tome|tomo|т|том|jg|jahrgang)\.?\s*([0-9IVXLCivxlc]+(?:[-–/][0-9]+)?[A-Z]?)",
    re.I,
)
_ISSUE_WORD = re.compile(
    r"(?:\b(?:no|nos|nr|issue|iss|num|number|n|heft|h|fasc|cahier|вып|выпуск|suppl)\.?|n°|nº|№|#)\s*"
    r"([0-9]+(?:\s*[-–/&]\s*[0-9]+)?[A-Za-z]?)",
    re.I,
)
_VOL_ISSUE = re.compile(r"^([0-9]+[A-Z]?)\s*[(\[]\s*([^)\]]{1,20})\s*[)\]]")
_KO_VOL = re.compile(r"제?\s*(\d+)\s*권")
_KO_ISSUE = re.compile(r"제?\s*(\d+)\s*호")
_ZH_VOL = re.compile(r"第?\s*(\d+)\s*卷")
_ZH_ISSUE = re.compile(r"第?\s*(\d+)\s*期")
_EDITION = re.compile(
    r"(\d+)(?:st|nd|rd|th|e|\.)?|\b(first|second|third|fourth|fifth|revised)\b", re.I
)
_THESIS_PHD = re.compile(
    r"ph\.?\s?d|doctor|doctoral|dissertation|diss\b|thèse|habilitation|диссертац|дис\.|박사", re.I
)
_THESIS_MA = re.compile(
    r"master|m\.?\s?sc|m\.?\s?a\.?\b|mphil|diplom|magister|bachelor|licence|석사|mémoire|tesis|tesi",
    re.I,
)
_REPORT = re.compile(
    r"\b(?:technical\s+report|tech\.?\s+rep|report|working\s+paper|white\s+paper|discussion\s+paper|"
    r"policy\s+brief|memorandum|preprint|research\s+paper|occasional\s+paper|bericht|rapport|отчет|доклад)\b",
    re.I,
)
_CONF = re.compile(
    r"\b(?:proc|proceedings|conference|conf|symposium|symp|workshop|congress|meeting|colloquium)\b|"
    r"\b(?:actes|tagung|konferenz|конференц|학술대회|会议)",
    re.I,
)
_NEWS = re.compile(
    r"\b(?:times|post|globe|news|herald|tribune|gazette|daily|journal|telegraph|guardian|chronicle|"
    r"observer|independent|monitor|hindu|mail|express|standard)\b",
    re.I,
)


def _segments(tokens: list[str], labels: list[str]) -> list[tuple[str, str]]:
    segs: list[tuple[str, str]] = []
    for tok, lab in zip(tokens, labels, strict=True):
        if segs and segs[-1][0] == lab:
            segs[-1] = (lab, segs[-1][1] + " " + tok)
        else:
            segs.append((lab, tok))
    return segs


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
    if mi:
        num = re.sub(r"\s+", "", mi.group(1))
    if not mv:
        bare = re.match(r"^\(?([0-9]+[A-Z]?|[IVXLC]+)\)?(?:[.,:]|\s|$)", t)
        if bare and not (mi and mi.start() == 0):
            vol = bare.group(1)
            rest = t[bare.end() :].strip(" ,.:")
            if not mi:
                mp = re.match(r"^[(\[]?\s*([0-9]+(?:[-–/][0-9]+)?)\s*[)\]]?$", rest)
                if mp:
                    num = mp.group(1)
    if not vol and not num:
        return "", "", t
    return vol, num, ""


def _editors(s: str) -> tuple[Name, ...]:
    t = _IN_PREFIX.sub("", _strip(s))
    t = _EDITOR_WORDS.sub(" ", t)
    t = re.sub(r"\s+", " ", t).strip(" ,;:.")
    return names.split_names(t) if t else ()


def _container(s: str) -> str:
    t = _strip(s)
    t = _IN_PREFIX.sub("", t)
    return _strip(t)


# ---------------------------------------------------------------- site rule

_ORG_HEAD = re.compile(
    r"^(?:Department|Ministry|Embassy|Center|Centre|Institute|Organization|Organisation|Agency|Office|"
    r"Committee|Commission|Council|Association|Society|Foundation|Bureau|Conference|Federation|League|"
    r"Bank|Fund|Corporation|Secretariat|Parliament|Government|Library|Museum|Trust|Network|"
    r"University|College|Institution|Service|Authority|Administration|Union|Endowment|Monitor)$"
)
_ORG_LEFT = re.compile(
    r"^(?:The|U\.?S\.?|US|UK|UN|EU|National|International|Federal|Royal|American|British|European|"
    r"Russian|Chinese|World|Global|General|Central|State|Foreign|Joint|United|Permanent|"
    r"[A-Z]{2,6})$"
)
_FUNC = {"of", "for", "on", "the", "and", "in", "to", "&", "at", "de", "du", "des"}


def _site_split(text: str, known: frozenset[str] = frozenset()) -> tuple[str, str] | None:
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
    if (
        re.fullmatch(r"[A-Z][a-z]+(?:[A-Z][a-z]+)+(?:\.\w+)?", last)
        or re.fullmatch(r"[A-Z]{4,}", last)
        or re.fullmatch(r"[\w-]+\.(?:com|org|net|ru|kz|gov|edu|info|io|co\.uk)", last, re.I)
        or ("/" in last and re.fullmatch(r"[A-Z][\w/]+", last))
    ):
        return " ".join(words[:-1]), last
    return None


def _is_bare_title_site(text: str) -> bool:
    """A Wikipedia-style "Title Site" line: words only, no field punctuation."""
    if not text or len(text) > 300:
        return False
    if re.search(r"[,;:“”\"«»()]|\.\s|\b(?:1[5-9]|20)\d\d\b", text):
        return False
    words = text.split()
    return len(words) >= 2


# ------------------------------------------------------------------ assembly


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
            if not authors:
                authors = names.split_names(text)
            else:
                authors = authors + names.split_names(text)
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
            elif not d:
                notes.append(_strip(text))
        elif lab == "volume":
            v, n, rest = _volume_issue(text)
            if v and "volume" not in f:
                f["volume"] = v
            if n and "number" not in f:
                f["number"] = n
            if rest:
                p = _pages(rest) if re.match(r"^\d", rest) and "pages" not in f else ""
                if p:
                    f["pages"] = p
                else:
                    notes.append(rest)
        elif lab == "pages":
            p = _pages(text)
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
            u = re.sub(r"\s", "", _strip(text))
            if u:
                ex.url.append(u)
        elif lab == "doi":
            m = re.search(r"10\.\d{4,9}/\S+", text.replace(" ", ""))
            if m and not ex.doi:
                ex.doi = m.group(0).rstrip(".,;")
        elif lab == "citation-number":
            continue
        else:  # note, other, unknown labels
            t = _strip(text)
            if t:
                notes.append(t)
    if titles:
        f["title"] = titles[0]
        notes.extend(titles[1:])
    if genre:
        f["genre"] = genre
    return journal + "\x00" + container, f, authors, editors, notes


def _decide_type(
    f: dict[str, str], journal: str, container: str, editors: tuple[Name, ...], ex: Extracted
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
    if f.get("publisher"):
        return "book"
    if ex.url:
        return "misc"
    return "misc"


def _place_fields(
    typ: str, f: dict[str, str], journal: str, container: str
) -> tuple[str, dict[str, str]]:
    out = dict(f)
    genre = out.pop("genre", "")
    if typ == "article":
        out["journal"] = journal
        if container:
            out.setdefault("note", container)
    elif typ in ("incollection", "inproceedings"):
        out["booktitle"] = container
    elif typ in ("phdthesis", "mastersthesis"):
        if "publisher" in out:
            out["school"] = out.pop("publisher")
        if genre:
            out["type"] = genre
    elif typ == "techreport":
        if "publisher" in out:
            out["institution"] = out.pop("publisher")
        if genre:
            m = re.search(r"(?:no\.?|number|nr\.?|#)\s*([\w./-]+)\s*$", genre, re.I)
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
    return typ, out


def _newspaper(journal: str, f: dict[str, str]) -> bool:
    key = gazetteer.site_key(journal)
    if key in gazetteer.sites() and "volume" not in f:
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


def _parse(raw: str, known: frozenset[str]) -> Reference:
    text = clean(raw)
    overflow = ""
    if len(text) > MAX_CHARS:
        cut = text.rfind(" ", 0, MAX_CHARS)
        cut = cut if cut > MAX_CHARS // 2 else MAX_CHARS
        text, overflow = text[:cut], text[cut:].strip()
    _label, body = strip_label(text)
    ex = extract(body)
    diags: list[Diagnostic] = []
    f: dict[str, str] = {}
    authors: tuple[Name, ...] = ()
    editors: tuple[Name, ...] = ()
    notes: list[str] = []
    journal = container = ""
    confidence = 1.0
    site = _site_split(ex.text, known) if _is_bare_title_site(ex.text) else None
    if site is not None:
        title, org = site
        if title:
            f["title"] = title
        typ = "misc"
        f["howpublished"] = org
        confidence = 0.75
    elif _is_bare_title_site(ex.text) and not ex.text.split()[0][:1].isdigit():
        # words only and no site found: most likely a title on its own
        f["title"] = ex.text
        typ = "misc"
        confidence = 0.5
    else:
        spans = tagger.tokenize(ex.text)
        tokens = [ex.text[s:e] for s, e in spans]
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
        segs = _segments(tokens, labels) if tokens else []
        jc, f, authors, editors, notes2 = _fields_from_segments(segs, probs, ex)
        notes.extend(notes2)
        journal, container = jc.split("\x00")
        if probs:
            confidence = sum(probs) / len(probs)
            confidence = 0.5 * confidence + 0.5 * min(probs)
        typ = _decide_type(f, journal, container, editors, ex)
        typ, f = _place_fields(typ, f, journal, container)
        if typ == "article" and _newspaper(journal, f):
            f["entrysubtype"] = "newspaper"
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
