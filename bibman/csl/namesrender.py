"""cs:names / cs:name / cs:et-al / cs:substitute rendering."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..lazyre import lazy
from .affix import _affix, _join
from .names import initialize, is_romanesque, parse_particles
from .richtext import Rich, parse_markup
from .style import Node

if TYPE_CHECKING:
    from .render import Ctx, Renderer


def _int(v: str | None, default: int = 0) -> int:
    try:
        return int(v) if v not in (None, "") else default
    except ValueError:
        return default


def render_names(r: Renderer, node: Node, ctx: Ctx, inherit: Node | None = None) -> Rich | None:
    if ctx.only_year_suffix:
        return None
    info = node.__dict__.get("_names")
    if info is None:
        info = node.__dict__["_names"] = _NamesInfo(node)
    variables = info.variables
    subst = info.subst
    if subst is None and ctx.mode != "sort":
        # nothing to render and nothing to substitute: the common case, decided early
        var = r.var
        if not any(isinstance(v, list) and v for v in (var(ctx, x) for x in variables)):
            ctx.var_called(False)
            return None
    name_node = info.name_node
    etal_node = info.etal_node
    label_node = info.label_node
    label_first = info.label_first
    if inherit is not None:
        if name_node is None and etal_node is None and label_node is None:
            name_node = inherit.find("name")
            etal_node = inherit.find("et-al")
            label_node = inherit.find("label")
        if info.name_node is None and info.label_node is None:
            label_first = _label_first(inherit)
    lists: list[tuple[str, list[dict[str, Any]]]] = []
    for v in variables:
        val = r.var(ctx, v)
        if isinstance(val, list) and val:
            lists.append((v, val))
    # citeproc-js: one "editortranslator" list only when cs:names lists exactly these two
    # variables and has a label (the common term is looked up in the label's form)
    if info.editor_translator and label_node is not None and len(lists) >= 2:
        eds = dict(lists).get("editor")
        trs = dict(lists).get("translator")
        if eds == trs and r.locale.term("editortranslator"):
            lists = [
                (v if v != "editor" else "editortranslator", x)
                for v, x in lists
                if v != "translator"
            ]
    is_first = not ctx.first_names_done and not ctx.in_substitute
    if not lists:
        ctx.var_called(False)
        if subst is not None:
            saved = ctx.in_substitute
            saved_inherit = ctx.names_inherit
            was_first = not ctx.first_names_done
            ctx.in_substitute = True
            ctx.names_inherit = node
            try:
                for child in subst.children:
                    hits = 1
                    if child.tag == "names":
                        out = render_names(r, child, ctx, inherit=node)
                    else:
                        ctx.counters.append([0, 0])
                        out = r.render(child, ctx)
                        _called, hits = ctx.pop_counter()
                    if (
                        (out is None or out.is_empty())
                        and child.tag == "text"
                        and child.get("term")
                        and r.locale.term(child.get("term"), child.get("form", "long")) == ""
                    ):
                        return None  # a defined but empty term still ends the substitution
                    if out is not None and not out.is_empty():
                        # terms standing in for the names do not count as a variable
                        if child.tag == "names" or hits:
                            ctx.var_called(True)
                        if child.tag != "names" and was_first and not saved:
                            ctx.first_names_plain = out.plain_all()
                            if ctx.mode == "bibliography" and not _terms_only(child, r):
                                ctx.first_names_out = [out.plain_all()]
                                if (
                                    ctx.sub_names is not None
                                    and [out.plain_all()] == ctx.sub_names[2]
                                ):
                                    out = Rich([ctx.sub_names[1]])
                        if was_first:
                            ctx.first_names_done = True
                        if ctx.suppress_names and was_first and not saved:
                            return None
                        _suppress_used(child, ctx, r)
                        if child.tag != "names":
                            # text standing in for the names takes neither the
                            # affixes nor the formatting of cs:names (citeproc-js)
                            return out
                        return _affix(node, out, ctx)
            finally:
                ctx.in_substitute = saved
                ctx.names_inherit = saved_inherit
        return None
    ctx.var_called(True)
    if ctx.in_substitute:
        ctx.suppressed.update(v if v != "editortranslator" else "editor" for v, _ in lists)
        if any(v == "editortranslator" for v, _ in lists):
            ctx.suppressed.add("translator")
    if is_first or (ctx.in_substitute and not ctx.first_names_done):
        ctx.first_names_done = True
        if ctx.suppress_names:
            return None
        record = True
    else:
        record = False
    opts = dict(ctx.opts)
    if name_node is not None:
        opts.update(name_node.attrs)
    if "name-form" in ctx.opts and (name_node is None or "form" not in name_node.attrs):
        opts["form"] = ctx.opts["name-form"]
    if "name-delimiter" in ctx.opts and (name_node is None or "delimiter" not in name_node.attrs):
        opts["delimiter"] = ctx.opts["name-delimiter"]
    if ctx.mode == "sort" and ctx.sort_names_override:
        mn, uf, ul = ctx.sort_names_override
        if ul:
            opts["et-al-use-last"] = ul
        if mn:
            opts["et-al-min"] = mn
        if uf:
            opts["et-al-use-first"] = uf
    if opts.get("form") == "count":
        total = 0
        for _v, names in lists:
            total += len(_shown(r, names, opts, ctx)[0])
        if not total:
            return None
        return Rich([str(total)])
    rendered = []
    etal_vars = ctx.item.get("_etal") or ()
    for v, names in lists:
        # a list that ended in "and others" in BibTeX (bibman's display-only "_etal"):
        # "et al." follows the names the style shows, as citeproc-js does for "et al."
        vopts = {**opts, "_etal": "1"} if v in etal_vars else opts
        out = _render_list(r, names, vopts, name_node, etal_node, ctx, record)
        if out is not None and name_node is not None:
            node_for_list = name_node
            if _name_affixes(name_node) and ctx.mode != "sort":
                # citeproc-js puts cs:name's affixes around each name; around the whole
                # list too only when it ends in "et al."
                truncated = _shown(r, names, opts, ctx)[1]
                if not truncated or opts.get("et-al-use-last") == "true":
                    node_for_list = _without_affixes(name_node)
            out = _affix(node_for_list, out, ctx)
        if out is None:
            continue
        if label_node is not None and ctx.mode != "sort":
            plural = len(names) > 1
            pa = label_node.get("plural", "contextual")
            if pa == "always":
                plural = True
            elif pa == "never":
                plural = False
            t = r.locale.term(v, label_node.get("form", "long"), plural)
            lab = _affix(label_node, parse_markup(t), ctx) if t else None
            if lab is not None:
                out = Rich([lab, out] if label_first else [out, lab])
        rendered.append(out)
        record = False
    delim = node.get("delimiter", ctx.opts.get("names-delimiter", ""))
    res = _join(rendered, delim)
    return _affix(node, res, ctx)


class _NamesInfo:
    """What render_names reads from a cs:names element, read once."""

    def __init__(self, node: Node) -> None:
        self.variables = node.get("variable").split()
        self.subst = node.find("substitute")
        self.name_node = node.find("name")
        self.etal_node = node.find("et-al")
        self.label_node = node.find("label")
        self.label_first = _label_first(node)
        self.editor_translator = sorted(self.variables) == ["editor", "translator"]


def _label_first(node: Node) -> bool:
    """Does the cs:label come before the cs:name among ``node``'s children?"""
    order = [c.tag for c in node.children]
    return "label" in order and "name" in order and order.index("label") < order.index("name")


