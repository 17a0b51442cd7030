"""Parsed references as BibTeX entries (bibman.freetext.to_bibtex) and the
library pipeline (bibman.freetext.pipeline)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bibman.bibtex import loads
from bibman.freetext.pipeline import parse_documents, review, to_bibtex
from bibman.freetext.to_bibtex import entries_to_bibtex, reference_to_entry
from bibman.model import Name, Reference

ROOT = Path(__file__).resolve().parents[1]
JOURNAL = ROOT / "examples" / "journal-kazakhstan-us-relationship-references.txt"


def test_fields_are_escaped_ordered_and_case_protected() -> None:
    ref = Reference(
        "article",
        (
            ("url", "http://e.org/a_b%20c"),
            ("pages", "7–13"),
            ("title", "Kazakhstan & the U.S.: 100% done"),
            ("month", "5"),
            ("year", "2001"),
            ("journal", "Journal of US-China Studies"),
        ),
        (Name("Smith", "John"), Name(literal="World Bank")),
    )
    entry = reference_to_entry(ref, "smith2001kazakhstan")
    assert [f.name for f in entry.fields] == [
        "author",
        "title",
        "journal",
        "pages",
        "year",
        "month",
        "url",
    ]
    values = {f.name: f.value for f in entry.fields}
    assert values["author"] == "{Smith, John and {World Bank}}"
    assert values["title"] == r"{Kazakhstan \& the {U.S.}: 100\% done}"
    assert values["pages"] == "{7--13}"
    assert values["month"] == "may"
    assert values["url"] == "{http://e.org/a_b%20c}"


def test_organisation_author_is_double_braced_and_raw_kept_on_request() -> None:
    org = Name(literal="Embassy of the Republic of Kazakhstan")
    ref = Reference("misc", (("title", "Joint Statement"),), (org,), raw="Embassy ... (2010)")
    plain = reference_to_entry(ref, "k")
    kept = reference_to_entry(ref, "k", keep_raw=True)
    assert plain.get("author") == "{Embassy of the Republic of Kazakhstan}"
    assert plain.field("rawref") is None
    assert kept.get("rawref") == "Embassy ... (2010)"


_text = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["title", "journal", "note", "url", "pages", "month", "publisher"]),
            _text,
        ),
        max_size=6,
    ),
    st.lists(_text.map(lambda s: Name(literal=s)), max_size=3),
)
def test_any_reference_is_written_as_bibtex_our_reader_accepts(
    fields: list[tuple[str, str]], authors: list[Name]
) -> None:
    ref = Reference("misc", tuple(fields), tuple(authors))
    text = entries_to_bibtex([reference_to_entry(ref, "key1")])
    bib = loads(text)
    assert [e.key for e in bib.entries] == ["key1"]
    assert not [d for d in bib.diagnostics if d.severity == "error"]


def test_pipeline_keeps_document_order_and_locations() -> None:
    text = JOURNAL.read_text(encoding="utf-8")
    result = parse_documents([("a.txt", text), ("b.txt", "1. Smith, J. (2001). A book.\n")])
    refs = result.references
    assert len(refs) == 32
    assert [r.span.line for r in refs[:31] if r.span] == list(range(3, 64, 2))
    assert refs[-1].span is not None and refs[-1].span.line == 1
    assert len({r.key for r in refs}) == 32
    assert all(r.raw == "" for r in refs)  # raw strings only with keep_raw
    kept = parse_documents([("a.txt", text)], keep_raw=True).references
    assert kept[0].raw.startswith("1. Embassy of the Republic of Kazakhstan (2010)")
    assert to_bibtex(result).count("\n@") == 31


def test_pipeline_reports_no_references_and_low_confidence_once() -> None:
    empty = parse_documents([("e.txt", "\n\n")])
    assert not empty.references
    assert [(d.code, d.file) for d in empty.diagnostics] == [("parse.no-references", "e.txt")]
    result = parse_documents([("j.txt", JOURNAL.read_text(encoding="utf-8"))])
    low = review(result)
    assert len({d.key for d in low}) == len(low)
    keys = {r.key for r in result.references if r.confidence < 0.5}
    assert keys <= {d.key for d in low}
    assert all(d.file == "j.txt" and d.line for d in low)


def test_one_per_line_never_merges() -> None:
    line = "Smith, J. (2001). A book about the steppe. Oxford: OUP.\n"
    merged = parse_documents([("x", line * 3)])
    kept = parse_documents([("x", line * 3)], one_per_line=True)
    assert len(kept.references) == 3
    assert len(merged.references) == 1
    assert sum(d.code == "parse.duplicate" for d in merged.diagnostics) == 2


def test_ibid_notes_are_skipped_and_reported() -> None:
    doc = (
        "Notes\n\n1. Smith, J. A book. Oxford: OUP, 2001.\n2. Ibid., p. 4.\n"
        "3. Там же. С. 12.\n4. Jones, K. A paper about ibid. 1999.\n"
    )
    result = parse_documents([("n.txt", doc)])
    assert len(result.references) == 2
    skipped = [d for d in result.diagnostics if d.code == "parse.repeat"]
    assert [(d.line, d.severity) for d in skipped] == [(4, "info"), (5, "info")]
    kept = parse_documents([("n.txt", doc)], one_per_line=True)
    assert len(kept.references) == 5  # one per line means every line


def test_authorless_entries_get_a_sort_key() -> None:
    site = Reference("misc", (("title", "Running A Huge Risk"), ("howpublished", "CDI")))
    bare = Reference("misc", (("title", "Untitled page"),))
    authored = Reference("misc", (("title", "T"),), (Name("Smith", "J."),))
    assert reference_to_entry(site, "k").get("key") == "CDI"
    assert reference_to_entry(bare, "k").get("key") == "Untitled page"
    assert reference_to_entry(authored, "k").field("key") is None


def test_backslashes_in_free_text_do_not_break_the_entry() -> None:
    ref = Reference("misc", (("title", "a \\ b\\"), ("url", "http://e.org/a\\")))
    bib = loads(entries_to_bibtex([reference_to_entry(ref, "k")]))
    assert [e.key for e in bib.entries] == ["k"]
    assert bib.entries[0].get("url") == "http://e.org/a%5C"


def test_where_the_references_were_found_is_reported() -> None:
    text = JOURNAL.read_text(encoding="utf-8")
    diags = parse_documents(
        [("j.txt", text), ("bare.txt", "Smith, J. A book. 2001.\n")]
    ).diagnostics
    found = [(d.file, d.line, d.message) for d in diags if d.code == "parse.section"]
    assert found == [
        ("j.txt", 3, "31 references: under the heading 'References'"),
        ("bare.txt", 1, "1 reference: the whole input is the list"),
    ]


def test_a_title_opening_with_a_quote_keeps_its_first_capital() -> None:
    ref = Reference("article", (("title", "‘Multi-vector politics’ and Kazakhstan"),))
    assert reference_to_entry(ref, "k").get("title") == (
        "‘{Multi-vector} politics’ and {Kazakhstan}"
    )
    plain = Reference("article", (("title", "Plain title of Kazakhstan"),))
    assert reference_to_entry(plain, "k").get("title") == "Plain title of {Kazakhstan}"


def test_bibtex_given_to_parse_is_flagged() -> None:
    result = parse_documents([("x.bib", "@article{k,\n  title = {X},\n  year = {2001},\n}\n")])
    assert "parse.bibtex-input" in [d.code for d in result.diagnostics]
    assert len(result.references) == 1  # the "}" line is not a reference


def test_a_web_page_shows_its_url_and_access_date_in_bibtex_styles() -> None:
    ref = Reference(
        "misc",
        (
            ("title", "Major expansion at Tengiz field"),
            ("howpublished", "Chevron News"),
            ("url", "https://www.chevron.com/stories/tengiz"),
            ("urldate", "2019-04-28"),
            ("note", "Online web"),
        ),
    )
    entry = reference_to_entry(ref, "k")
    assert entry.get("howpublished") == "Chevron News"  # the site alone: the container
    # "Online web" said nothing more than the URL does
    assert entry.get("note") == "\\url{https://www.chevron.com/stories/tengiz}. Accessed 2019-04-28"
    assert entry.get("url") == "https://www.chevron.com/stories/tengiz"
    # a URL with "%" would break biblatex's .bbl inside \url: url field only
    ref2 = Reference("misc", (("title", "T"), ("url", "http://x.org/a%20b")))
    assert reference_to_entry(ref2, "k").get("note") is None
    # a note with something to say keeps it, before the copies
    ref3 = Reference("misc", (("title", "T"), ("url", "https://x.org/a"), ("note", "Mirror.")))
    assert reference_to_entry(ref3, "k").get("note") == "Mirror; \\url{https://x.org/a}"
