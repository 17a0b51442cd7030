"""Headings that open a reference list ("References", "Literatur",
"参考文献") and lines that close one ("See also", "Appendix A", site
boilerplate)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..lazyre import lazy
from .listlines import (
    _TERMINAL,
    _ends,
)

# Headings that open a reference list, normalised (lower case, no punctuation).
REFERENCE_HEADINGS = frozenset(
    {
        "references",
        "reference list",
        "list of references",
        "bibliography",
        "select bibliography",
        "selected bibliography",
        "notes",
        "footnotes",
        "endnotes",
        "notes and references",
        "references and notes",
        "citations",
        "works cited",
        "literature cited",
        "literature",
        "sources",
        # German
        "literatur",
        "literaturverzeichnis",
        "quellen",
        "quellenverzeichnis",
        "anmerkungen",
        "einzelnachweise",
        "fußnoten",
        # French
        "bibliographie",
        "références",
        "références bibliographiques",
        "notes et références",
        # Spanish / Portuguese / Italian
        "referencias",
        "referencias bibliográficas",
        "bibliografía",
        "notas",
        "referências",
        "referências bibliográficas",
        "bibliografia",
        "riferimenti",
        "riferimenti bibliografici",
        "note",
        # Dutch / Scandinavian / Polish / Czech / Turkish
        "literatuur",
        "literatuurlijst",
        "referenties",
        "litteratur",
        "referenser",
        "kilder",
        "bibliografi",
        "przypisy",
        "literatura",
        "kaynakça",
        "kaynaklar",
        # Russian / Ukrainian
        "список литературы",
        "список использованной литературы",
        "список использованных источников",
        "литература",
        "библиография",
        "примечания",
        "источники",
        "список літератури",
        "література",
        # CJK and others
        "参考文献",
        "参考资料",
        "參考文獻",
        "参考資料",
        "引用文献",
        "注释",
        "참고문헌",
        "참고 문헌",
        "المراجع",
        "مراجع",
        "מקורות",
        "βιβλιογραφία",
    }
)

# Headings (or first words of trailing material) that close a reference list.
STOP_HEADINGS = frozenset(
    {
        "external links",
        "see also",
        "further reading",
        "review",
        "for citations",
        "appendix",
        "appendices",
        "acknowledgements",
        "acknowledgments",
        "about the author",
        "about the authors",
        "author biographies",
        "supplementary material",
        "supporting information",
        "figure legends",
        "figure captions",
        "figures",
        "tables",
        "index",
        "vita",
        "curriculum vitae",
        "biographical sketch",
        "author information",
        "author contributions",
        "notes on contributors",
        "conflict of interest",
        "conflicts of interest",
        "competing interests",
        "funding",
        "declarations",
        "data availability",
        "abbreviations",
        "navigation menu",
        "categories",
        "category",
        "license",
        "weblinks",
        "siehe auch",
        "liens externes",
        "voir aussi",
        "enlaces externos",
        "véase también",
        "collegamenti esterni",
        "voci correlate",
        "vedi anche",
        "ссылки",
        "см также",
        "см. также",
        "外部链接",
        "参见",
    }
)

# Trailing lines that are boilerplate, not references ("Retrieved from ...").
_BOILERPLATE = lazy(
    r"^(retrieved from\b|wikimedia foundation\b|this page was last|views:|"
    r"creative commons\b|this work is licensed|см\. также в других словарях)",
    re.IGNORECASE,
)


_H_MARKUP = lazy(r"^(?:#{1,6}|={1,6})\s*|\s*(?:={1,6}|#{1,6})$")
_H_NUMBER = lazy(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[ivxlc]{1,6}\.|[a-h]\.)\s+", re.I)
_SPACES = lazy(r"\s+")


@lru_cache(maxsize=4096)
def normalize_heading(line: str) -> str:
    """A line as a possible heading: no markup, numbering, colon; lower case."""
    s = unicodedata.normalize("NFC", line).strip()
    s = _H_MARKUP.sub("", s)  # Markdown / wiki markup
    s = s.strip("*_ \t")
    s = _H_NUMBER.sub("", s)
    s = s.rstrip(":：.").strip()
    return _SPACES.sub(" ", s).lower()


def _is_heading(line: str, names: frozenset[str]) -> bool:
    s = line.strip()
    return 0 < len(s) <= 60 and normalize_heading(s) in names


_STOP_PREFIX = lazy(
    r"^(?:appendix|appendices|anhang|annexe?s?|anexo|allegato|приложение|supplementary|"
    r"acknowledge?ments?|danksagung|remerciements|agradecimientos)\b"
)
_YEAR = lazy(r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)")  # "Appendix to ..., 2001" is a reference


def _is_stop(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 120:
        return False
    if _is_heading(s, STOP_HEADINGS) or _BOILERPLATE.match(s):
        return True
    if len(s) <= 60 and _STOP_PREFIX.match(normalize_heading(s)) and not _YEAR.search(s):
        return True  # "Appendix A: Proofs", "Supplementary Table S1"
    # "For citations:" and similar labels
    return normalize_heading(s.split(":")[0]) in STOP_HEADINGS and s.rstrip().endswith(":")


def _looks_like_heading(text: str) -> bool:
    s = text.strip()
    words = s.split()
    if len(words) <= 8 and _NUMBERED_HEADING.match(s) and not _YEAR.search(s):
        return True  # "Chapter 2", "3.1 Results", "Appendix B"
    return (
        0 < len(words) <= 4
        and not _ends(_TERMINAL, s)
        and not any(c.isdigit() for c in s)
        and not s.endswith(",")
    )


_NUMBERED_HEADING = lazy(
    r"^(?:(?i:chapter|part|section|appendix|kapitel|chapitre|cap[ií]tulo|capitolo|глава|раздел)"
    r"\s+(?:\d{1,2}|[IVXLC]{1,5}|[A-Z])\b[.:]?(?:\s+[^\s.].*)?"
    r"|\d{1,2}(?:\.\d{1,2}){0,3}\.?\s+[A-ZÀ-ÖØ-Þ][a-zà-ÿ]+(?:\s+[a-zà-ÿA-Z]+){0,5})$"
)
