from __future__ import annotations

import math
from functools import cache, lru_cache
from typing import Sequence


from normalize.lexicon import Lexicon, base_lexicon, cached_build, compound_frequencies
from normalize.rules import resolve
from normalize.correct.context import Proposal, TextContext, overlapping
from normalize.correct.context import clip
from normalize.correct.words import text_doubt
from normalize.correct.context import overlaps, thai_only
from normalize.correct.distance import (COST_SHAPE_SUB, MARKS, changed_glyphs, editops,
                                        weighted_distance)
from normalize.correct.facts import CLASSIFIERS, TAKES_NUMBER
from normalize.correct.words import (COMMON_FREQ, COMPOUND_FREQ, MAX_WINDOW_TOKENS,
                                     PHUPHA_COMMON, PHUPHA_MIN_LEN, SPOKEN_WORDS, TOKEN_MAX_LEN,
                                     among_common_words, beside_non_word, near_words,
                                     domain_words, glued_garbage, glued_letter, is_fragment,
                                     thai_windows)



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
    words = lex.words
    return {w for w in _completion_spellings(span) if w in words}


@lru_cache(maxsize=4096)
def _completion_spellings(span: str) -> tuple[str, ...]:
    """Every spelling `_mark_completions` looks up, word or not. They depend on the span
    alone, and a run meets the same spans again and again (9 141 look-ups of 1 562 spans
    in the samples), so they are spelled out once; which of them are words is asked of
    each document's own lexicon."""
    out = []
    for i in range(1, len(span) + 1):
        for m in _TONES:
            w = span[:i] + m + span[i:]
            if w not in SPOKEN_WORDS:
                out.append(w)
    if len(span) >= 3:
        for i, ch in enumerate(span):
            if ch not in _UPPER_VOWELS:
                continue
            for v in _UPPER_VOWELS:
                for t in _TONES[:2]:
                    w = span[:i] + v + t + span[i + 1:]
                    if w != span:
                        out.append(w)
    return tuple(out)


def _inserted_vowel_rival(span: str, toks: Sequence[tuple[int, int, str]], j: int,
                          lex: Lexicon) -> bool:
    """Whether the span, without a below vowel OCR often invents (ุ ู), runs on into the
    next token as a common word: then the vowel is the error, not a missing mark."""
    if "\u0e38" not in span and "\u0e39" not in span or j + 1 >= len(toks):
        return False
    stripped = span.replace("\u0e38", "").replace("\u0e39", "")
    following = toks[j + 1][2]
    return any(lex.frequency(stripped + following[:k]) >= MARK_TARGET_FREQ
               for k in range(1, len(following) + 1) if thai_only(following[:k]))


def _shape_rival(text: str, toks: Sequence[tuple[int, int, str]], i: int, j: int,
                 lex: Lexicon) -> bool:
    """Whether the span with a neighbour reads, one letter-shape slip away, as a common
    word (ตัง|กล่าว is ดังกล่าว, not ตั้ง กล่าว): then the missing mark is a guess."""
    for lo, hi in ((i - 1, j), (i, j + 1)):
        if lo < 0 or hi >= len(toks) or not all(thai_only(t) for _, _, t in toks[lo:hi + 1]):
            continue
        joined = text[toks[lo][0]:toks[hi][1]]
        for cost, hard, word in near_words(joined, ())[:3]:
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
    """Common words, ITA words and place names by their letters without marks (from the
    disk cache: building it cost every process 0.04 s on its first document)."""
    return cached_build("mark-free-index", _build_mark_free_index)


def _build_mark_free_index() -> dict[str, tuple[str, ...]]:
    lex = base_lexicon()
    counts = compound_frequencies()
    words = {w for w, n in lex.freq.items() if n >= COMMON_FREQ}
    words |= {w for w, n in counts.items() if n >= PHUPHA_COMMON and len(w) >= PHUPHA_MIN_LEN}
    words |= domain_words()  # place names are the gazetteer rule's, in their own area
    index: dict[str, list[str]] = {}
    for w in words - SPOKEN_WORDS:
        if thai_only(w) and len(_mark_free(w)) >= SKELETON_MIN_LETTERS:
            index.setdefault(_mark_free(w), []).append(w)
    return {k: tuple(sorted(v)) for k, v in index.items()}


