"""`check` reads hostile documents in bounded time (issue 9 item 6) and the linear
scanners keep the extraction's meaning (code spans, verbatim, trailing brackets).

The budgets are hang guards, not speed assertions: ``bench/hostile.py`` measures.
"""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bibman.links.documents import latex_links, markdown_links, text_links, trim_url
from bibman.links.sources import read_source

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("hostile_bench", ROOT / "bench" / "hostile.py")
assert _spec is not None and _spec.loader is not None
hostile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hostile)

BUDGET = 5.0  # CPU seconds for 20,000 characters: far above the measured < 0.02 s


@pytest.mark.parametrize("cls", sorted(hostile.LINK_CLASSES))
def test_every_hostile_document_class_finishes(cls: str) -> None:
    suffix, make = hostile.LINK_CLASSES[cls]
    text = make(20_000)
    t0 = time.process_time()
    read_source(text, "hostile" + suffix)
    assert time.process_time() - t0 < BUDGET


_CHARS = "a.:/()[]{}<>`\"'=%\\ \n-_#!h"


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    unit=st.text(alphabet=_CHARS, min_size=1, max_size=10),
    prefix=st.sampled_from(["", "https://x.org/", '<a href="', "](", "\\url{", "<!--", "`"]),
    suffix=st.sampled_from([".md", ".html", ".tex", ".txt"]),
)
def test_property_repetitive_documents_finish(unit: str, prefix: str, suffix: str) -> None:
    text = prefix + unit * (20_000 // len(unit)) + "x"
    t0 = time.process_time()
    read_source(text, "doc" + suffix)
    assert time.process_time() - t0 < BUDGET


def test_trim_url_many_closing_brackets() -> None:
    # a URL followed by many unbalanced ')' keeps only its balanced ones
    assert trim_url("https://x.org/a_(b)" + ")" * 5000 + ".") == "https://x.org/a_(b)"
    assert trim_url("https://x.org/" + "(" * 3 + ")" * 5) == "https://x.org/((()))"
    assert trim_url("https://x.org/a]]") == "https://x.org/a"
    assert trim_url("https://x.org/[a]].,") == "https://x.org/[a]"
    assert trim_url("https://x.org/a?b=c';") == "https://x.org/a?b=c"


def test_code_spans_close_on_a_run_of_the_same_length() -> None:
    # CommonMark: `` opens a span that only `` closes; a lone ` inside is code
    text = "``code ` https://x.org/in-code `` https://x.org/out\n"
    assert [u for u, _, _ in markdown_links(text)] == ["https://x.org/out"]
    # an opener with no closer of its length is literal: the URL after it counts
    text = "a ```` unclosed https://x.org/after ``\n"
    assert [u for u, _, _ in markdown_links(text)] == ["https://x.org/after"]
    # several spans on a line, links between them kept with their line
    text = "a\n`x` https://x.org/1 ``y`` https://x.org/2 `https://x.org/code`\n"
    assert [(u, n) for u, n, _ in markdown_links(text)] == [
        ("https://x.org/1", 2),
        ("https://x.org/2", 2),
    ]


def test_verbatim_blanked_and_unclosed_verbatim_kept() -> None:
    text = (
        "\\begin{verbatim}\nhttps://x.org/hidden\n\\end{verbatim}\n"
        "\\url{https://x.org/seen}\n"
        "\\begin{lstlisting}\n\\url{https://x.org/listing}\n\\end{lstlisting}\n"
        "\\begin{verbatim} never closed\nhttps://x.org/after-unclosed\n"
        "\\begin{verbatim} again\nhttps://x.org/later\n"
    )
    assert [(u, n) for u, n, _ in latex_links(text)] == [
        ("https://x.org/seen", 4),
        ("https://x.org/after-unclosed", 9),
        ("https://x.org/later", 11),
    ]


def test_text_links_keep_lines_after_hostile_line() -> None:
    text = "(" * 10_000 + "\nsee https://x.org/a_(b)).\n" + ")" * 10_000 + "\nhttps://y.org/\n"
    assert text_links(text) == [("https://x.org/a_(b)", 2, "text"), ("https://y.org/", 4, "text")]


@pytest.mark.parametrize(
    "cls", sorted(c for c, (suffix, _) in hostile.LINK_CLASSES.items() if suffix != ".tex")
)
def test_parse_of_every_hostile_document_class_finishes(cls: str) -> None:
    from bibman.freetext.pipeline import parse_text

    suffix, make = hostile.LINK_CLASSES[cls]
    text = make(20_000)
    t0 = time.process_time()
    parse_text(text, "hostile" + (suffix or ".txt"))
    parse_text(text, "hostile" + (suffix or ".txt"), one_per_line=True)
    assert time.process_time() - t0 < BUDGET


_HTML_CHARS = "<>/!-\"'= ap\n&#;"


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(unit=st.text(alphabet=_HTML_CHARS, min_size=1, max_size=8))
def test_property_repetitive_html_renders_in_bounded_time(unit: str) -> None:
    from bibman.freetext.document import html_to_text

    text = "<p>" + unit * (20_000 // len(unit))
    t0 = time.process_time()
    html_to_text(text)
    assert time.process_time() - t0 < BUDGET


def test_markup_bounding_keeps_what_a_browser_shows() -> None:
    from bibman.freetext.document import html_to_text

    def shown(html: str) -> str:
        return html_to_text(html)[0]

    assert shown("<p>a < b and 1<2<3</p>") == "a < b and 1<2<3\n"  # stray '<' is text
    assert shown('<p title="x > y" data-x="a<b">T</p>') == "T\n"  # quoted '>' and '<'
    assert shown("<p>x<!-- hidden -->y</p>") == "xy\n"
    assert shown('<p>Doe (2001). <a href="https://x.org/a?b=1&c=2">T</a></p>') == (
        "Doe (2001). T https://x.org/a?b=1&c=2\n"
    )
    # a tag over several lines: the text keeps the line it starts on
    assert html_to_text("<p>x</p>\n<p\nclass='a'>multi\nline</p>") == (
        "x\n\nmulti line\n",
        [1, 3, 3],
    )
    # '<a "' repeated: shown as text, in linear time (it took minutes in html.parser)
    assert shown("<p>" + '<a "' * 3 + "</p>") == '<a "<a "<a "\n'
