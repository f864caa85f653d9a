"""Regression checks on the real public documents in ../shared/real (no truth needed).

What their README says breaks, and what must hold: no `(cid:N)` and no Private Use code
point in any output; sara am split into a space rejoined and logged; letter-spaced
justified lines read as words; a scan whose invisible OCR layer holds no Thai routed to
OCR; `ita extract` rejects each (none is an ITA table) with one plain sentence and
writes no measure. The folder is found relative to the repository root; outside CI the
tests skip when it is absent.
"""

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ita_core.model import Cell, ExtractedDocument, Page, Source, Table
from extract.pdf import open_pdf, read_page
from normalize.rules import AuditLog
from pipelines.assemble import NoMeasureTableError, build_document
from pipelines.pages import repair_page_texts

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real"
PDF = REAL / "pdf"
SCAN = REAL / "scan"

if not REAL.is_dir():
    if os.environ.get("CI"):
        raise RuntimeError(f"{REAL} is missing in CI")
    pytest.skip(f"{REAL} not present", allow_module_level=True)

REAL_PDFS = sorted(PDF.glob("*.pdf"))
_CID = re.compile(r"\(cid:\d+\)")
_PUA = re.compile("[\ue000-\uf8ff]")
WORD_SARABUN = PDF / "phichai-hosp_moit2-12_complaint-handling-manual-2568.pdf"
CANVA = PDF / "moph_ethics-promotion-action-plan-phase2-2566-2570.pdf"
GARBAGE_LAYER_SCAN = SCAN / "kantharalak-tech_o20_scanned-announcement-with-garbage-ocr-layer.pdf"
TCPDF = PDF / "royal-gazette_2567_tcpdf-garbled-textlayer.pdf"


def read(path: Path, numbers):
    pdf = open_pdf(path)
    try:
        out = []
        for n in numbers:
            if n <= len(pdf.pages):
                out.append(read_page(pdf.pages[n - 1], n))
        return out
    finally:
        pdf.close()


def repaired(page: Page, log: AuditLog | None = None) -> list[str]:
    texts = list(page.lines) + [c.text for t in page.tables for c in t.cells]
    return repair_page_texts(texts, page=page.number, log=log if log is not None else AuditLog())


@pytest.mark.parametrize("path", REAL_PDFS, ids=lambda p: p.stem[:40])
def test_no_cid_and_no_pua_in_repaired_text_layers(path):
    pages = read(path, range(1, 9))
    for page in pages:
        text = "\n".join(repaired(page))
        assert not _CID.search(text), (page.number, _CID.findall(text)[:5])
        assert not _PUA.search(text), (page.number, _PUA.findall(text)[:5])
        # a page that still held unmapped glyphs is not read from its text layer at all
        if page.kind != "text_layer":
            assert not page.lines and not page.tables


def test_unmapped_glyphs_are_named_by_their_outline_or_the_page_goes_to_ocr():
    # Canva's Dumondi subset has no cmap and no glyph names; its lowered mai ek (cid 107)
    # is a squashed copy of the mai ek ToUnicode names, its lowered mai tho (cid 108)
    # matches nothing: that page is routed to OCR with a named warning.
    import io

    import pdfplumber
    from pdfminer.pdftypes import dict_value, list_value, resolve1

    from extract.pdf_glyphs import _font_refs, unmapped_glyph_texts

    with pdfplumber.open(CANVA) as pdf:
        page = pdf.pages[0]
        found = {}
        for objid, spec in _font_refs(page.page_obj.resources, set()):
            if "Dumondi-BoEx" not in str(spec.get("BaseFont")):
                continue
            font = page.pdf.rsrcmgr.get_font(objid, spec)
            descriptor = dict_value(dict_value(list_value(spec["DescendantFonts"])[0])["FontDescriptor"])
            program = resolve1(descriptor["FontFile2"]).get_data()
            found = unmapped_glyph_texts(program, font.unicode_map, None, set())
    assert found.get(107) == "\u0e48"
    assert 108 not in found
    first = read(CANVA, [1])[0]
    assert first.kind == "empty"
    assert any("no Unicode mapping; needs OCR" in i.sentence for i in first.issues)


