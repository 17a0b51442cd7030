"""LaTeX -> rich text, and the text/HTML/Markdown/LaTeX backends."""

from __future__ import annotations

import html
import itertools
import os
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bibman.errors import ConfigError
from bibman.styles import BACKENDS, BST_STYLES, format_bibliography, render, render_entry
from bibman.styles.latex2rich import latex_to_rich, latex_to_text
from bibman.styles.rich import FormattedEntry, Run, normalize_runs

FIXTURES = Path(__file__).with_name("fixtures") / "styles"
GOLDEN = FIXTURES / "golden"
SAMPLE = FIXTURES / "sample.bib"
RECORD = os.environ.get("BIBMAN_RECORD") == "1"  # BIBMAN_RECORD=1 pytest ... re-records


def styled(rich: tuple[Run, ...], style: str) -> list[str]:
    return [r.text for r in rich if style in r.styles]


# ------------------------------------------------------------------ LaTeX -> rich


@pytest.mark.parametrize(
    ("latex", "italic"),
    [
        (r"A. {\em The Title}. B", ["The Title"]),
        (r"\emph{Nature}, 3", ["Nature"]),
        (r"\textit{x} and {\it y}", ["x", "y"]),
        (r"{\em outer \emph{inner} outer}", ["outer ", " outer"]),  # \emph in italics: upright
        (r"{\em a}{\em b}", ["ab"]),
        (r"no italics {here}", []),
    ],
)
def test_font_switches_become_italic_runs(latex: str, italic: list[str]) -> None:
    assert styled(latex_to_rich(latex), "italic") == italic


def test_bold_smallcaps_and_scope_of_switches() -> None:
    rich = latex_to_rich(r"{\bf B} {\sc Sc} \textbf{T} plain")
    assert styled(rich, "bold") == ["B", "T"]
    assert styled(rich, "smallcaps") == ["Sc"]
    assert rich[-1].text.endswith("plain") and not rich[-1].styles


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"M{\"u}ller and Garc{\'\i}a", "Müller and García"),
        (r"pages 97--111, 1984---2000", "pages 97–111, 1984—2000"),
        (r"D.~E. Knuth", "D.\u00a0E. Knuth"),
        (r"{\LaTeX}: A Document", "LaTeX: A Document"),
        (r"\newblock First.\newblock Second.", "First. Second."),
        (r"{\O}resund {\ss} {\aa}", "Øresund ß å"),
        (r"\S 3 \& 4 \% \$", "§3 & 4 % $"),  # a control word eats the space after it
        ("a  \n  b", "a b"),
    ],
)
def test_latex_becomes_unicode(latex: str, text: str) -> None:
    assert latex_to_text(latex) == text


def test_url_becomes_a_link() -> None:
    rich = latex_to_rich(r"See \url{http://example.org/a_b%20c}.")
    links = [r for r in rich if r.url]
    assert [(r.text, r.url) for r in links] == [("http://example.org/a_b%20c",) * 2]


@given(st.text(max_size=200))
def test_any_text_converts_without_raising(text: str) -> None:
    rich = latex_to_rich(text)
    assert all(r.text for r in rich)
    joined = "".join(r.text for r in rich)
    assert joined == joined.strip(" ") and "  " not in joined


@given(
    st.lists(
        st.builds(
            Run,
            st.text(alphabet=st.sampled_from("ab \t\u00a0."), max_size=6),
            st.frozensets(st.sampled_from(["italic", "bold"])),
        ),
        max_size=8,
    )
)
def test_normalize_runs_folds_space_and_merges(runs: list[Run]) -> None:
    out = normalize_runs(runs)
    text = "".join(r.text for r in out)
    expected = re.sub(r"[ \t]+", " ", "".join(r.text for r in runs)).strip(" ")
    assert text == expected
    assert all(a.styles != b.styles for a, b in itertools.pairwise(out))


# ------------------------------------------------------------------ backends

ENTRY = FormattedEntry(
    "k1",
    "Knu84",
    (
        Run("A <b> & C. "),
        Run("Title_with *stars* [x]", frozenset({"italic"})),
        Run(", 1\u00a0000 $5 #1 50% ~ "),
        Run("http://x.org/?a=1&b=2", url="http://x.org/?a=1&b=2"),
    ),
)


def test_text_backend_is_the_plain_text() -> None:
    assert render_entry(ENTRY, "text") == "[Knu84] " + ENTRY.plain


