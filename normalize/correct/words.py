from __future__ import annotations

import math
import re
from functools import cache, lru_cache
from typing import Iterator, Sequence

import numpy as np
from pythainlp.corpus import thai_orst_words, thai_volubilis_words, thai_words
from pythainlp.tokenize import word_tokenize
from pythainlp.util import Trie

from normalize.trie import FrozenTrie
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from normalize.lexicon import (Lexicon, base_lexicon, cached_build, compound_frequencies,
                               ita_phrases, ita_words, place_names)
from normalize.correct.context import TextContext
from normalize.correct.context import thai_only
from normalize.correct.distance import MARKS, weighted_distance



# --- token corrections: ocr_confusion (confusion-class only) and lexicon ---------------

@cache
def tokenizer_trie() -> Trie:
    return cached_build("tokenizer-trie", _build_tokenizer_trie)


def _build_tokenizer_trie() -> Trie:
    lex = base_lexicon()
    words = set(thai_words()) | set(ita_words()) | place_names()
    words |= {w for w, n in lex.freq.items() if n >= 100 and len(w) > 1}
    return FrozenTrie(words)


# Spoken particles and chat spellings: common in the corpora, never in an official report,
# so never what a misread word of one was ("ตู้รับ" read "คัรับ" is no ครับ).
SPOKEN_WORDS = frozenset("""ครับ คร้าบ ค่ะ คะ ค๊ะ ขอรับ จ้ะ จ๊ะ จ้า จ๋า ฮะ เหรอ หรอ มั้ย ป่ะ
    อ่ะ อะ เนอะ เถอะ แหละ น่ะ นะคะ นะครับ งับ""".split())


@cache
def _candidate_pool() -> dict[int, tuple[str, ...]]:
    """Correction targets by length: common words, ITA words and place names only."""
    return cached_build("candidate-pool", _build_candidate_pool)


def _build_candidate_pool() -> dict[int, tuple[str, ...]]:
    lex = base_lexicon()
    pool = set(thai_words()) | set(ita_words()) | place_names()
    pool |= {w for w, n in lex.freq.items() if n >= 100}
    by_len: dict[int, list[str]] = {}
    for w in pool - SPOKEN_WORDS:
        if thai_only(w) and len(w) >= 2:
            by_len.setdefault(len(w), []).append(w)
    return {k: tuple(sorted(v)) for k, v in by_len.items()}


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """newmm's tokens of `text` with their offsets: (start, end, token)."""
    return list(_tokens(text))


@lru_cache(maxsize=16384)
def _tokens(text: str) -> tuple[tuple[int, int, str], ...]:
    # a pure function of the text: the rules ask for the same runs again and again
    out, pos = [], 0
    for tok in word_tokenize(text, engine="newmm", custom_dict=tokenizer_trie(),
                             keep_whitespace=True):
        out.append((pos, pos + len(tok), tok))
        pos += len(tok)
    return tuple(out)
TOKEN_MAX_LEN = 24


FREQ_BONUS = 0.05


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


class _Bucket:
    """The candidate words of one length and their postings for each q (2 to MAX_GRAM),
    as the filter `_maybe_within` reads them: turned from the cached arrays into Python
    lists and a dict on first use (a few milliseconds a bucket)."""

    def __init__(self, words: tuple[str, ...], postings: dict[int, Postings]) -> None:
        self.words = words
        self._arrays = postings
        self._lists: dict[int, tuple[list[int], dict[str, int], list[int]]] = {}

    def postings(self, q: int) -> tuple[list[int], dict[str, int], list[int]]:
        """(flat, index, bounds): the words holding sequence g are
        flat[bounds[index[g]]:bounds[index[g] + 1]]."""
        if q not in self._lists:
            flat, names, bounds = self._arrays[q]
            self._lists[q] = (flat.tolist(), dict(zip(names.tolist(), range(len(names)))),
                              bounds.tolist())
        return self._lists[q]


# The words holding a sequence g of q letters, by their index in the bucket, ascending:
# flat[bounds[i]:bounds[i + 1]] for g = names[i]. Arrays, not a dict per sequence, so
# the disk cache loads them as blocks of bytes: building them cost every process 0.2 s
# of its first corrections.
Postings = tuple[np.ndarray, np.ndarray, np.ndarray]  # (flat, names, bounds)
_CODE_BITS = 21  # every Unicode code point fits in 21 bits, so three fit in 64


