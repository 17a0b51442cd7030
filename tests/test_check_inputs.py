"""`check` reads every bibliography format `convert` reads and plain documents (issue 9
item 4): each URL with its file and line; a file that is nothing readable is exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bibman.errors import InputError
from bibman.links.documents import html_links, latex_links, markdown_links, trim_url
from bibman.links.extract import urls_in_text
from bibman.links.sources import kind_of, read_source

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "links"))
from fakeweb import FakeWeb, serve

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def web() -> Iterator[FakeWeb]:
    with serve() as w:
        yield w


def run(args: list[str], cwd: Path, web: FakeWeb | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIBMAN_")}
    env["BIBMAN_CACHE"] = str(cwd / "cache.sqlite")
    env["BIBMAN_USER_CONFIG"] = str(cwd / "none.toml")
    env["PYTHONPATH"] = str(ROOT)
    if web is not None:
        env["BIBMAN_DOI_RESOLVER"] = web.base + "/doi/"
    return subprocess.run(
        [sys.executable, "-m", "bibman", "check", "--no-archive", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
    )


def results(p: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    return list(json.loads(p.stdout)["results"])


def test_balanced_parentheses_stay_in_urls() -> None:
    assert trim_url("https://en.wikipedia.org/wiki/Mercury_(planet)).") == (
        "https://en.wikipedia.org/wiki/Mercury_(planet)"
    )
    assert trim_url("https://example.org/a)") == "https://example.org/a"
    assert trim_url("https://example.org/a_(b)_c,") == "https://example.org/a_(b)_c"
    # in .bib notes too
    assert urls_in_text("(see https://en.wikipedia.org/wiki/Foo_(bar))") == [
        "https://en.wikipedia.org/wiki/Foo_(bar)"
    ]


def test_markdown_extraction_like_lychee() -> None:
    text = (
        "# T\n"
        'A [link](https://example.org/a_(b)/c_d.html "title") and <https://example.org/auto>.\n'
        "Bare https://example.org/x_y_z/, code `https://example.org/code` skipped.\n"
        "```\nhttps://example.org/fenced\n```\n"
        "[ref]: https://example.org/ref\n"
        "[rel](docs/other.md) [mail](mailto:a@b.org)\n"
    )
    assert [(u, line) for u, line, _ in markdown_links(text)] == [
        ("https://example.org/a_(b)/c_d.html", 2),
        ("https://example.org/auto", 2),
        ("https://example.org/x_y_z/", 3),
        ("https://example.org/ref", 7),
    ]


def test_html_extraction() -> None:
    text = (
        '<html><head><meta http-equiv="refresh" content="0; url=https://example.org/next">\n'
        '</head><body><a href="https://example.org/a?x=1&amp;y=2">a</a>\n'
        "<p>see https://example.org/bare.</p><script>var u='https://example.org/js'</script>\n"
        '<img src="https://example.org/i.png"><a href="/relative">r</a></body></html>\n'
    )
    assert [(u, line) for u, line, _ in html_links(text)] == [
        ("https://example.org/next", 1),
        ("https://example.org/a?x=1&y=2", 2),
        ("https://example.org/bare", 3),
        ("https://example.org/i.png", 4),
    ]


def test_latex_extraction() -> None:
    text = (
        "\\documentclass{article}\n\\begin{document}\n"
        "\\url{https://example.org/a\\_b} \\href{https://example.org/h}{h} % https://example.org/c\n"
        "\\doi{10.1000/xyz}\n\\begin{verbatim}\nhttps://example.org/v\n\\end{verbatim}\n"
    )
    assert [(u, line) for u, line, _ in latex_links(text)] == [
        ("https://example.org/a_b", 3),
        ("https://example.org/h", 3),
        ("https://doi.org/10.1000/xyz", 4),
    ]


def test_kind_from_suffix_then_content() -> None:
    assert kind_of("a.bib", "") == "bibtex"
    assert kind_of("a.yml", "") == "yaml"
    assert kind_of("-", "[{}]") == "csljson"
    assert kind_of("-", "TY  - JOUR\nER  - \n") == "ris"
    assert kind_of("-", "@article{a, title={x}}") == "bibtex"
    assert kind_of("-", "<!DOCTYPE html><p>") == "html"
    assert kind_of("-", "just words https://example.org") == "text"


@pytest.mark.parametrize(
    ("name", "text", "needle"),
    [
        ("e.bib", "  \n", "empty"),
        ("h.bib", "hello, this is not BibTeX\n", "no BibTeX entries"),
        ("b.json", "{oops", "not valid CSL-JSON"),
        ("r.ris", "nothing\n", "not RIS"),
    ],
)
def test_unreadable_inputs_raise(name: str, text: str, needle: str) -> None:
    with pytest.raises(InputError, match=needle):
        read_source(text, name)


def _files(tmp: Path, base: str) -> dict[str, Path]:
    files = {
        "refs.json": (
            "[\n"
            f' {{"id": "j1", "type": "webpage", "URL": "{base}/ok/json1"}},\n'
            f' {{"id": "j2", "type": "webpage", "URL": "{base}/missing/json2"}}\n'
            "]\n"
        ),
        "refs.yaml": (
            f"---\nreferences:\n- id: y1\n  type: webpage\n  URL: {base}/ok/yaml1\n"
            f"- id: y2\n  type: webpage\n  URL: {base}/missing/yaml2\n...\n"
        ),
        "refs.ris": (
            f"TY  - ELEC\nID  - r1\nUR  - {base}/ok/ris1\nER  - \n\n"
            f"TY  - ELEC\nID  - r2\nUR  - {base}/missing/ris2\nER  - \n"
        ),
        "notes.md": f"# Notes\n\nSee [this]({base}/ok/md1) and\n{base}/missing/md2.\n",
        "page.html": f'<!doctype html>\n<p><a href="{base}/ok/html1">a</a></p>\n<p>{base}/missing/html2</p>\n',
        "paper.tex": f"\\section{{x}}\n\\url{{{base}/ok/tex1}}\n\n\\href{{{base}/missing/tex2}}{{y}}\n",
        "list.txt": f"first {base}/ok/txt1\nsecond {base}/missing/txt2\n",
    }
    out = {}
    for name, text in files.items():
        (tmp / name).write_text(text, encoding="utf-8")
        out[name] = tmp / name
    return out


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("refs.json", {"json1": 2, "json2": 3}),
        ("refs.yaml", {"yaml1": 5, "yaml2": 8}),
        ("refs.ris", {"ris1": 3, "ris2": 8}),
        ("notes.md", {"md1": 3, "md2": 4}),
        ("page.html", {"html1": 2, "html2": 3}),
        ("paper.tex", {"tex1": 2, "tex2": 4}),
        ("list.txt", {"txt1": 1, "txt2": 2}),
    ],
)
def test_every_format_through_the_command(
    web: FakeWeb, tmp_path: Path, name: str, lines: dict[str, int]
) -> None:
    path = _files(tmp_path, web.base)[name]
    p = run([str(path), "--format", "json", "--allow-network", "127.0.0.1/32"], tmp_path, web)
    assert p.returncode == 1, p.stderr  # one dead link in each
    got = {
        str(r["url"]).rsplit("/", 1)[1]: (r["line"], r["verdict"], r["file"]) for r in results(p)
    }
    assert {k: v[0] for k, v in got.items()} == lines
    ok, dead = sorted(lines)
    assert got[ok][1] == "ok" and got[dead][1] == "dead"
    assert all(v[2] == str(path) for v in got.values())


def test_unreadable_file_is_exit_2_never_zero_links(tmp_path: Path) -> None:
    for name, data in (
        ("bin.bib", b"\x00\x01\x02\x03binary\x00"),
        ("prose.bib", b"Dear reviewer, this is not a bibliography.\n"),
        ("bad.json", b'[{"id": "a",'),
        ("bad.ris", b"no records here\n"),
        ("empty.md", b""),
    ):
        (tmp_path / name).write_bytes(data)
        p = run([str(tmp_path / name)], tmp_path)
        assert p.returncode == 2, (name, p.stdout, p.stderr)
        assert "error:" in p.stderr and name in p.stderr and "Traceback" not in p.stderr
        assert "0 links" not in p.stdout


def test_one_bad_file_among_good_ones_still_checks_the_rest(web: FakeWeb, tmp_path: Path) -> None:
    good = _files(tmp_path, web.base)["list.txt"]
    (tmp_path / "bad.json").write_text("{")
    p = run(
        [
            str(tmp_path / "bad.json"),
            str(good),
            "--format",
            "json",
            "--allow-network",
            "127.0.0.1/32",
        ],
        tmp_path,
        web,
    )
    assert p.returncode == 2
    assert len(results(p)) == 2


def test_stdin_is_sniffed(web: FakeWeb, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIBMAN_")}
    env.update(PYTHONPATH=str(ROOT), BIBMAN_CACHE=str(tmp_path / "c.sqlite"))
    p = subprocess.run(
        [
            sys.executable,
            "-m",
            "bibman",
            "check",
            "-",
            "--format",
            "json",
            "--allow-network",
            "127.0.0.1/32",
        ],
        input=f'[{{"id": "s", "URL": "{web.base}/ok/stdin"}}]',
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert p.returncode == 0, p.stderr
    assert [r["verdict"] for r in results(p)] == ["ok"]
