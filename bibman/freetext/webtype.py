"""Web pages whose fields look like an article's: the entry type and the
site/publisher split for references read online.

Each rule names the class of input it fixes:

- a domain-like site name as the container ("www.gov.uk", "Nokia.com",
  "Tengrinews.kz"): a web site, never a journal;
- "Title. Site. Publisher." (Wikipedia's CS1 ``website`` and ``publisher``,
  MLA "Site, Publisher,"): the site is the container and the second body the
  publisher, not one glued name;
- an organisation's name as the only "container" of an undated-by-day online
  item ("Statistics Norway. 2013. Retrieved ..."): the body's web site;
- a quoted title read online (URL or access date) with one body after it is a
  web page on that body's site, never a book.

Web pages are ``@misc`` (bibman's convention, see :mod:`bibman.freetext.fields`):
the site in ``howpublished``, a publishing body in ``organization`` (biblatex's
``@misc`` and ``@online`` have ``organization``, not ``publisher``).
"""

from __future__ import annotations

import re

from bibman.freetext import gazetteer, names
from bibman.freetext.fieldtext import INSTITUTION, PUBLISHING, is_newspaper
from bibman.freetext.lazyre import lazy, regex

# "www.gov.uk", "Nokia.com", "destatis.de", "GOV.UK", "Культура.РФ": one token, dotted labels
_DOMAIN = lazy(r"(?:www\.)?[^\W_][\w-]*(?:\.[\w-]+)*\.(?P<tld>[^\W\d_]{2,6})")
# generic top-level domains (a two-letter country code is taken from its shape)
_GENERIC_TLD = frozenset(
    [
        "com",
        "org",
        "net",
        "edu",
        "gov",
        "int",
        "mil",
        "info",
        "biz",
        "io",
        "news",
        "blog",
        "online",
        "site",
        "media",
        "tv",
        "fm",
        "eu",
        "asia",
    ]
)
# words that name a periodical: a name with one of them is a journal, not a web site
_PERIODICAL = lazy(
    r"\b(?:journal|review|letters|proceedings|transactions|bulletin|annals|quarterly|"
    r"acta|archives|zeitschrift|revue|rivista|revista|вестник|журнал|известия|записки)\b",
    re.I,
)
# a date the tokenizer glued to a site: "www.ifa.com.de.2016-05-22"
_GLUED_DATE = lazy(r"^(?P<site>.+?)\.?\s*(?P<d>(?:1[5-9]|20)\d\d-\d\d-\d\d)$")
# "Chatham House. Los Angeles Times": two names, each opening with a capital
_TWO_NAMES = lazy(r"^(?P<a>[^.,:;]{2,80}?[^\W\d_]{3})\.\s+(?P<b>[^\W\d_][^.,:;]{1,80})$")
_NAME_COMMA_BODY = lazy(r"^(?P<a>[^.,:;]{2,80}?[^\W\d_]{3}),\s+(?P<b>[^\W\d_][^.,:;]{1,80})$")


def domain_like(name: str) -> bool:
    """ "www.gov.uk", "Nokia.com", "Tengrinews.kz": a host name used as a site name."""
    m = _DOMAIN.fullmatch(name.strip())
    if not m:
        return False
    tld = m.group("tld")
    if tld.casefold() in _GENERIC_TLD or tld.casefold() == "рф":
        return True
    # a country code: two letters, all lower or all upper case ("de", "UK"), after a
    # label of two or more letters ("Phys.Rev" or "J.Ch" are abbreviations, not hosts)
    labels = name.strip().split(".")
    return len(tld) == 2 and (tld.islower() or tld.isupper()) and len(labels[-2]) >= 2


def _numbered(f: dict[str, str]) -> bool:
    return any(f.get(k) for k in ("volume", "number", "pages"))


def _periodical(name: str) -> bool:
    return bool(_PERIODICAL.search(name))


def site_cleanup(f: dict[str, str], journal: str) -> str:
    """A date glued to a domain-like site name goes to the date fields."""
    m = _GLUED_DATE.match(journal)
    if m and domain_like(m.group("site")):
        y, mo, d = m.group("d").split("-")
        if "year" not in f:
            f["year"] = y
            if 1 <= int(mo) <= 12:
                f["month"] = str(int(mo))
                if 1 <= int(d) <= 31:
                    f["date"] = m.group("d")
        return m.group("site")
    return journal


