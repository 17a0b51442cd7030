"""``check --fix``: write what the check found back into the .bib, losslessly.

For a dead link with an archived copy, the entry gets

* ``archiveurl = {https://web.archive.org/web/<ts>/<url>}`` and
  ``archivedate = {YYYY-MM-DD}``: machine-readable (the names Wikipedia's citation
  templates and several biblatex styles use), and
* a sentence in ``note`` (``Archived at \\url{...} on YYYY-MM-DD.``), which both
  bibtex's standard styles and biblatex print.

The original ``url`` stays: readers and future checks can still see what was cited.
With ``fix_redirects``, a ``url`` whose every redirect was permanent (301/308) is
replaced by where it now lives, but only when that is a specific page judged alive
(``safe_redirect_target``): never a home, search, error, login or consent page. Everything else in the file is kept byte for byte.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from ..model import Bibliography, Block, Diagnostic, Entry
from .model import LinkResult, Report
from .redirects import looks_specific


def _date(ts: str) -> str:
    return f"{ts[0:4]}-{ts[4:6]}-{ts[6:8]}"


def _note_url(url: str) -> str:
    # inside a note, LaTeX reads the argument: escape what it would misread
    return (
        url.replace("\\", "")
        .replace("%", r"\%")
        .replace("#", r"\#")
        .replace("{", "%7B")
        .replace("}", "%7D")
    )


def fixed_entry(entry: Entry, archive_url: str, timestamp: str) -> Entry:
    e = entry.with_field(
        "archiveurl", "{" + archive_url.replace("{", "%7B").replace("}", "%7D") + "}"
    )
    e = e.with_field("archivedate", "{" + _date(timestamp) + "}")
    sentence = f"Archived at \\url{{{_note_url(archive_url)}}} on {_date(timestamp)}."
    old = entry.field("note")
    if old is None:
        return e.with_field("note", "{" + sentence + "}")
    plain = old.plain
    if archive_url in plain or _note_url(archive_url) in plain:
        return e
    if old.value.strip()[:1] not in '{"':  # a macro or concatenation: append with #
        return e.with_field("note", old.value + " # { " + sentence + "}")
    sep = " " if plain.rstrip().endswith((".", "!", "?")) else ". "
    return e.with_field("note", "{" + plain.rstrip() + sep + sentence + "}")


@dataclass(frozen=True)
class Change:
    key: str
    what: str  # "archive" or "redirect"
    old: str  # the URL before
    new: str  # the archive copy, or the URL's new home


def safe_redirect_target(r: LinkResult) -> str | None:
    """Where a URL may be moved to: only the end of redirects that were all permanent,
    to a page judged alive (not a soft 404, login or consent wall: those get other
    verdicts) that names a specific page (never a home, search, error or login page)."""
    if r.verdict != "redirected" or not r.permanent_redirect or not r.final_url:
        return None
    if r.final_url == r.url or not looks_specific(r.final_url):
        return None
    return r.final_url


def fix_bibliography(
    bib: Bibliography, result: Report, fix_redirects: bool = False
) -> tuple[Bibliography, int]:
    """A copy of ``bib`` with archived copies (and optionally redirect targets) written in."""
    new, changes = fix_changes(bib, result, fix_redirects)
    return new, len({c.key for c in changes})


def fix_changes(
    bib: Bibliography, result: Report, fix_redirects: bool = False
) -> tuple[Bibliography, list[Change]]:
    """``fix_bibliography`` with the list of what changed (old and new URL)."""
    source = bib.source
    archive: dict[str, tuple[str, str, str]] = {}
    moved: dict[str, tuple[str, str]] = {}
    for t, r, s in result.rows:
        if t.file != source or t.doi is not None:
            continue
        # archive fields describe the entry's url; links in notes are only reported
        if (
            s is not None
            and t.field.lower() == "url"
            and r.verdict in ("dead", "soft-404", "timeout")
        ):
            archive.setdefault(t.key, (s.archive_url, s.timestamp, t.url))
        target = safe_redirect_target(r) if fix_redirects and t.field.lower() == "url" else None
        if target is not None:
            moved[t.key] = (t.url, target)
    changes: list[Change] = []
    items: list[Entry | Block] = []
    for item in bib.items:
        if isinstance(item, Entry):
            new = item
            if item.key in archive:
                url, ts, old = archive[item.key]
                new = fixed_entry(new, url, ts)
                if new != item:
                    changes.append(Change(item.key, "archive", old, url))
            if item.key in moved:
                f = new.field("url")
                if f is not None:
                    old, target = moved[item.key]
                    new = new.with_field(
                        f.name, "{" + target.replace("{", "%7B").replace("}", "%7D") + "}"
                    )
                    changes.append(Change(item.key, "redirect", old, target))
            items.append(new)
        else:
            items.append(item)
    return replace(bib, items=tuple(items)), changes


def apply_fixes(
    bib: Bibliography,
    path: str | os.PathLike[str],
    result: Report,
    fix_redirects: bool = False,
    *,
    backup: str | None = None,
) -> tuple[tuple[Diagnostic, ...], int]:
    """Fix ``bib`` and write it to ``path`` atomically; (warnings, entries changed).

    Nothing is written when nothing changed; ``backup``: keep the old file as
    ``path + backup``. A file edited since it was read is not replaced (InputError)."""
    from ..bibtex import encode
    from ..textio import write_file

    new, changes = fix_bibliography(bib, result, fix_redirects)
    if not changes:
        return (), 0
    data, diags = encode(new)
    write_file(path, data, backup=backup)
    return diags, changes


def fix_diff(bib: Bibliography, result: Report, fix_redirects: bool = False) -> str:
    """What ``apply_fixes`` would change, as a unified diff ("" when nothing)."""
    import difflib

    from ..bibtex import dumps

    new, changes = fix_bibliography(bib, result, fix_redirects)
    if not changes:
        return ""
    name = bib.source or "<bib>"
    return "".join(
        difflib.unified_diff(
            dumps(bib).splitlines(keepends=True),
            dumps(new).splitlines(keepends=True),
            fromfile=name,
            tofile=name + " (fixed)",
        )
    )
