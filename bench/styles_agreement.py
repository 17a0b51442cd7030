"""Agreement of `bibman format items.bib --style S --keyed` with citeproc-js's gold.

Renders ../shared/tools/styles-bench/items.bib in-process through the same
code path as the CLI (BibTeX reader -> csljson.bib_to_csl -> CSL engine ->
render_strings(keyed=True)) for the six target styles in text and HTML, and
scores each with the bench's own compare.py (imported, not copied).

usage: python bench/styles_agreement.py [--styles apa,ieee] [--samples N]
       [--from-json]  (render items.json instead: separates engine from mapping)
       [--out DIR]    (also write DIR/STYLE.FORMAT.tsv)
Prints a table; the last line is `agreement=min X.XXX mean Y.YYY`.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "tools" / "styles-bench"
STYLES = [
    "apa",
    "modern-language-association",
    "chicago-author-date",
    "ieee",
    "harvard-cite-them-right",
    "vancouver",
]


def _compare_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("styles_bench_compare", BENCH / "compare.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _items(from_json: bool) -> list[dict[str, object]]:
    if from_json:
        data = json.loads((BENCH / "items.json").read_text(encoding="utf-8"))
        return list(data)
    from bibman.formats import csljson, registry

    text = (BENCH / "items.bib").read_text(encoding="utf-8")
    bib = registry.get("bibtex").read(text, str(BENCH / "items.bib"))
    return list(csljson.bib_to_csl(bib, sentence_case=True).items)


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from bibman.csl import api as csl
    from bibman.styles.backends import render_strings

    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--styles", default=",".join(STYLES))
    ap.add_argument("--samples", type=int, default=0)
    ap.add_argument("--from-json", action="store_true")
    ap.add_argument("--out", type=Path)
    a = ap.parse_args()
    cmp = _compare_module()
    style_files = json.loads((BENCH / "styles.json").read_text(encoding="utf-8"))
    items = _items(a.from_json)
    figures: list[float] = []
    print(f"{'style':32} {'text':>6} {'html':>6}")
    for name in a.styles.split(","):
        csl_style = csl.load_style(style_files[name].removesuffix(".csl"))
        row = []
        for fmt in ("text", "html"):
            rendered = csl.render_bibliography(items, csl_style, fmt=fmt)
            out = render_strings(rendered.entries, fmt, keyed=True)
            gold = cmp.read_tsv(BENCH / "gold" / f"{name}.{fmt}.tsv")
            cand = dict(line.partition("\t")[::2] for line in out.splitlines() if line)
            if a.out:
                a.out.mkdir(parents=True, exist_ok=True)
                (a.out / f"{name}.{fmt}.tsv").write_text(out, encoding="utf-8")
            same, diffs = 0, []
            keys = sorted(set(gold) | set(cand))
            for k in keys:
                gv = cmp.normalise(gold[k], fmt == "html", False) if k in gold else None
                cv = cmp.normalise(cand[k], fmt == "html", False) if k in cand else None
                if gv is not None and gv == cv:
                    same += 1
                else:
                    diffs.append((k, gv, cv))
            score = same / len(keys) if keys else 0.0
            row.append(score)
            figures.append(score)
            for k, gv, cv in diffs[: a.samples]:
                if gv is None or cv is None:
                    print(
                        f"    {name}.{fmt} {k}: missing in {'gold' if gv is None else 'candidate'}"
                    )
                else:
                    print(f"    {name}.{fmt} {k}: {cmp.word_diff(gv, cv)}")
        print(f"{name:32} {row[0]:6.3f} {row[1]:6.3f}")
    if figures:
        print(f"agreement=min {min(figures):.3f} mean {sum(figures) / len(figures):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