def test_word_sarabun_split_sara_am_is_rejoined_and_logged():
    # Word's TH SarabunPSK ToUnicode calls the nikhahit glyph a space (ค าน า); the
    # embedded font's cmap says U+0E4D, and the sara am repair is logged.
    page = read(WORD_SARABUN, [2])[0]
    log = AuditLog()
    text = "\n".join(repaired(page, log))
    assert "คำนำ" in text and "กำหนด" in text
    assert not re.search("[ก-ฮ] า", text)
    assert any(c.rule == "unicode.sara_am" and c.after.endswith("\u0e33") for c in log.corrections)


def test_canva_zero_advance_space_sara_am_is_rejoined_from_positions_and_logged():
    # No cmap in Canva's subsets: the "space" is drawn with zero advance right where sara
    # aa starts, so it is no gap; it is rejoined by unicode.split_sara_am (logged).
    page = read(CANVA, [2])[0]
    log = AuditLog()
    text = "\n".join(repaired(page, log))
    assert "คำนำ" in text
    assert not re.search("[ก-ฮ][\u0e48-\u0e4b]? า", text)
    rows = [c for c in log.corrections if c.rule == "unicode.split_sara_am"]
    assert rows and all(c.after.endswith("\u0e33") for c in rows)


def test_letter_spaced_justified_line_reads_as_words():
    # pdfplumber's plain text gives "ใ ห้ บ ริ ก า ร ด้ า น ก า ร รั ก ษ า" on this page:
    # the gaps are letter spacing (narrower than a tab-wide gap on a line with drawn spaces)
    import pdfplumber

    with pdfplumber.open(WORD_SARABUN) as pdf:
        assert "ห้ บ ริ ก" in pdf.pages[8].extract_text()
    text = "\n".join(repaired(read(WORD_SARABUN, [9])[0]))
    assert "ให้บริการด้านการรักษา" in text
    assert "บ ริ ก" not in text


def test_scan_with_a_latin_garbage_ocr_layer_is_routed_to_ocr():
    pages = read(GARBAGE_LAYER_SCAN, [1, 2, 3])
    assert [p.kind for p in pages] == ["empty"] * 3
    assert all(any("holds no Thai" in i.sentence for i in p.issues) for p in pages)


def test_tcpdf_garbled_layer_is_routed_to_ocr():
    assert {p.kind for p in read(TCPDF, range(1, 9))} == {"empty"}


@pytest.mark.parametrize("path", [WORD_SARABUN, PDF / "nongyai-dho_eb2-2.2_anticorruption-procurement-measures.pdf",
                                  PDF / "phichai-hosp_moit2-18.1_procurement-analysis-report-2567.pdf"],
                         ids=lambda p: p.stem[:30])
def test_repair_reads_more_dictionary_words(path):
    from normalize.eval_real import dictionary_share, page_texts

    _read, _ocr, plain, _raw, fixed, repairs = page_texts(path, max_pages=6)
    k_plain, n_plain = dictionary_share(plain)
    k_fixed, n_fixed = dictionary_share(fixed)
    assert repairs > 0
    # a plain reader (pdfplumber, ToUnicode only) gets about 90 % of these tokens, after
    # repair >= 95 % and at least 5 points more
    assert k_fixed / n_fixed >= 0.95
    assert k_fixed / n_fixed > k_plain / n_plain + 0.05


def test_a_plan_with_only_empty_measures_is_no_ita_table():
    header = ["มาตรการ", "แนวทางการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลา"]
    cells = [Cell(0, i, t) for i, t in enumerate(header)]
    cells += [Cell(1, 0, "๑. มาตรการป้องกันการรับสินบน", 1, 4), Cell(2, 0, "๒. มาตรการเปิดเผยข้อมูล", 1, 4)]
    table = Table(1, 3, 4, tuple(cells))
    doc = ExtractedDocument(pages=(Page(1, "text_layer", ("แผนพัฒนาการศึกษา",), (table,)),),
                            kind="text_layer")
    with pytest.raises(NoMeasureTableError, match="no ITA measure table found: 2 measure rows"):
        build_document(doc_id="x", source=Source("x", "0" * 64, 1, "text_layer"), extracted=doc)


