"""Split an author or editor string into :class:`bibman.model.Name` values.

Handles "Family, G. H.", "G. H. Family", Vancouver "Family GH", "Family (G.)",
mixed lists ("Kurth, Frank, Meinard Müller"), ``;``/``and``/``&`` separators,
particles, suffixes, "et al." and organisations (kept whole as ``literal``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from bibman.freetext import localeterms
from bibman.freetext.lazyre import built, lazy, regex
from bibman.model import Name


def _etal_pattern() -> str:
    """ "et al." and "and others" of every CSL locale ("u. a.", "и др.", "vd.", "i sur.",
    "és mtsai.", "等") and the extra list; a final full stop is optional ("et al").

    Matched as written, capitalised ("Et al.") or, when no part is a single letter, in
    capitals ("ET AL."): "E. A." is a person's initials, never Afrikaans "e.a."."""
    word_alts: list[str] = []
    other_alts: list[str] = []
    for word in localeterms.etal_words():
        variants = {word, word[:1].upper() + word[1:]}
        if all(len(p.strip(".")) > 1 for p in word.replace(".", ". ").split()):
            variants.add(word.upper())
        for w in variants:
            body = r"\s*".join(re.escape(p) for p in w.rstrip(".").split())
            body = body.replace(r"\.", r"\.\s*")  # "u.a." and "u. a."
            if w[-1:].isalnum() or w.endswith("."):
                body += r"\.?(?![^\W\d_])"
            (word_alts if w[:1].isalnum() else other_alts).append(body)
    # the alternatives open with a literal, which the engine tests at once
    words = "|".join(sorted(word_alts, key=len, reverse=True))
    others = "".join("|" + a for a in sorted(other_alts, key=len, reverse=True))
    return rf"(?:,?\s*(?:(?i:\bet\.\s*al\b)\.?|(?<![^\W\d_])(?:{words}){others}))+"


# "Smith, J., Jones, K. et al.", "Иванов И. И. и др.", "Yılmaz A. vd."
_ETAL = built(_etal_pattern)


@lru_cache(maxsize=1)
def _etal_tails() -> tuple[str, ...]:
    """Text every "et al." form contains (its last word, or the whole form when that is a
    single letter): a cheap test before _ETAL, which is long."""
    tails: set[str] = {"al", "Al", "AL"}
    for w in localeterms.etal_words():
        last = w.replace(".", ". ").split()[-1].strip(".")
        if len(last) >= 2 or not last.isascii():
            tails |= {last, last.upper(), last.capitalize()}
        else:  # "u. a.", "e.a."
            tails |= {w.rstrip("."), w.replace(" ", "").rstrip(".")}
    return tuple(sorted(tails))


def _strip_etal(s: str) -> str:
    return _ETAL.sub("", s) if any(t in s for t in _etal_tails()) else s


def _and_pattern() -> str:
    """Name separators: ";", "&", "and"/"und" in any case, the lower-case "and" of every
    CSL locale ("et", "y", "és", "ve", "og", "và", "и", Welsh "a/ac" as printed) before a
    name, a non-Latin one glued between Latin names ("E. T.ևWang"), and a slash or a
    spaced dash between inverted names ("Nolan, Michael/Elliott, Simon", DIN 1505;
    "Wang, K. – Yuan, G.")."""
    words = [w for w in localeterms.and_words() if w not in ("and", "und")]
    words += [w for w in localeterms.all_forms("and") if "/" in w and " " not in w]
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    glued = "|".join(re.escape(w) for w in words if len(w) == 1 and not w.isascii() and w.isalpha())
    return (
        r"\s*(?:;|&|\b(?i:and|und)\b"
        # before a name: a letter that is not a lower-case Latin or Cyrillic one
        + r"|(?<=\s)(?:"
        + alts
        + r")(?=\s+[^\W\d_a-zß-öø-ÿа-яё])"
        + (r"|(?<=[a-z.])(?:" + glued + r")(?=[A-ZÀ-Þ])" if glued else "")
        + r"|(?<=[^\W\d_]\.|[^\W\d_]{2}|[A-Z] )\s*/\s*(?=[A-ZÀ-ÞА-ЯЁ])"
        + r"|(?<=[^\W\d_]\.|[^\W\d_]{2})\s+[–—-]\s+(?=[A-ZÀ-ÞА-ЯЁ])"
        + r")\s*"
    )


