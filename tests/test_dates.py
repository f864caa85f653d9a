import pytest

from normalize.dates import fiscal_year_range, find_fiscal_year, parse_period, parse_thai_date


@pytest.mark.parametrize("text, start, end", [
    ("ต.ค.๖๕-ก.ย.๖๖", "2022-10", "2023-09"),
    ("ต.ค. ๖๕-ก.ย. ๖๖", "2022-10", "2023-09"),
    ("ตุลาคม ๒๕๖๕ - กันยายน ๒๕๖๖", "2022-10", "2023-09"),
    ("ตลอดปีงบประมาณ", "2022-10", "2023-09"),
    ("ตลอดปีงบประมาณ ๒๕๖๗", "2023-10", "2024-09"),
    ("ม.ค. - มี.ค. ๒๕๖๖", "2023-01", "2023-03"),
    ("1 ต.ค. 2566 – 30 ก.ย. 2567", "2023-10", "2024-09"),
    ("ไตรมาส ๒", "2023-01", "2023-03"),
    ("ไตรมาสที่ 1", "2022-10", "2022-12"),
    ("ต.ค. - ธ.ค.", "2022-10", "2022-12"),
    ("พ.ย.65 - ก.พ.66", "2022-11", "2023-02"),
])
def test_periods_to_common_era_months(text, start, end):
    span = parse_period(text, fiscal_year=2566)
    assert (span.start, span.end) == (start, end)


@pytest.mark.parametrize("text", ["ตามความเหมาะสม", "", "ทุกครั้งที่มีการประชุม"])
def test_unknown_period_is_null_not_guessed(text):
    span = parse_period(text, fiscal_year=2566)
    assert (span.start, span.end) == (None, None)


def test_whole_year_without_known_fiscal_year_is_null():
    assert parse_period("ตลอดปีงบประมาณ").start is None


def test_fiscal_year_range():
    assert fiscal_year_range(2566) == ("2022-10", "2023-09")


@pytest.mark.parametrize("text, iso", [
    ("วันที่ ๑ เมษายน ๒๕๖๗", "2024-04-01"),
    ("๓ ต.ค. ๒๕๖๕", "2022-10-03"),
    ("15 กุมภาพันธ์ 2566", "2023-02-15"),
    ("31 กุมภาพันธ์ 2567", None),  # no such day
    ("เมษายน ๒๕๖๗", None),  # no day: not a full date
])
def test_thai_dates(text, iso):
    assert parse_thai_date(text) == iso


def test_fiscal_year_is_the_most_cited():
    lines = ["ประจำปีงบประมาณ พ.ศ. ๒๕๖๖", "ปีงบประมาณ พ.ศ. ๒๕๖๕-๒๕๖๘", "ประจำปีงบประมาณ พ.ศ.๒๕๖๖"]
    assert find_fiscal_year(lines) == 2566
    assert find_fiscal_year(["ไม่มีปี"]) is None


def test_fiscal_year_from_periods_alone():
    assert find_fiscal_year([], ["ต.ค.๖๕-ก.ย.๖๖"]) == 2566


def test_ocr_misread_years_are_settled_by_the_unambiguous_evidence():
    # tesseract reads ๖ as ๒: '๒๕๒๒' could be 2562 or 2566, but 'ต.ค.๒๕' can only be 2565
    lines = ["ประจำปีงบประมาณ พ.ศ. ๒๕๒๒"] * 4
    assert find_fiscal_year(lines, ["ต.ค.๒๕-ก.ย.๒๒"] * 2) == 2566
    assert find_fiscal_year(lines) is None  # a tie is not evidence


def test_a_correct_year_is_never_reinterpreted():
    assert find_fiscal_year(["ประจำปีงบประมาณ พ.ศ. 2562"], ["ต.ค. 61 - ก.ย. 62"]) == 2562


