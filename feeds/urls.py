"""Article URLs and ids.

ZeelandNet names an article after its title: `https://www.zeelandnet.nl/nieuws/<slug>`.
The id is derived from the URL alone, so the same story gets the same id
whichever page (teaser list, index, full page, feed) it came from.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import unicodedata
from collections.abc import Iterable, Sequence
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

import idna

from feeds.clean import BELL_MARK, ESCAPE_MARK, TERMINAL_UNSAFE, escapes_removed, terminal_safe
from feeds.language import gettext as _
from feeds.language import grouped

ZEELANDNET_NEWS = "https://www.zeelandnet.nl/nieuws/"
MAX_URL_LENGTH = 8192
MAX_SLUG = 200
WEB_SCHEMES = ("http", "https")
ID_LENGTH = 12  # hexadecimal digits of an article id (article_id)
ID_FORMAT = f"0{ID_LENGTH}x"  # the format spec that writes an id read as a number (int(id, 16)) as the id again
# Characters that have no business in a link as stored: spaces (a URL is one token) and what
# must never reach a terminal as it is (an escape sequence in a link would reach the terminal
# of whoever opens the article; invisible and bidi characters would show another link).
_NOT_IN_URL = re.compile(f"[ {TERMINAL_UNSAFE}]")
# ASCII's control characters, DEL among them, Latin-1's (U+0080-U+009F: U+0085 is a line break to some, U+009B an
# escape to a terminal) and the line and paragraph separators: in a source's address, typed, written into config.toml
# by hand or in an imported list, the stray keys of a paste, invisible where it is shown. web_url percent-encodes them
# into an address nobody meant; httpx refuses those of ASCII as they are.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# What may stand around a source's address, typed, pasted or read from a file, without its being refused, and is no part
# of it: ASCII's white space, and the spaces a copy from a web page brings along (no-break, thin, ideographic, zero-width,
# the byte order mark), which a browser would percent-encode into an address no site has. Not str.strip()'s, which is
# \x1c-\x1f, U+0085 and the line separators too: those a source's address (source_url) refuses wherever they are in
# it; looked past, they were taken into an address nobody meant.
WHITE_SPACE = " \t\n\r\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f\u3000\ufeff"
# What is trimmed from both ends of an address before it is read: the C0 controls and the space, as browsers trim them
# (the WHATWG URL standard), and Unicode's white space, as str.strip() trimmed it before: a link's id is made of its
# address (article_id), and one of a story stored then must stay the same. A browser would keep U+00A0 or U+3000 at
# an end, percent-encoded into an address no site has: they come with a copy from a page, as around a source's.
_TRIMMED = "".join(map(chr, range(0x21))) + "".join(c for c in map(chr, range(0x80, 0x3001)) if c.isspace())
# A host as urlsplit gives it: a name of letters (IDN too), digits, dots, hyphens and
# underscores, or an IPv6 address without its brackets.
_HOST = re.compile(r"[\w.-]+|[0-9a-f:.]+")
# An absolute http(s) URL that every step below would leave as it is: a host of letters,
# digits, dots and hyphens without port or user, then path and query characters only, not
# ending in the `?` or `;` that splitting and joining again would drop. Most links are.
_PLAIN_WEB = re.compile(r"https?://[A-Za-z0-9.-]+(?:/[A-Za-z0-9\-._~!$&'()*+,=:@%/;?]*[A-Za-z0-9\-._~!$&'()*+,=:@%/])?", re.ASCII)

_NON_SLUG = re.compile(r"[^a-z0-9]+")
# Letters that Unicode does not decompose into ASCII plus an accent.
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "þ": "th"})


def slugify(title: str) -> str:
    """Lower case, accents folded to ASCII, every run of other characters a single '-'."""
    folded = unicodedata.normalize("NFKD", title.lower().translate(_FOLD))
    ascii_only = folded.encode("ascii", "ignore").decode("ascii")
    return _NON_SLUG.sub("-", ascii_only).strip("-")


def section_slug(section: str) -> str:
    """The one name of a section in paths and comparisons: `Eén`, `een` and `EEN` are one section,
    `/sections/een.atom` on the server and in exported self links. A name without a letter or
    digit of the Latin alphabet is named by its hash. A name typed as bytes that are no UTF-8 (`--section`, which
    os.fsdecode gives lone surrogates) has one too, and is no stored section's: their names are clean."""
    return slugify(section) or "section-" + hashlib.sha1(section.casefold().encode("utf-8", "surrogatepass")).hexdigest()[:10]


