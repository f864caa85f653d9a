"""`make bench`: speed and memory against what a user would run instead, as figures.

Back to back on the same machine (timings are wall seconds and noisy on a shared CPU):

1. Start-up: `ita extract` on one small text export; the wall time minus the file's own
   time (manifest `seconds`) is the time before the first file's work starts. The file's
   own time is split by stage too (loading the lexicons is part of its `correction`).
2. Scans: over the same page images, plain full-page `tesseract IMAGE - -l tha`, one
   process per core with `OMP_THREAD_LIMIT=1` (how OCRmyPDF runs it), then `ita extract`
   on the scanned samples; prints both, the ratio ita / baseline (goal <= 1.0) and the
   table of where ita's time went (OUT/stats.jsonl). `--serial-baseline` adds the old,
   slow figure: one page at a time with tesseract's default threading.
3. Born-digital: `ita extract` on samples/pdf, samples/lo, samples/pdf-pua, then
   pdfplumber's own `extract_tables()` + `extract_text()` on every page of the same files
   with as many processes, in three rounds; prints each round, the median ratio (goal
   <= 2.0) and the stage table.
4. Memory: a long scanned PDF (default 200 pages, built from the sample scans); prints
   its peak RSS (goal < 1.5 GiB: pages are streamed, never all rasterised at once).

Peak RSS is the largest sum of resident memory over the whole process tree (the CLI and
its workers), sampled every 0.1 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCANS = ROOT / "samples" / "scan"
BORN_DIGITAL = [ROOT / "samples" / d for d in ("pdf", "lo", "pdf-pua")]
STARTUP_INPUT = ROOT / "samples" / "export" / "na-mong-2566-export.txt"
GIB = 1024 ** 3


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            ppid = int(fields[1])
            with open(f"/proc/{entry}/statm") as fh:
                rss[int(entry)] = int(fh.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0)
        stack.extend(children.get(p, []))
    return total


def run_measured(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int, int]:
    """Run a command; return wall seconds, peak tree RSS in bytes, exit status."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env=env)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    stop.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        print(err[-2000:], file=sys.stderr)
    return time.perf_counter() - started, peak, proc.returncode


def page_images(scans: list[Path], folder: Path, dpi: int) -> list[Path]:
    """The page images the OCR path sees: PDFs rendered at `dpi`, image files as they are."""
    from extract.raster import iter_page_images

    out = []
    for scan in scans:
        for page in iter_page_images(scan, dpi=dpi):
            path = folder / f"{scan.stem}-{page.page_number:03d}.png"
            page.image.save(path, dpi=(page.dpi, page.dpi))
            out.append(path)
    return out


def long_scan(scans: list[Path], pages: int, path: Path) -> Path:
    """A long image-only PDF made of the sample scan pages repeated."""
    import pypdfium2 as pdfium

    sources = [pdfium.PdfDocument(str(s)) for s in scans if s.suffix.lower() == ".pdf"]
    out = pdfium.PdfDocument.new()
    k = 0
    while len(out) < pages:
        src = sources[k % len(sources)]
        take = min(len(src), pages - len(out))
        out.import_pages(src, list(range(take)))
        k += 1
    out.save(str(path))
    return path


def _plumber_chunk(path: str, pages: list[int]) -> int:
    """pdfplumber's own reading of some pages: tables and text, as a user would call it."""
    import pdfplumber

    n = 0
    with pdfplumber.open(path) as pdf:
        for number in pages:
            page = pdf.pages[number - 1]
            page.extract_tables()
            page.extract_text()
            page.close()
            n += 1
    return n


def plumber_baseline(paths: list[str], workers: int, chunk: int) -> int:
    """Every page of `paths` through pdfplumber, in `workers` processes, `chunk` pages a job
    (as ita splits a PDF)."""
    import concurrent.futures as cf

    import pypdfium2 as pdfium

    jobs = []
    for path in paths:
        count = len(pdfium.PdfDocument(path))
        jobs += [(path, list(range(s, min(s + chunk, count + 1))))
                 for s in range(1, count + 1, chunk)]
    with cf.ProcessPoolExecutor(max_workers=workers) as pool:
        done = sum(pool.map(_plumber_chunk, *zip(*jobs)))
    print(done)
    return 0


def _stats(out: Path) -> list[dict]:
    from pipelines.stats import read_stats

    return read_stats(out)


PAGE_STAGE_ORDER = ("rasterise", "text_layer", "text_export", "prepare", "orientation",
                    "deskew+grid", "unruled", "ocr", "digit_reread", "text_outside", "other")
