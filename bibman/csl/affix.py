"""Affixes, formatting, quotes and delimiters around a rendered element's output
(shared by the renderer, its compiled plan, names and dates)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from ..lazyre import lazy
from .richtext import _ENDS_MERGE, Rich
from .style import Node
from .textcase import apply_text_case

if TYPE_CHECKING:
    from .render import Ctx


def _affix(
    node: Node,
    body: Rich | None,
    ctx: Ctx | None = None,
    quotes_ok: bool = True,
    formatting: bool = True,
    affix_inside: bool = False,
) -> Rich | None:
    if body is None or body.is_empty():
        return None
    info = node.__dict__.get("_affix")
    if info is None:
        a = node.attrs
        info = (
            a.get("strip-periods") == "true",
            # citeproc-js applies text-case only where a variable or term is printed:
            # on a group or a macro call it is ignored
            "" if node.tag == "group" or "macro" in a else a.get("text-case", ""),
            [(k, a[k]) for k in _FMT_KEYS if k in a],
            a.get("quotes") == "true",
            a.get("prefix", ""),
            a.get("suffix", ""),
            a.get("display", ""),
            a.get("quotes") == "false",
        )
        node.__dict__["_affix"] = info
    strip, tc, fmts0, q0, pre, suf, disp, qoff = info
    if tc and ctx is not None:
        apply_text_case(body, tc, ctx.r.locale.lang, ctx.item.get("language", ""))
    if strip:
        _strip_periods(body)  # after the text case, as citeproc-js
    out = body
    fmts = list(fmts0) if formatting else []
    q = quotes_ok and q0
    if qoff:
        body = Rich([body], qreset=True)
        out = body
    if not (fmts or q or pre or suf or disp):
        return body
    if affix_inside:
        # cs:layout: its affixes sit inside its formatting
        return Rich([Rich([body], prefix=pre, suffix=suf)], fmts=fmts, display=disp)
    if fmts or q:
        out = Rich([body], fmts=fmts, quotes=q)
    ate_space = False
    if (
        len(suf) > 1
        and node.tag == "group"
        and body.kids
        and body.kids[-1].__class__ is Rich
        and not _migrates(body.kids[-1], suf[0], ctx)
    ):
        # citeproc-js: when the last child's own suffix starts with punctuation or a
        # space and ends with the mark this suffix opens with, this suffix loses its
        # last character and then that repeated mark (". " after a child's "." is
        # dropped whole: "building.New Delhi")
        last = body.kids[-1]
        cs = last.suffix
        # a field that already ends with its suffix's mark drops it from its suffix
        # first ("Title." + "." -> "Title.")
        if cs and last.__dict__.get("leaf") and cs[0] in ".,;:!?" and last.plain()[-1:] == cs[0]:
            cs = cs[1:]
        if cs and cs[0] in " .,;:!?" and cs[-1] == suf[0]:
            ate_space = suf[-1] == " "
            suf = suf[:-1]
            if suf and suf[0] == cs[-1] and suf[0] in ".,;:!?":
                suf = suf[1:]
    if pre or suf or disp:
        out = Rich([out], prefix=pre, suffix=suf, display=disp)
    if ate_space:
        # the sibling that follows without a delimiter loses its leading space too
        out.__dict__["ate_space"] = True
    if node.tag in ("number", "label") or (node.tag == "text" and "macro" not in node.attrs):
        out.__dict__["leaf"] = True  # one field or term (citeproc-js: a string blob)
    # a group or a macro call encloses its output (see Rich.deco_leaf)
    out.deco_leaf = bool(fmts or q) and node.tag != "group" and "macro" not in node.attrs
    return out


_FMT_KEYS = ("font-weight", "font-style", "font-variant", "text-decoration", "vertical-align")


# citeproc-js keeps a period before a lower-case letter ("Examiner.com", "x.y")
_PERIOD = lazy(r"\.(?![a-z])")


def _strip_periods(r: Rich) -> None:
    for i, k in enumerate(r.kids):
        if isinstance(k, str):
            if "." in k:
                r.kids[i] = _PERIOD.sub("", k)
        else:
            _strip_periods(k)


def _join(parts: list[Rich], delim: str, checked: bool = False) -> Rich | None:
    """Parts joined by ``delim`` (``checked``: the caller already left out empty parts)."""
    if not parts:
        return None
    if checked and len(parts) == 1 and not parts[0].splice:
        return Rich([parts[0]])  # the common case, as below
    flat: list[Rich] = []
    for p in parts:
        if not checked and (p is None or p.is_empty()):
            continue
        if p.splice:
            # cs:choose is transparent: its branch's outputs are the parent's children
            flat.extend(k if isinstance(k, Rich) else Rich([k]) for k in p.kids)
        else:
            flat.append(p)
    parts = flat
    if not parts:
        return None
    if len(parts) == 1:
        return Rich(cast("list[Rich | str]", parts))  # a new list: no copy
    if not delim:
        for a, b in zip(parts, parts[1:], strict=False):  # noqa: RUF007
            if a.__dict__.get("ate_space"):
                _drop_leading_space(b)
        return Rich(cast("list[Rich | str]", parts))
    kids: list[Rich | str] = []
    for i, p in enumerate(parts):
        if i:
            kids.append(delim)
        kids.append(p)
    return Rich(kids)


def _migrates(child: Rich, mark: str, ctx: Ctx | None) -> bool:
    """citeproc-js moves the parent's suffix mark into its last child first (so the
    nested-suffix rule in _affix does not apply) when a descendant along the last
    children ends with a mark that merges with it (":" + "." -> ":") or, with
    punctuation inside quotes, is quoted."""
    in_quote = ctx is not None and ctx.r.locale.punctuation_in_quote
    r: Rich | str = child
    for _ in range(50):
        if not isinstance(r, Rich):
            end = r[-1:]
            return bool(end) and end != mark and (end, mark) in _ENDS_MERGE
        rr: Rich = r
        if in_quote and rr.quotes:
            return True
        end = rr.suffix[-1:]
        if end and end != mark and (end, mark) in _ENDS_MERGE:
            return True
        if not rr.kids:
            return False
        r = rr.kids[-1]
    return False


def _drop_leading_space(r: Rich) -> None:
    """Drop one leading space of ``r``'s first prefix (through prefix-less wrappers)."""
    for _ in range(50):
        if r.prefix:
            if r.prefix[0] == " ":
                r.prefix = r.prefix[1:]
            return
        first = r.kids[0] if r.kids else None
        if not isinstance(first, Rich):
            return
        r = first
