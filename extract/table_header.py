"""The header of an ITA table on a page of words, and the columns it names.

The header is the band of lines whose words, stacked by their x-extent, read as the
contract's column labels. Each stack is a column; the edge between two stacks is the
vertical rule between them, else the emptiest x-band of the body's words between the
labels' middles. A word over an empty band of the body between text on both sides runs
over a column edge (a group label over two columns, or a label overhanging a narrow one)
and names no column. Used by `extract.structure`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Sequence

import numpy as np
from rapidfuzz import fuzz

from extract.headers import (HEADER_LABELS, HEADER_LOOSE_SCORE, HEADER_MIN_SCORE, _label_key, fragment_score,
                             header_field, header_fields)
from extract.table_words import (SHORT_NUMBER, TABLE_BREAK_EM, Columns, Rules, Word, bottom_of, joined_close, opens,
                                 rule_joints, ruled_across, ruled_between, ruled_through, runs_of, set_bold,
                                 size_of, text_of, top_of)

MAX_HEADER_LINES = 10  # a header wraps over at most this many lines (16 pt, narrow columns, two rows: 9)
HEADER_GAP_EM = 1.2  # lines of one header are at most this far apart
RULED_HEADER_GAP_EM = 2.0  # ...or this far, inside the column rules of the header's first line
LABEL_MERGE_EM = 0.0  # only overlapping header words are one label outright; any gap is judged by the body below
GAP_SHARE = 0.3  # an x-band the body covers this little, against the columns beside it, is a gap
LABEL_MARGIN = 5.0  # score points a shorter label must gain to drop the header lines above it
GROUP_GAP_EM = 0.5  # an empty body band this wide under a header word: the word is over a column edge
FRAGMENT_SCORE = 45.0  # an unruled header line's words score this much on average as label parts
OVERHANG_EM = 0.6  # a header word over a stack by less than this overhangs it, and is not over it
LABEL_PART_EM = 1.0  # a run drawn apart inside a header word cuts it only this far in from its ends
EDGE_BAND_EM = 0.3  # ...and over a body x-band this wide around it that (nearly) no line covers
WHOLE_LABEL_SCORE = 95.0  # a header stack reading this well is a label as printed


def _strict_score(text: str) -> float:
    """How well `text` reads as one whole column label (no prefix credit)."""
    key = _label_key(text)
    if not key:
        return 0.0
    return max(fuzz.ratio(key, _label_key(label)) for labels in HEADER_LABELS.values() for label in labels)


# ---------------------------------------------------------------- header and columns


@dataclass
class _Header:
    first: int
    last: int  # inclusive
    stacks: list[tuple[float, float, list[Word]]]  # (x0, x1, words) left to right


def _merged(words: Sequence[Word], merge: float, overhang: float = 0.0) -> list[tuple[float, float, list[Word]]]:
    """Words that overlap by more than `overhang` (or are closer than `merge`) as one
    label; two words of one line only by half the narrower too. A label set large in a
    narrow column overhangs the next column's label by a letter or two ("รับผิดชอบ" over
    "ดำเนิน" on its line): the body below judges those two."""
    out: list[tuple[float, float, list[Word]]] = []
    for w in sorted(words, key=lambda w: w.x0):
        overlap = out[-1][1] - w.x0 if out else 0.0
        # two words of one line that overlap are two labels unless by half the narrower
        same_line = bool(out) and any(abs(v.top - w.top) < 0.5 * w.size and v.x1 > w.x0 for v in out[-1][2])
        narrower = min(out[-1][1] - out[-1][0], w.x1 - w.x0) if out else 0.0
        # (on lines apart, a word narrower than the overhang over half its width is one
        # label with the one above: "ลำดับ" set a syllable a line in a narrow column)
        needed = max(overhang, 0.5 * narrower) if same_line else min(overhang, 0.5 * narrower)
        if out and (w.x0 - out[-1][1] < merge if overlap <= 0 else overlap > needed):
            x0, x1, ws = out[-1]
            out[-1] = (x0, max(x1, w.x1), ws + [w])
        else:
            out.append((w.x0, w.x1, [w]))
    return out


class _Cover:
    """How many lines cover each x (points) of the page: a numpy array, queried by slices."""

    def __init__(self, lines: Sequence[Sequence[Word]], wide: float) -> None:
        xs = [w.x1 for line in lines for w in line]
        self.cover = np.zeros(int(max(xs, default=0)) + 2, dtype=np.int32)
        words = [w for line in lines for w in line]
        # in a plain body a line all bold is a title row, set across the column edges: it
        # says nothing of where they are (a cell's bold title beside plain cells does)
        plain = sum(w.bold for w in words) < 0.5 * len(words)
        counted = 0
        for line in lines:
            if plain and all(w.bold for w in line):
                continue
            runs = [r for r in runs_of(line, 0.6 * size_of([line])) if max(w.x1 for w in r) - r[0].x0 <= wide]
            if not runs:
                continue
            counted += 1
            for run in runs:
                for w in run:
                    self.cover[max(0, int(w.x0)):int(w.x1) + 1] += 1
        self.allowed = max(1, counted // 10)  # lines that may cover an edge (titles, overflow)

    def band(self, lo: float, hi: float) -> np.ndarray:
        lo, hi = max(0, int(lo)), max(0, int(hi)) + 1
        part = self.cover[lo:hi]
        return part if len(part) else np.zeros(1, dtype=np.int32)


def _clipped(band: Sequence[Sequence[Word]], rules: Rules) -> tuple[list[list[Word]], dict[int, Word]]:
    """The band's words with a label that overhangs its narrow ruled column ("หมายเหตุ"
    set large, over the rule into the next column) cut back to the rule it crosses, and
    {id of a cut word: the word}. A word whose left part holds under a third of an em is
    left alone, as is a group label (no rule runs through it on its own line)."""
    size = size_of(band)
    whole: dict[int, Word] = {}
    out = []
    for line in band:
        kept = []
        for w in line:
            through = [x for x, t, b in rules.vertical
                       if w.x0 + 0.3 * size < x < w.x1 - 0.3 * size and t <= w.top + 1 and b >= w.bottom - 1]
            if through:
                cut = Word(w.text, w.x0, min(through), w.top, w.bottom, w.size, w.bold, w.ref, w.pieces)
                whole[id(cut)] = w
                w = cut
            kept.append(w)
        out.append(kept)
    return out, whole


def _over_two(w: Word, others: Sequence[tuple[float, float, list[Word]]], size: float) -> bool:
    """Whether the word is over two stacks, each by a few letters at least: a label
    overhanging its neighbour's by a letter ("รับผิดชอบ" at 16 pt) is no group label. A
    group label sits over the labels it groups: a stack none of whose words is set below
    the word (the group label over a label, beside that label's wrapped tail) does not count."""
    return sum(1 for x0, x1, ws in others if min(x1, w.x1) - max(x0, w.x0) > OVERHANG_EM * size
               and any(v.top > w.top + 0.5 * size for v in ws)) >= 2


def _over_rule_below(w: Word, rules: Rules, size: float) -> bool:
    """Whether a column rule starts just under the word, well inside it: a group label
    set centred over the edge of the two columns it groups, their labels clear of it."""
    return any(w.x0 + LABEL_PART_EM * size < x < w.x1 - LABEL_PART_EM * size
               and w.bottom - 1 <= t <= w.bottom + size for x, t, _b in rules.vertical)


def _drawn_apart(w: Word, cover: _Cover, size: float) -> list[float]:
    """Where a header word is two labels the writer drew as runs apart, touching (narrow
    columns at 16 pt: "รับผิดชอบ" + "ผลการดำเนิน"): the x of each run start inside it
    over an x-band the body leaves nearly empty (the column edge between them), a letter
    or two in from both ends. A run start inside one label (the body's text runs on under
    it) is no cut."""
    out = []
    for s in w.starts:
        if not (w.x0 + LABEL_PART_EM * size < s < w.x1 - LABEL_PART_EM * size):
            continue
        if int(cover.band(s - EDGE_BAND_EM * size, s + EDGE_BAND_EM * size).min()) <= cover.allowed:
            out.append(s - 0.01)
    return out


def _two_labels(w: Word, cover: _Cover, size: float) -> list[float]:
    """Where a header word reads clearly better as two labels of different
    columns set touching, drawn as one run ("งบประมาณ" + "ขั้นตอน/วิธีการดำเนินการ" over a
    budget column holding a figure per measure, too sparse for `gap_cuts`): the x between
    their letters, when the body leaves that x-band nearly empty (the column edge)."""
    if len(w.pieces) < 4:
        return []
    whole = header_field(w.text, prefix=False)[1]
    best: tuple[float, float] | None = None  # (the weaker part's score, the cut)
    for k, left_text, right_text, cut in _halves(w):
        if not 2 <= k <= len(w.pieces) - 2:
            continue
        left, right = header_field(left_text, prefix=False), header_field(right_text, prefix=False)
        score = min(left[1], right[1])
        if left[0] == right[0] or score < max(HEADER_MIN_SCORE, whole + LABEL_MARGIN) \
                or (best is not None and score <= best[0]):
            continue
        # (a label starts at its column's text edge or a hair in: the edge is just left of it)
        if int(cover.band(cut - 1.0 * size, cut + EDGE_BAND_EM * size).min()) <= cover.allowed:
            best = (score, cut)
    return [best[1]] if best is not None else []


def _stacks(band: Sequence[Sequence[Word]], below: Sequence[Sequence[Word]],
            rules: Rules) -> list[tuple[float, float, list[Word]]]:
    """Header words stacked into columns. Two neighbouring stacks are one column unless a
    vertical rule or an empty band of the body below runs between them; a word over two
    columns of the other header lines is a group label and names none. A label overhanging
    its ruled column counts as far as the rule (the stacks' extents), as drawn."""
    verticals = [x for x, _, _ in rules.vertical]
    band, whole = _clipped(band, rules)
    size = size_of(band)
    width = max(w.x1 for line in band for w in line) - min(w.x0 for line in band for w in line)
    cover = _Cover(below, 0.4 * width)

    def columns(words: Sequence[Word]) -> list[tuple[float, float, list[Word]]]:
        out: list[tuple[float, float, list[Word]]] = []
        for x0, x1, ws in _merged(words, LABEL_MERGE_EM * size, OVERHANG_EM * size):
            if out:
                # the edge lies between the two labels' middles: a label may overhang
                # its narrow column ("ลำดับ" touching "มาตรการ/แนวทาง")
                lo, hi = int((out[-1][0] + out[-1][1]) / 2), int((x0 + x1) / 2)
                ruled = any(lo <= v <= hi for v in verticals)
                typical = float(np.percentile(cover.band(out[-1][0], x1), 75))
                least = int(cover.band(lo, hi).min())
                # two labels set apart on one line (wider than a word space) are two
                # columns unless the body's text runs on under the space between them
                apart = any(b.x0 - max((a.x1 for a in out[-1][2] if abs(a.top - b.top) < 0.5 * size),
                                       default=b.x0) >= 0.6 * size for b in ws)
                same_line = any(abs(a.top - b.top) < 0.5 * size for a in out[-1][2] for b in ws)
                if ruled or not below or (same_line and _two_fields(out[-1][2], ws, x0)):
                    gap = True  # (two labels read whole, a space apart: "งบประมาณ ผู้รับผิดชอบ")
                elif typical == 0:
                    # no body text under either label (a page with the table's last lines):
                    # the header alone decides, by the space between the labels
                    gap = apart or not same_line
                else:
                    gap = least <= max(cover.allowed, GAP_SHARE * typical) or (apart and least < 0.6 * typical)
                if not gap:
                    p0, p1, pws = out[-1]
                    out[-1] = (p0, max(p1, x1), pws + ws)
                    continue
            out.append((x0, x1, ws))
        return out

    def gap_cuts(w: Word) -> list[float]:
        # the body leaves an empty band under the word between text on both sides: it
        # runs over a column edge (a group label, two labels set without a space, or a
        # label overhanging its narrow column); the middles of those bands
        if not below:
            return []
        lo = w.x0 + 2
        under = cover.band(lo, w.x1 - 2)
        flags = np.concatenate(([False], under == 0, [False])).astype(np.int8)
        edges = np.flatnonzero(np.diff(flags))
        dense = max(3, 2 * cover.allowed)  # columns of text, not a sparse column's odd word
        return [lo + (start + stop) / 2 for start, stop in zip(edges[::2], edges[1::2])
                if stop - start >= GROUP_GAP_EM * size and start > 0 and stop < len(under)
                and under[:start].max() >= dense and under[stop:].max() >= dense
                # (a letter's overhang past the band is no second label)
                and min(start, len(under) - stop) > OVERHANG_EM * size]

    # a group label over two columns of the other lines names none, cut or not; the lines
    # below it are judged without it (it would join the labels under it into one stack)
    spanning: set[int] = set()
    for i, line in enumerate(band):
        others = columns([w for j, other in enumerate(band) if j != i for w in other if id(w) not in spanning])
        spanning.update(id(w) for w in line if _over_two(w, others, size) or _over_rule_below(w, rules, size))
    keep: list[Word] = []
    for i, line in enumerate(band):
        others = columns([w for j, other in enumerate(band) if j != i for w in other if id(w) not in spanning])
        for w in line:
            if id(w) in spanning:  # a group label, whose halves would stack onto the labels below
                continue
            cuts = sorted(set(gap_cuts(w)) | set(_drawn_apart(w, cover, size))) or _two_labels(w, cover, size)
            if cuts:
                # cut where the body says the columns part; a word whose letters are not
                # known names no one column and is left out
                parts = w.split(cuts)
                keep.extend(parts if len(parts) > 1 else [])
            elif not _over_two(w, others, size):
                keep.append(w)
    return _tails_joined([(x0, x1, [whole.get(id(w), w) for w in ws]) for x0, x1, ws in columns(keep)], verticals)


def _two_fields(left: Sequence[Word], right: Sequence[Word], x0: float) -> bool:
    """Whether two stacks, apart on their line, each read whole as a different field's label."""
    if max(w.x1 for w in left) >= x0:
        return False
    a = header_field(stack_text(left), prefix=False)
    b = header_field(stack_text(right), prefix=False)
    return a[0] != b[0] and min(a[1], b[1]) >= WHOLE_LABEL_SCORE


def _tails_joined(stacks: list[tuple[float, float, list[Word]]], verticals: Sequence[float]
                  ) -> list[tuple[float, float, list[Word]]]:
    """Neighbouring stacks with no rule between them joined where the right one is no
    label alone but completes the left one's ("ระยะเวลา" + "ดำเนินการ": a label set with
    a wide space, over a column whose short cells leave the band under its tail empty)."""
    out: list[tuple[float, float, list[Word]]] = []
    for x0, x1, ws in stacks:
        if out and not any(out[-1][1] - 1 <= v <= x0 + 1 for v in verticals):
            p0, _, pws = out[-1]
            left, right = stack_text(pws), stack_text(ws)
            joined = header_field(left + right, prefix=False)
            alone = header_field(right, prefix=False)
            if alone[1] < HEADER_MIN_SCORE and joined[1] >= max(HEADER_MIN_SCORE,
                                                               header_field(left, prefix=False)[1]):
                out[-1] = (p0, x1, pws + ws)
                continue
        out.append((x0, x1, ws))
    return out


def stack_lines(words: Sequence[Word]) -> list[list[Word]]:
    rows: dict[float, list[Word]] = {}
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        key = next((k for k in rows if abs(k - w.top) < 0.5 * w.size), w.top)
        rows.setdefault(key, []).append(w)
    return [ws for _, ws in sorted(rows.items())]


def label_lines(words: Sequence[Word]) -> list[list[Word]]:
    """The lines of a header stack that make its label: from the top, unless dropping top
    lines reads clearly better as a label (a group label over this column and the next
    sits on top, and names neither)."""
    lines = stack_lines(words)
    scores = [_strict_score("".join(text_of(ws) for ws in lines[s:])) for s in range(len(lines))]
    best = max(scores)
    return lines[next(s for s, score in enumerate(scores) if score >= best - LABEL_MARGIN):]


def stack_text(words: Sequence[Word]) -> str:
    return "".join(text_of(ws) for ws in label_lines(words))


def _header_like(line: Sequence[Word], bold: bool) -> bool:
    """A line that can belong to a header: no item opens in it, and it is set like the
    header's seed line (bold), or its words read as (parts of) labels."""
    if any(opens([w]) or SHORT_NUMBER.match(w.text) for w in line):
        return False
    if bold:
        return set_bold(line)
    return min(fragment_score(w.text) for w in line) >= 50


def _over(w: Word, words: Sequence[Word]) -> int:
    """How many of `words` the word is over (their middles, by more than a letter's
    overhang: labels set large overhang their neighbours, a title row covers them); a word the
    writer drew as runs apart ("(บาท)" + "ดำเนินงาน", two cells touching) counts by its
    runs."""
    parts = w.split([s - 0.01 for s in w.starts]) if w.starts else [w]
    return max(sum(1 for v in words if min(v.x1, p.x1) - max(v.x0, p.x0) > OVERHANG_EM * p.size
                   and p.x0 <= (v.x0 + v.x1) / 2 <= p.x1) for p in parts)


def _header_above(line: Sequence[Word], seed: Sequence[Word], bold: bool) -> bool:
    """A line above the seed line that belongs to the header: each word a label (or a
    group label over several of the seed's labels), one at least over a single label. A
    page title over the header reads in part like a label, but runs across the labels."""
    if not _header_like(line, bold):
        return False
    scores = [header_field(w.text)[1] for w in line
              if _over(w, seed) <= 1]
    return bool(scores) and max(scores) >= HEADER_LOOSE_SCORE and min(scores) >= 50


def _close_below(lines: Sequence[Sequence[Word]], last: int, seed: Sequence[Word], rules: Rules,
                 size: float) -> bool:
    """Whether the line after lines[last] is close enough to be the header's next: a line's
    gap, or inside the seed line's column rules up to RULED_HEADER_GAP_EM (an OCR'd line's
    one-line labels centred in their cells widen its gap by half a line)."""
    gap = top_of(lines[last + 1]) - bottom_of(lines[last])
    if gap <= HEADER_GAP_EM * size:
        return True
    return gap <= RULED_HEADER_GAP_EM * size and _in_ruled_header(lines[last + 1], seed, rules)


def _header_below(line: Sequence[Word], seed: Sequence[Word], bold: bool) -> bool:
    """A line below the seed line that belongs to the header: header-like, and no word of
    it runs across two of the seed's labels (a title row does)."""
    labels = joined_close(seed)
    return _header_like(line, bold) and all(
        _over(w, labels) <= 1 for w in line)


def _in_ruled_header(line: Sequence[Word], seed: Sequence[Word], rules: Rules) -> bool:
    """A line above the seed inside the table's column rules: three rules at least run
    through it and past both its ends, each one of the rules through the seed line (a
    group label row, a label's wrapped top "หน่วย"). A page title above the table has no
    column rules beside it; a page border alone is two rules."""
    xs = ruled_through(line, rules)
    seed_xs = ruled_through(seed, rules)
    if len(xs) < 3 or xs[0] > min(w.x0 for w in line) + 1 or xs[-1] < max(w.x1 for w in line) - 1:
        return False
    return all(any(abs(x - v) <= 1.5 for v in seed_xs) for x in xs)


def _over_band_columns(line: Sequence[Word], band: Sequence[Sequence[Word]]) -> bool:
    """Whether most of the line's words (and one at least) each sit over one column of
    the band: the x-extents of the band's words, merged where they overlap."""
    spans: list[list[float]] = []
    for w in sorted((w for ln in band for w in ln), key=lambda w: w.x0):
        if spans and w.x0 < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], w.x1)
        else:
            spans.append([w.x0, w.x1])
    single = sum(1 for w in line if sum(1 for a, b in spans if a < w.x1 - 1 and w.x0 + 1 < b) == 1)
    # and its words read as label fragments, on the whole ("เวลา", "หน่วย"), where a page
    # title's ("เทศบาลตำบล…", "พ.ศ. ๒๕๖๕") do not
    fragments = sum(fragment_score(w.text) for w in line) / len(line) >= FRAGMENT_SCORE
    return single >= 1 and 2 * single >= len(line) and fragments


