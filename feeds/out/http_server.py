"""The library's feeds over HTTP on localhost, for any RSS reader to subscribe to: a hand-written asyncio
HTTP/1.1 server (request heads read with a time limit, keep-alive, lingering close) in front of the FeedSite,
which says what each path answers."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import ipaddress
import math
import re
import signal
import socket
import threading
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.utils import format_datetime, formatdate, parsedate_to_datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from feeds.clean import terminal_safe
from feeds.errors import StorageError
from feeds.language import gettext as _
from feeds.library import Library
from feeds.out.export import SERVED_ARTICLES
from feeds.out.site import FeedSite, Response
from feeds.urls import is_loopback_host

REQUEST_TIMEOUT = 10.0  # seconds a client has for its whole request head, and between requests
WRITE_TIMEOUT = 30.0  # seconds a client has to take a piece of an answer
SEND_PIECE = 256 * 1024  # bytes of an answer written at a time
LINGER = 2.0  # seconds a connection that ends takes, at most, for the client to read its last answer
MAX_CODINGS = 16  # of an Accept-Encoding looked at; browsers name four
MAX_HEAD = 16 * 1024  # bytes of request line and headers
MAX_HEADER_LINES = 100  # as many as http.client and Apache take
MAX_BLANK_LINES = 4  # passed over before a request line; a client that sends more is sending no request
WORKERS = 4  # threads that render answers; waiting clients hold a socket, never a thread
STOPS = (signal.SIGINT, signal.SIGTERM)  # what stops the server as Ctrl-C does, in the main thread
# Connections open at once. Each holds a file descriptor: thousands held idle would leave none for the
# library's own files (a process has 1024 by default). A feed reader takes one, a browser six.
MAX_CONNECTIONS = 64
SERVED_METHODS = ("GET", "HEAD")
# The others that RFC 9110 (§9) and PATCH's RFC 5789 define: known, so refused with 405, not 501 (a method not known)
KNOWN_METHODS = frozenset({"POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"})


@dataclass(frozen=True, slots=True)
class _Request:
    line: str
    method: str
    path: str
    keep_alive: bool
    headers: dict[str, str]  # by name in lower case
    host: str | None  # the host and port the request is for, as it says them; None when it does not say


@dataclass(frozen=True, slots=True)
class _Reply:
    status: HTTPStatus
    headers: list[tuple[str, str]]
    body: bytes = b""
    send_body: bool = True


async def _read_head(reader: asyncio.StreamReader, start: bytes = b"") -> list[bytes] | _Reply:
    """The lines of a request head up to its blank line, without their ends, or the 431 for a head too large;
    `start`, the head's first bytes, already taken from `reader`.

    Every line ends at its LF, with or without a CR before it: RFC 9112 §2.2 lets a server take a bare LF,
    which is what people type to nc, and nginx does. The same rule for every line, and a CR anywhere
    else refused (`_parse`), leave one reading of where a head ends, for us and for any proxy in front.

    Blank lines before the request line are passed over, a few (RFC 9112 §2.2: at least one): what a
    client that ends a request body with an extra CRLF, or a person at nc pressing Enter, sends."""
    lines: list[bytes] = []
    size = 0
    blanks = 0
    while True:
        try:
            line = start if start.endswith(b"\n") else start + await reader.readuntil(b"\n")
        except asyncio.LimitOverrunError:  # one line of more than MAX_HEAD
            return _too_large(lines)
        start = b""
        size += len(line)
        if size > MAX_HEAD:
            return _too_large(lines)
        line = line.removesuffix(b"\n").removesuffix(b"\r")
        if not line and not lines and blanks < MAX_BLANK_LINES:
            blanks += 1
            continue
        if not line:
            return lines
        if len(lines) > MAX_HEADER_LINES:  # the request line and as many header lines already
            return _plain(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, _("More than {count} header lines.").format(count=MAX_HEADER_LINES) + "\n")
        lines.append(line)


def _too_large(lines: list[bytes]) -> _Reply:
    """What a head of more than MAX_HEAD gets, after these `lines` of it: 414 when it is its request line, which its
    target makes so long (RFC 9110 §15.5.15), else 431."""
    if not lines:
        return _plain(HTTPStatus.REQUEST_URI_TOO_LONG, _("Request line too long.") + "\n")
    return _plain(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, _("Request head too large.") + "\n")


_TOKEN = rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"  # RFC 9110 §5.6.2
# RFC 9112 §3: a method, a target and a version, between blanks (a run of them taken as one, as nginx does).
_REQUEST_LINE = re.compile(rb"(%s)[ \t]+([^ \t]+)[ \t]+HTTP/([0-9])\.([0-9])[ \t]*" % _TOKEN)
# RFC 9110 §5.1: a token, a colon, the value. Nothing else is a field.
_FIELD = re.compile(rb"(%s):(.*)" % _TOKEN)


def _parse(lines: list[bytes]) -> _Request | _Reply:
    """The request in the lines of a request head, or the error answer it gets."""
    if not lines or any(b"\r" in line for line in lines):  # a bare CR is a line end to some readers, text to others
        return _not_http()
    line = lines[0]
    request_line = _REQUEST_LINE.fullmatch(line)
    if request_line is None:
        return _not_http()
    if request_line[3] != b"1":  # HTTP/2 without a word of upgrade, as `curl --http2-prior-knowledge` asks
        return dataclasses.replace(_not_http(), status=HTTPStatus.HTTP_VERSION_NOT_SUPPORTED)
    headers = _fields(lines[1:])
    if headers is None:
        return _plain(HTTPStatus.BAD_REQUEST, _("A header line is not of the form name: value.") + "\n")
    method, target = request_line[1].decode("ascii"), request_line[2].decode("latin-1")
    if target.startswith("/"):  # origin form, a path: `//feed.atom` too, which a URL parser reads as a host
        path, host = target.partition("?")[0].partition("#")[0], headers.get("host")
    else:
        try:
            url = urlsplit(target)
        except ValueError:  # `http://[/`: no URL at all
            return _not_http()
        path = url.path or "/"  # `http://host` in absolute form asks for / (RFC 9110 §4.2.3)
        # In absolute form the target names the host, and a Host field is not looked at (RFC 9112 §3.2.2).
        host = url.netloc if url.scheme.lower() in ("http", "https") and url.netloc else headers.get("host")
    # HTTP/1.0 asks for keep-alive with a header that the answer would have to repeat: it is answered and closed.
    keep_alive = request_line[4] != b"0" and "close" not in headers.get("connection", "").lower()
    # A request body is never read: after one, the connection cannot be trusted to be at a request.
    if "transfer-encoding" in headers or headers.get("content-length", "0") != "0":
        keep_alive = False
    # Logged as the UTF-8 that browsers and feed readers send a path in; a byte that is none shown as its escape.
    return _Request(terminal_safe(line.decode("utf-8", "backslashreplace")), method, path, keep_alive, headers, host)


def _fields(lines: list[bytes]) -> dict[str, str] | None:
    """The header fields in these lines, the values of a repeated one joined by commas (RFC 9110 §5.3); None when
    a line is no field. A space before the colon, a line folded onto the one before (both refused by RFC 9112 §5),
    a line without a colon or with a NUL: each is read otherwise by some proxy in front, and a Content-Length
    hidden so would have the body taken for the next request."""
    fields: dict[str, str] = {}
    for line in lines:
        field = _FIELD.fullmatch(line)
        if field is None or b"\0" in line:
            return None
        name, value = field[1].decode("ascii").lower(), field[2].strip(b" \t").decode("latin-1")
        fields[name] = f"{fields[name]}, {value}" if name in fields else value
    return fields


# RFC 9110 §7.2: a host, an IPv6 address in brackets, and perhaps a port.
_HOST = re.compile(r"(\[[0-9a-fA-F:.]+\]|[^\[\]:@]*)(?::[0-9]*)?")


def _names_this_server(host: str, bound: str, allowed: Collection[str] = ()) -> bool:
    """Whether the host a request is for (`host:port`) is one this server, bound to `bound`, answers to.

    A DNS rebinding attack is a web page at a name of its own (evil.example) that it then makes resolve
    to 127.0.0.1: the browser lets it read whatever answers there, as its own. Its requests say that name,
    so a server on loopback answers only to loopback names and addresses. One bound beyond loopback also
    answers to any address, which no page can make its own, to the name it was bound to and to this
    machine's name: what its users on other machines type. An empty host (`Host:`) names none, as no Host.
    The user names any others (`allowed`, `--allow-host`): a name as it is, and `.example.org` for that
    name and every name under it, as Django's ALLOWED_HOSTS has them."""
    match = _HOST.fullmatch(host)
    if match is None:
        return False
    name = match[1].lower().removesuffix(".")
    if not name or is_loopback_host(name):
        return True
    if any(name == a or (a.startswith(".") and (name == a[1:] or name.endswith(a))) for a in allowed):
        return True
    if is_loopback_host(bound):
        return False
    try:
        ipaddress.ip_address(name.strip("[]"))
        return True
    except ValueError:
        names = {bound.lower(), socket.gethostname().lower()}
        names |= {f"{n}.local" for n in names if "." not in n}  # as mDNS on the local network has it
        return name in names


