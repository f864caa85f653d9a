"""The seam between the OCR page reader and the table grid: a `GridFinder`.

`extract.ocr.ocr_page` asks its grid finder for the page's layout (deskew and the grids
found on the upright page) and for each grid's cells. Production uses `RulingGridFinder`,
the ruling-line chain of `extract.grid`; a dev script can pass another finder (img2table's
grids in `pipelines.grid_compare`) through the real batch path with no patching. A finder
crosses a process pool with the settings, so it must pickle; its `name` is recorded in the
documents it makes when it is not the production one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from extract import grid as grid_stage
from ita_core.model import Cell


class GridFinder(Protocol):
    name: str

    def analyse_page(self, grey: np.ndarray, *, dpi: float, settings: grid_stage.GridSettings,
                     deskew: bool) -> grid_stage.PageLayout:
        """The upright grey page deskewed, its ruling lines and the grids of its tables."""
        ...

    def grid_to_cells(self, grid: grid_stage.Grid, *, page: int, dpi: float,
                      settings: grid_stage.GridSettings) -> tuple[Cell, ...]:
        """The cells of one grid this finder returned, with spans, in page pixels."""
        ...


@dataclass(frozen=True, slots=True)
class RulingGridFinder:
    """Production: ruling-line morphology (`extract.grid.analyse_page`, `grid_to_cells`)."""

    name: str = "ruling"

    def analyse_page(self, grey, *, dpi, settings, deskew):
        return grid_stage.analyse_page(grey, dpi=dpi, settings=settings, deskew=deskew)

    def grid_to_cells(self, grid, *, page, dpi, settings):
        return grid_stage.grid_to_cells(grid, page=page, dpi=dpi, settings=settings)


RULING_GRID_FINDER = RulingGridFinder()
