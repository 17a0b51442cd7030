"""convert streams files whose entries name others (crossref, xdata; issue 16): the
parents are found in the text and read when asked for, and the output is the whole
read's, also where the index guesses wrong (it then reads the file whole)."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from click.testing import CliRunner

from bibman import bibtex
from bibman.bibtex_refs import EntryIndex
from bibman.cli import cli
from bibman.cli import convert as convert_cli

CHILDREN_FIRST = r"""@string{pub = {Late Press}}
@inproceedings{c1, author = {Anna Smith}, title = {First}, crossref = {Proc99}, pages = {1--9}}
@InProceedings{c2, author = {Bo Jones}, title = {Second}, crossref = "proc99"}
@inbook{ib, author = {Carl Kim}, title = {Chapter}, crossref = {bk}, chapter = 3}
@article{x1, author = {Dee Lee}, title = {Shared data}, xdata = {jd, yd}}
@misc{orphan, title = {No parent}, crossref = {nowhere}}
@proceedings{proc99, title = {Proceedings of Ninety-Nine}, year = 1999,
  editor = {Eve Ng}, publisher = pub, crossref = {series}}
@book{bk, author = {Fay Wu}, title = {The Book}, publisher = {P}, year = 2001}
@xdata{jd, journal = {Journal of Data}, volume = 4}
@xdata{yd, year = 2010}
@collection{series, title = {A Series}, address = {Paris}}
@proceedings{proc99, title = {Proceedings of Ninety-Nine, again}, year = 1999}
"""

# a parent the line-start index cannot see (second entry on a line): read whole instead
HIDDEN = r"""@incollection{ch, author = {Gus Ox}, title = {In it}, crossref = {coll}}
@misc{m, title = {x}} @collection{coll, title = {The Collection}, year = 2003}
"""


def _outputs(tmp_path: Path, text: str, dst: str, streamed: bool) -> tuple[int, str, bytes]:
    src = tmp_path / "in.bib"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / f"out-{streamed}.{dst}"
    patch = (
        mock.patch.object(convert_cli, "_stream", convert_cli._stream)
        if streamed
        else mock.patch.object(convert_cli, "_stream", lambda *a, **k: None)
    )
    with patch:
        r = CliRunner().invoke(cli, ["convert", "--to", dst, str(src), "-o", str(out)])
    return r.exit_code, r.output, out.read_bytes() if out.exists() else b""


@pytest.mark.parametrize("dst", ["csljson", "ris", "yaml"])
@pytest.mark.parametrize("text", [CHILDREN_FIRST, HIDDEN], ids=["children-first", "hidden"])
def test_streamed_same_as_whole(tmp_path: Path, text: str, dst: str) -> None:
    assert _outputs(tmp_path, text, dst, True) == _outputs(tmp_path, text, dst, False)


def test_parents_inherited_when_streamed(tmp_path: Path) -> None:
    code, _, out = _outputs(tmp_path, CHILDREN_FIRST, "csljson", True)
    assert code == 0
    text = out.decode()
    assert '"container-title": "Proceedings of Ninety-Nine, again"' in text  # the last one
    assert '"container-title": "Journal of Data"' in text  # from xdata


def test_index_reads_parents_when_asked() -> None:
    stream = bibtex.Stream(CHILDREN_FIRST, "t")
    index = EntryIndex(stream.text)
    assert index.get("nowhere") is None
    got = index.get("proc99")
    assert got is not None and got.get("title") == "Proceedings of Ninety-Nine, again"
    assert index["jd"].get("journal") == "Journal of Data"
    with pytest.raises(KeyError):
        index["nowhere"]
    list(index.watch(stream))
    assert index.confirmed()


def test_index_not_confirmed_when_it_missed_an_entry() -> None:
    stream = bibtex.Stream(HIDDEN, "t")
    index = EntryIndex(stream.text)
    assert index.get("coll") is None  # not at a line start: the regex cannot see it
    list(index.watch(stream))
    assert not index.confirmed()  # the reader found it: the caller reads the file whole


def test_index_keeps_few_entries(monkeypatch: pytest.MonkeyPatch) -> None:
    import bibman.bibtex_refs as refs

    monkeypatch.setattr(refs, "_KEPT", 2)
    text = "".join(f"@book{{b{i}, title = {{T{i}}}}}\n" for i in range(10))
    index = EntryIndex(text)
    for i in range(10):
        assert index[f"b{i}"].get("title") == f"T{i}"
        assert len(index._kept) <= 2
    assert len(index) == 10 and set(index) == {f"b{i}" for i in range(10)}


@pytest.mark.parametrize("crlf", [False, True])
def test_stream_offset_is_where_each_item_starts(
    monkeypatch: pytest.MonkeyPatch, crlf: bool
) -> None:
    # (EntryIndex.watch relies on it: the items' raw texts cover the text, in order)
    import bibman.bibtex_read as reader

    monkeypatch.setattr(reader, "CHUNK_CHARS", 32)  # many chunks
    fixtures = Path(__file__).parent / "fixtures" / "bibtex"
    texts = [
        CHILDREN_FIRST,
        HIDDEN,
        *(p.read_text(encoding="utf-8") for p in fixtures.glob("*.bib")),
    ]
    for text in texts:
        stream = bibtex.Stream(text.replace("\n", "\r\n") if crlf else text, "t")
        whole = stream.text
        seen = 0
        for item in stream:
            raw = item.raw or ""
            assert whole[stream.offset : stream.offset + len(raw)] == raw
            seen += len(raw)
        assert seen == len(whole)
