"""A scanned page image → `Page` with OCR'd table cells and the text around the tables.

    deskew → ruling lines → grid → first cells read: upright? ─ no → OSD/vote, turn, again
                                                   yes ↓
         cells (spans) → per-cell OCR (the first cells' reads kept) → text outside tables
                   no rules: ↳ grid from the text's alignment (ocr_layout)

Tesseract on a whole table page interleaves columns and reads ruling lines as `|` or
`เ`; one cell at a time, cropped inside its lines with the residual line pixels painted
white, it reads far better and, skipping empty cells and OCRing only the inked part of
each cell, no slower. Text is returned as the engine read it: repairs belong to
`normalize`.

This module assembles the page (`ocr_page`, `ocr_file`, `ocr_pdf_page`): grey pixels
with colour stamps dropped, the upright reader, the tables' cells, the text outside
them. Its steps live beside it: `extract.ocr_settings` (`OcrSettings`, the page's
deadline), `extract.ocr_orientation` (which way up), `extract.ocr_cells` (a cell's crop,
reading and clean-up, `_PageReader`), `extract.ocr_layout` (tables without rules).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace

import cv2
import numpy as np
from PIL import Image

from extract import grid as grid_stage
from extract.grid_finder import RULING_GRID_FINDER, GridFinder
from extract import thai_digits
from extract import ocr_layout, ocr_structure
from extract import timing
from extract.headers import header_fields
from extract.ocr_cells import (MIN_INK_INCHES, _mean_confidence, _PageReader, _read, _rescale,
                               _reread_thai_numbers, drop_specks)
from extract.ocr_orientation import _plainly_upright, _rotate_quarter, detect_orientation
from extract.ocr_unread import read_unread
from extract.ocr_settings import CELL_PADDING_PX, DEFAULT_OCR_SETTINGS, OcrSettings, _Deadline
from ita_core.model import Page, Table
from extract.raster import check_page_size, iter_page_images, pdf_page_image
from extract.tesseract import OcrEngine, OcrLine, get_engine


def _image_dpi(image, fallback: float) -> float:
    if isinstance(image, Image.Image):
        stated = image.info.get("dpi")
        if stated and stated[0]:
            return float(stated[0])
    return float(fallback)


COLOUR_SATURATION = 80  # HSV saturation (0..255) above which a pixel is coloured ink


def without_colour_marks(image) -> np.ndarray:
    """Grey page with strongly coloured pixels turned to paper.

    Office stamps and signatures are blue or red ink laid over black print; on a colour
    scan they are told apart by saturation and removed before binarising, so a stamp
    over a cell neither breaks its rules nor gets read as text. Coloured print would be
    removed too, hence the setting.
    """
    pixels = np.asarray(image)
    grey = grid_stage.to_grey(pixels)
    if pixels.ndim != 3 or pixels.shape[2] < 3:
        return grey
    hsv = cv2.cvtColor(np.ascontiguousarray(pixels[..., :3]), cv2.COLOR_RGB2HSV)
    coloured = hsv[..., 1] > COLOUR_SATURATION
    if not coloured.any():
        return grey
    # grow a little: JPEG bleeds colour edges into grey
    coloured = cv2.dilate(coloured.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    # judged by its brightest channel, stamp ink alone is nearly as light as paper,
    # while black print under the stamp stays dark in every channel and survives
    paper = float(np.percentile(grey, 90))
    brightest = hsv[..., 2]
    out = grey.copy()
    out[coloured] = np.where(brightest[coloured] > 0.55 * paper, int(paper),
                             brightest[coloured])
    return out



@timing.recorded
def ocr_page(image, *, page_number: int, settings: OcrSettings = DEFAULT_OCR_SETTINGS,
             image_dpi: float | None = None,
             grid_finder: GridFinder = RULING_GRID_FINDER, carried=None) -> Page:
    """OCR one page image (PIL or grey numpy array) into tables of cells and running text.

    `image_dpi` is the resolution the pixels stand for (default: the image's own tag,
    else `settings.dpi`). Bboxes are pixels of the page after orientation fix and deskew,
    at that resolution. `grid_finder` deskews the page and finds its tables' grids.
    `carried`: the columns of the table the page before ended in (`ocr_structure.
    columns_after`), for a page that continues it without a header.
    """
    started = time.monotonic()
    deadline = _Deadline(settings.timeout_seconds)
    grey, dpi = _page_grey(image, page_number=page_number, settings=settings,
                           image_dpi=image_dpi)
    engine = get_engine(settings.engine, languages=settings.languages)
    reader = _upright_reader(grey, dpi=dpi, engine=engine, settings=settings, deadline=deadline,
                             page_number=page_number, grid_finder=grid_finder)
    if reader is None:
        return Page(page_number, "empty", seconds=time.monotonic() - started)
    unruled = None
    if settings.structure and not ocr_structure.fully_ruled(reader.layout):
        page = _structured_page(reader, page_number=page_number, started=started, carried=carried)
        if page.tables or reader.layout.grids:
            return page
        # no table found and no rule: the older header-alignment reader may still see one
        unruled = _unruled_grid(reader)
        if unruled is None:
            return page
    elif not reader.layout.grids:
        unruled = _unruled_grid(reader)
    if unruled is not None:
        reader.layout = replace(reader.layout, grids=(unruled,))
    tables, warnings, confidences = _read_tables(reader, unruled, page_number=page_number)
    if settings.structure and any(grid.n_rows < 3 and ocr_structure.holds_several_measures(table)
                                  for grid, table in zip(reader.layout.grids, tables)):
        return _structured_page(reader, page_number=page_number, started=started, carried=carried)
    with timing.stage("text_outside"):
        lines = _text_outside_tables(reader.layout, reader.ink, dpi=dpi, settings=settings,
                                     engine=engine, deadline=deadline)
    if lines:
        confidences.append(_mean_confidence(lines))
        if confidences[-1] < settings.confidence_threshold:
            warnings.append(f"page {page_number}: low OCR confidence in the text outside "
                            f"tables ({confidences[-1]:.2f})")
    if not thai_digits.templates()[0]:
        warnings.append(f"page {page_number}: Thai digits not checked by shape (no "
                        f"fonts-thai-tlwg fonts installed): ๖ may be read as ๒")
    page_confidence = sum(confidences) / len(confidences) if confidences else 0.0
    return Page(number=page_number, kind="ocr", lines=tuple(line.text for line in lines),
                tables=tuple(tables), warnings=tuple(warnings),
                confidence=round(page_confidence, 4), seconds=round(time.monotonic() - started, 3))


def _structured_page(reader: _PageReader, *, page_number: int, started: float,
                     carried=None) -> Page:
    """A page whose table is not a fully drawn grid: read whole, its words' boxes given to
    the structure engine (`extract.ocr_structure`)."""
    text = _ink_without_rules(reader.ink, reader.layout.ruling.mask, dpi=reader.dpi)
    with timing.stage("ocr"):
        near_ink = cv2.dilate(text, np.ones((3, 3), np.uint8))
        grey = np.where(near_ink > 0, reader.layout.image, 255).astype(np.uint8)
        factor = reader.ocr_dpi / reader.dpi
        pixels = _rescale(grey, factor)
        lines = _page_words(reader, pixels, factor)
    with timing.stage("digit_reread"):
        lines = ocr_structure.scaled(ocr_structure.reread_numbers(lines, pixels), 1 / factor)
    with timing.stage("structure"):
        found, seen = ocr_structure.read_structure(lines, text, reader.layout.ruling,
                                                   dpi=reader.dpi, carried=carried)
    table, warnings, confidences = None, [], []
    if found is not None:
        table, warnings, confidences = _read_found(reader, found, seen, text,
                                                        page_number=page_number)
    if not thai_digits.templates()[0]:
        warnings.append(f"page {page_number}: Thai digits not checked by shape (no "
                        f"fonts-thai-tlwg fonts installed): ๖ may be read as ๒")
    weights = confidences or list(seen.confidences)
    confidence = sum(weights) / len(weights) if weights else 0.0
    return Page(number=page_number, kind="ocr", lines=seen.texts,
                tables=(table,) if table is not None else (), warnings=tuple(warnings),
                confidence=round(confidence, 4), seconds=round(time.monotonic() - started, 3),
                structure=seen)


def _page_words(reader: _PageReader, pixels: np.ndarray, factor: float) -> tuple[OcrLine, ...]:
    """The page's lines with word boxes (OCR resolution): the strips between drawn column
    rules read one by one, then the rest of the page."""
    strips = [tuple(int(v * factor) for v in strip) for strip in ocr_structure.column_strips(
        reader.layout.ruling, reader.layout.image.shape, dpi=reader.dpi)]
    rest = pixels.copy()
    lines: list[OcrLine] = []
    for x0, y0, x1, y1 in strips:
        rest[y0:y1, x0:x1] = 255
        strip = pixels[y0:y1, x0:x1]
        if (strip < 128).any():
            lines += ocr_structure.shifted(reader.engine.read_words(
                strip, psm=reader.settings.page_psm, dpi=reader.ocr_dpi,
                timeout=reader.deadline.remaining()), x0, y0)
    if not strips or (rest < 128).any():
        lines += reader.engine.read_words(rest, psm=reader.settings.page_psm, dpi=reader.ocr_dpi,
                                          timeout=reader.deadline.remaining())
    # what the layout analysis dropped (an index column's lone numbers) is read on its own
    lines += read_unread(reader.engine, pixels, lines, dpi=reader.ocr_dpi,
                         timeout=reader.deadline.remaining)
    return tuple(sorted(lines, key=lambda line: (line.bbox.y0, line.bbox.x0)))


def _read_found(reader: _PageReader, found, seen: ocr_structure.PageStructure,
                text: np.ndarray, *, page_number: int) -> tuple[Table, list[str], list[float]]:
    """The engine's table with each cell read again on its own (a cell reads better alone
    than in the page), warnings about weak cells, and the cells' confidences."""
    cells, warnings, confidences = [], [], []
    for cell in ocr_structure.cells_of(found, seen.scale, text, seen.extents):
        lines = reader.cell_lines(cell)
        if lines is None:
            if cell.text:
                cells.append(cell)  # the page reading's words: nothing better to read
            continue
        confidence = _mean_confidence(lines)
        confidences.append(confidence)
        if confidence < reader.settings.confidence_threshold:
            warnings.append(f"page {page_number}: low OCR confidence in row {cell.row + 1} "
                            f"column {cell.col + 1} ({confidence:.2f})")
        cells.append(replace(cell, text="\n".join(line.text for line in lines),
                             confidence=round(confidence, 4)))
    return ocr_structure.table_of(found, page_number, seen.scale, cells), warnings, confidences


