"""The measure numbers of a document, decided together from every printed number.

Assembly reads each measure's number where it is printed (a title, an index cell) and
judges it against the one before (`extract.measures.plausible_number`). Judged one at a
time, a single misread number misleads the rest: a first ๑ read as 9 makes the next
measures 10, 11, …, and a spurious empty measure (dropped later) shifts every number
after it by one. Here the numbers of the measures that are kept are decided at once, as
the most likely strictly rising sequence given what was printed:

- a number printed and kept costs nothing; one that was unreadable costs a little; one
  replaced costs more, less when OCR confuses the two digits (๒/๖);
- the run 1, 2, 3, … costs nothing; a jump costs a little less than one replaced number, so
  a real gap printed twice over (1, 2, 4, 5) stays a gap for the checks to report.

It is a small Viterbi pass over the candidate numbers. A number it replaces keeps the
printed one beside it (`printed_no`), so the change is logged and doubted as before.
"""

from __future__ import annotations

from typing import Mapping, Sequence

KEEP, UNREAD, CONFUSED, REPLACED = 0.0, 0.3, 0.6, 1.0  # costs of what was printed
JUMP = 0.9  # a number that does not follow the one before (or a first number other than 1)
SKIP = 0.7  # an optional measure that takes no number (more than a confused digit)
MAX_NUMBER = 99


def _confusable(printed: int, number: int, readings: Mapping[int, Sequence[int]]) -> bool:
    a, b = str(printed), str(number)
    return len(a) == len(b) and all(x == y or int(y) in readings.get(int(x), ())
                                    for x, y in zip(a, b, strict=True))


def _cost(printed: int | None, number: int, readings: Mapping[int, Sequence[int]]) -> float:
    if printed is None:
        return UNREAD
    if printed == number:
        return KEEP
    return CONFUSED if _confusable(printed, number, readings) else REPLACED


def sequence_numbers(printed: Sequence[int | None], optional: Sequence[bool] | None = None,
                     readings: Mapping[int, Sequence[int]] | None = None) -> list[int | None]:
    """The most likely strictly rising numbers for measures printed as `printed` (None
    where no number was read). An `optional` measure (an empty one, to be dropped) may
    take no number at all (None), at a cost: its printed number still counts as
    evidence when it fits. `readings` maps a digit to those OCR reads it as."""
    readings = readings or {}
    optional = optional or [False] * len(printed)
    n = len(printed)
    if n == 0:
        return []
    top = min(MAX_NUMBER, max([n] + [p + n for p in printed if p is not None and p <= MAX_NUMBER]))
    inf = float("inf")
    # cost[v]: the best sequence so far whose last number is v (0: no number yet);
    # steps[k][v]: the state measure k came from, and whether it took v or was skipped
    cost = [0.0] + [inf] * top
    steps: list[list[tuple[int, bool]]] = []
    for k in range(n):
        new = [inf] * (top + 1)
        step: list[tuple[int, bool]] = [(0, False)] * (top + 1)
        if optional[k]:
            for v in range(top + 1):
                new[v], step[v] = cost[v] + SKIP, (v, False)
        run, run_at = inf, 0  # the best state u <= v - 2, reached by a jump
        for v in range(1, top + 1):
            if v - 2 >= 0 and cost[v - 2] < run:
                run, run_at = cost[v - 2], v - 2
            before, u = min((cost[v - 1], v - 1), (run + JUMP, run_at))
            total = before + _cost(printed[k], v, readings)
            if total < new[v]:
                new[v], step[v] = total, (u, True)
        cost = new
        steps.append(step)
    v = min(range(top + 1), key=lambda x: (cost[x], x))
    out: list[int | None] = []
    for k in range(n - 1, -1, -1):
        u, took = steps[k][v]
        out.append(v if took else None)
        v = u
    return out[::-1]
