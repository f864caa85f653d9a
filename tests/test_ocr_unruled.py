"""Tables with no ruling lines on scanned pages (extract/ocr_layout.py).

Fast tier: synthetic ink images (255 = ink) laid out as an unruled ITA table, with
Thai-like lines whose tone marks and low vowels come and go, so the white between
two lines of one cell varies as it does in real Thai print.
OCR tier: the sample scan s08, a results report set as an unruled table.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from extract import grid as G
from extract import ocr_layout as L
from extract.headers import header_fields


def is_header(texts) -> bool:
    return header_fields(texts) is not None

ROOT = Path(__file__).resolve().parent.parent
DPI = 200
PITCH = 40  # px between the baselines of two lines of one cell
BODY = 20  # px: a letter's body; marks add up to 6 px above and 5 below
ROW_PAD = 20  # extra white between rows (cell padding), half a line pitch
COLS = ((100, 520), (560, 940), (990, 1130), (1180, 1550))  # the text's x-range per column
HEADER_BASELINE = 120


def draw_line(ink: np.ndarray, x0: int, x1: int, baseline: int, rng) -> int:
    """Words of letter-sized blobs from x0 up to x1; returns where the text ends."""
    x = x0
    while True:
        letters = int(rng.integers(2, 7))
        if x + letters * 12 > x1:
            return x
        for _ in range(letters):
            ink[baseline - BODY:baseline, x:x + 9] = 255
            if rng.random() < 0.3:  # a tone mark or upper vowel
                ink[baseline - BODY - 6:baseline - BODY - 3, x + 2:x + 6] = 255
            if rng.random() < 0.1:  # a low vowel
                ink[baseline + 2:baseline + 5, x + 2:x + 6] = 255
            x += 12
        x += 5  # a word space: 8 px of white with the letter gap, half a line height


def draw_cell(ink, col: int, top: int, lines: int, rng, *, centred: bool = False) -> int:
    """`lines` lines in column `col` from `top`; returns the last baseline."""
    x0, x1 = COLS[col]
    baseline = top
    for index in range(lines):
        baseline = top + index * PITCH
        if centred:
            width = min(x1 - x0, 70)
            start = x0 + (x1 - x0 - width) // 2
            draw_line(ink, start, start + width, baseline, rng)
        else:
            # the last line of a cell is short, as wrapped text ends mid-line
            end = x1 if index < lines - 1 else x0 + (x1 - x0) // 2
            draw_line(ink, x0, end, baseline, rng)
    return baseline


# rows of the synthetic table: ("title", None) or ("data", lines per column)
ROWS = (("title", None), ("data", (5, 3, 1, 4)), ("title", None), ("data", (2, 4, 1, 2)))


def draw_unruled_table(seed: int = 5):
    """Page ink and the y-range each table row's text occupies (header first)."""
    rng = np.random.default_rng(seed)
    ink = np.zeros((1200, 1650), np.uint8)
    extents = []
    for col, (x0, x1) in enumerate(COLS):  # header labels, centred in their columns
        width = min(x1 - x0 - 20, 160)
        start = x0 + (x1 - x0 - width) // 2
        draw_line(ink, start, start + width, HEADER_BASELINE, rng)
    extents.append((HEADER_BASELINE - BODY - 6, HEADER_BASELINE + 5))
    top = HEADER_BASELINE + PITCH + ROW_PAD
    for kind, lines in ROWS:
        if kind == "title":  # one line from the first column well into the second
            draw_line(ink, COLS[0][0], COLS[1][0] + 200, top, rng)
            last = top
        else:
            last = max(draw_cell(ink, col, top, n, rng, centred=(col == 2))
                       for col, n in enumerate(lines))
        extents.append((top - BODY - 6, last + 5))
        top = last + PITCH + ROW_PAD
    return ink, extents


@pytest.fixture(scope="module")
def page():
    return draw_unruled_table()


def header_band(ink):
    line_px = L.line_height(ink, dpi=DPI)
    bands = L.text_bands(ink)
    candidates = L.header_candidates(ink, bands, line_px=line_px)
    return line_px, bands, candidates


def test_line_height_is_a_letter_body_with_its_marks(page):
    ink, _ = page
    assert BODY <= L.line_height(ink, dpi=DPI) <= BODY + 11


def test_header_row_is_the_first_candidate(page):
    ink, extents = page
    _, bands, candidates = header_band(ink)
    assert candidates, "the header row was not taken for a candidate"
    first = bands[candidates[0]]
    assert extents[0][0] <= first.y0 < first.y1 <= extents[0][1]


