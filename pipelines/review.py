"""The auditor's view of corrections, and review decisions fed back into extraction.

`summarize` groups `corrections.csv` by rule and by before→after pair with counts;
`write_review_template` writes those pairs as a CSV (pair, decision) for the auditor to
fill with accept/reject; `read_review` reads it back as a `normalize.rules.Review`.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from normalize.rules import Review
from pipelines.csvsafe import escape, unescape_row
from pipelines.writers import atomic_write, read_csv

REVIEW_COLUMNS = ["rule", "before", "after", "count", "example_where", "decision"]
DECISIONS = {"accept", "reject", ""}


class ReviewFileError(ValueError):
    """The review file cannot be used as it is."""


@dataclass(frozen=True, slots=True)
class PairCount:
    rule: str
    before: str
    after: str
    count: int
    documents: int
    example_where: str
    mean_score: float


def summarize(out: Path) -> tuple[Counter[str], list[PairCount]]:
    rows = read_csv(out / "corrections.csv")
    by_rule: Counter[str] = Counter(r["rule"] for r in rows)
    groups: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        groups[(r["rule"], r["before"], r["after"])].append(r)
    pairs = []
    for (rule, before, after), items in groups.items():
        scores = [float(i["score"]) for i in items if i.get("score")]
        pairs.append(PairCount(rule, before, after, len(items), len({i["doc_id"] for i in items}),
                               items[0]["where"], round(sum(scores) / len(scores), 3) if scores else 0.0))
    pairs.sort(key=lambda p: (-p.count, p.rule, p.before))
    return by_rule, pairs


def write_review_template(path: Path, pairs: list[PairCount], existing: Path | None = None) -> None:
    """Write every pair with an empty decision, keeping decisions already made."""
    decided: dict[tuple[str, str], str] = {}
    if existing and existing.exists():
        for row in _read_rows(existing):
            decided[(row["before"], row["after"])] = row.get("decision", "")
    import io

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=REVIEW_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for p in pairs:
        writer.writerow({k: escape(v) for k, v in {
            "rule": p.rule, "before": p.before, "after": p.after, "count": p.count,
            "example_where": p.example_where,
            "decision": decided.get((p.before, p.after), "")}.items()})
    atomic_write(path, ("\ufeff" + buf.getvalue()).encode("utf-8"))


def _read_rows(path: Path) -> list[dict[str, str]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = {"before", "after", "decision"} - set(reader.fieldnames or [])
            if missing:
                raise ReviewFileError(f"review file lacks the column(s) {', '.join(sorted(missing))}")
            return [unescape_row(row) for row in reader]  # quoted formula cells, unquoted
    except OSError as exc:
        raise ReviewFileError(f"review file cannot be read ({exc.strerror or exc})") from exc


def read_review(path: Path) -> Review:
    review = Review()
    for n, row in enumerate(_read_rows(path), start=2):
        decision = (row.get("decision") or "").strip().lower()
        if decision not in DECISIONS:
            raise ReviewFileError(f"review file line {n}: decision must be accept, reject or empty, not '{decision}'")
        pair = (row["before"], row["after"])
        if decision == "accept":
            review.accepted.add(pair)
        elif decision == "reject":
            review.rejected.add(pair)
    return review
