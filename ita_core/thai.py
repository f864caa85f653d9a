"""Thai facts more than one stage needs, in one place: the contract's list fields, month
names, the digits OCR confuses, Unicode character classes, person titles, the words that
open a unit's name, and the OCR defaults.

The digit confusions are one table of what tesseract's Thai model was seen to read for
which printed digit. Each user takes the part it can check against something, so the
subsets below differ on purpose and are named for what they are used for:

- `DIGIT_SWAPS` (normalize.correct): symmetric look-alikes ๖/๒, ๓/๘, ๔/๕, Thai and Arabic,
  tried one at a time where a date, a year range or the fiscal year proves a reading wrong;
- `FIT_LOOKALIKES` (normalize.correct): pairs seen only with an expected value to check;
- `DATE_DIGIT_READINGS` (normalize.dates): what a read digit of a date may have been
  printed as (measured on the scanned samples: ๖ read as ๒ above all, and ๘ as ๕);
- `NUMBER_DIGIT_READINGS` (extract.measures): the same for measure numbers, where a
  misread ๐ (as ๓ or ๘) and ๔/๕ were seen too.
"""

from __future__ import annotations

# The contract's list fields of a measure (../shared/contract.md).
LIST_FIELDS = ("guidelines", "steps", "results", "outcomes")

# Month names and their abbreviations, January first.
MONTH_NAMES = (
    ("มกราคม", "ม.ค."), ("กุมภาพันธ์", "ก.พ."), ("มีนาคม", "มี.ค."), ("เมษายน", "เม.ย."),
    ("พฤษภาคม", "พ.ค."), ("มิถุนายน", "มิ.ย."), ("กรกฎาคม", "ก.ค."), ("สิงหาคม", "ส.ค."),
    ("กันยายน", "ก.ย."), ("ตุลาคม", "ต.ค."), ("พฤศจิกายน", "พ.ย."), ("ธันวาคม", "ธ.ค."),
)
MONTHS_FULL = tuple(full for full, _ in MONTH_NAMES)
MONTHS_ABBR = tuple(abbr for _, abbr in MONTH_NAMES)
MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # at most, leap years too

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"

# read → printed, digit by digit (Arabic and Thai alike)
DIGIT_SWAPS = {"๖": "๒", "๒": "๖", "๓": "๘", "๘": "๓", "๔": "๕", "๕": "๔",
               "6": "2", "2": "6", "3": "8", "8": "3", "4": "5", "5": "4"}
FIT_LOOKALIKES = frozenset({("๑", "๖"), ("๖", "๑"), ("๙", "๖")})
DATE_DIGIT_READINGS = {"2": "6", "6": "2", "3": "8", "8": "3", "5": "8"}
NUMBER_DIGIT_READINGS = {2: {6}, 6: {2}, 3: {8}, 8: {3}, 0: {3, 8}, 5: {4}, 4: {5}}

# OCR defaults: tesseract's LSTM models read body text best near 300 DPI; a page gets
# this long before it is marked and the document goes on.
OCR_DPI = 300
PAGE_TIMEOUT_SECONDS = 180.0

# Character classes of the Unicode Thai block, as bodies to put inside a regex's [...].
THAI_BLOCK = "\u0e00-\u0e7f"  # the whole block
THAI_TEXT = "\u0e01-\u0e5b"  # every assigned character: letters, marks, digits, signs
THAI_LETTERS = "\u0e01-\u0e4e"  # ก … ๎: consonants, vowels and marks, no digits
THAI_CONSONANTS = "\u0e01-\u0e2e"  # ก … ฮ
LEADING_VOWELS = "\u0e40-\u0e44"  # เ แ โ ใ ไ: written before their consonant
THAI_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"  # combining vowels, tones and signs
THAI_DIGIT_RANGE = "\u0e50-\u0e59"  # ๐ … ๙
PUA_MARKS = "\uf700-\uf71a"  # the Private Use Area forms of Thai marks in old fonts

# Person titles a name follows (regex alternatives, longest first where one starts another).
PERSON_TITLES = (r"นางสาว", r"นาง", r"นาย", r"น\.ส\.", r"ดร\.", r"ว่าที่\s*ร\.\s?ต\.",
                 r"ว่าที่ร้อยตรี", r"จ่าเอก", r"จ่าสิบเอก", r"สิบเอก", r"จ\.อ\.")
# What may open a signer's name in a memo: the titles, and stems of ranks or titles too
# short to stand for a title inside running text ("สิบ" is also ten, "ว่าที่" a word),
# with OCR's "จำเอก" for จ่าเอก. Kept apart from PERSON_TITLES on purpose: correction
# protects a name after a title, and "สิบคน" is no name (see normalize.correct.context).
SIGNER_TITLE_STEMS = (r"ว่าที่", r"จ่าสิบ", r"สิบ", r"ร\.ต\.", r"พ\.ต\.", r"จำเอก")

# Words that open the name of a responsible unit ("สำนักปลัด", "กองคลัง", "ทุกส่วนราชการ").
UNIT_PREFIXES = ("สำนัก", "กอง", "หน่วย", "งาน", "ฝ่าย", "ส่วน", "ศูนย์", "ทุกกอง", "ทุกส่วน",
                 "คณะ", "ปลัด", "รองปลัด", "นายก", "ผู้อำนวยการ", "เจ้าหน้าที่", "ทุกหน่วยงาน")