def test_column_edges_fall_in_the_white_between_columns(page):
    ink, extents = page
    line_px, bands, candidates = header_band(ink)
    top, bottom = L.table_extent(bands, candidates[0], line_px=line_px)
    xs = L.column_bounds(ink, bands[candidates[0]], bottom, line_px=line_px)
    assert len(xs) == len(COLS) + 1
    data_rows = ink.copy()
    for row, (kind, _) in enumerate(ROWS, start=1):
        if kind == "title":
            data_rows[extents[row][0]:extents[row][1]] = 0
    for x, (left, right) in zip(xs[1:-1], zip(COLS, COLS[1:])):
        assert left[0] < x < right[0] and not data_rows[:, x - 1:x + 2].any()
    # the title lines run across the first edge, and the sparse third column (one
    # short centred word per row) leaves white on both sides: neither adds or loses one


def test_rows_break_where_columns_start_together_not_at_line_gaps(page):
    ink, extents = page
    line_px, bands, candidates = header_band(ink)
    top, bottom = L.table_extent(bands, candidates[0], line_px=line_px)
    xs = L.column_bounds(ink, bands[candidates[0]], bottom, line_px=line_px)
    ys = L.row_bounds(ink, xs, top, bottom, line_px=line_px)
    assert len(ys) - 1 == len(extents)  # header + every row, no split inside a cell
    for y, (above, below) in zip(ys[1:-1], zip(extents, extents[1:])):
        assert above[1] <= y <= below[0]


def test_title_alone_in_its_row_spans_the_table(page):
    ink, _ = page
    line_px, bands, candidates = header_band(ink)
    grid = L.table_grid(ink, bands, candidates[0], line_px=line_px)
    cells = G.grid_to_cells(grid, dpi=DPI)
    spans = {(c.row, c.col): c.col_span for c in cells if c.col_span > 1}
    assert spans == {(1, 0): len(COLS), (3, 0): len(COLS)}
    assert all(c.row_span == 1 for c in cells)


def test_text_crossing_one_edge_beside_other_text_spans_only_that_edge():
    ink = np.zeros((200, 1650), np.uint8)
    rng = np.random.default_rng(1)
    draw_line(ink, COLS[0][0], COLS[1][0] + 200, 60, rng)  # across the first edge
    draw_line(ink, COLS[3][0], COLS[3][1], 60, rng)  # and text of its own in the last column
    xs = (90, 540, 960, 1160, 1560)
    grid = L.unruled_grid(ink, xs, (0, 10, 150), line_px=20)
    row = [c for c in G.grid_to_cells(grid, dpi=DPI) if c.row == 1]
    assert [(c.col, c.col_span) for c in row] == [(0, 2), (2, 1), (3, 1)]


def test_row_of_tone_marks_stays_with_its_line():
    ink = np.zeros((120, 300), np.uint8)
    ink[20:24, 10:200:12] = 255  # marks, set off from their line by one white pixel row
    ink[25:45, 10:200] = 255
    ink[70:90, 10:200] = 255
    assert L.text_stripes(ink, line_px=20) == [(20, 45), (70, 90)]


def test_line_cores_find_one_line_per_pitch_whatever_the_marks():
    ink = np.zeros((400, 300), np.uint8)
    rng = np.random.default_rng(2)
    for baseline in range(40, 360, PITCH):
        draw_line(ink, 10, 290, baseline, rng)
    centres = [(a + b) / 2 for a, b in L.line_cores(ink, line_px=20)]
    assert np.diff(centres) == pytest.approx([PITCH] * (len(centres) - 1), abs=4)


ITA_HEADER = ("มาตรการ/แนวทางการปฏิบัติ", "ขั้นตอน/วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ผลการดำเนินการ")


def test_table_is_found_when_its_header_reads_as_ita_labels(page):
    ink, extents = page
    asked = []

    def read_cells(cells):
        asked.append([(c.row, c.col) for c in cells])
        return [ITA_HEADER[c.col] for c in cells]

    grid = L.find_unruled_grid(ink, dpi=DPI, read_cells=read_cells, is_header=is_header)
    assert grid is not None and (grid.n_rows, grid.n_cols) == (len(extents), len(COLS))
    assert asked == [[(0, c) for c in range(len(COLS))]]  # only the header was read


