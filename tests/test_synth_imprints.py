"""Training forms for two imprint classes (``train --imprints``): French "Place : PUBLISHER,
Year" book imprints (classsynth form "fr") and authorless institutional pages
'"Title". site. Publisher. Year.' (websynth.make_site_publisher)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bibman.freetext import classsynth, cslsynth, websynth

SHARED = Path(__file__).resolve().parents[2] / "shared"
Made = list[tuple[list[tuple[str, str]], dict[str, object]]]


@pytest.fixture(scope="module")
def french() -> Made:
    if not (SHARED / "data" / "bib" / "iridia").is_dir():
        pytest.skip("shared corpora not beside the checkout")
    return list(classsynth.generate(80, random.Random(3), SHARED, False, ("fr",)))


@pytest.fixture(scope="module")
def pages() -> Made:
    if not (SHARED / "data" / "bib" / "iridia").is_dir():
        pytest.skip("shared corpora not beside the checkout")
    return list(websynth.generate_site_publisher(80, random.Random(3), SHARED, False))


def _text(parts: list[tuple[str, str]], label: str) -> str:
    return "".join(t for lab, t in parts if lab == label)


def test_french_imprint_is_place_colon_publisher_comma_year(french: Made) -> None:
    places, pubs = set(), set()
    for parts, gold in french:
        assert gold["raw"] == "".join(t for _, t in parts)
        assert gold["type"] == "book"
        fields = gold["fields"]
        assert isinstance(fields, dict)
        loc = _text(parts, "location")
        assert loc == f"{fields['location']} : "
        assert _text(parts, "publisher").strip(", ").lower() == str(fields["publisher"]).lower()
        assert str(fields["year"]) in _text(parts, "date")
        places.add(fields["location"])
        pubs.add(fields["publisher"])
    assert len(places) >= 8 and len(pubs) >= 8  # varied, not one imprint learnt by heart


def test_site_then_publisher_of_an_authorless_page(pages: Made) -> None:
    sites = set()
    for parts, gold in pages:
        assert gold["raw"] == "".join(t for _, t in parts)
        fields = gold["fields"]
        assert isinstance(fields, dict)
        assert "author" not in fields
        labels = [lab for lab, _ in parts if lab != "citation-number"]
        assert labels[:3] == ["title", "journal", "publisher"]
        assert _text(parts, "journal") == f". {fields['container']}"
        assert _text(parts, "publisher") == f". {fields['publisher']}"
        sites.add(fields["container"])
    assert len(sites) >= 20


def test_both_forms_become_training_sequences(french: Made, pages: Made) -> None:
    for parts, _gold in french[:10] + pages[:10]:
        seq = cslsynth.training_sequence(parts)
        assert seq and {"publisher"} <= {lab for _, lab in seq}
