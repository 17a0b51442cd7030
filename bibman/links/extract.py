"""Links in a bibliography: pure, no I/O. ``Bibliography`` -> ``LinkTarget`` values.

Checked fields: ``url``; ``doi`` (through the DOI resolver); and URLs written inside
``howpublished`` and ``note`` (``\\url{}``, ``\\href{}{}`` or bare ``http(s)://``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from ..bibtex import expand
from ..model import Bibliography, Entry, Field
from .documents import trim_url
from .model import LinkTarget

_DOI_PREFIX = re.compile(
    r"^\s*(?:doi:\s*|https?://(?:dx\.)?doi\.org/|https?://(?:www\.)?doi\.org/)", re.I
)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_URL_CMD = re.compile(r"\\(?:url|href)\s*\{([^{}]*)\}")
# (a URL glued to the word before it is part of that word, unless the word is in a script
# written without spaces: "参见https://..." is a URL after two Chinese characters)
_BARE_URL = re.compile(
    r"(?<![0-9A-Za-z_{\u00c0-\u024f])((?:https?|ftp)://(?:[^\s{}<>\"'\\]|\\[_%#&$~])+)", re.I
)
# BibTeX escapes users put into URLs (``\_``, ``\%``, ...) and what they mean.
_ESCAPED = re.compile(r"\\([_%#&$~])")
# Fields holding an archived copy of the entry's url (Wikipedia's citation templates and
# several biblatex styles use archiveurl; ``check --fix`` writes it).
ARCHIVE_FIELDS = ("archiveurl", "archive-url", "archive_url", "archivedurl")


def _unescape(value: str) -> str:
    text = _ESCAPED.sub(r"\1", value)
    return text.replace("{", "").replace("}", "").strip()


def _expand(f: Field, strings: Mapping[str, str]) -> str:
    """The field's text with ``@string`` macros and ``#`` concatenation applied."""
    return expand(f.value, strings)


def normalize_doi(value: str) -> str | None:
    """``doi:10.1/x``, ``https://doi.org/10.1/x`` or ``10.1/x`` -> ``10.1/x``; else None."""
    doi = _DOI_PREFIX.sub("", _unescape(value)).strip()
    return doi if _DOI.match(doi) else None


def doi_url(doi: str, resolver: str) -> str:
    from urllib.parse import quote

    base = resolver if resolver.endswith("/") else resolver + "/"
    return base + quote(doi, safe="/:;()._-")


def urls_in_text(text: str) -> list[str]:
    """URLs written in free text: ``\\url{}``/``\\href{}`` arguments, then bare ones."""
    found: list[str] = []
    for m in _URL_CMD.finditer(text):
        found.append(_unescape(m.group(1)))
    rest = _URL_CMD.sub(" ", text)
    for m in _BARE_URL.finditer(rest):
        found.append(trim_url(_unescape(m.group(1))))
    return [u for u in dict.fromkeys(found) if u]


def _entry_targets(
    entry: Entry, strings: Mapping[str, str], resolver: str, fields: Iterable[str], file: str | None
) -> Iterator[LinkTarget]:
    wanted = {f.lower() for f in fields}
    urldate_field = entry.field("urldate")
    urldate = _expand(urldate_field, strings).strip() if urldate_field else None
    archived = None
    for name in ARCHIVE_FIELDS:
        af = entry.field(name)
        if af is not None:
            found = urls_in_text(_expand(af, strings)) or [_unescape(_expand(af, strings))]
            archived = found[0] if found and found[0].startswith(("http://", "https://")) else None
            if archived:
                break
    for f in entry.fields:
        name = f.name.lower()
        if name not in wanted:
            continue
        line = f.line or entry.line
        text = _expand(f, strings)
        if name == "url":
            # \url{...} inside url fields happens; take the argument
            urls = urls_in_text(text) if "\\url" in text or "\\href" in text else []
            urls = urls or [_unescape(text)]
            for u in urls[:1]:
                if u:
                    yield LinkTarget(u, entry.key, f.name, line, None, urldate, file, archived)
        elif name == "doi":
            doi = normalize_doi(text)
            if doi is None:
                if text.strip():
                    # keep it, so the report can say it is not a DOI
                    yield LinkTarget(
                        _unescape(text), entry.key, f.name, line, _unescape(text), urldate, file
                    )
                continue
            yield LinkTarget(doi_url(doi, resolver), entry.key, f.name, line, doi, urldate, file)
        else:
            for u in urls_in_text(text):
                yield LinkTarget(u, entry.key, f.name, line, None, urldate, file)


def extract(
    bib: Bibliography,
    resolver: str = "https://doi.org/",
    fields: Iterable[str] = ("url", "doi", "howpublished", "note"),
) -> list[LinkTarget]:
    """Every link in ``bib``, in file order, one per (entry, field, URL)."""
    fields = tuple(fields)
    out: list[LinkTarget] = []
    for entry in bib.entries:
        out.extend(_entry_targets(entry, bib.strings_for(entry), resolver, fields, bib.source))
    return out
