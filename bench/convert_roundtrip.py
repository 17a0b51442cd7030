"""Round trip every entry of the shared BibTeX corpora through each exchange format.

    python bench/convert_roundtrip.py [--limit N] [--samples K]

For each target format X: BibTeX -> X -> BibTeX, entry by entry (matched by
key), and the fields lost or changed on the way, compared by meaning
(``bibman.formats.compare``). An entry is

* ``exact``      when nothing was lost or changed,
* ``reported``   when every loss was reported in that entry's diagnostics,
* ``UNREPORTED`` when some loss was not reported (the target is 0).

Also the time per 10,000 entries for write + read. Reads ../shared/data/bib.

    python bench/convert_roundtrip.py --csl-agreement

maps ../shared/tools/styles-bench/items.bib with ``entries_to_csl`` and
compares it, variable by variable, with items.json (the same 152 items as
CSL-JSON): the agreement of the BibTeX -> CSL mapping.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from bibman import bibtex
from bibman.formats import registry
from bibman.formats.biblatex import convert_bibliography
from bibman.formats.compare import field_losses, reported_fields
from bibman.model import Bibliography, Entry

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "data" / "bib"
TARGETS = ("biblatex", "csljson", "yaml", "ris")


def corpus_files(limit: int | None) -> list[Path]:
    files = sorted(p for p in CORPUS.rglob("*.bib") if "anystyle" not in p.parts)
    return files[:limit] if limit else files


def csl_agreement() -> None:
    import json

    from bibman.formats.csljson import entries_to_csl
    from bibman.formats.richtext import strip_tags

    bench = SHARED / "tools" / "styles-bench"
    gold = {i["id"]: i for i in json.loads((bench / "items.json").read_text(encoding="utf-8"))}
    ours = {i["id"]: i for i in entries_to_csl(bibtex.load(bench / "items.bib"))}
    strict = loose = total = 0
    differ: Counter[str] = Counter()
    for key, g in gold.items():
        o = ours.get(key, {})
        for var in sorted((set(g) | set(o)) - {"id"}):
            total += 1
            gv, ov = g.get(var), o.get(var)
            strict += gv == ov
            plain_same = (
                (strip_tags(gv) == strip_tags(ov))
                if isinstance(gv, str) and isinstance(ov, str)
                else gv == ov
            )
            loose += plain_same
            if not plain_same:
                differ[var] += 1
    print(f"items: {len(gold)} gold, {len(ours)} mapped; variables compared: {total}")
    print(f"agreement (rich text exact): {strict}/{total} = {strict / total:.3f}")
    print(f"agreement (markup ignored):  {loose}/{total} = {loose / total:.3f}")
    print("differing variables: " + ", ".join(f"{k} {v}" for k, v in differ.most_common()))


def tidy_check(bibs: list[Bibliography]) -> None:
    """bibman tidy over the corpus: idempotent? every field kept? how fast?"""
    from bibman.tidy import tidy

    changed = not_idempotent = fields_lost = 0
    elapsed = 0.0
    for bib in bibs:
        t0 = time.perf_counter()
        once = tidy(bib)
        elapsed += time.perf_counter() - t0
        changed += once.text != bibtex.dumps(bib)
        again = bibtex.loads(once.text, bib.source)
        not_idempotent += tidy(again).text != once.text
        after: dict[str, set[str]] = {}
        for e in again.entries:
            after.setdefault(e.key, {f.name.lower() for f in e.fields})
        for e in bib.entries:
            if not {f.name.lower() for f in e.fields} <= after.get(e.key, set()):
                fields_lost += 1
    n = sum(len(b.entries) for b in bibs)
    print(
        f"tidy: {len(bibs)} files ({changed} changed), not idempotent: {not_idempotent}, "
        f"entries with a field lost: {fields_lost}, {elapsed / max(n, 1) * 10000:.2f} s/10k entries"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, help="only the first N files")
    ap.add_argument("--samples", type=int, default=0, help="print K unreported losses per format")
    ap.add_argument("--csl-agreement", action="store_true", help="items.bib -> CSL vs items.json")
    ap.add_argument("--tidy", action="store_true", help="also check bibman tidy over the corpus")
    args = ap.parse_args()
    if args.csl_agreement:
        csl_agreement()
        return
    bibs: list[Bibliography] = []
    for path in corpus_files(args.limit):
        try:
            bibs.append(bibtex.load(path))
        except Exception as err:  # an undecodable file: skip, say so
            print(f"skip {path.relative_to(CORPUS)}: {err}")
    n_entries = sum(len(b.entries) for b in bibs)
    print(f"corpus: {len(bibs)} files, {n_entries} entries ({CORPUS})")
    if args.tidy:
        tidy_check(bibs)
    print(
        f"{'format':9} {'entries':>8} {'exact':>8} {'reported':>9} {'UNREPORTED':>10} {'lost fields':>11} {'s/10k':>7}"
    )
    for name in TARGETS:
        fmt = registry.get(name)
        counts: Counter[str] = Counter()
        lost_fields: Counter[str] = Counter()
        samples: list[str] = []
        elapsed = 0.0
        for bib in bibs:
            t0 = time.perf_counter()
            text, diags = fmt.write(bib)
            back = fmt.read(text, bib.source)
            if name == "biblatex":
                back = convert_bibliography(back, "bibtex")
            elapsed += time.perf_counter() - t0
            strings, bstrings = bib.strings, back.strings
            by_key: dict[str, Entry] = {}
            for e in back.entries:
                by_key.setdefault(e.key, e)
            seen: set[str] = set()
            for e in bib.entries:
                if e.key in seen or e.type.lower() in ("xdata", "set", "comment"):
                    continue  # duplicate keys: the first one is what a reader sees
                seen.add(e.key)
                lost = field_losses(e, strings, by_key.get(e.key), bstrings)
                if not lost:
                    counts["exact"] += 1
                    continue
                lost_fields.update(lost)
                said = reported_fields(diags, e.key)
                unreported = [f for f in lost if f not in said]
                if unreported:
                    counts["unreported"] += 1
                    if len(samples) < args.samples:
                        samples.append(f"  {bib.source}: {e.key}: {', '.join(unreported)}")
                else:
                    counts["reported"] += 1
        total = sum(counts.values())
        per10k = elapsed / max(n_entries, 1) * 10000
        print(
            f"{name:9} {total:8} {counts['exact']:8} {counts['reported']:9} {counts['unreported']:10} "
            f"{sum(lost_fields.values()):11} {per10k:7.2f}"
        )
        top = ", ".join(f"{k} {v}" for k, v in lost_fields.most_common(8))
        print(f"          most lost (all reported unless counted above): {top}")
        for s in samples:
            print(s)


if __name__ == "__main__":
    main()