def find_header(lines: Sequence[Sequence[Word]], rules: Rules = Rules()) -> _Header | None:
    """The first band of lines that reads as an ITA table header, or None."""
    for i, line in enumerate(lines):
        if sum(header_field(w.text)[1] >= HEADER_MIN_SCORE for w in line) < 2:
            continue  # a seed holds two labels at least (a page title may read as one)...
        size = size_of([line])
        bold = set_bold(line)
        first = last = i
        while first > 0 and top_of(lines[first]) - bottom_of(lines[first - 1]) <= HEADER_GAP_EM * size \
                and i - first < MAX_HEADER_LINES and not ruled_across(rules, lines[first - 1], lines[first]) \
                and (_header_above(lines[first - 1], line, bold)
                     or (_header_like(lines[first - 1], bold) and _in_ruled_header(lines[first - 1], line, rules))):
            first -= 1
        while last + 1 < len(lines) and _close_below(lines, last, line, rules, size) \
                and last - first < MAX_HEADER_LINES and _header_below(lines[last + 1], line, bold):
            # (a rule may run between the rows of a two-row header; above the header it
            # is the table's top, with a page title over it)
            last += 1
        # an unruled header's upper lines may read as no label on their own ("เวลา",
        # "หน่วย" over "ระยะ…", "งาน รับผิดชอบ"): a tight line above, set like the
        # header, whose words mostly sit over one column of the band found so far, is
        # the header's too; a page title's words run across the band's columns
        while first > 0 and top_of(lines[first]) - bottom_of(lines[first - 1]) <= HEADER_GAP_EM * size \
                and last - first < MAX_HEADER_LINES and not ruled_between(rules, lines[first - 1], lines[first]) \
                and _header_like(lines[first - 1], bold) and _over_band_columns(lines[first - 1], lines[first:last + 1]):
            first -= 1
        band = _Header(first, last, _band_stacks(lines, first, last, rules, size))
        # the line tests may stop short (an OCR'd label read plain in a bold header): the
        # band below that names more columns, or names them closer, is the header
        found = _deeper_header(lines, first, last, rules, size)
        score = _header_score(band)
        if score is not None and (found is None or _header_score(found) <= score):
            return band
        if found is not None:
            return found
    for i, line in enumerate(lines):
        if sum(header_field(w.text)[1] >= HEADER_MIN_SCORE for w in line) == 1:
            found = _narrow_header(lines, i, rules)
            if found is not None:
                return found
    return None