# citeproc-js's STARTSWITH_ROMANESQUE_REGEXP: an "and" term opening with one of these is
# set off by spaces (the Hebrew conjunction vav, U+05D5, is left out on purpose)
_SPACED_AND = lazy(
    "[&a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4"
    "\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a"
    "\u021b\u202a-\u202e]"
)


def _terms_only(node: Node, r: Renderer, depth: int = 0) -> bool:
    """Does ``node`` print nothing but terms and fixed text (no variable)?"""
    cached = node.__dict__.get("_terms_only")
    if cached is not None:
        return bool(cached)
    if depth > 20:
        return False
    a = node.attrs
    if node.tag in ("names", "date", "number") or (node.tag == "text" and "variable" in a):
        found = False
    elif node.tag == "text" and "macro" in a:
        m = r.style.macros.get(a["macro"])
        found = m is not None and _terms_only(m, r, depth + 1)
    else:
        found = all(_terms_only(c, r, depth + 1) for c in node.children)
    node.__dict__["_terms_only"] = found
    return found


def _name_affixes(node: Node | None) -> tuple[str, str] | None:
    if node is None or not (node.get("prefix") or node.get("suffix")):
        return None
    return node.get("prefix"), node.get("suffix")


def _each_name(
    rn: Rich | None, name_node: Node | None, ctx: Ctx, nm: dict[str, Any] | None = None
) -> Rich | None:
    aff = _name_affixes(name_node)
    if rn is None or aff is None or ctx.mode == "sort":
        return rn
    if nm is not None and (nm.get("literal") or (not nm.get("family") and not nm.get("given"))):
        return rn  # citeproc-js: an institution (literal name) takes no cs:name affixes
    return Rich([rn], prefix=aff[0], suffix=aff[1])


