"""Cells → measures: header mapping, title rows, items, stitching across pages."""
import pytest

from extract.headers import header_field
from extract.list_items import split_items
from extract.measures import rows_to_measures
from extract.rows import stitch_rows
from ita_core.model import Cell, Table

HEADER6 = ["มาตรการ/แนวทางการปฏิบัติ", "ขั้นตอน/วิธีการดำเนินการ", "ผู้รับผิดชอบ",
           "ระยะเวลาดำเนินการ", "ผลการดำเนินการ", "ผลลัพธ์/ความสำเร็จ"]
HEADER4 = ["มาตรการ", "วิธีการดำเนินงาน", "หน่วยงานที่รับผิดชอบ", "ระยะเวลา"]


def table(page, rows, spans=None, spans_known=True):
    cells = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                span = (spans or {}).get((r, c), 1)
                cells.append(Cell(row=r, col=c, text=text, col_span=span))
    return Table(page=page, n_rows=len(rows), n_cols=max(len(r) for r in rows), cells=tuple(cells),
                 spans_known=spans_known)


@pytest.mark.parametrize("label, field", [
    ("ขั้นตอน/วิธีการ ดำเนินการ", "steps"), ("วิธีการดำเนินงาน", "steps"),
    ("หน่วยงานที่รับผิดชอบ", "responsible"), ("ผู้รับผิดชอบ", "responsible"),
    ("ระยะเวลา\nดำเนินการ", "period"), ("ผลการดำเนินงาน", "results"),
    ("ผลลัพธ์", "outcomes"), ("ตัวชี้วัด/ผลลัพธ์", "outcomes"), ("ลำดับ", "no"),
    ("ขัน้ตอน/วิธีการด  าเนินการ", "steps"),  # a broken text layer still maps
])
def test_header_wordings_map_to_fields(label, field):
    name, score = header_field(label)
    assert name == field and score >= 80


def test_split_items_markers_wraps_and_inline_bullets():
    text = "๑. จัดทำแผน\nต่อเนื่องบรรทัด\n๒) กำชับ\n- มีการ ก - มีการ ข\n• ข้อสุดท้าย"
    items = [t for t, _ in split_items(text)]
    assert items == ["จัดทำแผนต่อเนื่องบรรทัด", "กำชับ", "มีการ ก", "มีการ ข", "ข้อสุดท้าย"]


def test_dash_between_numbers_is_not_a_bullet():
    items = [t for t, _ in split_items("- ดำเนินการ ปี 2565 - 2568 ต่อเนื่อง")]
    assert items == ["ดำเนินการ ปี 2565 - 2568 ต่อเนื่อง"]


def test_title_as_first_paragraph_then_restarted_guidelines():
    t = table(1, [HEADER6, ["๑. กระบวนการโปร่งใส\n๑. จัดทำแผนผัง\n๒. กำชับ", "- ประชาสัมพันธ์",
                            "สำนักปลัด", "ต.ค.๖๕-ก.ย.๖๖", "- เผยแพร่", "ประชาชนรับรู้"]])
    [m] = rows_to_measures(stitch_rows([t]))
    assert (m.no, m.title) == (1, "กระบวนการโปร่งใส")
    assert m.guidelines == ("จัดทำแผนผัง", "กำชับ")
    assert m.steps == ("ประชาสัมพันธ์",) and m.results == ("เผยแพร่",)
    assert m.outcomes == ("ประชาชนรับรู้",)


def test_spanning_title_row_and_measure_over_several_rows():
    rows = [HEADER6, ["๔. กระบวนการกำกับดูแล", "", "", "", "", ""],
            ["๑. ตรวจสอบ", "- ทำคำสั่ง", "สำนักปลัด", "ต.ค.๖๕-ก.ย.๖๖", "- ได้จัดทำ", "รับรู้"],
            ["๒. กำชับ", "- ทำหนังสือ", "", "", "", ""],
            ["๓. เสริมสร้าง", "", "", "", "", ""]]
    t = table(1, rows, spans={(1, 0): 6})
    [m] = rows_to_measures(stitch_rows([t]))
    assert (m.no, m.title) == (4, "กระบวนการกำกับดูแล")
    assert m.guidelines == ("ตรวจสอบ", "กำชับ", "เสริมสร้าง")
    assert m.steps == ("ทำคำสั่ง", "ทำหนังสือ")


def test_lone_title_row_without_span_information():
    # text exports lose colspans: "๖.title\t\t\t\t\t"; a guideline "๓." alone is not a title
    rows = [HEADER6, ["๖.กระบวนการควบคุม", "", "", "", "", ""],
            ["๑. กำหนดนโยบาย", "- ประกาศ", "สำนักปลัด", "ต.ค.๖๕-ก.ย.๖๖", "- ประกาศแล้ว", "โปร่งใส"],
            ["๒. ผู้บังคับบัญชา", "", "", "", "", ""],
            ["๓. ประเมินผล", "", "", "", "", ""],
            ["๗. กลไกป้องกัน", "", "", "", "", ""],
            ["๑. กำหนดนโยบายงาน", "- จัดทำแผน", "สำนักปลัด", "ต.ค.๖๕-ก.ย.๖๖", "- ประกาศใช้", "รับรู้"]]
    ms = rows_to_measures(stitch_rows([table(1, rows, spans_known=False)]))
    assert [(m.no, m.title) for m in ms] == [(6, "กระบวนการควบคุม"), (7, "กลไกป้องกัน")]
    assert ms[0].guidelines == ("กำหนดนโยบาย", "ผู้บังคับบัญชา", "ประเมินผล")