def site_publisher(f: dict[str, str], journal: str, online: bool) -> str:
    """ "Site. Publisher" or "Site, Public Body" left as one container name of an
    online, unnumbered item: the site, and the publisher in ``f``."""
    if not online or f.get("publisher") or _numbered(f) or not journal:
        return journal
    m = _TWO_NAMES.fullmatch(journal)
    if m and not _periodical(journal):
        a, b = m.group("a").strip(), m.group("b").strip()
        # both parts are names (capitalised words), neither an abbreviation
        if all(w[:1].isupper() or (w.islower() and len(w) <= 3) for p in (a, b) for w in p.split()):
            f["publisher"] = b
            return a
    m = _NAME_COMMA_BODY.fullmatch(journal)
    if m and INSTITUTION.search(m.group("b")) and not INSTITUTION.search(m.group("a")[-12:]):
        f["publisher"] = m.group("b").strip()
        return m.group("a").strip()
    return journal


def is_web_page(f: dict[str, str], journal: str, online: bool, has_doi: bool) -> bool:
    """An item typed as an article from its container alone that is a page on a
    web site: read online, no volume, issue or page range, no DOI, and a container
    that is a host name, a site followed by a publisher, an organisation's name,
    or any site when the item has no date at all (APA's "(n.d.)")."""
    if not online or has_doi or not journal or _periodical(journal):
        return False
    if f.get("volume") or f.get("number") or "-" in f.get("pages", ""):
        return False
    if domain_like(journal) or f.get("publisher") or "year" not in f:
        return True
    return (
        "date" not in f
        and names.looks_organisation(journal)
        and not is_newspaper(journal, f)
        and gazetteer.site_key(journal) not in gazetteer.sites()
    )


def quoted_title(title: str, text: str) -> bool:
    """The title was printed in quotation marks."""
    head = title[:30]
    if not head:
        return False
    k = text.find(head)
    if k > 1 and text[k - 1] in " \u00a0":
        k -= 1  # French spacing inside guillemets: "« Histoire de la maison »"
    return k > 0 and text[k - 1] in "“\"«„‘'"


def pin_cite(f: dict[str, str]) -> str:
    """A single page given for a web page ("www.example.org. p. 12. Retrieved …",
    CS1's pin cite) is the page cited, not the work's extent: kept as a note."""
    p = f.get("pages", "")
    if p and "-" not in p:
        del f["pages"]
        return f"p. {p}"
    return ""


# APA's report number after the title: "(GAO-19-384)", "(Report No. 108)",
# "(EEA Report No. 1/2020)", "(Working Paper No. 12)", "(Technical Report TR-2015-04)",
# "(NIH Publication No. 23-MH-8079)", "(CRS R46108)"
_REPORT_NO = lazy(
    r"\s*\((?P<g>[^()]{0,40}?\b(?:Report|Paper|Brief|Memorandum|Note|Series|Publication)\b\.?)?\s*"
    r"(?:No\.?|Nr\.?|Number|#)?\s*(?P<n>(?(g)[\w][\w./-]*|[A-Z]{2,}[-/ ]?[A-Z]?\d[\w./-]*))\)$"
)


def report_number(f: dict[str, str]) -> bool:
    """A report number in parentheses closing the title (APA reports): taken out of
    the title into ``number`` and the genre words into ``genre``; True when found."""
    title = f.get("title", "")
    m = _REPORT_NO.search(title)
    if not m or m.start() < 3 or f.get("number"):
        return False
    f["title"] = title[: m.start()].rstrip(" .,")
    f["number"] = m.group("n")
    if m.group("g") and not f.get("genre"):
        f["genre"] = m.group("g").strip()
    return True


# "Title (Report). Body", "Title (NIH Publication No. 24-MH-3879). Body": a title the
# tagger ran on past its closing description or report number into the issuing body
_TITLE_LABEL_BODY = lazy(
    r"^(?P<t>.{3,}?\S)\s*(?P<b>[(\[][^()\[\]]{2,60}[)\]])\.\s+(?P<r>[^\W\d_].{2,100})$"
)


def title_label_body(f: dict[str, str], genre: str) -> bool:
    """A title running on past its bracketed description ("(Report)", the item's
    ``genre``) or APA report number into the body that issued it: the body goes to
    ``publisher`` (the title keeps the bracket for the rules that read it). Only when no
    container or publisher was found; True when split."""
    title = f.get("title", "")
    m = _TITLE_LABEL_BODY.match(title) if "(" in title or "[" in title else None
    if not m or f.get("publisher"):
        return False
    bracket = m.group("b")
    label = bracket.strip("()[] ")
    is_label = bool(genre) and label.casefold() == genre.casefold()
    if not (is_label or _REPORT_NO.fullmatch(" " + bracket)):
        return False
    f["title"] = f"{m.group('t')} {bracket}"
    f["publisher"] = m.group("r").strip(" .")
    return True


