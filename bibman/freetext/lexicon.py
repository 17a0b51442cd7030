"""Journal and proceedings names (``bibman/data/journals.txt``) for the tagger's features.

Built by ``python -m bibman.freetext.lexicon`` from the ``journal``/``journaltitle``/
``booktitle`` fields of the real BibTeX corpora under ``shared/data/bib`` (sources and
licences are written into the file's header). At parse time :func:`spans` marks the
tokens that spell a known name — a position cue the CRF weighs against the rest, so a
journal after a title with only a full stop between them is found without a rule.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path

MAX_WORDS = 12
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.U)

SOURCES = [
    # (path under shared/data/bib, licence)
    ("iridia/articles.bib", "CC0 1.0 (iridia-ulb/references)"),
    ("iridia/biblio.bib", "CC0 1.0 (iridia-ulb/references)"),
    ("iridia/crossref.bib", "CC0 1.0 (iridia-ulb/references)"),
    ("beebe/tugboat.bib", "public domain (Nelson H. F. Beebe)"),
    ("bibtex-tidy-tests/better-bibtex/*.bib", "MIT (retorquere/zotero-better-bibtex)"),
    ("biber-tdata/*.bib", "Artistic License 2.0 (plk/biber)"),
    ("anystyle/parser-core.xml", "BSD-2-Clause (inukshuk/anystyle training set: <journal>)"),
]


def key(words: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(w.casefold() for w in words)


def name_words(name: str) -> tuple[str, ...]:
    return key(_WORD.findall(name))


@lru_cache(maxsize=1)
def names() -> frozenset[tuple[str, ...]]:
    """Known names as word tuples (two words or more)."""
    try:
        text = (resources.files("bibman") / "data" / "journals.txt").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return frozenset()
    out = set()
    for line in text.splitlines():
        if line and not line.startswith("#"):
            w = name_words(line)
            if 2 <= len(w) <= MAX_WORDS:
                out.add(w)
    return frozenset(out)


def spans(tokens: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) token ranges spelling a known name, longest first."""
    known = names()
    if not known:
        return []
    words = [tuple(_WORD.findall(t)) for t in tokens]
    out: list[tuple[int, int]] = []
    i, n = 0, len(tokens)
    while i < n:
        if not words[i] or not words[i][0][:1].isupper():
            i += 1
            continue
        hit = 0
        acc: list[str] = []
        for j in range(i, min(n, i + MAX_WORDS)):
            if not words[j]:
                break
            acc.extend(words[j])
            if len(acc) > MAX_WORDS:
                break
            if j > i and key(acc) in known:
                hit = j + 1
        if hit:
            out.append((i, hit))
            i = hit
        else:
            i += 1
    return out


def build(shared: Path) -> list[str]:
    """Distinct journal/proceedings names (two words or more) from the corpora."""
    from bibman import bibtex

    bib = shared / "data" / "bib"
    irid = bib / "iridia"
    macros = "\n".join(
        (irid / n).read_text(encoding="utf-8", errors="replace")
        for n in ("abbrev.bib", "journals.bib", "authors.bib")
    )
    seen: dict[tuple[str, ...], str] = {}
    for pattern, _lic in SOURCES:
        for p in sorted(bib.glob(pattern)):
            text = p.read_text(encoding="utf-8", errors="replace")
            if p.suffix == ".xml":
                for m in re.finditer(r"<journal>(.*?)</journal>", text, re.S):
                    v = " ".join(m.group(1).split()).strip(" .,;:()")
                    v = re.sub(r"\s+\d.*$", "", v)  # "Phys. Rev. B 12" -> the name
                    w = name_words(v)
                    if 2 <= len(w) <= MAX_WORDS:
                        seen.setdefault(w, v)
                continue
            if p.parent == irid:
                text = macros + "\n" + text
            try:
                b = bibtex.loads(text)
            except Exception:  # a file this reader rejects adds nothing
                continue
            for e in b.entries:
                for fname in ("journal", "journaltitle", "booktitle"):
                    fld = e.field(fname)
                    if fld is None:
                        continue
                    try:
                        v = bibtex.expand(fld.value, b.strings)
                    except Exception:  # an undefined or cyclic macro: skip the value
                        continue
                    v = " ".join(re.sub(r"[{}]|\\[a-zA-Z]+\s*", "", str(v)).split())
                    w = name_words(v)
                    if 2 <= len(w) <= MAX_WORDS and not re.search(r"\d{4}", v):
                        seen.setdefault(w, v)
    return sorted(seen.values(), key=str.casefold)


def main() -> int:
    shared = Path(__file__).resolve().parents[2].parent / "shared"
    out = Path(__file__).resolve().parents[1] / "data" / "journals.txt"
    names_ = build(shared)
    head = [
        "# Journal and proceedings names, one a line: the journal/journaltitle/booktitle",
        "# fields (two to twelve words, no year) of these BibTeX corpora, as shipped in",
        "# the team's shared data (see its README for commits):",
        *[f"#   {p}: {lic}" for p, lic in SOURCES],
        "# Facts (names of publications), collected by `python -m bibman.freetext.lexicon`.",
    ]
    out.write_text("\n".join(head + names_) + "\n", encoding="utf-8")
    print(f"{len(names_)} names -> {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
