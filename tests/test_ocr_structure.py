"""OCR'd pages through the structure engine (`extract.ocr_structure`): the engine's lines
with word boxes become page lines of `Word`s, heavy strokes read as bold, and a table
continued on a page without its header takes the page before's columns. No tesseract:
lines and ink are made here."""

from __future__ import annotations

import numpy as np

from extract import grid as grid_stage
from extract import ocr_structure
from extract.ocr_structure import PageStructure, carry_columns, cells_of, words_of
from extract.structure import Columns, Rules, Word, find_table
from extract.tesseract import OcrLine
from ita_core.model import BBox, Cell, Page, Table

DPI = 300.0
SCALE = DPI / 72


def _line(text: str, x0: float, y0: float, *, letter: float = 20.0, height: float = 50.0,
          conf: float = 0.9) -> OcrLine:
    """A line as tesseract gives it: one piece per letter (spaces are gaps of one letter)."""
    pieces, x = [], x0
    for ch in text:
        if ch != " ":
            pieces.append((ch, x, y0, x + letter, y0 + height))
        x += letter
    return OcrLine(text, conf, BBox(x0, y0, x, y0 + height, "px"), tuple(pieces))


def test_a_line_parts_into_words_at_its_spaces_and_at_wide_gaps():
    line = _line("กขค งจ", 100, 100)
    glued = OcrLine("ฉชซ", 0.9, BBox(300, 100, 600, 150, "px"),
                    (("ฉ", 300, 100, 320, 150), ("ช", 320, 100, 340, 150), ("ซ", 560, 100, 580, 150)))
    ink = np.zeros((400, 800), np.uint8)
    words = words_of([line, glued], ink, SCALE)
    assert len(words) == 1  # both at one height: one page line
    assert [w.text for w in words[0]] == ["กขค", "งจ", "ฉช", "ซ"]
    first = words[0][0]
    assert abs(first.x0 - 100 / SCALE) < 1e-6 and abs(first.x1 - 160 / SCALE) < 1e-6
    assert [p[0] for p in first.pieces] == ["ก", "ข", "ค"]


def test_a_word_read_across_a_drawn_column_rule_is_cut_at_the_rule():
    line = _line("กขคงจ", 100, 100)  # letters 100-200 px; a rule at 160 px
    rule = 160 / SCALE
    ink = np.zeros((400, 800), np.uint8)
    words = words_of([line], ink, SCALE, Rules(vertical=((rule, 0.0, 100.0),)))[0]
    assert [w.text for w in words] == ["กขค", "งจ"] and words[0].x1 < rule < words[1].x0
    assert [w.text for w in words_of([line], ink, SCALE)[0]] == ["กขคงจ"]


def test_lines_side_by_side_are_one_page_line_and_lines_below_are_not():
    left, right = _line("กข", 100, 100), _line("คง", 600, 110)  # column blocks, offset a little
    below = _line("จฉ", 100, 170)
    lines = words_of([left, below, right], np.zeros((400, 800), np.uint8), SCALE)
    assert [[w.text for w in line] for line in lines] == [["กข", "คง"], ["จฉ"]]


def test_a_page_line_stands_on_one_baseline_and_boxes_have_one_height():
    # two column blocks of one page line, read with baselines 4 px apart and boxes of
    # different heights (marks above one of them): one baseline, one height
    left = _line("กข", 100, 100, height=50)
    right = _line("คง", 600, 90, height=64)
    words = words_of([left, right], np.zeros((400, 800), np.uint8), SCALE)[0]
    assert len({round(w.bottom, 6) for w in words}) == 1
    assert len({round(w.bottom - w.top, 6) for w in words}) == 1


def test_thick_strokes_read_as_bold():
    ink = np.zeros((400, 1200), np.uint8)
    lines = []
    for k, (x0, stroke) in enumerate([(50, 3), (350, 3), (650, 3), (950, 6)]):
        for x in range(x0, x0 + 200, 25):  # a word of vertical strokes
            ink[100:150, x:x + stroke] = 255
        lines.append(OcrLine("กขค", 0.9, BBox(x0, 100, x0 + 200, 150, "px"),
                             (("ก", x0, 100, x0 + 60, 150), ("ข", x0 + 70, 100, x0 + 130, 150),
                              ("ค", x0 + 140, 100, x0 + 200, 150))))
    words = words_of(lines, ink, SCALE)[0]
    assert [w.bold for w in words] == [False, False, False, True]