def _mark_weight(word: str, lex: Lexicon) -> int:
    n = max(lex.frequency(word), compound_frequencies().get(word, 0) // 200)
    return max(n, COMMON_FREQ) if word in domain_words() else n


_LOANWORD_MARKS = frozenset("\u0e4a\u0e4b\u0e47\u0e4c")  # ๊ ๋ ็ ์


def _loanword_marks_only(span: str, word: str) -> bool:
    """Whether the two differ only by marks a loanword may go without (เฟซบุก, เฟซบุ๊ก):
    the author's spelling, not a misreading."""
    changed = changed_glyphs(span, word)
    return bool(changed) and changed <= _LOANWORD_MARKS


def _marks_only_fixes(text: str, ctx: TextContext) -> list[Proposal]:
    """Spans whose letters, marks aside, are those of one common word and no other."""
    toks, lex, protected = ctx.tokens, ctx.lex, ctx.protected
    doubt = text_doubt(ctx, dictionary=True)
    index = _mark_free_index()
    proposals: list[Proposal] = []
    for i, j, ws, we, span in thai_windows(text, toks, MAX_WINDOW_TOKENS):
        if we - ws > TOKEN_MAX_LEN or overlaps(protected, ws, we):
            continue  # longer runs from here are longer still, and overlap it too
        if span[0] in MARKS or text[we:we + 1] in MARKS:
            continue  # a cut through a letter cluster
        if span in lex.words:
            continue
        if any(glued_letter(toks, k) and 0 < k < len(toks) - 1
               and thai_only(toks[k - 1][2] if k == i else toks[k + 1][2]) for k in (i, j)):
            continue  # "ทร่า|บ|อย่าง": its lone letter is the end of the word before
        found = index.get(_mark_free(span))
        if not found:
            continue
        if not among_common_words(toks, i, j, lex) or glued_garbage(text, toks, i, j, lex):
            continue
        found = [w for w in found if len(editops(span, w)) <= SKELETON_MAX_MARK_OPS
                 and not _loanword_marks_only(span, w)]
        if not found:
            continue
        ranked = sorted(((_mark_weight(w, lex), w) for w in found), reverse=True)
        weight, word = ranked[0]
        if len(ranked) > 1 and weight < SKELETON_RIVAL_RATIO * ranked[1][0]:
            continue  # two words share these letters: the marks decide, and they are lost
        proposals.append(Proposal(ws, we, span, word, clip(SKELETON_SCORE - doubt)))
    # of equal scores the longer span
    return resolve(proposals, lambda p: (-p.score, p.start - p.end))


def _mark_restorations(text: str, ctx: TextContext) -> list[Proposal]:
    """Spans that read as a rare word or a fragment but, with the mark OCR most often drops,
    are a word far more common: the corpus frequencies are the context that decides."""
    toks, lex, protected = ctx.tokens, ctx.lex, ctx.protected
    doubt = text_doubt(ctx, dictionary=True)
    proposals: list[Proposal] = []
    for i in range(len(toks)):
        for j in range(i, min(len(toks), i + MARK_WINDOW_TOKENS)):
            piece = toks[i:j + 1]
            if not thai_only(piece[-1][2]):
                break
            ws, we = piece[0][0], piece[-1][1]
            span = text[ws:we]
            if span[0] in MARKS or span[0] in "ะาำ" or text[we:we + 1] in MARKS:
                break  # a cut through a letter cluster
            if overlaps(protected, ws, we):
                break
            if len(span) < 2:
                continue  # a lone letter is a piece of a word no mark can tell
            if len(span) == 2 and not among_common_words(toks, i, j, lex):
                continue  # "วา|เนิน|งาน", "ได|ซู|เกะ": a syllable of a misread word or a name
            if len(piece) > 1 and not any(is_fragment(t, lex) for _, _, t in piece):
                continue  # whole words joined are the compound check's to doubt
            if glued_letter(toks, i - 1) or glued_letter(toks, j + 1):
                continue  # "ถา|ร": a piece of a longer misread word, not a word missing a mark
            if beside_non_word(toks, i, j):
                continue  # "สรุปผู|ลการ": the mark-less span is a piece of a misread word
            completions = sorted(((lex.frequency(w), w) for w in _mark_completions(span, lex)),
                                 reverse=True)
            if not completions:
                continue
            freq, word = completions[0]
            if glued_garbage(text, toks, i, j, lex, count_before=word in CLASSIFIERS,
                              count_after=word in TAKES_NUMBER):
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
            proposals.append(Proposal(ws, we, span, word, clip(score - doubt)))
    # of equal scores the shorter span
    return resolve(proposals, lambda p: (-p.score, p.end - p.start))


NAME = "ocr_confusion.marks"


def find(text: str, ctx: TextContext) -> list[Proposal]:
    """`ocr_confusion.marks`: a tone mark OCR dropped, where the corpus frequencies decide;
    then a span whose letters are all there, marks aside."""
    found = _mark_restorations(text, ctx)
    found += [p for p in _marks_only_fixes(text, ctx)
              if not any(overlapping(p, f) for f in found)]
    return ctx.gate(found)


RULES = ((NAME, find),)
