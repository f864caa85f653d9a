"""Born-digital PDF text layer: glyph reading, tables with spans, quality, typed errors.

Fixtures are small WeasyPrint/LibreOffice PDFs made by tests/data/pdf/make_fixtures.py
from HTML whose cell texts are in the `.truth.json` beside each PDF.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from extract.errors import CorruptPdfError, ExtractError, NotAPdfError, PasswordProtectedError
from ita_core.model import IssueCode
from extract.pdf import page_count, read_text_layer_pages, text_layer_quality
from extract.pdf_glyphs import installed_font_shapes
from extract.pdf_settings import PdfSettings, QUALITY_THRESHOLD
from normalize.rules import AuditLog, apply_rules
from normalize.thai_unicode import UNICODE_RULES

DATA = Path(__file__).parent / "data" / "pdf"
WEASY_FONTS = ["garuda", "loma", "norasi", "kinnari", "sawasdee", "tlwg_typo", "umpush", "waree",
               "laksaman"]
CER_GOAL = 0.002


def _pages(name: str):
    return list(read_text_layer_pages(DATA / f"{name}.pdf"))


def _repair(text: str) -> str:
    return apply_rules(text, UNICODE_RULES, where="test", log=AuditLog())


def _cells(page) -> dict[tuple[int, int], object]:
    (table,) = page.tables
    return {(c.row, c.col): c for c in table.cells}


def cell_cer(name: str, *, ignore_wraps: bool = False, lines: bool = True) -> float:
    """Character error rate of repaired cell and line text against the fixture's source.
    `ignore_wraps`: the renderer wrapped lines the HTML did not (LibreOffice), so line
    breaks inside a cell are not counted; `lines=False` scores the table cells only."""
    truth = json.loads((DATA / f"{name}.truth.json").read_text())
    pages = [p for p in _pages(name) if p.kind == "text_layer"]
    cells = {(c.row, c.col): c.text for p in pages for t in p.tables for c in t.cells}
    page_lines = [line for p in pages for line in p.lines] if lines else []
    errors = total = 0
    for cell in truth["cells"]:
        got = _repair(cells.get((cell["row"], cell["col"]), ""))
        if ignore_wraps:
            got = got.replace("\n", "")
            cell = dict(cell, text=cell["text"].replace("\n", ""))
        errors += Levenshtein.distance(got, cell["text"])
        total += len(cell["text"])
    got_lines = "\n".join(_repair(line) for line in page_lines)
    want_lines = "\n".join(truth["lines"]) if lines else ""
    errors += Levenshtein.distance(got_lines, want_lines)
    total += len(want_lines)
    return errors / total


@pytest.mark.parametrize("font", WEASY_FONTS)
def test_weasyprint_cell_text_matches_source_in_every_tlwg_font(font):
    assert cell_cer(f"weasy_{font}") <= CER_GOAL


def test_sara_am_split_by_text_layer():
    # WeasyPrint maps the sara aa glyph to "ำ" when ำ is seen first: ตา must not read ตำ.
    page = _pages("weasy_garuda")[0]
    cells = _cells(page)
    assert _repair(cells[(4, 0)].text) == "๕. ปี่ ฟ้า ตำบล ผู้นำ"
    assert "\u0e4d\u0e32" in cells[(4, 0)].text  # extraction reads, the rule repairs
    assert _repair(page.lines[1]) == "ส่วนราชการ หน่วยตรวจสอบภายใน เทศบาลตำบลนาม่อง"


def test_marks_out_of_order_weasyprint():
    cells = _cells(_pages("weasy_norasi")[0])
    assert _repair(cells[(0, 1)].text) == "ขั้นตอน/วิธีการดำเนินการ"
    assert _repair(cells[(3, 0)].text) == "๔. น้ำใจของลูกจ้างเพื่อประชาชน"
    assert _repair(cells[(0, 2)].text) == "ผู้รับผิดชอบ"


def test_sara_am_doubled_by_libreoffice():
    pages = [p for p in _pages("libreoffice_garuda") if p.kind == "text_layer"]
    raw = "\n".join(pages[0].lines)
    assert "ตำาบล" in raw
    assert "เทศบาลตำบลนาม่อง" in _repair(raw)


def test_libreoffice_marks_read_by_glyph_shape():
    # LibreOffice's ToUnicode swaps the sara uu glyph and the lowered mai tho glyph
    # (ล้กจูาง); each glyph's side of the baseline in the embedded font settles it.
    cells = _cells([p for p in _pages("libreoffice_garuda") if p.kind == "text_layer"][0])
    assert _repair(cells[(3, 0)].text).replace("\n", "") == "๔. น้ำใจของลูกจ้างเพื่อประชาชน"
    assert _repair(cells[(2, 1)].text) == "- ประชาสัมพันธ์ให้ผู้มารับบริการ\n- ติดตั้งไว้ในจุดที่เห็นได้ชัด"
    # Its HTML import drops the first paragraph, so only the table is scored.
    assert cell_cer("libreoffice_garuda", ignore_wraps=True, lines=False) <= CER_GOAL


def test_spanning_title_row_is_one_cell():
    page = _pages("weasy_garuda")[0]
    (table,) = page.tables
    assert (table.n_rows, table.n_cols) == (5, 4)
    title = [c for c in table.cells if c.row == 1]
    assert len(title) == 1
    assert title[0].col_span == 4 and title[0].col == 0
    assert _repair(title[0].text) == "๑. กระบวนการปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพ"


def test_row_spanning_cell_is_one_cell_with_its_lines():
    cells = _cells(_pages("weasy_loma")[0])
    responsible = cells[(3, 2)]
    assert responsible.row_span == 2 and responsible.col_span == 1
    assert _repair(responsible.text) == "กองคลัง\nกองช่าง"
    assert (4, 2) not in cells


def test_cell_lines_joined_by_newline():
    cells = _cells(_pages("weasy_waree")[0])
    assert _repair(cells[(2, 0)].text).split("\n") == [
        "๑. จัดทำแผนผังขั้นตอน", "๒. กำชับให้เจ้าหน้าที่ทุกคน", "๓. ส่งเสริมจิตสำนึกที่ดี"]


def test_cell_bbox_in_points_from_top_left():
    page = _pages("weasy_garuda")[0]
    (table,) = page.tables
    header = _cells(page)[(0, 0)]
    title = _cells(page)[(1, 0)]
    assert header.bbox.unit == "pt" and header.bbox.origin.value == "topleft"
    assert header.bbox.y1 <= title.bbox.y0 + 1  # the header is above the title row
    assert 0 < table.bbox.x0 < table.bbox.x1 <= 842  # A4 landscape width in points


def test_text_outside_tables_in_reading_order():
    page = _pages("weasy_sawasdee")[0]
    assert [_repair(line) for line in page.lines] == [
        "บันทึกข้อความ", "ส่วนราชการ หน่วยตรวจสอบภายใน เทศบาลตำบลนาม่อง", "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖"]


def test_table_without_ruling_lines():
    page = _pages("weasy_unruled")[0]
    (table,) = page.tables
    assert (table.n_rows, table.n_cols) == (4, 4)
    cells = _cells(page)
    assert _repair(cells[(0, 3)].text) == "ระยะเวลา"
    assert _repair(cells[(1, 1)].text) == "- ประชาสัมพันธ์ให้ผู้มารับบริการ\n- ติดตั้งไว้ในจุดที่เห็นได้ชัด"
    assert _repair(cells[(2, 2)].text) == "กองคลัง\nกองช่าง"
    assert (3, 2) not in cells
    assert len(page.lines) == 3


def test_blank_page_is_empty_and_asks_for_ocr():
    pages = _pages("libreoffice_garuda")
    blank = [p for p in pages if p.kind == "empty"]
    assert blank and [i.sentence for i in blank[0].issues] == [
        f"page {blank[0].number}: text layer missing or unreadable; needs OCR"]
    assert [i.code for i in blank[0].issues] == [IssueCode.NEEDS_OCR]


def test_text_layer_quality_separates_thai_from_garbage():
    good = "๑. จัดทำแผนผังขั้นตอนและระยะเวลาการปฏิบัติงานของแต่ละภารกิจ"
    assert text_layer_quality(good) > 0.9
    assert text_layer_quality("(cid:12)(cid:55)(cid:3)(cid:91) \ufffd\ufffd") < QUALITY_THRESHOLD
    assert text_layer_quality("ก่ี้ ัา ข่ื ค ู ง่ิ จ์ ฉ๊ ช๋") < QUALITY_THRESHOLD
    assert text_layer_quality("") == 0.0
    # Repairable shifted marks do not count against a page.
    assert text_layer_quality("ผ\uf70bูรับผิดชอบ ส\uf70aวนราชการ") > 0.9


def test_page_count_and_streaming():
    assert page_count(DATA / "weasy_garuda.pdf") == 1
    assert page_count(DATA / "libreoffice_garuda.pdf") == len(_pages("libreoffice_garuda"))
    pages = read_text_layer_pages(DATA / "weasy_garuda.pdf")
    assert next(pages).number == 1
    assert next(pages, None) is None


def test_password_protected_pdf_error():
    with pytest.raises(PasswordProtectedError) as err:
        list(read_text_layer_pages(DATA / "password.pdf"))
    assert str(err.value) == PasswordProtectedError.message
    assert isinstance(err.value, ExtractError)


def test_page_count_agrees_with_the_reader_and_keeps_its_typed_errors():
    """`page_count` counts with pdfium; the reader (pdfminer) must see as many pages, and
    a file pdfium cannot open gets the reader's own typed error."""
    from extract.pdf import check_page_count, open_pdf

    pdfs = sorted(DATA.glob("*.pdf"))
    counted = 0
    for path in pdfs:
        try:
            with open_pdf(path) as pdf:
                expected = len(pdf.pages)
        except ExtractError as err:
            with pytest.raises(type(err)):
                page_count(path)
            continue
        assert page_count(path) == expected, path.name
        counted += 1
    assert counted >= 5
    with pytest.raises(PasswordProtectedError):
        page_count(DATA / "password.pdf")
    with open_pdf(DATA / "libreoffice_garuda.pdf") as pdf:
        check_page_count(pdf, len(pdf.pages), "x.pdf")
        check_page_count(pdf, 0, "x.pdf")  # not planned: nothing to check
        with pytest.raises(CorruptPdfError, match="reads as"):
            check_page_count(pdf, len(pdf.pages) + 1, "x.pdf")


