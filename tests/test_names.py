"""Author/editor string splitting (bibman.freetext.names)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bibman.freetext.names import name_str, split_names
from bibman.model import Name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Bergk, V., Haefeli, W. E., Gasse, C., Brenner, H. & Martin- Facklam, M.",
            ["Bergk, V.", "Haefeli, W. E.", "Gasse, C.", "Brenner, H.", "Martin-Facklam, M."],
        ),
        (
            "O. Ambacher, B. Foutz, J. R. Shealy, and M. Stutzmann,",
            ["Ambacher, O.", "Foutz, B.", "Shealy, J. R.", "Stutzmann, M."],
        ),
        ("Lee, Myeong Ju, Kim, Gab Sook,", ["Lee, Myeong Ju", "Kim, Gab Sook"]),
        (
            "Pérez-Higueras JJ, Arias A, de la Macorra JC, Peters OA.",
            ["Pérez-Higueras, J. J.", "Arias, A.", "de la Macorra, J. C.", "Peters, O. A."],
        ),
        (
            "Kurth, Frank, Meinard Müller, Christian Fremerey",
            ["Kurth, Frank", "Müller, Meinard", "Fremerey, Christian"],
        ),
        (
            "Ameel, Eef; Storms, Gert; Malt, Barbara C.; & Sloman, Steven A.",
            ["Ameel, Eef", "Storms, Gert", "Malt, Barbara C.", "Sloman, Steven A."],
        ),
        ("Feigenbaum, E.A", ["Feigenbaum, E. A."]),
        ("Vargas Llosa, Mario", ["Vargas Llosa, Mario"]),
        ("de Villiers, Jill G.", ["de Villiers, Jill G."]),
        ("Ludwig van Beethoven", ["van Beethoven, Ludwig"]),
        ("Schneider (L.),", ["Schneider, L."]),
        ("문영은, 심지수, 박동숙,", ["문영은", "심지수", "박동숙"]),
        ("Иванов И. И., Петров П. П.", ["Иванов, И. И.", "Петров, П. П."]),
        ("Daines, Bryce et al.", ["Daines, Bryce"]),
    ],
)
def test_split_names(text: str, expected: list[str]) -> None:
    assert [name_str(n) for n in split_names(text)] == expected


@pytest.mark.parametrize(
    "org",
    [
        "OARDEC",
        "Embassy of the Republic of Kazakhstan",
        "The Oil and Gas Year",
        "Counterpart International",
    ],
)
def test_organisations_kept_whole(org: str) -> None:
    assert split_names(org) == (Name(literal=org),)


def test_particles_and_suffix() -> None:
    (n,) = split_names("van der Waals, J. D.")
    assert (n.particle, n.family, n.given) == ("van der", "Waals", "J. D.")
    (m,) = split_names("Smith, Jr., John")
    assert (m.family, m.suffix, m.given) == ("Smith", "Jr.", "John")


@given(st.text(max_size=200))
def test_never_raises(text: str) -> None:
    for n in split_names(text):
        assert n.family or n.literal