def test_with_spans_known_a_lone_first_cell_is_never_a_title():
    # OCR misreads ๓ as ๕: in a ruled table a real title row would span the columns
    rows = [HEADER6, ["๔. กระบวนการกำกับ", "", "", "", "", ""],
            ["๑. ตรวจสอบ", "- ทำคำสั่ง", "สำนักปลัด", "ต.ค.๖๕-ก.ย.๖๖", "- ได้จัดทำ", "รับรู้"],
            ["๒. กำชับ", "- ทำหนังสือ", "", "", "", ""],
            ["๕. เสริมสร้างจิตสำนึก", "", "", "", "", ""]]
    ms = rows_to_measures(stitch_rows([table(1, rows, spans={(1, 0): 6})]))
    assert len(ms) == 1 and ms[0].guidelines[-1] == "เสริมสร้างจิตสำนึก"


def test_next_guideline_alone_is_not_the_next_measure():
    rows = [HEADER4, ["๑. การเปิดเผยข้อมูล\n๑. เผยแพร่ข้อมูล", "- ประกาศ", "สำนักปลัด", "ตลอดปีงบประมาณ"],
            ["๒. ปรับปรุงเว็บไซต์", "", "", ""],
            ["๓. อบรม", "", "", ""]]
    ms = rows_to_measures(stitch_rows([table(1, rows)]))
    assert len(ms) == 1
    assert ms[0].guidelines == ("เผยแพร่ข้อมูล", "ปรับปรุงเว็บไซต์", "อบรม")


def test_row_split_by_page_break_is_joined_and_repeated_header_dropped():
    p1 = table(1, [HEADER4, ["มาตรการที่ 1 การป้องกันการทุจริต", "", "", ""],
                   ["1. จัดทำแผนป้องกัน", "- ประชุมคณะทำงาน\n- จัดทำร่างแผน", "สำนักปลัด", "ต.ค. - ธ.ค."]],
               spans={(1, 0): 4})
    p2 = table(2, [HEADER4, ["การทุจริตประจำปี", "และเสนอผู้บริหาร", "", ""],
                   ["2. เผยแพร่แผน", "- ประกาศบนเว็บไซต์", "", ""]])
    [m] = rows_to_measures(stitch_rows([p1, p2]))
    assert m.title == "การป้องกันการทุจริต" and m.no == 1
    assert m.guidelines == ("จัดทำแผนป้องกันการทุจริตประจำปี", "เผยแพร่แผน")
    assert m.steps == ("ประชุมคณะทำงาน", "จัดทำร่างแผนและเสนอผู้บริหาร", "ประกาศบนเว็บไซต์")
    assert m.pages == (1, 2)


def test_continuation_page_without_repeated_header_uses_the_last_header():
    p1 = table(1, [HEADER4, ["๑. มาตรการแรก\n๑. ข้อหนึ่ง", "- ทำ", "กองคลัง", "ไตรมาส ๑"]])
    p2 = table(2, [["๒. มาตรการสอง\n๑. ข้อสอง", "- ทำอีก", "กองช่าง", "ไตรมาส ๒"]])
    ms = rows_to_measures(stitch_rows([p1, p2]))
    assert [(m.no, m.title, m.responsible) for m in ms] == [
        (1, "มาตรการแรก", "กองคลัง"), (2, "มาตรการสอง", "กองช่าง")]


def test_index_column_gives_the_number():
    header = ["ลำดับ"] + HEADER4
    rows = [header, ["1", "การเปิดเผยข้อมูล\n1) เผยแพร่ข้อมูล", "- ประกาศ", "สำนักปลัด", "ตลอดปีงบประมาณ"],
            ["2", "การรับสินบน\n1) ประกาศนโยบาย", "- ประชุม", "กองคลัง", "ม.ค. - มี.ค. 2566"]]
    ms = rows_to_measures(stitch_rows([table(1, rows)]))
    assert [(m.no, m.title, m.guidelines) for m in ms] == [
        (1, "การเปิดเผยข้อมูล", ("เผยแพร่ข้อมูล",)), (2, "การรับสินบน", ("ประกาศนโยบาย",))]


def test_table_that_is_not_a_measure_table_gives_nothing():
    t = table(1, [["ชื่อ", "ที่อยู่", "โทรศัพท์"], ["นาย ก", "บ้าน", "0812345678"]])
    assert rows_to_measures(stitch_rows([t])) == []


def test_ocr_title_row_cut_by_a_phantom_rule_and_misread_numbers():
    # OCR: '๖' read as '๒', '๗' as 'al.', and a title row split into two cells
    t = Table(page=1, n_rows=5, n_cols=6, cells=(
        *(Cell(row=0, col=c, text=h) for c, h in enumerate(HEADER6)),
        Cell(row=1, col=0, text="๒.กระบวนการควบคุมตรวจสอบการใช้อำ"),
        Cell(row=1, col=1, text="นาจและการบริหารงานบุคคล", col_span=5),
        Cell(row=2, col=0, text="๑. กำหนดนโยบาย"), Cell(row=2, col=1, text="- ประกาศ"),
        Cell(row=3, col=0, text="al. กลไกป้องกันการทุจริต", col_span=6),
        Cell(row=4, col=0, text="๑. กำหนดแนวทาง"), Cell(row=4, col=1, text="- จัดทำแผน"),
    ))
    before = table(1, [HEADER6, ["๔. มาตรการสี่", "", "", "", "", ""], ["๑. ข้อแรก", "", "", "", "", ""],
                       ["๕. มาตรการห้า", "", "", "", "", ""], ["๑. ข้อหนึ่ง", "", "", "", "", ""]],
                   spans={(1, 0): 6, (3, 0): 6})
    assert [m.no for m in rows_to_measures(stitch_rows([before]))] == [4, 5]
    ms = rows_to_measures(stitch_rows([before, t]))
    assert [(m.no, m.title) for m in ms] == [
        (4, "มาตรการสี่"), (5, "มาตรการห้า"),
        (6, "กระบวนการควบคุมตรวจสอบการใช้อำนาจและการบริหารงานบุคคล"), (7, "กลไกป้องกันการทุจริต")]
    ms = ms[1:]
    assert ms[1].guidelines == ("กำหนดนโยบาย",) and ms[2].steps == ("จัดทำแผน",)


