"""Repairs on the field dictionary after segment mapping, each for one class of
input: "Place: Publisher" or a public body left in the title, publisher/place
order, Vancouver and physics numbering tails, volume/marker bits left on a
journal name, editors after a container, abbreviated journal heads."""

from __future__ import annotations

import re

from bibman.freetext import gazetteer, names
from bibman.freetext.dates import MONTHS, iso
from bibman.freetext.fieldtext import (
    INSTITUTION,
    PUBLISHING,
    REPORT,
    UNIVERSITY,
    UNIVERSITY_WORD,
    strip_title,
)
from bibman.freetext.lazyre import lazy, regex
from bibman.model import Name

_TITLE_BODY_PLACE = lazy(r"^(.{8,}?[^\W\d_]{2}[.?!])\s+([^.,]{3,80}),\s*([^.,\d]{2,40})$")


_TITLE_PLACE_PUB = lazy(
    r"^(.{8,}?[^\W_]{2}[.?!])\s+([A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*){0,2})\s?:\s*([^:.]{2,60})$"
)


def title_trailing_publisher(f: dict[str, str]) -> None:
    """ "Historia myśli socjologicznej, Wydawnictwo Naukowe PWN": a publishing
    house after the title's last comma."""
    title = f.get("title", "")
    head, sep, tail = title.rpartition(", ")
    if (
        sep
        and len(head) >= 8
        and len(tail.split()) <= 5
        and tail[:1].isupper()
        and PUBLISHING.search(tail)
        and not regex(r"\d").search(tail)
    ):
        f["title"], f["publisher"] = head, tail


def title_place_publisher(f: dict[str, str]) -> None:
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
    if known or PUBLISHING.search(pub):
        f["title"], f["address"], f["publisher"] = m.group(1)[:-1], place, pub


_TITLE_PLACE = lazy(r"^(.{8,}?[^\W_]{2}[.?!])\s+([A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?)\.?$")


def title_place(f: dict[str, str]) -> None:
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


def title_body_place(f: dict[str, str]) -> None:
    """ "Klimawandel in Deutschland. Bundesamt für Umwelt, Dessau" tagged as one
    title: a public body and a known place after the last sentence are the
    publisher and its address."""
    m = _TITLE_BODY_PLACE.match(f.get("title", ""))
    if (
        m
        and INSTITUTION.search(m.group(2))
        and not f.get("address")
        and all(gazetteer.in_class(w, "place") or w[:1].isupper() for w in m.group(3).split())
        and len(m.group(3).split()) <= 3
    ):
        f["title"], f["publisher"], f["address"] = m.group(1)[:-1], m.group(2), m.group(3)
        return
    m = _TITLE_BODY.match(f.get("title", ""))
    if m and f.get("address") and INSTITUTION.search(m.group(2)):
        # the place was found on its own: "... Deutschland. Bundesamt für Umwelt | Dessau"
        f["title"], f["publisher"] = m.group(1)[:-1], m.group(2)


# a US state's or Canadian province's postal code, or a state's abbreviation with full
# stops, as printed after a city ("Redwood City, CA", "Garden City, N.Y.", "Natick, Mass.")
_STATE = lazy(r"[A-Z]{2}|(?:[A-Z]\.){2}|[A-Z][a-z]{2,4}\.")


def _placelike(name: str) -> bool:
    """One to three capitalised words with nothing of a body's or a publisher's name."""
    words = name.split()
    return (
        1 <= len(words) <= 3
        and all(w[:1].isupper() for w in words)
        and not INSTITUTION.search(name)
        and not PUBLISHING.search(name)
        and not UNIVERSITY.search(name)
    )


