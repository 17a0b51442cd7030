"""Journal and proceedings names (``bibman/data/journals.txt``) as tagger features.

The list is built by ``python -m bibman.freetext.lexicon`` from the ``journal``,
``journaltitle`` and ``booktitle`` fields (and the journal ``@string`` macros) of the real
BibTeX corpora in ``shared/data/bib``; sources and licences are written into the file's
header. At parse time :func:`spans` marks the tokens that spell a known name (longest
match, case and punctuation folded, "the"/"of"/"and"/"&" ignored). The CRF weighs that
cue against the rest — it is a feature, never a rule — so a journal after a title with
only a full stop between them can be found. Training drops a share of the matches
(:func:`bibman.freetext.train`'s ``--lex-drop``) so the model also learns to find names
that are not in the list, as most real ones are not.

Records of the held-out synthetic split (``cslsynth.is_heldout``) do not contribute, and
nothing is taken from the evaluation sets (``refparse-dev.jsonl``, AnyStyle's gold.xml,
GROBID's corpora): ``python -m bibman.freetext.lexicon --overlap`` prints how many dev
containers the list happens to hold.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path

from bibman.lazyre import lazy

MAX_WORDS = 14
_WORD = lazy(r"[^\W_]+")
# folded away on both sides so "Journal of the X" == "Journal X" and "A & B" == "A and B"
_SKIP = frozenset({"the", "of", "and", "for", "on", "in", "de", "la", "et", "und", "der", "für"})

SOURCES = [
    # (glob under shared/data/bib, licence)
    ("iridia/journals.bib", "CC0 1.0 (iridia-ulb/references; journal @string macros)"),
    ("iridia/abbrev.bib", "CC0 1.0 (iridia-ulb/references; @string macros)"),
    ("iridia/abbrevshort.bib", "CC0 1.0 (iridia-ulb/references; abbreviated @string macros)"),
    ("iridia/articles.bib", "CC0 1.0 (iridia-ulb/references)"),
    ("iridia/biblio.bib", "CC0 1.0 (iridia-ulb/references)"),
    ("beebe/tugboat.bib", "public domain (Nelson H. F. Beebe, TUGboat bibliography)"),
    ("biber-tdata/*.bib", "Artistic License 2.0 (plk/biber test data)"),
    ("bibtex-tidy-tests/better-bibtex/*.bib", "MIT (retorquere/zotero-better-bibtex fixtures)"),
    ("pybtex/*.bib", "MIT (pybtex test data)"),
    (
        "anystyle/parser-core.xml",
        "BSD-2-Clause (inukshuk/anystyle training set: <journal>, <container-title>)",
    ),
]


def name_key(text: str) -> tuple[str, ...]:
    """Comparison key of a name: folded content words."""
    return tuple(w for w in (x.casefold() for x in _WORD.findall(text)) if w not in _SKIP)


def _data_file() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "journals.txt"


@lru_cache(maxsize=1)
def _index() -> tuple[frozenset[tuple[str, ...]], dict[str, int]]:
    """(known keys, first word -> longest key length starting with it)."""
    try:
        text = _data_file().read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return frozenset(), {}
    known: set[tuple[str, ...]] = set()
    first: dict[str, int] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        k = name_key(line)
        if 2 <= len(k) <= MAX_WORDS:
            known.add(k)
            if first.get(k[0], 0) < len(k):
                first[k[0]] = len(k)
    return frozenset(known), first


def is_known(name: str) -> bool:
    """Whether the list holds ``name`` (compared by :func:`name_key`)."""
    return name_key(name) in _index()[0]


def spans(tokens: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) token ranges spelling a known name, longest first."""
    known, first = _index()
    if not known:
        return []
    n = len(tokens)
    out: list[tuple[int, int]] = []
    words: list[list[str] | None] = [None] * n
    i = 0
    while i < n:
        t = tokens[i]
        if not t[:1].isupper() and not t[1:2].isupper():  # a name starts with a capital
            i += 1
            continue
        w0 = words[i]
        if w0 is None:
            w0 = words[i] = list(name_key(t))
        if not w0 or w0[0] not in first:
            i += 1
            continue
        limit = first[w0[0]]
        acc: list[str] = []
        hit = 0
        for j in range(i, min(n, i + 2 * MAX_WORDS)):
            wj = words[j]
            if wj is None:
                wj = words[j] = list(name_key(tokens[j]))
            if not wj:
                if _WORD.search(tokens[j]) is None and j > i:
                    break  # bare punctuation ("//", "–") ends a name
                continue  # "of", "&", "the": skipped words
            acc.extend(wj)
            if len(acc) > limit:
                break
            if len(acc) >= 2 and tuple(acc) in known:
                hit = j + 1
        if hit:
            out.append((i, hit))
            i = hit
        else:
            i += 1
    return out


