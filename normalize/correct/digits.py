from __future__ import annotations

import re
from typing import Callable, Sequence


from ita_core.thai import FIT_LOOKALIKES
from normalize.lexicon import Lexicon
from normalize.rules import resolve
from normalize.correct.context import Proposal, TextContext, by_score, overlapping
from normalize.correct.context import clip
from normalize.correct.distance import weighted_distance
from normalize.correct.facts import (DIGIT_SWAPS, MONTHS, MONTH_ABBR, MONTH_DAYS, MONTH_RX,
                                     TH_DIGITS)

_D = r"[0-9๐-๙]"
_YEAR_RANGE = re.compile(rf"(?<![0-9๐-๙])({_D}{{4}})(\s*[-–]\s*)({_D}{{4}})(?![0-9๐-๙])")
_FY_PERIOD = re.compile(rf"(ต\.ค\.|ตุลาคม)(\s*)({_D}{{2}}|{_D}{{4}})(\s*[-–]\s*)"
                        rf"(ก\.ย\.|กันยายน)(\s*)({_D}{{2}}|{_D}{{4}})(?![0-9๐-๙])")
_DAY_MONTH = re.compile(rf"(?<![0-9๐-๙])({_D}{{1,2}})(\s*)({MONTH_RX})")
# a number right after a month is that month's year ("ต.ค. 65 ก.ย. 66"), not a day
_MONTH_BEFORE = re.compile(rf"(?:{MONTH_RX})\s*$")
# Years an ITA document can cite (B.E.): from the 1997 information act to the 2037 plan.
_YEAR_MIN, _YEAR_MAX = 2530, 2600
_RANGE_MAX_SPAN = 20


def _num(s: str) -> int:
    return int(s.translate(str.maketrans(TH_DIGITS, "0123456789")))


def _swaps(s: str) -> list[str]:
    return [s[:i] + DIGIT_SWAPS[ch] + s[i + 1:] for i, ch in enumerate(s) if ch in DIGIT_SWAPS]


def _fix_by_swap(parts: list[str], slots: Sequence[int],
                 valid: Callable[[list[str]], bool]) -> list[str] | None:
    """The one single-digit swap in `slots` that makes `parts` valid, if exactly one does."""
    if valid(parts):
        return None
    found = []
    for k in slots:
        for alt in _swaps(parts[k]):
            trial = parts.copy()
            trial[k] = alt
            if valid(trial):
                found.append(trial)
    return found[0] if len(found) == 1 else None


def _year_range_ok(p: list[str]) -> bool:
    a, b = _num(p[0]), _num(p[2])
    return (_YEAR_MIN <= a <= _YEAR_MAX and _YEAR_MIN <= b <= _YEAR_MAX
            and 0 < b - a <= _RANGE_MAX_SPAN)


def _fy_ok(p: list[str]) -> bool:
    first = _num(p[2]) + (2500 if len(p[2]) == 2 else 0)
    return (len(p[2]) == len(p[6]) and _num(p[6]) == _num(p[2]) + 1
            and _YEAR_MIN <= first <= _YEAR_MAX)  # "๒๕-๒๖" is no period an ITA plan has


def _day_ok(p: list[str]) -> bool:
    month = p[2]
    idx = MONTHS.index(month) if month in MONTHS else MONTH_ABBR.index(month)
    return 1 <= _num(p[0]) <= MONTH_DAYS[idx]


DIGIT_SWAP_SCORE = 0.95


# A date's year that no ITA document can cite ("ตุลาคม ๒๕๒๕") is a misread digit when
# exactly one look-alike swap makes it one. Not after a bare พ.ศ.: laws are cited by old
# years (พระราชบัญญัติเทศบาล พ.ศ. ๒๔๙๖).
_YEAR_AFTER = re.compile(rf"((?:{MONTH_RX})[ \t]*(?:พ\.ศ\.[ \t]*)?)({_D}{{4}})(?![0-9๐-๙])")


# With the fiscal year known, a repaired year must fall in the years its report covers.
FY_YEARS_BEFORE, FY_YEARS_AFTER = 2, 1


