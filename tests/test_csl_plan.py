"""The compiled render plan (bibman/csl/plan.py) prints what the tree-walking renderer
prints. Class of input: every style and item; the plan decides cs:if branches from the
item's type and present variables and drops groups whose variables are all absent, so
the checks run the CSL test-suite fixtures (not a set the plan was tuned on) and a
styles-by-items grid both ways and compare the output byte for byte."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from typing import Any

import pytest

from bibman.csl import api
from bibman.csl.plan import _decide
from bibman.csl.render import Renderer
from bibman.csl.style import Node

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT.parent / "shared" / "data" / "csl" / "test-suite"


def _both(run: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    def once(use_plan: bool) -> str:
        monkeypatch.setattr(Renderer, "use_plan", use_plan)
        try:
            return str(run())
        except Exception as exc:  # the same failure both ways is agreement too
            return f"!! {type(exc).__name__}: {exc}"

    return once(True), once(False)


@pytest.mark.skipif(not SUITE.is_dir(), reason="CSL test-suite fixtures not present")
def test_the_test_suite_renders_alike_with_and_without_the_plan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spec = importlib.util.spec_from_file_location("csl_suite", ROOT / "bench" / "csl_suite.py")
    assert spec is not None and spec.loader is not None
    runner = importlib.util.module_from_spec(spec)
    sys.modules["csl_suite"] = runner
    spec.loader.exec_module(runner)
    locales = runner.LocaleStore.default()
    differ = []
    n = 0
    for path in sorted(SUITE.glob("*.txt")):
        fx = runner.parse_fixture(path)
        if fx.get("MODE", "").strip() not in ("citation", "bibliography"):
            continue
        n += 1
        planned, walked = _both(lambda fx=fx: runner.run_fixture(fx, locales), monkeypatch)
        if planned != walked:
            differ.append(path.stem)
    assert n > 800
    assert not differ, differ


def _items(seed: int) -> list[dict[str, Any]]:
    """Items of many types with variables present or missing at random."""
    r = random.Random(seed)
    types = ["book", "chapter", "article-journal", "paper-conference", "thesis", "report"]
    types += ["webpage", "article-newspaper", "manuscript", "dataset", "entry-encyclopedia"]
    fams = ["Smith", "van der Berg", "Kim", "Müller", "García Márquez"]
    out: list[dict[str, Any]] = []
    for n in range(120):
        it: dict[str, Any] = {"id": f"i{n}", "type": r.choice(types)}
        for var in ("author", "editor", "translator"):
            if r.random() < (0.8 if var == "author" else 0.2):
                k = r.randint(1, 9)
                it[var] = [{"family": r.choice(fams), "given": "Anna B."} for _ in range(k)]
        for var, val in (
            ("title", "On <i>graphs</i>: a “study”"),
            ("container-title", "Journal of Things"),
            ("publisher", "Press"),
            ("publisher-place", "Berlin"),
            ("volume", "12"),
            ("issue", "3"),
            ("page", "101-109"),
            ("edition", "2"),
            ("DOI", "10.1000/x.1"),
            ("URL", "https://example.org/a"),
            ("genre", "PhD thesis"),
            ("collection-title", "Series"),
            ("number", "7"),
        ):
            if r.random() < 0.5:
                it[var] = val
        if r.random() < 0.85:
            it["issued"] = {"date-parts": [[r.choice([1999, 2020]), r.randint(1, 12)]]}
        if r.random() < 0.2:
            it["accessed"] = {"date-parts": [[2024, 5, 1]]}
        out.append(it)
    return out


@pytest.mark.parametrize(
    "style",
    ["apa", "modern-language-association", "chicago-notes-bibliography", "ieee", "nature"],
)
def test_styles_render_alike_with_and_without_the_plan(
    style: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = _items(7)
    for fmt in ("text", "html"):
        planned, walked = _both(
            lambda fmt=fmt: api.render_bibliography(items, style, fmt=fmt).entries, monkeypatch
        )
        assert planned == walked
    cites = [[{"id": "i1"}, {"id": "i2", "locator": "12"}], [{"id": "i1"}], [{"id": "i5"}]]
    planned, walked = _both(lambda: api.render_citation(items, cites, style).entries, monkeypatch)
    assert planned == walked


def test_a_branch_is_decided_only_when_type_and_variables_decide_it() -> None:
    def branch(**attrs: str) -> Node:
        return Node("if", {k.replace("_", "-"): v for k, v in attrs.items()})

    present = frozenset({"title", "DOI"})
    assert _decide(branch(type="book thesis"), "book", present) is True
    assert _decide(branch(type="book"), "chapter", present) is False
    assert _decide(branch(variable="DOI"), "book", present) is True
    assert _decide(branch(variable="URL DOI", match="any"), "book", present) is True
    assert _decide(branch(variable="URL DOI"), "book", present) is False
    assert _decide(branch(variable="URL", match="none"), "book", present) is True
    assert _decide(branch(type="book", variable="URL"), "book", present) is False
    # what the type and the variables cannot tell stays a test per item
    assert _decide(branch(is_numeric="DOI"), "book", present) is None
    assert _decide(branch(position="first"), "book", present) is None
    assert _decide(branch(variable="locator"), "book", present) is None
    assert _decide(branch(variable="DOI"), "book", None) is None
    # disambiguate counts its tests as it goes: never decided ahead
    assert _decide(branch(type="book", disambiguate="true"), "chapter", present) is None
    # an absent variable is not numeric
    assert _decide(branch(is_numeric="volume"), "book", present) is False


def test_a_replaced_element_method_turns_the_plan_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tools that wrap Renderer.r_text (freetext's labelled synthesis marks each variable's
    output so) must see every element go through it."""
    seen: list[str] = []
    orig = Renderer.r_text

    def spy(self: Renderer, node: Node, ctx: Any) -> Any:
        seen.append(node.attrs.get("variable", ""))
        return orig(self, node, ctx)

    monkeypatch.setattr(Renderer, "r_text", spy)
    api.render_bibliography(_items(3)[:5], "apa")
    assert "title" in seen