_TITLE_THEN_SITE = lazy(
    r"^(?P<t>.{2,}?[^\W\d_]{2}[.?!])\s+(?P<s>[^\W\d_][^.]{0,60}?|\S+\.\w{2,6})$"
)


def title_from_container(f: dict[str, str], journal: str, online: bool) -> str:
    """ "Ministry of Health. (n.d.). Measles. Health.govt.nz.": with no title found, the
    container of an online, unnumbered item that is two sentences, the second a site
    name, holds the title first."""
    if f.get("title") or not journal or not online or _numbered(f):
        return journal
    m = _TITLE_THEN_SITE.match(journal)
    if m and (domain_like(m.group("s")) or m.group("s")[:1].isupper()):
        f["title"] = m.group("t").rstrip(".")
        return m.group("s")
    return journal


# "Kenya floods: dozens dead – BBC News", "Opening hours | Tate": a page title as the
# browser shows it, the site appended after a dash or bar
_TITLE_DASH_SITE = lazy(
    r"^(?P<t>.{8,}?)\s+[–—|]\s+(?P<s>[^–—|]{2,60})$|^(?P<t2>.{8,}?)\s+-\s+(?P<s2>[^-]{2,60})$"
)


def title_site(f: dict[str, str], journal: str, container: str) -> str:
    """A known site or a host name appended to the title with " – ", " - " or " | "
    is the site (the container), not part of the title."""
    title = f.get("title", "")
    if journal or container or not title:
        return journal
    m = _TITLE_DASH_SITE.match(title)
    if not m:
        return journal
    head, site = (m.group("t"), m.group("s")) if m.group("t") else (m.group("t2"), m.group("s2"))
    site = site.strip(" .")
    if gazetteer.site_key(site) in gazetteer.sites() or domain_like(site):
        f["title"] = head.strip()
        return site
    return journal


# medium notes that say the item was read online ("[online]", "[Internet]", "(online)")
_ONLINE_NOTE = lazy(r"(?:on-?\s?line|internet|web|electronic\s+resource)", re.I)


def online_book_is_page(
    f: dict[str, str], urldate: str, notes: list[str], has_doi: bool, editors: bool
) -> bool:
    """ "Widengård M. Jatropha. Routledge. https://… Accessed December 27, 2013.": an
    item typed as a book from one body after its title, but read online with an access
    date or marked "[online]"/"[Internet]", and with nothing a printed book has (a place,
    editors, an edition, series, volume, pages, ISBN or DOI), is a page on that body's
    web site, not a book; the body becomes the site (``howpublished``)."""
    marked = any(_ONLINE_NOTE.fullmatch(n.strip()) for n in notes)
    if not (urldate or marked) or has_doi or editors:
        return False
    return (
        not f.get("address") and not f.get("isbn") and not _book_parts(f) and bool(f.get("title"))
    )


def _name_key(name: str) -> str:
    return gazetteer.site_key(
        re.sub(r"^(?:the|die|der|la|le|les|el)\s+", "", name.strip(), flags=re.I)
    )


def own_site_page(f: dict[str, str], author: str, online: bool, has_doi: bool) -> bool:
    """ "MIT Press. (2023). Direct to Open. The MIT Press. https://…": a body's work whose
    "publisher" is the body itself, read online. APA leaves a book's publisher out when it
    is the author, but names the site of a page even then: the body's own web page."""
    pub = f.get("publisher", "")
    if not (online and author and pub) or has_doi or f.get("address") or f.get("isbn"):
        return False
    if _book_parts(f):
        return False
    return _name_key(pub) == _name_key(author) and len(_name_key(pub)) >= 3


def _book_parts(f: dict[str, str]) -> bool:
    """An edition, series, volume, number or pages: parts of a printed book, not of a page."""
    return any(f.get(k) for k in ("edition", "series", "volume", "number", "pages"))


