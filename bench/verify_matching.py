"""How often `bibman verify` accepts the right DOI, and never harms a correct entry.

Gold: 2,000 reference strings -> DOI from biblio-glutton (bench/data/verify_gold.jsonl.gz,
Apache-2.0, see its NOTICE), split in two halves: ``dev`` (looked at while tuning the
matching rules) and ``held-out`` (never looked at; its figure is reported beside).

A fake Crossref/doi.org (tests/fixtures/verify/fakeapi.py, on 127.0.0.1 only) serves a
record per gold reference, salted with adversarial near-duplicates for each one: a review
of the work (same title, another author), the same title in another year, an erratum,
the whole book beside the article, a thesis of the same title. For 20 % of the references
the true record is left out of the service, so anything accepted for them is wrong.

Each reference is parsed by bibman (`parse --keep-raw`: the entry keeps the raw string)
with any DOI in it removed, then verified through the library (real HTTP on loopback):

* precision = right DOIs / accepted DOIs; recall = right DOIs / references whose record
  is in the service;
* do-no-harm: the gold records as complete, correct BibTeX entries (with their DOI)
  verified with --enrich: fields whose value changed (must be 0), and verdicts.

    python bench/verify_matching.py [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "verify"))

from fakeapi import serve  # noqa: E402

from bibman.bibtex import bibtex_value, make_entry, protect_capitals  # noqa: E402
from bibman.config import load_verify_settings  # noqa: E402
from bibman.freetext.pipeline import parse_text, to_entries  # noqa: E402
from bibman.latex import to_latex  # noqa: E402
from bibman.verify.enrich import apply_all  # noqa: E402
from bibman.verify.runner import Item, verify_items  # noqa: E402
from bibman.verify.text import fold  # noqa: E402

_YEAR = re.compile(r"(?<!\d)(19[0-9]\d|20[0-2]\d)(?!\d)")
_DOI = re.compile(r"(?:doi:?\s*|https?://(?:dx\.)?doi\.org/)?10\.\d{4,9}/\S+", re.I)


def load_gold() -> tuple[list[dict[str, Any]], int]:
    """The gold pairs, without the set's known noise: a DOI given to two different
    references, or one title given two DOIs (one of each pair is wrong), is kept once."""
    path = ROOT / "bench" / "data" / "verify_gold.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    seen_doi: set[str] = set()
    seen_title: set[str] = set()
    out = []
    for g in rows:
        doi, title = g["doi"].lower(), fold(g["atitle"])
        if doi in seen_doi or title in seen_title:
            continue
        seen_doi.add(doi)
        seen_title.add(title)
        out.append(g)
    return out, len(rows) - len(out)


def year_of(ref: str) -> int | None:
    """The publication year of a reference: "(2009)", else "2009;", else the last year."""
    m = re.search(r"\((\d{4})[a-z]?\)", ref) or re.search(r"(?<!\d)(\d{4})[a-z]?\s*[;:]", ref)
    if m and _YEAR.fullmatch(m.group(1)):
        return int(m.group(1))
    ys = _YEAR.findall(ref)
    return int(ys[-1]) if ys else None


def flatten(ref: str) -> str:
    """A reference as a PDF reader gives it: line-end hyphens joined, lines joined."""
    ref = re.sub(r"(?<=[a-z])-\s*\n\s*(?=[a-z])", "", ref)
    return re.sub(r"\s+", " ", ref).strip()


def record(g: dict[str, Any], year: int | None, **over: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "DOI": g["doi"],
        "type": "journal-article",
        "title": [g["atitle"]],
        "author": [{"family": g["firstAuthor"], "given": "A."}],
        "container-title": [g.get("jtitle") or ""],
        "volume": g.get("volume") or "",
        "page": g.get("firstPage") or "",
        # not in the gold set: an issue number the entries lack, so that --enrich has
        # something to add beside the values it must leave alone
        "issue": str(1 + len(g["doi"]) % 12),
    }
    if year:
        rec["issued"] = {"date-parts": [[year]]}
    rec.update(over)
    return rec


def adversaries(g: dict[str, Any], year: int | None, i: int) -> list[dict[str, Any]]:
    """Near-duplicates of gold record ``g`` that must never be accepted for it."""
    y = year or 2000
    base = g["doi"]
    t = g["atitle"]
    return [
        # a review of the work: same title, another author, a year later
        record(
            g,
            y + 1,
            DOI=f"{base}.review",
            author=[{"family": "Reviewer", "given": "R."}],
            **{"container-title": ["Reviews in the Field"], "volume": "9", "page": "1"},
        ),
        # the same title in another year (a reprint, a new edition)
        record(
            g,
            y + 3 + i % 4,
            DOI=f"{base}.later",
            volume=str(int(g.get("volume") or "1") + 7)
            if (g.get("volume") or "").isdigit()
            else "88",
            page="901",
        ),
        # an erratum (a Crossref "journal-article" too)
        record(
            g,
            y + (i % 2),
            DOI=f"{base}.erratum",
            title=[("Erratum: " if i % 3 else "Correction to: ") + t],
            page="1999",
        ),
        # the whole book beside the article
        record(
            g, y, DOI=f"{base}.book", type="book", page="", volume="", **{"container-title": []}
        ),
        # a thesis of the same title
        record(
            g,
            y - 1,
            DOI=f"{base}.thesis",
            type="dissertation",
            page="",
            volume="",
            **{"container-title": []},
        ),
    ]


def parse_entries(gold: list[dict[str, Any]]) -> list[Any]:
    texts = [_DOI.sub("", flatten(g["reference"])).strip(" .,;") for g in gold]
    res = parse_text("\n".join(texts), "gold.txt", one_per_line=True, keep_raw=True)
    entries = to_entries(res)
    if len(entries) != len(gold):
        raise SystemExit(f"parser returned {len(entries)} entries for {len(gold)} lines")
    return entries


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=2000, help="references used (<= 2000)")
    args = ap.parse_args()
    gold, dropped = load_gold()
    gold = gold[: args.limit]
    half = len(gold) // 2
    years = [year_of(flatten(g["reference"])) for g in gold]
    absent = {i for i in range(len(gold)) if i % 5 == 4}  # true record left out
    records: list[dict[str, Any]] = []
    for i, g in enumerate(gold):
        if i not in absent:
            records.append(record(g, years[i]))
        records.extend(adversaries(g, years[i], i))

    t0 = time.process_time()
    w0 = time.monotonic()
    entries = parse_entries(gold)
    with serve(records) as api:
        env = api.env()
        s = load_verify_settings({"cache": False, "host_interval": 0, "concurrency": 8}, env=env)
        rep = verify_items([Item(e, "gold") for e in entries], s)
        by_key = {v.key: v for v in rep.results}
        out: dict[str, dict[str, int]] = {}
        for name, idx in (("dev", range(half)), ("held-out", range(half, len(gold)))):
            acc = right = present = 0
            for i in idx:
                v = by_key[entries[i].key]
                if i not in absent:
                    present += 1
                if v.verdict == "suggested" and v.record is not None:
                    acc += 1
                    right += v.record.doi == gold[i]["doi"].lower() and i not in absent
            out[name] = {"accepted": acc, "right": right, "present": present}

        # do-no-harm: correct, complete entries with their DOI
        correct = []
        for i, g in enumerate(gold):
            if i in absent:
                continue
            # written the ways people write them: LaTeX accents, Title Case, braces
            title = g["atitle"]
            if i % 3 == 0:
                title = protect_capitals(title.title())
            if i % 2 == 0:
                title = to_latex(title)
            fields = [
                ("author", to_latex(f"{g['firstAuthor']}, A.")),
                ("title", title),
                ("journal", g.get("jtitle") or ""),
                ("year", str(years[i] or "")),
                ("volume", g.get("volume") or ""),
                ("pages", g.get("firstPage") or ""),
                ("doi", g["doi"]),
            ]
            correct.append(
                make_entry(
                    "article",
                    f"c{i}",
                    [
                        (k, "{" + v + "}" if k in ("title", "author") else bibtex_value(v, k))
                        for k, v in fields
                        if v
                    ],
                )
            )
        from bibman.model import Bibliography

        bib = Bibliography(tuple(correct))
        harm = verify_items([Item(e, "correct") for e in correct], s)
        new = apply_all(bib, {v.key: v.changes for v in harm.results if v.changes})
        changed = added = 0
        for old_e, new_e in zip(bib.entries, new.entries, strict=True):
            for f in old_e.fields:
                nf = new_e.field(f.name)
                changed += nf is None or nf.value != f.value
            added += len(new_e.fields) - len(old_e.fields)
        verdicts: dict[str, int] = {}
        odd = []
        for v in harm.results:
            verdicts[v.verdict] = verdicts.get(v.verdict, 0) + 1
            if v.verdict != "confirmed":
                odd.append(f"  {v.key}: {v.verdict}: {v.detail[:160]}")
        api_requests = len(api.log)
    cpu = time.process_time() - t0
    wall = time.monotonic() - w0

    def fig(d: dict[str, int]) -> str:
        p = d["right"] / d["accepted"] if d["accepted"] else 1.0
        r = d["right"] / d["present"] if d["present"] else 0.0
        return f"precision {p:.3f} recall {r:.3f} ({d['right']} right of {d['accepted']} accepted, {d['present']} findable)"

    n_adv = len(records) - (len(gold) - len(absent))
    print(
        f"gold references: {len(gold)} ({dropped} noisy pairs left out; {len(absent)} without their record in the service); "
        f"service records: {len(records)} ({n_adv} adversarial near-duplicates)"
    )
    for name in ("dev", "held-out"):
        print(f"{name:>8}: {fig(out[name])}")
    allv = {k: out["dev"][k] + out["held-out"][k] for k in out["dev"]}
    print(f"     all: {fig(allv)}")
    print(
        f"do-no-harm: {len(correct)} correct entries -> {changed} fields changed, {added} added; verdicts {verdicts}"
    )
    print("\n".join(odd[:5]))
    print(f"requests: {api_requests}; {cpu:.1f} s CPU, {wall:.1f} s wall (parsing included)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
