"""HTTP for the link checker: one request, safely, within a hard deadline.

The only module that does network I/O. It sits on urllib3 (what requests is built on)
rather than on requests itself because every guarantee lives below requests' API:

* **Safety**: connections are made by ``_SafeConnectionMixin._new_conn``, which resolves
  the host itself, refuses non-public addresses (``safety.AddressPolicy``) and connects
  to the very IP it checked, so DNS rebinding cannot slip past. Redirects are never
  followed here; the checker asks for each hop, so every hop goes through the same check.
* **Deadline**: socket timeouts bound each read, not the whole exchange (a server that
  sends one byte a second never trips them). A watchdog thread shuts the socket down
  when an attempt's deadline passes, whatever phase it is in.
* **Bounded bodies**: at most ``max_body`` bytes are kept, compressed bodies are
  decompressed with an output bound (no gzip bombs), and reading stops after
  ``body_window`` seconds.
* No proxies or .netrc from the environment (a proxy would do the DNS resolution and
  defeat the address check).
"""

from __future__ import annotations

import contextlib
import errno
import heapq
import ipaddress
import re
import socket
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    LocationParseError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)

from .safety import AddressPolicy, IPAddress

try:  # Google's brotli (a core dependency; without it a ``br`` body is not read)
    import brotli as _brotli

    _BrotliError: type[Exception] = _brotli.error
except ImportError:  # pragma: no cover
    _brotli = None
    _BrotliError = zlib.error

ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


class FetchError(Exception):
    """A request that got no HTTP answer. ``kind`` is one of: dns, dns-temporary,
    refused, unreachable, reset, timeout, unsafe, tls, protocol, invalid, other."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True)
class Response:
    status: int
    url: str
    headers: dict[str, str]  # lower-cased names
    body: bytes = b""  # (decompressed) prefix of the body, at most max_body bytes
    elapsed: float = 0.0
    cookies: tuple[str, ...] = ()  # the Set-Cookie headers, one per cookie


# --------------------------------------------------------------------------- watchdog


@dataclass
class _Guard:
    deadline: float
    sockets: list[socket.socket] = field(default_factory=list)
    fired: bool = False
    done: bool = False

    def attach(self, sock: socket.socket | None) -> None:
        if sock is not None and sock not in self.sockets:
            self.sockets.append(sock)
            if self.fired:
                _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


class _Watchdog:
    """One daemon thread that cuts sockets off when their attempt's deadline passes."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, _Guard]] = []
        self._cv = threading.Condition()
        self._seq = 0
        self._thread: threading.Thread | None = None

    def add(self, guard: _Guard) -> None:
        with self._cv:
            self._seq += 1
            heapq.heappush(self._heap, (guard.deadline, self._seq, guard))
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="bibman-watchdog", daemon=True
                )
                self._thread.start()
            self._cv.notify()

    def finish(self, guard: _Guard) -> None:
        # under the lock: the watchdog must not cut a socket that is back in its pool
        with self._cv:
            guard.done = True

    def _run(self) -> None:
        with self._cv:
            while True:
                while self._heap and self._heap[0][2].done:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._cv.wait()
                    continue
                wait = self._heap[0][0] - time.monotonic()
                if wait > 0:
                    self._cv.wait(wait)
                    continue
                _, _, guard = heapq.heappop(self._heap)
                if guard.done:
                    continue
                guard.fired = True
                for sock in guard.sockets:
                    _shutdown(sock)


_WATCHDOG = _Watchdog()
_local = threading.local()


@contextlib.contextmanager
def _guarded(deadline: float) -> Iterator[_Guard]:
    guard = _Guard(deadline)
    _local.guard = guard
    _WATCHDOG.add(guard)
    try:
        yield guard
    finally:
        _WATCHDOG.finish(guard)
        _local.guard = None
        _local.origin = None


# --------------------------------------------------------------------------- connections