def test_a_printed_number_that_skips_ahead_is_kept():
    from extract.measures import plausible_number
    assert plausible_number(9, 3, 2) == 9  # a report may skip numbers; 9 is not a misread 3
    assert plausible_number(2, 6, 5) == 6  # ๒ for ๖
    assert plausible_number(None, 4, 3) == 4


def test_documents_with_spanning_title_rows_never_take_a_numbered_cell_for_a_title():
    # OCR read guideline ๓ as ๕ (the next measure's number); the report sets its titles
    # as spanning rows, so a numbered first cell is a guideline
    rows = [HEADER6, ["๔. กระบวนการกำกับ", "", "", "", "", ""],
            ["๑. ตรวจสอบ", "- ทำคำสั่ง", "สำนักปลัด", "ต.ค.๖๕-ก.ย.๖๖", "- ได้จัดทำ", "รับรู้"],
            ["๕. เสริมสร้างจิตสำนึก", "- กำหนดหลักเกณฑ์", "", "", "", ""]]
    ms = rows_to_measures(stitch_rows([table(1, rows, spans={(1, 0): 6})]))
    assert [m.no for m in ms] == [4]
    assert ms[0].guidelines == ("ตรวจสอบ", "เสริมสร้างจิตสำนึก")


# ---- what OCR does to list markers and headers ----------------------------------------

def test_ocr_marker_misreads_open_items():
    # "๒." read as "๒,", bullets read as "+", "»." or a lone dot
    items = [t for t, _ in split_items("๑. จัดทำแผน\n๒, กำชับ\nต่อบรรทัด")]
    assert items == ["จัดทำแผน", "กำชับต่อบรรทัด"]
    items = [t for t, _ in split_items("+ บุคลากรได้รับ\nการพัฒนา\n». ผลคะแนน\n. ประชาชน")]
    assert items == ["บุคลากรได้รับการพัฒนา", "ผลคะแนน", "ประชาชน"]
    # a comma inside a number is no marker
    assert [t for t, _ in split_items("2,500 บาท")] == ["2,500 บาท"]


def test_bare_digits_are_markers_only_where_the_cell_proves_it():
    # bullets read as "๑": every one is "๑", the first line has one
    assert [t for t, _ in split_items("๑ ประชุมคณะทำงาน\nเพื่อวิเคราะห์\n๑ จัดทำแผน")] == [
        "ประชุมคณะทำงานเพื่อวิเคราะห์", "จัดทำแผน"]
    # numbers that lost their dots, in sequence
    assert [t for t, _ in split_items("๑ จัดทำ\n๒ แจ้ง")] == ["จัดทำ", "แจ้ง"]
    # a wrapped line that starts with a number, inside a dotted list, stays text
    assert [t for t, _ in split_items("1. จัดทำแผนพัฒนาบุคลากร\n3 ปี และติดตามผล")] == [
        "จัดทำแผนพัฒนาบุคลากร 3 ปี และติดตามผล"]
    # a cell that does not open on a bare digit keeps them as text
    assert [t for t, _ in split_items("จัดอบรม\n2 ครั้ง")] == ["จัดอบรม 2 ครั้ง"]


def test_dotless_title_number_needs_restarting_items():
    rows = [HEADER6,
            ["1. การเปิดเผยข้อมูล\n1. เผยแพร่ข้อมูล", "- ทำ", "สำนักปลัด", "ต.ค.65", "- ได้", "ดี"],
            ["2 การจัดการเรื่องร้องเรียน\n1. จัดช่องทาง", "- ทำ", "กองคลัง", "ต.ค.65", "- ได้", "ดี"]]
    ms = rows_to_measures(stitch_rows([table(1, rows)]))
    assert [(m.no, m.title) for m in ms] == [(1, "การเปิดเผยข้อมูล"), (2, "การจัดการเรื่องร้องเรียน")]
    # without the restart, "2 …" is text of the current measure's guideline list
    rows[2][0] = "2 ครั้งต่อปี"
    ms = rows_to_measures(stitch_rows([table(1, rows)]))
    assert len(ms) == 1


def test_two_row_header_whose_upper_row_already_reads_as_a_header():
    # "ผลการดำเนินงาน" spans the two result columns but the grid cut it in two
    rows = [["มาตรการ/แนวทางการปฏิบัติ", "ขั้นตอน/วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลา",
             "ผลการดำ", "เนินงาน"],
            ["", "", "", "", "ผลการดำเนินการ", "ผลลัพธ์/ความสำเร็จ"],
            ["1. การเปิดเผยข้อมูล\n1. เผยแพร่", "- ทำ", "สำนักปลัด", "ต.ค.65", "- ได้ผล", "ดีขึ้น"]]
    [m] = rows_to_measures(stitch_rows([table(1, rows)]))
    assert m.results == ("ได้ผล",) and m.outcomes == ("ดีขึ้น",)


