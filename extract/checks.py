"""The document checks its own structure (issue 9, section 3).

A table read wrongly still gives measures; these checks find the signs of it, each as a
named warning a clerk can read, and lower the confidence of the measures concerned and
of the document:

- measure numbers run 1..n with no gap and no repeat;
- no guideline is itself a numbered measure title;
- no title is a column's label, and no other column holds a measure's label;
- no measure is empty (a title and at least one guideline or step), and an empty one is
  dropped, so it never reaches measures.csv;
- every column the report type needs is filled for most measures.

They read only the measures (and the guidelines' markers before removal), so they serve
every input kind alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Sequence

from extract.headers import header_field
from extract.list_items import MEASURE_TITLE_RX, ItemMark
from ita_core.model import Measure

# the confidence a measure keeps at most when a check doubts it
DOUBT_NUMBERING = 0.5  # its number breaks the 1..n run
DOUBT_TITLE_INSIDE = 0.4  # a guideline of it reads like the next measure's title
DOUBT_COLUMN = 0.7  # a column its report type needs is empty in most measures
DOUBT_MERGED = 0.4  # the assembly found rows of several measures in one
DOUBT_NUMBERED_TITLE = 0.5  # a title that starts with a number other than its own
DOUBT_NO_GUIDELINE = 0.6  # no guideline where the others have some: a guideline read as a title?
DOUBT_DROPPED = 0.8
DOUBT_MISPLACED = 0.4  # a column label read as a title, or a measure's label in another column
LABEL_TITLE_SCORE = 90.0  # a title that reads this closely as a column label is one
# a title carries no number (the contract): one left at its start is another measure's
# number read into it, or an index column the reader did not split off
TITLE_NUMBER_RX = re.compile(r"^\s*\(?([0-9๐-๙]{1,2})(?:\s*[.)]|\s)(?![0-9๐-๙])")
_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")  # the document, when an empty measure was dropped from it


@dataclass(frozen=True, slots=True)
class Checked:
    measures: tuple[Measure, ...]
    warnings: tuple[str, ...]
    confidence: float  # the document's structure confidence, 0..1


def empty_measure(title: str, guidelines: Sequence[str], steps: Sequence[str]) -> bool:
    """No title, or no guideline and no step: a measure the checks drop."""
    return not title.strip() or not (any(g.strip() for g in guidelines) or any(s.strip() for s in steps))


def _empty(m: Measure) -> bool:
    return empty_measure(m.title, m.guidelines, m.steps)


def numbering_warnings(numbers: Sequence[int]) -> list[tuple[int, str]]:
    """(index of the measure concerned, warning) for each break in the 1..n run."""
    out: list[tuple[int, str]] = []
    if numbers and numbers[0] != 1:
        out.append((0, f"measures start at {numbers[0]}, not 1"))
    seen: set[int] = set()
    for i in range(1, len(numbers)):
        a, b = numbers[i - 1], numbers[i]
        if b in seen or b == a:
            out.append((i, f"measure {b} appears twice"))
        elif b > a + 1:
            out.append((i, f"measures jump from {a} to {b}"))
        elif b < a:
            out.append((i, f"measures go back from {a} to {b}"))
        seen.add(a)
    return out


def title_like_guidelines(m: Measure, marks: Sequence[ItemMark]) -> list[int]:
    """1-based positions of guidelines that read like a measure title: labelled
    "มาตรการที่ N", or numbered as the next measure where the guideline list does not
    count up to that number (the guideline before is not number − 1, or the list
    restarts at 1 after it)."""
    out = []
    following = m.no + 1
    for k, mark in enumerate(marks):
        if mark.titled:
            out.append(k + 1)
            continue
        if mark.number != following or k == 0:
            continue
        before = marks[k - 1].number
        after = marks[k + 1].number if k + 1 < len(marks) else None
        if before != following - 1 or after == 1:
            out.append(k + 1)
    return out


def restarted_guidelines(marks: Sequence[ItemMark]) -> list[int]:
    """1-based positions where a measure's numbered guidelines start again at 1: a list
    counts once, so a second run is most likely the next measure's, its title lost."""
    return [k + 1 for k in range(1, len(marks))
            if marks[k].number == 1 and marks[k - 1].number is not None and marks[k - 1].number >= 1]


def misplaced_text(measures: Sequence[Measure]) -> list[tuple[int, str]]:
    """(index, warning) for text in a place it cannot be: a title that is a column's label
    ("กิจกรรม/วิธีการ": the header read as a row), a measure's own label ("มาตรการที่ ๑ …")
    opening an item of another column (the columns read shifted)."""
    out = []
    for i, m in enumerate(measures):
        name, score = header_field(m.title.replace(" ", ""), prefix=False)
        if name not in (None, "guidelines") and score >= LABEL_TITLE_SCORE:
            out.append((i, f"the title of measure {m.no} reads like the column label "
                           f"\"{m.title.strip()}\": the table's header may be read as a row"))
        for field in ("steps", "results", "outcomes"):
            if any(MEASURE_TITLE_RX.match(item) for item in getattr(m, field)):
                out.append((i, f"the {field} of measure {m.no} hold a measure's label "
                               f"(มาตรการที่ …): the columns may be read shifted"))
                break
    return out


