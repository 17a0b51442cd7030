"""Month names, once: BibTeX's predefined macros and the English names they stand for."""

from __future__ import annotations

MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MACRO_TO_NAME = dict(zip(MONTH_MACROS, MONTH_NAMES, strict=True))