def test_two_row_header_with_a_label_ocr_could_not_read():
    # the 014 layout: "การดำเนินการ" over steps and responsible, a narrow หมายเหตุ cut in
    # two by the grid and read as Latin noise in both rows
    rows = [["มาตรการ/แนวทางการปฏิบัติ", "0 0", "การดำเนินการ", "", "ระยะเวลาดำเนินการ"],
            ["", "VIN IID ivy", "ขั้นตอน/วิธีการดำเนินการ", "ผู้รับผิดชอบ", ""],
            ["1. การเปิดเผยข้อมูล\n1. เผยแพร่", "ดำเนินการแล้ว", "- ประชาสัมพันธ์", "กองคลัง", "ต.ค.65"]]
    [m] = rows_to_measures(stitch_rows([table(1, rows, spans={(0, 2): 2})]))
    assert m.steps == ("ประชาสัมพันธ์",) and m.responsible == "กองคลัง" and not m.results


def test_a_header_row_below_a_group_row_reads_with_the_label_tops_above_it():
    # "การดำเนินการตามมาตรการ" over two columns; "ระยะเวลา" over "ดำเนินการ" where the grid
    # cut a rowspan cell in two: the lower row alone reads as a header, with "ดำเนินการ"
    # taken for results; stacked on the row above it reads as period
    rows = [["การดำเนินการตามมาตรการ", "", "", "ระยะเวลา"],
            ["มาตรการ/แนวทางการปฏิบัติ", "ขั้นตอน/วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ดำเนินการ"],
            ["1. การเปิดเผยข้อมูล\n1. เผยแพร่", "- ประชาสัมพันธ์", "กองคลัง", "ต.ค.65"]]
    [m] = rows_to_measures(stitch_rows([table(1, rows, spans={(0, 0): 2})]))
    assert m.period.text == "ต.ค.65" and not m.results


def test_a_two_row_header_with_a_mangled_label_in_its_upper_row_is_still_read():
    # the upper row names responsible and period; one of its labels OCR mangled ("vu
    # ประมา cu" for งบประมาณ) so it reads as no fragment of a header, and the lower row
    # names two columns only: stacked, the two rows are the header
    rows = [["ลำดับ", "การดำเนินการตามมาตรการ", "", "ผู้รับผิดชอบ", "vu\nประมา\ncu", "ระยะเวลา\nดำเนินการ"],
            ["", "มาตรการ/แนวทางการปฏิบัติ", "ขั้นตอน/วิธีการดำเนินการ", "", "", ""],
            ["1", "การส่งเสริมคุณธรรม\n1. เปิดโอกาส", "- จัดประชุม", "สำนักปลัด", "10,000", "ต.ค.65"],
            ["2", "การป้องกันผลประโยชน์ทับซ้อน\n1. จัดทำคู่มือ", "- เผยแพร่", "กองคลัง", "", "ม.ค.66"]]
    ms = rows_to_measures(stitch_rows([table(1, rows, spans={(0, 1): 2})]))
    assert [(m.no, m.title, m.responsible, m.period.text) for m in ms] == [
        (1, "การส่งเสริมคุณธรรม", "สำนักปลัด", "ต.ค.65"),
        (2, "การป้องกันผลประโยชน์ทับซ้อน", "กองคลัง", "ม.ค.66")]
    assert ms[0].steps == ("จัดประชุม",)


def test_title_row_cut_into_spanning_pieces_is_rejoined():
    rows = [HEADER6, ["มาตรการที่ ๓ การป้องกันผลประโยชน์ทับซ่", "", "อน", "", "", ""],
            ["๑. จัดทำคู่มือ", "- ทำ", "สำนักปลัด", "ไตรมาส ๒", "- ได้", "ดี"]]
    [m] = rows_to_measures(stitch_rows([table(1, rows, spans={(1, 0): 2, (1, 2): 4})]))
    assert (m.no, m.title) == (3, "การป้องกันผลประโยชน์ทับซ่อน")  # the OCR text, rejoined
    assert m.guidelines == ("จัดทำคู่มือ",)


def test_index_cell_ocr_could_not_read_still_opens_the_next_measure():
    rows = [["ที่", "มาตรการ/แนวทางการปฏิบัติ", "ขั้นตอน/วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลา"],
            ["๑", "การป้องกันสินบน\n๑. ประกาศนโยบาย", "- ลงนาม", "สำนักปลัด", "ไตรมาส ๒"],
            ["", "๒. ประชาสัมพันธ์", "- จัดทำป้าย", "", ""],
            ["lo", "การพัฒนาบุคคล\n๑. ประกาศ", "- จัดทำ", "กองการศึกษา", "ต.ค.๖๔"],
            ["", "lo. เปิดเผยผล", "- สรุปผล", "", ""]]
    ms = rows_to_measures(stitch_rows([table(1, rows)]))
    assert [m.no for m in ms] == [1, 2]
    # with an index column, "lo. เปิดเผยผล" (an OCR'd "๒.") is a guideline, not a title
    assert len(ms[1].guidelines) == 2


def test_an_index_digit_read_as_thai_letters_opens_the_next_measure_where_its_row_opens_like_one():
    # ๖ read as "เว": two Thai letters in the index cell, and the row's first cell opens
    # with a title; the same letters beside a guideline ("๒. …") are no index
    rows = [["ที่", "มาตรการ/แนวทางการปฏิบัติ", "ขั้นตอน/วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลา"],
            ["๕", "การบริหารบุคคล\n๑. ประกาศ", "- จัดทำ", "สำนักปลัด", "ต.ค.๖๔"],
            ["เว", "การป้องกันผลประโยชน์ทับซ้อน\n๑. ให้ความรู้", "- อบรม", "กองคลัง", "ม.ค.๖๕"],
            ["ว", "๒. จัดทำคู่มือ", "- เผยแพร่", "", ""]]
    ms = rows_to_measures(stitch_rows([table(1, rows)]))
    assert [(m.no, m.title) for m in ms] == [(5, "การบริหารบุคคล"), (6, "การป้องกันผลประโยชน์ทับซ้อน")]
    assert ms[1].guidelines == ("ให้ความรู้", "จัดทำคู่มือ")


