"""The one order fields are written in, by `bibman parse` and `bibman tidy` alike.

Names first, then titles and the container, numbering, the publisher and place, dates,
identifiers and links; ``key`` (BibTeX's sort key for entries without an author) last.
Fields not listed follow, in their original order. A test keeps parse's output tidy.
"""

from __future__ import annotations

FIELD_ORDER: tuple[str, ...] = (
    "author",
    "editor",
    "translator",
    "bookauthor",
    "title",
    "subtitle",
    "shorttitle",
    "booktitle",
    "maintitle",
    "journal",
    "journaltitle",
    "shortjournal",
    "edition",
    "volume",
    "volumes",
    "number",
    "issue",
    "series",
    "chapter",
    "pages",
    "pagetotal",
    "type",
    "school",
    "institution",
    "organization",
    "publisher",
    "address",
    "location",
    "howpublished",
    "eventtitle",
    "venue",
    "eventdate",
    "year",
    "month",
    "day",
    "date",
    "origdate",
    "note",
    "addendum",
    "isbn",
    "issn",
    "doi",
    "eprint",
    "eprinttype",
    "archiveprefix",
    "eprintclass",
    "primaryclass",
    "url",
    "urldate",
    "language",
    "langid",
    "crossref",
    "xdata",
    "keywords",
    "abstract",
    "key",
)
_RANK = {name: i for i, name in enumerate(FIELD_ORDER)}


def field_rank(name: str, order: tuple[str, ...] | None = None) -> int:
    """Where a field goes (lower first); every unlisted field ranks after the listed ones.
    ``order``: a configured order (`tidy --field-order`) instead of ``FIELD_ORDER``."""
    if order is None:
        return _RANK.get(name.lower(), len(_RANK))
    lname = name.lower()
    return next((i for i, n in enumerate(order) if n == lname), len(order))
