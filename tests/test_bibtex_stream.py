"""Reading a .bib chunk by chunk (``bibtex.Stream``, and ``loads`` itself) gives what
reading it whole gives: the same items, raw text, lines and diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bibman import bibtex, bibtex_read
from bibman.cli import cli
from bibman.formats import csljson, pandoc_yaml, ris
from bibman.model import Bibliography

# Every kind of block, and the troubles that cross block boundaries: an unclosed brace
# before a block at the start of a line, '@type {' headers bibtexparser skips, a macro
# used before its @string, duplicate keys, parenthesised blocks, stray text.
TRICKY = """% a comment line
@string{j = {Journal}}
@article{a1, title = {Unclosed {brace, journal = j,
@article{a2, title = {T}, year = 2001}
@article
  {a3, title = {spaced header}}
@ misc {a4, title={x}}
  @book{a5, title = "quoted {"} thing", note = later}
@string{later = {defined later}}
@article{a1, title={dup}}
@article{A1, title={dup case}}
@comment{ unclosed comment
@preamble{ "x" # "y" }
@article(p1, title = {paren (block)}, year = 2000)
@article(p2, title = "paren ) in quotes", year = 2000
@misc{z, title={x}}}
title = {stray}
}
@article{f, title={T}, title={T2},}
@string{j = {Journal again}}
@misc{g, journal = j, month = jan}
"""


def _signature(bib: Bibliography) -> tuple[object, object]:
    items = [
        (type(i).__name__, i.raw, i.line, getattr(i, "key", None), getattr(i, "fields", None))
        for i in bib.items
    ]
    return items, [(d.severity, d.code, d.message, d.line, d.key) for d in bib.diagnostics]


@pytest.mark.parametrize("copies", [1, 3])
@pytest.mark.parametrize("chunk", [1, 40, 300])
def test_chunks_read_as_the_whole_text(
    monkeypatch: pytest.MonkeyPatch, chunk: int, copies: int
) -> None:
    text = TRICKY * copies
    whole = bibtex.loads(text, "t.bib")  # one chunk: the file is smaller than CHUNK_CHARS
    monkeypatch.setattr(bibtex_read, "CHUNK_CHARS", chunk)
    chunked = bibtex.loads(text, "t.bib")
    assert _signature(chunked) == _signature(whole)
    assert bibtex.dumps(chunked) == text
    codes = {d.code for d in chunked.diagnostics}
    assert {"bibtex.parse-failed", "bibtex.string-before-def", "bibtex.duplicate-key"} <= codes


def test_an_unclosed_block_ends_at_the_next_chunk_with_the_same_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "@article{a, title = {open\n@misc{b, title={B}}\n"
    monkeypatch.setattr(bibtex_read, "CHUNK_CHARS", 1)
    at = text.index("@misc")
    assert list(bibtex_read._chunks(text, 1)) == [(at, at + 6), (len(text), len(text))]
    (failed,) = [d for d in bibtex.loads(text).diagnostics if d.code == "bibtex.parse-failed"]
    assert "Unexpected block start" in failed.message and failed.line == 1


def test_stream_gives_the_items_and_diagnostics_of_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bibtex_read, "CHUNK_CHARS", 50)
    text = TRICKY.replace("\n", "\r\n")  # CRLF is read as by loads
    bib = bibtex.loads(text, "t.bib")
    stream = bibtex.Stream(text, "t.bib")
    items = list(stream)
    assert _signature(Bibliography(tuple(items), tuple(stream.diagnostics))) == _signature(bib)
    assert stream.newline == "\r\n" and stream.entries == len(bib.entries)


def test_stream_gives_each_entry_the_macros_defined_before_it() -> None:
    bib = bibtex.loads(TRICKY)
    pairs = list(bibtex.Stream(TRICKY).with_strings())
    assert [e.key for e, _ in pairs] == [e.key for e in bib.entries]
    for (entry, strings), read in zip(pairs, bib.entries, strict=True):
        assert dict(strings) == dict(bib.strings_for(read)), entry.key


@pytest.mark.parametrize("module", [csljson, ris, pandoc_yaml])
def test_streamed_conversion_writes_what_the_whole_bibliography_gives(module: object) -> None:
    text = TRICKY.replace("@article{a1, title = {Unclosed {brace, journal = j,\n", "")
    bib = bibtex.loads(text, "t.bib")
    whole = module.dumps(bib)  # type: ignore[attr-defined]
    streamed = module.dumps_stream(bibtex.Stream(text, "t.bib").with_strings(), "t.bib")  # type: ignore[attr-defined]
    streamed = (streamed[0].decode("utf-8"), streamed[1])
    assert streamed == whole


def test_convert_streams_a_file_without_crossrefs_and_reads_crossrefs_whole(
    tmp_path: Path,
) -> None:
    plain = tmp_path / "plain.bib"
    plain.write_text("@book{b, title={Whole}, year=2001}\n@misc{m, title={M}, year=2002}\n")
    crossed = tmp_path / "crossed.bib"
    crossed.write_text("@incollection{c, title={Part}, crossref={b}}\n@book{b, title={Whole}}\n")
    assert not csljson.names_other_entries(plain.read_text())
    assert csljson.names_other_entries(crossed.read_text())
    runner = CliRunner()
    out = runner.invoke(cli, ["convert", "--to", "csljson", str(plain), "-o", "-"])
    assert out.exit_code == 0 and '"title": "Whole"' in out.stdout
    out = runner.invoke(cli, ["convert", "--to", "csljson", str(crossed), "-o", "-"])
    # the child inherits its parent's title as container-title, though the parent comes later
    assert out.exit_code == 0 and '"container-title": "Whole"' in out.stdout


# Entries each dialect changes: renamed fields (patched in place), new types, year +
# month -> date, one-line entries (re-rendered in the layout the file's entries show).
DIALECTS = """@string{j = {Journal}}
% a comment
@phdthesis{t1, author = {A. Author}, title = {Thesis}, school = {MIT}, year = 2001}
@article{a1,
    author  = {B. Author},
    journal = j,
    year    = 2002,
    month   = mar,
}

@techreport{r1,
  title = {Report},
  institution = {Lab},
  year = {2003}
}
@thesis{t2, title = {New}, type = {mathesis}, institution = {ETH}, date = {2004-05}}
@online{o1, url = {https://example.org}, date = {2005}}
@misc{m1,
  title = {Unchanged},
}
"""


@pytest.mark.parametrize("dialect", ["biblatex", "bibtex"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
@pytest.mark.parametrize("text", [DIALECTS, TRICKY.split("@article{a1, title = {Unclosed")[1]])
def test_streamed_dialect_conversion_writes_what_the_whole_bibliography_gives(
    monkeypatch: pytest.MonkeyPatch, dialect: str, newline: str, bom: str, text: str
) -> None:
    from bibman.formats import biblatex, registry

    monkeypatch.setattr(bibtex_read, "CHUNK_CHARS", 60)
    text = bom + text.replace("\n", newline)
    whole, notes = registry.get(dialect).write(bibtex.loads(text, "t.bib"))
    streamed = biblatex.dumps_stream(bibtex.Stream(text, "t.bib"), dialect)
    assert streamed is not None
    assert streamed[0].decode("utf-8") == whole
    assert streamed[1] == notes


def test_convert_to_biblatex_streams_and_writes_the_same_file(tmp_path: Path) -> None:
    src = tmp_path / "in.bib"
    src.write_text(DIALECTS)
    out = CliRunner().invoke(cli, ["convert", "--to", "biblatex", str(src), "-o", "-"])
    assert out.exit_code == 0
    from bibman.formats import registry

    assert out.stdout == registry.get("biblatex").write(bibtex.loads(DIALECTS))[0]
    assert "@thesis{t1,\n    author = {A. Author}," in out.stdout and "= {2002-03}" in out.stdout