def _rows(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _ita(*args):
    return subprocess.run([sys.executable, "-m", "pipelines.cli", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=900)


def test_extract_rejects_every_real_document_and_writes_no_measure(tmp_path):
    inputs = [p for p in REAL_PDFS if p != CANVA] + sorted(SCAN.glob("*.pdf"))  # 143 pages: below
    proc = _ita("extract", *inputs, "--out", tmp_path, "--no-ocr", "-q", "--workers", "2")
    assert proc.returncode == 1, proc.stderr
    manifest = _rows(tmp_path / "manifest.csv")
    assert len(manifest) == len(inputs)
    for row in manifest:
        assert row["status"] == "failed"
        assert row["error"].startswith("no ITA measure table found: "), row
        assert "\n" not in row["error"] and "Traceback" not in row["error"]
    assert _rows(tmp_path / "measures.csv") == []
    assert not list((tmp_path / "documents").glob("*.json"))


def test_pages_on_a_real_non_ita_pdf(tmp_path):
    path = WORD_SARABUN
    proc = _ita("pages", path, "--out", tmp_path, "--no-ocr")
    assert proc.returncode == 0, proc.stderr
    [json_path] = tmp_path.glob("*.pages.json")
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["source"]["pages"] == 19 == len(data["pages"])
    kinds = [p["kind"] for p in data["pages"]]
    assert kinds.count("text_layer") == 18 and kinds[0] == "empty"  # page 1 is a scanned cover
    page2 = data["pages"][1]
    assert page2["number"] == 2 and 0 < page2["confidence"] <= 1
    assert "คำนำ" in page2["lines"]
    cells = [c for p in data["pages"] for t in p["tables"] for c in t["cells"]]
    assert cells and all({"row", "col", "row_span", "col_span", "box", "text"} <= c.keys() for c in cells)
    text = json_path.read_text(encoding="utf-8") + json_path.with_suffix("").with_suffix(".md").read_text(encoding="utf-8")
    assert not _CID.search(text) and not _PUA.search(text)
    md = (tmp_path / (data["source"]["doc_id"] + ".md")).read_text(encoding="utf-8")
    assert "คำนำ" in md and "\n|---|" in md
    corrections = _rows(tmp_path / "corrections.csv")
    assert {"doc_id", "page", "where", "before", "after", "rule", "score"} <= corrections[0].keys()
    assert any(r["rule"] == "unicode.sara_am" and r["page"] == "2" for r in corrections)


@pytest.mark.ocr
def test_garbage_layer_scan_is_ocrd_in_thai_and_rejected(tmp_path):
    # tolerance: the OCR'd text is not checked word by word, only that Thai came out
    # where the text layer held none (at least half the letters Thai on every page)
    proc = _ita("pages", GARBAGE_LAYER_SCAN, "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    [json_path] = tmp_path.glob("*.pages.json")
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert [p["kind"] for p in data["pages"]] == ["ocr"] * 3
    for p in data["pages"]:
        text = "".join(p["lines"]) + "".join(c["text"] for t in p["tables"] for c in t["cells"])
        letters = [ch for ch in text if ch.isalpha()]
        assert letters and sum("\u0e01" <= ch <= "\u0e4e" for ch in letters) / len(letters) >= 0.5
    out = tmp_path / "corpus"
    proc = _ita("extract", GARBAGE_LAYER_SCAN, "--out", out, "-q")
    assert proc.returncode == 1
    [row] = _rows(out / "manifest.csv")
    assert row["error"].startswith("no ITA measure table found")
    assert _rows(out / "measures.csv") == []


@pytest.mark.ocr
def test_canva_plan_is_rejected_and_its_unmapped_pages_ocrd(tmp_path):
    proc = _ita("extract", CANVA, "--out", tmp_path, "-q", "--workers", "2")
    assert proc.returncode == 1
    [row] = _rows(tmp_path / "manifest.csv")
    assert row["error"].startswith("no ITA measure table found: ")
    assert _rows(tmp_path / "measures.csv") == []


# ---- the Word route (python-docx → LibreOffice) in Sarabun: every า read (cid:3) -----


def _fonts_conf(tmp: Path, font_dir: Path | None) -> Path:
    conf = tmp / f"fonts-{'with' if font_dir else 'without'}.conf"
    dirs = f"<dir>{font_dir}</dir>" if font_dir else ""
    conf.write_text(f'<?xml version="1.0"?><fontconfig>{dirs}<cachedir>{tmp / "fc-cache"}</cachedir>'
                    "</fontconfig>", encoding="utf-8")
    return conf


@pytest.fixture(scope="module")
def word_route_sarabun_pdf(tmp_path_factory):
    import shutil

    docx = pytest.importorskip("docx")
    sarabun = pytest.importorskip("fontpkg_sarabun")
    soffice = shutil.which("soffice") or shutil.which("libreoffice") or (
        "/usr/lib/libreoffice/program/soffice" if Path("/usr/lib/libreoffice/program/soffice").exists() else None)
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    from docx.oxml.ns import qn
    from docx.shared import Pt

    tmp = tmp_path_factory.mktemp("word-route")
    font_dir = Path(sarabun.__file__).parent / "files"
    document = docx.Document()
    # sara am before any sara aa: LibreOffice gives the sara aa glyph no ToUnicode entry
    for text in ("คำนำ", "จัดทำมาตรการส่งเสริมคุณธรรม การดำเนินงาน นำไปใช้ ตาราง"):
        run = document.add_paragraph().add_run(text)
        run.font.name, run.font.size = "Sarabun", Pt(16)
        run._element.rPr.rFonts.set(qn("w:cs"), "Sarabun")
    document.save(tmp / "plan.docx")
    env = dict(os.environ, FONTCONFIG_FILE=str(_fonts_conf(tmp, font_dir)))
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp), str(tmp / "plan.docx")],
                   env=env, capture_output=True, timeout=180, check=True)
    return tmp / "plan.pdf", tmp, font_dir


