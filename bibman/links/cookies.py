"""A cookie jar for one check: what a site sets during its redirects is sent back.

Many publishers and DOI targets redirect to themselves until a cookie comes back
("cookie dance"); without a jar the checker sees a redirect loop. The jar lives for
one URL's check only (no cookie ever crosses from one link to another) and follows
RFC 6265's domain and path matching; expiry and SameSite do not matter within one
check of a few seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from http.cookies import CookieError, SimpleCookie
from urllib.parse import urlsplit


@dataclass
class _Cookie:
    name: str
    value: str
    domain: str
    host_only: bool
    path: str
    secure: bool


@dataclass
class CookieJar:
    cookies: dict[tuple[str, str, str], _Cookie] = field(default_factory=dict)

    def store(self, url: str, set_cookie_headers: tuple[str, ...]) -> None:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        default_path = parts.path.rsplit("/", 1)[0] or "/"
        for header in set_cookie_headers:
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(header)
            except CookieError:
                continue
            for name, morsel in jar.items():
                domain = (morsel["domain"] or "").lstrip(".").lower()
                if domain and not (host == domain or host.endswith("." + domain)):
                    continue  # a site may not set cookies for another
                path = morsel["path"] or default_path
                key = (domain or host, path, name)
                max_age = morsel["max-age"]
                if max_age and str(max_age).strip().lstrip("-").isdigit() and int(max_age) <= 0:
                    self.cookies.pop(key, None)
                    continue
                self.cookies[key] = _Cookie(
                    name, morsel.value, domain or host, not domain, path, bool(morsel["secure"])
                )

    def header(self, url: str) -> str | None:
        """The Cookie header for a request to ``url``, or None."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        path = parts.path or "/"
        pairs = []
        for c in self.cookies.values():
            if c.host_only and host != c.domain:
                continue
            if not c.host_only and not (host == c.domain or host.endswith("." + c.domain)):
                continue
            if not (path == c.path or path.startswith(c.path.rstrip("/") + "/")):
                continue
            if c.secure and parts.scheme != "https":
                continue
            pairs.append(f"{c.name}={c.value}")
        return "; ".join(pairs) if pairs else None

    def state(self) -> frozenset[tuple[str, str]]:
        return frozenset((c.name, c.value) for c in self.cookies.values())
