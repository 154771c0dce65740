"""Where nieuws-tui keeps things, and the environment variables that move them. The one place for paths.

    NIEUWS_TUI_DB      the library        (default: ~/.local/share/nieuws-tui/library.sqlite)
    NIEUWS_TUI_CONFIG  the sources list   (default: ~/.config/nieuws-tui/config.toml)
    NIEUWS_TUI_STATE   the app's state    (default: ~/.local/state/nieuws-tui/app.json)

`serve` keeps a record of each library it served, at each address, beside the app's state (served_path).

The defaults follow the platform's conventions (XDG on Linux) through platformdirs.
"""

from __future__ import annotations

import errno
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_path, user_data_path, user_state_path

from feeds.clean import shown_path
from feeds.errors import NieuwsError, StorageError, why
from feeds.language import gettext as _

APP = "nieuws-tui"
LIBRARY_VAR = "NIEUWS_TUI_DB"
CONFIG_VAR = "NIEUWS_TUI_CONFIG"
STATE_VAR = "NIEUWS_TUI_STATE"


class NoSuchHome(NieuwsError):
    """A path starts with `~name` of a user this system does not know."""


def expanded(path: str | Path) -> Path:
    """A path as a user writes it, `~` and `~name` read as home folders. NoSuchHome for `~typo`."""
    try:
        return Path(path).expanduser()
    except RuntimeError:  # pathlib's word for "no such user", and for no home folder known for `~` (no HOME, no passwd entry)
        user = str(path)[1:].split("/")[0]
        if not user:
            raise NoSuchHome(_("{path}: no home folder is known for ~ (HOME is not set); write the path in full").format(path=shown_path(path))) from None
        raise NoSuchHome(_("{path}: there is no user {user} whose home folder ~ could name").format(path=shown_path(path), user=user)) from None


def resolved(path: Path, *, writing: bool = False) -> Path:
    """`path` absolute with its links followed. A link that leads back to itself is a StorageError naming the path,
    said as reading or writing (`writing`) it says it: Python 3.11 and 3.12 raise a RuntimeError for it."""
    try:
        return path.resolve()
    except RuntimeError:
        loop = OSError(errno.ELOOP, os.strerror(errno.ELOOP))
        said = _("{path}: cannot write ({reason})") if writing else _("{path}: cannot read ({reason})")
        raise StorageError(said.format(path=shown_path(path), reason=why(loop))) from None


def _chosen(variable: str) -> Path | None:
    value = os.environ.get(variable)
    return expanded(value) if value else None


def chosen_library_path() -> Path | None:
    """The library `$NIEUWS_TUI_DB` names; None when it is not set."""
    return _chosen(LIBRARY_VAR)


def library_path() -> Path:
    """The library: `$NIEUWS_TUI_DB`, else the user data folder's library.sqlite."""
    return chosen_library_path() or user_data_path(APP, appauthor=False) / "library.sqlite"


def chosen_config_path() -> Path | None:
    """The config `$NIEUWS_TUI_CONFIG` names; None when it is not set."""
    return _chosen(CONFIG_VAR)


def config_path() -> Path:
    """The sources list and settings: `$NIEUWS_TUI_CONFIG`, else the user config folder's config.toml."""
    return chosen_config_path() or user_config_path(APP, appauthor=False) / "config.toml"


@dataclass(frozen=True, slots=True)
class NewsboatFiles:
    """newsboat's files: its list of feeds, its config, and its cache of articles."""

    urls: Path
    config: Path
    cache: Path


def newsboat_files_in(folder: Path) -> NewsboatFiles:
    """newsboat's files as they sit together in one folder (~/.newsboat, or a copy of it)."""
    return NewsboatFiles(folder / "urls", folder / "config", folder / "cache.db")


def newsboat_files(urls: Path | None = None, cache_file: str | None = None) -> NewsboatFiles:
    """newsboat's files where newsboat reads them: `urls` (else newsboat's own, where newsboat looks for it), its
    config beside it, and its cache where the config's `cache-file` names it (`cache_file`, `~` read by `expanded`:
    NoSuchHome), else beside it; newsboat's own cache, where newsboat keeps it, for newsboat's own urls without
    one beside it (without ~/.newsboat, newsboat keeps it in the user data folder)."""
    given = urls or _newsboat_file("urls", user_config_path("newsboat", appauthor=False))
    beside = newsboat_files_in(given.parent)
    if cache_file:
        cache = expanded(cache_file)
    elif urls is None and not there(beside.cache):
        cache = _newsboat_file("cache.db", user_data_path("newsboat", appauthor=False))
    else:
        cache = beside.cache
    return NewsboatFiles(given, beside.config, cache)


def there(file: Path) -> bool:
    """Whether there is a file by this name to read; one that cannot even be looked for (a name longer than the system
    takes, as newsboat's config may give) is tried, and its reading says why it cannot be read."""
    try:
        return file.exists()
    except OSError:
        return True


def _newsboat_file(name: str, otherwise: Path) -> Path:
    """A file of newsboat's: in ~/.newsboat when that folder is there, else in `otherwise` (its folder in the user's
    config or data folder)."""
    home = Path(os.path.expanduser("~/.newsboat"))  # (Path.home() raises where no home folder is known)
    return home / name if home.is_dir() else otherwise / name


def state_path() -> Path:
    """What the app remembers between runs: `$NIEUWS_TUI_STATE`, else the user state folder's app.json."""
    return _chosen(STATE_VAR) or user_state_path(APP, appauthor=False) / "app.json"


def served_path(library: Path, address: str) -> Path:
    """`serve`'s record of how it last served the library whose database is at `library` at `address` (`http://host:port`):
    in the folder of the app's state, so that $NIEUWS_TUI_STATE moves all that nieuws-tui remembers between runs; one
    folder for each library, which holds one record for each address it was served at."""
    name = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return _served_folder(library) / f"{name}.json"


def former_served_path(library: Path) -> Path:
    """Where `serve` kept its one record of the library whose database is at `library` before it kept one for each
    address: a file beside the folder of its records now, moved into it when found (feeds.out.served)."""
    return _served_folder(library).with_suffix(".json")


def _served_folder(library: Path) -> Path:
    """The folder of `serve`'s records of the library whose database is at `library`, one for each address."""
    folder = hashlib.sha256(str(resolved(library)).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return served_records() / folder


def served_records() -> Path:
    """The folder of all `serve`'s records, of every library it served."""
    return state_path().parent / "served"
