"""Identifiers in an entry: DOI, arXiv id, ISBN; syntax and checksum checks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from ..latex import to_unicode
from ..model import Entry

_DOI = re.compile(r"10\.\d{4,9}/\S+")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
_ARXIV_NEW = re.compile(r"(?<![\w.])(\d{4}\.\d{4,5})(v\d+)?(?![\w])")
_ARXIV_OLD = re.compile(r"(?<![\w.])([a-z][a-z.-]+(?:\.[A-Z]{2})?/\d{7})(v\d+)?")
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s?#}]+?)(?:\.pdf)?(?:[?#}]|$)", re.I)


@dataclass(frozen=True)
class Ids:
    doi: str = ""
    doi_field: str = ""  # the field it was read from ("doi", or "url")
    arxiv: str = ""
    isbn: str = ""
    bad: str = ""  # why an identifier field is unusable (syntax), if it is


def clean_doi(value: str) -> str:
    v = unquote(to_unicode(value)).strip().strip(".,;")
    v = _DOI_PREFIX.sub("", v)
    return v


def valid_doi(doi: str) -> bool:
    return bool(re.fullmatch(r"10\.\d{4,9}/\S+", doi))


def isbn_ok(isbn: str) -> bool:
    if len(isbn) == 10 and re.fullmatch(r"\d{9}[\dX]", isbn):
        s = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(isbn))
        return s % 11 == 0
    if len(isbn) == 13 and isbn.isdigit():
        s = sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(isbn))
        return s % 10 == 0
    return False


def find_ids(entry: Entry) -> Ids:
    doi = doi_field = arxiv = isbn = bad = ""
    raw_doi = entry.get("doi")
    if raw_doi and raw_doi.strip():
        doi = clean_doi(raw_doi)
        doi_field = "doi"
        if not valid_doi(doi):
            bad = f"doi {doi!r} is not a DOI (10.<registrant>/<suffix>)"
            doi = ""
    url = entry.get("url") or ""
    if not doi and not bad:
        m = re.search(r"(?:dx\.)?doi\.org/(10\.\d{4,9}/[^\s}]+)", url)
        if m:
            doi, doi_field = unquote(m.group(1)), "url"
    prefix = (entry.get("archiveprefix") or entry.get("eprinttype") or "").lower()
    eprint = (entry.get("eprint") or "").strip()
    if eprint and (
        prefix in ("arxiv", "")
        and (
            _ARXIV_NEW.fullmatch(eprint)
            or _ARXIV_OLD.fullmatch(eprint)
            or eprint.lower().startswith("arxiv:")
        )
    ):
        arxiv = eprint.split(":", 1)[-1] if eprint.lower().startswith("arxiv:") else eprint
    if not arxiv:
        m = _ARXIV_URL.search(url)
        if m:
            arxiv = m.group(1)
    if not arxiv:
        for name in ("journal", "note", "howpublished", "journaltitle"):
            v = entry.get(name) or ""
            if "arxiv" in v.lower():
                m = _ARXIV_NEW.search(v) or _ARXIV_OLD.search(v)
                if m:
                    arxiv = m.group(1)
                    break
    arxiv = re.sub(r"v\d+$", "", arxiv)
    raw_isbn = entry.get("isbn")
    if raw_isbn and raw_isbn.strip():
        first = re.split(r"[,;]|\s{2,}", to_unicode(raw_isbn))[0]
        cand = re.sub(r"[^0-9Xx]", "", first).upper()
        if isbn_ok(cand):
            isbn = cand
        elif not bad:
            bad = f"isbn {first.strip()!r} is not a valid ISBN (length or check digit)"
    return Ids(doi, doi_field, arxiv, isbn, bad)
