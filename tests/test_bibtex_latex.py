"""latex.to_unicode / to_latex: LaTeX in BibTeX values <-> plain Unicode."""

from __future__ import annotations

import pytest

from bibman.latex import to_latex, to_unicode


@pytest.mark.parametrize(
    ("src", "plain"),
    [
        (r"{\"o}ber \'{e}t\'e \ss{} {\aa}", "öber été ß å"),
        (r"\v{S}koda {\c c} \L\'od\'z", "Škoda ç Łódź"),
        (r"{\relax Th}omas \'\i", "Thomas í"),
        (r"The {TeX}book -- pp.~12---13", "The TeXbook – pp. 12—13"),
        (r"\textit{Foo} \emph{bar} \textbf{baz}", "Foo bar baz"),
        (r"50\% \& \_ \# \$", "50% & _ # $"),
        ("100% sure", "100% sure"),  # a bare % is text, not a comment
        (r"\url{http://x.org/a_b%20c--d~e}", "http://x.org/a_b%20c--d~e"),
        (r"\href{http://u.org}{the text}", "the text"),
        (r"\noopsort{a}Anonymous", "Anonymous"),
        (r"\TeX\ and \LaTeX{} and \BibTeX", "TeX and LaTeX and BibTeX"),
        (r"{{Nested {Braces}}}", "Nested Braces"),
        ("multi-line\n      value", "multi-line value"),
        (r"Energy $E=mc^2$", "Energy E=mc^2"),
        ("plain text", "plain text"),
        ("", ""),
        (r"{unbalanced", "unbalanced"),
    ],
)
def test_to_unicode(src: str, plain: str) -> None:
    assert to_unicode(src) == plain


def test_to_latex_escapes_specials_and_accents() -> None:
    out = to_latex("Gödel & Łódź: 50% of a_b")
    assert out == r"G{\"o}del {\&} {\L}{\'o}d{\'z}: 50{\%} of a{\_}b"
    assert to_unicode(out) == "Gödel & Łódź: 50% of a_b"
    assert to_latex("中") == "中"  # no LaTeX form: kept
