"""Training-only variety (``varsynth``): web/report layouts and edited-book parts."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bibman.freetext import varsynth

SHARED = Path(__file__).resolve().parents[2] / "shared"
Made = list[tuple[list[tuple[str, str]], dict[str, object]]]


@pytest.fixture(scope="module")
def made() -> Made:
    if not (SHARED / "data" / "bib" / "iridia").is_dir():
        pytest.skip("shared corpora not beside the checkout")
    return list(varsynth.generate(80, random.Random(3), SHARED))


def test_pieces_spell_the_reference_and_hold_the_gold(made: Made) -> None:
    types = set()
    for parts, gold in made:
        raw = str(gold["raw"])
        assert raw == "".join(t for _, t in parts)
        fields = gold["fields"]
        assert isinstance(fields, dict)
        types.add(gold["type"])
        labelled = {lab: "".join(t for lb, t in parts if lb == lab) for lab, _ in parts}
        assert str(fields["title"]) in labelled["title"]
        if "container" in fields:
            where = labelled.get("journal", "") + labelled.get("container-title", "")
            assert str(fields["container"]) in where
        for name in fields.get("editor", []):
            assert str(name).split(",")[0] in labelled["editor"]
    assert {"web", "chapter", "report"} <= types


def test_editor_markers_come_in_many_languages_and_both_positions(made: Made) -> None:
    eds = ["".join(t for lab, t in parts if lab == "editor") for parts, _g in made]
    eds = [e for e in eds if e]
    assert any("под ред." in e for e in eds) or any("hrsg" in e.lower() for e in eds)
    assert any(
        e.lstrip(" ,./").startswith(
            (
                "edited",
                "ed. by",
                "hrsg",
                "Hrsg",
                "под",
                "Под",
                "a cura",
                "sous",
                "éd.",
                "red.",
                "Ed. by",
            )
        )
        for e in eds
    )
    assert any(e.rstrip(", :").endswith(")") for e in eds)


def test_web_layouts_of_issue_11(made: Made) -> None:
    raws = [str(g["raw"]) for _p, g in made if g["type"] in ("web", "report")]
    text = "\n".join(raws)
    assert "at the Wayback Machine" in text or "Archived from the original" in text
    assert "(n.d.)" in text
    assert "(Report)" in text
    # a site appended to the title is labelled as the site
    for parts, gold in made:
        title = "".join(t for lab, t in parts if lab == "title")
        site = str(gold["fields"].get("container", ""))  # type: ignore[attr-defined]
        if site:
            assert site not in title.replace(str(gold["fields"]["title"]), "")  # type: ignore[index]
