from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from pythainlp.tokenize import word_tokenize
from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from ita_core.thai import THAI_LETTERS
from normalize.lexicon import Lexicon
from normalize.rules import Edit, resolve
from normalize.correct.context import Proposal, TextContext, by_score
from normalize.correct.context import clip, overlaps, thai_only
from normalize.correct.distance import best_substring, weighted_distance
from normalize.correct.words import tokenizer_trie, tokenize

_THAI_LETTER = re.compile(f"[{THAI_LETTERS}]")


# --- phrase ----------------------------------------------------------------------------

_WS = re.compile(r"\s+")
PHRASE_CUTOFF = 70  # partial_ratio below which a phrase is not looked for in a text
# Score = 1 - weight × cost per phrase character: one cheap OCR slip in an 11-character
# phrase scores 0.95; a garbled word inside a 50-character phrase still scores above 0.9.
PHRASE_COST_WEIGHT = 1.2


def phrase_proposals(text: str, lex: Lexicon, min_chars: int,
                  protected: Sequence[tuple[int, int]],
                  phrases: Sequence[str] | None = None) -> list[tuple[Edit, str]]:
    out: list[Proposal] = []
    for phrase in _candidates(text, _searchable(tuple(lex.phrases if phrases is None else phrases),
                                                min_chars)):
        for start, end in _alignments(phrase, text):
            span = text[start:end]
            # the cheap reasons to pass first, the alignment cost only for what remains
            if _WS.sub(" ", span) == phrase:
                continue
            if end - start < 2 or "\n" in span.strip() or overlaps(protected, start, end):
                continue
            if span[:1] != phrase[:1] or span[-1:] != phrase[-1:]:
                continue  # a phrase cut by a line or cell edge is not evidence of an error
            if _WS.sub("", span) in lex.words:
                continue  # the span is a word in its own right ("ส่วนรวม" vs "ส่วนร่วม")
            cost = weighted_distance(phrase, span)[0]
            if cost == 0:
                continue
            score = clip(1.0 - PHRASE_COST_WEIGHT * cost / len(phrase))
            edit = _minimal_edit(text, start, end, phrase, score)
            if edit is None:
                continue
            before = edit.before
            if _drops_a_word(before, edit.after, lex) or _drops_a_word(edit.after, before, lex):
                continue  # "การทำทุจริต" is not "การทุจริต" misread: wording is the author's
            # Valid words changed by a non-OCR edit ("ใน" → "บน") are the author's choice.
            if (_all_known(text, edit.start, edit.end, lex)
                    and weighted_distance(before, edit.after)[1] > 0):
                continue
            out.append(edit)
    return out


@lru_cache(maxsize=4096)
def _candidates(text: str, phrases: tuple[str, ...]) -> tuple[str, ...]:
    """The phrases that align with `text` at all, in their order: one partial_ratio per
    phrase computed in rapidfuzz's C loop (`cdist`), where a Python loop over every phrase
    and text cost more than the rest of the rule (124 phrases by 800 fields: 1.3 s).

    A pure function of its arguments, so cached: reports repeat their standard wording
    and units (สำนักปลัด) from field to field and document to document, and the samples'
    644 fields hold 316 distinct texts."""
    if not phrases or not text:
        return ()
    maybe = _may_align(text, phrases)
    if not maybe:
        return ()
    scores = process.cdist(maybe, [text], scorer=fuzz.partial_ratio, score_cutoff=PHRASE_CUTOFF)
    return tuple(p for p, score in zip(maybe, scores[:, 0]) if score >= PHRASE_CUTOFF)


# Float slack for the bound below: rapidfuzz's own score of a pair at the cutoff may sit a
# rounding error above the exact fraction, so a pair is dropped only clearly below it.
_BOUND_SLACK = 1e-6


def _may_align(text: str, phrases: tuple[str, ...]) -> list[str]:
    """The phrases whose partial_ratio with `text` can reach PHRASE_CUTOFF, in their order.

    partial_ratio scores the shorter string s against windows w of the longer one, |w| at
    most |s|: 200·LCS(s, w) / (|s| + |w|). A window holds no more of s in order than the
    whole string does, so with L = LCS(s, longer) the score is at most 200·L / (|s| + L)
    (largest at |w| = L). rapidfuzz's LCS in C costs a sixth of partial_ratio and leaves
    a fifth of the pairs for it (samples: 7 976 of 39 707), the same phrases in the end."""
    common = process.cdist(phrases, [text], scorer=LCSseq.similarity)[:, 0]
    out = []
    for p, lcs in zip(phrases, common.tolist()):
        shorter = min(len(p), len(text))
        if 200 * lcs >= (PHRASE_CUTOFF - _BOUND_SLACK) * (shorter + lcs):
            out.append(p)
    return out


# A phrase is looked for again after masking each place it was found, at most this often.
MAX_MATCHES = 8


@lru_cache(maxsize=16384)
def _alignments(phrase: str, text: str) -> tuple[tuple[int, int], ...]:
    """The non-empty spans of `text` where `phrase` aligns, in the order found: each
    found place masked before the next search. It reads only the phrase and the text (no
    document's lexicon), so it is cached across fields and documents; the checks that
    read the lexicon stay with the caller."""
    spans: list[tuple[int, int]] = []
    masked = text
    for _ in range(MAX_MATCHES):
        al = fuzz.partial_ratio_alignment(phrase, masked, score_cutoff=PHRASE_CUTOFF)
        if al is None:
            break
        pad = 6 + len(phrase) // 4
        lo, hi = max(0, al.dest_start - pad), min(len(masked), al.dest_end + pad)
        cost, s, e = best_substring(phrase, masked[lo:hi])
        start, end = _anchor(phrase, masked, lo + s, lo + e, cost)
        masked = masked[:start] + "\0" * (end - start) + masked[end:]
        if start != end:
            spans.append((start, end))
    return tuple(spans)


@lru_cache(maxsize=256)
def _searchable(phrases: tuple[str, ...], min_chars: int) -> tuple[str, ...]:
    """The phrases long enough to search for and holding Thai, in their order."""
    return tuple(p for p in phrases
                 if len(p) >= min_chars and _THAI_LETTER.search(p))


NAME = "phrase"


def find(text: str, ctx: TextContext) -> list[Proposal]:
    """`phrase`: a span near a standard ITA phrase (measure titles, NACC wording)."""
    found = phrase_proposals(text, ctx.lex, ctx.doc.settings.min_phrase_chars, ctx.protected)
    return resolve(ctx.gate(found), by_score)


RULES = ((NAME, find),)


def _drops_a_word(longer: str, shorter: str, lex: Lexicon) -> bool:
    """Whether `shorter` is `longer` less one whole word, up to OCR-cheap differences."""
    for s, e, tok in tokenize(longer):
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
    toks = [t for s, e, t in tokenize(text) if s < end and start < e]
    return all(t in lex.words for t in toks if thai_only(t))


def _minimal_edit(text: str, start: int, end: int, target: str, score: float) -> Proposal | None:
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
    for tok in word_tokenize(target, engine="newmm", custom_dict=tokenizer_trie(),
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
    return Proposal(start + s_lo, start + s_hi, span[s_lo:s_hi], target[t_lo:t_hi], score)
