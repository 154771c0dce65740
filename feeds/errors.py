"""The errors nieuws-tui reports to its user: one base class, each message one line that names what it is about;
and `why`, the reason an error from outside the program gives, said in the user's language.

The system, SQLite, the network and the parsers say what went wrong in English, whatever the
locale. `why` says it in the interface's language instead: the system's errors by their errno,
SQLite's by their result code, the network's by their kind, a parser's by where it stopped.
"""

from __future__ import annotations

import errno
import re
import sys

from feeds.language import ENGLISH, N_, language
from feeds.language import gettext as _


class NieuwsError(Exception):
    """Something the user should be told in one line; the command line exits non-zero with it."""


class StorageError(NieuwsError):
    """A library file that cannot be used as it is. The message names the file."""


class DamagedFile(StorageError):
    """A library file that was read and does not hold what it should (not one that could not be read)."""


class UnreadableDocument(ValueError):
    """A page or feed this program cannot read: not text, not a news page, not a feed, or beyond
    the bounds of one. The message is one line; the caller names the file or URL."""


# -- why: the reason an outside error gives, in the user's language -------------------------------

# In English as the C library says them (that is what users search for); the network's as fetch has always said them.
_SYSTEM = {
    errno.EACCES: N_("Permission denied"),
    errno.EPERM: N_("Operation not permitted"),
    errno.ENOENT: N_("No such file or directory"),
    errno.EEXIST: N_("File exists"),
    errno.EISDIR: N_("Is a directory"),
    errno.ENOTDIR: N_("Not a directory"),
    errno.ENOTEMPTY: N_("Directory not empty"),
    errno.ENOSPC: N_("No space left on device"),
    errno.EDQUOT: N_("Disk quota exceeded"),
    errno.EFBIG: N_("File too large"),
    errno.EROFS: N_("Read-only file system"),
    errno.EIO: N_("Input/output error"),
    errno.ENAMETOOLONG: N_("File name too long"),
    errno.ELOOP: N_("Too many levels of symbolic links"),
    errno.EMFILE: N_("Too many open files"),
    errno.ENFILE: N_("Too many open files"),
    errno.EBUSY: N_("Device or resource busy"),
    errno.EINVAL: N_("Invalid argument"),
    errno.ENOMEM: N_("Cannot allocate memory"),
    errno.EPIPE: N_("Broken pipe"),
    errno.EADDRINUSE: N_("Address already in use"),
    errno.EADDRNOTAVAIL: N_("Cannot assign requested address"),
    errno.ECONNREFUSED: N_("connection refused"),
    errno.ECONNRESET: N_("connection reset by the other side"),
    errno.ECONNABORTED: N_("connection aborted"),
    errno.ETIMEDOUT: N_("timed out"),
    errno.EHOSTUNREACH: N_("host unreachable"),
    errno.EHOSTDOWN: N_("host unreachable"),
    errno.ENETUNREACH: N_("network unreachable"),
    errno.ENETDOWN: N_("network unreachable"),
}

# SQLite's fixed message of each primary result code (sqlite3_errstr), for those a library file can meet.
_SQLITE = {
    3: N_("access permission denied"),  # SQLITE_PERM
    5: N_("database is locked"),  # SQLITE_BUSY
    6: N_("database table is locked"),  # SQLITE_LOCKED
    7: N_("out of memory"),  # SQLITE_NOMEM
    8: N_("attempt to write a readonly database"),  # SQLITE_READONLY
    9: N_("interrupted"),  # SQLITE_INTERRUPT
    10: N_("disk I/O error"),  # SQLITE_IOERR
    11: N_("database disk image is malformed"),  # SQLITE_CORRUPT
    13: N_("database or disk is full"),  # SQLITE_FULL
    14: N_("unable to open database file"),  # SQLITE_CANTOPEN
    15: N_("locking protocol"),  # SQLITE_PROTOCOL
    18: N_("string or blob too big"),  # SQLITE_TOOBIG
    22: N_("large file support is disabled"),  # SQLITE_NOLFS
    26: N_("file is not a database"),  # SQLITE_NOTADB
}

# What a certificate that failed verification has against it, by OpenSSL's X509_V_ERR_ code.
_CERTIFICATE = {
    9: N_("the site's certificate is not valid yet"),
    10: N_("the site's certificate has expired"),
    18: N_("the site's certificate is self-signed"),
    19: N_("the site's certificate is signed by an authority that is not trusted"),
    20: N_("the site's certificate is signed by an authority that is not trusted"),
    21: N_("the site's certificate is signed by an authority that is not trusted"),
    23: N_("the site's certificate has been revoked"),
    62: N_("the site's certificate is for another name"),
}

