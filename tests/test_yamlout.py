"""bibman.formats.yamlout: the YAML it writes reads back (PyYAML) to the values given,
in PyYAML's block layout. (On the corpora, tests/test_formats_roundtrip.py and
bench/scale.py convert through it.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bibman.formats import yamlout

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str) -> Any:
    return yaml.load(text, Loader=LOADER)


# strings YAML would read as something else, or that need quoting or escapes
AWKWARD = [
    "",
    " ",
    "8",
    "08",
    "1e3",
    "1.5",
    ".5",
    "0x1f",
    "1_000",
    "2001-01-01",
    "12:30:00",
    "yes",
    "No",
    "on",
    "OFF",
    "true",
    "null",
    "~",
    "=",
    "<<",
    "-",
    "- a",
    "-a",
    "?",
    "? a",
    ":",
    "a:",
    "a: b",
    "a:b",
    "a #b",
    "C#",
    "#x",
    "&a",
    "*a",
    "!tag",
    "|",
    ">",
    "%x",
    "@x",
    "`x",
    "'quoted'",
    '"dq"',
    "it's",
    "[x] y",
    "x [y]",
    "{a}",
    "a, b",
    "---",
    "...",
    "--- x",
    "trailing ",
    " leading",
    "two\nlines",
    "tab\there",
    "cr\rhere",
    "nel\x85here",
    "ls\u2028ps\u2029",
    "bom\ufeffhere",
    "nbsp\xa0here",
    "bell\x07",
    "del\x7f",
    "c1\x9b",
    "back\\slash",
    "Müller, Zoë",
    "日本語",
    "emoji \U0001f600",
    '<i>Title</i>: a <span class="nocase">M</span>',
    "10.1000/xyz",
    "https://example.org/a?b=c#d",
]


@pytest.mark.parametrize("s", AWKWARD)
def test_awkward_strings_read_back_as_themselves(s: str) -> None:
    assert load(yamlout.document("references", [{"title": s, s or "k": s}])) == {
        "references": [{"title": s, s or "k": s}]
    }


def test_layout_is_pyyamls_block_style() -> None:
    item = {
        "id": "a1",
        "author": [{"family": "Müller", "given": "Zoë"}, {"literal": "ACM"}],
        "issue": "8",
        "issued": {"date-parts": [[1958, 1]]},
        "categories": [],
        "custom": {},
        "flag": True,
        "none": None,
    }
    ours = yamlout.document("references", [item])
    pyyaml = "---\n" + yaml.dump(
        {"references": [item]}, allow_unicode=True, sort_keys=False, default_flow_style=False
    )
    assert ours == pyyaml + "...\n"
    assert yamlout.document("references", []) == "---\nreferences: []\n...\n"


def test_unknown_types_raise_for_the_fallback() -> None:
    with pytest.raises(TypeError):
        yamlout.document("references", [{"x": 1.5}])
    with pytest.raises(TypeError):
        yamlout.document("references", [{1: "x"}])


# everything but surrogates (not encodable as UTF-8, so never in a file)
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
VALUES = st.recursive(
    TEXT | st.integers() | st.booleans() | st.none(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.dictionaries(TEXT, VALUES, max_size=5), max_size=4))
def test_any_document_reads_back_as_itself(items: list[dict[str, Any]]) -> None:
    # (PyYAML's own dump is not the oracle here: it writes a key '\x85' as a plain
    # line break, which reads back as ' ')
    assert load(yamlout.document("references", items)) == {"references": items}


CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "bib"


@pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/data/bib not present")
def test_corpora_convert_to_the_content_pyyaml_writes() -> None:
    from bibman import bibtex
    from bibman.formats import pandoc_yaml
    from bibman.formats.csljson import bib_to_csl

    files = sorted(CORPORA.rglob("*.bib"))[:60]
    assert files
    for path in files:
        bib = bibtex.load(path)
        items = [pandoc_yaml._escape_item(i) for i in bib_to_csl(bib).items]
        theirs = yaml.dump({"references": items}, allow_unicode=True, sort_keys=False, width=1000)
        assert load(pandoc_yaml.dumps(bib)[0]) == load(theirs), path
