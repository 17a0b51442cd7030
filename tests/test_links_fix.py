"""`check --fix`: archived copies written into entries, everything else kept byte for byte."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bibman.bibtex import dumps, loads
from bibman.links.fix import fix_bibliography
from bibman.links.model import Hop, LinkResult, LinkTarget, Report, Suggestion

ARCHIVE = "https://web.archive.org/web/20190102030405/http://dead.example/a%20b"


def _report(bib_source: str | None, key: str, url: str) -> Report:
    t = LinkTarget(url, key, "url", 2, None, "2019-06-01", bib_source)
    r = LinkResult(url, "dead", 404, None, "not found (404)")
    return Report(((t, r, Suggestion(url, ARCHIVE, "20190102030405")),))


note_text = st.text(
    st.characters(blacklist_characters="{}\\%#", blacklist_categories=("Cs", "Cc")), max_size=40
)


@given(note_text, st.booleans())
def test_fix_keeps_the_rest_and_the_old_note(note: str, with_note: bool) -> None:
    note_field = f"  note = {{{note}}},\n" if with_note else ""
    text = (
        "% head comment\n"
        "@online{dead,\n  url = {http://dead.example/a%20b},\n" + note_field + "}\n\n"
        "@book{other,\n  title   = {Kept   as   is},\n}\n"
    )
    bib = loads(text, "refs.bib")
    fixed, changes = fix_bibliography(bib, _report("refs.bib", "dead", "http://dead.example/a%20b"))
    assert changes == 1
    out = dumps(fixed)
    assert out.startswith("% head comment\n")
    assert out.endswith("@book{other,\n  title   = {Kept   as   is},\n}\n")
    again = loads(out).entry("dead")
    assert again is not None
    assert again.get("archiveurl") == ARCHIVE and again.get("archivedate") == "2019-01-02"
    new_note = again.get("note") or ""
    assert new_note.endswith(
        "Archived at \\url{" + ARCHIVE.replace("%", "\\%") + "} on 2019-01-02."
    )
    if with_note:
        assert new_note.startswith(note.rstrip())
    # fixing twice changes nothing more
    twice, _ = fix_bibliography(
        loads(out, "refs.bib"), _report("refs.bib", "dead", "http://dead.example/a%20b")
    )
    assert dumps(twice).count("Archived at") == 1


def test_fix_redirects_only_for_permanent_ones() -> None:
    bib = loads(
        "@online{a, url = {http://old.example/}}\n@online{b, url = {http://tmp.example/}}\n",
        "r.bib",
    )
    rows = []
    for key, url, code in (("a", "http://old.example/", 301), ("b", "http://tmp.example/", 302)):
        t = LinkTarget(url, key, "url", 1, None, None, "r.bib")
        hop = Hop(code, url, url + "new")
        rows.append((t, LinkResult(url, "redirected", 200, url + "new", "", (hop,)), None))
    fixed, changes = fix_bibliography(bib, Report(tuple(rows)), fix_redirects=True)
    assert changes == 1
    assert (
        dumps(fixed)
        == "@online{a, url = {http://old.example/new}}\n@online{b, url = {http://tmp.example/}}\n"
    )
