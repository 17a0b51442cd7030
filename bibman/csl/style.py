"""Parse CSL style XML into a small node tree (namespace stripped, macros indexed)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from ..errors import InputError
from ..lazyre import lazy

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_CHAR_REF = lazy(r"&#([xX][0-9a-fA-F]{1,6}|[0-9]{1,7});")


@dataclass(eq=False)
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node] = field(default_factory=list)
    text: str | None = None

    def get(self, key: str, default: str = "") -> str:
        return self.attrs.get(key, default)

    def find(self, tag: str) -> Node | None:
        for c in self.children:
            if c.tag == tag:
                return c
        return None


def _char_ref(m: re.Match[str]) -> str:
    ref = m.group(1)
    n = int(ref[1:], 16) if ref[0] in "xX" else int(ref)
    return chr(n) if 0 < n < 0x110000 else m.group(0)


def _char_refs(v: str) -> str:
    """A character reference escaped once more in the XML ("&amp;#160;") reads as the
    character, as citeproc-js prints it (styles write no-break spaces and dashes so)."""
    return _CHAR_REF.sub(_char_ref, v)


def parse_node(el: ET.Element) -> Node:
    tag = el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""
    attrs = {}
    for k, v in el.attrib.items():
        attrs["lang" if k == XML_LANG else k.rsplit("}", 1)[-1]] = _char_refs(v) if "&#" in v else v
    text = el.text
    if text and "&#" in text:
        text = _char_refs(text)
    node = Node(tag, attrs, [], text)
    for c in el:
        if isinstance(c.tag, str):  # skip comments and processing instructions
            node.children.append(parse_node(c))
    return node


@dataclass(eq=False)
class Style:
    root: Node
    info: dict[str, str]
    macros: dict[str, Node]
    locales: list[Node]
    citation: Node | None
    bibliography: Node | None
    default_locale: str
    klass: str
    parent: str = ""  # independent-parent link of a dependent style

    @property
    def is_dependent(self) -> bool:
        return bool(self.parent) and self.citation is None


def parse_style(xml: str | bytes) -> Style:
    try:
        root_el = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise InputError(f"style is not well-formed XML: {exc}") from exc
    root = parse_node(root_el)
    if root.tag != "style":
        raise InputError(f"not a CSL style: root element is <{root.tag}>")
    info: dict[str, str] = {}
    parent = ""
    macros: dict[str, Node] = {}
    locales: list[Node] = []
    citation = bibliography = None
    for c in root.children:
        if c.tag == "info":
            for i in c.children:
                if i.tag in ("id", "title", "title-short", "updated", "summary") and i.text:
                    info.setdefault(i.tag, i.text.strip())
                elif i.tag == "link" and i.get("rel") == "independent-parent":
                    parent = i.get("href")
                elif i.tag == "category" and i.get("citation-format"):
                    info["citation-format"] = i.get("citation-format")
        elif c.tag == "macro":
            macros[c.get("name")] = c
        elif c.tag == "locale":
            locales.append(c)
        elif c.tag == "citation":
            citation = c
        elif c.tag == "bibliography":
            bibliography = c
    _drop_nested_display(macros, citation, bibliography)
    return Style(
        root=root,
        info=info,
        macros=macros,
        locales=locales,
        citation=citation,
        bibliography=bibliography,
        default_locale=root.get("default-locale"),
        klass=root.get("class", "in-text"),
        parent=parent,
    )


_RENDERING = frozenset({"text", "group", "names", "date", "number"})
_CONDITIONS = frozenset({"choose", "if", "else-if", "else"})


def _drop_nested_display(
    macros: dict[str, Node], citation: Node | None, bibliography: Node | None
) -> None:
    """CSL 1.0.2 "Display": citeproc-js honours ``display`` only on a rendering element
    that sits directly in ``cs:layout`` (through ``cs:choose`` only); nested in a group,
    names or a macro it is ignored. Drop it there so every renderer agrees."""

    def walk(node: Node, nested: bool) -> None:
        for ch in node.children:
            if ch.tag in _CONDITIONS:
                walk(ch, nested)
                continue
            if nested or ch.tag not in _RENDERING:
                ch.attrs.pop("display", None)
            walk(ch, True)

    for m in macros.values():
        walk(m, True)
    for area in (citation, bibliography):
        if area is None:
            continue
        layout = area.find("layout")
        if layout is not None:
            walk(layout, False)
