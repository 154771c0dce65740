"""Article URLs and ids.

ZeelandNet names an article after its title: `https://www.zeelandnet.nl/nieuws/<slug>`.
The id is derived from the URL alone, so the same story gets the same id
whichever page (teaser list, index, full page, feed) it came from.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import unicodedata
from urllib.parse import urlsplit, urlunsplit

ZEELANDNET_NEWS = "https://www.zeelandnet.nl/nieuws/"

_NON_SLUG = re.compile(r"[^a-z0-9]+")
# Letters that Unicode does not decompose into ASCII plus an accent.
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "þ": "th"})


def slugify(title: str) -> str:
    """Lower case, accents folded to ASCII, every run of other characters a single '-'."""
    folded = unicodedata.normalize("NFKD", title.lower().translate(_FOLD))
    ascii_only = folded.encode("ascii", "ignore").decode("ascii")
    return _NON_SLUG.sub("-", ascii_only).strip("-")


def url_for_title(title: str) -> str:
    return ZEELANDNET_NEWS + (slugify(title) or "artikel")


# An address already spelled the one way: lower-case scheme and host, a path not ending in '/', no query or fragment.
_NORMAL = re.compile(r"https?://[a-z0-9.\-]+(?::[0-9]+)?/[^\s#?]*[^\s#?/]")


def normalize_url(url: str) -> str:
    """One spelling per address: scheme and host in lower case, no fragment, no trailing '/'."""
    if _NORMAL.fullmatch(url):
        return url  # most are, and splitting an address costs more than checking it
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def article_id(url: str) -> str:
    """A short, stable, typeable id for the article at `url`."""
    return hashlib.sha1(normalize_url(url).encode("utf-8")).hexdigest()[:12]


def is_loopback_host(host: str) -> bool:
    """A host name or address of this machine itself (localhost, 127.0.0.0/8, ::1)."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
