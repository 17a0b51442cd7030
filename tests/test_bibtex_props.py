"""Hypothesis properties: reading then writing never changes a file, and never raises."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bibman.bibtex import dumps, expand, loads
from bibman.latex import to_unicode
from bibman.model import Entry

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text allowed inside values: no braces, quotes, backslashes or '@' (those are
# generated structurally), but '=', ',', '#', '%', newlines and non-ASCII are in.
VALUE_CHARS = st.sampled_from(list("abcXYZ019 .,;:!?'-=#%&~$^_/()\nàéßΩ中"))
plain = st.text(VALUE_CHARS, max_size=12)
name = st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{0,8}", fullmatch=True)
key = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9:_./+-]{0,12}", fullmatch=True)
ws = st.sampled_from(["", " ", "  ", "\t", "\n", "\n  ", " \n\t"])

balanced: st.SearchStrategy[str] = st.recursive(
    plain,
    lambda inner: st.lists(st.one_of(inner, inner.map(lambda s: "{" + s + "}")), max_size=3).map(
        "".join
    ),
    max_leaves=6,
)
piece = st.one_of(
    balanced.map(lambda s: "{" + s + "}"),
    balanced.map(lambda s: '"' + s + '"'),
    st.integers(0, 99999).map(str),
    name,
)
value = st.lists(piece, min_size=1, max_size=3).map(" # ".join)


@st.composite
def entry(draw: st.DrawFn) -> tuple[str, str, list[tuple[str, str]]]:
    fields = draw(st.lists(st.tuples(name, value), max_size=5, unique_by=lambda f: f[0].lower()))
    parts = [f"{draw(ws)}{n}{draw(ws)}={draw(ws)}{v}" for n, v in fields]
    body = ",".join(parts) + (draw(st.sampled_from(["", ","])) if parts else "")
    etype = draw(st.from_regex(r"[A-Za-z]{1,12}", fullmatch=True))
    if etype.lower() in {"string", "comment", "preamble"}:
        etype = "misc"
    k = draw(key)
    sep = "," if parts else draw(st.sampled_from([",", ""]))
    text = f"@{etype}{draw(st.sampled_from(['', ' ']))}{{{k}{sep}{body}{draw(ws)}}}"
    return text, k, fields


other_block = st.one_of(
    st.tuples(name, value).map(lambda nv: f"@string{{{nv[0]} = {nv[1]}}}"),
    balanced.map(lambda s: "@comment{" + s + "}"),
    value.map(lambda v: "@preamble{" + v + "}"),
)
junk = st.text(st.sampled_from(list("ab %=,}{\n\t")), max_size=20).filter(
    lambda s: "{" not in s and "}" not in s and "=" not in s
)
comment_line = plain.map(lambda s: "% " + s.replace("\n", " ") + "\n")


@st.composite
def bib_text(draw: st.DrawFn) -> tuple[str, list[tuple[str, list[tuple[str, str]]]]]:
    chunks: list[str] = [draw(st.one_of(junk, comment_line))]
    entries: list[tuple[str, list[tuple[str, str]]]] = []
    for _ in range(draw(st.integers(0, 5))):
        if draw(st.booleans()):
            text, k, fields = draw(entry())
            entries.append((k, fields))
        else:
            text = draw(other_block)
        chunks.append(text)
        chunks.append(draw(st.sampled_from(["\n", "\n\n", "\n% note\n", "\r\n", "  \n"])))
        chunks.append(draw(st.one_of(st.just(""), comment_line)))
    return "".join(chunks), entries


@SETTINGS
@given(bib_text())
def test_read_then_write_never_changes_a_file(case: tuple[str, list]) -> None:
    text, expected = case
    bib = loads(text)
    assert dumps(bib) == text
    assert [d for d in bib.diagnostics if d.severity == "error"] == []
    got = [(e.key, [(f.name, f.value) for f in e.fields]) for e in bib.entries]
    assert got == [(k, [(n, v.strip()) for n, v in fields]) for k, fields in expected]


@SETTINGS
@given(bib_text())
def test_forced_rerender_keeps_every_entry(case: tuple[str, list]) -> None:
    bib = loads(case[0])
    forced = replace(
        bib, items=tuple(replace(i, origin=None) if isinstance(i, Entry) else i for i in bib.items)
    )
    again = loads(dumps(forced))

    def sig(es: tuple[Entry, ...]) -> list[tuple[str, str, list[tuple[str, str]]]]:
        return [(e.type, e.key, [(f.name, f.value) for f in e.fields]) for e in es]

    assert sig(again.entries) == sig(bib.entries)


BIBTEX_SOUP = st.lists(
    st.one_of(
        st.sampled_from(
            [*'@{}()"=,#%\\\n\r\t ', "@article{", "@string{", "@comment{", "\ufeff", "k,", "t="]
        ),
        st.characters(),
    ),
    max_size=80,
).map("".join)


@SETTINGS
@given(BIBTEX_SOUP)
def test_loads_never_raises_and_keeps_arbitrary_text(text: str) -> None:
    bib = loads(text)
    assert dumps(bib) == text
    for d in bib.diagnostics:
        assert d.line is None or d.line >= 1


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["brace", "quote", "num"]), balanced), max_size=4))
def test_expand_joins_pieces(pieces: list[tuple[str, str]]) -> None:
    src, want = [], []
    for kind, text in pieces:
        if kind == "num":
            n = str(len(text))
            src.append(n)
            want.append(n)
        else:
            src.append("{" + text + "}" if kind == "brace" else '"' + text + '"')
            want.append(text)
    assert expand(" # ".join(src)) == "".join(want)


@SETTINGS
@given(st.text(max_size=80))
def test_to_unicode_never_raises(s: str) -> None:
    out = to_unicode(s)
    assert isinstance(out, str)
    assert out == out.strip()
