"""The entries a paper cites: keys from a .aux or .tex file, entries from .bib files.

Reads ``\\citation{..}`` (BibTeX), ``\\abx@aux@cite{..}`` (biblatex) from .aux
files, and every ``\\cite``-like command (natbib's ``\\citep``/``\\citet``...,
biblatex's ``\\parencite``/``\\textcite``/``\\autocites``...) and ``\\nocite``
from .tex files (following ``\\input``/``\\include``). Crossref and xdata
parents are pulled in; keys with no entry are reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .bibtex import split_value
from .errors import InputError
from .model import Bibliography, Block, Diagnostic, Entry
from .textio import read_text

_COMMENT = re.compile(r"(?<!\\)%.*")
# \cite, \citep*, \Textcite, \parencites, \footfullcite, \nocite, \citeauthor ... (not \citestyle etc.)
_CITE = re.compile(r"\\([A-Za-z]*cite[A-Za-z]*|[A-Za-z]*cites)\*?(?![A-Za-z])")
_NOT_CITE = {
    "citestyle",
    "citeindexfalse",
    "citeindextrue",
    "citesetup",
    "citetrackerfalse",
    "citetrackertrue",
}
_ARGS = re.compile(r"\s*(?:\[[^\]]*\]|\([^)]*\))")
_GROUP = re.compile(r"\s*\{([^{}]*)\}")
_AUX_CITE = re.compile(r"\\(?:citation|abx@aux@cite)\s*(?:\{\d+\})?\s*\{([^{}]*)\}")
_BIBDATA = re.compile(r"\\(?:bibdata|bibliography)\s*\{([^{}]*)\}")
_BIBRESOURCE = re.compile(
    r"\\(?:addbibresource|addglobalbib|addsectionbib)\s*(?:\[[^\]]*\])?\s*\{([^{}]*)\}"
)
_INPUT = re.compile(r"\\(?:input|include|subfile)\s*\{([^{}]*)\}")
_MAX_FILES = 200


@dataclass(frozen=True)
class Citations:
    keys: tuple[str, ...]  # in order of first citation, without duplicates
    all_entries: bool  # \nocite{*}
    bib_files: tuple[Path, ...]  # from \bibdata / \bibliography / \addbibresource
    diagnostics: tuple[Diagnostic, ...] = field(default_factory=tuple)


def _keys_in(group: str) -> list[str]:
    return [k.strip() for k in group.split(",") if k.strip()]


def citations_in_tex(text: str) -> tuple[list[str], list[str], list[str]]:
    """Keys cited in LaTeX source, bibliography names, and \\input'ed files."""
    text = "\n".join(_COMMENT.sub("", line) for line in text.splitlines())
    keys: list[str] = []
    for m in _CITE.finditer(text):
        if m.group(1).lower() in _NOT_CITE:
            continue
        pos = m.end()
        multi = m.group(1).endswith("cites")
        while True:
            while (a := _ARGS.match(text, pos)) is not None:
                pos = a.end()
            g = _GROUP.match(text, pos)
            if g is None:
                break
            keys += _keys_in(g.group(1))
            pos = g.end()
            if not multi:
                break
    bibs = [b for m in _BIBDATA.finditer(text) for b in _keys_in(m.group(1))]
    bibs += [b for m in _BIBRESOURCE.finditer(text) for b in _keys_in(m.group(1))]
    inputs = [m.group(1).strip() for m in _INPUT.finditer(text)]
    return keys, bibs, inputs


def citations_in_aux(text: str) -> tuple[list[str], list[str], list[str]]:
    keys = [k for m in _AUX_CITE.finditer(text) for k in _keys_in(m.group(1))]
    bibs = [b for m in _BIBDATA.finditer(text) for b in _keys_in(m.group(1))]
    inputs = [m.group(1) for m in re.finditer(r"\\@input\{([^{}]*)\}", text)]
    return keys, bibs, inputs


