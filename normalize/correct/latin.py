from __future__ import annotations

import re


from normalize.rules import resolve
from normalize.correct.context import Proposal, TextContext, by_score
from normalize.correct.context import name_spans, overlaps
from normalize.correct.facts import MONTHS, MONTH_ABBR



# --- ocr_confusion.latin: Thai print the Thai model read as Latin letters ----------------

# Each pattern is a reading tesseract gives for one Thai word, in the one context that
# names the word: และ as "WAY"/"Was"/"uaz" before Thai words; พ.ศ. as "WA." before a
# Buddhist-era year; ต.ค. as "A.A." opening a quarter to ธ.ค. (A.A. may be ก.ค. too, but
# ก.ค.-ธ.ค. is no quarter nor half of a fiscal year);
# ณ as a lone "a" before ที่/วันที่/จุด; วันที่ as a short Latin word before a day and a month;
# the "No" of the NACC's "No Gift Policy"; the e of e-Service, e-GP as ๑ (no Thai digit
# starts a Latin name).
_MONTH_START = "|".join(sorted({re.escape(m[:3]) for m in MONTHS}
                               | {re.escape(m) for m in MONTH_ABBR}, key=len, reverse=True))
_DAY_THEN_MONTH = rf"[ \t]*[0-9๐-๙]{{1,2}}[ \t]*(?:{_MONTH_START})"
_LATIN_READINGS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<=[ก-์A-Za-z)][ \t])(?:[Ww][Aa][SsYyZz]|[Uu]a[Zz])(?=[ \t]+[ก-์])"), "และ"),
    (re.compile(r"(?<=[ก-์][ \t])[A-Za-z]{1,3}[.,](?=[ \t]*(?:25|๒๕)[0-9๐-๙]{2}(?![0-9๐-๙]))"),
     "พ.ศ."),
    (re.compile(r"(?<![A-Za-z.])A\.?A[.,](?=[ \t]*(?:[0-9๐-๙]{2,4}[ \t]*)?[-–=][ \t]*ธ\.ค)"),
     "ต.ค."),
    (re.compile(rf"(?<=[ก-์][ \t])a(?=[ \t]+(?:วันที่|ที่|จุด|[A-Za-z]{{2,4}}{_DAY_THEN_MONTH}))"),
     "ณ"),
    (re.compile(rf"(?<=[ก-์a][ \t])(?!No\b)[A-Za-z]{{2,4}}(?={_DAY_THEN_MONTH})"), "วันที่"),
    (re.compile(r"(?<=\()[ \t]*(?!No\b)[^\s()]{1,3}(?=[ \t]+Gift[ \t]+Policy)"), "No"),
    (re.compile(r"(?<![0-9๐-๙A-Za-z])๑-(?=[A-Z][A-Za-z])"), "e-"),
)
LATIN_SCORE = 0.93


def _latin_edits(text: str) -> list[Proposal]:
    out = []
    for rx, word in _LATIN_READINGS:
        for m in rx.finditer(text):
            if m.group(0).strip() != word:
                out.append(Proposal(m.start(), m.end(), m.group(0), word, LATIN_SCORE))
    return out


NAME = "ocr_confusion.latin"


def find(text: str, ctx: TextContext) -> list[Proposal]:
    """`ocr_confusion.latin`: Thai words read as Latin letters, where the context names them."""
    # Latin words are what this rule reads; names and signatures stay untouched
    names = name_spans(text)
    found = [p for p in _latin_edits(text) if not overlaps(names, p.start, p.end)]
    return resolve(ctx.gate(found), by_score)


RULES = ((NAME, find),)
