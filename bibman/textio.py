"""Reading text files whatever their encoding, and writing files safely.

The only place that turns bytes from disk into text and text back into bytes.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import stat
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .lazyre import lazy
from .model import Diagnostic


@dataclass(frozen=True)
class Decoded:
    """Text read from a file, with how to write it back."""

    text: str
    encoding: str  # what to write back with
    bom: bool
    diagnostics: tuple[Diagnostic, ...] = ()


def _digest(data: bytes) -> str:
    """A file's content fingerprint. Below 4 MB BLAKE2b from CPython's own _blake2 module
    (as ``hashlib.blake2b`` is), which spares a small file's run the ~2-3 ms of loading
    OpenSSL; above, OpenSSL's SHA-256, twice as fast per byte. (Fingerprints are only
    compared between reads of the same size, so both kinds never meet.)"""
    if len(data) < 4_000_000:
        try:
            from _blake2 import blake2b
        except ImportError:  # a Python built without it
            pass
        else:
            return blake2b(data, digest_size=32).hexdigest()
    from hashlib import sha256

    return sha256(data).hexdigest()


def _token() -> str:
    import secrets

    return secrets.token_hex(4)


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
    """Read a file (``-`` is stdin) as text; InputError when it cannot be used.

    What was read is remembered (size, mtime, hash) so that ``write_file``
    refuses to replace the file if someone changed it meanwhile."""
    name = os.fspath(path)
    if name == "-":
        return decode(sys.stdin.buffer.read(), "<stdin>")
    return decode(read_bytes(name), name)


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """A file's bytes, remembered as ``read_text`` does; InputError when unusable."""
    name = os.fspath(path)
    p = Path(name)
    if not p.exists():
        raise InputError("no such file", name)
    if p.is_dir():
        raise InputError("is a directory, not a file", name)
    try:
        with open(name, "rb") as fh:
            st = os.fstat(fh.fileno())
            data = fh.read()
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", name) from None
    if stat.S_ISREG(st.st_mode):
        _READ[os.path.realpath(name)] = Snapshot(st.st_size, st.st_mtime_ns, _digest(data))
    return data


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


@dataclass(frozen=True)
class Snapshot:
    """What a regular file looked like when it was read."""

    size: int
    mtime_ns: int
    digest: str


# real path -> snapshot of every regular file this process has read
_READ: dict[str, Snapshot] = {}

# Temporary files are ".<name>.bibman-<pid>-<random>.tmp" beside the target:
# recognisable, and removable by a later run once their process is gone.
_TEMP = lazy(r"\.(?P<name>.+)\.bibman-(?P<pid>\d+)-[0-9a-z_]+\.tmp")
_STALE_AFTER = 24 * 3600  # seconds; also for temp files of another machine's pid


