"""Rebuild the reference-tagging model: ``python -m bibman.freetext.train``.

Training data: AnyStyle's training set (``shared/data/bib/anystyle/parser-core.xml``,
BSD-2-Clause, ``--anystyle-repeat`` copies) plus synthetic references: ``synth`` (records
rendered through a dozen hand-written styles), ``cslsynth`` (``--csl`` records rendered
through randomly drawn CSL styles and locales by bibman's own engine) and ``websynth``
(``--web`` CS1/APA/MLA web, report and GOST-electronic forms) and ``classsynth``
(``--classes``: physics, GOST journal/book, given-name-first and imprint forms); a share
(``--noise``) of the synthetic ones gets the spacing of PDF-extracted text. Records and
styles of the held-out split (``cslsynth.is_heldout``, ``websynth.heldout``) are never
used here (``synth`` leaves held-out records out too); they are
``bench/refparse_synth.py``'s. Never trained on the evaluation sets (AnyStyle gold.xml,
GROBID citation corpora).

Features include the journal/proceedings-name lexicon (``bibman.freetext.lexicon``); each
training reference sees only ``1 - --lex-drop`` of its matches, about as many as real
references find in the list, so the model keeps the other cues. ``--chapters`` adds
chapters in edited books and theses (``classsynth.BOOK_PARTS``).

``--csl-extra`` adds records of another corpus (the user libraries of bibtex-tidy's tests,
their training side: ``cslsynth.load_extra_items`` minus ``is_fresh``) through the training
styles, half of them in one of all 63 CSL locales, a tenth as web pages.

``--imprints`` adds French "Place : PUBLISHER, Year" book imprints (``classsynth`` form
"fr") and authorless institutional pages '"Title". site. Publisher.' (``websynth``).

``--locale-mix`` adds references of every type from both corpora's training sides (books,
chapters, reports and theses oversampled) through the training styles, 80% of them in one
of all 63 CSL locales and ``--locale-web`` of the articles as web pages; ``--variety`` adds the
web/report layouts and edited-book parts with many editor markers of ``varsynth``.

The defaults are the recipe of the shipped model (issue 11: ``--csl-extra 3000
--extra-web 0.1 --anystyle-repeat 5 --imprints 400``, seed 7; 17,073 sequences, about 9 min
on a quiet machine). In-process ``--model`` figures against the model before it: dev
(``bench/refparse.py``) 0.936 / 0.761 vs 0.938 / 0.770; refparse_synth 0.960 / 0.805;
refparse_fresh 0.886 / 0.518 vs 0.871 / 0.495. The same recipe without ``--imprints``
tagged a French "Place : PUBLISHER, Year" imprint as a container and kept a page's
publisher inside its site.

Trial (not shipped): ``--locale-mix 2500 --locale-web 0.35 --variety 1200`` with the
``lt=``/``aftacc`` features (20,776 sequences, 63 min under load 15-48): dev 0.935 / 0.761,
refparse_synth 0.962 / 0.817, refparse_fresh 0.920 / 0.620 (shipped: 0.936 / 0.763, 0.963 /
0.821, 0.913 / 0.605), no imprint test broken, but "In: Die Zeit, 12.03.2018." took the date
into the container and "Title, Wydawnictwo Naukowe PWN." the publisher as a container (two
parsing tests). The same plus ``--extra-web-articles``: 0.934 / 0.761, 0.964 / 0.822, 0.922 /
0.630, four tests broken and references.bib changed.
"""

from __future__ import annotations

import argparse
import random
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from bibman.freetext.tagger import model_path, token_features, tokenize

LABEL_MAP = {
    "director": "author",
    "producer": "author",
    "medium": "note",
    "source": "note",
    "dataset": "note",
    "collection-title": "series",
}

Sequence = list[tuple[str, str]]  # (token, label)


