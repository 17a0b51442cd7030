"""bibman: citation and bibliography manager.

The public API (imported lazily, so ``import bibman`` stays cheap):

* ``parse_text(text, name="<input>")`` -> ``ParseResult``: free-text references to typed references
* ``parse_documents([(name, text), ...])`` -> ``ParseResult``
* ``to_bibtex(result)`` -> .bib text of a ``ParseResult`` (as `bibman parse` writes it)
* ``load(path)`` / ``loads(text)`` -> ``Bibliography``: lossless .bib reading; change it with
  ``bib.with_entry(entry.with_field(...))`` / ``bib.without_entry(key)``
* ``dump(bib, path)`` / ``dumps(bib)``: lossless, atomic .bib writing
* ``format_bibliography(bib, style="plain", to="text", locale=None)`` -> ``Formatted``: any
  BibTeX style (plain, alpha, PATH.bst) or CSL style (id, alias such as mla, PATH.csl)
* ``check_links(bib, settings=None)`` -> link-check ``Report``
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_API = {
    "parse_text": "bibman.freetext.pipeline",
    "parse_documents": "bibman.freetext.pipeline",
    "to_bibtex": "bibman.freetext.pipeline",
    "load": "bibman.bibtex",
    "loads": "bibman.bibtex",
    "dump": "bibman.bibtex",
    "dumps": "bibman.bibtex",
    "format_bibliography": "bibman.formatter",
    "check_links": "bibman.links",
}

__all__ = [*_API, "__version__"]


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'bibman' has no attribute {name!r}")
    return getattr(import_module(module), name)
