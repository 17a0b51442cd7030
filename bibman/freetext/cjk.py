"""Rules for Korean, Chinese and Japanese references.

Such references are mostly lists of comma- or period-separated items:
``authors, 'title,' journal, 제25권, 제2호, pp.58-101, 2017.`` or
``authors (2011). title. journal, 32(4), 83-97.`` or
``楊濤, 吳斌龍. 張子和論補法. 河南中醫藥學刊. 2002. 17(1).`` The CRF model has
seen few of them, so they are parsed by classifying the items.
"""

from __future__ import annotations

import re

from bibman.freetext import markers
from bibman.freetext.dates import iso, parse_date
from bibman.freetext.lazyre import lazy, regex
from bibman.model import Name

_HAN = r"\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # with 々, the iteration mark (佐々木)
_HANGUL = r"\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
_KANA = r"\u3040-\u30ff"
_CJK_CHAR = lazy(f"[{_HAN}{_HANGUL}{_KANA}]")
_NAME = lazy(
    rf"^(?:[{_HANGUL}]{{2,5}}|[{_HAN}]{{2,3}})"
    rf"(?:\s*(?:외|外|等)\s*\d*\s*(?:인|人|명)?)?$"
)
# Japanese names: up to six kanji and kana ("中村真理子", "森本あんり"), or family and
# given name with a space between ("松田 健二"); used when the reference has kana
# (kana only as the given name after a kanji family name: "日本の森林" is a title)
_NAME_JA = lazy(
    rf"^(?:[{_HAN}]{{2,6}}|[{_HAN}]{{1,3}}[{_KANA}]{{2,4}}|[{_HAN}]{{1,3}}\s[{_HAN}{_KANA}]{{1,4}})$"
)
_HAS_KANA = lazy(f"[{_KANA}\u3005]")  # kana, or 々: Japanese text
_NAME_JOINED = lazy(rf"^[{_HANGUL}{_HAN}]{{2,4}}(?:[.·・][{_HANGUL}{_HAN}]{{2,4}})+$")
_YEAR_ITEM = lazy(
    r"^\(?((?:1[89]|20)\d\d)[a-z]?\)?(?:\s*[년年])?(?:\s*\d{1,2}\s*월)?(?:\s*\d{1,2}\s*일)?\.?$"
)
_YEAR_PAREN = lazy(r"\s*[(（]\s*((?:1[89]|20)\d\d)[a-z]?\s*年?\s*[)）]\s*[.,:。，．]?")
_VOL = lazy(r"(?:제\s*|第\s*)?(\d+)\s*(?:권|卷|巻|집|輯)|(?:vol\.?|Vol\.?)\s*(\d+)")
_ISSUE = lazy(
    r"(?:제\s*|통권\s*제?\s*|第\s*)?(\d+)\s*(?:호|期|號|月号|월호|号)|(?:no\.?|No\.?)\s*(\d+)"
)
_VOL_ISSUE = lazy(r"^(\d+)\s*[(\[]\s*([\d\-]+)\s*[)\]]\.?$")
_VOL_COLON = lazy(r"^\(?(\d+)\s*:\s*(\d+)\)?$")
_VOL_ISSUE_PAGES = lazy(r"^(\d+)\s*\((\d+(?:-\d+)?)\)\s*:\s*(\d+)(?:\s*[-–]\s*(\d+))?\.?$")
_JOURNALISH = lazy(r"(?:지|학보|논문집|연구|雜誌|杂志|学报|學報|学刊|學刊|Journal|Review)$")
_VOL_DASH = lazy(r"^(\d+)\s*-\s*(\d+)\s*(?:호)?$")
# page ranges: also the em dash and the full-width hyphen and tilde that Chinese and
# Japanese typesetting use ("第45—60页", "45～60頁")
_PAGES = lazy(r"^(?:pp?\.?\s*|:\s*|第\s*)?(\d+)\s*(?:[-–—－~～]\s*(\d+))?\s*(?:쪽|頁|页|면)?\.?$")
_PAGES_MARKED = lazy(
    r"(?:pp?\.\s*|:\s*)(\d+)(?:\s*[-–—－~～]\s*(\d+))?|(?:第\s*)?(\d+)\s*[-–—－~～]\s*(\d+)\s*(?:쪽|頁|页)"
)
# "2015年第3期", "2019년 제38권 제2호": a year run into the volume/issue markers
_YEAR_NUMBERING = lazy(r"^((?:1[89]|20)\d\d)\s*[年년]\s*(\S.*)$")
# "서울: 한국은행", "北京：商务印书馆": a place (a word of up to four CJK letters, or a
# capitalised word) and a publisher
_PLACE_PUBLISHER = lazy(
    rf"^([{_HAN}{_HANGUL}{_KANA}]{{1,4}}|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s*[:：]\s*([^:：\d]{{2,40}})$"
)
_BRACKETS = "「」『』〈〉《》"
_TYPE_MARK = lazy(r"\s*\[(?:J|M|D|C|R|N|EB/OL|Z)\]\s*")
_QUOTED = lazy(r"['‘“「『〈《\"<]\s*(.+?)\s*[,.]?\s*['’”」』〉》\">]")
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
        if regex(r"[·・]").search(it) and _is_name(it, True):
            out.extend(Name(literal=p.strip()) for p in regex(r"[·・]").split(it) if p.strip())
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
    pairs |= {"〈": "〉", "《": "》"}
    japanese = bool(_HAS_KANA.search(s))
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
        elif c in "「『〈《":
            # CJK quotation brackets delimit an item even with no separator before them:
            # "伊藤博「題名」『誌名』", "林志明：〈篇名〉，《刊名》"
            if "".join(buf).strip():
                items.append("".join(buf).strip())
                buf = []
            quote = pairs[c]
            buf.append(c)
        elif c in pairs and (not buf or not buf[-1].isalnum()):
            quote = pairs[c]
            buf.append(c)
        elif c in "：" and not items and _is_name("".join(buf).strip(), japanese):
            # "钱穆：《国史大纲》": the author, then the work
            items.append("".join(buf).strip())
            buf = []
        elif c in ",，;；、" or (
            c in ".。．"
            and (i + 1 >= len(s) or s[i + 1] in " :")
            and not regex(r"(?:^|[\s,])(?i:vol|no|pp?|nos|ed)$").search("".join(buf))
        ):
            items.append("".join(buf).strip())
            buf = []
        else:
            buf.append(c)
        i += 1
    items.append("".join(buf).strip())
    return [x for x in items if x and x not in ".:"]