# Why a secure connection failed, by OpenSSL's name for the reason (SSLError.reason), for the reasons sites give most.
_TLS = {
    "CERTIFICATE_VERIFY_FAILED": N_("the site's certificate cannot be verified"),
    "WRONG_VERSION_NUMBER": N_("the server does not answer in TLS there (is the address http:// rather than https://?)"),
    "PACKET_LENGTH_TOO_LONG": N_("the server does not answer in TLS there (is the address http:// rather than https://?)"),
    "SSLV3_ALERT_HANDSHAKE_FAILURE": N_("the server and this program agree on no way to secure the connection"),
    "NO_CIPHERS_AVAILABLE": N_("the server and this program agree on no way to secure the connection"),
    "UNSUPPORTED_PROTOCOL": N_("the server speaks only a TLS version that is not accepted (an old one)"),
    "TLSV1_ALERT_PROTOCOL_VERSION": N_("the server speaks only a TLS version that is not accepted (an old one)"),
    "NO_PROTOCOLS_AVAILABLE": N_("the server speaks only a TLS version that is not accepted (an old one)"),
    "UNEXPECTED_EOF_WHILE_READING": N_("the server broke off the secure connection"),
}

# lxml's words for a value it will not write: its ValueErrors are told apart by these alone.
_LXML = {
    "All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters": N_(
        "a text with a character that XML does not allow (a control character or NUL)"
    ),
}

_TOML_PLACE = re.compile(r"\(at (?:line (\d+), column (\d+)|end of document)\)$")


def why(error: BaseException) -> str:
    """What went wrong, in a few words of the interface's language, to follow a message that names the file or URL.

    An error of the program's own is in that language already, and is said as it is; so is one
    from outside that is none of those known here (an errno this table has not: the system's words).
    """
    chain = _chain(error)
    for link in reversed(chain):  # the innermost says it best: a refused connection, not "cannot connect"
        said = _system(link) or _sqlite(link) or _parsed(link) or _written(link) or _json(link) or _idna(link)
        if said:
            return said
    return next((said for link in chain if (said := _http(link))), None) or str(error) or type(error).__name__


def _chain(error: BaseException) -> list[BaseException]:
    """The error and, under an HTTP client's error, the one it was raised for. (httpcore keeps that
    as the context of its own error, not as its cause.) An error of anyone else's is the last link."""
    chain = [error]
    while type(chain[-1]).__module__.partition(".")[0] in ("httpx", "httpcore") and len(chain) < 8:
        under = chain[-1].__cause__ or chain[-1].__context__
        if under is None:
            break
        chain.append(under)
    return chain


def _system(error: BaseException) -> str | None:
    if not isinstance(error, OSError):
        return None
    if "ssl" in sys.modules:  # (an error of ssl's can only come once it is imported)
        import ssl

        if isinstance(error, ssl.SSLCertVerificationError):
            said = _CERTIFICATE.get(error.verify_code, N_("the site's certificate cannot be verified"))
            return _(said)
        if isinstance(error, ssl.SSLError):  # its errno is OpenSSL's, not the system's
            code = getattr(error, "reason", None)  # OpenSSL's name for it, such as WRONG_VERSION_NUMBER
            if code in _TLS:
                return _(_TLS[code])
            return _("the secure connection (TLS) failed") + (f" ({code})" if code else "")  # a rare one: its name, for whoever looks it up
    if "socket" in sys.modules:
        import socket

        # socket.create_server says a name not found as an OSError of the lookup's (negative) code
        if isinstance(error, socket.gaierror) or (isinstance(error.errno, int) and error.errno < 0):
            found_nothing = (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME))
            return _("host not found (DNS)") if error.errno in found_nothing else _("name lookup failed (DNS)")
    if isinstance(error, TimeoutError):
        return _("timed out")
    if error.errno in _SYSTEM:
        return _(_SYSTEM[error.errno])
    return error.strerror or str(error) or None  # a rare one in the system's words; NotAFile's in ours


def _sqlite(error: BaseException) -> str | None:
    if "sqlite3" not in sys.modules:
        return None
    import sqlite3

    if not isinstance(error, sqlite3.Error):
        return None
    code = sqlite_code(error)
    if code is None:  # Python's sqlite3 module's own (a closed connection): a fault of the program's, said as it is
        return str(error)
    if code in _SQLITE:
        return sqlite_reason(code)
    # What a file of another program lacks, as SQLite says it when a query names it (a cache.db that is no newsboat's)
    if missing := re.fullmatch(r"no such (table|column): ([\w.]{1,64})", str(error)):
        kind, name = missing.groups()
        return (_("it has no table {name}") if kind == "table" else _("a table has no column {name}")).format(name=name)
    # A rare one by its name (SQLITE_MISMATCH), the same in every language and what SQLite's documentation goes by, not by its
    # English words; but for the generic SQLITE_ERROR, whose name says nothing (`duplicate column name: x`, a file altered elsewhere)
    name = str(getattr(error, "sqlite_errorname", code))
    if code == sqlite3.SQLITE_ERROR:
        return f"{name}: {error}"
    # A failed constraint keeps where it failed, the names SQLite gives after its words (`…failed: t.b, t.c`).
    where = re.search(r": ([\w.]{1,64}(?:, [\w.]{1,64}){0,15})$", str(error)) if code == sqlite3.SQLITE_CONSTRAINT else None
    return f"{name}: {where[1]}" if where else name


def sqlite_reason(code: int) -> str:
    """SQLite's fixed message of one of its primary result codes that a library file can meet, in the interface's language."""
    return _(_SQLITE[code])


