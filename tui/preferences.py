"""What the app remembers between runs: the theme, and where the reader was in which library."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from platformdirs import user_state_path

from feeds.errors import StorageError
from feeds.files import atomic_write, dump_json, read_json

ENV_VAR = "NIEUWS_TUI_STATE"


def preferences_path() -> Path:
    override = os.environ.get(ENV_VAR)
    return Path(override) if override else user_state_path("nieuws-tui", appauthor=False) / "app.json"


@dataclass
class Place:
    """Where the reader was in one library."""

    shelf: str = "All"
    article: str | None = None
    unread_only: bool = False


@dataclass
class Preferences:
    theme: str | None = None
    places: dict[str, Place] = field(default_factory=dict)

    def place(self, library: Path) -> Place:
        return self.places.get(str(library), Place())

    @classmethod
    def load(cls, path: Path | None = None) -> Preferences:
        """The saved preferences; defaults when there are none or they cannot be read."""
        try:
            data = read_json(path or preferences_path()) or {}
        except StorageError:
            return cls()  # a damaged preferences file is not worth stopping the reader for
        if not isinstance(data, dict):
            return cls()
        places = {
            key: Place(**{k: v for k, v in value.items() if k in Place.__dataclass_fields__})
            for key, value in (data.get("places") or {}).items()
            if isinstance(value, dict)
        }
        theme = data.get("theme")
        return cls(theme=theme if isinstance(theme, str) else None, places=places)

    def save(self, path: Path | None = None) -> None:
        """Write the preferences; StorageError, naming the file, when they cannot be."""
        path = path or preferences_path()
        try:
            data = dump_json({"theme": self.theme, "places": {k: asdict(v) for k, v in self.places.items()}})
        except TypeError as error:  # orjson: text it cannot write, such as a library path that is no UTF-8
            raise StorageError(f"{path}: cannot write ({error})") from None
        atomic_write(path, data)