def read_citations(path: str | Path) -> Citations:
    """Citation keys of a .aux or .tex file (and the files it includes)."""
    start = Path(path)
    keys: list[str] = []
    bibs: list[Path] = []
    diags: list[Diagnostic] = []
    todo = [start]
    seen: set[Path] = set()
    while todo and len(seen) < _MAX_FILES:
        p = todo.pop(0)
        if p.resolve() in seen:
            continue
        seen.add(p.resolve())
        try:
            text = read_text(p).text
        except InputError:
            if p == start:
                raise
            diags.append(
                Diagnostic(
                    "warning", "subset.missing-input", f"included file {p} not found", str(start)
                )
            )
            continue
        if p.suffix == ".aux":
            k, b, inc = citations_in_aux(text)
        else:
            k, b, inc = citations_in_tex(text)
        keys += k
        for name in b:
            bp = p.parent / name
            bibs.append(bp if bp.suffix == ".bib" else bp.with_name(bp.name + ".bib"))
        for name in inc:
            ip = p.parent / name
            if p.suffix == ".aux":
                todo.append(ip)
            elif ip.suffix != ".tex":
                todo.append(ip.with_name(ip.name + ".tex"))
            else:
                todo.append(ip)
    ordered = list(dict.fromkeys(k for k in keys if k != "*"))
    return Citations(tuple(ordered), "*" in keys, tuple(dict.fromkeys(bibs)), tuple(diags))


@dataclass(frozen=True)
class Subset:
    bibliography: Bibliography
    missing: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...] = field(default_factory=tuple)


def _macros(value: str) -> list[str]:
    sp = split_value(value)
    return [p.lower() for p in sp.pieces if p and p[0] not in '{"' and not p.isdigit()]


def subset(
    bibs: Sequence[Bibliography],
    keys: Iterable[str],
    all_entries: bool = False,
    source: str | None = None,
) -> Subset:
    """The cited entries of ``bibs`` (in file order), their crossref/xdata parents, and the @string
    macros and @preamble they need. Keys match case-insensitively, as in BibTeX."""
    entries: list[Entry] = [e for b in bibs for e in b.entries]
    by_key: dict[str, Entry] = {}
    for e in entries:
        by_key.setdefault(e.key.lower(), e)
    wanted = {e.key.lower() for e in entries} if all_entries else set()
    missing: list[str] = []
    diags: list[Diagnostic] = []
    for k in keys:
        if k.lower() in by_key:
            wanted.add(k.lower())
        elif k not in missing:
            missing.append(k)
    parents: set[str] = set()
    todo = list(wanted)
    while todo:
        e = by_key[todo.pop()]
        for name in ("crossref", "xdata"):
            f = e.field(name)
            if f is None:
                continue
            for pk in _keys_in(f.plain):
                if pk.lower() in by_key:
                    parents.add(pk.lower())
                    if pk.lower() not in wanted:
                        wanted.add(pk.lower())
                        todo.append(pk.lower())
                else:
                    diags.append(
                        Diagnostic(
                            "warning",
                            "subset.missing-parent",
                            f"{name} '{pk}' has no entry",
                            e.key and source,
                            e.line,
                            e.key,
                        )
                    )
    chosen = [e for e in entries if e.key.lower() in wanted and by_key[e.key.lower()] is e]
    # BibTeX wants a crossref parent after every entry that refers to it.
    chosen = [e for e in chosen if e.key.lower() not in parents] + [
        e for e in chosen if e.key.lower() in parents
    ]
    strings: dict[str, Block] = {}
    for b in bibs:
        for i in b.items:
            if isinstance(i, Block) and i.kind == "string" and i.name:
                strings.setdefault(i.name.lower(), i)
    need: list[str] = []
    todo = [m for e in chosen for f in e.fields for m in _macros(f.value)]
    while todo:
        m = todo.pop()
        if m in strings and m not in need:
            need.append(m)
            todo += _macros(strings[m].value or "")
    blocks: list[Entry | Block] = [
        i for b in bibs for i in b.items if isinstance(i, Block) and i.kind == "preamble"
    ]
    order = list(strings)
    blocks += [strings[m] for m in sorted(need, key=order.index)]
    items: list[Entry | Block] = []
    for blk in blocks:
        items += [replace(blk), Block("text", "\n")]
    for e in chosen:
        if items:
            items.append(Block("text", "\n"))
        items.append(e)
    items.append(Block("text", "\n"))
    out = Bibliography(tuple(items), (), source)
    for k in missing:
        diags.append(
            Diagnostic(
                "warning", "subset.missing-key", f"cited key '{k}' has no entry", source, None, k
            )
        )
    return Subset(out, tuple(missing), tuple(diags))
