from __future__ import annotations

import re


from normalize.lexicon import Lexicon
from normalize.correct.context import Proposal, TextContext
from dataclasses import replace
from normalize.correct.words import text_doubt
from normalize.correct.facts import CLASSIFIERS, MONTH_RX, TAKES_NUMBER, WORD_BEFORE
from normalize.correct.words import COMMON_FREQ, dictionary_words, is_fragment, tokenize



# --- ocr_confusion: borders, stray marks, digits --------------------------------------

# Table borders and scanner specks at a cell line's edge: `|`, `!`, `l`, a lone `เ`, quote
# marks and dots that no Thai line starts with (bullets `-`, `•`, `*` are the author's).
_BORDER_START = re.compile(
    r"(?m)^([ \t]*)((?:[|!\[\].'`\":;,]+[ \t]*)+|[lI][ \t]+|เ[ \t]+)(?=[^\s\-•*])")
_BORDER_END = re.compile(
    r"(?m)(?<=[ก-๛.,)])([ \t]*[|!\[\]'`\":;*]+|[ \t]+[.,]+|[ \t]+[lI]|[ \t]*เ)[ \t]*$")
# Specks between words: ".," runs, a dot or comma standing alone between spaces ("ได้ . รับ",
# "ประมวล , จริยธรรม": Thai puts no space before a comma) or a doubled comma ("และ,, กระ").
_STRAY = re.compile(r"(?<=[ก-๛])[ \t]+(?:[.,]*(?:\.,|,\.)[.,]*|[`'‘’]+|[.,])(?=[ \t]+[ก-๛])"
                    r"|(?<=[ก-์]),{2,}(?=[ \t]+[ก-์])"
                    # a bullet read as Latin between Thai words ("เฟซบุ๊ก lo. กำหนด")
                    r"|(?<=[ก-๛])[ \t]+[a-z]{1,2}\.(?=[ \t]+[ก-๛])"
                    r"|(?<=[ก-๛])[`']+(?=[ก-๛ \t])|(?<=[ \t])[`'.:;]+(?=[ก-์])")
_ABBR_BEFORE = re.compile(r"(?<![ก-์])[ก-ฮ]\.?[ก-ฮ]?$")
BORDER_SCORE = 0.97
STRAY_SCORE = 0.95


# A dot closing a Thai *word* (it has a vowel or mark) is a speck: abbreviations (พ.ศ.,
# อบต., ต.ค.) are consonants only or hold a dot of their own.
_WORD_DOT = re.compile(r"(?<![ก-๛.])([ก-์]{4,}[ะ-ฺเ-์][ก-์]*)(\.)(?=[ \t]+[^\s\-–.]|[ \t]*$)", re.M)
_UNMATCHED_CLOSE = re.compile(r"(?m)^([^(\n]*?)([ \t]+\))[ \t]*$")
_TAIL_MARKS = "่้๊๋็ิีึืุู์ั"


def _mark_read_as_dot(text: str, pos: int, speck: str, lex: Lexicon) -> str | None:
    """The one mark that, put where a trailing dot was read, completes the word before it
    ("มีการรับรู ." → "มีการรับรู้"); None when the dot is only a speck."""
    if speck.strip() not in (".", ","):
        return None
    run = WORD_BEFORE.search(text[:pos])
    if run is None or run.group(0) in lex.words:
        return None
    toks = [t for _, _, t in tokenize(run.group(0))]
    for word in ("".join(toks[-2:]), toks[-1]):  # "รับ|รู" is read as two known pieces
        if word in lex.words or len(word) < 3:
            continue
        fits = [m for m in _TAIL_MARKS if lex.frequency(word + m) >= COMMON_FREQ]
        if len(fits) == 1:
            return fits[0]
    return None


# The ITA indicator code OIT in parentheses read as digits ("(017)", "(0171)"): a leading 0
# is no number anyone writes in brackets.
_OIT = re.compile(r"(?<=\()[ \t]*([0Oo๐][1Il|!][17Tl1|][1Il|]?)[ \t]*(?=\))")
OIT_SCORE = 0.93


def _oit_edits(text: str) -> list[Proposal]:
    return [Proposal(m.start(1), m.end(1), m.group(1), "OIT", OIT_SCORE)
            for m in _OIT.finditer(text) if m.group(1) != "OIT"]


_THAI_RUN = re.compile(r"[ก-์]+")


