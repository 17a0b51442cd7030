"""Disambiguation skips the steps that cannot change a cite. Class of input: large
bibliographies whose cites collide in big groups (MLA cites by author alone) where some
members have long author lists: every step of the group (one more name, given names of
name N) re-rendered every member, also those with fewer names than N or whose cite
cuts the list before name N (12.5 MB scale file, MLA: 107 s, growing faster than the
file). Here: generated families of cites, not the scale file."""

from __future__ import annotations

import random
from typing import Any

import pytest

from bibman.csl import api, disambig
from bibman.csl.render import ItemState


def _items(n: int, seed: int = 7) -> list[dict[str, Any]]:
    r = random.Random(seed)
    fams = ["Smith", "Jones", "Kim", "Nguyen", "Okafor"]
    givens = ["Anna", "Alan", "Bert", "Beth", "Carl", "Chen", "Dina"]
    out = []
    for i in range(n):
        k = r.choice([1, 1, 2, 3, 4, 6, 9]) if i % 11 else 10
        names = [{"family": r.choice(fams), "given": r.choice(givens)} for _ in range(k)]
        out.append(
            {
                "id": f"i{i}",
                "type": r.choice(["article-journal", "book", "chapter"]),
                "author": names,
                "title": f"On {r.choice(['graphs', 'data', 'models', 'maps'])} {i % 5}",
                "container-title": "Journal",
                "issued": {"date-parts": [[r.choice([2019, 2020])]]},
            }
        )
    return out


def _raw_state(self: Any, iid: str, st: ItemState) -> tuple[Any, ...]:
    return (st.add_names, tuple(sorted(st.given_level.items())))


STYLES = [
    "apa",
    "modern-language-association",
    "chicago-author-date",
    "chicago-notes-bibliography",
    "american-medical-association",
]


@pytest.mark.parametrize("style", STYLES)
def test_skipped_steps_change_nothing(style: str, monkeypatch: pytest.MonkeyPatch) -> None:
    items = _items(30)
    clusters = [[{"id": it["id"]}] for it in items] + [[{"id": "i3"}, {"id": "i5"}]]
    got_bib = api.render_bibliography(items, style).entries
    got_cites = api.render_citation(items, clusters, style).entries
    # the reference: every state counts, every step re-renders its group
    monkeypatch.setattr(disambig.Disambiguation, "_norm_state", _raw_state)
    assert api.render_bibliography(items, style).entries == got_bib
    assert api.render_citation(items, clusters, style).entries == got_cites


def _renders(items: list[dict[str, Any]], style: str, monkeypatch: pytest.MonkeyPatch) -> int:
    count = [0]
    orig = disambig.Disambiguation._render_cite

    def counting(self: Any, *a: Any, **k: Any) -> Any:
        count[0] += 1
        return orig(self, *a, **k)

    monkeypatch.setattr(disambig.Disambiguation, "_render_cite", counting)
    api.render_bibliography(items, style)
    return count[0]


def test_cite_renders_per_item_stay_few(monkeypatch: pytest.MonkeyPatch) -> None:
    # every step re-rendering every member: ~20 renders per item at 100, ~25 at 400
    # (growing with the groups); skipping the steps that change no cite: ~7 and ~8
    small = _renders(_items(100, seed=3), "modern-language-association", monkeypatch)
    big = _renders(_items(400, seed=3), "modern-language-association", monkeypatch)
    assert small <= 10 * 100 and big <= 10 * 400, (small, big)
