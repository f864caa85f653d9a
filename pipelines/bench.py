"""`make bench`: speed and memory of the scanned path, printed as figures.

1. Converts the scanned samples with `ita extract` (all cores) and, over the same page
   images, runs plain full-page `tesseract IMAGE - -l tha` one page at a time; prints both
   wall times, their ratio (goal ≤ 1.0), pages per minute and peak RSS.
2. Converts a long scanned PDF (default 200 pages, built from the sample scans) and prints
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--long-pages", type=int, default=200)
    parser.add_argument("--skip-long", action="store_true")
    parser.add_argument("--dpi", type=int, default=None, help="OCR resolution (default: ita's)")
    args = parser.parse_args(argv)

    from pipelines.settings import DEFAULT_OCR_DPI, default_workers

    dpi = args.dpi or DEFAULT_OCR_DPI
    if not shutil.which("tesseract"):
        print("bench: tesseract is missing (apt-get install tesseract-ocr tesseract-ocr-tha)")
        return 2
    scans = sorted(p for p in SCANS.iterdir() if p.is_file())
    ita = [sys.executable, "-m", "pipelines.cli"]
    with tempfile.TemporaryDirectory(prefix="ita-bench-") as tmp:
        tmp = Path(tmp)
        (tmp / "pages").mkdir()
        images = page_images(scans, tmp / "pages", dpi)
        print(f"bench: {len(scans)} scanned sample(s), {len(images)} page(s), "
              f"{default_workers()} core(s), OCR at {dpi} DPI")

        def plain_tesseract(env: dict[str, str] | None = None) -> tuple[float, int]:
            started, top = time.perf_counter(), 0
            for image in images:
                _, peak, _ = run_measured(["tesseract", str(image), "-", "-l", "tha"], env=env)
                top = max(top, peak)
            return time.perf_counter() - started, top

        plain, plain_peak = plain_tesseract()
        # tesseract's own OpenMP threads fight over 2 cores; one thread is its fastest
        # per-page CPU, so it is the stricter baseline
        single, single_peak = plain_tesseract({**os.environ, "OMP_THREAD_LIMIT": "1"})

        ours, ours_peak, status = run_measured(
            ita + ["extract", *map(str, scans), "--out", str(tmp / "corpus"), "--force",
                   "--dpi", str(dpi), "-q"])
        n = len(images)
        print(f"plain full-page tesseract (one page at a time): {plain:8.1f} s  "
              f"{60 * n / plain:6.1f} pages/min  peak RSS {plain_peak / 2**20:7.0f} MiB")
        print(f"ita extract (structured, all cores):          {ours:8.1f} s  "
              f"{60 * n / ours:6.1f} pages/min  peak RSS {ours_peak / 2**20:7.0f} MiB"
              f"  (exit {status})")
        print(f"plain tesseract, OMP_THREAD_LIMIT=1:           {single:8.1f} s  "
              f"{60 * n / single:6.1f} pages/min  peak RSS {single_peak / 2**20:7.0f} MiB")
        print(f"ratio ita / plain tesseract: {ours / plain:.2f}  (goal <= 1.00); "
              f"against single-threaded tesseract: {ours / single:.2f}")

        if not args.skip_long:
            big = long_scan(scans, args.long_pages, tmp / "long-scan.pdf")
            seconds, peak, status = run_measured(
                ita + ["extract", str(big), "--out", str(tmp / "long"), "--force", "--dpi",
                       str(dpi), "-q"])
            print(f"long scan: {args.long_pages} pages in {seconds:.0f} s "
                  f"({60 * args.long_pages / seconds:.1f} pages/min), peak RSS "
                  f"{peak / GIB:.2f} GiB (goal < 1.50 GiB)  (exit {status})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