def _page_grey(image, *, page_number: int, settings: OcrSettings,
               image_dpi: float | None) -> tuple[np.ndarray, float]:
    """The page as grey pixels (colour stamps dropped) and the resolution they stand for."""
    with timing.stage("prepare"):
        grey = (without_colour_marks(image) if settings.drop_colour_marks
                else grid_stage.to_grey(image))
    check_page_size(grey.shape[1], grey.shape[0], page_number=page_number,
                    max_side=settings.max_side_px, max_pixels=settings.max_pixels)
    return grey, image_dpi or _image_dpi(image, settings.dpi)


def _upright_reader(grey: np.ndarray, *, dpi: float, engine: OcrEngine, settings: OcrSettings,
                    deadline: _Deadline, page_number: int,
                    grid_finder: GridFinder = RULING_GRID_FINDER) -> _PageReader | None:
    """The page turned upright, deskewed and its ruled grids found; None for a blank page.

    With orientation "auto", a page whose first cells (or, with no ruled table, its
    largest text sample) read plainly as upright Thai is taken as it is, and the cells
    read are kept; only the others go to OSD (or the vote) and are analysed again turned.
    """
    layout = _layout(grey, dpi=dpi, settings=settings, grid_finder=grid_finder)
    # the page's own ink mask when not deskewed (a skew needs ink): no ink, a blank page
    if layout.skew_degrees == 0 and not layout.binary.any():
        return None
    reader = _PageReader(engine, settings, deadline, dpi, layout,
                         grid_stage.text_ink(layout.image, dpi=dpi, settings=settings.grid),
                         grid_finder=grid_finder)
    if settings.orientation == "none":
        return reader
    with timing.stage("orientation"):
        if settings.orientation == "auto" and _plainly_upright(reader, page_number=page_number):
            return reader
        degrees, _ = detect_orientation(grey, dpi=dpi, engine=engine, settings=settings,
                                        timeout=deadline.remaining())
    if degrees == 0:
        return reader
    layout = _layout(_rotate_quarter(grey, degrees), dpi=dpi, settings=settings, grid_finder=grid_finder)
    return _PageReader(engine, settings, deadline, dpi, layout,
                       grid_stage.text_ink(layout.image, dpi=dpi, settings=settings.grid),
                       grid_finder=grid_finder)