def section_slugs(sections: Iterable[str]) -> dict[str, str]:
    """Each section's own slug in paths. Names that come out as one slug (`A B`, `a_b`; `Een Tech`, `Eén Tech`)
    each get one of their own: the first of them in the order of their names keeps it, and each other one has a
    hash of its name added. A section's address then hangs on the names there are alone: not on which articles a
    prune left, or a feed rewrote, as an order of the library's rows did."""
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for section in sorted(sections):
        slug = section_slug(section)
        if slug in taken:
            slug += "-" + hashlib.sha1(section.encode()).hexdigest()[:10]
        taken.add(slug)
        slugs[section] = slug
    return slugs


def is_zeelandnet(url: str) -> bool:
    """An address on ZeelandNet's site, whose sections and article pages the library knows how to read."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return False
    return host == "zeelandnet.nl" or host.endswith(".zeelandnet.nl")


def site_of(url: str) -> str | None:
    """The site an address is on: its host, `www.` or not, ZeelandNet's hosts one site; None where it has none."""
    if is_zeelandnet(url):
        return "zeelandnet.nl"
    origin = _origin(url)
    return origin[1].removeprefix("www.") if origin is not None else None


def url_for_title(title: str) -> str:
    # The site's slugs are a title's length; a hostile page's endless title must not make an endless URL.
    return ZEELANDNET_NEWS + (slugify(title)[:MAX_SLUG].strip("-") or "artikel")


# An address already spelled the one way: lower-case scheme and host, a path not ending in '/', no query or fragment.
_NORMAL = re.compile(r"https?://[a-z0-9.\-]+(?::[0-9]+)?/[^\s#?]*[^\x00-\x20\s#?/]")


def trimmed(url: str) -> str:
    """`url` without the C0 controls and white space at its ends: the one trimming of every reading of an address."""
    return url.strip(_TRIMMED)


def normalize_url(url: str) -> str:
    """One spelling per address, what an article's id is made of (article_id): scheme and host in lower case, no
    fragment, no trailing '/'. An identity only: a server that does not redirect `/post` to `/post/` answers 404 for
    it, and so an address that is requested, opened or exported is spelled as link_url spells it."""
    if _NORMAL.fullmatch(url):
        return url  # most are, and splitting an address costs more than checking it
    return _spelled(url, keep_slash=False)


# Substack's image server, which serves a post's picture at any size and in any format (`w_1456`, `f_webp`), and the
# original it serves it from, whose address it holds in its own, percent-encoded.
_SUBSTACK_PICTURE = re.compile(r"(?:https://substackcdn\.com/image/fetch/[^/]*/)?(https?://substack-post-media\.s3\.amazonaws\.com/public/images/[^/?#]+)", re.IGNORECASE)


def picture_key(url: str) -> str:
    """One spelling per picture, to tell whether two addresses show the same one: a Substack picture's original's at
    whatever size it is served (_SUBSTACK_PICTURE), else normalize_url's."""
    substack = _SUBSTACK_PICTURE.match(unquote(url))
    return normalize_url(substack[1] if substack else url)


def link_url(url: str) -> str:
    """An article's link as it is stored, opened and exported: normalize_url's spelling with the '/' its path ends in,
    the publisher's, kept. Its normalize_url is normalize_url's of `url`: an article's id stays the one it had."""
    if _NORMAL.fullmatch(url):
        return url  # (no trailing '/' to keep)
    return _spelled(url, keep_slash=True)


def _spelled(url: str, keep_slash: bool) -> str:
    parts = urlsplit(trimmed(url))
    path = (parts.path if keep_slash else parts.path.rstrip("/")) or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


# The scheme and the authority of an address, as urlsplit finds them: the authority after `//`, up to its path,
# query or fragment. Found by this, not by urlsplit, which raises ValueError for a host it cannot read (`[oops`).
_AUTHORITY = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*:)?//(?P<netloc>[^/?#]*)")


def without_credentials(url: str) -> str:
    """The address without the user name and password it may carry. A source's are for fetching it:
    the links of its articles are shown, exported and served, and a name before an `@`
    (`https://www.bank.example@elders.example/`) only hides the host a link leads to. Any text is
    an address here (a config.toml edited by hand may hold one no parser reads): it never raises."""
    return _split_userinfo(url)[0]


