"""Report metadata from running text: memo fields, report type, responsible units.

Labels are found on a *skeleton* of each line (Thai marks and spaces removed), so a label
whose marks the text layer or OCR scrambled (`วันท่ี`, `เร่อื ง`) is still found; the value
returned is the line's own text after the label, for the logged rules to repair.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ita_core.thai import (PERSON_TITLES, PUA_MARKS, SIGNER_TITLE_STEMS, THAI_LETTERS,
                           THAI_MARKS, UNIT_PREFIXES)
from normalize.dates import parse_thai_date

# Thai marks, their Private Use Area forms in old fonts, spaces and zero-width characters
_MARKS_RX = re.compile(rf"[{THAI_MARKS}{PUA_MARKS}\s\u200b-\u200d\ufeff]")
PERSON_TITLE_RX = re.compile(r"^\(?\s*(?:" + "|".join(PERSON_TITLES + SIGNER_TITLE_STEMS) + ")")


def skeleton(text: str) -> str:
    """Consonants and spacing vowels only: robust keys for label matching."""
    text = unicodedata.normalize("NFC", text).replace("\u0e33", "\u0e32")
    return _MARKS_RX.sub("", text)


def _label_value(line: str, label: str) -> str | None:
    """The text after `label` at the start of `line`, matched on skeletons."""
    sk_label = skeleton(label)
    for i in range(len(line)):
        consumed = skeleton(line[: i + 1])
        if len(consumed) >= len(sk_label):
            if consumed == sk_label:
                rest = line[i + 1:]
                # swallow the label's trailing marks (e.g. the ี่ of วันที่)
                rest = re.sub(f"^(?:\\s?[{THAI_MARKS}{PUA_MARKS}])+", "", rest)
                if rest and not (rest[0].isspace() or rest[0] in ":." or rest[0].isdigit()):
                    return None  # the label is only the start of a longer word (ที่ in ทั้งนี้)
                return rest.strip(" :")
            return None
    return None


def _split_at_label(value: str, label: str) -> tuple[str, str | None]:
    """'สน ๕๘๑๐๗/๖๕ วันที่ ๑ เมษายน ๒๕๖๗' → ('สน ๕๘๑๐๗/๖๕', '๑ เมษายน ๒๕๖๗')."""
    for m in re.finditer(r"\s", value):
        rest = _label_value(value[m.end():], label)
        if rest is not None:
            return value[:m.start()].strip(), rest
    return value, None


@dataclass(frozen=True, slots=True)
class MemoFields:
    present: bool
    number: str | None = None
    date_text: str | None = None
    date: str | None = None
    subject: str | None = None
    signer: str | None = None
    position: str | None = None


def parse_memo(lines: list[str]) -> MemoFields:
    """Fields of a Thai official memo (บันทึกข้อความ) from the lines before the first table."""
    start = next((i for i, ln in enumerate(lines)
                  if skeleton(ln).startswith(skeleton("บันทึกข้อความ"))
                  or _label_value(ln, "ส่วนราชการ") is not None), None)
    if start is None:
        return MemoFields(present=False)
    memo = lines[start:]
    number = date_text = subject = signer = position = None
    subject_lines: list[str] = []
    in_subject = False
    for line in memo:
        if in_subject:
            if _label_value(line, "เรียน") is not None or _label_value(line, "สิ่งที่ส่งมาด้วย") is not None \
                    or _label_value(line, "อ้างถึง") is not None:
                in_subject = False
            else:
                subject_lines.append(line.strip())
                continue
        if date_text is None and (value := _label_value(line, "วันที่")) is not None:
            date_text = value
        elif number is None and (value := _label_value(line, "ที่")) is not None and re.search(r"[0-9๐-๙]", value):
            number, same_line_date = _split_at_label(value, "วันที่")  # "ที่ … วันที่ …" on one line
            if same_line_date is not None and date_text is None:
                date_text = same_line_date
        elif subject is None and (value := _label_value(line, "เรื่อง")) is not None:
            subject_lines = [value]
            in_subject = True
    if subject_lines:
        subject = _join_wrapped(subject_lines)
    # the first signature after the closing formula: "(นางสาว…)" then the position
    closing = next((i for i, ln in enumerate(memo) if skeleton("จึงเรียนมา") in skeleton(ln)), None)
    if closing is not None:
        for j in range(closing + 1, min(closing + 8, len(memo))):
            line = memo[j].strip()
            inner = line.strip("()").strip()
            if line.startswith("(") and PERSON_TITLE_RX.match(inner):
                signer = inner
                following = [ln.strip() for ln in memo[j + 1:j + 3] if ln.strip()]
                if following and not following[0].startswith("("):
                    position = following[0]
                break
    date = parse_thai_date(date_text) if date_text else None
    if date is None:
        date_text, date = _date_in_heading(memo) or (date_text, None)
    return MemoFields(present=True, number=number, date_text=date_text, date=date,
                      subject=subject, signer=signer, position=position)


MEMO_HEADING_LINES = 8  # บันทึกข้อความ, ส่วนราชการ (maybe wrapped), ที่ … วันที่ …, เรื่อง


def _date_in_heading(memo: list[str]) -> tuple[str, str] | None:
    """(text, ISO date) of the memo's date when its label was misread ('JUN ๑๕ ธันวาคม
    ๒๕๖๔') or shares a line with a misread 'ที่': a 'วันที่' anywhere in a heading line,
    else the first valid full date there. Only the heading: the body cites other dates."""
    heading = []
    for line in memo[:MEMO_HEADING_LINES]:
        if _label_value(line, "เรื่อง") is not None or _label_value(line, "เรียน") is not None:
            break
        heading.append(line)
    for line in heading:
        _, labelled = _split_at_label(line, "วันที่")
        if labelled and (date := parse_thai_date(labelled)):
            return labelled, date
    for line in heading:
        if date := parse_thai_date(line):
            return line, date
    return None


_THAI_CHAR_RX = re.compile(f"[{THAI_LETTERS}{PUA_MARKS}]")


def _thai(ch: str) -> bool:
    # letters, marks, and the Private Use Area forms of marks in old Thai fonts
    return _THAI_CHAR_RX.match(ch) is not None


def _join_wrapped(lines: list[str]) -> str:
    """Join lines wrapped by the layout: no space between two Thai letters (Thai has no
    spaces between words), a space before a numbered item or any other character."""
    out = ""
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        thai_letters = out and _thai(out[-1]) and _thai(line[0])
        out += line if (thai_letters or not out) else " " + line
    return out


def split_units(responsible: str) -> list[str]:
    """'สำนักปลัดและหน่วยตรวจสอบภายใน' → ['สำนักปลัด', 'หน่วยตรวจสอบภายใน'].

    Split at "และ", commas, slashes and spaces only where the next part starts like a unit
    name, so 'กองสาธารณสุขและสิ่งแวดล้อม' stays one unit.
    """
    text = re.sub(r"\s+", " ", responsible or "").strip()
    if not text:
        return []
    prefix = "|".join(UNIT_PREFIXES)
    parts = re.split(rf"(?:\s*(?:และ|,|/|、|\s)\s*)(?=(?:{prefix}))", text)
    units = []
    for p in parts:
        p = p.strip(" ,/-")
        if p and p not in units:
            units.append(p)
    return units


def report_type(has_results_columns: bool, title_lines: list[str] = ()) -> str:
    """`results` when the table reports results or outcomes, or the report's title says it
    is one (รายงานผล…: a scan whose results columns were not recognised), else a plan of
    `measures`. Titles are the lines printed on the table pages, never the memo's."""
    if has_results_columns:
        return "results"
    results_title = skeleton("รายงานผล")
    return "results" if any(skeleton(ln).startswith(results_title) for ln in title_lines) \
        else "measures"
