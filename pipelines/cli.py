"""The `ita` command. Library code raises typed errors; only this module maps them to exit codes."""

from __future__ import annotations

import argparse
import os
import sys
from enum import IntEnum
from pathlib import Path

from pipelines.batch import BatchResult, FileOutcome, Progress, convert_batch
from pipelines.settings import (DEFAULT_MAX_PAGES, DEFAULT_OCR_DPI, DEFAULT_PAGE_TIMEOUT_SECONDS,
                                ConvertSettings, parse_size)


class ExitCode(IntEnum):
    OK = 0
    INPUT_FAILED = 1  # at least one input failed; the others are written
    USAGE = 2  # bad usage: no inputs, unwritable output folder, bad review file


class RichProgress(Progress):
    """On a terminal: files and pages done, ok/partial/failed counts, pages per minute and
    an ETA (from the pages still to do at the rate so far)."""

    def __init__(self) -> None:
        import time

        from rich.progress import (BarColumn, MofNCompleteColumn, Progress as Bar,
                                   TextColumn, TimeElapsedColumn, TimeRemainingColumn)

        self.bar = Bar(TextColumn("{task.description:>6}"), BarColumn(), MofNCompleteColumn(),
                       TimeElapsedColumn(), TimeRemainingColumn(), TextColumn("{task.fields[note]}"),
                       transient=False, console=_stderr_console())
        self.files = self.pages = None
        self.counts = {"ok": 0, "partial": 0, "failed": 0, "skipped": 0}
        self.pages_done = 0
        self.clock = time.perf_counter
        self.started = self.clock()

    def start(self, files: int) -> None:
        self.bar.start()
        self.started = self.clock()
        self.files = self.bar.add_task("files", total=files, note="")
        self.pages = self.bar.add_task("pages", total=0, note="")

    def add_pages(self, n: int) -> None:
        self.bar.update(self.pages, total=(self.bar.tasks[self.pages].total or 0) + n)

    def page_done(self, n: int = 1) -> None:
        self.pages_done += n
        minutes = max(self.clock() - self.started, 1e-6) / 60
        self.bar.update(self.pages, advance=n, note=f"{self.pages_done / minutes:.0f} pages/min")

    def file_done(self, outcome: FileOutcome) -> None:
        self.counts[outcome.status] = self.counts.get(outcome.status, 0) + 1
        note = ", ".join(f"{n} {s}" for s, n in self.counts.items() if n)
        self.bar.update(self.files, advance=1, note=note)
        if outcome.status == "failed":
            self.bar.console.print(f"[red]failed[/red] {outcome.path}: {outcome.error}")

    def close(self) -> None:
        self.bar.stop()


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ita",
        description="Turn Thai ITA reports (มาตรการส่งเสริมคุณธรรมและความโปร่งใส… / "
                    "รายงานผลการดำเนินการ…) into a corpus of measures.")
    sub = parser.add_subparsers(dest="command", required=True)

    ex = sub.add_parser(
        "extract", help="convert reports into a corpus folder",
        description="Convert PDFs (born-digital, scanned or mixed), TIFF/PNG/JPEG scans and OCR "
                    "text exports (.txt/.html/.md) into DIR: documents/<doc_id>.json, "
                    "measures.csv, measures.jsonl, corrections.csv, manifest.csv. Folders are "
                    "walked recursively. Exit status: 0 all converted, 1 some input failed "
                    "(the rest are written), 2 bad usage.")
    ex.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders")
    ex.add_argument("--out", required=True, metavar="DIR", help="corpus folder (created)")
    ex.add_argument("--workers", type=_positive_int, default=None, metavar="N",
                    help="parallel worker processes (default: one per core)")
    ex.add_argument("--force", action="store_true",
                    help="convert again even files whose output is up to date")
    ex.add_argument("--no-ocr", action="store_true",
                    help="do not OCR pages without a usable text layer (flag them instead)")
    ex.add_argument("--no-correct", action="store_true",
                    help="repair Unicode only; no OCR/lexicon spelling correction")
    ex.add_argument("--review", metavar="FILE",
                    help="review decisions from `ita corrections --review-file`: rejected "
                         "pairs are never applied, accepted ones skip the threshold")
    ex.add_argument("--dpi", type=int, default=DEFAULT_OCR_DPI,
                    help=f"resolution at which PDF pages are rendered for OCR (default {DEFAULT_OCR_DPI})")
    ex.add_argument("--page-timeout", type=float, default=DEFAULT_PAGE_TIMEOUT_SECONDS,
                    metavar="SECONDS", help="OCR time limit per page; a page over it is marked "
                                            "and the document is partial")
    ex.add_argument("--max-pages", type=_positive_int, default=DEFAULT_MAX_PAGES, metavar="N",
                    help=f"refuse PDFs with more pages than this (default {DEFAULT_MAX_PAGES})")
    ex.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                    help="run on an existing Dask distributed cluster (started with `dask "
                         "scheduler` and `dask worker`) instead of local processes")
    ex.add_argument("--retries", type=int, default=0, metavar="N",
                    help="with --scheduler: Dask retries of a task that raised (a task whose "
                         "worker dies is retried per the scheduler's allowed-failures)")
    ex.add_argument("--memory-limit", metavar="SIZE", default=None,
                    help="address space per local worker (e.g. 2GiB): a file that needs more "
                         "fails with a sentence and the batch goes on (default: no limit)")
    ex.add_argument("--quiet", "-q", action="store_true", help="no progress bar")

    co = sub.add_parser("corrections", help="the auditor's view of corrections.csv",
                        description="List corrections grouped by rule and by before→after pair "
                                    "with counts. With --review-file, write the pairs as a CSV "
                                    "whose decision column (accept/reject) `ita extract "
                                    "--review` reads back; decisions already in the file are kept.")
    co.add_argument("out", metavar="DIR", help="corpus folder")
    co.add_argument("--review-file", metavar="FILE", help="write/refresh the review CSV here")
    co.add_argument("--top", type=_positive_int, default=50, help="pairs to list (default 50)")

    su = sub.add_parser("summary", help="one-screen summary of a corpus folder")
    su.add_argument("out", metavar="DIR")
    _add_pages_parser(sub)
    _add_export_parser(sub)
    _add_review_parser(sub)
    return parser