# An address without an authority whose start is a user's (`mailto:anna:geheim@host`): its scheme, and what comes
# before the last `@` ahead of its query.
_MAILBOX = re.compile(r"\A([A-Za-z][A-Za-z0-9+.-]*:)(?!//)[^?#]*@")
# An address's query and fragment: `?token=8f3a`, `?api_key=`, `#access_token=` are a secret as often as a password is.
_QUERY = re.compile(r"[?#].*", re.DOTALL)


def without_secrets(url: str) -> str:
    """An address from outside as a message names it, without what may be a secret in it: its user name and password
    (of a mailbox too: `mailto:…@host`), and its query and fragment, whose place `?…` shows. Never raises."""
    return _QUERY.sub("?…", _MAILBOX.sub(r"\1…@", without_credentials(url), count=1), count=1)


SHOWN_URL_LENGTH = 120  # characters of an address a one-line message says: its start tells it, and the line stays one


def shown_url(url: str, most: int = SHOWN_URL_LENGTH) -> str:
    """An address (or another name) as a one-line message says it: shown as terminal_safe shows it, and one of more
    than `most` characters cut short, an ellipsis for the rest. An error that echoed an address of thousands of
    characters filled the screen with it. Cut after the escaping: an escape is up to ten characters of the line."""
    shown = terminal_safe(url)
    return shown if len(shown) <= most else shown[: most - 1] + "…"


def _split_userinfo(url: str) -> tuple[str, str | None]:
    """The address without what comes before the `@` of its authority, and that (`user:password`), or None."""
    if "@" not in url:
        return url, None  # most are, and looking into an address costs more than checking it
    authority = _AUTHORITY.match(url)
    if authority is None or "@" not in authority["netloc"]:
        return url, None
    userinfo, _at, host = authority["netloc"].rpartition("@")
    return url[: authority.start("netloc")] + host + url[authority.end("netloc") :], userinfo


def _with_userinfo(url: str, userinfo: str) -> str:
    """`url`, which has no user name, with `userinfo` before its host."""
    authority = _AUTHORITY.match(url)
    assert authority is not None, "only an address with a host is given a user"
    return url[: authority.start("netloc")] + userinfo + "@" + url[authority.start("netloc") :]


def _split_user(url: str) -> tuple[str, str | None]:
    """The address without its user name and password, and the user name (`anna` of `anna:secret`), or None."""
    clean, userinfo = _split_userinfo(url)
    return clean, None if userinfo is None else userinfo.partition(":")[0]


def user_name(url: str) -> str | None:
    """The user name an address carries (`anna` of `https://anna:secret@host/feed`), or None: the account it is read as."""
    return _split_user(url)[1]


def without_password(url: str) -> str:
    """The address with its user name but without its password (`https://anna@host/feed`): what tells one account's
    requests from another's where the password may not be kept."""
    clean, user = _split_user(url)
    return url if user is None else _with_userinfo(clean, user)


SHOWN_USER = 12  # characters of a user name shown whole; a longer one is most often a token (`https://TOKEN@host/feed`)


def _shortened(user: str) -> str:
    return user if len(user) <= SHOWN_USER else user[:4] + "…"


def shown_user(user: str, users: Sequence[str] = ()) -> str:
    """A source's user name as it is shown to the user it belongs to: whole, or its first letters and `…` when it is
    long. The user typed it, so it may be shown; a long one is mostly a token, a secret that a shared screen or a
    pasted error would give away. Among `users`, the user names of the accounts of its address in their order, those
    that would be shown alike (`ghp_…`) are numbered by their place among them (`ghp_…#2`): the place says nothing of
    the secret, where more of its letters, or any hash of it, would give some away or let a guess be checked."""
    if not user:
        return _("empty user name")  # a password alone (`https://:password@host/feed`)
    shown = _shortened(user)
    alike = [other for other in dict.fromkeys(users) if _shortened(other) == shown]
    return f"{shown}#{alike.index(user) + 1}" if len(alike) > 1 and user in alike else shown


def account_name(url: str, users: Sequence[str] = ()) -> str:
    """A source's account as it is named to its user: the address without the password, with its user name as shown_user
    has it among `users`; an empty user name is said after the address, where an `@` before the host would say nothing."""
    clean, user = _split_user(url)
    if user is None:
        return url
    return _with_userinfo(clean, shown_user(user, users)) if user else f"{clean} ({shown_user(user)})"


