"""One small client per service: build the request, parse the answer into ``Record``s.

Parsing is pure (bytes -> records) so it is tested on recorded-style answers; the
request goes through ``net.Client`` (rate limits, cache). Base URLs come from the
settings (``BIBMAN_*_API``), never from code.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from ..config import VerifySettings
from .model import Record
from .net import Answer, Client

CSL_JSON = "application/vnd.citationstyles.csl+json"
JSON = "application/json"
ATOM = "application/atom+xml"


@dataclass(frozen=True)
class Lookup:
    """What a source said: records (maybe none), whether the answer is authoritative
    that the thing does not exist, or why there is no answer."""

    records: tuple[Record, ...] = ()
    not_found: bool = False
    error: str = ""
    url: str = ""
    cached: bool = False
    offline: bool = False
    exists: bool = False  # the identifier resolves, but no metadata could be read


class BadAnswer(ValueError):
    pass


def _json(answer: Answer) -> Any:
    if answer.body[:1] not in (b"{", b"["):
        head = answer.body[:60].decode("utf-8", "replace").strip().replace("\n", " ")
        raise BadAnswer(f"not JSON ({answer.content_type or 'no content type'}: {head!r})")
    try:
        return json.loads(answer.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise BadAnswer(f"incomplete or invalid JSON ({e})") from None


def _s(v: Any) -> str:
    if isinstance(v, list):
        v = v[0] if v else ""
    if isinstance(v, int | float) and not isinstance(v, bool):
        return str(v)
    return v.strip() if isinstance(v, str) else ""


def _strs(v: Any) -> tuple[str, ...]:
    if isinstance(v, str):
        return (v,)
    if isinstance(v, list):
        return tuple(x for x in v if isinstance(x, str))
    return ()


def _names(v: Any) -> tuple[tuple[str, str], ...]:
    out = []
    if isinstance(v, list):
        for n in v:
            if not isinstance(n, dict):
                continue
            fam = _s(n.get("family")) or _s(n.get("literal")) or _s(n.get("name"))
            if fam:
                out.append((fam, _s(n.get("given"))))
    return tuple(out)


def _year(item: dict[str, Any]) -> int | None:
    for k in ("issued", "published", "published-print", "published-online", "created"):
        d = item.get(k)
        if isinstance(d, dict):
            parts = d.get("date-parts")
            if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
                y = parts[0][0]
                if isinstance(y, int) and 1000 < y < 3000:
                    return y
                if isinstance(y, str) and y.isdigit():
                    return int(y)
            raw = d.get("raw") or d.get("literal")
            if isinstance(raw, str):
                m = re.search(r"\d{4}", raw)
                if m:
                    return int(m.group(0))
    return None


def from_csl(item: dict[str, Any], source: str, url: str) -> Record:
    """A CSL-JSON item or a Crossref ``works`` item (they share most names)."""
    pages = _s(item.get("page")) or _s(item.get("article-number"))
    return Record(
        source=source,
        url=url,
        type=_s(item.get("type")),
        title=" ".join(x for x in (_s(item.get("title")), _s(item.get("subtitle"))) if x).strip()
        if _s(item.get("subtitle")) and _s(item.get("subtitle")) not in _s(item.get("title"))
        else _s(item.get("title")),
        authors=_names(item.get("author")),
        editors=_names(item.get("editor")),
        year=_year(item),
        container=_s(item.get("container-title")),
        container_short=_strs(item.get("container-title-short"))
        + _strs(item.get("short-container-title")),
        volume=_s(item.get("volume")),
        issue=_s(item.get("issue")),
        pages=pages,
        publisher=_s(item.get("publisher")),
        doi=_s(item.get("DOI")).lower(),
        issn=_strs(item.get("ISSN")),
        isbn=_strs(item.get("ISBN")),
        score=float(item["score"]) if isinstance(item.get("score"), int | float) else None,
        notice=_notice(item),
    )


def _notice(item: dict[str, Any]) -> str:
    if item.get("update-to"):
        return "erratum"
    rel = item.get("relation")
    if isinstance(rel, dict) and (rel.get("is-review-of") or rel.get("is-comment-on")):
        return "review" if rel.get("is-review-of") else "comment"
    return ""


# ----------------------------------------------------------------------------- doi.org


def resolve_doi(client: Client, s: VerifySettings, doi: str, deadline: float) -> Lookup:
    url = s.doi_resolver + quote(doi, safe="/:;()[].-_~")
    ans = client.get(url, f"{CSL_JSON}, application/json;q=0.5", deadline)
    if ans.error:
        return Lookup(error=ans.error, url=url, offline=ans.offline)
    # doi.org's own 404 (the first hop) is authoritative: no such DOI
    if ans.status == 404 and ans.first_status == 404:
        return Lookup(not_found=True, url=url, cached=ans.cached)
    if ans.status != 200:
        return Lookup(
            error=f"HTTP {ans.status} from {ans.url}",
            url=url,
            exists=ans.first_status in (200, 301, 302, 303, 307, 308),
        )
    try:
        data = _json(ans)
    except BadAnswer as e:
        # a registration agency without content negotiation sends its landing page
        return Lookup(
            error=f"no metadata by content negotiation: {e}",
            url=url,
            exists=True,
            cached=ans.cached,
        )
    if isinstance(data, list):
        data = data[0] if data and isinstance(data[0], dict) else {}
    if not isinstance(data, dict) or not data:
        return Lookup(error="empty CSL-JSON record", url=url, exists=True)
    rec = from_csl(data, "doi.org", url)
    if not rec.doi:
        rec = Record(**{**rec.__dict__, "doi": doi.lower()})
    return Lookup((rec,), url=url, cached=ans.cached)


# ----------------------------------------------------------------------------- Crossref


def crossref_search(
    client: Client, s: VerifySettings, query: str, deadline: float, rows: int = 5
) -> Lookup:
    params = {"query.bibliographic": query[:1000], "rows": str(rows)}
    if s.mailto:
        params["mailto"] = s.mailto
    url = s.crossref_api.rstrip("/") + "/works?" + urlencode(params)
    headers = {"Crossref-Plus-API-Token": f"Bearer {s.crossref_token}"} if s.crossref_token else {}
    ans = client.get(url, JSON, deadline, headers)
    if ans.error:
        return Lookup(error=ans.error, url=url, offline=ans.offline)
    if ans.status != 200:
        return Lookup(error=f"HTTP {ans.status} from Crossref", url=url)
    try:
        data = _json(ans)
        items = data["message"]["items"]
        if not isinstance(items, list):
            raise BadAnswer("no items")
    except (BadAnswer, KeyError, TypeError) as e:
        return Lookup(error=f"unexpected Crossref answer: {e}", url=url)
    recs = tuple(from_csl(i, "crossref", url) for i in items if isinstance(i, dict))
    return Lookup(recs, url=url, cached=ans.cached)


# ----------------------------------------------------------------------------- OpenAlex


def _openalex_record(w: dict[str, Any], url: str) -> Record:
    authors = []
    for a in w.get("authorships") or []:
        name = _s(((a or {}).get("author") or {}).get("display_name"))
        if name:
            parts = name.rsplit(" ", 1)
            authors.append((parts[-1], parts[0] if len(parts) > 1 else ""))
    loc = (w.get("primary_location") or {}).get("source") or {}
    biblio = w.get("biblio") or {}
    fp, lp = _s(biblio.get("first_page")), _s(biblio.get("last_page"))
    doi = _s(w.get("doi"))
    doi = re.sub(r"^https?://(dx\.)?doi\.org/", "", doi, flags=re.I).lower()
    year = w.get("publication_year")
    return Record(
        source="openalex",
        url=url,
        type=_s(w.get("type")),
        title=_s(w.get("title")) or _s(w.get("display_name")),
        authors=tuple(authors),
        year=year if isinstance(year, int) else None,
        container=_s(loc.get("display_name")),
        volume=_s(biblio.get("volume")),
        issue=_s(biblio.get("issue")),
        pages=f"{fp}-{lp}" if fp and lp and fp != lp else fp,
        doi=doi,
        issn=_strs(loc.get("issn")),
    )


def openalex_search(client: Client, s: VerifySettings, query: str, deadline: float) -> Lookup:
    params = {"search": query[:500], "per-page": "5"}
    if s.mailto:
        params["mailto"] = s.mailto
    if s.openalex_api_key:
        params["api_key"] = s.openalex_api_key
    url = s.openalex_api.rstrip("/") + "/works?" + urlencode(params)
    ans = client.get(url, JSON, deadline)
    if ans.error:
        return Lookup(error=ans.error, url=url, offline=ans.offline)
    if ans.status != 200:
        return Lookup(error=f"HTTP {ans.status} from OpenAlex", url=url)
    try:
        results = _json(ans)["results"]
    except (BadAnswer, KeyError, TypeError) as e:
        return Lookup(error=f"unexpected OpenAlex answer: {e}", url=url)
    recs = tuple(_openalex_record(w, url) for w in results if isinstance(w, dict))
    return Lookup(recs, url=url, cached=ans.cached)


# ----------------------------------------------------------------------------- arXiv

_A = "{http://www.w3.org/2005/Atom}"
_AX = "{http://arxiv.org/schemas/atom}"


def parse_arxiv(body: bytes, url: str) -> tuple[Record, ...]:
    try:
        root = ET.fromstring(body)
    except ET.ParseError as err:
        raise BadAnswer(f"invalid Atom XML ({err})") from None
    out = []
    for e in root.findall(f"{_A}entry"):
        ident = (e.findtext(f"{_A}id") or "").strip()
        if "/api/errors" in ident or not ident:
            continue
        title = re.sub(r"\s+", " ", e.findtext(f"{_A}title") or "").strip()
        authors = []
        for a in e.findall(f"{_A}author"):
            name = re.sub(r"\s+", " ", a.findtext(f"{_A}name") or "").strip()
            if name:
                parts = name.rsplit(" ", 1)
                authors.append((parts[-1], parts[0] if len(parts) > 1 else ""))
        published = e.findtext(f"{_A}published") or ""
        m = re.match(r"(\d{4})", published)
        eprint = re.sub(r"v\d+$", "", ident.rsplit("/abs/", 1)[-1])
        out.append(
            Record(
                source="arxiv",
                url=url,
                type="article",  # CSL's type for a preprint
                title=title,
                authors=tuple(authors),
                year=int(m.group(1)) if m else None,
                doi=(e.findtext(f"{_AX}doi") or "").strip().lower(),
                link=f"https://arxiv.org/abs/{eprint}",
                eprint=eprint,
            )
        )
    return tuple(out)


def arxiv_lookup(client: Client, s: VerifySettings, arxiv_id: str, deadline: float) -> Lookup:
    url = s.arxiv_api + "?" + urlencode({"id_list": arxiv_id, "max_results": "1"})
    ans = client.get(url, ATOM, deadline)
    if ans.error:
        return Lookup(error=ans.error, url=url, offline=ans.offline)
    if ans.status != 200:
        return Lookup(error=f"HTTP {ans.status} from arXiv", url=url)
    try:
        recs = parse_arxiv(ans.body, url)
    except BadAnswer as e:
        return Lookup(error=str(e), url=url)
    if not recs:  # arXiv answers an empty feed for an id it does not have
        return Lookup(not_found=True, url=url, cached=ans.cached)
    return Lookup(recs, url=url, cached=ans.cached)


# ----------------------------------------------------------------------------- Open Library


def openlibrary_lookup(client: Client, s: VerifySettings, isbn: str, deadline: float) -> Lookup:
    url = (
        s.openlibrary_api.rstrip("/")
        + "/api/books?"
        + urlencode({"bibkeys": f"ISBN:{isbn}", "format": "json", "jscmd": "data"})
    )
    ans = client.get(url, JSON, deadline)
    if ans.error:
        return Lookup(error=ans.error, url=url, offline=ans.offline)
    if ans.status != 200:
        return Lookup(error=f"HTTP {ans.status} from Open Library", url=url)
    try:
        data = _json(ans)
    except BadAnswer as e:
        return Lookup(error=str(e), url=url)
    book = data.get(f"ISBN:{isbn}") if isinstance(data, dict) else None
    if not isinstance(book, dict):
        # Open Library does not know every book: not evidence that the ISBN is wrong
        return Lookup(error="Open Library has no record of this ISBN", url=url, cached=ans.cached)
    authors = []
    for a in book.get("authors") or []:
        name = _s((a or {}).get("name"))
        if name:
            parts = name.rsplit(" ", 1)
            authors.append((parts[-1], parts[0] if len(parts) > 1 else ""))
    m = re.search(r"\d{4}", _s(book.get("publish_date")))
    pubs = book.get("publishers") or []
    ids = book.get("identifiers") or {}
    title = _s(book.get("title"))
    if _s(book.get("subtitle")):
        title = f"{title}: {_s(book.get('subtitle'))}"
    rec = Record(
        source="openlibrary",
        url=url,
        type="book",
        title=title,
        authors=tuple(authors),
        year=int(m.group(0)) if m else None,
        publisher=_s((pubs[0] or {}).get("name")) if pubs and isinstance(pubs[0], dict) else "",
        isbn=tuple(_strs(ids.get("isbn_13")) + _strs(ids.get("isbn_10"))) or (isbn,),
    )
    return Lookup((rec,), url=url, cached=ans.cached)
