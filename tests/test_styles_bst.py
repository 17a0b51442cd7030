"""BibTeX styles: bibman's in-process .bst run against the real bibtex binary (the oracle)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.bibtex.utils import change_case as pybtex_change_case

from bibman.styles import format_bibliography
from bibman.styles.bst import BST_DIR, BST_STYLES, change_case_ascii, parse_bbl, run_bst

FIXTURES = Path(__file__).with_name("fixtures") / "styles"
SAMPLE = FIXTURES / "sample.bib"
BIBTEX = shutil.which("bibtex")
needs_bibtex = pytest.mark.skipif(BIBTEX is None, reason="bibtex is not installed")


def real_bibtex(bib_text: str, bst: Path, workdir: Path) -> str:
    """The .bbl the real bibtex writes for every entry of ``bib_text`` with ``bst``."""
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "refs.bib").write_text(bib_text, encoding="utf-8")
    shutil.copy(bst, workdir / bst.name)
    aux = f"\\relax\n\\citation{{*}}\n\\bibstyle{{{bst.stem}}}\n\\bibdata{{refs}}\n"
    (workdir / "doc.aux").write_text(aux, encoding="utf-8")
    subprocess.run(
        [BIBTEX or "bibtex", "-terse", "doc"], cwd=workdir, capture_output=True, timeout=60
    )
    # bibtex works on bytes and may cut a UTF-8 character in half
    return (workdir / "doc.bbl").read_bytes().decode("utf-8", errors="replace")


def ours(bib_text: str, bst: Path, bytes_mode: bool = False) -> str:
    bbl, _ = run_bst(bib_text, bst.read_text(encoding="utf-8"), bytes_mode=bytes_mode)
    return bbl


@needs_bibtex
@pytest.mark.parametrize("style", BST_STYLES)
def test_bbl_is_identical_to_real_bibtex(style: str, tmp_path: Path) -> None:
    bib = SAMPLE.read_text(encoding="utf-8")
    bst = BST_DIR / f"{style}.bst"
    assert ours(bib, bst) == real_bibtex(bib, bst, tmp_path)


@needs_bibtex
@pytest.mark.parametrize("style", BST_STYLES)
def test_entries_and_labels_follow_the_bbl(style: str, tmp_path: Path) -> None:
    bib = SAMPLE.read_text(encoding="utf-8")
    _, _, items = parse_bbl(real_bibtex(bib, BST_DIR / f"{style}.bst", tmp_path))
    result = format_bibliography(bib, style)
    assert [e.key for e in result.entries] == [key for key, _, _ in items]
    if style == "alpha":
        assert all(e.label for e in result.entries)
        assert [e.latex_label for e in result.entries] == [label for _, label, _ in items]
    else:
        assert [e.label for e in result.entries] == [str(n) for n in range(1, len(items) + 1)]


def test_bundled_styles_are_the_unmodified_tex_live_files() -> None:
    # their licence allows redistribution of unmodified copies only
    kpse = shutil.which("kpsewhich")
    if kpse is None:
        pytest.skip("kpsewhich (TeX Live) is not installed")
    for style in BST_STYLES:
        found = subprocess.run(
            [kpse, f"{style}.bst"], capture_output=True, text=True, timeout=30
        ).stdout.strip()
        if not found:
            pytest.skip(f"{style}.bst is not installed")
        assert Path(found).read_bytes() == (BST_DIR / f"{style}.bst").read_bytes()


# ------------------------------------------------------------------ change.case$

# Titles built from the pieces BibTeX's case rules care about: ASCII and
# non-ASCII letters, colons, braces, special characters, control words.
_PIECES = st.sampled_from(
    [
        "a",
        "B",
        "word",
        "Word",
        "WORD",
        " ",
        " ",
        ": ",
        ":",
        ". ",
        "-",
        "Über",
        "Éire",
        "Жуков",
        "{NASA}",
        "{Kazakhstan}",
        '{\\"O}',
        '{\\"o}',
        "{\\OE}",
        "{\\ae}",
        "{\\AA}",
        "{\\o}",
        "{\\L}",
        "{\\i}",
        "{\\j}",
        "{\\ss}",
        "{\\v{S}}",
        "{\\relax Ab}",
        "{\\em Xy}",
        "{\\TeX}",
        "{{\\'E}cole}",
        "x{y}z",
        "{A {b} C}",
    ]
)
_TITLES = st.lists(_PIECES, min_size=1, max_size=12).map("".join)


@needs_bibtex
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(titles=st.lists(_TITLES, min_size=1, max_size=25))
def test_change_case_matches_real_bibtex(titles: list[str], tmp_path: Path) -> None:
    bib = "".join(f"@article{{k{i}, title = {{{t}}}}}\n" for i, t in enumerate(titles))
    bst = FIXTURES / "case.bst"
    work = tmp_path / f"run{abs(hash(tuple(titles)))}"
    assert ours(bib, bst) == real_bibtex(bib, bst, work)


_WIDTH_PIECES = st.one_of(
    _PIECES,
    st.text(
        alphabet=st.characters(min_codepoint=32, max_codepoint=126, exclude_characters="{}\\%"),
        max_size=4,
    ),
    st.sampled_from(["{\\etalchar{+}}", "{\\v S}", "{\\ab{cd}}", "{{\\'o}}", "{\\x y z}", "É"]),
)


@needs_bibtex
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    titles=st.lists(
        st.lists(_WIDTH_PIECES, min_size=1, max_size=8).map("".join), min_size=1, max_size=25
    )
)
@pytest.mark.parametrize("helper", ["width.bst", "purify.bst"])
def test_width_and_purify_match_real_bibtex(helper: str, titles: list[str], tmp_path: Path) -> None:
    # width$ picks alpha's widest label; purify$ makes every sort key
    bib = "".join(f"@article{{k{i}, title = {{{t}}}}}\n" for i, t in enumerate(titles))
    bst = FIXTURES / helper
    work = tmp_path / f"run{abs(hash(tuple(titles)))}"
    assert ours(bib, bst) == real_bibtex(bib, bst, work)


@given(st.text(alphabet=st.characters(max_codepoint=127, exclude_characters="{}\\")))
def test_change_case_agrees_with_pybtex_on_plain_ascii(text: str) -> None:
    for mode in "ltu":
        assert change_case_ascii(text, mode) == pybtex_change_case(text, mode)


@given(_TITLES)
def test_change_case_never_touches_non_ascii_or_braced_text(title: str) -> None:
    for mode in "ltu":
        out = change_case_ascii(title, mode)
        assert [c for c in out if not c.isascii()] == [c for c in title if not c.isascii()]
        assert out.count("{") == title.count("{")


_CASE_MIX = st.lists(
    st.one_of(_PIECES, st.sampled_from([":", ": ", ":  ", " ", "}", "{", "a", "B", "\t"])),
    max_size=14,
).map("".join)


@given(_CASE_MIX)
def test_change_case_whole_strings_agree_with_the_character_scan(title: str) -> None:
    # the fast paths (brace-free text, balanced groups) against the scan over every character
    from bibman.styles.bst import _change_case_scan

    for mode in "ltu":
        assert change_case_ascii(title, mode) == _change_case_scan(title, mode)


@given(st.text(alphabet=st.characters(max_codepoint=200, exclude_characters="{")))
def test_purify_without_braces_agrees_with_the_character_rules(text: str) -> None:
    from bibman.styles.bst import bibtex_purify

    want = "".join(
        " " if c in " \t\n-~" else c if c.isalnum() or not c.isascii() else "" for c in text
    )
    assert bibtex_purify(text) == want


def test_proper_nouns_survive_sentence_case_only_when_braced() -> None:
    bib = (
        "@misc{a, title = {Relations between Kazakhstan and the {U.S.}}, year = 2010}\n"
        "@misc{b, title = {Relations between {Kazakhstan} and Éire}, year = 2011}\n"
    )
    titles = {e.key: e.plain for e in format_bibliography(bib, "plain").entries}
    assert "between kazakhstan and the U.S." in titles["a"]  # as BibTeX does
    assert "between Kazakhstan and Éire" in titles["b"]


# ------------------------------------------------------------------ diagnostics


def test_style_warnings_are_diagnostics_with_the_entry_key() -> None:
    bib = "@article{nojournal, author = {A. Author}, title = {T}, year = 2001}\n"
    result = format_bibliography(bib, "plain", source="x.bib")
    assert [e.key for e in result.entries] == ["nojournal"]
    warnings = [d for d in result.diagnostics if d.severity == "warning"]
    assert any(d.key == "nojournal" and "empty journal" in d.message for d in warnings)
    assert all(d.file == "x.bib" for d in result.diagnostics)


def test_syntax_errors_are_error_diagnostics_with_a_line() -> None:
    bib = "@book{ok, author={A B}, title={T}, publisher={P}, year=1999}\n\n@article{bad, title={X\n"
    result = format_bibliography(bib, "plain", source="x.bib")
    errors = [d for d in result.diagnostics if d.severity == "error"]
    assert errors and errors[0].line is not None and errors[0].file == "x.bib"
    assert "ok" in [e.key for e in result.entries]


def test_a_bst_file_path_is_a_style(tmp_path: Path) -> None:
    bst = tmp_path / "mine.bst"
    bst.write_bytes((BST_DIR / "unsrt.bst").read_bytes())
    bib = SAMPLE.read_text(encoding="utf-8")
    a = format_bibliography(bib, str(bst))
    b = format_bibliography(bib, "unsrt")
    assert [(e.key, e.plain) for e in a.entries] == [(e.key, e.plain) for e in b.entries]


def test_unsrt_keeps_file_order_and_citation_order() -> None:
    bib = SAMPLE.read_text(encoding="utf-8")
    keys = [e.key for e in format_bibliography(bib, "unsrt").entries]
    assert keys[:3] == ["knuth1984", "lamport1994", "vanderberg2019"]
    cited = ["zola1899", "knuth1984"]
    assert [e.key for e in format_bibliography(bib, "unsrt", citations=cited).entries] == cited


# ------------------------------------------------------------------ whole styles

_FIRST = [
    "Donald E.",
    "Jean-Pierre",
    "{\\'E}mile",
    'J{\\"u}rgen',
    "Ana Mar{\\'\\i}a",
    "",
    "Li",
    "D.",
]
_LAST = [
    "Knuth",
    "van der Berg",
    "de la Fontaine",
    'M{\\"u}ller',
    "O'Brien",
    "Smith",
    "{Nazarbayev}",
]
_NAMES = st.one_of(
    st.builds(lambda f, la: f"{f} {la}".strip(), st.sampled_from(_FIRST), st.sampled_from(_LAST)),
    st.builds(lambda la, f: f"{la}, Jr., {f}", st.sampled_from(_LAST), st.sampled_from(_FIRST[:4])),
    st.sampled_from(["{World Health Organization}", "{{NATO} Public Diplomacy Division}"]),
)
_FIELD_VALUES: dict[str, st.SearchStrategy[str]] = {
    "author": st.lists(_NAMES, min_size=1, max_size=6).map(" and ".join),
    "editor": st.lists(_NAMES, min_size=1, max_size=3).map(" and ".join),
    "title": _TITLES,
    "booktitle": _TITLES,
    "journal": st.sampled_from(["J. Chem. Phys.", "Nature", "Journal of {Central Asian} Studies"]),
    "publisher": st.sampled_from(["Springer", "Addison-Wesley", "{\\'E}ditions du Seuil"]),
    "school": st.sampled_from(["MIT", "Nazarbayev University"]),
    "institution": st.sampled_from(["{NASA}", "Institute of Physics"]),
    "address": st.sampled_from(["Berlin", "Almaty", "New York, NY"]),
    "year": st.sampled_from(["1984", "2001", "2019", "n.d."]),
    "month": st.sampled_from(["jan", "{May}", "{June}", "sep"]),
    "volume": st.sampled_from(["1", "27", "xii"]),
    "number": st.sampled_from(["2", "4--5", "PDD-2010-04"]),
    "pages": st.sampled_from(["97--111", "12", "1-20", "e1002"]),
    "edition": st.sampled_from(["Second", "3rd"]),
    "series": st.sampled_from(["Lecture Notes in Computer Science"]),
    "note": st.sampled_from(["In press", "Accessed 2020"]),
    "howpublished": st.sampled_from(["Press release", "\\url{http://example.org/a_b}"]),
    "chapter": st.sampled_from(["3"]),
    "key": st.sampled_from(["Zed", "Alpha"]),
}
_TYPES = [
    "article",
    "book",
    "inproceedings",
    "incollection",
    "inbook",
    "phdthesis",
    "mastersthesis",
    "techreport",
    "manual",
    "misc",
    "unpublished",
    "booklet",
    "proceedings",
]
_ENTRY = st.tuples(
    st.sampled_from(_TYPES),
    st.dictionaries(st.sampled_from(sorted(_FIELD_VALUES)), st.just(""), min_size=1, max_size=9),
).flatmap(
    lambda tf: st.fixed_dictionaries({k: _FIELD_VALUES[k] for k in tf[1]}).map(lambda f: (tf[0], f))
)


def _bib(entries: list[tuple[str, dict[str, str]]]) -> str:
    out = []
    for i, (typ, fields) in enumerate(entries):
        body = ",\n".join(
            f"  {k} = {v}" if k == "month" and not v.startswith("{") else f"  {k} = {{{v}}}"
            for k, v in fields.items()
        )
        out.append(f"@{typ}{{e{i},\n{body}\n}}\n")
    return "\n".join(out)


@needs_bibtex
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(entries=st.lists(_ENTRY, min_size=1, max_size=12), style=st.sampled_from(BST_STYLES))
def test_random_bibliographies_match_real_bibtex(
    entries: list[tuple[str, dict[str, str]]], style: str, tmp_path: Path
) -> None:
    bib = _bib(entries)
    bst = BST_DIR / f"{style}.bst"
    work = tmp_path / f"run{abs(hash((bib, style)))}"
    assert ours(bib, bst) == real_bibtex(bib, bst, work)


@needs_bibtex
def test_many_equal_alpha_labels_keep_every_entry(tmp_path: Path) -> None:
    # after 26 equal labels alpha's suffix runs past "z" into "{", "|", "}"
    bib = "".join(
        f"@misc{{m{i:02d}, author = {{Ann Embassy}}, title = {{T}}, year = 2010}}\n"
        for i in range(30)
    )
    bst = BST_DIR / "alpha.bst"
    want = real_bibtex(bib, bst, tmp_path)
    assert ours(bib, bst) == want
    result = format_bibliography(bib, "alpha")
    assert [e.key for e in result.entries] == [f"m{i:02d}" for i in range(30)]
    assert [e.latex_label for e in result.entries] == [lab for _, lab, _ in parse_bbl(want)[2]]


def test_bundled_styles_are_package_data() -> None:
    # without this a wheel install has no plain.bst and `bibman format` cannot work
    import fnmatch
    import tomllib

    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    patterns = tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"
    ]["bibman"]
    for style in BST_STYLES:
        assert any(fnmatch.fnmatch(f"styles/bst/{style}.bst", p) for p in patterns), patterns


CROSSREF = """@inproceedings{a1, author = {A. One}, title = {First}, crossref = {proc}, pages = {1--2}}
@inproceedings{a2, author = {B. Two}, title = {Second}, crossref = {proc}, pages = {3--4}}
@proceedings{proc, editor = {E. Ditor}, title = {Proceedings of Things},
  booktitle = {Proceedings of Things}, year = 1999, publisher = {P}}
