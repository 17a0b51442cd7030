"""Which addresses the link checker may connect to.

A .bib file is untrusted input: a URL (or a redirect from a public site) can point at
``localhost``, a router, or a cloud metadata service (169.254.169.254). By default
only public addresses are allowed. The check runs on the *resolved* IP address at
connection time (see ``http.py``), so DNS tricks and redirect hops cannot get around it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def classify(ip: IPAddress) -> str | None:
    """Why ``ip`` is not a public address ("loopback", "private", ...), or None if it is."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return classify(ip.ipv4_mapped)
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_reserved:
        return "reserved"
    if ip.is_private:
        return "private"
    if not ip.is_global:
        return "non-public"  # shared address space (100.64/10) and the like
    return None


@dataclass(frozen=True)
class AddressPolicy:
    """Allow public addresses, plus any explicitly allowed ranges or trusted endpoints."""

    allow_private: bool = False
    allow_networks: tuple[IPNetwork, ...] = ()
    # (host, port) of endpoints the user configured (DOI resolver, Wayback): trusted as is
    trusted: frozenset[tuple[str, int]] = frozenset()

    @classmethod
    def build(
        cls,
        allow_private: bool = False,
        allow_networks: Iterable[str] = (),
        trusted: Iterable[tuple[str, int]] = (),
    ) -> AddressPolicy:
        nets = tuple(ipaddress.ip_network(n, strict=False) for n in allow_networks)
        return cls(allow_private, nets, frozenset((h.lower(), p) for h, p in trusted))

    def refusal(self, ip: IPAddress, origin: tuple[IPAddress, ...] | None = None) -> str | None:
        """None when ``ip`` may be contacted, else the reason it may not.

        ``origin`` is given for a redirect hop: the addresses of the URL the check
        started from. An allowance is per origin, not per range: a hop may reach an
        allowed non-public address only when the original URL was itself in that
        range (the same allowed network, or with ``allow_private`` the same kind of
        address), so a public page cannot redirect the checker into an intranet or to
        ``localhost`` because the user allowed those for their own links."""
        kind = classify(ip)
        if kind is None:
            return None
        if self.allow_private:
            if origin is None or any(classify(o) == kind for o in origin):
                return None
            return f"{kind} address {ip} reached through a redirect from outside that range"
        nets = [net for net in self.allow_networks if net.version == ip.version and ip in net]
        if not nets:
            return f"{kind} address {ip}"
        if origin is None or any(
            o in net for net in nets for o in origin if o.version == net.version
        ):
            return None
        return f"{kind} address {ip} reached through a redirect from outside {nets[0]}"

    def is_trusted(self, host: str, port: int) -> bool:
        return (host.lower(), port) in self.trusted
