"""A cell's text → list items: markers, item splitting and line joining.

A line that starts with a list marker (`NUMBER_MARKER_RX` "๑." / "1)", `BULLET_MARKER_RX`,
a number OCR could not read, `UNREADABLE_NUMBER_RX`, or a number that lost its dot where
the cell's list proves it, `dotless_markers`) opens an item; other lines continue the item
before them and are joined by `join_lines` (no space between two Thai characters).
`split_items_marked` also keeps what each marker said (`ItemMark`), for the checks.
`MEASURE_TITLE_RX` reads a measure's own label ("มาตรการที่ 1"). Text stays as read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from ita_core.thai import LEADING_VOWELS, PUA_MARKS, THAI_BLOCK, THAI_CONSONANTS, THAI_LETTERS

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_DIGIT = "[0-9๐-๙]"
# "๑.", "1)", "๑..", "(1)" — a numbered list marker at a line start
# "๒." / "2)" / "(2)"; OCR writes the dot as a comma before a space ("๒, การเปิดเผย…")
NUMBER_MARKER_RX = re.compile(rf"^\s*\(?({_DIGIT}{{1,2}})\s*(?:\.+|\)|,(?=\s))(?!{_DIGIT})\s*")  # not "92.47"
# a bullet, or what OCR makes of one: "+", "»", "·", a lone dot before a space
BULLET_MARKER_RX = re.compile(r"^\s*(?:[-–—•●▪○◦*⁃]|[+»·]\.?(?=\s)|\.(?=\s))\s*")
# a number without its dot ("๑ ประชุม…"): a marker only where the cell's list proves it
DOTLESS_MARKER_RX = re.compile(rf"^\s*({_DIGIT})\s+(?=[{THAI_CONSONANTS}{LEADING_VOWELS}])")
# "มาตรการที่ 1", and as OCR leaves it: "มาตรการที 1" (tone dropped), "มาตรการท่ี 1"
MEASURE_TITLE_RX = re.compile(rf"^\s*(?:มาตรการ\s*(?:ท[\u0e35\u0e48\s]*)?\s*)({_DIGIT}{{1,2}})\s*[.):]*\s*")
# "มาตรการที่ า๓ การจัดการ…": the label, with a number OCR could not read (a short token
# holding a digit, a Latin letter or a symbol) before the title
UNREADABLE_LABEL_RX = re.compile(
    rf"^\s*มาตรการ\s*ท[\u0e35\u0e48]*\s*(?=\S{{0,2}}[0-9๐-๙A-Za-z&@%$#*<>©®|!?'\"~])\S{{1,3}}\s+(?=[{THAI_LETTERS}])")
INLINE_BULLET_RX = re.compile(r"\s+[-•●▪]\s+(?=[^\s0-9๐-๙])")
# OCR's reading of a Thai digit it could not make out ("on." for ๓., "&" for ๔, "al." for ๗.)
UNREADABLE_NUMBER_RX = re.compile(rf"^\s*(?:[A-Za-z]{{1,2}}\.|[&@%$#*<>©®]+\.?)\s*(?=[{THAI_LETTERS}])")


# "1) …" at a line start: an item marker, unless it closes a bracket left open above
_CLOSING_NUMBER_RX = re.compile(rf"^\s*{_DIGIT}{{1,2}}\s*\)")


def rejoin_bracket_wraps(text: str) -> str:
    """A cell's text with a line that only looks like an item ("1) ให้ประชาชน…") joined to
    the line before it when its ")" closes a "(" left open there: "(แบบ สขร." wrapped
    before "1)" is one item, not a title and a restarted list."""
    lines = text.split("\n")
    if len(lines) < 2:
        return text
    out: list[str] = []
    depth = 0  # brackets left open by the lines so far (an item's own marker aside)
    for line in lines:
        if depth > 0 and _CLOSING_NUMBER_RX.match(line):
            out[-1] = join_lines([out[-1], line])
            body = line
        else:
            out.append(line)
            marker = NUMBER_MARKER_RX.match(line)
            body = line[marker.end():] if marker else line
            depth = 0 if marker else depth
        depth = max(0, depth + body.count("(") - body.count(")"))
    return "\n".join(out)


def thai_to_int(digits: str) -> int:
    return int(digits.translate(_TO_ARABIC))


_THAI_CHAR_RX = re.compile(f"[{THAI_BLOCK}{PUA_MARKS}]")


def _is_thai(ch: str) -> bool:
    # the Private Use Area forms of Thai marks (old fonts) are Thai too
    return bool(_THAI_CHAR_RX.match(ch))


def _leading_number(text: str) -> int | None:
    m = MEASURE_TITLE_RX.match(text) or NUMBER_MARKER_RX.match(text)
    return thai_to_int(m.group(1)) if m else None


def join_lines(lines: Iterable[str]) -> str:
    """Join the wrapped lines of one item: no space between two Thai characters."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and not (_is_thai(out[-1]) and _is_thai(line[0])) and not out.endswith("-"):
            out += " "
        out += line
    return out


