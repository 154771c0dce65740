"""Where each line of a TOML text stands: the statements cover the text in order, and each header and
key is named and each value found as tomllib reads them, however they are spelt or spread over lines."""

from __future__ import annotations

import tomllib

from hypothesis import given, settings
from hypothesis import strategies as st

from feeds.toml_lines import Kind, statements

_keys = st.sampled_from(["url", "keep-days", '"a = b"', "'x]y'", '"#"', "sectie . naam", '"ë"'])
_values = st.sampled_from(
    [
        '"tekst # geen commentaar"', "'C:\\pad'", '"aanhalings\\"teken"', '"\\\\"', '""', "''",
        '"""\nregel 1\n[[source]]\nurl = "nep"\n"""', "'''\n# geen commentaar\n'''", '"""a""""', "'''b'''''", '"""\\\n  door"""',
        "7", "7.50", "-1e3", "true", "1979-05-27 07:32:00Z", "1979-05-27",
        "[1, 2]", "[\n  [1, 2], # ] een commentaar\n  'x]',\n]", "[[1], [2, [3]]]", '{ a = "}", b = [1, { c = 2 }] }', "[]",
    ]
)  # fmt: skip
_headers = st.sampled_from(["[keys]", "[[source]]", "[[ source ]]", '[["source"]]', "[ 'a]b' . c ]", "[[source.deel]]"])


@st.composite
def documents(draw) -> str:
    """A TOML text of keys, headers, comments and blank lines (maybe not valid: a key twice in a table)."""
    lines = []
    for _ in range(draw(st.integers(0, 12))):
        choice = draw(st.sampled_from(["key", "key", "blank", "comment", "header"]))
        if choice == "header":
            lines.append(draw(_headers) + draw(st.sampled_from(["", "  # kop ]"])))
        elif choice == "key":
            spacing = draw(st.sampled_from(["", "  ", "\t"])), draw(st.sampled_from([" = ", "="])), draw(st.sampled_from(["", " # c", "\t"]))
            lines.append(spacing[0] + draw(_keys) + spacing[1] + draw(_values) + spacing[2])
        else:
            lines.append("" if choice == "blank" else draw(st.sampled_from(["# c", "  # [[source]]", "#"])))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines) + draw(st.sampled_from(["", newline]))


def _at(data: object, name: tuple[str, ...]) -> object:
    """What a one-statement document holds under `name` (in the one table of an array of tables)."""
    for part in name:
        assert isinstance(data, dict) and list(data) == [part]
        data = data[part]
    return data


@given(documents())
@settings(max_examples=1000, deadline=None)
def test_the_statements_cover_the_text_and_name_what_tomllib_reads(text):
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:  # a key twice in one table, say: not what is read here
        return
    found = statements(text)
    ends = [0, *(statement.end for statement in found)]
    assert [statement.start for statement in found] == ends[:-1] and ends[-1] == len(text)
    for statement in found:
        line = text[statement.start : statement.end]
        if statement.kind is Kind.BLANK:
            assert not line.strip()
        elif statement.kind is Kind.COMMENT:
            assert line.lstrip().startswith("#")
        elif statement.kind is Kind.TABLE:
            assert _at(tomllib.loads(line), statement.name) == ([{}] if statement.array else {}) and statement.array == line.lstrip().startswith("[[")
        else:
            value = tomllib.loads("v = " + text[slice(*statement.value)])["v"]
            assert _at(tomllib.loads(line), statement.name) == value