def required_columns(report_type: str | None) -> tuple[tuple[str, ...], ...]:
    """Field groups each measure of the report type should fill (one of a group will do)."""
    base = (("responsible",), ("period",))
    if report_type == "results":
        return base + (("results", "outcomes"),)
    return base


def _filled(m: Measure, name: str) -> bool:
    if name == "period":
        return bool(m.period.text.strip())
    value = getattr(m, name)
    return bool(value.strip()) if isinstance(value, str) else any(v.strip() for v in value)


def check_structure(measures: Sequence[Measure], marks: Sequence[Sequence[ItemMark]],
                    report_type: str | None,
                    notes: Sequence[Sequence[str]] | None = None,
                    outside: Sequence[str] = ()) -> Checked:
    """Check the measures; drop the empty ones; say what is doubtful and how much.
    `notes` are doubts the assembly itself found, per measure (a merged index cell);
    `outside`, the text lines outside the tables on the pages that hold them."""
    warnings: list[str] = []
    kept: list[Measure] = []
    kept_marks: list[Sequence[ItemMark]] = []
    kept_notes: list[Sequence[str]] = []
    notes = notes if notes is not None else [()] * len(measures)
    for m, mk, nt in zip(measures, marks, notes, strict=True):
        if _empty(m):
            what = "no title" if not m.title.strip() else "no guideline or step"
            warnings.append(f"measure {m.no} is empty ({what}) and was dropped")
            continue
        kept.append(m)
        kept_marks.append(mk)
        kept_notes.append(nt)
    doubt = [1.0] * len(kept)
    for i, nt in enumerate(kept_notes):
        warnings.extend(nt)
        if nt:
            doubt[i] = min(doubt[i], DOUBT_MERGED)
    for i, text in numbering_warnings([m.no for m in kept]):
        warnings.append(text)
        for j in (i - 1, i):
            if 0 <= j < len(kept):
                doubt[j] = min(doubt[j], DOUBT_NUMBERING)
    for i, m in enumerate(kept):
        number = TITLE_NUMBER_RX.match(m.title)
        if number and int(number.group(1).translate(_ARABIC)) != m.no:
            warnings.append(f"the title of measure {m.no} starts with the number {number.group(1)}")
            doubt[i] = min(doubt[i], DOUBT_NUMBERED_TITLE)
    for i, text in misplaced_text(kept):
        warnings.append(text)
        doubt[i] = min(doubt[i], DOUBT_MISPLACED)
    with_guidelines = sum(1 for m in kept if any(g.strip() for g in m.guidelines))
    if 2 * with_guidelines > len(kept):
        for i, m in enumerate(kept):
            if not any(g.strip() for g in m.guidelines):
                warnings.append(f"measure {m.no} has no guideline where the others have")
                doubt[i] = min(doubt[i], DOUBT_NO_GUIDELINE)
    for i, (m, mk) in enumerate(zip(kept, kept_marks)):
        for k in title_like_guidelines(m, mk):
            warnings.append(f"guideline {k} of measure {m.no} reads like a measure title")
            doubt[i] = min(doubt[i], DOUBT_TITLE_INSIDE)
        for k in restarted_guidelines(mk):
            warnings.append(f"the guidelines of measure {m.no} start again at 1 (guideline {k}): "
                            "two measures' rows may be read as one")
            doubt[i] = min(doubt[i], DOUBT_TITLE_INSIDE)
    for text in _next_title_outside(kept, outside):
        warnings.append(f"text outside the table reads as the title of measure {kept[-1].no + 1} "
                        f"(\"{text[:40]}\"): the table may go on unread")
        doubt[-1] = min(doubt[-1], DOUBT_TITLE_INSIDE)
    if kept:
        for group in required_columns(report_type):
            missing = [i for i, m in enumerate(kept) if not any(_filled(m, f) for f in group)]
            if 2 * len(missing) > len(kept):
                warnings.append(f"column {'/'.join(group)} is empty in {len(missing)} of "
                                f"{len(kept)} measures")
                for i in missing:
                    doubt[i] = min(doubt[i], DOUBT_COLUMN)
    out = tuple(replace(m, confidence=round(min(m.confidence, d), 3)) if d < 1.0 else m
                for m, d in zip(kept, doubt))
    confidence = min([1.0] + [m.confidence for m in out]) if out else 0.0
    if len(kept) < len(measures):
        confidence = min(confidence, DOUBT_DROPPED)
    return Checked(out, tuple(warnings), round(confidence, 3))


def _next_title_outside(kept: Sequence[Measure], outside: Sequence[str]) -> list[str]:
    """Lines outside the tables that open with the number after the last measure's and a
    title's words ("4. มาตรการป้องกัน…", "มาตรการที่ 4 …"): the table's last rows read as
    text (a gap wider than a row's ended it), so measures are missing."""
    if not kept:
        return []
    want = kept[-1].no + 1
    found = []
    for line in outside:
        m = MEASURE_TITLE_RX.match(line) or TITLE_NUMBER_RX.match(line)
        number = re.search(r"[0-9๐-๙]{1,2}", m.group(0)) if m else None
        rest = line[m.end():] if m else ""
        if number and int(number.group(0).translate(_ARABIC)) == want and \
                len(re.findall(r"[\u0e01-\u0e2e]", rest)) >= 8:
            found.append(line.strip())
    return found[:1]
