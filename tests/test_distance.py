"""The OCR-weighted alignments are fast rewrites of textbook recurrences: they must give
the very same figures (cost to the last bit, hard ops, start and end) as the plain
recurrence over (cost, hard) / (cost, start) pairs, which this file keeps as the reference."""

from __future__ import annotations

import random

import pytest

from normalize.correct.distance import (COST_HARD, COST_TRANSPOSE, _indel_cost, _sub_cost,
                                        best_substring, weighted_distance)


def reference_weighted_distance(a: str, b: str) -> tuple[float, int]:
    n, m = len(a), len(b)
    prev2 = None
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
            best = min((prev[j - 1][0] + s, prev[j - 1][1] + (s >= COST_HARD)),
                       (prev[j][0] + ci, prev[j][1] + (ci >= COST_HARD)),
                       (row[j - 1][0] + cj, row[j - 1][1] + (cj >= COST_HARD)))
            if (prev2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2]
                    and a[i - 2] == b[j - 1] and a[i - 1] != a[i - 2]):
                best = min(best, (prev2[j - 2][0] + COST_TRANSPOSE, prev2[j - 2][1]))
            row.append(best)
        prev2, prev = prev, row
    return round(prev[m][0], 6), prev[m][1]


def reference_best_substring(pattern: str, text: str) -> tuple[float, int, int]:
    n, m = len(pattern), len(text)
    prev = [(0.0, j) for j in range(m + 1)]
    for i in range(1, n + 1):
        ci = _indel_cost(pattern[i - 1])
        row = [(prev[0][0] + ci, 0)]
        for j in range(1, m + 1):
            s = _sub_cost(pattern[i - 1], text[j - 1])
            cj = _indel_cost(text[j - 1])
            row.append(min((prev[j - 1][0] + s, prev[j - 1][1]), (prev[j][0] + ci, prev[j][1]),
                           (row[j - 1][0] + cj, row[j - 1][1])))
        prev = row
    best_j = min(range(m + 1), key=lambda j: (prev[j][0], -j))
    return round(prev[best_j][0], 6), prev[best_j][1], best_j


# Glyphs from every cost class: marks, shape classes, soft indels, plain letters, Latin.
ALPHABET = "่้๊๋ัิีึืุู็์ดตคศบปษขชผพถภกอวทหนมลสราำะใไโเแ .:,0๐ยงจabc"
WORDS = ["ท้องถิ่น", "ท้องถิน", "กุดบาก", "กุดบกา", "ความเสี่ยง", "ความเสียง", "จัดซื้อจัดจ้าง",
         "จัดซีอุจัดจ้าง", "เทศบาลตำบลนาม่อง", "เทศบาลตำบสนาม่อง", "", "า", "ดาม", "ตาม", "ราม"]


def _strings(rng: random.Random, count: int) -> list[str]:
    out = list(WORDS)
    for _ in range(count):
        out.append("".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12))))
    return out


@pytest.mark.parametrize("seed", range(4))
def test_weighted_distance_equals_the_textbook_recurrence(seed):
    rng = random.Random(seed)
    pool = _strings(rng, 60)
    for _ in range(700):
        a, b = rng.choice(pool), rng.choice(pool)
        if rng.random() < 0.3 and a:  # near pairs: a transposition or a mark changed
            k = rng.randrange(len(a))
            b = a[:k] + rng.choice(ALPHABET) + a[k + 1:]
            if k + 1 < len(a) and rng.random() < 0.5:
                b = a[:k] + a[k + 1] + a[k] + a[k + 2:]
        assert weighted_distance(a, b) == reference_weighted_distance(a, b), (a, b)


@pytest.mark.parametrize("seed", range(4))
def test_best_substring_equals_the_textbook_recurrence(seed):
    rng = random.Random(100 + seed)
    pool = _strings(rng, 60)
    for _ in range(500):
        pattern = rng.choice(pool)
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 4)))
        if pattern and rng.random() < 0.5:  # the pattern inside, slightly misread
            k = rng.randrange(len(pattern))
            inner = pattern[:k] + rng.choice(ALPHABET) + pattern[k + 1:]
            cut = rng.randint(0, len(text))
            text = text[:cut] + inner + text[cut:]
        assert best_substring(pattern, text) == reference_best_substring(pattern, text), \
            (pattern, text)


