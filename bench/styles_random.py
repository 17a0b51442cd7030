"""Agreement with citeproc-js on CSL styles drawn at random (styles nobody tuned for).

Draws N independent styles (those with a bibliography) from the styles bibman ships,
leaving out the styles of the styles bench (the ones bibman was tuned on), with a seed
given on the command line. Renders ../shared/tools/styles-bench's 152 items with
citeproc-js (the bench's own render_citeprocjs.js, forced to en-US as it does) and with
bibman, from CSL-JSON (items.json: the engine) and from BibTeX (items.bib through
bibman's reader and mapping, as `bibman format` does), and scores each with the bench's
compare.py (imported, not copied). Gold renderings are cached per style file and format.

usage: python bench/styles_random.py --seed 7 [-n 30] [--formats text,html]
       [--styles a,b] (these styles instead of a draw) [--samples N] [--cache DIR]
Needs node and the npm package citeproc 2.4.63, found through NODE_PATH or in the
cache directory; install it once with
    npm install --prefix ~/.cache/bibman-bench --no-package-lock citeproc@2.4.63
Prints one row per style (json and bib agreement per format) and the last line
`agreement json=X.XXX bib=Y.YYY` (means over styles and formats). A style citeproc-js
itself cannot render (its bench renderer exits) is listed as skipped and not scored.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "tools" / "styles-bench"
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "bibman-bench"


def _compare_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("styles_bench_compare", BENCH / "compare.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _node_env(cache: Path) -> dict[str, str] | None:
    env = dict(os.environ)
    paths = [p for p in env.get("NODE_PATH", "").split(os.pathsep) if p]
    paths.append(str(cache / "node_modules"))
    if not any((Path(p) / "citeproc").is_dir() for p in paths):
        return None
    env["NODE_PATH"] = os.pathsep.join(paths)
    return env


def draw(seed: int, n: int) -> list[str]:
    """``n`` independent styles with a bibliography, not the bench's own, by ``seed``."""
    from bibman.csl import api as csl

    tuned = {
        v.removesuffix(".csl")
        for k, v in json.loads((BENCH / "styles.json").read_text(encoding="utf-8")).items()
        if not k.startswith("_")
    }
    pool = []
    for sid, info in sorted(csl.available_styles().items()):
        if info.dependent or sid in tuned:
            continue
        pool.append(sid)
    rng = random.Random(seed)
    rng.shuffle(pool)
    chosen: list[str] = []
    for sid in pool:
        text = csl.available_styles()[sid].path.read_text(encoding="utf-8", errors="replace")
        if "<bibliography" in text:
            chosen.append(sid)
        if len(chosen) == n:
            break
    return chosen


def gold(style_path: Path, fmt: str, cache: Path, env: dict[str, str]) -> dict[str, str]:
    """citeproc-js's rendering of items.json (cached by the style file's content)."""
    digest = hashlib.sha1(style_path.read_bytes()).hexdigest()[:16]
    out = cache / "gold" / f"{style_path.stem}.{digest}.{fmt}.tsv"
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(".tmp")
        subprocess.run(
            [
                "node",
                str(BENCH / "render_citeprocjs.js"),
                "--items",
                str(BENCH / "items.json"),
                "--style",
                str(style_path),
                "--format",
                fmt,
                "--out",
                str(tmp),
            ],
            env=env,
            check=True,
            timeout=300,
            capture_output=True,
        )
        tmp.replace(out)
    cmp = _compare_module()
    data: dict[str, str] = cmp.read_tsv(out)
    return data


def score(
    cmp: ModuleType, gold_map: dict[str, str], cand: dict[str, str], fmt: str
) -> tuple[float, list[tuple[str, Any, Any]]]:
    same, diffs = 0, []
    keys = sorted(set(gold_map) | set(cand))
    for k in keys:
        gv = cmp.normalise(gold_map[k], fmt == "html", False) if k in gold_map else None
        cv = cmp.normalise(cand[k], fmt == "html", False) if k in cand else None
        if gv is not None and gv == cv:
            same += 1
        else:
            diffs.append((k, gv, cv))
    return (same / len(keys) if keys else 1.0), diffs


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from bibman.csl import api as csl
    from bibman.formats import csljson, registry
    from bibman.styles.backends import render_strings

    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("-n", type=int, default=30)
    ap.add_argument("--formats", default="text")
    ap.add_argument("--styles", default="")
    ap.add_argument("--samples", type=int, default=0)
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    a = ap.parse_args()
    if shutil.which("node") is None:
        print("styles_random: node is not installed", file=sys.stderr)
        return 2
    env = _node_env(a.cache)
    if env is None:
        print(
            "styles_random: the npm package citeproc is missing; install it with\n"
            f"  npm install --prefix {a.cache} --no-package-lock citeproc@2.4.63",
            file=sys.stderr,
        )
        return 2
    cmp = _compare_module()
    styles = a.styles.split(",") if a.styles else draw(a.seed, a.n)
    formats = a.formats.split(",")
    json_items = json.loads((BENCH / "items.json").read_text(encoding="utf-8"))
    bib = registry.get("bibtex").read(
        (BENCH / "items.bib").read_text(encoding="utf-8"), str(BENCH / "items.bib")
    )
    bib_items = list(csljson.bib_to_csl(bib, sentence_case=True).items)
    print(f"seed {a.seed}: {len(styles)} styles, formats {','.join(formats)}")
    print(f"{'style':48} " + " ".join(f"{'json.' + f:>10} {'bib.' + f:>10}" for f in formats))
    skipped: list[str] = []
    json_scores: list[float] = []
    bib_scores: list[float] = []
    cpu = 0.0
    for sid in styles:
        info = csl.available_styles()[sid]
        style = csl.load_style(sid)
        row = []
        try:
            wants = {fmt: gold(info.path, fmt, a.cache, env) for fmt in formats}
        except subprocess.CalledProcessError as exc:
            # citeproc-js itself fails on a few styles (the bench renderer exits when it
            # returns fewer entries than items): no gold, so the style is not scored
            err = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
            print(f"{sid:48} skipped: citeproc-js failed ({err[-1] if err else exc})")
            skipped.append(sid)
            continue
        for fmt in formats:
            want = wants[fmt]
            for items, sink, label in (
                (json_items, json_scores, "json"),
                (bib_items, bib_scores, "bib"),
            ):
                t0 = time.process_time()
                rendered = csl.render_bibliography(items, style, locale="en-US", fmt=fmt)
                out = render_strings(rendered.entries, fmt, keyed=True)
                cpu += time.process_time() - t0
                cand = dict(line.partition("\t")[::2] for line in out.splitlines() if line)
                s, diffs = score(cmp, want, cand, fmt)
                sink.append(s)
                row.append(s)
                for k, gv, cv in diffs[: a.samples]:
                    if gv is None or cv is None:
                        print(
                            f"    {sid}.{label}.{fmt} {k}: missing in {'gold' if gv is None else 'bibman'}"
                        )
                    else:
                        print(f"    {sid}.{label}.{fmt} {k}: {cmp.word_diff(gv, cv)}")
        print(f"{sid:48} " + " ".join(f"{x:10.3f}" for x in row), flush=True)
    if not json_scores:
        return 1
    mj = sum(json_scores) / len(json_scores)
    mb = sum(bib_scores) / len(bib_scores)
    if skipped:
        print(f"{len(skipped)} style(s) skipped (no citeproc-js rendering): {', '.join(skipped)}")
    print(f"bibman CPU time rendering: {cpu:.1f} s")
    print(f"agreement json={mj:.3f} bib={mb:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
