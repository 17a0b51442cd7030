"""Tagged segments to fields: repairs of common tagging slips, the mapping of
each labelled segment to a field, thesis genres, the entry type, and the
placement of journal/container/publisher in the fields of that type."""

from __future__ import annotations

import re
from functools import lru_cache

from bibman.freetext import gazetteer, localeterms, names
from bibman.freetext.dates import MONTHS, iso, parse_date
from bibman.freetext.fieldtext import (
    CONF,
    IN_PREFIX,
    INSTITUTION,
    PAGES_PREFIX,
    PUBLISHING,
    REPORT,
    THESIS_MA,
    THESIS_PHD,
    UNIVERSITY_WORD,
    container_name,
    editor_names,
    editors_then_book,
    is_newspaper,
    page_range,
    strip_edges,
    strip_title,
    volume_issue,
)
from bibman.freetext.lazyre import built, lazy, regex
from bibman.freetext.normalize import Extracted
from bibman.model import Name

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


_REPAIRS = {1, 3}  # which repairs run (numbered as in repair_segments)


def repair_segments(segs: list[tuple[str, str]]) -> list[tuple[str, str]]:
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
                return repair_segments(out)
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


def day_month(text: str) -> tuple[int, int] | None:
    """(month, day) of a yearless "15 November" / "November 15", else None."""
    m = _DAY_MONTH.fullmatch(strip_edges(text))
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


def _put_date(f: dict[str, str], d: tuple[int, int, int]) -> None:
    """Year, and month and ISO date as far as ``d`` (0 = unknown) gives them."""
    f["year"] = str(d[0])
    if d[1]:
        f["month"] = str(d[1])
    if d[1] and d[2]:
        f["date"] = iso(d)


# "Boin, Arjen, and Hart, Paul, eds.", "Petersen, L., Berg, A. (red.)", "Rossi, M. (a cura
# di)": an author span closed by an editor role word of any locale (data: the CSL locales
# and locale-terms-extra.tsv)
_AUTHORS_ARE_EDITORS_EN = lazy(
    r"[,(\s]+(?:eds?|editors?|hrsg|hg|dir|éds?|coord)\.?\)?[.,:]?\s*$", re.I
)
_WORD_IN_BRACKETS = lazy(r"\s*\(\s*[^\W\d_]")
_WORD_IN_BRACKETS_END = lazy(r"\(\s*[^\W\d_][^()]{0,30}\)[.,:]?\s*$")
_AUTHORS_ARE_EDITORS = built(
    lambda: (
        r"[,(\s]+(?:eds?|editors?|hrsg|hg|dir|éds?|coord|"
        + localeterms.alternation(
            [w for w in localeterms.editor_words() if len(w.rstrip(".")) > 1], optional_stop=True
        )
        + r")\.?\)?[.,:]?\s*$"
    ),
    re.I,
)


_ROLE_BEFORE_DATE = built(
    lambda: (
        r"\(\s*"
        + localeterms.alternation(
            [w for w in localeterms.editor_words() if len(w.rstrip(".")) > 1], optional_stop=True
        )
        + r"\.?\s*\)[.,:]?\s*(?=\S)"
    ),
    re.I,
)


@lru_cache(maxsize=1)
def _in_words() -> frozenset[str]:
    """The word for "in" of every locale ("in", "dans", "w", "u", "в", "no")."""
    return frozenset(w.rstrip(":").strip() for w in localeterms.all_forms("in"))


