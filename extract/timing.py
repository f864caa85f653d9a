"""Where the time goes: per-stage wall seconds of one page or one document.

A `Recorder` is made current for the duration of a call (`recorded` for a function that
returns a `Page`, `recording()` for any block); inside it, `stage(name)` blocks and
`timed(name)` functions add their seconds under that name. Stages nest *exclusively*:
while an inner stage runs, the outer one's clock stops, so the stages of one page add up
to its time and a stage table says where the time went, not the same second twice. With
no recorder current, stages cost one context-variable look-up and record nothing.

The figures are kept out of the corpus record: pages carry them in `Page.stats`, the batch
writes them to `OUT/stats.jsonl` (pipelines.stats), and `make bench` sums them.
"""

from __future__ import annotations

import contextvars
import functools
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

OTHER = "other"  # time inside a recorded call that no named stage claimed


class Recorder:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._stack: list[tuple[str, float]] = []

    def _credit(self, name: str, since: float, now: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + (now - since)

    def push(self, name: str) -> None:
        now = time.perf_counter()
        if self._stack:
            outer, since = self._stack[-1]
            self._credit(outer, since, now)
        self._stack.append((name, now))

    def pop(self) -> None:
        now = time.perf_counter()
        name, since = self._stack.pop()
        self._credit(name, since, now)
        if self._stack:
            self._stack[-1] = (self._stack[-1][0], now)

    def as_tuple(self) -> tuple[tuple[str, float], ...]:
        return tuple((name, round(value, 4)) for name, value in self.seconds.items())


_current: contextvars.ContextVar[Recorder | None] = contextvars.ContextVar(
    "ita_stage_recorder", default=None)


@contextmanager
def recording() -> Iterator[Recorder]:
    """Make a fresh recorder current; time not claimed by a stage is booked as `other`."""
    recorder = Recorder()
    token = _current.set(recorder)
    recorder.push(OTHER)
    try:
        yield recorder
    finally:
        recorder.pop()
        _current.reset(token)


@contextmanager
def stage(name: str) -> Iterator[None]:
    recorder = _current.get()
    if recorder is None:
        yield
        return
    recorder.push(name)
    try:
        yield
    finally:
        recorder.pop()


def timed(name: str):
    """Decorator: the whole call is stage `name`."""
    def wrap(func):
        @functools.wraps(func)
        def inner(*args, **kwargs):
            with stage(name):
                return func(*args, **kwargs)
        return inner
    return wrap


def with_stats(page, stats: tuple[tuple[str, float], ...]):
    """The page with `stats` added to its own (same names are summed)."""
    merged = dict(page.stats)
    for name, value in stats:
        merged[name] = round(merged.get(name, 0.0) + value, 4)
    return replace(page, stats=tuple(merged.items()))


def recorded(func):
    """Decorator for a function returning a `Page`: its stage times go into `Page.stats`.

    A call made while another recorder is current (a page inside a document) gets its
    own recorder, so page and document figures stay apart.
    """
    @functools.wraps(func)
    def inner(*args, **kwargs):
        with recording() as recorder:
            page = func(*args, **kwargs)
        return with_stats(page, recorder.as_tuple())
    return inner
