"""Poison files, made small: none stalls the batch; each ends failed or partial with a plain
sentence and the good file next to it is written.

- an OCR hang: tesseract replaced by a fake that sleeps; the page timeout (1 s here) stops it;
- a PDF with more pages than the page limit (a 10,000-page file, shrunk: 30 pages, limit 20);
- a PNG decompression bomb: 12,000 × 12,000 pixels in a few kB, over MAX_PAGE_PIXELS.
"""
import time
from pathlib import Path

from PIL import Image

from pipelines.batch import convert_batch
from pipelines.settings import ConvertSettings
from pipelines.writers import read_csv


def _rows(out: Path) -> dict[str, dict]:
    return {Path(r["path"]).name: r for r in read_csv(out / "manifest.csv")}


def _folder(tmp_path: Path, seed_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes(seed_path.read_bytes())
    return folder


def test_a_hanging_tesseract_is_stopped_per_page(tmp_path, seed_path, monkeypatch):
    import extract.ocr
    from extract.tesseract import CliEngine

    fake = tmp_path / "tesseract"
    fake.write_text("#!/bin/sh\nsleep 60\n")
    fake.chmod(0o755)
    monkeypatch.setattr(extract.ocr, "get_engine",
                        lambda name, **kw: CliEngine(executable=str(fake)))
    folder = _folder(tmp_path, seed_path)
    from PIL import ImageDraw

    scan = Image.new("L", (800, 1100), 255)  # ink, so the page is not skipped as blank
    draw = ImageDraw.Draw(scan)
    for y in range(100, 1000, 40):
        draw.text((80, y), "ITA 2566 measure line " * 3, fill=0)
    scan.save(folder / "scan.png", dpi=(100, 100))
    started = time.perf_counter()
    convert_batch([folder], tmp_path / "out", ConvertSettings(workers=1, page_timeout=1))
    assert time.perf_counter() - started < 50  # not the fake's 60 s per call
    rows = _rows(tmp_path / "out")
    assert rows["good.txt"]["status"] == "ok"
    assert rows["scan.png"]["status"] == "failed"
    assert "OCR failed" in rows["scan.png"]["error"] and "was stopped" in rows["scan.png"]["error"]


def test_a_pdf_over_the_page_limit_fails_with_a_sentence(tmp_path, seed_path):
    folder = _folder(tmp_path, seed_path)
    pages = [Image.new("L", (60, 80), 255) for _ in range(30)]
    pages[0].save(folder / "long.pdf", save_all=True, append_images=pages[1:])
    convert_batch([folder], tmp_path / "out", ConvertSettings(workers=1, max_pages=20))
    rows = _rows(tmp_path / "out")
    assert rows["good.txt"]["status"] == "ok"
    assert rows["long.pdf"]["status"] == "failed"
    assert rows["long.pdf"]["error"] == ("the PDF has 30 pages, more than the limit of 20 "
                                         "(--max-pages); it was not read")


def test_a_png_bomb_is_refused_before_it_is_decoded(tmp_path, seed_path):
    folder = _folder(tmp_path, seed_path)
    Image.new("1", (12_000, 12_000), 1).save(folder / "bomb.png")
    assert (folder / "bomb.png").stat().st_size < 100_000
    convert_batch([folder], tmp_path / "out", ConvertSettings(workers=1))
    rows = _rows(tmp_path / "out")
    assert rows["good.txt"]["status"] == "ok"
    assert rows["bomb.png"]["status"] == "failed"
    print(rows["bomb.png"]["error"])
    assert "too large" in rows["bomb.png"]["error"] or "pixels" in rows["bomb.png"]["error"]
