"""`bibman tidy`: the steps, losslessness, idempotence, --check, the command."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bibman import bibtex
from bibman.tidy import TidyOptions, braced, make_key, month_macro, pages_value, tidy, url_value

FIXTURES = Path(__file__).parent / "fixtures" / "formats"


def bibman(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bibman", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("{12-34}", "{12--34}"),
        ('"5 -- 9"', "{5--9}"),
        ("{e1234}", "{e1234}"),
        ("{1–3, 7—9}", "{1--3, 7--9}"),
        ("{xii-xv}", "{xii-xv}"),
    ],
)
def test_pages(value: str, expected: str) -> None:
    assert pages_value(braced(value)) == expected


def test_value_steps() -> None:
    assert braced('"A {B} c"') == "{A {B} c}"
    assert braced("2010") == "{2010}"
    assert braced("jacm") == "jacm"  # a macro stays a macro
    assert braced('jacm # " x"') == 'jacm # " x"'
    assert month_macro("{March}", {}) == "mar"
    assert month_macro("{3}", {}) == "mar"
    assert month_macro("{Spring}", {}) == "{Spring}"
    assert url_value("{\\url{http://x.org/a\n   b}}") == "{http://x.org/ab}"


def test_tidy_fixture() -> None:
    bib = bibtex.load(FIXTURES / "untidy.bib")
    result = tidy(bib)
    text = result.text
    assert text.startswith(
        '% A comment that must survive tidying.\n@string{jacm = "Journal of the ACM"}\n'
    )
    assert text.count("@article{Smith2010,") == 1  # exact duplicate removed
    assert "  title = {A study of {DNA}},\n" in text
    assert "  journal = jacm,\n" in text and "  month = mar,\n" in text
    assert "  doi = {10.1000/XYZ},\n" in text and "  url = {http://example.org/a_b},\n" in text
    assert "  custom-field = {kept as it is},\n" in text
    assert (
        text.index("author =")
        < text.index("title =")
        < text.index("journal =")
        < text.index("year =")
    )
    codes = {(d.code, d.key) for d in result.diagnostics}
    assert ("tidy.duplicate-removed", "Smith2010") in codes
    assert ("tidy.near-duplicate", "other") in codes  # same DOI, same title + year
    assert ("tidy.missing-field", "other") in codes  # @book without author/publisher


def test_tidy_is_idempotent_and_check_passes_on_tidy_output(tmp_path: Path) -> None:
    once = tidy(bibtex.load(FIXTURES / "untidy.bib")).text
    twice = tidy(bibtex.loads(once, "t.bib")).text
    assert once == twice


def test_keys_and_sorting() -> None:
    bib = bibtex.load(FIXTURES / "untidy.bib")
    result = tidy(bib, TidyOptions(sort="key", key_pattern="{auth}{year}{title}"))
    keys = [e.key for e in result.bibliography.entries]
    assert keys == sorted(keys, key=str.lower)
    assert "smith2010study" in keys and "alpha2001zeta" in keys
    entry = bib.entry("alpha2001")
    assert entry is not None and make_key(entry, {}, "{Auth}:{year}") == "Alpha:2001"


def test_crossref_follows_renamed_parent_and_parents_sort_last() -> None:
    bib = bibtex.load(FIXTURES / "crossref.bib")
    result = tidy(bib, TidyOptions(sort="key", key_pattern="{auth}{year}"))
    entries = result.bibliography.entries
    parent = entries[-1]
    assert parent.type == "proceedings"
    assert all(e.get("crossref") == parent.key for e in entries if e.field("crossref"))


_FIELD = st.sampled_from(
    ["title", "author", "journal", "year", "pages", "note", "zzz-unknown", "month"]
)
_VALUE = st.sampled_from(
    ["{A b}", '"Quoted {X}"', "{12-14}", "{1999}", "jan", "{http://x.org}", "{}"]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_FIELD, _VALUE), min_size=1, max_size=6, unique_by=lambda t: t[0]))
def test_property_tidy_keeps_every_field_and_is_idempotent(fields: list[tuple[str, str]]) -> None:
    body = ",\n".join(f"  {n} = {v}" for n, v in fields)
    src = f"% c\n@misc{{k,\n{body}\n}}\n"
    once = tidy(bibtex.loads(src, "p.bib")).text
    back = bibtex.loads(once, "p.bib")
    assert {f.name for f in back.entries[0].fields} == {n for n, _ in fields}
    assert once.startswith("% c\n")
    assert tidy(back).text == once


def test_cli_check_diff_then_fix(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "untidy.bib", tmp_path / "refs.bib")
    before = (tmp_path / "refs.bib").read_text()
    r = bibman("tidy", "--check", "refs.bib", cwd=tmp_path)
    assert r.returncode == 1
    assert (
        r.stdout.startswith("--- refs.bib\n+++ refs.bib (tidy)\n") and "+  month = mar," in r.stdout
    )
    assert (tmp_path / "refs.bib").read_text() == before  # --check changes nothing
    r = bibman("tidy", "refs.bib", "-q", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "warning: same DOI as 'Smith2010'" in r.stderr
    r = bibman("tidy", "--check", "refs.bib", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout == ""


def test_cli_stdout_and_bad_input(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "untidy.bib", tmp_path / "refs.bib")
    r = bibman("tidy", "refs.bib", "-o", "-", "--sort", "year", "-q", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.index("@inproceedings{alpha2001") < r.stdout.index(
        "@article{Smith2010"
    )
    r = bibman("tidy", "nope.bib", cwd=tmp_path)
    assert r.returncode == 2 and "no such file" in r.stderr