def with_user_keyed(url: str, key: str) -> str:
    """The address with a keyed hash of its user name in its place and without its password (`https://3f9c…@host/feed`):
    what tells one account's records from another's where the user name may not be kept in clear either, since a
    user name is often a secret token. `key` is a random text of the place the records are kept in: without it, the
    hash of a short name could be looked up in a list of hashes of likely names."""
    clean, user = _split_user(url)
    if user is None:
        return url
    keyed = hmac.new(key.encode("utf-8", "surrogatepass"), user.encode("utf-8", "surrogatepass"), hashlib.sha256)
    return _with_userinfo(clean, keyed.hexdigest()[:32])


def _origin(url: str) -> tuple[str, str, int | None] | None:
    """Scheme, host and port of an address (the port its scheme implies when it names none); None when it has no host."""
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        return (scheme, parts.hostname.lower(), parts.port or _PORTS.get(scheme)) if parts.hostname else None
    except ValueError:
        return None


_PORTS = {"http": 80, "https": 443}


def _without_dot_segments(path: str) -> str:
    """The path with its `.` and `..` segments taken away as a server takes them (RFC 3986, remove_dot_segments):
    `/x/../ok.rss` and `/./ok.rss` are `/ok.rss`. A `..` above the root stays at the root."""
    if "/." not in path:
        return path  # most have none, and splitting a path costs more than checking it
    segments = path.split("/")
    kept: list[str] = []
    for at, segment in enumerate(segments[1:], 2):
        if segment == "..":
            if kept:
                kept.pop()
        elif segment != ".":
            kept.append(segment)
            continue
        if at == len(segments):  # `/a/b/..` is the folder `/a/`
            kept.append("")
    return "/" + "/".join(kept) if path.startswith("/") else path


# A percent-encoded byte, and the characters that need none (RFC 3986 2.3): `%2E` is `.` to every server, `%2F` no `/`.
_PERCENT_ENCODED = re.compile(r"%[0-9A-Fa-f]{2}")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _percent_decoded_unreserved(text: str) -> str:
    """`text` with its percent-encoded unreserved characters decoded and the hex of the others in upper case
    (RFC 3986 6.2.2.1-2): `/x/%2e%2E/a%2f` is `/x/../a%2F`."""
    if "%" not in text:
        return text  # most have none
    return _PERCENT_ENCODED.sub(_unreserved_or_upper, text)


def _unreserved_or_upper(match: re.Match[str]) -> str:
    char = chr(int(match.group()[1:], 16))
    return char if char in _UNRESERVED else match.group().upper()


# What httpx percent-encodes in a path and in a query as it makes the request (PATH_SAFE and QUERY_SAFE in
# httpx/_urlparse.py): controls, spaces, what is no ASCII, and `"#<>`, of a path `?`, a backquote and braces too.
# A `%xx` it keeps, and so `/café` and `/caf%C3%A9` are one request.
_PATH_ENCODED = re.compile(r'[^\x21-\x7e]|["#<>?`{}]')
_QUERY_ENCODED = re.compile(r'[^\x21-\x7e]|["#<>]')


def _idna_host(host: str) -> str:
    """The host as httpx asks for it: an internationalised name in punycode (IDNA 2008, the `idna` package httpx
    encodes it with), so `bücher.example` is `xn--bcher-kva.example`. One that IDNA refuses (an empty or too long
    label) is kept as it is: httpx will not fetch it, and it only needs to be told from the others."""
    if host.isascii():
        return host  # most are, and httpx leaves those to the resolver as they are too
    try:
        return idna.encode(host).decode("ascii")
    except idna.IDNAError:
        return host


