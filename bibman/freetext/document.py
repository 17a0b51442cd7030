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
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Literal

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
    if re.search(r"<(?:ol|ul|li|p|div|body)\b[^>]*>", head):
        return "html"
    if (
        re.search(r"\[[^\]\n]+\]\((?:https?://|/|#)[^)\s]*\)", text)
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

# A link destination may hold balanced parentheses ("/wiki/Foo_(bar)") or be in <>.
_MD_LINK = re.compile(
    r"(!?)\[([^\]\n]*)\]\(\s*(?:<([^>\n]*)>|((?:[^()\s<>]|\([^()\s]*\))*))"
    r"(?:\s+\"[^\"]*\")?\s*\)"
)
_MD_FOOTNOTE = re.compile(r"^\s{0,3}\[\^([^\]\s]+)\]:\s*")
_MD_LINKDEF = re.compile(
    r"^\s{0,3}\[[^\]^][^\]]*\]:\s*<?(?:https?://|/|#)\S*>?(?:\s+[\"'(].*)?\s*$"
)
_MD_FOOTREF = re.compile(r"\[\^[^\]\s]+\](?!:)")
# Text that Markdown leaves as it is (CommonMark code spans and autolinks; GFM's
# bare-URL autolinks), so emphasis and escapes never touch a URL, DOI or code:
# "https://example.org/a_b_c/d_e.html" keeps its underscores.
_MD_VERBATIM = re.compile(
    r"(?<!`)(?P<ticks>`{1,3})(?!`)(?P<code>[^`]+?)(?P=ticks)(?!`)"
    r"|<(?P<auto>(?:https?|ftp)://[^>\s]+|mailto:[^>\s]+|doi:[^>\s]+)>"
    r"|(?P<bare>(?:(?:https?|ftp)://|www\.)[^\s<>`]+|\b(?:doi:\s?)?10\.\d{4,9}/[^\s<>`]+)"
)
# "*" emphasis may sit inside a word; "_" emphasis may not (snake_case, a_b_c).
# (spans are bounded in length so a line of 20,000 marks stays linear)
_MD_STAR = re.compile(r"(\*\*|\*)(?=\S)(.{1,300}?)(?<=\S)\1")
_MD_UNDERSCORE = re.compile(r"(?<![\w\\])(__|_)(?=\S)(.{1,300}?)(?<=\S)\1(?!\w)")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_HOLD = "\ue000{}\ue001"  # a private-use placeholder for verbatim text
_HELD = re.compile("\ue000([0-9]+)\ue001")


def markdown_to_text(text: str) -> str:
    """Markdown -> plain text, line for line: links become "text URL".

    Code spans, autolinks, bare URLs and DOIs are held aside while emphasis
    marks and escapes are removed, and put back byte for byte.
    """
    out: list[str] = []
    for line in text.split("\n"):
        urls: list[str] = []

        def link(m: re.Match[str], urls: list[str] = urls) -> str:
            label, url = m.group(2).strip(), m.group(3) or m.group(4) or ""
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
        line = _MD_LINK.sub(link, line)
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


# --------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------

_LINK_BUTTON = re.compile(
    r"\[?(?:Google Scholar|Cross[Rr]ef|PubMed(?: Central)?|PMC free article|Medline|Scopus|"
    r"Web of Science|CAS|Full Text|View Article|Abstract|Article|"
    r"Find this article online|Search in Google Scholar|Ref list)\]?"
)
_DOI_URL = re.compile(r"https?://(?:dx\.)?doi\.org/", re.IGNORECASE)

_BLOCK = frozenset(
    {
        "p",
        "div",
        "li",
        "ol",
        "ul",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "br",
        "hr",
    }
)
_SKIP = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "math"})
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "wbr", "area", "base", "col"})


