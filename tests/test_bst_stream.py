"""BibTeX styles read a .bib entry by entry (issue 16): the same result as formatting
the whole ``Bibliography``, and nothing of the run kept alive afterwards."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest

from bibman import bibtex
from bibman.styles import bstcompile, format_bibliography, format_entries
from bibman.styles.bst import bst_path, run_bst

FIXTURES = Path(__file__).parent / "fixtures" / "bibtex"

TRICKY = r"""@string{acm = "ACM"}
@article{a1, author = {Zo{\"e} M{\"u}ller and others}, title = {On {DNA}},
  journal = acm, year = 2001, month = mar}
@inproceedings{in1, author = {Anna Smith}, title = {Child}, crossref = {proc}, pages = {1--2}}
@inproceedings{in2, author = {Bo Jones}, title = {Child two}, crossref = {proc}}
@proceedings{proc, title = {Proceedings of Things}, year = 1999, editor = {Carla Kim},
  publisher = later}
@string{later = {Late Publisher}}
@online{web, author = {Wei Chen}, title = {A page}, url = {https://example.org/x},
  date = {2020-05-01}}
@article{A1, author = {Dup Key}, title = {Same key, other case}, year = 2002}
@misc{dupfield, title = {One}, title = {Two}, note = undefinedmacro}
@article{broken, title = {never closed
@book{b1, author = {{The Consortium}}, title = {Big Book}, publisher = {P}, year = 1990}
@preamble{"\newcommand{\noop}[1]{}"}
@thesis{th, author = {Elif Yilmaz}, title = {T}, type = {phdthesis},
  institution = {U}, date = {2011}}
"""


def _cases() -> list[tuple[str, str]]:
    out = [("tricky", TRICKY)]
    for p in sorted(FIXTURES.glob("*.bib")):
        out.append((p.name, p.read_text(encoding="utf-8")))
    return out


@pytest.mark.parametrize("style", ["plain", "unsrt", "alpha", "abbrv"])
@pytest.mark.parametrize(("name", "text"), _cases(), ids=[n for n, _ in _cases()])
def test_streamed_same_as_whole(name: str, text: str, style: str) -> None:
    for bytes_mode in (False, True):
        streamed = format_bibliography(text, style, source=name, bytes_mode=bytes_mode)
        whole = format_entries(bibtex.loads(text, name), style, bytes_mode=bytes_mode)
        assert streamed == whole


def test_citations_subset_same_as_whole() -> None:
    cites = ("in1", "in2", "b1", "missing")
    streamed = format_bibliography(TRICKY, "plain", source="t", citations=cites)
    whole = format_entries(bibtex.loads(TRICKY, "t"), "plain", citations=cites)
    assert streamed == whole
    # sorted; the proceedings two citations crossref come too
    assert [e.key for e in streamed.entries] == ["in2", "proc", "in1", "b1"]
    assert any("missing database entry" in d.message for d in streamed.diagnostics)


def test_runtime_freed_without_the_cyclic_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[weakref.ref[bstcompile.Runtime]] = []
    init = bstcompile.Runtime.__init__

    def record(self: bstcompile.Runtime, *args: object) -> None:
        init(self, *args)  # type: ignore[arg-type]
        made.append(weakref.ref(self))

    monkeypatch.setattr(bstcompile.Runtime, "__init__", record)
    was = gc.isenabled()
    gc.disable()
    try:
        bbl, _ = run_bst(TRICKY, bst_path("plain").read_text(), ("*",), "t")  # type: ignore[union-attr]
        assert "\\bibitem" in bbl
        assert made and made[0]() is None  # the entries went with it, by reference counts
    finally:
        if was:
            gc.enable()


def test_long_output_joined_in_chunks() -> None:
    entries = "".join(
        f"@misc{{k{i}, author = {{A. Author{i}}}, title = {{Title {i}}}, year = {1900 + i % 100}}}\n"
        for i in range(3000)  # > 4096 .bbl lines
    )
    result = format_bibliography(entries, "unsrt", source="many")
    assert [e.key for e in result.entries] == [f"k{i}" for i in range(3000)]
    assert (result.entries[-1].latex or "").startswith("A.~Author2999")
