"""What the app remembers between runs: the theme, where the reader was in which library, and whether the
newcomer's hint of how to add feeds was said."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from feeds import ALL, StorageError, load_document, state_path, update_document

PLACES_KEPT = 200  # the shelves whose places app.json keeps, per library: the most recently left, to keep it small


@dataclass
class Place:
    """Where the reader was in one library."""

    shelf: str = ALL
    article: str | None = None
    unread_only: bool = False
    by_source: bool = False  # the sidebar lists sources, not sections
    # The article each shelf's cursor was last on, by (by_source, shelf), the most recently left last. Without
    # it (app.json as written before) only `shelf` came back at its place after a restart.
    shelves: dict[tuple[bool, str], str] = field(default_factory=dict)

    @classmethod
    def from_document(cls, value: dict[str, Any]) -> Place:
        place = cls(**{k: v for k, v in value.items() if k in Place.__dataclass_fields__ and k != "shelves"})
        shelves = value.get("shelves")
        for item in shelves if isinstance(shelves, list) else ():
            # As JSON holds it, [by_source, shelf, article]; anything else in a hand-edited file is passed over.
            if isinstance(item, list) and len(item) == 3 and isinstance(item[0], bool) and isinstance(item[1], str) and isinstance(item[2], str):
                place.shelves[(item[0], item[1])] = item[2]
        return place

    def document(self) -> dict[str, Any]:
        kept = list(self.shelves.items())[-PLACES_KEPT:]
        return {**asdict(self), "shelves": [[by_source, shelf, article] for (by_source, shelf), article in kept]}


@dataclass(frozen=True)
class Read:
    """The preferences as this instance read them: what it has changed since is what differs from them."""

    theme: str | None = None
    places: dict[str, Place] = field(default_factory=dict)
    samples_hint_seen: bool = False


@dataclass
class Preferences:
    theme: str | None = None
    places: dict[str, Place] = field(default_factory=dict)
    samples_hint_seen: bool = False
    # An init field, so that dataclasses.replace (the app's copy for saving off its thread) carries it.
    read: Read = field(default_factory=Read, compare=False, repr=False)

    def place(self, library: Path) -> Place:
        return self.places.get(str(library), Place())

    @classmethod
    def load(cls, path: Path | None = None) -> Preferences:
        """The saved preferences; defaults when there are none or they cannot be read."""
        try:
            data = load_document(path or state_path())
        except StorageError:
            return cls()  # a damaged preferences file is not worth stopping the reader for
        places = {key: Place.from_document(value) for key, value in (data.get("places") or {}).items() if isinstance(value, dict)}
        theme = data.get("theme")
        theme = theme if isinstance(theme, str) else None
        seen = data.get("samples_hint_seen") is True
        return cls(theme=theme, places=places, samples_hint_seen=seen, read=Read(theme, {key: replace(place) for key, place in places.items()}, seen))

    def save(self, path: Path | None = None) -> None:
        """Keep what this instance changed (a small TinyDB document); StorageError, naming the file, when it cannot be.
        Only what it changed: another app open on the same file may have kept a theme or a place since this one
        read it, which writing back the rest as read would undo."""
        update_document(path or state_path(), self._changes)
        self.read = Read(self.theme, {key: replace(place) for key, place in self.places.items()}, self.samples_hint_seen)

    def _changes(self, document: dict[str, Any]) -> None:
        if self.theme != self.read.theme:
            document["theme"] = self.theme
        if self.samples_hint_seen != self.read.samples_hint_seen:
            document["samples_hint_seen"] = self.samples_hint_seen
        places = document.get("places")
        if not isinstance(places, dict):
            places = document["places"] = {}
        for key, place in self.places.items():
            if place != self.read.places.get(key):
                places[key] = place.document()
