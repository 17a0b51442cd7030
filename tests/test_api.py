"""The public API in bibman/__init__.py: each name works end to end on values."""

from __future__ import annotations

import pytest

import bibman


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