def strip_marker(line: str) -> tuple[str, bool]:
    """Remove a leading list marker; say whether there was one. A number OCR could not
    read ("©." for ๑., "lo." for ๒.) is a marker too."""
    for rx in (NUMBER_MARKER_RX, BULLET_MARKER_RX, UNREADABLE_NUMBER_RX):
        m = rx.match(line)
        if m and m.end() < len(line):
            return line[m.end():], True
    return line, False


def _is_lone_marker(line: str) -> bool:
    for rx in (NUMBER_MARKER_RX, BULLET_MARKER_RX):
        m = rx.match(line)
        if m and m.end() == len(line):
            return True
    return False


def dotless_markers(lines: Sequence[str]) -> dict[int, int]:
    """Line index → marker length for numbers that lost their dot ("๑ ประชุม…").

    OCR drops the dot of "๑." and reads a bullet "•" as "๑". Such a bare digit is a marker
    only when the cell's first line has one, and then where it continues 1, 2, 3… or repeats
    1 (bullets); "3 ปี และ…" wrapped inside an item is text.
    """
    found = {k: m for k, line in enumerate(lines) if (m := DOTLESS_MARKER_RX.match(line))}
    if 0 not in found or NUMBER_MARKER_RX.match(lines[0]):
        return {}
    markers, previous = {}, 0
    for k, m in found.items():
        number = thai_to_int(m.group(1))
        if number in (1, previous + 1):
            markers[k], previous = m.end(), number
    return markers


def split_items(text: str) -> list[tuple[str, bool]]:
    """A cell's text → list items (marker removed), each flagged if it had a marker."""
    return [(body, marked) for body, marked, _ in split_items_marked(text)]


@dataclass(frozen=True, slots=True)
class ItemMark:
    """What an item's marker said before it was removed: its number, and whether it
    read "มาตรการที่ N" (a measure title's own label)."""

    number: int | None = None
    titled: bool = False


def split_items_marked(text: str) -> list[tuple[str, bool, ItemMark]]:
    """`split_items` with each item's `ItemMark`.

    A line that starts with a marker opens an item; a line without one continues the item
    before it (a line wrapped inside the cell). A bulleted item holding more bullets
    ("- a - b", possibly wrapped so the second bullet is mid-line) is several items.
    """
    items: list[tuple[list[str], bool, bool, ItemMark]] = []  # lines, marked, bulleted, mark
    lone_marker = ""  # a marker the layout left alone on its line ("-" then the text below)
    lines = [raw.strip() for raw in text.split("\n") if raw.strip()]
    dotless = dotless_markers(lines)
    for k, raw in enumerate(lines):
        if _is_lone_marker(raw):
            lone_marker = raw
            continue
        if lone_marker:
            raw, lone_marker = f"{lone_marker} {raw}", ""
        if k in dotless:
            body, marked = raw[dotless[k]:], True
        else:
            body, marked = strip_marker(raw)
        if marked or not items:
            titled = MEASURE_TITLE_RX.match(raw)
            number = (thai_to_int(titled.group(1)) if titled else
                      _leading_number(raw) if k not in dotless else
                      thai_to_int(m.group(1)) if (m := DOTLESS_MARKER_RX.match(raw)) else None)
            items.append(([body], marked, bool(BULLET_MARKER_RX.match(raw)),
                          ItemMark(number, bool(titled and titled.end() < len(raw)))))
        else:
            items[-1][0].append(body)
    out: list[tuple[str, bool, ItemMark]] = []
    for lines, marked, bulleted, mark in items:
        joined = join_lines(lines)
        pieces = INLINE_BULLET_RX.split(joined) if bulleted else [joined]
        out.extend((p.strip(), marked, mark if i == 0 else ItemMark())
                   for i, p in enumerate(pieces) if p.strip())
    return out