class UnsafeAddressError(NewConnectionError):
    """Every address the host resolved to is refused by the address policy."""


class _ConnectFailed(NewConnectionError):
    def __init__(self, conn: Any, message: str, err: OSError) -> None:
        super().__init__(conn, message)
        self.os_error = err


class _SafeConnectionMixin:
    policy: AddressPolicy = AddressPolicy()
    # provided by urllib3's HTTPConnection
    host: str
    port: int
    timeout: Any
    socket_options: Any
    sock: socket.socket | None

    def _new_conn(self) -> socket.socket:
        host = self.host.strip("[]")
        try:
            infos = socket.getaddrinfo(host, self.port, 0, socket.SOCK_STREAM)
        except socket.gaierror as e:
            raise NameResolutionError(self.host, self, e) from e  # type: ignore[arg-type]
        trusted = self.policy.is_trusted(host, self.port)
        refused: list[str] = []
        last: OSError | None = None
        for family, type_, proto, _, addr in infos:
            ip = ipaddress.ip_address(str(addr[0]).split("%")[0])
            why = None if trusted else self.policy.refusal(ip, getattr(_local, "origin", None))
            if why is not None:
                refused.append(why)
                continue
            sock = socket.socket(family, type_, proto)
            try:
                for opt in self.socket_options or ():
                    sock.setsockopt(*opt)
                if isinstance(self.timeout, int | float):
                    sock.settimeout(self.timeout)
                guard = getattr(_local, "guard", None)
                if guard is not None:
                    guard.attach(sock)
                sock.connect(addr)
                return sock
            except TimeoutError as e:
                sock.close()
                raise ConnectTimeoutError(self, f"connect to {self.host} timed out") from e
            except OSError as e:
                sock.close()
                last = e
        if last is None:
            raise UnsafeAddressError(self, "; ".join(dict.fromkeys(refused)))  # type: ignore[arg-type]
        raise _ConnectFailed(self, f"cannot connect to {self.host}: {last.strerror or last}", last)

    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        guard = getattr(_local, "guard", None)
        if guard is not None:
            guard.attach(self.sock)
        return super().getresponse(*args, **kwargs)  # type: ignore[misc]


def _pool_classes(policy: AddressPolicy) -> dict[str, type[HTTPConnectionPool]]:
    conn = type("SafeHTTPConnection", (_SafeConnectionMixin, HTTPConnection), {"policy": policy})
    sconn = type("SafeHTTPSConnection", (_SafeConnectionMixin, HTTPSConnection), {"policy": policy})
    pool = type("SafeHTTPConnectionPool", (HTTPConnectionPool,), {"ConnectionCls": conn})
    spool = type("SafeHTTPSConnectionPool", (HTTPSConnectionPool,), {"ConnectionCls": sconn})
    return {"http": pool, "https": spool}


# --------------------------------------------------------------------------- transport


