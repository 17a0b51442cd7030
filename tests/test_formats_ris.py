"""RIS as Zotero, EndNote and Mendeley write it."""

from __future__ import annotations

import pytest

from bibman.errors import InputError
from bibman.formats import ris

ZOTERO = """TY  - JOUR
TI  - Molecular structure of nucleic acids
AU  - Watson, J. D.
AU  - Crick, F. H. C.
T2  - Nature
DA  - 1953/04/25/
PY  - 1953
DO  - 10.1038/171737a0
VL  - 171
IS  - 4356
SP  - 737
EP  - 738
SN  - 0028-0836
UR  - https://www.nature.com/articles/171737a0
Y2  - 2024/01/02/
KW  - DNA
KW  - structure
ER  -

TY  - CHAP
TI  - Thick description
AU  - Geertz, Clifford
A2  - Smith, Ann
T2  - The interpretation of cultures
PB  - Basic Books
CY  - New York
PY  - 1973
SP  - 3
EP  - 30
SN  - 978-0-465-03425-4
ER  -
""".replace("ER  -\n", "ER  - \n")  # Zotero ends records with "ER  - " (trailing space)

ENDNOTE = """\ufeffTY  - THES
A1  - Ivanova, Maria
T1  - Essays on Central Asian politics
Y1  - 2015
PB  - Stanford University
M3  - PhD thesis
N1  - A note
  that wraps onto a second line
ER  -
"""


def test_zotero_export() -> None:
    items, diags = ris.parse_records(ZOTERO)
    assert diags == []
    art, chap = items
    assert art["type"] == "article-journal" and art["container-title"] == "Nature"
    assert art["issued"] == {"date-parts": [[1953, 4, 25]]}
    assert art["accessed"] == {"date-parts": [[2024, 1, 2]]}
    assert art["page"] == "737-738" and art["issue"] == "4356" and art["ISSN"] == "0028-0836"
    assert art["author"][1] == {"family": "Crick", "given": "F. H. C."}
    assert art["keyword"] == "DNA, structure"
    assert chap["type"] == "chapter" and chap["editor"] == [{"family": "Smith", "given": "Ann"}]
    assert chap["ISBN"] == "978-0-465-03425-4"


def test_endnote_export_to_bibtex() -> None:
    bib = ris.loads(ENDNOTE, "x.ris")
    [entry] = bib.entries
    assert entry.type == "phdthesis"
    assert entry.get("school") == "Stanford University"
    assert entry.get("note") == "A note that wraps onto a second line"
    assert entry.get("type") == "PhD thesis"


def test_unclosed_record_and_not_ris() -> None:
    items, diags = ris.parse_records("TY  - BOOK\nTI  - T\n")
    assert items[0]["title"] == "T" and diags[0].code == "ris.missing-er"
    with pytest.raises(InputError):
        ris.parse_records("@article{a, title={x}}")