def test_numbered_row_with_its_own_unit_and_period_is_the_next_measure():
    # measure 1's last guideline is 1, so "2. …" could be its next guideline; a row with
    # its own unit and period says it is measure 2
    rows = [HEADER6,
            ["1. การส่งเสริมคุณธรรม\n1. เผยแพร่", "- ทำ", "สำนักปลัด",
             "ม.ค. ๖๘", "- ได้", "ดี"],
            ["2. มาตรการป้องกันการรับสินบน", "- ลงนาม", "ทุกส่วนราชการ", "ตามความเหมาะสม", "- ได้", "ดี"]]
    ms = rows_to_measures(stitch_rows([table(1, rows)]))
    assert [m.no for m in ms] == [1, 2] and ms[1].title == "มาตรการป้องกันการรับสินบน"


def test_guideline_row_without_unit_or_period_stays_in_its_measure():
    rows = [HEADER6,
            ["1. การจัดซื้อจัดจ้าง\n1. จัดทำแผน", "- ประกาศ", "กองคลัง", "ต.ค.65", "- ได้", "ดี"],
            ["2. เปิดเผยผล", "- สรุป", "", "", "- ได้", ""]]
    [m] = rows_to_measures(stitch_rows([table(1, rows)]))
    assert m.guidelines == ("จัดทำแผน", "เปิดเผยผล")


def test_ocr_dust_in_the_period_cell_is_no_unit_of_its_own():
    # a stamp or scribble read as "My" in the period column of guideline 3 (held-out s10):
    # guideline 3 stays in measure 2, it does not become a measure titled by its text
    rows = [HEADER6,
            ["1. การจัดซื้อจัดจ้าง\n1. จัดทำแผน", "- ประกาศ", "กองคลัง", "ต.ค.65", "- ได้", "ดี"],
            ["2. การบริหารบุคคล\n1. ประกาศนโยบาย", "- จัดทำ", "งานบุคคล", "ต.ค.65", "- ได้", "ดี"],
            ["2. ประเมินผล", "- แจ้ง", "", "", "- ได้", ""],
            ["3. จัดทำแผนพัฒนาบุคลากร", "- จัดทำแผน", "", "My", "กห", ""]]
    ms = rows_to_measures(stitch_rows([table(1, rows)]))
    assert [m.no for m in ms] == [1, 2]
    assert ms[1].guidelines == ("ประกาศนโยบาย", "ประเมินผล", "จัดทำแผนพัฒนาบุคลากร")


def test_title_then_list_opening_on_a_bare_one():
    rows = [HEADER6, ["1. การส่งเสริมคุณธรรมและ\nจริยธรรมของบุคลากร\n1 เผยแพร่ประมวล\n2. จัดกิจกรรม",
                      "- ทำ", "สำนักปลัด", "ม.ค. ๖๘", "- ได้", "ดี"]]
    [m] = rows_to_measures(stitch_rows([table(1, rows)]))
    assert m.title == "การส่งเสริมคุณธรรมและจริยธรรมของบุคลากร"
    assert m.guidelines == ("เผยแพร่ประมวล", "จัดกิจกรรม")


def test_title_row_cut_where_the_header_has_no_column_boundary():
    # header cells span columns 0–1 and 3–4; the title's pieces start inside them
    rows = [["มาตรการ/แนวทางการปฏิบัติ", "", "ขั้นตอน/วิธีการดำเนินการ", "รับผินชอบ", "", "ระยะเวลา"],
            ["lo. การประเมินความเสี่", "ยงการท", "จริตและการบริหาร", "", "ยง", ""],
            ["๑) ประเมินความเสี่ยง", "", "- แต่งตั้ง\nคณะทำงาน", "หน่วยตรวจสอบภายใน", "", "ไตรมาส ๒"]]
    spans = {(0, 0): 2, (0, 3): 2, (1, 2): 2, (1, 4): 2, (2, 0): 2, (2, 3): 2}
    [m] = rows_to_measures(stitch_rows([table(1, rows, spans=spans)]))
    assert m.title == "การประเมินความเสี่ยงการทจริตและการบริหารยง"
    assert m.responsible == "หน่วยตรวจสอบภายใน"  # a mangled header label still maps
    assert m.guidelines == ("ประเมินความเสี่ยง",)


def test_first_guideline_whose_number_ocr_could_not_read():
    # "©." for ๑. opens the list after a wrapped title; "la." for ๒. opens an item
    rows = [HEADER6, ["๑. กระบวนการปฏิบัติงานที่โปร่งใส\nและมีประสิทธิภาพ\n©. จัดทำแผนผัง\n๒. กำชับ",
                      "- ทำ", "สำนักปลัด", "ต.ค.65", "- ได้", "ดี"]]
    [m] = rows_to_measures(stitch_rows([table(1, rows)]))
    assert m.title == "กระบวนการปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพ"
    assert m.guidelines == ("จัดทำแผนผัง", "กำชับ")
    rows = [HEADER6, ["๑. การนำผลการประเมิน", "", "", "", "", ""],
            ["๑. วิเคราะห์ผล\nประจำปี\nla. กำหนดแนวทาง", "- ประชุม", "สำนักปลัด", "ม.ค.", "- ได้", "ดี"]]
    [m] = rows_to_measures(stitch_rows([table(1, rows, spans={(1, 0): 6})]))
    assert m.title == "การนำผลการประเมิน"
    assert m.guidelines == ("วิเคราะห์ผลประจำปี", "กำหนดแนวทาง")