class Transport:
    """Thread-safe: one instance serves every worker thread."""

    def __init__(
        self,
        policy: AddressPolicy,
        user_agent: str,
        max_body: int = 65536,
        body_window: float = 1.0,
        pool_size: int = 8,
    ) -> None:
        self.max_body = max_body
        self.body_window = body_window
        self.requests = 0
        self._count_lock = threading.Lock()
        headers = {
            "User-Agent": user_agent,
            "Accept": ACCEPT,
            "Accept-Encoding": "gzip, deflate, br" if _brotli is not None else "gzip, deflate",
            "Accept-Language": "en;q=0.9, *;q=0.5",
        }

        def manager(p: AddressPolicy) -> urllib3.PoolManager:
            pm = urllib3.PoolManager(
                num_pools=256, maxsize=pool_size, block=False, retries=False, headers=headers
            )
            pm.pool_classes_by_scheme = _pool_classes(p)
            return pm

        # Requests to the configured endpoints (DOI resolver, Wayback) may reach them
        # even on a private address; they get pools of their own, so a connection
        # opened under that trust is never reused for a link taken from the .bib.
        self._pm = manager(replace(policy, trusted=frozenset()))
        self._pm_trusted = manager(policy) if policy.trusted else self._pm
        self.policy = policy
        self._resolved: dict[str, tuple[IPAddress, ...]] = {}

    def _addresses(self, host: str) -> tuple[IPAddress, ...]:
        """The addresses ``host`` resolves to (memoised for the run; () when it does not)."""
        host = host.strip("[]").lower()
        with self._count_lock:
            known = self._resolved.get(host)
        if known is not None:
            return known
        try:
            infos = socket.getaddrinfo(host, None, 0, socket.SOCK_STREAM)
            ips = tuple(
                dict.fromkeys(ipaddress.ip_address(str(i[4][0]).split("%")[0]) for i in infos)
            )
        except (OSError, ValueError):
            ips = ()
        with self._count_lock:
            self._resolved[host] = ips
        return ips

    def _hop_refusal(self, url: str, origin: str) -> str | None:
        """Why a redirect hop from ``origin`` may not go to ``url`` (per-origin allowances)."""
        if not (self.policy.allow_private or self.policy.allow_networks):
            return None  # nothing non-public is allowed: the connection check says it all
        try:
            host = urlsplit(url).hostname or ""
            origin_host = urlsplit(origin).hostname or ""
        except ValueError:
            return None
        origin_ips = self._addresses(origin_host)
        for ip in self._addresses(host):
            why = self.policy.refusal(ip, origin_ips)
            if why is not None:
                return why
        return None

    def close(self) -> None:
        self._pm.clear()
        self._pm_trusted.clear()

    def request(
        self,
        method: str,
        url: str,
        timeout: float,
        *,
        read_body: bool = False,
        headers: dict[str, str] | None = None,
        max_body: int | None = None,
        body_window: float | None = None,
        trusted: bool = False,
        origin: str | None = None,
    ) -> Response:
        """One request, no redirects followed. Raises ``FetchError`` without an answer.

        ``origin``: for a redirect hop, the URL the check started from (see
        ``AddressPolicy.refusal``); checked before the request, since a pooled
        connection would skip the connection-time check, and again at connection time."""
        if origin is not None:
            why = self._hop_refusal(url, origin)
            if why is not None:
                raise FetchError("unsafe", f"not checked: {why}")
        start = time.monotonic()
        deadline = start + max(timeout, 0.001)
        with self._count_lock:
            self.requests += 1
        with _guarded(deadline) as guard:
            _local.origin = (
                self._addresses(urlsplit(origin).hostname or "") if origin is not None else None
            )
            try:
                pm = self._pm_trusted if trusted else self._pm
                resp = pm.request(
                    method,
                    url,
                    headers=headers,
                    redirect=False,
                    retries=False,
                    preload_content=False,
                    decode_content=False,
                    timeout=urllib3.Timeout(connect=timeout, read=timeout),
                )
            except Exception as e:
                raise _classify(e, guard.fired, timeout) from None
            try:
                body = b""
                complete = True
                if read_body and method != "HEAD":
                    ctype = (resp.headers.get("content-type") or "").lower()
                    body, complete = self._read_body(
                        resp,
                        deadline,
                        self.max_body if max_body is None else max_body,
                        self.body_window if body_window is None else body_window,
                        html=not ctype or "html" in ctype,
                    )
                elif method != "HEAD":
                    complete = False
                hdrs = {k.lower(): v for k, v in resp.headers.items()}
                cookies = tuple(resp.headers.getlist("set-cookie"))
                return Response(resp.status, url, hdrs, body, time.monotonic() - start, cookies)
            except Exception as e:
                complete = False
                if isinstance(e, FetchError):
                    raise
                if guard.fired:
                    # the headers arrived; a body cut off by the deadline is not an error
                    hdrs = {k.lower(): v for k, v in resp.headers.items()}
                    return Response(resp.status, url, hdrs, b"", time.monotonic() - start)
                raise _classify(e, guard.fired, timeout) from None
            finally:
                _WATCHDOG.finish(guard)  # before the connection can go back to its pool
                if not complete or guard.fired:
                    resp.close()  # unread body (or cut off): the connection cannot be reused
                with contextlib.suppress(Exception):
                    resp.release_conn()

    def _read_body(
        self, resp: Any, deadline: float, max_body: int, window: float, html: bool = False
    ) -> tuple[bytes, bool]:
        """Up to ``max_body`` decoded bytes within ``body_window`` s; (bytes, read to the end).
        An HTML page is read up to ``max_body`` bytes past its ``<body>`` tag, at most
        ``HEAD_ROOM`` times ``max_body`` in all: what a person reads starts there, after
        whatever the head inlines (site builders and frameworks inline 100s of KB of CSS,
        scripts and state). The class of input fixed: a page whose text starts after 64 KB
        judged on its inline CSS alone."""
        cap = max_body * HEAD_ROOM if html and max_body else max_body
        limit = max_body
        enc = (resp.headers.get("content-encoding") or "").strip().lower()
        dec: Any = None
        if enc in ("gzip", "x-gzip"):
            dec = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            dec = _Deflate()
        elif enc == "br" and _brotli is not None:
            dec = _Brotli()
        elif enc not in ("", "identity"):
            # an encoding bibman cannot decode (zstd, compress, br without the brotli
            # package), sent though not asked for: its bytes are not the page, so the page
            # is not read and the verdict rests on the status alone. The class of input
            # fixed: compressed bytes read as a page's text.
            return b"", False
        out = bytearray()
        stop = min(deadline, time.monotonic() + window)
        sock = getattr(resp.connection, "sock", None) if resp.connection else None
        raw_read = 0
        while True:
            if len(out) >= limit:
                if limit >= cap:
                    break
                at = _BODY_TAG.search(out)
                if at is not None:
                    limit = max(limit, min(cap, at.start() + max_body))
                if len(out) >= limit:
                    if _in_head(out):
                        limit = min(cap, len(out) + max_body)
                    else:  # past the chrome read so far: max_body of text after it
                        limit = max(limit, min(cap, _chrome_end(out) + max_body))
                if len(out) >= limit:
                    break
            left = stop - time.monotonic()
            if left <= 0:
                return bytes(out), False
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.settimeout(max(left, 0.01))
            try:
                chunk = resp.read1(16384, decode_content=False)
            except (ReadTimeoutError, TimeoutError):
                return bytes(out), False
            except ProtocolError:
                return bytes(out), False
            if not chunk:
                return bytes(out), True
            raw_read += len(chunk)
            if dec is None:
                out += chunk[: cap - len(out)]
            else:
                try:
                    out += dec.decompress(chunk, cap - len(out))
                except (zlib.error, _BrotliError):
                    return bytes(out), False
            # a compressed body is not read past 4x the cap either
            if raw_read > 4 * cap + 65536:
                return bytes(out), False
        return bytes(out[:limit]), False


