"""A text layer's glyph lines and ruling → `extract.structure` → a `Table`.

The adapter between the PDF reader and the structure engine: each line's glyph runs
become `Word`s (their glyphs ride along, so cell text is rebuilt by the same
`line_text` as everywhere else), the page's edges become `Rules`, and the engine's rows
become `Cell`s with their boxes and weight.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Sequence

from extract import structure
from extract.pdf_lines import _segments, line_text
from extract.structure import Columns, FoundTable, Rules, Word
from extract.table_words import rule_joints
from ita_core.model import BBox, Cell, CoordOrigin, Table


@dataclass
class TableContext:
    """What one page tells the next: the columns of the table it ended in, for a page with
    no header; the lines it held outside any table, by text and place (a running title
    repeats over every page, and over a table that goes on without its header it is no
    title row)."""

    columns: Columns | None = None
    outside: tuple[tuple[str, float], ...] = ()


OVERLAP_EM = 0.1  # glyphs of two runs drawn this far over each other: two cells' texts, not one word
LEANS_BACK_RX = re.compile(r"^[\u0e31\u0e33\u0e34-\u0e3a\u0e47-\u0e4e]")  # sara am, marks: drawn over the glyph before


def _apart_at_rules(chain: list[Any], rule_xs: Sequence[float]) -> list[list[Any]]:
    """A chain cut between two of its runs where a column rule runs between where they
    start: the left cell's text reaching up to (or over) the rule, the right cell's
    starting after it ("ดำเนิน" + "•")."""
    runs: dict[int, list[Any]] = {}
    for g in chain:
        runs.setdefault(g.word, []).append(g)
    if len(runs) < 2 or not rule_xs:
        return [chain]
    out: list[list[Any]] = []
    last_start = None
    for run in sorted(runs.values(), key=lambda r: min(g.x0 for g in r)):
        start = min(g.x0 for g in run)
        if out and not any(last_start + 1 < x < start + 0.5 for x in rule_xs):
            out[-1].extend(run)
        else:
            out.append(list(run))
            last_start = start
    return [sorted(c, key=lambda g: g.x0) for c in out]


def _untangled(seg: Sequence[Any], rule_xs: Sequence[float] = ()) -> list[list[Any]]:
    """A segment's glyphs as the runs the writer drew. A word too long for its narrow
    column overflows over the next column's text on the same line ("เหมาะสม" over
    "บุคลากรดี"); sorted by x, the two runs' glyphs interleave into one garbled word.
    The stream tells them apart: each run's glyphs share a word number. Runs that
    overlap by more than a hair go to different chains, left to right."""
    runs: dict[int, list[Any]] = {}
    for g in seg:
        runs.setdefault(g.word, []).append(g)
    if len(runs) < 2:
        return [list(seg)]
    if rule_xs:
        return [part for chain in _untangled(seg) for part in _apart_at_rules(chain, rule_xs)]
    chains: list[list[Any]] = []
    for run in sorted(runs.values(), key=lambda r: min(g.x0 for g in r)):
        start = min(g.x0 for g in run)
        tol = OVERLAP_EM * max(g.size for g in run)
        ends = [max(g.x1 for g in c) for c in chains]
        if chains and LEANS_BACK_RX.match(run[0].text):
            # a sara am or mark drawn as its own run over the letter before: that letter's chain
            chains[min(range(len(chains)), key=lambda c: abs(ends[c] - start))].extend(run)
            continue
        fits = [c for c in range(len(chains)) if start >= ends[c] - tol]
        if fits:
            chains[max(fits, key=lambda c: ends[c])].extend(run)
        else:
            chains.append(list(run))
    if len(chains) == 1:
        return [list(seg)]
    return [sorted(c, key=lambda g: g.x0) for c in chains]


def _joints_beside(joints: dict[float, list[float]], top: float, bottom: float) -> list[float]:
    """The joints of the nearest pieced rules above and below a line: its row's column edges."""
    above = [y for y in joints if y <= top + 1]
    below = [y for y in joints if y >= bottom - 1]
    return [x for y in ([max(above)] if above else []) + ([min(below)] if below else []) for x in joints[y]]


def words_of(lines: Sequence[Sequence[Any]], settings: Any, rules: Rules = Rules()) -> list[list[Word]]:
    out = []
    joints = rule_joints(rules)
    for i, line in enumerate(lines):
        words = []
        letters = [g for g in line if not g.is_space]
        top, bottom = (min(g.top for g in letters), max(g.bottom for g in letters)) if letters else (0.0, 0.0)
        rule_xs = [x for x, t, b in rules.vertical if t <= top + 1 and b >= bottom - 1]
        rule_xs += _joints_beside(joints, top, bottom)
        for seg in (part for whole in _segments(line, settings.space_gap_em) for part in _untangled(whole, rule_xs)):
            letters = [g for g in seg if g.text.strip()]
            if not letters:
                continue
            words.append(Word(line_text(seg, settings), min(g.x0 for g in seg), max(g.x1 for g in seg),
                              min(g.top for g in seg), max(g.bottom for g in seg),
                              max(g.size for g in seg), all(g.bold for g in letters), (i, seg),
                              tuple((g.text, g.x0, g.x1) for g in letters),
                              tuple(g.x0 for prev, g in zip(seg, seg[1:]) if g.word != prev.word)))
        out.append(words)
    return out


