"""The disambiguation's memo of cite renders is bounded (a pure cache: when it is
cleared, output stays the same). Class of input: large bibliographies whose cites
collide in groups (MLA cites by author alone), where the unbounded memo kept every
intermediate step (12.5 MB scale file: 3.8 GB)."""

from __future__ import annotations

import random
from typing import Any

import pytest

from bibman.csl import api, disambig


def _items() -> list[dict[str, Any]]:
    r = random.Random(16)
    fams = ["Smith", "Jones", "Kim", "Nguyen"]
    givens = ["Anna", "Alan", "Bert", "Beth", "Carl"]
    out = []
    for n in range(60):
        names = [
            {"family": r.choice(fams), "given": r.choice(givens)} for _ in range(r.randint(1, 5))
        ]
        out.append(
            {
                "id": f"i{n}",
                "type": "article-journal",
                "author": names,
                "title": f"On {r.choice(['graphs', 'data', 'models'])} {n % 7}",
                "container-title": "Journal",
                "issued": {"date-parts": [[r.choice([2019, 2020])]]},
            }
        )
    return out


@pytest.mark.parametrize("style", ["apa", "modern-language-association", "chicago-author-date"])
def test_a_cleared_memo_changes_nothing(style: str, monkeypatch: pytest.MonkeyPatch) -> None:
    items = _items()
    clusters = [[{"id": it["id"]}] for it in items]
    want_bib = api.render_bibliography(items, style).entries
    want_cites = api.render_citation(items, clusters, style).entries
    monkeypatch.setattr(disambig, "KEY_MEMO_MAX", 3)
    assert api.render_bibliography(items, style).entries == want_bib
    assert api.render_citation(items, clusters, style).entries == want_cites
    assert any("2020a" in e or "2019a" in e for _i, e in want_bib) or style.startswith("modern")