def fields_from_segments(
    segs: list[tuple[str, str]], probs: list[float], ex: Extracted
) -> tuple[str, dict[str, str], tuple[Name, ...], tuple[Name, ...], list[str]]:
    f: dict[str, str] = {}
    authors: tuple[Name, ...] = ()
    editors: tuple[Name, ...] = ()
    notes: list[str] = []
    titles: list[str] = []
    journal = container = ""
    genre = ""
    prev = ""
    for k, (lab, text) in enumerate(segs):
        prev = segs[k - 1][0] if k else ""
        if (
            lab == "date"
            and authors
            and not editors
            and _WORD_IN_BRACKETS.match(text)  # cheap test first: the words are data
            and (rm := _ROLE_BEFORE_DATE.match(text))
        ):
            # "Petersen, L., Berg, A. (red.) (2015).": the role word the tagger put into
            # the date makes the authors editors
            editors, authors, text = authors, (), text[rm.end() :]
        if lab == "author":
            em = _AUTHORS_ARE_EDITORS_EN.search(text) or (
                _WORD_IN_BRACKETS_END.search(text) and _AUTHORS_ARE_EDITORS.search(text)
            )
            if em and not editors:
                # "Boin, Arjen, and Hart, Paul, eds.": the names are editors
                editors = names.split_names(text[: em.start()])
            else:
                authors = authors + names.split_names(text)
        elif lab == "editor" and (ds := _DATED_SOURCE.match(IN_PREFIX.sub("", strip_edges(text)))):
            # "in: Frankfurter Allgemeine Zeitung, 14.03.2019": a dated periodical
            if not journal:
                journal = strip_edges(ds.group(1))
            d = parse_date(ds.group(2))
            if d and "year" not in f:
                _put_date(f, d)
        elif lab == "editor" and not container and (eb := editors_then_book(text)):
            # "In M. Rossi (a cura di), Storia di Genova": editors, then the book
            editors = editors + editor_names(eb[0])
            container = eb[1]
        elif lab == "editor":
            editors = editors + editor_names(text)
        elif lab == "translator":
            notes.append(strip_edges(text))
        elif lab == "title" and titles and editors and not container and prev == "editor":
            # "« Titre », dans F. Lemaire (éd.), Spectacles parisiens …": the title right
            # after the editors of a part is the book's title
            container = container_name(text)
            if pm := regex(r"\s*\((?:pp?\.\s*)?(\d+\s*[-–]\s*\d+)\)$").search(container):
                container = container[: pm.start()]  # "Title (185–199)": the pages
                if "pages" not in f:
                    f["pages"] = page_range(pm.group(1))
        elif lab == "title":
            titles.append(strip_title(text))
        elif lab == "journal":
            if not journal:
                journal = container_name(text)
            else:
                notes.append(strip_edges(text))
        elif lab == "container-title":
            if not container:
                container = container_name(text)
            else:
                container += " " + container_name(text)
        elif lab == "date":
            d = parse_date(text)
            if d and "year" not in f:
                _put_date(f, d)
            elif d and f.get("year") == str(d[0]) and d[1] and "date" not in f:
                # "(2005) ... 22 November 2005": the later, fuller date refines the year
                f["month"] = str(d[1])
                if d[2]:
                    f["date"] = iso(d)
            elif (dm := day_month(text)) and "year" in f and "date" not in f:
                # "(2018) ..., 15 November": the day and month of the year given before
                f["month"] = str(dm[0])
                f["date"] = iso((int(f["year"]), dm[0], dm[1]))
            elif (
                (m := regex(r"\(\s*(\d{1,4})\s*\)[.,:;]?").fullmatch(text.strip()))
                and "volume" in f
                and "number" not in f
            ):
                f["number"] = m.group(1)  # "9 (201)": an issue number, not a year
            elif d and f.get("year") == str(d[0]) and regex(r"\W*\d{4}\W*").fullmatch(text):
                pass  # "(2004). Title. Lyon, Éditions X, 2004.": the year printed again
            else:
                notes.append(strip_edges(text))
        elif lab == "volume":
            v, n, rest = volume_issue(text)
            if not v and n and "volume" not in f and _LONE_PAREN.fullmatch(text.strip(" ,.:;")):
                # "Journal, (21): 615-641": a lone bracketed number with no volume
                # before it is the journal's only numbering; BibTeX calls that volume
                v, n = n, ""
            if v and "volume" not in f:
                f["volume"] = v
            if n and "number" not in f:
                f["number"] = n
            if rest:
                p = page_range(rest) if regex(r"^\d").match(rest) and "pages" not in f else ""
                if p:
                    f["pages"] = p
                else:
                    notes.append(rest)
        elif lab == "pages":
            p = page_range(text)
            if (
                p
                and "-" in p
                and "-" not in f.get("pages", "-")
                and PAGES_PREFIX.match(strip_edges(text))
                and PAGES_PREFIX.sub("", strip_edges(text)) != strip_edges(text)
            ):
                # "33, 1 (2013), pp. 39-55": the marked range is the pages; the lone
                # number taken for pages before it was the issue
                if "number" not in f and "volume" in f:
                    f["number"] = f["pages"]
                del f["pages"]
            if p and "pages" not in f:
                f["pages"] = p
            elif not p:
                notes.append(strip_edges(text))
        elif lab in ("publisher", "location", "edition", "genre", "series", "isbn"):
            val = strip_edges(text)
            if lab == "location" and val.lower() in _in_words():
                continue  # "U: Stanford Press", "в PIT", "Dans :": the word for "in", no place
            key = {"location": "address"}.get(lab, lab)
            if lab == "genre":
                genre = (genre + " " + val).strip()
            elif key in f:
                f[key] += ", " + val
            elif val:
                f[key] = val
        elif lab == "url":
            u = regex(r"\s").sub("", strip_edges(text))
            if u:
                ex.url.append(u)
        elif lab == "doi":
            m = regex(r"10\.\d{4,9}/\S+").search(text.replace(" ", ""))
            if m and not ex.doi:
                ex.doi = m.group(0).rstrip(".,;")
        elif lab == "citation-number":
            continue
        else:  # note, other, unknown labels
            t = strip_edges(text)
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
            rest = strip_edges(m.group(2))
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


