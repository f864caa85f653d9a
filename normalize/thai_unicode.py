"""Thai Unicode repair rules: each finds edits; `normalize.rules.apply_rules` applies and logs.

Division of labour with extraction (`extract/pdf.py`): extraction only *reads* — it
emits the characters the PDF's fonts say they draw, assembled into lines by position,
with marks attached to the glyph they sit on. Every character substitution happens
here, so the audit log sees it: Private Use Area glyphs of old Thai fonts (`pua`),
zero-width and control characters, sara am written as nikhahit + sara aa, เ+เ for แ,
tone marks stored before their vowel, duplicated marks, and NFC.

Every rule must make zero edits on correct Thai (tested on the seed report and on
PyThaiNLP's word list). Rules that are only sometimes right (moving a mark across a
consonant, closing a gap before sara aa) are accepted only when PyThaiNLP's dictionary
covers more of the surrounding text afterwards, and score below 1.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ita_core.thai import THAI_LETTERS, THAI_MARKS, THAI_TEXT
from normalize.lexicon import cached_build
from normalize.rules import Edit, Rule, regex_rule
from normalize.trie import dictionary_trie

CONSONANT = "ก-ฮ"
UPPER_VOWEL = "\u0e31\u0e34-\u0e37\u0e47"  # ั ิ ี ึ ื ็
LOWER_VOWEL = "\u0e38-\u0e3a"  # ุ ู ฺ
TONE = "\u0e48-\u0e4b"  # ่ ้ ๊ ๋
TOP_MARK = "\u0e48-\u0e4c"  # tones and thanthakhat ์
NIKHAHIT = "\u0e4d"
SARA_AA = "\u0e32"
SARA_AM = "\u0e33"

# Shifted-glyph code points of Thai fonts (TLWG, Microsoft, Apple: the same assignment).
PUA_THAI = {
    0xF700: "\u0e10",  # tho than without its lower tail
    0xF701: "\u0e34", 0xF702: "\u0e35", 0xF703: "\u0e36", 0xF704: "\u0e37",  # upper vowels, left
    0xF705: "\u0e48", 0xF706: "\u0e49", 0xF707: "\u0e4a", 0xF708: "\u0e4b", 0xF709: "\u0e4c",  # low-left
    0xF70A: "\u0e48", 0xF70B: "\u0e49", 0xF70C: "\u0e4a", 0xF70D: "\u0e4b", 0xF70E: "\u0e4c",  # low
    0xF70F: "\u0e0d",  # yo ying without its lower tail
    0xF710: "\u0e31", 0xF711: "\u0e4d", 0xF712: "\u0e47",  # left-shifted upper marks
    0xF713: "\u0e48", 0xF714: "\u0e49", 0xF715: "\u0e4a", 0xF716: "\u0e4b", 0xF717: "\u0e4c",  # left
    0xF718: "\u0e38", 0xF719: "\u0e39", 0xF71A: "\u0e3a",  # lower vowels, lowered
}
# The same glyphs in Apple's Thai fonts (HarfBuzz's Thai fallback shaper lists both sets).
PUA_THAI_MAC = {
    0xF88B: "\u0e48", 0xF88E: "\u0e49", 0xF891: "\u0e4a", 0xF894: "\u0e4b", 0xF897: "\u0e4c",  # low
    0xF89B: "\u0e38", 0xF89C: "\u0e39", 0xF89D: "\u0e3a",  # lower vowels, lowered
    0xF88C: "\u0e48", 0xF88F: "\u0e49", 0xF892: "\u0e4a", 0xF895: "\u0e4b", 0xF898: "\u0e4c",  # low-left
    0xF88A: "\u0e48", 0xF88D: "\u0e49", 0xF890: "\u0e4a", 0xF893: "\u0e4b", 0xF896: "\u0e4c",  # left
    0xF884: "\u0e31", 0xF885: "\u0e34", 0xF886: "\u0e35", 0xF887: "\u0e36", 0xF888: "\u0e37",
    0xF889: "\u0e47", 0xF899: "\u0e4d",  # left-shifted upper marks
    0xF89A: "\u0e0d", 0xF89E: "\u0e10",  # yo ying and tho than without their tails
}
# Symbol-encoded Thai fonts put TIS-620 byte b at U+F000+b (Windows symbol cmap).
PUA_TIS620 = {0xF000 + b: chr(0x0E01 + b - 0xA1)
              for b in list(range(0xA1, 0xDB)) + list(range(0xDF, 0xFC))}
# Word bullets from Symbol/Wingdings reach PDFs as the same U+F0xx range.
PUA_BULLETS = {0xF0B7: "\u2022", 0xF0A7: "\u25aa", 0xF0D8: "\u27a2", 0xF0FC: "\u2713",
               0xF076: "\u2756", 0xF0AE: "\u2192"}


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


@lru_cache(maxsize=4096)
def _reading_cost(text: str) -> tuple[int, int]:
    """(Thai characters outside dictionary words, number of words): lower reads better."""
    from pythainlp.tokenize import word_tokenize

    words = _dictionary()
    tokens = word_tokenize(text, engine="newmm", custom_dict=dictionary_trie(),
                           keep_whitespace=False)
    unknown = sum(len(tok) for tok in tokens if tok not in words and _THAI_RUN.search(tok))
    return unknown, len(tokens)


_THAI_RUN = re.compile(f"[{THAI_TEXT}]+")


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    """The Thai run(s) around text[start:end], one word beyond on each side."""
    lo = start
    while lo > 0 and _THAI_RUN.match(text[lo - 1]):
        lo -= 1
    hi = end
    while hi < len(text) and _THAI_RUN.match(text[hi]):
        hi += 1
    return lo, hi


def _dictionary_prefers(text: str, start: int, end: int, after: str, baseline: str) -> bool:
    lo, hi = _window(text, start, end)
    before_run = text[lo:start] + baseline + text[end:hi]
    after_run = text[lo:start] + after + text[end:hi]
    return _reading_cost(after_run) < _reading_cost(before_run)


def _checked_rule(name: str, pattern: str, repl, score: float, baseline=None) -> Rule:
    """A regex rule whose edits are kept only when the dictionary reads the result better
    than the text as it stands (or than `baseline(match)`, the other plausible repair)."""
    rx = re.compile(pattern)

    def find(text: str) -> list[Edit]:
        edits = []
        for m in rx.finditer(text):
            after = repl(m)
            base = baseline(m) if baseline else m.group(0)
            if after != m.group(0) and _dictionary_prefers(text, m.start(), m.end(), after, base):
                edits.append(Edit(m.start(), m.end(), after, score))
        return edits

    return Rule(name, find)


def _combine(*rules: Rule, name: str) -> Rule:
    """One named rule made of several finders, all run on the same text."""

    def find(text: str) -> list[Edit]:
        # Of overlapping edits apply_rules keeps the one starting first; the rest of a
        # repair waits for the rule's next place in UNICODE_RULES.
        return [edit for rule in rules for edit in rule.find(text)]

    return Rule(name, find)


def _pua_find(text: str) -> list[Edit]:
    edits = []
    for i, ch in enumerate(text):
        cp = ord(ch)
        if cp in PUA_THAI or cp in PUA_THAI_MAC:
            edits.append(Edit(i, i + 1, PUA_THAI.get(cp) or PUA_THAI_MAC[cp], 1.0))
    for m in re.finditer("[\uf0a1-\uf0fb]{2,}", text):
        # A run of two or more is a word in a symbol-encoded Thai font, not bullets.
        edits.append(Edit(m.start(), m.end(), "".join(PUA_TIS620.get(ord(c), c) for c in m.group()),
                          0.95))
    for m in re.finditer("(?<![\uf0a1-\uf0fb])[\uf076\uf0a7\uf0ae\uf0b7\uf0d8\uf0fc](?![\uf0a1-\uf0fb])",
                         text):
        edits.append(Edit(m.start(), m.end(), PUA_BULLETS[ord(m.group())], 0.9))
    return edits


PUA = Rule("pua", _pua_find)

ZERO_WIDTH = regex_rule(
    "unicode.zero_width",
    "[\u200b\u200c\u200d\u2060\ufeff\u00ad\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]+",
    "")

DOUBLE_E = regex_rule("unicode.double_e", "\u0e40\u0e40", "\u0e41")

SARA_AM_RULE = _combine(
    # nikhahit (+ tone) + sara aa: the decomposed sara am; a tone goes before ำ.
    regex_rule("unicode.sara_am", f"{NIKHAHIT}([{TONE}]?){SARA_AA}", r"\1" + SARA_AM),
    regex_rule("unicode.sara_am", f"([{TONE}]){NIKHAHIT}{SARA_AA}", r"\1" + SARA_AM),
    # ำ then a stray sara aa: a writer that emitted both the character and its second glyph.
    regex_rule("unicode.sara_am", f"{SARA_AM}([{TONE}]?){SARA_AA}", r"\1" + SARA_AM),
    regex_rule("unicode.sara_am", f"([{TONE}]?){SARA_AM}([{TONE}])",
               lambda m: m.group(2) + SARA_AM if not m.group(1) else m.group(0)),
    # consonant, gap, sara aa: a lost nikhahit, accepted when the dictionary agrees.
    _checked_rule("unicode.sara_am", f"(?<=[{CONSONANT}])([{TONE}]?)[ \u00a0]{{1,3}}{SARA_AA}",
                  lambda m: m.group(1) + SARA_AM, 0.9, baseline=lambda m: m.group(1) + SARA_AA),
    name="unicode.sara_am")

MARK_ORDER = _combine(
    # a tone (or thanthakhat) stored before the vowel mark of its own consonant.
    regex_rule("unicode.mark_order", f"([{TOP_MARK}]+)([{UPPER_VOWEL}{LOWER_VOWEL}]+)",
               r"\2\1"),
    # a mark separated from its consonant by spaces: ท่ ี → ที่, ท ี่ → ที่.
    regex_rule("unicode.mark_order",
               f"(?<=[{CONSONANT}])([{TOP_MARK}]*)[ \u00a0]+([{UPPER_VOWEL}{LOWER_VOWEL}][{TOP_MARK}]?)",
               lambda m: m.group(2) + m.group(1), 0.95),
    regex_rule("unicode.mark_order",
               f"(?<=[{CONSONANT}{UPPER_VOWEL}{LOWER_VOWEL}])[ \u00a0]+([{TOP_MARK}])", r"\1", 0.95),
    name="unicode.mark_order")

# Marks that landed one consonant away from their own (visual-order text layers). A
# separate pass after the local fixes, so คู่ is first made คู่ and never moved.
MARK_ACROSS = _combine(
    _checked_rule("unicode.mark_order",
                  f"(?<=[{CONSONANT}])([{TONE}])([{CONSONANT}])([{UPPER_VOWEL}])",
                  lambda m: m.group(3) + m.group(1) + m.group(2), 0.9),
    _checked_rule("unicode.mark_order",
                  f"(?<=[{CONSONANT}][{UPPER_VOWEL}])([{CONSONANT}])([{TONE}])(?![{UPPER_VOWEL}{LOWER_VOWEL}])",
                  lambda m: m.group(2) + m.group(1), 0.9),
    name="unicode.mark_order")

@lru_cache(maxsize=1)
def _word_freqs() -> dict[str, int]:
    return cached_build("tnc-frequencies", _build_word_freqs)


def _build_word_freqs() -> dict[str, int]:
    from pythainlp.corpus import tnc

    return dict(tnc.word_freqs())


# A lone final consonant cut off by a space (x-sorted LibreOffice text layers: เร่อื ง).
# Joined when the joined word is a dictionary word and the Thai National Corpus sees it
# far more often than the piece left of the space (เรื่อง 103410 vs เรื่อ 352, while
# นาย 44544 vs นายก 3707 keeps "นาย ก").
STRAY_SPACE_FREQ_RATIO = 50


def _stray_space_find(text: str) -> list[Edit]:
    edits = []
    for m in re.finditer(f"([{THAI_LETTERS}]+) ([{CONSONANT}])(?![{THAI_LETTERS}])", text):
        from pythainlp.tokenize import word_tokenize

        left, final = m.group(1), m.group(2)
        # the word the consonant ends (newmm's default dictionary, as a fast-built trie)
        last = word_tokenize(left, engine="newmm", custom_dict=dictionary_trie())[-1]
        joined, freqs = last + final, _word_freqs()
        if joined in _dictionary() and (
                freqs.get(joined, 0) >= STRAY_SPACE_FREQ_RATIO * max(freqs.get(last, 0), 1)):
            edits.append(Edit(m.start(1) + len(left), m.end(), final, 0.85))
    return edits


STRAY_SPACE = Rule("unicode.stray_space", _stray_space_find)


DUPLICATE_MARK = regex_rule("unicode.duplicate_mark", f"([{THAI_MARKS}])\\1+", r"\1")


def _nfc_find(text: str) -> list[Edit]:
    if unicodedata.is_normalized("NFC", text):
        return []
    edits = []
    for m in re.finditer(f".[\u0300-\u036f{THAI_MARKS}]*|.", text, re.S):
        after = unicodedata.normalize("NFC", m.group())
        if after != m.group():
            edits.append(Edit(m.start(), m.end(), after, 1.0))
    return edits


NFC = Rule("unicode.nfc", _nfc_find)

# A zero-advance glyph the writer's ToUnicode calls a space, read as U+200B by
# `extract.pdf` (the position says it draws nothing): between a consonant (and tone)
# and sara aa it is the nikhahit of a split sara am (ค าน า → คำนำ, น าไป → นำไป).
SPLIT_SARA_AM = regex_rule("unicode.split_sara_am",
                           f"(?<=[{CONSONANT}])([{TONE}]?)\u200b([{TONE}]?){SARA_AA}",
                           lambda m: m.group(1) + m.group(2) + SARA_AM, 0.95)

UNICODE_RULES: list[Rule] = [
    PUA, SPLIT_SARA_AM, ZERO_WIDTH, DOUBLE_E, DUPLICATE_MARK, SARA_AM_RULE, MARK_ORDER, MARK_ACROSS,
    SARA_AM_RULE, DUPLICATE_MARK, STRAY_SPACE, NFC,
]
"""Order matters: PUA marks become real marks before sara am and mark order look at them;
sara am runs again after mark order because a moved tone can complete ํ+่+า; NFC runs
last so a below vowel after its tone is logged as mark order, not as NFC."""
