"""Fuzzing: mutated seed pages, page variants and feeds go through import or the feed reader, then
`list`, export, the server and the app's rendering, with no traceback, no hang, no escape and no
malformed XML (tests/fuzzkit.py says what is checked). bench/fuzz.py runs 100,000 such cases."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import TypeVar

from fuzzkit import Kind, check_case, make_case
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

T = TypeVar("T")
# A few dozen cases per kind keep each test to seconds; the deadline is the 2 s bound of a page
# with room for a busy machine, and catches a case that goes quadratic. A failing case is
# reported as drawn (its story names the sample and mutations): shrinking would run the slow
# cases over and over.
FUZZ = settings(
    max_examples=40,
    deadline=timedelta(seconds=8),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class DrawChooser:
    """A fuzzer's choices drawn by hypothesis, so that a failing case shrinks to a small one."""

    def __init__(self, data: st.DataObject) -> None:
        self.data = data

    def integer(self, low: int, high: int) -> int:
        return self.data.draw(st.integers(low, high))

    def pick(self, options: Sequence[T]) -> T:
        return self.data.draw(st.sampled_from(options))


def fuzz(data: st.DataObject, kind: Kind) -> None:
    case = make_case(DrawChooser(data), (kind,))
    data.draw(st.just(case.story), label="case")  # says which case failed
    check_case(case)


@FUZZ
@given(st.data())
def test_hostile_text_renderings_come_through_every_stage(data):
    fuzz(data, "text")


@FUZZ
@given(st.data())
def test_hostile_html_pages_come_through_every_stage(data):
    fuzz(data, "html")


@FUZZ
@given(st.data())
def test_hostile_feeds_come_through_every_stage(data):
    fuzz(data, "feed")