def rejoin_site(f: dict[str, str], journal: str, text: str, online: bool) -> str:
    """ "Icelandic Met Office. Retrieved …", "The State Hermitage Museum, www…": one name the
    tagger cut into a site ("Icelandic") and a publisher ("Met Office"). Printed as one run
    of words with nothing between them, the two are the site's one name."""
    pub = f.get("publisher", "")
    if not (online and journal and pub) or _numbered(f):
        return journal
    # "U.S" + "Department of Commerce": the tagger ended a name at the full stop of an
    # initialism ("U.S.", "U.K.", "E.U.") that opens the publisher's name
    m = regex(r"^(?:(?P<site>.*?)\s*,\s*)?(?P<abbr>(?:[A-Z]\.){1,3}[A-Z])$").match(journal)
    if m and f"{m.group('abbr')}. {pub}" in text:
        f["publisher"] = f"{m.group('abbr')}. {pub}"
        return (m.group("site") or "").strip()
    # "North Atlantic" + "Treaty Organization. Los Angeles Times": the publisher's first
    # part ends the site's name, the rest stays the publisher
    m = regex(r"^([^.,;:]+)[.,;:]?(.*)$").match(pub)
    if not m:
        return journal
    head, rest = m.group(1), m.group(2)
    joined = f"{journal} {head.strip()}"
    if joined in text and journal[-1:].isalnum() and not regex(r"\s[–—|-]\s").search(joined):
        rest = rest.strip(" .,;:")
        if rest:
            f["publisher"] = rest
        else:
            del f["publisher"]
        return joined
    return journal


def body_after_label(notes: list[str], label: str) -> str:
    """'"Title" (Report). Reuters.': the label and the body after it, left by the tagger
    as one note, give the body (the note is taken out of ``notes``)."""
    pat = regex(r"[(\[]\s*" + re.escape(label) + r"\s*[)\]][.,]?\s*([^\W\d_].{1,80}?)[.,]?")
    for i, n in enumerate(notes):
        m = pat.fullmatch(n.strip())
        if m:
            del notes[i]
            return m.group(1).strip()
    return ""


def labelled_type(
    typ: str, f: dict[str, str], journal: str, container: str, label: str, kind: str, text: str
) -> tuple[str, str, str]:
    """The entry type a bracketed description after the title names ("(Report)",
    "(Working paper)", "[Blog post]", "[Data set]", "[Computer software]"; APA 7 and CS1's
    ``type`` labels, data/genre-labels.tsv), when nothing in the fields contradicts it (a
    volume and issue, a page range of a periodical, an editor's book). Returns (type,
    journal, container); the one body the tagger read as the journal or book after the
    title is the issuing body (a report's institution, a data set's publisher)."""
    if not kind or (f.get("volume") and f.get("number")):
        return typ, journal, container
    body = journal or container
    if kind == "report" and body and (domain_like(body) or _news(body, f)):
        # '"Title" (Report). Washington Times.': CS1's ``type`` of a story on a news site or
        # of a page on a host: the site stays the container
        return typ, journal, container
    if kind == "report" and typ in ("misc", "book", "article", "incollection", "techreport"):
        # "Title (Working paper). Institute. No. 2022-07.": the report's number, not pages
        pages = f.get("pages", "")
        num = pages.replace("--", "-")
        numbered = regex(r"\b(?:No|Nr|no|nr)\.?\s*" + re.escape(num) + r"\b")
        if pages and not f.get("number") and numbered.search(text):
            f["number"] = num
            del f["pages"]
        if body and (_periodical(body) or ("-" in f.get("pages", "") and journal)):
            return typ, journal, container
        if body and not f.get("publisher"):
            f["publisher"] = body
        f.setdefault("genre", label)
        return "techreport", "", ""
    if kind == "web" and typ in ("article", "book", "incollection", "misc"):
        if f.get("volume") or "-" in f.get("pages", ""):
            return typ, journal, container
        f.setdefault("genre", label)
        return "misc", body, ""
    if kind in ("data", "software") and typ in ("article", "book", "incollection", "misc"):
        if body and not f.get("publisher"):
            f["organization"] = body  # biblatex @misc: the issuing body is organization
        elif f.get("publisher"):
            f["organization"] = f.pop("publisher")
        f.setdefault("genre", label)
        return "misc", "", ""
    return typ, journal, container


def _news(name: str, f: dict[str, str]) -> bool:
    """A newspaper's or news site's name (not a body's or a web site's of the site list)."""
    if gazetteer.site_key(name) in gazetteer.site_kinds():
        return gazetteer.news_site(name)
    return is_newspaper(name, f)


