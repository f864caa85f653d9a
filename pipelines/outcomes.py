"""What a batch keeps of each file: one small outcome, spooled to disk as it comes.

A batch of 100,000 reports must not hold 100,000 outcomes in the client. `BatchResult`
keeps running tallies (files, statuses, pages, seconds) and the failed outcomes, which the
CLI prints; every outcome is written as one JSON line to an unnamed temporary file and read
back on demand (`outcomes`, `manifest_rows`), so the client's memory does not grow with the
batch.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import asdict, dataclass, fields
from typing import IO, Iterator


@dataclass(slots=True)
class FileOutcome:
    path: str
    sha256: str = ""
    doc_id: str = ""
    status: str = "failed"  # ok | partial | failed | skipped
    error: str = ""
    pages: int = 0
    kind: str = ""
    seconds: float = 0.0
    measures: int = 0
    corrections: int = 0

    def manifest_row(self) -> dict:
        return {"path": self.path, "sha256": self.sha256, "doc_id": self.doc_id,
                # the manifest's statuses are ok / failed / skipped; a partial document is
                # written (ok) and its warnings say what is missing
                "status": "ok" if self.status == "partial" else self.status,
                "error": self.error, "pages": self.pages, "kind": self.kind,
                "seconds": round(self.seconds, 2)}


_FIELDS = tuple(f.name for f in fields(FileOutcome))


class OutcomeLog:
    """Outcomes as JSON lines in an unnamed temporary file (gone when the process ends)."""

    def __init__(self) -> None:
        self._fh: IO[str] | None = None
        self.count = 0

    def append(self, outcome: FileOutcome) -> None:
        if self._fh is None:
            self._fh = tempfile.TemporaryFile("w+", encoding="utf-8")
        self._fh.seek(0, 2)
        self._fh.write(json.dumps(asdict(outcome), ensure_ascii=False) + "\n")
        self.count += 1

    def __iter__(self) -> Iterator[FileOutcome]:
        if self._fh is None:
            return
        self._fh.flush()
        self._fh.seek(0)
        for line in self._fh:  # one outcome in memory at a time
            values = json.loads(line)
            yield FileOutcome(**{k: values[k] for k in _FIELDS if k in values})
        self._fh.seek(0, 2)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


class BatchResult:
    """A batch's tallies, its failed files, and every outcome on disk (in finishing order)."""

    def __init__(self) -> None:
        self.wall_seconds = 0.0
        self.counts: dict[str, int] = {}
        self.pages = 0  # pages converted this run (skipped files' pages not counted)
        self.file_seconds = 0.0
        self.failed: list[FileOutcome] = []  # printed by the CLI, one line each
        self.log = OutcomeLog()

    def add(self, outcome: FileOutcome) -> None:
        self.counts[outcome.status] = self.counts.get(outcome.status, 0) + 1
        if outcome.status != "skipped":
            self.pages += outcome.pages
        self.file_seconds += outcome.seconds
        if outcome.status == "failed":
            self.failed.append(outcome)
        self.log.append(outcome)

    @property
    def files(self) -> int:
        return self.log.count

    @property
    def outcomes(self) -> list[FileOutcome]:
        """Every outcome, read back from disk: for callers that want them all (the API,
        tests); a long batch's own code uses the tallies and `manifest_rows`."""
        return list(self.log)

    def manifest_rows(self) -> Iterator[dict]:
        return (o.manifest_row() for o in self.log)