DOC_STAGE_ORDER = ("assembly", "metadata", "gazetteer", "correction", "other")


def stage_table(rows: list[dict], title: str) -> None:
    """Where the time went: page stages summed over every page (worker seconds, so on N
    cores they add up to about N × wall), then document stages (the parent process)."""
    from pipelines.stats import stage_totals

    pages, docs = stage_totals(rows)
    print(f"  where the time goes ({title}; seconds summed over pages / documents):")
    for label, totals, order in (("page", pages, PAGE_STAGE_ORDER),
                                 ("document", docs, DOC_STAGE_ORDER)):
        total = sum(totals.values())
        names = [n for n in order if n in totals] + sorted(set(totals) - set(order))
        for name in names:
            share = 100 * totals[name] / total if total else 0.0
            print(f"    {label:8s} {name:14s} {totals[name]:8.2f} s  {share:5.1f} %")
        print(f"    {label:8s} {'total':14s} {total:8.2f} s")


def bench_startup(ita: list[str], tmp: Path) -> None:
    """1. start-up: from process start to the first file's work, on one small input."""
    out = tmp / "startup"
    launched = time.time()
    wall, _, status = run_measured(ita + ["extract", str(STARTUP_INPUT), "--out", str(out),
                                          "--force", "-q"])
    rows = _stats(out)
    if rows:
        first, last = rows[0]["started_at"], rows[-1]["finished_at"]
        print(f"start-up: {first - launched:.2f} s from process start to the first file's "
              f"work (goal <= 1.50 s); the file itself ({STARTUP_INPUT.name}, "
              f"{STARTUP_INPUT.stat().st_size // 1024} KB) {rows[0]['seconds']:.2f} s; "
              f"after it, writing the tables and exiting {launched + wall - last:.2f} s; "
              f"{wall:.2f} s in all  (exit {status})")
        print("  that file's own time by stage: " + ", ".join(
            f"{k} {v:.2f} s" for k, v in rows[0]["document"].items()))


def bench_scans(ita: list[str], tmp: Path, scans: list[Path], *, dpi: int, workers: int,
                serial_baseline: bool) -> None:
    """2. scans: ita against plain parallel tesseract over the same page images."""
    (tmp / "pages").mkdir()
    images = page_images(scans, tmp / "pages", dpi)
    n = len(images)
    listing = tmp / "pages.txt"
    listing.write_text("".join(f"{p}\n" for p in images), encoding="utf-8")
    print(f"scans: {len(scans)} scanned sample(s), {n} page(s), OCR at {dpi} DPI")
    one_thread = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    # OCRmyPDF-style: one tesseract process per core, one thread each
    base, base_peak, _ = run_measured(
        ["xargs", "-a", str(listing), "-d", "\n", "-P", str(workers), "-I{}",
         "tesseract", "{}", "-", "-l", "tha"], env=one_thread)
    out = tmp / "scan-corpus"
    ours, ours_peak, status = run_measured(
        ita + ["extract", *map(str, scans), "--out", str(out), "--force",
               "--dpi", str(dpi), "-q"])
    print(f"  plain tesseract -l tha, {workers} processes, OMP_THREAD_LIMIT=1: "
          f"{base:7.1f} s  {60 * n / base:6.1f} pages/min  "
          f"peak RSS {base_peak / 2**20:6.0f} MiB")
    print(f"  ita extract (structured, {workers} workers):               "
          f"{ours:7.1f} s  {60 * n / ours:6.1f} pages/min  "
          f"peak RSS {ours_peak / 2**20:6.0f} MiB  (exit {status})")
    if serial_baseline:
        started, top = time.perf_counter(), 0
        for image in images:
            _, peak, _ = run_measured(["tesseract", str(image), "-", "-l", "tha"])
            top = max(top, peak)
        serial = time.perf_counter() - started
        print(f"  (old baseline) tesseract one page at a time, default threads: "
              f"{serial:7.1f} s  {60 * n / serial:6.1f} pages/min  "
              f"peak RSS {top / 2**20:6.0f} MiB; ita / it: {ours / serial:.2f}")
    print(f"  scan ratio ita / parallel tesseract: {ours / base:.2f}  "
          f"(goal <= 1.00, moonshot 0.70)")
    stage_table(_stats(out), "scans")


BORN_DIGITAL_ROUNDS = 3  # seconds each: rounds, paired back to back, take out the noise


