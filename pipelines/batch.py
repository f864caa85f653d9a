"""The batch: inputs → page jobs in a process pool → documents → corpus files.

One input's failure never stops the batch: it becomes a `failed` manifest row with one
plain sentence. A worker that crashes takes only its own job down (the pool is rebuilt and
the other jobs run again); a job that crashes a worker twice fails its document.
"""

from __future__ import annotations

import gc
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from extract import ocr_structure, timing
from ita_core.model import Document, ExtractedDocument, IssueCode, Page, Source
from normalize.rules import Review
from pipelines import jobs
from pipelines.assemble import NoMeasureTableError, build_document
from pipelines.inputs import InputError, InputFile, iter_input_paths, sniff
from pipelines.outcomes import BatchResult, FileOutcome  # noqa: F401 - re-exported
from pipelines.settings import ConvertSettings
from pipelines.stats import RunStats, page_row
from pipelines.writers import document_record, write_aggregates, write_document_json



AGGREGATE_FLUSH_SECONDS = 60.0
# The client collects reference cycles (pdfminer's, from counting a PDF's pages to plan
# it: 270 objects a document) every so many documents. Left to Python's own schedule,
# the oldest generation is collected only once its garbage reaches a quarter of the
# live objects, so a 1,000-document batch peaked 1.8 MiB above a 100-document one.
COLLECT_EVERY_FILES = 50


class Progress:
    """What the CLI shows; the default shows nothing."""

    def start(self, files: int) -> None: ...
    def add_pages(self, n: int) -> None: ...
    def page_done(self, n: int = 1) -> None: ...
    def file_done(self, outcome: FileOutcome) -> None: ...
    def close(self) -> None: ...


def _error_sentence(exc: BaseException) -> str:
    text = str(exc).strip() or exc.__class__.__name__
    return text.rstrip(".")


@dataclass
class _DocState:
    input: InputFile
    outcome: FileOutcome
    started: float
    page_total: int = 0
    pages: dict[int, Page] = field(default_factory=dict)
    text_doc: ExtractedDocument | None = None
    pending: int = 0
    error: str | None = None
    work_seconds: float = 0.0  # the file's own time: its jobs' and its assembly's
    document_stats: dict[str, float] = field(default_factory=dict)
    pages_counted: int = 0  # pages this document added to the progress total so far
    cost: float = 0.0  # its estimated work, to run the longest documents first

    def release(self) -> None:
        """Drop what the document's pages hold once it is written: a long batch keeps
        only its small outcomes, so the client's memory stays flat."""
        self.pages = {}
        self.text_doc = None
        self.document_stats = {}


def _load_review(settings: ConvertSettings) -> Review | None:
    if not settings.review_file:
        return None
    from pipelines.review import read_review

    return read_review(Path(settings.review_file))


_worker_reviews: dict[str, Review | None] = {}


def _worker_review(settings: ConvertSettings) -> Review | None:
    """The review decisions, read once per worker process (every task of a batch shares them)."""
    key = settings.review_file or ""
    if key not in _worker_reviews:
        _worker_reviews.clear()
        _worker_reviews[key] = _load_review(settings)
    return _worker_reviews[key]


def _up_to_date(out: Path, input_file: InputFile, settings: ConvertSettings) -> bool:
    path = out / "documents" / f"{input_file.doc_id}.json"
    if settings.force or not path.exists():
        return False
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return record.get("settings") == dict(settings.fingerprint()) and \
        record.get("source", {}).get("path") == str(input_file.path)


def incomplete_sentences(doc: Document) -> list[str]:
    """The sentences of the issues that leave `doc` partial (pages not read, OCR failed)."""
    return [i.sentence for i in doc.issues if i.incomplete]


def page_failures(pages: dict[int, Page]) -> str:
    """' (page 1: OCR failed: …)' for the first pages that could not be read, else ''."""
    failed = [i.sentence for n in sorted(pages) for i in pages[n].issues
              if i.code == IssueCode.OCR_FAILED][:3]
    return " (" + "; ".join(failed) + ")" if failed else ""


def _pending(paths: list[Path], out: Path, settings: ConvertSettings, result: BatchResult,
             progress: Progress) -> Iterator[_DocState]:
    """The documents to convert, one at a time as the executor asks for them (a batch of
    any size holds the states of a few windows of documents, not of every file): unreadable
    files and up-to-date ones are settled here (an outcome each), the rest are yielded."""
    for p in paths:
        outcome = FileOutcome(path=str(p))
        try:
            input_file = sniff(p)
        except InputError as exc:
            outcome.error = _error_sentence(exc)
            result.add(outcome)
            progress.file_done(outcome)
            continue
        outcome.sha256, outcome.doc_id = input_file.sha256, input_file.doc_id
        if _up_to_date(out, input_file, settings):
            outcome.status = "skipped"
            record = json.loads((out / "documents" / f"{input_file.doc_id}.json").read_text("utf-8"))
            outcome.pages = record["source"]["pages"]
            outcome.kind = record["source"]["kind"]
            outcome.measures = len(record.get("measures", []))
            result.add(outcome)
            progress.file_done(outcome)
            continue
        yield _DocState(input=input_file, outcome=outcome, started=time.perf_counter())