def _digit_edits(text: str, fiscal_year: int | None = None) -> list[Proposal]:
    out = []
    lo, hi = ((fiscal_year - FY_YEARS_BEFORE, fiscal_year + FY_YEARS_AFTER) if fiscal_year
              else (_YEAR_MIN, _YEAR_MAX))
    for m in _YEAR_AFTER.finditer(text):
        year = m.group(2)
        if _num(year) < 2000 or not _uniform_number(year):
            continue  # not a Buddhist-Era year, or mixed digits the fiscal year must decide
        if _YEAR_MIN <= _num(year) <= _YEAR_MAX:
            continue
        fixed = _fix_by_swap(list(m.groups()), (1,), lambda p: lo <= _num(p[1]) <= hi)
        if fixed is not None:
            out.append(Proposal(m.start(2), m.end(2), year, fixed[1], DIGIT_SWAP_SCORE))
    jobs = ((_YEAR_RANGE, (0, 2), _year_range_ok), (_FY_PERIOD, (2, 6), _fy_ok),
            (_DAY_MONTH, (0,), _day_ok))
    for rx, slots, ok in jobs:
        for m in rx.finditer(text):
            parts = list(m.groups())
            if rx is _YEAR_RANGE and not all(_num(p) >= 2000 for p in (parts[0], parts[2])):
                continue  # not Buddhist-Era years: leave the numbers alone
            if rx is _DAY_MONTH and _MONTH_BEFORE.search(text, 0, m.start()):
                continue  # the year of the month before (a period whose dash OCR lost)
            fixed = _fix_by_swap(parts, slots, ok)
            if fixed is not None:
                before = m.group(0)
                out.append(Proposal(m.start(), m.end(), before, "".join(fixed), DIGIT_SWAP_SCORE))
    return out


# Between the letters a dot, a dot read as ุ, or both ("ก.ุย.").
_ABBR_SPAN = re.compile(r"(?<![ก-์])[ก-ฮ][ิี]?[.ุ:,]{0,2}[ \t]?[ก-ฮ][.ุ:,]?(?![ก-์])")
_NUMBER_AFTER = re.compile(r"[ \t]*[0-9๐-๙]")
_RANGE_BEFORE = re.compile(r"[0-9๐-๙][ \t]*[-–][ \t]*$")
_ABBREVIATIONS = (*MONTH_ABBR, "พ.ศ.")
ABBR_MAX_COST = 1.0


def _abbreviation_edits(text: str, lex: Lexicon) -> list[Proposal]:
    """A month or era abbreviation before a number, its dots read as ุ or : (กุย. → ก.ย.)."""
    out = []
    for m in _ABBR_SPAN.finditer(text):
        span, end = m.group(0), m.end()
        if not span.endswith(".") and text.startswith(".", end):
            span, end = span + ".", end + 1  # "กย." before a garbled digit
        if span in _ABBREVIATIONS or span.replace(" ", "") in lex.words:
            continue
        # Only where a date or period stands: before a number or after "๖๕-".
        if not (_NUMBER_AFTER.match(text, end)
                or _RANGE_BEFORE.search(text[max(0, m.start() - 8):m.start()])):
            continue
        ranked = sorted((weighted_distance(span, a)[0], a) for a in _ABBREVIATIONS)
        cost, abbr = ranked[0]
        if cost > ABBR_MAX_COST or ranked[1][0] - cost < 0.3:
            continue
        out.append(Proposal(m.start(), end, span, abbr, clip(0.99 - 0.05 * cost)))
    return out


# Read where a Thai digit should be: ๐ as อ/o/O, ๖ as d/D; 2 and 4 digits per period year.
_NUM_GARBLE = r"[0-9๐-๙อoOdD]"
# (one glyph more than the year's 2 or 4 digits: a speck or a digit read as two, "๒๒๐")
_YEAR_GARBLE = rf"(?:{_NUM_GARBLE}{{4,5}}|{_NUM_GARBLE}{{2,3}})"
_FY_PERIOD_LOOSE = re.compile(rf"(ต\.ค\.|ตุลาคม)([ \t]*)({_YEAR_GARBLE})"
                              rf"([ \t]*[-–][ \t]*)(ก\.ย\.|กันยายน)([ \t]*)"
                              rf"({_YEAR_GARBLE})(?![0-9๐-๙])")
# A period whose month abbreviations came out as Latin or other letters ("A.A. 65 - 1.8. 66")
# but whose years are exactly the fiscal year's: its months are October and September.
_ABBR_GARBLE = r"[A-Za-z0-9ก-ฮ]\.?[ \t]?[A-Za-z0-9ก-ฮ][.,]"
_FY_PERIOD_GARBLED = re.compile(rf"(?<![A-Za-z0-9ก-๛.])({_ABBR_GARBLE})([ \t]*)({_D}{{2}}|{_D}{{4}})"
                                rf"([ \t]*[-–][ \t]*)({_ABBR_GARBLE})([ \t]*)({_D}{{2}}|{_D}{{4}})"
                                rf"(?![0-9๐-๙])")
_BUDGET_YEAR = re.compile(rf"(ปีงบประมาณ[ \t]*(?:พ\.ศ\.)?[ \t]*)({_NUM_GARBLE}{{4}})(?![0-9๐-๙])")
_AR_TO_TH = str.maketrans("0123456789", TH_DIGITS)


