"""load/dump on disk: encodings, BOMs, line ends, atomic writes, and the bench end to end."""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from bibman import bibtex, textio
from bibman.errors import InputError
from bibman.model import Entry

FIX = Path(__file__).with_name("fixtures") / "bibtex"
ROOT = Path(__file__).resolve().parents[1]
SAMPLE = "@misc{k,\n  author = {Gödel, Kurt and Łukasiewicz, Jan},\n  title = {Über},\n}\n"


def roundtrip_bytes(path: Path) -> bytes:
    data, _ = bibtex.encode(bibtex.load(path))
    return data


@pytest.mark.parametrize(
    ("data", "encoding", "bom"),
    [
        (SAMPLE.encode("utf-8"), "utf-8", False),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8", True),
        (codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "utf-16-le", True),
        (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16-be", True),
        (SAMPLE.replace("\n", "\r\n").encode("utf-8"), "utf-8", False),
        (codecs.BOM_UTF8 + SAMPLE.replace("\n", "\r\n").encode("utf-8"), "utf-8", True),
    ],
)
def test_encodings_round_trip_byte_identical(
    tmp_path: Path, data: bytes, encoding: str, bom: bool
) -> None:
    p = tmp_path / "x.bib"
    p.write_bytes(data)
    bib = bibtex.load(p)
    assert (bib.encoding, bib.bom) == (encoding, bom)
    assert bib.diagnostics == ()
    assert bib.entries[0].get("title") == "Über"
    assert roundtrip_bytes(p) == data


def test_latin1_decodes_with_a_warning_and_writes_back_the_same_bytes(tmp_path: Path) -> None:
    data = "@misc{k,\n  title = {Über Straße},\n}\n".encode("latin-1")
    p = tmp_path / "l1.bib"
    p.write_bytes(data)
    bib = bibtex.load(p)
    assert bib.encoding == "latin-1"
    assert [(d.code, d.line) for d in bib.diagnostics] == [("encoding.latin1", 2)]
    assert bib.entries[0].get("title") == "Über Straße"
    assert roundtrip_bytes(p) == data


def test_latin1_file_given_characters_it_cannot_hold(tmp_path: Path) -> None:
    p = tmp_path / "l1.bib"
    p.write_bytes("@misc{k, title = {Über}}\n".encode("latin-1"))
    bib = bibtex.load(p)
    e = bib.entries[0].with_field("author", "{Łukasiewicz}")
    bib2 = replace(bib, items=tuple(e if isinstance(i, Entry) else i for i in bib.items))
    diags = bibtex.dump(bib2, p)
    assert [d.code for d in diags] == ["encoding.latex-escaped"]
    text = p.read_bytes().decode("latin-1")
    assert "{\\L}ukasiewicz" in text and "Über" in text


def test_nul_bytes_warn_and_survive(tmp_path: Path) -> None:
    data = b"@misc{k, title = {a\x00b}}\n" + b"x" * 200
    p = tmp_path / "nul.bib"
    p.write_bytes(data)
    bib = bibtex.load(p)
    assert [d.code for d in bib.diagnostics] == ["encoding.nul"]
    assert roundtrip_bytes(p) == data


def test_utf16_without_bom_is_guessed_with_a_warning(tmp_path: Path) -> None:
    data = "@misc{k, title = {plain ascii title}}\n".encode("utf-16-le")
    p = tmp_path / "u16.bib"
    p.write_bytes(data)
    bib = bibtex.load(p)
    assert [d.code for d in bib.diagnostics] == ["encoding.guess"]
    assert bib.entries[0].key == "k"
    assert roundtrip_bytes(p) == data


@pytest.mark.parametrize(
    "data", [b"\x89PNG\r\n\x1a\n" + bytes(range(256)), bytes(1000), b"\x7fELF\x02\x01\x01"]
)
def test_binary_input_is_an_input_error(tmp_path: Path, data: bytes) -> None:
    p = tmp_path / "bin.bib"
    p.write_bytes(data)
    with pytest.raises(InputError, match="binary"):
        bibtex.load(p)


def test_missing_file_and_directory_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        bibtex.load(tmp_path / "absent.bib")
    with pytest.raises(InputError, match="directory"):
        bibtex.load(tmp_path)


def test_load_sets_source_for_diagnostics(tmp_path: Path) -> None:
    p = tmp_path / "d.bib"
    p.write_text("@a{k, x={1}}\n@a{k, x={2}}\n", "utf-8")
    bib = bibtex.load(p)
    assert bib.source == str(p)
    assert str(bib.diagnostics[0]).startswith(f"{p}:2: entry 'k': warning:")


# --------------------------------------------------------------------------
# Atomic writes
# --------------------------------------------------------------------------


def test_dump_writes_atomically_and_leaves_no_temp_file(tmp_path: Path) -> None:
    src = FIX / "mixed.bib"
    p = tmp_path / "out.bib"
    p.write_bytes(b"old content")
    os.chmod(p, 0o640)
    assert bibtex.dump(bibtex.load(src), p) == ()
    assert p.read_bytes() == src.read_bytes()
    assert sorted(x.name for x in tmp_path.iterdir()) == ["out.bib"]
    assert p.stat().st_mode & 0o777 == 0o640


def test_failed_write_keeps_the_original_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = tmp_path / "keep.bib"
    p.write_bytes(b"precious")

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(textio.os, "replace", fail)
    with pytest.raises(InputError, match="No space left on device"):
        bibtex.dump(bibtex.loads("@misc{a, t={x}}\n"), p)
    assert p.read_bytes() == b"precious"
    assert [x.name for x in tmp_path.iterdir()] == ["keep.bib"]


def test_dump_into_missing_directory_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot write"):
        bibtex.dump(bibtex.loads("@misc{a, t={x}}\n"), tmp_path / "no" / "such" / "dir.bib")


def test_modified_file_written_back_changes_only_the_edited_entry(tmp_path: Path) -> None:
    p = tmp_path / "m.bib"
    p.write_bytes((FIX / "mixed.bib").read_bytes())
    bib = bibtex.load(p)
    target = bib.entry("noopsort")
    assert target is not None
    changed = target.with_field("year", "1984")
    items = tuple(changed if i is target else i for i in bib.items)
    bibtex.dump(replace(bib, items=items), p)
    old = (FIX / "mixed.bib").read_text("utf-8")
    new = p.read_text("utf-8")
    assert new == old.replace("\tyear = 1986,", "\tyear = 1984,")


# --------------------------------------------------------------------------
# The bench script, end to end
# --------------------------------------------------------------------------


def test_roundtrip_bench_on_the_fixtures(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus" / "fix"
    corpus.mkdir(parents=True)
    for f in FIX.glob("*.bib"):
        (corpus / f.name).write_bytes(f.read_bytes())
    (corpus / "latin1.bib").write_bytes("@misc{l, title={Ä}}\n".encode("latin-1"))
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "roundtrip.py"), str(tmp_path / "corpus")],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    out = proc.stdout
    assert "fix" in out
    assert "files that parse without errors: 3/4; of those byte-identical: 3/3" in out
    assert "all files byte-identical: 4/4 readable" in out
    assert "semantic round trip (every entry re-rendered, re-parsed): 4/4 files" in out