def _without_affixes(node: Node) -> Node:
    bare = node.__dict__.get("_bare")
    if bare is None:
        attrs = {k: v for k, v in node.attrs.items() if k not in ("prefix", "suffix")}
        bare = node.__dict__["_bare"] = Node(node.tag, attrs)
    return bare


def _suppress_used(node: Node, ctx: Ctx, r: Renderer) -> None:
    """Variables rendered through cs:substitute are suppressed for the rest of the cite.

    Only the branch of a cs:choose that was taken counts (citeproc-js suppresses
    what was rendered, so a container-title in an untaken branch stays)."""
    ctx.suppressed.update(_vars_of(node, r, set(), ctx))


def _vars_of(node: Node, r: Renderer, seen: set[str], ctx: Ctx) -> set[str]:
    out: set[str] = set()
    if node.tag in ("text", "number", "date", "label") and node.get("variable"):
        out.add(node.get("variable"))
    elif node.tag == "text" and node.get("macro") and node.get("macro") not in seen:
        seen.add(node.get("macro"))
        m = r.style.macros.get(node.get("macro"))
        if m is not None:
            for c in m.children:
                out |= _vars_of(c, r, seen, ctx)
    elif node.tag == "names":
        out.update(node.get("variable").split())
    elif node.tag == "choose":
        for branch in node.children:
            if branch.tag == "else" or r.test(branch, ctx):
                for c in branch.children:
                    out |= _vars_of(c, r, seen, ctx)
                break
    elif node.tag == "group":
        for c in node.children:
            out |= _vars_of(c, r, seen, ctx)
    return out


def _shown(
    r: Renderer, names: list[dict[str, Any]], opts: dict[str, str], ctx: Ctx
) -> tuple[list[dict[str, Any]], bool]:
    n = len(names)
    etal_min = _int(opts.get("et-al-min"))
    use_first = _int(opts.get("et-al-use-first"))
    if ctx.mode == "citation" and ctx.cite.props.get("position", "first") != "first":
        if opts.get("et-al-subsequent-min"):
            etal_min = _int(opts.get("et-al-subsequent-min"))
        if opts.get("et-al-subsequent-use-first"):
            use_first = _int(opts.get("et-al-subsequent-use-first"))
    if etal_min and n >= etal_min and opts.get("et-al-use-first") not in (None, ""):
        shown = use_first
        if ctx.mode == "citation":
            shown += ctx.state.add_names
        if opts.get("et-al-use-last") == "true" and etal_min >= 3:
            # citeproc-js keeps room for the ellipsis: at most et-al-min - 2 names
            # before it ("A, B, C, D, E, … Z" for et-al-min 7, et-al-use-first 6)
            shown = min(shown, etal_min - 2)
        shown = min(shown, n)
        return names[:shown], shown < n
    return names, False


