"""Lossless BibTeX reading and writing: preservation, diagnostics, rendering, expand."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bibman import bibtex
from bibman.bibtex import Style, detect_style, dumps, expand, loads, render_entry
from bibman.model import Bibliography, Block, Diagnostic, Entry, Field

FIX = Path(__file__).with_name("fixtures") / "bibtex"


def codes(bib: Bibliography) -> list[tuple[str, int | None, str | None]]:
    return [(d.code, d.line, d.key) for d in bib.diagnostics]


def kinds(bib: Bibliography) -> list[str]:
    return [i.kind if isinstance(i, Block) else "entry" for i in bib.items]


# --------------------------------------------------------------------------
# Byte-identical round trips
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["mixed.bib", "pitfalls.bib", "crlf.bib"])
def test_fixture_round_trips_byte_identical(name: str) -> None:
    text = (FIX / name).read_bytes().decode("utf-8")
    assert dumps(loads(text)) == text


def test_mixed_keeps_every_kind_of_block_in_file_order() -> None:
    bib = loads((FIX / "mixed.bib").read_text("utf-8"))
    assert [k for k in kinds(bib) if k != "text"] == [
        "preamble",
        "string",
        "string",
        "string",
        "comment",
        "entry",
        "entry",
        "entry",
        "entry",
    ]
    first = bib.items[0]
    assert isinstance(first, Block) and first.raw.startswith("%% A hand-made")  # text before
    assert bib.diagnostics == ()


def test_strings_stay_macros_and_concatenations_are_not_expanded() -> None:
    bib = loads((FIX / "mixed.bib").read_text("utf-8"))
    e = bib.entry("Knuth:1984:LP")
    assert e is not None
    assert e.field("journal") == Field("journal", "TUGboat", 15)
    assert e.field("month").value == 'may # "~1"'  # type: ignore[union-attr]
    assert e.field("acknowledgement").value == 'ack-nhfb # " and " # {others}'  # type: ignore[union-attr]
    assert bib.strings == {
        "ack-nhfb": '"Nelson H. F. Beebe"',
        "tugboat": "{TUGboat}",
        "j-abbr": 'TUGboat # "~(abbr.)"',
    }


def test_type_key_and_field_names_keep_their_case_and_order() -> None:
    bib = loads((FIX / "mixed.bib").read_text("utf-8"))
    e = bib.entries[0]
    assert (e.type, e.key) == ("Article", "Knuth:1984:LP")
    assert [f.name for f in e.fields] == [
        "author",
        "title",
        "journal",
        "volume",
        "number",
        "pages",
        "month",
        "year",
        "acknowledgement",
        "URL",
        "unknownfield",
    ]
    assert e.field("unknownfield").value == r"{kept {\em as} is}"  # type: ignore[union-attr]
    odd = bib.entries[1]
    assert (odd.type, odd.key) == ("unknowntype", "Odd:key.with-punct/and:colons")


def test_entries_carry_their_exact_raw_text_and_lines() -> None:
    text = "junk\n\n@book{a,\n  title = {T},\n  year = 1999\n}\n"
    bib = loads(text)
    (e,) = bib.entries
    assert e.raw == "@book{a,\n  title = {T},\n  year = 1999\n}"
    assert e.line == 3
    assert [(f.name, f.line) for f in e.fields] == [("title", 4), ("year", 5)]
    assert e.unchanged
    assert kinds(bib) == ["text", "entry", "text"]


def test_whitespace_only_and_empty_inputs() -> None:
    assert loads("").items == ()
    for t in ["\n", "   \n\t\n", "no blocks at all\n"]:
        bib = loads(t)
        assert kinds(bib) == ["text"] and dumps(bib) == t


def test_bom_and_crlf_are_remembered() -> None:
    text = "\ufeff@misc{a,\r\n  title = {x\r\n    y},\r\n}\r\n"
    bib = loads(text)
    assert bib.bom and bib.newline == "\r\n"
    assert bib.entries[0].field("title").value == "{x\n    y}"  # type: ignore[union-attr]
    assert dumps(bib) == text


def test_mixed_line_ends_are_kept_as_they_are() -> None:
    text = "@misc{a, title = {x}}\r\n@misc{b, title = {y}}\n"
    bib = loads(text)
    assert bib.newline == "\n"
    assert dumps(bib) == text


# --------------------------------------------------------------------------
# Diagnostics (codes, 1-based lines, keys)
# --------------------------------------------------------------------------


def test_pitfalls_fixture_reports_each_problem_with_its_line() -> None:
    bib = loads((FIX / "pitfalls.bib").read_text("utf-8"), source="pitfalls.bib")
    assert codes(bib) == [
        ("bibtex.missing-comma", 14, "missing"),
        ("bibtex.parse-failed", 17, "unclosed"),
        ("bibtex.stray-text", 24, "extra"),
        ("bibtex.duplicate-key", 32, "DupKey"),
        ("bibtex.duplicate-field", 33, "dupkey"),
        ("bibtex.duplicate-key", 33, "dupkey"),
        ("bibtex.duplicate-string", 36, None),
    ]
    assert all(d.file == "pitfalls.bib" for d in bib.diagnostics)
    # a space or a line end between '@article' and '{' is read like BibTeX does
    assert bib.entry("spaced") is not None
    assert bib.entry("newline") is not None
    # '@' inside a value is content
    assert bib.entry("atsign").field("note").value.startswith("{Mail x@y.org")  # type: ignore[union-attr]


def test_failed_block_is_kept_verbatim_up_to_the_next_block() -> None:
    text = "@book{bad,\n  title = {open,\n  year = 2002,\n}\n\n@book{good, title = {G}}\n"
    bib = loads(text)
    assert kinds(bib) == ["failed", "text", "entry", "text"]
    failed = bib.items[0]
    assert failed.raw == "@book{bad,\n  title = {open,\n  year = 2002,\n}"
    (d,) = bib.diagnostics
    assert (d.severity, d.code, d.line, d.key) == ("error", "bibtex.parse-failed", 1, "bad")
    assert "braces do not balance" in d.message
    assert dumps(bib) == text
    assert [e.key for e in bib.entries] == ["good"]


def test_duplicate_keys_are_reported_never_dropped() -> None:
    text = "@a{k, x={1}}\n@b{k, x={2}}\n@c{K, x={3}}\n"
    bib = loads(text)
    assert [(e.type, e.key) for e in bib.entries] == [("a", "k"), ("b", "k"), ("c", "K")]
    assert codes(bib) == [("bibtex.duplicate-key", 2, "k"), ("bibtex.duplicate-key", 3, "K")]
    assert "only in case" in bib.diagnostics[1].message
    assert bib.entry("k") is bib.entries[0]


def test_duplicate_fields_are_both_kept() -> None:
    bib = loads("@misc{m,\n  note = {a},\n  Note = {b},\n}\n")
    assert [f.value for f in bib.entries[0].fields] == ["{a}", "{b}"]
    assert codes(bib) == [("bibtex.duplicate-field", 3, "m")]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("@article\n{k,\n  title = {T},\n}\n", 1),
        ("% x\n@ article{k,\n  title = {T},\n}\n", 2),
        ("@article \n  {k, title = {T}}\n", 1),
    ],
)
def test_entry_start_with_a_line_end_is_read_as_bibtex_does(text: str, line: int) -> None:
    bib = loads(text)
    (e,) = bib.entries
    assert (e.type, e.key, e.line, e.fields[0].value) == ("article", "k", line, "{T}")
    assert bib.diagnostics == ()
    assert e.raw is not None and text.find(e.raw) >= 0  # the original bytes, not the re-read
    assert dumps(bib) == text


def test_email_addresses_in_comments_are_not_mistaken_for_blocks() -> None:
    text = "% contact: someone@example.org (maintainer)\n@misc{a, title = {x}}\n"
    assert loads(text).diagnostics == ()


def test_missing_comma_between_fields_names_the_swallowed_field() -> None:
    bib = loads('@book{b,\n  title = "B"\n  year = {2000}\n}\n')
    (d,) = bib.diagnostics
    assert (d.code, d.line, d.key) == ("bibtex.missing-comma", 3, "b")
    assert "'year ='" in d.message


def test_extra_closing_brace_leaves_stray_fields_reported() -> None:
    bib = loads("@book{b,\n  title = {B}},\n  year = 2003,\n}\n")
    assert bib.entries[0].fields == (Field("title", "{B}", 2),)
    assert codes(bib) == [("bibtex.stray-text", 3, "b")]


def test_unbalanced_quoted_value_and_bad_values() -> None:
    bib = loads('@misc{a,\n  author = "Simon {"}the {saint"} x",\n  b = {x} y,\n}\n')
    got = {d.code for d in bib.diagnostics}
    assert "bibtex.unbalanced-braces" in got or "bibtex.bad-value" in got
    assert dumps(bib) == '@misc{a,\n  author = "Simon {"}the {saint"} x",\n  b = {x} y,\n}\n'


def test_bad_keys() -> None:
    bib = loads("@misc{, title = {x}}\n@misc{has space, title = {y}}\n@misc{O'Hara, t = 1}\n")
    assert codes(bib) == [("bibtex.bad-key", 1, None), ("bibtex.bad-key", 2, "has space")]


def test_swallowed_entry_inside_a_value() -> None:
    bib = loads("@misc{a,\n  note = {see @book{b, title = {B}} here},\n}\n")
    assert codes(bib) == [("bibtex.swallowed-entry", 2, "a")]


def test_biber_percent_comments_inside_entries() -> None:
    text = "@online{r,\n  % before\n  title = {T},\n  url = {https://x.invalid}\n  % after\n}\n"
    bib = loads(text)
    e = bib.entries[0]
    assert [(f.name, f.value) for f in e.fields] == [
        ("title", "{T}"),
        ("url", "{https://x.invalid}"),
    ]
    assert [c for c, _, _ in codes(bib)] == ["bibtex.comment-in-entry"] * 2
    assert all(d.severity == "info" for d in bib.diagnostics)
    assert dumps(bib) == text


def test_parser_crash_keeps_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(bibtex._splitter(), "split", boom)
    text = "@misc{a, title={x}}\n"
    bib = loads(text, "f.bib")
    assert codes(bib) == [("bibtex.parser-crash", 1, None)]
    assert dumps(bib) == text


def test_diagnostic_str_names_file_line_and_entry() -> None:
    bib = loads("@a{k, x={1}}\n@a{k, x={2}}\n", source="refs.bib")
    assert str(bib.diagnostics[0]) == (
        "refs.bib:2: entry 'k': warning: duplicate key (first on line 1); both entries kept"
    )
    assert isinstance(bib.diagnostics[0], Diagnostic)


# --------------------------------------------------------------------------
# Writing changed and new entries
# --------------------------------------------------------------------------

ALIGNED = """@article{a,
  author  = {A},
  title   = {T},
  journal = {J},
}