def _may_be_letter(text: str, end: int, lex: Lexicon, speck: str) -> bool:
    """Whether a speck glued to the Thai after it may be a letter read wrong: the run then
    starts with no word ("'อจัดจ้าง" for ซื้อจัดจ้าง, ". อกาส" for โอกาส), or a thin speck
    (! | l) with เ in its place starts a word too ("!ปิดให้" may be เปิดให้)."""
    if speck[-1:].isspace():
        return False  # a space after the speck: it stands apart
    run = _THAI_RUN.match(text, end)
    if run is None:
        return False
    toks = tokenize(run.group(0))
    first = toks[0][2]
    if len(first) == 1 or (is_fragment(first, lex) and first not in dictionary_words()):
        return True
    if speck.strip()[-1:] in "!|lI1":
        as_e = tokenize("เ" + run.group(0))[0][2]
        return len(as_e) >= 3 and as_e in dictionary_words()
    return False


_THAI_RUN_END = re.compile(r"[ก-์]+$")


def _ends_a_fragment(text: str, start: int, lex: Lexicon, speck: str) -> bool:
    """Whether a speck glued after Thai follows a piece of a word ("ปีงบประม'" for
    ปีงบประมาณ): then it is what is left of the letters lost, not dust."""
    if speck[:1].isspace():
        return False
    run = _THAI_RUN_END.search(text, 0, start)
    if run is None:
        return False
    last = tokenize(run.group(0))[-1][2]
    return len(last) == 1 or (is_fragment(last, lex) and last not in dictionary_words())


def _layout_edits(text: str, lex: Lexicon | None = None) -> list[Proposal]:
    out = []
    for m in _WORD_DOT.finditer(text):
        if "ฯ" not in m.group(1):
            out.append(Proposal(m.start(2), m.end(2), ".", "", STRAY_SCORE))
    for m in _UNMATCHED_CLOSE.finditer(text):
        out.append(Proposal(m.start(2), m.end(2), m.group(2), "", STRAY_SCORE))
    for m in _BORDER_START.finditer(text):
        if lex and _may_be_letter(text, m.end(), lex, m.group(2)):
            continue
        out.append(Proposal(m.start(2), m.end(), text[m.start(2):m.end()], "", BORDER_SCORE))
    for m in _BORDER_END.finditer(text):
        mark = _mark_read_as_dot(text, m.start(), m.group(0), lex) if lex else None
        out.append(Proposal(m.start(), m.end(), m.group(0), mark or "", BORDER_SCORE))
    for m in _STRAY.finditer(text):
        if m.group(0).strip() == "." and _ABBR_BEFORE.search(text, 0, m.start()):
            continue  # "พศ . 2567": the dot of an abbreviation whose other dot was lost
        if lex and (_may_be_letter(text, m.end(), lex, m.group(0))
                    or _ends_a_fragment(text, m.start(), lex, m.group(0))):
            continue
        out.append(Proposal(m.start(), m.end(), m.group(0), "", STRAY_SCORE))
    out.extend(_bullets_read_as_one(text))
    return out


# A bullet (•) reads as ๑: at a line's start or glued to the word before, then a space and
# a new clause ("…เว็บไซต์๑ มอบหมายเจ้าหน้าที่"). A real one counts something: it follows a
# word that takes a number (ครั้งที่๑, ข้อ๑) or precedes a classifier or a month (๑ ครั้ง,
# ๑ เมษายน).
_BULLET_ONE = re.compile(r"(?m)(?:^[ \t]*|(?<=[ก-์]))(๑)(?=[ \t]+[ก-์])")
BULLET_SCORE = 0.93


def _bullets_read_as_one(text: str) -> list[Proposal]:
    out = []
    for m in _BULLET_ONE.finditer(text):
        before = WORD_BEFORE.search(text[:m.start()])
        if before is not None and tokenize(before.group(0))[-1][2] in TAKES_NUMBER:
            continue
        after = re.match(r"[ \t]+([ก-์]+)", text[m.end():])
        if after is None or tokenize(after.group(1))[0][2] in CLASSIFIERS:
            continue
        if re.match(MONTH_RX, text[m.end() + len(after.group(0)) - len(after.group(1)):]):
            continue  # a date: "๑ เมษายน ๒๕๖๗"
        end = m.end() + len(after.group(0)) - len(after.group(1))
        out.append(Proposal(m.start(), end, text[m.start():end],
                            "" if before is None else " ", BULLET_SCORE))
    return out


NAME = "ocr_confusion.layout"


def find(text: str, ctx: TextContext) -> list[Proposal]:
    """`ocr_confusion.layout`: borders, specks and bullets; OIT read as digits."""
    found = _layout_edits(text, ctx.lex)
    if found:
        # a speck next to garbage may be a misread letter: doubt it as the words are
        doubt = text_doubt(ctx)
        found = [replace(p, score=p.score - doubt) for p in found]
    return ctx.gate(found + _oit_edits(text))


RULES = ((NAME, find),)
