"""Reference-parsing accuracy on our own held-out split (no tuning, never trained on).

    python bench/refparse_synth.py [-n 800] [--seed 11] [--by type] [--errors N] [--keep-gold F]
                                   [--model FILE.crfsuite]

Real BibTeX records (IRIDIA, TUGboat, biber test data under ``shared/data/bib``) are
rendered through randomly drawn CSL styles and locales with bibman's own CSL engine
(``bibman.freetext.cslsynth``). Records *and* styles whose stable hash falls in the
held-out 15% (``cslsynth.is_heldout``) are used here and never by
``python -m bibman.freetext.train``; the gold keeps only what the style printed.
``--classes N`` adds references of the weak classes of issue 11 (``classsynth``) made
from the held-out records (``-n 0 --classes 300`` scores those alone); ``--chapters N``
chapters in edited books and theses the same way (``classsynth.BOOK_PARTS``). Scored
with the shared scorer through ``bench/refparse.py --gold``.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"


def build(n: int, seed: int, classes: int = 0, chapters: int = 0) -> list[dict[str, object]]:
    from bibman.freetext import cslsynth, websynth

    rng = random.Random(seed)
    out: list[dict[str, object]] = []
    for k, (item, sid, parts) in enumerate(
        cslsynth.generate(n, rng, SHARED, heldout=True, per_style=4)
    ):
        g = cslsynth.gold_record(item, parts)
        g["id"] = f"csl-{k:04d}"
        g["src"] = f"{item.get('id')}@{sid}"
        out.append(g)
    for k, (_parts, g) in enumerate(websynth.generate(n // 4, rng, ROOT, SHARED, True)):
        g["id"] = f"web-{k:04d}"
        out.append(g)
    if classes:
        from bibman.freetext import classsynth

        crng = random.Random(seed + 100)
        for k, (_parts, g) in enumerate(classsynth.generate(classes, crng, SHARED, True)):
            g["id"] = f"cls-{k:04d}"
            out.append(g)
    if chapters:
        from bibman.freetext import classsynth

        crng = random.Random(seed + 200)
        for k, (_parts, g) in enumerate(
            classsynth.generate(chapters, crng, SHARED, True, classsynth.BOOK_PARTS)
        ):
            g["id"] = f"chp-{k:04d}"
            out.append(g)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("-n", type=int, default=800)
    ap.add_argument(
        "--classes",
        type=int,
        default=0,
        help="add N references of issue 11's weak classes (classsynth: physics, GOST, "
        "given-name-first lists, imprints); -n 0 --classes N scores them alone",
    )
    ap.add_argument(
        "--chapters",
        type=int,
        default=0,
        help="add N chapters in edited books and theses (classsynth, held-out records); "
        "-n 0 --chapters N scores them alone",
    )
    ap.add_argument("--seed", type=int, default=11)
    sys.path.insert(0, str(ROOT / "bench"))
    import refparse

    refparse.add_scoring_options(ap)
    a = ap.parse_args(argv)
    gold = build(a.n, a.seed, a.classes, a.chapters)
    return refparse.score_generated(gold, "held-out synthetic references", a)


if __name__ == "__main__":
    raise SystemExit(main())