def _render_list(
    r: Renderer,
    names: list[dict[str, Any]],
    opts: dict[str, str],
    name_node: Node | None,
    etal_node: Node | None,
    ctx: Ctx,
    record: bool,
) -> Rich | None:
    shown, truncated = _shown(r, names, opts, ctx)
    if not shown:
        return None
    if opts.get("_etal") and not truncated:
        truncated = True
    delim = opts.get("delimiter", ", ")
    sort_order = opts.get("name-as-sort-order", "")
    if ctx.mode == "sort":
        sort_order = "all"
    parts: list[Rich] = []
    raws: list[dict[str, Any]] = []
    inverted_flags = []
    for i, nm in enumerate(shown):
        inv = sort_order == "all" or (sort_order == "first" and i == 0)
        rn = _each_name(_render_name(r, nm, i, inv, opts, name_node, ctx), name_node, ctx, nm)
        if rn is None:
            continue
        parts.append(rn)
        raws.append(nm)
        inverted_flags.append(
            inv
            and bool(nm.get("family"))
            and not nm.get("literal")
            and is_romanesque(_plain_name(nm))
        )
    if not parts:
        return None
    # (what only citations read, or only subsequent-author-substitute, is not built for
    # the other renders)
    if record and ctx.mode == "citation":
        ctx.first_names_plain = "|".join(p.plain_all() for p in parts) + ("+" if truncated else "")
    if record and ctx.mode == "bibliography" and r.sas:
        # subsequent-author-substitute compares the names' data too (citeproc-js joins
        # the name parts as given): "Claude E." and "Claude Elwood" both print "C. E."
        # yet are not taken for the same person
        ctx.first_names_out = [
            p.plain_all() + "\x1f" + _raw_name_key(nm) for p, nm in zip(parts, raws, strict=True)
        ]
        if ctx.sub_names is not None:
            sub = _apply_substitute(parts, ctx)
            if sub is _BLANK:
                ctx.names_blanked = True
                return None
            if sub is not None:
                return sub
    kids: list[Rich | str] = []
    if ctx.mode == "sort":
        # sort keys: the names alone, no "and", no "et al."
        sk: list[Rich | str] = []
        for i, p in enumerate(parts):
            if i:
                sk.append(", ")
            sk.append(p)
        if truncated and opts.get("et-al-use-last") == "true" and len(names) - len(shown) >= 2:
            last = _render_name(r, names[-1], len(names) - 1, True, opts, name_node, ctx)
            if last is not None:
                sk += [", ", last]
        return Rich(sk)
    and_opt = opts.get("and", "")
    and_term = ""
    if and_opt == "text":
        and_term = r.locale.term("and") or "and"
    elif and_opt == "symbol":
        and_term = "&"
    use_last = opts.get("et-al-use-last") == "true"
    if truncated and use_last and len(names) - len(shown) >= 2:
        for i, p in enumerate(parts):
            if i:
                kids.append(delim)
            kids.append(p)
        last = _each_name(
            _render_name(r, names[-1], len(names) - 1, sort_order == "all", opts, name_node, ctx),
            name_node,
            ctx,
            names[-1],
        )
        # citeproc-js: the delimiter before the ellipsis only after two or more names
        kids.append((delim if len(parts) > 1 else " ") + "… ")
        if last is not None:
            kids.append(last)
        return Rich(kids)
    if truncated:
        term = "et-al"
        if etal_node is not None and etal_node.get("term"):
            term = etal_node.get("term")
        t = r.locale.term(term) or ""
        for i, p in enumerate(parts):
            if i:
                kids.append(delim)
            kids.append(p)
        if t:
            dpe = opts.get("delimiter-precedes-et-al", "contextual")
            use_delim = (
                dpe == "always"
                or (dpe == "contextual" and len(parts) >= 2)
                or (dpe == "after-inverted-name" and inverted_flags and inverted_flags[-1])
            )
            # a CJK "et al." term follows the last name without a space
            kids.append(delim if use_delim else ("" if _is_cjk(t[:1]) else " "))
            et = _affix(etal_node, Rich([t]), ctx) if etal_node is not None else Rich([t])
            if et is not None:
                kids.append(et)
        return Rich(kids)
    if len(parts) >= 2 and and_term:
        dpl = opts.get("delimiter-precedes-last", "contextual")
        use_delim = (
            dpl == "always"
            or (dpl == "contextual" and len(parts) >= 3)
            or (dpl == "after-inverted-name" and inverted_flags[-2])
        )
        for i, p in enumerate(parts[:-1]):
            if i:
                kids.append(delim)
            kids.append(p)
        if _SPACED_AND.match(and_term):
            kids.append((delim if use_delim else " ") + and_term + " ")
        else:
            # an "and" in another script (Hebrew "ו", Japanese "と") joins without
            # spaces (citeproc-js)
            kids.append((delim if dpl == "always" else "") + and_term)
        kids.append(parts[-1])
        return Rich(kids)
    for i, p in enumerate(parts):
        if i:
            kids.append(delim)
        kids.append(p)
    return Rich(kids)


