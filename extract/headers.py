"""Header vocabulary: which contract field a table's header cell names.

`HEADER_LABELS` holds the wordings seen in ITA reports per field; `header_field` scores a
cell against them by fuzzy matching (OCR noise and small wording changes still map),
`header_fields` maps a whole header row (column → field) or says it is no header, and
`_header_fragment` / `_fragment_fields` read the rows of a header set on two rows. Used
by the row stitcher (`extract.rows`), the structure engine (`extract.table_header`,
`extract.structure`) and the OCR path (`extract.ocr`).
"""

from __future__ import annotations

import re
from functools import lru_cache
import unicodedata
from typing import Sequence

from rapidfuzz import fuzz

from ita_core.thai import THAI_CONSONANTS

FIELDS = ("no", "guidelines", "steps", "responsible", "period", "results", "outcomes")

# Header wordings seen in ITA reports, per contract field. Matching is fuzzy, so OCR noise
# and small wording changes still map; the lists only need one representative per family.
HEADER_LABELS: dict[str, tuple[str, ...]] = {
    "no": ("ลำดับ", "ลำดับที่", "ที่", "ข้อ"),
    "guidelines": ("มาตรการ/แนวทางการปฏิบัติ", "มาตรการ", "แนวทางการปฏิบัติ", "มาตรการ/แนวทาง",
                   "มาตรการส่งเสริมคุณธรรม", "แนวทาง/มาตรการ", "มาตรการ/กิจกรรม", "ประเด็น/มาตรการ",
                   "แนวทางการดำเนินการ"),
    "steps": ("ขั้นตอน/วิธีการดำเนินการ", "วิธีการดำเนินงาน", "ขั้นตอนการดำเนินการ",
              "วิธีการดำเนินการ", "ขั้นตอน/วิธีการ", "ขั้นตอนการดำเนินงาน", "วิธีการ", "กิจกรรม/วิธีการ"),
    "responsible": ("ผู้รับผิดชอบ", "หน่วยงานที่รับผิดชอบ", "หน่วยงานรับผิดชอบ", "ผู้รับผิดชอบหลัก",
                    "หน่วยงาน/ผู้รับผิดชอบ"),
    "period": ("ระยะเวลาดำเนินการ", "ระยะเวลา", "ระยะเวลาการดำเนินการ", "ห้วงเวลา",
               "ช่วงเวลาดำเนินการ", "กำหนดเวลา"),
    "results": ("ผลการดำเนินการ", "ผลการดำเนินงาน", "ผลการปฏิบัติงาน", "ผลการดำเนินการ/กิจกรรม",
                "ผลการดำเนินการตามมาตรการ"),
    "outcomes": ("ผลลัพธ์/ความสำเร็จ", "ผลลัพธ์", "ตัวชี้วัด/ผลลัพธ์", "ผลสัมฤทธิ์", "ความสำเร็จ",
                 "ผลลัพธ์ที่ได้", "ตัวชี้วัด"),
    # columns the contract has no field for: known, so a header that has them still reads
    # as a header, and their cells go nowhere
    "budget": ("งบประมาณ", "งบประมาณ (บาท)", "งบประมาณที่ใช้"),
    "note": ("หมายเหตุ",),
}
HEADER_MIN_SCORE = 80.0
HEADER_LOOSE_SCORE = 65.0  # the other cells of a row already known to be a header
HEADER_MIN_FIELDS = 3  # a row is a header when this many cells name distinct fields
THAI_LETTER_RX = re.compile(f"[{THAI_CONSONANTS}]")


@lru_cache(maxsize=8192)  # a pure function; most calls are on the same few header labels
def _label_key(text: str) -> str:
    """A comparison key for header labels; the corpus text itself is repaired in normalize."""
    text = unicodedata.normalize("NFC", text).replace("\u0e4d\u0e32", "\u0e33")
    text = re.sub("[\uf700-\uf71a\u200b-\u200d]", "", text)  # PUA shifted marks, zero-width
    return re.sub(r"[\s/().,:\-]+", "", text)


@lru_cache(maxsize=16384)  # pure; the same cells are asked about by several readings of a page
def field_scores(text: str, *, prefix: bool = True) -> tuple[tuple[str, float], ...]:
    """How well a header cell reads as each field's label (0..100), best first.

    With `prefix`, a label that starts a longer cell also counts ("ผลลัพธ์/ความสำเร็จของ
    มาตรการ"); without, the whole cell must read as the label.
    """
    key = _label_key(text)
    if not key:
        return ()
    scores: dict[str, float] = {}
    for name, labels in HEADER_LABELS.items():
        if name == "no" and len(key) > 8:
            continue  # "ที่" alone is an index header; longer text is never one
        best = 0.0
        for label in labels:
            lk = _label_key(label)
            score = fuzz.ratio(key, lk)
            if prefix and len(key) > len(lk) + 2 and name != "no":
                score = max(score, fuzz.ratio(key[:len(lk)], lk) - 5)
            best = max(best, score)
        scores[name] = best
    # stable: on a tie the field listed first in HEADER_LABELS
    return tuple(sorted(scores.items(), key=lambda kv: -kv[1]))