NARROW_MIN_WORDS = 3  # the top line of a header wrapped narrow holds a piece of this many labels


def _narrow_header(lines: Sequence[Sequence[Word]], i: int, rules: Rules) -> _Header | None:
    """...unless the labels wrap so narrow that no line holds two whole ("มาตรการ | กิจกรรม/
    | หน่วย | ระยะ | หม" over "วิธีการ | งานที่ | เวลา | ายเ"): a line of label pieces, one of
    them a label, is the top of a header when the tight lines below it stack into one."""
    line = lines[i]
    if len(line) < NARROW_MIN_WORDS or not _header_like(line, all(w.bold for w in line)):
        return None
    return _deeper_header(lines, i, i, rules, size_of([line]))


def _band_stacks(lines: Sequence[Sequence[Word]], first: int, last: int, rules: Rules,
                 size: float) -> list[tuple[float, float, list[Word]]]:
    """The stacks of the band lines[first:last + 1], placed against the body below it."""
    below: list[Sequence[Word]] = []
    for line in lines[last + 1:]:
        if below and top_of(line) - bottom_of(below[-1]) > TABLE_BREAK_EM * size:
            break
        below.append(line)
    return _stacks([_unglued(band) for band in lines[first:last + 1]], below, rules)


def _deeper_header(lines: Sequence[Sequence[Word]], first: int, last: int, rules: Rules,
                   size: float) -> _Header | None:
    """The band may be the top of a header whose labels wrap over more lines than the line
    tests took ("แนวทางปฏิบัติ | วิธีการ | งานที่ | เวลา | ปร": label tails). The tight,
    unnumbered lines below are taken one at a time; the best-scoring band is the header."""
    best: tuple[tuple[int, float], _Header] | None = None
    k = last
    while k + 1 < len(lines) and k + 1 - first < MAX_HEADER_LINES:
        line = lines[k + 1]
        if top_of(line) - bottom_of(lines[k]) > HEADER_GAP_EM * size or ruled_between(rules, lines[k], line) \
                or any(opens([w]) or SHORT_NUMBER.match(w.text) for w in line):
            break
        k += 1
        header = _Header(first, k, _band_stacks(lines, first, k, rules, size))
        score = _header_score(header)
        if score is not None and (best is None or score > best[0]):
            best = (score, header)
    return best[1] if best else None