def publisher_city_state(f: dict[str, str]) -> None:
    """The city before a state code cut from its place: "Addison Wesley Longman, Redwood
    City" + "CA" (the city kept with the publisher), "Las Vegas" + "NV, USA" (the city
    taken as the publisher), and ACS's "Elsevier: Amsterdam" (publisher: place) left as
    one publisher."""
    pub, addr = f.get("publisher", ""), f.get("address", "")
    if not pub:
        return
    m = regex(r"^(?P<p>[^:]{2,}?)\s*:\s*(?P<a>[^:,]{2,40})$").match(pub)
    if m and not addr and all(gazetteer.in_class(w, "place") for w in m.group("a").split()):
        f["publisher"], f["address"] = m.group("p").strip(), m.group("a").strip(" .")
        return
    head = addr.split(",")[0].strip()
    if not addr or not _STATE.fullmatch(head):
        return
    parts = [p.strip() for p in pub.split(",")]
    if (
        len(parts) == 1
        and _placelike(pub)
        and not any(gazetteer.in_class(w, "publisher") for w in pub.split())
    ):
        f["address"] = f"{pub}, {addr}"  # "Las Vegas" + "NV, USA": a city, no publisher
        del f["publisher"]
    elif len(parts) >= 2 and _placelike(parts[-1]):
        f["publisher"], f["address"] = ", ".join(parts[:-1]), f"{parts[-1]}, {addr}"


def publisher_place(f: dict[str, str]) -> None:
    """ "Éditions Yvon Blais, Cowansville, Québec" -> publisher + address;
    "Paris, Economica" tagged as a place -> address + publisher."""
    publisher_city_state(f)
    pub, addr = f.get("publisher", ""), f.get("address", "")
    if pub and not addr and "," in pub:
        parts = [p.strip() for p in pub.split(",")]
        first = parts[0].split()
        if (
            any(gazetteer.in_class(w, "publisher") for w in first)
            # "University of Bremen, Bremen", "IEA, Paris": a body, then a known place
            or not all(gazetteer.in_class(w, "place") for w in first)
        ) and all(gazetteer.in_class(w, "place") for w in parts[-1].split()):
            # "IRIDIA, Université Libre de Bruxelles, Belgium": the bodies stay together
            k = 1
            while k < len(parts) - 1 and (
                INSTITUTION.search(parts[k]) or UNIVERSITY.search(parts[k])
            ):
                k += 1
            f["publisher"], f["address"] = ", ".join(parts[:k]), ", ".join(parts[k:])
        elif (
            len(parts) == 2
            and all(gazetteer.in_class(w, "place") for w in first)
            and parts[0][:1].isupper()
            and (
                PUBLISHING.search(parts[1])
                or any(gazetteer.in_class(w, "publisher") for w in parts[1].split())
            )
        ):
            # French "Lyon, Éditions Lugdunum, 2004": the place, then the publisher
            f["address"], f["publisher"] = parts[0], parts[1]
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
        if (
            len(parts) >= 3
            and not any(gazetteer.in_class(w, "place") for w in parts[0].split())
            and (names.looks_organisation(parts[0]) or parts[0].isupper())
            and all(gazetteer.in_class(w, "place") for p in parts[1:] for w in p.split())
        ):
            # "IPCC, Geneva, Switzerland" tagged as a place: the body, then city and country
            f["publisher"], f["address"] = parts[0], ", ".join(parts[1:])
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


def vancouver_tail(f: dict[str, str], text: str) -> None:
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


def physics_tail(f: dict[str, str], text: str, journal: str, container: str) -> str:
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
        title = f.get("title", "")
        if title.endswith((f"{j} {m.group('v')}", f"{j}{m.group('v')}")) and title.find(j) > 0:
            # the tagger ran the title on over the journal and volume ("... Topological
            # Strings.JHEP 1211"): the title stops where the journal starts
            f["title"] = title[: title.rfind(j)].rstrip(" ,;:.")
        elif title.endswith(j.split()[0]) or title == j:
            f.pop("title", None)
        return j
    return journal


def trailing_volume(f: dict[str, str], name: str) -> str:
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


def container_editors(f: dict[str, str], container: str) -> tuple[str, tuple[Name, ...]]:
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


def journal_parts(f: dict[str, str], journal: str) -> str:
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


def series_letter(f: dict[str, str], journal: str) -> str:
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