def _read_with_fonts(monkeypatch, pdf, conf):
    from extract import pdf_glyphs

    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    pdf_glyphs._installed_fonts.cache_clear()
    pdf_glyphs.installed_font_shapes.cache_clear()
    try:
        return read(pdf, [1])[0]
    finally:
        pdf_glyphs._installed_fonts.cache_clear()
        pdf_glyphs.installed_font_shapes.cache_clear()


def test_word_route_sarabun_reproduces_cid_3_for_a_plain_reader(word_route_sarabun_pdf):
    import pdfplumber

    pdf, _, _ = word_route_sarabun_pdf
    with pdfplumber.open(pdf) as doc:
        assert "ม(cid:3)ตรก(cid:3)ร" in doc.pages[0].extract_text()


def test_word_route_sarabun_read_through_the_installed_font(word_route_sarabun_pdf, monkeypatch):
    pdf, tmp, font_dir = word_route_sarabun_pdf
    page = _read_with_fonts(monkeypatch, pdf, _fonts_conf(tmp, font_dir))
    assert page.kind == "text_layer"
    log = AuditLog()
    text = "\n".join(repaired(page, log))
    assert "คำนำ" in text and "มาตรการ" in text and "ตาราง" in text
    assert not _CID.search(text)
    assert any(c.rule == "unicode.sara_am" for c in log.corrections)  # ำ + stray า, logged


def test_word_route_sarabun_without_the_font_goes_to_ocr(word_route_sarabun_pdf, monkeypatch):
    pdf, tmp, _ = word_route_sarabun_pdf
    page = _read_with_fonts(monkeypatch, pdf, _fonts_conf(tmp, None))
    assert page.kind == "empty" and not page.lines
    assert any("no Unicode mapping; needs OCR" in i.sentence for i in page.issues)
