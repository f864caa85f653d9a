"""Fast tier: page images, ruling lines, grids and spans on drawn tables (no tesseract)."""

from __future__ import annotations

import struct
import zlib

import cv2
import numpy as np
import pytest
from PIL import Image

from extract import grid as G
from extract.errors import ExtractError
from extract.raster import (CorruptImageError, EmptyPageError, ImageTooLargeError,
                            UnsupportedFileError, check_page_size, iter_page_images,
                            pdf_page_image)

DPI = 200
COLS = (100, 420, 760, 960, 1180, 1500)  # x of the column rules
ROWS = (120, 220, 290, 520, 700)  # y of the row rules; row 1 is a title row


def draw_table(*, title_row: int | None = 1, row_span: tuple[int, int] | None = None,
               breaks: bool = False, seed: int = 3) -> np.ndarray:
    """A white page with a ruled table and text-like marks in its cells.

    `title_row` has no inner column rules (one cell across the table); `row_span`
    (row, col) removes the rule under that cell so it spans two rows; `breaks` knocks
    small holes in every rule, as a worn toner cartridge or a faint copy does.
    """
    rng = np.random.default_rng(seed)
    page = np.full((900, 1650), 255, np.uint8)
    thickness = 2
    for y in ROWS:
        cv2.line(page, (COLS[0], y), (COLS[-1], y), 0, thickness)
    for index, x in enumerate(COLS):
        outer = index in (0, len(COLS) - 1)
        for r in range(len(ROWS) - 1):
            if not outer and r == title_row:
                continue
            cv2.line(page, (x, ROWS[r]), (x, ROWS[r + 1]), 0, thickness)
    if row_span is not None:
        r, c = row_span
        cv2.line(page, (COLS[c] + 3, ROWS[r + 1]), (COLS[c + 1] - 3, ROWS[r + 1]), 255,
                 thickness + 2)
    # text: short words of glyph-sized blobs with gaps, so no long run of ink exists
    for r in range(len(ROWS) - 1):
        for c in range(len(COLS) - 1):
            if r == title_row and c > 0:
                continue
            right = COLS[-1] if r == title_row else COLS[c + 1]
            for line_y in range(ROWS[r] + 25, ROWS[r + 1] - 15, 34):
                x = COLS[c] + 12
                while x < right - 40:
                    for _ in range(int(rng.integers(2, 6))):
                        if x + 9 > right - 12:  # text wraps inside its cell
                            break
                        cv2.rectangle(page, (x, line_y - 14), (x + 9, line_y), 0, -1)
                        cv2.line(page, (x + 3, line_y - 20), (x + 5, line_y - 17), 0, 1)
                        x += 14
                    x += 5  # a word space of 10 px (0.05 inch), as in 16 pt Thai body text
    if breaks:
        for y in ROWS:
            for x in rng.integers(COLS[0] + 10, COLS[-1] - 10, 12):
                page[y - 3:y + 4, x:x + 5] = 255  # a 0.025-inch hole
        for x in COLS:
            for y in rng.integers(ROWS[0] + 10, ROWS[-1] - 10, 6):
                page[y:y + 5, x - 3:x + 4] = 255
    return page


def spans(cells):
    return {(c.row, c.col): (c.row_span, c.col_span) for c in cells
            if c.row_span > 1 or c.col_span > 1}


def tables_of(page: np.ndarray):
    layout = G.analyse_page(page, dpi=DPI)
    return layout, [G.grid_to_cells(g, dpi=DPI) for g in layout.grids]


def test_grid_of_drawn_table_with_title_row_spanning_all_columns():
    layout, tables = tables_of(draw_table())
    assert len(layout.grids) == 1
    grid = layout.grids[0]
    assert (grid.n_rows, grid.n_cols) == (4, 5)
    assert np.allclose(grid.xs, COLS, atol=3) and np.allclose(grid.ys, ROWS, atol=3)
    assert spans(tables[0]) == {(1, 0): (1, 5)}  # the title row is ONE cell
    assert len(tables[0]) == 4 * 5 - 4


def test_cell_spanning_two_rows_has_row_span():
    _, tables = tables_of(draw_table(title_row=None, row_span=(2, 2)))
    assert spans(tables[0]) == {(2, 2): (2, 1)}
    assert sum(c.row_span * c.col_span for c in tables[0]) == 4 * 5