def test_not_a_pdf_error():
    with pytest.raises(NotAPdfError):
        page_count(DATA / "not_a_pdf.pdf")


def test_truncated_pdf_is_corrupt_error():
    with pytest.raises(CorruptPdfError):
        list(read_text_layer_pages(DATA / "truncated.pdf"))


@pytest.mark.parametrize("bad", [dict(space_gap_em=0), dict(line_overlap=1.5), dict(min_columns=1),
                                 dict(quality_threshold=2), dict(column_gap_em=0.1)])
def test_settings_are_validated(bad):
    with pytest.raises(ValueError):
        PdfSettings(**bad)


def test_fixtures_are_small():
    for pdf in DATA.glob("*.pdf"):
        assert pdf.stat().st_size < 40_000, pdf.name


def test_table_with_horizontal_rules_only():
    page = _pages("weasy_hrules")[0]
    (table,) = page.tables
    assert (table.n_rows, table.n_cols) == (4, 4)
    cells = _cells(page)
    assert _repair(cells[(2, 2)].text) == "กองคลัง\nกองช่าง"
    assert _repair(cells[(3, 0)].text) == "๕. ปี่ ฟ้า ตำบล ผู้นำ"
    assert cell_cer("weasy_hrules") <= CER_GOAL


def test_row_cut_by_page_break_stays_in_the_table():
    # Rows of nine items run over A5 page breaks: no cell line may fall out into page text.
    truth = json.loads((DATA / "weasy_pagebreak.truth.json").read_text())
    pages = _pages("weasy_pagebreak")
    assert len(pages) > 2
    assert [_repair(line) for p in pages for line in p.lines] == truth["lines"]
    steps = "\n".join(_repair(c.text) for p in pages for t in p.tables for c in t.cells if c.col == 1)
    assert steps.replace("\n", "").replace(" ", "") == (
        "".join(truth["items"]) * truth["rows"]).replace(" ", "")