HEAD_ROOM = 8  # an HTML page's head may take up to 7x max_body before its <body>
_BODY_TAG = re.compile(rb"<body[\s>]", re.I)


def _in_head(prefix: bytearray) -> bool:
    """The page read so far ends in its head or its chrome: inside a ``<head>`` not yet
    closed, inside a script or style element, or inside an inline SVG (an icon sprite) or
    a ``<nav>`` (a mega-menu) that comes before the page's own text. The class of input
    fixed: a not-found page whose message follows 300 KB of navigation, cut off unread."""
    low = bytes(prefix).lower()
    return any(
        max(low.rfind(b"<" + t + b">"), low.rfind(b"<" + t + b" ")) > low.rfind(b"</" + t)
        for t in (b"head", b"script", b"style", b"svg", b"nav")
    )


_CHROME_CLOSE = re.compile(rb"</(?:script|style|svg|nav)\s*>", re.I)


def _chrome_end(prefix: bytearray) -> int:
    """Where the last script, style, SVG or navigation element read so far ends (0: none
    ended in the last ``4 * 65536`` bytes)."""
    start = max(0, len(prefix) - 4 * 65536)
    last = 0
    for m in _CHROME_CLOSE.finditer(prefix, start):
        last = m.end()
    return last


class _Deflate:
    """``deflate`` is zlib-wrapped by the RFC but raw in the wild: try both."""

    def __init__(self) -> None:
        self._d: Any = zlib.decompressobj()
        self._first = True

    def decompress(self, data: bytes, max_length: int) -> bytes:
        if self._first:
            self._first = False
            try:
                return bytes(self._d.decompress(data, max_length))
            except zlib.error:
                self._d = zlib.decompressobj(-zlib.MAX_WBITS)
        return bytes(self._d.decompress(data, max_length))


