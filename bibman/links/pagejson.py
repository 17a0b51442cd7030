"""A JSON answer served with 200 that is an API's "not found" error: an error envelope
(only keys an API puts in an error answer, ``bibman/data/soft404.tsv`` json-error-key)
whose own status says 404 or 410."""

from __future__ import annotations

import functools
import re
from importlib import resources

_JSON_STATUS_KEYS = ("status", "statusCode", "status_code", "code", "httpStatus")
_ERROR_NAME = re.compile(r"[\w.$]*(?:error|exception|notfound|not_found|missing)[\w.$]*", re.I)


def _key(k: str) -> str:
    return re.sub(r"[-_\s]", "", k).lower()


def _envelope(obj: dict[str, object]) -> bool:
    """``obj`` is an error envelope: every key is one an API puts in an error answer
    (``bibman/data/soft404.tsv``, json-error-key), ``name`` only with an error's class
    name ("NotFound"). A record *about* a 404 (a status registry's entry, a room numbered
    404, a test case expecting 404, an archive's capture of a 404) has keys of its own."""
    keys = _error_keys()
    for k, v in obj.items():
        kk = _key(k)
        if kk == "name" and isinstance(v, str) and _ERROR_NAME.fullmatch(v):
            continue
        if kk not in keys:
            return False
    return True


def json_says_missing(body: bytes) -> str | None:
    """A JSON API answer (served with 200) whose own status says 404 or 410 and that is
    nothing but an error envelope: ``{"status": 404, "error": "Not Found"}``,
    ``{"error": {"code": 404}}``, RFC 9457 problem details, JSON:API's ``{"errors":
    [{"status": "404"}]}``. The class of input fixed: JSON records about HTTP 404
    (``{"code": 404, "name": "Not Found", "description": ...}``) read as a JSON 404."""
    import json

    try:
        doc = json.loads(body[:1_000_000])
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(doc, dict) or not _envelope(doc):
        return None
    inner = [doc.get("error")]
    errors = doc.get("errors")
    if isinstance(errors, list) and errors:
        inner.append(errors[0])
    for obj in (doc, *inner):
        if not isinstance(obj, dict) or (obj is not doc and not _envelope(obj)):
            continue
        for k in _JSON_STATUS_KEYS:
            v = obj.get(k)
            if (
                isinstance(v, (int, str))
                and not isinstance(v, bool)
                and str(v).strip()
                in (
                    "404",
                    "410",
                )
            ):
                return f'the JSON answer says "{k}": {v}'
    return None


@functools.cache
def _error_keys() -> frozenset[str]:
    return frozenset(_key(k) for k in categories().get("json-error-key", []))


@functools.cache
def categories() -> dict[str, list[str]]:
    """``bibman/data/soft404.tsv`` by category (category, language, value per line), read
    once for the page rules (:func:`bibman.links.soft404.rules`) and the JSON error keys."""
    data: dict[str, list[str]] = {}
    text = resources.files("bibman.data").joinpath("soft404.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        category, _lang, value = line.split("\t", 2)
        data.setdefault(category, []).append(value.strip())
    return data