def test_columns_under_other_labels_are_no_measure_table(page):
    ink, _ = page
    asked = []

    def read_cells(cells):
        asked.append(len(cells))
        return [("ชื่อ", "ที่อยู่", "โทรศัพท์", "หมายเหตุ")[c.col % 4] for c in cells]

    assert L.find_unruled_grid(ink, dpi=DPI, read_cells=read_cells, is_header=is_header) is None
    assert 0 < len(asked) <= L.DEFAULT_MAX_CANDIDATES  # a bounded number of OCR reads


def test_page_of_paragraphs_has_no_header_candidate():
    ink = np.zeros((1200, 1650), np.uint8)
    rng = np.random.default_rng(3)
    for baseline in range(100, 1100, PITCH):  # a memo: one column of running text
        draw_line(ink, 150, 1500, baseline, rng)

    def read_cells(cells):
        raise AssertionError("nothing on a memo page should be read as a header")

    assert L.find_unruled_grid(ink, dpi=DPI, read_cells=read_cells, is_header=is_header) is None


def test_disabled_or_blank_finds_nothing():
    ink, _ = draw_unruled_table()
    never = lambda cells: pytest.fail("not to be read")  # noqa: E731
    assert L.find_unruled_grid(ink, dpi=DPI, read_cells=never, is_header=is_header,
                               settings=L.UnruledSettings(enabled=False)) is None
    assert L.find_unruled_grid(np.zeros_like(ink), dpi=DPI, read_cells=never,
                               is_header=is_header) is None


@pytest.mark.parametrize("bad", [dict(min_columns=1), dict(crossing_share=0.6),
                                 dict(row_gap_lines=0), dict(max_candidates=0)])
def test_settings_are_validated(bad):
    with pytest.raises(ValueError):
        L.UnruledSettings(**bad)


# ------------------------------------------------------------------ OCR tier

S08 = ROOT / "samples" / "scan" / "s08-dontan-results-2568-scan.jpg"
S08_TRUTH = ROOT / "samples" / "truth" / "s08-dontan-results-2568.json"
MAX_S08_FIELD_CER = 0.03  # measured 0.5 % when written; OCR noise, not structure, is allowed


@pytest.mark.ocr
def test_unruled_scan_s08_gives_its_table_and_measures(tmp_path):
    from PIL import Image
    from rapidfuzz.distance import Levenshtein

    from extract.ocr import ocr_page
    from pipelines.batch import convert_batch
    from pipelines.settings import ConvertSettings

    page = ocr_page(Image.open(S08), page_number=1)
    # read by the structure engine: a header row and a row per measure or per guideline
    (table,) = page.tables
    assert (table.n_cols, table.spans_known) == (6, False) and table.n_rows >= 3

    convert_batch([S08], tmp_path, ConvertSettings(workers=1))
    (record,) = [json.loads(p.read_text(encoding="utf-8"))
                 for p in (tmp_path / "documents").glob("*.json")]
    truth = json.loads(S08_TRUTH.read_text(encoding="utf-8"))
    assert record["organization"]["name"] == truth["organization"]["name"]
    assert (record["fiscal_year"], record["report_type"]) == (truth["fiscal_year"],
                                                               truth["report_type"])
    assert [m["no"] for m in record["measures"]] == [1, 2]

    def squeeze(value) -> str:
        items = value if isinstance(value, list) else [value]
        return "".join("".join(str(item).split()) for item in items)

    edits = chars = 0
    for got, want in zip(record["measures"], truth["measures"], strict=True):
        assert (got["period"]["start"], got["period"]["end"]) == (
            want["period"]["start"], want["period"]["end"])
        for name in ("title", "guidelines", "steps", "responsible", "results", "outcomes"):
            edits += Levenshtein.distance(squeeze(got[name]), squeeze(want[name]))
            chars += len(squeeze(want[name]))
        edits += Levenshtein.distance(squeeze(got["period"]["text"]),
                                      squeeze(want["period"]["text"]))
        chars += len(squeeze(want["period"]["text"]))
    assert edits / chars <= MAX_S08_FIELD_CER


def test_header_with_nothing_under_it_gives_no_columns(page):
    # a header candidate at the foot of the page (another grid found nothing below it)
    ink, _ = page
    _, bands, candidates = header_band(ink)
    header = bands[candidates[0]]
    assert L.column_bounds(ink, header, header.y1, line_px=L.line_height(ink, dpi=DPI)) == ()
