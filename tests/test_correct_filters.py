"""The correction rules' cheap filters only skip work: each must keep exactly what the
unfiltered computation it stands in front of keeps, which this file keeps as the reference."""

from __future__ import annotations

import random

from rapidfuzz import fuzz, process

from normalize.correct import phrase
from normalize.lexicon import base_lexicon


def reference_candidates(text: str, phrases: tuple[str, ...]) -> tuple[str, ...]:
    scores = process.cdist(phrases, [text], scorer=fuzz.partial_ratio,
                           score_cutoff=phrase.PHRASE_CUTOFF)
    return tuple(p for p, s in zip(phrases, scores[:, 0]) if s >= phrase.PHRASE_CUTOFF)


def _garbled(rng: random.Random, text: str, alphabet: str) -> str:
    """`text` with a few letters dropped, changed or added, as OCR would."""
    chars = list(text)
    for _ in range(rng.randint(0, max(1, len(chars) // 4))):
        k = rng.randrange(len(chars) + 1)
        op = rng.choice("dsi")
        if op == "d" and k < len(chars):
            del chars[k]
        elif op == "s" and k < len(chars):
            chars[k] = rng.choice(alphabet)
        else:
            chars.insert(k, rng.choice(alphabet))
    return "".join(chars)


def test_phrase_candidates_are_those_partial_ratio_keeps():
    phrases = phrase._searchable(tuple(base_lexicon().phrases), 8)
    alphabet = "".join(sorted(set("".join(phrases))))
    rng = random.Random(13)
    texts = []
    for _ in range(300):
        picked = rng.sample(phrases, rng.randint(1, 3))
        joined = " ".join(_garbled(rng, p, alphabet) for p in picked)
        cut = rng.randint(0, len(joined) // 2)
        # whole and cut phrases, short pieces (shorter than the phrases), unrelated noise
        texts += [joined, joined[cut:], joined[cut:cut + rng.randint(1, 12)],
                  "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 80)))]
    for text in texts:
        assert phrase._candidates(text, phrases) == reference_candidates(text, phrases), text


def reference_postings(words: tuple[str, ...], q: int) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for k, w in enumerate(words):
        for g in {w[i:i + q] for i in range(len(w) - q + 1)}:
            index.setdefault(g, []).append(k)
    return index


def test_gram_postings_list_each_sequence_s_words_in_order():
    from normalize.correct.words import MAX_GRAM, _buckets, _candidate_pool

    buckets = _buckets()  # as the corrector reads them (from the disk cache, if kept)
    for length, words in _candidate_pool().items():
        for q in range(2, MAX_GRAM + 1):
            flat, index, bounds = buckets[length].postings(q)
            assert {g: flat[bounds[k]:bounds[k + 1]] for g, k in index.items()} == \
                reference_postings(words, q), (length, q)


def reference_mark_completions(span: str, words: frozenset[str]) -> set[str]:
    from normalize.correct.marks import _TONES, _UPPER_VOWELS
    from normalize.correct.words import SPOKEN_WORDS

    out = set()
    for i in range(1, len(span) + 1):
        for m in _TONES:
            w = span[:i] + m + span[i:]
            if w in words and w not in SPOKEN_WORDS:
                out.add(w)
    if len(span) >= 3:
        for i, ch in enumerate(span):
            if ch in _UPPER_VOWELS:
                for v in _UPPER_VOWELS:
                    for t in _TONES[:2]:
                        w = span[:i] + v + t + span[i + 1:]
                        if w != span and w in words:
                            out.add(w)
    return out


def test_mark_completions_are_those_of_the_lookup_per_spelling():
    from normalize.correct.marks import _TONES, _mark_completions
    from normalize.correct.words import SPOKEN_WORDS
    from normalize.lexicon import document_lexicon

    lex = document_lexicon(["เทศบาลตำบลนาม่อง", "บ้านน้อย"])  # a document's own names too
    rng = random.Random(5)
    words = sorted(w for w in lex.words if any(t in w for t in _TONES) and len(w) <= 12)
    spans = [w.replace(t, "", 1) for w in rng.sample(words, 400) for t in _TONES if t in w]
    spans += [w.replace(t, "", 1) for w in SPOKEN_WORDS for t in _TONES if t in w]
    spans += ["บานนอย", "เทศบาลตำบลนามอง", "ขืน", "ยิม", "เรือง", "ที"]
    for span in spans:
        assert _mark_completions(span, lex) == reference_mark_completions(span, lex.words), span
    assert sum(bool(_mark_completions(s, lex)) for s in spans) > 300  # spans that complete