def _is_cjk(ch: str) -> bool:
    return bool(ch) and ("\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af")


_NAME_PARTS = ("non-dropping-particle", "family", "given", "dropping-particle", "suffix", "literal")


def _raw_name_key(nm: dict[str, Any]) -> str:
    return "".join(str(nm.get(k) or "") for k in _NAME_PARTS)  # as citeproc-js: no separator


def _apply_substitute(parts: list[Rich], ctx: Ctx) -> Rich | None:
    assert ctx.sub_names is not None
    rule, repl, prev = ctx.sub_names[0], ctx.sub_names[1], ctx.sub_names[2]
    assert ctx.first_names_out is not None
    cur = ctx.first_names_out
    if rule == "complete-all":
        if cur == prev:
            return Rich([repl]) if repl else _BLANK
        return None
    if rule in ("complete-each", "partial-each", "partial-first"):
        if rule == "complete-each" and cur != prev:
            return None
        out = list(parts)
        for i, c in enumerate(cur):
            if i >= len(prev) or prev[i] != c:
                break
            out[i] = Rich([repl])
            if rule == "partial-first":
                break
        if out[0] is parts[0]:
            return None
        parts[:] = out
        return None
    return None


_BLANK = Rich(["\u200b"])  # marker: the names are replaced by nothing


def _plain_name(nm: dict[str, Any]) -> str:
    return " ".join(str(nm.get(k, "")) for k in ("family", "given", "literal"))


_NO_PARTS: tuple[dict[str, Node], dict[str, Node]] = ({}, {})


def _part_nodes(name_node: Node | None) -> tuple[dict[str, Node], dict[str, Node]]:
    """cs:name-part children by name, and each without its affixes (its formatting
    alone: the pieces of a name take it), built once per cs:name."""
    if name_node is None:
        return _NO_PARTS
    got: tuple[dict[str, Node], dict[str, Node]] | None = name_node.__dict__.get("_parts")
    if got is None:
        nparts = {c.get("name"): c for c in name_node.children if c.tag == "name-part"}
        fmt_nodes = {
            k: Node(
                "name-part", {a: v for a, v in n.attrs.items() if a not in ("prefix", "suffix")}
            )
            for k, n in nparts.items()
        }
        got = name_node.__dict__["_parts"] = (nparts, fmt_nodes)
    return got