def rules_of(page: Any, tol: float) -> Rules:
    horizontal = tuple((float(e["top"]), float(e["x0"]), float(e["x1"])) for e in page.edges
                       if e["orientation"] == "h" and e["x1"] - e["x0"] > 2 * tol)
    vertical = tuple((float(e["x0"]), float(e["top"]), float(e["bottom"])) for e in page.edges
                     if e["orientation"] == "v" and e["bottom"] - e["top"] > 2 * tol)
    implied = _implied_columns(horizontal, vertical)
    return Rules(horizontal, vertical + implied, implied)


def _implied_columns(horizontal: Sequence[tuple[float, float, float]],
                     vertical: Sequence[tuple[float, float, float]]) -> tuple[tuple[float, float, float], ...]:
    """Column edges the row rules imply where no vertical rule is drawn: an x where the
    pieces of two rules or more meet (each cell drawing its own top and bottom), as a rule
    from the first of those rules to the last. A header label overhanging its column, or
    two cells' texts touching, are then read against the edge as against a drawn rule."""
    seen: list[tuple[float, list[float]]] = []
    for y, xs in rule_joints(Rules(tuple(horizontal))).items():
        for x in xs:
            if any(abs(x - v) <= 1.5 for v, _, _ in vertical):
                continue
            hit = next((c for c in seen if abs(c[0] - x) <= 1.5), None)
            if hit is None:
                seen.append((x, [y]))
            else:
                hit[1].append(y)
    return tuple((x, min(ys), max(ys)) for x, ys in seen if len(ys) >= 2)


def _cell_text(lines: Sequence[Sequence[Any]], cell_lines: Sequence[Sequence[Word]], settings: Any) -> str:
    """The cell's text, line by line, from the glyphs of the page line between its words'
    extremes (the spaces the writer drew between them included)."""
    out = []
    for words in cell_lines:
        index = words[0].ref[0]
        x0, x1 = min(w.x0 for w in words), max(w.x1 for w in words)
        own = {id(g) for w in words for g in w.ref[1]}
        # the spaces drawn between the words, and the words' own glyphs (not those of a
        # neighbouring cell's run that an overflowing word overlaps)
        glyphs = [g for g in lines[index] if x0 - 0.01 <= (g.x0 + g.x1) / 2 <= x1 + 0.01
                  and (id(g) in own or g.is_space)]
        text = line_text(glyphs, settings)
        if text:
            out.append(text)
    return "\n".join(out)


def _bbox(words: Sequence[Word]) -> BBox:
    return BBox(min(w.x0 for w in words), min(w.top for w in words), max(w.x1 for w in words),
                max(w.bottom for w in words), "pt", CoordOrigin.TOPLEFT)


def to_table(found: FoundTable, lines: Sequence[Sequence[Any]], number: int, settings: Any) -> Table:
    cells = []
    for r, row in enumerate(found.rows):
        for c, cell_lines in sorted(row.cells.items()):
            words = [w for ws in cell_lines for w in ws]
            if not words:
                continue
            text = _cell_text(lines, cell_lines, settings)
            cells.append(Cell(r, c, text, 1, row.spans.get(c, 1), _bbox(words),
                              bold=all(w.bold for w in words)))
    b = found.columns.bounds
    return Table(number, len(found.rows), len(b) - 1, tuple(cells),
                 BBox(b[0], found.top, b[-1], found.bottom, "pt", CoordOrigin.TOPLEFT))


def structured_table(page: Any, lines: Sequence[Sequence[Any]], number: int, settings: Any,
                     context: TableContext | None) -> tuple[Table, set[int]] | None:
    """The page's ITA table by the structure engine, and the indices of the lines it took."""
    rules = rules_of(page, settings.snap_tolerance)
    words = words_of(lines, settings, rules)
    found = structure.find_table(words, rules,
                                 context.columns if context is not None else None,
                                 row_gap_em=settings.row_gap_em,
                                 repeated=context.outside if context is not None else ())
    if context is not None:
        used = set(found.used) if found is not None else set()
        context.outside = tuple((structure.text_of(line), structure.top_of(line))
                                for k, line in enumerate(words) if line and k not in used)
    if found is None:
        return None
    if context is not None:
        context.columns = found.columns
    return to_table(found, lines, number, settings), set(found.used)