def _is_name(item: str, japanese: bool) -> bool:
    item = item.strip(" .")
    if _NAME.match(item) or _NAME_JOINED.match(item) or (japanese and _NAME_JA.match(item)):
        return True
    # names joined by a middle dot, each a name: "長谷川由美子・西村 誠", "윤서연·강동원"
    # (in Chinese the dot is inside one transliterated name: "卡尔·波兰尼")
    parts = regex(r"[·・]").split(item)
    joins = bool(regex(f"[{_HANGUL}]").search(item)) or (
        japanese and all(regex(f"[{_HAN}]").search(p) for p in parts)
    )
    return len(parts) > 1 and joins and all(_is_name(p, japanese) for p in parts)


def _cjk_access_date(s: str, f: dict[str, str]) -> str:
    """ "(参照 2021-03-10)", "(2022년 8월 5일 접속)": the access date, taken out."""
    words = markers.alternation("access")
    m = regex(
        rf"[(（\[]\s*(?:(?:{words})\s*[:：]?\s*([^()（）\[\]]{{6,30}}?)|([^()（）\[\]]{{6,30}}?)\s*(?:{words}))"
        r"\s*[)）\]]\.?"
    ).search(s)
    if not m:
        return s
    date = m.group(1) or m.group(2)
    ko = regex(r"((?:1[89]|20)\d\d)\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일").fullmatch(date)
    d = (int(ko.group(1)), int(ko.group(2)), int(ko.group(3))) if ko else parse_date(date)
    if not d:
        return s
    f["urldate"] = iso(d)
    return (s[: m.start()] + s[m.end() :]).strip()


