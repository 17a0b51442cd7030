"""`bibman parse` end to end, through the real command."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bibman.bibtex import loads

ROOT = Path(__file__).resolve().parents[1]
WIKI = ROOT / "examples" / "wikipedia-kazakhstan-us-relations-footnotes.txt"
JOURNAL = ROOT / "examples" / "journal-kazakhstan-us-relationship-references.txt"
SEEDS = ROOT.parent / "shared" / "seeds"
FIXTURES = Path(__file__).parent / "fixtures" / "parse"


def bibman(
    *args: str | Path, stdin: str | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bibman", *map(str, args)],
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def keys_of(bib: str) -> list[str]:
    return re.findall(r"^@\w+\{([^,]+),", bib, re.M)


def test_references_bib_is_the_parse_of_both_examples(tmp_path: Path) -> None:
    out = tmp_path / "references.bib"
    r = bibman("parse", WIKI.relative_to(ROOT), JOURNAL.relative_to(ROOT), "-o", out)
    assert r.returncode == 0, r.stderr
    committed = (ROOT / "references.bib").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == committed, (
        "references.bib is stale: regenerate it with `bibman parse "
        "examples/wikipedia-kazakhstan-us-relations-footnotes.txt "
        "examples/journal-kazakhstan-us-relationship-references.txt -o references.bib`"
    )


def test_examples_give_19_and_31_entries_in_document_order() -> None:
    r = bibman("parse", WIKI, JOURNAL, "--format", "json", "--no-dedupe")
    assert r.returncode == 0, r.stderr
    refs = json.loads(r.stdout)
    assert len(refs) == 50
    lines = [ref["line"] for ref in refs]
    assert lines[:19] == list(range(1, 20))
    assert lines[19:] == sorted(lines[19:])
    bib = bibman("parse", WIKI, JOURNAL, "--no-dedupe").stdout
    keys = keys_of(bib)
    assert len(keys) == 50 and len(set(keys)) == 50
    assert all(re.fullmatch(r"[a-z][a-z0-9]*", k) for k in keys)
    parsed = loads(bib)
    assert len(parsed.entries) == 50
    assert not [d for d in parsed.diagnostics if d.severity == "error"]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")
@pytest.mark.parametrize(
    ("seed", "example", "count"),
    [("000_130ebeca26d44ed7.txt", WIKI, 19), ("002_1348f69847e13980.txt", JOURNAL, 31)],
)
def test_whole_seed_documents(seed: str, example: Path, count: int) -> None:
    whole = bibman("parse", SEEDS / seed)
    listed = bibman("parse", example)
    assert whole.returncode == 0, whole.stderr
    assert len(keys_of(whole.stdout)) == count
    assert whole.stdout == listed.stdout


def test_stdin_dash_and_piped_input() -> None:
    text = JOURNAL.read_text(encoding="utf-8")
    dash = bibman("parse", "-", stdin=text)
    piped = bibman("parse", stdin=text)
    assert dash.returncode == piped.returncode == 0
    assert dash.stdout == piped.stdout == bibman("parse", JOURNAL).stdout


def test_no_input_on_a_terminal_is_a_usage_error() -> None:
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    try:
        r = subprocess.run(
            [sys.executable, "-m", "bibman", "parse"],
            stdin=slave,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        os.close(master)
        os.close(slave)
    assert r.returncode == 2
    assert "no input" in r.stderr and "Traceback" not in r.stderr


def test_one_per_line_keeps_every_line_in_order_without_merging(tmp_path: Path) -> None:
    lines = [
        "Smith, J. (2001). A book about the steppe. Oxford: OUP.",
        "[2] Jones, K. (1999). A paper. Nature 5: 1-2.",
        "Smith, J. (2001). A book about the steppe. Oxford: OUP.",
        "1. ^ a b Kazakhstan Country Page National Conference on Soviet Jewry",
    ]
    src = tmp_path / "lines.txt"
    src.write_text("\n".join(lines[:2]) + "\n\n" + "\n".join(lines[2:]) + "\n", encoding="utf-8")
    r = bibman("parse", "--one-per-line", "--keep-raw", "--format", "json", src)
    assert r.returncode == 0, r.stderr
    refs = json.loads(r.stdout)
    assert [ref["raw"] for ref in refs] == lines
    assert [ref["line"] for ref in refs] == [1, 2, 4, 5]
    assert "parse.duplicate" not in r.stderr


def test_one_per_line_skips_markup_lines_with_no_letter_or_digit(tmp_path: Path) -> None:
    # Markdown fences and rules, setext underlines: markup, not references (they
    # used to come out as empty @misc entries)
    ref = "Okafor, N. (2015). Rivers of the delta. Lagos: Sahel Press."
    src = tmp_path / "list.md"
    src.write_text("---\n```\n" + ref + "\n***\n```\n=====\n- - -\n", encoding="utf-8")
    r = bibman("parse", "--one-per-line", "--keep-raw", "--format", "json", src)
    assert r.returncode == 0, r.stderr
    refs = json.loads(r.stdout)
    assert [x["raw"] for x in refs] == [ref]
    assert [x["line"] for x in refs] == [3]


def test_duplicates_across_documents_are_merged_and_reported(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(JOURNAL.read_text(encoding="utf-8"), encoding="utf-8")
    b.write_text(JOURNAL.read_text(encoding="utf-8"), encoding="utf-8")
    r = bibman("parse", a, b)
    assert r.returncode == 0
    assert len(keys_of(r.stdout)) == 31
    reports = [ln for ln in r.stderr.splitlines() if "duplicate reference at" in ln]
    assert len(reports) == 31
    assert reports[0].startswith(f"{a}:3: entry '") and f"{b}:3 merged" in reports[0]
    assert r.stdout == bibman("parse", a).stdout  # keys stay as for one copy
    assert len(keys_of(bibman("parse", "--no-dedupe", a, b).stdout)) == 62


def test_keep_raw_review_and_fail_under(tmp_path: Path) -> None:
    out = tmp_path / "o.bib"
    r = bibman("parse", WIKI, "--keep-raw", "--review", "-o", out)
    assert r.returncode == 0, r.stderr
    bib = out.read_text(encoding="utf-8")
    assert bib.count("rawref = {") == 19
    assert "rawref = {1. ^ Running A Huge Risk Center for Defense Information}" in bib
    refs = json.loads(bibman("parse", WIKI, "--format", "json").stdout)
    low = [
        ref
        for ref in refs
        if ref["confidence"] < 0.5
        or any(d["code"] == "parse.low-confidence" for d in ref.get("diagnostics", []))
    ]
    assert f"{len(low)} of 19 entries below confidence 0.5" in r.stderr
    listed = [
        ln
        for ln in r.stderr.splitlines()
        if "parse.low-confidence" in ln or "low confidence (" in ln
    ]
    assert len(listed) == len(low)
    for ref in low:
        assert any(f"entry '{ref['key']}'" in ln for ln in listed)
    plain = bibman("parse", WIKI)
    assert "low confidence" not in plain.stderr  # only with --review
    strict = bibman("parse", WIKI, "--fail-under", "0.99")
    assert strict.returncode == (1 if any(ref["confidence"] < 0.99 for ref in refs) else 0)
    assert strict.stdout == plain.stdout


def test_html_and_markdown_documents() -> None:
    html = bibman("parse", FIXTURES / "wikipedia-page.html", "--format", "json")
    md = bibman("parse", FIXTURES / "notes.md", "--format", "json")
    assert html.returncode == md.returncode == 0
    assert len(json.loads(html.stdout)) == 3
    assert len(json.loads(md.stdout)) == 3


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory"),
        (
            lambda d: _write(d / "x.pdf", b"%PDF-1.4\x00\x01\x02" * 50),
            "damaged PDF",
        ),
    ],
)
def test_unusable_input_exits_2_without_partial_output(
    tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    bad = make(tmp_path)
    out = tmp_path / "out.bib"
    r = bibman("parse", WIKI, bad, "-o", out)
    assert r.returncode == 2
    assert message in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_existing_output_is_replaced_atomically(tmp_path: Path) -> None:
    out = tmp_path / "o.bib"
    out.write_text("old", encoding="utf-8")
    assert bibman("parse", tmp_path / "nope.txt", "-o", out).returncode == 2
    assert out.read_text(encoding="utf-8") == "old"
    assert bibman("parse", JOURNAL, "-o", out).returncode == 0
    assert len(keys_of(out.read_text(encoding="utf-8"))) == 31
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_reference_notes_only_with_verbose(tmp_path: Path) -> None:
    src = tmp_path / "refs.txt"
    src.write_text(
        "Smith, J. (2001). A book about the steppe. Oxford: OUP.\n2019, 45-47\nzzz qqq\n",
        encoding="utf-8",
    )
    refs = json.loads(bibman("parse", "--one-per-line", "--format", "json", src).stdout)
    notes = [d for ref in refs for d in ref.get("diagnostics", []) if d["severity"] == "info"]
    quiet = bibman("parse", "--one-per-line", src)
    loud = bibman("parse", "--one-per-line", "-v", src)
    assert quiet.stdout == loud.stdout
    assert sum(": info: " in ln for ln in loud.stderr.splitlines()) == len(notes)
    assert ": info: " not in quiet.stderr


def test_whole_document_section_is_found_end_to_end(tmp_path: Path) -> None:
    listing = JOURNAL.read_text(encoding="utf-8")
    doc = tmp_path / "article.txt"
    doc.write_text(
        "Preview\n\nA Journal\n\nAbstract\n\nKazakhstan and the US (Smith 2001) since 1991.\n\n"
        + listing
        + "\n\nReview\n\nFor citations:\n\n\nMeena S. KAZAKHSTAN. Bulletin. 2019;(2):142-150.\n",
        encoding="utf-8",
    )
    whole = bibman("parse", doc)
    assert whole.returncode == 0
    assert whole.stdout == bibman("parse", JOURNAL).stdout
    assert f"{doc}:11: info: 31 references: under the heading 'References'" in whole.stderr