_AND = built(_and_pattern)
_INITIAL_TOKEN = lazy(
    r"^(?:[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐЎ]\.-?){1,4}$|^[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐЎ]{1,3}$|^(?:[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐЎ][a-zа-я]?\.){1,4}$"
)
_SUFFIX = lazy(r"^(?:jr|sr|ii|iii|iv|jnr|snr)\.?$", re.I)
_ORG_HINT = lazy(
    r"\b(?:department|ministry|embassy|centers?|centres?|institut\w*|organi[sz]ation|agency|office|"
    r"committee|commission|council|association|society|foundation|bureau|administration|"
    r"authority|board|union|federation|league|bank|fund|group|corporation|company|inc|ltd|"
    r"program|programme|secretariat|parliament|government|court|library|museum|trust|network|"
    r"university|college|school|news|press|international|national|world|state|states|"
    r"republic|kingdom|federal|project|team|consortium|collaboration|working|task|force|"
    r"services?|year|review|times|daily|monitor|foundation|laboratory|lab|research|"
    r"министерство|университет|институт|комитет|правительство|служба|агентство)\b",
    re.I,
)
_CJK = lazy(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u4e00-\u9fff\uac00-\ud7af]")
# patterns of the name helpers below, compiled once (hot: every name of every reference)
_INITIALS_LOOSE = lazy(r"(?:[A-ZÀ-ÞА-ЯЁІЇЄҐЎ][a-z]?\.?-?){1,4}")
_HYPHEN_BREAK = lazy(r"(?<=[a-zà-ÿ])-\s+(?=[A-ZÀ-Þ])")
_YEAR_GLUED = lazy(r"\(\s*(?:1[5-9]|20)\d\d[a-z]?\s*\)")
_SPACES = lazy(r"\s+")
_END_INITIAL = lazy(r"\b[A-Z]\.$")
_AN_INITIAL = lazy(r"\b[A-Z]\.")
_GIVEN_INITIALS = lazy(r"(?:[A-ZÀ-ÞА-ЯЁІЇЄҐЎ]\.?-?){1,4}")
_GIVEN_INITIAL = lazy(r"[A-ZÀ-ÞА-ЯЁІЇЄҐЎ]\.?-?")
_HYPHEN_SPACE = lazy(r"-\s")
_BARE_INITIAL_END = lazy(r"(?<=\s)([A-ZÀ-ÞА-ЯЁІЇЄҐЎ])$")
_PARTICLES = {
    "van",
    "von",
    "de",
    "der",
    "den",
    "da",
    "di",
    "del",
    "della",
    "des",
    "du",
    "la",
    "le",
    "ten",
    "ter",
    "dos",
    "das",
    "do",
    "zu",
    "vom",
    "d'",
    "bin",
    "ibn",
    "al",
    "el",
}


def is_initials(tok: str) -> bool:
    t = tok.strip(",;")
    if not t:
        return False
    if _INITIAL_TOKEN.match(t):
        return True
    # "E.A", "R.J.J.", "J.-P."
    return (
        bool(_INITIALS_LOOSE.fullmatch(t))
        and len(t) <= 8
        and ("." in t or (t.isupper() and len(t) <= 3))
    )


_ORG_WORDS = frozenset(
    [
        "department",
        "ministry",
        "embassy",
        "center",
        "centre",
        "centers",  # "Centers for Disease Control and Prevention"
        "centres",
        "institute",
        "institutes",
        "institution",
        "institutions",
        "institut",
        "institutet",
        "instituto",
        "istituto",
        "organization",
        "organisation",
        "organizations",
        "organisations",
        "agency",
        "office",
        "committee",
        "commission",
        "council",
        "association",
        "society",
        "foundation",
        "bureau",
        "administration",
        "authority",
        "board",
        "union",
        "federation",
        "league",
        "bank",
        "fund",
        "group",
        "corporation",
        "company",
        "inc",
        "ltd",
        "program",
        "programme",
        "secretariat",
        "parliament",
        "government",
        "court",
        "library",
        "museum",
        "trust",
        "network",
        "university",
        "college",
        "school",
        "news",
        "press",
        "international",
        "national",
        "world",
        "state",
        "states",
        "republic",
        "kingdom",
        "federal",
        "project",
        "team",
        "consortium",
        "collaboration",
        "working",
        "task",
        "force",
        "service",
        "services",
        "year",
        "review",
        "times",
        "daily",
        "monitor",
        "laboratory",
        "lab",
        "research",
        "министерство",
        "университет",
        "институт",
        "комитет",
        "правительство",
        "служба",
        "агентство",
    ]
)


