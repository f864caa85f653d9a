"""The local process pool of `pipelines.batch`: documents planned into page jobs, run on
worker processes (longest first, a few queued per worker), a crashed worker's job retried
and then failed alone, each document assembled where its last page was read."""

from __future__ import annotations

import concurrent.futures as cf
import time
from collections import deque
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from itertools import islice
from typing import Callable, Iterable

from pipelines import jobs
from pipelines.batch import (Progress, _DocState, _error_sentence, assemble_pages, convert_document,
                             format_bytes, memory_sentence)
from pipelines.inputs import InputError
from pipelines.settings import ConvertSettings


def _worker_init(memory_limit: int) -> None:
    """A pool worker's start: its address space capped at `memory_limit` bytes (0: none),
    so a document that would blow it gets MemoryError, fails alone, and the worker lives on."""
    if memory_limit:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, hard))


# ---- job scheduling -----------------------------------------------------------------


@dataclass
class _Job:
    state: _DocState | None
    kind: str  # "text" | "pdf" | "image"
    page_job: jobs.PageJob | None = None

    def __getstate__(self):  # sent to a worker without its document's state
        return (self.kind, self.page_job)

    def __setstate__(self, value) -> None:
        self.state = None
        self.kind, self.page_job = value


# Estimated work, only to order the queue (longest first) and size page jobs; a wrong
# guess costs time, never output. A scanned PDF carries an image per page, so its bytes
# per page are many times a born-digital one's (samples: 140-260 KB against 2-40 KB).
SCAN_BYTES_PER_PAGE = 100_000
OCR_PAGE_COST = 15.0  # seconds of one worker per OCR'd page, roughly (make bench)
TEXT_PAGE_COST = 0.3
DOCUMENT_COST = 1.0  # assembly and correction


def _likely_scanned(path: Path, pages: int) -> bool:
    try:
        return path.stat().st_size / max(pages, 1) > SCAN_BYTES_PER_PAGE
    except OSError:
        return False


def _image_frames(path: Path) -> int:
    import warnings

    try:
        from PIL import Image

        with warnings.catch_warnings():  # a bomb is refused by its reader, not here
            warnings.simplefilter("ignore")
            with Image.open(path) as im:  # reads the header (and TIFF's frame list) only
                return max(1, getattr(im, "n_frames", 1))
    except Exception:
        return 1


def _estimated_cost(state: _DocState) -> float:
    kind = state.input.kind
    if kind == "text":
        return DOCUMENT_COST
    if kind == "image":
        return DOCUMENT_COST + OCR_PAGE_COST * _image_frames(Path(state.input.path))
    per_page = OCR_PAGE_COST if _likely_scanned(Path(state.input.path), state.page_total) \
        else TEXT_PAGE_COST
    return DOCUMENT_COST + per_page * state.page_total