def _check_out_dir(out: Path) -> str | None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"cannot create output folder {out}: {exc.strerror or exc}"
    if not os.access(out, os.W_OK):
        return f"output folder {out} is not writable"
    return None


def cmd_extract(args) -> int:
    out = Path(args.out)
    problem = _check_out_dir(out)
    if problem:
        print(f"ita: {problem}", file=sys.stderr)
        return ExitCode.USAGE
    if args.review and not Path(args.review).is_file():
        print(f"ita: review file {args.review} does not exist", file=sys.stderr)
        return ExitCode.USAGE
    try:
        memory_limit = parse_size(args.memory_limit) if args.memory_limit else 0
        settings = ConvertSettings(workers=args.workers or 0, memory_limit=memory_limit, ocr=not args.no_ocr,
                                   correct=not args.no_correct, ocr_dpi=args.dpi,
                                   page_timeout=args.page_timeout, force=args.force,
                                   scheduler=args.scheduler, retries=args.retries,
                                   max_pages=args.max_pages,
                                   review_file=str(Path(args.review).resolve()) if args.review else None)
    except ValueError as exc:
        print(f"ita: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    missing = [p for p in args.inputs if not Path(p).exists()]
    if missing and len(missing) == len(args.inputs):
        print(f"ita: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return ExitCode.USAGE
    progress = RichProgress() if (sys.stderr.isatty() and not args.quiet) else None
    try:
        result = convert_batch(args.inputs, out, settings, progress)
    except Exception as exc:  # review file problems and the like: usage, not a crash
        from pipelines.review import ReviewFileError

        if isinstance(exc, ReviewFileError):
            print(f"ita: {exc}", file=sys.stderr)
            return ExitCode.USAGE
        raise
    if not result.files:
        print("ita: no input files found (accepted: .pdf .tif .tiff .png .jpg .jpeg .txt .html .md)",
              file=sys.stderr)
        return ExitCode.USAGE
    _print_batch(result, out)
    return ExitCode.INPUT_FAILED if result.failed else ExitCode.OK


def _print_batch(result: BatchResult, out: Path) -> None:
    parts = ", ".join(f"{n} {s}" for s, n in sorted(result.counts.items()))
    pages = result.pages
    # (no "pages" here: that word marks the progress bar, which a non-terminal never gets)
    rate = f", {pages / (result.wall_seconds / 60):.0f} a minute" if result.wall_seconds and pages else ""
    print(f"ita: {result.files} file(s): {parts}; {pages} page(s) in "
          f"{result.wall_seconds:.1f} s{rate}; corpus in {out}", file=sys.stderr)
    for o in result.failed:
        print(f"  failed: {o.path}: {o.error}", file=sys.stderr)


def cmd_summary(args) -> int:
    from pipelines.summary import summary_text

    out = Path(args.out)
    if not (out / "manifest.csv").exists():
        print(f"ita: {out} holds no corpus (no manifest.csv)", file=sys.stderr)
        return ExitCode.USAGE
    print(summary_text(out))
    return ExitCode.OK


def cmd_corrections(args) -> int:
    from pipelines.review import summarize, write_review_template

    out = Path(args.out)
    if not (out / "corrections.csv").exists():
        print(f"ita: {out} holds no corrections.csv", file=sys.stderr)
        return ExitCode.USAGE
    by_rule, pairs = summarize(out)
    print(f"{sum(by_rule.values())} corrections in {out / 'corrections.csv'}")
    print("\nby rule:")
    for rule, n in by_rule.most_common():
        print(f"  {n:6d}  {rule}")
    print(f"\nby pair (top {min(args.top, len(pairs))} of {len(pairs)}):")
    print(f"  {'count':>6} {'docs':>4} {'score':>5}  rule: before → after")
    for p in pairs[: args.top]:
        print(f"  {p.count:6d} {p.documents:4d} {p.mean_score:5.2f}  {p.rule}: {p.before!r} → {p.after!r}")
    if args.review_file:
        path = Path(args.review_file)
        write_review_template(path, pairs, existing=path)
        print(f"\nreview file written: {path} (fill 'decision' with accept or reject, then "
              f"run `ita extract … --review {path} --force`)")
    return ExitCode.OK


# ---- ita pages: what the reader saw on each page, for any Thai document ---------------


def _add_pages_parser(sub) -> None:
    pa = sub.add_parser(
        "pages", help="write what was read on each page (any Thai PDF, scan or export)",
        description="For each input write DIR/<doc_id>.pages.json (pages with kind, confidence, "
                    "lines and tables with every cell's row, column, spans and box) and "
                    "DIR/<doc_id>.md (the repaired text, tables in Markdown); every repair is a "
                    "row of DIR/corrections.csv. Works on any Thai document, ITA or not. Exit "
                    "status: 0 all read, 1 some input failed, 2 bad usage.")
    pa.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders")
    pa.add_argument("--out", required=True, metavar="DIR", help="output folder (created)")
    pa.add_argument("--no-ocr", action="store_true", help="do not OCR pages without a usable text layer")
    pa.add_argument("--no-correct", action="store_true",
                    help="repair Unicode only; no OCR/lexicon spelling correction")
    pa.add_argument("--dpi", type=int, default=DEFAULT_OCR_DPI, help="OCR rendering resolution")


def cmd_pages(args) -> int:
    from pipelines.pages import run_pages

    out = Path(args.out)
    problem = _check_out_dir(out)
    if problem:
        print(f"ita: {problem}", file=sys.stderr)
        return ExitCode.USAGE
    missing = [p for p in args.inputs if not Path(p).exists()]
    if len(missing) == len(args.inputs):
        print(f"ita: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return ExitCode.USAGE
    try:
        settings = ConvertSettings(ocr=not args.no_ocr, correct=not args.no_correct, ocr_dpi=args.dpi)
    except ValueError as exc:
        print(f"ita: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    results = run_pages(args.inputs, out, settings)
    if not results:
        print("ita: no input files found", file=sys.stderr)
        return ExitCode.USAGE
    for r in results:
        if r.error:
            print(f"  failed: {r.path}: {r.error}", file=sys.stderr)
        else:
            print(f"{r.path}: {r.pages} pages -> {out / (r.doc_id + '.pages.json')}, "
                  f"{len(r.corrections)} corrections", file=sys.stderr)
    return ExitCode.INPUT_FAILED if any(r.error for r in results) else ExitCode.OK


def _is_corpus(out: Path) -> bool:
    """Whether `out` is a corpus folder `ita extract` wrote; says why not on stderr."""
    if (out / "documents").is_dir():
        return True
    print(f"ita: {out} holds no corpus (no documents/ folder)", file=sys.stderr)
    return False


# --- `ita export` (issue 12): the corpus as DuckDB tables/views and Parquet files ---------

def _add_export_parser(sub) -> None:
    ep = sub.add_parser("export", help="the corpus as DuckDB tables and views, or Parquet files",
                        description="Write the tables documents, measures, items, corrections and "
                                    "manifest of corpus folder OUT to a DuckDB file (with the views "
                                    "measures_by_org_fy, category_coverage_by_province, "
                                    "correction_rate_by_rule) and/or one DIR/<table>.parquet each.")
    ep.add_argument("out", metavar="OUT", help="corpus folder")
    ep.add_argument("--duckdb", metavar="FILE", help="DuckDB database to (re)write")
    ep.add_argument("--parquet", metavar="DIR", help="folder for <table>.parquet")


def cmd_export(args) -> int:
    from pipelines.export import corpus_tables, write_duckdb, write_parquet

    out = Path(args.out)
    if not _is_corpus(out):
        return ExitCode.USAGE
    if not (args.duckdb or args.parquet):
        print("ita: say where to export: --duckdb FILE and/or --parquet DIR", file=sys.stderr)
        return ExitCode.USAGE
    frames = corpus_tables(out)
    if args.duckdb:
        write_duckdb(frames, Path(args.duckdb))
    if args.parquet:
        write_parquet(frames, Path(args.parquet))
    print("ita: exported " + ", ".join(f"{len(df)} {name}" for name, df in frames.items()),
          file=sys.stderr)
    return ExitCode.OK


# --- `ita review` (issue 12): the auditor's static offline review site --------------------

def _add_review_parser(sub) -> None:
    rp = sub.add_parser("review", help="write a static offline review site into OUT/review/",
                        description="Index of documents, failures and corrections by rule with "
                                    "charts; a page per document with page images, detected cells, "
                                    "measures and each correction with its crop; accept/reject and "
                                    "a download of review.csv for `ita extract --review`.")
    rp.add_argument("out", metavar="OUT", help="corpus folder")


def cmd_review(args) -> int:
    from pipelines.review_site import build_site

    out = Path(args.out)
    if not _is_corpus(out):
        return ExitCode.USAGE
    site = build_site(out)
    print(f"ita: review site in {site / 'index.html'}", file=sys.stderr)
    return ExitCode.OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handlers = {"extract": cmd_extract, "summary": cmd_summary, "corrections": cmd_corrections,
                "pages": cmd_pages, "export": cmd_export, "review": cmd_review}
    return int(handlers[args.command](args))


if __name__ == "__main__":
    sys.exit(main())
