"""A text layer's glyph lines and ruling → `extract.structure` → a `Table`.

The adapter between the PDF reader and the structure engine: each line's glyph runs
become `Word`s (their glyphs ride along, so cell text is rebuilt by the same
`line_text` as everywhere else), the page's edges become `Rules`, and the engine's rows
become `Cell`s with their boxes and weight.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from extract import structure
from extract.pdf_lines import _segments, line_text
from extract.structure import Columns, FoundTable, Rules, Word
from ita_core.model import BBox, Cell, CoordOrigin, Table


@dataclass
class TableContext:
    """What one page of a table tells the next: the columns, for a page with no header."""

    columns: Columns | None = None


def words_of(lines: Sequence[Sequence[Any]], settings: Any) -> list[list[Word]]:
    out = []
    for i, line in enumerate(lines):
        words = []
        for seg in _segments(line, settings.space_gap_em):
            letters = [g for g in seg if g.text.strip()]
            if not letters:
                continue
            words.append(Word(line_text(seg, settings), min(g.x0 for g in seg), max(g.x1 for g in seg),
                              min(g.top for g in seg), max(g.bottom for g in seg),
                              max(g.size for g in seg), all(g.bold for g in letters), (i, seg),
                              tuple((g.text, g.x0, g.x1) for g in letters)))
        out.append(words)
    return out


def rules_of(page: Any, tol: float) -> Rules:
    horizontal = tuple((float(e["top"]), float(e["x0"]), float(e["x1"])) for e in page.edges
                       if e["orientation"] == "h" and e["x1"] - e["x0"] > 2 * tol)
    vertical = tuple((float(e["x0"]), float(e["top"]), float(e["bottom"])) for e in page.edges
                     if e["orientation"] == "v" and e["bottom"] - e["top"] > 2 * tol)
    return Rules(horizontal, vertical)


def _cell_text(lines: Sequence[Sequence[Any]], cell_lines: Sequence[Sequence[Word]], settings: Any) -> str:
    """The cell's text, line by line, from the glyphs of the page line between its words'
    extremes (the spaces the writer drew between them included)."""
    out = []
    for words in cell_lines:
        index = words[0].ref[0]
        x0, x1 = min(w.x0 for w in words), max(w.x1 for w in words)
        glyphs = [g for g in lines[index] if x0 - 0.01 <= (g.x0 + g.x1) / 2 <= x1 + 0.01]
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
    words = words_of(lines, settings)
    found = structure.find_table(words, rules_of(page, settings.snap_tolerance),
                                 context.columns if context is not None else None,
                                 row_gap_em=settings.row_gap_em)
    if found is None:
        return None
    if context is not None:
        context.columns = found.columns
    return to_table(found, lines, number, settings), set(found.used)
