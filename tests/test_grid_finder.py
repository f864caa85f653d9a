"""The grid finder is injected into the OCR page reader, not patched in: production's is
the ruling-line one, a dev script (pipelines.grid_compare) brings its own through the
batch settings, and the documents say when it was not production's."""
import pickle
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
from PIL import Image

from extract.grid_finder import RULING_GRID_FINDER, GridFinder, RulingGridFinder
from pipelines import jobs
from pipelines.settings import ConvertSettings

SCAN = Path(__file__).parent / "data" / "scan"


@dataclass(eq=False)
class RecordingFinder:
    """Production's grids, and which calls ocr_page made; drop_grids hides the tables."""

    drop_grids: bool = False
    calls: list[str] = field(default_factory=list)
    name: str = "recording"

    def analyse_page(self, grey, *, dpi, settings, deskew):
        self.calls.append("analyse_page")
        layout = RULING_GRID_FINDER.analyse_page(grey, dpi=dpi, settings=settings, deskew=deskew)
        return replace(layout, grids=()) if self.drop_grids else layout

    def grid_to_cells(self, grid, *, page, dpi, settings):
        self.calls.append("grid_to_cells")
        return RULING_GRID_FINDER.grid_to_cells(grid, page=page, dpi=dpi, settings=settings)


def test_the_production_finder_is_a_picklable_grid_finder():
    finder: GridFinder = RULING_GRID_FINDER
    assert pickle.loads(pickle.dumps(finder)) == RulingGridFinder()
    assert finder.name == "ruling"


def test_a_grid_finder_is_recorded_in_the_settings_only_when_it_is_not_production():
    plain = dict(ConvertSettings().fingerprint())
    assert "grid_finder" not in plain
    mine = dict(ConvertSettings(grid_finder=RecordingFinder()).fingerprint())
    assert mine["grid_finder"] == "recording"
    assert {k: v for k, v in mine.items() if k != "grid_finder"} == plain


def test_the_batch_hands_its_grid_finder_to_the_ocr_page_reader(tmp_path, monkeypatch):
    import extract.ocr
    from ita_core.model import Page

    png = tmp_path / "page.png"
    Image.new("L", (200, 200), 255).save(png, dpi=(200, 200))
    seen = []

    def ocr_page(image, *, page_number, **kwargs):
        seen.append(kwargs.get("grid_finder"))
        return Page(number=page_number, kind="ocr")

    monkeypatch.setattr(extract.ocr, "ocr_page", ocr_page)
    finder = RecordingFinder()
    jobs.run_page_job(jobs.PageJob(str(png), "image", ()), ConvertSettings(grid_finder=finder))
    jobs.run_page_job(jobs.PageJob(str(png), "image", ()), ConvertSettings())
    assert seen == [finder, None]  # None: the reader's own default, production's finder


@pytest.mark.ocr
def test_ocr_page_reads_its_tables_from_the_injected_finder():
    from extract.ocr import ocr_page
    from extract.ocr_settings import OcrSettings

    image = Image.open(SCAN / "table_clean.png")
    image.load()
    settings = OcrSettings(orientation="none")
    production = ocr_page(image, page_number=1, settings=settings)
    recording = RecordingFinder()
    same = ocr_page(image, page_number=1, settings=settings, grid_finder=recording)
    assert recording.calls[0] == "analyse_page" and "grid_to_cells" in recording.calls
    assert [t.cells for t in same.tables] == [t.cells for t in production.tables]
    assert production.tables
    hidden = RecordingFinder(drop_grids=True)
    without = ocr_page(image, page_number=1, settings=settings, grid_finder=hidden)
    # with its rules hidden the page goes to the unruled stage: other cells, or none
    assert [t.cells for t in without.tables] != [t.cells for t in production.tables]
