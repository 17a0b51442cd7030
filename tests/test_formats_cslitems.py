"""CSL items for formatting made from a .bib read as a stream (``cslitems.stream_items``)
are the items ``bib_to_csl(loads(text), sentence_case=True)`` makes from it read whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bibman import bibtex, bibtex_read
from bibman.cli import cli
from bibman.formats import cslitems, csljson

# Sentence case learns names from the whole file: 'Kazakhstan' is capitalised inside a
# sentence-case title of a later entry, 'Nazarbayev' is an author of another. Titles
# join subtitles and title addons; booktitles become container titles (with their
# subtitles); a crossref child inherits its parent's (later) title.
TEXT = r"""@string{pub = {Oxford University Press}}
@article{a1,
  author = {Smith, John and de la Fuente, Ana},
  title = {The Politics Of Oil In Kazakhstan And Nazarbayev},
  subtitle = {A Study In Power},
  journal = {Central Asian Survey},
  year = 2001, month = mar
}
@book{b1, author = {Nazarbayev, Nursultan}, title = {The Kazakhstan Way},
  titleaddon = {Second Thoughts}, publisher = pub, year = 2008}
@incollection{c1, author = {Smith, John}, title = {Oil And Water In The Steppe},
  booktitle = {Energy In Eurasia}, booksubtitle = {New Views}, editor = {Doe, Jane},
  publisher = pub, year = 2010}
@misc{d1, title = {A history of oil in Kazakhstan and its neighbours}, year = 2011,
  howpublished = {\url{https://example.org/oil}}}
@inproceedings{p1, author = {Lee, Kim}, title = {Fast Methods For Big Data}, crossref = {proc}}
@article{e1, author = {M{\"u}ller, Hans}, title = {}, journal = {Empty Title Review}, year = 2012}
@article{f1, author = {Smith, John}, title = {German Titles}, langid = {german}, year = 2013}
@proceedings{proc, title = {Proceedings Of The Big Conference}, year = 2014, publisher = pub}
"""


def _whole(text: str) -> list[dict[str, object]]:
    return csljson.bib_to_csl(bibtex.loads(text, "t.bib"), sentence_case=True).items


@pytest.mark.parametrize("chunk", [40, 1 << 19])
def test_streamed_items_are_the_items_of_the_whole_bibliography(
    monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(bibtex_read, "CHUNK_CHARS", chunk)
    got = cslitems.stream_items(TEXT, "t.bib")
    assert got is not None
    items, diags = got
    assert items == _whole(TEXT)
    assert diags == bibtex.loads(TEXT, "t.bib").diagnostics
    by_id = {it["id"]: it for it in items}
    # the names the file shows stay capitalised; the rest is in sentence case
    assert by_id["a1"]["title"] == (
        "The politics of oil in Kazakhstan and Nazarbayev: A study in power"
    )
    assert by_id["p1"]["container-title"] == "Proceedings of the big conference"


def test_equal_people_and_dates_are_one_object() -> None:
    items, _ = cslitems.stream_items(TEXT, "t.bib") or ([], ())
    smiths = [n for it in items for n in it.get("author", []) if n.get("family") == "Smith"]
    assert len(smiths) == 3 and all(n is smiths[0] for n in smiths)
    assert items[1]["publisher"] is items[2]["publisher"]


@pytest.mark.parametrize("title", [r"{\relax}", r"\relax", "{ }"])
def test_a_title_that_only_looks_empty_or_full_is_mapped_as_read_whole(title: str) -> None:
    text = TEXT.replace("title = {},", f"title = {{{title}}},")
    got = cslitems.stream_items(text, "t.bib")
    assert got is None or got[0] == _whole(text)


def test_format_reads_a_bib_as_a_stream_with_the_same_output(tmp_path: Path) -> None:
    bib = tmp_path / "t.bib"
    bib.write_text(TEXT)
    runner = CliRunner()
    out = runner.invoke(cli, ["format", str(bib), "--style", "apa"])
    assert out.exit_code == 0, out.output
    assert "The politics of oil in Kazakhstan and Nazarbayev: A study in power." in out.stdout
    from bibman.csl import api

    whole = api.render_bibliography(_whole(TEXT), "apa").entries
    assert out.stdout == "".join(s + "\n" for _, s in whole)