def _grid(vertical_thickness: float, rows: int = 4) -> grid_stage.Grid:
    xs = (0.0, 100.0, 200.0, 300.0)
    ys = tuple(float(y) for y in range(0, 100 * (rows + 1), 100))
    vertical = tuple(grid_stage.Segment(x, 0.0, ys[-1], vertical_thickness) for x in xs)
    horizontal = tuple(grid_stage.Segment(y, 0.0, 300.0, 3.0) for y in ys)
    return grid_stage.Grid(xs, ys, horizontal, vertical)


def _layout(*grids: grid_stage.Grid) -> grid_stage.PageLayout:
    blank = np.zeros((10, 10), np.uint8)
    ruling = grid_stage.RulingLines((), (), (), (), blank)
    return grid_stage.PageLayout(blank, blank, 0.0, ruling, tuple(grids))


def test_only_a_fully_drawn_grid_is_read_as_ruled():
    assert ocr_structure.fully_ruled(_layout(_grid(3.0)))
    assert not ocr_structure.fully_ruled(_layout())  # no rules: the engine reads it
    assert not ocr_structure.fully_ruled(_layout(_grid(grid_stage.WHITESPACE)))  # columns from white space
    assert ocr_structure.fully_ruled(_layout(_grid(1.0, rows=1)))  # a thin rule is drawn
    mixed = _grid(3.0)  # one inner edge of two found from white space: still ruled
    extra = grid_stage.Segment(150.0, 0.0, 400.0, grid_stage.WHITESPACE)
    mixed = grid_stage.Grid((0.0, 100.0, 150.0, 200.0, 300.0), mixed.ys, mixed.horizontal,
                            mixed.vertical + (extra,))
    assert ocr_structure.fully_ruled(_layout(mixed))


def test_a_ruled_row_opening_two_measures_is_column_rules_in_a_frame():
    def table(*texts: str) -> Table:
        return Table(1, 2, 3, tuple(Cell(1, c, t) for c, t in enumerate(texts)))

    assert ocr_structure.holds_several_measures(table("1\n\n2", "มาตรการ ก\nแนวทาง", "สำนักปลัด"))
    assert ocr_structure.holds_several_measures(table("", "มาตรการที่ 1 ก\n1. ข\nมาตรการที่ 2 ค", ""))
    assert not ocr_structure.holds_several_measures(table("1", "มาตรการ ก\n1. ข\n2. ค", "2\n3"))


COLUMNS = [(40, 60), (70, 250), (262, 420), (432, 520), (532, 620)]
HEADER = ["ที่", "มาตรการ/แนวทางการปฏิบัติ", "ขั้นตอน/วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลา"]


def _word(text: str, c: int, top: float, ref: int, bold: bool = False) -> Word:
    x0 = COLUMNS[c][0]
    return Word(text, x0, min(COLUMNS[c][1], x0 + 7.0 * len(text)), top, top + 14, 14.0, bold, ref)


def _body(top: float, first_ref: int) -> list[list[Word]]:
    lines, y, ref = [], top, first_ref
    for n in (1, 2):
        lines.append([_word(str(n), 0, y, ref), _word(f"มาตรการที่ {n} ป้องกันการทุจริต", 1, y, ref),
                      _word("1. ประชุมชี้แจง", 2, y, ref), _word("สำนักปลัด", 3, y, ref),
                      _word("ต.ค. 66", 4, y, ref)])
        lines.append([_word("เจ้าหน้าที่", 1, y + 18, ref + 1), _word("บุคลากร", 2, y + 18, ref + 1)])
        y += 40
        ref += 2
    return lines