def header_field(text: str, *, prefix: bool = True) -> tuple[str | None, float]:
    """The contract field a header cell names, with the match score (0..100)."""
    ranked = field_scores(text, prefix=prefix)
    if not ranked or ranked[0][1] <= 0:
        return None, 0.0
    return ranked[0]


FRAGMENT_MIN_CHARS = 2  # a word this long found inside a label is a piece of one


@lru_cache(maxsize=8192)
def fragment_score(text: str) -> float:
    """How well a header word reads as a label or a piece of one: a label's wrapped top
    ("ผู้", "ระยะ", "หน่วย" over "รับผิดชอบ", "เวลา", "งาน") is found inside a label
    whole, where it reads as no label of its own."""
    key = _label_key(text)
    score = header_field(text)[1]
    if len(key) >= FRAGMENT_MIN_CHARS and any(key in _label_key(label) for labels in HEADER_LABELS.values()
                                              for label in labels):
        score = max(score, HEADER_MIN_SCORE)
    return score


def _assign(texts: Sequence[str], floor: float, mapping: dict[int, str]) -> None:
    """Give each cell the field it reads as best, best readings first, so that a cell whose
    label lost a word ("เวลาการดำเนินงาน" for "ระยะเวลาการดำเนินงาน", close to "ผลการ
    ดำเนินงาน") does not take the field of the cell that names it whole; a cell whose
    best field is taken gets its next one still over `floor`."""
    offers = sorted(((score, col, name) for col, text in enumerate(texts)
                     if col not in mapping and text.strip()
                     for name, score in field_scores(text.replace("\n", ""))
                     if score >= floor), key=lambda o: (-o[0], o[1]))
    for _score, col, name in offers:
        if col not in mapping and name not in mapping.values():
            mapping[col] = name


def header_fields(texts: Sequence[str]) -> dict[int, str] | None:
    """Column index → field for a header row, or None when the row is not a header."""
    mapping: dict[int, str] = {}
    _assign(texts, HEADER_MIN_SCORE, mapping)
    if len(mapping) < HEADER_MIN_FIELDS or "guidelines" not in mapping.values() and "steps" not in mapping.values():
        return None
    # in a row that is a header, a label OCR mangled ("รับผินชอบ") still names a field
    _assign(texts, HEADER_LOOSE_SCORE, mapping)
    return dict(sorted(mapping.items()))


def _fragment_fields(texts: Sequence[str]) -> dict[int, str]:
    """Column → field for each cell of a header fragment row that names one."""
    out: dict[int, str] = {}
    for col, text in enumerate(texts):
        name, score = header_field(text.replace("\n", ""), prefix=False)
        if name and score >= HEADER_MIN_SCORE and name not in out.values():
            out[col] = name
    return out


def _header_fragment(texts: Sequence[str], spans: Sequence[int] = ()) -> bool:
    """A row whose every filled cell is a header wording (the upper row of a 2-row header);
    a cell spanning several columns may be a group label over them ("การดำเนินการตาม
    มาตรการ" over "มาตรการ | ขั้นตอน") when the row's other cells are header wordings."""
    spans = list(spans) or [1] * len(texts)
    # a cell with no Thai letter is no wording of a Thai header: an OCR reading of a label
    # the cell cut ("0 0" for "หมายเหตุ" pressed against its rules) leaves it blank
    read = [bool(THAI_LETTER_RX.search(t)) for t in texts]
    words = [c for c, t in enumerate(texts) if read[c] and spans[c] == 1]
    groups = [c for c, t in enumerate(texts) if read[c] and spans[c] > 1]
    scores = [header_field(texts[c].replace("\n", ""), prefix=False)[1] for c in words]
    if groups or len(words) >= 3:
        # a wide header row: a label wrapped onto the row below ("หน่วยงานรับ" over
        # "ผิดชอบ") is still close to one, and one label at least is whole
        return (len(words) >= (1 if groups else 3) and min(scores) >= HEADER_LOOSE_SCORE
                and max(scores) >= HEADER_MIN_SCORE)
    return bool(words) and min(scores) >= HEADER_MIN_SCORE
