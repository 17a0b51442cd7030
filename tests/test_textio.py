"""textio: decoding any file with diagnostics, encoding back, atomic writes."""

from __future__ import annotations

import codecs
import io
import os
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bibman import textio
from bibman.errors import InputError

TEXT = "Gödel, Łukasiewicz and 中文\n"


@pytest.mark.parametrize(
    ("data", "encoding", "bom", "codes"),
    [
        (TEXT.encode("utf-8"), "utf-8", False, []),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8", True, []),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le", True, []),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be", True, []),
        ("plain ascii text here\n".encode("utf-16-le"), "utf-16-le", False, ["encoding.guess"]),
        ("Ärger\n".encode("latin-1"), "latin-1", False, ["encoding.latin1"]),
        (b"a\x00b\n" + b"c" * 100, "utf-8", False, ["encoding.nul"]),
        (b"", "utf-8", False, []),
    ],
)
def test_decode(data: bytes, encoding: str, bom: bool, codes: list[str]) -> None:
    d = textio.decode(data, "f.bib")
    assert (d.encoding, d.bom) == (encoding, bom)
    assert [x.code for x in d.diagnostics] == codes
    assert all(x.file == "f.bib" and x.severity == "warning" for x in d.diagnostics)
    assert textio.encode(d.text, d.encoding, d.bom) == data


def test_latin1_diagnostic_points_at_the_first_bad_line() -> None:
    d = textio.decode(b"ok\nok\n\xe9t\xe9\n", "x")
    assert [(x.code, x.line) for x in d.diagnostics] == [("encoding.latin1", 3)]
    assert d.text == "ok\nok\nété\n"


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n\x00\x01", b"PK\x03\x04" + bytes(50), bytes(range(32)) * 10, b"\x00" * 64],
)
def test_binary_is_an_input_error(data: bytes) -> None:
    with pytest.raises(InputError, match="binary file"):
        textio.decode(data, "b.bin")


def test_invalid_utf16_after_a_bom_is_an_input_error() -> None:
    with pytest.raises(InputError, match="UTF-16"):
        textio.decode(codecs.BOM_UTF16_LE + b"\x00\xd8a", "u.bib")  # lone surrogate


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_decode_either_refuses_or_round_trips(data: bytes) -> None:
    try:
        d = textio.decode(data)
    except InputError:
        return
    assert textio.encode(d.text, d.encoding, d.bom) == data


def test_read_text_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file") as e:
        textio.read_text(tmp_path / "nope.bib")
    assert str(e.value) == f"{tmp_path / 'nope.bib'}: no such file"
    with pytest.raises(InputError, match="directory"):
        textio.read_text(tmp_path)


def test_read_text_from_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = SimpleNamespace(buffer=io.BytesIO(codecs.BOM_UTF8 + b"@misc{a}\n"))
    monkeypatch.setattr(sys, "stdin", fake)
    d = textio.read_text("-")
    assert (d.text, d.bom) == ("@misc{a}\n", True)


@pytest.mark.parametrize("size", [100, 4_000_001])  # below and above the BLAKE2b/SHA-256 switch
def test_a_same_size_same_mtime_edit_since_reading_is_refused(tmp_path: Path, size: int) -> None:
    p = tmp_path / "f.bib"
    p.write_bytes(b"a" * size)
    textio.read_text(p)
    textio.write_file(p, b"b" * size)  # unchanged since read: replaced
    assert p.read_bytes() == b"b" * size
    textio.read_text(p)
    st = p.stat()
    p.write_bytes(b"c" * size)  # someone else's edit: same size, mtime set back
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
    with pytest.raises(InputError, match="changed on disk"):
        textio.write_file(p, b"d" * size)
    assert p.read_bytes() == b"c" * size


def test_atomic_write_replaces_and_keeps_mode(tmp_path: Path) -> None:
    p = tmp_path / "f.txt"
    p.write_text("old")
    os.chmod(p, 0o600)
    textio.atomic_write(p, "néw")
    assert p.read_bytes() == "néw".encode()
    assert p.stat().st_mode & 0o777 == 0o600
    textio.atomic_write(tmp_path / "new.bin", b"\x00\x01")
    assert sorted(x.name for x in tmp_path.iterdir()) == ["f.txt", "new.bin"]


def test_atomic_write_failure_leaves_original_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = tmp_path / "f.txt"
    p.write_bytes(b"original")

    def broken_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(textio.os, "fsync", broken_fsync)
    with pytest.raises(InputError, match="cannot write: Input/output error"):
        textio.atomic_write(p, b"new")
    assert p.read_bytes() == b"original"
    assert [x.name for x in tmp_path.iterdir()] == ["f.txt"]


def test_atomic_write_to_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot write"):
        textio.atomic_write(tmp_path / "missing" / "f.txt", b"x")
