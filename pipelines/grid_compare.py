"""Dev script: our table grid (extract/grid.py) against img2table's, on the sample scans.

    .venv/bin/python -m pipelines.grid_compare [--methods ours img2table ...] [--only s02]

Each method converts every scan in samples/scan through the real batch path
(`convert_batch`, one worker, in this process): orientation, deskew, per-cell tesseract,
stitching, measures and normalization are the production code. Only the grid differs:
a `ComparingGridFinder` (an `extract.grid_finder.GridFinder`, passed in through
`ConvertSettings.grid_finder`) gives ocr_page, on the page image it has already turned
upright and deskewed, the tables either from our ruling-line morphology or
from `img2table.document.Image(...).extract_tables()`, whose cells (a merged cell is the
same TableCell repeated over the positions it covers) become `Grid`s and spanning `Cell`s.
Cells are read by the same `clean_cell_crop` + tesseract as always, and line pixels are
painted out with our ruling mask in both cases. A page where a method finds no table
falls back to the unruled-layout stage (`ocr_layout`), as production does.

Printed: per page, the tables each method finds (rows x cols, spanning cells, cells that
span the whole width such as measure-title rows), how many cells the two agree on, and
the grid time (binarize → lines → grid → cells for ours; PNG decode + extract_tables for
img2table; deskew is shared and not counted); per document, the measures found and the
field CER from ../shared/eval/score.py, which matches documents to truth by file name.

img2table is not a dependency of the project. It requires opencv-contrib-python, which
installs a `cv2` over the project's opencv-python-headless; to keep a shared venv as it is,
install it into a venv layered over the project's:

    python3.11 -m venv /tmp/i2t && echo "import site; site.addsitedir('$PWD/.venv/lib/python3.11/site-packages')" \\
        > /tmp/i2t/lib/python3.11/site-packages/zz_project.pth && /tmp/i2t/bin/pip install img2table
    /tmp/i2t/bin/python -m pipelines.grid_compare
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SCANS = ROOT / "samples" / "scan"
DEFAULT_HELDOUT = ROOT / "samples"  # the scorer's HELDOUTDIR: truth/ lives under it
DEFAULT_SCORER = ROOT.parent / "shared" / "eval" / "score.py"
METHODS = ("ours", "img2table", "img2table-borderless")
SAME_CELL_IOU = 0.8  # two cells this much overlapping are the same cell


@dataclass(frozen=True, slots=True)
class TableShape:
    rows: int
    cols: int
    spanning: int  # cells covering more than one grid position
    full_width: int  # cells spanning every column (measure-title rows)
    lost: int = 0  # positions img2table gave a zero-area box (it found no cell there)

    def __str__(self) -> str:
        lost = f" z{self.lost}" if self.lost else ""
        return f"{self.rows}x{self.cols} s{self.spanning} w{self.full_width}{lost}"


@dataclass(frozen=True, slots=True)
class MethodGrid:
    tables: tuple[TableShape, ...]
    seconds: float
    cell_boxes: tuple[tuple[float, float, float, float], ...]
    error: str = ""


@dataclass
class PageRecord:
    document: str
    index: int  # order among the document's OCR'd pages
    grids: dict[str, MethodGrid] = field(default_factory=dict)
    fallback: bool = False  # the driving method found no table: unruled layout stage ran


class Img2TableMissing(RuntimeError):
    def __init__(self) -> None:
        super().__init__(
            "img2table is not installed in this interpreter: pip install img2table (it pulls "
            "opencv-contrib-python, which replaces the project's cv2; see this module's "
            "docstring for a separate venv), or run with --methods ours")


def _img2table_image_class():
    try:
        from img2table.document import Image
    except ImportError as exc:
        raise Img2TableMissing() from exc
    return Image


# ---- the two grids, on the same deskewed page image -----------------------------------

def ours_grid(grey, *, dpi: float, settings):
    """binarize → ruling lines → white-space columns → grids → cells (no deskew)."""
    from extract import grid as grid_stage

    binary = grid_stage.binarize(grey, dpi=dpi, settings=settings)
    ruling = grid_stage.add_whitespace_columns(
        binary, grid_stage.find_ruling_lines(binary, dpi=dpi, settings=settings),
        dpi=dpi, settings=settings)
    grids = grid_stage.lines_to_grid(ruling, dpi=dpi, settings=settings)
    return tuple((g, grid_stage.grid_to_cells(g, dpi=dpi, settings=settings)) for g in grids)


def img2table_tables(grey, *, borderless: bool):
    """img2table's tables of a grey page image, through its public API (no OCR)."""
    import cv2

    image_class = _img2table_image_class()
    ok, png = cv2.imencode(".png", grey)
    if not ok:
        raise ValueError("page image could not be encoded as PNG")
    started = time.perf_counter()
    tables = image_class(png.tobytes()).extract_tables(borderless_tables=borderless)
    return tables, time.perf_counter() - started


