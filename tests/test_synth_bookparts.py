"""Chapters in edited books and theses made for training (``classsynth.BOOK_PARTS``)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bibman.freetext import classsynth

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="module")
def made() -> list[tuple[list[tuple[str, str]], dict[str, object]]]:
    if not (SHARED / "data" / "bib" / "iridia").is_dir():
        pytest.skip("shared corpora not beside the checkout")
    return list(classsynth.generate(120, random.Random(5), SHARED, False, classsynth.BOOK_PARTS))


def test_gold_fields_are_printed_and_labelled(
    made: list[tuple[list[tuple[str, str]], dict[str, object]]],
) -> None:
    types = set()
    for parts, gold in made:
        raw = str(gold["raw"])
        assert raw == "".join(t for _, t in parts)
        assert ".." not in raw.replace("...", "")
        fields = gold["fields"]
        assert isinstance(fields, dict)
        types.add(gold["type"])
        labelled = {lab: "".join(t for lb, t in parts if lb == lab) for lab, _ in parts}
        assert str(fields["title"]) in labelled["title"]
        if gold["type"] == "chapter":
            assert str(fields["container"]) in labelled["container-title"]
        else:
            assert str(fields["publisher"]) in labelled["publisher"]
            assert "genre" in labelled
    assert types == {"chapter", "thesis"}


def test_chapters_vary_where_the_book_title_starts(
    made: list[tuple[list[tuple[str, str]], dict[str, object]]],
) -> None:
    leads = set()
    for parts, gold in made:
        if gold["type"] != "chapter":
            continue
        first = next(t for lab, t in parts if lab in ("editor", "container-title"))
        leads.add(first.split()[0] if first.startswith(("In", "in")) else "-")
    assert {"In", "In:", "-"} <= leads
