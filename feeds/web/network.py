"""The way out to the web: which addresses a fetch may connect to, and until when.

Every connection httpx opens goes through `GuardedBackend`, an httpcore network
backend around the real one. It resolves the host itself, checks each address
it would connect to, and connects to that address only, so a redirect, a DNS
answer or a link in a page can never reach what the rules forbid:

- link-local addresses (169.254.0.0/16, fe80::/10: cloud metadata services) never;
- private, loopback and other non-public addresses only for a source that is
  itself on such an address (a feed on the local network, the tests' server).

Every connect, read and write is bounded by the deadline of the visit the
thread is on (visits.py).
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
import typing
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

import httpcore
import httpx

from feeds.clean import shown_path
from feeds.language import gettext as _
from feeds.web.visits import current_visit

Resolver = Callable[[str, int], list[str]]


class AddressRefused(Exception):
    """A connection the rules forbid; the message names the address."""


def system_resolve(host: str, port: int) -> list[str]:
    """The addresses of `host`, in the order the system gives them (an IP address is its own)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    address = ipaddress.ip_address(text.split("%", 1)[0])  # without an IPv6 zone
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped  # ::ffff:169.254.169.254 is 169.254.169.254
    return address


def is_public(address: str) -> bool:
    return _address(address).is_global


def refusal(address: str, local_allowed: bool) -> str | None:
    """Why connecting to `address` is not allowed, or None when it is."""
    ip = _address(address)
    if ip.is_link_local:
        return _("refused to connect to {address}: a link-local address (where cloud metadata lives), never fetched").format(address=address)
    if not ip.is_global and not local_allowed:
        return _("refused to connect to {address}: a private or loopback address, reached from a source on a public address").format(address=address)
    return None


class _BoundedStream(httpcore.NetworkStream):
    """A connection whose every read and write ends at the visit's deadline."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, current_visit().deadline.bound(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, current_visit().deadline.bound(timeout))

    def close(self) -> None:
        """Closes the connection, waking a read in flight on it in another thread: a run that ended early closes its
        client (Http.close) while its sources' threads wait for servers that have not answered. A socket closed
        alone leaves such a read waiting until its timeout (20 s); one shut down first ends it at once."""
        connection = self._stream.get_extra_info("socket")
        if isinstance(connection, socket.socket):
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # closed by the server already
        self._stream.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None) -> httpcore.NetworkStream:
        return _BoundedStream(self._stream.start_tls(ssl_context, server_hostname, current_visit().deadline.bound(timeout)))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """Connects only to checked addresses, and bounds every connection by the visit's deadline."""

    def __init__(self, local_allowed: bool, backend: httpcore.NetworkBackend, resolve: Resolver) -> None:
        self.local_allowed = local_allowed
        self._backend = backend
        self._resolve = resolve

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        deadline = current_visit().deadline
        try:
            addresses = self._resolve(host, port)
        except OSError as error:
            raise httpcore.ConnectError(str(error)) from error  # kept: errors.why says why (a host not found)
        refusals = [(address, refusal(address, self.local_allowed)) for address in addresses]
        allowed = [address for address, reason in refusals if reason is None]
        if not allowed:
            raise AddressRefused(next((reason for _address, reason in refusals if reason), _("no address for {host}").format(host=host)))
        # The checked address itself is connected to: no second lookup that could answer otherwise.
        *others, last = allowed
        for address in others:
            try:
                return _BoundedStream(self._backend.connect_tcp(address, port, deadline.bound(timeout), local_address, socket_options))
            except httpcore.ConnectError:
                continue  # the next address may answer
        return _BoundedStream(self._backend.connect_tcp(last, port, deadline.bound(timeout), local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None
    ) -> httpcore.NetworkStream:
        raise AddressRefused(_("refused to connect to the socket {path}").format(path=shown_path(path)))

    def sleep(self, seconds: float) -> None:
        current_visit().deadline.sleep(seconds)


class _Pool(httpcore.ConnectionPool):
    """httpcore's connection pool, given its TLS context when it opens its first https connection."""

    def __init__(self, tls_context: Callable[[], ssl.SSLContext], backend: GuardedBackend) -> None:
        super().__init__(network_backend=backend)
        self._tls_context = tls_context

    def create_connection(self, origin: httpcore.Origin) -> httpcore.ConnectionInterface:
        if origin.scheme == b"https" and self._ssl_context is None:
            self._ssl_context = self._tls_context()
        return super().create_connection(origin)


class _GuardedTransport(httpx.HTTPTransport):
    def __init__(self, pool: _Pool) -> None:  # not HTTPTransport.__init__: all it does is make a pool, with a context of its own
        # httpx builds its connection pool without a way to pass the backend; this pool is the
        # same but for it.
        self._pool = pool


class Network:
    """What a fetch connects through: the system's own network, or one a test stands in for."""

    def __init__(self, backend: httpcore.NetworkBackend | None = None, resolve: Resolver = system_resolve) -> None:
        self._backend = backend or httpcore.SyncBackend()
        self.resolve = resolve
        self._tls: ssl.SSLContext | None = None
        self._tls_lock = threading.Lock()

    def transport(self, local_allowed: bool) -> httpx.BaseTransport:
        return _GuardedTransport(_Pool(self.tls_context, GuardedBackend(local_allowed, self._backend, self.resolve)))

    def tls_context(self) -> ssl.SSLContext:
        """The context of every https connection, made once, when the first one is opened: loading
        the trusted certificates takes tens of milliseconds that a run of http sources need not pay."""
        with self._tls_lock:
            if self._tls is None:
                self._tls = httpx.create_ssl_context()
            return self._tls

    def is_local(self, url: str) -> bool:
        """Whether the source at `url` is itself on a local address (then it may lead to local ones)."""
        parts = urlsplit(url)
        try:
            addresses = self.resolve(parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80))
        except (OSError, ValueError):
            return False  # the connect will say what is wrong
        return bool(addresses) and not any(is_public(a) for a in addresses)