def quoted_page_read_online(
    typ: str,
    f: dict[str, str],
    journal: str,
    container: str,
    text: str,
    urldate: str,
    has_doi: bool,
    editors: bool,
    cs1: bool,
) -> tuple[str, str]:
    """'"Population by region". Statistics Finland. 28 April 2023. Retrieved 9 June 2023.'
    (CS1 ``cite web``, MLA and Chicago web pages): a quoted title with an access date, one
    body after it and nothing a periodical, a book or a chapter has (volume, issue, page
    range, DOI, editors, "In"), typed as an article or chapter from that body alone, is a
    page on the body's site. A newspaper or a periodical's name keeps the article (a news
    story is both), and so does a name that is neither an organisation's nor a host name
    outside CS1's layout ("Retrieved …", "Archived from …"): "Insight Crime, 2 March
    2016. Accessed …" is as likely a magazine's story. Returns (type, site), the site empty when nothing changed."""
    body = journal or container
    if typ not in ("article", "incollection", "inproceedings") or not body or not urldate:
        return typ, ""
    if has_doi or editors or f.get("volume") or f.get("number") or "-" in f.get("pages", ""):
        return typ, ""
    if _periodical(body) or _news(body, f) or not quoted_title(f.get("title", ""), text):
        return typ, ""
    if regex(r"\b(?:In|in|Dans|In:)\s*:?\s*$").search(text[: max(text.find(body[:20]), 0)]):
        return typ, ""  # "In: Site": a container the item is printed in
    named = domain_like(body) or names.looks_organisation(body) or bool(INSTITUTION.search(body))
    if not (cs1 or named):
        return typ, ""
    return "misc", body


def _initials(name: str) -> str:
    """ "Office for National Statistics" -> "ONS": the capitals of its capitalised words."""
    return "".join(w[0] for w in regex(r"[^\W\d_][\w'-]*").findall(name) if w[0].isupper())


def same_body(author: str, publisher: str) -> bool:
    """The publisher is the author itself: the same name, a shorter form of it
    ("Greenpeace" for "Greenpeace East Asia"), or its acronym ("ONS", "INEGI" for
    "Instituto Nacional de Estadística y Geografía [INEGI]")."""
    a, p = _name_key(author), _name_key(publisher)
    if len(p) < 2 or not a:
        return False
    if a == p or (len(p) >= 5 and a.startswith(p)):
        return True
    pub = publisher.strip(" .")
    if pub.isupper() and 2 <= len(pub) <= 8 and pub.isalpha():
        bracketed = regex(r"[(\[]\s*" + re.escape(pub) + r"\s*[)\]]").search(author)
        return bool(bracketed) or _initials(author).upper() == pub.upper()
    return False


def own_report(f: dict[str, str], author: str, editors: bool) -> bool:
    """ "Human Rights Watch. Title. New York: Human Rights Watch, 2020.", "Met Office (2019)
    Title. Exeter: Met Office.": a body's work that the body published itself (its
    publisher is its author, by name or acronym), with no editors, edition or ISBN of a
    trade book, is the body's report, not a book. (A publishing house's own name, "…
    Press", "… Publishing", stays a book.)"""
    pub = f.get("publisher", "")
    if not (author and pub) or editors or f.get("edition") or f.get("isbn"):
        return False
    if PUBLISHING.search(pub) or f.get("volume") or f.get("series"):
        return False
    return same_body(author, pub)


# APA's date of a page, post or story: "(2024, June 11)", "(2019, 3 May)"
_APA_DAY = lazy(r"\((?:1[5-9]|20)\d\d[a-z]?,\s+(?:[^\W\d_]+\.?\s+\d{1,2}|\d{1,2}\s+[^\W\d_]+\.?)\)")


def apa_dated_page(
    typ: str, f: dict[str, str], journal: str, text: str, online: bool, has_doi: bool, editors: bool
) -> tuple[str, str]:
    """ "Mozilla. (2024, June 11). Using the Fetch API. MDN Web Docs. https://…": APA dates a
    web page, blog post or news story to the day, a book or a journal article by the year.
    Read online, dated so, with no volume, issue, pages, DOI or editors, an item typed as a
    book or an article from the one body after its title is a page on that body's site (a
    newspaper's story stays an article: it is both). Returns (type, site), the site empty
    when nothing changed."""
    if typ not in ("book", "article") or not online or has_doi or editors:
        return typ, ""
    if _numbered(f) or f.get("address") or f.get("isbn") or f.get("edition"):
        return typ, ""
    site = journal if typ == "article" else f.get("publisher", "")
    if not site or _periodical(site) or _news(site, f) or not _APA_DAY.search(text):
        return typ, ""
    if typ == "book":
        del f["publisher"]
    return "misc", site
