"""BibTeX -> X -> BibTeX loses nothing X can hold, and reports what it cannot."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bibman import bibtex
from bibman.formats import registry
from bibman.formats.biblatex import convert_bibliography, to_biblatex, to_bibtex
from bibman.formats.compare import field_losses, reported_fields
from bibman.model import Bibliography, Entry, Field

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
TARGETS = ["biblatex", "csljson", "yaml", "ris"]


def roundtrip(bib: Bibliography, target: str) -> tuple[Bibliography, list]:
    fmt = registry.get(target)
    text, diags = fmt.write(bib)
    back = fmt.read(text, "roundtrip")
    if target == "biblatex":
        back = convert_bibliography(back, "bibtex")
    return back, list(diags) + list(back.diagnostics)


def losses(bib: Bibliography, target: str) -> dict[str, tuple[list[str], set[str]]]:
    back, diags = roundtrip(bib, target)
    out = {}
    for e in bib.entries:
        lost = field_losses(e, bib.strings, back.entry(e.key), back.strings)
        out[e.key] = (lost, reported_fields(diags, e.key))
    return out


@pytest.mark.parametrize("target", TARGETS)
def test_fixture_round_trip_reports_every_loss(target: str) -> None:
    bib = bibtex.load(FIXTURES / "sample.bib")
    for key, (lost, said) in losses(bib, target).items():
        assert set(lost) <= said, f"{target}: {key} lost {lost} but reported only {said}"


@pytest.mark.parametrize("target", ["biblatex", "csljson", "yaml"])
def test_fixture_round_trip_is_exact_for_rich_formats(target: str) -> None:
    bib = bibtex.load(FIXTURES / "sample.bib")
    lost = {k: v[0] for k, v in losses(bib, target).items() if v[0]}
    assert lost == {}


def test_ris_keeps_the_core_fields() -> None:
    bib = bibtex.load(FIXTURES / "sample.bib")
    core = {
        "author",
        "title",
        "journal",
        "year",
        "volume",
        "number",
        "pages",
        "doi",
        "url",
        "publisher",
    }
    for key, (lost, _) in losses(bib, "ris").items():
        assert not core & set(lost), f"{key}: {lost}"


def test_biblatex_dialect_fields_and_types() -> None:
    bib = bibtex.load(FIXTURES / "sample.bib")
    strings = bib.strings
    watson, _ = to_biblatex(bib.entry("watson1953"), strings)  # type: ignore[arg-type]
    assert watson.get("journaltitle") == "Nature" and watson.get("date") == "1953-04"
    assert watson.field("journal") is None and watson.field("year") is None
    thesis, notes = to_biblatex(bib.entry("ivanova2015"), strings)  # type: ignore[arg-type]
    assert thesis.type == "thesis" and thesis.get("type") == "phdthesis"
    assert thesis.get("institution") == "Stanford University" and notes
    online, _ = to_biblatex(bib.entry("pep8"), strings)  # type: ignore[arg-type]
    assert online.type == "online"
    back, _ = to_bibtex(thesis, strings)
    assert back.type == "phdthesis" and back.get("school") == "Stanford University"
    assert back.field("type") is None


_WORDS = [
    "Über",
    "die",
    "Drosophila",
    "networks",
    "Æther",
    "of",
    "Ørsted",
    "DNA",
    "in",
    "Paris",
    "a",
    "graph",
    "Straße",
    "the",
    "Study",
    "café",
    "X-ray",
]
_TEXT = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6).map(" ".join)
_FAMILIES = ["Smith", "Müller", "van der Berg", "de la Cruz", "O'Brien", "Ng", "Łukasiewicz"]
_GIVEN = ["Ann", "J.", "José", "Marie-Claire", "Ib"]
_NAME = st.builds(lambda f, g: f"{f}, {g}", st.sampled_from(_FAMILIES), st.sampled_from(_GIVEN))
_DOI = st.builds(lambda a, b: f"10.{a}/x{b}", st.integers(1000, 9999), st.integers(0, 10**6))


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    etype = draw(
        st.sampled_from(["article", "book", "inproceedings", "techreport", "misc", "phdthesis"])
    )
    fields = [
        ("author", " and ".join(draw(st.lists(_NAME, min_size=1, max_size=3)))),
        ("title", draw(_TEXT)),
        ("year", str(draw(st.integers(1800, 2030)))),
    ]
    optional = {
        "journal": _TEXT,
        "booktitle": _TEXT,
        "publisher": _TEXT,
        "volume": st.integers(1, 300).map(str),
        "pages": st.tuples(st.integers(1, 500), st.integers(501, 900)).map(
            lambda p: f"{p[0]}--{p[1]}"
        ),
        "doi": _DOI,
        "note": _TEXT,
        "x-custom": _TEXT,
    }
    for name in draw(st.lists(st.sampled_from(sorted(optional)), unique=True, max_size=5)):
        fields.append((name, draw(optional[name])))
    return Entry(
        etype,
        "k" + str(draw(st.integers(0, 10**6))),
        tuple(Field(n, "{" + v + "}") for n, v in fields),
    )


@pytest.mark.parametrize("target", TARGETS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entry=entries())
def test_property_no_silent_loss(target: str, entry: Entry) -> None:
    bib = Bibliography((entry,), (), "gen.bib")
    (lost, said) = losses(bib, target)[entry.key]
    assert set(lost) <= said
    # The fields every format can hold never get lost.
    assert not {"author", "title", "year", "volume", "pages", "doi"} & set(lost)