def img2table_to_grid(table):
    """An img2table ExtractedTable as our Grid, its Cells (px, top-left origin), and the
    number of positions left without a cell.

    img2table repeats a merged cell in every position it covers; here it becomes one Cell
    with row/col spans, its box img2table's own. Where it could not close a cell (a row
    cut by the page foot) it gives a zero-width box: no Cell is made there.
    """
    from extract.grid import Grid
    from ita_core.model import BBox, Cell, CoordOrigin

    rows = list(table.content.values())
    extents: dict[tuple[int, int, int, int], list[int]] = {}
    lost = 0
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            key = (cell.bbox.x1, cell.bbox.y1, cell.bbox.x2, cell.bbox.y2)
            if key[2] <= key[0] or key[3] <= key[1]:
                lost += 1
                continue
            box = extents.setdefault(key, [r, c, r, c])
            box[0], box[1] = min(box[0], r), min(box[1], c)
            box[2], box[3] = max(box[2], r), max(box[3], c)
    n_rows, n_cols = len(rows), max((len(row) for row in rows), default=0)
    tops = {r: [] for r in range(n_rows + 1)}
    lefts = {c: [] for c in range(n_cols + 1)}
    for (x0, y0, x1, y1), (r0, c0, r1, c1) in extents.items():
        tops[r0].append(y0)
        tops[r1 + 1].append(y1)
        lefts[c0].append(x0)
        lefts[c1 + 1].append(x1)
    ys = tuple(float(statistics.median(v)) for _, v in sorted(tops.items()) if v)
    xs = tuple(float(statistics.median(v)) for _, v in sorted(lefts.items()) if v)
    cells = tuple(sorted(
        (Cell(row=r0, col=c0, text="", row_span=r1 - r0 + 1, col_span=c1 - c0 + 1,
              bbox=BBox(float(x0), float(y0), float(x1), float(y1), "px", CoordOrigin.TOPLEFT))
         for (x0, y0, x1, y1), (r0, c0, r1, c1) in extents.items()),
        key=lambda cell: (cell.row, cell.col)))
    return Grid(xs, ys, (), ()), cells, lost


def _shape(grid, cells, lost: int = 0) -> TableShape:
    return TableShape(grid.n_rows, grid.n_cols,
                      sum(c.row_span > 1 or c.col_span > 1 for c in cells),
                      sum(c.col_span == grid.n_cols and grid.n_cols > 1 for c in cells), lost)


def measure_grid(method: str, grey, *, dpi: float, settings):
    """(grids with their cells, MethodGrid) of one method on one deskewed page."""
    try:
        if method == "ours":
            started = time.perf_counter()
            found = tuple((g, cells, 0) for g, cells in ours_grid(grey, dpi=dpi, settings=settings))
            seconds = time.perf_counter() - started
        else:
            tables, seconds = img2table_tables(grey, borderless=method.endswith("borderless"))
            found = tuple(img2table_to_grid(t) for t in tables if t.content)
            found = tuple(t for t in found if t[0].n_rows >= 1 and t[0].n_cols >= 1)
    except Img2TableMissing:
        raise
    except Exception as exc:  # one page's failure is a figure, not the end of the run
        return (), MethodGrid((), 0.0, (), f"{exc.__class__.__name__}: {exc}")
    boxes = tuple((c.bbox.x0, c.bbox.y0, c.bbox.x1, c.bbox.y1) for _, cells, _ in found for c in cells)
    return (tuple((g, cells) for g, cells, _ in found),
            MethodGrid(tuple(_shape(*t) for t in found), seconds, boxes))


def same_cells(a, b) -> int:
    """How many boxes of `a` have a box in `b` overlapping them by IoU >= SAME_CELL_IOU."""
    def iou(p, q) -> float:
        w = min(p[2], q[2]) - max(p[0], q[0])
        h = min(p[3], q[3]) - max(p[1], q[1])
        if w <= 0 or h <= 0:
            return 0.0
        inter = w * h
        return inter / ((p[2] - p[0]) * (p[3] - p[1]) + (q[2] - q[0]) * (q[3] - q[1]) - inter)
    return sum(any(iou(p, q) >= SAME_CELL_IOU for q in b) for p in a)


# ---- the grid the production path uses --------------------------------------------------

