"""A document's measure numbers are decided together from what was printed."""
import pytest

from extract.measures import CONFUSABLE_DIGITS, rows_to_measures
from extract.numbering import sequence_numbers
from extract.rows import stitch_rows
from test_measures import HEADER6, table


@pytest.mark.parametrize("printed, expected", [
    ([1, 2, 3, 4], [1, 2, 3, 4]),
    ([9, 2, None, 5, 5, None], [1, 2, 3, 4, 5, 6]),  # a first ๑ read as 9 does not lead the rest
    ([1, 2, 3, 3, 5], [1, 2, 3, 4, 5]),  # a repeat is a misreading
    ([1, 6, 3], [1, 2, 3]),  # ๒ read as ๖
    ([None, None, None], [1, 2, 3]),
    ([1, 2, 4, 5], [1, 2, 4, 5]),  # a gap printed on both sides stays, for the checks to report
    ([3, 4, 5, 6], [3, 4, 5, 6]),  # a table that starts later, printed so
    ([4], [4]),
    ([1, 2, 3, 1, 2, 3], [1, 2, 3, 4, 5, 6]),  # numbers only rise
])
def test_the_likeliest_rising_sequence(printed, expected):
    assert sequence_numbers(printed, readings=CONFUSABLE_DIGITS) == expected


def test_an_optional_measure_takes_no_number_unless_it_fits():
    # a spurious empty measure between 1 and 2 does not shift the numbers after it
    assert sequence_numbers([1, None, 2, 3, 4], [False, True, False, False, False]) == [1, None, 2, 3, 4]
    # one whose printed number fits the run keeps it
    assert sequence_numbers([1, 2, 3], [False, True, False]) == [1, 2, 3]


def test_a_spurious_empty_title_does_not_shift_the_measures_after_it():
    rows = [HEADER6,
            ["๑. มาตรการแรก", "", "", "", "", ""], ["๑) ข้อหนึ่ง", "- ทำ", "กองคลัง", "ต.ค. 66", "", ""],
            ["ส่วนที่ ๒", "", "", "", "", ""],  # a bold running line read as a title row
            ["๒. มาตรการสอง", "", "", "", "", ""], ["๑) ข้อหนึ่ง", "- ทำ", "กองช่าง", "ต.ค. 66", "", ""],
            ["๓. มาตรการสาม", "", "", "", "", ""], ["๑) ข้อหนึ่ง", "- ทำ", "กองช่าง", "ต.ค. 66", "", ""]]
    spans = {(r, 0): 6 for r in (1, 3, 4, 6)}
    ms = rows_to_measures(stitch_rows([table(1, rows, spans=spans)]))
    kept = [(m.no, m.title) for m in ms if m.guidelines]
    assert kept == [(1, "มาตรการแรก"), (2, "มาตรการสอง"), (3, "มาตรการสาม")]
    assert all(m.printed_no is None for m in ms if m.guidelines)


def test_a_labelled_title_is_a_title_even_with_its_number_misread_or_the_one_before_lost():
    """First-cell titles ("มาตรการที่ ๒ …" over the measure's first guideline, rows merged
    down): a label whose number OCR could not read ("า๓" for ๒) opens the next measure,
    and so does a label whose number skips one; the label is never a guideline."""
    def rows(second: str, third: str):
        return [HEADER6,
                ["มาตรการที่ ๑ การเปิดเผยข้อมูล\n๑) เผยแพร่ข้อมูล", "๑. จัดทำคำสั่ง", "กองคลัง", "ต.ค. 66", "", ""],
                ["๒) ปรับปรุงข้อมูล", "๒. ตรวจสอบ", "", "", "", ""],
                [f"{second} การจัดการเรื่องร้องเรียน\n๑) จัดให้มีช่องทาง", "๑. จัดทำคู่มือ", "กองช่าง", "ม.ค. 67", "", ""],
                ["๒) คุ้มครองผู้ร้องเรียน", "๒. ตรวจสอบตู้", "", "", "", ""],
                [f"{third} การเปิดโอกาสให้ประชาชน", "๑. จัดประชุม", "สำนักปลัด", "ตลอดปี", "", ""]]
    misread = rows_to_measures(stitch_rows([table(1, rows("มาตรการที่ า๓", "มาตรการที่ ๓"))]))
    assert [(m.no, m.title) for m in misread] == [
        (1, "การเปิดเผยข้อมูล"), (2, "การจัดการเรื่องร้องเรียน"), (3, "การเปิดโอกาสให้ประชาชน")]
    # the second title lost in the first cell's text: the third still opens a measure
    lost = rows_to_measures(stitch_rows([table(1, rows("การดูแลเรื่อง", "มาตรการที่ ๓"))]))
    assert [m.no for m in lost] == [1, 3]


def test_a_numbered_guideline_at_the_top_of_a_page_continues_a_list_whose_first_dot_was_lost():
    """"1 กำหนด…" (OCR lost the dot of "1)") is the measure's first guideline, so the "2."
    that opens the next page's first cell is its second, not a new measure; the label
    "มาตรการที่ ๒" below it opens measure 2 even where spanning title rows elsewhere make
    first-cell titles need more proof, and its own list opens with a dotless "1" too."""
    page1 = [HEADER6,
             ["มาตรการที่ 1\nการป้องกันการใช้ทรัพย์สิน\n1 กำหนดแนวปฏิบัติการยืม", "- ออกประกาศ", "กองคลัง", "ต.ค. 66", "", ""]]
    page2 = [["2. ตรวจสอบพัสดุประจำปี", "", "", "", "ตรวจสอบแล้วเสร็จ", ""],
             ["มาตรการที่ 2 การส่งเสริมคุณธรรม\n1 เผยแพร่ประมวลจริยธรรม", "- จัดโครงการ", "สำนักปลัด", "ม.ค. 67", "", ""],
             ["3. การป้องกันผลประโยชน์ทับซ้อน", "", "", "", "", ""],
             ["1) วิเคราะห์ความเสี่ยง", "- ประชุม", "สำนักปลัด", "ก.พ. 67", "", ""]]
    ms = rows_to_measures(stitch_rows([table(1, page1), table(2, page2, spans={(2, 0): 6})]))
    assert [(m.no, m.title) for m in ms] == [
        (1, "การป้องกันการใช้ทรัพย์สิน"), (2, "การส่งเสริมคุณธรรม"), (3, "การป้องกันผลประโยชน์ทับซ้อน")]
    assert ms[0].guidelines == ("กำหนดแนวปฏิบัติการยืม", "ตรวจสอบพัสดุประจำปี")
    assert ms[1].guidelines == ("เผยแพร่ประมวลจริยธรรม",)