def test_a_page_without_its_header_takes_the_columns_of_the_page_before():
    head = [[_word(t, c, 100, 0, bold=True) for c, t in enumerate(HEADER)]]
    first = head + _body(130, 1)
    found = find_table(first, Rules())
    assert found is not None and found.columns.labels[1].startswith("มาตรการ")
    texts = tuple(f"line {k}" for k in range(5))
    seen1 = PageStructure(tuple(tuple(line) for line in first), Rules(), found.columns, SCALE,
                          (), (0.9,) * 5)
    table1, _ = ocr_structure.to_table(found, 1, SCALE, seen1.confidences)
    second = _body(80, 0)
    assert find_table(second, Rules()) is None  # alone it has no header
    seen2 = PageStructure(tuple(tuple(line) for line in second), Rules(), None, SCALE, texts[:4],
                          (0.8,) * 4)
    pages = [Page(1, "ocr", tables=(table1,), structure=seen1),
             Page(2, "ocr", lines=texts[:4], structure=seen2)]
    out = list(carry_columns(pages))
    assert out[0] is pages[0]
    table = out[1].tables[0]
    assert table.n_cols == len(found.columns.labels)
    by_col = {cell.col: cell.text for cell in table.cells if cell.row == 0}
    assert by_col[3] == "สำนักปลัด" and by_col[1].startswith("มาตรการที่ 1")
    assert out[1].lines == ()  # its lines went into the table
    # a table read otherwise in between (a ruled grid) stops the carry; a blank page does not
    ruled = Page(2, "ocr", tables=(table1,))
    assert list(carry_columns([pages[0], ruled, pages[1]]))[2].tables == ()
    assert list(carry_columns([pages[0], Page(2, "empty"), pages[1]]))[2].tables


def test_cells_read_alone_are_their_words_boxes_and_ink_the_page_reading_missed():
    head = [[_word(t, c, 100, 0, bold=True) for c, t in enumerate(HEADER)]]
    lines = head + _body(130, 1)
    for line in lines[1:]:  # the page reading lost the index numbers
        line[:] = [w for w in line if not w.text.isdigit()]
    found = find_table(lines, Rules(), Columns((35, 65, 256, 426, 526, 626), tuple(HEADER),
                                               (40, 70, 262, 432, 532)))
    assert found is not None
    ink = np.zeros((int(300 * SCALE), int(700 * SCALE)), np.uint8)
    y = int(131 * SCALE)
    ink[y:y + 30, int(42 * SCALE):int(48 * SCALE)] = 255  # the first row's lost "1"
    cells = cells_of(found, SCALE, ink)
    index = [c for c in cells if c.col == 0 and c.row > 0]
    assert [c.row for c in index] == [1]  # the second row's index holds no ink: not read
    box = index[0].bbox
    assert box.x0 <= 42 * SCALE and box.x1 >= 48 * SCALE and box.y0 <= y <= box.y1
    guideline = next(c for c in cells if c.row == 1 and c.col == 1)
    assert guideline.text.startswith("มาตรการที่ 1") and guideline.bbox.x0 >= 65 * SCALE


def test_a_short_reading_the_engine_doubts_is_left_out():
    ruling = grid_stage.RulingLines((), (), (), (), np.zeros((10, 10), np.uint8))
    dust = _line("2", 300, 100, conf=0.2)
    number = _line("2", 300, 200, conf=0.9)
    text = _line("กขคงจ", 400, 200, conf=0.3)  # long enough to keep, doubt or not
    _, seen = ocr_structure.read_structure([dust, number, text], np.zeros((400, 800), np.uint8),
                                           ruling, dpi=DPI)
    assert [[w.text for w in line] for line in seen.lines] == [["2", "กขคงจ"]]


def _rule(pos: float, *pieces: tuple[float, float]) -> tuple[grid_stage.Segment, list[grid_stage.Segment]]:
    """A merged column rule at `pos` (px) and the drawn pieces it was made of."""
    merged = grid_stage.Segment(pos, pieces[0][0], pieces[-1][1], 3.0)
    return merged, [grid_stage.Segment(pos, a, b, 3.0) for a, b in pieces]


def test_column_rules_are_the_stretches_drawn_and_a_title_line_between_is_not_cut():
    # column rules drawn 100-700 px with a gap at 400-480 (a title row crosses there),
    # and a letter's stroke (20 px) in the gap where the title's text touches the rule
    rules = [_rule(x, (100, 400), (420, 440), (480, 700)) for x in (100, 600, 1100)]
    ruling = grid_stage.RulingLines((), tuple(m for m, _ in rules), (),
                                    tuple(p for _, ps in rules for p in ps),
                                    np.zeros((800, 1200), np.uint8))
    vertical = ocr_structure.rules_of(ruling, SCALE, DPI).vertical
    assert sorted((round(x * SCALE), round(a * SCALE), round(b * SCALE)) for x, a, b in vertical) == \
        [(100, 100, 400), (100, 480, 700), (600, 100, 400), (600, 480, 700),
         (1100, 100, 400), (1100, 480, 700)]
    ink = np.zeros((800, 1200), np.uint8)
    rules_pt = ocr_structure.rules_of(ruling, SCALE, DPI)
    title = _line("กขคงจฉชซฌญกขคงจฉชซฌญกขคงจฉชซฌญ", 120, 410, height=40)  # 120-720 px, over x=600
    assert [w.text for w in words_of([title], ink, SCALE, rules_pt)[0]] == [title.text]
    body = _line("กขคงจฉชซฌญกขคงจฉชซฌญกขคงจฉชซฌญ", 120, 500, height=40)  # where the rule is drawn
    assert len(words_of([body], ink, SCALE, rules_pt)[0]) == 2
    whole = grid_stage.RulingLines((), tuple(m for m, _ in rules), (), (), ruling.mask)
    assert len(ocr_structure.rules_of(whole, SCALE, DPI).vertical) == 3  # no pieces: drawn whole


