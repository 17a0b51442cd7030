"""Markdown and HTML documents (bibman.freetext.document) through the splitter."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bibman.freetext.document import detect_kind, html_to_text, markdown_to_text, to_plain
from bibman.freetext.split import split_references

FIXTURES = Path(__file__).parent / "fixtures" / "parse"


def _split(name: str) -> list:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    doc = to_plain(text, name)
    return split_references(doc.text, name, doc.line_map)


def test_detect_kind_by_name_and_content() -> None:
    assert detect_kind("x", "page.html") == "html"
    assert detect_kind("x", "notes.md") == "markdown"
    assert detect_kind("<!DOCTYPE html><html><body><p>x</p></body></html>") == "html"
    assert detect_kind("See [the page](https://example.org/a).") == "markdown"
    assert detect_kind("1. Smith, J. (2001). A book. Oxford: OUP.") == "text"


def test_saved_wikipedia_page_takes_the_reference_list_items_with_their_links() -> None:
    refs = _split("wikipedia-page.html")
    assert len(refs) == 3
    assert refs[0].text == (
        "Running A Huge Risk Center for Defense Information http://www.cdi.org/terrorism/risk.cfm"
    )
    # back-marks "^ a b" gone, the link target kept, the access date kept
    assert refs[1].text.startswith("OARDEC (May 15, 2006).")
    assert "Retrieved 2007-09-29" in refs[1].text
    assert refs[1].text.endswith("http://www.dod.mil/news/May2006/d20060515%20List.pdf")
    assert "Großmächte" in refs[2].text
    html_lines = (FIXTURES / "wikipedia-page.html").read_text(encoding="utf-8").splitlines()
    for r in refs:
        assert 'id="cite_note-' in html_lines[r.span.line - 1]  # source lines, not rendered ones


def test_html_without_reference_list_markup_uses_headings() -> None:
    html = (FIXTURES / "wikipedia-page.html").read_text(encoding="utf-8")
    html = html.replace('class="references"', 'class="list"')
    doc = to_plain(html, "page.html")
    refs = split_references(doc.text, "page.html", doc.line_map)
    assert [r.text.split()[0] for r in refs] == ["Running", "OARDEC", "Boris"]
    assert not any("numbered list in the body" in r.text for r in refs)
    assert not any("Wikimedia Commons" in r.text for r in refs)


def test_markdown_links_become_text_and_url() -> None:
    refs = _split("notes.md")
    assert len(refs) == 3
    assert refs[0].text == (
        "Running A Huge Risk Center for Defense Information "
        "http://www.cdi.org/program/document.cfm?documentid=2345"
    )
    assert refs[1].text.startswith('Hanks, Reuel R. (2009) "Multi-vector politics and')
    assert [r.span.line for r in refs] == [11, 12, 13]


def test_markdown_rendering_keeps_lines() -> None:
    md = "# T\n\n* **bold** and _em_ and `code`\n> quoted [x](https://e.org/x)\n"
    out = markdown_to_text(md)
    assert out.splitlines() == ["# T", "", "* bold and em and code", "quoted x https://e.org/x"]


def test_html_entities_scripts_and_in_text_citation_marks() -> None:
    text, line_map = html_to_text(
        "<p>Body&nbsp;text<sup class='reference'>[1]</sup></p>\n"
        "<script>var a = '<p>no</p>';</script>\n<p>Caf&eacute; &amp; more</p>"
    )
    assert text.split("\n\n") == ["Body text", "Café & more\n"]
    assert line_map[0] == 1 and line_map[-1] == 3


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/olipa href=\"'#x\n &;^1.[]()")), max_size=300))
def test_broken_html_never_raises(html: str) -> None:
    text, line_map = html_to_text(html)
    assert len(line_map) == (text.count("\n") if text else 0)
    split_references(text, "x.html", line_map)


def test_markdown_footnote_definitions_are_a_numbered_list() -> None:
    md = (
        "Text with a note.[^1] And another.[^2]\n\nParagraph two.\n\n"
        "[^1]: Smith, J. (2001). *A book*. Oxford: OUP.\n"
        "[^2]: Jones, K. (1999). [A paper](https://doi.org/10.1/x). Nature 5: 1-2.\n"
    )
    doc = to_plain(md)
    assert doc.kind == "markdown" and "[^" not in doc.text
    refs = split_references(doc.text)
    assert [(r.label, r.text) for r in refs] == [
        ("1", "Smith, J. (2001). A book. Oxford: OUP."),
        ("2", "Jones, K. (1999). A paper. Nature 5: 1-2. https://doi.org/10.1/x"),
    ]
    assert [r.span.line for r in refs] == [5, 6]


def test_wikipedia_notes_and_sources_bibliography() -> None:
    html = (
        "<html><body><p>Text.<sup class='reference'><a href='#cite_note-1'>[1]</a></sup></p>\n"
        "<h2>Notes</h2>\n<div class='reflist'><ol class='references'>\n"
        "<li id='cite_note-1'><span class='mw-cite-backlink'><a href='#cite_ref-1'>^</a></span>"
        " <span class='reference-text'>Olcott 2002, p. 12.</span></li>\n"
        "</ol></div>\n<h2>Sources</h2>\n<div class='refbegin'>\n<ul>\n"
        "<li><cite>Olcott, Martha Brill (2002). <i>Kazakhstan: Unfulfilled Promise</i>."
        " Washington: Carnegie Endowment.</cite></li>\n"
        "<li><cite>Cohen, Ariel (2008). <a href='https://example.org/k.pdf'>Kazakhstan</a>."
        "</cite></li>\n</ul>\n</div>\n<h2>External links</h2><ul><li>Official site</li></ul>\n"
        "</body></html>\n"
    )
    doc = to_plain(html, "page.html")
    refs = split_references(doc.text, "page.html", doc.line_map)
    assert [r.text for r in refs] == [
        "Olcott 2002, p. 12.",
        "Olcott, Martha Brill (2002). Kazakhstan: Unfulfilled Promise. Washington: Carnegie Endowment.",
        "Cohen, Ariel (2008). Kazakhstan. https://example.org/k.pdf",
    ]
    assert [r.span.line for r in refs] == [4, 9, 10]


def test_html_table_of_references() -> None:
    html = (
        "<html><body><h2>References</h2><table>"
        "<tr><td>[1]</td><td>Smith, J. A book. 2001.</td></tr>"
        "<tr><td>[2]</td><td>Jones, K. A paper. 1999.</td></tr></table></body></html>"
    )
    doc = to_plain(html)
    assert [r.text for r in split_references(doc.text)] == [
        "Smith, J. A book. 2001.",
        "Jones, K. A paper. 1999.",
    ]


def test_markdown_link_definitions_are_not_references() -> None:
    md = "# References\n\n1. Smith. A book. 2001.\n2. Jones. A paper. 1999.\n\n[1]: https://example.org/a\n"
    doc = to_plain(md, "r.md")
    assert [r.text for r in split_references(doc.text)] == [
        "Smith. A book. 2001.",
        "Jones. A paper. 1999.",
    ]


def test_journal_page_link_buttons_in_html() -> None:
    html = (
        "<html><body><h2>References</h2><ol>\n"
        '<li>Smith J. <a href="https://example.org/paper">Title of the paper</a>. Journal'
        ' 2001;5:1-9. <a href="https://doi.org/10.1000/x">CrossRef</a>'
        ' <a href="https://scholar.google.com/scholar?q=x">Google Scholar</a></li>\n'
        '<li>Jones K. A paper. Nature 1999;3:4-5. [<a href="https://scholar.google.com/x">'
        "Google Scholar</a>]</li>\n</ol></body></html>\n"
    )
    doc = to_plain(html)
    assert [r.text for r in split_references(doc.text)] == [
        "Smith J. Title of the paper. Journal 2001;5:1-9. https://example.org/paper"
        " https://doi.org/10.1000/x",
        "Jones K. A paper. Nature 1999;3:4-5.",
    ]