# "（東京大学出版会、2010年）": a Japanese imprint in brackets after the title
_PAREN_IMPRINT = lazy(
    r"[（(]\s*([^（）()、,，]{2,40}?)\s*[、,，]\s*((?:1[89]|20)\d\d)\s*年?\s*[)）]"
)


def parse_cjk(text: str) -> tuple[str, dict[str, str], tuple[Name, ...], list[str]] | None:
    """(type, fields, authors, notes) or ``None`` when the rules do not apply."""
    f: dict[str, str] = {}
    notes: list[str] = []
    s = _cjk_access_date(text.strip(), f)
    japanese = bool(_HAS_KANA.search(s))
    pi = _PAREN_IMPRINT.search(s)
    if pi:
        f["publisher"], f["year"] = pi.group(1), pi.group(2)
        s = (s[: pi.start()] + ". " + s[pi.end() :]).strip()
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
    first_stop = regex(r"[.．。]\s").search(s)
    if first_stop and japanese and max_authors == 10**6 and s[:1] not in "「『〈《\"'“‘":
        # "佐々木毅. 政治学講義. …" (SIST 02): the names end at the first full stop
        max_authors = len(_split_items(s[: first_stop.start()]))
    # authors: leading name-like items
    k = 0
    while k < min(len(items), max_authors) and _is_name(items[k], japanese):
        k += 1
    if k == 0 and len(items) > 1 and _body(items[0]):
        k = 1  # "文部科学省. 題名. 2020.", "国家统计局. …": a body as the author
    while k and k < len(items) and _etal(items[k]):
        del items[k]  # "刘洋, 赵丽, 等." / "김철수, 외": the list goes on unnamed
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
        q = _QUOTED.fullmatch(body) if body[:1] in "'‘“「『〈《\"<" else None
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
        head = ip.group(1).strip() if ip else ""
        if ip and (_VOL.search(head) or _ISSUE.search(head)) and not _numbering_rest(head):
            # "제3호: 1-20", "19권 3호: 7-22", "第65卷第3期: 20-31"
            iv, vv = _ISSUE.search(head), _VOL.search(head)
            if iv:
                f.setdefault("number", iv.group(1) or iv.group(2) or "")
            if vv:
                f.setdefault("volume", vv.group(1) or vv.group(2) or "")
            f.setdefault("pages", ip.group(2) + "-" + ip.group(3))
            continue
        vip = _VOL_ISSUE_PAGES.match(body)
        if vip and "volume" not in f:
            f["volume"], f["number"] = vip.group(1), vip.group(2)
            f.setdefault("pages", vip.group(3) + ("-" + vip.group(4) if vip.group(4) else ""))
            continue
        yn = _YEAR_NUMBERING.match(body)
        if yn and not _ISSUE.sub("", _VOL.sub("", yn.group(2))).strip(" ,.()제통第"):
            f.setdefault("year", yn.group(1))
            body = yn.group(2)
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
            and ("p" in it.lower() or ":" in it or "-" in body or regex(r"[쪽頁页면]").search(body))
            and "pages" not in f
        ):
            f["pages"] = pm.group(1) + ("-" + pm.group(2) if pm.group(2) else "")
            continue
        pm2 = _PAGES_MARKED.search(body)
        if (
            pm2
            and (not _CJK_CHAR.search(body) or _PAGES_MARKED.fullmatch(body))
            and "pages" not in f
        ):
            a, b = (pm2.group(1), pm2.group(2)) if pm2.group(1) else (pm2.group(3), pm2.group(4))
            f["pages"] = a + ("-" + b if b else "")
            continue
        if re.fullmatch(r"\d+", body) and ("volume" not in f or "number" not in f):
            f.setdefault("volume" if "volume" not in f else "number", body)
            continue
        if _GBT_EDITION.match(body):  # "第2版" (SIST 02, GB/T): the edition
            f.setdefault("edition", regex(r"\D+").sub("", body) or body)
            continue
        if regex(r"\d+\s*p\.?|\d+\s*(?:頁|页|쪽)").fullmatch(body) and not it.lower().startswith(
            "p"
        ):
            notes.append(body)  # "250p.": a book's extent (SIST 02), not its pages
            continue
        th = regex(rf"^(?:{markers.alternation('thesis')})").match(body)
        if th:
            f["type"] = th.group(0)
            rest = body[th.end() :].strip(" ,.")
            if rest:
                f["school"] = rest
            continue
        pp = _PLACE_PUBLISHER.match(body)
        if pp and (texts or title) and "publisher" not in f:
            f["address"], f["publisher"] = pp.group(1), pp.group(2).strip()
            continue
        if _publisher_cue(body) and (texts or title) and not _JOURNALISH.search(body):
            f.setdefault("publisher", body)
            continue
        texts.append(body)
    journal = ""
    if title:
        if texts:
            pick = next((t for t in texts if _JOURNALISH.search(t)), texts[0])
            journal = pick.strip(_BRACKETS + " ")
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
    if "type" in f:
        f.setdefault("school", f.pop("publisher", ""))
        if not f["school"]:
            del f["school"]
        master = regex(r"석사|硕士|碩士|修士").search(f["type"])
        return ("mastersthesis" if master else "phdthesis"), f, authors, notes
    typ = "article" if journal else ("book" if "publisher" in f else "misc")
    return typ, f, authors, notes


