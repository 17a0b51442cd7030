"""Web-page structure before tagging: the *site rule* for bare "Title SiteName"
lines (Wikipedia footnotes), a site glued to the end of an unstructured line, and
corporate authors that open a reference ("Organisation (2020). Title")."""

from __future__ import annotations

import re

from bibman.freetext import gazetteer, names
from bibman.freetext.lazyre import lazy, regex
from bibman.freetext.normalize import Extracted

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


def site_split(
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


def is_bare_title_site(text: str) -> bool:
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


def place_tail(org: str) -> tuple[str, str]:
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


def publisher_place_tail(text: str) -> tuple[str, dict[str, str]] | None:
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


def corporate_prefix(text: str) -> tuple[str, str, str] | None:
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


def trailing_site(ex: Extracted, known: frozenset[str]) -> tuple[str, str] | None:
    """ "Title, with punctuation 2001 Center for Defense Information": a known
    site or organisation glued to the end of a line that has no other structure."""
    text = ex.text
    if (
        ex.url
        or len(text) > 400
        or regex(r"[“”\"«»„]|\(\s*(?:1[5-9]|20)\d\d|\b(?:In:|pp\.|vol\.)").search(text)
    ):
        return None
    sp = site_split(text, known, heuristic=False)
    if sp is None or len(sp[0].split()) < 2:
        return None
    # Wikipedia-style lines end with the bare site name: no final period, no numbers
    if text.rstrip().endswith(".") or regex(r"[\d:;]").search(sp[1]):
        return None
    before = sp[0].rstrip()
    if before[-1:].isalnum() or before[-1:] in "?!)–-":
        return sp
    return None