# a university (or one of its faculties) issuing a work: the school of a thesis.
# Matched on the publisher's first comma-separated part: "University of Sheffield",
# "Universität Leipzig", "Faculté de Sciences, Université Libre de Bruxelles"; not
# "Indiana University Linguistics Club" (a body within it) nor a press.
_SCHOOL = lazy(
    r"^(?:The\s+)?(?:[^\W\d_][\w'’.-]*\s+){0,3}?"
    + UNIVERSITY_WORD
    + r"(?:\s+(?:of|de|di|do|des|du|"
    r"der|für|at|del|degli|la)\s+[^,]+|(?:\s+(?!(?:Press|Presses|Club|Group|Society|Library|"
    r"Center|Centre|Laboratory)\b)[^\W\d_][\w'’-]*){0,2})(?:,.*)?$"
    r"|^(?:Faculty|Faculté|Fakultät|Facultad)\b[^,]*,\s*[^,]*" + UNIVERSITY_WORD
)
_THESIS_PHRASE = lazy(
    r"\b(?:Ph\.?\s?D\.?|Doctoral|Master'?s|M\.?\s?Sc\.?|M\.?\s?A\.?|MPhil|Diploma|Bachelor'?s)\s+"
    r"(?:thesis|dissertation|Thesis|Dissertation)\b"
    r"|\b(?:Dissertation|Thèse\s+de\s+doctorat|Diplomarbeit|Magisterarbeit|Doktorarbeit|"
    r"Masterarbeit|Bachelorarbeit|Tesis\s+doctoral|Tesis\s+de\s+maestr[íi]a|"
    r"Tesi\s+di\s+(?:laurea|dottorato)|Proefschrift|"
    r"[Дд]иссертация(?:\s+на\s+соискание[^.,]*)?)\b"
    # ABNT NBR 14724 (Brazil): "Dissertação (Mestrado em …)", "Tese (Doutorado em …)"
    r"|\b(?:Dissertação|Tese)\s*\((?:Mestrado|Doutorado)[^()]{0,80}\)"
    # GOST's abbreviated designator in other layouts: "(Дисс. канд. полит. наук)",
    # "дис. … д-ра техн. наук", Ukrainian "дис. … канд. екон. наук"
    r"|(?<![^\W\d_])(?:[Аа]втореф\.\s*)?[Дд]исс?\.\s*(?:(?:\.\.\.|…)\s*)?(?:канд|д-ра|докт)\.[^()\[\];]{0,40}?наук\b"
)