@pytest.mark.parametrize("seed", range(2))
def test_best_substring_of_a_pattern_read_right_equals_the_recurrence(seed):
    """Where the pattern stands in the text as it is (once, twice, beside a near reading),
    the shortcut past the table gives the table's start and end."""
    rng = random.Random(200 + seed)
    pool = _strings(rng, 60)
    for _ in range(300):
        pattern = rng.choice(pool)
        parts = [rng.choice(pool) for _ in range(rng.randint(0, 3))]
        for _ in range(rng.randint(1, 2)):
            parts.insert(rng.randint(0, len(parts)), pattern)
        text = "".join(parts)
        assert best_substring(pattern, text) == reference_best_substring(pattern, text), \
            (pattern, text)


def test_near_words_finds_what_a_search_of_every_word_finds():
    """The q-gram filter in front of the edit-distance search drops no word the plain
    search over every candidate of every length in range finds."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    from normalize.correct.words import _buckets, _candidate_pool, _maybe_within

    pool = _candidate_pool()
    rng = random.Random(7)
    words = [w for n in sorted(pool) for w in pool[n]]
    queries = []
    for _ in range(150):  # pool words with up to three glyphs changed, dropped or added
        w = list(rng.choice(words))
        for _ in range(rng.randint(0, 3)):
            k = rng.randrange(len(w) + 1)
            op = rng.choice("sdi")
            if op == "s" and k < len(w):
                w[k] = rng.choice(ALPHABET)
            elif op == "d" and k < len(w):
                del w[k]
            else:
                w.insert(k, rng.choice(ALPHABET))
        queries.append("".join(w))
    queries += ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(2, 20)))
                for _ in range(30)]
    checked = 0
    for s in queries:
        limit = max(1, min(3, len(s) // 3))
        for length in range(max(2, len(s) - limit), len(s) + limit + 1):
            if length not in pool:
                continue
            full = {w for w, _, _ in process.extract(s, pool[length], scorer=Levenshtein.distance,
                                                     score_cutoff=limit, limit=None)}
            kept = set(_maybe_within(s, limit, _buckets()[length]))
            assert full <= kept, (s, length, full - kept)
            checked += len(full)
    assert checked > 100  # the queries do have near words to find


def test_shape_skeleton_and_thai_only_as_their_definitions_say():
    from normalize.correct.context import thai_only
    from normalize.correct.distance import MARKS, _shape_component, shape_skeleton

    comp = _shape_component()
    rng = random.Random(3)
    for _ in range(2000):
        s = "".join(rng.choice(ALPHABET + "ฮฯๆ๏\u0e00\u0e4f") for _ in range(rng.randint(0, 8)))
        assert shape_skeleton(s) == "".join(comp.get(c, c) for c in s if c not in MARKS)
        assert thai_only(s) == (bool(s) and all("\u0e01" <= ch <= "\u0e4e" for ch in s))


def test_frozen_trie_answers_as_pythainlp_trie():
    from pythainlp.tokenize import word_tokenize
    from pythainlp.util import Trie

    from normalize.trie import FrozenTrie, dictionary_trie

    words = ["สวัสดี", "สวัส", "ดี", "ครับ", " กา ", "การ", "การเงิน", "เงิน", "ก", "x"]
    frozen, trie = FrozenTrie(words), Trie(words)
    assert len(frozen) == len(trie) and set(frozen) == set(trie)
    assert "กา" in frozen and "กา " not in frozen
    rng = random.Random(5)
    for _ in range(300):
        text = "".join(rng.choice(words + ["า", " ", "น"]) for _ in range(rng.randint(0, 6)))
        for start in range(len(text) + 1):
            assert frozen.prefixes(text, start) == trie.prefixes(text, start)
        assert (word_tokenize(text, engine="newmm", custom_dict=frozen, keep_whitespace=True)
                == word_tokenize(text, engine="newmm", custom_dict=trie, keep_whitespace=True))
    with pytest.raises(TypeError):
        frozen.add("ใหม่")
    from pythainlp.corpus import thai_words
    from pythainlp.tokenize import word_dict_trie

    default = dictionary_trie()
    assert len(default) == len(word_dict_trie()) and set(default) == set(thai_words())