@pytest.mark.parametrize("angle", [3.0, -3.0, 1.2])
def test_skewed_page_is_deskewed_and_keeps_its_grid(angle):
    skewed = G.rotate(draw_table(), angle)
    layout, tables = tables_of(skewed)
    assert layout.skew_degrees == pytest.approx(-angle, abs=0.15)
    assert [(g.n_rows, g.n_cols) for g in layout.grids] == [(4, 5)]
    assert spans(tables[0]) == {(1, 0): (1, 5)}


def test_sideways_page_gives_the_transposed_grid():
    sideways = np.ascontiguousarray(np.rot90(draw_table()))
    layout, tables = tables_of(sideways)
    assert [(g.n_rows, g.n_cols) for g in layout.grids] == [(5, 4)]
    # the title row becomes a title column spanning every row
    assert list(spans(tables[0]).values()) == [(5, 1)]


def test_broken_rules_make_the_same_grid_and_no_false_spans():
    layout, tables = tables_of(draw_table(breaks=True))
    assert [(g.n_rows, g.n_cols) for g in layout.grids] == [(4, 5)]
    assert spans(tables[0]) == {(1, 0): (1, 5)}


def _letter(page: np.ndarray, x: int, top: int, height: int) -> None:
    """A tall letter like โ or ใ: a stem with a loop at its head and a foot."""
    cv2.line(page, (x, top + 8), (x, top + height), 0, 4)
    cv2.circle(page, (x + 5, top + 6), 5, 0, 2)
    cv2.circle(page, (x + 6, top + height - 4), 5, 0, -1)


def test_letter_strokes_on_a_rules_line_make_no_separator():
    """A title row's letters that stand on a column rule's line, and a label's letters on
    the line of a rule drawn under the next label only, are not pieces of those rules."""
    page = draw_table()
    # a stem where the title row (row 1) runs over column rules, just under the rule above:
    # with the overshoot of the rule ends, a stem alone covers half the row
    for x in COLS[1:-1]:
        page[ROWS[1] + 6:ROWS[2] - 6, x - 20:x + 20] = 255
        _letter(page, x, ROWS[1] + 10, 44)
    # a rule under columns 3-4 of row 2 only (a two-row header's group label), and the
    # letters of columns 0-2 sitting with their feet on its line
    mid = (ROWS[2] + ROWS[3]) // 2
    cv2.line(page, (COLS[3], mid), (COLS[-1], mid), 0, 2)
    for c in range(3):
        page[ROWS[2] + 4:ROWS[3] - 4, COLS[c] + 4:COLS[c + 1] - 4] = 255
    for x in range(COLS[0] + 20, COLS[3] - 40, 30):
        if all(abs(x - c) > 30 for c in COLS):
            cv2.rectangle(page, (x, mid - 30), (x + 3, mid), 0, -1)
            cv2.rectangle(page, (x, mid - 1), (x + 20, mid + 2), 0, -1)
            cv2.rectangle(page, (x + 17, mid - 20), (x + 20, mid), 0, -1)
    layout, tables = tables_of(page)
    assert [(g.n_rows, g.n_cols) for g in layout.grids] == [(5, 5)]
    found = spans(tables[0])
    assert found[(1, 0)] == (1, 5)  # the title row is one cell
    assert all(found.get((2, c)) == (2, 1) for c in range(3))  # over the group rule's reach


def test_stacked_letter_stems_over_several_lines_are_no_column_rule():
    """A tightly set column puts letters' stems at one x on line after line (ส, ท and
    their marks); bridged, they run a rule's length meeting no rule. A column rule drawn
    alone (a table ruled with column rules only) is kept."""
    page = np.full((900, 1200), 255, np.uint8)
    for k in range(6):  # six lines 0.22 inch apart, each a letter whose stem is at x=300
        y = 100 + 44 * k
        cv2.rectangle(page, (272, y + 12), (296, y + 32), 0, 3)  # the letter's bowl
        cv2.rectangle(page, (298, y - 2), (302, y + 36), 0, -1)  # its stem, 4 px from a mark
        cv2.rectangle(page, (296, y - 4), (310, y + 1), 0, -1)  # the mark over the next line
    cv2.line(page, (800, 100), (800, 600), 0, 2)  # a column rule, meeting no other rule
    ruling = G.find_ruling_lines(G.binarize(page, dpi=DPI), dpi=DPI)
    assert [round(v.pos) for v in ruling.vertical] == [800]


