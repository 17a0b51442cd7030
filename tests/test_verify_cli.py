"""`bibman verify` end to end: the real command in a subprocess, fake services on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "verify"))
import itertools

from fakeapi import FakeAPI, serve

ROOT = Path(__file__).resolve().parents[1]


def clean_env(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIBMAN_")}
    env["BIBMAN_CACHE"] = str(cache)
    # this checkout's bibman, whatever the working directory
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def art(doi: str, title: str, authors: list[str], year: int, **kw: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "DOI": doi,
        "type": kw.pop("type", "journal-article"),
        "title": [title],
        "author": [{"family": a.split(",")[0], "given": a.split(",")[1].strip()} for a in authors],
        "issued": {"date-parts": [[year]]},
    }
    rec.update(kw)
    return rec


RECORDS = [
    art(
        "10.1000/eco.2019",
        "The structure of <i>scientific</i> revolutions in ecology",
        ["Smith, Jane", "Doe, Alan"],
        2019,
        **{
            "container-title": ["Journal of Ecology"],
            "volume": "12",
            "issue": "3",
            "page": "100-120",
            "ISSN": ["0022-0477"],
            "publisher": "Wiley & Sons",
        },
    ),
    art(
        "10.1000/olsh.1996",
        "Emergence of simple-cell receptive field properties by learning a sparse code for natural images",
        ["Olshausen, Bruno A.", "Field, David J."],
        1996,
        **{"container-title": ["Nature"], "volume": "381", "page": "607-609"},
    ),
    art(
        "10.1000/olsh.err",
        "Erratum: Emergence of simple-cell receptive field properties by learning a sparse code for natural images",
        ["Olshausen, Bruno A."],
        1996,
        **{"container-title": ["Nature"], "volume": "382"},
    ),
    art(
        "10.1000/olsh.thesis",
        "Emergence of simple-cell receptive field properties by learning a sparse code for natural images",
        ["Olshausen, Bruno A."],
        1995,
        type="dissertation",
    ),
    art(
        "10.1000/bishop.book",
        "Pattern Recognition and Machine Learning",
        ["Bishop, Christopher M."],
        2006,
        type="book",
        publisher="Springer",
        ISBN=["9780387310732"],
    ),
    art(
        "10.1000/bishop.review",
        "Pattern Recognition and Machine Learning",
        ["Nasrabadi, Nasser M."],
        2007,
        **{"container-title": ["Journal of Electronic Imaging"], "volume": "16"},
    ),
    art("10.1000/untitled", "Untitled", ["Someone, Else"], 2020, type="proceedings-article"),
]

BIB = r"""@article{eco,
  author = {Smith, Jane and Doe, Alan},
  title = {The Structure of Scientific Revolutions in Ecology},
  journal = {J. Ecol.},
  year = {2019},
  doi = {10.1000/eco.2019},
  volume = {12},
}

@article{fabricated,
  author = {Turing, Alan},
  title = {Neural networks for protein folding},
  journal = {Nature},
  year = {1950},
  doi = {10.1000/olsh.1996},
}

@article{ghost,
  author = {Nobody, Nemo},
  title = {A paper that does not exist},
  year = {2021},
  doi = {10.1000/nonexistent},
}

@article{olshausen,
  author = {Olshausen, B. A. and Field, D. J.},
  title = {Emergence of simple-cell receptive field properties by learning a sparse code for natural images},
  journal = {Nature},
  year = {1996},
}

@book{bishop,
  author = {Bishop, Christopher},
  title = {Pattern recognition and machine learning},
  year = {2006},
}