def _render_name(
    r: Renderer,
    raw: dict[str, Any],
    idx: int,
    inverted: bool,
    opts: dict[str, str],
    name_node: Node | None,
    ctx: Ctx,
) -> Rich | None:
    if not isinstance(raw, dict):
        return None
    nparts, fmt_nodes = _part_nodes(name_node)
    if raw.get("literal") or (not raw.get("family") and not raw.get("given")):
        lit = raw.get("literal") or ""
        if not lit:
            return None
        body = parse_markup(str(lit))
        fam_node = nparts.get("family")
        return _affix(fam_node, body, ctx) if fam_node is not None else body
    nm = parse_particles(raw)
    family = str(nm.get("family", "") or "")
    given = str(nm.get("given", "") or "")
    dp = str(nm.get("dropping-particle", "") or "")
    ndp = str(nm.get("non-dropping-particle", "") or "")
    suffix = str(nm.get("suffix", "") or "")
    roman = is_romanesque(family + given)
    form = opts.get("form", "long")
    level = 0
    if ctx.mode == "citation":
        level = max(ctx.state.given_level.get(idx, 0), ctx.state.all_given)
    # a global givenname-disambiguation-rule names the person alike everywhere, the
    # bibliography included (citeproc-js)
    if (
        ctx.mode != "sort"
        and ctx.state.name_levels
        and (idx == 0 or not ctx.state.name_levels.get("__primary__"))
    ):
        fam_key = " ".join(x for x in (nm.get("non-dropping-particle"), family) if x)
        gkey = " ".join(given.replace(".", " ").split())
        level = max(level, ctx.state.name_levels.get(f"{fam_key}|{gkey}", 0))
    if form == "short" and level > 0:
        form = "long"
        if level == 1 and "initialize-with" not in opts:
            level = 2
        level = 1 if level == 1 else 2
    init_with = opts.get("initialize-with")
    # names in other scripts (CJK) are never reduced to initials
    if (
        roman
        and given
        and family
        and init_with is not None
        and "initialize-with" in opts
        and level < 2
    ):
        given = initialize(
            given, init_with, r.initialize_hyphen, full=opts.get("initialize") == "false"
        )
        if "." not in init_with:
            suffix = suffix.replace(".", "")  # "Smith J Jr": the suffix follows the initials
    elif given and level == 1 and form == "long" and init_with is None:
        pass
    if ctx.mode == "sort":
        # sort keys: family first, particles per demote-non-dropping-particle
        if form == "short":
            return Rich([" ".join(x for x in (family, ndp) if x)])
        if r.demote in ("display-and-sort", "sort-only"):
            key = " ".join(x for x in (family, ndp, dp, given, suffix) if x)
        else:
            key = " ".join(x for x in (ndp, family, dp, given, suffix) if x)
        return Rich([key])

    def chunk(part: str, pieces: list[tuple[str, str]]) -> Rich | None:
        """Each piece takes the formatting of the name-part it names (particles follow the
        family name wherever they stand); the chunk's own name-part gives the affixes."""
        n = nparts.get(part)
        kids: list[Rich | str] = []
        prev = ""
        for text, fpart in pieces:
            if not text:
                continue
            if (
                kids
                and prev
                and not prev.endswith(("'", "’", "-", " "))
                and not text.startswith(",")
            ):
                kids.append(" ")
            body = parse_markup(text)
            if text == dp and text[:1].islower():
                body.nocase = True  # a dropping particle keeps its case under text-case
            fn = fmt_nodes.get(fpart)
            out = _affix(fn, body, ctx) if fn is not None else body
            if out is not None:
                kids.append(out)
            prev = text
        if not kids:
            return None
        res = Rich(kids)
        if n is not None and (n.get("prefix") or n.get("suffix")):
            res = Rich([res], prefix=n.get("prefix"), suffix=n.get("suffix"))
        return res

    kids: list[Rich | str] = []
    comma = nm.get("comma-suffix") in (True, "true")
    if not roman:
        f = chunk("family", [(family, "family")])
        g = chunk("given", [(given, "given")]) if form != "short" else None
        kids = [x for x in (f, g) if x is not None]
    elif form == "short":
        if inverted and ndp and r.demote == "display-and-sort":
            # citeproc-js: an inverted short name demotes its particle too ("Maaten, van der")
            f = chunk("family", [(family, "family")])
            g = chunk("given", [(ndp, "family")])
            kids = [x for x in (f, opts.get("sort-separator", ", "), g) if x]
        else:
            f = chunk("family", [(ndp, "family"), (family, "family")])
            kids = [f] if f else []
    elif inverted:
        sep = opts.get("sort-separator", ", ")
        if r.demote == "display-and-sort":
            f = chunk("family", [(family, "family")])
            g = chunk("given", [(given, "given"), (dp, "given"), (ndp, "family")])
        else:
            f = chunk("family", [(ndp, "family"), (family, "family")])
            g = chunk("given", [(given, "given"), (dp, "given")])
        if f is not None:
            kids.append(f)
        if g is not None:
            if kids:
                kids.append(sep)
            kids.append(g)
        if suffix:
            kids.append(sep + suffix)
    else:
        g = chunk("given", [(given, "given")])
        fam_pieces = [(dp, ""), (ndp, "family"), (family, "family")]
        if suffix:
            fam_pieces.append(((", " if comma else "") + suffix, ""))
        f = chunk("family", fam_pieces)
        if g is not None:
            kids.append(g)
        if f is not None:
            if kids and not g.plain_all()[-1:].isspace():  # type: ignore[union-attr]
                kids.append(" ")
            kids.append(f)
    if not kids:
        return None
    return Rich(kids)
