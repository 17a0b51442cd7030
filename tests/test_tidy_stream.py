"""``tidy`` entry by entry as the file is read (``tidystream``) gives what ``tidy`` of the
whole bibliography gives: the same text and the same diagnostics, in the same order."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bibman import bibtex, bibtex_read
from bibman.cli import cli
from bibman.tidy import TidyOptions, tidy
from bibman.tidystream import tidy_stream

# Exact duplicates (one after a blank line, one differing only in layout and macro use),
# a key reused with other content, near duplicates by DOI and by title + year, crossref
# children before their parent and one whose parent is missing, an unknown type, an entry
# with a % comment inside, @comment and stray text.
CASES = """% header
@string{j = {Journal}}
@article{a, title = {Same}, journal = j, year = 2001, doi = {10.1/x}}

@article{a, title = {Same}, journal = j, year = 2001, doi = {10.1/x}}

@article{A,  title = {Same},  journal = {Journal}, year = {2001}, doi={10.1/x}}
@article{b, title = {Same}, journal = j, year = 2001, doi = {https://doi.org/10.1/X}}
@article{a, title = {Different}, year = 2002, month = jan, pages = {1-2}}
@incollection{c, author = {X}, title = {Part}, crossref = {p}, year = 2001}
@incollection{d, author = {X}, title = {Part2}, crossref = {missing}, year = 2001}
@book{p, title = {Parent}, publisher = {P}, year = 2001}
@weird{w, title = {W}}
@comment{kept}
@article{k,
  % a comment
  title = {C}}
@misc{m,title="x",url={https://x.invalid/a_b}}
"""


def _whole(text: str, opts: TidyOptions) -> tuple[str, list[tuple[object, ...]]]:
    result = tidy(bibtex.loads(text, "t.bib"), opts)
    return result.text, [(d.code, d.line, d.key, d.message) for d in result.diagnostics]


def _streamed(text: str, opts: TidyOptions) -> tuple[str, list[tuple[object, ...]]] | None:
    stream = bibtex.Stream(text, "t.bib")
    got = tidy_stream(stream, opts, stream.bom)
    if got is None:
        return None
    return got[0], [(d.code, d.line, d.key, d.message) for d in got[1]]


@pytest.mark.parametrize(
    "opts",
    [TidyOptions(), TidyOptions(remove_duplicates=False), TidyOptions(indent="\t")],
)
@pytest.mark.parametrize("crlf", [False, True])
def test_streamed_tidy_is_the_whole_tidy(
    monkeypatch: pytest.MonkeyPatch, opts: TidyOptions, crlf: bool
) -> None:
    text = CASES.replace("\n", "\r\n") if crlf else CASES
    monkeypatch.setattr(bibtex_read, "CHUNK_CHARS", 64)  # many chunks
    streamed = _streamed(text, opts)
    assert streamed is not None
    assert streamed == _whole(text, opts)
    codes = {c for c, *_ in streamed[1]}
    assert {"tidy.missing-field", "tidy.near-duplicate", "tidy.unknown-type"} <= codes


def test_needs_the_whole_bibliography_when_it_sorts_or_makes_keys() -> None:
    assert _streamed(CASES, TidyOptions(sort="key")) is None
    assert _streamed(CASES, TidyOptions(key_pattern="{auth}{year}")) is None


def test_tidy_check_command_streams_and_reports_as_before(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(CASES, encoding="utf-8")
    r = CliRunner().invoke(cli, ["tidy", "--check", str(path)])
    assert r.exit_code == 1
    assert "tidy.duplicate-removed" not in r.stderr  # (codes are not printed; messages are)
    assert "exact duplicate of the entry on line 3; removed" in r.stderr
    assert r.stdout.startswith(f"--- {path}\n+++ {path} (tidy)\n")


LATE = """@article{x, title = {T}, journal = late, month = later, year = 2001}
@string{late = {Late Journal}}
@article{y, title = {U}, journal = j2}
@STRING ( j2 = "Second" # late )
@string{late = {Redefined}}
"""


@pytest.mark.parametrize("crlf", [False, True])
def test_strings_after_entries_stream_with_every_macro(
    monkeypatch: pytest.MonkeyPatch, crlf: bool
) -> None:
    # (tidy gives each entry the file's macros, later ones too: found ahead in the text)
    monkeypatch.setattr(bibtex_read, "CHUNK_CHARS", 16)
    text = (CASES + LATE).replace("\n", "\r\n") if crlf else CASES + LATE
    streamed = _streamed(text, TidyOptions())
    assert streamed is not None
    assert streamed == _whole(text, TidyOptions())


def test_a_string_the_scan_cannot_see_reads_the_file_whole() -> None:
    # a @string after another block on its line: the reader finds it, the scan does not
    text = CASES + "@comment{x} @string{hidden = {H}}\n@article{z, journal = hidden}\n"
    assert bibtex.loads(text).strings.get("hidden") == "{H}"
    assert _streamed(text, TidyOptions()) is None
    r = CliRunner().invoke(cli, ["tidy", "--check", "-"], input=text)
    assert r.exit_code == 1 and "journal = hidden" in r.stdout
