"""The public API in bibman/__init__.py: each name works end to end on values."""

from __future__ import annotations

import pytest

import bibman
from bibman.errors import ConfigError


def test_public_names_resolve() -> None:
    for name in bibman.__all__:
        assert getattr(bibman, name) is not None
    with pytest.raises(AttributeError):
        _ = bibman.no_such_name


def test_parse_load_dump_format_check_on_values() -> None:
    result = bibman.parse_text(
        "Hanks, Reuel R. (2009) \"'Multi-vector politics' and Kazakhstan's emerging role\", "
        "Journal of Balkan and Near Eastern Studies, 11(3):257-267"
    )
    (ref,) = result.references
    assert ref.type == "article"
    assert ref.get("journal") == "Journal of Balkan and Near Eastern Studies"
    assert ref.key == "hanks2009multi"

    text = "@string{j = {J}}\n% kept\n@article{k, journal = j, title = {T}, year = 2000}\n"
    bib = bibman.loads(text)
    assert bibman.dumps(bib) == text

    formatted = bibman.format_bibliography(text, "plain")
    assert len(formatted.entries) == 1

    # loopback is refused by default: no request leaves, the verdict says why
    links = bibman.loads("@misc{a, url = {http://127.0.0.1:9/x}}")
    report = bibman.check_links(links)
    assert [r.verdict for _, r, _ in report.rows] == ["excluded"]


def test_change_an_entry_and_write_back_only_that_entry() -> None:
    text = "% head\n@article{a, title = {A}}\n\n@book{b,\n  title = {B},\n}\n"
    bib = bibman.loads(text)
    entry = bib.entry("a")
    assert entry is not None
    edited = bib.with_entry(entry.with_field("note", "{n}"))
    assert bib.entry("a") is entry  # values: the original is untouched
    out = bibman.dumps(edited)
    assert out.startswith("% head\n@article{a,") and "note = {n}" in out
    assert out.endswith("@book{b,\n  title = {B},\n}\n")
    renamed = bib.with_entry(entry.with_field("title", "{A2}"), key="a")
    assert [e.key for e in renamed.entries] == ["a", "b"]
    added = bib.with_entry(bibman.loads("@misc{c, title = {C}}").entries[0])
    assert [e.key for e in added.entries] == ["a", "b", "c"]
    assert [e.key for e in bib.without_entry("a").entries] == ["b"]


def test_format_bibliography_with_any_style_name() -> None:
    text = (
        "@article{watson1953, author = {Watson, James D. and Crick, Francis H. C.},"
        " title = {Molecular structure of nucleic acids}, journal = {Nature},"
        " volume = 171, pages = {737--738}, year = 1953}\n"
    )
    apa = bibman.format_bibliography(text, "apa")
    assert apa.style == "apa" and apa.to == "text"
    assert apa.entries[0][0] == "watson1953"
    assert apa.entries[0][1].startswith("Watson, J. D., & Crick, F. H. C. (1953).")
    assert str(apa) == apa.entries[0][1] + "\n"
    mla = bibman.format_bibliography(bibman.loads(text), "mla", to="html")
    assert mla.style == "modern-language-association" and "<i>Nature</i>" in mla.text
    plain = bibman.format_bibliography(text, "plain")
    assert plain.entries[0][1].startswith("[1] James\u00a0D. Watson and Francis H.\u00a0C. Crick.")
    with pytest.raises(ConfigError, match="did you mean"):
        bibman.format_bibliography(text, "apaa")
    with pytest.raises(ConfigError, match="unknown locale"):
        bibman.format_bibliography(text, "apa", locale="xx-YY")


def test_to_bibtex_of_a_parse() -> None:
    result = bibman.parse_text("Smith, J. (2001). A study of things. Journal of Stuff, 3(2), 1-9.")
    text = bibman.to_bibtex(result)
    assert text.startswith("@article{smith2001study,") and text.endswith("}\n")
    assert bibman.loads(text).entries[0].get("journal") == "Journal of Stuff"