def _layout(grey: np.ndarray, *, dpi: float, settings: OcrSettings,
            grid_finder: GridFinder) -> grid_stage.PageLayout:
    with timing.stage("deskew+grid"):
        return grid_finder.analyse_page(grey, dpi=dpi, settings=settings.grid,
                                        deskew=settings.deskew)


def _unruled_grid(reader: _PageReader) -> grid_stage.Grid | None:
    """No rules at all: a table laid out by alignment, if its header row says so."""
    with timing.stage("unruled"):
        return ocr_layout.find_unruled_grid(
            _ink_without_rules(reader.ink, reader.layout.ruling.mask, dpi=reader.dpi),
            dpi=reader.dpi, settings=reader.settings.unruled,
            is_header=lambda texts: header_fields(texts) is not None,
            read_cells=lambda cells: [reader.cell_text(c) for c in cells])


def _read_tables(reader: _PageReader, unruled: grid_stage.Grid | None, *,
                 page_number: int) -> tuple[list[Table], list[str], list[float]]:
    """Every grid's cells read: (tables, warnings about weak cells, cell confidences)."""
    settings = reader.settings
    tables: list[Table] = []
    warnings: list[str] = []
    confidences: list[float] = []
    for grid in reader.layout.grids:
        cells = []
        for cell in reader.grid_finder.grid_to_cells(grid, page=page_number, dpi=reader.dpi,
                                                     settings=settings.grid):
            lines = reader.cell_lines(cell)
            if lines is None:
                cells.append(cell)  # empty: no ink, nothing to read
                continue
            confidence = _mean_confidence(lines)
            confidences.append(confidence)
            if confidence < settings.confidence_threshold:
                warnings.append(f"page {page_number}: low OCR confidence in row {cell.row + 1} "
                                f"column {cell.col + 1} ({confidence:.2f})")
            cells.append(replace(cell, text="\n".join(line.text for line in lines),
                                 confidence=round(confidence, 4)))
        table = grid_stage.grid_to_table(grid, tuple(cells), page=page_number)
        # white space cannot prove that a cell does not span
        tables.append(replace(table, spans_known=False) if grid is unruled else table)
    return tables, warnings, confidences