def convert_batch(inputs: Iterable[str | Path], out: Path, settings: ConvertSettings,
                  progress: Progress | None = None) -> BatchResult:
    progress = progress or Progress()
    run_started, run_clock = time.time(), time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    _remove_debris(out)
    _load_review(settings)  # a bad review file is the user's error, before any work
    paths = iter_input_paths(inputs)
    progress.start(len(paths))
    result = BatchResult()
    states = _pending(paths, out, settings, result, progress)

    flushed = [time.perf_counter()]
    run_stats = RunStats(out)  # OUT/stats.jsonl's rows, not the manifest's

    def finish(state: _DocState, done: dict) -> None:
        """Write one document from its worker's result (the record made there, or an
        error sentence), in the client; nothing here reads or corrects text."""
        outcome = state.outcome
        writing_started = time.perf_counter()
        state.work_seconds += done.get("seconds", 0.0)
        state.page_total = done.get("pages") or state.page_total
        progress.add_pages(state.page_total - state.pages_counted)
        state.pages_counted = state.page_total
        progress.page_done(done.get("pages_read", state.page_total))
        if state.error is None and "error" in done:
            state.error = done["error"]
        if state.error is None:
            try:
                record = done["record"]
                write_document_json(out, record)
                outcome.status = record["status"]
                outcome.kind = record["source"]["kind"]
                outcome.measures = len(record["measures"])
                outcome.corrections = record["corrections"]
                if outcome.status == "partial":
                    outcome.error = "; ".join(done.get("incomplete", []))[:500]
            except Exception as exc:  # a full disk, say: this document fails, not the batch
                state.error = f"could not write the document ({exc.__class__.__name__}: {exc})"
        if state.error is not None:
            outcome.status = "failed"
            outcome.error = state.error
            _remove_stale(out, state.input.doc_id)
        outcome.pages = state.page_total
        # the file's own seconds (worker time of its jobs plus assembly), not the time
        # since the batch started; the batch's wall time goes to runs.jsonl
        outcome.seconds = state.work_seconds + (time.perf_counter() - writing_started)
        run_stats.add(_stats_row(outcome, done))
        state.release()
        result.add(outcome)
        progress.file_done(outcome)
        if result.files % COLLECT_EVERY_FILES == 0:
            gc.collect()
        if time.perf_counter() - flushed[0] > AGGREGATE_FLUSH_SECONDS:
            # a long batch keeps its tables current, so an interruption loses nothing
            write_aggregates(out, manifest=result.manifest_rows)
            run_stats.write()
            flushed[0] = time.perf_counter()

    if settings.scheduler:
        from pipelines.dask_exec import run_on_cluster

        run_on_cluster(states, settings, finish)
    else:
        from pipelines.batch_pool import run_local

        run_local(states, settings, progress, finish)
    write_aggregates(out, manifest=result.manifest_rows)
    run_stats.close()
    result.wall_seconds = time.perf_counter() - run_clock
    _log_run(out, result, settings, run_started, result.wall_seconds)
    progress.close()
    return result


RUN_LOG = "runs.jsonl"


def _log_run(out: Path, result: BatchResult, settings: ConvertSettings, started: float,
             wall: float) -> None:
    """One line per batch in OUT/runs.jsonl: its wall time, counts and versions (the
    manifest holds each file's own seconds)."""
    entry = {"started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
             "wall_seconds": round(wall, 2), "files": result.files, "pages": result.pages,
             "file_seconds": round(result.file_seconds, 2),
             "counts": dict(result.counts), "workers": settings.effective_workers,
             "scheduler": settings.scheduler,
             "settings": dict(settings.fingerprint())}
    with open(out / RUN_LOG, "a", encoding="utf-8") as fh:  # appended whole: one line per run
        fh.write(json.dumps(entry, ensure_ascii=False) + "\n")


def _remove_debris(out: Path) -> None:
    """Temporary files a killed batch left (atomic_write's, before their rename): never
    read, but they must not stay in the corpus folder."""
    for folder in (out, out / "documents"):
        for tmp in folder.glob(".*.tmp"):
            try:
                tmp.unlink()
            except OSError:
                pass


def _remove_stale(out: Path, doc_id: str) -> None:
    path = out / "documents" / f"{doc_id}.json"
    if path.exists():
        path.unlink()


