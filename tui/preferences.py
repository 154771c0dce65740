"""What the app remembers between runs: the theme, and where the reader was in which library."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from feeds import ALL, StorageError, load_document, save_document, state_path


@dataclass
class Place:
    """Where the reader was in one library."""

    shelf: str = ALL
    article: str | None = None
    unread_only: bool = False
    by_source: bool = False  # the sidebar lists sources, not sections


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
            data = load_document(path or state_path())
        except StorageError:
            return cls()  # a damaged preferences file is not worth stopping the reader for
        places = {
            key: Place(**{k: v for k, v in value.items() if k in Place.__dataclass_fields__})
            for key, value in (data.get("places") or {}).items()
            if isinstance(value, dict)
        }
        theme = data.get("theme")
        return cls(theme=theme if isinstance(theme, str) else None, places=places)

    def save(self, path: Path | None = None) -> None:
        """Keep the preferences (a small TinyDB document); StorageError, naming the file, when they cannot be."""
        save_document(path or state_path(), {"theme": self.theme, "places": {k: asdict(v) for k, v in self.places.items()}})