def sqlite_code(error: BaseException) -> int | None:
    """SQLite's primary result code for an error of its (SQLITE_BUSY, SQLITE_CORRUPT); None for any other
    error, Python's sqlite3 module's own included."""
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None  # an extended code has its primary one in the low byte


def _parsed(error: BaseException) -> str | None:
    """Where a parser stopped, in the interface's language; the parser's own words (English) for an English reader."""
    if isinstance(error, UnicodeDecodeError):
        where = error.object[: error.start].count(b"\n") + 1  # the line, as an editor shows it
        return _("no {encoding} text on line {line}").format(encoding=error.encoding.upper(), line=where)
    place = _place(error)
    if place is None:
        return None
    if language() == ENGLISH:
        return str(error)
    line, column = place
    if line is None:
        return _("at the end of the document")
    return _("line {line}, column {column}").format(line=line, column=column) if column else _("line {line}").format(line=line)


def _idna(error: BaseException) -> str | None:
    """A host that is no international domain name (`xn--`, `☃.example`), which the idna library says in English."""
    return _("its host is no valid international domain name") if type(error).__module__.partition(".")[0] == "idna" else None


def _place(error: BaseException) -> tuple[int | None, int | None] | None:
    """(line, column) where a parser gave up, (None, None) at the end; None for an error of no parser."""
    if isinstance(error, SyntaxError):  # lxml's XMLSyntaxError, whose offset counts from 0 and position from 1
        position: tuple[int | None, int | None] = getattr(error, "position", (error.lineno, error.offset))
        return position
    if "json" in sys.modules:  # orjson's errors are json's
        import json

        if isinstance(error, json.JSONDecodeError):
            return error.lineno, error.colno
    if "tomllib" in sys.modules:
        import tomllib

        if isinstance(error, tomllib.TOMLDecodeError):  # its place is in its words only (before Python 3.14)
            found = _TOML_PLACE.search(str(error))
            if found:
                return (int(found[1]), int(found[2])) if found[1] else (None, None)
    if "xml.sax" in sys.modules:  # feedparser's
        from xml.sax import SAXParseException

        if isinstance(error, SAXParseException):
            column = error.getColumnNumber()
            return error.getLineNumber(), None if column is None else column + 1  # its columns count from 0
    return None


def _written(error: BaseException) -> str | None:
    """What lxml would not write: a text it refuses, or a character no UTF-8 holds (a lone surrogate)."""
    if "lxml" not in sys.modules:
        return None
    if isinstance(error, UnicodeEncodeError):
        return _("a character that cannot be written in {encoding}").format(encoding=error.encoding.upper())
    said = _LXML.get(str(error)) if type(error) is ValueError else None
    return _(said) if said else None


# The start of orjson's words for each value it will not write: its errors are plain TypeErrors, told apart by these alone.
_NOT_JSON = ("Type is not JSON serializable", "Integer exceeds 64-bit range", "Dict key must be str", "Recursion limit reached")


def _json(error: BaseException) -> str | None:
    """What orjson would not write: a text no UTF-8 holds (a lone surrogate, as in a file name that is no UTF-8), or a value no JSON holds."""
    if type(error) is not TypeError:
        return None
    if str(error).startswith("str is not valid UTF-8"):
        return _("a character that cannot be written in {encoding}").format(encoding="UTF-8")
    return _("a value that JSON cannot hold") if str(error).startswith(_NOT_JSON) else None


# What is wrong in an answer, by the start of h11's and httpx's words for it, where "broke off its answer, or it is no
# HTTP" would send the user looking for a network fault.
_BROKEN_ANSWERS = (
    ("Receive buffer too long", N_("the server's headers are too large")),
    ("illegal header line", N_("the server sent a header that is no HTTP header")),
)


def _http(error: BaseException) -> str | None:
    """An HTTP client's error with nothing under it to say why: said by its kind."""
    if "httpx" not in sys.modules:
        return None
    import httpx

    kinds: list[tuple[type[Exception], str]] = [
        (httpx.TimeoutException, N_("timed out")),
        (httpx.UnsupportedProtocol, N_("not an http(s) URL")),
        (httpx.InvalidURL, N_("it holds a character or a part that no URL may hold")),
        (httpx.ProxyError, N_("the proxy failed")),
        (httpx.ConnectError, N_("cannot connect")),
        (httpx.RemoteProtocolError, N_("the server broke off its answer, or it is no HTTP")),
        (httpx.DecodingError, N_("the answer's compression is damaged")),
        (httpx.NetworkError, N_("the connection failed")),
    ]
    broken = next((said for start, said in _BROKEN_ANSWERS if str(error).startswith(start)), None)
    if broken is not None and isinstance(error, httpx.RemoteProtocolError):
        return _(broken)
    said = next((_(said) for kind, said in kinds if isinstance(error, kind)), None)
    if said is None and isinstance(error, httpx.HTTPError):  # a kind not seen from a server yet: in httpx's words
        said = _("HTTP error ({reason})").format(reason=str(error) or type(error).__name__)
    return said
