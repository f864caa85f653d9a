"""The text layer's table fallbacks: tables from ruling lines, from horizontal rules
only, and from alignment alone.

`ruled_tables` reads the cells pdfplumber's TableFinder finds between ruling lines
(column rules left open by a page break are closed, so a cut row stays a row);
`rule_rows_table` takes rows between horizontal rules and columns from empty x-bands;
`aligned_table` takes columns from empty x-bands under a multi-column header and rows
from extra vertical space or new items in the first column. `extract.pdf` calls them in
that order of evidence, around the structure engine (`extract.pdf_structure`).
"""

from __future__ import annotations

import re
import statistics
from typing import Any, Sequence

from ita_core.model import BBox, Cell, CoordOrigin, Table
from extract.pdf_lines import Glyph, _segments, glyphs_to_lines, line_text
from extract.pdf_settings import PdfSettings

_ITEM_START = re.compile(r"^\s*(?:[0-9๐-๙]{1,3}[.)]|[-•\u2022\u25aa\u27a2])")


def _snap(values: Sequence[float], tol: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _index(edges: Sequence[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def ruled_tables(page: Any, settings: PdfSettings) -> list[tuple[BBox, list[tuple[int, int, int, int, BBox]]]]:
    """Tables drawn with ruling lines: (table bbox, [(row, col, row_span, col_span, bbox)])."""
    finder = page.debug_tablefinder({
        "vertical_strategy": "lines", "horizontal_strategy": "lines",
        "snap_tolerance": settings.snap_tolerance, "join_tolerance": settings.snap_tolerance,
        "explicit_horizontal_lines": _open_ends(page.edges, settings.snap_tolerance),
    })
    found = []
    for table in finder.tables:
        boxes = table.cells
        if len(boxes) < settings.min_table_cells:
            continue
        tol = settings.snap_tolerance
        xs = _snap([b[0] for b in boxes] + [b[2] for b in boxes], tol)
        ys = _snap([b[1] for b in boxes] + [b[3] for b in boxes], tol)
        if len(xs) < 3 or len(ys) < 2 or (len(xs) < 4 and len(ys) < 3):
            continue  # a box or a pair of boxes (signature blocks), not a table
        cells = []
        for x0, top, x1, bottom in boxes:
            c0, c1 = _index(xs, x0), _index(xs, x1)
            r0, r1 = _index(ys, top), _index(ys, bottom)
            if c1 <= c0 or r1 <= r0:
                continue
            cells.append((r0, c0, r1 - r0, c1 - c0, BBox(x0, top, x1, bottom, "pt", CoordOrigin.TOPLEFT)))
        x0 = min(b[0] for b in boxes)
        top = min(b[1] for b in boxes)
        x1 = max(b[2] for b in boxes)
        bottom = max(b[3] for b in boxes)
        found.append((BBox(x0, top, x1, bottom, "pt", CoordOrigin.TOPLEFT), cells))
    return found


def _open_ends(edges: Sequence[dict[str, Any]], tol: float) -> list[float]:
    """Where column rules stop with no horizontal rule to close them: a row cut by a
    page break. Closing them there lets the cut row be read as a row."""
    horizontals = [e for e in edges if e["orientation"] == "h"]
    ends: list[float] = []
    for e in edges:
        if e["orientation"] != "v":
            continue
        for y in (e["top"], e["bottom"]):
            closed = any(abs(h["top"] - y) <= tol and h["x0"] - tol <= e["x0"] <= h["x1"] + tol
                         for h in horizontals)
            if not closed:
                ends.append(y)
    return _snap(ends, tol)


def _inside(g: Glyph, box: BBox) -> bool:
    cx, cy = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
    return box.x0 <= cx <= box.x1 and box.y0 <= cy <= box.y1


def _all_bold(glyphs: Sequence[Glyph]) -> bool:
    """Every letter set in a bold font: a title line, as the writer styled it."""
    letters = [g for g in glyphs if not g.is_space and g.text.strip()]
    return bool(letters) and all(g.bold for g in letters)


def _cell_text(glyphs: Sequence[Glyph], settings: PdfSettings) -> str:
    return "\n".join(t for t in (line_text(l, settings) for l in glyphs_to_lines(glyphs, settings)) if t)


# ---------------------------------------------------------------- tables without ruling lines


def aligned_table(lines: list[list[Glyph]], page_number: int,
                  settings: PdfSettings) -> tuple[Table, int, int] | None:
    """A table laid out by alignment alone. Columns are the x-bands that (almost) no
    line of the table region covers; rows break at extra vertical space (cell padding)
    or, with none, at new items in the first column; the lines just above the first
    multi-column line that fit inside the columns are the rest of the header. Returns
    the table and the index range [first, last) of the lines it took."""
    multi = [len(_segments(line, settings.column_gap_em)) >= settings.min_columns for line in lines]
    first = next((i for i in range(len(lines) - 1) if multi[i] and multi[i + 1]), None)
    if first is None:
        return None
    size = statistics.median(g.size for g in lines[first])
    end = first + 1  # the table runs until a vertical gap of several lines or the page end
    while end < len(lines) and _gap(lines[end - 1], lines[end]) <= 3 * size:
        end += 1
    bounds = _column_bounds(lines[first:end], size, settings)
    n_cols = len(bounds) - 1
    if n_cols < settings.min_columns:
        return None
    while first > 0 and _gap(lines[first - 1], lines[first]) <= settings.header_gap_em * size and not any(
            _crosses(seg, bounds) for seg in _segments(lines[first - 1], settings.column_gap_em)):
        # the header (its own cell padding below it) and header cells wrapped onto a line
        # above the others: lines close above that fit the columns
        first -= 1
    table_lines = lines[first:end]
    gaps = [_gap(a, b) for a, b in zip(table_lines, table_lines[1:])]
    tightest = min((g for g in gaps if g >= 0), default=0.0)
    row_gap = settings.row_gap_em * size
    by_gap = any(g - tightest > row_gap for g in gaps)
    header_end = next((i for i, line in enumerate(table_lines) if multi[first + i]), 0)
    rows: list[list[list[Glyph]]] = [[]]  # row → its lines; row 0 is the header
    for i, line in enumerate(table_lines):
        if i > header_end and rows[-1]:
            first_col = [g for g in line if not g.is_space and _column(bounds, g.x0) == 0]
            starts_item = bool(first_col) and bool(_ITEM_START.match(line_text(first_col, settings)))
            if (gaps[i - 1] - tightest > row_gap) if by_gap else starts_item:
                rows.append([])
        elif i == header_end + 1:
            rows.append([])
        rows[-1].append(line)
    return _table_from_rows(rows, bounds, page_number, settings), first, end


def _table_from_rows(rows: Sequence[Sequence[Sequence[Glyph]]], bounds: Sequence[float],
                     page_number: int, settings: PdfSettings) -> Table:
    """Cells of a table without column rules; text running across a column edge merges
    the columns it crosses into one cell of that row."""
    n_cols = len(bounds) - 1
    cells: list[Cell] = []
    for r, row_lines in enumerate(rows):
        glyphs = [g for line in row_lines for g in line if not g.is_space]
        merged = [False] * n_cols  # merged[c]: column c runs on into column c + 1
        for line in row_lines:
            for seg in _segments(line, settings.column_gap_em):
                lo, hi = _column(bounds, seg[0].x0), _column(bounds, max(g.x1 for g in seg) - 0.01)
                for c in range(lo, hi):
                    merged[c] = True
        c = 0
        while c < n_cols:
            span = 1
            while c + span - 1 < n_cols - 1 and merged[c + span - 1]:
                span += 1
            mine = [g for g in glyphs if c <= _column(bounds, (g.x0 + g.x1) / 2) < c + span]
            if mine:
                cells.append(Cell(r, c, _cell_text(mine, settings), 1, span, _bbox(mine),
                                  bold=_all_bold(mine)))
            c += span
    all_glyphs = [g for line in rows for row_line in line for g in row_line]
    return Table(page_number, len(rows), n_cols, tuple(cells), _bbox(all_glyphs))


def rule_rows_table(page: Any, lines: list[list[Glyph]], page_number: int,
                    settings: PdfSettings) -> tuple[Table, list[int]] | None:
    """A table with horizontal rules only: rows between the rules, columns from the
    empty x-bands of the text between them. Returns the table and the lines it took."""
    tol = settings.snap_tolerance
    rules: dict[float, list[float]] = {}
    for e in page.edges:
        if e["orientation"] != "h":
            continue
        y = next((k for k in rules if abs(k - e["top"]) <= tol), e["top"])
        span = rules.setdefault(y, [e["x0"], e["x1"]])
        span[0], span[1] = min(span[0], e["x0"]), max(span[1], e["x1"])
    ys = sorted(y for y, (x0, x1) in rules.items() if x1 - x0 >= 0.5 * float(page.width))
    if len(ys) < 2:
        return None
    rows: list[list[list[Glyph]]] = [[] for _ in ys[1:]]
    taken = []
    for i, line in enumerate(lines):
        middle = (min(g.top for g in line) + max(g.bottom for g in line)) / 2
        for r, (top, bottom) in enumerate(zip(ys, ys[1:])):
            if top < middle < bottom:
                rows[r].append(line)
                taken.append(i)
                break
    rows = [row for row in rows if row]
    if len(rows) < 2:
        return None
    size = statistics.median(g.size for row in rows for line in row for g in line)
    bounds = _column_bounds([line for row in rows for line in row], size, settings)
    if len(bounds) - 1 < 2:
        return None
    # A row cut by the page break has no closing rule: the lines right under the last
    # rule that keep to the columns.
    cut: list[int] = []
    prev_bottom = ys[-1]
    for i in range(max(taken) + 1, len(lines)):
        line = lines[i]
        if min(g.top for g in line) - prev_bottom > size or any(
                _crosses(seg, bounds) for seg in _segments(line, settings.column_gap_em)):
            break
        cut.append(i)
        prev_bottom = max(g.bottom for g in line)
    if cut:
        rows.append([lines[i] for i in cut])
        taken.extend(cut)
    return _table_from_rows(rows, bounds, page_number, settings), taken


def _gap(upper: Sequence[Glyph], lower: Sequence[Glyph]) -> float:
    return min(g.top for g in lower) - max(g.bottom for g in upper)


def _column(bounds: Sequence[float], x: float) -> int:
    n_cols = len(bounds) - 1
    return next((i for i in range(n_cols) if x < bounds[i + 1]), n_cols - 1)


def _crosses(seg: Sequence[Glyph], bounds: Sequence[float]) -> bool:
    return _column(bounds, seg[0].x0) != _column(bounds, max(g.x1 for g in seg) - 0.01)


def _emptiest_middle(cover: Sequence[int], start: int, stop: int) -> float:
    """The middle of the longest stretch of least coverage in cover[start:stop]."""
    least = min(cover[start:stop])
    best, run = (0, start), None
    for x in range(start, stop + 1):
        if x < stop and cover[x] == least:
            run = x if run is None else run
        elif run is not None:
            best = max(best, (x - run, run))
            run = None
    return best[1] + best[0] / 2


def _column_bounds(lines: Sequence[Sequence[Glyph]], size: float, settings: PdfSettings) -> list[float]:
    """Column edges: the middles of x-bands that at most one line in ten covers."""
    x_min = min(g.x0 for line in lines for g in line if not g.is_space)
    x_max = max(g.x1 for line in lines for g in line if not g.is_space)
    width = int(x_max - x_min) + 2
    cover = [0] * width
    for line in lines:
        for seg in _segments(line, settings.column_gap_em):  # word spaces stay covered
            a, b = int(seg[0].x0 - x_min), int(max(g.x1 for g in seg) - x_min) + 1
            for x in range(max(0, a), min(width, b)):
                cover[x] += 1
    allowed = len(lines) // 10  # a title row running across columns
    bounds, run_start = [x_min - 1], None
    for x in range(width + 1):
        empty = x < width and cover[x] <= allowed
        if empty and run_start is None:
            run_start = x
        elif not empty and run_start is not None:
            if x - run_start >= settings.min_column_gap_em * size and 0 < run_start and x < width:
                bounds.append(x_min + _emptiest_middle(cover, run_start, x))
            run_start = None
    bounds.append(x_max + 1)
    return bounds


def _bbox(glyphs: Sequence[Glyph]) -> BBox:
    return BBox(min(g.x0 for g in glyphs), min(g.top for g in glyphs),
                max(g.x1 for g in glyphs), max(g.bottom for g in glyphs), "pt", CoordOrigin.TOPLEFT)
