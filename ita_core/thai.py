"""Thai facts more than one stage needs, in one place: the contract's list fields, month
names, the digits OCR confuses, and the OCR defaults.

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
