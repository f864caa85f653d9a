"""Thai OCR spelling correction that an auditor can trust: precise first, then complete.

Every correction is a `Rule` (normalize.rules) that only *finds* edits; `apply_rules` makes
and logs them. Rule families (the `rule` column of corrections.csv):

- `ocr_confusion` (rules `ocr_confusion.layout`, `.abbreviation`, `.digits`, `.marks` and
  plain `ocr_confusion`): table borders read as `|`/`เ`/`l` at a line's edge, stray marks
  and specks, bullets read as ๑ or as Latin (lo.), OIT read as digits; month/era
  abbreviations whose dots were read as ุ or : (กุย., ก.ุย. → ก.ย.); Thai-digit swaps
  (๖/๒, ๓/๘, ๔/๕) that a date, a year range or the document's fiscal year proves wrong;
  a dropped tone mark where the corpus frequencies decide (`.marks`: เรือง → เรื่อง,
  ที → ที่); spans one OCR confusion away from a lexicon word (dropped or extra tone
  marks and upper vowels, ด/ต, บ/ป…), judged over spans because newmm cuts an unknown
  word into pieces;
- `lexicon`: a span no lexicon knows, replaced by the nearest word under an OCR-weighted
  edit distance when no other word is as near;
- `phrase`: a span near a standard ITA phrase (measure titles, NACC wording);
- `gazetteer.place`: a place name after ตำบล/อำเภอ/จังหวัด that is not a place of the
  document's own area, replaced by the nearest name of that area.

An edit is proposed only at or above `CorrectSettings.threshold`, or below it when an
auditor's `Review` accepted that exact before→after pair. Person names, signature lines,
numbers and Latin text are left alone unless a rule proves them wrong.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Callable, Iterable, Iterator, Mapping, Sequence

from normalize.lexicon import Lexicon, document_lexicon, place_names
from normalize.rules import Edit, Review, Rule

FAMILIES = ("ocr_confusion", "lexicon", "phrase", "gazetteer.place")
DEFAULT_THRESHOLD = 0.9
DEFAULT_MIN_PHRASE_CHARS = 8
# Candidates below this score are never proposed, even for an accepted review pair.
FLOOR_SCORE = 0.3


@dataclass(frozen=True)
class CorrectSettings:
    threshold: float = DEFAULT_THRESHOLD
    families: tuple[str, ...] = FAMILIES
    min_phrase_chars: int = DEFAULT_MIN_PHRASE_CHARS

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        unknown = set(self.families) - set(FAMILIES)
        if unknown:
            raise ValueError(f"unknown correction families: {sorted(unknown)}")
        if self.min_phrase_chars < 4:
            raise ValueError("min_phrase_chars below 4 matches too much to be trusted")


@dataclass(frozen=True)
class CorrectionContext:
    """What the document says about itself: its organization's names and its area."""

    org_names: tuple[str, ...] = ()
    subdistrict: str | None = None
    district: str | None = None
    province: str | None = None
    fiscal_year: int | None = None  # Buddhist Era, e.g. 2566: lets dates be checked


# --- OCR-weighted edit distance -------------------------------------------------------

_UPPER = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d"
_LOWER = "\u0e38\u0e39\u0e3a"
MARKS = frozenset(_UPPER + _LOWER)
# Glyphs tesseract's Thai model confuses (shape classes), from OCR of TLWG-font text.
_SHAPE_CLASSES = ("ดตค", "ศค", "บปษ", "ขชซฃ", "ผฝพฟ", "ถภฤ", "กภ", "อว", "ทหฑ", "นมฆ", "ลส",
                  "รธ", "ฎฏ", "ฒฆ", "ญฐ", "ยฮ", "ฌณ", "าำ", "ใไโ", "เแ", "0๐", "ะ:",
                  ".ุู:,", "นบ", "คก", "วา", "วร")
_SHAPE = frozenset((a, b) for cls in _SHAPE_CLASSES for a in cls for b in cls if a != b)
_SOFT_INDEL = frozenset("าะ .")

COST_MARK_SUB = 0.35
COST_MARK_INDEL = 0.3
COST_SHAPE_SUB = 0.4
COST_SOFT_INDEL = 0.5
COST_TRANSPOSE = 0.6
COST_HARD = 1.0


def _sub_cost(a: str, b: str) -> float:
    if a == b:
        return 0.0
    if a in MARKS and b in MARKS:
        return COST_MARK_SUB
    if (a, b) in _SHAPE:
        return COST_SHAPE_SUB
    return COST_HARD


def _indel_cost(c: str) -> float:
    if c in MARKS:
        return COST_MARK_INDEL
    if c in _SOFT_INDEL:
        return COST_SOFT_INDEL
    return COST_HARD


def weighted_distance(a: str, b: str) -> tuple[float, int]:
    """OCR-weighted optimal-string-alignment distance and the count of hard (cost 1) ops."""
    n, m = len(a), len(b)
    prev2: list[tuple[float, int]] | None = None
    prev = [(0.0, 0)]
    for j in range(1, m + 1):
        c = _indel_cost(b[j - 1])
        prev.append((prev[-1][0] + c, prev[-1][1] + (c >= COST_HARD)))
    for i in range(1, n + 1):
        ci = _indel_cost(a[i - 1])
        row = [(prev[0][0] + ci, prev[0][1] + (ci >= COST_HARD))]
        for j in range(1, m + 1):
            s = _sub_cost(a[i - 1], b[j - 1])
            cj = _indel_cost(b[j - 1])
            best = min(
                (prev[j - 1][0] + s, prev[j - 1][1] + (s >= COST_HARD)),
                (prev[j][0] + ci, prev[j][1] + (ci >= COST_HARD)),
                (row[j - 1][0] + cj, row[j - 1][1] + (cj >= COST_HARD)),
            )
            if (prev2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2]
                    and a[i - 2] == b[j - 1] and a[i - 1] != a[i - 2]):
                t = (prev2[j - 2][0] + COST_TRANSPOSE, prev2[j - 2][1])
                best = min(best, t)
            row.append(best)
        prev2, prev = prev, row
    return round(prev[m][0], 6), prev[m][1]


def prefix_costs(pattern: str, text: str) -> list[tuple[float, int]]:
    """Costs of aligning `pattern` with each plausible prefix of `text`: (cost, length)."""
    lo = max(1, len(pattern) - 4)
    return [(weighted_distance(pattern, text[:length])[0], length)
            for length in range(lo, min(len(text), len(pattern) + 4) + 1)]


def best_substring(pattern: str, text: str) -> tuple[float, int, int]:
    """Semi-global alignment: the cheapest `text[start:end]` for `pattern`."""
    n, m = len(pattern), len(text)
    # Columns are text positions; a match may start anywhere at no cost.
    prev = [(0.0, j) for j in range(m + 1)]
    for i in range(1, n + 1):
        ci = _indel_cost(pattern[i - 1])
        row = [(prev[0][0] + ci, 0)]
        for j in range(1, m + 1):
            s = _sub_cost(pattern[i - 1], text[j - 1])
            cj = _indel_cost(text[j - 1])
            cand = [(prev[j - 1][0] + s, prev[j - 1][1]), (prev[j][0] + ci, prev[j][1]),
                    (row[j - 1][0] + cj, row[j - 1][1])]
            row.append(min(cand))
        prev = row
    best_j = min(range(m + 1), key=lambda j: (prev[j][0], -j))
    return round(prev[best_j][0], 6), prev[best_j][1], best_j


# --- protected spans: what correction never touches -----------------------------------

_TITLE = (r"(?:นางสาว|นาง|นาย|น\.ส\.|ดร\.|ว่าที่\s*ร\.\s?ต\.|ว่าที่ร้อยตรี|จ่าเอก|จ่าสิบเอก|"
          r"สิบเอก|จ\.อ\.)")
_NOT_A_NAME = r"(?!ก(?:เทศมนตรี|องค์การ|ฯ)|อำเภอ|ช่าง|ทะเบียน|จ้าง|ตรวจ|หน้า|ทุน|ละ|ก\s)"
# Titles often follow a word unspaced ("ร่วมกับนายสมชาย"), but not inside a place or ทนาย.
_PERSON = re.compile(rf"(?<!ตำบล)(?<!อำเภอ)(?<!จังหวัด)(?<!ท){_TITLE}{_NOT_A_NAME}"
                     r"\s*[ก-๛]+(?:[ \t]+[ก-๛]+)?")
_PAREN_NAME = re.compile(r"\([ \t]*[ก-๛]+[ \t]+[ก-๛]+[ \t]*\)")
_SIGNATURE = re.compile(r"\(\s*ลงชื่อ\s*\)[^\n]*")
_NON_THAI = re.compile(r"[0-9๐-๙]+|[A-Za-z][A-Za-z0-9@._/:\-]*")
# Consonant-only codes: a document number's province ("ที่ สข ๐๐๒๓/๖๕"), a form ("สขร.๑").
_DOC_CODE = re.compile(r"(?<![ก-๛])[ก-ฮ]{2,5}(?=\.|[ \t]*[0-9๐-๙])")


def protected_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for rx in (_PERSON, _PAREN_NAME, _SIGNATURE, _NON_THAI, _DOC_CODE):
        spans.extend(m.span() for m in rx.finditer(text))
    return sorted(spans)


