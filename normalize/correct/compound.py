from __future__ import annotations

import math
from functools import cache


from normalize.lexicon import cached_build, compound_frequencies
from normalize.rules import resolve
from normalize.correct.context import Proposal, TextContext
from normalize.correct.context import clip, by_score_then_start
from normalize.correct.words import text_doubt
from normalize.correct.context import overlaps, thai_only
from normalize.correct.distance import MARKS, SHAPE, editops, shape_skeleton, weighted_distance
from normalize.correct.words import (MAX_WINDOW_TOKENS, TOKEN_MAX_LEN, DIGIT, dictionary_words,
                                     domain_words, is_fragment, thai_windows)



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


@cache
def _compound_index() -> dict[str, tuple[str, ...]]:
    """The ITA vocabulary by skeleton: the words a compound fix may aim at. Common words
    at large are too near to names and foreign words cut into syllables (ฮิ|โร, แบบ|มี)."""
    words = {w for w in domain_words() if len(w) >= 4}
    index: dict[str, list[str]] = {}
    for w in words:
        index.setdefault(shape_skeleton(w), []).append(w)
    return {k: tuple(sorted(v)) for k, v in index.items()}


@cache
def _dictionary_index() -> dict[str, tuple[str, ...]]:
    """Every dictionary word by skeleton: the readings a compound fix must beat (from the
    disk cache: building it cost every worker 0.38 s on its first document)."""
    return cached_build("dictionary-skeletons", _build_dictionary_index)


def _build_dictionary_index() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    words = [w for w in dictionary_words() if len(w) >= 3 and thai_only(w)]
    for w, key in zip(words, map(shape_skeleton, words)):
        index.setdefault(key, []).append(w)
    return {k: tuple(v) for k, v in index.items()}


def _compound_count(word: str) -> int:
    n = compound_frequencies().get(word, 0)
    return max(n, COMPOUND_COUNT) if word in domain_words() else n


@cache
def _known_words() -> frozenset[str]:
    """Dictionary words and common compounds: what a run of letters may be read as."""
    return dictionary_words() | {w for w, n in compound_frequencies().items()
                                  if n >= COMPOUND_COUNT}


_UPPER_VOWEL_SET = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47")
_TONE_SET = frozenset("\u0e48\u0e49\u0e4a\u0e4b\u0e4c")


def _slips_ocr_makes(span: str, word: str) -> bool:
    """Whether every difference is a slip OCR makes on print: a mark dropped, a tone read
    as another tone, an upper vowel as another, a letter as one of its shape class. A mark
    OCR would have had to invent (ให้มี → ใหม่) is no misreading."""
    for op in editops(span, word):
        if op.tag == "insert":
            if word[op.dest_pos] not in MARKS:
                return False
        elif op.tag == "replace":
            a, b = span[op.src_pos], word[op.dest_pos]
            if not ((a in _TONE_SET and b in _TONE_SET)
                    or (a in _UPPER_VOWEL_SET and b in _UPPER_VOWEL_SET)
                    or (a, b) in SHAPE):
                return False
        else:
            return False
    return True


def _edited_positions(span: str, word: str, at: int) -> set[int]:
    """Where in the text the letters an edit changes (or inserts before) stand."""
    return {at + op.src_pos for op in editops(span, word)}


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


NAME = "ocr_confusion.compound"


def find(text: str, ctx: TextContext) -> list[Proposal]:
    """`ocr_confusion.compound`: real words side by side that one ITA word, a few OCR slips
    away, explains better."""
    toks, lex, protected = ctx.tokens, ctx.lex, ctx.protected
    counts = compound_frequencies()
    index = _compound_index()
    doubt = text_doubt(ctx, dictionary=True)
    proposals: list[Proposal] = []
    for i, j, ws, we, span in thai_windows(text, toks, MAX_WINDOW_TOKENS, least=2):
        piece = toks[i:j + 1]
        if we - ws > TOKEN_MAX_LEN or overlaps(protected, ws, we):
            continue  # longer runs from here are longer still, and overlap it too
        if span in lex.words or counts.get(span, 0):
            continue
        if any(is_fragment(t, lex) and t not in dictionary_words() for _, _, t in piece):
            continue  # a non-word among them: the token fixes' to read
        if DIGIT.match(text[ws - 1:ws]) or text[we:we + 1] in MARKS:
            continue
        found = []
        for w in index.get(shape_skeleton(span), ()):
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
               for w in _dictionary_index().get(shape_skeleton(span), ())):
            continue  # ชี|วัด is ชี้วัด one mark away before it is ชีวิต
        if _edit_in_crossing_word(text, ws, we, _edited_positions(span, word, ws)):
            continue  # the letters changed are read right as part of another word
        ops = len(editops(span, word))
        score = (COMPOUND_BASE_SCORE + COMPOUND_SLOPE * math.log10(n / COMPOUND_COUNT)
                 - COMPOUND_EXTRA_OP * (min(ops, 3) - 1))
        proposals.append(Proposal(ws, we, span, word, clip(min(score, COMPOUND_MAX_SCORE) - doubt)))
    return ctx.gate(resolve(proposals, by_score_then_start))


RULES = ((NAME, find),)
