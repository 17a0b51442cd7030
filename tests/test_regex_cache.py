"""The compiled-regex cache of bibman.lazyre: a pattern built from the cache equals
``re.compile``'s, and a missing, corrupt, foreign or unwritable cache changes nothing."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bibman import lazyre

ROOT = Path(__file__).resolve().parents[1]

PATTERNS = [
    (r"a(?P<x>b)+c?", 0),
    (r"(?i)straße|[\u4e00-\u9fff]{2,}", 0),
    (r"^\s*(\d{1,4})[.)]\s+(?=\S)", re.M),
    (r"(?x) \b(?: vol | no ) \.? \s* (\d+)", re.I),
    (r"(?<=\d)(?=\()|(?<=\))(?=[:;,.]?\d)", 0),
]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "sub" / "regex.marshal"
    monkeypatch.setenv("BIBMAN_REGEX_CACHE", str(path))
    monkeypatch.setattr(lazyre, "_entries", None)
    monkeypatch.setattr(lazyre, "_added", 0)
    monkeypatch.setattr(lazyre, "_used", set())
    return path


def _fresh_run() -> None:
    """As a new process: the cache file not yet read."""
    lazyre._entries = None
    lazyre._added = 0
    lazyre._used = set()


def test_patterns_from_the_cache_equal_re_compile(cache: Path) -> None:
    first = [lazyre.compile(p, f) for p, f in PATTERNS]
    lazyre._save()
    assert cache.is_file()
    _fresh_run()
    second = [lazyre.compile(p, f) for p, f in PATTERNS]
    assert lazyre._added == 0  # all came from the file
    for (p, f), a, b in zip(PATTERNS, first, second, strict=True):
        want = re.compile(p, f)
        # Pattern equality compares pattern, flags and the compiled code
        assert a == want and b == want, p
        assert (b.groups, dict(b.groupindex), b.flags) == (
            want.groups,
            dict(want.groupindex),
            want.flags,
        )
    assert second[0].fullmatch("abbc").group("x") == "b"  # type: ignore[union-attr]


def test_a_lazy_pattern_uses_the_cache(cache: Path) -> None:
    rx = lazyre.lazy(r"(\d+)\s*[-–]\s*(\d+)")
    assert rx.search("pp. 12–34").groups() == ("12", "34")  # type: ignore[union-attr]
    lazyre._save()
    _fresh_run()
    again = lazyre.lazy(r"(\d+)\s*[-–]\s*(\d+)")
    assert again.search("pp. 12–34").groups() == ("12", "34")  # type: ignore[union-attr]
    assert lazyre._added == 0


def test_nothing_is_written_when_nothing_is_new(cache: Path) -> None:
    lazyre.compile("abc")
    lazyre._save()
    stamp = cache.stat().st_mtime_ns
    _fresh_run()
    lazyre.compile("abc")
    lazyre._save()
    assert cache.stat().st_mtime_ns == stamp


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not marshal data",
        marshal.dumps(((0, "other python", 1, 4, 0x10FFFF), 1, {("abc", 0): (1, (0, b"", 0))})),
        marshal.dumps((lazyre._header(), 1, ["not", "a", "dict"])),
        marshal.dumps((lazyre._header(), {("abc", 0): (32, b"", 0, {}, (None,))})),  # format 2
        marshal.dumps((lazyre._header(), 1, {("abc", 0): "not an entry"})),
        # the right header but code the engine refuses: compiled afresh
        marshal.dumps((lazyre._header(), 1, {("abc", 0): (1, (32, [999, 999], 0, {}, (None,)))})),
        marshal.dumps(
            (lazyre._header(), 1, {("abc", 0): (1, (32, b"\xe7\x03\x00\x00" * 2, 0, {}, (None,)))})
        ),
    ],
)
def test_a_bad_cache_file_is_ignored(cache: Path, content: bytes) -> None:
    cache.parent.mkdir(parents=True)
    cache.write_bytes(content)
    rx = lazyre.compile("abc")
    assert rx == re.compile("abc") and rx.search("xabcx")
    lazyre._save()  # and replaced by a good one
    _fresh_run()
    assert lazyre.compile("abc") == re.compile("abc") and lazyre._added == 0


def test_a_bad_pattern_still_raises(cache: Path) -> None:
    with pytest.raises(re.error):
        lazyre.compile("(unclosed")


def test_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BIBMAN_REGEX_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(lazyre, "_entries", None)
    monkeypatch.setattr(lazyre, "_added", 0)
    assert lazyre.cache_path() is None
    assert lazyre.compile("x+y") == re.compile("x+y")
    lazyre._save()
    assert list(tmp_path.iterdir()) == []


def test_default_location_is_the_user_cache_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BIBMAN_REGEX_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", "/nonexistent-cache-home")
    if sys.platform not in ("win32", "darwin"):
        path = lazyre.cache_path()
        assert path is not None and path.startswith("/nonexistent-cache-home/bibman/regex-")


def test_the_cache_is_bounded(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lazyre, "_MAX_ENTRIES", 3)
    rxs = [lazyre.compile(f"a{i}b") for i in range(6)]
    assert all(rx == re.compile(f"a{i}b") for i, rx in enumerate(rxs))
    lazyre._save()
    _, _, entries = marshal.loads(cache.read_bytes())
    assert len(entries) == 3


def test_patterns_no_run_uses_any_more_are_dropped(cache: Path) -> None:
    """An upgrade leaves the old version's patterns in the file; they must not fill it."""
    lazyre.compile("old-version-only")
    lazyre._save()
    for i in range(lazyre._KEEP_WRITES):
        _fresh_run()
        lazyre.compile("kept")  # used by every run
        lazyre.compile(f"new{i}")  # something new, so the run writes the file
        lazyre._save()
    _, writes, entries = marshal.loads(cache.read_bytes())
    assert writes == lazyre._KEEP_WRITES + 1
    assert ("old-version-only", 0) not in entries and ("kept", 0) in entries
    assert entries["kept", 0][0] == writes