def _body(item: str) -> bool:
    """A ministry, agency, bank or committee: CJK letters ending in a body word."""
    return bool(
        regex(rf"^[{_HAN}{_HANGUL}{_KANA}]{{2,20}}(?:{markers.alternation('body-suffix')})$").match(
            item
        )
    )


def _numbering_rest(s: str) -> str:
    """What is left of ``s`` without its volume and issue markers."""
    return _ISSUE.sub("", _VOL.sub("", s)).strip(" ,.()제통第")


def _publisher_cue(item: str) -> bool:
    return bool(regex(rf"(?:{markers.alternation('publisher')})|[{_HAN}]社$").search(item))


# --------------------------------------------------------------------------
# GB/T 7714 (China): "作者. 题名[J]. 刊名, 年, 卷(期): 页码." and its kin
# --------------------------------------------------------------------------

# the code closes the title: "题名[J]. 刊名", "题名[C]//论文集"
_GBT_CODE = lazy(r"\[\s*([A-Z]{1,2})\s*(?:/\s*(?:OL|CD|MT|DK)\s*)?\]\s*(?=[.．。]|//|$)")
_GBT_JOURNAL = lazy(
    r"^(?P<j>[^,，]+?)\s*[,，]\s*(?P<y>(?:1[89]|20)\d\d)\s*"
    r"(?:[,，]\s*(?P<v>[^(（:：,，\s]+))?\s*(?:[(（]\s*(?P<i>[^)）]+?)\s*[)）])?"
    r"\s*(?:[:：]\s*(?P<p>\d+(?:\s*[-–~]\s*\d+)?))?$"
)
_GBT_IMPRINT = lazy(
    r"^(?:(?P<city>[^:：,，]{1,24}?)\s*[:：]\s*)?(?P<pub>[^,，:：]{2,60}?)\s*[,，]\s*"
    r"(?P<y>(?:1[89]|20)\d\d)[^\d:：]{0,4}(?:\s*[:：]\s*(?P<p>\d+(?:\s*[-–~]\s*\d+)?))?$"
)
_GBT_NEWS = lazy(
    r"^(?P<j>[^,，]+?)\s*[,，]\s*(?P<y>(?:1[89]|20)\d\d)-\d{1,2}-\d{1,2}\s*[(（]\s*(?P<p>\d+)\s*[)）]$"
)
_GBT_EDITION = lazy(r"^(?:第\s*)?\d+\s*版$|^\d+(?:st|nd|rd|th)\s+ed\.?$", re.I)
_GBT_DATES = lazy(r"^[(（]\s*([^()（）\[\]]+?)\s*[)）]\s*(?:\[\s*([\d\-./]+)\s*\])?$")
_GBT_ACCESS = lazy(r"\[\s*((?:1[89]|20)\d\d-\d{1,2}-\d{1,2})\s*\]")
_GBT_SEGMENT = lazy(r"[.．。]\s+|[.．。](?=\s*$)|(?<=[\u3400-\u9fff\]）)])[.．。](?=\S)")
_YEAR4 = lazy(r"(?:1[89]|20)\d\d")


