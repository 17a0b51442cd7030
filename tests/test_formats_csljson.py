"""BibTeX -> CSL-JSON mapping (the one the citation-style engine consumes) and back."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bibman import bibtex
from bibman.formats.csljson import bib_to_csl, csl_item_to_entry, entries_to_csl
from bibman.formats.dates import parse_date, year_month_date
from bibman.formats.names import names_to_csl
from bibman.formats.richtext import latex_to_rich, rich_to_latex, strip_tags

FIXTURES = Path(__file__).parent / "fixtures" / "formats"


def items() -> dict[str, dict]:
    bib = bibtex.load(FIXTURES / "sample.bib")
    return {i["id"]: i for i in entries_to_csl(bib)}


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        (
            "van der Maaten, Laurens",
            [{"family": "Maaten", "given": "Laurens", "non-dropping-particle": "van der"}],
        ),
        (
            "Ludwig van Beethoven",
            [{"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"}],
        ),
        ("Knuth, Jr, Donald E.", [{"family": "Knuth", "given": "Donald E.", "suffix": "Jr"}]),
        ("{World Health Organization}", [{"literal": "World Health Organization"}]),
        (r"M{\"u}ller, J{\"o}rg", [{"family": "Müller", "given": "Jörg"}]),
        (
            "family=Smith, given=John, prefix=von",
            [{"family": "Smith", "given": "John", "non-dropping-particle": "von"}],
        ),
        ("Aristotle", [{"family": "Aristotle"}]),
        (
            "Doe, J. AND Roe, R.",
            [{"family": "Doe", "given": "J."}, {"family": "Roe", "given": "R."}],
        ),
    ],
)
def test_names(latex: str, expected: list[dict]) -> None:
    assert names_to_csl(latex)[0] == expected


def test_and_others_is_flagged_not_kept_as_a_name() -> None:
    names, others = names_to_csl("Doe, J. and others")
    assert names == [{"family": "Doe", "given": "J."}] and others


@pytest.mark.parametrize(
    ("latex", "rich", "plain"),
    [
        (
            r"The {DNA} of \emph{Drosophila}",
            'The <span class="nocase">DNA</span> of <i>Drosophila</i>',
            "The DNA of Drosophila",
        ),
        (r"{\"U}ber Caf\'e", "Über Café", "Über Café"),
        (r"{\em B. influenz{\ae}}", "<i>B. influenzæ</i>", "B. influenzæ"),
        (
            r"H\textsubscript{2}O and \textbf{bold}",
            "H<sub>2</sub>O and <b>bold</b>",
            "H2O and bold",
        ),
        (r"50\% \& more", "50% & more", "50% & more"),
        ("``quoted'' text", "“quoted” text", "“quoted” text"),
    ],
)
def test_latex_to_rich(latex: str, rich: str, plain: str) -> None:
    assert latex_to_rich(latex) == rich
    assert latex_to_rich(latex, markup=False) == plain


def test_rich_to_latex_inverts_markup() -> None:
    rich = 'The <span class="nocase">DNA</span> of <i>Drosophila</i> & 50%'
    latex = rich_to_latex(rich)
    assert latex == r"The {DNA} of \emph{Drosophila} \& 50\%"
    assert latex_to_rich(latex) == rich


def test_dates() -> None:
    assert parse_date("2010-05-03") == {"date-parts": [[2010, 5, 3]]}
    assert parse_date("2010/2012") == {"date-parts": [[2010], [2012]]}
    assert parse_date("1995~") == {"date-parts": [[1995]], "circa": True}
    assert parse_date("in press") == {"literal": "in press"}
    assert year_month_date("1953", "April") == {"date-parts": [[1953, 4]]}
    assert year_month_date("forthcoming", None) == {"literal": "forthcoming"}


def test_article_mapping() -> None:
    it = items()["watson1953"]
    assert it["type"] == "article-journal"
    assert it["container-title"] == "Nature"
    assert it["issue"] == "4356" and it["volume"] == "171"
    assert it["page"] == "737-738"
    assert it["issued"] == {"date-parts": [[1953, 4]]}
    assert it["DOI"] == "10.1038/171737a0"
    assert it["author"][1] == {"family": "Crick", "given": "Francis H. C."}


def test_string_macros_accents_and_language() -> None:
    it = items()["mueller2001"]
    assert it["container-title"] == "Proceedings of the National Academy of Sciences"
    assert it["title"] == 'Über die <i>Drosophila</i> im <span class="nocase">Schwarzwald</span>'
    assert it["language"] == "de"


def test_newspaper_online_and_urldate() -> None:
    by_id = items()
    assert by_id["nyt2019"]["type"] == "article-newspaper"
    assert by_id["nyt2019"]["issued"] == {"date-parts": [[2019, 11, 6]]}
    assert by_id["nyt2019"]["accessed"] == {"date-parts": [[2020, 1, 15]]}
    assert by_id["pep8"]["type"] == "webpage"
    assert by_id["pep8"]["URL"] == "https://peps.python.org/pep-0008/"


def test_theses_reports_editions_series_eprints() -> None:
    by_id = items()
    assert by_id["ivanova2015"]["type"] == "thesis"
    assert by_id["ivanova2015"]["publisher"] == "Stanford University"
    assert by_id["lee2010"]["genre"] == "Master's thesis"
    assert by_id["nist2001"]["type"] == "report" and by_id["nist2001"]["number"] == "800-38A"
    assert by_id["knuth1984"]["edition"] == "2"
    assert by_id["ipcc2021"]["collection-title"] == "Assessment Report"
    assert by_id["ipcc2021"]["collection-number"] == "6"
    assert by_id["ipcc2021"]["author"] == [{"literal": "Intergovernmental Panel on Climate Change"}]
    assert by_id["kingma2014"]["archive"] == "arXiv"
    assert by_id["kingma2014"]["archive_location"] == "1412.6980"


def test_crossref_parent_fields_are_inherited() -> None:
    bib = bibtex.load(FIXTURES / "crossref.bib")
    result = bib_to_csl(bib)
    part = {i["id"]: i for i in result.items}["part1"]
    assert part["container-title"] == "Proceedings of the Workshop"
    assert part["publisher"] == "ACM"
    assert part["issued"] == {"date-parts": [[2020]]}
    assert part["editor"] == [{"family": "Gamma", "given": "Gil"}]
    assert any(d.key == "part1" and "crossref" in d.message for d in result.diagnostics)


def test_unmappable_fields_are_reported_per_entry() -> None:
    bib = bibtex.loads(
        "@article{a, title={T}, journal={J}, year={2000}, owner={me}, timestamp={x}}\n"
    )
    result = bib_to_csl(bib)
    [d] = [d for d in result.diagnostics if d.code == "convert.field-dropped"]
    assert d.key == "a" and "owner" in d.message and "timestamp" in d.message


def test_csl_to_entry_reverse() -> None:
    entry, lost, _ = csl_item_to_entry(
        {
            "id": "x1",
            "type": "article-journal",
            "title": "On <i>E. coli</i>",
            "author": [{"family": "Maaten", "given": "L.", "non-dropping-particle": "van der"}],
            "container-title": "Cell",
            "issued": {"date-parts": [[2001, 2]]},
            "page": "1-9",
            "custom-thing": "x",
        }
    )
    assert entry.type == "article"
    assert entry.get("title") == r"On \emph{E. coli}"
    assert entry.get("author") == "van der Maaten, L."
    assert entry.get("journal") == "Cell"
    assert entry.get("pages") == "1--9"
    assert entry.field("month") is not None and entry.field("month").value == "feb"  # type: ignore[union-attr]
    assert lost == ["custom-thing"]


# ---------------------------------------------------------------- general .bib -> CSL rules
# (what the styles bench's gold, rendered from CSL-JSON, expects from the same items in .bib)

CSL_FIXTURES = Path(__file__).parent / "fixtures" / "csl"


def mapped() -> dict[str, dict]:
    bib = bibtex.load(CSL_FIXTURES / "mapping.bib")
    return {i["id"]: i for i in entries_to_csl(bib)}


def test_misc_naming_only_a_site_is_a_webpage() -> None:
    item = mapped()["site"]
    assert item["type"] == "webpage"
    assert item["container-title"] == "Center for Defense Information"


def test_misc_on_an_encyclopedia_site_is_an_encyclopedia_entry() -> None:
    item = mapped()["wiki"]
    assert (item["type"], item["container-title"]) == ("entry-encyclopedia", "Wikipedia")
    assert item["publisher"] == "Wikimedia Foundation"


def test_a_note_describing_the_item_sets_its_type() -> None:
    m = mapped()
    assert m["tool"]["type"] == "software" and "note" not in m["tool"]
    assert m["tool"]["version"] == "2.17"
    assert m["preprint"]["type"] == "article"
    assert (m["preprint"]["number"], m["preprint"]["publisher"]) == ("arXiv:1412.6980", "arXiv")
    assert m["film"]["type"] == "motion_picture"
    assert m["film"]["director"] == [{"family": "Kubrick", "given": "Stanley"}]
    assert "author" not in m["film"]


def test_inline_math_is_italic_and_case_protected() -> None:
    title = mapped()["fft"]["title"]
    assert title == (
        'Integer multiplication in time <i><span class="nocase">O</span></i>'
        '(<i><span class="nocase">n</span></i> log <i><span class="nocase">n</span></i>)'
    )
    assert latex_to_rich("time $O(n \\log n)$", markup=False) == "time O(n log n)"
    # math the rich form cannot carry exactly is decoded as before
    assert latex_to_rich("of $ \\Omega $: x") == "of Ω: x"


def test_braces_protect_the_capitalized_parts_only() -> None:
    assert latex_to_rich("{post-Soviet} era") == 'post-<span class="nocase">Soviet</span> era'
    assert latex_to_rich("{United States}") == '<span class="nocase">United States</span>'
    assert latex_to_rich("{van}") == '<span class="nocase">van</span>'
    assert latex_to_rich("{pH \\emph{x}}") == '<span class="nocase">pH <i>x</i></span>'


@given(st.lists(st.sampled_from(["post", "Soviet", "t", "SNE", "a", "NASA", "-", " "]), max_size=8))
def test_brace_protection_keeps_the_text(parts: list[str]) -> None:
    text = "".join(parts).strip()
    if not text or "  " in text or "--" in text:
        return  # "--" is an en dash in LaTeX
    out = latex_to_rich("{" + text + "}")
    assert strip_tags(out) == " ".join(text.split())
    # every capital letter ends up protected
    protected = "".join(re.findall(r'<span class="nocase">(.*?)</span>', out))
    assert sum(c.isupper() for c in protected) == sum(c.isupper() for c in text)


def test_format_command_renders_the_mapped_items(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "bibman", "format", str(CSL_FIXTURES / "mapping.bib"),
         "--style", "apa", "--to", "text", "--keyed", "-q"],
        capture_output=True, text=True, check=True, timeout=120,
    ).stdout  # fmt: skip
    lines = dict(line.split("\t", 1) for line in out.splitlines())
    assert lines["site"] == "Running a huge risk. (n.d.). Center for Defense Information."
    assert lines["tool"] == (
        "MacFarlane, J. (2022). Pandoc (Version 2.17) [Computer software]. https://pandoc.org"
    )
    assert lines["fft"].startswith("Harvey, D., & van der Hoeven, J. (2021).")
    html = subprocess.run(
        [sys.executable, "-m", "bibman", "format", str(CSL_FIXTURES / "mapping.bib"),
         "--style", "chicago-author-date", "--to", "html", "--keyed", "-q"],
        capture_output=True, text=True, check=True, timeout=120,
    ).stdout  # fmt: skip
    rows = dict(line.split("\t", 1) for line in html.splitlines())
    assert "Time <i>O</i>(<i>n</i> Log <i>n</i>).”" in rows["fft"]
    assert "Kazakhstan’s Post-Soviet Advances.”" in rows["envoy"]


GAPS_BIB = r"""@phdthesis{a, author={Doe, Jane}, title={A thesis}, school={MIT}, year={2001}}
@thesis{b, author={Doe, Jane}, title={B thesis}, type={mathesis}, institution={MIT}, year={2001}}
@misc{f, author={Poe, P.}, title={F paper}, note={PMID: 12345678; PMCID: PMC7654321}, year={2021}}
@article{e, author={Poe, P.}, title={E}, journal={J}, eprint={23456789}, eprinttype={pubmed}, year={2021}}
@misc{g, author={Moe, M.}, title={G talk}, howpublished={Speech at the Foo Council}, address={Paris}, year={2020}}
@misc{h, author={Moe, M.}, title={H page}, url={http://x.org}, note={[PDF]}, year={2020}}
@book{i, author={de {La Fontaine}, Jean}, title={Fables}, publisher={Thierry}, year={1668}, langid={french}}
@book{j, author={van der Maaten, Laurens}, title={K}, publisher={P}, year={2008}}
"""


def test_bib_mapping_gaps_theses_ids_talks_media_particles() -> None:
    from bibman.formats import csljson as cj
    from bibman.formats import registry

    bib = registry.get("bibtex").read(GAPS_BIB, "g.bib")
    items = {i["id"]: i for i in cj.bib_to_csl(bib, sentence_case=True).items}
    assert items["a"]["genre"] == "PhD thesis"
    assert items["b"]["genre"] == "Master's thesis"
    assert items["f"]["PMID"] == "12345678" and items["f"]["PMCID"] == "PMC7654321"
    assert "note" not in items["f"]
    assert items["e"]["PMID"] == "23456789"
    assert items["g"]["type"] == "speech"
    assert items["g"]["event-title"] == "Foo Council"
    assert items["g"]["event-place"] == "Paris" and "publisher-place" not in items["g"]
    assert items["h"]["medium"] == "PDF" and "note" not in items["h"]
    assert items["i"]["author"][0]["dropping-particle"] == "de"
    assert items["j"]["author"][0]["non-dropping-particle"] == "van der"
    # an export keeps notes and biblatex type keys as written (round trips)
    export = {i["id"]: i for i in cj.bib_to_csl(bib).items}
    assert export["f"]["note"].startswith("PMID: 12345678")
    assert export["b"]["genre"] == "mathesis" and "genre" not in export["a"]
    assert "non-dropping-particle" in export["i"]["author"][0]  # the RIS writer's form


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # written by `bibman parse` for BibTeX's own styles: the URL copy goes
        ("\\url{https://x.org/a_b}. Accessed 2019-04-28", "Accessed 2019-04-28"),
        ("\\url{https://x.org/a_b}", None),
        ("Mirror of the site; \\url{https://x.org/a_b}", "Mirror of the site"),
        # another URL is the note's own content and stays
        ("See \\url{https://y.org/}", "See https://y.org/"),
    ],
)
def test_a_note_loses_the_copy_of_its_entrys_url(note: str, expected: str | None) -> None:
    bib = bibtex.loads(
        "@misc{w, title = {T}, howpublished = {Site}, url = {https://x.org/a_b},\n"
        f"  note = {{{note}}}}}\n"
    )
    (item,) = entries_to_csl(bib)
    assert item.get("note") == expected
    assert item["URL"] == "https://x.org/a_b" and item["container-title"] == "Site"
