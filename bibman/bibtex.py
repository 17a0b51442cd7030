"""BibTeX text <-> model, losslessly: the one place to import from (``bibtex_read``,
``bibtex_values`` and ``bibtex_write`` hold the parts; ``bibtex_read`` is the only module
that imports bibtexparser).

Reading: bibtexparser v2's splitter (no middleware, so values stay BibTeX
source: delimiters, macros and ``#`` kept) finds the blocks; each block's raw
text is then located in the original string, and everything between blocks is
kept as ``Block(kind="text")``. The items therefore cover the whole text and
``dumps(loads(t)) == t`` holds by construction (and is checked). Whitespace
between ``@type`` and ``{`` (which BibTeX allows, bibtexparser not across a
line end) is read as BibTeX does: such a header is re-read with the spaces
moved inside the brace, a length-preserving change, and the original text kept.

Writing: an entry whose type, key and fields are unchanged is written as its
raw text, byte for byte; a changed entry is re-rendered in the style detected
from the file's other entries (indentation, ``=`` spacing, alignment).

Problems are ``Diagnostic`` values with 1-based lines and stable codes:

==========================  ========  ==============================================
code                        severity  meaning
==========================  ========  ==============================================
bibtex.parse-failed         error     a block bibtexparser could not parse (kept verbatim)
bibtex.stray-text           error     text outside entries that looks like fields or a
                                      closing brace (an extra ``}`` ended an entry early,
                                      and BibTeX drops what follows)
bibtex.too-deep             error     braces nested deeper than TeX's 255 grouping levels;
                                      the block is kept verbatim and not read
bibtex.string-before-def    warning   a macro used before its ``@string`` (BibTeX reads it
                                      as empty there)
bibtex.missing-comma        error     a field value that swallowed ``name = ...``
bibtex.swallowed-entry      warning   a value containing ``@type{key,``: an unclosed brace or
                                      quote before it swallowed the next entry?
bibtex.bad-value            warning   a value that is not ``piece # piece ...``
bibtex.unbalanced-braces    warning   a value whose braces do not balance
bibtex.duplicate-key        warning   an entry key seen before (case-insensitively); both kept
bibtex.duplicate-string     warning   an ``@string`` name defined twice; both kept, each
                                      applies from its position on (as in BibTeX)
bibtex.duplicate-field      warning   a field twice in one entry; both kept
bibtex.bad-key              warning   empty entry key, or one with characters BibTeX rejects
bibtex.comment-in-entry     info      a ``%`` comment between fields (dropped if re-rendered)
bibtex.parser-crash         error     bibtexparser raised; the whole text is kept verbatim
==========================  ========  ==============================================
"""

from __future__ import annotations

from .bibtex_read import Stream, _splitter, load, loads
from .bibtex_values import ValueSplit, expand, split_value
from .bibtex_write import (
    Style,
    bibtex_value,
    detect_style,
    dump,
    dumps,
    encode,
    make_entry,
    protect_capitals,
    render_entry,
)

__all__ = [
    "Stream",
    "Style",
    "ValueSplit",
    "_splitter",
    "bibtex_value",
    "detect_style",
    "dump",
    "dumps",
    "encode",
    "expand",
    "load",
    "loads",
    "make_entry",
    "protect_capitals",
    "render_entry",
    "split_value",
]