@pytest.mark.parametrize("text, iso", [
    ("๑๕ มนาคม ๒๕๖๖", "2023-03-15"),  # tone mark dropped by OCR
    ("วันที ๔ พฤศจกายน ๒๕๖๗", "2024-11-04"),
    ("๒ พฤศจิกายน ๒๕๖๖", "2023-11-02"),
    ("๑ เมษายน ๒๕๐", None),  # a year OCR cut short is no year
    ("๑ เมษายน ๒๕๒๒๐", None),  # nor is a five-digit misreading
    ("i, ชร alanoe/oceo@ JUN ๑๕ ธันวาคม ๒๕๖๔", "2021-12-15"),
])
def test_thai_dates_as_ocr_leaves_them(text, iso):
    assert parse_thai_date(text) == iso


@pytest.mark.parametrize("text, start, end", [
    ("ต.ค.๖๕-ก.ุย. ๖๖", "2022-10", "2023-09"),  # a stray mark inside the abbreviation
    ("ตุลาคม ๒๕๖๕ - กนยายน ๒๕๖๖", "2022-10", "2023-09"),
    ("มี.ค. - มิ.ย. ๒๕๖๖", "2023-03", "2023-06"),  # มี.ค. keeps its mark: not ม.ค.
])
def test_periods_as_ocr_leaves_them(text, start, end):
    span = parse_period(text, fiscal_year=2566)
    assert (span.start, span.end) == (start, end)


@pytest.mark.parametrize("line", [
    "ประจําปีงบประมาณ พ.ศ. ๒๕๖๘", ". ไปประจําปงบประมาณ WA. ๒๕๖๘",  # ี lost, พ.ศ. read as WA.
    "งาน ประจําปิ่งบประมาณ wa. ๒๕๖๘", "ประจำปีงบประมาณ พ.ศ.2568",
])
def test_fiscal_year_label_as_ocr_leaves_it(line):
    assert find_fiscal_year([line]) == 2568


def test_a_five_digit_misreading_is_no_evidence():
    assert find_fiscal_year(["ประจําปีงบประมาณ พ.ศ. ๒๕๒๐๒๐"]) is None


def test_eight_read_as_five_leaves_the_year_open_until_other_evidence_settles_it():
    title = ["ประจําปีงบประมาณ พ.ศ. ๒๕๒๕"]  # ๒๕๖๕ or ๒๕๖๘ as tesseract reads them
    assert find_fiscal_year(title) is None
    assert find_fiscal_year(title + ["ปีงบประมาณ พ.ศ. ๒๕๖๘"]) == 2568


def test_memo_date_breaks_a_tie_between_readings():
    title = ["ประจําปีงบประมาณ พ.ศ. ๒๕๒๕"]
    assert find_fiscal_year(title, memo_date="2024-11-04") == 2568  # sent in FY 2568
    assert find_fiscal_year(title, memo_date="2021-12-15") == 2565
    assert find_fiscal_year(title, memo_date="2019-01-10") is None  # agrees with neither


@pytest.mark.parametrize("text, start, end", [
    ("พฤศจิกายนธันวาคม 2564", "2021-11", "2021-12"),  # the dash lost
    ("เม.ย, มิ.ย. 2565", "2022-04", "2022-06"),  # the dash read as a comma
    ("ตุลาคม 2565 =กันยายน 2566", "2022-10", "2023-09"),  # … or as "="
    ("ตลอดบีงบประมาณ 2568", "2024-10", "2025-09"),  # ป read as บ
])
def test_periods_as_ocr_leaves_them(text, start, end):
    p = parse_period(text, fiscal_year=2566)
    assert (p.start, p.end) == (start, end)


@pytest.mark.parametrize("text, start, end", [
    ("ต.ค. ๖๕-A.W. ๖๖", "2022-10", None),
    ("A.A, ๖๕-ก.ย. ๖๖", None, "2023-09"),
    ("1 ต.ค. 2566 -30 fel. 2567", "2023-10", None),
])
def test_the_end_of_a_range_ocr_garbled_stays_unknown(text, start, end):
    p = parse_period(text, fiscal_year=2566)
    assert (p.start, p.end) == (start, end)


def test_a_single_month_is_both_ends():
    p = parse_period("ภายในเดือน ธ.ค. 2565")
    assert (p.start, p.end) == ("2022-12", "2022-12")
