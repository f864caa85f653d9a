from __future__ import annotations

from functools import cache, lru_cache
from typing import Sequence


from normalize.lexicon import Lexicon, base_lexicon, ita_phrases, ita_words, place_names
from normalize.rules import resolve
from normalize.correct.context import Proposal, TextContext
from normalize.correct.context import by_score_then_start
from normalize.correct.context import clip, overlaps, thai_only
from normalize.correct.distance import COST_MARK_SUB, MARKS, changed_glyphs, weighted_distance
from normalize.correct.words import (COMPOUND_FREQ, MAX_WINDOW_TOKENS, TOKEN_MAX_LEN, DIGIT,
                                     among_common_words, beside_non_word, near_words,
                                     common_word, domain_words, garble_penalty, is_fragment)



# A span this short with one of its letters changed (not only a mark) is near too many
# words for a letter-shape slip to say which.
SHORT_SPAN = 3


def _changes_a_letter(span: str, word: str) -> bool:
    return any(ch not in MARKS for ch in changed_glyphs(span, word))


# Function words too short and common to be judged alone, except known OCR drops.
_DROPPED_MARK = {"ที": "ที่", "ทิ": "ที่"}  # ที่'s two marks read as one ิ
DROPPED_MARK_SCORE = 0.92


NAME = "lexicon"
CONFUSION = "ocr_confusion"  # a token fix by OCR confusions alone
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
    return clip(base - ambiguity)
# A span whose every token is a dictionary word has a reading already; doubt the fix more.
VALID_READING_PENALTY = 0.05
RARE_TARGET_PENALTY = 0.1
# ...and a fix by OCR confusions alone toward a word of some length the corpora call
# common is believed a little more: short words (คง, เลย, แอบ) are near too many
# misreadings, and a domain word no corpus counts (เฟซบุ๊ก) has no such evidence.
TRUSTED_TARGET_BONUS = 0.05
TRUSTED_TARGET_LEN = 4


@lru_cache(maxsize=64)
def _trusted_targets(extra: tuple[str, ...]) -> frozenset[str]:
    words = set(ita_words()) | place_names() | set(extra)
    for p in ita_phrases():
        words.update(p.split())
    return frozenset(words)


def _mark_keys(word: str) -> set[str]:
    """The word and the word less any one mark: two strings one mark apart share a key."""
    return {word} | {word[:i] + word[i + 1:] for i, ch in enumerate(word) if ch in MARKS}


def _compound_target(word: str, lex: Lexicon) -> bool:
    """Whether two real words may be doubted as a misreading of `word`: it is common, or
    it is ITA vocabulary (ความเสี่ยง, เรื่องร้องเรียน are rare in the general corpora)."""
    return lex.frequency(word) >= COMPOUND_FREQ or word in domain_words()


@cache
def _common_mark_index() -> frozenset[str]:
    keys: set[str] = set()
    for w, n in base_lexicon().freq.items():
        if n >= COMPOUND_FREQ and thai_only(w):
            keys |= _mark_keys(w)
    for w in domain_words():
        keys |= _mark_keys(w)
    return frozenset(keys)


def _one_mark_from_common(span: str) -> bool:
    return not _mark_keys(span).isdisjoint(_common_mark_index())


def _between_words(toks: Sequence[tuple[int, int, str]], i: int, lex: Lexicon) -> bool:
    """Whether token i stands between whitespace, line edges or common words."""
    for k in (i - 1, i + 1):
        if 0 <= k < len(toks):
            t = toks[k][2]
            if thai_only(t) and is_fragment(t, lex):
                return False
    return True


def _token_fixes(text: str, toks: Sequence[tuple[int, int, str]], lex: Lexicon,
                 extra: Sequence[str], protected: Sequence[tuple[int, int]]) -> list[Proposal]:
    """Best word for each span of 1-4 tokens that holds a fragment, non-overlapping."""
    proposals: list[Proposal] = []
    doubt = garble_penalty(toks, lex)
    for i, (s0, e0, tok) in enumerate(toks):
        if (tok in _DROPPED_MARK and not overlaps(protected, s0, e0)
                and _between_words(toks, i, lex) and among_common_words(toks, i, i, lex)):
            proposals.append(Proposal(s0, e0, tok, _DROPPED_MARK[tok],
                                      DROPPED_MARK_SCORE - doubt, CONFUSION))
            continue
        for j in range(i, min(len(toks), i + MAX_WINDOW_TOKENS)):
            piece = toks[i:j + 1]
            if not thai_only(piece[-1][2]):
                break
            ws, we = piece[0][0], piece[-1][1]
            span = text[ws:we]
            if we - ws > TOKEN_MAX_LEN or overlaps(protected, ws, we):
                break
            if span[0] in MARKS or span[0] in "ะาำ":
                break  # a piece starting with a mark belongs to the word before it
            if "\u0e4d" in span:
                break  # a split sara am ("ประจํ าปี") is the Unicode rules' to join
            if len(span) <= 2 and beside_non_word(toks, i, j):
                continue  # "ก้า|ศง|นิ": two letters among non-words are a guess
            if DIGIT.match(text[ws - 1:ws]) or DIGIT.match(text[we:we + 1]):
                continue  # glued to a number: a misread digit, not a word
            if span in lex.words:
                continue
            if not among_common_words(toks, i, j, lex):
                # "มากิ|คาวาเซะ", "การี|ตา": a syllable of a name; "โคร|งก|ภารอบรม": the
                # misread runs on into the rare piece beside it
                continue
            whole_words = not any(is_fragment(t[2], lex) for t in piece)
            if whole_words and len(piece) < 2:
                continue  # a lone real word needs a language model to doubt it
            if whole_words and not _one_mark_from_common(span):
                continue  # real words joined: doubted only one mark from a common word
            ranked = near_words(span, tuple(extra))
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
            common = common_word(word, lex)
            if not common and word not in _trusted_targets(extra):
                score -= RARE_TARGET_PENALTY  # คว้า, ครุย, เสลี่ยง: rarely what a report meant
            elif len(word) >= TRUSTED_TARGET_LEN and not hard and common:
                score += TRUSTED_TARGET_BONUS  # สะดวก, การปฏิบัติ: what a report does say
            score -= doubt
            proposals.append(Proposal(ws, we, span, word, clip(score),
                                      CONFUSION if hard == 0 else NAME))
    return resolve(proposals, by_score_then_start)


def token_fixes(ctx: TextContext) -> list[Proposal]:
    """Every text's token fixes, found once for the two rules that share them."""
    return ctx.memo("token_fixes", lambda: _token_fixes(
        ctx.text, ctx.tokens, ctx.lex, ctx.doc.extra, ctx.protected))


def find(text: str, ctx: TextContext) -> list[Proposal]:
    """`lexicon`: a span no lexicon knows, to the nearest word, with a non-OCR edit."""
    return ctx.gate(p for p in token_fixes(ctx) if p.rule == NAME)


def find_confusion(text: str, ctx: TextContext) -> list[Proposal]:
    """`ocr_confusion`: a span one OCR confusion (or a few) from a lexicon word."""
    return ctx.gate(p for p in token_fixes(ctx) if p.rule == CONFUSION)


RULES = ((CONFUSION, find_confusion), (NAME, find))
