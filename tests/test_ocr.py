"""OCR of scanned table pages.

Fast tier (no tesseract): settings validation, and fake tesseract executables that hang,
crash or write nothing (OCRmyPDF's tests/plugins style) to check the typed errors.
OCR tier (`-m ocr`): the rendered fixtures in tests/data/scan/ (made by make_fixtures.py)
read per cell and compared with the typeset text.

Tolerance: character error rate per table, ignoring whitespace and line breaks, against
the typeset cell text. Measured with tesseract 5 `tha+eng` (LSTM) on this machine with
the default settings (200-DPI fixtures read at 200 DPI): clean 0.061, degraded (grey,
2° skew, blur, noise, JPEG q45) 0.075; read at 300 DPI: 0.061 and 0.065. The thresholds
below leave room for other tesseract builds: ≤ 0.10 clean, ≤ 0.15 degraded. Most of
the residue is what the normalize stage repairs: `ํา` for `ำ`, a dropped ่ over ี, ๖/๒.
"""

from __future__ import annotations

import json
import stat
import time
import unicodedata
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from extract.ocr import ocr_file, ocr_page, without_colour_marks
from extract.ocr_orientation import detect_orientation
from extract.ocr_settings import OcrSettings
from extract.tesseract import (CliEngine, OcrEngineError, OcrTimeoutError,
                               TesseractNotFoundError, find_tessdata, get_engine)

SCAN = Path(__file__).parent / "data" / "scan"
TRUTH = json.loads((SCAN / "table_truth.json").read_text(encoding="utf-8"))
CER_CLEAN = 0.10
CER_DEGRADED = 0.15


# ------------------------------------------------------------------ fast tier

def test_settings_have_named_defaults_and_are_validated():
    settings = OcrSettings()
    assert (settings.dpi, settings.languages, settings.cell_psm) == (300, "tha+eng", 6)
    # a page is read at its own resolution within [min_dpi, dpi]
    assert [settings.ocr_resolution(d) for d in (150, 200, 240, 600)] == [200, 200, 240, 300]
    for bad in ({"dpi": 50}, {"min_dpi": 400}, {"languages": "tha;rm -rf"}, {"cell_psm": 14},
                {"timeout_seconds": 0}, {"confidence_threshold": 1.5},
                {"orientation": "guess"}, {"engine": "abbyy"}, {"max_pixels": 0}):
        with pytest.raises(ValueError):
            OcrSettings(**bad)


def test_unknown_engine_name_fails_loudly():
    with pytest.raises(ValueError, match="unknown OCR engine"):
        get_engine("abbyy")


def test_missing_tesseract_names_the_debian_packages(tmp_path, monkeypatch):
    with pytest.raises(TesseractNotFoundError, match="tesseract-ocr tesseract-ocr-tha"):
        CliEngine(executable=str(tmp_path / "no-such-tesseract"))
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    with pytest.raises(TesseractNotFoundError, match="tesseract-ocr-tha"):
        find_tessdata("zzz", executable=str(tmp_path / "no-such-tesseract"))


def fake_tesseract(folder: Path, body: str) -> str:
    script = folder / "tesseract"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


BLANK_CELL = np.full((40, 120), 255, np.uint8)


def test_hanging_tesseract_is_stopped_at_the_timeout(tmp_path):
    # the child's own child sleeps too: the whole process group must go
    engine = CliEngine(executable=fake_tesseract(tmp_path, "sleep 30 & sleep 30"))
    started = time.monotonic()
    with pytest.raises(OcrTimeoutError, match="longer than 1 s"):
        engine.read_lines(BLANK_CELL, timeout=1)
    assert time.monotonic() - started < 10


def test_crashing_tesseract_raises_engine_error(tmp_path):
    engine = CliEngine(executable=fake_tesseract(tmp_path, "echo 'Segmentation fault' >&2; kill -SEGV $$"))
    with pytest.raises(OcrEngineError, match="crashed"):
        engine.read_lines(BLANK_CELL, timeout=10)
    failing = CliEngine(executable=fake_tesseract(tmp_path, "echo 'Error opening data file' >&2; exit 1"))
    with pytest.raises(OcrEngineError, match="exit status 1.*Error opening data file"):
        failing.read_lines(BLANK_CELL, timeout=10)


