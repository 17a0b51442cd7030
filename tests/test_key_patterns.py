"""Issue 9 item 5: key patterns fail loudly, speak JabRef/Better BibTeX, never
produce a placeholder or bracket as a key; one generator for tidy and parse."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bibman.errors import ConfigError
from bibman.keypattern import KeySource, compile_pattern, make_key, placeholder_names
from bibman.model import Name

REPO = Path(__file__).resolve().parents[1]
BIB = """@book{k1,
  author = {Knuth, Donald E.},
  title = {The {TeX}book},
  publisher = {Addison-Wesley},
  year = {1984},
}

@techreport{k2,
  author = {{World Health Organization}},
  title = {Global Report on Diabetes},
  institution = {WHO},
  year = {2016},
}

@misc{k3,
  title = {Running the Numbers},
  howpublished = {\\url{https://example.org}},
}

@article{k4,
  author = {G{\\"o}del, Kurt and Escher, M. C. and Bach, J. S.},
  title = {On Formally Undecidable Propositions},
  journal = {Monatshefte},
  year = {1931},
  pages = {173--198},
}

@inproceedings{k5,
  crossref = {k1},
  author = {Knuth, Donald E.},
  title = {The TeXbook again},
  year = {1984},
}
"""


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bibman", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def keys_of(text: str) -> list[str]:
    return re.findall(r"^@\w+\{([^,]*),", text, re.M)


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "refs.bib").write_text(BIB)
    return tmp_path


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (
            "{auth}{year}{title}",
            [
                "knuth1984texbooka",
                "world2016global",
                "runningnumbers",
                "godel1931formally",
                "knuth1984texbookb",
            ],
        ),
        ("[auth:lower][year]", ["knuth1984a", "world2016", "running", "godel1931", "knuth1984b"]),
        (
            "[auth][year][shorttitle]",
            [
                "Knuth1984TeXbook",
                "World2016GlobalReportDiabetes",
                "RunningNumbers",
                "Godel1931FormallyUndecidablePropositions",
                "Knuth1984TeXbookAgain",
            ],
        ),
        (
            "[authors2]:[year]",
            ["Knuth:1984a", "World:2016", "Running", "GodelEscherEtAl:1931", "Knuth:1984b"],
        ),
        (
            "{Auth}{Title}",
            ["KnuthTexbooka", "WorldGlobal", "RunningNumbers", "GodelFormally", "KnuthTexbookb"],
        ),
        ("[auth:upper]_[firstpage]", ["KNUTHa", "WORLD", "RUNNING", "GODEL_173", "KNUTHb"]),
    ],
)
def test_tidy_keys_patterns(pattern: str, expected: list[str], work: Path) -> None:
    proc = run(["tidy", "refs.bib", "--keys", pattern, "-o", "-"], work)
    assert proc.returncode == 0, proc.stderr
    assert keys_of(proc.stdout) == expected
    # the rename map is printed, old -> new, for every key that changed
    for old, new in zip(["k1", "k2", "k3", "k4", "k5"], expected, strict=True):
        assert f"{old} → {new}" in proc.stderr
    # crossref follows the renamed parent
    assert f"crossref = {{{expected[0]}}}" in proc.stdout


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{nosuch}{year}", "unknown placeholder 'nosuch'"),
        ("[auth:loud][year]", "unknown modifier ':loud'"),
        ("[auth[year]", "unbalanced"),
        ("[auth]]", "unbalanced ']'"),
        ("mykey", "no placeholder"),
        # Better BibTeX formulas: what needs Zotero, or is unknown, is named
        ("auth.lower + year + zotero", "'zotero' is not supported"),
        ("auth.lower + nosuch(2)", "unknown function 'nosuch'"),
        ("auth.loud + year", "unknown filter 'loud'"),
        ("auth.replace(/x/g, 'y')", "regular expressions are not supported"),
        ("auth(3, 1, 'author', false, 9)", "takes at most 4 arguments"),
        ("auth + ", "expected a function"),
    ],
)
def test_bad_pattern_is_exit_2_naming_what_exists(pattern: str, message: str, work: Path) -> None:
    proc = run(["tidy", "refs.bib", "--keys", pattern], work)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr and "error:" in proc.stderr
    if "placeholder '" in message or "function '" in message or "filter '" in message:
        assert "auth" in proc.stderr and "shorttitle" in proc.stderr and "year" in proc.stderr
    assert (work / "refs.bib").read_text() == BIB, "nothing is written"


def test_parse_keys_uses_the_same_generator(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(
        "References\n\n"
        "1. Knuth, D. E. (1984). The TeXbook. Addison-Wesley.\n"
        "2. World Health Organization (2016). Global report on diabetes. Geneva: WHO.\n"
    )
    proc = run(["parse", "doc.txt", "--keys", "[auth][year]"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert keys_of(proc.stdout) == ["Knuth1984", "World2016"]
    bad = run(["parse", "doc.txt", "--keys", "[nope]"], tmp_path)
    assert bad.returncode == 2 and "unknown placeholder 'nope'" in bad.stderr


def test_subset_keeps_keys(work: Path) -> None:
    (work / "paper.tex").write_text("\\cite{k4,k2}\n")
    proc = run(["subset", "paper.tex", "-b", "refs.bib"], work)
    assert proc.returncode == 0, proc.stderr
    assert keys_of(proc.stdout) == ["k2", "k4"]


def test_known_placeholders_all_compile() -> None:
    for name in placeholder_names():
        concrete = (
            name.replace("N_M", "3_3").replace("N", "2") if name.endswith(("N", "N_M")) else name
        )
        compile_pattern(f"[{concrete}]")
        compile_pattern(f"[{concrete}:lower]")


_NAMES = st.builds(
    Name,
    family=st.text(max_size=12),
    given=st.text(max_size=8),
    literal=st.one_of(st.just(""), st.text(max_size=20)),
)
_PATTERNS = st.lists(
    st.one_of(
        st.sampled_from([f"[{n}]" for n in placeholder_names() if not n.endswith(("N", "N_M"))]),
        st.sampled_from(["{auth}", "{year}", "{title}", "{Auth}", "[auth:lower]", "[shorttitle2]"]),
        st.sampled_from(["_", ":", "-", "x"]),
    ),
    min_size=1,
    max_size=5,
).filter(lambda parts: any(p.startswith(("[", "{")) for p in parts))


@settings(max_examples=300, deadline=None)
@given(
    pattern=_PATTERNS,
    authors=st.lists(_NAMES, max_size=4),
    title=st.text(max_size=40),
    year=st.text(max_size=8),
)
def test_a_key_never_holds_a_placeholder_bracket_or_space(
    pattern: list[str], authors: list[Name], title: str, year: str
) -> None:
    src = KeySource("article", tuple(authors), (), {"title": title, "year": year})
    key = make_key(src, compile_pattern("".join(pattern)))
    assert key and re.fullmatch(r"[A-Za-z0-9_:.+\-/]+", key), key
    assert not re.search(r"[\[\]{}\s,]", key)
    assert key[0].isalnum() and key[-1].isalnum()


def test_no_author_uses_the_organisation_then_the_title() -> None:
    parts = compile_pattern("[auth:lower][year]")
    org = KeySource("report", (), (), {"institution": "U.S. Geological Survey", "year": "2019"})
    assert make_key(org, parts) == "usgeological2019"
    titled = KeySource("misc", (), (), {"title": "The Art of Computer Programming"})
    assert make_key(titled, parts) == "art"
    assert make_key(KeySource("misc", (), (), {}), parts) == "ref"


def test_compile_rejects_before_anything_runs() -> None:
    with pytest.raises(ConfigError, match="known: auth, authors"):
        compile_pattern("{bogus}")


def test_better_bibtex_default_pattern() -> None:
    """Better BibTeX's default `[auth:lower][shorttitle3_3][year]`: N title words, M capitalised."""
    src = KeySource(
        "book",
        (Name(family="Knuth"),),
        (),
        {"title": "The art of computer programming", "year": "1968"},
    )
    assert make_key(src, compile_pattern("[auth:lower][shorttitle3_3][year]")) == (
        "knuthArtComputerProgramming1968"
    )
    assert (
        make_key(src, compile_pattern("[auth:lower][shorttitle2_1][year]"))
        == "knuthArtcomputer1968"
    )


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        # Better BibTeX formulas (the function/filter definitions of its formatter.ts)
        (
            "auth.lower + year + shorttitle(1, 1)",
            [
                "knuth1984TeXbooka",
                "world2016Global",
                "runningNumbers",  # no author: the first title word stands in, once
                "godel1931Formally",
                "knuth1984TeXbookb",
            ],
        ),
        (
            "authEtal2 + year",
            ["Knuth1984a", "World2016", "Running", "Godel.etal1931", "Knuth1984b"],
        ),
        ("authEtAl + year", ["Knuth1984a", "World2016", "Running", "GodelEtAl1931", "Knuth1984b"]),
        ("auth(3).upper + '_' + shortyear", ["KNU_84a", "WOR_16", "RUN", "GOD_31", "KNU_84b"]),
        (
            "type(article) + authorsAlpha + year | auth.lower + year",
            ["knuth1984a", "world2016", "running", "GEB1931", "knuth1984b"],
        ),
        (
            "Title.skipwords.select(1, 2).condense('-').lower",
            [
                "texbook",
                "global-report",
                "running-numbers",
                "formally-undecidable",
                "texbook-again",
            ],
        ),
    ],
)
def test_better_bibtex_formulas(formula: str, expected: list[str], work: Path) -> None:
    proc = run(["tidy", "refs.bib", "--keys", formula, "-o", "-"], work)
    assert proc.returncode == 0, proc.stderr
    assert keys_of(proc.stdout) == expected


def _src(*families: str, title: str = "On formally undecidable propositions") -> KeySource:
    names = tuple(Name(family=f) for f in families)
    return KeySource("article", names, (), {"title": title, "year": "1931", "pages": "173--198"})


def test_formula_author_functions_follow_better_bibtex() -> None:
    one, two, three = _src("Gödel"), _src("Gödel", "Escher"), _src("Gödel", "Escher", "Bach")
    five = _src("Ab", "Cd", "Ef", "Gh", "Ij")

    def keys(formula: str) -> list[str]:
        parts = compile_pattern(formula)
        return [make_key(s, parts) for s in (one, two, three, five)]

    assert keys("authEtal2") == ["Godel", "Godel.Escher", "Godel.etal", "Ab.etal"]
    assert keys("authEtAl") == ["Godel", "GodelEscher", "GodelEtAl", "AbEtAl"]
    assert keys("authorsAlpha + year") == ["God1931", "GE1931", "GEB1931", "ACE+1931"]
    assert keys("authshort + year") == ["Godel1931", "G.E1931", "G.E.B1931", "A.C.E+1931"]
    assert keys("authAuthEa") == ["Godel", "Godel.Escher", "Godel.Escher.ea", "Ab.Cd.ea"]
    assert keys("authors(2)") == ["Godel", "GodelEscher", "GodelEscherEtAl", "AbCdEtAl"]
    assert keys("auth(0, 2) + year") == ["1931", "Escher1931", "Escher1931", "Cd1931"]
    assert keys("authorLast.lower") == ["godel", "escher", "bach", "ij"]
    assert keys("firstpage + '-' + lastpage") == ["173-198"] * 4
    # alternatives: the first that applies and gives a key
    assert keys("type(book) + auth | year") == ["1931"] * 4
    assert keys("auth.len('>', 5) + year; title.abbr") == ["fup"] * 3 + ["fup"]
    # the bracket spellings JabRef documents for the same two placeholders
    assert make_key(two, compile_pattern("[authEtAl]")) == "GodelEscher"
    assert make_key(three, compile_pattern("[auth.etal]")) == "Godel.etal"


def test_formula_filters() -> None:
    src = _src("van der Berg", title="The quick-brown fox: jumps (over) the lazy dog")

    def key(formula: str) -> str:
        return make_key(src, compile_pattern(formula))

    assert key("shorttitle(3, 3)") == "QuickBrownFox"
    assert key("veryshorttitle.upper") == "QUICK"
    assert key("Title.nopunct.abbr") == "Tqfjotld"
    assert key("Title.skipwords(true).select(2, 2).condense('_')") == "fox_jumps"
    assert key("Title.substring(5, 5)") == "quick"
    assert key("Title.select(-2).capitalize") == "LazyDog"
    assert key("auth.replace('VANDER', '').lower + year") == "berg1931"
    assert key("Publisher.default('nopub') + year") == "nopub1931"
    assert key("journal.prefix('x') + year") == "1931"
    assert key("'Vol' + field('volume').postfix('-') + year") == "Vol1931"
    # no alternative gives anything alphanumeric: the key is still not empty
    assert key("''") == "ref"


_FORMULA_TERMS = st.sampled_from(
    [
        "auth",
        "auth(2, 2)",
        "authEtal2",
        "authEtAl",
        "authorsAlpha",
        "authors(1)",
        "authshort",
        "year",
        "shortyear",
        "title",
        "shorttitle(2, 1)",
        "veryshorttitle",
        "firstpage",
        "Title",
        "'_'",
        "'-x-'",
        "type",
    ]
)
_FORMULA_FILTERS = st.lists(
    st.sampled_from(
        [
            ".lower",
            ".upper",
            ".capitalize",
            ".abbr",
            ".nopunct",
            ".skipwords",
            ".select(2)",
            ".substring(2, 3)",
            ".condense('_')",
            ".fold",
            ".prefix(':')",
        ]
    ),
    max_size=3,
)


@settings(max_examples=200, deadline=None)
@given(
    terms=st.lists(st.tuples(_FORMULA_TERMS, _FORMULA_FILTERS), min_size=1, max_size=4),
    authors=st.lists(_NAMES, max_size=4),
    title=st.text(max_size=40),
)
def test_a_formula_key_is_always_a_valid_key(
    terms: list[tuple[str, list[str]]], authors: list[Name], title: str
) -> None:
    formula = " + ".join(t + "".join(f) for t, f in terms)
    src = KeySource("article", tuple(authors), (), {"title": title, "year": "2001"})
    key = make_key(src, compile_pattern(formula))
    assert key and re.fullmatch(r"[A-Za-z0-9_:.+\-/]+", key), (formula, key)
    assert key[0].isalnum() and key[-1].isalnum()