@article{b,
  author  = {B},
  year    = {2000},
}
"""


def test_changed_entry_is_rerendered_in_the_file_style_others_untouched() -> None:
    bib = loads(ALIGNED)
    a = bib.entries[0].with_field("year", "{1999}")
    items = tuple(a if i is bib.entries[0] else i for i in bib.items)
    out = dumps(replace(bib, items=items))
    assert out == ALIGNED.replace("  journal = {J},\n}", "  journal = {J},\n  year    = {1999},\n}")


def test_detect_style_variants() -> None:
    assert detect_style(loads(ALIGNED)) == Style("  ", " ", " ", True, True, True)
    tight = "@misc{a,\n\ttitle={T},\n\tyear={1}}\n@misc{b,\n\ttitle={U},\n\tnote={n}}\n"
    assert detect_style(loads(tight)) == Style("\t", "", "", False, False, False)
    assert detect_style(loads("")) == Style()


def test_new_entries_are_appended_on_their_own_lines() -> None:
    bib = loads("@misc{a, title = {x}}")  # no final newline
    new = bibtex.make_entry("book", "n", [("title", "{New}"), ("year", "2024")])
    out = dumps(replace(bib, items=(*bib.items, new)))
    assert out == "@misc{a, title = {x}}\n\n@book{n,\n  title = {New},\n  year = 2024,\n}\n"
    again = loads(out)
    assert [e.key for e in again.entries] == ["a", "n"] and again.diagnostics == ()


def test_new_entry_in_empty_bibliography() -> None:
    new = bibtex.make_entry("misc", "k", [("note", "{n}")])
    assert dumps(Bibliography(items=(new,))) == "@misc{k,\n  note = {n},\n}\n"


def test_removing_a_field_and_changing_type_or_key_rerender() -> None:
    bib = loads(ALIGNED)
    b = bib.entries[1]
    changed = [b.without_field("year"), replace(b, type="book"), replace(b, key="bb")]
    for c in changed:
        assert not c.unchanged
        text = render_entry(c, style=detect_style(bib))
        assert loads(text).entries[0].fields == tuple(
            Field(f.name, f.value, loads(text).entries[0].fields[i].line)
            for i, f in enumerate(c.fields)
        )


def test_render_entry_keeps_old_signature() -> None:
    e = Entry("misc", "k", (Field("title", "{T}"),))
    assert render_entry(e) == "@misc{k,\n  title = {T},\n}"
    assert render_entry(e, indent="    ") == "@misc{k,\n    title = {T},\n}"
    assert render_entry(Entry("misc", "k")) == "@misc{k,\n}"


def test_forced_rerender_parses_back_to_the_same_entries() -> None:
    bib = loads((FIX / "mixed.bib").read_text("utf-8"))
    forced = replace(
        bib, items=tuple(replace(i, origin=None) if isinstance(i, Entry) else i for i in bib.items)
    )
    again = loads(dumps(forced))
    assert [(e.type, e.key, [(f.name, f.value) for f in e.fields]) for e in again.entries] == [
        (e.type, e.key, [(f.name, f.value) for f in e.fields]) for e in bib.entries
    ]


def test_string_block_without_raw_is_rendered() -> None:
    bib = Bibliography(items=(Block("string", "", name="acm", value="{ACM}"),))
    assert dumps(bib) == "@string{acm = {ACM}}"


# --------------------------------------------------------------------------
# expand
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "plain"),
    [
        ("{Simple}", "Simple"),
        ('"Quoted {with} braces"', "Quoted {with} braces"),
        ("1984", "1984"),
        ("jan", "January"),
        ("DEC", "December"),
        ('may # "~1"', "May~1"),
        ('ack # " and " # {others}', "Nelson and others"),
        ("j-abbr", "TUGboat~(abbr.)"),
        ("unknownmacro", "unknownmacro"),
        ("{unbalanced", "{unbalanced"),
        ("", ""),
        ("  {padded}  ", "padded"),
    ],
)
def test_expand(value: str, plain: str) -> None:
    strings = {"ack": '"Nelson"', "tugboat": "{TUGboat}", "j-abbr": 'TUGboat # "~(abbr.)"'}
    assert expand(value, strings) == plain


def test_expand_uses_file_macros_and_survives_self_reference() -> None:
    bib = loads('@string{a = b # "x"}\n@string{b = a}\n@string{mar = "Mars"}\n')
    assert expand("a", bib.strings) == "ax"  # a -> b -> a stops: the inner a stays a name
    assert expand("mar", bib.strings) == "Mars"  # a file's @string beats the month default
    assert expand("mar") == "March"


def test_edits_touch_only_what_changed() -> None:
    text = "@misc{k,\n    title = {Old},\n    note = {keep   spacing}\n}\n"
    bib = loads(text)
    e = bib.entries[0]

    def out(new: Entry) -> str:
        return dumps(replace(bib, items=(new, *bib.items[1:])))

    assert out(e.with_field("title", "{New}")) == text.replace("{Old}", "{New}")
    appended = out(e.with_field("year", "2020"))
    assert appended == text.replace("spacing}\n}", "spacing},\n    year = 2020\n}")
    # removing a field is a re-render, in the entry's own layout
    assert out(e.without_field("title")) == "@misc{k,\n    note = {keep   spacing}\n}\n"
    assert out(replace(e, type="book")).startswith("@book{k,\n    title = {Old},")


def test_edit_with_value_text_repeated_elsewhere_in_the_entry() -> None:
    text = "@misc{year,\n  title = {year},\n  year = {year},\n}\n"
    bib = loads(text)
    new = bib.entries[0].with_field("year", "{2001}")
    assert dumps(replace(bib, items=(new, *bib.items[1:]))) == text.replace(
        "year = {year}", "year = {2001}"
    )


def test_field_added_to_a_one_line_entry_stays_on_that_line() -> None:
    bib = loads("@misc{a, title = {x}}\n")
    new = bib.entries[0].with_field("year", "2020")
    assert dumps(replace(bib, items=(new, *bib.items[1:]))) == (
        "@misc{a, title = {x}, year = 2020}\n"
    )
