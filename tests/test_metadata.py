from normalize.metadata import parse_memo, split_units


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