def site_fields(f: dict[str, str], journal: str) -> None:
    """A known news outlet or site tagged as place or publisher is the container."""
    if journal or "_site" in f or f.get("genre"):
        return
    for key in ("address", "publisher"):
        v = f.get(key, "")
        if (
            v
            and gazetteer.site_key(v) in gazetteer.sites()
            and not gazetteer.in_class(v, "place")
            and not INSTITUTION.search(v)
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


def abbreviated_journal_head(f: dict[str, str], journal: str, text: str) -> str:
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
        f["title"] = strip_title(head)
    else:
        del f["title"]
    # the journal name as printed, spacing and all
    k = text.find(tail)
    j = text.find(journal, k + len(tail)) if k >= 0 else -1
    if k >= 0 and 0 <= j - (k + len(tail)) <= 3:
        return text[k : j + len(journal)]
    return f"{tail}. {journal}"


def promote_journal(f: dict[str, str], journal: str, container: str) -> str:
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


# "Title (abstract)", "Title [Extended abstract]": what kind of item it is, not title text
_TITLE_ANNOTATION = lazy(
    r"\s*[(\[]\s*((?:extended\s+)?abstract|abstracts?\s+only|poster|r[ée]sum[ée]|"
    r"zusammenfassung|editorial|erratum|corrigendum)\s*[)\]]\s*$",
    re.I,
)


def title_annotation(f: dict[str, str]) -> str:
    """A bracketed "(abstract)"-like label closing the title, moved out (for ``note``)."""
    title = f.get("title", "")
    m = _TITLE_ANNOTATION.search(title)
    if not m or m.start() < 3:
        return ""
    f["title"] = title[: m.start()].rstrip(" .,")
    return m.group(1)


# a book's extent at the end of a Cyrillic reference: "… : Наука, 256 с.", "320 стр."
_PAGE_COUNT = lazy(r"(?<![\d\-–])(\d{2,4})\s*(?:с|стр|сс)\.?$")


def page_count(f: dict[str, str], text: str) -> str:
    """Class: the page count of a book ("256 с.") taken as its pages. Returns the
    extent for the note when it is moved out of ``pages``."""
    m = _PAGE_COUNT.search(text.rstrip(" ."))
    if not m or f.get("pages") != m.group(1) or f.get("journal"):
        return ""
    del f["pages"]
    return m.group(0)


def date_not_volume(f: dict[str, str], text: str) -> None:
    """Class: the day of a "14 января 2009" / "3 March 2010" date after a newspaper's
    name taken as its volume: the day and month are the date, not a volume."""
    vol = f.get("volume", "")
    if not vol.isdigit() or not 1 <= int(vol) <= 31 or f.get("number"):
        return
    m = regex(r"(?<![\d.])(\d{1,2})\s+([^\W\d_]{3,9})\.?,?\s+((?:1[5-9]|20)\d\d)(?!\d)").search(
        text
    )
    if not m or m.group(1) != vol:
        return
    month = MONTHS.get(m.group(2).lower())
    if not month:
        return
    del f["volume"]
    f.setdefault("month", str(month))
    if f.get("year") == m.group(3):
        f.setdefault("date", iso((int(m.group(3)), month, int(vol))))


_CYR_TITLE_JOURNAL = lazy(
    r"^(.{8,}?[а-яёіїєґ\w)]{2})\.\s+([А-ЯЁІЇЄҐ][А-ЯЁІЇЄҐа-яёіїєґʼ’'\-]*(?:\s+[А-ЯЁІЇЄҐа-яёіїєґʼ’'\-:]+){0,7})$"
)


def cyrillic_journal_in_title(f: dict[str, str], journal: str, container: str) -> str:
    """Class: a Cyrillic journal after the title with only a full stop, before the year
    and numbering ("Заглавие. Физика твердого тела, 2015, т. 57, вып. 9, с. 1802–1808."):
    with volume or issue and pages but no container, the title's last sentence is the
    journal. Returns the journal (unchanged when the rule does not apply)."""
    if journal or container or not f.get("pages") or not (f.get("volume") or f.get("number")):
        return journal
    m = _CYR_TITLE_JOURNAL.match(f.get("title", ""))
    if not m or f.get("publisher"):
        return journal
    f["title"] = m.group(1)
    return m.group(2)


_PLACE_COLON_BODY = lazy(
    r"(?P<p>[^\W\d_][\w'’-]*(?:\s[^\W\d_][\w'’-]*){0,2})\s*:\s*"
    r"(?P<b>[^\W\d_][\w'’&+.-]*(?:\s(?:[^\W\d_][\w'’&+.-]*|&|\+)){0,3})"
)


def journal_imprint(f: dict[str, str], journal: str) -> str:
    """ "Dansk kulturhistorie. København: Gyldendal.": a "Place: Publisher" imprint the
    tagger read as the journal of an unnumbered item (no volume, issue or pages) is the
    place and publisher of a book. The place is one to three capitalised words and the
    body a short name: a known place, or a body that names a publishing house or is one
    word ("Routledge"), so that "Governing America: The Politics …" stays a title."""
    if not journal or f.get("publisher") or f.get("address"):
        return journal
    if any(f.get(k) for k in ("volume", "number", "pages")):
        return journal
    m = _PLACE_COLON_BODY.fullmatch(journal.strip(" .,;"))
    if not m:
        return journal
    place, body = m.group("p"), m.group("b")
    words = place.split() + body.split()
    if not all(w[:1].isupper() or w in ("&", "+") for w in words):
        return journal
    if not (
        all(gazetteer.in_class(w, "place") for w in place.split())
        or PUBLISHING.search(body)
        or len(body.split()) == 1
    ):
        return journal
    f["address"], f["publisher"] = place, body
    return ""


def university_city(f: dict[str, str], text: str) -> None:
    """ "Diss. Universität Leipzig", "Technische Universität München (2017)": a
    university named after its city, the name cut by the tagger before the city (read as
    the place). When the printed text has the two as one name, they are one body."""
    pub, addr = f.get("publisher", ""), f.get("address", "")
    if not pub or not addr or " " in addr:
        return
    last = pub.split(",")[-1].strip()
    if regex(UNIVERSITY_WORD + r"$").search(last) and f"{last} {addr}" in text:
        f["publisher"] = f"{pub} {addr}"
        del f["address"]


# a place's shape: one to three capitalised words of letters ("Opladen", "Murray Hill",
# "Saint-Denis"), optionally with a state or country code ("Hampton, VA" is two parts)
_PLACE_SHAPE = lazy(r"[^\W\d_][^\W\d_'’-]*(?:[-'’][^\W\d_]+)*(?:\s[^\W\d_][^\W\d_'’-]*){0,2}")
_COMPANY_WORD = lazy(
    r"\b(?:Inc|Ltd|Co|Corp|LLC|GmbH|AG|SA|KG|plc|Publishers?|Verlag|Press|Books|Group)\b\.?", re.I
)
_SERIAL_WORD = lazy(
    r"\b(?:Review|Journal|Bulletin|Series|Studies|Papers|Letters|Proceedings|Quarterly|"
    r"Annals|Transactions|Newsletter|Magazine|Gazette|Times|News)\b",
    re.I,
)
# "University of Maryland, College Park": a US university system and its campus, one name
_SYSTEM_CAMPUS = lazy(r"(?:The\s+)?University\s+of\s+[^\W\d_]+")


def _body_cue(s: str) -> bool:
    return bool(
        PUBLISHING.search(s)
        or INSTITUTION.search(s)
        or UNIVERSITY.search(s)
        or regex(r"\s[+&]\s").search(s)
        or any(gazetteer.in_class(w, "publisher") for w in s.split())
    )


def body_then_place(f: dict[str, str]) -> None:
    """ "Leske + Budrich, Opladen", "Université Paris-Saclay, Orsay", "Instituto de Pesquisa
    Econômica Aplicada, Brasília": a body, then a place the gazetteer does not know, left
    as one publisher (or one place). The body names itself as one (a publishing, public
    or university word, "+" or "&") and the place is one to three capitalised words with
    no such word (nor "Inc.", "Ltd"), so a body's second part never becomes a place."""
    pub, addr = f.get("publisher", ""), f.get("address", "")
    whole, key = (pub, "publisher") if pub and not addr else (addr, "address")
    if not whole or (pub and addr) or whole.count(",") != 1:
        return
    body, place = (p.strip() for p in whole.split(","))
    if not body[:1].isupper() or not _PLACE_SHAPE.fullmatch(place):
        return
    if not all(w[:1].isupper() for w in place.split()):
        return
    if _body_cue(place) or _COMPANY_WORD.search(place) or _SYSTEM_CAMPUS.fullmatch(body):
        return
    if REPORT.search(place) or _SERIAL_WORD.search(place):
        return  # "Federal Reserve Bank of Atlanta, Economic Review": a serial, not a place
    if not _body_cue(body) or all(gazetteer.in_class(w, "place") for w in body.split()):
        return  # "Cambridge, England": two places
    del f[key]
    f["publisher"], f["address"] = body, place
