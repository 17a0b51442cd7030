"""CSL text-case transforms on rich text (nocase spans are left alone)."""

from __future__ import annotations

import re

from ..lazyre import lazy
from .richtext import Rich

STOP_WORDS = set(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "down",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "onto",
        "or",
        "over",
        "so",
        "the",
        "till",
        "to",
        "up",
        "via",
        "with",
        "yet",
        "about",
        "above",
        "across",
        "after",
        "against",
        "along",
        "amid",
        "among",
        "around",
        "before",
        "behind",
        "below",
        "beneath",
        "beside",
        "besides",
        "between",
        "beyond",
        "during",
        "except",
        "inside",
        "like",
        "near",
        "off",
        "out",
        "outside",
        "since",
        "than",
        "through",
        "throughout",
        "toward",
        "towards",
        "under",
        "underneath",
        "until",
        "upon",
        "versus",
        "vs",
        "vs.",
        "within",
        "without",
        "per",
        "von",
        "van",
        "de",
        "d'",
        "d’",
        "der",
        "den",
        "zu",
    ]
)
_WORD = lazy(r"[\w][\w'’`\-]*", re.U)


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
    texts = [str(p.kids[i]) for p, i, _ in leaves]
    full = "".join(t for t, (_p, _i, nc) in zip(texts, leaves, strict=True) if not nc)
    all_upper = full.upper() == full and any(c.isalpha() for c in full)
    if case in ("lowercase", "uppercase", "capitalize-all"):
        # Turkish and Azeri dotted/dotless i (JavaScript's toLocaleUpperCase, as
        # citeproc-js uses it, by the item's language)
        code = (item_lang or "").strip().split("-")[0].split(" ")[0] or lang or ""
        turkic = code.lower().split("-")[0] in ("tr", "az")
        for (p, i, nc), t in zip(leaves, texts, strict=True):
            if nc:
                continue
            if case == "lowercase":
                p.kids[i] = (t.replace("I", "ı").replace("İ", "i") if turkic else t).lower()
            elif case == "uppercase":
                p.kids[i] = (t.replace("i", "İ") if turkic else t).upper()
            else:
                p.kids[i] = _WORD.sub(
                    lambda m: _cap(m.group(0)) if m.group(0).islower() else m.group(0), t
                )
        return
    # word-level cases work on the whole string, then write back leaf by leaf
    joined = "".join(texts)
    chars = list(joined)
    protected = []
    for (_p, _i, nc), t in zip(leaves, texts, strict=True):
        protected.extend([nc] * len(t))
    words = list(_WORD.finditer(joined))
    first_real = next((w for w in words if not protected[w.start()]), None)
    for n, m in enumerate(words):
        st = m.start()
        if protected[st]:
            continue
        w = m.group(0)
        if case == "capitalize-first":
            # citeproc-js leaves a mixed-case first word ("arXiv") as it is
            if m is first_real and n == 0 and w.islower():
                chars[st] = w[0].upper()
            if m is first_real:
                break
            continue
        if case == "sentence":
            if n == 0:
                new = w.lower() if all_upper else w
                new = new[:1].upper() + new[1:]
            elif all_upper or (len(w) > 1 and w[:1].isupper() and w[1:].islower()):
                new = w.lower()
            else:
                new = w
        else:  # title
            before = joined[:st].rstrip()
            is_first = n == 0 or (before[-1:] in (":", "?", "!", ".") and not before.endswith(".."))
            is_last = n == len(words) - 1
            new = _title_word(w, is_first, is_last)
        chars[st : st + len(w)] = list(new)
    out = "".join(chars)
    pos = 0
    for p, i, _nc in leaves:
        ln = len(str(p.kids[i]))
        p.kids[i] = out[pos : pos + ln]
        pos += ln


def _title_word(w: str, is_first: bool, is_last: bool) -> str:
    parts = w.split("-")
    out = []
    for k, part in enumerate(parts):
        if not part or not part.islower():
            out.append(part)
            continue
        if k > 0 and len(part) == 1:
            out.append(part)  # "07-x" keeps its letter; a leading one is capitalized ("T-SNE")
            continue
        if len(parts) == 1 and len(part) == 1 and not is_first:
            out.append(part)  # a lone letter is a symbol ("O(n log n)"), as in citeproc-js
            continue
        stop = part.lower() in STOP_WORDS
        first = is_first and k == 0
        last = is_last and k == len(parts) - 1
        if stop and not first and not last:
            out.append(part)
        elif part[0].isascii() or part[0] in "àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿœ":
            out.append(_cap(part))
        else:
            out.append(part)
    return "-".join(out)


def _cap(w: str) -> str:
    return w[:1].upper() + w[1:]
