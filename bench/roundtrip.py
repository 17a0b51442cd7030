"""Round-trip every .bib of the shared corpora and print how much comes back intact.

Two measures per corpus:

* byte round trip: load + dump in memory (nothing is written), compared with
  the bytes on disk. Target: every file that parses comes back identical.
* semantic round trip: every entry forced through the renderer (its raw text
  dropped), the result parsed again, and type, key and field names/values
  compared with the first parse.

Usage: python bench/roundtrip.py [DIR]   (default ../shared/data/bib)
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from bibman import bibtex
from bibman.errors import InputError
from bibman.model import Entry

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "bib"


@dataclass
class Tally:
    files: int = 0
    unreadable: int = 0
    clean: int = 0  # no error diagnostics
    identical: int = 0
    clean_identical: int = 0
    entries: int = 0
    differ: int = 0
    sem_files_ok: int = 0
    sem_entries_differ: int = 0
    seconds: float = 0.0

    def add(self, other: Tally) -> None:
        for k, v in vars(other).items():
            setattr(self, k, getattr(self, k) + v)


def _signature(e: Entry) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    return (e.type.lower(), e.key, tuple((f.name.lower(), f.value) for f in e.fields))


def one_file(path: Path, codes: Counter[str]) -> tuple[Tally, list[str]]:
    t = Tally(files=1)
    notes: list[str] = []
    start = time.perf_counter()
    original = path.read_bytes()
    try:
        bib = bibtex.load(path)
    except InputError as e:
        t.unreadable = 1
        t.seconds = time.perf_counter() - start
        return t, [f"unreadable: {e}"]
    data, _ = bibtex.encode(bib)
    t.seconds = time.perf_counter() - start
    errors = [d for d in bib.diagnostics if d.severity == "error"]
    codes.update(d.code for d in bib.diagnostics)
    t.clean = int(not errors)
    t.identical = int(data == original)
    t.clean_identical = t.clean * t.identical
    if not t.identical:
        notes.append("NOT byte-identical")
    entries = bib.entries
    t.entries = len(entries)
    # Entry-level byte comparison: re-read the written text and compare raws.
    again = bibtex.loads(data.decode(bib.encoding) if not t.identical else "")
    if not t.identical:
        raws = [e.raw for e in again.entries]
        t.differ = sum(1 for a, b in zip(entries, raws, strict=False) if a.raw != b)
        t.differ += abs(len(entries) - len(raws))

    # Semantic round trip: force every entry through the renderer.
    forced = replace(
        bib,
        items=tuple(replace(i, origin=None) if isinstance(i, Entry) else i for i in bib.items),
    )
    reread = bibtex.loads(bibtex.dumps(forced))
    before = [_signature(e) for e in entries]
    after = [_signature(e) for e in reread.entries]
    bad = sum(1 for a, b in zip(before, after, strict=False) if a != b)
    bad += abs(len(before) - len(after))
    t.sem_entries_differ = bad
    t.sem_files_ok = int(bad == 0)
    if bad:
        notes.append(f"{bad} entries change when re-rendered")
    return t, notes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("-v", "--verbose", action="store_true", help="list files with problems")
    args = ap.parse_args(argv)
    root: Path = args.root
    files = sorted(root.rglob("*.bib"))
    if not files:
        print(f"no .bib files under {root}", file=sys.stderr)
        return 2
    by_corpus: dict[str, Tally] = {}
    codes: Counter[str] = Counter()
    for f in files:
        rel = f.relative_to(root)
        corpus = rel.parts[0] if len(rel.parts) > 1 else "."
        t, notes = one_file(f, codes)
        by_corpus.setdefault(corpus, Tally()).add(t)
        if notes and args.verbose:
            print(f"  {rel}: {'; '.join(notes)}")
    total = Tally()
    head = (
        f"{'corpus':20} {'files':>5} {'parse':>5} {'ident':>5} {'entries':>7} "
        f"{'differ':>6} {'sem-ok':>6} {'sem-diff':>8} {'sec':>6}"
    )
    print(head)
    for name, t in sorted(by_corpus.items()):
        total.add(t)
        _row(name, t)
    _row("TOTAL", total)
    print()
    print(
        f"files that parse without errors: {total.clean}/{total.files}; of those byte-identical: "
        f"{total.clean_identical}/{total.clean}; all files byte-identical: "
        f"{total.identical}/{total.files - total.unreadable} readable"
    )
    print(
        f"semantic round trip (every entry re-rendered, re-parsed): "
        f"{total.sem_files_ok}/{total.files - total.unreadable} files, "
        f"{total.entries - total.sem_entries_differ}/{total.entries} entries unchanged"
    )
    print("diagnostics by code: " + ", ".join(f"{c}={n}" for c, n in codes.most_common()))
    return 0


def _row(name: str, t: Tally) -> None:
    print(
        f"{name:20} {t.files:5} {t.clean:5} {t.identical:5} {t.entries:7} "
        f"{t.differ:6} {t.sem_files_ok:6} {t.sem_entries_differ:8} {t.seconds:6.2f}"
    )


if __name__ == "__main__":
    sys.exit(main())
