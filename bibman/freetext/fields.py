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

The steps live in small modules: ``sites`` (site rule, corporate authors),
``segfields`` (segment repairs, segments -> fields, entry type, placement),
``fieldfix`` (repairs on the field dict, one class of input each) and
``fieldtext`` (shared stripping helpers and word classes). This module only
orchestrates them.

Web pages are ``@misc`` with ``howpublished`` = the site or publishing body,
``url`` and ``urldate``: BibTeX's plain style and biblatex both accept that
without warnings (``@online`` is unknown to plain.bst). Newspaper articles are
``@article`` with ``entrysubtype = {newspaper}``.
"""

from __future__ import annotations

import itertools

from bibman.freetext import acadfix, cjk, gazetteer, gost, names, normalize, tagger, webtype
from bibman.freetext.dates import iso, parse_date
from bibman.freetext.fieldfix import (
    abbreviated_journal_head,
    body_then_place,
    container_editors,
    cyrillic_journal_in_title,
    date_not_volume,
    journal_imprint,
    journal_parts,
    page_count,
    physics_tail,
    promote_journal,
    publisher_place,
    series_letter,
    site_fields,
    title_annotation,
    title_body_place,
    title_place,
    title_place_publisher,
    title_trailing_publisher,
    trailing_volume,
    university_city,
    vancouver_tail,
)
from bibman.freetext.fieldtext import INSTITUTION, NEWS, REPORT, is_newspaper, segments, strip_title
from bibman.freetext.lazyre import lazy, regex
from bibman.freetext.normalize import clean, extract, genre_kind, strip_label
from bibman.freetext.segfields import (
    day_month,
    decide_type,
    fields_from_segments,
    place_fields,
    repair_segments,
    report_series,
    thesis_genre,
)
from bibman.freetext.sites import (
    corporate_prefix,
    is_bare_title_site,
    place_tail,
    publisher_place_tail,
    site_split,
    trailing_site,
)
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
        if not is_bare_title_site(body):
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
    site = site_split(ex.text, known) if is_bare_title_site(ex.text) else trailing_site(ex, known)
    rule_res = None
    if site is None and cjk.has_gbt_code(ex.text):
        rule_res = cjk.parse_gbt(ex.text)
    if rule_res is not None:
        pass
    elif site is None and cjk.is_cjk_reference(ex.text):
        rule_res = cjk.parse_cjk(ex.text)
    elif site is None and gost.is_gost_reference(ex.text):
        rule_res = gost.parse_gost(ex.text)
        if rule_res is not None:
            typ, f, authors, rule_notes = rule_res
            typ = gost.web_type(typ, f, bool(ex.url or ex.urldate), ex.notes)
            for n in rule_notes if f.get("year", "").isdigit() and "date" not in f else ():
                dm = day_month(n)
                if dm:  # "// РБК. – 2019. – 11 марта.": the day and month of that year
                    f["month"], f["date"] = str(dm[0]), iso((int(f["year"]), dm[0], dm[1]))
                    rule_notes.remove(n)
                    break
            rule_res = typ, f, authors, rule_notes
    if rule_res is not None and rule_res[1].get("title"):
        typ, f, authors, rule_notes = rule_res
        notes.extend(rule_notes)
        if f.get("_editors"):
            editors = names.split_names(f.pop("_editors"))
        confidence = 0.8
    elif site is not None:
        title, org = site
        if title:
            f["title"] = title
        typ = "misc"
        f["howpublished"] = org
        confidence = 0.75
    elif is_bare_title_site(ex.text) and not ex.text.split()[0][:1].isdigit():
        # words only and no site found: most likely a title on its own
        f["title"] = strip_title(ex.text)
        typ = "misc"
        confidence = 0.5
    else:
        body_text = ex.text
        corp = corporate_prefix(body_text)
        simple_place = ""
        tail_fields: dict[str, str] = {}
        ppt = publisher_place_tail(body_text)
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
        body_text = acadfix.unglue(body_text)
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
        segs = segments(body_text, spans[: len(tokens)], labels) if tokens else []
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
        segs = repair_segments(segs)
        jc, f, authors, editors, notes2 = fields_from_segments(segs, probs, ex)
        for k, v in tail_fields.items():
            if k in f and f[k] != v:
                notes2.append(f[k])
            f[k] = v
        notes.extend(notes2)
        journal, container = jc.split("\x00")
        if corp is not None:
            org, place = place_tail(corp[0])
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
            dm = day_month(n)
            if dm:  # a yearless "15 November" the tagger left as a note
                f["month"], f["date"] = str(dm[0]), iso((int(f["year"]), dm[0], dm[1]))
                notes.remove(n)
                break
        vancouver_tail(f, ex.text)
        extent = page_count(f, ex.text)
        if extent:
            notes.append(extent)
        date_not_volume(f, ex.text)
        journal = physics_tail(f, body_text, journal, container)
        journal, container = acadfix.repair(f, body_text, journal, container, notes)
        journal, container = trailing_volume(f, journal), trailing_volume(f, container)
        container, more_editors = container_editors(f, container)
        if more_editors and not editors:
            editors = more_editors
        journal = series_letter(f, journal_parts(f, journal))
        journal = cyrillic_journal_in_title(f, journal, container)
        journal = journal_imprint(f, journal)
        if report_series(f, journal or container):
            journal = container = ""
        publisher_place(f)
        body_then_place(f)
        university_city(f, body_text)
        if not (journal or container or f.get("publisher")):
            title_body_place(f)
        if not (journal or container or f.get("publisher")):
            title_place_publisher(f)
        if not (journal or container or f.get("publisher")):
            title_trailing_publisher(f)
        if not (journal or container or f.get("address")):
            title_place(f)
        site_fields(f, journal)
        if (
            journal
            and INSTITUTION.search(journal)
            and not NEWS.search(journal)
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
        journal = abbreviated_journal_head(f, journal, body_text)
        journal = promote_journal(f, journal, container)
        if (
            container
            and not journal
            and not editors
            and not f.get("publisher")
            and gazetteer.site_key(container) in gazetteer.sites()
            and not INSTITUTION.search(container)
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
        thesis_genre(f, ex.text)
        label = title_annotation(f)
        if label:
            notes.append(label)
        online = bool(ex.url or ex.urldate)
        journal = webtype.title_from_container(f, webtype.site_cleanup(f, journal), online)
        journal = webtype.title_site(f, journal, container)
        journal = webtype.site_publisher(f, journal, online)
        journal = webtype.rejoin_site(f, journal, body_text, online)
        personal = bool(authors) and not any(a.literal for a in authors)
        if not (journal or container):
            webtype.title_label_body(f, ex.genre)
        numbered_report = not journal and not container and webtype.report_number(f)
        single = personal and len(authors) == 1
        typ = decide_type(f, journal, container, editors, ex, personal, single)
        corporate = len(authors) == 1 and bool(authors[0].literal)
        if typ in ("misc", "book") and (
            numbered_report
            or (corporate and not journal and not container and REPORT.search(f.get("title", "")))
        ):
            # "World Health Organization. (2021). Global tuberculosis report 2021." and
            # "Office. (2019). Title (GAO-19-384).": a body's numbered or named report;
            # the body that wrote it issued it (APA leaves the publisher out then)
            typ = "techreport"
        kind = genre_kind(ex.genre) if ex.genre else ""
        if not kind:
            # "[Video]", "(blog)", "[Podcast]": a medium note of a page, post or recording
            medium = next((n for n in ex.notes if genre_kind(n) == "web"), "")
            kind, ex.genre = ("web", medium) if medium else ("", ex.genre)
        if kind or "(V" in f.get("title", ""):
            f["title"], labels = normalize.title_labels(f.get("title", ""))
            notes.extend(lab for lab in labels if not genre_kind(lab))
        if kind and not (journal or container or f.get("publisher")):
            journal = webtype.body_after_label(notes, ex.genre)
        if kind in ("report", "web", "data", "software"):
            typ, journal, container = webtype.labelled_type(
                typ, f, journal, container, ex.genre, kind, ex.text
            )
            if f.get("genre") == ex.genre and ex.genre in ex.notes:
                ex.notes.remove(ex.genre)  # now the entry's type
            elif f.get("genre") != ex.genre and ex.genre.casefold() not in {
                n.casefold() for n in (*notes, *ex.notes)
            }:
                notes.append(ex.genre)
        if typ == "techreport" and corporate and not f.get("publisher"):
            f["publisher"] = authors[0].literal  # the body that wrote it issued it
        if typ == "article" and webtype.is_web_page(f, journal, online, bool(ex.doi)):
            typ = "misc"  # a page on a web site: the container is the site
            pin = webtype.pin_cite(f)
            if pin:
                notes.append(pin)
        elif (
            typ == "book"
            and online
            and not f.get("address")
            and not editors
            and webtype.quoted_title(f.get("title", ""), ex.text)
        ):
            # '"Bird Migration Explained." National Audubon Society, 2020, www...': a
            # quoted title read online is a page, its one body the site, never a book
            journal, typ = f.pop("publisher", ""), "misc"
        elif (
            typ == "book"
            and online
            and webtype.online_book_is_page(f, ex.urldate, ex.notes, bool(ex.doi), bool(editors))
        ) or (
            typ == "book"
            and corporate
            and not editors
            and webtype.own_site_page(f, authors[0].literal, bool(ex.url), bool(ex.doi))
        ):
            journal, typ = f.pop("publisher", ""), "misc"
        whole = (
            (authors[0].literal or f"{authors[0].given} {authors[0].family}".strip())
            if len(authors) == 1 and "." not in authors[0].given
            else ""
        )
        if typ == "book" and whole and webtype.own_report(f, whole, bool(editors)):
            # "Human Rights Watch. Title. New York: Human Rights Watch": the "person" whose
            # whole name is the publisher's is the body that issued its own report
            typ, authors, corporate = "techreport", (Name(literal=whole),), True
        typ, apa_site = webtype.apa_dated_page(
            typ, f, journal, ex.text, bool(ex.url), bool(ex.doi), bool(editors)
        )
        if apa_site:
            journal, container = apa_site, ""
        typ, page_site = webtype.quoted_page_read_online(
            typ,
            f,
            journal,
            container,
            ex.text,
            ex.urldate,
            bool(ex.doi),
            bool(editors),
            cs1=bool(regex(r"\b(?:Retrieved|Archived from)\b").search(body)),
        )
        if typ == "misc" and page_site:
            journal, container = page_site, ""
            pin = webtype.pin_cite(f)
            if pin:
                notes.append(pin)
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
        if typ == "misc" and online and (journal or container or f.get("publisher")):
            # "ISTAT. Istituto Nazionale di Statistica" on a page: the site, then its publisher
            name = journal or container or f.pop("publisher")
            journal, container = webtype.site_publisher(f, name, online), ""
        typ, f = place_fields(typ, f, journal, container, bool(ex.url or ex.urldate))
        if typ == "article" and is_newspaper(journal, f):
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
        if INSTITUTION.search(whole) and not regex(r"\.").search(whole):
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
