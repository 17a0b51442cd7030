"""Run the official CSL test-suite fixtures against bibman's CSL processor.

Usage: python bench/csl_suite.py [SUITE_DIR] [--filter SUBSTR] [--failures] [--show NAME]
                                 [--write-known-failures FILE]

Prints ``passed=N total=M``. Each fixture is rendered as the citeproc-js test runner
does: all INPUT items are registered in input order; CITATIONS are processed one by
one (citations updated by the last one are marked ``>>``); CITATION-ITEMS are separate
clusters; bibliography mode prints the HTML bibliography.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bibman.csl.engine import Processor
from bibman.csl.locale import LocaleStore
from bibman.csl.style import parse_style

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEFAULT_SUITE = SHARED / "data" / "csl" / "test-suite"
SECTION = re.compile(r">>=+ *([A-Z-]+) *=+>>\n(.*?)\n<<=+ *\1 *=+<<", re.S)


def parse_fixture(path: Path) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in SECTION.finditer(path.read_text(encoding="utf-8"))}


def run_fixture(fx: dict[str, str], locales: LocaleStore) -> str:
    style = parse_style(fx["CSL"])
    items: list[dict[str, Any]] = json.loads(fx["INPUT"])
    proc = Processor(style, locales, items, fmt="html")
    mode = fx["MODE"].strip()
    if "CITATIONS" in fx:
        citations = json.loads(fx["CITATIONS"])
        updated: list[int] = []
        for cit, pre, post in citations:
            updated = proc.process_citation_cluster(cit, pre, post)
        if mode == "citation":
            rendered = proc.citation_strings()
            return "\n".join(
                (">>" if i in updated else "..") + f"[{i}] {s}" for i, s in enumerate(rendered)
            )
    elif "CITATION-ITEMS" in fx:
        clusters = json.loads(fx["CITATION-ITEMS"])
        out = []
        for i, cl in enumerate(clusters):
            cit = {
                "citationID": f"CITATION-{i}",
                "citationItems": cl,
                "properties": {"noteIndex": i + 1},
            }
            proc.process_citation_cluster(cit)
        out = proc.citation_strings()
        if mode == "citation":
            return "\n".join(out)
    elif mode == "citation":
        cit = {
            "citationID": "CITATION-0",
            # the runner cites each registered id once (a repeated id is one item)
            "citationItems": [{"id": i} for i in dict.fromkeys(it.get("id", "") for it in items)],
            "properties": {"noteIndex": 1},
        }
        proc.process_citation_cluster(cit)
        return "\n".join(proc.citation_strings())
    return proc.bibliography_html()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("suite", nargs="?", default=str(DEFAULT_SUITE))
    ap.add_argument("--filter", default="")
    ap.add_argument("--failures", action="store_true", help="list failing fixture names")
    ap.add_argument("--show", default="", help="print expected/got for fixtures matching")
    ap.add_argument("--write-known-failures", default="")
    args = ap.parse_args(argv)
    suite = Path(args.suite)
    locales = LocaleStore.default()
    passed, failed = 0, []
    t0 = time.perf_counter()
    for path in sorted(suite.glob("*.txt")):
        name = path.stem
        if args.filter and args.filter not in name:
            continue
        fx = parse_fixture(path)
        if "MODE" not in fx or fx["MODE"].strip() not in ("citation", "bibliography"):
            continue
        expected = fx["RESULT"].strip()
        try:
            got = run_fixture(fx, locales).strip()
        except Exception as exc:  # a crash is a failure, reported with its type
            got = f"!! {type(exc).__name__}: {exc}"
        if got == expected:
            passed += 1
        else:
            failed.append(name)
        if args.show and args.show in name and got != expected:
            print(f"=== {name}\n--- expected\n{expected}\n--- got\n{got}")
    total = passed + len(failed)
    if args.failures:
        print("\n".join(failed))
    if args.write_known_failures:
        Path(args.write_known_failures).write_text("\n".join(failed) + "\n", encoding="utf-8")
    print(f"passed={passed} total={total} seconds={time.perf_counter() - t0:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