def _header_score(header: _Header) -> tuple[int, float] | None:
    """(columns named, their mean label score) of a band's stacks; None: no header."""
    texts = [stack_text(ws) for _, _, ws in header.stacks]
    fields = header_fields(texts)
    if fields is None:
        return None
    return len(fields), sum(header_field(texts[c])[1] for c in fields) / len(fields)


GLUED_MIN_CHARS = 3  # the shortest label a glued word is cut into


def _unglued(line: Sequence[Word]) -> list[Word]:
    """A header line whose word holds two labels of different fields with no space
    between ("งบประมาณกิจกรรม/วิธีการ": a narrow column's label overflowing onto its
    neighbour's, at a large size and with no column rule to part them) cut in two where
    each half reads as its label whole; a word that reads as one label itself is kept."""
    out: list[Word] = []
    for w in line:
        out.extend(_cut_glued(w))
    return out


def _cut_glued(w: Word) -> list[Word]:
    text = w.text
    if len(text) < 2 * GLUED_MIN_CHARS or "".join(p[0] for p in w.pieces) != text \
            or header_field(text, prefix=False)[1] >= 100:
        return [w]
    for _, left_text, right_text, cut in _halves(w):
        if GLUED_MIN_CHARS <= len(left_text) <= len(text) - GLUED_MIN_CHARS:
            left, right = header_field(left_text, prefix=False), header_field(right_text, prefix=False)
            # the index column is the first: its label ("ที่") never follows another
            # ("มาตรการที่" is the title form, "ผลลัพธ์ที่…" a label's own words)
            if left[1] >= 100 and right[1] >= 100 and left[0] != right[0] and right[0] != "no":
                return w.split([cut])
    return [w]