def _ink_without_rules(ink: np.ndarray, rule_mask: np.ndarray, *, dpi: float) -> np.ndarray:
    """Text ink with rule pixels (header underlines) and dust removed."""
    text = ink.copy()
    text[cv2.dilate(rule_mask, np.ones((5, 5), np.uint8)) > 0] = 0
    return drop_specks(text, dpi=dpi)


def _text_outside_tables(layout: grid_stage.PageLayout, ink: np.ndarray, *, dpi: float,
                         settings: OcrSettings, engine,
                         deadline: _Deadline) -> tuple[OcrLine, ...]:
    """Titles, memo text and notes: the page with its tables painted white, read as blocks."""
    grey = layout.image.copy()
    ink = ink.copy()
    margin = max(2, int(dpi * 0.03))
    for grid in layout.grids:
        box = grid.bbox
        y0, y1 = max(0, int(box.y0) - margin), int(box.y1) + margin
        x0, x1 = max(0, int(box.x0) - margin), int(box.x1) + margin
        grey[y0:y1, x0:x1] = 255
        ink[y0:y1, x0:x1] = 0
    ink = drop_specks(ink, dpi=dpi)
    near_ink = cv2.dilate(ink, np.ones((3, 3), np.uint8))
    grey = np.where(near_ink > 0, grey, 255).astype(np.uint8)
    # read the bands above, beside, between and below the tables separately: a page
    # title and a page number far apart would otherwise make one page-sized image
    cuts = sorted({0, ink.shape[0], *(int(max(0, v)) for g in layout.grids
                                        for v in (g.bbox.y0 - margin, g.bbox.y1 + margin))})
    lines: list[OcrLine] = []
    min_ink = max(4, int(dpi * MIN_INK_INCHES))
    pad = CELL_PADDING_PX
    for top, bottom in zip(cuts, cuts[1:]):
        points = cv2.findNonZero(ink[top:bottom])
        if points is None:
            continue
        x, y, w, h = cv2.boundingRect(points)
        if w < min_ink and h < min_ink:
            continue
        y += top
        region = grey[max(0, y - pad):y + h + pad, max(0, x - pad):x + w + pad]
        ocr_dpi = settings.ocr_resolution(dpi)
        pixels = _rescale(region, ocr_dpi / dpi)
        lines += _reread_thai_numbers(pixels, _read(engine, pixels, psm=settings.block_psm,
                                                    dpi=ocr_dpi, deadline=deadline))
    return tuple(lines)