def test_over_the_byte_bound_the_least_recently_used_go(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(4):
        _fresh_run()
        lazyre.compile(f"(?:pattern{i}){{1,9}}[a-z]+")
        lazyre._save()
    size = len(cache.read_bytes())
    monkeypatch.setattr(lazyre, "_MAX_BYTES", size)  # full: the next run must still be kept
    _fresh_run()
    lazyre.compile("(?:newest){1,9}[a-z]+")
    lazyre._save()
    _, _, entries = marshal.loads(cache.read_bytes())
    assert ("(?:newest){1,9}[a-z]+", 0) in entries
    assert ("(?:pattern0){1,9}[a-z]+", 0) not in entries


def test_an_unwritable_cache_is_silent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("BIBMAN_REGEX_CACHE", str(blocker / "regex.marshal"))  # a file as folder
    monkeypatch.setattr(lazyre, "_entries", None)
    monkeypatch.setattr(lazyre, "_added", 0)
    assert lazyre.compile("q+") == re.compile("q+")
    lazyre._save()  # no exception


def test_parse_gives_the_same_output_with_and_without_the_cache(tmp_path: Path) -> None:
    text = (
        "Cornell, C. A. (1968). Engineering seismic risk analysis. Bulletin of the "
        "Seismological Society of America, 58(5), 1583-1606.\n"
        "[2] Иванов И. И. Теория // Вестник МГУ. – 2001. – Т. 5, № 3. – С. 10–20.\n"
    )
    src = tmp_path / "refs.txt"
    src.write_text(text, encoding="utf-8")
    outs = []
    for setting in ("off", str(tmp_path / "c.marshal"), str(tmp_path / "c.marshal")):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "BIBMAN_REGEX_CACHE": setting}
        r = subprocess.run(
            [sys.executable, "-m", "bibman", "parse", str(src)],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )
        outs.append((r.returncode, r.stdout))
        if setting != "off":
            assert (tmp_path / "c.marshal").is_file()
    assert outs[0] == outs[1] == outs[2] and "@" in outs[0][1]


def test_regex_compiles_once_per_process_and_keeps_flags(cache: Path) -> None:
    a = lazyre.regex(r"ab+c")
    assert a is lazyre.regex(r"ab+c") and a == re.compile(r"ab+c")
    i = lazyre.regex(r"ab+c", re.I)
    assert i is not a and i == re.compile(r"ab+c", re.I) and i.search("xABBC")
    assert lazyre.regex(r"(\d+)-(\d+)").sub(r"\2-\1", "12-34") == "34-12"


def test_no_home_directory_means_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BIBMAN_REGEX_CACHE")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(lazyre.os.path, "expanduser", lambda p: p)  # "~" left as it is
    if sys.platform not in ("win32", "darwin"):
        assert lazyre.cache_path() is None
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/dir")
    if sys.platform not in ("win32", "darwin"):
        assert lazyre.cache_path() is None