def _halves(w: Word) -> Iterator[tuple[int, str, str, float]]:
    """Each way to cut a word between two of its pieces (a letter and its marks): the
    pieces left of the cut, the texts on both sides, and the x between them."""
    for k in range(1, len(w.pieces)):
        yield (k, "".join(t for t, _, _ in w.pieces[:k]), "".join(t for t, _, _ in w.pieces[k:]),
               (w.pieces[k - 1][2] + w.pieces[k][1]) / 2)


def _emptiest(words: Sequence[Word], lo: float, hi: float,
              prefer: tuple[float, float] | None = None) -> float:
    """The middle of the least covered x-band in (lo, hi) by `words`: the one that meets
    `prefer` (the space between the two labels) if any does, and then the middle of the
    part of it between them; else the longest."""
    if hi - lo < 2:
        return (lo + hi) / 2
    n = int(hi - lo) + 1
    cover = np.zeros(n, dtype=np.int32)
    for w in words:
        a, b = max(0, int(w.x0 - lo)), min(n, int(w.x1 - lo) + 1)
        if a < b:
            cover[a:b] += 1
    flags = np.concatenate(([False], cover == cover.min(), [False]))
    edges = np.flatnonzero(np.diff(flags.astype(np.int8)))
    starts, stops = edges[::2], edges[1::2]
    k = int(np.argmax(stops - starts))
    if prefer is not None:
        meets = [j for j in range(len(starts))
                 if lo + starts[j] <= prefer[1] and lo + stops[j] >= prefer[0]]
        if meets:
            k = max(meets, key=lambda j: stops[j] - starts[j])
            a, b = max(lo + starts[k], prefer[0]), min(lo + stops[k], prefer[1])
            if a < b:  # a label lies inside its column: the edge between the two labels
                return (a + b) / 2
    return lo + (starts[k] + stops[k]) / 2


