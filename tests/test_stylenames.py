"""Style and locale names as people type them (bibman.stylenames), and the commands using it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bibman import stylenames
from bibman.errors import ConfigError
from bibman.stylenames import UnknownStyleError, resolve_locale, resolve_style

ROOT = Path(__file__).resolve().parents[1]
BIB = ROOT / "tests" / "fixtures" / "csl" / "refs.bib"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bibman", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("name", "style_id"),
    [
        ("mla", "modern-language-association"),
        ("MLA", "modern-language-association"),
        ("chicago", "chicago-author-date"),
        ("chicago-nb", "chicago-notes-bibliography"),
        ("harvard", "harvard-cite-them-right"),
        ("vancouver", "vancouver-nlm"),
        ("apa", "apa"),
        ("apa7", "apa"),
        ("turabian", "turabian-notes-bibliography"),
        ("acm", "association-for-computing-machinery"),
        ("ama", "american-medical-association"),
        ("nature", "nature"),
        ("science", "science"),
        ("ieee", "ieee"),
        ("http://www.zotero.org/styles/apa", "apa"),
        ("apa.csl", "apa"),
    ],
)
def test_names_people_type_resolve_to_csl_styles(name: str, style_id: str) -> None:
    r = resolve_style(name)
    assert (r.kind, r.name) == ("csl", style_id)
    assert r.path.is_file() and r.path.stem == style_id


def test_every_alias_names_a_real_style_and_shadows_no_id() -> None:
    for a in stylenames.aliases().values():
        assert stylenames.find_csl(a.style) is not None, a
        for other in a.also:
            assert stylenames.find_csl(other) is not None, (a, other)
        assert stylenames.find_csl(a.name) is None, f"alias {a.name!r} hides a style id"


def test_bibtex_styles_and_paths() -> None:
    assert resolve_style("plain").kind == "bst"
    assert resolve_style("Alpha").name == "alpha"
    with pytest.raises(UnknownStyleError, match=r"nosuch\.bst: no such \.bst file"):
        resolve_style("nosuch.bst")
    with pytest.raises(UnknownStyleError, match=r"nosuch\.csl: no such \.csl file"):
        resolve_style("nosuch.csl")
    with pytest.raises(UnknownStyleError, match="`cite` needs a CSL style"):
        resolve_style("plain", bst=False, command="cite")


def test_csl_file_path(tmp_path: Path) -> None:
    src = stylenames.find_csl("apa")
    assert src is not None
    own = tmp_path / "mine.csl"
    own.write_bytes(src.read_bytes())
    r = resolve_style(str(own))
    assert (r.kind, r.path) == ("csl", own)


def test_unknown_names_get_suggestions_from_the_search() -> None:
    with pytest.raises(UnknownStyleError) as e:
        resolve_style("plian")
    assert e.value.suggestions[0] == "plain"
    with pytest.raises(UnknownStyleError) as e:
        resolve_style("harvard1")
    assert "harvard" in e.value.suggestions
    with pytest.raises(UnknownStyleError) as e:
        resolve_style("apaa")
    assert "apa" in e.value.suggestions


def test_search_ranks_exact_id_and_aliases_first() -> None:
    assert stylenames.search("nature")[0].id == "nature"
    assert stylenames.search("mla")[0].id == "modern-language-association"
    top = [m.id for m in stylenames.search("chicago")[:2]]
    assert top == ["chicago-author-date", "chicago-notes-bibliography"]
    assert stylenames.search("chicago author-date")[0].id == "chicago-author-date"
    apa = stylenames.search("apa")[0]
    assert apa.id == "apa" and "apa7" in apa.aliases


def test_locales() -> None:
    assert resolve_locale("de-DE") == "de-DE"
    assert resolve_locale("en_gb") == "en-GB"
    assert resolve_locale("fr") == "fr"
    with pytest.raises(ConfigError, match="unknown locale 'de-XX'; did you mean 'de-AT'"):
        resolve_locale("de-XX")
    with pytest.raises(ConfigError, match="unknown locale 'klingon'"):
        resolve_locale("klingon")


# -- end to end, through the command ------------------------------------------------------


def test_format_with_an_alias_and_a_note_for_ambiguous_ones() -> None:
    mla = run("format", str(BIB), "--style", "mla")
    full = run("format", str(BIB), "--style", "modern-language-association")
    assert mla.returncode == 0 and mla.stdout == full.stdout and mla.stdout
    chicago = run("format", str(BIB), "--style", "chicago")
    assert chicago.returncode == 0
    assert chicago.stdout == run("format", str(BIB), "--style", "chicago-author-date").stdout
    assert "chicago-notes-bibliography" in chicago.stderr
    assert run("format", str(BIB), "--style", "chicago", "-q").stderr == ""


def test_format_unknown_style_file_and_locale_are_errors() -> None:
    r = run("format", str(BIB), "--style", "nosuch.csl")
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith("bibman: error: nosuch.csl: no such .csl file")
    r = run("format", str(BIB), "--style", "apa", "--locale", "xx-YY")
    assert r.returncode == 2 and "unknown locale 'xx-YY'" in r.stderr
    r = run("format", str(BIB), "--style", "apa", "--locale", "de_de")
    assert r.returncode == 0, r.stderr


def test_cite_explains_that_it_needs_a_csl_style() -> None:
    r = run("cite", str(BIB), "smith2020", "--style", "plain")
    assert r.returncode == 2 and r.stdout == ""
    assert "`cite` needs a CSL style" in r.stderr and "bibman format" in r.stderr
    ok = run("cite", str(BIB), "smith2020", "--style", "harvard")
    assert ok.returncode == 0, ok.stderr


def test_styles_command_shows_aliases_and_locales() -> None:
    r = run("styles", "mla", "--limit", "1")
    assert r.returncode == 0
    assert r.stdout.startswith("modern-language-association") and "mla" in r.stdout
    r = run("styles", "nature", "--ids", "--limit", "1")
    assert r.stdout == "nature\n"
    r = run("styles", "--aliases")
    assert "harvard" in r.stdout and "harvard-cite-them-right" in r.stdout
    r = run("styles", "--locales")
    assert "de-DE" in r.stdout.split()
    r = run("styles", "--aliases", "--format", "json")
    assert '"alias": "vancouver"' in r.stdout