def _stats_row(outcome: FileOutcome, done: dict) -> dict:
    finished = time.time()  # wall clock, so a bench can tell start-up from the file's work
    return {"path": outcome.path, "doc_id": outcome.doc_id, "status": outcome.status,
            "kind": outcome.kind, "seconds": round(outcome.seconds, 4),
            "started_at": round(finished - outcome.seconds, 4), "finished_at": round(finished, 4),
            "document": {k: round(v, 4) for k, v in done.get("document_stats", {}).items()},
            "pages": done.get("page_rows", [])}


def _assemble(state: _DocState, settings: ConvertSettings, review: Review | None) -> Document:
    if state.text_doc is not None:
        extracted = state.text_doc
        kind = "text_export"
    else:
        # a table continued on a page without its header takes the page before's columns
        pages = list(ocr_structure.carry_columns([state.pages[n] for n in sorted(state.pages)]))
        kind = jobs.source_kind(pages)
        extracted = ExtractedDocument(pages=tuple(pages), kind=kind)
    source = Source(path=str(state.input.path), sha256=state.input.sha256,
                    pages=len(extracted.pages), kind=kind)
    with timing.recording() as recorder:
        try:
            return build_document(doc_id=state.input.doc_id, source=source,
                                  extracted=extracted, review=review,
                                  correct=settings.correct, settings=settings.fingerprint())
        finally:
            state.document_stats = recorder.seconds


# ---- what a worker runs -------------------------------------------------------------
# Every entry point is a top-level function of picklable arguments returning a small
# plain dict or a list of pages: the same code runs in the local pool, in-process with
# one worker, and on a Dask worker.


def memory_sentence(settings: ConvertSettings) -> str:
    if settings.memory_limit:
        return (f"the document needs more memory than the limit of "
                f"{format_bytes(settings.memory_limit)} per worker (--memory-limit); "
                "it was not converted")
    return "the reader ran out of memory on this file"


def format_bytes(n: int) -> str:
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit}".replace(".0 ", " ")
    return f"{n} bytes"


def _page_rows(state: _DocState) -> list[dict]:
    pages = (state.text_doc.pages if state.text_doc is not None
             else [state.pages[n] for n in sorted(state.pages)])
    return [page_row(p) for p in pages]


def _document_result(state: _DocState, settings: ConvertSettings, started: float,
                     source_path: str | None = None) -> dict:
    """Assemble the document whose pages `state` holds; its record or its error sentence."""
    pages = state.page_total or len(state.pages) or (
        len(state.text_doc.pages) if state.text_doc else 0)
    base = {"pages": pages, "page_rows": _page_rows(state)}
    try:
        doc = _assemble(state, settings, _worker_review(settings))
    except NoMeasureTableError as exc:
        # say why when pages could not be read (an OCR timeout, say)
        error = _error_sentence(exc) + page_failures(state.pages)
        return {**base, "error": error, "seconds": time.perf_counter() - started}
    except MemoryError:
        return {**base, "error": memory_sentence(settings), "seconds": time.perf_counter() - started}
    except Exception as exc:  # a bug in one document must not stop the batch
        return {**base, "error": f"internal error while assembling the document "
                                 f"({exc.__class__.__name__}: {exc})",
                "seconds": time.perf_counter() - started}
    record = document_record(doc)
    if source_path is not None:
        record["source"]["path"] = source_path
    return {**base, "record": record, "pages": doc.source.pages,
            "incomplete": incomplete_sentences(doc), "document_stats": state.document_stats,
            "seconds": time.perf_counter() - started}


def convert_document(input_file: InputFile, settings: ConvertSettings,
                     source_path: str | None = None, planned: list | None = None) -> dict:
    """A whole document in one worker: read its pages (the `planned` jobs, or its own
    plan) and assemble it. `source_path` is the path the record names, when the worker
    was given another (an absolute path on a cluster)."""
    from pipelines.batch_pool import JobFailed, _accept, _call, _plan

    started = time.perf_counter()
    state = _DocState(input=input_file, outcome=FileOutcome(path=str(input_file.path)),
                      started=started)
    try:
        for job in planned if planned is not None else _plan(state, settings):
            job.state = state
            _accept(job, _call(job.kind, str(input_file.path), job.page_job, settings), Progress())
    except (JobFailed, InputError) as exc:
        return {"error": _error_sentence(exc), "pages": state.page_total,
                "seconds": time.perf_counter() - started}
    return _document_result(state, settings, started, source_path)


def assemble_pages(input_file: InputFile, pages: list[Page], page_total: int,
                   settings: ConvertSettings) -> dict:
    """The assembly of a document whose pages were read by several page jobs."""
    started = time.perf_counter()
    state = _DocState(input=input_file, outcome=FileOutcome(path=str(input_file.path)),
                      started=started, page_total=page_total,
                      pages={p.number: p for p in pages})
    return _document_result(state, settings, started)
