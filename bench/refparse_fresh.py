"""Reference-parsing accuracy on a second untouched split: other records, other styles,
every locale (no tuning, never trained on).

    python bench/refparse_fresh.py [-n 600] [--seed 20261206] [--by type] [--errors N]
                                   [--locale-rate 0.5] [--web-rate 0.25]
                                   [--keep-gold F] [--model FILE.crfsuite]

A second untouched draw for issue 11's last stop (recorded on main before any change,
never looked at since): ``--seed 20261207 --locale-rate 0.6 --web-rate 0.4``.

Made once for issue 11 (item 7) and scored on main before any tuning. It differs from
``bench/refparse_synth.py`` in all three of its inputs:

- records: the real user libraries of ``shared/data/bib/bibtex-tidy-tests`` (Zotero,
  JabRef, Mendeley exports), which ``cslsynth.load_items`` does not read; only their
  ``cslsynth.is_fresh`` side (~35%, own hash salt) — training may use the other side;
- styles: the held-out CSL styles (``cslsynth.is_heldout``, never trained on) that
  ``bench/refparse_synth.py``'s default draw (seed 11, n 800) does not use, frozen in
  ``bench/data/fresh_styles.txt``;
- locales: half the references in a locale drawn from all ~63 CSL locales bibman ships
  (refparse_synth: 30%, five locales), and a quarter of the records as web pages, news
  items and blog posts (``cslsynth.as_webpage``).

The gold keeps only what the style printed; scored with the shared scorer through
``bench/refparse.py --gold``.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
STYLES = ROOT / "bench" / "data" / "fresh_styles.txt"


def build(
    n: int, seed: int, locale_rate: float = 0.5, web_rate: float = 0.25
) -> list[dict[str, object]]:
    from bibman.freetext import cslsynth

    rng = random.Random(seed)
    items = [it for it in cslsynth.load_extra_items(SHARED) if cslsynth.is_fresh(str(it["title"]))]
    # articles are ~90% of the libraries: draw types evenly enough that books, chapters,
    # theses and reports count
    by_type: dict[str, list[dict[str, object]]] = {}
    for it in items:
        by_type.setdefault(str(it.get("type")), []).append(it)
    pool: list[dict[str, object]] = []
    for typ, its in sorted(by_type.items()):
        cap = 900 if typ == "article-journal" else 300
        pool += random.Random(seed + 1).sample(its, min(cap, len(its))) if len(its) > cap else its
    styles = [
        ln.strip()
        for ln in STYLES.read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    out: list[dict[str, object]] = []
    for k, (item, sid, parts) in enumerate(
        cslsynth.generate(
            n,
            rng,
            SHARED,
            per_style=3,
            items=pool,
            styles=styles,
            locales=cslsynth.all_locales(),
            locale_rate=locale_rate,
            web_rate=web_rate,
        )
    ):
        g = cslsynth.gold_record(item, parts)
        g["id"] = f"fresh-{k:04d}"
        g["src"] = f"{item.get('id')}@{sid}"
        out.append(g)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("-n", type=int, default=600)
    ap.add_argument("--seed", type=int, default=20261206)
    ap.add_argument(
        "--locale-rate", type=float, default=0.5, help="share of references in a locale"
    )
    ap.add_argument("--web-rate", type=float, default=0.25, help="share of records as web pages")
    sys.path.insert(0, str(ROOT / "bench"))
    import refparse

    refparse.add_scoring_options(ap)
    a = ap.parse_args(argv)
    gold = build(a.n, a.seed, a.locale_rate, a.web_rate)
    return refparse.score_generated(gold, "fresh untouched references", a)


if __name__ == "__main__":
    raise SystemExit(main())
