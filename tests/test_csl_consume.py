"""What `bibman format` does to hold less: render_bibliography(consume=True) takes the
caller's items over; fields that only fill variables the style never names are not mapped."""

from __future__ import annotations

import copy
from pathlib import Path

from click.testing import CliRunner

from bibman.cli import cli
from bibman.csl import api

ITEMS = [
    {
        "id": "b",
        "type": "book",
        "title": "Beta",
        "author": [{"family": "Zed", "given": "A."}],
        "issued": {"date-parts": [[2001]]},
    },
    {
        "id": "a",
        "type": "article-journal",
        "title": "Alpha",
        "container-title": "J",
        "author": [{"family": "Ash", "given": "B."}],
        "issued": {"date-parts": [[1999]]},
    },
    {
        "id": "c",
        "type": "book",
        "title": "Gamma",
        "author": [{"family": "Ash", "given": "B."}],
        "issued": {"date-parts": [[1999]]},
    },
]


def test_consume_gives_the_same_entries_and_empties_the_list() -> None:
    for style in ("apa", "ieee"):
        kept = copy.deepcopy(ITEMS)
        want = api.render_bibliography(kept, style)
        assert kept == ITEMS  # without consume the items are left as they were
        given = copy.deepcopy(ITEMS)
        got = api.render_bibliography(given, style, consume=True)
        assert got.entries == want.entries
        assert given == []


BIB = """@article{a,
  author = {Ash, Berta},
  title = {Alpha},
  journal = {J},
  year = {1999},
  abstract = {We show that {\\'e}t{\\'e} comes after spring.},
  keywords = {seasons, time},
}
"""


def test_unread_variables_are_the_ones_no_attribute_names() -> None:
    wanted = {"abstract", "keyword", "annote"}
    assert api.unread_variables(api.load_style("apa"), wanted) == frozenset(wanted)
    assert "abstract" not in api.unread_variables(api.load_style("apa-with-abstract"), wanted)


def test_format_leaves_out_fields_only_of_unread_variables(tmp_path: Path) -> None:
    """apa never names the abstract (the field is not mapped); apa-with-abstract prints it:
    both give what they gave when every field was mapped."""
    from bibman.bibtex import loads
    from bibman.formats import cslitems, csljson

    bib = tmp_path / "a.bib"
    bib.write_text(BIB, encoding="utf-8")
    for style in ("apa", "apa-with-abstract"):
        st = api.load_style(style)
        unread = api.unread_variables(st, set(cslitems.OWN_VARIABLE.values()))
        streamed = cslitems.stream_items(BIB, "a.bib", unread)
        assert streamed is not None
        items = streamed[0]
        full = csljson.bib_to_csl(loads(BIB), sentence_case=True).items
        assert ("abstract" in items[0]) == (style == "apa-with-abstract")
        assert "abstract" in full[0]
        got = api.render_bibliography(items, st).entries
        assert got == api.render_bibliography(full, st).entries
        res = CliRunner().invoke(cli, ["format", "-q", "--style", style, str(bib)])
        assert res.exit_code == 0, res.output
        assert res.output.strip() == got[0][1]
        assert ("spring" in res.output) == (style == "apa-with-abstract")
