"""Letter strokes that lie on a rule's line, told from the rule's own drawn stretches.

`extract.grid` reads a span where the separator between two cells is drawn along less
than half its length, from the pieces of ink on the separator's line. A letter can put
ink there too: the baseline of a label beside a rule drawn under the next label only,
the stem of a letter where a title row runs over a column rule. `StrokeTest` keeps the
pieces that are the rule's.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING, Sequence

import cv2
import numpy as np

if TYPE_CHECKING:
    from extract.grid import Segment

LETTER_INCHES = 0.25  # a shape shorter than this along a rule's line may be a letter (16 pt Thai: ~0.2 in)


class StrokeTest:
    """Tells a rule's drawn stretches from letter strokes on its line: a label's baseline
    on the line of a rule under its neighbour's label, a stem where a title row runs over
    a column rule. Pieces are cut where the crossing rules meet them, and each stretch is
    looked at in the ink with the crossing rules taken out: a rule's ink is as thin across
    as the rule, or runs on along its line (text may touch it); a letter's stroke belongs
    to a shape of a letter's size, wider than the rule."""

    def __init__(self, binary: np.ndarray, crossing_pixels: np.ndarray, crossing: Sequence[Segment],
                 *, dpi: float, tolerance: int):
        self._binary, self._crossing_pixels = binary, crossing_pixels
        self.crossing = crossing
        self.tolerance, self.letter = tolerance, max(4, int(round(LETTER_INCHES * dpi)))

    @cached_property
    def _components(self) -> tuple[np.ndarray, np.ndarray]:
        """(labels, stats) of the ink with the crossing rules taken out: labelled once, and
        only on a page with pieces to tell (a page with no rules has none)."""
        ink = cv2.bitwise_and(self._binary, cv2.bitwise_not(
            cv2.dilate(self._crossing_pixels, np.ones((3, 3), np.uint8))))
        _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
        return labels, stats

    def rule_pieces(self, pieces: Sequence[Segment], lines: Sequence[Segment], *, snap: float,
                    horizontal: bool) -> tuple[Segment, ...]:
        """The pieces that lie on the line of a kept rule (anywhere along it: a worn
        stretch at a rule's end is part of it; lines_to_grid keeps those inside each
        table), cut where the crossing rules meet them, without the letters' strokes."""
        positions = np.array([line.pos for line in lines])
        pieces = sorted((p for p in pieces if positions.size and np.abs(positions - p.pos).min() <= snap),
                        key=lambda s: (s.pos, s.start))
        out = []
        tol = self.tolerance
        for p in pieces:
            cuts = sorted(c.pos for c in self.crossing if c.start - tol <= p.pos <= c.end + tol)
            inside = [c for c in cuts if p.start < c < p.end]
            for a, b in zip([p.start, *inside], [*inside, p.end]):
                stretch = replace(p, start=a, end=b)
                if not self.stroke(stretch, horizontal):
                    out.append(stretch)
        return tuple(out)

    def stroke(self, piece: Segment, horizontal: bool) -> bool:
        """Most of the stretch's inked length belongs to letter-sized shapes wider than
        the rule (a rule's own ink, text touching it or not, runs on along it)."""
        labels, all_stats = self._components
        half = max(1, int(round(piece.thickness / 2)))
        a, b, c = int(piece.start), int(np.ceil(piece.end)), int(round(piece.pos))
        window = (labels[max(c - half, 0):c + half + 1, a:b].T if horizontal
                  else labels[a:b, max(c - half, 0):c + half + 1])
        ids = np.unique(window[window > 0])
        if not ids.size:
            return False
        stats = all_stats[ids]
        across = stats[:, cv2.CC_STAT_HEIGHT if horizontal else cv2.CC_STAT_WIDTH]
        along = stats[:, cv2.CC_STAT_WIDTH if horizontal else cv2.CC_STAT_HEIGHT]
        letter = np.zeros(int(ids.max()) + 1, bool)
        letter[ids] = (across > 2 * piece.thickness + 2) & (along < self.letter)
        inked = (window > 0).any(axis=1)
        rule_ink = ((window > 0) & ~letter[window]).any(axis=1)
        return int((inked & ~rule_ink).sum()) > 0.5 * max(int(inked.sum()), 1)
