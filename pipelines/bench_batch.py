"""`make bench-batch`: the batch at archive scale, in figures (printed, not a timed test).

N documents (default 200), a mix of born-digital PDFs, scans and OCR text exports made
from samples/ (or the files of --inputs), each copy given distinct bytes so it is its own
document, converted three ways:

- the local process pool with 1 worker, then with 2;
- a `distributed.LocalCluster` with 2 single-threaded worker processes.

Printed for each: documents per hour, pages per minute, peak RSS per worker, and for the
cluster the scheduler's overhead per document (its wall time minus the local pool's at the
same worker count, per document). Then the sum for 1,000,000 pages on N machines from the
measured 2-worker rate. Timings on a shared machine are noisy; say so when quoting.

    python -m pipelines.bench_batch --docs 20 [--inputs DIR] [--no-correct]

`--memory-check` instead checks that memory stays flat: the same cheap documents (text
exports and born-digital PDFs, copies with distinct bytes) converted 100 and then 1,000
at a time with 2 local workers, each run in a fresh process, printing the client's and
the workers' peak RSS. Spelling correction is off there unless `--correct` (it costs time
but, on copies of a few documents, meets no new words).

    python -m pipelines.bench_batch --memory-check [--sizes 100 1000] [--correct]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipelines.batch import convert_batch
from pipelines.inputs import iter_input_paths
from pipelines.settings import ConvertSettings

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIRS = ["samples/pdf", "samples/scan", "samples/export", "samples/lo"]
CHEAP_DIRS = ["samples/export", "samples/pdf"]  # no OCR: 1,000 documents take minutes
CHEAP_MAX_PAGES = 2  # and no long PDF among them


def cheap_sources() -> list[Path]:
    from pipelines.jobs import pdf_page_count

    return [Path(p) for p in iter_input_paths([ROOT / d for d in CHEAP_DIRS])
            if Path(p).suffix.lower() != ".pdf" or pdf_page_count(str(p)) <= CHEAP_MAX_PAGES]


def make_inputs(folder: Path, n: int, sources: list[Path]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(n):
        src = sources[i % len(sources)]
        dst = folder / f"{i:04d}-{src.name}"
        data = src.read_bytes()
        # trailing bytes make a distinct sha256; PDF, PNG, TIFF and text readers ignore them
        suffix = src.suffix.lower()
        tail = (f"\n% copy {i}\n".encode() if suffix == ".pdf" else
                b"\n" * (i + 1) if suffix in (".txt", ".md", ".html") else b"\0" * (i + 1))
        dst.write_bytes(data + tail)
        made.append(dst)
    return made


def _children_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def run_local(inputs: Path, out: Path, workers: int, correct: bool) -> dict:
    started = time.perf_counter()
    result = convert_batch([inputs], out, ConvertSettings(workers=workers, correct=correct,
                                                          force=True))
    wall = time.perf_counter() - started
    peak = _children_peak_mib() if workers > 1 else \
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return _figures(f"local pool, {workers} worker(s)", result, wall, peak)


def run_cluster(inputs: Path, out: Path, workers: int, correct: bool) -> dict:
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set({"distributed.scheduler.allowed-failures": 1,
                          "distributed.scheduler.worker-saturation": 1.0}):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          dashboard_address=None, host="127.0.0.1") as cluster, \
                Client(cluster) as client:
            # warm the workers first: an operator's cluster is up before the batch
            from pipelines.dask_exec import warm_lexicons

            client.run(warm_lexicons)
            started = time.perf_counter()
            result = convert_batch([inputs], out, ConvertSettings(
                scheduler=cluster.scheduler_address, correct=correct, force=True))
            wall = time.perf_counter() - started
            peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return _figures(f"LocalCluster, {workers} worker(s)", result, wall, max(peaks.values()))


def _figures(name: str, result, wall: float, peak_mib: float) -> dict:
    docs = result.files
    pages = result.pages
    failed = len(result.failed)
    return {"name": name, "docs": docs, "pages": pages, "failed": failed, "wall": wall,
            "docs_per_hour": docs / wall * 3600, "pages_per_min": pages / wall * 60,
            "peak_mib": peak_mib}


def memory_run(docs: int, workers: int, correct: bool) -> dict:
    """One batch of `docs` cheap documents in this process: its peak RSS and its workers'."""
    sources = cheap_sources()
    work = Path(tempfile.mkdtemp(prefix="ita-bench-memory-"))
    try:
        make_inputs(work / "in", docs, sources)
        started = time.perf_counter()
        result = convert_batch([work / "in"], work / "out",
                               ConvertSettings(workers=workers, correct=correct))
        wall = time.perf_counter() - started
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"docs": docs, "wall": round(wall, 1), "failed": len(result.failed),
            "client_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            # the largest of the pool's workers (they are joined when the pool closes)
            "worker_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def memory_check(sizes: list[int], workers: int, correct: bool) -> None:
    print(f"memory check: {len(cheap_sources())} cheap sources (text exports, born-digital PDFs "
          f"of at most {CHEAP_MAX_PAGES} pages), {workers} local workers, correction "
          f"{'on' if correct else 'off'}")
    print(f"{'documents':>9} {'wall s':>8} {'client peak':>12} {'worker peak':>12} failed", flush=True)
    rows = []
    for docs in sizes:  # each in a fresh process: peak RSS never goes down within one
        cmd = [sys.executable, "-m", "pipelines.bench_batch", "--memory-run", str(docs),
               "--workers", str(workers)] + (["--correct"] if correct else [])
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True)
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        rows.append(r)
        print(f"{r['docs']:9d} {r['wall']:8.1f} {r['client_mib']:8.0f} MiB {r['worker_mib']:8.0f} MiB "
              f"{r['failed']:6d}", flush=True)
    small, large = rows[0], rows[-1]
    for name in ("client_mib", "worker_mib"):
        growth = large[name] - small[name]
        print(f"{name.split('_')[0]} peak, {large['docs']} against {small['docs']} documents: "
              f"{growth:+.1f} MiB ({growth / small[name] * 100:+.1f} %)")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--memory-check", action="store_true",
                    help="peak RSS of 100 against 1,000 cheap documents (memory flat)")
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--memory-run", type=int, metavar="N", help=argparse.SUPPRESS)
    ap.add_argument("--workers", type=int, default=2, help="for --memory-check")
    ap.add_argument("--correct", action="store_true", help="--memory-check with correction")
    ap.add_argument("--inputs", type=Path, help="a folder of inputs to copy from (default samples/)")
    ap.add_argument("--no-correct", action="store_true", help="skip spelling correction")
    ap.add_argument("--skip-single", action="store_true",
                    help="skip the 1-worker run (compare the pool and the cluster only)")
    ap.add_argument("--machines", type=int, nargs="*", default=[1, 10, 50])
    ap.add_argument("--cores-per-machine", type=int, default=8)
    args = ap.parse_args(argv)
    if args.memory_run:
        print(json.dumps(memory_run(args.memory_run, args.workers, args.correct)))
        return
    if args.memory_check:
        memory_check(args.sizes, args.workers, args.correct)
        return
    sources = iter_input_paths([args.inputs] if args.inputs else
                               [ROOT / d for d in SAMPLE_DIRS if (ROOT / d).exists()])
    work = Path(tempfile.mkdtemp(prefix="ita-bench-batch-"))
    try:
        inputs = work / "in"
        mixed = [Path(p) for p in sources]
        random.Random(0).shuffle(mixed)  # born-digital and scans interleaved, reproducibly
        make_inputs(inputs, args.docs, mixed)
        correct = not args.no_correct
        rows = [None if args.skip_single else run_local(inputs, work / "l1", 1, correct),
                run_local(inputs, work / "l2", 2, correct), run_cluster(inputs, work / "c2", 2, correct)]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{args.docs} documents from {len(sources)} sources; CPU shared, figures noisy")
    print(f"{'run':28} {'wall s':>8} {'docs/h':>8} {'pages/min':>9} {'peak RSS/worker':>15} failed")
    for r in filter(None, rows):
        print(f"{r['name']:28} {r['wall']:8.1f} {r['docs_per_hour']:8.0f} {r['pages_per_min']:9.1f} "
              f"{r['peak_mib']:12.0f} MiB {r['failed']:6d}")
    l1, l2, c2 = rows
    if l1:
        print(f"speed-up 1 -> 2 local workers: {l1['wall'] / l2['wall']:.2f}x (goal 1.8x)")
    print(f"cluster vs local pool at 2 workers: {c2['wall'] / l2['wall']:.2f}x the wall time "
          f"(goal within 1.10x); scheduler overhead {(c2['wall'] - l2['wall']) / c2['docs'] * 1000:.0f} "
          "ms per document")
    per_worker = c2["pages_per_min"] / 2
    for m in args.machines:
        hours = 1_000_000 / (per_worker * args.cores_per_machine * m * 60)
        print(f"1,000,000 pages on {m} machine(s) x {args.cores_per_machine} workers at "
              f"{per_worker:.1f} pages/min/worker: {hours:,.0f} h")


if __name__ == "__main__":
    main()