def _not_http() -> _Reply:
    return _plain(HTTPStatus.BAD_REQUEST, _("Not an HTTP/1.x request.") + "\n")


def _plain(status: HTTPStatus, text: str) -> _Reply:
    body = text.encode()
    return _Reply(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))], body)


def _not_served(method: str) -> _Reply:
    """The answer to a method other than GET and HEAD: 405 with the Allow header RFC 9110 (§15.5.6) asks for one it
    knows, 501 for one it does not."""
    refused = _("Only GET and HEAD.") + "\n"
    if method not in KNOWN_METHODS:
        return _plain(HTTPStatus.NOT_IMPLEMENTED, refused)
    reply = _plain(HTTPStatus.METHOD_NOT_ALLOWED, refused)
    return dataclasses.replace(reply, headers=[*reply.headers, ("Allow", ", ".join(SERVED_METHODS))])


class FeedServer:
    """The feeds over HTTP/1.1 with keep-alive, for any number of clients, slow ones included.

    One event loop holds every connection and reads each request head with a
    time limit; only a complete request gets one of a few worker threads, to
    render its answer. A client that trickles its request, or never sends one,
    costs a socket for at most REQUEST_TIMEOUT and never keeps anyone else waiting.

    `library` may be the path of one that cannot be opened now: each request gets the 503 that says why, until it can (FeedSite).
    """

    def __init__(
        self, library: Library | Path, host: str = "127.0.0.1", port: int = 8080, log: Callable[[str], None] | None = None,
        request_timeout: float = REQUEST_TIMEOUT, write_timeout: float = WRITE_TIMEOUT, max_connections: int = MAX_CONNECTIONS,
        allowed_hosts: Iterable[str] = (), limit: int = SERVED_ARTICLES,
    ) -> None:  # fmt: skip
        self.socket = socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET, backlog=128)
        self.host = host
        self.server_address = self.socket.getsockname()
        shown_host = f"[{host}]" if ":" in host else host
        self.url = f"http://{shown_host}:{self.server_address[1]}"
        self.log = log or (lambda line: None)
        self.site = FeedSite(library, self.url, warn=lambda message: self.log(terminal_safe(_("warning: {message}").format(message=message))), limit=limit)
        self.request_timeout = request_timeout
        self.write_timeout = write_timeout
        self.max_connections = max_connections
        self.allowed_hosts = frozenset(h.lower().removesuffix(".") for h in allowed_hosts)
        self._loop = asyncio.new_event_loop()
        self._loop.set_exception_handler(self._loop_error)
        self._workers = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="nieuws-tui-serve")
        self._stop = asyncio.Event()
        self._stopped = threading.Event()
        self._connections: set[asyncio.Task[None]] = set()  # every one, to end at a stop
        self._admitted: set[asyncio.StreamWriter] = set()  # of them, those within max_connections
        # Of those, the ones kept alive and waiting for their next request, none of it come yet: the oldest first.
        self._idle: dict[asyncio.StreamWriter, None] = {}
        self._lingering = 0  # of them, those answered, waiting for their client to read the last answer (_linger)

    def _loop_error(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        error = context.get("exception")
        if isinstance(error, asyncio.CancelledError):
            return  # a connection ended by a stop (Ctrl-C): no error
        self.log(terminal_safe(_("error: {message}").format(message=repr(error or context["message"]))))

    def serve_forever(self) -> None:
        """Answer until `shutdown` (from another thread) or Ctrl-C, which raises KeyboardInterrupt once every connection has ended.

        In the main thread Ctrl-C is taken by the loop as a stop, like `shutdown`: raised
        where it lands, it could break off one of the loop's own callbacks half done (a
        connection never counted as closed), and the server then waited for it for ever."""
        interrupted = threading.Event()

        def stop_on_ctrl_c() -> None:
            interrupted.set()
            self._stop.set()

        handles_ctrl_c = threading.current_thread() is threading.main_thread()
        main: asyncio.Task[None] | None = None
        try:  # a Ctrl-C before the loop takes it over is raised here, with nothing left half made
            if handles_ctrl_c:  # and a SIGTERM (systemd's stop, `kill`) as a Ctrl-C
                for number in STOPS:
                    self._loop.add_signal_handler(number, stop_on_ctrl_c)
            main = self._loop.create_task(self._serve())
            self._loop.run_until_complete(main)
        except BaseException:  # let every connection end before the loop does
            if main is not None:
                main.cancel()
                self._loop.run_until_complete(asyncio.gather(main, return_exceptions=True))
            raise
        finally:
            if handles_ctrl_c:
                for number in STOPS:
                    self._loop.remove_signal_handler(number)
            self._stopped.set()
        if interrupted.is_set():
            raise KeyboardInterrupt

    def shutdown(self) -> None:
        """Make serve_forever return, and wait until it has."""
        self._loop.call_soon_threadsafe(self._stop.set)
        self._stopped.wait()

    def server_close(self) -> None:
        self._workers.shutdown(wait=False, cancel_futures=True)
        if not self._loop.is_running():
            self._loop.close()
        self.socket.close()

    async def _serve(self) -> None:
        server = await asyncio.start_server(self._connection, sock=self.socket, limit=MAX_HEAD)
        try:
            async with server:
                await self._stop.wait()
        finally:
            for task in list(self._connections):
                task.cancel()
            await asyncio.gather(*self._connections, return_exceptions=True)

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        peer = writer.get_extra_info("peername")
        client = str(peer[0]) if peer else "-"
        admitted = self._admit(writer)
        lingering = False
        try:
            answered = True
            if admitted:
                kept_alive = False
                while (going := await self._exchange(reader, writer, client, kept_alive)) is True:
                    kept_alive = True
                answered = going is False
            else:
                await self._send(writer, client, "-", self._busy(), False)
            # Answered: its place is free for the next client while this one reads the last answer. A client
            # that keeps its end open holds the connection for LINGER: as many of them as may be admitted, no
            # more, or a flood of connections would run the process out of file descriptors. Beyond that the
            # connection is closed at once, which a client that sent nothing more reads whole all the same.
            self._admitted.discard(writer)
            if answered and self._lingering < self.max_connections:
                self._lingering += 1
                lingering = True
                await _linger(reader, writer)
        except (TimeoutError, ConnectionError):
            writer.transport.abort()  # the client left, or would not take its answer: what it did not take is dropped
        finally:
            self._admitted.discard(writer)
            self._lingering -= lingering
            self._connections.discard(task)
            writer.close()

    def _admit(self, writer: asyncio.StreamWriter) -> bool:
        """Whether a new connection gets a place among max_connections. When they are all taken, the connection
        idle the longest between two requests is closed to make room, as nginx and Apache do: otherwise one
        client's keep-alive connections, each answered and then left open, would hold everyone else off until
        the request timeout. A connection that has sent part of a request, or none yet, keeps its place."""
        if len(self._admitted) >= self.max_connections and self._idle:
            idle = next(iter(self._idle))
            del self._idle[idle]
            self._admitted.discard(idle)
            idle.close()  # its reader sees the end at once: _exchange returns without a word
        if len(self._admitted) >= self.max_connections:
            return False
        self._admitted.add(writer)
        return True

    def _busy(self) -> _Reply:
        """What a connection beyond max_connections gets, unread, when none is idle to make room: by the Retry-After
        every request under way then has been read whole, or cut off."""
        busy = _plain(HTTPStatus.SERVICE_UNAVAILABLE, _("Too many connections at once; try again in a moment.") + "\n")
        return dataclasses.replace(busy, headers=[*busy.headers, ("Retry-After", str(math.ceil(self.request_timeout)))])

    async def _exchange(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, client: str, kept_alive: bool) -> bool | None:
        """One request and its answer, on a connection new or `kept_alive` after an answer; whether the connection
        stays open for the next (None: no answer was sent)."""
        try:
            async with asyncio.timeout(self.request_timeout):
                lines = await _read_head(reader, await self._next_request(reader, writer) if kept_alive else b"")
        except (TimeoutError, asyncio.IncompleteReadError):
            return None  # gone, or too slow to say what it wants: closed without a word
        request = lines if isinstance(lines, _Reply) else _parse(lines)
        if isinstance(request, _Reply):
            await self._send(writer, client, "-", request, False)
            return False
        if request.host is not None and not _names_this_server(request.host, self.host, self.allowed_hosts):
            # 421 rather than 403: not a client refused, but a name this server does not serve (RFC 9110 §15.5.20).
            misdirected = _plain(HTTPStatus.MISDIRECTED_REQUEST, _("This server does not answer to that host name; its feeds are at {url}/").format(url=self.url) + "\n")
            await self._send(writer, client, request.line, _to(request, misdirected), False)
            return False
        if request.method not in SERVED_METHODS:
            await self._send(writer, client, request.line, _not_served(request.method), False)
            return False
        try:
            response = await self._loop.run_in_executor(self._workers, self.site.answer, request.path) if request.path.isascii() else None
        except StorageError as error:  # a damaged library is said as it is: never a feed missing articles
            self.log(terminal_safe(f"{client} " + _("error: {message}").format(message=error)))
            unreadable = _plain(HTTPStatus.SERVICE_UNAVAILABLE, terminal_safe(_("The library cannot be read: {reason}").format(reason=error)) + "\n")
            await self._send(writer, client, request.line, _to(request, unreadable), False)
            return False
        except Exception as error:  # noqa: BLE001 - a bug; the next request may do better
            self.log(terminal_safe(f"{client} " + _("error: {message}").format(message=repr(error))))
            await self._send(writer, client, request.line, _to(request, _plain(HTTPStatus.INTERNAL_SERVER_ERROR, _("The library cannot be read now.") + "\n")), False)
            return False
        reply = _reply(request, response)
        await self._send(writer, client, request.line, reply, request.keep_alive)
        return request.keep_alive

    async def _next_request(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bytes:
        """The first byte of the next request on a kept-alive connection (none at its end); until it comes,
        the connection is idle, and may be closed to make room for a new client (_admit)."""
        self._idle[writer] = None
        try:
            return await reader.read(1)
        finally:
            self._idle.pop(writer, None)

    async def _send(self, writer: asyncio.StreamWriter, client: str, line: str, reply: _Reply, keep_alive: bool) -> None:
        """Send an answer; the last on its connection (not `keep_alive`) says so."""
        status = f"HTTP/1.1 {reply.status.value} {reply.status.phrase}"
        headers = [("Server", "nieuws-tui"), ("Date", formatdate(usegmt=True)), *reply.headers]
        if not keep_alive:
            headers.append(("Connection", "close"))
        head = "\r\n".join([status, *(f"{name}: {value}" for name, value in headers)]) + "\r\n\r\n"
        self.log(terminal_safe(f'{client} "{line}" {reply.status.value} {len(reply.body) if reply.send_body else "-"}'))
        writer.write(head.encode("latin-1"))
        # A piece at a time: the transport copies what the client has not taken yet, and a client that
        # never reads would hold a copy of the whole feed (tens of MB) for as long as it stays connected.
        body = memoryview(reply.body if reply.send_body else b"")
        for start in range(0, len(body), SEND_PIECE):
            writer.write(body[start : start + SEND_PIECE])
            async with asyncio.timeout(self.write_timeout):
                await writer.drain()
        async with asyncio.timeout(self.write_timeout):
            await writer.drain()


async def _linger(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Let the client read the last answer before the connection closes, however much it still sends.

    A connection closed with data of the client's unread is reset by the system, and a reset may reach
    the client before it has read the answer, which is lost: the 431 for a head too large, sent while
    the client still sends the rest of it. So writing is shut down, which the client reads as the end
    of the answer, and what it still sends is read and dropped until it closes too, for LINGER at most
    (Apache's and nginx's lingering close)."""
    with contextlib.suppress(OSError):  # the client reset the connection already: nothing is left to read
        writer.write_eof()
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(LINGER):
            while await reader.read(SEND_PIECE):
                pass


def _to(request: _Request, reply: _Reply) -> _Reply:
    """`reply` as the answer to `request`: without its body for a HEAD."""
    return dataclasses.replace(reply, send_body=reply.send_body and request.method != "HEAD")


def _reply(request: _Request, response: Response | None) -> _Reply:
    """What a GET or HEAD gets: the feed (gzipped when asked), a 304, or a 404."""
    send_body = request.method == "GET"
    if response is None:
        return _to(request, _plain(HTTPStatus.NOT_FOUND, _("Not found. The feeds are listed at /") + "\n"))
    use_gzip = _accepts_gzip(request.headers.get("accept-encoding", ""))
    common = [
        ("ETag", _etag(response, use_gzip)),
        ("Last-Modified", format_datetime(response.last_modified, usegmt=True)),
        ("Cache-Control", "no-cache"),
        ("Vary", "Accept-Encoding"),
    ]
    if _not_modified(request.headers, response):
        return _Reply(HTTPStatus.NOT_MODIFIED, common, send_body=False)
    body = response.gzipped if use_gzip else response.body
    headers = [*common, ("Content-Type", response.content_type), ("Content-Length", str(len(body)))]
    if use_gzip:
        headers.append(("Content-Encoding", "gzip"))
    return _Reply(HTTPStatus.OK, headers, body, send_body)


def _accepts_gzip(accepted: str) -> bool:
    """Whether an Accept-Encoding takes gzip: named (or `*`) with a weight above 0 (`gzip;q=0` refuses it)."""
    weights: dict[str, float] = {}
    for part in accepted.lower().split(",", MAX_CODINGS)[:MAX_CODINGS]:  # a hostile 16 kB of `a,a,…` would cost the loop milliseconds
        coding, *parameters = [p.strip() for p in part.split(";")]
        weight = 1.0
        for parameter in parameters:
            name, _equals, value = parameter.partition("=")
            if name.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weights[coding] = weight
    return weights.get("gzip", weights.get("x-gzip", weights.get("*", 0.0))) > 0


def _etag(response: Response, gzipped: bool) -> str:
    """The ETag of the answer, gzipped or not: a strong one names one body, byte for byte, and the two codings of
    a feed are two bodies (RFC 9110 §8.8.3), so the gzipped one has `-gzip` added, as Apache has it."""
    return response.etag[:-1] + '-gzip"' if gzipped else response.etag


def _not_modified(headers: dict[str, str], response: Response) -> bool:
    tags = headers.get("if-none-match")
    if tags is not None:
        etag = _etag(response, _accepts_gzip(headers.get("accept-encoding", "")))
        return tags.strip() == "*" or etag in [t.strip().removeprefix("W/") for t in tags.split(",")]
    since = headers.get("if-modified-since")
    if since and response.settled:
        # Only the very date, as nginx has it by default: a later one may be of another body, a client's
        # own clock, or a date of this library before it was restored from a backup.
        try:
            return parsedate_to_datetime(since) == response.last_modified
        except (TypeError, ValueError):
            return False
    return False
