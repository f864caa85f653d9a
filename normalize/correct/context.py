"""What every correction rule works with: settings, the document's facts, one text's
`TextContext`, the `Proposal` a rule makes, and the gate that admits proposals.

A rule module exports `find(text, ctx) -> list[Proposal]`: pure, it reads only `text` and
`ctx`, and returns the proposals the gate let through, overlaps already resolved with
`normalize.rules.resolve`. `normalize.correct.correction_rules` wraps each in a `Rule`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Iterable, Sequence

from normalize.correct.facts import TITLE
from normalize.lexicon import Lexicon
from normalize.rules import Edit, Review

if TYPE_CHECKING:
    from normalize.correct.place import Area


FAMILIES = ("ocr_confusion", "lexicon", "phrase", "gazetteer.place")
DEFAULT_THRESHOLD = 0.9
DEFAULT_MIN_PHRASE_CHARS = 8
# Candidates below this score are never proposed, even for an accepted review pair.
FLOOR_SCORE = 0.3


@dataclass(frozen=True)
class CorrectSettings:
    threshold: float = DEFAULT_THRESHOLD
    families: tuple[str, ...] = FAMILIES
    min_phrase_chars: int = DEFAULT_MIN_PHRASE_CHARS

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        unknown = set(self.families) - set(FAMILIES)
        if unknown:
            raise ValueError(f"unknown correction families: {sorted(unknown)}")
        if self.min_phrase_chars < 4:
            raise ValueError("min_phrase_chars below 4 matches too much to be trusted")


@dataclass(frozen=True)
class CorrectionContext:
    """What the document says about itself: its organization's names and its area."""

    org_names: tuple[str, ...] = ()
    subdistrict: str | None = None
    district: str | None = None
    province: str | None = None
    fiscal_year: int | None = None  # Buddhist Era, e.g. 2566: lets dates be checked


# --- protected spans: what correction never touches -----------------------------------

_NOT_A_NAME = r"(?!ก(?:เทศมนตรี|องค์การ|ฯ)|อำเภอ|ช่าง|ทะเบียน|จ้าง|ตรวจ|หน้า|ทุน|ละ|ก\s)"
# Titles often follow a word unspaced ("ร่วมกับนายสมชาย"), but not inside a place or ทนาย.
_PERSON = re.compile(rf"(?<!ตำบล)(?<!อำเภอ)(?<!จังหวัด)(?<!ท){TITLE}{_NOT_A_NAME}"
                     r"\s*[ก-๛]+(?:[ \t]+[ก-๛]+)?")
_PAREN_NAME = re.compile(r"\([ \t]*[ก-๛]+[ \t]+[ก-๛]+[ \t]*\)")
_SIGNATURE = re.compile(r"\(\s*ลงชื่อ\s*\)[^\n]*")
_NON_THAI = re.compile(r"[0-9๐-๙]+|[A-Za-z][A-Za-z0-9@._/:\-]*")
# Consonant-only codes: a document number's province ("ที่ สข ๐๐๒๓/๖๕"), a form ("สขร.๑").
_DOC_CODE = re.compile(r"(?<![ก-๛])[ก-ฮ]{2,5}(?=\.|[ \t]*[0-9๐-๙])")


def protected_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for rx in (_PERSON, _PAREN_NAME, _SIGNATURE, _NON_THAI, _DOC_CODE):
        spans.extend(m.span() for m in rx.finditer(text))
    return sorted(spans)


def name_spans(text: str) -> list[tuple[int, int]]:
    """Person names and signature lines: the protected spans the Latin rule respects."""
    return sorted(m.span() for rx in (_PERSON, _PAREN_NAME, _SIGNATURE)
                  for m in rx.finditer(text))


def overlaps(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


_THAI_ONLY = re.compile("[\u0e01-\u0e4e]+")


def thai_only(s: str) -> bool:
    """Whether `s` is non-empty and all Thai letters and marks (ก..๎)."""
    return _THAI_ONLY.fullmatch(s) is not None


def clip(x: float) -> float:
    return max(0.0, min(1.0, x))


# --- proposals and the gate -------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Proposal:
    """Replace text[start:end] (`before`) with `after`, with the rule's confidence."""

    start: int
    end: int
    before: str
    after: str
    score: float
    rule: str = ""  # set where one search serves two rules (the token fixes)

    def edit(self) -> Edit:
        return Edit(self.start, self.end, self.after, self.score)


def by_score(p: Proposal) -> float:
    """Best first; equal scores keep the order the rule found them in."""
    return -p.score


def by_score_then_start(p: Proposal) -> tuple[float, int]:
    return -p.score, p.start


def gate(proposals: Iterable[Proposal], threshold: float,
         review: Review | None) -> list[Proposal]:
    """Keep proposals at/above threshold, or below it when the review accepted the pair."""
    out = []
    for p in proposals:
        if p.after == p.before or p.score < FLOOR_SCORE:
            continue
        pair = (p.before, p.after)
        if review is not None and pair in review.rejected:
            continue
        if p.score >= threshold or (review is not None and pair in review.accepted):
            out.append(p)
    return out


def overlapping(a: Proposal, b: Proposal) -> bool:
    return a.start < b.end and b.start < a.end


# --- the document and one text ----------------------------------------------------------

@dataclass(frozen=True)
class Document:
    """What the rules know of one document, built once by `correction_rules`."""

    context: CorrectionContext
    settings: CorrectSettings
    review: Review | None
    lex: Lexicon
    area: Area
    org_names: tuple[str, ...]  # the organization's full names, stripped
    extra: tuple[str, ...]  # the area's own names: extra correction targets


@dataclass
class TextContext:
    """One text as the rules see it, built once per text: its protected spans, its
    tokens, how garbled it reads, the token fixes two rules share."""

    text: str
    doc: Document
    protected: list[tuple[int, int]] = field(init=False)
    _memo: dict = field(init=False, default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.protected = protected_spans(self.text)

    @property
    def lex(self) -> Lexicon:
        return self.doc.lex

    def gate(self, proposals: Iterable[Proposal]) -> list[Proposal]:
        return gate(proposals, self.doc.settings.threshold, self.doc.review)

    def memo(self, key: str, make):
        """A value computed once for this text (tokens, doubt, token fixes)."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    @cached_property
    def tokens(self) -> list[tuple[int, int, str]]:
        from normalize.correct.words import tokenize

        return tokenize(self.text)