def _gram_postings(words: tuple[str, ...], q: int) -> Postings:
    """The postings of one bucket's q-letter sequences, built by one stable sort in numpy.
    All words of a bucket have one length, so they form one matrix of code points."""
    n, length = len(words), len(words[0])
    width = length - q + 1
    if width <= 0:
        return np.zeros(0, np.int32), np.zeros(0, f"<U{q}"), np.zeros(1, np.int64)
    codes = np.array(words, dtype=f"<U{length}").view(np.uint32).reshape(n, length)
    ids = np.zeros((n, width), dtype=np.uint64)
    for i in range(q):  # each sequence as one integer, its q code points side by side
        ids = (ids << np.uint64(_CODE_BITS)) | codes[:, i:i + width].astype(np.uint64)
    # the stable sort keeps, within one sequence, the words in their (ascending) order
    order = np.argsort(ids.ravel(), kind="stable")
    gram_ids, word_ks = ids.ravel()[order], order // width
    # a word holding a sequence twice is listed once
    keep = np.ones(len(order), dtype=bool)
    keep[1:] = (gram_ids[1:] != gram_ids[:-1]) | (word_ks[1:] != word_ks[:-1])
    gram_ids, word_ks, order = gram_ids[keep], word_ks[keep], order[keep]
    starts = np.flatnonzero(np.r_[True, gram_ids[1:] != gram_ids[:-1]])
    # each sequence's letters, read back from the first word and place holding it
    rows, cols = word_ks[starts], order[starts] % width
    grams = np.stack([codes[rows, cols + i] for i in range(q)], axis=1)
    names = np.ascontiguousarray(grams).view(f"<U{q}").ravel()
    return word_ks.astype(np.int32), names, np.r_[starts, len(gram_ids)].astype(np.int64)


# Longer sequences filter long spans a little better but cost a third index to build:
# 2 to 4 measured alike (0.81-0.88 s CPU for the scans' near_words, builds included).
MAX_GRAM = 3


@cache
def _buckets() -> dict[int, _Bucket]:
    postings = cached_build("gram-postings", _build_postings)
    return {n: _Bucket(words, postings[n]) for n, words in _candidate_pool().items()}


def _build_postings() -> dict[int, dict[int, Postings]]:
    return {n: {q: _gram_postings(words, q) for q in range(2, MAX_GRAM + 1)}
            for n, words in _candidate_pool().items()}


_NO_WORDS = (0, 0)


def _span_length(span: tuple[int, int]) -> int:
    return span[1] - span[0]


