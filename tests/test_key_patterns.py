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
        ("auth.lower + year", "no placeholder"),  # Better BibTeX's formula syntax: not (yet) read
    ],
)
def test_bad_pattern_is_exit_2_naming_what_exists(pattern: str, message: str, work: Path) -> None:
    proc = run(["tidy", "refs.bib", "--keys", pattern], work)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr and "error:" in proc.stderr
    if "placeholder '" in message:
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
