"""The CSL-rendered training/evaluation data (bibman.freetext.cslsynth) and the fresh split."""

from __future__ import annotations

import random
from pathlib import Path

from bibman.freetext import cslsynth

ROOT = Path(__file__).resolve().parents[1]

ITEM = {
    "id": "a",
    "type": "article-journal",
    "title": "Observations of lines",
    "author": [
        {"family": "Paglione", "given": "T. J."},
        {"family": "Jackson", "given": "J."},
        {"family": "Ishizuki", "given": "S."},
    ],
    "container-title": "Bulletin of the Astronomical Society",
    "volume": "3",
    "page": "1328",
    "issued": {"date-parts": [[1993]]},
}


def test_initials_keep_their_comma_between_names() -> None:
    # the markers around each name must not cost CSL's "T. J., J. Jackson" its comma
    from bibman.csl.api import load_style

    ((_iid, parts),) = cslsynth.labelled([dict(ITEM)], load_style("chicago-author-date"))
    assert parts[0] == ("author", "Paglione, T. J., J. Jackson, and S. Ishizuki. ")


def test_doubled_stops_still_collapse() -> None:
    assert cslsynth._tidy([("title", "Proc. "), ("journal", ". X")]) == [
        ("title", "Proc."),
        ("journal", " X"),
    ]
    assert cslsynth._tidy([("title", "A, "), ("journal", ". X")])[0] == ("title", "A.")


def test_fresh_split_is_its_own_hash() -> None:
    keys = [f"title {k}" for k in range(4000)]
    fresh = {k for k in keys if cslsynth.is_fresh(k)}
    held = {k for k in keys if cslsynth.is_heldout(k)}
    assert 0.3 < len(fresh) / len(keys) < 0.4
    # independent of the held-out hash: about 15% of the fresh keys are held-out too
    assert 0.08 < len(fresh & held) / len(fresh) < 0.22


def test_fresh_styles_are_held_out_styles() -> None:
    lines = (ROOT / "bench" / "data" / "fresh_styles.txt").read_text(encoding="utf-8")
    styles = [s for s in lines.splitlines() if s and not s.startswith("#")]
    assert len(styles) > 200
    assert all(cslsynth.is_heldout(s) for s in styles)


def test_as_webpage() -> None:
    rng = random.Random(1)
    rec = dict(ITEM, publisher="American Astronomical Society")
    web = cslsynth.as_webpage(rec, rng)
    assert web["type"] in ("webpage", "post-weblog", "article-newspaper")
    assert web["container-title"] == "American Astronomical Society"
    assert str(web["URL"]).startswith(("https://www.aas", "https://aas"))
    assert "volume" not in web and "page" not in web and web["accessed"]["date-parts"]
    abbrev = dict(ITEM, **{"container-title": "Appl. Phys. Lett."})
    assert cslsynth.as_webpage(abbrev, rng) is abbrev  # no site-like name: unchanged


def test_all_locales() -> None:
    locs = cslsynth.all_locales()
    assert len(locs) > 50 and {"en-US", "ru-RU", "zh-CN", "ar"} <= set(locs)