class _Brotli:
    """A ``br`` body (RFC 7932) decoded with an output bound, as gzip is (no brotli
    bombs): input the decoder cannot take yet waits until its output has been drained."""

    def __init__(self) -> None:
        assert _brotli is not None
        self._d: Any = _brotli.Decompressor()
        self._pending = b""

    def decompress(self, data: bytes, max_length: int) -> bytes:
        self._pending += data
        out = bytearray()
        while len(out) < max_length:
            if self._d.can_accept_more_data():
                if not self._pending:
                    break
                chunk, self._pending = self._pending, b""
                out += self._d.process(chunk, output_buffer_limit=max_length - len(out))
            else:
                got = self._d.process(b"", output_buffer_limit=max_length - len(out))
                if not got:
                    break
                out += got
        return bytes(out)


_UNREACHABLE = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN, errno.EADDRNOTAVAIL}


def _classify(e: BaseException, fired: bool, timeout: float) -> FetchError:
    """An exception from urllib3/socket -> FetchError with a stable kind."""
    if isinstance(e, FetchError):
        return e
    if isinstance(e, UnsafeAddressError):
        return FetchError("unsafe", f"not checked: {e.args[0].split(': ', 1)[-1]}")
    if isinstance(e, NameResolutionError):
        reason = e.__cause__ if isinstance(e.__cause__, socket.gaierror) else None
        code = reason.errno if reason is not None else None
        if code in (socket.EAI_AGAIN, getattr(socket, "EAI_NODATA", None), socket.EAI_FAIL):
            return FetchError("dns-temporary", "DNS lookup failed (temporary failure)")
        return FetchError("dns", "host not found (DNS)")
    # (urllib3 2 makes NewConnectionError a ConnectTimeoutError: test it first)
    if isinstance(e, _ConnectFailed) and not fired:
        code = e.os_error.errno
        if code == errno.ECONNREFUSED:
            return FetchError("refused", "connection refused")
        if code in _UNREACHABLE:
            return FetchError("unreachable", f"network unreachable ({e.os_error.strerror})")
        return FetchError("other", str(e.args[0]) if e.args else str(e))
    if fired or isinstance(e, ConnectTimeoutError | ReadTimeoutError | TimeoutError):
        return FetchError("timeout", f"no answer within {timeout:g} s")
    if isinstance(e, SSLError):
        return FetchError("tls", f"TLS error: {e}")
    if isinstance(e, LocationParseError | ValueError):
        return FetchError("invalid", f"invalid URL: {e}")
    if isinstance(e, ProtocolError):
        inner = e.args[1] if len(e.args) > 1 else e
        if isinstance(inner, ConnectionResetError):
            return FetchError("reset", "connection reset by the server")
        return FetchError("protocol", f"connection closed without an answer ({inner})")
    if isinstance(e, HTTPError | OSError):
        return FetchError("other", str(e))
    return FetchError("other", f"{type(e).__name__}: {e}")
