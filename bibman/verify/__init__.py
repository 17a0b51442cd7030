"""``bibman verify``: is each reference real, and is it right? (and enrich it, without harm)

* ``model``     the values: ``Record`` (what a service says), ``Verification`` (a verdict)
* ``text``      folding for comparison: LaTeX -> Unicode, case, accents, punctuation
* ``identify``  identifiers in an entry (DOI, arXiv id, ISBN) and their syntax checks
* ``sources``   one small client per service (doi.org, Crossref, OpenAlex, arXiv, Open Library)
* ``net``       HTTP for the clients: one per-host rate limiter, Retry-After, the cache
* ``matching``  the documented rules that compare an entry with a record
* ``enrich``    missing fields from an accepted record, normalised to BibTeX
* ``runner``    one entry -> one ``Verification``; many entries concurrently
* ``report``    table, JSON, JUnit, Markdown, GitHub annotations
"""
