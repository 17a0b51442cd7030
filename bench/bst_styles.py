"""Agreement of `bibman format` with real BibTeX 0.99d on the style bench.

Renders the bench corpus (../shared/tools/styles-bench/items.bib) with each
BibTeX style through the real `bibman format ... --keyed` command, then runs
the bench's own compare.py against its gold (BibTeX + the standard .bst).

usage: python bench/bst_styles.py [--styles plain,unsrt,alpha,abbrv] [--out DIR] [--samples N]
                                  [--bibtex-bytes]
Prints compare.py's per-style lines and `agreement=...` (labels included), then
the same without labels.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
BENCH = SHARED / "tools" / "styles-bench"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--styles", default="plain,unsrt,alpha,abbrv")
    ap.add_argument("--out", help="keep the renderings here (default: a temporary folder)")
    ap.add_argument("--samples", default="5")
    ap.add_argument(
        "--bibtex-bytes", action="store_true", help="run bibman with --bibtex-bytes (byte-exact)"
    )
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(a.out) if a.out else Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        styles = a.styles.split(",")
        for style in styles:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "bibman",
                    "format",
                    str(BENCH / "items.bib"),
                    "--style",
                    style,
                    "--to",
                    "text",
                    "--keyed",
                    "--quiet",
                    "-o",
                    str(out / f"{style}.text.tsv"),
                    *(["--bibtex-bytes"] if a.bibtex_bytes else []),
                ],
                check=True,
                timeout=120,
            )
        for extra in ([], ["--ignore-label"]):
            print("labels ignored:" if extra else "labels included:", flush=True)
            subprocess.run(
                [
                    sys.executable,
                    str(BENCH / "compare.py"),
                    str(BENCH / "gold"),
                    str(out),
                    "--styles",
                    ",".join(styles),
                    "--format",
                    "text",
                    "--samples",
                    a.samples,
                    *extra,
                ],
                check=True,
                timeout=120,
            )
        _explain(out, styles)
    return 0


def _explain(out: Path, styles: list[str]) -> None:
    """Count the differences where BibTeX 0.99d itself cut a UTF-8 character in half.

    BibTeX works on bytes: an alpha label or abbrv initial taken from a Cyrillic
    or CJK name keeps half a character, which the gold shows as U+FFFD. bibman
    keeps whole characters there on purpose.
    """
    total = same = cut = 0
    other: list[str] = []
    for style in styles:
        gold = _tsv(BENCH / "gold" / f"{style}.text.tsv")
        ours = _tsv(out / f"{style}.text.tsv")
        for key in gold.keys() | ours.keys():
            total += 1
            g, o = gold.get(key), ours.get(key)
            if g is not None and o is not None and " ".join(g.split()) == " ".join(o.split()):
                same += 1
            elif g is not None and "\ufffd" in g:
                cut += 1
            else:
                other.append(f"{style}:{key}")
    print(
        f"differing entries: {total - same}, of which the gold has U+FFFD (BibTeX cut a"
        f" UTF-8 character): {cut}; agreement on the other entries:"
        f" {same}/{total - cut} = {same / max(1, total - cut):.3f}"
    )
    if other:
        print("other differences:", " ".join(sorted(other)))


def _tsv(path: Path) -> dict[str, str]:
    rows = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("\t")
        rows[key] = value
    return rows


if __name__ == "__main__":
    sys.exit(main())
