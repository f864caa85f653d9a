"""The batch: inputs → page jobs in a process pool → documents → corpus files.

One input's failure never stops the batch: it becomes a `failed` manifest row with one
plain sentence. A worker that crashes takes only its own job down (the pool is rebuilt and
the other jobs run again); a job that crashes a worker twice fails its document.
"""

from __future__ import annotations

import concurrent.futures as cf
import json
import time
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from extract import timing
from ita_core.model import Document, ExtractedDocument, IssueCode, Page, Source
from normalize.rules import Review
from pipelines import jobs
from pipelines.assemble import NoMeasureTableError, build_document
from pipelines.inputs import InputError, InputFile, iter_input_paths, sniff
from pipelines.settings import ConvertSettings
from pipelines.stats import page_row, write_stats
from pipelines.writers import document_record, write_aggregates, write_document_json



AGGREGATE_FLUSH_SECONDS = 60.0


@dataclass
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
    stats: dict = field(default_factory=dict)  # OUT/stats.jsonl's row, not the manifest's

    def manifest_row(self) -> dict:
        return {"path": self.path, "sha256": self.sha256, "doc_id": self.doc_id,
                # the manifest's statuses are ok / failed / skipped; a partial document is
                # written (ok) and its warnings say what is missing
                "status": "ok" if self.status == "partial" else self.status,
                "error": self.error, "pages": self.pages, "kind": self.kind,
                "seconds": round(self.seconds, 2)}


@dataclass
class BatchResult:
    outcomes: list[FileOutcome] = field(default_factory=list)
    wall_seconds: float = 0.0

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]


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


def _load_review(settings: ConvertSettings) -> Review | None:
    if not settings.review_file:
        return None
    from pipelines.review import read_review

    return read_review(Path(settings.review_file))


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


def convert_batch(inputs: Iterable[str | Path], out: Path, settings: ConvertSettings,
                  progress: Progress | None = None) -> BatchResult:
    progress = progress or Progress()
    run_started, run_clock = time.time(), time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    _remove_debris(out)
    review = _load_review(settings)
    paths = iter_input_paths(inputs)
    progress.start(len(paths))
    result = BatchResult()
    states = _documents_to_convert(paths, out, settings, result, progress)
    flushed = [time.perf_counter()]

    def finish(state: _DocState, remote: dict | None = None) -> None:
        """Write one document; `remote` is a cluster task's result (record made there)."""
        outcome = _write_document(state, remote, out=out, settings=settings, review=review,
                                  progress=progress)
        result.outcomes.append(outcome)
        progress.file_done(outcome)
        if time.perf_counter() - flushed[0] > AGGREGATE_FLUSH_SECONDS:
            # a long batch keeps its tables current, so an interruption loses nothing
            write_aggregates(out, manifest=[o.manifest_row() for o in result.outcomes])
            write_stats(out, [o.stats for o in result.outcomes if o.stats])
            flushed[0] = time.perf_counter()

    if settings.scheduler:
        from pipelines.dask_exec import run_on_cluster

        run_on_cluster(states, settings, finish)
    else:
        _run_jobs(states, settings, progress, finish)
    write_aggregates(out, manifest=[o.manifest_row() for o in result.outcomes])
    write_stats(out, [o.stats for o in result.outcomes if o.stats])
    result.wall_seconds = time.perf_counter() - run_clock
    _log_run(out, result, settings, run_started, result.wall_seconds)
    progress.close()
    return result


def _documents_to_convert(paths: list[Path], out: Path, settings: ConvertSettings,
                          result: BatchResult, progress: Progress) -> list[_DocState]:
    """The inputs that need converting; the unreadable and the up-to-date ones go
    straight into `result` (failed or skipped)."""
    states: list[_DocState] = []
    for p in paths:
        outcome = FileOutcome(path=str(p))
        try:
            input_file = sniff(p)
        except InputError as exc:
            outcome.error = _error_sentence(exc)
            result.outcomes.append(outcome)
            progress.file_done(outcome)
            continue
        outcome.sha256, outcome.doc_id = input_file.sha256, input_file.doc_id
        if _up_to_date(out, input_file, settings):
            outcome.status = "skipped"
            record = json.loads((out / "documents" / f"{input_file.doc_id}.json").read_text("utf-8"))
            outcome.pages = record["source"]["pages"]
            outcome.kind = record["source"]["kind"]
            outcome.measures = len(record.get("measures", []))
            result.outcomes.append(outcome)
            progress.file_done(outcome)
            continue
        states.append(_DocState(input=input_file, outcome=outcome, started=time.perf_counter()))
    return states