def label_text(parts: list[tuple[str, str]]) -> Sequence:
    """Tokenize labelled text pieces (label, text) into (token, label) pairs."""
    out: Sequence = []
    for label, text in parts:
        for s, e in tokenize(text):
            out.append((text[s:e], label))
    return out


def read_anystyle(path: Path) -> list[Sequence]:
    seqs: list[Sequence] = []
    root = ET.parse(path).getroot()
    for seq in root.iter("sequence"):
        parts: list[tuple[str, str]] = []
        for el in seq:
            text = " ".join((el.text or "").split())
            if text:
                parts.append((LABEL_MAP.get(el.tag, el.tag), text))
        s = label_text(parts)
        if s:
            seqs.append(s)
    return seqs


_PUNCT_END = ",.;:"


def pdf_noise(seq: Sequence, rng: random.Random, p: float = 0.4) -> Sequence:
    """The spacing of text extracted from PDFs: punctuation detached from its word and
    glued to the next ("Phys .Rev .D13 , 2739", "trigger,J .Phys"), brackets spaced
    ("( 1976 )"). Each eligible token is changed with probability ``p``; labels follow
    the characters (a full stop moved onto the next word takes that word's label, as the
    tokenizer would cut it)."""
    out: Sequence = []
    carry = ""  # punctuation moved onto the next token
    for k, (tok, lab) in enumerate(seq):
        tok = carry + tok
        carry = ""
        if "/" in tok or "@" in tok:  # URLs, DOIs stay whole
            out.append((tok, lab))
            continue
        if tok[:1] in "([" and len(tok) > 1 and rng.random() < p / 2:
            out.append((tok[0], lab))
            tok = tok[1:]
        if len(tok) > 1 and tok[-1] in _PUNCT_END and tok[-2].isalnum() and rng.random() < p:
            if k + 1 < len(seq) and rng.random() < 0.5:
                carry = tok[-1]
                out.append((tok[:-1], lab))
            else:
                out.append((tok[:-1], lab))
                out.append((tok[-1], lab))
            continue
        out.append((tok, lab))
    if carry:
        out.append((carry, out[-1][1] if out else "note"))
    return out


def extra_parts(
    n: int, rng: random.Random, shared: Path, web_rate: float, web_articles_only: bool = False
) -> list[list[tuple[str, str]]]:
    """``n`` references from the training side of ``cslsynth.load_extra_items`` (articles
    capped so books, chapters, theses and reports count), through the training styles,
    half of them in a locale drawn from every CSL locale bibman ships."""
    from bibman.freetext import cslsynth

    items = [
        it
        for it in cslsynth.load_extra_items(shared)
        if not cslsynth.is_fresh(str(it["title"])) and not cslsynth.is_heldout(str(it["title"]))
    ]
    by_type: dict[str, list[dict[str, object]]] = {}
    for it in items:
        by_type.setdefault(str(it.get("type")), []).append(it)
    pool: list[dict[str, object]] = []
    for _typ, its in sorted(by_type.items()):
        pool += rng.sample(its, 2000) if len(its) > 2000 else its
    if not web_articles_only:
        return _render(n, rng, shared, pool, locale_rate=0.5, web_rate=web_rate)
    # web pages only from articles (their journal the site), as in locale_parts: a book,
    # report or thesis as a page has its publisher made the site, which teaches
    # "Title. Publisher." as a container
    arts = [it for it in pool if it.get("type") == "article-journal"]
    others = [it for it in pool if it.get("type") != "article-journal"]
    k = round(n * len(arts) / max(1, len(pool)))
    return _render(k, rng, shared, arts, locale_rate=0.5, web_rate=web_rate) + _render(
        n - k, rng, shared, others, locale_rate=0.5, web_rate=0.0
    )