# Look-alikes seen only with an expected value to check against (๑ for ๖ in TLWG fonts).
_FIT_LOOKALIKES = FIT_LOOKALIKES


def _uniform_number(s: str) -> bool:
    return bool(re.fullmatch(r"[0-9]+|[๐-๙]+", s))


def _fits(read: str, expected: str) -> bool:
    """Whether OCR could have read `expected` as `read`: each digit equal, a look-alike Thai
    digit (๖/๒, ๓/๘, ๔/๕), or a glyph that is no digit of the number's own script."""
    if len(read) != len(expected):
        return False
    thai = any(ch in TH_DIGITS for ch in expected)
    for r, e in zip(read, expected):
        if r == e or DIGIT_SWAPS.get(r) == e or (r, e) in _FIT_LOOKALIKES:
            continue
        if thai and r not in TH_DIGITS:
            continue  # an Arabic digit or letter where a Thai digit was: misread glyph
        return False
    return True


def _styled(year: int, like: str) -> str:
    digits = str(year)[-len(like):]
    return digits.translate(_AR_TO_TH) if any(ch in TH_DIGITS for ch in like) else digits


def _year_width(read: str) -> int:
    return 2 if len(read) <= 3 else 4


def _fits_with_speck(read: str, expected: str) -> bool:
    """`_fits`, or fits once one extra glyph is dropped ("๒๒๐" for "๖๖")."""
    if len(read) == len(expected) + 1:
        return any(_fits(read[:i] + read[i + 1:], expected) for i in range(len(read)))
    return _fits(read, expected)


def _fiscal_year_edits(text: str, fiscal_year: int) -> list[Proposal]:
    """Years the document's fiscal year decides: its budget year and its Oct-Sep period."""
    out = []
    for m in _FY_PERIOD_LOOSE.finditer(text):
        start, end = m.group(3), m.group(7)
        if _uniform_number(start) and _uniform_number(end):
            first = _num(start) + (2500 if len(start) == 2 else 0)
            if _num(end) == _num(start) + 1 and abs(first - fiscal_year) <= 6:
                continue  # a valid period near the document's year: the author's
        # the digits of the period's readable half decide the script ("๒๕-… dd" is Thai)
        script = start + end
        want_start = _styled(fiscal_year - 1, script)[-_year_width(start):]
        want_end = _styled(fiscal_year, script)[-_year_width(end):]
        if (start, end) == (want_start, want_end):
            continue
        if _fits_with_speck(start, want_start) and _fits_with_speck(end, want_end):
            for g, want in ((3, want_start), (7, want_end)):
                if m.group(g) != want:
                    out.append(Proposal(m.start(g), m.end(g), m.group(g), want, FISCAL_YEAR_SCORE))
    for m in _FY_PERIOD_GARBLED.finditer(text):
        start, end = m.group(3), m.group(7)
        script = start + end
        if (start, end) != (_styled(fiscal_year - 1, script)[-len(start):],
                            _styled(fiscal_year, script)[-len(end):]):
            continue
        for g, month in ((1, "ต.ค."), (5, "ก.ย.")):
            if m.group(g) not in MONTH_ABBR:
                out.append(Proposal(m.start(g), m.end(g), m.group(g), month, FISCAL_YEAR_SCORE))
    for m in _BUDGET_YEAR.finditer(text):
        year = m.group(2)
        if _uniform_number(year) and _YEAR_MIN <= _num(year) <= _YEAR_MAX:
            continue  # a real year: the author may name another budget year
        want = _styled(fiscal_year, year)
        if _fits(year, want):
            out.append(Proposal(m.start(2), m.end(2), year, want, FISCAL_YEAR_SCORE))
    return out


FISCAL_YEAR_SCORE = 0.93


NAME = "ocr_confusion.digits"
ABBREVIATION = "ocr_confusion.abbreviation"


def find(text: str, ctx: TextContext) -> list[Proposal]:
    """`ocr_confusion.digits`: look-alike digits a date, a year range or the document's
    fiscal year proves wrong."""
    fiscal_year = ctx.doc.context.fiscal_year
    found = _digit_edits(text, fiscal_year)
    if fiscal_year:
        # the document's own year decides before any swap that merely makes a valid one
        by_year = _fiscal_year_edits(text, fiscal_year)
        found = by_year + [p for p in found if not any(overlapping(p, y) for y in by_year)]
    return resolve(ctx.gate(found), by_score)


def find_abbreviation(text: str, ctx: TextContext) -> list[Proposal]:
    """`ocr_confusion.abbreviation`: a month or era abbreviation with its dots misread."""
    return ctx.gate(_abbreviation_edits(text, ctx.lex))


RULES = ((ABBREVIATION, find_abbreviation), (NAME, find))