def looks_organisation(text: str) -> bool:
    t = text.strip()
    if not t:
        return False
    lowered = {w.lower() for w in regex(r"[^\W\d_]+").findall(t)}
    if lowered & _ORG_WORDS and _ORG_HINT.search(t):
        return True
    words = t.split()
    if t.lower().startswith("the "):
        return True
    # a lone acronym: "OARDEC", "UNESCO", "IEEE"
    return len(words) == 1 and t.isupper() and len(t) >= 3 and t.isalpha() and not _CJK.search(t)


def _clean(s: str) -> str:
    s = _HYPHEN_BREAK.sub("-", s)  # "Martin- Facklam"
    s = _YEAR_GLUED.sub(" ", s)  # a year glued to a name
    s = _SPACES.sub(" ", s)
    return s.strip(" ,;:.") if not _END_INITIAL.search(s.strip(" ,;:")) else s.strip(" ,;:")


def _direct(words: list[str]) -> Name:
    """ "Given [particle] Family [suffix]" or Vancouver "Family INITIALS"."""
    suffix = ""
    if len(words) > 1 and _SUFFIX.match(words[-1]):
        suffix = words.pop()
    if len(words) == 1:
        return Name(family=words[0], suffix=suffix)
    # Vancouver / Korean-journal style: trailing initials after the family name
    if is_initials(words[-1]) and not is_initials(words[0]):
        k = len(words) - 1
        while k > 1 and is_initials(words[k - 1]):
            k -= 1
        fam = words[:k]
        vparts: list[str] = []
        while len(fam) > 1 and fam[0].lower() in _PARTICLES:
            vparts.append(fam.pop(0))
        return Name(
            family=" ".join(fam),
            given=" ".join(words[k:]),
            particle=" ".join(vparts),
            suffix=suffix,
        )
    # family = last word, plus preceding lower-case particles
    i = len(words) - 1
    while i > 1 and words[i - 1].lower() in _PARTICLES and words[i - 1][:1].islower():
        i -= 1
    given = words[:i]
    particle: list[str] = []
    while given and given[-1].lower() in _PARTICLES and given[-1][:1].islower() and len(given) > 1:
        particle.insert(0, given.pop())
    fam = words[i:]
    # particles kept in fam when the loop above moved i left
    pf: list[str] = []
    while len(fam) > 1 and fam[0][:1].islower() and fam[0].lower() in _PARTICLES:
        pf.append(fam.pop(0))
    return Name(
        family=" ".join(fam),
        given=" ".join(given),
        particle=" ".join(particle + pf),
        suffix=suffix,
    )


def _inverted(family: str, given: str) -> Name:
    fw = family.split()
    particle: list[str] = []
    while len(fw) > 1 and fw[0][:1].islower() and fw[0].lower().strip("'’") in _PARTICLES:
        particle.append(fw.pop(0))
    suffix = ""
    gw = given.split()
    if gw and _SUFFIX.match(gw[-1]) and len(gw) > 1:
        suffix = gw.pop()
    # French "Schneider (L.)"
    return Name(
        family=" ".join(fw),
        given=" ".join(gw).strip("()"),
        particle=" ".join(particle),
        suffix=suffix,
    )


