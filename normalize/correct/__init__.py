"""Thai OCR spelling correction that an auditor can trust: precise first, then complete.

Every correction is a `Rule` (normalize.rules) that only *finds* edits; `apply_rules` makes
and logs them. Each rule lives in the module its name in corrections.csv points to, and
exports its name and a pure `find(text, ctx) -> list[Proposal]` (`ctx` is the
`TextContext` of normalize.correct.context, built once per text):

- `ocr_confusion.abbreviation` (digits): month/era abbreviations whose dots were read as
  ุ or : (กุย. → ก.ย.);
- `ocr_confusion.layout` (layout): table borders read as `|`/`เ`/`l` at a line's edge,
  stray specks, bullets read as ๑ or as Latin (lo.), OIT read as digits;
- `ocr_confusion.latin` (latin): Thai words read as Latin letters where the context names
  the word (Was → และ);
- `ocr_confusion.digits` (digits): Thai-digit swaps (๖/๒, ๓/๘, ๔/๕) that a date, a year
  range or the document's fiscal year proves wrong;
- `gazetteer.place` (place): the organization's name, and a place name after
  ตำบล/อำเภอ/จังหวัด that is no place of the document's own area;
- `phrase` (phrase): a span near a standard ITA phrase (measure titles, NACC wording);
- `ocr_confusion` (lexicon): a span one OCR confusion away from a lexicon word;
- `ocr_confusion.compound` (compound): real words side by side that one ITA word, a few
  OCR slips away, explains (จัด|ชื่อ → จัดซื้อ);
- `ocr_confusion.marks` (marks): a dropped tone mark the corpus frequencies decide
  (เรือง → เรื่อง), and marks misread around letters that are all there;
- `lexicon` (lexicon): a span no lexicon knows, to the nearest word under an OCR-weighted
  edit distance.

Shared pieces: `context` (settings, `Proposal`, the gate, protected spans, `TextContext`),
`distance` (the OCR-weighted edit distance), `words` (word lists, tokens, how garbled a
line reads), `facts` (Thai titles, digits, months). Overlapping proposals are resolved by
`normalize.rules.resolve`, the one resolver.

An edit is proposed only at or above `CorrectSettings.threshold`, or below it when an
auditor's `Review` accepted that exact before→after pair. Person names, signature lines,
numbers and Latin text are left alone unless a rule proves them wrong.
"""

from __future__ import annotations

from typing import Callable

from normalize.correct import (compound, digits, latin, layout, lexicon, marks, phrase,
                               place)
from normalize.correct.context import (DEFAULT_MIN_PHRASE_CHARS, DEFAULT_THRESHOLD,
                                       FAMILIES, FLOOR_SCORE, CorrectionContext,
                                       CorrectSettings, Document, Proposal, TextContext,
                                       protected_spans)
from normalize.correct.distance import weighted_distance
from normalize.lexicon import document_lexicon
from normalize.rules import Edit, Review, Rule

__all__ = ["ORDER", "CorrectSettings", "CorrectionContext", "DEFAULT_MIN_PHRASE_CHARS",
           "DEFAULT_THRESHOLD", "FAMILIES", "FLOOR_SCORE", "Proposal", "TextContext",
           "correction_rules", "document", "family_of", "protected_spans", "text_context",
           "weighted_distance"]

Find = Callable[[str, TextContext], list[Proposal]]

# The order `apply_rules` runs them in: layout and digits first, so the rules that read
# words see them clean; the lexicon rule, the least sure, last.
ORDER: tuple[tuple[str, Find], ...] = (
    (digits.ABBREVIATION, digits.find_abbreviation),
    (layout.NAME, layout.find),
    (latin.NAME, latin.find),
    (digits.NAME, digits.find),
    (place.NAME, place.find),
    (phrase.NAME, phrase.find),
    (lexicon.CONFUSION, lexicon.find_confusion),
    (compound.NAME, compound.find),
    (marks.NAME, marks.find),
    (lexicon.NAME, lexicon.find),
)


def document(context: CorrectionContext = CorrectionContext(), *,
             settings: CorrectSettings = CorrectSettings(),
             review: Review | None = None) -> Document:
    """What the rules know of one document: its lexicon, its area and its names."""
    lex = document_lexicon(
        [*context.org_names, *(place.strip_org_prefix(n) for n in context.org_names),
         *(n for n in (context.subdistrict, context.district, context.province) if n)])
    area = place.area_of(context)
    org_names = tuple(sorted({n.strip() for n in context.org_names if n and n.strip()}))
    return Document(context, settings, review, lex, area, org_names, tuple(sorted(area.own)))


def text_context(text: str, doc: Document) -> TextContext:
    """The context `find` functions take, for a text of this document."""
    return TextContext(text, doc)


def _as_rule(name: str, find: Find, contexts: Callable[[str], TextContext]) -> Rule:
    def run(text: str) -> list[Edit]:
        return [p.edit() for p in find(text, contexts(text))]

    return Rule(name, run)


def correction_rules(context: CorrectionContext = CorrectionContext(), *,
                     settings: CorrectSettings = CorrectSettings(),
                     review: Review | None = None) -> list[Rule]:
    """The correction rules for one document, in the order `apply_rules` must run them.

    Run them after the Unicode rules (normalize.thai_unicode). Each rule proposes only
    edits scored at or above `settings.threshold`, or pairs `review` accepted.
    """
    doc = document(context, settings=settings, review=review)
    last: list[TextContext] = []

    def contexts(text: str) -> TextContext:
        # one context per text: consecutive rules that change nothing share it
        if not last or last[0].text != text:
            last[:] = [TextContext(text, doc)]
        return last[0]

    return [_as_rule(name, find, contexts) for name, find in ORDER
            if family_of(name) in settings.families]


def family_of(rule_name: str) -> str:
    """The family a rule name belongs to ("ocr_confusion.digits" → "ocr_confusion")."""
    for fam in FAMILIES:
        if rule_name == fam or rule_name.startswith(fam + "."):
            return fam
    return rule_name