# ------------------------------------------------------------------ build


def _clean(v: str) -> str:
    if "\\" in v or "{" in v:
        from bibman.latex import to_unicode

        v = to_unicode(v)
    v = re.sub(r"\\[a-zA-Z]+\s*|[{}]", "", v)
    v = " ".join(v.split()).strip(" .,;:")
    return v


def _keep(v: str) -> bool:
    k = name_key(v)
    return (
        2 <= len(k) <= MAX_WORDS
        and not re.search(r"\d{4}|https?:|@|\.(?:com|org|pdf)\b", v)
        and any(c.isupper() for c in v[:3])
        and len(v) <= 160
    )


def build(shared: Path) -> list[str]:
    """Distinct journal/proceedings names from the corpora (held-out records skipped)."""
    from bibman import bibtex
    from bibman.freetext.cslsynth import is_heldout

    bib = shared / "data" / "bib"
    irid = bib / "iridia"
    macros = "\n".join(
        (irid / n).read_text(encoding="utf-8", errors="replace")
        for n in ("abbrev.bib", "journals.bib", "authors.bib")
    )
    seen: dict[tuple[str, ...], str] = {}

    def add(v: str) -> None:
        v = _clean(v)
        if _keep(v):
            seen.setdefault(name_key(v), v)

    for pattern, _lic in SOURCES:
        before = len(seen)
        for p in sorted(bib.glob(pattern)):
            text = p.read_text(encoding="utf-8", errors="replace")
            if p.suffix == ".xml":
                for m in re.finditer(r"<(?:journal|container-title)>(.*?)</", text, re.S):
                    v = re.sub(r"&amp;", "&", " ".join(m.group(1).split()))
                    add(re.sub(r"\s+\d.*$", "", v))  # "Phys. Rev. B 12" -> the name
                continue
            if p.parent == irid and p.name in ("articles.bib", "biblio.bib"):
                text = macros + "\n" + text
            try:
                b = bibtex.loads(text)
            except Exception:  # a file this reader rejects adds nothing
                continue
            if p.parent == irid and p.name in ("journals.bib", "abbrev.bib", "abbrevshort.bib"):
                for sname, sval in b.strings.items():
                    if sname.lower().startswith(("ieee", "j", "acm", "lncs", "proc")) or (
                        p.name != "abbrev.bib"
                    ):
                        add(bibtex.expand(sval, b.strings))
                continue
            for e in b.entries:
                title = e.field("title")
                if title is not None:
                    try:
                        t = str(bibtex.expand(title.value, b.strings))
                    except Exception:  # an undefined or cyclic macro
                        t = ""
                    if is_heldout(" ".join(t.replace("{", "").replace("}", "").split())):
                        continue
                for fname in ("journal", "journaltitle", "booktitle"):
                    fld = e.field(fname)
                    if fld is None:
                        continue
                    try:
                        add(str(bibtex.expand(fld.value, b.strings)))
                    except Exception:  # an undefined or cyclic macro: skip the value
                        continue
        print(f"{pattern}: +{len(seen) - before}", file=sys.stderr)
    return sorted(seen.values(), key=str.casefold)


def overlap(dev: Path) -> tuple[int, int, list[str]]:
    """(dev containers, how many the list holds, their ids)."""
    import json

    known, _ = _index()
    total = 0
    ids: list[str] = []
    for line in dev.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        c = rec.get("fields", {}).get("container")
        if not c:
            continue
        total += 1
        if name_key(str(c)) in known:
            ids.append(str(rec["id"]))
    return total, len(ids), ids


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description="build bibman/data/journals.txt")
    ap.add_argument("--overlap", action="store_true", help="print the dev-set overlap only")
    a = ap.parse_args(argv)
    shared = Path(__file__).resolve().parents[2].parent / "shared"
    if a.overlap:
        total, hit, _ids = overlap(shared / "data" / "refparse-dev.jsonl")
        print(f"dev containers {total}, in the lexicon {hit} ({hit / max(total, 1):.1%})")
        return 0
    names = build(shared)
    head = [
        "# Journal and proceedings names, one a line: the journal/journaltitle/booktitle fields",
        "# and journal @string macros (two to fourteen content words, no year) of these corpora,",
        "# as copied unchanged into the team's shared data (see its README for the commits):",
        *[f"#   {p}: {lic}" for p, lic in SOURCES],
        "# Records of the held-out synthetic split (cslsynth.is_heldout) are left out; nothing",
        "# comes from the evaluation sets. Facts (names of publications), collected by",
        "# `python -m bibman.freetext.lexicon`.",
    ]
    _data_file().write_text("\n".join(head + names) + "\n", encoding="utf-8")
    print(f"{len(names)} names -> {_data_file()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