@article{self, crossref = {self}, title = {Loop}}
@article{c1, crossref = {c2}, title = {C1}}
@article{c2, crossref = {c1}, title = {C2}}
"""


@needs_bibtex
@pytest.mark.parametrize("style", BST_STYLES)
def test_crossrefs_and_crossref_cycles_as_bibtex(style: str, tmp_path: Path) -> None:
    bst = BST_DIR / f"{style}.bst"
    assert ours(CROSSREF, bst) == real_bibtex(CROSSREF, bst, tmp_path)


def test_a_crossref_cites_the_parent_by_its_label() -> None:
    result = format_bibliography(CROSSREF, "alpha")
    text = {e.key: e.plain for e in result.entries}
    assert text["a1"].endswith("In Ditor [Dit99], pages 1–2.")
    assert "\\cite{proc}" in next(e.latex or "" for e in result.entries if e.key == "a1")


_BIB_PIECES = st.sampled_from(
    [
        "@article{k,", "@book{", "author = {", "title=", "{", "}", ",", '"', " and ", " ",
        "\n", "A, B, C, D", "von ", "Jr", "{\\'e}", "\\", "#", '@string{x="y"}', "x",
        "crossref = {k}", "year = 2000", "month = jan", "%", "@comment{", '@preamble{"a"}',
        "=", "Ж", "{\\relax", "}}",
    ]
)  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(text=st.lists(_BIB_PIECES, max_size=40).map("".join), style=st.sampled_from(BST_STYLES))
def test_any_input_formats_or_fails_cleanly(text: str, style: str) -> None:
    from bibman.errors import BibmanError
    from bibman.styles import BACKENDS, render

    try:
        result = format_bibliography(text, style)
    except BibmanError:
        return
    for to in BACKENDS:
        render(result, to)


# ------------------------------------------------------------------ bytes mode

# Known gap: BibTeX calls a name word "von" when its first *ASCII* letter is
# lower case ("Émile" -> von), pybtex looks at the first letter ("É"); given
# names that start with a non-ASCII letter are left out here.
_WORLD_FIRST = ["Лев", "Елена Петровна", "漱石", "Ғалым", "Ana", "Jürgen", "Zoë"]
_WORLD_LAST = ["Толстой", "Иванова", "夏目", "Нұрмағамбетов", "Zola", "Ōta", "Müller", "Smith"]
_WORLD_NAMES = st.builds(
    lambda f, la: f"{f} {la}", st.sampled_from(_WORLD_FIRST), st.sampled_from(_WORLD_LAST)
)
_WORLD_ENTRY = st.fixed_dictionaries(
    {
        "author": st.lists(_WORLD_NAMES, min_size=1, max_size=4).map(" and ".join),
        "title": st.sampled_from(["Война и мир", "吾輩は猫である", "Über Éire", "A Title"]),
        "journal": st.sampled_from(["Вестник", "J"]),
        "year": st.sampled_from(["1869", "1905", "2001"]),
    }
).map(lambda f: ("article", f))


@needs_bibtex
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(entries=st.lists(_WORLD_ENTRY, min_size=1, max_size=10), style=st.sampled_from(BST_STYLES))
def test_bytes_mode_is_byte_exact_with_real_bibtex(
    entries: list[tuple[str, dict[str, str]]], style: str, tmp_path: Path
) -> None:
    bib = _bib(entries)
    bst = BST_DIR / f"{style}.bst"
    work = tmp_path / f"run{abs(hash((bib, style)))}"
    assert ours(bib, bst, bytes_mode=True) == real_bibtex(bib, bst, work)


def test_default_mode_keeps_whole_characters_where_bibtex_cuts_them() -> None:
    bib = "@book{t, author = {Лев Толстой}, title = {Война и мир}, publisher = {P}, year = 1869}\n"
    whole = format_bibliography(bib, "alpha").entries[0]
    cut = format_bibliography(bib, "alpha", bytes_mode=True).entries[0]
    assert whole.label == "Тол69"
    assert cut.label == "Т\ufffd69"  # 3 bytes: "Т" and half of "о"
    abbrv = format_bibliography(bib, "abbrv").entries[0].plain
    assert abbrv.startswith("Л.\u00a0Толстой.")