def _write_document(state: _DocState, remote: dict | None, *, out: Path,
                    settings: ConvertSettings, review: Review | None,
                    progress: Progress) -> FileOutcome:
    """Assemble (or take the cluster's record), write the document and fill its outcome;
    a failed document leaves no stale output behind."""
    outcome = state.outcome
    assembly_started = time.perf_counter()
    if remote is not None:
        state.work_seconds += remote.get("seconds", 0.0)
        state.page_total = remote.get("pages") or 0
        progress.add_pages(state.page_total)
        progress.page_done(state.page_total)
        if "error" in remote:
            state.error = remote["error"]
    if state.error is None:
        try:
            if remote is not None:
                record = remote["record"]
            else:
                doc = _assemble(state, settings, review)
                record = document_record(doc)
            write_document_json(out, record)
            outcome.status = record["status"]
            outcome.kind = record["source"]["kind"]
            outcome.measures = len(record["measures"])
            outcome.corrections = record["corrections"]
            if outcome.status == "partial":
                incomplete = remote.get("incomplete", []) if remote is not None else \
                    incomplete_sentences(doc)
                outcome.error = "; ".join(incomplete)[:500]
        except NoMeasureTableError as exc:
            state.error = _error_sentence(exc)
            # say why when pages could not be read (an OCR timeout, say)
            state.error += page_failures(state.pages)
        except Exception as exc:  # a bug in one document must not stop the batch
            state.error = f"internal error while assembling the document ({exc.__class__.__name__}: {exc})"
    if state.error is not None:
        outcome.status = "failed"
        outcome.error = state.error
        _remove_stale(out, state.input.doc_id)
    outcome.pages = state.page_total or len(state.pages) or (
        len(state.text_doc.pages) if state.text_doc else 0)
    # the file's own seconds (worker time of its jobs plus assembly), not the time
    # since the batch started; the batch's wall time goes to run.log
    outcome.seconds = state.work_seconds + (time.perf_counter() - assembly_started)
    outcome.stats = _stats_row(state, outcome)
    return outcome


RUN_LOG = "runs.jsonl"