def test_faint_grey_rules_on_grey_noisy_paper():
    page = draw_table().astype(np.float32)
    page = np.where(page < 128, 150, 215) + np.random.default_rng(1).normal(0, 8, page.shape)
    layout, tables = tables_of(np.clip(page, 0, 255).astype(np.uint8))
    assert [(g.n_rows, g.n_cols) for g in layout.grids] == [(4, 5)]
    assert spans(tables[0]) == {(1, 0): (1, 5)}


def test_text_alone_makes_no_table():
    page = draw_table()
    page[:, :] = np.where(G.find_ruling_lines(G.binarize(page, dpi=DPI), dpi=DPI).mask > 0,
                          255, page)
    layout, _ = tables_of(page)
    assert layout.grids == ()


def test_merge_collinear_joins_pieces_of_one_broken_line_only():
    pieces = [G.Segment(100, 0, 300, 2), G.Segment(101, 320, 600, 2),  # one broken line
              G.Segment(180, 0, 600, 2)]  # a different line
    merged = G.merge_collinear(pieces, snap=4, join_gap=50)
    assert sorted((round(s.pos), s.start, s.end) for s in merged) == [(100, 0, 600), (180, 0, 600)]


def test_grid_to_cells_reads_a_span_from_a_missing_piece():
    grid = G.Grid(xs=(0, 100, 200), ys=(0, 50, 100),
                  horizontal=(G.Segment(0, 0, 200, 2), G.Segment(50, 0, 200, 2),
                              G.Segment(100, 0, 200, 2)),
                  vertical=(G.Segment(0, 0, 100, 2), G.Segment(100, 50, 100, 2),
                            G.Segment(200, 0, 100, 2)))
    cells = G.grid_to_cells(grid, dpi=DPI)
    assert spans(cells) == {(0, 0): (1, 2)}
    assert [(c.row, c.col) for c in cells] == [(0, 0), (1, 0), (1, 1)]
    assert all(c.bbox.unit == "px" for c in cells)


def test_lines_to_grid_needs_two_rules_each_way():
    lone = G.RulingLines((G.Segment(10, 0, 500, 2),), (G.Segment(0, 0, 20, 2),), (), (),
                         np.zeros((1, 1), np.uint8))
    assert G.lines_to_grid(lone, dpi=DPI) == ()


def test_rules_only_table_gets_columns_from_white_channels():
    page = draw_table(title_row=1)
    for x in COLS:  # erase every vertical rule: a table ruled only across
        page[ROWS[0] - 2:ROWS[-1] + 3, x - 2:x + 3] = np.where(
            page[ROWS[0] - 2:ROWS[-1] + 3, x - 2:x + 3] == 0, 255, 255)
    for y in ROWS:
        cv2.line(page, (COLS[0], y), (COLS[-1], y), 0, 2)
    layout, tables = tables_of(page)
    assert len(layout.grids) == 1
    assert layout.grids[0].n_rows == 4
    assert layout.grids[0].n_cols == 5
    assert spans(tables[0]) == {(1, 0): (1, 5)}


def rules_only_table(*, last_rule: bool) -> np.ndarray:
    page = draw_table(title_row=1)
    for x in COLS:  # erase the vertical rules
        page[ROWS[0] - 2:ROWS[-1] + 3, x - 2:x + 3] = 255
    for y in ROWS[:-1] + ((ROWS[-1],) if last_rule else ()):
        cv2.line(page, (COLS[0], y), (COLS[-1], y), 0, 2)
    if not last_rule:
        page[ROWS[-1] - 3:ROWS[-1] + 4, :] = 255
    return page


def test_rules_only_table_cut_by_the_page_break_keeps_its_last_row():
    page = rules_only_table(last_rule=False)
    cv2.rectangle(page, (790, 850), (830, 870), 0, -1)  # a page number far below: not a row
    layout, _ = tables_of(page)
    assert [(g.n_rows, g.n_cols) for g in layout.grids] == [(4, 5)]
    assert layout.grids[0].ys[-1] == pytest.approx(ROWS[-1], abs=25)


def test_settings_are_validated():
    with pytest.raises(ValueError):
        G.GridSettings(span_coverage=1.5)
    with pytest.raises(ValueError):
        G.GridSettings(min_horizontal_inches=0)


