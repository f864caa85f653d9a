"""The text normalizer a document's fields go through: Unicode repair, then OCR correction.

It owns the audit log of one document; `normalize.rules.apply_rules` is the only code
that changes text, so every change reaches `corrections.csv`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from normalize.correct import CorrectionContext, correction_rules
from normalize.rules import AuditLog, Review, Rule, apply_rules, regex_rule
from normalize.thai_unicode import UNICODE_RULES

# Layout clean-ups of fields, logged like any other change.
FORMAT_RULES: list[Rule] = [
    regex_rule("format.slash_spacing", r"(?<=[0-9๐-๙])\s+/\s+(?=[0-9๐-๙])", "/"),
    regex_rule("format.whitespace", r"[ \t\u00a0]{2,}", " "),
]


@dataclass
class TextNormalizer:
    context: CorrectionContext = field(default_factory=CorrectionContext)
    review: Review | None = None
    correct: bool = True  # OCR/lexicon correction on top of the Unicode repair
    log: AuditLog = field(default_factory=AuditLog)

    def __post_init__(self) -> None:
        self.code_rules: list[Rule] = list(UNICODE_RULES) + FORMAT_RULES
        self.rules: list[Rule] = list(UNICODE_RULES)
        if self.correct:
            self.rules += correction_rules(self.context, review=self.review)
        self.rules += FORMAT_RULES

    def __call__(self, text: str, *, where: str, page: int | None = None,
                 spelling: bool = True) -> str:
        """Repair `text` and log every change; `spelling=False` for codes (a memo number
        such as 'มค ๕๔๘๐๑/๖๔๒' is no word to correct)."""
        out = apply_rules(text, self.rules if spelling else self.code_rules, where=where,
                          log=self.log, page=page, review=self.review)
        return out.strip()


@lru_cache(maxsize=16384)
def repair_unicode_only(text: str) -> str:
    """Unicode repair for text used only to *find* things (labels, names); not logged,
    because it never reaches the corpus itself. A pure function of the text, so cached:
    the assembly repairs the same lines for titles, the gazetteer and the metadata."""
    return apply_rules(text, UNICODE_RULES, where="scratch", log=AuditLog())


def collapse_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
