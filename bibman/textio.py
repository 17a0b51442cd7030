"""Reading text files whatever their encoding, and writing files atomically.

The only place that turns bytes from disk into text and text back into bytes.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .model import Diagnostic


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # what to write back with
    bom: bool
    diagnostics: tuple[Diagnostic, ...] = ()


def decode(data: bytes, name: str = "<input>") -> Decoded:
    """Bytes -> text. UTF-8 (BOM or not) silently; UTF-16 with a BOM silently;
    anything else (Latin-1, NUL bytes) with a warning. Raises InputError for
    data that is clearly not text."""
    diags: list[Diagnostic] = []
    if data.startswith(codecs.BOM_UTF8):
        return _utf8(data[3:], name, bom=True)
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return Decoded(data[2:].decode(enc), enc, True)
            except UnicodeDecodeError as e:
                raise InputError(f"not valid UTF-16 ({e.reason})", name) from None
    # UTF-16 without BOM: every other byte NUL in ASCII-heavy text
    if len(data) >= 4 and data[1::2].count(0) > len(data) // 4 and data[0::2].count(0) == 0:
        try:
            text = data.decode("utf-16-le")
            diags.append(_warn(name, "file looks like UTF-16 without a BOM; decoded as UTF-16-LE"))
            return Decoded(text, "utf-16-le", False, tuple(diags))
        except UnicodeDecodeError:
            pass
    if _looks_binary(data):
        raise InputError("binary file, not text", name)
    return _utf8(data, name, bom=False)


def _utf8(data: bytes, name: str, bom: bool) -> Decoded:
    diags: list[Diagnostic] = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        text = data.decode("latin-1")
        diags.append(
            Diagnostic(
                "warning",
                "encoding.latin1",
                "not valid UTF-8; decoded as Latin-1 (and will be written back as Latin-1)",
                name,
                line,
            )
        )
        return _nul_check(Decoded(text, "latin-1", False, tuple(diags)), name)
    return _nul_check(Decoded(text, "utf-8", bom, tuple(diags)), name)


def _nul_check(d: Decoded, name: str) -> Decoded:
    if "\x00" not in d.text:
        return d
    line = d.text[: d.text.index("\x00")].count("\n") + 1
    w = Diagnostic(
        "warning", "encoding.nul", "file contains NUL bytes (kept as they are)", name, line
    )
    return Decoded(d.text, d.encoding, d.bom, (*d.diagnostics, w))


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if not head:
        return False
    if head.startswith((b"\x7fELF", b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return True
    nul = head.count(0)
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return nul > len(head) // 10 or control > len(head) // 5


def _warn(name: str, msg: str) -> Diagnostic:
    return Diagnostic("warning", "encoding.guess", msg, name)


def read_text(path: str | os.PathLike[str]) -> Decoded:
    """Read a file (``-`` is stdin) as text; InputError when it cannot be used."""
    name = os.fspath(path)
    if name == "-":
        return decode(sys.stdin.buffer.read(), "<stdin>")
    p = Path(name)
    if not p.exists():
        raise InputError("no such file", name)
    if p.is_dir():
        raise InputError("is a directory, not a file", name)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", name) from None
    return decode(data, name)


def encode(text: str, encoding: str = "utf-8", bom: bool = False) -> bytes:
    data = text.encode(encoding, errors="strict")
    if bom:
        prefix = {
            "utf-8": codecs.BOM_UTF8,
            "utf-16-le": codecs.BOM_UTF16_LE,
            "utf-16-be": codecs.BOM_UTF16_BE,
        }.get(encoding, b"")
        data = prefix + data
    return data


def atomic_write(path: str | os.PathLike[str], data: bytes | str) -> None:
    """Write to a temporary file beside ``path``, fsync, then rename over it.

    A crash or error leaves either the old file or the new one, never half.
    The file's permission bits are kept when it already exists.
    """
    target = Path(os.fspath(path))
    if isinstance(data, str):
        data = data.encode("utf-8")
    directory = target.parent if str(target.parent) else Path(".")
    try:
        mode = target.stat().st_mode & 0o777 if target.exists() else None
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as e:
        raise InputError(f"cannot write: {e.strerror or e}", str(target)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
