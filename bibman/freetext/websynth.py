"""Labelled web, news, report and GOST-electronic references (training and evaluation only).

Forms of Wikipedia's CS1 templates ("Archived from the original on …", "(PDF)",
"(in Chinese)", "– via …", "Retrieved …", "p. 12"), APA and MLA web forms, institutional
pages with corporate authors and "(n.d.)", and GOST 7.1-2003 / 7.0.100-2018 electronic
resources ("[Электронный ресурс]", "– URL: … (дата обращения: …)", "Текст : электронный").
Titles come from the real records ``synth.load_records`` reads; sites, organisations and
people are drawn from small lists below and from ``bibman/data/sites.txt``. Each
reference comes with its pieces (for training) and a gold record in the shared scorer's
schema (for ``bench/refparse_synth.py``). One-per-line list markers vary too.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

Part = tuple[str, str]

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_GIVEN = [
    "Anna",
    "Maria",
    "John",
    "David",
    "Sergei",
    "Li",
    "Wei",
    "Olga",
    "Peter",
    "Laura",
    "Ahmed",
    "Fatima",
    "Kenji",
    "Carlos",
    "Sofia",
    "Michael",
    "Elena",
]
_FAMILY = [
    "Smith",
    "Ivanova",
    "Chen",
    "Müller",
    "García",
    "Novak",
    "Tanaka",
    "Kowalski",
    "Okafor",
    "Rossi",
    "Dubois",
    "Haddad",
    "Nguyen",
    "Petrov",
    "Johansson",
    "O'Brien",
    "Silva",
    "Kim",
    "Andersen",
    "Lopez",
    "Schneider",
    "Volkova",
]
_ORG_HEAD = [
    "Bureau",
    "Department",
    "Office",
    "Ministry",
    "Institute",
    "Agency",
    "Council",
    "Center",
]
_ORG_TOPIC = [
    "Industry and Security",
    "Foreign Affairs",
    "Health",
    "Statistics",
    "Energy",
    "Justice",
    "Education and Science",
    "Environmental Protection",
    "Economic Research",
    "Public Health",
    "Transport",
    "Culture",
]
_TLD = ["gov", "org", "com", "edu", "int", "net"]
_CC = ["uk", "ru", "cn", "de", "fr", "in", "br", "kz", "ua", "au", "jp", ""]
_VIA = ["ProQuest", "JSTOR", "Google Books", "Newspapers.com", "EBSCOhost", "Gale"]
_LANGS = ["Chinese", "Russian", "French", "German", "Spanish", "Japanese", "Arabic"]
_RU_TITLE_W = [
    "Развитие",
    "цифровой",
    "экономики",
    "в",
    "регионах",
    "России",
    "анализ",
    "методы",
    "управления",
    "данными",
    "государственной",
    "политики",
    "образования",
    "система",
    "оценки",
    "качества",
]
_RU_FAMILY = [
    "Иванов",
    "Петрова",
    "Смирнов",
    "Кузнецова",
    "Попов",
    "Соколов",
    "Лебедева",
    "Козлов",
    "Новикова",
    "Морозов",
]
_RU_SITES = [
    "Росстат",
    "Министерство финансов Российской Федерации",
    "КиберЛенинка",
    "РИА Новости",
    "ТАСС",
]


def _sites(root: Path) -> list[str]:
    p = root / "bibman" / "data" / "sites.txt"
    return [
        x.strip()
        for x in p.read_text(encoding="utf-8").splitlines()
        if x.strip() and not x.startswith("#")
    ]


def heldout(key: str) -> bool:
    return zlib.crc32(key.encode("utf-8")) % 100 < 15


def _date(rng: random.Random, year: int, form: str) -> tuple[str, str]:
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    iso = f"{year:04d}-{m:02d}-{d:02d}"
    txt = {
        "dmy": f"{d} {_MONTHS[m - 1]} {year}",
        "mdy": f"{_MONTHS[m - 1]} {d}, {year}",
        "iso": iso,
        "mla": f"{d} {_MONTHS[m - 1][:3]}{'.' if len(_MONTHS[m - 1]) > 4 else ''} {year}",
        "ru": f"{d:02d}.{m:02d}.{year}",
    }[form]
    return txt, iso


def _org(rng: random.Random) -> str:
    return f"{rng.choice(_ORG_HEAD)} of {rng.choice(_ORG_TOPIC)}"


def _domain(name: str, rng: random.Random) -> str:
    stem = "".join(w[0] for w in name.split() if w[:1].isupper()).lower()
    if len(stem) < 3:
        stem = "".join(c for c in name.lower() if c.isalnum())[:10]
    cc = rng.choice(_CC)
    d = f"{stem}.{rng.choice(_TLD)}" + (f".{cc}" if cc else "")
    r = rng.random()
    return ("www." + d) if r < 0.5 else (d.capitalize() if r < 0.7 else d)


def _numbered(
    p: list[tuple[str, str]], rng: random.Random, k: int
) -> tuple[list[tuple[str, str]], str]:
    """The non-empty parts behind a list marker (if :func:`_marker` draws one), and their text."""
    lead = _marker(rng, k)
    parts = [(lab, t) for lab, t in p if t]
    if lead:
        parts.insert(0, ("citation-number", lead))
    return parts, "".join(t for _, t in parts)


def _marker(rng: random.Random, k: int) -> str:
    return rng.choice(
        ["", "", "", f"{k}.^", f"{k}. ^ a b ", f"^ {k}", "- ", "* ", f"{k}\t", f"{k}. ", f"[{k}] "]
    )


def make(
    rng: random.Random, titles: list[str], sites: list[str], k: int
) -> tuple[list[Part], dict[str, Any]]:
    """One web-like reference: (pieces, gold record)."""
    year = rng.randint(1998, 2024)
    title = rng.choice(titles)
    f: dict[str, Any] = {}
    typ = "web"
    genre = ""
    p: list[Part] = []
    form = rng.choice(["cs1", "cs1", "cs1", "apa", "mla", "gost", "report"])
    person = rng.random() < 0.5
    given, fam = rng.choice(_GIVEN), rng.choice(_FAMILY)
    acc_txt, acc = _date(rng, min(2025, year + rng.randint(0, 3)), "dmy")
    url = ""
    if form == "cs1":
        site = rng.choice(sites) if rng.random() < 0.6 else _domain(_org(rng), rng)
        if person:
            p.append(("author", f"{fam}, {given}"))
            f["author"] = [f"{fam}, {given}"]
        d_txt, _ = _date(rng, year, rng.choice(["dmy", "mdy", "iso"]))
        p.append(("date", f" ({d_txt}). " if person else ""))
        p.append(("title", f'"{title}"'))
        ann = rng.random()
        if ann < 0.2:
            p.append(("note", " (PDF)"))
        elif ann < 0.35:
            p.append(("note", f" (in {rng.choice(_LANGS)})"))
        elif ann < 0.42:
            p.append(("note", " (Report)"))
        p.append(("journal", f". {site}"))
        f["container"] = site
        if rng.random() < 0.4:
            pub = _org(rng) if rng.random() < 0.5 else rng.choice(sites)
            if pub != site:
                p.append(("publisher", f". {pub}"))
                f["publisher"] = pub
        if not person:
            p.append(("date", f". {d_txt}" if rng.random() < 0.6 else ""))
        if rng.random() < 0.2:
            p.append(("pages", f". p. {rng.randint(2, 300)}"))
        if rng.random() < 0.6:
            url = f"https://{_domain(site, rng).lower().removeprefix('www.')}/{title.split()[0].lower()}-{rng.randint(10, 9999)}"
        if rng.random() < 0.3:
            a_txt, _ = _date(rng, year, "dmy")
            p.append(("note", f". Archived from the original on {a_txt}"))
        if rng.random() < 0.15:
            p.append(("note", f" – via {rng.choice(_VIA)}"))
        p.append(("accessed", f". Retrieved {acc_txt}."))
        f["accessed"] = acc
        if site in sites:  # a listed outlet: a news story is an article as well as a page
            genre = "news"
    elif form == "apa":
        org = _org(rng)
        auth = f"{fam}, {given[0]}." if person else org
        f["author"] = [f"{fam}, {given[0]}."] if person else ["{" + org + "}"]
        p.append(("author", auth + ". " if not auth.endswith(".") else auth + " "))
        if rng.random() < 0.4:
            p.append(("date", "(n.d.). "))
        else:
            d_txt = (
                f"{year}, {_MONTHS[rng.randint(0, 11)]} {rng.randint(1, 28)}"
                if rng.random() < 0.5
                else str(year)
            )
            p.append(("date", f"({d_txt}). "))
        p.append(("title", f"{title}. "))
        if rng.random() < 0.6:
            site = rng.choice(sites) if rng.random() < 0.5 else _domain(org, rng)
            p.append(("journal", f"{site}. "))
            f["container"] = site
        acc_txt, acc = _date(rng, min(2025, year + 1), "mdy")
        url = f"https://{_domain(org, rng).lower().removeprefix('www.')}/{rng.randint(100, 99999)}"
        if rng.random() < 0.5:
            p.append(("accessed", f"Retrieved {acc_txt}, from "))
            f["accessed"] = acc
    elif form == "mla":
        site = rng.choice(sites)
        if person:
            p.append(("author", f"{fam}, {given}. "))
            f["author"] = [f"{fam}, {given}"]
        p.append(("title", f"“{title}.” "))
        d_txt, _ = _date(rng, year, "mla")
        p.append(("journal", f"{site}, "))
        f["container"] = site
        p.append(("date", f"{d_txt}, "))
        url = f"www.{site.lower().replace(' ', '')}.com/{rng.randint(100, 99999)}"
        acc_txt, acc = _date(rng, min(2025, year + 1), "mla")
        p.append(("accessed", f"{url}. Accessed {acc_txt}."))
        f["accessed"] = acc
        url = ""
        f["url"] = (
            f"www.{site.lower().replace(' ', '')}.com" + p[-1][1].split(".com", 1)[1].split(".")[0]
        )
    elif form == "gost":
        title = " ".join(rng.sample(_RU_TITLE_W, rng.randint(3, 7))).capitalize()
        site = rng.choice(_RU_SITES)
        if person:
            fam, ini = rng.choice(_RU_FAMILY), rng.choice("АБВГДЕИКЛМНОПРСТ")
            p.append(("author", f"{fam} {ini}. "))
            f["author"] = [f"{fam}, {ini}."]
        p.append(("title", title))
        p.append(("note", rng.choice([" [Электронный ресурс]", " : [сайт]", ""])))
        p.append(("journal", f" // {site}."))
        f["container"] = site
        p.append(("date", f" – {year}."))
        url = f"https://{_domain(site, rng).lower().removeprefix('www.')}/{rng.randint(100, 99999)}"
        acc_txt, acc = _date(rng, min(2025, year + 1), "ru")
        lead = rng.choice([" – URL: ", " – Режим доступа: "])
        p.append(("url", f"{lead}{url}"))
        p.append(("accessed", f" (дата обращения: {acc_txt})."))
        if rng.random() < 0.5:
            p.append(("note", " – Текст : электронный."))
        f["url"] = url
        f["accessed"] = acc
        url = ""
    else:  # institutional report
        org = _org(rng)
        f["author"] = ["{" + org + "}"]
        typ = "report"
        p.append(("author", f"{org}. "))
        p.append(("date", f"({year}). "))
        p.append(("title", f"{title} "))
        p.append(
            (
                "genre",
                f"(Report No. {rng.randint(1, 999)}). " if rng.random() < 0.5 else "(Report). ",
            )
        )
        pub = rng.choice([org, _org(rng)])
        if pub != org:
            p.append(("publisher", f"{pub}. "))
            f["publisher"] = pub
        url = f"https://{_domain(org, rng).lower().removeprefix('www.')}/reports/{rng.randint(100, 99999)}.pdf"
    f["title"] = title
    if any(lab == "date" and str(year) in t for lab, t in p):
        f["year"] = str(year)
    if url:
        p.append(("url", (" " if p and not p[-1][1].endswith(" ") else "") + url))
        f["url"] = url
    parts, raw = _numbered(p, rng, k)
    gold: dict[str, Any] = {"raw": raw, "type": typ, "fields": f, "ignore": []}
    if genre:
        gold["genre"] = "news"
    return parts, gold


# Authorless pages of an institution: '"Title". www.site.org. The Publisher. 2019.
# Retrieved 4 June 2019.' (the site, then its owner as publisher). Training only
# (``make_site_publisher``), so refparse_synth's draw is unchanged.
_INST_ADJ = [
    "Royal",
    "National",
    "Scottish",
    "Welsh",
    "Canadian",
    "Norwegian",
    "Irish",
    "Australian",
    "Metropolitan",
    "City",
    "Natural History",
    "Maritime",
    "Imperial War",
    "Science",
]
_INST_KIND = [
    "Museum",
    "Library",
    "Gallery",
    "Trust",
    "Society",
    "Archives",
    "Foundation",
    "Observatory",
    "Botanic Garden",
    "Opera",
    "Zoo",
    "Academy",
]


def make_site_publisher(
    rng: random.Random, titles: list[str], k: int
) -> tuple[list[Part], dict[str, Any]]:
    """An authorless institutional page: title, site (a host name or a site name), the
    institution as publisher, date, access date."""
    title = rng.choice(titles)
    year = rng.randint(1998, 2024)
    inst = f"{rng.choice(_INST_ADJ)} {rng.choice(_INST_KIND)}"
    pub = ("The " if rng.random() < 0.7 else "") + inst
    r = rng.random()
    host = "".join(c for c in inst.lower() if c.isalnum())
    site = (
        f"www.{host}.{rng.choice(_TLD)}"
        if r < 0.5
        else (f"{host}.{rng.choice(_TLD)}" if r < 0.7 else _domain(inst, rng))
    )
    f: dict[str, Any] = {"title": title, "container": site, "publisher": pub}
    q = rng.choice(['"', "“"]) if rng.random() < 0.8 else ""
    qe = {"“": "”"}.get(q, q)
    p: list[Part] = [("title", f"{q}{title}{qe}"), ("journal", f". {site}")]
    p.append(("publisher", f". {pub}"))
    if rng.random() < 0.7:
        form = rng.choice(["dmy", "mdy", "iso", "year"])
        d_txt = str(year) if form == "year" else _date(rng, year, form)[0]
        p.append(("date", f". {d_txt}"))
        if str(year) in d_txt:
            f["year"] = str(year)
    acc_txt, acc = _date(rng, min(2025, year + rng.randint(0, 3)), "dmy")
    p.append(("accessed", f". Retrieved {acc_txt}."))
    f["accessed"] = acc
    parts, raw = _numbered(p, rng, k)
    return parts, {"raw": raw, "type": "web", "fields": f, "ignore": []}


def generate_site_publisher(
    n: int, rng: random.Random, shared: Path, held: bool
) -> Iterator[tuple[list[Part], dict[str, Any]]]:
    from bibman.freetext.synth import load_records

    titles = [str(r["title"]) for r in load_records(shared) if heldout(str(r["title"])) == held]
    for k in range(n):
        yield make_site_publisher(rng, titles, k + 1)


def generate(
    n: int, rng: random.Random, root: Path, shared: Path, held: bool
) -> Iterator[tuple[list[Part], dict[str, Any]]]:
    from bibman.freetext.synth import load_records

    titles = [str(r["title"]) for r in load_records(shared) if heldout(str(r["title"])) == held]
    sites = [s for s in _sites(root) if heldout(s) == held]
    for k in range(n):
        yield make(rng, titles, sites, k + 1)
