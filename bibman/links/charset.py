"""A page's bytes as a browser decodes them: byte-order mark, the Content-Type charset, a
``<meta>`` charset, UTF-8; charset labels mean what they mean to a browser (the WHATWG
Encoding Standard's labels, ``bibman/data/encoding-labels.tsv``)."""

from __future__ import annotations

import functools
import re
from importlib import resources

from ..lazyre import lazy

_CT_CHARSET = lazy(r"charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_META_CHARSET = re.compile(
    rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I
)  # <meta charset=x> and <meta http-equiv=Content-Type content="text/html; charset=x">
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def decode_html(body: bytes, content_type: str = "") -> str:
    """A page's text as a browser decodes it (WHATWG encoding sniffing, simplified): a
    byte-order mark, else the Content-Type header's charset, else a ``<meta>`` charset (in
    the first 1024 bytes, else later in the first 64 KB), else UTF-8 - or, for a body
    that is not UTF-8, what its bytes say (``_sniff``). Labels mean what they
    mean to a browser (``x-sjis``, ``iso-8859-1`` = windows-1252: see
    ``_encoding_labels``). An unknown charset name counts as none."""
    for bom, enc in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(enc, "replace")
    m = _CT_CHARSET.search(content_type)
    declared = m.group(1) if m else None
    if declared is None:
        # a <meta> charset after the first 1024 bytes (behind a long inline script) is
        # still honoured: browsers re-decode the page when they meet it
        mb = _META_CHARSET.search(body[:1024]) or _META_CHARSET.search(body[:65536])
        declared = mb.group(1).decode("ascii", "replace") if mb else None
    if declared:
        declared = _encoding_labels().get(declared.strip().lower(), declared)
        try:
            # a page that says "utf-16" in a <meta> is ASCII-compatible in fact (WHATWG)
            if not declared.lower().startswith("utf-16"):
                return body.decode(declared, "replace")
        except LookupError:
            pass
    if not declared and not body.isascii():
        guess = _sniff(body)
        if guess is not None:
            return body.decode(guess, "replace")
    return body.decode("utf-8", "replace")


def _sniff(body: bytes) -> str | None:
    """The charset of a page that declares none and is not UTF-8, as browsers guess it
    from the bytes (charset-normalizer here): None for UTF-8 (a body cut off inside a
    character still is). The class of input fixed: an unlabelled windows-1251 or Shift_JIS
    "not found" page read as UTF-8 nonsense."""
    try:
        body.decode("utf-8")
        return None
    except UnicodeDecodeError as e:
        if e.start >= len(body) - 3:
            return None  # cut off inside the last character
    from charset_normalizer import from_bytes

    best = from_bytes(body[:65536]).best()
    return best.encoding if best is not None else None


@functools.cache
def _encoding_labels() -> dict[str, str]:
    """Charset labels as browsers read them (``bibman/data/encoding-labels.tsv``)."""
    text = resources.files("bibman.data").joinpath("encoding-labels.tsv").read_text("utf-8")
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            label, codec = line.split("\t")
            out[label.strip()] = codec.strip()
    return out