def test_garbled_text_layer_goes_to_ocr():
    # A ToUnicode that reads Thai glyphs as Latin-1 letters (legacy-encoded fonts).
    (page,) = _pages("garbled_tounicode")
    assert page.kind == "empty" and page.tables == () and page.lines == ()
    assert needs_ocr(page) == ["page 1: text layer missing or unreadable; needs OCR"]


def test_latin_text_layer_is_readable():
    assert text_layer_quality("Integrity and Transparency Assessment (ITA) 2023, page 4") > 0.9


def test_rotated_page_reads_upright():
    # /Rotate 90 turns the page for display; its text is upright in the page's own space.
    (page,) = _pages("rotated")
    assert page.kind == "text_layer"
    assert _cells(page)[(1, 0)].col_span == 4
    assert [_repair(line) for line in page.lines][0] == "บันทึกข้อความ"


def test_letter_spacing_does_not_split_words():
    # Letters spread 0.3 em apart (distributed justification) stay one word; two words
    # placed apart with no space glyph between them still get their space.
    (page,) = _pages("weasy_letter_spacing")
    assert [_repair(line) for line in page.lines] == [
        "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ เทศบาลตำบลนาม่อง", "ผู้รับผิดชอบ สำนักปลัด"]


def _mark_font(glyph_boxes: dict[str, tuple[int, int]]) -> bytes:
    """A tiny TrueType font: glyph name → (yMin, yMax) of a box outline; codes 1.. in order."""
    import io

    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    names = [".notdef"] + list(glyph_boxes)
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({})
    glyphs = {}
    for name in names:
        pen = TTGlyphPen(None)
        y0, y1 = glyph_boxes.get(name, (0, 500))
        pen.moveTo((50, y0)); pen.lineTo((50, y1)); pen.lineTo((250, y1)); pen.lineTo((250, y0))
        pen.closePath()
        glyphs[name] = pen.glyph()
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics({n: (300, 50) for n in names})
    builder.setupHorizontalHeader(ascent=900, descent=-300)
    builder.setupOS2()
    builder.setupPost()
    font = builder.font
    from fontTools.ttLib.tables._c_m_a_p import cmap_format_4
    table = cmap_format_4(4)
    table.platformID, table.platEncID, table.language = 1, 0, 0
    table.cmap = {code: name for code, name in enumerate(names[1:], start=1)}
    font["cmap"].tables = [table]
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def test_swapped_below_vowel_and_tone_read_by_shape():
    from extract.pdf_glyphs import shape_swaps

    # code 1 claims sara uu but is drawn above the line; code 2 claims mai tho, drawn below.
    font = _mark_font({"a": (680, 970), "b": (-310, -40), "c": (-310, -40), "d": (990, 1200)})
    claims = {1: "\u0e39", 2: "\u0e49", 3: "\u0e38", 4: "\u0e48"}
    assert shape_swaps(font, claims) == {1: "\u0e49", 2: "\u0e39"}
    assert shape_swaps(font, {3: "\u0e38", 4: "\u0e48"}) == {}  # consistent: nothing to do


