"""What BibTeX/biblatex things are in CSL and back: entry types, languages, ordinals,
the fields that map one to one (tables both directions of ``csljson`` use)."""

from __future__ import annotations

import re
from typing import Any

from ..lazyre import lazy

CslItem = dict[str, Any]

# BibTeX/biblatex entry type -> CSL type (pandoc and biblatex-csl-converter conventions).
ENTRY_TO_CSL: dict[str, str] = {
    "article": "article-journal",
    "suppperiodical": "article-journal",
    "book": "book",
    "mvbook": "book",
    "collection": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "reference": "book",
    "mvreference": "book",
    "manual": "book",
    "booklet": "pamphlet",
    "inbook": "chapter",
    "bookinbook": "chapter",
    "incollection": "chapter",
    "suppbook": "chapter",
    "suppcollection": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "inreference": "entry-encyclopedia",
    "techreport": "report",
    "report": "report",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "unpublished": "manuscript",
    "patent": "patent",
    "software": "software",
    "dataset": "dataset",
    "periodical": "periodical",
    "artwork": "graphic",
    "image": "graphic",
    "audio": "song",
    "music": "song",
    "video": "motion_picture",
    "movie": "motion_picture",
    "performance": "performance",
    "standard": "standard",
    "legislation": "legislation",
    "legal": "legislation",
    "jurisdiction": "legal_case",
    "letter": "personal_communication",
    "review": "review",
    "misc": "document",
}

# CSL type -> BibTeX-dialect entry type.
CSL_TO_ENTRY: dict[str, str] = {
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "book": "book",
    "pamphlet": "booklet",
    "chapter": "incollection",
    "paper-conference": "inproceedings",
    "entry-encyclopedia": "inreference",
    "entry-dictionary": "inreference",
    "entry": "inreference",
    "report": "techreport",
    "thesis": "phdthesis",
    "webpage": "misc",
    "post": "misc",
    "post-weblog": "misc",
    "manuscript": "unpublished",
    "patent": "patent",
    "software": "software",
    "dataset": "dataset",
    "periodical": "periodical",
    "graphic": "artwork",
    "song": "audio",
    "motion_picture": "video",
    "performance": "performance",
    "standard": "standard",
    "legislation": "legislation",
    "legal_case": "jurisdiction",
    "personal_communication": "letter",
    "review": "review",
    "review-book": "review",
    "document": "misc",
}

_LANGID = {
    "english": "en",
    "american": "en-US",
    "british": "en-GB",
    "german": "de",
    "ngerman": "de",
    "french": "fr",
    "spanish": "es",
    "italian": "it",
    "russian": "ru",
    "kazakh": "kk",
    "chinese": "zh",
    "japanese": "ja",
    "polish": "pl",
    "turkish": "tr",
    "danish": "da",
    "dutch": "nl",
    "portuguese": "pt",
    "swedish": "sv",
    "norwegian": "no",
    "finnish": "fi",
    "czech": "cs",
    "greek": "el",
    "korean": "ko",
    "ukrainian": "uk",
    "catalan": "ca",
    "latin": "la",
}
_LANG_CODE = {v: k for k, v in reversed(list(_LANGID.items()))}

_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
}
_ORDINAL_WORDS = {v: k.capitalize() for k, v in _ORDINALS.items()}

# Plain one-to-one fields: BibTeX name -> CSL variable.
_SIMPLE: dict[str, str] = {
    "volume": "volume",
    "volumes": "number-of-volumes",
    "pagetotal": "number-of-pages",
    "chapter": "chapter-number",
    "isbn": "ISBN",
    "issn": "ISSN",
    "pmid": "PMID",
    "pmcid": "PMCID",
    "version": "version",
    "eventtitle": "event-title",
    "venue": "event-place",
    "abstract": "abstract",
    "annote": "annote",
    "annotation": "annote",
    "keywords": "keyword",
    "shorttitle": "title-short",
    "shortjournal": "container-title-short",
    "note": "note",
    "addendum": "note",
}
# Fields that only steer the mapping (consumed without a CSL variable of their own).
_STEERING = frozenset({"entrysubtype"})
_DOI_PREFIX = lazy(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_URL_IN_TEXT = lazy(r",?\s*\\url\{[^{}]*\}")
_ACCESSED_NOTE = lazy(r"(?:^|;\s*)Accessed:?\s+[\d-]+\s*$")
_URL_LIKE = lazy(r"^\s*(?:\\url\{([^{}]*)\}|(https?://\S+))\s*$")
_EPRINT_TYPES = {
    "arxiv": "arXiv",
    "pubmed": "PubMed",
    "jstor": "JSTOR",
    "hdl": "HDL",
    "googlebooks": "Google Books",
}


_EPRINT_KEYS = {v.lower(): k for k, v in _EPRINT_TYPES.items()}


# Title fields CSL wants in sentence case (journal and series names stay as written).
_CASED_TITLES = frozenset(
    {"title", "subtitle", "titleaddon", "booktitle", "booksubtitle", "maintitle", "mainsubtitle"}
)
