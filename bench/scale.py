"""bibman on large bibliographies: time, CPU and peak memory per command,
beside bibtexparser's own parse + write of the same file, in the same run.

A seeded generator writes realistic .bib files (varied entry types, @string
macros used by entries, % comments and @comment blocks, LaTeX accents in
names and titles, long author lists, URLs and DOIs, abstracts) of the given
sizes; every command then runs as its own process (``python -m bibman ...``,
or a short script for load + write and for bibtexparser), and its CPU time
and peak resident memory are read from the kernel (``wait4``).

Ratios are CPU time / bibtexparser's parse + write CPU time on the same file
(the machine is shared: CPU time is steadier than wall time). Linearity: the
CPU time on the largest file over the smallest, against the size ratio.

Usage:
  python bench/scale.py                       # 12.5, 25 and 50 MB (slow: minutes)
  python bench/scale.py --sizes 1,4           # quick
  python bench/scale.py --sizes 50 --only load,tidy
  python bench/scale.py --profile load --sizes 4   # cProfile of one command, top 25
  python bench/scale.py --xref --sizes 12.5       # papers crossref their proceedings
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}

# --------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------

# names are separated by single spaces; a name's own inner space is a non-breaking
# placeholder "_" (Erd{\H_o}s), put back after the split
GIVEN = [
    "Anna",
    "Bernd",
    "Carla",
    "David",
    "Elif",
    "Fran\\c{c}ois",
    "G{\\'e}rard",
    "Hanna",
    "Ingrid",
    "J{\\o}rgen",
    "Karl",
    "Lena",
    "Marta",
    "Nils",
    "Olga",
    "P{\\'e}ter",
    "Quentin",
    "Rosa",
    "Stefan",
    "Tom{\\'a}{\\v_s}",
    "Ute",
    "V{\\'\\i}ctor",
    "Wei",
    "Xiaoming",
    "Yuki",
    'Zo{\\"e}',
    "Ahmed",
    "Beatriz",
    "Chen",
    "Dmitri",
    "Emma",
    "Fatima",
    "Giulia",
    "Hiroshi",
]
FAMILY = [
    'M{\\"u}ller',
    "Schmidt",
    "Garc{\\'\\i}a",
    "Smith",
    "Jones",
    "Erd{\\H_o}s",
    "Nguyen",
    "Kowalski",
    "Rossi",
    "Dubois",
    "Andersson",
    "{\\O}sterg{\\aa}rd",
    "Yilmaz",
    "Tanaka",
    "Kim",
    "Silva",
    "Novak",
    "Ivanov",
    "Brown",
    "Wilson",
    "Moore",
    "Taylor",
    "Anderson",
    "Thomas",
    "Jackson",
    "White",
    "Harris",
    "Martin",
    "Thompson",
    "Lee",
    "Walker",
    "Hall",
    "Allen",
    "Young",
    "King",
    "Wright",
    "Scott",
    "Green",
    "Baker",
    "Adams",
    "Nelson",
    "Hill",
    "Campbell",
    "Mitchell",
    "Roberts",
    "Carter",
]
GIVEN = [g.replace("_", " ") for g in GIVEN]
FAMILY = [f.replace("_", " ") for f in FAMILY]
PARTICLES = ("van der", "de", "von", "van", "di")
WORDS = [
    "learning",
    "network",
    "deep",
    "analysis",
    "model",
    "system",
    "data",
    "efficient",
    "robust",
    "optimal",
    "graph",
    "approach",
    "method",
    "theory",
    "algorithm",
    "structure",
    "dynamic",
    "inference",
    "estimation",
    "distributed",
    "parallel",
    "quantum",
    "neural",
    "stochastic",
    "sparse",
    "convex",
    "adaptive",
    "scalable",
    "language",
    "vision",
    "protein",
    "genome",
    "climate",
    "market",
    "energy",
    "signal",
    "control",
    "verification",
    "semantics",
    "type",
    "memory",
    "cache",
    "query",
    "index",
    "compression",
    "retrieval",
    "ranking",
    "sampling",
    "bayesian",
    "causal",
]
PROTECTED = ("{DNA}", "{B}ayesian", "{M}arkov", "{GPU}", "{RNA}", "{L}yapunov", "{E}uler")
JOURNALS = [
    ("jacm", "Journal of the {ACM}"),
    ("cacm", "Communications of the {ACM}"),
    ("tcs", "Theoretical Computer Science"),
    ("tpami", "{IEEE} Transactions on Pattern Analysis and Machine Intelligence"),
    ("jmlr", "Journal of Machine Learning Research"),
    ("nature", "Nature"),
    ("science", "Science"),
    ("pnas", "Proceedings of the National Academy of Sciences"),
    ("sicomp", "{SIAM} Journal on Computing"),
    ("toplas", "{ACM} Transactions on Programming Languages and Systems"),
]
VENUES = ("NeurIPS", "ICML", "STOC", "FOCS", "SIGMOD", "VLDB", "POPL", "PLDI", "CVPR", "ACL")
PUBLISHERS = ("Springer", "{MIT} Press", "Cambridge University Press", "Elsevier", "Wiley")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _name(r: random.Random) -> str:
    family = r.choice(FAMILY)
    if r.random() < 0.05:
        family = r.choice(PARTICLES) + " " + family
    given = r.choice(GIVEN)
    if r.random() < 0.3:
        given = given[0] + "." if given[0].isalpha() else given
    if r.random() < 0.5:
        return f"{family}, {given}"
    return f"{given} {family}"


def _authors(r: random.Random) -> str:
    x = r.random()
    n = r.randint(1, 4) if x < 0.85 else r.randint(5, 12) if x < 0.97 else r.randint(20, 120)
    names = [_name(r) for _ in range(n)]
    if r.random() < 0.02:
        names.append("others")
    if r.random() < 0.01:
        names = ["{The " + r.choice(WORDS).title() + " Consortium}"]
    return " and ".join(names)


def _title(r: random.Random) -> str:
    words = [r.choice(WORDS) for _ in range(r.randint(4, 12))]
    if r.random() < 0.3:
        words.insert(r.randint(0, len(words)), r.choice(PROTECTED))
    if r.random() < 0.05:
        words.append("in $O(n \\log n)$ time")
    if r.random() < 0.05:
        words.insert(1, 'na{\\"\\i}ve')
    t = " ".join(words)
    return t[0].upper() + t[1:]


def _abstract(r: random.Random) -> str:
    sentences = []
    for _ in range(r.randint(2, 5)):
        s = " ".join(r.choice(WORDS) for _ in range(r.randint(8, 20)))
        sentences.append(s.capitalize() + ".")
    return " ".join(sentences)


def _entry(r: random.Random, n: int, parents: set[tuple[str, int]] | None = None) -> str:
    kind = r.choices(
        ("article", "inproceedings", "book", "incollection", "phdthesis", "techreport", "misc"),
        weights=(40, 25, 8, 7, 5, 5, 10),
    )[0]
    year = r.randint(1950, 2025)
    key = f"{r.choice(FAMILY).strip('{}').replace(chr(92), '')[:8].lower()}{year}{n}"
    key = "".join(c for c in key if c.isalnum())
    f: list[tuple[str, str]] = [
        ("author", "{" + _authors(r) + "}"),
        ("title", "{" + _title(r) + "}"),
    ]
    if kind == "article":
        if r.random() < 0.5:
            f.append(("journal", r.choice(JOURNALS)[0]))  # an @string macro
        else:
            f.append(("journal", "{" + r.choice(JOURNALS)[1] + "}"))
        f += [("volume", str(r.randint(1, 80))), ("number", str(r.randint(1, 12)))]
        a = r.randint(1, 900)
        f.append(("pages", f"{{{a}--{a + r.randint(5, 30)}}}"))
    elif kind == "inproceedings":
        v = r.choice(VENUES)
        if parents is not None:  # --xref: the volume is a @proceedings entry at the end
            parents.add((v, year))
            f.append(("crossref", f"{{proc{v.lower()}{year}}}"))
        else:
            f.append(("booktitle", f"{{Proceedings of {v} {year}}}"))
        a = r.randint(1, 900)
        f.append(("pages", f"{{{a}--{a + r.randint(5, 12)}}}"))
    elif kind in ("book", "incollection"):
        f.append(("publisher", "{" + r.choice(PUBLISHERS) + "}"))
        f.append(("address", "{" + r.choice(("Berlin", "Cambridge, MA", "New York")) + "}"))
        if kind == "incollection":
            f.append(("booktitle", "{" + _title(r) + "}"))
            f.append(("editor", "{" + _name(r) + " and " + _name(r) + "}"))
    elif kind == "phdthesis":
        f.append(
            ("school", "{Universit{\\'e} de " + r.choice(("Paris", "Lyon", "Gen{\\`e}ve")) + "}")
        )
    elif kind == "techreport":
        f.append(("institution", "{" + r.choice(VENUES) + " Lab}"))
        f.append(("number", f"{{TR-{year}-{r.randint(1, 99):02d}}}"))
    else:
        f.append(("howpublished", "{\\url{https://example.org/" + r.choice(WORDS) + f"/{n}}}}}"))
    f.append(("year", str(year) if r.random() < 0.7 else "{" + str(year) + "}"))
    if r.random() < 0.3:
        f.append(("month", r.choice(MONTHS)))
    if r.random() < 0.5:
        f.append(("doi", f"{{10.{r.randint(1000, 9999)}/{r.choice(WORDS)}.{year}.{n}}}"))
    if r.random() < 0.3:
        f.append(("url", f"{{https://example.org/papers/{key}.pdf}}"))
    if r.random() < 0.4:
        f.append(("abstract", "{" + _abstract(r) + "}"))
    if r.random() < 0.2:
        f.append(("keywords", "{" + ", ".join(r.sample(WORDS, 4)) + "}"))
    if r.random() < 0.5:
        width = max(len(k) for k, _ in f)
        body = ",\n".join(f"  {k.ljust(width)} = {v}" for k, v in f)
    else:
        body = ",\n".join(f"  {k} = {v}" for k, v in f)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def generate(target_bytes: int, seed: int = 1, xref: bool = False) -> str:
    """A .bib of about ``target_bytes`` UTF-8 bytes, the same for the same seed. ``xref``:
    conference papers ``crossref`` their proceedings, which come after every entry (as
    BibTeX wants them), instead of naming the volume in a booktitle."""
    r = random.Random(seed)
    parents: set[tuple[str, int]] | None = set() if xref else None
    out = [f"% Generated by bench/scale.py (seed {seed}): not real references.\n\n"]
    out += [f"@string{{{k} = {{{v}}}}}\n" for k, v in JOURNALS]
    out.append("\n")
    size = sum(len(s.encode()) for s in out)
    n = 0
    while size < target_bytes:
        x = r.random()
        if x < 0.02:
            chunk = f"% ---- section {n}: {' '.join(r.sample(WORDS, 3))} ----\n\n"
        elif x < 0.025:
            chunk = f"@comment{{batch {n} imported from an older file}}\n\n"
        else:
            chunk = _entry(r, n, parents) + "\n"
            n += 1
        out.append(chunk)
        size += len(chunk.encode())
    for v, year in sorted(parents or ()):
        out.append(
            f"@proceedings{{proc{v.lower()}{year},\n  title = {{Proceedings of {v} {year}}},\n"
            f"  year = {year},\n  publisher = {{{r.choice(PUBLISHERS)}}}\n}}\n\n"
        )
    return "".join(out)


def corpus(size_mb: float, seed: int, cache: Path, xref: bool = False) -> Path:
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"scale-{size_mb:g}MB-seed{seed}{'-xref' if xref else ''}.bib"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        tmp.write_text(generate(int(size_mb * 1_000_000), seed, xref), encoding="utf-8")
        tmp.replace(path)
    return path


# --------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------

LOAD_WRITE = """
import sys
from bibman import bibtex
path, out = sys.argv[1], sys.argv[2]
bib = bibtex.load(path)
data, _ = bibtex.encode(bib)
open(out, "wb").write(data)
same = data == open(path, "rb").read()
print("identical" if same else "DIFFERENT", len(bib.entries))
"""
BIBTEXPARSER = """
import sys
import bibtexparser
text = open(sys.argv[1], encoding="utf-8").read()
lib = bibtexparser.parse_string(text)
out = bibtexparser.write_string(lib)
open(sys.argv[2], "w", encoding="utf-8").write(out)
print(len(lib.entries))
"""
EXTRACT = """
import sys
from bibman import bibtex
from bibman.links.extract import extract
print(len(extract(bibtex.load(sys.argv[1]))), "links")
"""


@dataclass
class Run:
    name: str
    wall: float
    cpu: float
    peak_mb: float
    rc: int
    note: str


def _commands(path: Path, out: Path) -> dict[str, list[str]]:
    py = [sys.executable]
    m = [*py, "-m", "bibman"]
    return {
        "bibtexparser": [*py, "-c", BIBTEXPARSER, str(path), str(out)],
        "load": [*py, "-c", LOAD_WRITE, str(path), str(out)],
        "tidy": [*m, "tidy", "--check", str(path)],
        "csljson": [*m, "convert", "--to", "csljson", str(path), "-o", str(out) + ".json"],
        "ris": [*m, "convert", "--to", "ris", str(path), "-o", str(out) + ".ris"],
        "yaml": [*m, "convert", "--to", "yaml", str(path), "-o", str(out) + ".yaml"],
        "biblatex": [*m, "convert", "--to", "biblatex", str(path), "-o", str(out) + ".bib"],
        "plain": [*m, "format", "--style", "plain", str(path), "-o", str(out) + ".txt"],
        "apa": [*m, "format", "--style", "apa", str(path), "-o", str(out) + ".apa.txt"],
        "extract": [*py, "-c", EXTRACT, str(path)],
    }


def measure(name: str, argv: list[str], timeout: float) -> Run:
    start = time.perf_counter()
    with tempfile.TemporaryFile() as so, tempfile.TemporaryFile() as se:
        proc = subprocess.Popen(argv, stdout=so, stderr=se, env=ENV, cwd=ROOT)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        so.seek(0)
        se.seek(0)
        note = so.read().decode(errors="replace").strip().splitlines()
        err = se.read().decode(errors="replace").strip().splitlines()
    text = (note[-1] if note and name not in ("tidy",) else "") or (err[-1] if err else "")
    return Run(
        name,
        wall,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,  # KiB on Linux
        proc.returncode,
        text[:60],
    )


TARGETS = {  # CPU ratio to bibtexparser's parse + write (None: entries/s target instead)
    "load": 1.5,
    "tidy": 2.0,
    "csljson": 3.0,
    "ris": 3.0,
    "yaml": 3.0,
    "biblatex": 3.0,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", default="12.5,25,50", help="file sizes in MB [12.5,25,50]")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", default="", help="commands to run (comma-separated)")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "bibman-scale")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds per command")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--profile", help="cProfile one command (load, tidy, csljson, ...) instead")
    ap.add_argument(
        "--xref",
        action="store_true",
        help="files whose conference papers crossref @proceedings entries (at the end)",
    )
    args = ap.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    only = [c for c in args.only.split(",") if c]

    if args.profile:
        path = corpus(sizes[0], args.seed, args.cache, args.xref)
        argv = _commands(path, args.cache / "out")[args.profile]
        prof = args.cache / "profile.out"
        at = argv.index("-m") if "-m" in argv else argv.index("-c")
        argv = [argv[0], "-m", "cProfile", "-o", str(prof), *argv[at:]]
        if argv[3] == "-c":  # cProfile runs a file, not -c
            script = args.cache / "profile_script.py"
            script.write_text(argv[4])
            argv = [argv[0], "-m", "cProfile", "-o", str(prof), str(script), *argv[5:]]
        subprocess.run(argv, env=ENV, cwd=ROOT, check=False)
        import pstats

        pstats.Stats(str(prof)).sort_stats("cumulative").print_stats(25)
        pstats.Stats(str(prof)).sort_stats("tottime").print_stats(25)
        return

    results: dict[float, dict[str, Run]] = {}
    entries: dict[float, int] = {}
    for size in sizes:
        path = corpus(size, args.seed, args.cache, args.xref)
        mb = path.stat().st_size / 1e6
        out = args.cache / "out"
        cmds = _commands(path, out)
        names = [
            "bibtexparser",
            *[c for c in cmds if c != "bibtexparser" and (not only or c in only)],
        ]
        results[size] = {}
        print(f"\n== {path.name}: {mb:.1f} MB", flush=True)
        print(
            f"{'command':<13}{'wall s':>8}{'CPU s':>8}{'peak MB':>9}{'x file':>7}{'CPU ratio':>10}  note"
        )
        for name in names:
            r = measure(name, cmds[name], args.timeout)
            results[size][name] = r
            if name == "bibtexparser":
                try:
                    entries[size] = int(r.note.split()[0])
                except (ValueError, IndexError):
                    entries[size] = 0
            base = results[size]["bibtexparser"].cpu
            ratio = r.cpu / base if base else float("nan")
            note = r.note
            if name in ("plain", "apa") and r.cpu:
                note = f"{entries[size] / r.cpu:,.0f} entries/s CPU; " + note
            if r.rc not in (0, 1):
                note = f"exit {r.rc}: " + note
            print(
                f"{name:<13}{r.wall:>8.2f}{r.cpu:>8.2f}{r.peak_mb:>9.0f}{r.peak_mb / mb:>7.1f}"
                f"{ratio:>10.2f}  {note}",
                flush=True,
            )
    if len(sizes) > 1:
        lo, hi = min(sizes), max(sizes)
        factor = (results[hi]["bibtexparser"].cpu and 1) and hi / lo
        print(f"\n== linearity: CPU time at {hi:g} MB / at {lo:g} MB (ideal {factor:g}, +-20%)")
        for name, r in results[hi].items():
            base = results[lo].get(name)
            if base and base.cpu:
                got = r.cpu / base.cpu
                ok = abs(got / factor - 1) <= 0.2
                print(f"{name:<13}{got:>6.2f}  {'ok' if ok else 'NOT linear'}")
    big = max(sizes)
    print(f"\n== targets on the {big:g} MB file")
    res = results[big]
    base = res["bibtexparser"]
    mb = corpus(big, args.seed, args.cache, args.xref).stat().st_size / 1e6
    for name, r in res.items():
        if name == "bibtexparser":
            continue
        checks = []
        if name in TARGETS:
            checks.append(
                (f"CPU <= {TARGETS[name]}x bibtexparser", r.cpu <= TARGETS[name] * base.cpu)
            )
        if name == "load":
            checks.append(("peak <= bibtexparser's", r.peak_mb <= base.peak_mb))
        if name in ("plain", "apa"):
            rate = entries[big] / r.cpu if r.cpu else 0
            checks.append((f">= 2,000 entries/s ({rate:,.0f})", rate >= 2000))
        checks.append(("peak <= 10x file", r.peak_mb <= 10 * mb))
        print(f"{name:<13}" + "; ".join(f"{c}: {'met' if ok else 'NOT met'}" for c, ok in checks))
    if args.json:
        args.json.write_text(
            json.dumps(
                {str(s): {n: vars(r) for n, r in rs.items()} for s, rs in results.items()}, indent=1
            )
        )


if __name__ == "__main__":
    main()