class _Renderer(HTMLParser):
    """HTML -> lines of text, with each line's source line number."""

    def __init__(self, only_references: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.only_references = only_references
        self.lines: list[tuple[str, int]] = []
        self.buf: list[str] = []
        self.buf_line = 1
        self.urls: list[str] = []
        self.stack: list[str] = []
        self.skip = 0
        self.ref_open: list[int] = []  # stack depths of open reference lists
        self.ref_li = 0  # running number of reference items (across lists)
        self.ol_counters: list[int] = []
        self.cite_sup = 0  # inside <sup class="reference"> (in-text [1] marks)
        self.link: tuple[int, str] | None = None  # open <a>: buffer position, target

    # -- helpers
    def _active(self) -> bool:
        return (
            self.skip == 0
            and self.cite_sup == 0
            and (not self.only_references or bool(self.ref_open))
        )

    def _flush(self) -> None:
        if self.link is not None:  # a link still open at a block break keeps its target
            if self.link[1]:
                self.urls.append(self.link[1])
            self.link = None
        text = re.sub(r"\s+", " ", "".join(self.buf)).strip()
        text = re.sub(r"\s*\[\s*\]", "", text)  # brackets left by a removed button
        if self.urls:
            extra = [u for u in dict.fromkeys(self.urls) if u not in text]
            if extra:
                text = (text + " " + " ".join(extra)).strip()
        if text:
            self.lines.append((text, self.buf_line))
        self.buf = []
        self.urls = []

    def _write(self, s: str) -> None:
        if not self.buf or not "".join(self.buf).strip():
            self.buf_line = self.getpos()[0]
        self.buf.append(s)

    # -- parser callbacks
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        classes = set(a.get("class", "").split())
        if tag not in _VOID:
            self.stack.append(tag)
        if tag in _SKIP:
            self.skip += 1
            return
        if tag == "sup" and ("reference" in classes or "noprint" in classes):
            self.cite_sup += 1
            return
        if (tag == "ol" and "references" in classes) or (tag == "div" and "refbegin" in classes):
            # Wikipedia: footnotes in <ol class="references">, bibliographies
            # ("Sources", "Works cited") in <div class="refbegin"> lists
            self.ref_open.append(len(self.stack))
        if tag == "ol":
            start = a.get("start", "")
            self.ol_counters.append(int(start) - 1 if re.fullmatch(r"[0-9]{1,6}", start) else 0)
        elif tag == "ul":
            self.ol_counters.append(-1)  # unnumbered
        if tag in _BLOCK and self._active():
            self._flush()
        elif tag in _BLOCK:
            self.buf, self.urls = [], []
        if tag == "li" and self._active():
            if self.ref_open:
                self.ref_li += 1
                self._write(f"{self.ref_li}. ")
            elif self.ol_counters and self.ol_counters[-1] >= 0:
                self.ol_counters[-1] += 1
                self._write(f"{self.ol_counters[-1]}. ")
            else:
                self._write("* ")
        if tag in ("td", "th") and self._active():
            self._write(" ")  # cells of one row stay apart
        if tag == "a" and self._active():
            href = a.get("href", "")
            ok = re.match(r"(?:https?|ftp)://", href) and "backlink" not in classes
            self.link = (len(self.buf), href if ok else "")
        if tag in ("br",) and self._active():
            self._flush()
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self._active():
            self.buf_line = self.getpos()[0]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            self._close(top)
            if top == tag:
                break

    def _close(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag == "a" and self.link is not None:
            start, href = self.link
            self.link = None
            text = "".join(self.buf[start:]).strip()
            if _LINK_BUTTON.fullmatch(text):
                # "CrossRef", "Google Scholar", "PubMed" buttons: the text goes,
                # and the target too unless it is the DOI
                del self.buf[start:]
                href = href if _DOI_URL.match(href) else ""
            if href:
                self.urls.append(href)
            return
        if tag == "sup" and self.cite_sup:
            self.cite_sup -= 1
            return
        if tag in _BLOCK and self._active():
            self._flush()
        if tag in ("ol", "ul") and self.ol_counters:
            self.ol_counters.pop()
        if self.ref_open and len(self.stack) < self.ref_open[-1]:
            self.ref_open.pop()
            if not self.ref_open:
                self.buf, self.urls = [], []

    def handle_data(self, data: str) -> None:
        if self._active():
            self._write(data)

    def close(self) -> None:
        super().close()
        if self._active():
            self._flush()


def html_to_text(html: str) -> tuple[str, list[int]]:
    """Render HTML as text lines; returns the text and each line's source line."""
    only_refs = bool(
        re.search(r"<ol\b[^>]*class=[\"'][^\"']*\breferences\b", html, re.I)
        or re.search(r"<div\b[^>]*class=[\"'][^\"']*\brefbegin\b", html, re.I)
    )
    r = _Renderer(only_refs)
    r.feed(html)
    r.close()
    # Blank lines between blocks keep paragraphs apart for the splitter.
    out: list[str] = []
    line_map: list[int] = []
    for text, src in r.lines:
        if out:
            out.append("")
            line_map.append(src)
        out.append(text)
        line_map.append(src)
    return "\n".join(out) + ("\n" if out else ""), line_map
