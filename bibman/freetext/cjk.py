"""Rules for Korean, Chinese and Japanese references.

Such references are mostly lists of comma- or period-separated items:
``authors, 'title,' journal, 제25권, 제2호, pp.58-101, 2017.`` or
``authors (2011). title. journal, 32(4), 83-97.`` or
``楊濤, 吳斌龍. 張子和論補法. 河南中醫藥學刊. 2002. 17(1).`` The CRF model has
seen few of them, so they are parsed by classifying the items.
"""

from __future__ import annotations

import re

from bibman.freetext.lazyre import lazy
from bibman.model import Name

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HANGUL = r"\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
_KANA = r"\u3040-\u30ff"
_CJK_CHAR = lazy(f"[{_HAN}{_HANGUL}{_KANA}]")
_NAME = lazy(
    rf"^(?:[{_HANGUL}]{{2,5}}|[{_HAN}]{{2,3}})"
    rf"(?:\s*(?:외|外|等)\s*\d*\s*(?:인|人|명)?)?$"
)
_NAME_JOINED = lazy(rf"^[{_HANGUL}{_HAN}]{{2,4}}(?:[.·・][{_HANGUL}{_HAN}]{{2,4}})+$")
_YEAR_ITEM = lazy(
    r"^\(?((?:1[89]|20)\d\d)[a-z]?\)?(?:\s*년)?(?:\s*\d{1,2}\s*월)?(?:\s*\d{1,2}\s*일)?\.?$"
)
_YEAR_PAREN = lazy(r"\s*\(\s*((?:1[89]|20)\d\d)[a-z]?\s*\)\s*[.,:]?")
_VOL = lazy(r"(?:제\s*)?(\d+)\s*(?:권|卷|집|輯)|(?:vol\.?|Vol\.?)\s*(\d+)")
_ISSUE = lazy(
    r"(?:제\s*|통권\s*제?\s*|第\s*)?(\d+)\s*(?:호|期|號|月号|월호|号)|(?:no\.?|No\.?)\s*(\d+)"
)
_VOL_ISSUE = lazy(r"^(\d+)\s*[(\[]\s*([\d\-]+)\s*[)\]]\.?$")
_VOL_COLON = lazy(r"^\(?(\d+)\s*:\s*(\d+)\)?$")
_VOL_ISSUE_PAGES = lazy(r"^(\d+)\s*\((\d+(?:-\d+)?)\)\s*:\s*(\d+)(?:\s*[-–]\s*(\d+))?\.?$")
_JOURNALISH = lazy(r"(?:지|학보|논문집|연구|雜誌|杂志|学报|學報|学刊|學刊|Journal|Review)$")
_VOL_DASH = lazy(r"^(\d+)\s*-\s*(\d+)\s*(?:호)?$")
_PAGES = lazy(r"^(?:pp?\.?\s*|:\s*)?(\d+)\s*(?:[-–~]\s*(\d+))?\s*(?:쪽|頁|页|면)?\.?$")
_PAGES_MARKED = lazy(
    r"(?:pp?\.\s*|:\s*)(\d+)(?:\s*[-–~]\s*(\d+))?|(\d+)\s*[-–~]\s*(\d+)\s*(?:쪽|頁|页)"
)
_PUBLISHER = lazy(r"(?:대학교|대학원|연구소|연구원|출판|出版|書局|书局|出版社|University|Press)")
_TYPE_MARK = lazy(r"\s*\[(?:J|M|D|C|R|N|EB/OL|Z)\]\s*")
_QUOTED = lazy(r"['‘“「『\"<]\s*(.+?)\s*[,.]?\s*['’”」』\">]")
_TAIL_VOL = lazy(
    rf"^(.*?[{_HANGUL}{_HAN}A-Za-z)\]])\s*(?:제?\s*(\d+)\s*(?:권|卷|집))?\s*(?:제?\s*(\d+)\s*(?:호|期))?"
    r"\s*(?:\(?(\d+)\)?(?:\s*[-(]\s*(\d+)\s*\)?)?(?:호)?)?$"
)


def is_cjk_reference(text: str) -> bool:
    """True when the reference is mostly CJK text, or opens with a CJK name."""
    if text.isascii():
        return False
    letters = [c for c in text[:400] if c.isalpha()]
    if not letters:
        return False
    cjk = sum(1 for c in letters if _CJK_CHAR.match(c))
    if cjk / len(letters) >= 0.3:
        return True
    first = re.split(r"[,.(]", text, maxsplit=1)[0].strip()
    return bool(_NAME.match(first) or _NAME_JOINED.match(first))


def _names(items: list[str]) -> tuple[Name, ...]:
    out: list[Name] = []
    for it in items:
        it = it.strip(" .")
        if _NAME_JOINED.match(it):
            out.extend(Name(literal=p) for p in re.split(r"[.·・]", it) if p)
            continue
        base = re.sub(r"\s*(?:외|外|等)\s*\d*\s*(?:인|人|명)?$", "", it).strip()
        out.append(Name(literal=base or it))
    return tuple(out)


def _split_items(s: str) -> list[str]:
    # separators: commas, and periods followed by a space (not inside quotes)
    items: list[str] = []
    buf: list[str] = []
    quote = ""
    pairs = {"'": "'", "‘": "’", "“": "”", "「": "」", "『": "』", '"': '"', "<": ">"}
    i = 0
    while i < len(s):
        c = s[i]
        if quote:
            buf.append(c)
            if c == quote:
                quote = ""
                # the item ends with its closing quote: 'title,' journal
                rest = s[i + 1 :].lstrip()
                if rest and rest[0] not in ",，;.。":
                    items.append("".join(buf).strip())
                    buf = []
        elif c in pairs and (not buf or not buf[-1].isalnum()):
            quote = pairs[c]
            buf.append(c)
        elif c in ",，;" or (c in ".。" and (i + 1 >= len(s) or s[i + 1] in " :")):
            items.append("".join(buf).strip())
            buf = []
        else:
            buf.append(c)
        i += 1
    items.append("".join(buf).strip())
    return [x for x in items if x and x not in ".:"]