@misc{talk,
  author = {Speaker, Some},
  title = {Untitled},
  year = {2020},
}
"""


@pytest.fixture(scope="module")
def api() -> Iterator[FakeAPI]:
    with serve(RECORDS) as a:
        a.arxiv["2101.00001"] = {
            "title": "Attention is not\n  all you need",
            "authors": ["Ada Lovelace", "Charles Babbage"],
            "year": 2021,
        }
        a.books["9780387310732"] = {
            "title": "Pattern Recognition and Machine Learning",
            "authors": [{"name": "Christopher M. Bishop"}],
            "publish_date": "2006",
            "publishers": [{"name": "Springer"}],
        }
        yield a


def run(
    args: list[str],
    api: FakeAPI,
    cwd: Path,
    timeout: float = 90,
    extra: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    env = clean_env(cwd / "cache.sqlite")
    env.update(api.env())
    env.update(extra or {})
    return subprocess.run(
        [sys.executable, "-m", "bibman", "verify", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
    )


def results(p: subprocess.CompletedProcess[str]) -> dict[str, dict[str, Any]]:
    return {r["key"]: r for r in json.loads(p.stdout)["results"]}


def test_verdicts_json_and_exit_code(api: FakeAPI, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    p = run([str(bib), "--format", "json", "--no-cache"], api, tmp_path)
    assert p.returncode == 1, p.stderr
    got = results(p)
    assert {k: r["verdict"] for k, r in got.items()} == {
        "eco": "confirmed",
        "fabricated": "mismatch",
        "ghost": "not-found",
        "olshausen": "suggested",
        "bishop": "suggested",
        "talk": "unverified",
    }
    # the fabricated entry: every disagreeing field with both values
    fields = {d["field"]: (d["entry"], d["record"]) for d in got["fabricated"]["disagreements"]}
    assert set(fields) == {"title", "author", "year"}
    assert fields["year"] == ("1950", "1996")
    # the accepted hits are the article and the book, not the erratum/thesis/review
    assert got["olshausen"]["record"]["doi"] == "10.1000/olsh.1996"
    assert got["olshausen"]["confidence"] >= 0.85
    assert got["bishop"]["record"]["doi"] == "10.1000/bishop.book"
    assert got["eco"]["source_url"].startswith(api.base + "/doi/")
    assert bib.read_text(encoding="utf-8") == BIB  # no --enrich: nothing written


def test_fail_on_and_other_formats(api: FakeAPI, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    p = run([str(bib), "--fail-on", "not-found"], api, tmp_path)
    assert p.returncode == 1
    assert "MISMATCH" in p.stdout and "NOT-FOUND" in p.stdout
    assert "6 entries:" in p.stdout
    p = run([str(bib), "--fail-on", "unverified,suggested", "--format", "junit"], api, tmp_path)
    assert p.returncode == 1 and 'failures="3"' in p.stdout
    p = run([str(bib), "--fail-on", "", "--format", "github"], api, tmp_path)
    assert "::warning file=" in p.stdout and "title=mismatch%3A fabricated" in p.stdout
    p = run([str(bib), "--format", "markdown", "--fail-on", "suggested"], api, tmp_path)
    assert p.returncode == 1 and "| not-found | `ghost` |" in p.stdout
    p = run([str(bib), "--fail-on", "nonsense"], api, tmp_path)
    assert p.returncode == 2 and "error:" in p.stderr


def test_enrich_adds_missing_fields_only(api: FakeAPI, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    p = run([str(bib), "--enrich", "--format", "json", "--no-cache"], api, tmp_path)
    assert p.returncode == 1, p.stderr
    text = bib.read_text(encoding="utf-8")
    eco = text[: text.index("@article{fabricated")]
    # added, normalised: -- ranges, & escaped; existing journal/volume/title kept
    assert "pages = {100--120}" in eco and "number = {3}" in eco and "issn = {0022-0477}" in eco
    assert "journal = {J. Ecol.}" in eco and "volume = {12}" in eco
    assert "title = {The Structure of Scientific Revolutions in Ecology}" in eco
    assert "publisher" not in eco  # not for an article
    assert "doi = {10.1000/olsh.1996}" in text  # the suggestion's DOI was added
    assert "publisher = {Springer}" in text and "doi = {10.1000/bishop.book}" in text
    fab = text[text.index("@article{fabricated") : text.index("@article{ghost")]
    assert "pages" not in fab  # a mismatch enriches nothing
    changes = {c["field"]: c for c in results(p)["eco"]["changes"]}
    assert changes["pages"]["old"] is None and changes["pages"]["source"] == "doi.org"
    assert changes["pages"]["url"].startswith(api.base + "/doi/")
    # a second run changes nothing more
    before = bib.read_text(encoding="utf-8")
    p = run([str(bib), "--enrich", "--no-cache"], api, tmp_path)
    assert bib.read_text(encoding="utf-8") == before


def test_overwrite_and_dry_run(api: FakeAPI, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    p = run([str(bib), "--dry-run", "--overwrite", "title,journal"], api, tmp_path)
    assert bib.read_text(encoding="utf-8") == BIB
    assert p.stdout.startswith(f"--- {bib}")
    assert "-  journal = {J. Ecol.}," in p.stdout
    assert "+  journal = {Journal of Ecology}," in p.stdout
    assert "+  title" not in p.stdout  # the same title once folded: not replaced
    assert "+  pages = {100--120}," in p.stdout
    assert "MISMATCH" in p.stderr  # the report goes to stderr beside a diff
    p = run([str(bib), "--overwrite", "title"], api, tmp_path)
    assert p.returncode == 2 and "--enrich" in p.stderr
    p = run([str(bib), "--enrich", "--overwrite", "keywords"], api, tmp_path)
    assert p.returncode == 2 and "cannot overwrite keywords" in p.stderr


def test_identifiers_arxiv_isbn_and_bad_syntax(api: FakeAPI, tmp_path: Path) -> None:
    bib = tmp_path / "ids.bib"
    bib.write_text(
        "@misc{ax, author = {Lovelace, Ada}, title = {Attention is not all you need},"
        " year = {2021}, eprint = {2101.00001}, archiveprefix = {arXiv}}\n"
        "@misc{axgone, title = {Nothing}, eprint = {2101.99999}, archiveprefix = {arXiv}}\n"
        "@book{isbn, author = {Bishop, C.}, title = {Pattern Recognition and Machine Learning},"
        " year = {2006}, isbn = {978-0-387-31073-2}}\n"
        "@book{badisbn, title = {X}, isbn = {978-0-387-31073-3}}\n"
        "@article{baddoi, title = {Y}, doi = {not a doi}}\n",
        encoding="utf-8",
    )
    p = run(
        [str(bib), "--format", "json", "--no-cache"],
        api,
        tmp_path,
        extra={"BIBMAN_MAILTO": "me@example.org"},
    )
    got = results(p)
    assert got["ax"]["verdict"] == "confirmed" and got["ax"]["source"] == "arxiv"
    assert got["axgone"]["verdict"] == "not-found"
    assert got["isbn"]["verdict"] == "confirmed" and got["isbn"]["source"] == "openlibrary"
    assert got["badisbn"]["verdict"] == "not-found" and "check digit" in got["badisbn"]["detail"]
    assert got["baddoi"]["verdict"] == "not-found"
    agents = {ua for _, path, ua in api.log if path.startswith("/arxiv")}
    assert agents and all("bibman" in ua and "mailto:me@example.org" in ua for ua in agents)


def test_misbehaving_services_are_unverified_never_failures(api: FakeAPI, tmp_path: Path) -> None:
    bib = tmp_path / "bad.bib"
    entries = {
        "slow": "10.9999/slow-30",
        "html": "10.9999/html",
        "err": "10.9999/error",
        "trunc": "10.9999/trunc",
    }
    bib.write_text(
        "".join(f"@article{{{k}, title = {{T}}, doi = {{{d}}}}}\n" for k, d in entries.items())
        + "@article{s1, title = {SERVERERROR something}}\n@article{s2, title = {HTMLERROR thing}}\n",
        encoding="utf-8",
    )
    (tmp_path / "bibman.toml").write_text(
        '[verify]\ntimeout = "4s"\nrequest_timeout = "2s"\nretries = 1\nmax_retry_wait = "5s"\n',
        encoding="utf-8",
    )
    p = run([str(bib), "--format", "json", "--no-cache"], api, tmp_path, timeout=60)
    assert p.returncode == 0, p.stderr
    assert "Traceback" not in p.stderr
    got = results(p)
    assert {k: r["verdict"] for k, r in got.items()} == dict.fromkeys(
        [*entries, "s1", "s2"], "unverified"
    )
    assert "not JSON" in got["html"]["detail"]
    assert "JSON" in got["trunc"]["detail"]
    assert "503" in got["err"]["detail"] and "timeout" in got["slow"]["detail"]
    # a Retry-After longer than max_retry_wait: given up at once, and the host is
    # left alone for the rest of the run
    bib.write_text(
        "@article{busy, title = {T}, doi = {10.9999/toobusy}}\n"
        "@article{after, title = {T}, doi = {10.1000/eco.2019}}\n",
        encoding="utf-8",
    )
    (tmp_path / "bibman.toml").write_text("[verify]\nconcurrency = 1\n", encoding="utf-8")
    start = len(api.log)
    p = run([str(bib), "--format", "json", "--no-cache"], api, tmp_path, timeout=60)
    got = results(p)
    assert got["busy"]["verdict"] == "unverified" and "Retry-After 3600" in got["busy"]["detail"]
    assert got["after"]["verdict"] == "unverified" and "wait" in got["after"]["detail"]
    assert len(api.log) - start == 1


def test_retry_after_is_honoured(api: FakeAPI, tmp_path: Path) -> None:
    bib = tmp_path / "busy.bib"
    bib.write_text("@article{busy, title = {T}, doi = {10.9999/busy-1}}\n", encoding="utf-8")
    api.add(art("10.9999/busy-1", "T", ["A, B"], 2000))
    p = run([str(bib), "--format", "json", "--no-cache"], api, tmp_path)
    assert results(p)["busy"]["verdict"] == "confirmed", p.stdout
    hits = [t for t, path, _ in api.log if path.startswith("/doi/10.9999/busy-1")]
    assert len(hits) == 2 and hits[1] - hits[0] >= 0.9  # waited for Retry-After: 1


def test_arxiv_pacing(api: FakeAPI, tmp_path: Path) -> None:
    bib = tmp_path / "ax.bib"
    bib.write_text(
        "".join(f"@misc{{a{i}, title = {{T}}, eprint = {{2101.0000{i}}}}}\n" for i in range(2, 5)),
        encoding="utf-8",
    )
    (tmp_path / "bibman.toml").write_text('[verify]\narxiv_interval = "1s"\n', encoding="utf-8")
    start = len(api.log)
    p = run([str(bib), "--no-cache"], api, tmp_path)
    assert p.returncode == 1, p.stderr  # three not-found
    times = sorted(t for t, path, _ in api.log[start:] if path.startswith("/arxiv"))
    assert len(times) == 3
    assert all(b - a >= 0.95 for a, b in itertools.pairwise(times))


def test_cache_then_offline(api: FakeAPI, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    first = run([str(bib), "--format", "json"], api, tmp_path)
    n = len(api.log)
    p = run([str(bib), "--format", "json", "--offline"], api, tmp_path)
    assert len(api.log) == n  # nothing asked
    assert {k: r["verdict"] for k, r in results(p).items()} == {
        k: r["verdict"] for k, r in results(first).items()
    }
    assert all(r["cached"] for k, r in results(p).items() if k != "talk")


def test_offline_without_cache(tmp_path: Path) -> None:
    bib = Path(__file__).parents[1] / "references.bib"
    env = clean_env(tmp_path / "empty.sqlite")
    p = subprocess.run(
        [sys.executable, "-m", "bibman", "verify", str(bib), "--offline", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert p.returncode == 0, p.stderr
    found = json.loads(p.stdout)["results"]
    assert {r["verdict"] for r in found} == {"unverified"}
    lines = [ln for ln in p.stderr.splitlines() if "offline" in ln]
    assert len(lines) == 1 and lines[0].startswith("bibman: offline")
    # the table does not repeat "offline" for every entry: one summary line
    p = subprocess.run(
        [sys.executable, "-m", "bibman", "verify", str(bib), "--offline"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    (line,) = p.stdout.splitlines()
    n = len(found)
    assert p.returncode == 0 and line.startswith(f"{n} entries: {n} unverified; 0 requests")


def test_other_formats_are_read(api: FakeAPI, tmp_path: Path) -> None:
    js = tmp_path / "refs.json"
    js.write_text(
        json.dumps(
            [
                {
                    "id": "eco",
                    "type": "article-journal",
                    "title": "The structure of scientific revolutions in ecology",
                    "DOI": "10.1000/eco.2019",
                    "issued": {"date-parts": [[2019]]},
                    "author": [{"family": "Smith", "given": "Jane"}],
                }
            ]
        ),
        encoding="utf-8",
    )
    p = run([str(js), "--format", "json", "--no-cache"], api, tmp_path)
    assert p.returncode == 0, p.stderr
    assert results(p)["eco"]["verdict"] == "confirmed"
    p = run([str(js), "--enrich"], api, tmp_path)
    assert p.returncode == 2 and ".bib files only" in p.stderr


def test_project_files_cannot_redirect_the_services(api: FakeAPI, tmp_path: Path) -> None:
    """A repository's bibman.toml must not point verify at an internal address."""
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{eco, title = {T}, doi = {10.1000/eco.2019}}\n", encoding="utf-8")
    (tmp_path / "bibman.toml").write_text(
        f'[verify]\ndoi_resolver = "{api.base}/doi/"\nallow_private = true\n', encoding="utf-8"
    )
    env = clean_env(tmp_path / "cache.sqlite")
    env["BIBMAN_DOI_RESOLVER"] = "http://192.0.2.1:9/doi/"  # TEST-NET: never routed
    start = len(api.log)
    p = subprocess.run(
        [sys.executable, "-m", "bibman", "verify", str(bib), "--offline", "--no-cache"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert "ignored allow_private, doi_resolver" in p.stderr
    assert len(api.log) == start


def test_report_never_overwrites_an_input(api: FakeAPI, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    p = run([str(bib), "-o", str(bib), "--offline"], api, tmp_path)
    assert p.returncode == 2 and "refusing to overwrite" in p.stderr
    assert bib.read_text(encoding="utf-8") == BIB


def test_sici_doi_with_url_specials(api: FakeAPI, tmp_path: Path) -> None:
    doi = "10.1002/(SICI)1098-2396(199608)23:4<328::AID-SYN11>3.0.CO;2-T#x"
    api.add(art(doi, "Dopamine and the synapse", ["Grace, A. A."], 1996))
    bib = tmp_path / "sici.bib"
    bib.write_text(
        f"@article{{s, author = {{Grace, A.}}, title = {{Dopamine and the synapse}},"
        f" year = {{1996}}, doi = {{{doi}}}}}\n",
        encoding="utf-8",
    )
    p = run([str(bib), "--format", "json", "--no-cache"], api, tmp_path)
    assert p.returncode == 0, p.stderr
    assert results(p)["s"]["verdict"] == "confirmed"


def test_parse_keep_raw_then_verify(api: FakeAPI, tmp_path: Path) -> None:
    """The raw string `parse --keep-raw` keeps is what the search sends and matches."""
    refs = tmp_path / "refs.txt"
    refs.write_text(
        "References\n\n"
        "[1] B. A. Olshausen and D. J. Field. Emergence of simple-cell receptive field properties"
        " by learning a sparse code for natural images. Nature, 381:607-609, 1996.\n",
        encoding="utf-8",
    )
    env = clean_env(tmp_path / "cache.sqlite")
    out = tmp_path / "refs.bib"
    p = subprocess.run(
        [sys.executable, "-m", "bibman", "parse", str(refs), "--keep-raw", "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert p.returncode in (0, 1), p.stderr
    assert "rawref" in out.read_text(encoding="utf-8")
    start = len(api.log)
    p = run([str(out), "--format", "json", "--no-cache", "--enrich"], api, tmp_path)
    assert p.returncode == 0, p.stderr
    (only,) = results(p).values()
    assert only["verdict"] == "suggested" and only["record"]["doi"] == "10.1000/olsh.1996"
    query = next(path for _, path, _ in api.log[start:] if path.startswith("/crossref/"))
    assert "Nature%2C+381" in query  # the raw string, not just the title
    assert "doi = {10.1000/olsh.1996}" in out.read_text(encoding="utf-8")


def test_openalex_is_asked_when_crossref_has_no_match(api: FakeAPI, tmp_path: Path) -> None:
    api.add(
        art(
            "10.1000/oa.only",
            "Sparse coding with an overcomplete basis set",
            ["Lee, Honglak"],
            2007,
        )
    )
    bib = tmp_path / "oa.bib"
    # Crossref answers with an HTML error page for this query; OpenAlex answers
    bib.write_text(
        "@article{oa, author = {Lee, H.}, title = {Sparse coding with an overcomplete basis set"
        " HTMLERROR}, year = {2007}}\n",
        encoding="utf-8",
    )
    p = run([str(bib), "--format", "json", "--no-cache"], api, tmp_path)
    assert results(p)["oa"]["verdict"] == "unverified"
    p = run([str(bib), "--format", "json", "--no-cache", "--openalex"], api, tmp_path)
    got = results(p)["oa"]
    assert got["verdict"] == "suggested" and got["source"] == "openalex", got
    assert got["record"]["doi"] == "10.1000/oa.only"


def test_empty_and_stdin_input(api: FakeAPI, tmp_path: Path) -> None:
    empty = tmp_path / "empty.bib"
    empty.write_text("", encoding="utf-8")
    p = run([str(empty)], api, tmp_path)
    assert p.returncode == 2 and "error:" in p.stderr and "Traceback" not in p.stderr
    env = clean_env(tmp_path / "cache.sqlite")
    env.update(api.env())
    p = subprocess.run(
        [sys.executable, "-m", "bibman", "verify", "-", "--format", "json", "--no-cache"],
        input="@article{eco, title = {The structure of scientific revolutions in ecology},"
        " author = {Smith, Jane}, year = {2019}, doi = {10.1000/eco.2019}}\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert p.returncode == 0, p.stderr
    assert results(p)["eco"]["verdict"] == "confirmed"


def test_one_request_per_distinct_question(api: FakeAPI, tmp_path: Path) -> None:
    bib = tmp_path / "dup.bib"
    bib.write_text(
        "".join(
            f"@article{{e{i}, title = {{The structure of scientific revolutions in ecology}},"
            " author = {Smith, Jane}, year = {2019}, doi = {10.1000/eco.2019}}\n"
            for i in range(6)
        ),
        encoding="utf-8",
    )
    start = len(api.log)
    p = run([str(bib), "--format", "json", "--no-cache"], api, tmp_path)
    assert {r["verdict"] for r in results(p).values()} == {"confirmed"}
    assert [path for _, path, _ in api.log[start:]] == [
        "/doi/10.1000/eco.2019",
        "/ra/10.1000/eco.2019",
    ]


def test_rate_limit_headers_set_the_pace(api: FakeAPI, tmp_path: Path) -> None:
    bib = tmp_path / "pool.bib"
    bib.write_text(
        "".join(f"@article{{p{i}, title = {{SLOWPOOL query number {i}}}}}\n" for i in range(4)),
        encoding="utf-8",
    )
    (tmp_path / "bibman.toml").write_text("[verify]\nconcurrency = 1\n", encoding="utf-8")
    start = len(api.log)
    p = run([str(bib), "--no-cache"], api, tmp_path)
    assert p.returncode == 0, p.stderr
    times = sorted(t for t, path, _ in api.log[start:] if "SLOWPOOL" in path)
    assert len(times) == 4
    # after the first answer said "2 per second", requests start >= 0.5 s apart. The server
    # logs a request when its thread runs, which a loaded machine delays, so one logged gap may
    # shrink while the next grows: bound each gap loosely and the whole span tightly.
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert all(g >= 0.25 for g in gaps), gaps
    assert times[-1] - times[0] >= 1.4, gaps
