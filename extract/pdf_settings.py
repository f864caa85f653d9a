"""The born-digital reader's settings: `PdfSettings` and its defaults, checked on creation.

One frozen value shared by every step of `extract.pdf` (glyph clusters and lines in
`extract.pdf_lines`, the table fallbacks in `extract.pdf_tables`, the structure adapter
`extract.pdf_structure`, the page verdict in `extract.pdf`). Sizes given in ems are
multiples of the glyphs' font size; tolerances are PDF points.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_SPACE_GAP_EM = 0.15  # a gap this wide (font sizes) is a space; Angsana and Sarabun spaces are ~0.2
DEFAULT_LINE_OVERLAP = 0.5  # glyphs whose heights overlap this much share a line
DEFAULT_SNAP_TOLERANCE = 3.0  # points; ruling-line ends this close are one line
DEFAULT_MIN_TABLE_CELLS = 2  # one cell is a box; a row cut by a page break may be short
DEFAULT_COLUMN_GAP_EM = 0.6  # a gap this wide inside a line may separate columns
DEFAULT_MIN_COLUMN_GAP_EM = 0.4  # an empty x-band this wide down a table separates columns
DEFAULT_MIN_COLUMNS = 3  # a header row without ruling lines needs this many columns
DEFAULT_ROW_GAP_EM = 0.3  # space beyond the tightest line gap that starts a row (no ruling lines)
DEFAULT_IMAGE_PAGE_SHARE = 0.5  # images covering this much of a page make it a scan...
DEFAULT_MIN_PAGE_LETTERS = 100  # ...unless its text layer has at least this many letters
DEFAULT_DEDUPE_TOLERANCE = 1.0  # points; the same glyph drawn again this close is one glyph
DEFAULT_HEADER_GAP_EM = 1.5  # an unruled table's header sits at most this far above its first row
QUALITY_THRESHOLD = 0.5  # below this a page's text layer is treated as missing


@dataclass(frozen=True, slots=True)
class PdfSettings:
    space_gap_em: float = DEFAULT_SPACE_GAP_EM
    line_overlap: float = DEFAULT_LINE_OVERLAP
    snap_tolerance: float = DEFAULT_SNAP_TOLERANCE
    min_table_cells: int = DEFAULT_MIN_TABLE_CELLS
    column_gap_em: float = DEFAULT_COLUMN_GAP_EM
    min_column_gap_em: float = DEFAULT_MIN_COLUMN_GAP_EM
    min_columns: int = DEFAULT_MIN_COLUMNS
    row_gap_em: float = DEFAULT_ROW_GAP_EM
    header_gap_em: float = DEFAULT_HEADER_GAP_EM
    quality_threshold: float = QUALITY_THRESHOLD
    dedupe_tolerance: float = DEFAULT_DEDUPE_TOLERANCE
    image_page_share: float = DEFAULT_IMAGE_PAGE_SHARE
    min_page_letters: int = DEFAULT_MIN_PAGE_LETTERS

    def __post_init__(self) -> None:
        if not 0 < self.space_gap_em < 2:
            raise ValueError(f"space_gap_em must be in (0, 2), got {self.space_gap_em}")
        if not 0 < self.line_overlap <= 1:
            raise ValueError(f"line_overlap must be in (0, 1], got {self.line_overlap}")
        if not 0 <= self.snap_tolerance <= 20:
            raise ValueError(f"snap_tolerance must be in [0, 20] points, got {self.snap_tolerance}")
        if self.min_table_cells < 1:
            raise ValueError(f"min_table_cells must be >= 1, got {self.min_table_cells}")
        if self.column_gap_em <= self.space_gap_em:
            raise ValueError("column_gap_em must be wider than space_gap_em")
        if not 0 < self.min_column_gap_em <= self.column_gap_em:
            raise ValueError("min_column_gap_em must be in (0, column_gap_em]")
        if self.min_columns < 2:
            raise ValueError(f"min_columns must be >= 2, got {self.min_columns}")
        if not 0 <= self.header_gap_em <= 5:
            raise ValueError(f"header_gap_em must be in [0, 5], got {self.header_gap_em}")
        if self.row_gap_em < 0:
            raise ValueError(f"row_gap_em must be >= 0, got {self.row_gap_em}")
        if not 0 < self.image_page_share <= 1:
            raise ValueError(f"image_page_share must be in (0, 1], got {self.image_page_share}")
        if self.min_page_letters < 0:
            raise ValueError(f"min_page_letters must be >= 0, got {self.min_page_letters}")
        if not 0 <= self.dedupe_tolerance <= 5:
            raise ValueError(f"dedupe_tolerance must be in [0, 5] points, got {self.dedupe_tolerance}")
        if not 0 <= self.quality_threshold <= 1:
            raise ValueError(f"quality_threshold must be in [0, 1], got {self.quality_threshold}")