def _segments(s: str) -> list[str]:
    return [x.strip() for x in _GBT_SEGMENT.split(s) if x and x.strip(" .．。")]


def _etal(item: str) -> bool:
    return item.strip(" .") in {m.rstrip(".") for m in markers.values("etal")}


def _gbt_names(part: str) -> tuple[Name, ...]:
    out: list[Name] = []
    for it in re.split(r"\s*[,，、;；]\s*", part):
        it = it.strip(" .")
        if not it or _etal(it):
            continue
        if it.isascii() and " " in it:
            # "LECUN Y": family in capitals, then initials (GB/T writes no full stops)
            fam, _, given = it.rpartition(" ")
            if given.isupper() and len(given) <= 3:
                out.append(Name(family=fam.title() if fam.isupper() else fam, given=given))
                continue
        out.append(Name(literal=it))
    return tuple(out)


def parse_gbt(text: str) -> tuple[str, dict[str, str], tuple[Name, ...], list[str]] | None:
    """A reference with a GB/T 7714 document type code ("[J]", "[M]", "[EB/OL]"):
    (type, fields, authors, notes), editors of a "[C]//" book in ``f["_editors"]``."""
    m = _GBT_CODE.search(text)
    if m is None or m.group(1) not in markers.gbt_types():
        return None
    code = m.group(1)
    typ = markers.gbt_types()[code]
    f: dict[str, str] = {}
    notes: list[str] = []
    head = text[: m.start()].strip()
    tail = text[m.end() :].strip(" .．。")
    # head: "作者1, 作者2, 等. 题名" (the responsible party, then the title)
    hm = regex(r"^(.{1,200}?)[.．。]\s*(\S.*)$").match(head)
    authors: tuple[Name, ...] = ()
    if hm and not _YEAR4.fullmatch(hm.group(1).strip()):
        authors = _gbt_names(hm.group(1))
        title = hm.group(2)
    else:
        title = head
    f["title"] = title.strip(" .．。")
    if not f["title"]:
        return None
    editors = ""
    if tail.startswith("//"):
        # "[C]//主编. 论文集名. 出版地: 出版者, 年: 页码"
        segs = _segments(tail[2:])
        if len(segs) >= 2:
            eds = regex(r"\s*(?:主编|编|等编|編)$").sub("", segs[0])
            names = _gbt_names(eds)
            if names and all(len(n.literal) <= 4 for n in names):
                editors = " and ".join(n.literal or f"{n.family}, {n.given}" for n in names)
                segs = segs[1:]
        if segs:
            f["booktitle"] = segs[0]
            segs = segs[1:]
    else:
        segs = _segments(tail)
    for seg in segs:
        acc = _GBT_ACCESS.search(seg)
        if acc:
            d = parse_date(acc.group(1))
            if d:
                f["urldate"] = iso(d)
            seg = (seg[: acc.start()] + seg[acc.end() :]).strip()
        if not seg:
            continue
        dm = _GBT_DATES.match(seg)
        if dm:
            y = _YEAR4.search(dm.group(1))
            if y:
                f.setdefault("year", y.group(0))
            if dm.group(2):
                d = parse_date(dm.group(2))
                if d:
                    f["urldate"] = iso(d)
            continue
        nm = _GBT_NEWS.match(seg) if code == "N" else None
        if nm:
            f["journal"], f["year"], f["pages"] = nm.group("j"), nm.group("y"), nm.group("p")
            continue
        jm = _GBT_JOURNAL.match(seg) if code == "J" and "journal" not in f else None
        if jm:
            f["journal"], f["year"] = jm.group("j").strip(), jm.group("y")
            v, i = jm.group("v") or "", jm.group("i") or ""
            mv, mi = _VOL.search(v), _ISSUE.search(v)
            if mv or mi:  # "第65卷第3期"
                if mv:
                    f["volume"] = mv.group(1) or mv.group(2) or ""
                if mi:
                    f["number"] = mi.group(1) or mi.group(2) or ""
            elif v:
                f["volume"] = v
            if i:
                f["number"] = i
            if jm.group("p"):
                f["pages"] = regex(r"\s*[-–~]\s*").sub("-", jm.group("p"))
            continue
        mk = _gbt_marked(seg) if code == "J" and "journal" not in f else None
        if mk:
            f.update(mk)
            continue
        im = _GBT_IMPRINT.match(seg)
        if im and "publisher" not in f:
            if im.group("city"):
                f["address"] = im.group("city").strip()
            f["publisher"], f["year"] = im.group("pub").strip(), im.group("y")
            if im.group("p"):
                f["pages"] = regex(r"\s*[-–~]\s*").sub("-", im.group("p"))
            continue
        if _GBT_EDITION.match(seg):
            f["edition"] = regex(r"\D+").sub("", seg) or seg
            continue
        dd = regex(r"((?:1[89]|20)\d\d)-\d{1,2}-\d{1,2}").fullmatch(seg)
        if dd:  # a patent's or a page's date: "[P]. 2016-03-02."
            f.setdefault("year", dd.group(1))
            d = parse_date(seg)
            if d:
                f.setdefault("date", iso(d))
            continue
        if _YEAR4.fullmatch(seg):
            f.setdefault("year", seg)
            continue
        notes.append(seg)
    if code == "D" and "publisher" in f:
        f["school"] = f.pop("publisher")
    if code == "R" and "publisher" in f:
        f["institution"] = f.pop("publisher")
    if typ == "article" and "journal" not in f:
        typ = "misc"
    if typ == "incollection" and "booktitle" not in f:
        typ = "book"
    if editors:
        f["_editors"] = editors
    return typ, f, authors, notes


