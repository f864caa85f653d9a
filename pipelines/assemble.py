"""Extracted pages → one `Document`: measures, metadata, normalized text, audit trail.

This is the part every input kind shares (text layer, OCR, text export): stitching,
measure assembly, metadata and the logged text normalization run here once.
"""

from __future__ import annotations

from dataclasses import replace

from extract import timing
from extract.checks import check_structure
from extract.measures import measures_with_marks
from extract.rows import page_tables, stitch_rows
from ita_core.model import Document, ExtractedDocument, Measure, Memo, Period, Source
from normalize.correct import CorrectionContext
from normalize.dates import find_fiscal_year, parse_period
from normalize.gazetteer import logged_organization, resolve_organization
from normalize.metadata import parse_memo, report_type, split_units
from normalize.rules import AuditLog, Edit, Review, Rule, apply_rules
from normalize.text import TextNormalizer, repair_unicode_only

from ita_core.thai import LIST_FIELDS


class NoMeasureTableError(ValueError):
    """The file was read but holds no ITA measure table."""

    def __init__(self, reason: str = "") -> None:
        super().__init__("no ITA measure table found" + (f": {reason}" if reason else ""))
        self.reason = reason


def _no_measure_reason(tables: list, rows: list, measures: list) -> str | None:
    """Why the document holds no ITA measure table, or None when it holds one: a
    document-level gate, so a plan or manual with tables of its own is rejected in one
    plain sentence instead of becoming measures with nothing in them."""
    if not tables:
        return "the document has no table"
    if not rows:
        return (f"none of its {len(tables)} tables has a header naming the ITA columns "
                "of measures, guidelines or steps, responsible and period")
    if not any(m.title.strip() and any(getattr(m, f) for f in LIST_FIELDS) for m in measures):
        return f"{len(measures)} measure rows were found but none has both a title and content"
    return None


RENUMBER_RULE = "structure.renumber"


def _renumbered(m: Measure, log: AuditLog, review: Review | None) -> Measure:
    """The measure with its evidently misread number replaced (๒ for ๖, or one that does
    not move forward) through the rules loop, so the change is a `structure.renumber`
    row and a rejected pair keeps the number as printed."""
    if m.printed_no is None:
        return m
    printed, expected = str(m.printed_no), str(m.no)
    rule = Rule(RENUMBER_RULE, lambda text: [Edit(0, len(text), expected)] if text == printed else [])
    number = apply_rules(printed, [rule], where=f"measure {m.no} / no", log=log,
                         page=m.pages[0] if m.pages else None, review=review)
    return replace(m, no=int(number), printed_no=None)


def _renumber_note(m: Measure) -> tuple[str, ...]:
    """A measure whose printed number the sequence replaced is doubtful: its number was
    misread, or it is no measure at all (a guideline read as a title)."""
    if m.printed_no is None:
        return ()
    return (f"measure {m.no} is printed as number {m.printed_no}",)


@timing.timed("correction")
def _normalize_measure(m: Measure, norm: TextNormalizer, fiscal_year: int | None) -> Measure:
    page = m.pages[0] if m.pages else None
    prefix = f"measure {m.no}"
    lists = {}
    for name in LIST_FIELDS:
        items = [norm(item, where=f"{prefix} / {name} / {i}", page=page)
                 for i, item in enumerate(getattr(m, name), start=1)]
        lists[name] = tuple(x for x in items if x)
    responsible = norm(m.responsible, where=f"{prefix} / responsible", page=page)
    period_text = norm(m.period.text, where=f"{prefix} / period", page=page)
    span = parse_period(period_text, fiscal_year=fiscal_year)
    return replace(
        m, title=norm(m.title, where=f"{prefix} / title", page=page),
        responsible=responsible, responsible_units=tuple(split_units(responsible)),
        period=Period(text=period_text, start=span.start, end=span.end), **lists)


def build_document(*, doc_id: str, source: Source, extracted: ExtractedDocument,
                   review: Review | None = None, correct: bool = True,
                   settings: tuple[tuple[str, str], ...] = ()) -> Document:
    """Assemble and normalize one document. Raises NoMeasureTableError when there is none."""
    tables = page_tables(extracted.pages)
    with timing.stage("assembly"):
        rows = stitch_rows(tables)
        found = measures_with_marks(rows)
    reason = _no_measure_reason(tables, rows, [m for m, _, _ in found])
    if reason is not None:
        raise NoMeasureTableError(reason)
    log = AuditLog()
    found = [(_renumbered(m, log, review), mk, n + _renumber_note(m)) for m, mk, n in found]
    has_results = any(f in ("results", "outcomes") for r in rows for f, _ in r.cells)
    titles = [repair_unicode_only(ln) for p in extracted.pages if p.tables for ln in p.lines]
    kind = report_type(has_results, titles)
    checked = check_structure([m for m, _, _ in found], [mk for _, mk, _ in found], kind,
                              notes=[n for _, _, n in found], outside=titles)
    measures = list(checked.measures)
    if not measures:
        raise NoMeasureTableError()  # none at all, or none with a title and a guideline

    raw_lines = [ln for p in extracted.pages for ln in p.lines]
    lines = [repair_unicode_only(ln) for ln in raw_lines]
    with timing.stage("gazetteer"):
        resolution = resolve_organization(lines)
    org = logged_organization(resolution, log=log, review=review)
    with timing.stage("metadata"):
        memo_fields = parse_memo(raw_lines)
        fiscal_year = find_fiscal_year(lines, [repair_unicode_only(m.period.text)
                                               for m in measures], memo_date=memo_fields.date)

    # a name the auditor refused to resolve is no spelling to correct the text towards
    names = (org.name, org.subdistrict) if org == resolution.organization else (org.subdistrict,)
    context = CorrectionContext(
        org_names=tuple(n for n in names if n),
        subdistrict=org.subdistrict, district=org.district, province=org.province,
        fiscal_year=fiscal_year)
    with timing.stage("correction"):
        norm = TextNormalizer(context=context, review=review, correct=correct, log=log)

    measures = [_normalize_measure(m, norm, fiscal_year) for m in measures]

    memo = None
    if memo_fields.present:
        memo_page = next((p.number for p in extracted.pages if p.lines), None)

        @timing.timed("correction")
        def field(value: str | None, name: str, spelling: bool = True) -> str | None:
            if not value:
                return None
            return norm(value, where=f"memo.{name}", page=memo_page, spelling=spelling) or None

        memo = Memo(number=field(memo_fields.number, "number", spelling=False), date=memo_fields.date,
                    subject=field(memo_fields.subject, "subject"),
                    signer=field(memo_fields.signer, "signer"),
                    position=field(memo_fields.position, "position"))

    issues = tuple(i for p in extracted.pages for i in p.issues)
    warnings = list(extracted.warnings) + [w for p in extracted.pages
                                           for w in (*p.warnings, *(i.sentence for i in p.issues))]
    warnings += checked.warnings
    for m in measures:
        if m.confidence < 0.6:
            warnings.append(f"measure {m.no}: low confidence ({m.confidence:.2f})")
    if org.name is None:
        warnings.append("organization not found in the gazetteer")
    status = "partial" if any(i.incomplete for i in issues) else "ok"
    return Document(
        doc_id=doc_id, source=source, organization=org, fiscal_year=fiscal_year,
        report_type=kind, memo=memo, measures=tuple(measures),
        corrections=tuple(norm.log.corrections), warnings=tuple(warnings), status=status,
        settings=settings, issues=issues, confidence=checked.confidence)
