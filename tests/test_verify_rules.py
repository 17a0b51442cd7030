"""verify's pure parts: matching rules, identifiers, normalisation, header parsing."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bibman.bibtex import loads
from bibman.model import Entry, balanced
from bibman.verify.cache import AnswerCache
from bibman.verify.enrich import changes_for, markup_to_latex, page_range
from bibman.verify.identify import find_ids, isbn_ok
from bibman.verify.matching import choose, compare, compatible, notice_kind, view
from bibman.verify.model import Record
from bibman.verify.net import cache_key, retry_after
from bibman.verify.sources import parse_arxiv


def entry(src: str) -> Entry:
    return loads(src).entries[0]


def rec(**kw: object) -> Record:
    base: dict[str, object] = {"source": "crossref", "url": "http://x/"}
    base.update(kw)
    return Record(**base)  # type: ignore[arg-type]


BOOK = entry(
    "@book{b, author = {Kuhn, Thomas S.}, title = {The Structure of Scientific Revolutions},"
    " year = {1962}, publisher = {University of Chicago Press}}"
)
THE_BOOK = rec(
    doi="10.7208/chicago/9780226458106.001.0001",
    type="monograph",
    title="The Structure of Scientific Revolutions",
    authors=(("Kuhn", "Thomas S."),),
    year=1962,
)


def test_a_review_of_the_book_is_not_the_book() -> None:
    review = rec(
        doi="10.1/review",
        type="journal-article",
        title="The Structure of Scientific Revolutions",
        authors=(("Kuhn", "Thomas S."),),  # reviews are often indexed with the book's author
        year=1963,
    )
    assert choose(view(BOOK), (review,)).record is None
    book_review = rec(
        doi="10.1/r2",
        type="journal-article",
        title="Book Review: The Structure of Scientific Revolutions",
        authors=(("Shapere", "D."),),
        year=1964,
    )
    assert choose(view(BOOK), (book_review, THE_BOOK)).record == THE_BOOK


def test_chapter_thesis_erratum_and_other_year_are_refused() -> None:
    art = entry(
        "@article{a, author = {Olshausen, Bruno}, title = {Emergence of simple-cell receptive"
        " field properties}, journal = {Nature}, year = {1996}}"
    )
    title = "Emergence of simple-cell receptive field properties"
    who = (("Olshausen", "Bruno"),)
    bad = (
        rec(doi="10.1/t", type="dissertation", title=title, authors=who, year=1995),
        rec(doi="10.1/c", type="book-chapter", title=title, authors=who, year=1996),
        rec(
            doi="10.1/e", type="journal-article", title="Erratum: " + title, authors=who, year=1996
        ),
        rec(doi="10.1/y", type="journal-article", title=title, authors=who, year=1999),
        rec(
            doi="10.1/o", type="journal-article", title=title, authors=(("Other", "A."),), year=1996
        ),
    )
    pick = choose(view(art), bad)
    assert pick.record is None and "no candidate passed" in pick.why
    good = rec(
        doi="10.1/good",
        type="journal-article",
        title=title,
        authors=who,
        year=1996,
        container="Nature",
    )
    assert choose(view(art), (*bad, good)).record == good


def test_untitled_talk_and_ambiguity() -> None:
    talk = entry("@misc{t, author = {Speaker, Some}, title = {Untitled}, year = {2020}}")
    other = rec(
        doi="10.1/u",
        type="proceedings-article",
        title="Untitled",
        authors=(("Else", "S."),),
        year=2020,
    )
    assert choose(view(talk), (other,)).record is None
    # two equally good candidates with different DOIs: nothing accepted
    art = entry(
        "@article{a, author = {Doe, J.}, title = {A study of things and stuff}, year = {2001}}"
    )
    a = rec(
        doi="10.1/a",
        type="journal-article",
        title="A study of things and stuff",
        authors=(("Doe", "J."),),
        year=2001,
    )
    b = rec(
        doi="10.1/b",
        type="journal-article",
        title="A study of things and stuff",
        authors=(("Doe", "J."),),
        year=2001,
    )
    pick = choose(view(art), (a, b))
    assert pick.record is None and "ambiguous" in pick.why


def test_raw_reference_string_carries_a_misparsed_entry() -> None:
    e = entry(
        "@article{r, author = {Altschul, S. F.}, title = {Basic local}, year = {1990},"
        " rawref = {Altschul SF, Gish W (1990) Basic local alignment search tool. J Mol Biol 215:403-410}}"
    )
    blast = rec(
        doi="10.1016/s0022-2836(05)80360-2",
        type="journal-article",
        title="Basic local alignment search tool",
        authors=(("Altschul", "S.F."),),
        year=1990,
        volume="215",
        pages="403-410",
    )
    pick = choose(view(e), (blast,))
    assert pick.record == blast and pick.confidence >= 0.85


def test_types_and_notices() -> None:
    assert compatible("inproceedings", "book-chapter")  # LNCS
    assert compatible("article", "posted-content")
    assert not compatible("book", "journal-article")
    assert not compatible("phdthesis", "journal-article")
    assert not compatible("article", "dissertation")
    assert compatible("misc", "dissertation") and not compatible("misc", "peer-review")
    assert notice_kind("Correction to: Deep nets") == "erratum"
    assert notice_kind("Reply to Smith") == "comment"
    assert notice_kind("Reviewing the evidence") == ""


def test_compare_lists_both_values_and_allows_abbreviations() -> None:
    e = entry(
        '@article{p, author = {M{\\"u}ller, Hans}, title = {{\\"U}ber {DNA}}, journal = {Phys. Rev. Lett.},'
        " year = {2001}, volume = {86}, pages = {1--5}}"
    )
    r = rec(
        type="article-journal",
        title="Über DNA",
        authors=(("Müller", "Hans"),),
        year=2002,
        container="Physical Review Letters",
        volume="86",
        pages="1-5",
    )
    assert compare(view(e), r) == ()
    wrong = rec(
        type="article-journal",
        title="Something else entirely",
        authors=(("Smith", "A."),),
        year=1990,
        container="Nature",
        volume="3",
        pages="77",
    )
    fields = {d.field: (d.entry, d.record) for d in compare(view(e), wrong)}
    assert set(fields) == {"title", "author", "year", "container", "volume", "pages"}
    assert fields["year"] == ("2001", "1990")


def test_enrich_adds_never_overwrites() -> None:
    e = entry("@article{p, title = {T}, volume = {9}, journal = {J}}")
    r = rec(
        source="doi.org",
        doi="10.1/x",
        volume="10",
        issue="2",
        pages="5–9",
        issn=("1234-5678",),
        publisher="P & Q",
        title="T",
        container="Journal",
    )
    ch = {c.field: c for c in changes_for(e, r)}
    assert set(ch) == {"doi", "number", "pages", "issn"}
    assert ch["pages"].new == "{5--9}" and all(c.old is None for c in ch.values())
    ch = {c.field: c for c in changes_for(e, r, frozenset({"volume"}))}
    assert ch["volume"].old == "{9}" and ch["volume"].new == "{10}"


def test_markup_and_ranges() -> None:
    assert markup_to_latex("<jats:italic>In vivo</jats:italic> CO<sub>2</sub> &amp; 5% of R_0") == (
        r"\textit{In vivo} CO\textsubscript{2} \& 5\% of R\_0"
    )
    assert markup_to_latex("a <i>b") == r"a \textit{b}"
    assert markup_to_latex("a </i> b }{") == r"a b \textbraceright{}\textbraceleft{}"
    assert page_range("12-19") == "12--19" and page_range("e101") == "e101"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="<>/ibsupjats:&;{}\\%#_$xy ", max_size=60))
def test_markup_always_balanced(s: str) -> None:
    assert balanced(markup_to_latex(s))


def test_identifiers() -> None:
    assert find_ids(entry("@misc{a, url = {https://doi.org/10.1000/ABC.1}}")).doi == "10.1000/ABC.1"
    assert find_ids(entry("@misc{a, doi = {https://dx.doi.org/10.1000/x}}")).doi == "10.1000/x"
    assert (
        find_ids(entry("@misc{a, journal = {arXiv preprint arXiv:1706.03762}}")).arxiv
        == "1706.03762"
    )
    assert (
        find_ids(entry("@misc{a, url = {https://arxiv.org/abs/hep-th/9711200v3}}")).arxiv
        == "hep-th/9711200"
    )
    assert isbn_ok("0262033844") and not isbn_ok("0262033845") and isbn_ok("9780387310732")
    assert "not a DOI" in find_ids(entry("@misc{a, doi = {n/a}}")).bad


def test_headers_and_keys() -> None:
    assert retry_after("120") == 120.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480.0 - 60) == 60.0
    assert retry_after("soon") is None
    assert (
        cache_key("http://x/works?query=a&mailto=me%40x.org&rows=5")
        == "http://x/works?query=a&rows=5"
    )


def test_arxiv_atom_parsing() -> None:
    feed = (
        b'<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">'
        b"<entry><id>http://arxiv.org/abs/1706.03762v7</id><published>2017-06-12T17:57:34Z</published>"
        b"<title>Attention Is All\n  You Need</title><author><name>Ashish Vaswani</name></author>"
        b"<arxiv:doi>10.1/x</arxiv:doi></entry></feed>"
    )
    (r,) = parse_arxiv(feed, "u")
    assert (r.title, r.authors[0], r.year, r.eprint, r.doi) == (
        "Attention Is All You Need",
        ("Vaswani", "Ashish"),
        2017,
        "1706.03762",
        "10.1/x",
    )


def test_answer_cache_ages(tmp_path: Path) -> None:
    c = AnswerCache(tmp_path / "c.sqlite", found_age=30 * 86400, not_found_age=86400)
    c.put("found", 200, b"{}", now=0.0)
    c.put("gone", 404, b"", now=0.0)
    c.put("error", 503, b"x", now=0.0)  # errors are never stored
    assert c.get("found", now=29 * 86400) == (200, b"{}")
    assert c.get("found", now=31 * 86400) is None
    assert c.get("gone", now=3600) == (404, b"")
    assert c.get("gone", now=2 * 86400) is None
    assert c.get("error", now=1.0) is None
    c.close()


def test_notices_flagged_by_the_service_not_only_by_title() -> None:
    from bibman.verify.sources import from_csl

    art = entry("@article{a, author = {Doe, J.}, title = {Results on things}, year = {2001}}")
    item = {
        "DOI": "10.1/upd",
        "type": "journal-article",
        "title": ["Results on things"],  # a correction notice titled like the paper
        "author": [{"family": "Doe", "given": "J."}],
        "issued": {"date-parts": [[2001]]},
        "update-to": [{"DOI": "10.1/orig", "type": "correction"}],
    }
    r = from_csl(item, "crossref", "u")
    assert r.notice == "erratum"
    assert choose(view(art), (r,)).record is None
    assert [d.field for d in compare(view(art), r)] == ["type"]


def test_hostile_sizes_stay_fast() -> None:
    import time

    big = "word " * 30_000
    e = entry(f"@article{{a, title={{{big}}}, author={{A, B}}, year={{2000}}, rawref={{{big}}}}}")
    r = rec(type="journal-article", title=big[:20_000], authors=(("A", "B"),), year=2000)
    start = time.process_time()
    choose(view(e), (r,) * 5)
    compare(view(e), r)
    assert time.process_time() - start < 5.0  # capped comparisons (seconds, not minutes)