def _gbt_marked(seg: str) -> dict[str, str] | None:
    """ "刊名, 2012年, 第5卷第2期, 第45-60页": a journal segment whose numbers carry the
    年/卷/期/页 markers, in any order, instead of GB/T's bare "年, 卷(期): 页"."""
    parts = [p.strip() for p in regex(r"\s*[,，]\s*").split(seg) if p.strip()]
    if len(parts) < 2 or regex(r"\d").search(parts[0]):
        return None
    out = {"journal": parts[0].strip(_BRACKETS + " ")}
    for p in parts[1:]:
        yi = _YEAR_ITEM.match(p)
        if yi:
            out.setdefault("year", yi.group(1))
            continue
        yn = _YEAR_NUMBERING.match(p)
        if yn:
            out.setdefault("year", yn.group(1))
            p = yn.group(2).strip()
        mv, mi = _VOL.search(p), _ISSUE.search(p)
        if (mv or mi) and not _ISSUE.sub("", _VOL.sub("", p)).strip(" ,.()제통第"):
            if mv:
                out["volume"] = mv.group(1) or mv.group(2) or ""
            if mi:
                out["number"] = mi.group(1) or mi.group(2) or ""
            continue
        pm = _PAGES.match(p)
        if pm and regex(r"[-–—－~～쪽頁页]|^p").search(p):
            out["pages"] = pm.group(1) + ("-" + pm.group(2) if pm.group(2) else "")
            continue
        return None  # a part this reader does not know: leave the segment alone
    return out if "year" in out and len(out) >= 3 else None


def has_gbt_code(text: str) -> bool:
    """Whether a GB/T 7714 document type code closes the title ("题名[J]. …")."""
    m = _GBT_CODE.search(text) if "[" in text else None
    return m is not None and m.group(1) in markers.gbt_types()