def test_lone_glyph_drawn_below_read_by_elimination():
    from extract.pdf_glyphs import shape_swaps

    font = _mark_font({"a": (-300, -50), "b": (-300, -50), "c": (-300, -220)})
    # A sara u glyph is known; a glyph as tall that claims mai tho is sara uu.
    assert shape_swaps(font, {1: "\u0e38", 2: "\u0e49"}) == {2: "\u0e39"}
    # A dot-sized one is not (it could be phinthu): left as the PDF says.
    assert shape_swaps(font, {1: "\u0e38", 3: "\u0e49"}) == {}


def test_word_overflowing_narrow_column_stays_in_its_cell():
    # งบประมาณ๒๕๖๘ is wider than its 2 cm column and is drawn over the next cell's text.
    (page,) = _pages("weasy_overflow")
    cells = _cells(page)
    assert cells[(1, 0)].text == "งบประมาณ๒๕๖๘"
    assert cells[(1, 1)].text == "ตลอดปี"


def test_fake_bold_drawn_twice_reads_once():
    (page,) = _pages("weasy_fake_bold")
    assert [_repair(line) for line in page.lines] == ["ส่วนราชการ หน่วยตรวจสอบภายใน เทศบาลตำบลนาม่อง"]


def test_sideways_text_is_reported_not_mixed_in():
    (page,) = _pages("weasy_sideways")
    assert [_repair(line) for line in page.lines] == ["ประจำปีงบประมาณ พ.ศ. ๒๕๖๖"]
    assert page.warnings == ("page 1: 12 characters of sideways text not read",)


SAMPLES = Path(__file__).parent.parent / "samples"


@pytest.mark.parametrize("name", ["s05-nadun-measures-2568", "s08-dontan-results-2568",
                                  "lo01-khamphaung-results-2566"])