def test_header_repeated_on_the_next_page_keeps_columns_ocr_garbled_there():
    page1 = [HEADER6, ["1. การเปิดเผยข้อมูล\n1. เผยแพร่", "- ทำ", "สำนักปลัด", "ต.ค.65", "- ได้", "ดี"]]
    garbled = list(HEADER6)
    garbled[2] = "ผิรเชอน"  # too garbled to read as a label on its own
    page2 = [garbled, ["2. การจัดซื้อ\n1. จัดทำแผน", "- ประกาศ", "กองคลัง", "ต.ค.65", "- ได้", "ดี"]]
    ms = rows_to_measures(stitch_rows([table(1, page1), table(2, page2)]))
    assert [m.responsible for m in ms] == ["สำนักปลัด", "กองคลัง"]


def _boxed(page, rows, widths, spans=None):
    """A table whose cells carry boxes: column c spans widths[c] units."""
    from ita_core.model import BBox

    edges = [0]
    for w in widths:
        edges.append(edges[-1] + w)
    cells = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            span = (spans or {}).get((r, c), 1)
            if text or span > 1:
                cells.append(Cell(row=r, col=c, text=text, col_span=span,
                                  bbox=BBox(edges[c], r * 10, edges[c + span], r * 10 + 10)))
    return Table(page=page, n_rows=len(rows), n_cols=len(widths), cells=tuple(cells))


def test_continuation_page_without_header_in_another_column_set():
    # page 1 has a phantom seventh column; page 2 has no header and six columns
    header = HEADER6[:1] + [""] + HEADER6[1:]
    page1 = _boxed(1, [header, ["๑. การเปิดเผย\n๑. เผยแพร่", "", "- ทำ", "สำนักปลัด", "ต.ค.", "- ได้", "ดี"]],
                   [25, 5, 20, 10, 10, 15, 15])
    page2 = _boxed(2, [["๒. การป้องกัน", "", "", "", "", ""],
                       ["๑. กำหนด", "- ประกาศ", "กองคลัง", "ไตรมาส ๑", "- ได้ประกาศ", "ไม่พบ"]],
                   [30, 20, 10, 10, 15, 15], spans={(0, 0): 6})
    ms = rows_to_measures(stitch_rows([page1, page2]))
    assert [m.no for m in ms] == [1, 2]
    assert ms[1].responsible == "กองคลัง" and ms[1].results == ("ได้ประกาศ",)
    assert ms[1].steps == ("ประกาศ",) and ms[1].outcomes == ("ไม่พบ",)


def test_narrow_first_column_with_a_garbled_short_label_is_the_index():
    header = ["al\nท", "มาตรการ/แนวทางการปฏิบัติ", "ขั้นตอน/วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลา"]
    rows = [header,
            ["๑", "การป้องกันสินบน\n๑. ประกาศ", "- ลงนาม", "สำนักปลัด", "ไตรมาส ๒"],
            ["", "๒. ประชาสัมพันธ์", "- ป้าย", "", ""],
            ["๒", "การพัฒนาบุคคล\n๑. ประกาศ", "- จัดทำ", "กองการศึกษา", "ต.ค.๖๔"]]
    ms = rows_to_measures(stitch_rows([_boxed(1, rows, [6, 36, 30, 15, 13])]))
    assert [(m.no, m.title) for m in ms] == [(1, "การป้องกันสินบน"), (2, "การพัฒนาบุคคล")]
    # a wide first column with a short unknown label is no index
    ms = rows_to_measures(stitch_rows([_boxed(1, rows, [30, 30, 20, 10, 10])]))
    assert len(ms) == 1


def test_title_row_cut_along_the_header_columns_inside_a_word():
    # the grid took Thai strokes for column rules: the pieces line up with the header
    header = ["มาตรการ/แนวทางการปฏิบัติ", "", "ขั้นตอน/วิธีการดำเนินการ", "รับผิดชอบ", "", "ระยะเวลา"]
    rows = [header,
            ["๑. มาตรการป้องกันการรับสินบ", "", "นและการไม่รับของขวัญ", "No Gift Pol", "", "cy)"],
            ["๑) ประกาศนโยบาย", "", "- ลงนาม", "สำนักปลัด", "", "ต.ค.๖๕-ก.ย.๖๖"]]
    spans = {(0, 0): 2, (0, 3): 2, (1, 0): 2, (1, 3): 2, (2, 0): 2, (2, 3): 2}
    [m] = rows_to_measures(stitch_rows([table(1, rows, spans=spans)]))
    assert m.title.startswith("มาตรการป้องกันการรับสินบนและการไม่รับของขวัญ")
    assert m.guidelines == ("ประกาศนโยบาย",) and m.responsible == "สำนักปลัด"


def test_data_row_of_single_lines_is_no_title():
    rows = [HEADER6, ["๑. การจัดซื้อ\n๑. จัดทำแผน", "- ทำ", "กองคลัง", "ต.ค.65", "- ได้", "ดี"],
            ["๒. จัดทำประกาศ", "- ประกาศ", "", "", "ได้ประกาศ", "โปร่งใส"]]
    [m] = rows_to_measures(stitch_rows([table(1, rows)]))
    assert m.guidelines == ("จัดทำแผน", "จัดทำประกาศ")