def _log_run(out: Path, result: BatchResult, settings: ConvertSettings, started: float,
             wall: float) -> None:
    """One line per batch in OUT/runs.jsonl: its wall time, counts and versions (the
    manifest holds each file's own seconds)."""
    counts: dict[str, int] = {}
    for o in result.outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    entry = {"started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
             "wall_seconds": round(wall, 2), "files": len(result.outcomes),
             "pages": sum(o.pages for o in result.outcomes if o.status != "skipped"),
             "file_seconds": round(sum(o.seconds for o in result.outcomes), 2),
             "counts": counts, "workers": settings.effective_workers,
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


def _stats_row(state: _DocState, outcome: FileOutcome) -> dict:
    pages = (state.text_doc.pages if state.text_doc is not None
             else [state.pages[n] for n in sorted(state.pages)])
    finished = time.time()  # wall clock, so a bench can tell start-up from the file's work
    return {"path": outcome.path, "doc_id": outcome.doc_id, "status": outcome.status,
            "kind": outcome.kind, "seconds": round(outcome.seconds, 4),
            "started_at": round(finished - outcome.seconds, 4), "finished_at": round(finished, 4),
            "document": {k: round(v, 4) for k, v in state.document_stats.items()},
             "pages": [page_row(p) for p in pages]}


def _assemble(state: _DocState, settings: ConvertSettings, review: Review | None) -> Document:
    if state.text_doc is not None:
        extracted = state.text_doc
        kind = "text_export"
    else:
        pages = [state.pages[n] for n in sorted(state.pages)]
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


# ---- job scheduling -----------------------------------------------------------------


@dataclass
class _Job:
    state: _DocState
    kind: str  # "text" | "pdf" | "image"
    page_job: jobs.PageJob | None = None


def _plan(state: _DocState, settings: ConvertSettings) -> list[_Job]:
    kind = state.input.kind
    path = str(state.input.path)
    if kind == "text":
        return [_Job(state, "text")]
    if kind == "image":
        return [_Job(state, "image", jobs.PageJob(path, "image", ()))]
    count = jobs.pdf_page_count(path)
    state.page_total = count
    if count == 0:
        raise InputError("PDF has no pages")
    if count > settings.max_pages:
        raise InputError(f"the PDF has {count} pages, more than the limit of {settings.max_pages} "
                         "(--max-pages); it was not read")
    step = settings.pages_per_job
    return [_Job(state, "pdf", jobs.PageJob(path, "pdf", tuple(range(s, min(s + step, count + 1)))))
            for s in range(1, count + 1, step)]


class JobFailed(Exception):
    """A job's error as one sentence: always picklable, whatever the library raised."""


def _call(kind: str, path: str, page_job, settings):
    """Top-level (picklable) entry point of a worker: (result, seconds the job took)."""
    started = time.perf_counter()
    try:
        if kind == "text":
            return jobs.read_text_job(path), time.perf_counter() - started
        return jobs.run_page_job(page_job, settings), time.perf_counter() - started
    except Exception as exc:
        # exceptions with custom __init__ signatures do not survive unpickling in the parent
        # (which would look like a crashed worker); a plain sentence does
        raise JobFailed(_error_sentence(exc)) from None


def _accept(job: _Job, timed, progress: Progress) -> None:
    state = job.state
    value, seconds = timed
    state.work_seconds += seconds
    if job.kind == "text":
        state.text_doc = value
        progress.add_pages(len(value.pages) - 1)  # it was counted as one page when planned
        progress.page_done(len(value.pages))
    else:
        for page in value:
            state.pages[page.number] = page
        progress.page_done(len(value))


def _run_jobs(states: list[_DocState], settings: ConvertSettings, progress: Progress,
              finish: Callable[[_DocState], None]) -> None:
    queue: list[_Job] = []
    for state in states:
        try:
            planned = _plan(state, settings)
        except Exception as exc:
            state.error = _error_sentence(exc)
            finish(state)
            continue
        state.pending = len(planned)
        progress.add_pages(state.page_total or 1)
        queue.extend(planned)

    def done(job: _Job, value=None, error: BaseException | None = None) -> None:
        state = job.state
        if error is not None and state.error is None:
            state.error = _error_sentence(error)
        elif error is None:
            _accept(job, value, progress)
        state.pending -= 1
        if state.pending == 0:
            finish(state)

    workers = settings.effective_workers
    if workers == 1:
        for job in queue:
            if job.state.error is not None:
                done(job)
                continue
            try:
                done(job, _call(job.kind, str(job.state.input.path), job.page_job, settings))
            except Exception as exc:
                done(job, error=exc)
        return

    crashed = _run_pool(queue, settings, workers, done)
    # A crash breaks every job in flight: run those again, each alone in a fresh worker,
    # so only the job that really crashes is blamed.
    for job in crashed:
        if _run_pool([job], settings, 1, done):
            done(job, error=RuntimeError("the reader crashed on this file"))


def _run_pool(queue: list[_Job], settings: ConvertSettings, workers: int,
              done: Callable[..., None]) -> list[_Job]:
    """Run jobs in a process pool; return the jobs lost to a worker crash."""
    crashed: list[_Job] = []
    with cf.ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {}
        for job in queue:
            if job.state.error is not None:
                done(job)
                continue
            futures[pool.submit(_call, job.kind, str(job.state.input.path), job.page_job,
                                settings)] = job
        for fut in cf.as_completed(futures):
            job = futures[fut]
            try:
                value = fut.result()
            except BrokenProcessPool:
                crashed.append(job)
                continue
            except Exception as exc:
                done(job, error=exc)
                continue
            done(job, value)
    return crashed