def test_sample_report_text_matches_truth(name):
    # One report per table strategy: horizontal rules only, unruled, LibreOffice ruled.
    import importlib.util

    truth_path = SAMPLES / "truth" / f"{name}.json"
    pdfs = [p for d in ("pdf", "lo") for p in (SAMPLES / d).glob(f"{name}.pdf")]
    if not truth_path.exists() or not pdfs:
        pytest.skip("samples/ not generated")
    spec = importlib.util.spec_from_file_location("measure_cer", DATA / "measure_cer.py")
    measure = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(measure)
    truth = json.loads(truth_path.read_text())
    assert measure.cer_against(measure.ours(pdfs[0]), measure.truth_strings(truth)) <= CER_GOAL


def test_scanned_page_with_typed_page_number_goes_to_ocr():
    # Mixed PDFs: a scanned page whose only text is a page number added digitally.
    (page,) = _pages("scan_with_page_number")
    assert page.kind == "empty"
    assert needs_ocr(page) == ["page 1: scanned image with little text; needs OCR"]


def test_owner_password_only_pdf_reads():
    # Restrictions without a user password: readable, not a password error.
    (page,) = _pages("owner_password_only")
    assert page.kind == "text_layer" and _cells(page)[(1, 0)].col_span == 4


def test_page_frame_is_not_a_table():
    # A border around the whole page encloses the memo lines and the table.
    (page,) = _pages("weasy_framed")
    (table,) = page.tables
    assert (table.n_rows, table.n_cols) == (5, 4)
    assert len(page.lines) == 3
    assert cell_cer("weasy_framed") <= CER_GOAL


def test_damaged_page_content_goes_to_ocr(monkeypatch):
    # Fault injection: the parser fails inside one page; the page is marked, not raised.
    import extract.pdf as pdf_module
    from pdfminer.psparser import PSSyntaxError

    def broken(chars):
        raise PSSyntaxError("unexpected token")

    monkeypatch.setattr(pdf_module, "chars_to_glyphs", broken)
    (page,) = _pages("weasy_garuda")
    assert page.kind == "empty"
    assert needs_ocr(page) == ["page 1: text layer damaged (PSSyntaxError); needs OCR"]


def test_a_bug_in_our_own_code_is_raised_not_called_damage(monkeypatch):
    # A TypeError raised by our code (not by pdfminer) must surface, not become "needs OCR".
    import extract.pdf as pdf_module

    def buggy(chars):
        raise TypeError("our bug")

    monkeypatch.setattr(pdf_module, "chars_to_glyphs", buggy)
    with pytest.raises(TypeError, match="our bug"):
        _pages("weasy_garuda")


def needs_ocr(page) -> list[str]:
    """The page's needs-OCR issues, as the sentences the corpus's warnings show."""
    assert page.warnings == ()
    return [i.sentence for i in page.issues if i.code == IssueCode.NEEDS_OCR]


def test_symbol_font_text_is_repairable_not_garbage():
    # Word bullets and symbol-encoded Thai (TIS-620 bytes at U+F0xx) are fixed by `pua`.
    assert text_layer_quality("\uf0b7 \uf0a1\uf0d2\uf0c3\uf0b4\uf0d3\uf0e0\uf0b9\uf0d4\uf0b9\uf0a1\uf0d2\uf0c3") >= QUALITY_THRESHOLD
    assert text_layer_quality("\ue123\ue456\ue789 \ue001\ue002") < QUALITY_THRESHOLD


def test_signature_boxes_are_not_a_table():
    (page,) = _pages("weasy_signature_boxes")
    assert page.tables == ()
    assert [_repair(line) for line in page.lines] == [
        "จึงเรียนมาเพื่อโปรดทราบ", "ความเห็นของปลัดเทศบาล คำสั่งนายกเทศมนตรี", "(ลงชื่อ) (ลงชื่อ)"]


def test_marks_toUnicode_gives_one_text_are_read_by_their_glyphs_in_the_installed_font():
    # A Word-route page in Loma: LibreOffice's ToUnicode gives the glyphs of ุ, ู and ่
    # all the text ่ (บ่คลากร, ท่ก). The swap rule cannot pair three glyphs; each glyph drawn
    # below the line is read by its outline in the installed font (fonts-thai-tlwg's Loma).
    if not installed_font_shapes("Loma"):
        pytest.skip("the TLWG Loma font is not installed (Debian fonts-thai-tlwg)")
    page = next(read_text_layer_pages(DATA / "word_route_loma_marks.pdf"))
    text = "\n".join(page.lines) + "\n".join(c.text for t in page.tables for c in t.cells)
    assert "บุคลากร" in text and "ทุก" in text
    assert "บ่คลากร" not in text and "ท่ก" not in text