def test_bold_title_rows_between_one_guideline_rows():
    """Horizontal rules only: title rows do not span, but their type is bold (issue 9)."""
    rows = [HEADER4, ["๑. การเปิดเผยข้อมูล", "", "", ""],
            ["เผยแพร่ข้อมูลข่าวสาร", "ประกาศ", "สำนักปลัด", "ต.ค. ๖๕"],
            ["ปรับปรุงเว็บไซต์", "ประกาศ", "สำนักปลัด", "ต.ค. ๖๕"],
            ["๒. การใช้อำนาจ", "", "", ""],
            ["ประกาศเจตนารมณ์", "จัดประชุม", "กองคลัง", "ม.ค. ๖๖"]]
    t = table(1, rows)
    bold_rows = {0, 1, 4}
    t = Table(page=1, n_rows=t.n_rows, n_cols=t.n_cols, cells=tuple(
        Cell(c.row, c.col, c.text, c.row_span, c.col_span, bold=c.row in bold_rows) for c in t.cells))
    ms = rows_to_measures(stitch_rows([t]))
    assert [(m.no, m.title, m.guidelines) for m in ms] == [
        (1, "การเปิดเผยข้อมูล", ("เผยแพร่ข้อมูลข่าวสาร", "ปรับปรุงเว็บไซต์")),
        (2, "การใช้อำนาจ", ("ประกาศเจตนารมณ์",))]
    # the same rows with no font weight known: no row is taken for a title by style
    assert len(rows_to_measures(stitch_rows([table(1, rows)]))) == 1


def test_unlabelled_first_column_of_numbers_is_the_index():
    rows = [["", "มาตรการ", "วิธีการดำเนินงาน", "หน่วยงานที่รับผิดชอบ", "ระยะเวลา"],
            ["๑", "การเปิดเผยข้อมูล", "๑. ประกาศ\n๒. เผยแพร่", "สำนักปลัด", "ต.ค. ๖๕"],
            ["๒", "การใช้อำนาจ", "๑. จัดประชุม", "กองคลัง", "ม.ค. ๖๖"]]
    ms = rows_to_measures(stitch_rows([table(1, rows)]))
    assert [(m.no, m.title, m.steps) for m in ms] == [
        (1, "การเปิดเผยข้อมูล", ("ประกาศ", "เผยแพร่")), (2, "การใช้อำนาจ", ("จัดประชุม",))]


def test_group_labels_over_a_repeated_header_are_not_a_title_row():
    # a two-row header repeated on each page: "การดำเนินการตามมาตรการ" over two columns
    # and "ผลการ" wrapped over the results column sit above the labels; on page 2 (a
    # mapping already known) they once read as a title row cut by column rules, and made
    # an empty measure the numbering then skipped
    group = ["การดำเนินการตามมาตรการ", "", "", "", "ผลการ", ""]
    p1 = table(1, [group, HEADER6, ["มาตรการที่ 1 การป้องกันการทุจริต\n1) จัดทำแผน", "1. ประชุม", "กองคลัง",
                                    "ไตรมาส 1", "- ทำแล้ว", "ดีขึ้น"]], spans={(0, 0): 2})
    p2 = table(2, [group, HEADER6, ["มาตรการที่ 2 การเปิดเผยข้อมูล\n1) เผยแพร่", "1. ประกาศ", "กองช่าง",
                                    "ไตรมาส 2", "- เผยแพร่แล้ว", "โปร่งใส"]], spans={(0, 0): 2})
    ms = rows_to_measures(stitch_rows([p1, p2]))
    assert [(m.no, m.title) for m in ms] == [(1, "การป้องกันการทุจริต"), (2, "การเปิดเผยข้อมูล")]
    assert ms[1].guidelines == ("เผยแพร่",)


def test_a_bold_numbered_cell_alone_is_a_title_in_a_document_of_spanning_title_rows():
    # two title forms mixed: measure 1 a bold row spanning the table, measure 2 the bold
    # first paragraph of its row's first cell, its first guideline cut to the next page
    rows = [HEADER4, ["1. การจัดการเรื่องร้องเรียน", "", "", ""],
            ["1) กำหนดขั้นตอน", "- จัดทำคู่มือ", "กองคลัง", "ไตรมาส 1"],
            ["2) คุ้มครองผู้ร้องเรียน", "- รายงานผล", "", ""],
            ["2. การเปิดเผยข้อมูลต่อสาธารณะ", "- จัดทำคำสั่ง", "สำนักปลัด", "ต.ค. 67"]]
    bold = {(1, 0), (4, 0)}
    cells = tuple(Cell(row=r, col=c, text=t, col_span=4 if (r, c) == (1, 0) else 1, bold=(r, c) in bold)
                  for r, row in enumerate(rows) for c, t in enumerate(row) if t)
    p1 = Table(page=1, n_rows=len(rows), n_cols=4, cells=cells)
    p2 = table(2, [HEADER4, ["1) เผยแพร่ข้อมูลพื้นฐาน", "- ตรวจสอบ", "", ""]])
    ms = rows_to_measures(stitch_rows([p1, p2]))
    assert [(m.no, m.title) for m in ms] == [(1, "การจัดการเรื่องร้องเรียน"), (2, "การเปิดเผยข้อมูลต่อสาธารณะ")]
    assert ms[0].guidelines == ("กำหนดขั้นตอน", "คุ้มครองผู้ร้องเรียน")
    assert ms[1].guidelines == ("เผยแพร่ข้อมูลพื้นฐาน",)


def test_a_wrapped_line_starting_with_a_bare_number_is_no_restarted_list():
    # "2. ปรับปรุงข้อมูลข่าวสาร…อย่างน้อยเดือนละ" / "1 ครั้ง": the bare "1" ends the
    # sentence; read as a list restarting at 1 it made guideline 2 the next measure's title
    rows = [HEADER4, ["มาตรการที่ 1 การเปิดเผยข้อมูล\n1. เผยแพร่ข้อมูลพื้นฐาน", "- จัดทำคำสั่ง", "กองคลัง", "ไตรมาส 1"],
            ["2. ปรับปรุงข้อมูลข่าวสารให้เป็นปัจจุบันอย่างน้อยเดือนละ\n1 ครั้ง", "- ตรวจสอบ", "", ""]]
    [m] = rows_to_measures(stitch_rows([table(1, rows)]))
    assert m.guidelines == ("เผยแพร่ข้อมูลพื้นฐาน", "ปรับปรุงข้อมูลข่าวสารให้เป็นปัจจุบันอย่างน้อยเดือนละ 1 ครั้ง")


