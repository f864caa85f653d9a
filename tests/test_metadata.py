import pytest

from normalize.metadata import parse_memo, report_type, split_units


def test_memo_fields_from_the_seed_layout():
    lines = ["บันทึกข้อความ", "ส่วนราชการ หน่วยตรวจสอบภายใน", "ที่ สน ๕๘๑๐๗ / ๖๕",
             "วันที่ ๑ เมษายน ๒๕๖๗", "เรื่อง ๑. จัดทำมาตรการ", "๒. รายงานผลการดำเนินการ",
             "เรียน นายก", "จึงเรียนมาเพื่อโปรดทราบ", "(ลงชื่อ)", "(นางสาวพรทเวา โพธิงาม)",
             "นักวิชาการตรวจสอบภายในปฏิบัติการ"]
    memo = parse_memo(lines)
    assert memo.present
    assert memo.number == "สน ๕๘๑๐๗ / ๖๕"  # spacing is repaired by a logged rule later
    assert memo.date == "2024-04-01"
    assert memo.subject == "๑. จัดทำมาตรการ ๒. รายงานผลการดำเนินการ"
    assert memo.signer == "นางสาวพรทเวา โพธิงาม"
    assert memo.position == "นักวิชาการตรวจสอบภายในปฏิบัติการ"


def test_memo_labels_with_scrambled_marks_are_found():
    # LibreOffice text layers put marks out of order: ท่ ี, เร่อื ง
    memo = parse_memo(["บันทึกข้อความ", "ท่ ี สน 123/2566", "วันท่ี 3 มกราคม 2567", "เร่อื ง รายงาน", "เรียน นายก"])
    assert memo.number == "สน 123/2566"
    assert memo.date == "2024-01-03"
    assert memo.subject == "รายงาน"


def test_no_memo():
    assert not parse_memo(["รายงานผลการดำเนินการ", "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖"]).present


def test_units_split_only_between_units():
    assert split_units("สำนักปลัดและหน่วยตรวจสอบภายใน") == ["สำนักปลัด", "หน่วยตรวจสอบภายใน"]
    assert split_units("กองสาธารณสุขและสิ่งแวดล้อม") == ["กองสาธารณสุขและสิ่งแวดล้อม"]
    assert split_units("กองคลัง, กองช่าง และสำนักปลัด") == ["กองคลัง", "กองช่าง", "สำนักปลัด"]
    assert split_units("") == []


@pytest.mark.parametrize("number_line, iso", [
    # the "ที่" label misread, so "วันที่" shares a line nothing else claims
    ("Had ๕๒๕๐๑/๑๑๕                วันที ๑๘ ตุลาคม ๒๕๖๖", "2023-10-18"),
    ("มค ๕๕๕๐๑/๒๕๒                   วันที่ ๔ พฤศจิกายน ๒๕๖๗", "2024-11-04"),
    # "วันที่" itself misread: the heading's only full date
    ("i, ชร alanoe/oceo@              JUN ๑๕ ธันวาคม ๒๕๖๔", "2021-12-15"),
    ("ที่ UN ๕๑๕๐๕/๓๑๕                 TUN ๙ ตุลาคม ๒๕๖๘", "2025-10-09"),
    ("ที่ สน ๕๘๑๐๗/๖๕ วันที่ ๑ มนาคม ๒๕๖๗", "2024-03-01"),  # tone mark dropped
])
def test_memo_date_from_an_ocr_heading(number_line, iso):
    memo = parse_memo(["บนทกขอความ", "ส่วนราชการ สํานักปลัด เทศบาลตําบลนาดูน", number_line,
                       "เรือง ขออนุมัติมาตรการ ประจําปีงบประมาณ พ.ศ. ๒๕๖๘", "เรียน นายก",
                       "ตามหนังสือ ลงวันที่ ๓ มกราคม ๒๕๖๘"])
    assert memo.present and memo.date == iso


def test_a_date_in_the_memo_body_is_not_the_memo_date():
    memo = parse_memo(["บันทึกข้อความ", "ส่วนราชการ สำนักปลัด", "ที่ สน ๑๒๓/๖๗ วันที่ ๑ เมษายน ๒๕๐",
                       "เรื่อง รายงาน", "เรียน นายก", "ตามหนังสือ ลงวันที่ ๓ มกราคม ๒๕๖๗"])
    assert memo.date is None  # the year OCR cut short stays unknown


def test_report_type_from_the_title_when_results_columns_were_not_recognised():
    assert report_type(True) == "results"
    assert report_type(False, ["รายงานผลการดําเนินการตามมาตรการส่งเสริมคุณธรรม",
                               "ประจําปีงบประมาณ พ.ศ. 2566"]) == "results"
    assert report_type(False, ["มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"]) == "measures"
    assert report_type(False) == "measures"
