"""`OUT/stats.jsonl`: where each converted file's time went, one JSON object per file.

Kept apart from the corpus (documents/, measures.*, corrections.csv, manifest.csv): these
are figures about the run, not about the report, and they change from run to run.

    {"path": …, "doc_id": …, "status": …, "kind": …, "seconds": 12.3,
     "started_at": 1764630000.1, "finished_at": 1764630012.4,   (Unix time)
     "document": {"assembly": 0.01, "gazetteer": 0.2, "correction": 1.4, "other": 0.1},
     "pages": [{"number": 1, "kind": "ocr", "seconds": 5.1,
                "stages": {"rasterise": 0.3, "orientation": 0.4, "ocr": 3.9, …}}]}

Page stages (extract.timing, exclusive: they add up to the page's time): rasterise,
text_layer, prepare, orientation, deskew+grid, unruled, ocr, digit_reread, text_outside,
text_export, other. Document stages: assembly, gazetteer, correction, other.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable

from ita_core.model import Page

STATS_FILE = "stats.jsonl"


def page_row(page: Page) -> dict[str, Any]:
    return {"number": page.number, "kind": page.kind, "seconds": round(page.seconds, 4),
            "stages": dict(page.stats)}


def read_stats(out: Path) -> list[dict[str, Any]]:
    path = out / STATS_FILE
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            rows.append(json.loads(line))
        except ValueError:
            continue  # a damaged line costs only its own figures
    return rows


def write_stats(out: Path, rows: Iterable[dict[str, Any]]) -> None:
    """Merge this run's rows into the file (keyed by path, like the manifest)."""
    from pipelines.writers import atomic_write

    rows = list(rows)
    paths = {r["path"] for r in rows}
    kept = [r for r in read_stats(out) if r.get("path") not in paths]
    atomic_write(out / STATS_FILE, "".join(json.dumps(r, ensure_ascii=False) + "\n"
                                           for r in kept + rows).encode("utf-8"))


class RunStats:
    """This run's rows, appended to a temporary file as each file ends (the client keeps
    none in memory), and merged into stats.jsonl (keyed by path) by `write`."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.part = out / f".{STATS_FILE}.run.tmp"  # a killed run's is removed as debris
        self.part.write_text("", encoding="utf-8")
        self.paths: set[str] = set()

    def add(self, row: dict[str, Any]) -> None:
        with open(self.part, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.paths.add(row["path"])

    def write(self) -> None:
        from pipelines.writers import atomic_text

        path = self.out / STATS_FILE
        with atomic_text(path) as fh:
            if path.exists():
                with open(path, encoding="utf-8") as old:
                    for line in old:
                        try:
                            if json.loads(line).get("path") in self.paths:
                                continue
                        except ValueError:
                            continue  # a damaged line costs only its own figures
                        fh.write(line)
            with open(self.part, encoding="utf-8") as run:
                for line in run:
                    fh.write(line)

    def close(self) -> None:
        self.write()
        self.part.unlink(missing_ok=True)


def stage_totals(rows: Iterable[dict[str, Any]]) -> tuple[dict[str, float], dict[str, float]]:
    """(page stage → seconds summed over every page, document stage → seconds summed)."""
    pages: dict[str, float] = {}
    docs: dict[str, float] = {}
    for row in rows:
        for page in row.get("pages", ()):
            for name, value in page.get("stages", {}).items():
                pages[name] = pages.get(name, 0.0) + value
        for name, value in row.get("document", {}).items():
            docs[name] = docs.get(name, 0.0) + value
    return pages, docs