def test_tesseract_that_writes_nothing_raises_engine_error(tmp_path):
    engine = CliEngine(executable=fake_tesseract(tmp_path, "exit 0"))
    with pytest.raises(OcrEngineError, match="no readable output"):
        engine.read_lines(BLANK_CELL, timeout=10)


def test_cli_output_keeps_thai_lines_whole(tmp_path):
    """The fake writes Thai split into one-glyph tsv words (tesseract issue 2702)."""
    tsv = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
           "5\t1\t1\t1\t1\t1\t10\t5\t20\t30\t90\tส\n"
           "5\t1\t1\t1\t1\t2\t30\t5\t20\t30\t70\tำ\n"
           "5\t1\t1\t1\t2\t1\t10\t45\t20\t30\t50\tก\n")
    body = (f"out=\"$2\"\nprintf 'สำนัก ปลัด\\nกอง\\n' > \"$out.txt\"\n"
            f"printf '{tsv}' > \"$out.tsv\"")
    lines = CliEngine(executable=fake_tesseract(tmp_path, body)).read_lines(BLANK_CELL)
    assert [line.text for line in lines] == ["สำนัก ปลัด", "กอง"]
    assert [line.confidence for line in lines] == pytest.approx([0.8, 0.5])
    assert (lines[1].bbox.y0, lines[1].bbox.unit) == (45, "px")


def test_blue_stamp_is_removed_but_black_print_under_it_is_kept():
    page = np.full((300, 400, 3), 245, np.uint8)
    page[100:110, 20:380] = (20, 20, 20)  # a black rule / stroke
    stamp = np.zeros((300, 400), bool)
    yy, xx = np.mgrid[:300, :400]
    stamp[(np.hypot(yy - 150, xx - 200) - 90) ** 2 < 36] = True  # a stamp's ring
    page[stamp] = (60, 80, 190)
    under = stamp & (yy >= 100) & (yy < 110)
    page[under] = (10, 10, 70)  # print under the stamp: dark in every channel
    grey = without_colour_marks(page)
    assert grey[stamp & ~under].min() >= 200  # the ring is paper now
    assert grey[100:110, 20:380].max() <= 80  # the stroke is whole, under the ring too
    assert np.array_equal(without_colour_marks(page[..., 0]), page[..., 0])  # grey input


# ------------------------------------------------------------------ OCR tier

