"""The style compiled into a render plan: one closure per rendering element.

The interpreter in :mod:`bibman.csl.render` walks the style tree for every item, looking
attributes up in dicts, dispatching on tags and testing every ``cs:choose`` branch. A
plan does that work once: each element becomes a closure with its attributes read,
its macro resolved, its locale term looked up and its affix function chosen. Plans are
built per item type (``ctx.item["type"]``): a ``cs:if`` that tests only the type (and
nothing with a side effect) is decided when the plan is built, so the untaken branches
vanish. Everything is built lazily, element by element, on first use: formatting one
entry compiles only what that entry's type reaches (start-up stays cheap).

Output is the interpreter's, to the byte: each closure does what the matching
``Renderer.r_*`` method does, and the rare cases (computed variables, short forms,
names, dates, numbers, labels) call that method itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .affix import _affix, _join
from .numbers import format_page_range, is_numeric
from .richtext import Rich, parse_markup
from .style import Node, Style

if TYPE_CHECKING:
    from .render import Ctx, Renderer

DATE_VARS = frozenset(
    {"accessed", "available-date", "event-date", "issued", "original-date", "submitted"}
)

Fn = Callable[["Ctx"], "Rich | None"]
Sig = frozenset[str] | None
Key = tuple[int, str | None, Sig]
Affix = Callable[["Rich | None", "Ctx"], "Rich | None"]

# variables r_text handles in its own ways (the plan calls r_text for them)
_SPECIAL_TEXT_VARS = frozenset(
    {
        "year-suffix",
        "citation-label",
        "citation-number",
        "page",
        "locator",
        "label",
        "first-reference-note-number",
        "position",
        "page-first",
    }
)
_TITLES = frozenset({"title", "container-title", "collection-title"})
_AFFIX_KEYS = (
    "strip-periods",
    "text-case",
    "font-weight",
    "font-style",
    "font-variant",
    "text-decoration",
    "vertical-align",
    "quotes",
    "prefix",
    "suffix",
    "display",
)


def _none(ctx: Ctx) -> Rich | None:
    return None


def _absent(ctx: Ctx) -> Rich | None:
    """An element whose variables the item lacks: it renders nothing and counts as an
    empty variable for its group (a whole group or macro of such elements too)."""
    ctx.var_called(False)
    return None


def _absent_quiet(ctx: Ctx) -> Rich | None:
    """As _absent, for cs:date and cs:number (silent while only the year-suffix renders)."""
    if not ctx.only_year_suffix:
        ctx.var_called(False)
    return None


_ABSENT = (_absent, _absent_quiet)


def _plain_affix(body: Rich | None, ctx: Ctx) -> Rich | None:
    """_affix of an element with no affix, formatting, text-case or display attribute."""
    if body is None or body.is_empty():
        return None
    return body


class Plan:
    """Compiled closures for one :class:`Renderer`, per (element, item type)."""

    def __init__(self, r: Renderer) -> None:
        self.r = r
        self._kids: dict[Key, tuple[Fn, ...]] = {}
        self._one: dict[Key, Fn] = {}
        self._keep: list[Node] = []  # keeps the ids in the caches valid
        self._sigs: dict[frozenset[str], frozenset[str]] = {}
        self._vars: frozenset[str] | None = None

    def sig(self, item: dict[str, Any]) -> Sig:
        """The variables of ``item`` that the style names and that are present (as
        cs:if variable="..." tests them), shared between items; None past a bound on
        the number of plans (the plan then decides on the type alone)."""
        vs = self._vars
        if vs is None:
            vs = self._vars = frozenset(_style_vars(self.r.style))
        s = frozenset(
            k
            for k, v in item.items()
            if k in vs
            and not (v is None or v == "" or v == [])
            and (
                not isinstance(v, dict)
                or k not in DATE_VARS
                or bool(v.get("date-parts") or v.get("literal") or v.get("raw"))
            )
        )
        got = self._sigs.get(s)
        if got is None:
            if len(self._sigs) >= _MAX_SIGS:
                return None
            got = self._sigs[s] = s
        return got

    # ------------------------------------------------------------ entry points
    def children(self, node: Node, typ: str | None, sig: Sig) -> tuple[Fn, ...]:
        """The closures of ``node``'s rendering children (elements that render nothing left out)."""
        key = (id(node), typ, sig)
        fns = self._kids.get(key)
        if fns is None:
            out = []
            for c in node.children:
                f = self.element(c, typ, sig)
                if f is not _none:
                    out.append(f)
            fns = tuple(out)
            self._kids[key] = fns
            self._keep.append(node)
        return fns

    def element(self, node: Node, typ: str | None, sig: Sig) -> Fn:
        key = (id(node), typ, sig)
        fn = self._one.get(key)
        if fn is None:
            fn = self._compile(node, typ, sig)
            self._one[key] = fn
            self._keep.append(node)
        return fn

    # ------------------------------------------------------------ compilers
    def _compile(self, node: Node, typ: str | None, sig: Sig) -> Fn:
        r = self.r
        tag = node.tag
        if tag == "text":
            return self._text(node, typ, sig)
        if tag == "group":
            return self._group(node, typ, sig)
        if tag == "choose":
            return self._choose(node, typ, sig)
        if sig is not None:
            v = node.attrs.get("variable", "")
            if tag in ("date", "number") and v and v not in _SPECIAL_TEXT_VARS and v not in sig:
                return _absent_quiet
            if (
                tag == "names"
                and node.find("substitute") is None
                and not any(x in sig for x in v.split())
            ):
                return _absent
        method = {
            "number": r.r_number,
            "label": r.r_label,
            "date": r.r_date,
            "names": r.r_names,
            "layout": r.r_layout,
        }.get(tag)
        if method is None:
            return _none

        def call(ctx: Ctx, _m: Callable[[Node, Ctx], Rich | None] = method) -> Rich | None:
            return _m(node, ctx)

        return call

    def _affix(self, node: Node) -> Affix:
        a = node.attrs
        if not any(k in a for k in _AFFIX_KEYS):
            return _plain_affix

        def aff(body: Rich | None, ctx: Ctx) -> Rich | None:
            return _affix(node, body, ctx)

        return aff

    def _lazy_kids(self, node: Node, typ: str | None, sig: Sig) -> Callable[[], tuple[Fn, ...]]:
        """The children's closures, compiled on first call."""
        box: list[tuple[Fn, ...]] = []

        def get() -> tuple[Fn, ...]:
            if not box:
                box.append(self.children(node, typ, sig))
            return box[0]

        return get

    def _all_absent(self, node: Node, typ: str | None, sig: Sig) -> bool:
        """Does ``node`` (a group or macro) print nothing for this plan's items? True when
        its children are absent variables and fixed text (terms, values) with at least
        one variable: the group then renders nothing (CSL: a group whose variables are
        all empty is suppressed) and counts as an empty variable for its parent."""
        if sig is None:
            return False
        kids = self.children(node, typ, sig)
        return any(f in _ABSENT for f in kids) and all(
            f in _ABSENT or f.__name__ in ("term", "val") for f in kids
        )

    def _text(self, node: Node, typ: str | None, sig: Sig) -> Fn:
        r = self.r
        a = node.attrs
        if "variable" in a:
            return self._text_var(node, sig)
        if "macro" in a:
            m = r.style.macros.get(a["macro"])
            if m is None:
                return _none
            if self._all_absent(m, typ, sig):
                return _absent
            kids = self._lazy_kids(m, typ, sig)
            affix = self._affix(node)

            def macro(ctx: Ctx) -> Rich | None:
                # a macro behaves like a group: terms alone do not survive empty variables
                counters = ctx.counters
                mine = [0, 0]
                counters.append(mine)
                parts = []
                for f in kids():
                    out = f(ctx)
                    if out is not None and not out.is_empty():
                        parts.append(out)
                inner = _join(parts, "", checked=True)
                counters.pop()  # Ctx.pop_counter, inline
                called, rendered = mine
                if counters:
                    up = counters[-1]
                    up[0] += called
                    up[1] += rendered
                if called and not rendered:
                    return None
                if inner is not None and counters and not inner.is_empty():
                    up[0] += 1  # Ctx.count_output
                    up[1] += 1
                return affix(inner, ctx)

            return macro
        if "term" in a:
            t = r.locale.term(a["term"], a.get("form", "long"), a.get("plural") == "true")
            if not t:
                return _none
            affix = self._affix(node)

            def term(ctx: Ctx) -> Rich | None:
                if ctx.only_year_suffix:
                    return None
                body = parse_markup(t)
                body.term = True
                return affix(body, ctx)

            return term
        if "value" in a:
            value = a["value"]
            affix = self._affix(node)

            def val(ctx: Ctx) -> Rich | None:
                if ctx.only_year_suffix:
                    return None
                return affix(parse_markup(value), ctx)

            return val
        return _none

    def _text_var(self, node: Node, sig: Sig) -> Fn:
        from .render import NUMBER_VARS, _cjk_only, _drop_italics, _tostr

        r = self.r
        a = node.attrs
        v = a["variable"]
        if v in _SPECIAL_TEXT_VARS or a.get("form", "long") == "short":

            def general(ctx: Ctx) -> Rich | None:
                return r.r_text(node, ctx)

            return general
        if sig is not None and v not in sig:
            return _absent
        numeric_var = v in NUMBER_VARS
        title = v in _TITLES
        verbatim = v in ("URL", "DOI")
        italic = a.get("font-style") == "italic"
        affix = self._affix(node)

        def text_var(ctx: Ctx) -> Rich | None:
            if ctx.only_year_suffix:
                ctx.var_called(False)
                return None
            val = None if v in ctx.suppressed else ctx.item.get(v)
            if val is None or val == "" or val == []:
                ctx.var_called(False)
                return None
            ctx.var_called(True)
            if verbatim:
                body = Rich([_tostr(val)])
            elif numeric_var and isinstance(val, str) and is_numeric(val):
                body = parse_markup(format_page_range(val, "", r.range_delim))
            elif title or isinstance(val, str):
                body = parse_markup(_tostr(val))
            else:
                body = Rich([_tostr(val)])
            out = affix(body, ctx)
            if out is not None and italic and _cjk_only(_tostr(val)):
                _drop_italics(out)
            return out

        return text_var

    def _group(self, node: Node, typ: str | None, sig: Sig) -> Fn:
        if self._all_absent(node, typ, sig):
            return _absent
        kids = self._lazy_kids(node, typ, sig)
        delim = node.get("delimiter")
        affix = self._affix(node)

        def group(ctx: Ctx) -> Rich | None:
            counters = ctx.counters
            mine = [0, 0]
            counters.append(mine)
            parts = []
            for f in kids():
                out = f(ctx)
                if out is not None and not out.is_empty():
                    parts.append(out)
            counters.pop()  # Ctx.pop_counter, inline
            called, rendered = mine
            if counters:
                up = counters[-1]
                up[0] += called
                up[1] += rendered
            if called and not rendered:
                return None
            res = _join(parts, delim, checked=True)
            if res is not None and counters:
                # a group with output counts as a rendered variable for its parent (citeproc-js)
                up[0] += 1  # Ctx.count_output
                up[1] += 1
            return affix(res, ctx)

        return group

    def _choose(self, node: Node, typ: str | None, sig: Sig) -> Fn:
        r = self.r
        # (test or None when the branch is taken for this type, its children)
        branches: list[tuple[Callable[[Node, Ctx], bool] | None, Node]] = []
        for branch in node.children:
            if branch.tag == "else":
                branches.append((None, branch))
                break
            decided = _decide(branch, typ, sig)
            if decided is False:
                continue
            if decided is True:
                branches.append((None, branch))
                break
            branches.append((r.test, branch))
        if not branches:
            return _none
        if branches[0][0] is None:
            # the type and the variables decide: one branch, its outputs spliced
            kids = self.children(branches[0][1], typ, sig)
            if not kids:
                return _none
            if sig is not None and all(f in _ABSENT for f in kids):
                # nothing printed; its empty variables count for the enclosing group
                return _absent if _absent in kids else _absent_quiet
        bodies = [(test, b, self._lazy_kids(b, typ, sig)) for test, b in branches]

        def choose(ctx: Ctx) -> Rich | None:
            for test, branch, kids in bodies:
                if test is None or test(branch, ctx):
                    parts: list[Rich | str] = []
                    for f in kids():
                        out = f(ctx)
                        if out is not None and not out.is_empty():
                            parts.extend(out.kids if out.splice else [out])
                    if not parts:
                        return None
                    return Rich(parts, splice=True)
            return None

        return choose