def estimate_cost(state: _DocState) -> float:
    """`_estimated_cost` for a document not planned into jobs (the cluster's one task per
    document): a PDF's pages are counted first; an unreadable one costs the least."""
    if state.input.kind == "pdf" and not state.page_total:
        try:
            state.page_total = jobs.pdf_page_count(str(state.input.path))
        except Exception:
            return DOCUMENT_COST  # the task itself reports why it cannot be read
    return _estimated_cost(state)


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
    # an OCR'd page is seconds of work: one per job, so a long scan spreads over every
    # worker; text-layer pages are cheap, a few per job amortise opening the PDF
    step = 1 if _likely_scanned(Path(path), count) else settings.pages_per_job
    return [_Job(state, "pdf", jobs.PageJob(path, "pdf", tuple(range(s, min(s + step, count + 1))),
                                            total=count))
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
    except MemoryError:
        raise JobFailed(memory_sentence(settings)) from None
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
        progress.page_done(len(value.pages))
    else:
        for page in value:
            state.pages[page.number] = page
        progress.page_done(len(value))


@dataclass
class _Task:
    """One unit sent to a worker: a whole document, one page job of a document split into
    several, or the assembly of such a document once all its pages are back."""

    state: _DocState
    kind: str  # "document" | "pages" | "assemble"
    job: _Job | None = None
    planned: list[_Job] | None = None

    def submit_args(self, settings: ConvertSettings) -> tuple:
        state = self.state
        if self.kind == "document":
            return convert_document, state.input, settings, None, self.planned
        if self.kind == "pages":
            return _call, self.job.kind, str(state.input.path), self.job.page_job, settings
        pages = [state.pages[n] for n in sorted(state.pages)]  # dropped when it is written
        return assemble_pages, state.input, pages, state.page_total, settings


PLAN_WINDOW = 128  # documents planned and ordered at a time


class _TaskQueue:
    """The tasks to run, planned a window of documents at a time as the queue runs low,
    longest document first within each window (LPT: no long scan is left alone at the end
    of a window while the other workers idle, since the next window's longest documents
    start as the last of this one finish). A batch of any size holds the states of about
    one window of documents, and a written document's state is freed."""

    def __init__(self, states: Iterable[_DocState], settings: ConvertSettings,
                 progress: Progress, finish: Callable[[_DocState, dict], None],
                 low: int = 0, window: int | None = None) -> None:
        self._states = iter(states)
        self._tasks: deque[_Task] = deque()
        self._settings, self._progress, self._finish = settings, progress, finish
        self._low, self._window = low, window or PLAN_WINDOW
        self._exhausted = False

    def _refill(self) -> None:
        while len(self._tasks) <= self._low and not self._exhausted:
            window = list(islice(self._states, self._window))
            self._exhausted = len(window) < self._window
            self._tasks.extend(self._plan(window))

    def _plan(self, window: list[_DocState]) -> list[_Task]:
        planned_states = []
        for state in window:
            try:
                planned = _plan(state, self._settings)
            except Exception as exc:
                state.error = _error_sentence(exc)
                self._finish(state, {})
                continue
            state.cost = _estimated_cost(state)
            state.pages_counted = state.page_total or 1
            self._progress.add_pages(state.pages_counted)
            planned_states.append((state, planned))
        planned_states.sort(key=lambda sp: -sp[0].cost)
        tasks: list[_Task] = []
        for state, planned in planned_states:
            if len(planned) == 1:
                tasks.append(_Task(state, "document", planned=planned))
            else:
                state.pending = len(planned)
                tasks.extend(_Task(state, "pages", job=j) for j in planned)
        return tasks

    def __bool__(self) -> bool:
        self._refill()
        return bool(self._tasks)

    def popleft(self) -> _Task:
        self._refill()
        return self._tasks.popleft()

    def appendleft(self, task: _Task) -> None:
        self._tasks.appendleft(task)


def run_local(states: Iterable[_DocState], settings: ConvertSettings, progress: Progress,
               finish: Callable[[_DocState, dict], None]) -> None:
    """Run every document on the local pool (or in this process with one worker and no
    memory limit). The longest documents go first, so no long scan is left alone at the
    end; all reading, assembly and correction happen in the workers, the client only writes."""
    # refilled while a task per worker is still queued: no worker waits for planning
    queue = _TaskQueue(states, settings, progress, finish, low=settings.effective_workers)

    def done(task: _Task, value=None, error: str | None = None) -> None:
        state = task.state
        if task.kind in ("document", "assemble"):
            result = value if error is None else {"error": error}
            if task.kind == "assemble":  # its pages were counted as their jobs came back
                result = {**result, "pages_read": 0}
            finish(state, result)
            return
        if error is not None:
            state.error = state.error or error
        else:
            _accept(task.job, value, progress)
        state.pending -= 1
        if state.pending == 0:
            if state.error is not None:
                finish(state, {"pages_read": state.page_total - len(state.pages)})
            else:  # all its pages are back: its assembly goes before any other work
                queue.appendleft(_Task(state, "assemble"))

    if settings.effective_workers == 1 and not settings.memory_limit:
        while queue:
            task = queue.popleft()
            func, *args = task.submit_args(settings)
            try:
                done(task, func(*args))
            except JobFailed as exc:
                done(task, error=str(exc))
        return

    while queue:
        suspects = _run_pool(queue, settings, settings.effective_workers, done)
        # A crash breaks every task in flight: run those again, each alone in a fresh
        # worker, so only the task that really crashes is blamed; then go on.
        for task in suspects:
            if _run_pool(deque([task]), settings, 1, done):
                done(task, error=_crash_sentence(settings))


def _crash_sentence(settings: ConvertSettings) -> str:
    if settings.memory_limit:
        return (f"the reader crashed on this file (perhaps over the memory limit of "
                f"{format_bytes(settings.memory_limit)} per worker)")
    return "the reader crashed on this file"


def _run_pool(queue: deque[_Task] | _TaskQueue, settings: ConvertSettings, workers: int,
              done: Callable[..., None]) -> list[_Task]:
    """Run tasks from the front of `queue` (which `done` may refill) in a process pool,
    a few in flight per worker. Return the tasks in flight when a worker crashed (the
    pool is then broken; the caller starts another for the rest of the queue)."""
    in_flight: dict[cf.Future, _Task] = {}
    limit = 2 * workers  # one running and one waiting per worker: no idle gap between tasks
    with cf.ProcessPoolExecutor(max_workers=workers, initializer=_worker_init,
                                initargs=(settings.memory_limit,)) as pool:
        while queue or in_flight:
            while queue and len(in_flight) < limit:
                task = queue.popleft()
                func, *args = task.submit_args(settings)
                in_flight[pool.submit(func, *args)] = task
            finished, _ = cf.wait(in_flight, return_when=cf.FIRST_COMPLETED)
            broken: list[_Task] = []
            for fut in finished:
                task = in_flight.pop(fut)
                try:
                    value = fut.result()
                except BrokenProcessPool:
                    broken.append(task)
                    continue
                except JobFailed as exc:
                    done(task, error=str(exc))
                    continue
                except Exception as exc:  # an error pickling the task, say
                    done(task, error=_error_sentence(exc))
                    continue
                done(task, value)
            if broken:
                # every task in flight is lost with the pool; their pages are resent
                for fut, task in in_flight.items():
                    fut.cancel()
                    broken.append(task)
                return broken
    return []