def address_key(url: str) -> str:
    """One spelling per feed a server reads alike, to tell whether two sources are one: normalize_url's, besides without
    dot segments in the path (`/x/../ok.rss`, `/x/%2E%2E/ok.rss`), without the port the scheme implies (`:80`, `:443`)
    or a port's leading zeros (`:08080`), and with percent-encodings read as RFC 3986 6.2.2 reads them (`%7e` is `~`);
    with the host, path and query spelled as httpx's request spells them (`bücher` is `xn--bcher-kva`, `é` is `%C3%A9`);
    without the user name and password, too. Not normalize_url itself: an article's id is a hash of that, and the ids
    of the articles stored would change. Raises ValueError for an address no parser reads."""
    parts = urlsplit(trimmed(url))
    host = parts.hostname
    if not host:
        return normalize_url(url)
    scheme = parts.scheme.lower()
    port = parts.port
    name = f"[{host}]" if ":" in host else _idna_host(host)
    netloc = name if port is None or port == _PORTS.get(scheme) else f"{name}:{port}"
    path = _PATH_ENCODED.sub(_percent_encoded, _without_dot_segments(_percent_decoded_unreserved(parts.path)))
    query = _QUERY_ENCODED.sub(_percent_encoded, _percent_decoded_unreserved(parts.query))
    return normalize_url(urlunsplit((scheme, netloc, path, query, "")))


def with_credentials_of(source: str, url: str) -> str:
    """`url` with the user name and password of `source` when it is on the same site (scheme, host and port): an article
    page or feed that a page behind a password links to is behind it too. Never on another site, which must not learn them."""
    clean, userinfo = _split_userinfo(source)
    if userinfo is None or _split_userinfo(url)[1] is not None or _origin(url) is None or _origin(url) != _origin(clean):
        return url
    return _with_userinfo(url, userinfo)