def _render(
    n: int,
    rng: random.Random,
    shared: Path,
    pool: list[dict[str, object]],
    *,
    locale_rate: float,
    web_rate: float,
) -> list[list[tuple[str, str]]]:
    """``n`` of ``pool``'s records through the training styles (4 per style), a share
    ``locale_rate`` in a locale drawn from every CSL locale bibman ships."""
    from bibman.freetext import cslsynth

    styles = [s for s in cslsynth.independent_styles() if not cslsynth.is_heldout(s)]
    return [
        p
        for _i, _s, p in cslsynth.generate(
            n,
            rng,
            shared,
            per_style=4,
            items=pool,
            styles=styles,
            locales=cslsynth.all_locales(),
            locale_rate=locale_rate,
            web_rate=web_rate,
        )
    ]


def locale_parts(
    n: int, rng: random.Random, shared: Path, web_rate: float
) -> list[list[tuple[str, str]]]:
    """``n`` references of both corpora's training sides, half books, chapters, reports and
    theses (all of them), half articles, through the training styles, 80% of them in a
    locale drawn from every CSL locale bibman ships: the locale words (access dates, "In",
    editor terms, issue labels) of the 63 locales around every type, not only around
    articles. A share ``web_rate`` of the articles are web pages (their journal the site);
    books, reports and theses never are: ``cslsynth.as_webpage`` makes their publisher the
    site, and with the URL taken out before tagging the model learnt "Title. Publisher." as
    a container (a trial with 35% of every type as pages broke seven imprint tests)."""
    from bibman.freetext import cslsynth

    items = [
        it
        for it in cslsynth.load_items(shared) + cslsynth.load_extra_items(shared)
        if not cslsynth.is_fresh(str(it["title"])) and not cslsynth.is_heldout(str(it["title"]))
    ]
    others = [it for it in items if it.get("type") != "article-journal"]
    arts = [it for it in items if it.get("type") == "article-journal"]
    arts = rng.sample(arts, min(len(arts), len(others)))
    out: list[list[tuple[str, str]]] = []
    for k, pool, web in ((n - n // 2, others, 0.0), (n // 2, arts, web_rate)):
        out += _render(k, rng, shared, pool, locale_rate=0.8, web_rate=web)
    return out


def main(argv: list[str] | None = None) -> int:
    import pycrfsuite

    ap = argparse.ArgumentParser(description=__doc__)
    shared = Path(__file__).resolve().parents[2].parent / "shared"
    ap.add_argument("--anystyle", type=Path, default=shared / "data/bib/anystyle/parser-core.xml")
    ap.add_argument("--synthetic", type=int, default=2000, help="number of synthetic references")
    ap.add_argument("--csl", type=int, default=2500, help="references rendered through CSL styles")
    ap.add_argument(
        "--web", type=int, default=600, help="web/CS1/report/GOST-electronic references"
    )
    ap.add_argument(
        "--classes", type=int, default=600, help="physics/GOST/given-first/imprint references"
    )
    ap.add_argument(
        "--chapters",
        type=int,
        default=0,
        help="chapters in edited books and theses in the styles' layouts (classsynth)",
    )
    ap.add_argument(
        "--csl-extra",
        type=int,
        default=3000,
        help="references rendered from the user libraries of bibtex-tidy-tests (their "
        "training side, cslsynth.load_extra_items minus is_fresh) through the training "
        "styles, half in a locale drawn from all CSL locales, a share as web pages",
    )
    ap.add_argument(
        "--extra-web",
        type=float,
        default=0.1,
        help="share of the --csl-extra records rendered as web pages, blog posts, news",
    )
    ap.add_argument(
        "--extra-web-articles",
        action="store_true",
        help="make the --extra-web pages only from articles (their journal the site), as "
        "--locale-mix does; books, reports and theses stay books",
    )
    ap.add_argument(
        "--anystyle-repeat", type=int, default=5, help="weight of the real references (copies)"
    )
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--c2", type=float, default=0.5)
    ap.add_argument("--iterations", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--noise",
        type=float,
        default=0.15,
        help="share of synthetic references given PDF-extraction spacing (pdf_noise)",
    )
    ap.add_argument(
        "--lex-drop",
        type=float,
        default=0.7,
        help="share of journal-lexicon matches hidden from each training reference (most "
        "real journal names are not in the list; the model must not lean on it alone)",
    )
    ap.add_argument(
        "--imprints",
        type=int,
        default=400,
        help="N French 'Place : PUBLISHER, Year' book imprints (classsynth form 'fr') and N "
        "authorless institutional pages 'Title. site. Publisher.' (websynth), own seed",
    )
    ap.add_argument(
        "--locale-mix",
        type=int,
        default=0,
        help="N references of every type in all CSL locales (locale_parts), a share "
        "--locale-web of the articles as web pages, own seed",
    )
    ap.add_argument("--locale-web", type=float, default=0.35)
    ap.add_argument(
        "--variety",
        type=int,
        default=0,
        help="N web/report layouts and edited-book parts with many editor markers "
        "(varsynth), own seed",
    )
    a = ap.parse_args(argv)
    seqs = read_anystyle(a.anystyle) * max(1, a.anystyle_repeat)
    made_seqs: list[Sequence] = []
    if a.synthetic:
        from bibman.freetext.cslsynth import is_heldout
        from bibman.freetext.synth import generate

        rng = random.Random(a.seed)
        made_seqs.extend(
            label_text(p) for p in generate(a.synthetic, rng, shared, exclude=is_heldout)
        )
    if a.csl or a.web or a.classes or a.chapters or a.imprints or a.locale_mix or a.variety:
        from bibman.freetext import cslsynth, websynth

        rng = random.Random(a.seed + 1)
        made = [p for _i, _s, p in cslsynth.generate(a.csl, rng, shared)] if a.csl else []
        root = Path(__file__).resolve().parents[2]
        made += [p for p, _g in websynth.generate(a.web, rng, root, shared, False)]
        if a.classes:
            from bibman.freetext import classsynth

            made += [p for p, _g in classsynth.generate(a.classes, rng, shared, False)]
        if a.chapters:
            from bibman.freetext import classsynth

            made += [
                p
                for p, _g in classsynth.generate(
                    a.chapters, rng, shared, False, classsynth.BOOK_PARTS
                )
            ]
        if a.csl_extra:
            made += extra_parts(
                a.csl_extra,
                random.Random(a.seed + 4),
                shared,
                a.extra_web,
                a.extra_web_articles,
            )
        if a.imprints:
            from bibman.freetext import classsynth

            irng = random.Random(a.seed + 5)
            made += [p for p, _g in classsynth.generate(a.imprints, irng, shared, False, ("fr",))]
            made += [
                p for p, _g in websynth.generate_site_publisher(a.imprints, irng, shared, False)
            ]
        if a.locale_mix:
            made += locale_parts(a.locale_mix, random.Random(a.seed + 6), shared, a.locale_web)
        if a.variety:
            from bibman.freetext import varsynth

            made += [p for p, _g in varsynth.generate(a.variety, random.Random(a.seed + 7), shared)]
        for p in made:
            s = cslsynth.training_sequence(p)
            if s:
                made_seqs.append(s)
    nrng = random.Random(a.seed + 2)
    for s in made_seqs:
        seqs.append(pdf_noise(s, nrng) if a.noise and nrng.random() < a.noise else s)
    from bibman.freetext import lexicon

    trainer = pycrfsuite.Trainer(verbose=False)
    lrng = random.Random(a.seed + 3)
    for s in seqs:
        toks = [t for t, _ in s]
        spans = [sp for sp in lexicon.spans(toks) if lrng.random() >= a.lex_drop]
        trainer.append(token_features(toks, spans), [lab for _, lab in s])
    trainer.set_params(
        {
            "c1": 0.05,
            "c2": a.c2,
            "max_iterations": a.iterations,
            "feature.possible_transitions": True,
        }
    )
    out = a.out
    if out is None:
        with __import__("importlib").resources.as_file(model_path()) as p:
            out = Path(p)
    trainer.train(str(out))
    print(f"trained on {len(seqs)} sequences -> {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
