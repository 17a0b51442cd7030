"""Link checking: extract (pure) -> check (network) -> archive suggestions -> report."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..config import Settings
    from ..model import Bibliography
    from .model import Report


def check_links(bib: Bibliography, settings: Settings | None = None) -> Report:
    """Check every link of ``bib`` (url, doi, URLs in howpublished/note)."""
    from ..config import Settings
    from .extract import extract
    from .runner import check_targets

    s = settings if settings is not None else Settings()
    return check_targets(extract(bib, s.doi_resolver, s.fields), s)