def _percent_encoded(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8", "surrogatepass"))


def web_url(url: str | None, base: str | None = None) -> str | None:
    """The URL (resolved against `base`) as it may be stored as an article's link and opened, or None.

    Only absolute http and https URLs with a host are links; `javascript:`, `file:`,
    `data:` and every other scheme are refused. Controls, spaces and invisible
    characters inside are percent-encoded, so the stored link is one plain token.
    This is the one check every URL from outside passes: page links, canonical and
    og:url, feed entries, and the `o` key that opens an article.
    """
    if not url:
        return None
    if len(url) <= MAX_URL_LENGTH and _PLAIN_WEB.fullmatch(url):
        return url  # as checked_web_url would give it, only sooner (a property test holds the two to that)
    return checked_web_url(url, base)


def checked_web_url(url: str, base: str | None = None) -> str | None:
    """web_url, every step taken."""
    # What browsers strip before reading a URL, so that `java\nscript:` is read as they read it.
    text = trimmed(url).replace("\t", "").replace("\n", "").replace("\r", "")
    if ESCAPE_MARK in text or BELL_MARK in text:  # a feed's link: its sequences go whole, as from the feed's text
        text = escapes_removed(text)
    if not text or len(text) > MAX_URL_LENGTH:
        return None
    text = _NOT_IN_URL.sub(_percent_encoded, text)
    try:
        if base:
            text = urljoin(base, text)
        parts = urlsplit(text)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is no number
    except ValueError:
        return None
    if parts.scheme.lower() not in WEB_SCHEMES or not host or not _HOST.fullmatch(host):
        return None
    return text


def source_url(url: str) -> str | None:
    """A source's address as `sources add`, `fetch URL` and the imports take it and a fetch requests it (web_url), or
    None: also for one that holds a control character or a line separator (_CONTROL), the white space around it
    (WHITE_SPACE: a paste's no-break space too) no part of it."""
    url = url.strip(WHITE_SPACE)
    return None if _CONTROL.search(url) else web_url(url)


def web_url_refusal(url: str) -> str:
    """Why web_url (or source_url) refuses `url`, in a few words to follow its address: a port no TCP has (`:99999`)
    is no reason to doubt that it is an http(s) URL, and is said as it is; nor is a length past MAX_URL_LENGTH."""
    if len(url.strip(WHITE_SPACE)) > MAX_URL_LENGTH:
        return _("longer than {most} characters").format(most=grouped(MAX_URL_LENGTH))
    if _CONTROL.search(url.strip(WHITE_SPACE)):
        return _("it holds a control character")
    if has_port_out_of_range(url):
        return _("its port is no number from 0 to 65535")
    return _("not an http(s) URL")


def has_port_out_of_range(url: str) -> bool:
    """Whether `url` is an http(s) URL with a port that is no number from 0 to 65535 (`:99999`, `:-1`): the
    resolver would take `:99999` for port 34463 (99999 - 65536), and `:-1` for a name it cannot look up."""
    try:
        parts = urlsplit(trimmed(url))
    except ValueError:  # (the brackets of an IPv6 address not closed)
        return False
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is no number from 0 to 65535
    except ValueError:
        return parts.scheme.lower() in WEB_SCHEMES
    return False


# What every http(s) URL begins with, whitespace aside: a feed's guid that does not is no link, told without parsing it.
_WEB_START = re.compile(r"\s*https?:", re.IGNORECASE | re.ASCII)


def guid_link(guid: str) -> str | None:
    """The address a feed item's guid is, as the item's id is made of it (normalized, without a user name and password);
    None for a guid that is no http(s) URL, as most guids that are not the link are (`tag:…`, `urn:uuid:…`, a number)."""
    linked = web_url(guid) if _WEB_START.match(guid) else None
    try:
        return normalize_url(without_credentials(linked)) if linked is not None else None
    except ValueError:
        return None


def article_id(url: str) -> str:
    """A short, stable, typeable id for the article at `url`."""
    return hashlib.sha1(normalize_url(url).encode("utf-8")).hexdigest()[:ID_LENGTH]


def item_link(link: str, guid: str, feed: str | None = None) -> tuple[str, str]:
    """The link and id of a feed item at `link` (as stored: link_url's spelling) that items of other guids are at too (a
    status feed's home page, a trailer's file): the link with the guid as its fragment, which a browser opens as the
    link, and an id of both, which article_id, dropping a fragment (a link to `#reacties` is the story's own), is
    not. A guid that would make the link longer than any (MAX_URL_LENGTH) is named by its digest; one that is such a link
    already (our own export's) is the link. So is a guid that is a web address of its own, the item's permalink (a
    status feed's post, whose link is its writer's profile): `o` opens the post. With `feed`, what the feed that gives
    the item at its page is known by (an item without a link: entry_article), the guid is named by a digest of both:
    two status feeds of one site give one page, and their items `1` were one story there, the second feed's lost."""
    permalink = web_url(guid)
    if permalink is not None and "#" not in permalink:
        url = link_url(permalink)
        return url, article_id(url)
    # The id of the address normalized, as ids were ever made; the link keeps the '/' its path ends in (link_url),
    # which a server that does not redirect needs, unless that makes it longer than any.
    address = normalize_url(link)
    if permalink == guid and guid.startswith((f"{address}#", f"{link_url(link)}#")):
        # (Our export's, of either spelling: the id is of the address normalized, as the story's ever was.)
        known = f"{address}#{guid.partition('#')[2]}"
        return guid, hashlib.sha1(known.encode("utf-8")).hexdigest()[:ID_LENGTH]
    fragment = quote(guid, safe="") if feed is None else hashlib.sha1(f"{feed}\n{guid}".encode("utf-8", "surrogatepass")).hexdigest()
    if len(f"{address}#{fragment}") > MAX_URL_LENGTH:
        fragment = hashlib.sha1(guid.encode("utf-8", "surrogatepass")).hexdigest()
    known = f"{address}#{fragment}"
    url = f"{link_url(link)}#{fragment}"
    return url if len(url) <= MAX_URL_LENGTH else known, hashlib.sha1(known.encode("utf-8")).hexdigest()[:ID_LENGTH]


# A fragment item_link made: a digest (of a guid too long to quote, or of a title: syndication's _title_key), or a guid
# quoted whole, which quote(safe="") gives away by escaping what a fragment may hold as it is (`:`, `/`, `,`, `=`, RFC
# 3986 3.5): `tag%3Agemeente.example%2C2026%3A1`. A page's own (`#reacties`, `#/route`) has neither. A guid of plain
# letters and digits (`3311`) is quoted as itself, and is kept: no page's anchor is told from it.
_MADE_FRAGMENT = re.compile(r"[0-9a-f]{40}|.*%(?:3A|2F|3F|40|21|24|26|27|28|29|2A|2B|2C|3B|3D).*", re.DOTALL)


def page_url(url: str) -> str:
    """The address of the page a stored article is at, as it is shown and opened: its link without the fragment
    item_link made to tell items at one link apart, which no page has; a page's own fragment kept. The stored link
    keeps it: the story's id is made of it."""
    address, hash_sign, fragment = url.partition("#")
    return address if hash_sign and _MADE_FRAGMENT.fullmatch(fragment) else url


def is_loopback_host(host: str) -> bool:
    """A host name or address of this machine itself (localhost and *.localhost, RFC 6761; 127.0.0.0/8, ::1)."""
    name = host.lower().removesuffix(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
