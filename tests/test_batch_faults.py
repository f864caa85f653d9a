"""Fault injection: a worker that dies, a reader that raises; the batch goes on."""
import csv
import os
from pathlib import Path

from ita_core.model import IssueCode
from pipelines import jobs
from pipelines.batch import convert_batch
from pipelines.settings import ConvertSettings
from pipelines.writers import read_csv


def manifest(out: Path) -> dict[str, dict]:
    return {Path(r["path"]).name: r for r in read_csv(out / "manifest.csv")}


def _inputs(tmp_path: Path, seed_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes(seed_path.read_bytes())
    (folder / "crash.txt").write_bytes(seed_path.read_bytes() + b"\n")  # another doc_id
    return folder


def test_a_worker_that_dies_fails_only_its_file(tmp_path, seed_path, monkeypatch):
    real = jobs.read_text_job

    def dying_reader(path):
        if Path(path).name == "crash.txt":
            os._exit(3)  # like a segfault in a native library: the worker process is gone
        return real(path)

    monkeypatch.setattr(jobs, "read_text_job", dying_reader)  # workers are forked: they see it
    out = tmp_path / "out"
    result = convert_batch([_inputs(tmp_path, seed_path)], out, ConvertSettings(workers=2))
    rows = manifest(out)
    assert rows["good.txt"]["status"] == "ok"
    assert rows["crash.txt"]["status"] == "failed"
    assert "crashed" in rows["crash.txt"]["error"]
    assert len(result.failed) == 1
    assert len(list((out / "documents").glob("*.json"))) == 1


def test_a_reader_that_raises_fails_only_its_file(tmp_path, seed_path, monkeypatch):
    real = jobs.read_text_job

    def raising_reader(path):
        if Path(path).name == "crash.txt":
            raise OSError("disk read error")
        return real(path)

    monkeypatch.setattr(jobs, "read_text_job", raising_reader)
    out = tmp_path / "out"
    convert_batch([_inputs(tmp_path, seed_path)], out, ConvertSettings(workers=1))
    rows = manifest(out)
    assert rows["good.txt"]["status"] == "ok"
    assert rows["crash.txt"] == {**rows["crash.txt"], "status": "failed", "error": "disk read error"}


def test_failed_rerun_removes_the_stale_document(tmp_path, seed_path, monkeypatch):
    folder = _inputs(tmp_path, seed_path)
    out = tmp_path / "out"
    convert_batch([folder], out, ConvertSettings(workers=1))
    assert len(list((out / "documents").glob("*.json"))) == 2

    def raising_reader(path):
        raise OSError("disk read error")

    monkeypatch.setattr(jobs, "read_text_job", raising_reader)
    convert_batch([folder / "crash.txt"], out, ConvertSettings(workers=1, force=True))
    assert len(list((out / "documents").glob("*.json"))) == 1
    rows = manifest(out)
    assert rows["crash.txt"]["status"] == "failed" and rows["good.txt"]["status"] == "ok"
    with open(out / "measures.csv", encoding="utf-8-sig") as fh:
        assert len(list(csv.DictReader(fh))) == 7  # only good.txt's measures remain


def test_a_bug_on_one_scanned_page_marks_that_page_only(tmp_path, monkeypatch):
    from PIL import Image

    import extract.ocr
    from ita_core.model import Page

    tiff = tmp_path / "three.tif"
    pages = [Image.new("L", (200, 200), 255) for _ in range(3)]
    pages[0].save(tiff, save_all=True, append_images=pages[1:], dpi=(200, 200))

    def ocr_page(image, *, page_number, **kwargs):
        if page_number == 2:
            raise ValueError("cv2 said no\nwith a traceback")
        return Page(number=page_number, kind="ocr", lines=("ข้อความ",))

    monkeypatch.setattr(extract.ocr, "ocr_page", ocr_page)
    out = jobs.run_page_job(jobs.PageJob(str(tiff), "image", ()), ConvertSettings(workers=1))
    assert [p.number for p in out] == [1, 2, 3]
    assert [p.kind for p in out] == ["ocr", "empty", "ocr"]
    (issue,) = out[1].issues
    assert issue.code == IssueCode.OCR_FAILED and issue.incomplete
    assert issue.sentence == ("page 2: OCR failed (internal error ValueError: cv2 said no); "
                              "please report it with this page")
