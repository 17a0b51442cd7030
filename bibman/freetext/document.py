"""Documents (plain text, Markdown, HTML) as plain text the splitter can read.

Markdown keeps its lines (links become "text URL", emphasis marks go), so line
numbers stay those of the file. HTML is rendered with the standard library's
``html.parser``: block elements become lines, ``<ol>`` items get their number,
link targets are kept after the item's text, and ``line_map`` records the
source line each rendered line came from. When a page has Wikipedia-style
reference lists (``<ol class="references">``), only those are rendered.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ..lazyre import lazy

DocKind = Literal["text", "markdown", "html"]


@dataclass(frozen=True)
class PlainDocument:
    text: str
    kind: DocKind
    line_map: tuple[int, ...] | None = None  # rendered line index -> source line (HTML)


def detect_kind(text: str, name: str | None = None) -> DocKind:
    lname = (name or "").lower()
    if lname.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if lname.endswith((".md", ".markdown", ".mdown")):
        return "markdown"
    head = text[:4000].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")):
        return "html"
    if lname.endswith(".txt"):
        return "text"  # a .txt that mentions a tag or a link is still text
    if re.search(r"<(?:ol|ul|li|p|div|body)\b[^<>]*>", head):
        return "html"
    if (
        # (no '[' inside the label: one scan per '[' would be quadratic on a run of them)
        re.search(r"\[[^\[\]\n]+\]\((?:https?://|/|#)[^)\s]*\)", text)
        or re.search(r"^#{1,6} \S", text, re.M)
        or re.search(r"^\[\^[^\]\s]+\]:", text, re.M)
    ):
        return "markdown"
    return "text"


def to_plain(text: str, name: str | None = None) -> PlainDocument:
    """Render a document as plain text, whatever its format."""
    kind = detect_kind(text, name)
    if kind == "html":
        rendered, line_map = html_to_text(text)
        return PlainDocument(rendered, "html", tuple(line_map))
    if kind == "markdown":
        return PlainDocument(markdown_to_text(text), "markdown")
    return PlainDocument(text, "text")


# --------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------

# "[label](": a link's start (a label holds no '[': each '[' then scans only to the
# next one, linear on "[[[[..."); its destination is in <> or bare with balanced
# parentheses to any depth ("/wiki/Foo_(bar)", CommonMark), found by _bare_ends
_MD_LINK_START = lazy(r"!?\[([^\[\]\n]*)\]\(\s*")
_MD_LINK_ANGLED = lazy(r"<([^>\n]*)>")
_MD_LINK_END = lazy(r"(?:\s+\"[^\"]*\")?\s*\)")
_MD_FOOTNOTE = lazy(r"^\s{0,3}\[\^([^\]\s]+)\]:\s*")
_MD_LINKDEF = lazy(r"^\s{0,3}\[[^\]^][^\]]*\]:\s*<?(?:https?://|/|#)\S*>?(?:\s+[\"'(].*)?\s*$")
_MD_FOOTREF = lazy(r"\[\^[^\[\]\s]+\](?!:)")
# Text that Markdown leaves as it is (CommonMark code spans and autolinks; GFM's
# bare-URL autolinks), so emphasis and escapes never touch a URL, DOI or code:
# "https://example.org/a_b_c/d_e.html" keeps its underscores.
_MD_VERBATIM = lazy(
    r"(?<!`)(?P<ticks>`{1,3})(?!`)(?P<code>[^`]+?)(?P=ticks)(?!`)"
    r"|<(?P<auto>(?:https?|ftp)://[^<>\s]+|mailto:[^<>\s]+|doi:[^<>\s]+)>"
    r"|(?P<bare>(?:(?:https?|ftp)://|www\.)[^\s<>`]+|\b(?:doi:\s?)?10\.\d{4,9}/[^\s<>`]+)"
)
# "*" emphasis may sit inside a word; "_" emphasis may not (snake_case, a_b_c).
# (spans are bounded in length so a line of 20,000 marks stays linear)
_MD_STAR = lazy(r"(\*\*|\*)(?=\S)(.{1,300}?)(?<=\S)\1")
_MD_UNDERSCORE = lazy(r"(?<![\w\\])(__|_)(?=\S)(.{1,300}?)(?<=\S)\1(?!\w)")
_MD_ESCAPE = lazy(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_HOLD = "\ue000{}\ue001"  # a private-use placeholder for verbatim text
_HELD = lazy("\ue000([0-9]+)\ue001")


def markdown_to_text(text: str) -> str:
    """Markdown -> plain text, line for line: links become "text URL".

    Code spans, autolinks, bare URLs and DOIs are held aside while emphasis
    marks and escapes are removed, and put back byte for byte.
    """
    out: list[str] = []
    for line in text.split("\n"):
        urls: list[str] = []

        def link(label: str, url: str, urls: list[str] = urls) -> str:
            label = label.strip()
            if url.startswith(("http://", "https://", "ftp://", "doi:")) and url not in label:
                urls.append(url)
            return label

        # footnote definitions "[^3]: text" are a numbered list; "[^3]" marks go
        if _MD_LINKDEF.match(line):
            out.append("")  # "[1]: https://..." defines a link target, it is no reference
            continue
        foot = _MD_FOOTNOTE.match(line)
        if foot:
            label = foot.group(1)
            line = (f"[{label}] " if label.isdigit() else "* ") + line[foot.end() :]
        line = _MD_FOOTREF.sub("", line)
        held: list[str] = []
        if "\ue000" not in line:
            line = _hold_verbatim(line, held)
        if "](" in line:
            line = _sub_links(line, link)
        if not re.match(r"^\s*[*_-]{3,}\s*$", line):  # keep horizontal rules as they are
            line = _MD_STAR.sub(r"\2", line)
            line = _MD_UNDERSCORE.sub(r"\2", line)
        line = _MD_ESCAPE.sub(r"\1", line)
        line = re.sub(r"^\s*>\s?", "", line)  # block quotes
        if held:
            line = _restore(line, held)
            urls = [_restore(u, held) for u in urls]
        if urls:
            # the link's target goes after the text of its line (the reference)
            line = line.rstrip() + " " + " ".join(u for u in urls if u not in line)
        out.append(line)
    return "\n".join(out)


def _bare_ends(line: str, starts: list[int]) -> dict[int, int]:
    """Where a bare link destination starting at each of ``starts`` ends: at the first
    space, '<' or '>', or at the first ')' that closes no '(' opened after the start.

    One pass from the right over the line's parenthesis depth (backslash-escaped
    parentheses do not count), so a line of 100,000 "[a](" stays linear."""
    depth: list[int] = []  # '(' minus ')' before each character
    closes: list[bool] = []  # an unescaped ')'
    d, escaped = 0, False
    for ch in line:
        depth.append(d)
        closes.append(ch == ")" and not escaped)
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "(":
            d += 1
        elif ch == ")":
            d -= 1
    wanted = set(starts)
    ends: dict[int, int] = {}
    stop = len(line)  # the nearest space, '<' or '>' at or after i
    close_at: dict[int, int] = {}  # depth -> the nearest ')' at or after i with that depth
    for i in range(len(line) - 1, -1, -1):
        if line[i].isspace() or line[i] in "<>":
            stop = i
            close_at.clear()
        elif closes[i]:
            close_at[depth[i]] = i
        if i in wanted:
            ends[i] = min(stop, close_at.get(depth[i], stop))
    return ends


def _sub_links(line: str, link: Callable[[str, str], str]) -> str:
    """Each Markdown link "[label](destination "title")" replaced by ``link(label, url)``."""
    found = list(_MD_LINK_START.finditer(line))
    ends = _bare_ends(line, [m.end() for m in found])
    out: list[str] = []
    pos = 0
    for m in found:
        if m.start() < pos:
            continue
        angled = _MD_LINK_ANGLED.match(line, m.end())
        if angled:
            url, dest_end = angled.group(1), angled.end()
        else:
            dest_end = ends.get(m.end(), m.end())
            url = line[m.end() : dest_end]
        tail = _MD_LINK_END.match(line, dest_end)
        if tail is None:
            continue
        out.append(line[pos : m.start()])
        out.append(link(m.group(1), url))
        pos = tail.end()
    out.append(line[pos:])
    return "".join(out)


def _restore(text: str, held: list[str]) -> str:
    return _HELD.sub(lambda m: held[int(m.group(1))], text)


def _hold_verbatim(line: str, held: list[str]) -> str:
    """Replace verbatim runs by placeholders (their text appended to ``held``)."""

    def hold(m: re.Match[str]) -> str:
        if m.group("code") is not None:
            keep, rest = m.group("code").strip(), ""
        elif m.group("auto") is not None:
            keep, rest = m.group("auto"), ""
        else:
            whole = m.group("bare")
            # GFM: trailing "*" and "~" close emphasis, they are not the URL's
            keep = whole.rstrip("*~")
            rest = whole[len(keep) :]
            # "(see https://x.org/a)": an unbalanced ")" closes the text's parenthesis
            while keep.endswith(")") and keep.count(")") > keep.count("("):
                keep, rest = keep[:-1], ")" + rest
        held.append(keep)
        return _HOLD.format(len(held) - 1) + rest

    # a bare URL as a Markdown link's target stays in the link syntax
    return _MD_VERBATIM.sub(lambda m: m.group(0) if _in_link_target(line, m) else hold(m), line)


def _in_link_target(line: str, m: re.Match[str]) -> bool:
    return m.group("bare") is not None and line[max(0, m.start() - 2) : m.start()] in ("](", "(<")


def html_to_text(html: str) -> tuple[str, list[int]]:
    """Render HTML as text lines; returns the text and each line's source line."""
    from .htmldoc import html_to_text as render

    return render(html)
