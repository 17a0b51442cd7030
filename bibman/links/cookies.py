"""A cookie jar for one check: what a site sets during its redirects is sent back.

Many publishers and DOI targets redirect to themselves until a cookie comes back
("cookie dance"); without a jar the checker sees a redirect loop. The jar lives for
one URL's check only (no cookie ever crosses from one link to another) and follows
RFC 6265's domain and path matching; expiry and SameSite do not matter within one
check of a few seconds.

``Set-Cookie`` is parsed the way browsers do (RFC 6265 section 5.2), not with
``http.cookies.SimpleCookie``, which drops whole headers browsers accept: a value with
a space, a JSON value, brackets in a name, or an attribute it does not know
(``Partitioned``; ``Priority=High`` even steals the next attribute). The class of input
fixed: any ``Set-Cookie`` a browser keeps. A ``Secure`` cookie is sent over HTTPS and,
as browsers do, to a loopback origin (W3C Secure Contexts: ``http://127.0.0.1`` and
``http://localhost`` are potentially trustworthy).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class _Cookie:
    name: str
    value: str
    domain: str
    host_only: bool
    path: str
    secure: bool


def parse_set_cookie(header: str) -> tuple[str, str, dict[str, str]] | None:
    """(name, value, attributes with lower-cased names) of one ``Set-Cookie`` header, or
    None when a browser ignores it (no name and no value). The value is kept as sent
    (quotes included, as browsers do); unknown attributes are kept and ignored."""
    pair, _, rest = header.partition(";")
    # RFC 6265bis: a pair without "=" is a cookie with an empty name
    name, eq, value = pair.partition("=")
    if not eq:
        name, value = "", pair
    name, value = name.strip(), value.strip()
    if not name and not value:
        return None
    attrs: dict[str, str] = {}
    for av in rest.split(";"):
        key, _, val = av.partition("=")
        key = key.strip().lower()
        if key:
            attrs[key] = val.strip()
    return name, value, attrs


def _loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass
class CookieJar:
    cookies: dict[tuple[str, str, str], _Cookie] = field(default_factory=dict)

    def store(self, url: str, set_cookie_headers: tuple[str, ...]) -> None:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        default_path = parts.path.rsplit("/", 1)[0] or "/"
        for header in set_cookie_headers:
            parsed = parse_set_cookie(header)
            if parsed is None:
                continue
            name, value, attrs = parsed
            domain = attrs.get("domain", "").lstrip(".").lower()
            if domain and not (host == domain or host.endswith("." + domain)):
                continue  # a site may not set cookies for another
            path = attrs.get("path", "")
            if not path.startswith("/"):
                path = default_path
            key = (domain or host, path, name)
            max_age = attrs.get("max-age", "")
            if max_age.lstrip("-").isdigit() and int(max_age) <= 0:
                self.cookies.pop(key, None)
                continue
            self.cookies[key] = _Cookie(
                name, value, domain or host, not domain, path, "secure" in attrs
            )

    def header(self, url: str) -> str | None:
        """The Cookie header for a request to ``url``, or None."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        path = parts.path or "/"
        secure_context = parts.scheme == "https" or _loopback(host)
        pairs = []
        for c in self.cookies.values():
            if c.host_only and host != c.domain:
                continue
            if not c.host_only and not (host == c.domain or host.endswith("." + c.domain)):
                continue
            if not (path == c.path or path.startswith(c.path.rstrip("/") + "/")):
                continue
            if c.secure and not secure_context:
                continue
            pairs.append(f"{c.name}={c.value}" if c.name else c.value)
        return "; ".join(pairs) if pairs else None

    def state(self) -> frozenset[tuple[str, str]]:
        return frozenset((c.name, c.value) for c in self.cookies.values())
