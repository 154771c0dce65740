"""Where each line of a TOML text stands: to change a hand-written file by replacing only the text of
what changed, leaving every other character as its writer put it.

A TOML parser gives values, not places; one that keeps places too (tomlkit) writes some of what it
read its own way (`[[ source ]]` as `[[source]]`) and moves tables that stand between the tables of
an array. So the text is scanned here for where each statement begins and ends (strings and arrays
may run over many lines), and tomllib says what each header and key names.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    BLANK = "blank"
    COMMENT = "comment"
    TABLE = "table"  # a [table] or [[array of tables]] header
    KEY = "key"  # key = value


@dataclass(frozen=True, slots=True)
class Statement:
    kind: Kind
    start: int  # where its first line starts
    end: int  # after its last line's end, or at the end of the text
    name: tuple[str, ...] = ()  # a header's table or a key, dotted parts unquoted: ("keys", "reader")
    array: bool = False  # a header of [[double brackets]]
    value: tuple[int, int] = (0, 0)  # where a key's value starts and ends (without its comment)


def statements(text: str) -> list[Statement]:
    """Every line of `text`, a valid TOML document, in order; a value over many lines is one statement."""
    found = []
    position = 0
    while position < len(text):
        start = position
        position = _skip(text, position, " \t")
        if position == len(text) or text[position] in "\r\n":
            found.append(Statement(Kind.BLANK, start, line_end(text, position)))
        elif text[position] == "#":
            found.append(Statement(Kind.COMMENT, start, line_end(text, position)))
        elif text[position] == "[":
            close = _past_key(text, position + 1, "]")
            header = text[position:close].rstrip()
            found.append(Statement(Kind.TABLE, start, line_end(text, close), _name(header), header.startswith("[[")))
        else:
            equals = _past_key(text, position, "=")
            name = _name(text[position : equals - 1] + " = 0")
            begin = _skip(text, equals, " \t")
            finish = _past_value(text, begin)
            found.append(Statement(Kind.KEY, start, line_end(text, finish), name, value=(begin, finish)))
        position = found[-1].end
    return found


@functools.lru_cache(maxsize=256)  # a file spells the same few keys and headers over and over
def _name(toml: str) -> tuple[str, ...]:
    """The dotted name a header or `key = 0` gives, each part as tomllib reads it."""
    table = tomllib.loads(toml)
    name: list[str] = []
    while isinstance(table, dict) and len(table) == 1:
        [(part, table)] = table.items()
        name.append(part)
        table = table[0] if isinstance(table, list) and table else table
    return tuple(name)


def _skip(text: str, position: int, characters: str) -> int:
    while position < len(text) and text[position] in characters:
        position += 1
    return position


def line_end(text: str, position: int) -> int:
    """After the end of the line `position` is on."""
    end = text.find("\n", position)
    return len(text) if end < 0 else end + 1


def _past_key(text: str, position: int, until: str) -> int:
    """After the first `until` outside quotes: a key's quoted parts may hold `=` and `]`."""
    while text[position] != until:
        position = _past_string(text, position) if text[position] in "\"'" else position + 1
    return _skip(text, position, until)  # `]]` as well as `]`


def _past_value(text: str, position: int) -> int:
    """After the value that starts at `position`: a string, an array or inline table (over lines, with comments
    in it), or a bare number, date or word, which runs to the end of the line or a comment."""
    if text[position] in "\"'":
        return _past_string(text, position)
    if text[position] not in "[{":
        end = line_end(text, position)
        end = text.find("#", position, end) if "#" in text[position:end] else end
        while end > position and text[end - 1] in " \t\r\n":
            end -= 1
        return end
    depth = 0
    while True:
        character = text[position]
        if character in "\"'":
            position = _past_string(text, position)
            continue
        if character == "#":
            position = line_end(text, position)
            continue
        depth += (character in "[{") - (character in "]}")
        position += 1
        if depth == 0:
            return position


def _past_string(text: str, position: int) -> int:
    """After the string that starts at `position`, of any of TOML's four kinds."""
    quote = text[position]
    if text.startswith(quote * 3, position):
        position += 3
        while not text.startswith(quote * 3, position):
            position += 2 if quote == '"' and text[position] == "\\" else 1
        end = position + 3
        return end + (text[end : end + 2].startswith(quote) + (text[end : end + 2] == quote * 2))  # `""""` ends with a quote in it
    position += 1
    while text[position] != quote:
        position += 2 if quote == '"' and text[position] == "\\" else 1
    return position + 1