def thesis_genre(f: dict[str, str], text: str) -> None:
    """A thesis the tagger did not mark: take the genre from the text."""
    if f.get("genre") or f.get("journal"):
        return
    m = _THESIS_PHRASE.search(text)
    if not m:
        return
    f["genre"] = m.group(0)
    title = f.get("title", "")
    k = title.find(m.group(0))
    pub = f.get("publisher", "")
    if pub.startswith(m.group(0)) and len(pub) > len(m.group(0)) + 3:
        # "Dissertation, Delft University of Technology": the genre before the school
        f["publisher"] = pub[len(m.group(0)) :].strip(" ,.;:–—")
    sm = (
        regex(
            r"^\s*[)\]]?\s*[.,]?\s*[–—-]?\s*([^.,;()]{3,120}),\s*([^.,;()\d]{2,40})"
            r"(?:,\s*(?:1[5-9]|20)\d\d)?\.?$"
        ).match(text[m.end() :])
        if k < 0 and "publisher" not in f
        else None
    )
    school_word = regex(UNIVERSITY_WORD + r"|Universidade|університет|академ", re.I)
    if sm and school_word.search(sm.group(1)):
        # "Dissertação (Mestrado em …) – Universidade Federal de Pernambuco, Recife, 2011.",
        # "(Дисс. канд. … наук). Университет, Город.": the school and its place
        f["publisher"], f["address"] = sm.group(1).strip(), sm.group(2).strip()
    if k < 0:
        # the tagger ended the title inside the phrase: "Заглавие (Дисс" + ". канд. … наук)"
        word = m.group(0).split()[0].rstrip(".")
        cut = title.rfind(word)
        if cut > 0 and title[cut:].strip(" .") == word:
            f["title"] = title[:cut].strip(" ,.;:([")
            # "(Дисс. канд. … наук). Университет, Город.": the school and its place
            sm = regex(r"^\s*[)\]]?\s*[.,]?\s*([^.,;()]{3,120}),\s*([^.,;()\d]{2,40})\.?$").match(
                text[m.end() :]
            )
            school = regex(UNIVERSITY_WORD + r"|університет|академ", re.I)
            if sm and school.search(sm.group(1)) and "publisher" not in f:
                f["publisher"], f["address"] = sm.group(1).strip(), sm.group(2).strip()
        return
    if k > 0:
        rest = title[k + len(m.group(0)) :].strip(" ,.;:)]")
        f["title"] = title[:k].strip(" ,.;:([")  # "Title (Doctoral dissertation)"
        if rest and "publisher" not in f:
            f["publisher"] = rest


# the names of report series in every language (data: locale-terms-extra.tsv)
SERIES_WORDS = built(
    lambda: r"(?<![^\W\d_])" + localeterms.alternation(localeterms.terms("report-series")), re.I
)
# "Policy Brief No. 12", "IBS Working Paper 03/2019, Institute for Structural Research",
# "Texto para Discussão 2301, Instituto …": up to three words of the issuer before the
# series name, the number, then the issuing body
_SERIES = built(
    lambda: (
        r"(?P<s>(?:[^\W\d_][\w&.]*[\s-]){0,3}?"
        + localeterms.alternation(localeterms.terms("report-series"))
        + r"s?)\.?\s*(?:(?:no|nr|n[°º]|number|#)\.?\s*)?(?P<n>[\w./-]*\d[\w./-]*)?"
        r"(?:\s*,\s*(?P<rest>[^\d].*))?"
    ),
    re.I,
)