def _decide(branch: Node, typ: str | None, sig: Sig) -> bool | None:
    """A branch's test for items of type ``typ`` with the present variables ``sig``
    when these decide it (None: it depends on more). Renderer.test evaluates the
    conditions in order and stops early; only ``disambiguate`` has a side effect, so a
    branch that tests it is never decided here."""
    from .render import _COMPUTED_VARS

    conds = [(c, v.split()) for c, v in branch.attrs.items() if c != "match"]
    if not conds:
        return False  # Renderer.test: a branch without conditions is not taken
    if any(c == "disambiguate" for c, _ in conds):
        return None
    match = branch.attrs.get("match", "all")
    # one result per test Renderer.test makes (None: known only per item)
    tests: list[bool | None] = []
    for c, vals in conds:
        if c == "type":
            tests.append(typ in vals)
        elif c == "variable" and sig is not None:
            tests += [None if x in _COMPUTED_VARS else x in sig for x in vals]
        elif c == "is-numeric" and sig is not None:
            # an absent variable is not numeric
            tests += [None if x in _COMPUTED_VARS or x in sig else False for x in vals]
        else:
            tests += [None] * len(vals)
    known = None not in tests
    if match == "any":
        if True in tests:
            return True
        return False if known else None
    if match == "none":
        if True in tests:
            return False
        return True if known else None
    if False in tests:
        return False
    return True if known else None


def _style_vars(style: Style) -> set[str]:
    """Every variable name the style mentions (cs:text variable="...", cs:if variable="..."
    and is-numeric="...", ...): the variables a plan may take as present or absent."""
    out: set[str] = set()
    stack = [style.root]
    for _ in range(1_000_000):
        if not stack:
            break
        n = stack.pop()
        for attr in ("variable", "is-numeric"):
            v = n.attrs.get(attr)
            if v:
                out.update(v.split())
        stack.extend(n.children)
    return out


_MAX_SIGS = 512  # plans per item type and variable set, at most


__all__ = ["Plan"]