@dataclass
class Recorder:
    driving: str  # the method whose grid the OCR uses
    measured: tuple[str, ...]  # the methods measured on every page (timing and shapes)
    document: str = ""
    pages: list[PageRecord] = field(default_factory=list)


@dataclass(eq=False)
class ComparingGridFinder:
    """An `extract.grid_finder.GridFinder` for ocr_page: on the page production has
    deskewed, every measured method's grid is timed and recorded, and the tables come
    from `recorder.driving`'s grid (production's own layout, untouched, for "ours")."""

    recorder: Recorder
    # Grid → its Cells, for grids that did not come from our ruling lines
    replaced: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"grid_compare:{self.recorder.driving}"

    def analyse_page(self, grey, *, dpi, settings, deskew):
        from extract.grid_finder import RULING_GRID_FINDER

        recorder = self.recorder
        layout = RULING_GRID_FINDER.analyse_page(grey, dpi=dpi, settings=settings, deskew=deskew)
        record = PageRecord(recorder.document,
                            sum(p.document == recorder.document for p in recorder.pages))
        driving = ()
        for method in recorder.measured:
            found, record.grids[method] = measure_grid(method, layout.image, dpi=dpi,
                                                       settings=settings)
            if method == recorder.driving:
                driving = found
        recorder.pages.append(record)
        if recorder.driving == "ours":
            layout_grids = layout.grids  # production, untouched
        else:
            self.replaced.update({g: cells for g, cells in driving})
            layout_grids = tuple(g for g, _ in driving)
        record.fallback = not layout_grids
        return replace(layout, grids=layout_grids)

    def grid_to_cells(self, grid, *, page, dpi, settings):
        from extract.grid_finder import RULING_GRID_FINDER

        if grid in self.replaced:
            return self.replaced[grid]
        return RULING_GRID_FINDER.grid_to_cells(grid, page=page, dpi=dpi, settings=settings)


# ---- running and scoring ---------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class DocumentScore:
    field_cer: float
    measures: int
    truth_measures: int


def score(out: Path, heldout: Path, scorer: Path) -> tuple[dict[str, DocumentScore], dict]:
    """Per input file name: the shared scorer's figures; and its summary by kind."""
    run = subprocess.run([sys.executable, str(scorer), str(out), str(heldout), "--rows"],
                         capture_output=True, text=True, check=True)
    lines = [ln for ln in run.stdout.splitlines() if ln.strip()]
    rows = {}
    for line in lines[:-1]:
        parts = line.split("\t")
        if len(parts) >= 4:
            rows[parts[0]] = DocumentScore(float(parts[1]), int(parts[2]), int(parts[3]))
    return rows, json.loads(lines[-1])


def convert(method: str, scans: list[Path], out: Path, recorder: Recorder) -> dict[str, str]:
    """Convert each scan with `method`'s grid; the batch status of each."""
    from pipelines.batch import convert_batch
    from pipelines.settings import ConvertSettings

    # one worker runs the jobs in this process, so the recorder sees every page
    settings = ConvertSettings(workers=1, force=True, grid_finder=ComparingGridFinder(recorder))
    statuses = {}
    for path in scans:
        recorder.document = path.name
        result = convert_batch([path], out, settings)
        outcome = result.outcomes[0]
        statuses[path.name] = outcome.status + (f" ({outcome.error})" if outcome.error else "")
    return statuses


def _short(name: str) -> str:
    return name.split("-")[0]


def print_pages(pages: list[PageRecord], methods: tuple[str, ...]) -> None:
    print("\nGrid per OCR'd page (tables as rows x cols, s = spanning cells, w = cells spanning "
          "every column, z = positions with no cell; same = cells of this method matching one "
          "of ours, IoU >= "
          f"{SAME_CELL_IOU}; ms = grid time)")
    header = ["doc", "page"] + [f"{m} tables" for m in methods] + \
        [f"{m} same" for m in methods if m != "ours"] + [f"{m} ms" for m in methods]
    print("\t".join(header))
    for page in pages:
        ours = page.grids.get("ours")
        cols = [_short(page.document), str(page.index + 1)]
        for m in methods:
            grid = page.grids[m]
            cols.append(grid.error[:40] if grid.error else
                        (" + ".join(map(str, grid.tables)) or "none"))
        for m in methods:
            if m == "ours":
                continue
            grid = page.grids[m]
            cols.append(f"{same_cells(grid.cell_boxes, ours.cell_boxes)}/{len(grid.cell_boxes)}"
                        f" of {len(ours.cell_boxes)}" if ours else "-")
        cols += [f"{page.grids[m].seconds * 1000:.0f}" for m in methods]
        print("\t".join(cols))