def write_file(
    path: str | os.PathLike[str], data: bytes | str, *, backup: str | None = None
) -> None:
    """Write ``data`` (str: UTF-8) to ``path`` without ever losing what is there.

    * Not a regular file (a character device, FIFO, socket): written through.
    * A symlink: its target is replaced; the link stays a link.
    * A regular file: a temporary file in the target's real directory, fsynced,
      then renamed over it; a killed run leaves the old file or the new one.
      An existing file keeps its mode (and owner, when we are root); a new one
      gets the umask's permissions. When that directory is not writable but the
      file is, the file is rewritten in place (complete content, then fsync).
    * A file this process read and that changed on disk since (size, mtime or
      content) is not replaced: InputError, nothing written.
    * ``backup``: a suffix; the old content is kept in ``path + backup`` first.
    """
    name = os.fspath(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        st: os.stat_result | None = os.stat(name)
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise InputError(f"cannot write: {e.strerror or e}", name) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise InputError("cannot write: is a directory", name)
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_through(name, data, st)
        return
    fd = inherited_fd(name)
    if fd is not None:  # /dev/stdout redirected to a file: write to the open descriptor
        _write_fd(fd, data, name)
        return
    real = os.path.realpath(name)
    directory, base = os.path.split(real)
    if st is not None:
        check_unchanged(real, name)
    if backup and st is not None:
        write_file(name + backup, Path(real).read_bytes())
    _remove_stale(directory, base)
    try:
        fd, tmp = _create_temp(directory, base)
    except OSError as e:
        if st is not None and os.access(real, os.W_OK) and e.errno in (errno.EACCES, errno.EPERM):
            _rewrite_in_place(real, name, data)
            return
        raise InputError(f"cannot write: {e.strerror or e}", name) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if st is not None:
                os.fchmod(fh.fileno(), stat.S_IMODE(st.st_mode))
                if os.geteuid() == 0 and (st.st_uid, st.st_gid) != (0, 0):
                    os.fchown(fh.fileno(), st.st_uid, st.st_gid)
            os.fsync(fh.fileno())
        if st is not None:
            check_unchanged(real, name)  # again, just before replacing
        os.replace(tmp, real)
        _fsync_dir(directory)
        _remember(real, data)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise InputError(f"cannot write: {e.strerror or e}", name) from None
        raise


atomic_write = write_file  # the older name, used by bibtex.dump and links


def check_unchanged(path: str | os.PathLike[str], name: str | None = None) -> None:
    """InputError when ``path`` was read by this process and has changed since."""
    real = os.path.realpath(os.fspath(path))
    seen = _READ.get(real)
    if seen is None:
        return
    shown = name or os.fspath(path)
    try:
        st = os.stat(real)
        same = (st.st_size, st.st_mtime_ns) == (seen.size, seen.mtime_ns)
        same = same and _digest(Path(real).read_bytes()) == seen.digest
    except FileNotFoundError:
        same = False
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", shown) from None
    if not same:
        raise InputError(
            "changed on disk since bibman read it (edited meanwhile?); nothing written, run again",
            shown,
        )


def _remember(real: str, data: bytes) -> None:
    """After our own write of a file we had read, guard the new content."""
    if real in _READ:
        with contextlib.suppress(OSError):
            st = os.stat(real)
            _READ[real] = Snapshot(st.st_size, st.st_mtime_ns, _digest(data))


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """True when both name the same existing regular file (links and symlinks followed)."""
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:
        return False
    return stat.S_ISREG(sa.st_mode) and (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def refuse_input_as_output(
    output: str | None, inputs: Iterable[str | os.PathLike[str]] = (), hint: str = ""
) -> None:
    """InputError when writing ``output`` would overwrite an input: one of
    ``inputs`` or any file this process has read (after links and symlinks)."""
    if not output or output == "-":
        return
    for inp in (*inputs, *_READ):
        if os.fspath(inp) != "-" and same_file(output, inp):
            msg = f"the output is the input file {os.fspath(inp)}; refusing to overwrite it"
            raise InputError(msg + (f" ({hint})" if hint else ""), output)


def _write_through(name: str, data: bytes, st: os.stat_result) -> None:
    """A device, FIFO or socket: an ordinary write, never a replacement."""
    try:
        if stat.S_ISSOCK(st.st_mode):
            import socket

            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.connect(name)
                sock.sendall(data)
            return
        fd = os.open(name, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
    except OSError as e:
        raise InputError(f"cannot write: {e.strerror or e}", name) from None


_FD_PATH = lazy(r"/(?:dev/fd|proc/(?:self|thread-self)/fd)/(\d+)")
_STD = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}


def inherited_fd(path: str | os.PathLike[str]) -> int | None:
    """The descriptor number when ``path`` is (a symlink to) /dev/stdout, /dev/fd/N or
    /proc/self/fd/N: replacing whatever file that resolves to would bypass the
    shell's redirection (``>>`` would truncate), so such paths are written to the
    open descriptor itself."""
    name = os.path.abspath(os.fspath(path))
    for _ in range(10):  # a bounded walk along the symlink chain
        if name in _STD:
            return _STD[name]
        m = _FD_PATH.fullmatch(name)
        if m:
            return int(m.group(1))
        try:
            target = os.readlink(name)
        except OSError:
            return None
        name = os.path.normpath(os.path.join(os.path.dirname(name), target))
    return None


def _write_fd(fd: int, data: bytes, name: str) -> None:
    with contextlib.suppress(Exception):
        sys.stdout.flush()
        sys.stderr.flush()
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except OSError as e:
        raise InputError(f"cannot write: {e.strerror or e}", name) from None


def _create_temp(directory: str, base: str) -> tuple[int, str]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        tmp = os.path.join(directory, f".{base}.bibman-{os.getpid()}-{_token()}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp  # 0o666 & ~umask, like any new file
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", directory)


def _remove_stale(directory: str, base: str) -> None:
    """Remove temporary files of ours for ``base`` left by a run that was killed."""
    prefix = f".{base}.bibman-"
    try:
        names = [n for n in os.listdir(directory or ".") if n.startswith(prefix)]
    except OSError:
        return
    now = time.time()
    for n in names[:100]:
        m = _TEMP.fullmatch(n)
        if not m or m.group("name") != base:
            continue
        p = os.path.join(directory, n)
        with contextlib.suppress(OSError):
            if not _alive(int(m.group("pid"))) or now - os.lstat(p).st_mtime > _STALE_AFTER:
                os.unlink(p)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, not ours to signal
    return True


def _rewrite_in_place(real: str, name: str, data: bytes) -> None:
    """The directory refuses new files but the file is writable: overwrite it,
    then cut it to length and fsync. The content is complete before the first byte."""
    try:
        check_unchanged(real, name)
        with open(real, "r+b") as fh:
            fh.write(data)
            fh.truncate(len(data))
            fh.flush()
            os.fsync(fh.fileno())
        _remember(real, data)
    except OSError as e:
        raise InputError(f"cannot write: {e.strerror or e}", name) from None


def _fsync_dir(directory: str) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory or ".", os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def regenerate(
    path: Path, make: Callable[[], str], description: str, argv: list[str] | None
) -> int:
    """``main`` of a script that derives a shipped data file: write it, or ``--check`` it is current."""
    import argparse

    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--check", action="store_true", help="only report whether it is current")
    args = ap.parse_args(argv)
    text = make()
    current = path.read_text("utf-8") if path.is_file() else ""
    if args.check:
        print("current" if text == current else "stale")
        return 0 if text == current else 1
    write_file(path, text)
    print(f"{path.name}: {text.count(chr(10))} lines")
    return 0
