"""CSL locales: terms, date formats and options, merged along the CSL fallback chain.

The store only reads locale files from directories it is given; the engine asks it for a
merged :class:`Locale` for a language and the style's own ``<locale>`` overrides.
"""

from __future__ import annotations

import importlib.util
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from .style import Node, Style, parse_node

# (single, multiple) text plus the term's grammatical gender ("" if none) and match rule.
TermKey = tuple[str, str, str]  # name, form, gender-form


@dataclass
class Term:
    single: str
    multiple: str
    gender: str = ""
    match: str = ""


@dataclass
class Locale:
    lang: str = "en-US"
    terms: dict[TermKey, Term] = field(default_factory=dict)
    dates: dict[str, Node] = field(default_factory=dict)
    punctuation_in_quote: bool = False
    limit_day_ordinals: bool = False

    def merge(self, node: Node) -> None:
        """Layer one ``<locale>`` element on top of this locale."""
        for child in node.children:
            if child.tag == "style-options":
                if "punctuation-in-quote" in child.attrs:
                    self.punctuation_in_quote = child.attrs["punctuation-in-quote"] == "true"
                if "limit-day-ordinals-to-day-1" in child.attrs:
                    self.limit_day_ordinals = child.attrs["limit-day-ordinals-to-day-1"] == "true"
            elif child.tag == "date":
                self.dates[child.attrs.get("form", "text")] = child
            elif child.tag == "terms":
                new_terms = [t for t in child.children if t.tag == "term"]
                # CSL 1.0.1: ordinal terms defined here replace every inherited ordinal term.
                if any(t.attrs.get("name", "").startswith("ordinal") for t in new_terms):
                    for key in [k for k in self.terms if k[0].startswith("ordinal")]:
                        del self.terms[key]
                for t in new_terms:
                    name = t.attrs.get("name", "")
                    form = t.attrs.get("form", "long")
                    gform = t.attrs.get("gender-form", "")
                    single = t.text or ""
                    multiple = single
                    for sub in t.children:
                        if sub.tag == "single":
                            single = sub.text or ""
                        elif sub.tag == "multiple":
                            multiple = sub.text or ""
                    self.terms[(name, form, gform)] = Term(
                        single, multiple, t.attrs.get("gender", ""), t.attrs.get("match", "")
                    )

    def term(
        self, name: str, form: str = "long", plural: bool = False, gender: str = ""
    ) -> str | None:
        t = self.get_term(name, form, gender)
        if t is None:
            return None
        return t.multiple if plural else t.single

    def get_term(self, name: str, form: str = "long", gender: str = "") -> Term | None:
        forms = {
            "long": ["long"],
            "short": ["short", "long"],
            "verb": ["verb", "long"],
            "verb-short": ["verb-short", "verb", "long"],
            "symbol": ["symbol", "short", "long"],
        }.get(form, [form, "long"])
        for f in forms:
            if gender:
                t = self.terms.get((name, f, gender))
                if t is not None:
                    return t
            t = self.terms.get((name, f, ""))
            if t is not None:
                return t
        return None

    def gender_of(self, name: str) -> str:
        t = self.terms.get((name, "long", ""))
        return t.gender if t else ""


class LocaleStore:
    """Locale files found in directories, keyed by language tag, with primary dialects."""

    def __init__(self, dirs: list[Path]) -> None:
        self.files: dict[str, Path] = {}
        self.primary: dict[str, str] = {}
        self._parsed: dict[str, Node] = {}
        for d in dirs:
            for p in sorted(d.glob("locales-*.xml")):
                self.files.setdefault(p.stem[len("locales-") :], p)
            meta = d / "locales.json"
            if meta.is_file():
                data = json.loads(meta.read_text(encoding="utf-8"))
                for k, v in data.get("primary-dialects", {}).items():
                    self.primary.setdefault(k, v)

    @classmethod
    def default(cls) -> LocaleStore:
        return cls(locale_dirs())

    def _node(self, lang: str) -> Node | None:
        if lang not in self.files:
            return None
        if lang not in self._parsed:
            root = ET.fromstring(self.files[lang].read_bytes())
            self._parsed[lang] = parse_node(root)
        return self._parsed[lang]

    def locale_for(self, style: Style, lang: str | None = None) -> Locale:
        lang = lang or style.default_locale or "en-US"
        base = lang.split("-")[0]
        dialect = lang if "-" in lang else self.primary.get(lang, lang)
        loc = Locale(lang=dialect)
        chain = ["en-US", self.primary.get(base, ""), dialect]
        seen: set[str] = set()
        for code in chain:
            if code and code not in seen:
                seen.add(code)
                node = self._node(code)
                if node is not None:
                    loc.merge(node)
        # Style-level locales: no language, then the base language, then the exact dialect.
        wants = ["", base] + ([dialect] if dialect != base else [])
        for want in wants:
            for node in style.locales:
                if node.attrs.get("lang", "") == want:
                    loc.merge(node)
        return loc


def _package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def locale_dirs() -> list[Path]:
    """Where locale XML files come from: the citeproc-py data package, then shared data."""
    dirs: list[Path] = []
    # citeproc-py ships the whole CSL locales repository; only its data files are used
    # (find_spec locates the package without importing its code)
    base = _package_dir("citeproc")
    if base is not None and (base / "data" / "locales").is_dir():
        dirs.append(base / "data" / "locales")
    shared = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "csl" / "locales"
    if shared.is_dir():
        dirs.append(shared)
    return dirs