def bench_born_digital(ita: list[str], tmp: Path, *, workers: int,
                       rounds: int = BORN_DIGITAL_ROUNDS) -> None:
    """3. born-digital: ita against pdfplumber's own table and text extraction, in
    `rounds` pairs run back to back (ita, then the baseline); the ratio is the median of
    the pairs' ratios, so a burst of load on a shared CPU moves one pair, not the figure."""
    pdfs = sorted(str(p) for d in BORN_DIGITAL for p in d.iterdir()
                  if p.suffix.lower() == ".pdf")
    out = tmp / "born-digital"
    pairs = []
    for _ in range(max(1, rounds)):
        ours, ours_peak, status = run_measured(ita + ["extract", *pdfs, "--out", str(out),
                                                      "--force", "-q"])
        base, base_peak, base_status = run_measured(
            [sys.executable, "-m", "pipelines.bench", "--plumber-baseline", *pdfs])
        pairs.append((ours, base))
    rows = _stats(out)
    pages = [p for r in rows for p in r["pages"]]
    ocred = sum(p["kind"] == "ocr" for p in pages)
    ratios = sorted(o / b for o, b in pairs)
    print(f"born-digital: {len(pdfs)} PDF(s), {len(pages)} page(s)"
          + (f" ({ocred} OCR'd: no usable text layer)" if ocred else "")
          + f"; {len(pairs)} round(s), each ita then the baseline")
    print(f"  pdfplumber extract_tables() + extract_text(), {workers} processes: "
          + " ".join(f"{b:5.1f} s" for _, b in pairs)
          + f"  peak RSS {base_peak / 2**20:6.0f} MiB  (exit {base_status})")
    print(f"  ita extract ({workers} workers):                                "
          + " ".join(f"{o:5.1f} s" for o, _ in pairs)
          + f"  peak RSS {ours_peak / 2**20:6.0f} MiB  (exit {status})")
    print(f"  born-digital ratio ita / pdfplumber: {ratios[len(ratios) // 2]:.2f}, the median "
          f"of {', '.join(f'{r:.2f}' for r in ratios)}  (goal <= 2.00)")
    stage_table(rows, "born-digital")


def bench_long_scan(ita: list[str], tmp: Path, scans: list[Path], *, pages: int,
                    dpi: int) -> None:
    """4. memory on a long scan."""
    big = long_scan(scans, pages, tmp / "long-scan.pdf")
    seconds, peak, status = run_measured(
        ita + ["extract", str(big), "--out", str(tmp / "long"), "--force", "--dpi",
               str(dpi), "-q"])
    print(f"long scan: {pages} pages in {seconds:.0f} s "
          f"({60 * pages / seconds:.1f} pages/min), peak RSS "
          f"{peak / GIB:.2f} GiB (goal < 1.50 GiB)  (exit {status})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--long-pages", type=int, default=200)
    parser.add_argument("--skip-long", action="store_true")
    parser.add_argument("--skip-scans", action="store_true")
    parser.add_argument("--skip-born-digital", action="store_true")
    parser.add_argument("--serial-baseline", action="store_true",
                        help="also time the old baseline: tesseract one page at a time with "
                             "its default threading (slow)")
    parser.add_argument("--dpi", type=int, default=None, help="OCR resolution (default: ita's)")
    parser.add_argument("--plumber-baseline", nargs="+", metavar="PDF", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    from pipelines.settings import DEFAULT_OCR_DPI, ConvertSettings, default_workers

    workers = default_workers()
    chunk = ConvertSettings().pages_per_job
    if args.plumber_baseline:  # the child process of the born-digital baseline
        return plumber_baseline(args.plumber_baseline, workers, chunk)

    dpi = args.dpi or DEFAULT_OCR_DPI
    if not shutil.which("tesseract"):
        print("bench: tesseract is missing (apt-get install tesseract-ocr tesseract-ocr-tha)")
        return 2
    ita = [sys.executable, "-m", "pipelines.cli"]
    print(f"bench: {workers} core(s); wall seconds, noisy when the CPU is shared")
    with tempfile.TemporaryDirectory(prefix="ita-bench-") as tmp:
        tmp = Path(tmp)
        bench_startup(ita, tmp)
        scans = sorted(p for p in SCANS.iterdir() if p.is_file())
        if not args.skip_scans:
            bench_scans(ita, tmp, scans, dpi=dpi, workers=workers,
                        serial_baseline=args.serial_baseline)
        if not args.skip_born_digital:
            bench_born_digital(ita, tmp, workers=workers)
        if not args.skip_long:
            bench_long_scan(ita, tmp, scans, pages=args.long_pages, dpi=dpi)
    return 0


if __name__ == "__main__":
    sys.exit(main())
