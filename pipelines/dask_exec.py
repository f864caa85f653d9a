"""The batch on an existing Dask distributed cluster (`ita extract … --scheduler tcp://H:P`).

One task per document: a worker reads its pages (text layer or OCR) and assembles the
document with the same code as the local pool; only the document's JSON record and a few
numbers travel back, and the client writes documents/ and the tables as in a local run.

- Lexicons load once per worker (`LexiconPlugin.setup`), not per task.
- Retries follow Dask: `retries=` on each task (for errors a task raises), and the
  scheduler's `distributed.scheduler.allowed-failures` for tasks whose worker dies: a task
  that has killed more workers than that is a `KilledWorker`, which fails its document and
  only it. Start the scheduler with `DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES=1` so a
  task that kills its worker twice is given up.
- Memory: start workers with `--memory-limit`; the nanny restarts a worker over it (the
  task then counts as a failure as above).
- Allocator: Dask starts workers with MALLOC_TRIM_THRESHOLD_ set, which makes every page
  image an mmap; the plugin raises glibc's thresholds again (`tune_malloc`).
- Order: the longest documents first (Dask's task `priority`, from the local pool's cost
  estimate), so no long scan is left alone at the end while the other workers idle.
"""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path
from itertools import islice
from typing import Callable, Iterable

from pipelines.settings import ConvertSettings

ALLOWED_FAILURES = 1  # for clusters this module starts itself (tests, the bench)


def warm_lexicons() -> None:
    from normalize.lexicon import base_lexicon, place_names

    base_lexicon()
    place_names()


try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # distributed is a dependency; this only keeps the import cheap to fail
    WorkerPlugin = object  # type: ignore[misc,assignment]


# glibc's mallopt parameters, and the values set on a Dask worker (see tune_malloc)
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
WORKER_MMAP_THRESHOLD = 32 * 2**20  # glibc's own ceiling for its dynamic threshold
WORKER_TRIM_THRESHOLD = 64 * 2**20


def tune_malloc() -> bool:
    """Undo, in this worker, what Dask's nanny sets for every worker it starts:
    MALLOC_TRIM_THRESHOLD_=65536. Setting it turns off glibc's dynamic mmap threshold, so
    every page image and mask (megabytes each, several per page) is mmap'd, faulted in
    and unmapped again: on 40 mixed documents the workers spent 8 s more in the kernel
    than the local pool's (10 s against 2 s). Raising both thresholds to glibc's own
    ceiling lets freed images be reused; a worker's memory is still bounded by one
    document. Returns whether anything was set (glibc only, and only under that setting)."""
    if not os.environ.get("MALLOC_TRIM_THRESHOLD_"):
        return False
    try:
        import ctypes
        import ctypes.util

        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.mallopt(M_MMAP_THRESHOLD, WORKER_MMAP_THRESHOLD)
                    and libc.mallopt(M_TRIM_THRESHOLD, WORKER_TRIM_THRESHOLD))
    except (OSError, AttributeError):  # not glibc: nothing to undo
        return False


class LexiconPlugin(WorkerPlugin):
    """Loads the lexicons when a worker starts (or joins), so no task pays for it, and
    tunes its allocator (`tune_malloc`)."""

    name = "ita-lexicons"

    def setup(self, worker) -> None:  # noqa: D401 - Dask's hook
        tune_malloc()
        warm_lexicons()


def convert_document(input_file, settings: ConvertSettings, source_path: str | None = None) -> dict:
    """The whole per-document work on a worker (the local pool's own function); returns a
    small, plain dict. The worker reads input_file.path (absolute: its working folder is
    not the client's); the record names source_path, the path as the client was given it."""
    from pipelines.batch import convert_document as convert

    return convert(input_file, settings, source_path)


CLUSTER_WINDOW = 256  # documents submitted at a time, at least (4 per worker thread if more)


def run_on_cluster(states: Iterable, settings: ConvertSettings,
                   finish: Callable[[object, dict], None]) -> None:
    """Submit one task per document to settings.scheduler; call finish(state, result)
    as each comes back (in completion order). Documents go out a window at a time, the
    next window when half of this one is back, longest first within each (Dask's task
    `priority`): neither the client nor the scheduler holds a whole archive's tasks."""
    from distributed import Client, as_completed
    from distributed.scheduler import KilledWorker

    from pipelines.batch_pool import estimate_cost

    source = iter(states)
    with Client(settings.scheduler) as client:
        client.register_plugin(LexiconPlugin(), name=LexiconPlugin.name)
        window = max(CLUSTER_WINDOW, 4 * sum(client.nthreads().values()))
        futures: dict = {}
        pending = as_completed()

        def submit_window() -> None:
            batch = list(islice(source, window))
            for state in batch:
                state.cost = estimate_cost(state)
            for state in sorted(batch, key=lambda s: -s.cost):  # ties in input order
                absolute = dataclasses.replace(state.input, path=Path(state.input.path).resolve())
                fut = client.submit(convert_document, absolute, settings, str(state.input.path),
                                    retries=settings.retries, priority=round(state.cost * 10),
                                    pure=False, key=f"ita-{state.input.doc_id}-{time.time_ns()}")
                futures[fut] = state
                pending.add(fut)

        submit_window()
        for fut in pending:
            state = futures.pop(fut)
            try:
                value = fut.result()
            except KilledWorker:
                value = {"error": "the reader crashed on this file (it killed its worker "
                                  "more times than the cluster allows)"}
            except Exception as exc:
                from pipelines.batch import _error_sentence

                value = {"error": _error_sentence(exc)}
            fut.release()
            finish(state, value)
            if len(futures) <= window // 2:
                submit_window()