# ---------------------------------------------------------------- page images

def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims width×height but which holds almost no data."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + chunk(b"IEND", b""))


def test_huge_image_is_refused_before_it_is_decoded(tmp_path):
    path = tmp_path / "bomb.png"
    path.write_bytes(png_header_only(30000, 30000))
    with pytest.raises(ImageTooLargeError, match=r"image is too large \(30000×30000 px; limit"):
        next(iter_page_images(path))


def test_pixel_limit_is_a_setting(tmp_path):
    path = tmp_path / "page.png"
    Image.new("L", (400, 300), 255).save(path)
    assert next(iter_page_images(path, max_side=400)).image.size == (400, 300)
    with pytest.raises(ImageTooLargeError):
        next(iter_page_images(path, max_side=399))
    with pytest.raises(ImageTooLargeError):
        next(iter_page_images(path, max_pixels=100_000))


def test_corrupt_images_raise_a_typed_error(tmp_path):
    truncated = tmp_path / "truncated.png"
    good = tmp_path / "good.png"
    Image.fromarray(draw_table()).save(good)
    truncated.write_bytes(good.read_bytes()[:3000])
    garbage = tmp_path / "garbage.jpg"
    garbage.write_bytes(b"\xff\xd8\xff" + bytes(range(256)) * 4)
    for path in (truncated, garbage):
        with pytest.raises(CorruptImageError, match="image file is corrupt or unreadable"):
            list(iter_page_images(path))
    assert issubclass(CorruptImageError, ExtractError)


def test_zero_size_page_and_non_image_file(tmp_path):
    with pytest.raises(EmptyPageError):
        check_page_size(0, 1200, page_number=2)
    text = tmp_path / "notes.png"
    text.write_text("not an image at all")
    with pytest.raises(UnsupportedFileError):
        next(iter_page_images(text))


def test_multipage_tiff_streams_frames_with_their_resolution(tmp_path):
    path = tmp_path / "scan.tif"
    first = Image.new("L", (850, 1100), 255)
    second = Image.new("RGB", (1100, 850), (250, 250, 240))
    second.paste((30, 60, 200), (500, 300, 700, 500))  # a blue stamp: colour is kept
    third = Image.new("RGB", (850, 1100), (200, 200, 200))  # grey in an RGB file
    first.save(path, save_all=True, append_images=[second, third], dpi=(100, 100))
    pages = list(iter_page_images(path))
    assert [(p.page_number, p.image.size, p.image.mode) for p in pages] == [
        (1, (850, 1100), "L"), (2, (1100, 850), "RGB"), (3, (850, 1100), "L")]
    assert pages[0].dpi == pytest.approx(100)


def test_image_without_resolution_tag_gets_an_a4_estimate(tmp_path):
    path = tmp_path / "phone.jpg"
    Image.new("RGB", (1654, 2339), "white").save(path)  # A4 at 200 DPI, no tag
    assert next(iter_page_images(path)).dpi == pytest.approx(200, abs=1)


def test_pdf_pages_render_at_the_requested_resolution(tmp_path):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)  # A4 portrait
    pdf.new_page(842, 595)  # A4 landscape
    pdf.new_page(14400, 14400)  # 200 inches square: far past the limit at 150 DPI
    path = tmp_path / "scan.pdf"
    pdf.save(path)
    pdf.close()
    pages = iter_page_images(path, dpi=150)
    assert next(pages).image.size == (1240, 1755)  # 842 pt at 150 DPI = 1754.2 px, rounded up
    assert next(pages).image.size == (1755, 1240)
    with pytest.raises(ImageTooLargeError):
        next(pages)
    assert pdf_page_image(path, 2, 100).image.size == (1170, 827)
    with pytest.raises(ExtractError):
        pdf_page_image(path, 9, 100)


def test_scanned_pdf_page_renders_at_its_own_lower_resolution(tmp_path):
    path = tmp_path / "scan.pdf"
    Image.fromarray(draw_table()).save(path, resolution=150)  # an image-only PDF
    page = next(iter_page_images(path, dpi=300))
    assert page.dpi == pytest.approx(150, abs=1)
    assert page.image.size == pytest.approx((1650, 900), abs=2)
    assert next(iter_page_images(path, dpi=100)).dpi == pytest.approx(100)  # never above asked
