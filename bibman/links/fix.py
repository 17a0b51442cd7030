"""``check --fix``: write what the check found back into the .bib, losslessly.

For a dead link with an archived copy, the entry gets

* ``archiveurl = {https://web.archive.org/web/<ts>/<url>}`` and
  ``archivedate = {YYYY-MM-DD}``: machine-readable (the names Wikipedia's citation
  templates and several biblatex styles use), and
* a sentence in ``note`` (``Archived at \\url{...} on YYYY-MM-DD.``), which both
  bibtex's standard styles and biblatex print.

The original ``url`` stays: readers and future checks can still see what was cited.
With ``fix_redirects``, a ``url`` whose every redirect was permanent (301/308) is
replaced by where it now lives. Everything else in the file is kept byte for byte.
"""

from __future__ import annotations

import os
from dataclasses import replace

from ..model import Bibliography, Block, Diagnostic, Entry
from .model import Report


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


def fix_bibliography(
    bib: Bibliography, result: Report, fix_redirects: bool = False
) -> tuple[Bibliography, int]:
    """A copy of ``bib`` with archived copies (and optionally redirect targets) written in."""
    source = bib.source
    archive: dict[str, tuple[str, str]] = {}
    moved: dict[str, str] = {}
    for t, r, s in result.rows:
        if t.file != source or t.doi is not None:
            continue
        # archive fields describe the entry's url; links in notes are only reported
        if (
            s is not None
            and t.field.lower() == "url"
            and r.verdict in ("dead", "soft-404", "timeout")
        ):
            archive.setdefault(t.key, (s.archive_url, s.timestamp))
        if (
            fix_redirects
            and t.field.lower() == "url"
            and r.verdict == "redirected"
            and r.permanent_redirect
            and r.final_url
        ):
            moved[t.key] = r.final_url
    changes = 0
    items: list[Entry | Block] = []
    for item in bib.items:
        if isinstance(item, Entry):
            new = item
            if item.key in archive:
                url, ts = archive[item.key]
                new = fixed_entry(new, url, ts)
            if item.key in moved:
                f = new.field("url")
                if f is not None:
                    new = new.with_field(
                        f.name, "{" + moved[item.key].replace("{", "%7B").replace("}", "%7D") + "}"
                    )
            if new != item:
                changes += 1
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
