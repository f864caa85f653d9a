"""One structure engine for ITA tables, whatever their ruling.

It reads words with boxes (a text layer's glyph runs or OCR's words) and the rules drawn
on the page, and returns the table's rows and cells:

- **Header and columns.** The header is the band of lines whose words, stacked by their
  x-extent, read as the contract's column labels (a two-row header's group label, which
  covers several stacks, names none of them). Each stack is a column; the edge between
  two stacks is the vertical rule between them, else the emptiest x-band of the body's
  words between them. A page without a header takes the columns of the page before.
- **Rows.** Horizontal rules across the table separate rows where they are drawn. Where
  they are not, cell padding does when the line gaps show it (two gap sizes); where
  neither does (a Word table with no margins), the text does: a number in the index
  column, a title line, or a line where the guideline column opens an item and every other
  filled column opens one too or starts afresh.
- **Title rows** are found by content and style: a line that runs across columns from the
  first column's left edge, bold or numbered, or a bold line alone in the guideline column.

The engine knows nothing of PDFs or pixels: `extract.pdf` feeds it glyph runs, and the
cells it returns carry those runs back. Tables it is unsure of (no header on the page and
no columns carried over) are not made up: it returns None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Sequence

from extract.table_header import _emptiest, columns_from_header, find_header, label_lines
from extract.table_words import (SHORT_NUMBER, TABLE_BREAK_EM, TABLE_END_RX, Columns, FoundRow, FoundTable,
                                 Rules, Word, bottom_of, joined_verticals, opens, ruled_through, runs_of, size_of,
                                 text_of, top_of)
from extract.headers import header_fields
from extract.list_items import MEASURE_TITLE_RX, NUMBER_MARKER_RX

__all__ = ["Columns", "FoundRow", "FoundTable", "Rules", "Word", "find_table"]

CROSS_TOLERANCE_EM = 0.5  # a run may overhang its column edge this much
COLUMN_RULE_EM = 4.0  # drawn pieces at a column edge this long in all are its rule
TITLE_INDENT_EM = 1.5  # a title row starts this close to its column's text edge
RULE_SPAN = 0.5  # a horizontal rule across this share of the table separates rows
TITLE_SPACE_EM = 0.5  # a bold title's word this close past the column edge is the title's
ROW_OPENING_COLUMNS = 3  # a line opening cells at this many columns' text edges is a table row
PLACED_FROM_LINES = 3  # carried columns placed from fewer body lines are placed again on the next page
BARE_NUMBER_RX = re.compile(r"^\s*[0-9๐-๙]{1,3}\s*$")
FURNITURE_RX = re.compile(r"^\s*(?:หน\S{0,2}า\s*[-–]?\s*[0-9๐-๙]+(?:\s*/\s*[0-9๐-๙]+)?|[-–]\s*[0-9๐-๙]+\s*[-–]"
                          r"|[0-9๐-๙]+\s*/\s*[0-9๐-๙]+|[0-9๐-๙]{1,3})\s*$")


# ---------------------------------------------------------------- lines against columns


def _column(columns: Columns, x: float) -> int:
    b = columns.bounds
    return next((c for c in range(len(b) - 1) if x < b[c + 1]), len(b) - 2)


def _by_column(line: Sequence[Word], columns: Columns) -> dict[int, list[Word]]:
    out: dict[int, list[Word]] = {}
    for w in line:
        out.setdefault(_column(columns, (w.x0 + w.x1) / 2), []).append(w)
    return out


def _crossing(line: Sequence[Word], columns: Columns, size: float) -> list[list[Word]]:
    """Runs of the line that cross a column edge by more than the tolerance."""
    tol = CROSS_TOLERANCE_EM * size
    inner = columns.bounds[1:-1]
    # a word (no space in it) over an edge: text set across columns; a run of words
    # across an edge with a gap at the edge is two cells set close
    return [run for run in runs_of(line, 0.6 * size)
            if any(w.x0 < b - tol and w.x1 > b + tol for w in run for b in inner)]


def _apart_at_edges(line: Sequence[Word], columns: Columns, size: float) -> list[Word]:
    """The line's words cut where a run the writer drew apart starts at a column's text
    edge: two cells' texts with no space between them ("ตรวจสอบ" + "ตาม" at 16 pt in
    narrow unruled columns) read as one word across the edge."""
    out: list[Word] = []
    for w in line:
        cuts = [s for s in w.starts for c in range(1, len(columns.text_left))
                if abs(s - columns.text_left[c]) <= 1.0 and w.x0 < columns.bounds[c] < s + 1.0]
        out.extend(w.split(sorted(set(cuts))) if cuts else [w])
    return out


def _overflow(run: Sequence[Word], columns: Columns, size: float, loose: bool = False,
              rules: Rules = Rules()) -> bool:
    """Words too long for their narrow columns, run over into the next ones (large type):
    each word that crosses an edge starts at its column's text edge and crosses that one
    edge only, and each word that opens a column starts at its text edge. A title or a
    paragraph across the table starts its words anywhere; so does a run across an edge
    where the drawn column rule stops for it (a cell's overflow runs over the rule)."""
    b, tol = columns.bounds, CROSS_TOLERANCE_EM * size
    if _across_rule_gap(run, columns, size, rules):
        return False
    previous = None
    opened = False  # the words of this column on the line start at its text edge
    for w in sorted(run, key=lambda w: w.x0):
        c = _column(columns, w.x0 + 0.01)
        at_edge = abs(w.x0 - columns.text_left[c]) <= 0.5 * size
        if c != previous:
            opened = at_edge
        crosses = any(w.x0 < e - tol and w.x1 > e + tol for e in b[1:-1])
        # (loose: the word may follow others of its column, "๑. เปิดให้บริการ")
        if crosses and not ((at_edge or (loose and opened)) and c + 2 < len(b) and w.x1 <= b[c + 2] + tol):
            return False
        if c != previous and not at_edge:
            return False
        previous = c
    return True


def _across_rule_gap(run: Sequence[Word], columns: Columns, size: float, rules: Rules) -> bool:
    """Whether a word of the run crosses a column edge where a column rule is drawn, but
    not through the run: the rule stops for a row set across the columns."""
    tol = CROSS_TOLERANCE_EM * size
    verticals = drawn_verticals(rules)
    if not verticals:
        return False
    middle = (top_of(run) + bottom_of(run)) / 2
    for e in columns.bounds[1:-1]:
        if not any(w.x0 < e - tol and w.x1 > e + tol for w in run):
            continue
        near = [(t, bottom) for x, t, bottom in verticals if abs(x - e) <= tol]
        # a column rule runs down several rows: a short piece is a letter's stroke or dust
        drawn = sum(bottom - t for t, bottom in near) >= COLUMN_RULE_EM * size
        if drawn and not any(t <= middle <= bottom for t, bottom in near):
            return True
    return False


def _fits(line: Sequence[Word], columns: Columns, size: float, rules: Rules = Rules()) -> bool:
    b = columns.bounds
    inside = all(b[0] - size <= w.x0 and w.x1 <= b[-1] + size for w in line)
    return inside and all(_overflow(run, columns, size, rules=rules) for run in _crossing(line, columns, size))


@dataclass
class _Roles:
    index: int | None  # the index column ("ที่", or unlabelled numbers)
    key: int  # the guideline/title column


def _roles(columns: Columns) -> _Roles:
    fields = header_fields(list(columns.labels)) or {}
    index = next((c for c, f in fields.items() if f == "no"), None)
    if index is None and columns.labels and not columns.labels[0].strip():
        index = 0
    key = next((c for c, f in fields.items() if f == "guidelines"), None)
    if key is None:
        key = next((c for c in range(len(columns.labels)) if c != index), 0)
    return _Roles(index, key)




def _is_title(line: Sequence[Word], columns: Columns, roles: _Roles, size: float,
              body_bold: bool, rules: Rules = Rules()) -> bool:
    """A measure title line: across columns from the first column's text edge, bold or
    numbered; or bold, alone in the guideline column of a table whose body is not bold."""
    first_col = roles.index if roles.index is not None else roles.key
    starts = [columns.text_left[first_col], columns.text_left[roles.key]]
    crossing = _crossing(line, columns, size)
    cols = _by_column(line, columns)
    if crossing:
        run = crossing[0]
        lead = [w for w in line if w.x1 <= run[0].x0]
        if len(lead) == 1 and NUMBER_MARKER_RX.match(lead[0].text) and run[0].x0 - lead[0].x1 <= size:
            run = lead + run  # "4." set a little apart from its title: the title's number
        near = any(abs(run[0].x0 - x) <= TITLE_INDENT_EM * size for x in starts)
        bold = all(w.bold for w in run)
        numbered = bool(MEASURE_TITLE_RX.match(text_of(run)) or NUMBER_MARKER_RX.match(text_of(run)))
        index_number = roles.index is not None and any(
            SHORT_NUMBER.match(w.text) for w in cols.get(roles.index, []))
        if not bold and _overflow(run, columns, size, loose=True, rules=rules):
            return False  # plain cell texts with a word run over into the next column
        return near and (bold or numbered or index_number) and not TABLE_END_RX.match(text_of(run))
    filled = [c for c in cols if c != roles.index]
    return (filled == [roles.key] and not body_bold and all(w.bold for w in cols[roles.key])
            and abs(min(w.x0 for w in cols[roles.key]) - columns.text_left[roles.key]) <= TITLE_INDENT_EM * size)


# ---------------------------------------------------------------- rows


def _row_breaks(body: Sequence[Sequence[Word]], columns: Columns, roles: _Roles, rules: Rules,
                size: float, titles: Sequence[bool], row_gap_em: float) -> tuple[list[bool], str]:
    """breaks[k]: a new row starts at body line k (k ≥ 1)."""
    n = len(body)
    width = columns.bounds[-1] - columns.bounds[0]
    spans = [(y, x0, x1) for y, x0, x1 in rules.horizontal
             if min(x1, columns.bounds[-1]) - max(x0, columns.bounds[0]) >= RULE_SPAN * width]
    by_rule = [False] * n
    for k in range(1, n):
        lo, hi = bottom_of(body[k - 1]) - 0.3 * size, top_of(body[k]) + 0.3 * size
        by_rule[k] = any(lo <= y <= hi for y, _, _ in spans)
    gaps = [top_of(body[k]) - bottom_of(body[k - 1]) for k in range(1, n)]
    positive = sorted(g for g in gaps if g >= 0)
    tightest = positive[len(positive) // 10] if positive else 0.0
    by_gap = [False] + [g - tightest > row_gap_em * size for g in gaps]
    cols = [_by_column(line, columns) for line in body]
    letters = [w for line in body for w in line]
    body_bold = sum(w.bold for w in letters) > 0.8 * len(letters)
    breaks = [False] * n
    for k in range(1, n):
        index_number = roles.index is not None and any(
            SHORT_NUMBER.match(w.text) for w in cols[k].get(roles.index, []))
        title = titles[k] and not (titles[k - 1] and not opens(body[k]))
        # a numbered bold paragraph opening the guideline cell after plain text: the
        # title of the next measure set in its row's first cell
        key, above = cols[k].get(roles.key), cols[k - 1].get(roles.key)
        cell_title = (not body_bold and bool(key) and all(w.bold for w in key) and opens(key)
                      and not (above and all(w.bold for w in above)))
        breaks[k] = index_number or title or cell_title or (titles[k - 1] and not titles[k])
    if sum(by_rule) >= 1:
        mode = "rules"
        return [b or r for b, r in zip(breaks, by_rule)], mode
    if sum(by_gap) >= max(1, n // 12):
        return [b or g for b, g in zip(breaks, by_gap)], "gaps"
    for k in range(1, n):
        key = cols[k].get(roles.key)
        if breaks[k] or not key or not opens(key):
            continue
        others = [c for c in cols[k] if c not in (roles.key, roles.index)]
        breaks[k] = all(opens(cols[k][c]) or c not in cols[k - 1] for c in others)
    return breaks, "text"


def _rows(body: Sequence[Sequence[Word]], breaks: Sequence[bool], titles: Sequence[bool],
          columns: Columns, roles: _Roles, size: float) -> list[FoundRow]:
    rows: list[FoundRow] = []
    letters = [w for line in body for w in line]
    body_bold = sum(w.bold for w in letters) > 0.8 * len(letters)
    for k, line in enumerate(body):
        kind = "title" if titles[k] else "body"
        if k == 0 or breaks[k] or not rows:
            rows.append(FoundRow(kind))
        row = rows[-1]
        if titles[k]:
            row.kind = "title"
            for run in _index_apart(runs_of(line, 0.6 * size), columns, roles):
                c0 = _column(columns, run[0].x0 + 0.01)
                c1 = _column(columns, max(w.x1 for w in run) - CROSS_TOLERANCE_EM * size)
                c0 = min(c0, c1) if c0 != roles.index else c0
                if c0 != roles.index and c0 < roles.key:
                    c0 = roles.key
                span = max(1, c1 - c0 + 1) if c0 != roles.index else 1
                row.cells.setdefault(c0, []).append(run)
                row.spans[c0] = max(row.spans.get(c0, 1), span if c0 == roles.key or span > 1 else 1)
            continue
        for c, words in _title_run_kept(_by_column(line, columns), roles, size, body_bold).items():
            row.cells.setdefault(c, []).append(words)
    for row in rows:
        if row.kind == "title" and list(row.cells) in ([roles.key], [roles.index, roles.key]):
            row.spans[roles.key] = len(columns.bounds) - 1 - roles.key
    return rows


def _title_run_kept(cells: dict[int, list[Word]], roles: _Roles, size: float,
                    body_bold: bool) -> dict[int, list[Word]]:
    """A bold title in the guideline cell whose last word lies a word space past the
    column edge ("การพัฒนาการให้บริการผ่านระบบ e-Service", the title's cell spanning more
    than its column): the word is the title's, not a cell of the next column. Cells' texts
    are two paddings apart; a word space across the edge is one run."""
    key, text = cells.get(roles.key), cells.get(roles.key + 1)
    if body_bold or not key or not text or not all(w.bold for w in key + text):
        return cells
    if text[0].x0 - max(w.x1 for w in key) > TITLE_SPACE_EM * size:
        return cells
    joined = dict(cells)
    joined[roles.key] = key + joined.pop(roles.key + 1)
    return joined


def _index_apart(runs: list[list[Word]], columns: Columns, roles: _Roles) -> list[list[Word]]:
    """A title row's runs with a number in the index column parted from the title set
    close after it ("๓ การส่งเสริม…", the gap narrowed by a scan): the number is the
    index column's, the title the guideline column's on."""
    out = []
    for run in runs:
        if roles.index is not None and len(run) > 1 and SHORT_NUMBER.match(run[0].text) \
                and _column(columns, run[0].x0 + 0.01) == roles.index \
                and _column(columns, run[1].x0 + 0.01) != roles.index:
            out.extend([run[:1], run[1:]])
        else:
            out.append(run)
    return out


def _same_columns(a: Columns, b: Columns) -> bool:
    """The same header: as many columns, each of one's middles inside the other's column."""
    if len(a.labels) != len(b.labels):
        return False
    return all(a.bounds[c] <= (b.bounds[c] + b.bounds[c + 1]) / 2 <= a.bounds[c + 1]
               for c in range(len(a.labels)))


def _labels_kept(columns: Columns, carried: Columns) -> Columns:
    """`columns` with the carried label of each column whose own names no field: a header
    repeated on the next page, clipped or garbled there (Word's repeated header row cut
    to its height: "ลำดับ" set a letter a line reads "ลำ")."""
    own, before = header_fields(list(columns.labels)) or {}, header_fields(list(carried.labels)) or {}
    labels = tuple(carried.labels[c] if c not in own and c in before else label
                   for c, label in enumerate(columns.labels))
    return replace(columns, labels=labels) if labels != columns.labels else columns


def _resumes(lines: Sequence[Sequence[Word]], k: int, columns: Columns, size: float) -> bool:
    """Whether the table goes on after line k: one of the next two lines, close below,
    keeps to the columns."""
    for j in range(k + 1, min(len(lines), k + 3)):
        if top_of(lines[j]) - bottom_of(lines[j - 1]) > TABLE_BREAK_EM * size or TABLE_END_RX.match(text_of(lines[j])):
            return False
        if _fits(lines[j], columns, size):
            return True
    return False


def _carried_start(lines: Sequence[Sequence[Word]], columns: Columns, roles: _Roles,
                   size: float, rules: Rules = Rules()) -> int | None:
    """Where a table continues on a page without a header: the first of three lines in a
    row that keep to the columns (a running title's wrapped word may fit alone), with the
    title lines just above it; where column rules run beside the table's lines, only
    title lines inside them (a running title above the table is outside). A note or a
    signer's line before any of them: the table ended on the page before (None)."""
    ok = [_fits(line, columns, size, rules) for line in lines]

    def ends(j: int) -> bool:  # the table cannot go on past line j - 1
        return j >= len(lines) or bool(TABLE_END_RX.match(text_of(lines[j]))) or \
            top_of(lines[j]) - bottom_of(lines[j - 1]) > TABLE_BREAK_EM * size

    for k in range(len(lines)):
        if TABLE_END_RX.match(text_of(lines[k])):
            return None  # a note or the signature above any table line: the table ended before
        run = 0
        while k + run < len(lines) and ok[k + run] and run < 3:
            run += 1
        if run == 3 or (run and (ends(k + run) or _row_before_title(lines, k, run, columns, roles, size))):
            ruled = len(ruled_through(lines[k], rules)) >= 2
            while k > 0 and (_is_title(lines[k - 1], columns, roles, size, body_bold=False, rules=rules)
                             or _row_opening(lines[k - 1], columns, size)) \
                    and top_of(lines[k]) - bottom_of(lines[k - 1]) <= TABLE_BREAK_EM * size \
                    and (not ruled or len(ruled_through(lines[k - 1], rules)) >= 2):
                k -= 1
            return k
    return _titles_at_foot(lines, columns, roles, size)


def _titles_at_foot(lines: Sequence[Sequence[Word]], columns: Columns, roles: _Roles,
                    size: float) -> int | None:
    """A page whose table lines are a numbered title row at its foot and nothing else
    (Word keeps the measure's first row whole and moves it to the next page, leaving its
    title behind): the title row's first line, or None."""
    k = len(lines)
    while k > 0 and _is_title(lines[k - 1], columns, roles, size, body_bold=False) \
            and (k == len(lines) or top_of(lines[k]) - bottom_of(lines[k - 1]) <= TABLE_BREAK_EM * size):
        k -= 1
    if k == len(lines) or not (MEASURE_TITLE_RX.match(text_of(lines[k])) or NUMBER_MARKER_RX.match(text_of(lines[k]))):
        return None
    return k


def _row_before_title(lines: Sequence[Sequence[Word]], k: int, run: int, columns: Columns, roles: _Roles,
                      size: float) -> bool:
    """Whether the `run` lines from k, each keeping to the columns with its words at
    column text edges (a row's wrapped tail, not a centred running title), run into a
    title row close below: a row of fewer than three lines, then the next measure."""
    j = k + run
    if top_of(lines[j]) - bottom_of(lines[j - 1]) > TABLE_BREAK_EM * size \
            or not _is_title(lines[j], columns, roles, size, body_bold=False):
        return False
    return all(any(abs(w.x0 - x) <= 0.5 * size for x in columns.text_left) for line in lines[k:j] for w in line[:1])


def _row_opening(line: Sequence[Word], columns: Columns, size: float) -> bool:
    """A line that opens cells in several columns, each at its column's text edge, though
    some run over an edge (a budget figure overflowing its narrow column, glued to the next
    cell's bullet): a table row's first line, not a running title above the table."""
    b = columns.bounds
    if not all(b[0] - size <= w.x0 and w.x1 <= b[-1] + size for w in line):
        return False
    opened = {c for c in range(len(columns.text_left)) for w in line
              if _column(columns, w.x0 + 0.01) == c and abs(w.x0 - columns.text_left[c]) <= 0.5 * size}
    return len(opened) >= ROW_OPENING_COLUMNS


def _replaced(columns: Columns, lines: Sequence[Sequence[Word]]) -> Columns:
    """Carried columns whose edges were placed from few body lines (a header at a page's
    foot, with a title row under it): each edge placed again at the emptiest x-band of
    this page's words between the middles of the columns beside it."""
    words = [w for line in lines for w in line]
    b = list(columns.bounds)
    edges = [_emptiest(words, (b[c - 1] + b[c]) / 2, (b[c] + b[c + 1]) / 2, prefer=(b[c] - 1, b[c] + 1))
             for c in range(1, len(b) - 1)]
    # a header set centred over left-aligned cells ("มาตรการ/" over "๑. การป้องกันผล")
    # placed the outer edges inside the text: they take in the words within the outer columns
    left = min([b[0]] + [w.x0 - 1 for w in words if w.x1 <= edges[0]]) if edges else b[0]
    right = max([b[-1]] + [w.x1 + 1 for w in words if w.x0 >= edges[-1]]) if edges else b[-1]
    bounds = [left] + edges + [right]
    text_left = []
    for c in range(len(bounds) - 1):
        xs = [w.x0 for w in words if bounds[c] <= w.x0 < bounds[c + 1]]
        text_left.append(min(xs) if xs else bounds[c])
    return Columns(tuple(bounds), columns.labels, tuple(text_left), len(lines))


def drawn_verticals(rules: Rules) -> list[tuple[float, float, float]]:
    """The column rules drawn on the page, pieces joined: not the edges that only the row
    rules imply (`Rules.implied`), which end where those pieces do."""
    return joined_verticals(Rules(vertical=tuple(v for v in rules.vertical if v not in rules.implied)))


def _rules_foot(first: Sequence[Word], verticals: Sequence[tuple[float, float, float]]) -> float | None:
    """Where the drawn column rules beside the table's first line end (a line below it is
    under a ruled table's foot: a signer's block "(ลง" / "ชื่อ)…" set in a narrow column's
    place is no cell), or None when no two rules run beside it. Edges the row rules only
    imply are not passed in: they end where those pieces do."""
    beside = sum(1 for x, t, b in verticals if t <= top_of(first) + 1 and b >= bottom_of(first) - 1)
    # below every piece, not only the ones beside the first line: a rule a scan broke goes on
    return max(b for _x, _t, b in verticals) + 1 if beside >= 2 else None


def _table_end(lines: Sequence[Sequence[Word]], k: int) -> bool:
    """A note's or a signer's line; or a word alone whose line the next one completes as
    one ("(ลง" over "ชื่อ)……ผู้รายงาน": a signer's block set narrow)."""
    if TABLE_END_RX.match(text_of(lines[k])):
        return True
    return len(lines[k]) == 1 and k + 1 < len(lines) and bool(lines[k + 1]) \
        and bool(TABLE_END_RX.match(lines[k][0].text + min(lines[k + 1], key=lambda w: w.x0).text))


def _body_lines(lines: Sequence[Sequence[Word]], start: int, columns: Columns, roles: _Roles, size: float,
                rules: Rules, headed: bool) -> list[int]:
    """The indices of the table's body lines from `start`: until a wide gap, a note or a
    signer's line, the foot of the column rules, or a line across the columns that is no
    title."""
    body_idx: list[int] = []
    verticals = drawn_verticals(rules)
    foot: float | None = None
    for k in range(start, len(lines)):
        line = lines[k]
        if body_idx and (top_of(line) - bottom_of(lines[body_idx[-1]]) > TABLE_BREAK_EM * size
                         or foot is not None and top_of(line) > foot):
            break
        if _table_end(lines, k):
            if body_idx or headed:
                break
            continue
        fits = _fits(line, columns, size, rules)
        title = not fits and _is_title(line, columns, roles, size, body_bold=False, rules=rules)
        if fits or title or _resumes(lines, k, columns, size):
            # a word too long for its narrow column overflows into the next: the table
            # goes on when the lines after it keep to the columns again
            body_idx.append(k)
            if len(body_idx) == 1:
                foot = _rules_foot(line, verticals)
        elif body_idx or headed:
            break  # a line across the columns that is no title: the table has ended
    return body_idx


def _furniture(lines: Sequence[Sequence[Word]], i: int, repeated: Sequence[tuple[str, float]] = ()) -> bool:
    """An empty line; a running title or footer (see find_table); a page number: "หน้า 2"
    or "- 2 -" anywhere, a bare number only as the page's first or last line (inside a
    table a bare number is a cell's wrapped tail, "๘๕")."""
    if not lines[i] or _repeated(lines[i], repeated):
        return True
    text = text_of(lines[i])
    if not FURNITURE_RX.match(text):
        return False
    bare = BARE_NUMBER_RX.match(text) is not None
    return not bare or i in (0, len(lines) - 1)


REPEATED_PT = 2.0  # a running title sits at the same place on every page, to this much


def _repeated(line: Sequence[Word], repeated: Sequence[tuple[str, float]]) -> bool:
    if not repeated:
        return False
    text, top = text_of(line), top_of(line)
    return any(t == text and abs(y - top) <= REPEATED_PT for t, y in repeated)


def _header_row(header, columns: Columns) -> FoundRow:
    head = FoundRow("header")
    offset = len(columns.labels) - len(header.stacks)  # an unlabelled index column added
    for k, (x0, x1, stack) in enumerate(header.stacks):
        head.cells.setdefault(k + offset, []).extend(label_lines(stack))
    return head


def find_table(lines: Sequence[Sequence[Word]], rules: Rules, carried: Columns | None = None,
               row_gap_em: float = 0.3, repeated: Sequence[tuple[str, float]] = ()) -> FoundTable | None:
    """The ITA table on a page of lines (each a list of words, top to bottom). `repeated`:
    (text, top) of the lines the page before held outside its table; a line here with the
    same text at the same place is a running title or footer."""
    kept = [i for i, line in enumerate(lines) if not _furniture(lines, i, repeated)]
    lines = [lines[i] for i in kept]
    if not lines:
        return None
    header = find_header(lines, rules)
    size = size_of(lines)
    if header is not None:
        start = header.last + 1
        top = top_of(lines[header.first])
        # the body for placing column edges: the lines below until a wide gap
        end = start
        while end < len(lines) and not TABLE_END_RX.match(text_of(lines[end])) and (
                end == start or top_of(lines[end]) - bottom_of(lines[end - 1]) <= TABLE_BREAK_EM * size):
            end += 1
        columns = columns_from_header(header, lines[start:end], rules, top, bottom_of(lines[max(start, end) - 1]))
        if carried is not None and _same_columns(carried, columns):
            # the header repeated over the table's last lines: the page before placed the
            # same columns from more text; else its labels stand for any unreadable here
            columns = carried if carried.evidence > columns.evidence else _labels_kept(columns, carried)
    elif carried is not None:
        columns, start, top = carried, 0, None
        if carried.evidence < PLACED_FROM_LINES:
            columns = _replaced(carried, lines)
    else:
        return None
    roles = _roles(columns)
    lines = [_apart_at_edges(line, columns, size) for line in lines]
    if header is None:
        start = _carried_start(lines, columns, roles, size, rules)
        if start is None:
            return None
    body_idx = _body_lines(lines, start, columns, roles, size, rules, header is not None)
    if not body_idx:
        if header is not None and header.last == len(lines) - 1:
            # the header alone at the page's foot (Word keeps the first row whole and
            # moves it over the page break): no rows here, but the columns it places
            # are the next page's, whose table goes on with no header of its own
            return FoundTable(columns, [_header_row(header, columns)],
                              [kept[k] for k in range(header.first, header.last + 1)],
                              top, bottom_of(lines[header.last]), "header")
        return None
    body = [lines[k] for k in body_idx]
    bold_share = sum(w.bold for line in body for w in line) / max(1, sum(len(line) for line in body))
    titles = [_is_title(line, columns, roles, size, body_bold=bold_share > 0.8, rules=rules) for line in body]
    for k in range(1, len(body)):
        # a bold line alone in the guideline column, under a bold guideline-cell line that
        # is no title row: the wrapped tail of a title set as the cell's first paragraph
        # ("...ไปปรับปรุงการดำเนิน" / "งาน"), not a title of its own
        above = _by_column(body[k - 1], columns).get(roles.key)
        if titles[k] and not titles[k - 1] and not opens(body[k]) and above and all(w.bold for w in above) \
                and not _crossing(body[k], columns, size):
            titles[k] = False
    breaks, mode = _row_breaks(body, columns, roles, rules, size, titles, row_gap_em)
    rows = _rows(body, breaks, titles, columns, roles, size)
    used = body_idx
    if header is not None:
        rows.insert(0, _header_row(header, columns))
        used = list(range(header.first, header.last + 1)) + body_idx
    return FoundTable(columns, rows, [kept[k] for k in used], top if top is not None else top_of(body[0]),
                      bottom_of(body[-1]), mode)
