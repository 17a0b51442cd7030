"""CSL text-case transforms on rich text (nocase spans are left alone)."""

from __future__ import annotations

import re

from .richtext import Rich

STOP_WORDS = set(
    "a an and as at but by down for from in into nor of on onto or over so the till to up via "
    "with yet about above across after against along amid among around before behind below "
    "beneath beside besides between beyond during except inside like near off out outside "
    "since than through throughout toward towards under underneath until upon versus vs vs. "
    "within without per".split()
)
_WORD = re.compile(r"[\w][\w'’.\-]*", re.U)


def _leaves(r: Rich, out: list[tuple[Rich, int, bool]], nocase: bool = False) -> None:
    for i, k in enumerate(r.kids):
        if isinstance(k, str):
            out.append((r, i, nocase))
        else:
            _leaves(k, out, nocase or k.nocase)


def apply_text_case(r: Rich, case: str, lang: str = "en", item_lang: str = "") -> None:
    leaves: list[tuple[Rich, int, bool]] = []
    _leaves(r, leaves)
    if case == "title":
        lang_ok = item_lang.lower().startswith("en") if item_lang else lang.lower().startswith("en")
        if not lang_ok:
            return
    full = "".join(str(p.kids[i]) for p, i, _ in leaves)
    all_upper = full.upper() == full and any(c.isalpha() for c in full)
    state = {"first": True, "after_colon": False}
    for p, i, nc in leaves:
        s = str(p.kids[i])
        if nc:
            if any(c.isalnum() for c in s):
                state["first"] = False
            continue
        if case == "lowercase":
            s = s.lower()
        elif case == "uppercase":
            s = s.upper()
        elif case == "capitalize-first":
            s = _cap_first(s, state)
        elif case == "capitalize-all":
            s = _WORD.sub(lambda m: _cap(m.group(0)), s)
        elif case == "sentence":
            if all_upper:
                s = s.lower()
            s = _cap_first(s, state)
        elif case == "title":
            s = _title(s, state, all_upper)
        p.kids[i] = s


def _cap(w: str) -> str:
    return w[:1].upper() + w[1:]


def _cap_first(s: str, state: dict[str, bool]) -> str:
    if not state["first"]:
        return s
    m = re.search(r"\w", s)
    if not m:
        return s
    state["first"] = False
    j = m.start()
    return s[:j] + s[j].upper() + s[j + 1 :]


def _title(s: str, state: dict[str, bool], all_upper: bool) -> str:
    out = []
    pos = 0
    for m in _WORD.finditer(s):
        between = s[pos : m.start()]
        out.append(between)
        if ":" in between or "?" in between or "!" in between:
            state["after_colon"] = True
        w = m.group(0)
        if all_upper:
            w = w.lower()
        is_first = state["first"] or state["after_colon"]
        if w.lower() in STOP_WORDS and not is_first and w.islower():
            out.append(w)
        elif w.islower() or (all_upper and w):
            out.append("-".join(_cap(x) for x in w.split("-")) if "-" in w else _cap(w))
        else:
            out.append(w)
        state["first"] = False
        state["after_colon"] = False
        pos = m.end()
    tail = s[pos:]
    if ":" in tail or "?" in tail or "!" in tail:
        state["after_colon"] = True
    out.append(tail)
    return "".join(out)