def _overlaps(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


# --- helpers shared by the rules ------------------------------------------------------

def _gate(edits: Iterable[tuple[Edit, str]], threshold: float,
          review: Review | None) -> list[Edit]:
    """Keep edits at/above threshold, or below it when the review accepted the pair."""
    out = []
    for e, before in edits:
        if e.after == before or e.score < FLOOR_SCORE:
            continue
        pair = (before, e.after)
        if review is not None and pair in review.rejected:
            continue
        if e.score >= threshold or (review is not None and pair in review.accepted):
            out.append(e)
    return out


def _thai_only(s: str) -> bool:
    return bool(s) and all("\u0e01" <= ch <= "\u0e4e" for ch in s)


def _clip(x: float) -> float:
    return max(0.0, min(1.0, x))


# --- ocr_confusion: borders, stray marks, digits --------------------------------------

# Table borders and scanner specks at a cell line's edge: `|`, `!`, `l`, a lone `เ`, quote
# marks and dots that no Thai line starts with (bullets `-`, `•`, `*` are the author's).
_BORDER_START = re.compile(
    r"(?m)^([ \t]*)((?:[|!\[\].'`\":;,]+[ \t]*)+|[lI][ \t]+|เ[ \t]+)(?=[^\s\-•*])")
_BORDER_END = re.compile(
    r"(?m)(?<=[ก-๛.,)])([ \t]*[|!\[\]'`\":;*]+|[ \t]+[.,]+|[ \t]+[lI]|[ \t]*เ)[ \t]*$")
# Specks between words: ".," runs, a dot or comma standing alone between spaces ("ได้ . รับ",
# "ประมวล , จริยธรรม": Thai puts no space before a comma) or a doubled comma ("และ,, กระ").
_STRAY = re.compile(r"(?<=[ก-๛])[ \t]+(?:[.,]*(?:\.,|,\.)[.,]*|[`'‘’]+|[.,])(?=[ \t]+[ก-๛])"
                    r"|(?<=[ก-์]),{2,}(?=[ \t]+[ก-์])"
                    # a bullet read as Latin between Thai words ("เฟซบุ๊ก lo. กำหนด")
                    r"|(?<=[ก-๛])[ \t]+[a-z]{1,2}\.(?=[ \t]+[ก-๛])"
                    r"|(?<=[ก-๛])[`']+(?=[ก-๛ \t])|(?<=[ \t])[`'.:;]+(?=[ก-์])")
_ABBR_BEFORE = re.compile(r"(?<![ก-์])[ก-ฮ]\.?[ก-ฮ]?$")
_TH_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_DIGIT_SWAPS = {"๖": "๒", "๒": "๖", "๓": "๘", "๘": "๓", "๔": "๕", "๕": "๔",
                "6": "2", "2": "6", "3": "8", "8": "3", "4": "5", "5": "4"}
_D = r"[0-9๐-๙]"
_YEAR_RANGE = re.compile(rf"(?<![0-9๐-๙])({_D}{{4}})(\s*[-–]\s*)({_D}{{4}})(?![0-9๐-๙])")
_FY_PERIOD = re.compile(rf"(ต\.ค\.|ตุลาคม)(\s*)({_D}{{2}}|{_D}{{4}})(\s*[-–]\s*)"
                        rf"(ก\.ย\.|กันยายน)(\s*)({_D}{{2}}|{_D}{{4}})(?![0-9๐-๙])")
_MONTHS = ("มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน "
           "ตุลาคม พฤศจิกายน ธันวาคม").split()
_MONTH_ABBR = "ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค.".split()
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MONTH_RX = "|".join(re.escape(m) for m in _MONTHS + _MONTH_ABBR)
_DAY_MONTH = re.compile(rf"(?<![0-9๐-๙])({_D}{{1,2}})(\s*)({_MONTH_RX})")
# a number right after a month is that month's year ("ต.ค. 65 ก.ย. 66"), not a day
_MONTH_BEFORE = re.compile(rf"(?:{_MONTH_RX})\s*$")
# Years an ITA document can cite (B.E.): from the 1997 information act to the 2037 plan.
_YEAR_MIN, _YEAR_MAX = 2530, 2600
_RANGE_MAX_SPAN = 20


def _num(s: str) -> int:
    return int(s.translate(str.maketrans(_TH_DIGITS, "0123456789")))


def _swaps(s: str) -> list[str]:
    return [s[:i] + _DIGIT_SWAPS[ch] + s[i + 1:] for i, ch in enumerate(s) if ch in _DIGIT_SWAPS]


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
    idx = _MONTHS.index(month) if month in _MONTHS else _MONTH_ABBR.index(month)
    return 1 <= _num(p[0]) <= _MONTH_DAYS[idx]


DIGIT_SWAP_SCORE = 0.95
BORDER_SCORE = 0.97
STRAY_SCORE = 0.95


# A date's year that no ITA document can cite ("ตุลาคม ๒๕๒๕") is a misread digit when
# exactly one look-alike swap makes it one. Not after a bare พ.ศ.: laws are cited by old
# years (พระราชบัญญัติเทศบาล พ.ศ. ๒๔๙๖).
_YEAR_AFTER = re.compile(rf"((?:{_MONTH_RX})[ \t]*(?:พ\.ศ\.[ \t]*)?)({_D}{{4}})(?![0-9๐-๙])")


# With the fiscal year known, a repaired year must fall in the years its report covers.
FY_YEARS_BEFORE, FY_YEARS_AFTER = 2, 1


def _digit_edits(text: str, fiscal_year: int | None = None) -> list[tuple[Edit, str]]:
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
            out.append((Edit(m.start(2), m.end(2), fixed[1], DIGIT_SWAP_SCORE), year))
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
                out.append((Edit(m.start(), m.end(), "".join(fixed), DIGIT_SWAP_SCORE), before))
    return out


# Between the letters a dot, a dot read as ุ, or both ("ก.ุย.").
_ABBR_SPAN = re.compile(r"(?<![ก-์])[ก-ฮ][ิี]?[.ุ:,]{0,2}[ \t]?[ก-ฮ][.ุ:,]?(?![ก-์])")
_NUMBER_AFTER = re.compile(r"[ \t]*[0-9๐-๙]")
_RANGE_BEFORE = re.compile(r"[0-9๐-๙][ \t]*[-–][ \t]*$")
_ABBREVIATIONS = (*_MONTH_ABBR, "พ.ศ.")
ABBR_MAX_COST = 1.0


def _abbreviation_edits(text: str, lex: Lexicon) -> list[tuple[Edit, str]]:
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
        out.append((Edit(m.start(), end, abbr, _clip(0.99 - 0.05 * cost)), span))
    return out


# A dot closing a Thai *word* (it has a vowel or mark) is a speck: abbreviations (พ.ศ.,
# อบต., ต.ค.) are consonants only or hold a dot of their own.
_WORD_DOT = re.compile(r"(?<![ก-๛.])([ก-์]{4,}[ะ-ฺเ-์][ก-์]*)(\.)(?=[ \t]+[^\s\-–.]|[ \t]*$)", re.M)
_UNMATCHED_CLOSE = re.compile(r"(?m)^([^(\n]*?)([ \t]+\))[ \t]*$")


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
_AR_TO_TH = str.maketrans("0123456789", _TH_DIGITS)


# Look-alikes seen only with an expected value to check against (๑ for ๖ in TLWG fonts).
_FIT_LOOKALIKES = frozenset({("๑", "๖"), ("๖", "๑"), ("๙", "๖")})


def _uniform_number(s: str) -> bool:
    return bool(re.fullmatch(r"[0-9]+|[๐-๙]+", s))


def _fits(read: str, expected: str) -> bool:
    """Whether OCR could have read `expected` as `read`: each digit equal, a look-alike Thai
    digit (๖/๒, ๓/๘, ๔/๕), or a glyph that is no digit of the number's own script."""
    if len(read) != len(expected):
        return False
    thai = any(ch in _TH_DIGITS for ch in expected)
    for r, e in zip(read, expected):
        if r == e or _DIGIT_SWAPS.get(r) == e or (r, e) in _FIT_LOOKALIKES:
            continue
        if thai and r not in _TH_DIGITS:
            continue  # an Arabic digit or letter where a Thai digit was: misread glyph
        return False
    return True


def _styled(year: int, like: str) -> str:
    digits = str(year)[-len(like):]
    return digits.translate(_AR_TO_TH) if any(ch in _TH_DIGITS for ch in like) else digits


def _year_width(read: str) -> int:
    return 2 if len(read) <= 3 else 4


def _fits_with_speck(read: str, expected: str) -> bool:
    """`_fits`, or fits once one extra glyph is dropped ("๒๒๐" for "๖๖")."""
    if len(read) == len(expected) + 1:
        return any(_fits(read[:i] + read[i + 1:], expected) for i in range(len(read)))
    return _fits(read, expected)


def _fiscal_year_edits(text: str, fiscal_year: int) -> list[tuple[Edit, str]]:
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
                    out.append((Edit(m.start(g), m.end(g), want, FISCAL_YEAR_SCORE), m.group(g)))
    for m in _FY_PERIOD_GARBLED.finditer(text):
        start, end = m.group(3), m.group(7)
        script = start + end
        if (start, end) != (_styled(fiscal_year - 1, script)[-len(start):],
                            _styled(fiscal_year, script)[-len(end):]):
            continue
        for g, month in ((1, "ต.ค."), (5, "ก.ย.")):
            if m.group(g) not in _MONTH_ABBR:
                out.append((Edit(m.start(g), m.end(g), month, FISCAL_YEAR_SCORE), m.group(g)))
    for m in _BUDGET_YEAR.finditer(text):
        year = m.group(2)
        if _uniform_number(year) and _YEAR_MIN <= _num(year) <= _YEAR_MAX:
            continue  # a real year: the author may name another budget year
        want = _styled(fiscal_year, year)
        if _fits(year, want):
            out.append((Edit(m.start(2), m.end(2), want, FISCAL_YEAR_SCORE), year))
    return out


FISCAL_YEAR_SCORE = 0.93


_WORD_BEFORE = re.compile(r"[ก-์]+$")
_TAIL_MARKS = "่้๊๋็ิีึืุู์ั"


def _mark_read_as_dot(text: str, pos: int, speck: str, lex: Lexicon) -> str | None:
    """The one mark that, put where a trailing dot was read, completes the word before it
    ("มีการรับรู ." → "มีการรับรู้"); None when the dot is only a speck."""
    if speck.strip() not in (".", ","):
        return None
    run = _WORD_BEFORE.search(text[:pos])
    if run is None or run.group(0) in lex.words:
        return None
    toks = [t for _, _, t in _tokens(run.group(0))]
    for word in ("".join(toks[-2:]), toks[-1]):  # "รับ|รู" is read as two known pieces
        if word in lex.words or len(word) < 3:
            continue
        fits = [m for m in _TAIL_MARKS if lex.frequency(word + m) >= COMMON_FREQ]
        if len(fits) == 1:
            return fits[0]
    return None


# The ITA indicator code OIT in parentheses read as digits ("(017)", "(0171)"): a leading 0
# is no number anyone writes in brackets.
_OIT = re.compile(r"(?<=\()[ \t]*([0Oo๐][1Il|!][17Tl1|][1Il|]?)[ \t]*(?=\))")
OIT_SCORE = 0.93


def _oit_edits(text: str) -> list[tuple[Edit, str]]:
    return [(Edit(m.start(1), m.end(1), "OIT", OIT_SCORE), m.group(1))
            for m in _OIT.finditer(text) if m.group(1) != "OIT"]


_THAI_RUN = re.compile(r"[ก-์]+")


def _may_be_letter(text: str, end: int, lex: Lexicon, speck: str) -> bool:
    """Whether a speck glued to the Thai after it may be a letter read wrong: the run then
    starts with no word ("'อจัดจ้าง" for ซื้อจัดจ้าง, ". อกาส" for โอกาส), or a thin speck
    (! | l) with เ in its place starts a word too ("!ปิดให้" may be เปิดให้)."""
    if speck[-1:].isspace():
        return False  # a space after the speck: it stands apart
    run = _THAI_RUN.match(text, end)
    if run is None:
        return False
    toks = _tokens(run.group(0))
    first = toks[0][2]
    if len(first) == 1 or (_is_fragment(first, lex) and first not in _dictionary_words()):
        return True
    if speck.strip()[-1:] in "!|lI1":
        as_e = _tokens("เ" + run.group(0))[0][2]
        return len(as_e) >= 3 and as_e in _dictionary_words()
    return False


_THAI_RUN_END = re.compile(r"[ก-์]+$")


def _ends_a_fragment(text: str, start: int, lex: Lexicon, speck: str) -> bool:
    """Whether a speck glued after Thai follows a piece of a word ("ปีงบประม'" for
    ปีงบประมาณ): then it is what is left of the letters lost, not dust."""
    if speck[:1].isspace():
        return False
    run = _THAI_RUN_END.search(text, 0, start)
    if run is None:
        return False
    last = _tokens(run.group(0))[-1][2]
    return len(last) == 1 or (_is_fragment(last, lex) and last not in _dictionary_words())


def _layout_edits(text: str, lex: Lexicon | None = None) -> list[tuple[Edit, str]]:
    out = []
    for m in _WORD_DOT.finditer(text):
        if "ฯ" not in m.group(1):
            out.append((Edit(m.start(2), m.end(2), "", STRAY_SCORE), "."))
    for m in _UNMATCHED_CLOSE.finditer(text):
        out.append((Edit(m.start(2), m.end(2), "", STRAY_SCORE), m.group(2)))
    for m in _BORDER_START.finditer(text):
        if lex and _may_be_letter(text, m.end(), lex, m.group(2)):
            continue
        out.append((Edit(m.start(2), m.end(), "", BORDER_SCORE), text[m.start(2):m.end()]))
    for m in _BORDER_END.finditer(text):
        mark = _mark_read_as_dot(text, m.start(), m.group(0), lex) if lex else None
        out.append((Edit(m.start(), m.end(), mark or "", BORDER_SCORE), m.group(0)))
    for m in _STRAY.finditer(text):
        if m.group(0).strip() == "." and _ABBR_BEFORE.search(text, 0, m.start()):
            continue  # "พศ . 2567": the dot of an abbreviation whose other dot was lost
        if lex and (_may_be_letter(text, m.end(), lex, m.group(0))
                    or _ends_a_fragment(text, m.start(), lex, m.group(0))):
            continue
        out.append((Edit(m.start(), m.end(), "", STRAY_SCORE), m.group(0)))
    out.extend(_bullets_read_as_one(text))
    return out


# --- ocr_confusion.latin: Thai print the Thai model read as Latin letters ----------------

# Each pattern is a reading tesseract gives for one Thai word, in the one context that
# names the word: และ as "WAY"/"Was"/"uaz" before Thai words; พ.ศ. as "WA." before a
# Buddhist-era year; ต.ค. as "A.A." opening a quarter to ธ.ค. (A.A. may be ก.ค. too, but
# ก.ค.-ธ.ค. is no quarter nor half of a fiscal year);
# ณ as a lone "a" before ที่/วันที่/จุด; วันที่ as a short Latin word before a day and a month;
# the "No" of the NACC's "No Gift Policy"; the e of e-Service, e-GP as ๑ (no Thai digit
# starts a Latin name).
_MONTH_START = "|".join(sorted({re.escape(m[:3]) for m in _MONTHS}
                               | {re.escape(m) for m in _MONTH_ABBR}, key=len, reverse=True))
_DAY_THEN_MONTH = rf"[ \t]*[0-9๐-๙]{{1,2}}[ \t]*(?:{_MONTH_START})"
_LATIN_READINGS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<=[ก-์A-Za-z)][ \t])(?:[Ww][Aa][SsYyZz]|[Uu]a[Zz])(?=[ \t]+[ก-์])"), "และ"),
    (re.compile(r"(?<=[ก-์][ \t])[A-Za-z]{1,3}[.,](?=[ \t]*(?:25|๒๕)[0-9๐-๙]{2}(?![0-9๐-๙]))"),
     "พ.ศ."),
    (re.compile(r"(?<![A-Za-z.])A\.?A[.,](?=[ \t]*(?:[0-9๐-๙]{2,4}[ \t]*)?[-–=][ \t]*ธ\.ค)"),
     "ต.ค."),
    (re.compile(rf"(?<=[ก-์][ \t])a(?=[ \t]+(?:วันที่|ที่|จุด|[A-Za-z]{{2,4}}{_DAY_THEN_MONTH}))"),
     "ณ"),
    (re.compile(rf"(?<=[ก-์a][ \t])(?!No\b)[A-Za-z]{{2,4}}(?={_DAY_THEN_MONTH})"), "วันที่"),
    (re.compile(r"(?<=\()[ \t]*(?!No\b)[^\s()]{1,3}(?=[ \t]+Gift[ \t]+Policy)"), "No"),
    (re.compile(r"(?<![0-9๐-๙A-Za-z])๑-(?=[A-Z][A-Za-z])"), "e-"),
)
LATIN_SCORE = 0.93


