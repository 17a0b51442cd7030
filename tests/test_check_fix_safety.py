"""`check --fix` cannot destroy data (issue 12 items 5 and 6): redirect targets only when
they are specific live pages, the old URL shown, `--dry-run` diffs, `--backup`; entries
with an archived copy are `archived`, not failing; a 5xx is asked again before a
permanent archive note is written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bibman.links.fix import safe_redirect_target
from bibman.links.model import Hop, LinkResult

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "links"))
from fakeweb import FakeWeb, serve

ROOT = Path(__file__).resolve().parent.parent
ALLOW = ["--allow-network", "127.0.0.1/32"]


@pytest.fixture(scope="module")
def web() -> Iterator[FakeWeb]:
    with serve() as w:
        yield w


def run(args: list[str], web: FakeWeb, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIBMAN_")}
    env.update(
        PYTHONPATH=str(ROOT),
        BIBMAN_CACHE=str(cwd / "cache.sqlite"),
        BIBMAN_USER_CONFIG=str(cwd / "none.toml"),
        BIBMAN_DOI_RESOLVER=web.base + "/doi/",
        BIBMAN_WAYBACK_CDX=web.base + "/cdx",
        BIBMAN_WAYBACK_AVAILABLE=web.base + "/available",
        BIBMAN_WAYBACK_WEB="https://web.archive.org/web/",
    )
    return subprocess.run(
        [sys.executable, "-m", "bibman", "check", *args, *ALLOW],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def _moved(final: str) -> LinkResult:
    return LinkResult("https://a.org/2019/x", "redirected", 200, final, "", (Hop(301, "u", final),))


def test_only_specific_live_pages_are_redirect_targets() -> None:
    assert safe_redirect_target(_moved("https://a.org/2019/x-new")) == "https://a.org/2019/x-new"
    for final in ("https://a.org/", "https://a.org/index.html", "https://a.org/search?q=x",
                  "https://a.org/404", "https://a.org/login"):  # fmt: skip
        assert safe_redirect_target(_moved(final)) is None, final
    temporary = LinkResult("u", "redirected", 200, "https://a.org/y", "", (Hop(302, "u", "y"),))
    assert safe_redirect_target(temporary) is None
    soft = LinkResult("u", "soft-404", 200, "https://a.org/", "", (Hop(301, "u", "/"),))
    assert safe_redirect_target(soft) is None


def test_fix_redirects_never_rewrites_to_a_home_page(web: FakeWeb, tmp_path: Path) -> None:
    b = web.base
    bib = tmp_path / "refs.bib"
    text = (
        f"@online{{home, url = {{{b}/tohome/2016/article}}}}\n"
        f"@online{{moved, url = {{{b}/redirect/301/1/new-home}}}}\n"
    )
    bib.write_text(text)
    p = run(
        [str(bib), "--format", "json", "--fix", "--fix-redirects", "--no-archive"], web, tmp_path
    )
    verdicts = {r["key"]: r["verdict"] for r in json.loads(p.stdout)["results"]}
    assert verdicts == {"home": "soft-404", "moved": "redirected"}, p.stderr
    out = bib.read_text()
    assert f"{b}/tohome/2016/article" in out  # untouched
    assert f"url = {{{b}/ok/new-home}}" in out
    assert f"url {b}/redirect/301/1/new-home → {b}/ok/new-home" in p.stderr  # the old URL shown


def test_dry_run_prints_a_diff_and_writes_nothing(web: FakeWeb, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    text = f"@online{{moved, url = {{{web.base}/redirect/308/1/dry}}}}\n"
    bib.write_text(text)
    p = run([str(bib), "--fix", "--fix-redirects", "--dry-run", "--no-archive"], web, tmp_path)
    assert bib.read_text() == text
    assert f"-@online{{moved, url = {{{web.base}/redirect/308/1/dry}}}}" in p.stdout
    assert f"+@online{{moved, url = {{{web.base}/ok/dry}}}}" in p.stdout
    assert not list(tmp_path.glob("refs.bib.*"))


def test_backup_keeps_the_old_file(web: FakeWeb, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    text = f"@online{{moved, url = {{{web.base}/redirect/301/1/bak}}}}\n"
    bib.write_text(text)
    run([str(bib), "--fix", "--fix-redirects", "--backup=.bak", "--no-archive"], web, tmp_path)
    assert (tmp_path / "refs.bib.bak").read_text() == text
    assert "/ok/bak" in bib.read_text()


def test_dead_link_with_an_archived_copy_is_archived_and_not_failing(
    web: FakeWeb, tmp_path: Path
) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(
        f"@online{{a, url = {{{web.base}/missing/arch}},\n"
        "  archiveurl = {https://web.archive.org/web/2019/x}}\n"
    )
    p = run([str(bib), "--format", "json", "--no-archive"], web, tmp_path)
    assert p.returncode == 0, p.stdout
    (rec,) = json.loads(p.stdout)["results"]
    assert rec["verdict"] == "archived" and "archived copy" in rec["detail"]
    p = run([str(bib), "--fail-on", "archived", "--no-archive"], web, tmp_path)
    assert p.returncode == 1


def test_a_5xx_is_asked_again_before_an_archive_note(web: FakeWeb, tmp_path: Path) -> None:
    url = f"{web.base}/flaky5xx/recheck"
    web.captures[url] = [("20180101000000", "200")]
    bib = tmp_path / "refs.bib"
    text = f"@online{{a, url = {{{url}}}}}\n"
    bib.write_text(text)
    p = run([str(bib), "--fix", "--retries", "0", "--timeout", "4"], web, tmp_path)
    assert "when asked again" in p.stderr, p.stderr
    assert bib.read_text() == text  # no permanent note for a temporary error