def test_a_wrapped_line_closing_a_bracket_is_no_item():
    # "(แบบ สขร.1)" wrapped before "1)": not a restarted list that makes the first
    # guideline a title
    rows = [HEADER6, ["มาตรการที่ 1 การส่งเสริมความโปร่งใส", "", "", "", "", ""],
            ["1) เปิดเผยผลการจัดซื้อจัดจ้าง (แบบ สขร.\n1) ให้ประชาชนตรวจสอบได้\n2) วิเคราะห์ผล",
             "- ประกาศ", "กองคลัง", "ต.ค. 66", "", ""]]
    [m] = rows_to_measures(stitch_rows([table(1, rows, spans={(1, 0): 6})]))
    assert m.title == "การส่งเสริมความโปร่งใส"
    assert m.guidelines == ("เปิดเผยผลการจัดซื้อจัดจ้าง (แบบ สขร. 1) ให้ประชาชนตรวจสอบได้", "วิเคราะห์ผล")


def test_a_title_row_the_page_break_cut_goes_on_in_the_next_pages_first_row():
    # Word let the spanning title row split: "(No Gift Policy)" opens the next page
    p1 = table(1, [HEADER4, ["มาตรการที่ ๑ การประเมินความเสี่ยง", "", "", ""],
                   ["๑) ประเมินความเสี่ยง", "๑. แต่งตั้งคณะทำงาน", "สำนักปลัด", "ต.ค. ๒๕๖๕"],
                   ["มาตรการที่ ๒ มาตรการป้องกันการรับสินบนและการไม่รับของขวัญ", "", "", ""]],
               spans={(1, 0): 4, (3, 0): 4})
    p2 = table(2, [["(No Gift Policy)", "", "", ""],
                   ["๑) ประกาศนโยบายไม่รับของขวัญ", "๑. ผู้บริหารลงนาม", "งานบริหารงานบุคคล", "ต่อเนื่อง"]],
               spans={(0, 0): 4})
    measures = rows_to_measures(stitch_rows([p1, p2]))
    assert [m.no for m in measures] == [1, 2]
    assert measures[1].title == "มาตรการป้องกันการรับสินบนและการไม่รับของขวัญ (No Gift Policy)"
    assert measures[1].guidelines == ("ประกาศนโยบายไม่รับของขวัญ",)
    # a numbered title opening the next page is a measure of its own
    p3 = table(2, [["มาตรการที่ ๓ การเปิดเผยข้อมูล", "", "", ""],
                   ["๑) เผยแพร่ข้อมูล", "๑. จัดทำ", "กองคลัง", "ต.ค."]], spans={(0, 0): 4})
    assert [m.no for m in rows_to_measures(stitch_rows([p1, p3]))] == [1, 2, 3]


def test_a_restarted_list_whose_first_number_ocr_misread_still_makes_a_title():
    # one measure a grid row, its title the first paragraph: OCR read the guidelines'
    # "๑." as "9.", so the restart shows only in "๒." after it, or in a first item that
    # cannot continue the title's number
    rows = [HEADER4,
            ["๑. มาตรการป้องกันการใช้ทรัพย์สิน\n9. กำหนดแนวปฏิบัติ\n๒. ตรวจสอบพัสดุ", "- ออกประกาศ", "กองคลัง", "ต.ค. 65"],
            ["๒. การนำผลการประเมิน ITA ไปปรับปรุง\n9. วิเคราะห์ผลการประเมิน", "- ประชุม", "สำนักปลัด", "ม.ค. 66"]]
    ms = rows_to_measures(stitch_rows([table(1, rows)]))
    assert [(m.no, m.title) for m in ms] == [(1, "มาตรการป้องกันการใช้ทรัพย์สิน"),
                                             (2, "การนำผลการประเมิน ITA ไปปรับปรุง")]
    assert ms[1].guidelines == ("วิเคราะห์ผลการประเมิน",)
    # a guideline list that goes on from the row before is no title
    rows[2][0] = "๓. จัดทำรายงาน\n๔. เผยแพร่"
    [m] = rows_to_measures(stitch_rows([table(1, rows)]))
    assert len(m.guidelines) == 4


def test_an_index_column_cut_in_two_by_its_unread_label_still_numbers_the_measures():
    """OCR read a narrow "ลำดับ" wrapped as "ลำดั" / "บ" as two junk labels ("a", "า บ"),
    so the header names no index column; the one narrow column left of the named ones
    that holds only a number is the index, and each number opens its measure."""
    header = ["a", "า\nบ"] + HEADER6
    rows = [header,
            ["", "๑", "การนำผลการประเมินไปปรับปรุง\n๑) วิเคราะห์ผล\n๒) กำหนดแนวทาง", "- จัดทำรายงาน",
             "สำนักปลัด", "ตลอดปี", "- เผยแพร่", "ได้คะแนน"],
            ["", "๒", "การบริหารทรัพยากรบุคคล\n๑) ประเมินผล", "- จัดทำประกาศ",
             "สำนักปลัด", "ม.ค. ๖๗", "- เผยแพร่", "ไม่มีข้อร้องเรียน"]]
    ms = rows_to_measures(stitch_rows([table(1, rows, spans_known=False)]))
    assert [(m.no, m.title) for m in ms] == [(1, "การนำผลการประเมินไปปรับปรุง"), (2, "การบริหารทรัพยากรบุคคล")]
    assert ms[0].guidelines == ("วิเคราะห์ผล", "กำหนดแนวทาง")