def _maybe_within(s: str, limit: int, bucket: _Bucket) -> Sequence[str]:
    """The words of `bucket` that may lie within `limit` edits of `s`: a superset, so the
    exact search over it finds the same words as over the whole bucket. Cut `s` into
    limit + 1 pieces; `limit` edits leave one of them whole, so a near word holds that
    piece and every sequence of q letters in it (pigeonhole; q is the shortest piece's
    length, up to MAX_GRAM). Of each piece the sequence fewest words hold stands for it."""
    pieces = limit + 1
    if len(s) < 2 * pieces:
        return bucket.words
    bounds = [len(s) * i // pieces for i in range(pieces + 1)]
    q = min(MAX_GRAM, min(b - a for a, b in zip(bounds, bounds[1:])))
    flat, index, spans = bucket.postings(q)

    def held_by(gram: str) -> tuple[int, int]:
        k = index.get(gram)
        return _NO_WORDS if k is None else (spans[k], spans[k + 1])

    found: set[int] = set()
    for a, b in zip(bounds, bounds[1:]):
        piece = s[a:b]
        lo, hi = min((held_by(piece[i:i + q]) for i in range(len(piece) - q + 1)),
                     key=_span_length)
        found.update(flat[lo:hi])
    return [bucket.words[k] for k in found]  # any order: the caller ranks what it finds


@lru_cache(maxsize=65536)
def near_words(s: str, extra: tuple[str, ...]) -> list[tuple[float, int, str]]:
    """Words near `s`, cheapest first: (cost less frequency bonus, hard ops, word)."""
    lex = base_lexicon()

    limit = max(1, min(3, len(s) // 3))
    found = dict(_near_pool_words(s))
    for w in extra:
        if abs(len(w) - len(s)) <= limit:
            found[w] = weighted_distance(s, w)
    # Dropping or adding a whole piece at an edge merges tokens; it corrects nothing.
    found = {w: v for w, v in found.items() if not _edge_piece(s, w)}
    # Among near candidates a common word is the likelier reading: cost less a frequency bonus.
    ranked = sorted(((round(c - FREQ_BONUS * math.log10(1 + lex.frequency(w)), 6), h, w)
                     for w, (c, h) in found.items()))
    return ranked


@lru_cache(maxsize=65536)
def _near_pool_words(s: str) -> tuple[tuple[str, tuple[float, int]], ...]:
    """The candidate pool's words within `near_words`' edit limit of `s`, with their
    weighted distances: the same for every document (only its own names differ, and
    `near_words` adds those), so a span seen in one document is not searched again."""
    limit = max(1, min(3, len(s) // 3))
    buckets = _buckets()
    found: dict[str, tuple[float, int]] = {}
    for length in range(max(2, len(s) - limit), len(s) + limit + 1):
        bucket = buckets.get(length)
        if bucket is None:
            continue
        words = _maybe_within(s, limit, bucket)
        for w, _, _ in process.extract(s, words, scorer=Levenshtein.distance,
                                       score_cutoff=limit, limit=None):
            found[w] = weighted_distance(s, w)
    return tuple(found.items())


# A token newmm cut out of a word it did not know: not a word, or a rare one.
RARE_FREQ = 300
MAX_WINDOW_TOKENS = 4


_LONE_WORDS = frozenset("ณฯๆ")
DIGIT = re.compile(r"[0-9๐-๙]")


def is_fragment(tok: str, lex: Lexicon) -> bool:
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
def dictionary_words() -> frozenset[str]:
    """Words a dictionary or the ITA lists hold: real however seldom a corpus counts them
    (ระยะเวลา, เรื่องร้องเรียน), unlike corpus debris that only the frequency list has."""
    return cached_build("dictionary-words", _build_dictionary_words)


def _build_dictionary_words() -> frozenset[str]:
    words = set(thai_words()) | set(thai_orst_words()) | set(thai_volubilis_words())
    return frozenset(words | set(ita_words()) | domain_words() | place_names())


def garble_penalty(toks: Sequence[tuple[int, int, str]], lex: Lexicon,
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
                0 <= n < len(toks) and thai_only(toks[n][2]) for n in (k - 1, k + 1)):
            # a number glued to Thai: it and the word it touches are doubtful, no more
            junk += len(t) + sum(len(toks[n][2]) for n in (k - 1, k + 1)
                                 if 0 <= n < len(toks) and thai_only(toks[n][2])
                                 and not is_fragment(toks[n][2], lex))
            continue
        if thai_only(t):
            if (is_fragment(t, lex)
                    and t not in domain_words()  # ITA vocabulary is curated, never debris
                    and not (dictionary and t in dictionary_words())):
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


def common_word(word: str, lex: Lexicon) -> bool:
    # Phupha's short entries hold segmentation debris (นาท 1.4 M): only compounds count
    return (lex.frequency(word) >= COMMON_FREQ
            or (len(word) >= PHUPHA_MIN_LEN
                and compound_frequencies().get(word, 0) >= PHUPHA_COMMON))


@cache
def domain_words() -> frozenset[str]:
    """ITA words and the space-free runs of ITA phrases: the report's own vocabulary."""
    words = {w for w in ita_words() if thai_only(w)}
    for p in ita_phrases():
        words.update(part for part in p.split() if thai_only(part))
    return frozenset(words)


def thai_windows(text: str, toks: Sequence[tuple[int, int, str]], most: int,
                  least: int = 1) -> Iterator[tuple[int, int, int, int, str]]:
    """Runs of `least` to `most` tokens ending on a Thai token: (i, j, start, end, text)."""
    for i in range(len(toks)):
        for j in range(i, min(len(toks), i + most)):
            if not thai_only(toks[j][2]):
                break
            if j - i + 1 >= least:
                yield i, j, toks[i][0], toks[j][1], text[toks[i][0]:toks[j][1]]


def glued_letter(toks: Sequence[tuple[int, int, str]], k: int) -> bool:
    return 0 <= k < len(toks) and len(toks[k][2]) == 1 and "ก" <= toks[k][2] <= "ฮ" \
        and toks[k][2] not in _LONE_WORDS


def among_common_words(toks: Sequence[tuple[int, int, str]], i: int, j: int,
                        lex: Lexicon) -> bool:
    """Whether every Thai token glued to toks[i..j] is a common word, an ITA word or a
    dictionary word too long to be a syllable of a name (ระยะเวลา)."""
    for k in (i - 1, j + 1):
        if 0 <= k < len(toks) and thai_only(toks[k][2]):
            t = toks[k][2]
            if not (common_word(t, lex) or t in domain_words()
                    or (len(t) >= 5 and t in dictionary_words())):
                return False
    return True


def beside_non_word(toks: Sequence[tuple[int, int, str]], i: int, j: int) -> bool:
    """Whether a Thai token glued to the span is no dictionary word."""
    return any(0 <= k < len(toks) and thai_only(toks[k][2])
               and toks[k][2] not in dictionary_words() for k in (i - 1, j + 1))


def glued_garbage(text: str, toks: Sequence[tuple[int, int, str]], i: int, j: int,
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
        if 0 <= k < len(toks) and thai_only(toks[k][2]):
            t = toks[k][2]
            if is_fragment(t, lex) and t not in dictionary_words():
                return True
    return False


def text_doubt(ctx: TextContext, dictionary: bool = False) -> float:
    """`garble_penalty` of one text's tokens, computed once per text."""
    return ctx.memo(("doubt", dictionary),
                    lambda: garble_penalty(ctx.tokens, ctx.lex, dictionary=dictionary))