def columns_from_header(header: _Header, body: Sequence[Sequence[Word]], rules: Rules,
                        top: float, bottom: float) -> Columns:
    stacks = header.stacks
    body_words = [w for line in body for w in line]
    size = size_of(body) if body else 12.0
    verticals = [x for x, t, b in rules.vertical if t <= bottom and b >= top]
    # where the pieces of the header's top or bottom rule meet: its cells' edges, drawn
    # though no vertical rule is (a frame with a header line, cells' text centred)
    label_top = min(w.top for _, _, ws in stacks for w in ws)
    label_bottom = max(w.bottom for _, _, ws in stacks for w in ws)
    drawn = verticals + [x for y, xs in rule_joints(rules).items()
                         if label_top - size <= y <= label_bottom + size for x in xs]
    edges: list[float] = []
    for (a0, a1, _), (b0, b1, _) in zip(stacks, stacks[1:]):
        lo, hi = (a0 + a1) / 2, (b0 + b1) / 2  # the edge lies between the labels' middles
        inside = [x for x in drawn if lo <= x <= hi]
        if inside:
            edges.append(min(inside, key=lambda x: abs(x - (a1 + b0) / 2)))
        else:
            edges.append(_emptiest(body_words, lo, hi, prefer=(a1, b0)))
    left = min([stacks[0][0]] + [w.x0 for w in body_words]) - 1
    right = max([stacks[-1][1]] + [w.x1 for w in body_words]) + 1
    outer = [x for x in verticals if x < stacks[0][0]]
    if outer:
        left = max(outer)
    outer = [x for x in verticals if x > stacks[-1][1]]
    if outer:
        right = min(outer)
    labels = [stack_text(ws) for _, _, ws in stacks]
    bounds = [left] + edges + [right]
    # an unlabelled index column: short numbers left of the first label's column text
    first_text = [w.x0 for w in body_words if bounds[0] <= (w.x0 + w.x1) / 2 < bounds[1]]
    numbers = [w for w in body_words if SHORT_NUMBER.match(w.text) and w.x1 < stacks[0][0] - size
               and (w.x0 + w.x1) / 2 < bounds[1]]
    if numbers and first_text:
        cut = max(w.x1 for w in numbers) + 0.3 * size
        rest = [x for x in first_text if x >= cut]
        if rest and all(not (w.x0 < cut < w.x1) for w in body_words):
            bounds = [bounds[0], cut] + bounds[1:]
            labels = [""] + labels
    text_left = []
    for c in range(len(bounds) - 1):
        xs = [w.x0 for w in body_words if bounds[c] <= w.x0 < bounds[c + 1]]
        text_left.append(min(xs) if xs else bounds[c])
    return Columns(tuple(bounds), tuple(labels), tuple(float(x) for x in text_left), len(body))
