"""HTML -> text lines for the reference splitter (its own module: ``html.parser`` is imported
only by runs that read HTML)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..lazyre import lazy

_LINK_BUTTON = lazy(
    r"\[?(?:Google Scholar|Cross[Rr]ef|PubMed(?: Central)?|PMC free article|Medline|Scopus|"
    r"Web of Science|CAS|Full Text|View Article|Abstract|Article|"
    r"Find this article online|Search in Google Scholar|Ref list)\]?"
)
_DOI_URL = lazy(r"https?://(?:dx\.)?doi\.org/", re.IGNORECASE)

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
        self.buf_has_text = False
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
        self.buf_has_text = False
        self.urls = []

    def _write(self, s: str) -> None:
        # the line of the first text written since the last flush (tracked, not
        # recomputed by joining the buffer: that was quadratic in a long block)
        if not self.buf_has_text:
            self.buf_line = self.getpos()[0]
            self.buf_has_text = bool(s.strip())
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
            self.buf, self.urls, self.buf_has_text = [], [], False
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
                if start == 0:
                    self.buf_has_text = False
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
                self.buf, self.urls, self.buf_has_text = [], [], False

    def handle_data(self, data: str) -> None:
        if self._active():
            self._write(data)

    def close(self) -> None:
        super().close()
        if self._active():
            self._flush()


# What html.parser is given: well-formed markup, each piece found by one scan that
# stops at the next '<'. The standard library's parser rescans the rest of the input
# for every '<' that does not end a tag ('<a "' 25,000 times took minutes); here such
# a '<' becomes '&lt;' first (the text the browser would show), so the parser sees
# only tags it can close at once. Class: stray '<' in text, unterminated tags and
# quotes, unclosed comments and declarations.
_TAG_OK = lazy(r"""</?[A-Za-z][^\s/<>"']*(?:[^<>"']|"[^"]*"|'[^']*')*>""")
_DECL_OK = lazy(r"<[!?][^<>]*>")


def _bounded_markup(html: str) -> str:
    out: list[str] = []
    pos = 0
    comments_close = True  # once a '<!--' has no '-->' after it, none later has
    while True:
        lt = html.find("<", pos)
        if lt < 0:
            out.append(html[pos:])
            return "".join(out)
        out.append(html[pos:lt])
        end = -1
        if html.startswith("<!--", lt):
            close = html.find("-->", lt + 4) if comments_close else -1
            comments_close = close >= 0
            end = close + 3 if close >= 0 else -1
        else:
            m = (_TAG_OK if html[lt + 1 : lt + 2] not in "!?" else _DECL_OK).match(html, lt)
            end = m.end() if m else -1
        if end < 0:
            out.append("&lt;")
            pos = lt + 1
        else:
            out.append(html[lt:end])
            pos = end


# (attributes scanned only up to the next '<' or '>': linear on a run of "<ol ")
_REFERENCES_OL = lazy(r"<ol\b[^<>]*class=[\"'][^\"'<>]*\breferences\b", re.I)
_REFBEGIN_DIV = lazy(r"<div\b[^<>]*class=[\"'][^\"'<>]*\brefbegin\b", re.I)


def html_to_text(html: str) -> tuple[str, list[int]]:
    """Render HTML as text lines; returns the text and each line's source line."""
    only_refs = bool(_REFERENCES_OL.search(html) or _REFBEGIN_DIV.search(html))
    r = _Renderer(only_refs)
    r.feed(_bounded_markup(html))
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
