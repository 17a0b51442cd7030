"""Time of ``parse`` and of ``check``'s link extraction on hostile text: no input
may make them hang (issue 9 item 6).

Generates each class of adversarial input (about 20,000-100,000 characters),
runs the document parser (``parse``) and the line parser
(``parse --one-per-line``) on it in this process, and prints the CPU time per
class and per 100,000 characters. Then it reads each class of hostile
Markdown/HTML/LaTeX/text document the way ``check`` does (``read_source``: the
links with their lines; no request is made), and parses the same document in both
modes, and prints the same figures. The
target is < 1 s per 100,000 characters for every class and every mode.

    python bench/hostile.py                 # every class, both tables
    python bench/hostile.py --only dashes --size 50000
    python bench/hostile.py --links-only    # only the hostile-document table
    python bench/hostile.py --parse-only    # only the parse table
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's bibman

from bibman.freetext.pipeline import parse_text
from bibman.links.sources import read_source

REF = "Smith, J. A. (2001). A study of things. Journal of Tests, 12(3), 45-67. "


def _rep(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def _lines(unit: str, n: int, width: int = 80) -> str:
    line = _rep(unit, width)
    return "\n".join([line] * (n // (width + 1) + 1))[:n]


def _random_words(n: int) -> str:
    rnd = random.Random(7)
    out: list[str] = []
    size = 0
    while size < n:
        w = "".join(rnd.choice("abcdefghij") for _ in range(rnd.randint(1, 9)))
        out.append(w)
        size += len(w) + 1
    return " ".join(out)[:n]


def _numbered(n: int) -> str:
    out: list[str] = ["References", ""]
    i = 1
    while sum(len(s) + 1 for s in out) < n:
        out.append(f"[{i}] {REF}")
        i += 1
    return "\n".join(out)


def _near_titles(n: int, words: int = 60) -> str:
    """References whose titles share their first words and differ after: every
    pair lands in one block of the duplicate check."""
    rnd = random.Random(11)
    out = ["References", ""]
    size = 0
    i = 0
    while size < n:
        i += 1
        tail = " ".join(
            "".join(rnd.choice("etaoinshr") for _ in range(rnd.randint(2, 8))) for _ in range(words)
        )
        line = f"Smith, J. (2001). Study of things {tail}. Journal of Tests, {i}, 1-9."
        out.append(line)
        size += len(line) + 1
    return "\n".join(out)


def _distinct_initials(n: int) -> str:
    """80-character lines of random "A. B., " initials, no two alike: the field parser
    runs once per line (identical lines are parsed once)."""
    rnd = random.Random(17)
    out: list[str] = []
    size = 0
    while size < n:
        line = "".join(
            f"{rnd.choice('ABCDEFGHKLMN')}. {rnd.choice('ABCDEFGHKLMN')}., " for _ in range(11)
        )
        out.append(line[:80])
        size += 81
    return "\n".join(out)[:n]


def _untitled(n: int) -> str:
    rnd = random.Random(13)
    out = ["References", ""]
    size = 0
    while size < n:
        line = "• " + " ".join(
            "".join(rnd.choice("etaoinshr") for _ in range(rnd.randint(2, 8))) for _ in range(40)
        )
        out.append(line)
        size += len(line) + 1
    return "\n".join(out)


CLASSES: dict[str, Callable[[int], str]] = {
    "one letter, one line": lambda n: "a" * n,
    "open parentheses": lambda n: "(" * n,
    "close parentheses": lambda n: ")" * n,
    "brackets [[[": lambda n: "[" * n,
    "a.a.a. run": lambda n: _rep("a.", n),
    "A.A.A. run": lambda n: _rep("A.", n),
    "', ' run": lambda n: _rep(", ", n),
    "'A. B., ' run": lambda n: _rep("A. B., ", n),
    "repeated years": lambda n: _rep("2001 ", n),
    "repeated (years)": lambda n: _rep("(2001) ", n),
    "dashes": lambda n: "-" * n,
    "em dashes": lambda n: "—" * n,
    "tabs and no-break spaces": lambda n: _rep("\t\u00a0 a\t\u00a0", n),
    "digits": lambda n: "1" * n,
    "digit-dot run 1.1.1.": lambda n: _rep("1.", n),
    "URL without end": lambda n: "https://example.org/" + "a/" * (n // 2),
    "many URLs on one line": lambda n: _rep("https://a.org/x ", n),
    "quotes": lambda n: _rep('"', n),
    "capital words": lambda n: _rep("SMITH ", n),
    "Surname, X. run": lambda n: _rep("Smith, J., ", n),
    "random words, one line": _random_words,
    "lines of one letter": lambda n: _lines("a", n),
    "lines of dashes": lambda n: _lines("-", n),
    "lines of 'A. B., '": lambda n: _lines("A. B., ", n),
    "lines of years": lambda n: _lines("2001. ", n),
    "distinct lines of initials": _distinct_initials,
    "blank lines": lambda n: "\n" * n,
    "one reference repeated": lambda n: "References\n\n" + _rep(REF + "\n", n),
    "numbered list": _numbered,
    "near-duplicate titles": _near_titles,
    "near-duplicate short titles": lambda n: _near_titles(n, 6),
    "untitled word lines": _untitled,
    "headings only": lambda n: _rep("References\n", n),
    "markdown emphasis": lambda n: _rep("*_", n),
    "markdown links": lambda n: _rep("[a](https://x.org/", n),
    "backticks": lambda n: _rep("`", n),
    "html nesting": lambda n: "<html><body>" + _rep("<div>", n),
    "html list": lambda n: "<html><body><ol>" + _rep("<li>Smith, J. (2001). T.</li>", n),
}


def _nested(n: int, open_: str, close: str = "") -> str:
    return _rep(open_, n // 2) + _rep(close, n // 2) if close else _rep(open_, n)


# Documents that ``check`` reads: (file suffix, generator). Each names the mechanism
# it attacks: an opener whose closer never comes, a quote that never ends, nesting,
# one huge line, a long run of one character inside a URL.
LINK_CLASSES: dict[str, tuple[str, Callable[[int], str]]] = {
    "html '<a \"' run": (".html", lambda n: _rep('<a "', n)),
    "html '<a href=\"' run": (".html", lambda n: _rep('<a href="', n)),
    "html '<a href=' run": (".html", lambda n: _rep("<a href=", n)),
    "html 'href=' run in a tag": (".html", lambda n: "<a " + _rep("href=", n)),
    "html deep nesting": (".html", lambda n: _nested(n, "<div>", "</div>")),
    "html unclosed nesting": (".html", lambda n: _rep("<div><span>", n)),
    "html 20,000-char attribute": (
        ".html",
        lambda n: _rep('<a href="https://x.org/' + "a" * 20_000 + '">x</a>\n', n),
    ),
    "html one huge line of links": (
        ".html",
        lambda n: _rep('<a href="https://x.org/p">x</a> https://y.org/q ', n),
    ),
    "html unclosed comments": (".html", lambda n: _rep("<!--", n)),
    "html unclosed comment then text": (
        ".html",
        lambda n: "<!--" + _rep("https://x.org/ ", n),
    ),
    "html '<script' run": (".html", lambda n: _rep("<script", n)),
    "html '<script>' unclosed run": (".html", lambda n: _rep("<script>", n)),
    "html '</script' run": (".html", lambda n: "<script>" + _rep("</script", n)),
    "html '<code' run": (".html", lambda n: _rep("<code ", n)),
    "html entities run": (".html", lambda n: '<a href="' + _rep("&#", n)),
    "html '<a href=\"https://' run": (".html", lambda n: _rep('<a href="https://', n)),
    "html '<' run": (".html", lambda n: "<" * n),
    "html 'srcset' commas": (".html", lambda n: '<img srcset="' + _rep("https://x.org/a 1x,", n)),
    "html meta refresh run": (
        ".html",
        lambda n: _rep('<meta content="url=url=', n),
    ),
    "markdown '[' run": (".md", lambda n: "[" * n),
    "markdown '](' run": (".md", lambda n: _rep("](", n)),
    "markdown '](((' nesting": (".md", lambda n: "](" + "(" * n),
    "markdown '[a](' run": (".md", lambda n: _rep("[a](", n)),
    "markdown '[a](https://x.org/(' run": (".md", lambda n: _rep("[a](https://x.org/(", n)),
    "markdown backticks": (".md", lambda n: "`" * n),
    "markdown '` ' run": (".md", lambda n: _rep("` ", n)),
    "markdown '``x' run": (".md", lambda n: _rep("``x", n)),
    "markdown backtick runs 1..k": (
        ".md",
        lambda n: "".join("`" * k + "x" for k in range(1, int((2 * n) ** 0.5)))[:n],
    ),
    "markdown backtick runs k..1": (
        ".md",
        lambda n: "".join("`" * k + "x" for k in range(int((2 * n) ** 0.5), 0, -1))[:n],
    ),
    "markdown '<http://' run": (".md", lambda n: _rep("<http://", n)),
    "markdown '[a]: ' run": (".md", lambda n: _rep("[a]: ", n)),
    "markdown unclosed fence": (".md", lambda n: "```\n" + _lines("https://x.org/ ", n)),
    "markdown fences": (".md", lambda n: _rep("```\n", n)),
    "markdown lines of links": (".md", lambda n: _lines("[a](https://x.org/b) ", n)),
    "latex '\\url{' run": (".tex", lambda n: _rep("\\url{", n)),
    "latex '\\url{{' run": (".tex", lambda n: _rep("\\url{{", n)),
    "latex '{' nesting": (".tex", lambda n: "\\url{" + "{" * n),
    "latex '\\href{' run": (".tex", lambda n: _rep("\\href{", n)),
    "latex unclosed verbatim": (".tex", lambda n: _rep("\\begin{verbatim}", n)),
    "latex verbatim blocks": (
        ".tex",
        lambda n: _rep("\\begin{verbatim}x\\end{verbatim}\n", n),
    ),
    "latex '%' run": (".tex", lambda n: "%" * n),
    "latex '\\%' run": (".tex", lambda n: _rep("\\%", n)),
    "latex URL of escapes": (".tex", lambda n: "https://x.org/" + _rep("\\_", n)),
    "text 'http://' run": (".txt", lambda n: _rep("http://", n)),
    "text 'https://x' run": (".txt", lambda n: _rep("https://x", n)),
    "text URL of ')' ": (".txt", lambda n: "https://x.org/" + ")" * n),
    "text URL of '(' then ')'": (".txt", lambda n: "https://x.org/" + _nested(n, "(", ")")),
    "text URL of dots": (".txt", lambda n: "https://x.org/" + "." * n),
    "text one letter": (".txt", lambda n: "a" * n),
    "text blank lines": (".txt", lambda n: "\n" * n + "x"),
    "no suffix '<a \"' run": ("", lambda n: "<html>" + _rep('<a "', n)),
}


def _time_links(text: str, name: str) -> tuple[float, int]:
    t0 = time.process_time()
    source = read_source(text, name)
    return time.process_time() - t0, len(source.targets)


def _time(text: str, name: str, one_per_line: bool, budget: float) -> float:
    t0 = time.process_time()
    parse_text(text, name, one_per_line=one_per_line)
    return time.process_time() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=100_000, help="characters per input")
    ap.add_argument("--only", help="run only classes whose name contains this")
    ap.add_argument(
        "--links-only", action="store_true", help="only the hostile-document table (check, parse)"
    )
    ap.add_argument("--parse-only", action="store_true", help="only the parse table")
    args = ap.parse_args(argv)
    worst = 0.0
    if not args.links_only:
        worst = _parse_table(args)
    if not args.parse_only:
        worst = max(worst, _links_table(args))
    print(f"worst: {worst:.2f} s CPU per 100,000 characters (target < 1)")
    return 0


def _links_table(args: argparse.Namespace) -> float:
    """check's reading of each hostile document, and parse of the same document
    (HTML and Markdown go through their renderers; LaTeX is read as text)."""
    worst = 0.0
    print(
        f"{'document class':40} {'chars':>8} {'links':>6} {'check/100k':>10} "
        f"{'parse/100k':>10} {'1-line/100k':>11}"
    )
    for name, (suffix, make) in LINK_CLASSES.items():
        if args.only and args.only not in name:
            continue
        text = make(args.size)
        took, links = _time_links(text, "hostile" + suffix)
        doc = _time(text, "hostile" + (suffix or ".txt"), False, 60)
        line = _time(text, "hostile" + (suffix or ".txt"), True, 60)
        k = 100_000 / max(1, len(text))
        worst = max(worst, took * k, doc * k, line * k)
        print(
            f"{name:40} {len(text):8} {links:6} {took * k:10.2f} {doc * k:10.2f} {line * k:11.2f}"
        )
        sys.stdout.flush()
    print(f"documents worst: {worst:.2f} s CPU per 100,000 characters")
    return worst


def _parse_table(args: argparse.Namespace) -> float:
    worst = 0.0
    print(f"{'class':32} {'chars':>8} {'parse s':>8} {'/100k':>7} {'1-line s':>8} {'/100k':>7}")
    for name, make in CLASSES.items():
        if args.only and args.only not in name:
            continue
        text = make(args.size)
        fname = "hostile.html" if name.startswith("html") else "hostile.txt"
        if name.startswith("markdown") or name == "backticks":
            fname = "hostile.md"
        doc = _time(text, fname, False, 60)
        line = _time(text, fname, True, 60)
        k = 100_000 / max(1, len(text))
        worst = max(worst, doc * k, line * k)
        print(f"{name:32} {len(text):8} {doc:8.2f} {doc * k:7.2f} {line:8.2f} {line * k:7.2f}")
        sys.stdout.flush()
    print(f"parse worst: {worst:.2f} s CPU per 100,000 characters")
    return worst


if __name__ == "__main__":
    raise SystemExit(main())