def print_documents(scans: list[Path], methods: tuple[str, ...], pages: list[PageRecord],
                    scores: dict[str, dict[str, DocumentScore]],
                    fallbacks: dict[str, dict[str, int]]) -> None:
    print("\nPer document (tables / rows / full-width spans summed over OCR'd pages; "
          "measures found of truth; field CER from the shared scorer; fb = pages with no "
          "table that went to the unruled stage)")
    header = ["doc", "pages"]
    for m in methods:
        header += [f"{m} tab/rows/w", f"{m} ms/page", f"{m} measures", f"{m} CER", f"{m} fb"]
    print("\t".join(header))
    for path in scans:
        mine = [p for p in pages if p.document == path.name]
        cols = [_short(path.name), str(len(mine))]
        for m in methods:
            tables = [t for p in mine for t in p.grids[m].tables]
            ms = statistics.mean(p.grids[m].seconds for p in mine) * 1000 if mine else 0.0
            doc = scores.get(m, {}).get(path.name)
            cols += [f"{len(tables)}/{sum(t.rows for t in tables)}/"
                     f"{sum(t.full_width for t in tables)}", f"{ms:.0f}",
                     f"{doc.measures}/{doc.truth_measures}" if doc else "-",
                     f"{doc.field_cer:.4f}" if doc else "-",
                     str(fallbacks.get(m, {}).get(path.name, 0))]
        print("\t".join(cols))
    for m in methods:
        ms = [p.grids[m].seconds * 1000 for p in pages if not p.grids[m].error]
        if ms:
            print(f"{m}: grid time per page mean {statistics.mean(ms):.0f} ms, median "
                  f"{statistics.median(ms):.0f} ms, max {max(ms):.0f} ms over {len(ms)} pages")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines.grid_compare",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--methods", nargs="+", choices=METHODS, default=list(METHODS[:2]))
    parser.add_argument("--scans", type=Path, default=DEFAULT_SCANS)
    parser.add_argument("--only", nargs="*", default=[], help="doc_id prefixes, e.g. s02 lo01")
    parser.add_argument("--heldout", type=Path, default=DEFAULT_HELDOUT)
    parser.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    parser.add_argument("--out", type=Path, default=None, help="corpus folders (default: temp)")
    args = parser.parse_args(argv)
    methods = tuple(dict.fromkeys(["ours", *args.methods]))  # ours is the reference

    if any(m != "ours" for m in methods):
        try:
            _img2table_image_class()
        except Img2TableMissing as exc:
            print(f"grid_compare: {exc}", file=sys.stderr)
            return 2
    # one thread each: figures that do not depend on what else runs on the machine
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    import cv2

    cv2.setNumThreads(1)

    scans = sorted(p for p in args.scans.iterdir() if p.is_file()
                   and (not args.only or any(p.name.startswith(o) for o in args.only)))
    if not scans:
        print(f"grid_compare: no scans in {args.scans}", file=sys.stderr)
        return 2
    base = args.out or Path(tempfile.mkdtemp(prefix="grid-compare-"))
    scores: dict[str, dict[str, DocumentScore]] = {}
    summaries: dict[str, dict] = {}
    fallbacks: dict[str, dict[str, int]] = {}
    pages: list[PageRecord] = []
    for run, method in enumerate(methods):
        # every method's grid is measured on each page during the first run only
        recorder = Recorder(driving=method, measured=methods if run == 0 else (method,))
        started = time.perf_counter()
        statuses = convert(method, scans, base / method, recorder)
        print(f"{method}: converted {len(scans)} scan(s) in {time.perf_counter() - started:.0f} s "
              f"into {base / method}", file=sys.stderr)
        for name, status in statuses.items():
            if not status.startswith(("ok", "partial")):
                print(f"  {name}: {status}", file=sys.stderr)
        if run == 0:
            pages = recorder.pages
        fallbacks[method] = {}
        for page in recorder.pages:
            fallbacks[method][page.document] = fallbacks[method].get(page.document, 0) + page.fallback
        scores[method], summaries[method] = score(base / method, args.heldout, args.scorer)

    print_pages(pages, methods)
    print_documents(scans, methods, pages, scores, fallbacks)
    if args.only:
        return 0  # the scorer's summary counts the scans left out as missing
    print("\nShared scorer's summary (field CER by kind):")
    for method in methods:
        kinds = {k: v["field_cer"] for k, v in summaries[method].items()
                 if k in ("scan", "lo-scan")}
        print(f"{method}: " + ", ".join(f"{k} {v:.4f}" for k, v in kinds.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
