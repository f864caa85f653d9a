from __future__ import annotations

from functools import cache, lru_cache

from rapidfuzz.distance import Levenshtein




# --- OCR-weighted edit distance -------------------------------------------------------

_UPPER = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d"
_LOWER = "\u0e38\u0e39\u0e3a"
MARKS = frozenset(_UPPER + _LOWER)
# Glyphs tesseract's Thai model confuses (shape classes), from OCR of TLWG-font text.
_SHAPE_CLASSES = ("ดตค", "ศค", "บปษ", "ขชซฃ", "ผฝพฟ", "ถภฤ", "กภ", "อว", "ทหฑ", "นมฆ", "ลส",
                  "รธ", "ฎฏ", "ฒฆ", "ญฐ", "ยฮ", "ฌณ", "าำ", "ใไโ", "เแ", "0๐", "ะ:",
                  ".ุู:,", "นบ", "คก", "วา", "วร")
SHAPE = frozenset((a, b) for cls in _SHAPE_CLASSES for a in cls for b in cls if a != b)
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
    if (a, b) in SHAPE:
        return COST_SHAPE_SUB
    return COST_HARD


def _indel_cost(c: str) -> float:
    if c in MARKS:
        return COST_MARK_INDEL
    if c in _SOFT_INDEL:
        return COST_SOFT_INDEL
    return COST_HARD


# The same costs as look-up tables, for the alignment loops below (every other pair of
# glyphs costs COST_HARD): the loops run for every candidate word, so they look costs up
# once per pair of strings instead of calling the functions per cell.
_SUB: dict[tuple[str, str], float] = {
    **{(a, b): COST_SHAPE_SUB for a, b in SHAPE},
    **{(a, b): COST_MARK_SUB for a in MARKS for b in MARKS if a != b},
}
_INDEL: dict[str, float] = {**{c: COST_SOFT_INDEL for c in _SOFT_INDEL},
                            **{c: COST_MARK_INDEL for c in MARKS}}


def _sub_row(ch: str, text: str) -> list[float]:
    """`_sub_cost(ch, t)` for every glyph t of `text`."""
    get = _SUB.get
    return [0.0 if ch == t else get((ch, t), COST_HARD) for t in text]


@lru_cache(maxsize=1 << 17)
def weighted_distance(a: str, b: str) -> tuple[float, int]:
    """OCR-weighted optimal-string-alignment distance and the count of hard (cost 1) ops.

    Of two alignments of equal cost the one with fewer hard ops counts. Costs add up in
    the same order as the textbook recurrence over (cost, hard) pairs, so the figures are
    the same to the last bit; two lists stand for the pairs (the loop runs per candidate).
    """
    n, m = len(a), len(b)
    indel = _INDEL.get
    cb = [indel(ch, COST_HARD) for ch in b]
    hb = [c >= COST_HARD for c in cb]
    pc = [0.0] * (m + 1)  # previous row: costs, hard counts
    ph = [0] * (m + 1)
    for j in range(1, m + 1):
        pc[j] = pc[j - 1] + cb[j - 1]
        ph[j] = ph[j - 1] + hb[j - 1]
    qc: list[float] | None = None  # the row before the previous one (transpositions)
    qh: list[int] | None = None
    for i in range(1, n + 1):
        ai = a[i - 1]
        ci = indel(ai, COST_HARD)
        hi = ci >= COST_HARD
        subs = _sub_row(ai, b)
        rc = [pc[0] + ci] + [0.0] * m
        rh = [ph[0] + hi] + [0] * m
        a2 = a[i - 2] if i > 1 else None
        for j in range(1, m + 1):
            s = subs[j - 1]
            x, xh = pc[j - 1] + s, ph[j - 1] + (s >= COST_HARD)
            y, yh = pc[j] + ci, ph[j] + hi
            if y < x or (y == x and yh < xh):
                x, xh = y, yh
            y, yh = rc[j - 1] + cb[j - 1], rh[j - 1] + hb[j - 1]
            if y < x or (y == x and yh < xh):
                x, xh = y, yh
            if (qc is not None and j > 1 and ai == b[j - 2] and a2 == b[j - 1]
                    and ai != a2):
                y, yh = qc[j - 2] + COST_TRANSPOSE, qh[j - 2]
                if y < x or (y == x and yh < xh):
                    x, xh = y, yh
            rc[j] = x
            rh[j] = xh
        qc, qh, pc, ph = pc, ph, rc, rh
    return round(pc[m], 6), ph[m]


def prefix_costs(pattern: str, text: str) -> list[tuple[float, int]]:
    """Costs of aligning `pattern` with each plausible prefix of `text`: (cost, length)."""
    lo = max(1, len(pattern) - 4)
    return [(weighted_distance(pattern, text[:length])[0], length)
            for length in range(lo, min(len(text), len(pattern) + 4) + 1)]


@lru_cache(maxsize=1 << 14)
def best_substring(pattern: str, text: str) -> tuple[float, int, int]:
    """Semi-global alignment: the cheapest `text[start:end]` for `pattern`.

    Of equal costs the earliest start, then the latest end (the textbook recurrence over
    (cost, start) pairs, written as two lists as in `weighted_distance`).

    Every edit costs more than nothing, so a cost of 0 is the pattern itself, and the
    latest end of one is its last occurrence: found by `str.rfind` without the table
    (a third of the phrase rule's alignments, where a report spells a phrase right)."""
    last = text.rfind(pattern)
    if last >= 0:
        return 0.0, last, last + len(pattern)
    n, m = len(pattern), len(text)
    indel = _INDEL.get
    ct = [indel(ch, COST_HARD) for ch in text]
    # Columns are text positions; a match may start anywhere at no cost.
    pc = [0.0] * (m + 1)
    ps = list(range(m + 1))
    for i in range(1, n + 1):
        ch = pattern[i - 1]
        ci = indel(ch, COST_HARD)
        subs = _sub_row(ch, text)
        rc = [pc[0] + ci] + [0.0] * m
        rs = [0] * (m + 1)
        for j in range(1, m + 1):
            x, xs = pc[j - 1] + subs[j - 1], ps[j - 1]
            y, ys = pc[j] + ci, ps[j]
            if y < x or (y == x and ys < xs):
                x, xs = y, ys
            y, ys = rc[j - 1] + ct[j - 1], rs[j - 1]
            if y < x or (y == x and ys < xs):
                x, xs = y, ys
            rc[j] = x
            rs[j] = xs
        pc, ps = rc, rs
    best_j = min(range(m + 1), key=lambda j: (pc[j], -j))
    return round(pc[best_j], 6), ps[best_j], best_j


@lru_cache(maxsize=65536)
def editops(a: str, b: str) -> tuple:
    """Levenshtein edit operations turning `a` into `b`, for the rules that ask what changed."""
    return tuple(Levenshtein.editops(a, b))


def changed_glyphs(a: str, b: str) -> set[str]:
    """Every glyph an edit from `a` to `b` removes, replaces or brings in."""
    out = set()
    for op in editops(a, b):
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


@cache
def _skeleton_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {ord(c): root for c, root in _shape_component().items()}
    table.update({ord(c): None for c in MARKS})  # marks go, whatever class they are in
    return table


def shape_skeleton(word: str) -> str:
    """The word without its marks, each glyph as its group of look-alike classes."""
    return word.translate(_skeleton_table())
