"""Backends: format-neutral rich text -> text, HTML, Markdown or LaTeX.

Every backend renders one entry (``render_entry``) and a whole bibliography
(``render``). ``keyed=True`` gives one ``KEY<TAB>entry`` line per entry, the
form the style bench compares.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

from ..errors import ConfigError
from ..lazyre import lazy
from .rich import FormattedBibliography, FormattedEntry, Run

Backend = Literal["text", "html", "markdown", "latex"]
BACKENDS: tuple[Backend, ...] = ("text", "html", "markdown", "latex")


# ---------------------------------------------------------------- text


def _text_runs(runs: Sequence[Run]) -> str:
    return "".join(r.text for r in runs)


# ---------------------------------------------------------------- HTML


def _escape(s: str, quote: bool = True) -> str:
    """``html.escape`` (the same replacements), without importing ``html``, whose entity
    table costs start-up."""
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        s = s.replace('"', "&quot;").replace("'", "&#x27;")
    return s


_HTML_TAGS = {"italic": "i", "bold": "b", "sup": "sup", "sub": "sub"}


def _html_runs(runs: Sequence[Run]) -> str:
    out: list[str] = []
    for r in runs:
        s = _escape(r.text, quote=False).replace("\u00a0", "&nbsp;")
        for style in sorted(r.styles):
            if style == "smallcaps":
                s = f'<span style="font-variant:small-caps">{s}</span>'
            else:
                tag = _HTML_TAGS[style]
                s = f"<{tag}>{s}</{tag}>"
        if r.url:
            s = f'<a href="{_escape(r.url, quote=True)}">{s}</a>'
        out.append(s)
    return "".join(out)


# ---------------------------------------------------------------- Markdown

# Characters that would start Markdown syntax inside a line (CommonMark).
_MD_SPECIAL = lazy(r"([\\`*_\[\]<>#|~])")
_MD_LIST_START = lazy(r"^(\d+)([.)])")


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_runs(runs: Sequence[Run]) -> str:
    out: list[str] = []
    for r in runs:
        text = r.text
        # emphasis markers must hug the text: keep outer spaces outside them
        lead = text[: len(text) - len(text.lstrip(" "))]
        trail = text[len(text.rstrip(" ")) :]
        core = _md_escape(text.strip(" "))
        if core:
            if "sup" in r.styles:
                core = f"<sup>{core}</sup>"
            if "sub" in r.styles:
                core = f"<sub>{core}</sub>"
            if "bold" in r.styles:
                core = f"**{core}**"
            if "italic" in r.styles:
                core = f"*{core}*"
            if r.url:
                core = f"[{core}](<{r.url}>)" if core != _md_escape(r.url) else f"<{r.url}>"
        out.append(lead + core + trail)
    s = "".join(out)
    return _MD_LIST_START.sub(r"\1\\\2", s)  # "1994." at a line start is not a list


# ---------------------------------------------------------------- LaTeX

_TEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
    "\u00a0": "~",
    "\u2013": "--",
    "\u2014": "---",
}
_TEX_CMD = {
    "italic": "emph",
    "bold": "textbf",
    "smallcaps": "textsc",
    "sup": "textsuperscript",
    "sub": "textsubscript",
}


def _tex_escape(text: str) -> str:
    return "".join(_TEX_ESCAPES.get(ch, ch) for ch in text)


def _latex_runs(runs: Sequence[Run]) -> str:
    out: list[str] = []
    for r in runs:
        if r.url and r.url == r.text:
            s = "\\url{" + r.url.replace("%", "\\%").replace("#", "\\#") + "}"
        else:
            s = _tex_escape(r.text)
        for style in sorted(r.styles):
            s = f"\\{_TEX_CMD[style]}{{{s}}}"
        out.append(s)
    return "".join(out)


# ---------------------------------------------------------------- whole lists

_RUNS: dict[str, Callable[[Sequence[Run]], str]] = {
    "text": _text_runs,
    "html": _html_runs,
    "markdown": _md_runs,
    "latex": _latex_runs,
}


def _check(to: str) -> None:
    if to not in _RUNS:
        raise ConfigError(f"unknown output format {to!r} (choose from {', '.join(BACKENDS)})")


def render_entry(entry: FormattedEntry, to: str, label: bool = True) -> str:
    """One entry in format ``to``, with its ``[label]`` prefix unless ``label=False``."""
    _check(to)
    if to == "latex":
        body = entry.latex if entry.latex is not None else _latex_runs(entry.body)
        return " ".join(body.split())
    body = _RUNS[to](entry.body)
    if not label or not entry.label:
        return body
    prefix = f"[{entry.label}]"
    if to == "html":
        return f'<span class="label">{_escape(prefix)}</span> {body}'
    if to == "markdown":
        return f"\\[{_md_escape(entry.label)}\\] {body}"
    return f"{prefix} {body}"


def render(bib: FormattedBibliography, to: str, keyed: bool = False) -> str:
    """The whole bibliography in format ``to``; ends with a newline unless empty."""
    _check(to)
    if keyed:
        return "".join(f"{e.key}\t{render_entry(e, to)}\n" for e in bib.entries)
    if not bib.entries:
        return ""
    if to == "text":
        return "".join(render_entry(e, to) + "\n" for e in bib.entries)
    if to == "markdown":
        # a blank line between entries: each is its own paragraph
        return "\n".join(render_entry(e, to) + "\n" for e in bib.entries)
    if to == "html":
        items = "".join(
            f'  <div class="entry" id="{_escape(e.key, quote=True)}">{render_entry(e, to)}</div>\n'
            for e in bib.entries
        )
        return f'<div class="bibliography">\n{items}</div>\n'
    return _latex_document(bib)


def _latex_document(bib: FormattedBibliography) -> str:
    """A ``thebibliography`` environment, like a ``.bbl`` file."""
    widest = bib.widest_label or str(len(bib.entries))
    lines = []
    if bib.preamble:
        lines += [bib.preamble, ""]
    lines.append(f"\\begin{{thebibliography}}{{{widest}}}")
    for e in bib.entries:
        body = e.latex if e.latex is not None else _latex_runs(e.body)
        label = e.latex_label if e.latex_label is not None else e.label
        opt = f"[{label}]" if bib.label_style == "alpha" and label else ""
        lines += ["", f"\\bibitem{opt}{{{e.key}}}", body]
    lines += ["", "\\end{thebibliography}", ""]
    return "\n".join(lines)


def render_strings(entries: Sequence[tuple[str, str]], to: str, keyed: bool = False) -> str:
    """Entries another engine already rendered in format ``to`` (CSL), laid out as ``render`` does."""
    _check(to)
    if keyed:
        return "".join(f"{key}\t{' '.join(text.split())}\n" for key, text in entries)
    if not entries:
        return ""
    if to == "markdown":
        return "\n".join(text + "\n" for _, text in entries)
    if to == "html":
        items = "".join(
            f'  <div class="entry" id="{_escape(key, quote=True)}">{text}</div>\n'
            for key, text in entries
        )
        return f'<div class="bibliography">\n{items}</div>\n'
    if to == "latex":
        body = "".join(f"\n\\bibitem{{{key}}}\n{text}\n" for key, text in entries)
        return f"\\begin{{thebibliography}}{{{len(entries)}}}\n{body}\n\\end{{thebibliography}}\n"
    return "".join(text + "\n" for _, text in entries)
