"""Thai dates, fiscal years and measure periods → Common-Era values.

The Thai fiscal year (ปีงบประมาณ) N in the Buddhist Era runs from October of BE N−1 to
September of BE N; CE = BE − 543. Unknown values are None, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ita_core.thai import DATE_DIGIT_READINGS, MONTH_NAMES, THAI_MARKS

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
BE_OFFSET = 543
FISCAL_YEAR_START_MONTH = 10
PLAUSIBLE_BE_YEARS = range(2540, 2600)

# Full names and abbreviations, keyed without dots and spaces (OCR loses and adds both).
_MONTH_NAMES = MONTH_NAMES
# Thai vowel and tone marks: OCR drops them (มนาคม), adds stray ones (ก.ุย.) or misorders
_MARKS = THAI_MARKS
_MARKS_RX = re.compile(f"[{_MARKS}]")
MONTHS: dict[str, int] = {}
_month_patterns: list[str] = []


def _tolerant_name(name: str) -> str:
    """A month name matched on its letters, whatever marks OCR kept, lost or added:
    the twelve full names differ in their letters alone."""
    return "".join(rf"{re.escape(ch)}[{_MARKS}]*" for ch in _MARKS_RX.sub("", name))


def _tolerant_abbreviation(abbr: str) -> str:
    """'มี.ค.' keeps its marks (they tell มี.ค. from ม.ค.), but a stray mark, space or a
    lost final dot is tolerated; the inner dot is needed: a bare 'มค' is inside words."""
    head, tail = abbr.rstrip(".").split(".")
    stray = rf"[{_MARKS}]?"
    return rf"{re.escape(head)}{stray}\s*\.\s*{stray}{re.escape(tail)}{stray}\.?"


for _n, (_full, _abbr) in enumerate(_MONTH_NAMES, start=1):
    MONTHS[_MARKS_RX.sub("", _full)] = _n
    MONTHS[_abbr.replace(".", "")] = _n
    _month_patterns += [_tolerant_name(_full), _tolerant_abbreviation(_abbr)]
_MONTH_ALT = "|".join(sorted(_month_patterns, key=len, reverse=True))
# an abbreviation with one stray mark ('ก.ุย.'); its own marks stay needed (มี.ค. ≠ ม.ค.)
_STRAY_MARKS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c"
_ABBREVIATION_STRAYS: dict[str, int] = {}
for _full, _abbr in _MONTH_NAMES:
    _key = _abbr.replace(".", "")
    for _i in range(1, len(_key) + 1):
        for _mark in _STRAY_MARKS:
            _ABBREVIATION_STRAYS.setdefault(_key[:_i] + _mark + _key[_i:], MONTHS[_key])
# "ต.ค. ๖๕", "ตุลาคม ๒๕๖๕", "1 ต.ค. 2566", "ต.ค." (no year)


def _month_year(d: str, m: str, y: str) -> str:
    return (rf"(?:(?P<{d}>[0-9]{{1,2}})\s*)?(?P<{m}>{_MONTH_ALT})\s*(?:พ\.\s*ศ\.\s*)?"
            rf"(?P<{y}>[0-9]{{4}}|[0-9]{{2}}(?![0-9]))?")


# the dash between two months: OCR reads it as "=" or ",", or loses it
_RANGE_SEPARATOR = r"\s*(?:-|–|—|=|,|ถึง|จนถึง|to)?\s*"
_RANGE_RX = re.compile(_month_year("d1", "m1", "y1") + _RANGE_SEPARATOR
                       + _month_year("d2", "m2", "y2"))
_DASH_RX = re.compile(r"\s[-–—=]\s?|\S[-–—=]\s|[-–—]|ถึง")
_SINGLE_RX = re.compile(_month_year("d1", "m1", "y1"))
# matched on the text without marks (ปงบ, ปิ่งบ); พ.ศ. as OCR leaves it (พ.ศ, WA., wa.)
_FY_RX = re.compile(r"[ปบ]งบ(?:ประมาณ)?\s*(?:พ\s*\.?\s*ศ\s*\.?|[A-Za-z]{1,2}\s*\.\s*(?:[A-Za-z]\s*\.?)?)?"
                    r"\s*([0-9]{4})(?![0-9])")
# "ตลอดบีงบประมาณ": OCR takes ป for บ; matched on the text without marks
_FULL_YEAR_RX = re.compile(r"ตลอด(?:ทง)?[ปบ]ี?(?:งบประมาณ)?|ทงปงบประมาณ|[ปบ]งบประมาณ")
_QUARTER_RX = re.compile(r"ไตรมาส(?:ที่)?\s*([1-4])")
_DATE_RX = re.compile(rf"(?<![0-9])(?P<d>[0-9]{{1,2}})\s*(?P<m>{_MONTH_ALT})\s*(?:พ\.\s*ศ\.\s*)?"
                      rf"(?P<y>[0-9]{{4}})(?![0-9])")


def arabic(text: str) -> str:
    return text.translate(THAI_DIGITS)


def _month(token: str) -> int | None:
    key = re.sub(r"[\s.]+", "", token)
    if key in MONTHS:
        return MONTHS[key]
    if key in _ABBREVIATION_STRAYS:
        return _ABBREVIATION_STRAYS[key]
    return MONTHS.get(_MARKS_RX.sub("", key)) if len(key) > 4 else None


def _be_year(token: str | None) -> int | None:
    """'๖๕' → 2565, '2566' → 2566, CE '2023' → 2566; None when absent or implausible."""
    if not token:
        return None
    y = int(token)
    if y < 100:
        y += 2500
    elif y < 2400:  # a CE year
        y += BE_OFFSET
    return y if y in PLAUSIBLE_BE_YEARS else None


def _ce_month(be_year: int, month: int) -> str:
    return f"{be_year - BE_OFFSET:04d}-{month:02d}"


def fiscal_year_range(fy_be: int) -> tuple[str, str]:
    return _ce_month(fy_be - 1, FISCAL_YEAR_START_MONTH), _ce_month(fy_be, 9)


def _year_in_fiscal(month: int, fy_be: int | None) -> int | None:
    """The BE calendar year of a month that falls in fiscal year fy_be."""
    if fy_be is None:
        return None
    return fy_be - 1 if month >= FISCAL_YEAR_START_MONTH else fy_be


@dataclass(frozen=True, slots=True)
class PeriodRange:
    start: str | None
    end: str | None


def parse_period(text: str, *, fiscal_year: int | None = None) -> PeriodRange:
    """A measure's period → CE start/end months. Missing parts come from the fiscal year.

    'ต.ค.๖๕-ก.ย.๖๖' → 2022-10..2023-09; 'ตลอดปีงบประมาณ' → the fiscal year;
    'ม.ค. - มี.ค. ๒๕๖๖' → 2023-01..2023-03; 'ไตรมาส ๒' → the fiscal year's 2nd quarter.
    """
    t = arabic(text or "").strip()
    if not t:
        return PeriodRange(None, None)
    m = _RANGE_RX.search(t)
    if m:
        m1, m2 = _month(m.group("m1")), _month(m.group("m2"))
        y1, y2 = _be_year(m.group("y1")), _be_year(m.group("y2"))
        if m1 and m2:
            if y1 is None and y2 is not None:
                y1 = y2 if m1 <= m2 else y2 - 1
            if y2 is None and y1 is not None:
                y2 = y1 if m2 >= m1 else y1 + 1
            if y1 is None and y2 is None:
                y1, y2 = _year_in_fiscal(m1, fiscal_year), _year_in_fiscal(m2, fiscal_year)
            if y1 is not None and y2 is not None:
                return PeriodRange(_ce_month(y1, m1), _ce_month(y2, m2))
            return PeriodRange(None, None)
    q = _QUARTER_RX.search(t)
    if q and fiscal_year:
        quarter = int(q.group(1))
        first = (FISCAL_YEAR_START_MONTH - 1 + 3 * (quarter - 1)) % 12 + 1
        last = first + 2
        y = _year_in_fiscal(first, fiscal_year)
        return PeriodRange(_ce_month(y, first), _ce_month(y, last))
    fy = _FY_RX.search(_MARKS_RX.sub("", t))
    if _FULL_YEAR_RX.search(_MARKS_RX.sub("", t)):
        year = _be_year(fy.group(1)) if fy else fiscal_year
        if year:
            return PeriodRange(*fiscal_year_range(year))
    single = _SINGLE_RX.search(t)
    if single:
        month = _month(single.group("m1"))
        year = _be_year(single.group("y1")) or _year_in_fiscal(month, fiscal_year)
        if month and year:
            ce = _ce_month(year, month)
            # one end of a range OCR garbled ("ต.ค. ๖๕-A.W. ๖๖"): that end stays unknown
            if _DASH_RX.search(t[single.end():]):
                return PeriodRange(ce, None)
            if _DASH_RX.search(t[:single.start()]):
                return PeriodRange(None, ce)
            return PeriodRange(ce, ce)
    return PeriodRange(None, None)


def parse_thai_date(text: str) -> str | None:
    """'๑ เมษายน ๒๕๖๗' → '2024-04-01'; None when no valid full date is there."""
    m = _DATE_RX.search(arabic(text or ""))
    if not m:
        return None
    month, year = _month(m.group("m")), _be_year(m.group("y"))
    day = int(m.group("d"))
    if not (month and year):
        return None
    import calendar
    ce = year - BE_OFFSET
    if not 1 <= day <= calendar.monthrange(ce, month)[1]:
        return None
    return f"{ce:04d}-{month:02d}-{day:02d}"


# ITA reports exist from the assessment's start; a year outside this is a misread digit
ITA_FISCAL_YEARS = range(2557, 2581)
# Thai digits tesseract confuses, read → what it may have been printed as (measured on the
# scanned samples: ๖ read as ๒ above all, and ๘ as ๕)
CONFUSABLE_DIGITS = DATE_DIGIT_READINGS


def _readings(digits: str) -> set[int]:
    """Plausible fiscal years a printed year stands for: itself when plausible, else the
    years reached by undoing digit confusions ('๒๕๒๒' → {2562, 2566})."""
    year = _be_year(digits)
    if year in ITA_FISCAL_YEARS:
        return {year}
    options = {""}
    for d in digits:
        options = {o + c for o in options for c in d + CONFUSABLE_DIGITS.get(d, "")}
    return {y for y in (_be_year(o) for o in options) if y in ITA_FISCAL_YEARS}


def fiscal_year_of(iso_date: str) -> int:
    """The BE fiscal year a CE date ('2023-10-18') falls in (2567)."""
    year, month = int(iso_date[:4]), int(iso_date[5:7])
    return year + BE_OFFSET + (1 if month >= FISCAL_YEAR_START_MONTH else 0)


def find_fiscal_year(lines: list[str], periods: list[str] = (), *,
                     memo_date: str | None = None) -> int | None:
    """The fiscal year the report is about, or None when the evidence does not decide.

    Evidence: every 'ปีงบประมาณ (พ.ศ.) NNNN' (titles repeat it on every page) and every
    period that runs from October or to September ('ต.ค.๖๕-ก.ย.๖๖'). A misread year votes
    for each plausible reading, so a period whose start year is unambiguous can settle
    a title year that OCR left ambiguous. A tie is broken only by the memo's date: a plan
    is sent in its own fiscal year, a report of results in that year or the next one.
    """
    votes: dict[int, float] = {}

    def vote(years: set[int]) -> None:
        for y in years:
            votes[y] = votes.get(y, 0.0) + 1.0 / len(years)  # one mention, one vote in all

    for line in lines:
        for m in _FY_RX.finditer(_MARKS_RX.sub("", arabic(line))):
            vote(_readings(m.group(1)))
    for text in periods:
        m = _RANGE_RX.search(arabic(text or ""))
        if not m:
            continue
        if _month(m.group("m1")) == FISCAL_YEAR_START_MONTH and m.group("y1"):
            vote({y + 1 for y in _readings(m.group("y1"))})
        if _month(m.group("m2")) == 9 and m.group("y2"):
            vote(_readings(m.group("y2")))
    if not votes:
        return None
    best = max(votes.values())
    tied = [year for year, count in votes.items() if count > best - 1e-9]
    if len(tied) > 1 and memo_date:
        sent_in = fiscal_year_of(memo_date)
        tied = [year for year in tied if year in (sent_in - 1, sent_in)]
    return tied[0] if len(tied) == 1 else None  # a tie is not evidence