def parse_cjk(text: str) -> tuple[str, dict[str, str], tuple[Name, ...], list[str]] | None:
    """(type, fields, authors, notes) or ``None`` when the rules do not apply."""
    f: dict[str, str] = {}
    notes: list[str] = []
    s = text.strip()
    m = _YEAR_PAREN.search(s)
    max_authors = 10**6
    if m:
        f["year"] = m.group(1)
        # names come before "(2011)": count the items up to it
        max_authors = len(_split_items(s[: m.start()]))
        s = s[: m.start()] + ". " + s[m.end() :]
    items = _split_items(s)
    if not items:
        return None
    # authors: leading name-like items
    k = 0
    while k < min(len(items), max_authors) and (
        _NAME.match(items[k]) or _NAME_JOINED.match(items[k])
    ):
        k += 1
    if k < len(items):
        ny = re.match(r"^(\S{2,5})\s+\(?((?:1[89]|20)\d\d)\)?$", items[k])
        if ny and _NAME.match(ny.group(1)):
            items[k] = ny.group(1)
            f.setdefault("year", ny.group(2))
            k += 1
    if k == 0:
        return None
    authors = _names(items[:k])
    texts: list[str] = []
    title = ""
    for it in items[k:]:
        it = it.strip()
        body = it.strip(" .:")
        ym = _YEAR_ITEM.match(body)
        if ym and "year" not in f:
            f["year"] = ym.group(1)
            continue
        if ym:
            continue
        q = _QUOTED.fullmatch(body) if body[:1] in "'‘“「『\"<" else None
        if q and not title:
            title = q.group(1).strip(" ,.")
            continue
        vi = _VOL_ISSUE.match(body) or _VOL_COLON.match(body)
        if vi and "volume" not in f:
            f["volume"], f["number"] = vi.group(1), vi.group(2)
            continue
        vp = re.match(r"^(\d+)\s*:\s*(\d+)\s*[-–]\s*(\d+)$", body)
        if vp and "volume" not in f:
            f["volume"] = vp.group(1)
            f.setdefault("pages", vp.group(2) + "-" + vp.group(3))
            continue
        ip = re.match(r"^(.+?)\s*[:：]\s*(\d+)\s*[-–]\s*(\d+)$", body)
        if ip and (_ISSUE.fullmatch(ip.group(1).strip()) or _VOL.fullmatch(ip.group(1).strip())):
            iv = _ISSUE.fullmatch(ip.group(1).strip())
            if iv:
                f.setdefault("number", iv.group(1) or iv.group(2) or "")
            else:
                vv = _VOL.fullmatch(ip.group(1).strip())
                if vv:
                    f.setdefault("volume", vv.group(1) or vv.group(2) or "")
            f.setdefault("pages", ip.group(2) + "-" + ip.group(3))
            continue
        vip = _VOL_ISSUE_PAGES.match(body)
        if vip and "volume" not in f:
            f["volume"], f["number"] = vip.group(1), vip.group(2)
            f.setdefault("pages", vip.group(3) + ("-" + vip.group(4) if vip.group(4) else ""))
            continue
        mv, mi = _VOL.search(body), _ISSUE.search(body)
        if (mv or mi) and not _ISSUE.sub("", _VOL.sub("", body)).strip(" ,.()제통第"):
            if mv:
                f.setdefault("volume", mv.group(1) or mv.group(2) or "")
            if mi:
                f.setdefault("number", mi.group(1) or mi.group(2) or "")
            continue
        pm = _PAGES.match(body)
        if (
            pm
            and ("p" in it.lower() or ":" in it or "-" in body or "쪽" in body)
            and "pages" not in f
        ):
            f["pages"] = pm.group(1) + ("-" + pm.group(2) if pm.group(2) else "")
            continue
        pm2 = _PAGES_MARKED.search(body)
        if pm2 and not _CJK_CHAR.search(body) and "pages" not in f:
            a, b = (pm2.group(1), pm2.group(2)) if pm2.group(1) else (pm2.group(3), pm2.group(4))
            f["pages"] = a + ("-" + b if b else "")
            continue
        if re.fullmatch(r"\d+", body) and ("volume" not in f or "number" not in f):
            f.setdefault("volume" if "volume" not in f else "number", body)
            continue
        if _PUBLISHER.search(body) and texts:
            f.setdefault("publisher", body)
            continue
        texts.append(body)
    journal = ""
    if title:
        if texts:
            pick = next((t for t in texts if _JOURNALISH.search(t)), texts[0])
            journal = pick
            notes.extend(t for t in texts if t is not pick)
    elif len(texts) >= 2:
        journal = texts[-1]
        title = ", ".join(texts[:-1])
    elif texts:
        title = texts[0]
    if journal:
        journal = _TYPE_MARK.sub("", journal).strip()
        tm = _TAIL_VOL.match(journal)
        if tm and (tm.group(2) or tm.group(3) or tm.group(4)):
            journal = tm.group(1).strip()
            vol = tm.group(2) or tm.group(4)
            num = tm.group(3) or tm.group(5)
            if vol:
                f.setdefault("volume", vol)
            if num:
                f.setdefault("number", num)
    title = _TYPE_MARK.sub("", title).strip()
    if title:
        f["title"] = title
    if journal:
        f["journal"] = journal
    typ = "article" if journal else ("book" if "publisher" in f else "misc")
    return typ, f, authors, notes