def report_series(f: dict[str, str], name: str) -> bool:
    """ "Title. Policy Brief No. 12. Melbourne: Grattan Institute." and "Title", Texto
    para Discussão 2301, Instituto …, Brasília: a report series (and its number) that
    the tagger read as the journal or book of the item. Numbered, unpaged, not dated
    by day and not numbered by volume and issue both, it is the report's series: the genre and number of a
    ``@techreport``, the body after it the institution. True when found."""
    if not name or f.get("genre") or "-" in f.get("pages", ""):
        return False
    if f.get("volume") and f.get("number"):
        return False
    m = _SERIES.fullmatch(name.strip(" .,;"))
    if not m:
        return False
    num = m.group("n") or f.get("number") or f.get("volume")
    if not num or f.get("date"):
        return False  # "Vietnam Briefing", dated by day: a site, not a numbered series
    f.pop("volume", None)
    f["genre"], f["number"] = m.group("s").strip(), num
    rest = (m.group("rest") or "").strip(" .,;")
    if rest and not f.get("publisher"):
        f["publisher"] = rest
    elif rest:
        f["note"] = f"{f['note']}; {rest}" if f.get("note") else rest
    return True


def decide_type(
    f: dict[str, str],
    journal: str,
    container: str,
    editors: tuple[Name, ...],
    ex: Extracted,
    personal: bool = False,
    single: bool = False,
) -> str:
    genre = f.get("genre", "")
    title = f.get("title", "")
    if genre and THESIS_PHD.search(genre):
        return "phdthesis"
    if genre and THESIS_MA.search(genre):
        return "mastersthesis"
    if genre and (REPORT.search(genre) or SERIES_WORDS.search(genre)):
        return "techreport"
    if journal:
        return "article"
    if container:
        return "inproceedings" if CONF.search(container) else "incollection"
    if editors and title and f.get("publisher"):
        return "book"
    if REPORT.search(title) and f.get("publisher") and not f.get("pages"):
        return "techreport"
    pub = f.get("publisher", "")
    if pub and INSTITUTION.search(pub) and not PUBLISHING.search(pub):
        # a body's page read online (link or access date) vs a printed report
        return "misc" if (ex.url or ex.urldate) and not f.get("address") else "techreport"
    if (
        pub
        and single
        and _SCHOOL.match(pub)
        and not PUBLISHING.search(pub)
        and not regex(r"\bPress", re.I).search(pub)
        and not REPORT.search(title)
        and not any(f.get(k) for k in ("edition", "series", "volume", "number", "pages"))
    ):
        # "Lygoe RJ (2010) Title. University of Sheffield, UK": one author's work
        # issued by a university (not its press, nor a department or laboratory,
        # which issue reports) is a thesis even with no genre word
        return "phdthesis"
    if (
        pub.count(",") >= 1
        and regex(UNIVERSITY_WORD).search(pub)
        and not regex(UNIVERSITY_WORD).match(pub)
        and not PUBLISHING.search(pub)
        and not regex(r"\bPress", re.I).search(pub)
    ):
        # "IRIDIA, Université Libre de Bruxelles": a laboratory or department and its
        # university issue reports, not books
        return "techreport"
    if pub or (f.get("address") and title and (f.get("_placeyear") or personal)):
        return "book"
    return "misc"


def place_fields(
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
        online = is_newspaper(journal, out) or bool(out.get("url") or out.get("urldate") or url)
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
        school, bracket, archive = out.get("school", "").partition("]")
        if bracket:
            # APA 7 "[Doctoral dissertation, School]. Archive": the archive is not the school
            out["school"] = school.strip(" ,.")
            archive = archive.strip(" .,")
            if archive:
                out["note"] = f"{out['note']}; {archive}" if out.get("note") else archive
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
                    REPORT.search(m.group(2))
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
        elif "publisher" in out and "organization" not in out:
            # "Title. Site. Publisher.": the site is howpublished; biblatex's @misc
            # (and @online) name the publishing body organization, not publisher
            out["organization"] = out.pop("publisher")
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
