"""The one loop that changes corpus text, and the only place that writes the audit log.

A rule is a named function that *finds* edits in a string; it never changes text itself.
`apply_rules` applies the edits of each rule in turn and logs every one as a
`Correction`, so no change can escape the audit trail (PyThaiNLP `util/normalize.py`
style: a list of small named rules run by one loop).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, TypeVar

from ita_core.model import Correction

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace text[start:end] with `after`; `score` is the rule's confidence (0..1)."""

    start: int
    end: int
    after: str
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    find: Callable[[str], list[Edit]]


def regex_rule(name: str, pattern: str | re.Pattern[str],
               repl: str | Callable[[re.Match[str]], str], score: float = 1.0) -> Rule:
    """A rule from a regular expression: every match whose replacement differs is an edit."""
    rx = re.compile(pattern) if isinstance(pattern, str) else pattern

    def find(text: str) -> list[Edit]:
        edits = []
        for m in rx.finditer(text):
            after = repl(m) if callable(repl) else m.expand(repl)
            if after != m.group(0):
                edits.append(Edit(m.start(), m.end(), after, score))
        return edits

    return Rule(name, find)


@dataclass
class Review:
    """An auditor's decisions on before→after pairs (see `ita corrections`)."""

    rejected: set[tuple[str, str]] = field(default_factory=set)
    accepted: set[tuple[str, str]] = field(default_factory=set)

    def allows(self, before: str, after: str) -> bool:
        return (before, after) not in self.rejected


@dataclass
class AuditLog:
    corrections: list[Correction] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.corrections)


def _occupied(item) -> tuple[int, int]:
    # an insertion (start == end) holds its position: two at one place, or one at the start
    # of a replacement, cannot both apply
    return item.start, max(item.end, item.start + 1)


def resolve(items: Iterable[T], key: Callable[[T], object]) -> list[T]:
    """The one overlap resolver: take `items` (anything with `start` and `end`) in `key`
    order, keep each that overlaps none kept before, return the kept ones by position."""
    starts: list[int] = []
    kept: list[T] = []
    for it in sorted(items, key=key):
        s, e = _occupied(it)
        i = bisect.bisect_right(starts, s)
        if i and _occupied(kept[i - 1])[1] > s:
            continue
        if i < len(kept) and kept[i].start < e:
            continue
        starts.insert(i, s)
        kept.insert(i, it)
    return kept


def by_position(e: Edit) -> tuple[int, int]:
    """First come, first kept; at one start the longer edit."""
    return e.start, -e.end


def non_overlapping(edits: Iterable[Edit]) -> list[Edit]:
    return resolve(edits, by_position)


def apply_rules(text: str, rules: Iterable[Rule], *, where: str, log: AuditLog,
                page: int | None = None, review: Review | None = None) -> str:
    """Run every rule over `text` in order; log each applied edit; return the new text."""
    for rule in rules:
        edits = non_overlapping(rule.find(text))
        if not edits:
            continue
        out: list[str] = []
        pos = 0
        for e in edits:
            before = text[e.start:e.end]
            if review is not None and not review.allows(before, e.after):
                continue
            out.append(text[pos:e.start])
            out.append(e.after)
            pos = e.end
            log.corrections.append(Correction(where=where, before=before, after=e.after,
                                              rule=rule.name, score=round(e.score, 3),
                                              page=page))
        out.append(text[pos:])
        text = "".join(out)
    return text