def _latin_edits(text: str) -> list[tuple[Edit, str]]:
    out = []
    for rx, word in _LATIN_READINGS:
        for m in rx.finditer(text):
            if m.group(0).strip() != word:
                out.append((Edit(m.start(), m.end(), word, LATIN_SCORE), m.group(0)))
    return out


# A bullet (•) reads as ๑: at a line's start or glued to the word before, then a space and
# a new clause ("…เว็บไซต์๑ มอบหมายเจ้าหน้าที่"). A real one counts something: it follows a
# word that takes a number (ครั้งที่๑, ข้อ๑) or precedes a classifier or a month (๑ ครั้ง,
# ๑ เมษายน).
_BULLET_ONE = re.compile(r"(?m)(?:^[ \t]*|(?<=[ก-์]))(๑)(?=[ \t]+[ก-์])")
_TAKES_NUMBER = frozenset("""ที่ ข้อ ละ ครั้ง ครั้งที่ ฉบับ ฉบับที่ หมู่ หมู่ที่ ชั้น ระดับ ลำดับ
    ลำดับที่ ไตรมาส ไตรมาสที่ ปี เดือน วัน วันที่ จำนวน รอบ รอบที่ อันดับ มาตรา ประเภท กลุ่ม
    ชุด ห้อง ภาค ตอน เล่ม หน้า แห่ง เป็น ร้อยละ อัตรา เลขที่ ที วันที ทั้ง""".split())  # (ที, วันที: a mark dropped)
_CLASSIFIERS = frozenset("""คน ครั้ง เรื่อง ราย ฉบับ ช่องทาง โครงการ กิจกรรม หน่วยงาน แห่ง
    ชุด รอบ เดือน ปี วัน ข้อ ระบบ บริการ หลักสูตร ประเภท กลุ่ม ตำแหน่ง ชั่วโมง สัปดาห์
    ไตรมาส ฝ่าย กอง ส่วน งาน ระดับ คะแนน เท่า บาท ล้าน แสน หมื่น พัน ร้อย""".split())
BULLET_SCORE = 0.93


def _bullets_read_as_one(text: str) -> list[tuple[Edit, str]]:
    out = []
    for m in _BULLET_ONE.finditer(text):
        before = _WORD_BEFORE.search(text[:m.start()])
        if before is not None and _tokens(before.group(0))[-1][2] in _TAKES_NUMBER:
            continue
        after = re.match(r"[ \t]+([ก-์]+)", text[m.end():])
        if after is None or _tokens(after.group(1))[0][2] in _CLASSIFIERS:
            continue
        if re.match(_MONTH_RX, text[m.end() + len(after.group(0)) - len(after.group(1)):]):
            continue  # a date: "๑ เมษายน ๒๕๖๗"
        end = m.end() + len(after.group(0)) - len(after.group(1))
        out.append((Edit(m.start(), end, "" if before is None else " ", BULLET_SCORE),
                    text[m.start():end]))
    return out


# --- token corrections: ocr_confusion (confusion-class only) and lexicon ---------------

@cache
def _tokenizer_trie():
    from pythainlp.corpus import thai_words
    from pythainlp.util import Trie

    from normalize.lexicon import base_lexicon, ita_words

    lex = base_lexicon()
    words = set(thai_words()) | set(ita_words()) | place_names()
    words |= {w for w, n in lex.freq.items() if n >= 100 and len(w) > 1}
    return Trie(words)


# Spoken particles and chat spellings: common in the corpora, never in an official report,
# so never what a misread word of one was ("ตู้รับ" read "คัรับ" is no ครับ).
SPOKEN_WORDS = frozenset("""ครับ คร้าบ ค่ะ คะ ค๊ะ ขอรับ จ้ะ จ๊ะ จ้า จ๋า ฮะ เหรอ หรอ มั้ย ป่ะ
    อ่ะ อะ เนอะ เถอะ แหละ น่ะ นะคะ นะครับ งับ""".split())


@cache
def _candidate_pool() -> dict[int, tuple[str, ...]]:
    """Correction targets by length: common words, ITA words and place names only."""
    from pythainlp.corpus import thai_words

    from normalize.lexicon import base_lexicon, ita_words

    lex = base_lexicon()
    pool = set(thai_words()) | set(ita_words()) | place_names()
    pool |= {w for w, n in lex.freq.items() if n >= 100}
    by_len: dict[int, list[str]] = {}
    for w in pool - SPOKEN_WORDS:
        if _thai_only(w) and len(w) >= 2:
            by_len.setdefault(len(w), []).append(w)
    return {k: tuple(sorted(v)) for k, v in by_len.items()}


def _tokens(text: str) -> list[tuple[int, int, str]]:
    from pythainlp.tokenize import word_tokenize

    out, pos = [], 0
    for tok in word_tokenize(text, engine="newmm", custom_dict=_tokenizer_trie(),
                             keep_whitespace=True):
        out.append((pos, pos + len(tok), tok))
        pos += len(tok)
    return out


# A span this short with one of its letters changed (not only a mark) is near too many
# words for a letter-shape slip to say which.
SHORT_SPAN = 3


def _changes_a_letter(span: str, word: str) -> bool:
    return any(ch not in MARKS for ch in _changed_glyphs(span, word))


