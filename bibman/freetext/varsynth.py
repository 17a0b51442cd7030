"""More variety for the tagger's training data (training only; no bench draws from here).

Issue 11 items 1, 5 and 7: forms the other generators render rarely or never, so that
``bench/refparse_synth.py``'s draw (``websynth.make``, ``classsynth.make``) stays as it was.

* :func:`make_web`: web, news and report references of Wikipedia's CS1 templates and of
  the APA/MLA/Harvard web forms, in layouts ``websynth`` lacks: the site appended to the
  title ("Title – Site", "Title | Site"), "Archived DATE at the Wayback Machine" in
  mid-string, given-name-first authors ("Anna Smith (3 May 2019).", "By Anna Smith."),
  corporate authors with "(n.d.)", "(Report)"/"(PDF)"/"(in French)" after title or site,
  pin cites ("p. 12"), access dates in the English forms ("Accessed", "[Accessed: …]",
  "viewed", "last accessed", "Available at: … (Accessed: …)").
* :func:`make_chapter`: parts of edited books with the editor marker of many languages
  and in every position ("In: E. Editor (ed.), Book", "In Book, edited by E. Editor",
  "Book / под ред. И. Иванова", "hrsg. v.", "a cura di", "sous la dir. de", "(red.)",
  "(szerk.)", "toim."), given name first or last, with or without "In".

Titles and names come from the real records ``synth.load_records`` reads (their training
side only, ``cslsynth.is_heldout`` false); sites from ``bibman/data/sites.txt`` (training
side, ``websynth.heldout`` false) and the short lists of ``websynth``/``classsynth``.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bibman.freetext import classsynth as cs
from bibman.freetext import websynth as ws

Part = tuple[str, str]

# (one editor, several editors, where the marker goes: "pre" before the names, "post" after)
_ED_MARKS = [
    ("(ed.)", "(eds.)", "post"),
    ("(Ed.)", "(Eds.)", "post"),
    ("ed.", "eds.", "post"),
    ("(editor)", "(editors)", "post"),
    ("(Hrsg.)", "(Hrsg.)", "post"),
    ("(Hg.)", "(Hgg.)", "post"),
    ("(éd.)", "(éds.)", "post"),
    ("(dir.)", "(dirs.)", "post"),
    ("(red.)", "(red.)", "post"),
    ("(a cura di)", "(a cura di)", "post"),
    ("(coord.)", "(coords.)", "post"),
    ("(org.)", "(orgs.)", "post"),
    ("(szerk.)", "(szerk.)", "post"),
    ("(toim.)", "(toim.)", "post"),
    ("(ur.)", "(ur.)", "post"),
    ("edited by", "edited by", "pre"),
    ("ed. by", "ed. by", "pre"),
    ("Ed. by", "Ed. by", "pre"),
    ("hrsg. v.", "hrsg. v.", "pre"),
    ("hrsg. von", "hrsg. von", "pre"),
    ("Hrsg. von", "Hrsg. von", "pre"),
    ("под ред.", "под ред.", "pre"),
    ("Под ред.", "Под ред.", "pre"),
    ("a cura di", "a cura di", "pre"),
    ("sous la dir. de", "sous la dir. de", "pre"),
    ("éd. par", "éd. par", "pre"),
    ("red.", "red.", "pre"),
    ("edited by", "edited by", "pre"),
]
_IN = ["In ", "In: ", "In: ", "in: ", "In ", "", "", "Dans ", "W: ", "В кн.: ", "En: ", "I: "]
_SEP = [" – ", " - ", " | ", " — ", " : "]
_ACCESS_EN = [
    ". Retrieved {d}.",
    ". Accessed {d}.",
    ". [Accessed: {d}].",
    " (accessed {d}).",
    ". Viewed {d}.",
    ". Last accessed {d}.",
    " [viewed {d}].",
    ". Retrieved on {d}.",
]


def _who(rng: random.Random) -> tuple[str, list[str]]:
    """A person or two as printed (given name first or last) and as gold."""
    n = 1 if rng.random() < 0.7 else 2
    ppl = [(rng.choice(ws._GIVEN), rng.choice(ws._FAMILY)) for _ in range(n)]
    form = rng.choice(["inv", "given", "given", "init"])
    if form == "inv":
        txt = [f"{f}, {g}" for g, f in ppl]
    elif form == "init":
        txt = [f"{f}, {g[0]}." for g, f in ppl]
    else:
        txt = [f"{g} {f}" for g, f in ppl]
    joined = txt[0] if n == 1 else f"{txt[0]}{rng.choice([' and ', '; ', ' & '])}{txt[1]}"
    return joined, [f"{f}, {g}" for g, f in ppl]


def make_web(
    rng: random.Random, titles: list[str], sites: list[str], k: int
) -> tuple[list[Part], dict[str, Any]]:
    """One web/news/report reference in a layout ``websynth.make`` lacks."""
    title = rng.choice(titles).rstrip(".")
    year = rng.randint(1998, 2024)
    site = rng.choice(sites) if rng.random() < 0.6 else ws._domain(ws._org(rng), rng)
    f: dict[str, Any] = {"title": title}
    typ = "web"
    p: list[Part] = []
    d_txt, _ = ws._date(rng, year, rng.choice(["dmy", "mdy", "iso"]))
    form = rng.choice(["sitetitle", "wayback", "givenfirst", "corp", "harvard", "report"])
    person = rng.random() < 0.6
    if form in ("sitetitle", "wayback", "givenfirst"):
        if person or form == "givenfirst":
            who, gold = _who(rng)
            if form == "givenfirst" and rng.random() < 0.3:
                who = "By " + who
            p.append(("author", who + " "))
            p.append(("date", f"({d_txt}). "))
            f["author"] = gold
        q = rng.choice(['"', "“", ""])
        qe = {"“": "”"}.get(q, q)
        if form == "sitetitle":  # "Title – Site". Retrieved …
            p.append(("title", f"{q}{title}"))
            p.append(("journal", f"{rng.choice(_SEP)}{site}{qe}"))
        else:
            p.append(("title", f"{q}{title}{qe}"))
            ann = rng.random()
            if ann < 0.15:
                p.append(("note", " (PDF)"))
            elif ann < 0.3:
                p.append(("note", f" (in {rng.choice(ws._LANGS)})"))
            if form == "wayback" and rng.random() < 0.5:
                a_txt, _ = ws._date(rng, year, rng.choice(["iso", "dmy"]))
                p.append(("note", f". Archived {a_txt} at the Wayback Machine"))
            p.append(("journal", f". {site}"))
            if form == "wayback" and not p[-2][1].endswith("Machine"):
                a_txt, _ = ws._date(rng, year, rng.choice(["iso", "dmy"]))
                p.append(("note", f". Archived from the original on {a_txt}"))
                if rng.random() < 0.5:
                    p.append(("note", f" – via {rng.choice(ws._VIA)}"))
        f["container"] = site
        if not (person or form == "givenfirst"):
            p.append(("date", f". {d_txt}"))
        if rng.random() < 0.2:
            p.append(("pages", f". p. {rng.randint(2, 300)}"))
    elif form == "corp":  # APA corporate author, (n.d.) or a year, site
        org = ws._org(rng)
        f["author"] = ["{" + org + "}"]
        p.append(("author", f"{org}. "))
        if rng.random() < 0.6:
            p.append(("date", "(n.d.). "))
        else:
            p.append(("date", f"({year}). "))
        p.append(("title", f"{title}. "))
        if rng.random() < 0.5:
            p.append(("journal", f"{site}. "))
            f["container"] = site
    elif form == "harvard":  # Author (Year) Title. Site. Available at: URL (Accessed: D).
        if person:
            who, gold = _who(rng)
            p.append(("author", who + " "))
            f["author"] = gold
        p.append(("date", f"({year}) "))
        p.append(("title", f"{title}. "))
        p.append(("journal", f"{site}. "))
        f["container"] = site
    else:  # report: Org (Year). Title (Report) (PDF). Publisher. p. 12.
        org = ws._org(rng)
        typ = "report"
        if person:
            who, gold = _who(rng)
            p.append(("author", who + " "))
            f["author"] = gold
        else:
            p.append(("author", f"{org} "))
            f["author"] = ["{" + org + "}"]
        p.append(("date", f"({year}). "))
        q = rng.choice(['"', ""])
        p.append(("title", f"{q}{title}{q}"))
        p.append(("genre", rng.choice([" (Report)", " (PDF) (Report)", " (Report) (PDF)"])))
        pub = org if person else ws._org(rng)
        p.append(("publisher", f". {pub}"))
        f["publisher"] = pub
        if rng.random() < 0.4:
            p.append(("pages", f". p. {rng.randint(2, 300)}"))
        p.append(("note", "."))
    if any(lab == "date" and str(year) in t for lab, t in p):
        f["year"] = str(year)
    host = ws._domain(site, rng).lower().removeprefix("www.")
    url = f"https://{host}/{title.split()[0].lower()}-{rng.randint(10, 9999)}"
    acc_txt, acc = ws._date(rng, min(2025, year + rng.randint(0, 3)), rng.choice(["dmy", "mdy"]))
    if form == "harvard":
        p.append(("url", f"Available at: {url} "))
        p.append(("accessed", f"(Accessed: {acc_txt})."))
        f["url"], f["accessed"] = url, acc
    elif form != "report" or rng.random() < 0.5:
        acc_form = rng.choice(_ACCESS_EN)
        if rng.random() < 0.5:
            p.append(("url", (" " if not p[-1][1].endswith(" ") else "") + url))
            f["url"] = url
        p.append(("accessed", acc_form.format(d=acc_txt)))
        f["accessed"] = acc
    parts, raw = ws._numbered(p, rng, k)
    return parts, {"raw": raw, "type": typ, "fields": f, "ignore": []}


def make_chapter(
    r: dict[str, Any], other: dict[str, Any], rng: random.Random, k: int
) -> tuple[list[Part], dict[str, Any]]:
    """A part of an edited book with an editor marker of many languages, in any position."""
    auth: list[cs.Author] = r["authors"][:4]
    eds: list[cs.Author] = [e for e in (r.get("editors") or other["authors"])[:3] if e[2]]
    book = str(r.get("booktitle") or other["title"])
    year = str(r["year"])
    f: dict[str, Any] = {"author": cs._gold_names(auth), "year": year}
    p: list[Part] = [
        (
            "author",
            cs._end(cs._names_as(auth, rng, rng.choice(["inv", "given", "init-first"])), ". "),
        )
    ]
    early = rng.random() < 0.5
    if early:
        p.append(("date", rng.choice([f"({year}). ", f"{year}. ", f"({year}) "])))
    t = str(r["title"])
    p.append(("title", rng.choice([cs._end(t, ". "), cs._end(t, ", "), f"«{t}» ", f"“{t}.” "])))
    f["title"] = t
    f["container"] = book
    in_word = rng.choice(_IN)
    one, many, where = rng.choice(_ED_MARKS)
    mark = one if len(eds) == 1 else many
    names = cs._names_as(eds, rng, rng.choice(["init-first", "given", "inv"])) if eds else ""
    pages = cs._pages(r)
    if eds:
        f["editor"] = cs._gold_names(eds)
        ed_text = f"{names} {mark}" if where == "post" else f"{mark} {names}"
        if rng.random() < 0.5:  # editors before the book
            seps = [", ", ": ", " "] if where == "post" else [", ", ": "]
            p.append(("editor", f"{in_word}{ed_text}{rng.choice(seps)}"))
            p.append(("container-title", book + (", " if pages else ". ")))
        else:  # the book, then its editors (" / под ред. …", ", edited by …", " (eds.)")
            p.append(("container-title", f"{in_word}{book}"))
            p.append(("editor", rng.choice([", ", ". ", " / ", " "]) + ed_text + ", "))
    else:
        p.append(("container-title", f"{in_word}{book}" + (", " if pages else ". ")))
    if pages:
        f["pages"] = cs._pages_gold(r)
        p.append(("pages", rng.choice([f"pp. {pages}. ", f"{pages}. ", f"S. {pages}. "])))
    if rng.random() < 0.75:
        pub, place = rng.choice(cs._PUBLISHERS)
        f["publisher"] = pub
        if rng.random() < 0.5:
            f["location"] = place
            p.append(("location", f"{place}: "))
        p.append(("publisher", pub + (". " if early else ", ")))
    p = cs._close(p, year, early)
    lead = rng.choice(["", "", "", f"[{k}] ", f"{k}. "])
    parts = [(lab, x) for lab, x in p if x]
    if lead:
        parts.insert(0, ("citation-number", lead))
    raw = "".join(x for _, x in parts)
    return parts, {"raw": raw, "type": "chapter", "fields": f, "ignore": []}


def generate(
    n: int, rng: random.Random, shared: Path
) -> Iterator[tuple[list[Part], dict[str, Any]]]:
    """``n`` references, half :func:`make_web`, half :func:`make_chapter` (training side)."""
    from bibman.freetext.cslsynth import is_heldout
    from bibman.freetext.synth import load_records

    root = Path(__file__).resolve().parents[2]
    recs = [r for r in load_records(shared) if not is_heldout(str(r["title"]))]
    named = [r for r in recs if cs._named(r.get("authors"))]
    titles = [str(r["title"]) for r in recs if not ws.heldout(str(r["title"]))]
    sites = [s for s in ws._sites(root) if not ws.heldout(s)]
    for k in range(n if named and titles else 0):
        if k % 2:
            yield make_chapter(rng.choice(named), rng.choice(named), rng, k + 1)
        else:
            yield make_web(rng, titles, sites, k + 1)