def ocr_file(path, *, settings: OcrSettings = DEFAULT_OCR_SETTINGS,
             grid_finder: GridFinder = RULING_GRID_FINDER) -> Iterator[Page]:
    """OCR every page of a scanned PDF, TIFF, PNG or JPEG, one page image alive at a time;
    a table continued on a page without its header takes the page before's columns."""
    return ocr_structure.carry_columns(_ocr_pages(path, settings=settings, grid_finder=grid_finder))


def _ocr_pages(path, *, settings: OcrSettings, grid_finder: GridFinder) -> Iterator[Page]:
    started = time.perf_counter()
    carried = None  # the columns of the table the page before ended in
    for page in iter_page_images(path, dpi=settings.dpi, max_side=settings.max_side_px,
                                 max_pixels=settings.max_pixels):
        # the time to render or decode the image, counted from the previous page's end
        rasterised = time.perf_counter() - started
        result = ocr_page(page.image, page_number=page.page_number, settings=settings,
                          image_dpi=page.dpi, grid_finder=grid_finder, carried=carried)
        carried = ocr_structure.columns_after(result, carried)
        yield timing.with_stats(result, (("rasterise", rasterised),))
        started = time.perf_counter()


def ocr_pdf_page(path, page_number: int, *, settings: OcrSettings = DEFAULT_OCR_SETTINGS,
                 grid_finder: GridFinder = RULING_GRID_FINDER) -> Page:
    """OCR one page of a mixed PDF (the pipeline decides which pages are scans)."""
    started = time.perf_counter()
    page = pdf_page_image(path, page_number, settings.dpi, max_side=settings.max_side_px,
                          max_pixels=settings.max_pixels)
    rasterised = time.perf_counter() - started
    result = ocr_page(page.image, page_number=page_number, settings=settings, image_dpi=page.dpi,
                      grid_finder=grid_finder)
    return timing.with_stats(result, (("rasterise", rasterised),))