def _split_chunk(chunk: str) -> list[Name]:
    parts = [p.strip() for p in chunk.split(",") if p.strip()]
    out: list[Name] = []
    i = 0
    while i < len(parts):
        p = parts[i]
        words = p.split()
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        m = regex(r"(.+?)\s*\(([^)]+)\)").fullmatch(p)
        if m:  # "Schneider (L.)"
            out.append(_inverted(m.group(1), m.group(2)))
            i += 1
            continue
        if nxt is not None and _SUFFIX.match(nxt):
            # "Smith, Jr., John" or "John Smith, Jr."
            after = parts[i + 2] if i + 2 < len(parts) else None
            if len(words) == 1 and after is not None:
                n = _inverted(p, after)
                out.append(Name(n.family, n.given, n.particle, nxt))
                i += 3
                continue
            n = _direct(words)
            out.append(Name(n.family, n.given, n.particle, nxt))
            i += 2
            continue
        if _CJK.search(p):
            out.append(Name(literal=p) if " " not in p else _direct(words))
            i += 1
            continue
        nxt_words = nxt.split() if nxt else []
        if (
            len(words) >= 2
            and _SUFFIX.match(words[-1])
            and nxt
            and all(is_initials(w) for w in nxt_words)
        ):
            # "Blyth Jr., C."
            n = _inverted(" ".join(words[:-1]), nxt)
            out.append(Name(n.family, n.given, n.particle, words[-1]))
            i += 2
            continue
        cur_init = any(is_initials(w) for w in words)
        nxt_is_given = bool(nxt) and (
            (all(is_initials(w) for w in nxt_words) and not (len(words) > 1 and cur_init))
            or (
                # "Lee, Myeong Ju", "Vargas Llosa, Mario", "de Villiers, Jill G."
                len(words) <= 3
                and not cur_init
                and len(nxt_words) <= 3
                and not (
                    len(words) >= 2 and len(nxt_words) >= 2 and words[0].lower() not in _PARTICLES
                )
                and not (
                    len(nxt_words) >= 2 and all(is_initials(w) for w in nxt_words[1:]) and False
                )
            )
        )
        if nxt_is_given and not (len(words) >= 2 and is_initials(words[0])):
            n = _inverted(p, nxt or "")
            i += 2
            if i < len(parts) and _SUFFIX.match(parts[i]):
                n = Name(n.family, n.given, n.particle, parts[i])
                i += 1
            out.append(n)
            continue
        out.append(_direct(words))
        i += 1
    return out


def split_names(text: str) -> tuple[Name, ...]:
    """Names in an author/editor string; never raises."""
    s = _clean(text)
    if not s:
        return ()
    s = _strip_etal(s).strip(" ,;")
    if not s:
        return ()
    if len(s) > 2000:
        return (Name(literal=s),)
    if _CJK.search(s) and "," not in s and " " not in s.strip():
        return (Name(literal=s),)
    if regex(r"(?:The|Der|Die|Das)\s+[A-ZÀ-Þ]").match(s) and not _AN_INITIAL.search(s):
        return (Name(literal=s),)  # persons' names never open with an article
    s = regex(r"(?<=[a-zà-ÿ])\.\s+(?=[A-ZÀ-Þ]{2,}[\s,])").sub("; ", s)
    chunks = [c for c in _AND.split(s) if c and c.strip(" ,")]
    if len(chunks) <= 1 and "," not in s and looks_organisation(s):
        return (Name(literal=s),)
    if len(chunks) == 1 and looks_organisation(s) and len(s.split()) >= 3 and s.count(",") <= 1:
        head = s.split(",")[0]
        if looks_organisation(head):
            return (Name(literal=s),)
    out: list[Name] = []
    for c in chunks:
        c = c.strip(" ,")
        if looks_organisation(c) and not _AN_INITIAL.search(c) and "," not in c:
            out.append(Name(literal=c))
            continue
        out.extend(_split_chunk(c))
    return tuple(
        Name(n.family, tidy_given(n.given), n.particle, n.suffix, n.literal) if n.given else n
        for n in out
        if n.family or n.literal
    )


def tidy_given(given: str) -> str:
    """Initials written as "E.A", "B.K." or "JJ" become "E. A.", "B. K.", "J. J."."""
    g = given.strip()
    if not g:
        return g
    toks = g.split()
    if all(_GIVEN_INITIALS.fullmatch(t) for t in toks) and not any(
        len(t) > 1 and t.isupper() and t.isalpha() and len(t) > 3 for t in toks
    ):
        out: list[str] = []
        for t in toks:
            for part in _GIVEN_INITIAL.findall(t):
                letter = part[0]
                out.append(letter + "." + ("-" if part.endswith("-") else ""))
        return _HYPHEN_SPACE.sub("-", " ".join(out))
    # "Reuel R" -> "Reuel R."
    return _BARE_INITIAL_END.sub(r"\1.", g)


def name_str(n: Name) -> str:
    """ "Family, Given" form (particle kept with the family)."""
    if n.literal:
        return n.literal
    fam = f"{n.particle} {n.family}".strip()
    return f"{fam}, {n.given}" if n.given else fam