def test_a_cell_whose_words_run_past_its_column_is_read_as_far_as_they_reach():
    head = [[_word(t, c, 100, 0, bold=True) for c, t in enumerate(HEADER)]]
    lines = head + _body(130, 1)
    columns = Columns((35, 65, 256, 426, 526, 626), tuple(HEADER), (40, 70, 262, 432, 532))
    found = find_table(lines, Rules(), columns)
    assert found is not None
    row = found.rows[1]
    guideline = row.cells[1][0]
    wide = Word("ก" * 40, 70, 300, guideline[0].top, guideline[0].bottom, guideline[0].size)
    row.cells[1][0] = [wide]  # the first line now runs 44 pt into the steps column
    ink = np.zeros((int(300 * SCALE), int(700 * SCALE)), np.uint8)
    steps = [w for ws in row.cells[2] for w in ws]
    box = next(c for c in cells_of(found, SCALE, ink) if c.row == 1 and c.col == 1).bbox
    assert box.x1 <= min(w.x0 for w in steps) * SCALE  # never into the words beside it
    del row.cells[2], row.cells[3], row.cells[4]  # a title line alone on its row
    box = next(c for c in cells_of(found, SCALE, ink) if c.row == 1 and c.col == 1).bbox
    assert box.x1 >= 300 * SCALE


def test_a_line_cut_in_two_where_a_column_rule_stops_for_it_is_joined():
    # a title row across the columns: the rule at x = 400 px stops for it (drawn above
    # and below), and the engine read its two halves as two lines that touch at the rule
    rule_x = 400 / SCALE
    rules = Rules(vertical=((rule_x, 0.0, 90 / SCALE), (rule_x, 160 / SCALE, 400 / SCALE)))
    left, right = _line("กขคงจฉชซฌญ", 200, 100), _line("ฎฏฐฑ", 401, 100)
    joined = ocr_structure.joined_across_rule_gaps([left, right], rules, SCALE)
    assert [line.text for line in joined] == ["กขคงจฉชซฌญฎฏฐฑ"]
    assert len(joined[0].pieces) == 14 and joined[0].bbox.x1 == right.bbox.x1
    # where the rule runs through the line, the halves are two cells' texts
    through = Rules(vertical=((rule_x, 0.0, 400 / SCALE),))
    assert len(ocr_structure.joined_across_rule_gaps([left, right], through, SCALE)) == 2
    # with no rule there, or a gap wider than padding leaves, nothing says they are one
    assert len(ocr_structure.joined_across_rule_gaps([left, right], Rules(), SCALE)) == 2
    apart = _line("ฎฏฐฑ", 440, 100)
    assert len(ocr_structure.joined_across_rule_gaps([left, apart], rules, SCALE)) == 2


def test_a_doubted_line_of_symbols_is_marks_read_alone_and_left_out():
    """Tesseract reads the tone marks of a tightly set line as a line of their own
    ("-  =.-=  -  Jo.  =  7,  “|", 0.44): more symbols than letters, and doubted, it is
    no text; a doubted line of letters, or a sure line of dashes, stays."""
    box = BBox(0, 0, 400, 20, unit="px")
    assert ocr_structure._doubtful(OcrLine("-  =.-=  -  Jo.  =  7,  “|", 0.44, box))
    assert not ocr_structure._doubtful(OcrLine("๑. จัดทำแผนพัฒนาบุคลากร", 0.44, box))
    assert not ocr_structure._doubtful(OcrLine("- - - -", 0.9, box))