def test_html_backend_escapes_and_marks_up() -> None:
    out = render_entry(ENTRY, "html")
    assert "A &lt;b&gt; &amp; C." in out
    assert "<i>Title_with *stars* [x]</i>" in out
    assert '<a href="http://x.org/?a=1&amp;b=2">http://x.org/?a=1&amp;b=2</a>' in out
    assert html.unescape(re.sub(r"<[^>]+>", "", out)).replace("\u00a0", " ") == (
        "[Knu84] " + ENTRY.plain.replace("\u00a0", " ")
    )


def test_markdown_backend_escapes_and_emphasises() -> None:
    out = render_entry(ENTRY, "markdown")
    assert r"*Title\_with \*stars\* \[x\]*" in out
    assert out.startswith(r"\[Knu84\] A \<b\> & C. ")
    assert "(<http://x.org/?a=1&b=2>)" in out or "<http://x.org/?a=1&b=2>" in out


def test_markdown_entry_starting_with_a_number_is_not_a_list() -> None:
    entry = FormattedEntry("k", "", (Run("1984. Orwell."),))
    assert render_entry(entry, "markdown") == r"1984\. Orwell."


def test_latex_backend_escapes_specials() -> None:
    entry = FormattedEntry("k", "", ENTRY.body)  # no .bbl source: rendered from runs
    out = render_entry(entry, "latex")
    assert r"A <b> \& C." in out
    assert r"\emph{Title\_with *stars* [x]}" in out
    assert r"1~000 \$5 \#1 50\% \~{}" in out
    assert r"\url{http://x.org/?a=1&b=2}" in out


def test_unknown_backend_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        render_entry(ENTRY, "rtf")


@pytest.mark.parametrize("style", BST_STYLES)
def test_keyed_output_has_one_line_per_entry(style: str) -> None:
    result = format_bibliography(SAMPLE.read_text(encoding="utf-8"), style)
    for to in BACKENDS:
        lines = render(result, to, keyed=True).splitlines()
        assert [line.split("\t")[0] for line in lines] == [e.key for e in result.entries]
        assert all("\n" not in line and line.count("\t") == 1 for line in lines)


def test_latex_output_is_a_thebibliography_from_the_bbl() -> None:
    result = format_bibliography(SAMPLE.read_text(encoding="utf-8"), "alpha")
    out = render(result, "latex")
    assert out.startswith(result.preamble)
    assert "\\begin{thebibliography}{" + result.widest_label + "}" in out
    assert out.count("\\bibitem[") == len(result.entries)
    assert "{\\em The Computer Journal}" in out


# ------------------------------------------------------------------ golden files


@pytest.mark.parametrize("style", BST_STYLES)
@pytest.mark.parametrize("to", BACKENDS)
def test_golden_output(style: str, to: str) -> None:
    result = format_bibliography(SAMPLE.read_text(encoding="utf-8"), style)
    out = render(result, to)
    golden = GOLDEN / f"sample.{style}.{to}"
    if RECORD:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


# Pieces of .bbl LaTeX: text, ligatures, braces, switches, commands, accents, escapes.
_LATEX_PIECES = st.sampled_from(
    [
        "a",
        "Word",
        " ",
        "  ",
        "\n  ",
        ".",
        ",",
        "-",
        "--",
        "---",
        "~",
        "``",
        "''",
        "`",
        "'",
        "{",
        "}",
        "{\\em ",
        "{\\bf ",
        "\\emph{",
        "\\textbf{",
        "\\it ",
        "\\sc ",
        "\\rm ",
        '\\"u',
        '{\\"u}',
        '\\"{o}',
        "\\'{\\i}",
        "\\'\\i",
        "\\c{c}",
        "{\\v S}",
        "\\v{s}",
        "{\\ss}",
        "{\\o}",
        "{\\AE}",
        "\\&",
        "\\#",
        "\\_",
        "\\{",
        "\\}",
        "\\LaTeX",
        "{\\TeX}",
        "\\newblock ",
        "\\url{http://x.org/a_b}",
        "\\url{https://x.org/a--b~c}",
        "$o(n \\log n)$",
        "$x_{1}$",
        "$",
        "\\v s",
        "{\\H o}",
        "\\H\n  o",
        "{\\'\\i}",
        '\\"\\i ',
        "---",
        "\\S",
        "Ünï",
        "D’Souza",
        "\\relax ",
    ]
)


@given(st.lists(_LATEX_PIECES, max_size=25).map("".join))
def test_fast_path_agrees_with_pylatexenc(latex: str) -> None:
    from bibman.styles.latex2rich import _fast, _slow

    fast = _fast(latex)
    if fast is not None:
        assert fast == _slow(latex)
