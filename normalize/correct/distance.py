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


def shape_skeleton(word: str) -> str:
    comp = _shape_component()
    return "".join(comp.get(c, c) for c in word if c not in MARKS)
