"""Bad PDFs and images each fail alone, with one plain sentence, and the batch goes on."""
import csv
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from pipelines.batch import convert_batch
from pipelines.settings import ConvertSettings

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
GOOD = SAMPLES / "pdf" / "s02-nonsaat-measures-2567.pdf"
WITH_MEMO = SAMPLES / "pdf" / "s01-namong-results-2566.pdf"


@pytest.fixture(scope="module")
def bad_batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad-in")
    (folder / "good.pdf").write_bytes(GOOD.read_bytes())
    data = GOOD.read_bytes()
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 3])
    with pikepdf.open(GOOD) as pdf:
        pdf.save(folder / "locked.pdf", encryption=pikepdf.Encryption(owner="o", user="secret"))
    with pikepdf.open(WITH_MEMO) as pdf:  # the memo page alone: a real PDF, but no measure table
        memo = pikepdf.Pdf.new()
        memo.pages.append(pdf.pages[0])
        memo.save(folder / "memo-only.pdf")
    Image.new("L", (400, 300), 255).save(folder / "blank.png")  # an image with nothing on it
    (folder / "cut.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 50)  # a JPEG header, no image
    out = tmp_path_factory.mktemp("bad-out")
    result = convert_batch([folder], out, ConvertSettings(workers=2, ocr=True))
    with open(out / "manifest.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {Path(r["path"]).name: r for r in csv.DictReader(fh)}
    return result, rows, out


def test_good_file_still_converts(bad_batch):
    _, rows, out = bad_batch
    assert rows["good.pdf"]["status"] == "ok"
    assert len(list((out / "documents").glob("*.json"))) == 1


@pytest.mark.parametrize("name, words", [
    ("truncated.pdf", "damaged"),
    ("locked.pdf", "password-protected"),
    ("memo-only.pdf", "no ITA measure table found"),
    ("cut.jpg", "corrupt or unreadable"),
])
def test_each_bad_file_gets_a_plain_sentence(bad_batch, name, words):
    _, rows, _ = bad_batch
    row = rows[name]
    assert row["status"] == "failed"
    assert words in row["error"]
    assert "Traceback" not in row["error"] and "\n" not in row["error"]


@pytest.mark.ocr
def test_blank_image_is_not_an_ita_report(bad_batch):
    _, rows, _ = bad_batch
    assert rows["blank.png"]["status"] == "failed"
    assert rows["blank.png"]["error"].startswith("no ITA measure table found: ")