# Function words too short and common to be judged alone, except known OCR drops.
_DROPPED_MARK = {"ที": "ที่", "ทิ": "ที่"}  # ที่'s two marks read as one ิ
DROPPED_MARK_SCORE = 0.92
TOKEN_MAX_LEN = 24


@dataclass(frozen=True)
class _TokenFix:
    start: int
    end: int
    before: str
    after: str
    score: float
    confusion_only: bool


FREQ_BONUS = 0.05
# Score = 1 - weight × cost per letter - a penalty per non-OCR (hard) edit - ambiguity.
TOKEN_COST_WEIGHT = 1.5
HARD_OP_PENALTY = 0.15
# Two words whose (frequency-adjusted) costs are this close make the pick a guess.
AMBIGUITY_MARGIN = 0.2


def _score_token(cost: float, hard: int, length: int, margin: float) -> float:
    per_char = cost / max(3, length)
    base = 1.0 - TOKEN_COST_WEIGHT * per_char - HARD_OP_PENALTY * hard
    # Another word nearly as near makes the pick a guess.
    ambiguity = 0.0 if margin >= AMBIGUITY_MARGIN else 0.4 * (1.0 - margin / AMBIGUITY_MARGIN)
    return _clip(base - ambiguity)


def _edge_piece(a: str, b: str) -> bool:
    """Whether one string is the other plus a piece with a letter at its start or end."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if long_.startswith(short):
        piece = long_[len(short):]
    elif long_.endswith(short):
        piece = long_[:len(long_) - len(short)]
    else:
        return False
    return any(ch not in MARKS for ch in piece)


@lru_cache(maxsize=65536)
def _candidates(s: str, extra: tuple[str, ...]) -> list[tuple[float, int, str]]:
    """Words near `s`, cheapest first: (cost less frequency bonus, hard ops, word)."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    from normalize.lexicon import base_lexicon

    lex = base_lexicon()

    limit = max(1, min(3, len(s) // 3))
    pool = _candidate_pool()
    found: dict[str, tuple[float, int]] = {}
    for length in range(max(2, len(s) - limit), len(s) + limit + 1):
        words = pool.get(length, ())
        if not words:
            continue
        for w, _, _ in process.extract(s, words, scorer=Levenshtein.distance,
                                       score_cutoff=limit, limit=None):
            found[w] = weighted_distance(s, w)
    for w in extra:
        if abs(len(w) - len(s)) <= limit:
            found[w] = weighted_distance(s, w)
    # Dropping or adding a whole piece at an edge merges tokens; it corrects nothing.
    found = {w: v for w, v in found.items() if not _edge_piece(s, w)}
    # Among near candidates a common word is the likelier reading: cost less a frequency bonus.
    ranked = sorted(((round(c - FREQ_BONUS * math.log10(1 + lex.frequency(w)), 6), h, w)
                     for w, (c, h) in found.items()))
    return ranked


# A token newmm cut out of a word it did not know: not a word, or a rare one.
RARE_FREQ = 300
MAX_WINDOW_TOKENS = 4
# A span whose every token is a dictionary word has a reading already; doubt the fix more.
VALID_READING_PENALTY = 0.05


_LONE_WORDS = frozenset("ณฯๆ")
_DIGIT = re.compile(r"[0-9๐-๙]")


def _is_fragment(tok: str, lex: Lexicon) -> bool:
    if len(tok) == 1:
        return tok not in _LONE_WORDS  # a lone consonant is a piece of something
    return tok not in lex.words or lex.frequency(tok) < RARE_FREQ


# In a line read mostly as fragments the neighbours of a word are garbage too, so a
# near word found there is a guess: above this share of fragment letters, doubt grows.
GARBLE_SHARE = 0.5
GARBLE_WEIGHT = 0.5


_JUNK = re.compile(r"[@«»#%&*~^]|[0-9๐-๙][^\W\d_]|[^\W\d_][0-9๐-๙]")
_JUNK_RUN = re.compile(r"[@«»#%&*~^]|[A-Za-z][0-9๐-๙]|[0-9๐-๙][A-Za-z]"
                       r"|[ก-์A-Za-z][0-9๐-๙]+[ก-์A-Za-z]")


@cache
def _dictionary_words() -> frozenset[str]:
    """Words a dictionary or the ITA lists hold: real however seldom a corpus counts them
    (ระยะเวลา, เรื่องร้องเรียน), unlike corpus debris that only the frequency list has."""
    from pythainlp.corpus import thai_orst_words, thai_volubilis_words, thai_words

    from normalize.lexicon import ita_words

    words = set(thai_words()) | set(thai_orst_words()) | set(thai_volubilis_words())
    return frozenset(words | set(ita_words()) | _domain_words() | place_names())


def _garble_penalty(toks: Sequence[tuple[int, int, str]], lex: Lexicon,
                    dictionary: bool = False) -> float:
    """Doubt from the share of a line's letters that read as fragments or as junk (symbols,
    Latin letters mixed with digits); with `dictionary`, a dictionary word no corpus counts
    (ระยะเวลา) is no fragment. Tokens are judged, not space-free runs: Thai puts no spaces
    between words, and a number glued to its word ("ร้อยละ๘๕") is how Thai is typed."""
    text = "".join(t for _, _, t in toks)
    chunks = [c for c in text.split() if not re.fullmatch(r"[0-9๐-๙.,/()\-–]+", c)]
    letters = sum(len(c) for c in chunks)
    if not letters:
        return 0.0
    # A run with a symbol, Latin letters mixed with digits, or a number inside a word
    # ("โดย4ก็บรักษา") is garbage as a whole, as it was read.
    garbage = [m.span() for m in re.finditer(r"\S+", text) if _JUNK_RUN.search(m.group(0))]
    junk = sum(b - a for a, b in garbage)
    for k, (start, _, t) in enumerate(toks):
        if any(a <= start < b for a, b in garbage):
            continue
        if re.fullmatch(r"[0-9๐-๙]+[.,]?", t) and any(
                0 <= n < len(toks) and _thai_only(toks[n][2]) for n in (k - 1, k + 1)):
            # a number glued to Thai: it and the word it touches are doubtful, no more
            junk += len(t) + sum(len(toks[n][2]) for n in (k - 1, k + 1)
                                 if 0 <= n < len(toks) and _thai_only(toks[n][2])
                                 and not _is_fragment(toks[n][2], lex))
            continue
        if _thai_only(t):
            if (_is_fragment(t, lex)
                    and t not in _domain_words()  # ITA vocabulary is curated, never debris
                    and not (dictionary and t in _dictionary_words())):
                junk += len(t)
        elif _JUNK.search(t) or (re.search(r"[A-Za-z]", t) and re.search(r"[0-9๐-๙]", t)):
            junk += len(t)
    return max(0.0, min(1.0, junk / letters) - GARBLE_SHARE) * GARBLE_WEIGHT


# A fix toward a word reports seldom use is doubted, unless it is a domain or place word.
COMMON_FREQ = 1000
# The same bar in Phupha's counts, which keep compounds TNC/TTC split (การปฏิบัติ,
# จัดซื้อจัดจ้าง): words both count (ที่, การ, ต้อง, ครั้ง) stand 130-300 times higher there.
PHUPHA_COMMON = 200 * COMMON_FREQ
PHUPHA_MIN_LEN = 6
# Words read correctly one by one are doubted only when, joined, they are one mark away
# from a word this common ("ความเสียง" → "ความเสี่ยง").
COMPOUND_FREQ = 5000
RARE_TARGET_PENALTY = 0.1
# ...and a fix by OCR confusions alone toward a word of some length the corpora call
# common is believed a little more: short words (คง, เลย, แอบ) are near too many
# misreadings, and a domain word no corpus counts (เฟซบุ๊ก) has no such evidence.
TRUSTED_TARGET_BONUS = 0.05
TRUSTED_TARGET_LEN = 4


def _common_word(word: str, lex: Lexicon) -> bool:
    from normalize.lexicon import compound_frequencies

    # Phupha's short entries hold segmentation debris (นาท 1.4 M): only compounds count
    return (lex.frequency(word) >= COMMON_FREQ
            or (len(word) >= PHUPHA_MIN_LEN
                and compound_frequencies().get(word, 0) >= PHUPHA_COMMON))


@lru_cache(maxsize=64)
def _trusted_targets(extra: tuple[str, ...]) -> frozenset[str]:
    from normalize.lexicon import ita_phrases, ita_words

    words = set(ita_words()) | place_names() | set(extra)
    for p in ita_phrases():
        words.update(p.split())
    return frozenset(words)


def _mark_keys(word: str) -> set[str]:
    """The word and the word less any one mark: two strings one mark apart share a key."""
    return {word} | {word[:i] + word[i + 1:] for i, ch in enumerate(word) if ch in MARKS}


@cache
def _domain_words() -> frozenset[str]:
    """ITA words and the space-free runs of ITA phrases: the report's own vocabulary."""
    from normalize.lexicon import ita_phrases, ita_words

    words = {w for w in ita_words() if _thai_only(w)}
    for p in ita_phrases():
        words.update(part for part in p.split() if _thai_only(part))
    return frozenset(words)


def _compound_target(word: str, lex: Lexicon) -> bool:
    """Whether two real words may be doubted as a misreading of `word`: it is common, or
    it is ITA vocabulary (ความเสี่ยง, เรื่องร้องเรียน are rare in the general corpora)."""
    return lex.frequency(word) >= COMPOUND_FREQ or word in _domain_words()


@cache
def _common_mark_index() -> frozenset[str]:
    from normalize.lexicon import base_lexicon

    keys: set[str] = set()
    for w, n in base_lexicon().freq.items():
        if n >= COMPOUND_FREQ and _thai_only(w):
            keys |= _mark_keys(w)
    for w in _domain_words():
        keys |= _mark_keys(w)
    return frozenset(keys)


def _one_mark_from_common(span: str) -> bool:
    return not _mark_keys(span).isdisjoint(_common_mark_index())


def _between_words(toks: Sequence[tuple[int, int, str]], i: int, lex: Lexicon) -> bool:
    """Whether token i stands between whitespace, line edges or common words."""
    for k in (i - 1, i + 1):
        if 0 <= k < len(toks):
            t = toks[k][2]
            if _thai_only(t) and _is_fragment(t, lex):
                return False
    return True


def _token_fixes(text: str, lex: Lexicon, extra: Sequence[str],
                 protected: Sequence[tuple[int, int]]) -> list[_TokenFix]:
    """Best word for each span of 1-4 tokens that holds a fragment, non-overlapping."""
    toks = _tokens(text)
    proposals: list[_TokenFix] = []
    doubt = _garble_penalty(toks, lex)
    for i, (s0, e0, tok) in enumerate(toks):
        if (tok in _DROPPED_MARK and not _overlaps(protected, s0, e0)
                and _between_words(toks, i, lex) and _among_common_words(toks, i, i, lex)):
            proposals.append(_TokenFix(s0, e0, tok, _DROPPED_MARK[tok],
                                       DROPPED_MARK_SCORE - doubt, True))
            continue
        for j in range(i, min(len(toks), i + MAX_WINDOW_TOKENS)):
            piece = toks[i:j + 1]
            if not _thai_only(piece[-1][2]):
                break
            ws, we = piece[0][0], piece[-1][1]
            span = text[ws:we]
            if we - ws > TOKEN_MAX_LEN or _overlaps(protected, ws, we):
                break
            if span[0] in MARKS or span[0] in "ะาำ":
                break  # a piece starting with a mark belongs to the word before it
            if "\u0e4d" in span:
                break  # a split sara am ("ประจํ าปี") is the Unicode rules' to join
            if len(span) <= 2 and _beside_non_word(toks, i, j):
                continue  # "ก้า|ศง|นิ": two letters among non-words are a guess
            if _DIGIT.match(text[ws - 1:ws]) or _DIGIT.match(text[we:we + 1]):
                continue  # glued to a number: a misread digit, not a word
            if span in lex.words:
                continue
            if not _among_common_words(toks, i, j, lex):
                # "มากิ|คาวาเซะ", "การี|ตา": a syllable of a name; "โคร|งก|ภารอบรม": the
                # misread runs on into the rare piece beside it
                continue
            whole_words = not any(_is_fragment(t[2], lex) for t in piece)
            if whole_words and len(piece) < 2:
                continue  # a lone real word needs a language model to doubt it
            if whole_words and not _one_mark_from_common(span):
                continue  # real words joined: doubted only one mark from a common word
            ranked = _candidates(span, tuple(extra))
            if not ranked:
                continue
            cost, hard, word = ranked[0]
            if len(span) <= SHORT_SPAN and _changes_a_letter(span, word):
                continue  # แลย → เลย? three letters, one of them changed: too near to guess
            if whole_words and (hard or not _compound_target(word, lex)
                                or weighted_distance(span, word)[0] > COST_MARK_SUB):
                continue
            margin = ranked[1][0] - cost if len(ranked) > 1 else 1.0
            score = _score_token(cost, hard, len(word), margin)
            if all(t[2] in lex.words and len(t[2]) > 1 for t in piece):
                score -= VALID_READING_PENALTY
            common = _common_word(word, lex)
            if not common and word not in _trusted_targets(extra):
                score -= RARE_TARGET_PENALTY  # คว้า, ครุย, เสลี่ยง: rarely what a report meant
            elif len(word) >= TRUSTED_TARGET_LEN and not hard and common:
                score += TRUSTED_TARGET_BONUS  # สะดวก, การปฏิบัติ: what a report does say
            score -= doubt
            proposals.append(_TokenFix(ws, we, span, word, _clip(score), hard == 0))
    chosen: list[_TokenFix] = []
    for f in sorted(proposals, key=lambda f: (-f.score, f.start)):
        if all(f.end <= c.start or c.end <= f.start for c in chosen):
            chosen.append(f)
    return sorted(chosen, key=lambda f: f.start)


def _best_proposals(proposals: list[tuple[float, int, int, str, str]],
                    tie: Callable[[int, int], int]) -> list[tuple[Edit, str]]:
    """Proposals (score, start, end, before, after) as edits, the best of any overlapping
    ones kept; `tie` orders equal scores by their span."""
    out: list[tuple[Edit, str]] = []
    taken: list[tuple[int, int]] = []
    for score, ws, we, span, word in sorted(proposals, key=lambda p: (-p[0], tie(p[1], p[2]))):
        if not _overlaps(taken, ws, we):
            taken.append((ws, we))
            out.append((Edit(ws, we, word, _clip(score)), span))
    return out


def _thai_windows(text: str, toks: Sequence[tuple[int, int, str]], most: int,
                  least: int = 1) -> Iterator[tuple[int, int, int, int, str]]:
    """Runs of `least` to `most` tokens ending on a Thai token: (i, j, start, end, text)."""
    for i in range(len(toks)):
        for j in range(i, min(len(toks), i + most)):
            if not _thai_only(toks[j][2]):
                break
            if j - i + 1 >= least:
                yield i, j, toks[i][0], toks[j][1], text[toks[i][0]:toks[j][1]]


# --- ocr_confusion.compound: real words side by side that one known word explains ------

# Words read right one by one can still be a misreading: จัด|ชื่อ is จัดซื้อ, ตำ|กว่า is
# ต่ำกว่า, เฉย… The evidence is a word count that keeps compounds whole (Phupha): the
# compound one or two OCR slips away is common and the reading, joined, is not a word.
COMPOUND_COUNT = 50_000
COMPOUND_RIVAL_RATIO = 5
COMPOUND_MAX_COST = 0.8
COMPOUND_BASE_SCORE = 0.91
COMPOUND_SLOPE = 0.02
COMPOUND_EXTRA_OP = 0.02
COMPOUND_MAX_SCORE = 0.96


@lru_cache(maxsize=65536)
def _editops(a: str, b: str) -> tuple:
    """Levenshtein edit operations turning `a` into `b`, for the rules that ask what changed."""
    from rapidfuzz.distance import Levenshtein

    return tuple(Levenshtein.editops(a, b))


def _changed_glyphs(a: str, b: str) -> set[str]:
    """Every glyph an edit from `a` to `b` removes, replaces or brings in."""
    out = set()
    for op in _editops(a, b):
        if op.tag in ("replace", "delete"):
            out.add(a[op.src_pos])
        if op.tag in ("replace", "insert"):
            out.add(b[op.dest_pos])
    return out


@cache
def _shape_component() -> dict[str, str]:
    """Each glyph of a shape class mapped to one glyph of its connected group of classes."""
    parent: dict[str, str] = {}

    def root(c: str) -> str:
        while parent.setdefault(c, c) != c:
            c = parent[c]
        return c

    for cls in _SHAPE_CLASSES:
        for c in cls[1:]:
            parent[root(c)] = root(cls[0])
    return {c: root(c) for c in parent}


def _skeleton(word: str) -> str:
    comp = _shape_component()
    return "".join(comp.get(c, c) for c in word if c not in MARKS)


@cache
def _compound_index() -> dict[str, tuple[str, ...]]:
    """The ITA vocabulary by skeleton: the words a compound fix may aim at. Common words
    at large are too near to names and foreign words cut into syllables (ฮิ|โร, แบบ|มี)."""
    words = {w for w in _domain_words() if len(w) >= 4}
    index: dict[str, list[str]] = {}
    for w in words:
        index.setdefault(_skeleton(w), []).append(w)
    return {k: tuple(sorted(v)) for k, v in index.items()}


@cache
def _dictionary_index() -> dict[str, tuple[str, ...]]:
    """Every dictionary word by skeleton: the readings a compound fix must beat."""
    index: dict[str, list[str]] = {}
    for w in _dictionary_words():
        if len(w) >= 3 and _thai_only(w):
            index.setdefault(_skeleton(w), []).append(w)
    return {k: tuple(v) for k, v in index.items()}


def _compound_count(word: str) -> int:
    from normalize.lexicon import compound_frequencies

    n = compound_frequencies().get(word, 0)
    return max(n, COMPOUND_COUNT) if word in _domain_words() else n


@cache
def _known_words() -> frozenset[str]:
    """Dictionary words and common compounds: what a run of letters may be read as."""
    from normalize.lexicon import compound_frequencies

    return _dictionary_words() | {w for w, n in compound_frequencies().items()
                                  if n >= COMPOUND_COUNT}


_UPPER_VOWEL_SET = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47")
_TONE_SET = frozenset("\u0e48\u0e49\u0e4a\u0e4b\u0e4c")


def _slips_ocr_makes(span: str, word: str) -> bool:
    """Whether every difference is a slip OCR makes on print: a mark dropped, a tone read
    as another tone, an upper vowel as another, a letter as one of its shape class. A mark
    OCR would have had to invent (ให้มี → ใหม่) is no misreading."""
    for op in _editops(span, word):
        if op.tag == "insert":
            if word[op.dest_pos] not in MARKS:
                return False
        elif op.tag == "replace":
            a, b = span[op.src_pos], word[op.dest_pos]
            if not ((a in _TONE_SET and b in _TONE_SET)
                    or (a in _UPPER_VOWEL_SET and b in _UPPER_VOWEL_SET)
                    or (a, b) in _SHAPE):
                return False
        else:
            return False
    return True


def _edited_positions(span: str, word: str, at: int) -> set[int]:
    """Where in the text the letters an edit changes (or inserts before) stand."""
    return {at + op.src_pos for op in _editops(span, word)}


def _edit_in_crossing_word(text: str, ws: int, we: int, edited: set[int]) -> bool:
    """Whether a known word running across an edge of text[ws:we] holds an edited letter:
    in เป็น|ช่อง|ทางใน the อ of ช่อง belongs to ช่องทาง, so no เป็นช่วง was misread."""
    known = _known_words()
    for k in range(max(0, ws - TOKEN_MAX_LEN), we):
        for end in range(k + 2, min(len(text), k + TOKEN_MAX_LEN) + 1):
            crosses = (k < ws < end) or (k < we < end)
            if (crosses and any(k <= p < end for p in edited)
                    and text[k:end] in known):
                return True
    return False


def _compound_fixes(text: str, toks: Sequence[tuple[int, int, str]], lex: Lexicon,
                    protected: Sequence[tuple[int, int]]) -> list[tuple[Edit, str]]:
    from normalize.lexicon import compound_frequencies

    counts = compound_frequencies()
    index = _compound_index()
    doubt = _garble_penalty(toks, lex, dictionary=True)
    proposals: list[tuple[float, int, int, str, str]] = []
    for i, j, ws, we, span in _thai_windows(text, toks, MAX_WINDOW_TOKENS, least=2):
        piece = toks[i:j + 1]
        if we - ws > TOKEN_MAX_LEN or _overlaps(protected, ws, we):
            continue  # longer runs from here are longer still, and overlap it too
        if span in lex.words or counts.get(span, 0):
            continue
        if any(_is_fragment(t, lex) and t not in _dictionary_words() for _, _, t in piece):
            continue  # a non-word among them: the token fixes' to read
        if _DIGIT.match(text[ws - 1:ws]) or text[we:we + 1] in MARKS:
            continue
        found = []
        for w in index.get(_skeleton(span), ()):
            cost, hard = weighted_distance(span, w)
            if not hard and 0 < cost <= COMPOUND_MAX_COST and _slips_ocr_makes(span, w):
                found.append((_compound_count(w), w, cost))
        if not found:
            continue
        found.sort(reverse=True)
        n, word, cost = found[0]
        if any(m * COMPOUND_RIVAL_RATIO > n for m, _, _ in found[1:]):
            continue  # two known words fit the reading alike
        if any(w != word and weighted_distance(span, w)[0] <= cost
               for w in _dictionary_index().get(_skeleton(span), ())):
            continue  # ชี|วัด is ชี้วัด one mark away before it is ชีวิต
        if _edit_in_crossing_word(text, ws, we, _edited_positions(span, word, ws)):
            continue  # the letters changed are read right as part of another word
        ops = len(_editops(span, word))
        score = (COMPOUND_BASE_SCORE + COMPOUND_SLOPE * math.log10(n / COMPOUND_COUNT)
                 - COMPOUND_EXTRA_OP * (min(ops, 3) - 1))
        proposals.append((min(score, COMPOUND_MAX_SCORE) - doubt, ws, we, span, word))
    return _best_proposals(proposals, lambda ws, we: ws)


# --- ocr_confusion.marks: a dropped upper mark, decided by how words are used ---------

# Tone marks sit highest, above an upper vowel: tesseract drops them on small or blurred
# print (เรือง, ขืน, ตัง), more often than it drops the vowel under them.
_TONES = "\u0e48\u0e49\u0e4a\u0e4b"
_UPPER_VOWELS = "\u0e34\u0e35\u0e36\u0e37"
# The word with the mark must be common, and this many times more common than the word as
# read (เรื่อง 112 921 against เรือง 729; ที่ 881 490 against ที 13 523) and than any other
# way to complete it; เสียง/เสี่ยง or ยืน/ยื่น are both common and stay.
MARK_TARGET_FREQ = 1000
MARK_PRIOR_RATIO = 30
MARK_RIVAL_RATIO = 5
# A misread upper vowel (ยืม read ยิม) is as common an OCR slip as a dropped tone mark
# (ยิ้ม read ยิม): a word one vowel away vetoes at a twentieth of the target's frequency.
VOWEL_RIVAL_WEIGHT = 4
MARK_BASE_SCORE = 0.87
MARK_RATIO_SLOPE = 0.025
MARK_MAX_SCORE = 0.97
MARK_WINDOW_TOKENS = 3


def _mark_completions(span: str, lex: Lexicon) -> set[str]:
    """Words `span` becomes with one tone mark added, or with one upper vowel changed and
    a tone mark added (ขืน → ขึ้น; two letters are too few to tell that from a fragment)."""
    out = set()
    for i in range(1, len(span) + 1):
        for m in _TONES:
            w = span[:i] + m + span[i:]
            if w in lex.words and w not in SPOKEN_WORDS:
                out.add(w)
    if len(span) >= 3:
        for i, ch in enumerate(span):
            if ch not in _UPPER_VOWELS:
                continue
            for v in _UPPER_VOWELS:
                for t in _TONES[:2]:
                    w = span[:i] + v + t + span[i + 1:]
                    if w != span and w in lex.words:
                        out.add(w)
    return out


def _glued_letter(toks: Sequence[tuple[int, int, str]], k: int) -> bool:
    return 0 <= k < len(toks) and len(toks[k][2]) == 1 and "ก" <= toks[k][2] <= "ฮ" \
        and toks[k][2] not in _LONE_WORDS


def _among_common_words(toks: Sequence[tuple[int, int, str]], i: int, j: int,
                        lex: Lexicon) -> bool:
    """Whether every Thai token glued to toks[i..j] is a common word, an ITA word or a
    dictionary word too long to be a syllable of a name (ระยะเวลา)."""
    for k in (i - 1, j + 1):
        if 0 <= k < len(toks) and _thai_only(toks[k][2]):
            t = toks[k][2]
            if not (_common_word(t, lex) or t in _domain_words()
                    or (len(t) >= 5 and t in _dictionary_words())):
                return False
    return True


def _beside_non_word(toks: Sequence[tuple[int, int, str]], i: int, j: int) -> bool:
    """Whether a Thai token glued to the span is no dictionary word."""
    return any(0 <= k < len(toks) and _thai_only(toks[k][2])
               and toks[k][2] not in _dictionary_words() for k in (i - 1, j + 1))


def _glued_garbage(text: str, toks: Sequence[tuple[int, int, str]], i: int, j: int,
                   lex: Lexicon, count_before: bool = False, count_after: bool = False) -> bool:
    """Whether the span is glued to letters no dictionary knows or to digit-letter junk
    ("ก้าศงนิ", "ไอแต๓"): inside a garbled run a near word is a guess."""
    lo = text.rfind(" ", 0, toks[i][0]) + 1
    hi = text.find(" ", toks[j][1])
    chunk = text[lo:len(text) if hi < 0 else hi]
    # a number glued to the word that counts it ("๑ครั้ง", "ทั้ง๑๒") is how Thai is
    # typed, not junk: the caller says which side may hold one
    ws, we = toks[i][0] - lo, toks[j][1] - lo
    head, tail = chunk[:ws], chunk[we:]
    if count_before and head[-1:].isdigit():
        head = head.rstrip("0123456789๐๑๒๓๔๕๖๗๘๙") + " "
    if count_after and tail[:1].isdigit():
        tail = " " + tail.lstrip("0123456789๐๑๒๓๔๕๖๗๘๙")
    if _JUNK.search(head + chunk[ws:we] + tail):
        return True
    for k in (i - 1, j + 1):
        if 0 <= k < len(toks) and _thai_only(toks[k][2]):
            t = toks[k][2]
            if _is_fragment(t, lex) and t not in _dictionary_words():
                return True
    return False


def _inserted_vowel_rival(span: str, toks: Sequence[tuple[int, int, str]], j: int,
                          lex: Lexicon) -> bool:
    """Whether the span, without a below vowel OCR often invents (ุ ู), runs on into the
    next token as a common word: then the vowel is the error, not a missing mark."""
    if "\u0e38" not in span and "\u0e39" not in span or j + 1 >= len(toks):
        return False
    stripped = span.replace("\u0e38", "").replace("\u0e39", "")
    following = toks[j + 1][2]
    return any(lex.frequency(stripped + following[:k]) >= MARK_TARGET_FREQ
               for k in range(1, len(following) + 1) if _thai_only(following[:k]))


def _shape_rival(text: str, toks: Sequence[tuple[int, int, str]], i: int, j: int,
                 lex: Lexicon) -> bool:
    """Whether the span with a neighbour reads, one letter-shape slip away, as a common
    word (ตัง|กล่าว is ดังกล่าว, not ตั้ง กล่าว): then the missing mark is a guess."""
    for lo, hi in ((i - 1, j), (i, j + 1)):
        if lo < 0 or hi >= len(toks) or not all(_thai_only(t) for _, _, t in toks[lo:hi + 1]):
            continue
        joined = text[toks[lo][0]:toks[hi][1]]
        for cost, hard, word in _candidates(joined, ())[:3]:
            if (not hard and word != joined and lex.frequency(word) >= COMPOUND_FREQ
                    and weighted_distance(joined, word)[0] <= COST_SHAPE_SUB):
                return True
    return False


def _vowel_swaps(span: str, lex: Lexicon) -> set[str]:
    """Words `span` becomes with one upper vowel changed and no mark added (ยิม → ยืม): a
    rival reading to a mark added (ยิ้ม)."""
    return {w for i, ch in enumerate(span) if ch in _UPPER_VOWELS for v in _UPPER_VOWELS
            if (w := span[:i] + v + span[i + 1:]) != span and w in lex.words}


# --- marks only: the letters are all there, the marks above and below them are not ------

# Tesseract loses or confuses marks far more often than letters. A span whose letters,
# marks aside, are exactly those of one common word, and no other, is that word with its
# marks misread (หน่าท → หน้าที่, เพิมขึื้น → เพิ่มขึ้น, จัดซีอุจัดจ้าง → จัดซื้อจัดจ้าง), however
# many marks differ. Too few letters (พน|ท) fit too many words to say.
SKELETON_MIN_LETTERS = 4
SKELETON_RIVAL_RATIO = 10
SKELETON_SCORE = 0.93
SKELETON_MAX_MARK_OPS = 3  # เมอิก is no เมื่อกี้: five marks made up is a guess


def _mark_free(word: str) -> str:
    return "".join(c for c in word if c not in MARKS)


@cache
def _mark_free_index() -> dict[str, tuple[str, ...]]:
    """Common words, ITA words and place names by their letters without marks."""
    from normalize.lexicon import base_lexicon, compound_frequencies

    lex = base_lexicon()
    counts = compound_frequencies()
    words = {w for w, n in lex.freq.items() if n >= COMMON_FREQ}
    words |= {w for w, n in counts.items() if n >= PHUPHA_COMMON and len(w) >= PHUPHA_MIN_LEN}
    words |= _domain_words()  # place names are the gazetteer rule's, in their own area
    index: dict[str, list[str]] = {}
    for w in words - SPOKEN_WORDS:
        if _thai_only(w) and len(_mark_free(w)) >= SKELETON_MIN_LETTERS:
            index.setdefault(_mark_free(w), []).append(w)
    return {k: tuple(sorted(v)) for k, v in index.items()}


def _mark_weight(word: str, lex: Lexicon) -> int:
    from normalize.lexicon import compound_frequencies

    n = max(lex.frequency(word), compound_frequencies().get(word, 0) // 200)
    return max(n, COMMON_FREQ) if word in _domain_words() else n


_LOANWORD_MARKS = frozenset("\u0e4a\u0e4b\u0e47\u0e4c")  # ๊ ๋ ็ ์


def _loanword_marks_only(span: str, word: str) -> bool:
    """Whether the two differ only by marks a loanword may go without (เฟซบุก, เฟซบุ๊ก):
    the author's spelling, not a misreading."""
    changed = _changed_glyphs(span, word)
    return bool(changed) and changed <= _LOANWORD_MARKS


def _marks_only_fixes(text: str, lex: Lexicon,
                      protected: Sequence[tuple[int, int]]) -> list[tuple[Edit, str]]:
    toks = _tokens(text)
    doubt = _garble_penalty(toks, lex, dictionary=True)
    index = _mark_free_index()
    proposals: list[tuple[float, int, int, str, str]] = []
    for i, j, ws, we, span in _thai_windows(text, toks, MAX_WINDOW_TOKENS):
        if we - ws > TOKEN_MAX_LEN or _overlaps(protected, ws, we):
            continue  # longer runs from here are longer still, and overlap it too
        if span[0] in MARKS or text[we:we + 1] in MARKS:
            continue  # a cut through a letter cluster
        if span in lex.words:
            continue
        if any(_glued_letter(toks, k) and 0 < k < len(toks) - 1
               and _thai_only(toks[k - 1][2] if k == i else toks[k + 1][2]) for k in (i, j)):
            continue  # "ทร่า|บ|อย่าง": its lone letter is the end of the word before
        found = index.get(_mark_free(span))
        if not found:
            continue
        if not _among_common_words(toks, i, j, lex) or _glued_garbage(text, toks, i, j, lex):
            continue
        found = [w for w in found if len(_editops(span, w)) <= SKELETON_MAX_MARK_OPS
                 and not _loanword_marks_only(span, w)]
        if not found:
            continue
        ranked = sorted(((_mark_weight(w, lex), w) for w in found), reverse=True)
        weight, word = ranked[0]
        if len(ranked) > 1 and weight < SKELETON_RIVAL_RATIO * ranked[1][0]:
            continue  # two words share these letters: the marks decide, and they are lost
        proposals.append((SKELETON_SCORE - doubt, ws, we, span, word))
    return _best_proposals(proposals, lambda ws, we: ws - we)


def _mark_restorations(text: str, lex: Lexicon,
                       protected: Sequence[tuple[int, int]]) -> list[tuple[Edit, str]]:
    """Spans that read as a rare word or a fragment but, with the mark OCR most often drops,
    are a word far more common: the corpus frequencies are the context that decides."""
    toks = _tokens(text)
    doubt = _garble_penalty(toks, lex, dictionary=True)
    proposals: list[tuple[float, int, int, str, str]] = []
    for i in range(len(toks)):
        for j in range(i, min(len(toks), i + MARK_WINDOW_TOKENS)):
            piece = toks[i:j + 1]
            if not _thai_only(piece[-1][2]):
                break
            ws, we = piece[0][0], piece[-1][1]
            span = text[ws:we]
            if span[0] in MARKS or span[0] in "ะาำ" or text[we:we + 1] in MARKS:
                break  # a cut through a letter cluster
            if _overlaps(protected, ws, we):
                break
            if len(span) < 2:
                continue  # a lone letter is a piece of a word no mark can tell
            if len(span) == 2 and not _among_common_words(toks, i, j, lex):
                continue  # "วา|เนิน|งาน", "ได|ซู|เกะ": a syllable of a misread word or a name
            if len(piece) > 1 and not any(_is_fragment(t, lex) for _, _, t in piece):
                continue  # whole words joined are the compound check's to doubt
            if _glued_letter(toks, i - 1) or _glued_letter(toks, j + 1):
                continue  # "ถา|ร": a piece of a longer misread word, not a word missing a mark
            if _beside_non_word(toks, i, j):
                continue  # "สรุปผู|ลการ": the mark-less span is a piece of a misread word
            completions = sorted(((lex.frequency(w), w) for w in _mark_completions(span, lex)),
                                 reverse=True)
            if not completions:
                continue
            freq, word = completions[0]
            if _glued_garbage(text, toks, i, j, lex, count_before=word in _CLASSIFIERS,
                              count_after=word in _TAKES_NUMBER):
                continue
            rival = max([0] + [f for f, _ in completions[1:]]
                        + [VOWEL_RIVAL_WEIGHT * lex.frequency(w) for w in _vowel_swaps(span, lex)])
            as_read = lex.frequency(span) if span in lex.words else 0
            ratio = freq / max(1, as_read)
            if (freq < MARK_TARGET_FREQ or ratio < MARK_PRIOR_RATIO
                    or freq < MARK_RIVAL_RATIO * rival):
                continue
            if _shape_rival(text, toks, i, j, lex):
                continue
            if _inserted_vowel_rival(span, toks, j, lex):
                continue  # "สรุปผูลการ": OCR added ู to ผล, no ้ is missing from ผู
            score = min(MARK_MAX_SCORE, MARK_BASE_SCORE + MARK_RATIO_SLOPE * math.log10(ratio))
            proposals.append((score - doubt, ws, we, span, word))
    return _best_proposals(proposals, lambda ws, we: we - ws)


# --- phrase ----------------------------------------------------------------------------

_WS = re.compile(r"\s+")
# Score = 1 - weight × cost per phrase character: one cheap OCR slip in an 11-character
# phrase scores 0.95; a garbled word inside a 50-character phrase still scores above 0.9.
PHRASE_COST_WEIGHT = 1.2


def _phrase_edits(text: str, lex: Lexicon, min_chars: int,
                  protected: Sequence[tuple[int, int]],
                  phrases: Sequence[str] | None = None) -> list[tuple[Edit, str]]:
    from rapidfuzz import fuzz

    out: list[tuple[Edit, str]] = []
    for phrase in (lex.phrases if phrases is None else phrases):
        if len(phrase) < min_chars or not any("\u0e01" <= c <= "\u0e4e" for c in phrase):
            continue
        masked = text
        for _ in range(8):
            al = fuzz.partial_ratio_alignment(phrase, masked, score_cutoff=70)
            if al is None:
                break
            pad = 6 + len(phrase) // 4
            lo, hi = max(0, al.dest_start - pad), min(len(masked), al.dest_end + pad)
            cost, s, e = best_substring(phrase, masked[lo:hi])
            start, end = _anchor(phrase, masked, lo + s, lo + e, cost)
            span = text[start:end]
            masked = masked[:start] + "\0" * (end - start) + masked[end:]
            if start == end:
                continue
            cost = weighted_distance(phrase, span)[0]
            if cost == 0 or _WS.sub(" ", span) == phrase:
                continue
            if end - start < 2 or "\n" in span.strip() or _overlaps(protected, start, end):
                continue
            if span[:1] != phrase[:1] or span[-1:] != phrase[-1:]:
                continue  # a phrase cut by a line or cell edge is not evidence of an error
            if _WS.sub("", span) in lex.words:
                continue  # the span is a word in its own right ("ส่วนรวม" vs "ส่วนร่วม")
            score = _clip(1.0 - PHRASE_COST_WEIGHT * cost / len(phrase))
            edit = _minimal_edit(text, start, end, phrase, score)
            if edit is None:
                continue
            before = text[edit.start:edit.end]
            if _drops_a_word(before, edit.after, lex) or _drops_a_word(edit.after, before, lex):
                continue  # "การทำทุจริต" is not "การทุจริต" misread: wording is the author's
            # Valid words changed by a non-OCR edit ("ใน" → "บน") are the author's choice.
            if (_all_known(text, edit.start, edit.end, lex)
                    and weighted_distance(before, edit.after)[1] > 0):
                continue
            out.append((edit, before))
    return out


def _drops_a_word(longer: str, shorter: str, lex: Lexicon) -> bool:
    """Whether `shorter` is `longer` less one whole word, up to OCR-cheap differences."""
    for s, e, tok in _tokens(longer):
        if len(tok) >= 2 and tok in lex.words:
            rest = longer[:s] + longer[e:]
            if weighted_distance(rest, shorter)[1] == 0:
                return True
    return False


ANCHOR_SLACK = 0.6


def _anchor(phrase: str, text: str, start: int, end: int, cost: float) -> tuple[int, int]:
    """Move a match's ends to letters equal to the phrase's own ends when that costs little:
    look-alike letters (ก/ค) can make a cut one letter short the cheapest alignment."""
    if text[start:start + 1] != phrase[:1]:
        options = [(weighted_distance(phrase, text[k:end])[0], abs(k - start), k)
                   for k in range(max(0, start - 3), min(end, start + 4))
                   if text[k:k + 1] == phrase[:1]]
        options = [o for o in options if o[0] <= cost + ANCHOR_SLACK]
        if options:
            start = min(options)[2]
    if text[end - 1:end] != phrase[-1:]:
        options = [(weighted_distance(phrase, text[start:k])[0], abs(k - end), k)
                   for k in range(max(start + 1, end - 3), min(len(text), end + 3) + 1)
                   if text[k - 1:k] == phrase[-1:]]
        options = [o for o in options if o[0] <= cost + ANCHOR_SLACK]
        if options:
            end = min(options)[2]
    return start, end


def _all_known(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """Whether every Thai token touching text[start:end] is a lexicon word."""
    toks = [t for s, e, t in _tokens(text) if s < end and start < e]
    return all(t in lex.words for t in toks if _thai_only(t))


def _minimal_edit(text: str, start: int, end: int, target: str, score: float) -> Edit | None:
    """Narrow a span→target replacement to the changed words (for a readable audit log)."""
    span = text[start:end]
    p = 0
    while p < min(len(span), len(target)) and span[p] == target[p]:
        p += 1
    q = 0
    while (q < min(len(span), len(target)) - p and span[-1 - q] == target[-1 - q]):
        q += 1
    if p == len(span) and p == len(target):
        return None
    # Widen to the target's word boundaries so the log shows whole words.
    bounds = {0, len(target)}
    pos = 0
    from pythainlp.tokenize import word_tokenize

    for tok in word_tokenize(target, engine="newmm", custom_dict=_tokenizer_trie(),
                             keep_whitespace=True):
        pos += len(tok)
        bounds.add(pos)
    t_lo = max(b for b in bounds if b <= p)
    t_hi = min(b for b in bounds if b >= len(target) - q)
    s_lo = t_lo  # the common prefix is shared, so offsets agree up to p
    s_hi = len(span) - (len(target) - t_hi)
    if s_hi < s_lo:
        s_hi = s_lo
    # Whitespace-only differences are the layout's business, not spelling's.
    if _WS.sub("", span[s_lo:s_hi]) == _WS.sub("", target[t_lo:t_hi]):
        return None
    return Edit(start + s_lo, start + s_hi, target[t_lo:t_hi], score)


# --- gazetteer.place --------------------------------------------------------------------

_ORG_PREFIX = re.compile(r"^(?:เทศบาลตำบล|เทศบาลเมือง|เทศบาลนคร|องค์การบริหารส่วนตำบล|"
                         r"องค์การบริหารส่วนจังหวัด|อบต\.?|ทต\.?|ทม\.?)\s*")
_MARKERS = (
    ("subdistrict", re.compile(r"(?:ตำบล|ต\.(?![ก-๛]\.)|อบต\.|ทต\.)[ \t]?(?=[ก-๛])")),
    ("district", re.compile(r"(?:อำเภอ|อ\.(?![ก-๛]\.))[ \t]?(?=[ก-๛])")),
    ("province", re.compile(r"(?:จังหวัด|จ\.(?![ก-๛]\.))[ \t]?(?=[ก-๛])")),
)
_NAME_RUN = re.compile(r"[ก-๛]+")
PLACE_OWN_BONUS = 0.1


@dataclass(frozen=True)
class _Area:
    """The names a place marker may be followed by in this document, per level."""

    valid: dict[str, frozenset[str]]
    candidates: dict[str, tuple[str, ...]]
    own: frozenset[str]


def _area(context: CorrectionContext) -> _Area:
    import geothai

    provinces = {p.name_th for p in geothai.provinces()}
    prov = next((p for p in geothai.provinces()
                 if context.province and p.name_th == context.province.strip()), None)
    dists = [d for d in geothai._districts()
             if (prov is None or d.province_code == prov.code)]
    dist = next((d for d in dists
                 if context.district and d.name_th == context.district.strip()), None)
    own = {n for n in (context.subdistrict, context.district, context.province) if n}
    own |= {_ORG_PREFIX.sub("", n).strip() for n in context.org_names if n}
    own.discard("")
    if dist is not None:
        subs = {s.name_th for s in geothai.subdistricts(dist.code)}
    elif prov is not None:
        subs = {s.name_th for s in geothai._subdistricts() if s.province_code == prov.code}
    else:
        subs = set()
    sub_c = subs | {n for n in own if n not in provinces}
    dist_c = {d.name_th for d in dists} if (prov is not None or dist is not None) else set()
    if context.district:
        dist_c.add(context.district)
    if dist is not None:
        dist_c = {dist.name_th} | {d.name_th for d in dists}
    valid = {
        # With no area known, any real place name stands as written.
        "subdistrict": frozenset(sub_c) if sub_c else place_names(),
        "district": frozenset(dist_c) if dist_c else place_names(),
        "province": frozenset(provinces),
    }
    candidates = {
        "subdistrict": tuple(sorted(sub_c)),
        "district": tuple(sorted(dist_c)),
        "province": tuple(sorted(provinces)),
    }
    return _Area(valid, candidates, frozenset(own))


def _place_edits(text: str, area: _Area,
                 protected: Sequence[tuple[int, int]]) -> list[tuple[Edit, str]]:
    out: list[tuple[Edit, str]] = []
    for level, rx in _MARKERS:
        names = area.candidates[level]
        if not names:
            continue
        for m in rx.finditer(text):
            p = m.end()
            run = _NAME_RUN.match(text, p)
            if run is None or _overlaps(protected, p, run.end()):
                continue
            word = run.group(0)
            if any(word.startswith(v) for v in area.valid[level] if len(v) >= 2):
                continue
            if level == "subdistrict" and _elsewhere(text, run.end(), area):
                continue  # "ตำบลนาม่วง อำเภอประจักษ์ศิลปาคม": another area, named in full
            scored = []
            for name in names:
                options = [(cost + _leftover_cost(word[length:]), length)
                           for cost, length in prefix_costs(name, word)]
                if options:
                    cost, length = min(options)
                    scored.append((1.0 - cost / len(name), length, name))
            if not scored:
                continue
            scored.sort(reverse=True)
            sim, length, name = scored[0]
            sim2 = scored[1][0] if len(scored) > 1 else 0.0
            score = sim + 0.5 * max(0.0, sim - sim2) + (PLACE_OWN_BONUS if name in area.own
                                                         else 0.0)
            if sim < 0.5:
                continue
            before = text[p:p + length]
            out.append((Edit(p, p + length, name, _clip(min(score, 0.99))), before))
    return out


_DISTRICT_AFTER = re.compile(r"[ \t]*(?:อำเภอ|อ\.)[ \t]?([ก-๛]+)")


def _elsewhere(text: str, pos: int, area: _Area) -> bool:
    """Whether the text names a real district outside the document's area right after."""
    m = _DISTRICT_AFTER.match(text, pos)
    if m is None or not area.candidates["district"]:
        return False
    name = m.group(1)
    if any(name.startswith(d) for d in area.valid["district"]):
        return False
    return any(name.startswith(d) for d in _district_names() if len(d) >= 3)


@cache
def _district_names() -> frozenset[str]:
    import geothai

    return frozenset(d.name_th for d in geothai._districts())


def _leftover_cost(rest: str) -> float:
    """What is left of a Thai run after a place name must start a word, or the match is off."""
    if not rest or rest.startswith(("อำเภอ", "จังหวัด", "ตำบล")):
        return 0.0
    if rest[0] in MARKS or rest[0] in "ะาำๆฯ" or rest[:2] not in _word_starts():
        return 5.0
    return 0.3


@cache
def _word_starts() -> frozenset[str]:
    from normalize.lexicon import base_lexicon

    return frozenset(w[:2] for w in base_lexicon().words if len(w) >= 2)


# --- the public entry -------------------------------------------------------------------

@dataclass
class _Cache:
    """One text's protected spans and token fixes, shared by the rules that need them."""

    text: str | None = None
    protected: list[tuple[int, int]] = field(default_factory=list)
    fixes: list[_TokenFix] | None = None


def correction_rules(context: CorrectionContext = CorrectionContext(), *,
                     settings: CorrectSettings = CorrectSettings(),
                     review: Review | None = None) -> list[Rule]:
    """The correction rules for one document, in the order `apply_rules` must run them.

    Run them after the Unicode rules (normalize.thai_unicode). Each rule proposes only
    edits scored at or above `settings.threshold`, or pairs `review` accepted.
    """
    lex = document_lexicon(
        [*context.org_names, *(_ORG_PREFIX.sub("", n) for n in context.org_names),
         *(n for n in (context.subdistrict, context.district, context.province) if n)])
    area = _area(context)
    org_names = tuple(sorted({n.strip() for n in context.org_names if n and n.strip()}))
    extra = tuple(sorted(area.own))
    threshold = settings.threshold
    memo = _Cache()

    def prepared(text: str) -> _Cache:
        if memo.text != text:
            memo.text, memo.protected, memo.fixes = text, protected_spans(text), None
        return memo

    def token_fixes(text: str) -> list[_TokenFix]:
        c = prepared(text)
        if c.fixes is None:
            c.fixes = _token_fixes(text, lex, extra, c.protected)
        return c.fixes

    def layout(text: str) -> list[Edit]:
        found = _layout_edits(text, lex)
        if found:
            # a speck next to garbage may be a misread letter: doubt it as the words are
            doubt = _garble_penalty(_tokens(text), lex)
            found = [(Edit(e.start, e.end, e.after, e.score - doubt), b) for e, b in found]
        return _gate(found + _oit_edits(text), threshold, review)

    def latin(text: str) -> list[Edit]:
        # Latin words are what this rule reads; names and signatures stay untouched
        names = sorted(m.span() for rx in (_PERSON, _PAREN_NAME, _SIGNATURE)
                       for m in rx.finditer(text))
        found = [(e, b) for e, b in _latin_edits(text) if not _overlaps(names, e.start, e.end)]
        return _best_first(_gate(found, threshold, review))

    def abbreviations(text: str) -> list[Edit]:
        return _gate(_abbreviation_edits(text, lex), threshold, review)

    def digits(text: str) -> list[Edit]:
        found = _digit_edits(text, context.fiscal_year)
        if context.fiscal_year:
            # the document's own year decides before any swap that merely makes a valid one
            by_year = _fiscal_year_edits(text, context.fiscal_year)
            found = by_year + [(e, b) for e, b in found if not any(
                e.start < y.end and y.start < e.end for y, _ in by_year)]
        return _best_first(_gate(found, threshold, review))

    def confusion(text: str) -> list[Edit]:
        return _gate(((Edit(f.start, f.end, f.after, f.score), f.before)
                      for f in token_fixes(text) if f.confusion_only), threshold, review)

    def compound(text: str) -> list[Edit]:
        found = _compound_fixes(text, _tokens(text), lex, prepared(text).protected)
        return _gate(found, threshold, review)

    def marks(text: str) -> list[Edit]:
        protected = prepared(text).protected
        found = _mark_restorations(text, lex, protected)
        # a span whose letters are all there, marks aside, after the one-mark rule
        found += [(e, b) for e, b in _marks_only_fixes(text, lex, protected)
                  if not any(e.start < f.end and f.start < e.end for f, _ in found)]
        return _gate(found, threshold, review)

    def lexicon(text: str) -> list[Edit]:
        return _gate(((Edit(f.start, f.end, f.after, f.score), f.before)
                      for f in token_fixes(text) if not f.confusion_only), threshold, review)

    def phrase(text: str) -> list[Edit]:
        edits = _phrase_edits(text, lex, settings.min_phrase_chars, prepared(text).protected)
        return _best_first(_gate(edits, threshold, review))

    def place(text: str) -> list[Edit]:
        protected = prepared(text).protected
        # The organization's full name anywhere ("เทศบาลตำบสนาม่อง"), then bare place names
        # after ตำบล/อำเภอ/จังหวัด.
        found = _phrase_edits(text, lex, settings.min_phrase_chars, protected, org_names)
        found += _place_edits(text, area, protected)
        return _best_first(_gate(found, threshold, review))

    rules = [
        ("ocr_confusion", Rule("ocr_confusion.abbreviation", abbreviations)),
        ("ocr_confusion", Rule("ocr_confusion.layout", layout)),
        ("ocr_confusion", Rule("ocr_confusion.latin", latin)),
        ("ocr_confusion", Rule("ocr_confusion.digits", digits)),
        ("gazetteer.place", Rule("gazetteer.place", place)),
        ("phrase", Rule("phrase", phrase)),
        ("ocr_confusion", Rule("ocr_confusion", confusion)),
        ("ocr_confusion", Rule("ocr_confusion.compound", compound)),
        ("ocr_confusion", Rule("ocr_confusion.marks", marks)),
        ("lexicon", Rule("lexicon", lexicon)),
    ]
    return [rule for family, rule in rules if family in settings.families]


def _best_first(edits: list[Edit]) -> list[Edit]:
    """Of overlapping edits keep the higher-scored one (apply_rules keeps the first)."""
    chosen: list[Edit] = []
    for e in sorted(edits, key=lambda e: -e.score):
        if all(e.end <= c.start or c.end <= e.start for c in chosen):
            chosen.append(e)
    return sorted(chosen, key=lambda e: e.start)


def family_of(rule_name: str) -> str:
    """The family a rule name belongs to ("ocr_confusion.digits" → "ocr_confusion")."""
    for fam in FAMILIES:
        if rule_name == fam or rule_name.startswith(fam + "."):
            return fam
    return rule_name
