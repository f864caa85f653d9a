"""`ita pages`: per page what was read, for any Thai document (ITA or not)."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PDF = ROOT / "samples" / "pdf" / "s11-sila-measures-2566.pdf"
SAMPLE_SCAN = ROOT / "samples" / "scan" / "s08-dontan-results-2568-scan.jpg"


def ita(*args):
    return subprocess.run([sys.executable, "-m", "pipelines.cli", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)


def load(out: Path):
    [path] = out.glob("*.pages.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    md = path.with_name(data["source"]["doc_id"] + ".md").read_text(encoding="utf-8")
    with open(out / "corrections.csv", encoding="utf-8-sig", newline="") as fh:
        corrections = list(csv.DictReader(fh))
    return data, md, corrections


def cells(data):
    return [c for p in data["pages"] for t in p["tables"] for c in t["cells"]]


def test_pages_on_a_sample_pdf(tmp_path):
    proc = ita("pages", SAMPLE_PDF, "--out", tmp_path, "--no-ocr")
    assert proc.returncode == 0, proc.stderr
    data, md, corrections = load(tmp_path)
    assert data["source"]["path"].endswith(SAMPLE_PDF.name) and len(data["source"]["sha256"]) == 64
    [page] = data["pages"]
    assert page["number"] == 1 and page["kind"] == "text_layer" and page["confidence"] > 0.9
    [table] = page["tables"]
    assert table["n_cols"] == 4
    header = {c["col"]: c["text"] for c in table["cells"] if c["row"] == 0}
    assert "ผู้" in header[2] and "ระยะเวลา" in header[3]
    title = next(c for c in table["cells"] if c["row"] == 1)
    assert title["col_span"] == 4 and title["text"].startswith("๑. มาตรการป้องกันการรับสินบน")
    for c in table["cells"]:
        box = c["box"]
        assert box["unit"] == "pt" and box["x0"] < box["x1"] and box["y0"] < box["y1"]
    assert "| มาตรการ/แนวทางการปฏิบัติ |" in md and "|---|---|---|---|" in md
    assert "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน" in page["lines"]
    # the WeasyPrint sample's decomposed sara am is repaired and logged like extract logs it
    assert corrections and all(r["doc_id"] == data["source"]["doc_id"] for r in corrections)
    assert {r["rule"] for r in corrections} & {"unicode.sara_am", "unicode.nfc", "pua"}


def test_pages_reports_a_bad_input_and_goes_on(tmp_path):
    bad = tmp_path / "letter.pdf"
    bad.write_text("not a pdf")
    out = tmp_path / "out"
    proc = ita("pages", bad, SAMPLE_PDF, "--out", out, "--no-ocr")
    assert proc.returncode == 1
    assert "letter.pdf" in proc.stderr and "not a PDF" in proc.stderr
    assert len(list(out.glob("*.pages.json"))) == 1


@pytest.mark.ocr
def test_pages_on_a_sample_scan(tmp_path):
    # tolerance: OCR text is checked for a few words and the table's shape only
    proc = ita("pages", SAMPLE_SCAN, "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    data, md, _ = load(tmp_path)
    [page] = data["pages"]
    assert page["kind"] == "ocr" and 0 < page["confidence"] <= 1
    assert page["tables"] and page["tables"][0]["n_cols"] >= 4
    text = md.replace(" ", "")
    assert "ผู้รับผิดชอบ" in text and "มาตรการ" in text
    assert all(c["box"]["unit"] == "px" for c in cells(data) if c["box"])
