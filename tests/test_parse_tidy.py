"""`bibman parse` writes what `bibman tidy` keeps: one field order (bibman.fieldorder), one
layout. Checked on the shipped examples and on references of every shape parse produces."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(str(p) for p in (ROOT / "examples").glob("*.txt"))

# Not from the parser's dev set: written for this test, one of each shape (dates with
# months, access dates, organisations, editors, reports, theses, web pages, DOIs, ISBNs).
REFERENCES = """\
Smith, J. and Doe, A. (2019, March 3). Rivers of the steppe. Journal of Central Asian Hydrology, 12(4), 201-230. https://doi.org/10.1234/jcah.2019.004
World Health Organization. Global report on drowning. Geneva: WHO; 2014. ISBN 978-92-4-156478-6.
Brown, K. (ed.) Essays on trade routes. In: Miller, R., Chen, L. (eds.) The Silk Road Revisited, pp. 45-67. Oxford University Press, Oxford (2011)
Ivanova, M. "Grain exports in May 2020". Reuters. 14 May 2020. Retrieved 2 June 2021. https://www.reuters.com/article/grain-may-2020
Garcia, P. Modelling glaciers. PhD thesis, University of Bern, 2005.
National Research Council. Technical Report No. 45: Water use in arid regions. Washington, DC: National Academies Press, 1998.
"Kazakhstan profile". BBC News. 2018-11-02. Archived from the original on 2019-01-05. Retrieved 2019-02-01.
Lee, H., Park, S. Sensor fusion for drones. Proceedings of the IEEE Conference on Robotics, Seoul, Korea, pp. 1-8, Oct. 2017.
"""


def bibman(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bibman", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def test_parse_output_of_the_examples_is_tidy(tmp_path: Path) -> None:
    out = tmp_path / "refs.bib"
    assert bibman("parse", *EXAMPLES, "-o", str(out)).returncode == 0
    check = bibman("tidy", "--check", str(out))
    assert check.returncode == 0, check.stdout
    assert check.stdout == ""


def test_committed_references_bib_is_tidy() -> None:
    check = bibman("tidy", "--check", str(ROOT / "references.bib"))
    assert check.returncode == 0, check.stdout


def test_parse_output_of_every_shape_is_tidy_also_with_raw_strings(tmp_path: Path) -> None:
    for extra in ([], ["--keep-raw"]):
        out = tmp_path / "shapes.bib"
        r = bibman("parse", "--one-per-line", "-", "-o", str(out), *extra, stdin=REFERENCES)
        assert r.returncode == 0, r.stderr
        text = out.read_text(encoding="utf-8")
        assert text.count("\n@") + text.startswith("@") == len(REFERENCES.splitlines())
        check = bibman("tidy", "--check", str(out))
        assert check.returncode == 0, (extra, check.stdout)