def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def squeeze(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


def table_cer(page) -> float:
    assert len(page.tables) == 1
    grid = page.tables[0].grid()
    errors = total = 0
    for r, row in enumerate(TRUTH["rows"]):
        for c, expected in enumerate(row):
            cell = grid[r][c] if r < len(grid) and c < len(grid[r]) else None
            errors += edit_distance(squeeze(cell.text if cell else ""), squeeze(expected))
            total += len(squeeze(expected))
    return errors / total


def assert_structure(page):
    table = page.tables[0]
    assert (table.n_rows, table.n_cols) == (len(TRUTH["rows"]), TRUTH["n_cols"])
    title = table.grid()[TRUTH["title_row"]][0]
    assert (title.col_span, title.row_span) == (TRUTH["n_cols"], 1)
    assert [c.col for c in table.cells if c.row == TRUTH["title_row"]] == [0]
    assert table.bbox.unit == "px"


def page_image(name: str):
    image = Image.open(SCAN / name)
    image.load()
    return image


@pytest.mark.ocr
def test_clean_table_cells_read_within_tolerance():
    page = ocr_page(page_image("table_clean.png"), page_number=3)
    assert page.kind == "ocr" and page.number == 3
    assert_structure(page)
    assert table_cer(page) <= CER_CLEAN
    # list items keep their own lines: each bullet starts a line of the cell
    steps = page.tables[0].grid()[2][1].text.split("\n")
    assert steps[0].startswith("-") and sum(line.startswith("-") for line in steps) == 2
    # the heading above the table is running text, not a cell
    assert any("รายงานผล" in line for line in page.lines)
    assert 0.8 <= page.confidence <= 1


@pytest.mark.ocr
def test_degraded_skewed_table_cells_read_within_tolerance():
    page = ocr_page(page_image("table_degraded.jpg"), page_number=1)
    assert_structure(page)
    assert table_cer(page) <= CER_DEGRADED


@pytest.mark.ocr
@pytest.mark.parametrize("method", ["osd", "vote"])
def test_orientation_of_sideways_and_upside_down_pages(method):
    settings = OcrSettings(orientation=method)
    engine = get_engine(settings.engine, languages=settings.languages)
    sideways = np.asarray(page_image("table_sideways.png").convert("L"))
    upright = np.asarray(page_image("table_clean.png").convert("L"))
    # the fixture was turned 90° counter-clockwise: 270° more puts it upright
    assert detect_orientation(sideways, dpi=200, engine=engine, settings=settings)[0] == 270
    assert detect_orientation(np.rot90(upright, 2), dpi=200, engine=engine,
                              settings=settings)[0] == 180
    assert detect_orientation(upright, dpi=200, engine=engine, settings=settings)[0] == 0


@pytest.mark.ocr
def test_sideways_page_is_turned_before_its_grid_is_read():
    page = ocr_page(page_image("table_sideways.png"), page_number=1)
    assert_structure(page)
    assert table_cer(page) <= CER_CLEAN


@pytest.mark.ocr
def test_low_confidence_cells_are_named_in_warnings():
    page = ocr_page(page_image("table_clean.png"), page_number=4,
                    settings=OcrSettings(confidence_threshold=0.999, orientation="none"))
    assert page.warnings
    assert all(w.startswith("page 4: low OCR confidence in ") for w in page.warnings)
    assert any("row 3 column 1 (" in w for w in page.warnings)


@pytest.mark.ocr
def test_blank_page_is_empty_and_page_timeout_is_typed():
    blank = ocr_page(Image.new("L", (1654, 2339), 250), page_number=2)
    assert (blank.kind, blank.tables, blank.lines) == ("empty", (), ())
    with pytest.raises(OcrTimeoutError):
        ocr_page(page_image("table_clean.png"), page_number=1,
                 settings=OcrSettings(timeout_seconds=0.01, orientation="none"))


@pytest.mark.ocr
def test_multipage_tiff_is_read_page_by_page(tmp_path):
    """A text page beside a sideways table page, in one TIFF: both come back upright."""
    heading = page_image("table_clean.png").convert("L").crop((0, 0, 1969, 200))
    memo = Image.new("L", (1969, 900), 255)
    memo.paste(heading, (0, 300))
    table = page_image("table_sideways.png").convert("L")
    path = tmp_path / "report.tif"
    memo.save(path, save_all=True, append_images=[table], dpi=(200, 200))
    pages = list(ocr_file(path, settings=OcrSettings()))
    assert [p.number for p in pages] == [1, 2]
    assert pages[0].tables == () and any("รายงานผล" in line for line in pages[0].lines)
    assert_structure(pages[1])


@pytest.mark.ocr
def test_missing_thai_fonts_are_named_in_warnings(monkeypatch):
    from extract import thai_digits

    monkeypatch.setattr(thai_digits, "FONT_DIRS", ("/nonexistent",))
    thai_digits.templates.cache_clear()
    try:
        page = ocr_page(page_image("table_clean.png"), page_number=1,
                        settings=OcrSettings(orientation="none"))
    finally:
        thai_digits.templates.cache_clear()
    assert any("fonts-thai-tlwg" in w for w in page.warnings)


def test_a_line_read_twice_is_kept_once_and_real_lines_stay():
    from ita_core.model import BBox
    from extract.ocr_cells import _without_double_reads
    from extract.tesseract import OcrLine

    first = OcrLine("จ้าหน้าที่ในการให้บริการใช้", 0.93, BBox(0, 100, 400, 140, unit="px"))
    twice = OcrLine("เจ้าหน้าทีในการให้บริการใช้", 0.90, BBox(0, 95, 410, 140, unit="px"))
    below = OcrLine("ยึดถือปฏิบัติให้เป็นมาตรฐาน", 0.95, BBox(0, 145, 400, 185, unit="px"))
    assert _without_double_reads((first, twice, below)) == (first, below)
    # the same words on two lines of their own are two lines
    again = OcrLine("จ้าหน้าที่ในการให้บริการใช้", 0.93, BBox(0, 150, 400, 190, unit="px"))
    assert _without_double_reads((first, again)) == (first, again)


def test_upright_score_wants_confident_thai_not_confident_junk():
    from ita_core.model import BBox
    from extract.ocr_orientation import UPRIGHT_MIN_SCORE, upright_score
    from extract.tesseract import OcrLine

    box = BBox(0, 0, 400, 40, unit="px")
    thai = OcrLine("ประชาสัมพันธ์ให้ผู้มารับบริการทราบ", 0.95, box)
    assert upright_score([thai]) >= UPRIGHT_MIN_SCORE
    # a turned page: Latin junk and marks read with confidence, or Thai read unsure
    assert upright_score([OcrLine("Iuu ʻ ˚ ,lıɯ ~n", 0.95, box)]) < UPRIGHT_MIN_SCORE
    assert upright_score([replace(thai, confidence=0.7)]) < UPRIGHT_MIN_SCORE
    assert upright_score([]) == 0.0


@pytest.mark.ocr
def test_plainly_upright_page_skips_orientation_detection_and_a_turned_one_does_not(monkeypatch):
    """"auto": the first cells read as upright Thai settle it (and stay read); an upside-down
    page reads as junk, so OSD is asked, and its table comes back upright."""
    settings = OcrSettings()
    engine = get_engine(settings.engine, languages=settings.languages)
    asked = []
    real = type(engine).detect_orientation
    monkeypatch.setattr(type(engine), "detect_orientation",
                        lambda self, image, **kw: asked.append(1) or real(self, image, **kw))
    reads = []
    real_read = type(engine).read_lines
    monkeypatch.setattr(type(engine), "read_lines",
                        lambda self, image, **kw: reads.append(1) or real_read(self, image, **kw))
    upright = page_image("table_clean.png")
    page = ocr_page(upright, page_number=1, settings=settings)
    assert asked == [] and table_cer(page) <= CER_CLEAN
    # the probe's readings are the cells' own: no cell is read twice
    probed, reads[:] = len(reads), []
    unturned = ocr_page(upright, page_number=1, settings=OcrSettings(orientation="none"))
    assert replace(unturned, seconds=0, stats=()) == replace(page, seconds=0, stats=())
    assert len(reads) == probed
    page = ocr_page(upright.rotate(180), page_number=1, settings=settings)
    assert asked and table_cer(page) <= CER_CLEAN
    assert_structure(page)


def test_specks_go_and_marks_beside_letters_stay():
    from extract.ocr_cells import drop_specks

    ink = np.zeros((200, 300), np.uint8)
    ink[100:130, 50:70] = 255  # a letter (0.1 x 0.07 in at 300 DPI)
    ink[90:94, 55:60] = 255  # a tone mark just above it
    ink[100:104, 200:205] = 255  # the same blob alone in the paper: dust
    ink[150, 60] = 255  # a one-pixel speck beside the letter
    ink[10:50, 250:290] = 255  # a second letter-sized blob, far away
    out = drop_specks(ink, dpi=300)
    assert out[100:130, 50:70].all() and out[10:50, 250:290].all()
    assert out[90:94, 55:60].all()
    assert not out[100:104, 200:205].any() and out[150, 60] == 0
    assert np.array_equal(drop_specks(out, dpi=300), out)
    assert np.array_equal(drop_specks(np.zeros((20, 20), np.uint8), dpi=300),
                          np.zeros((20, 20), np.uint8))
