"""Settings of a conversion run: one frozen, validated object, written into every output."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

from ita_core.thai import OCR_DPI as DEFAULT_OCR_DPI
from ita_core.thai import PAGE_TIMEOUT_SECONDS as DEFAULT_PAGE_TIMEOUT_SECONDS

DEFAULT_MAX_PAGES = 2000  # a PDF longer than this is refused (a 10,000-page file is no report)
DEFAULT_PAGES_PER_JOB = 16  # text-layer pages are cheap: many per job amortise opening the PDF


_UNITS = {"": 1, "b": 1, "k": 1000, "kb": 1000, "kib": 1 << 10, "m": 1000**2, "mb": 1000**2,
          "mib": 1 << 20, "g": 1000**3, "gb": 1000**3, "gib": 1 << 30, "t": 1000**4,
          "tb": 1000**4, "tib": 1 << 40}


def parse_size(text: str) -> int:
    """'2GiB', '1.5 GB', '800MiB', '500000000' → bytes (Dask's spelling of sizes)."""
    import re

    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*([a-zA-Z]*)\s*", text)
    if not match or match.group(2).lower() not in _UNITS:
        raise ValueError(f"not a size: {text!r} (e.g. 2GiB, 1.5GB, 800MiB)")
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class ConvertSettings:
    workers: int = 0  # 0: one per core
    ocr: bool = True  # OCR pages without a usable text layer (else they are only flagged)
    correct: bool = True  # OCR/lexicon correction after the Unicode repair
    ocr_dpi: int = DEFAULT_OCR_DPI
    page_timeout: float = DEFAULT_PAGE_TIMEOUT_SECONDS
    pages_per_job: int = DEFAULT_PAGES_PER_JOB
    force: bool = False  # convert again even when the output is up to date
    review_file: str | None = None
    scheduler: str | None = None  # a Dask scheduler address: run there instead of locally
    max_pages: int = DEFAULT_MAX_PAGES
    retries: int = 0  # Dask task retries (errors a task raises; worker deaths: allowed-failures)
    # an extract.grid_finder.GridFinder for OCR'd pages; None: production's ruling-line grid
    grid_finder: object | None = None
    memory_limit: int = 0  # bytes of address space per local worker (0: no limit)

    def __post_init__(self) -> None:
        if self.workers < 0:
            raise ValueError("workers must be 0 (one per core) or more")
        if not 72 <= self.ocr_dpi <= 600:
            raise ValueError("ocr_dpi must be between 72 and 600")
        if self.page_timeout <= 0:
            raise ValueError("page_timeout must be positive")
        if self.max_pages < 1:
            raise ValueError("max_pages must be at least 1")
        if self.retries < 0:
            raise ValueError("retries must be 0 or more")
        if self.memory_limit < 0:
            raise ValueError("memory_limit must be 0 (none) or a number of bytes")
        if self.memory_limit and self.scheduler:
            raise ValueError("--memory-limit is for the local pool; on a cluster, start the "
                             "workers with `dask worker --memory-limit`")
        if self.pages_per_job < 1:
            raise ValueError("pages_per_job must be at least 1")

    @property
    def effective_workers(self) -> int:
        return self.workers or default_workers()

    def fingerprint(self) -> tuple[tuple[str, str], ...]:
        """What changes the output (not how fast it is made): recorded in each document."""
        skip = {"workers", "force", "pages_per_job", "review_file", "scheduler", "retries",
                "max_pages", "memory_limit",  # only decide whether a file fails; failed files are not kept
                "grid_finder"}  # recorded by name below, only when it is not production's
        out = [(f.name, str(getattr(self, f.name))) for f in fields(self) if f.name not in skip]
        if self.grid_finder is not None:
            out.append(("grid_finder", str(getattr(self.grid_finder, "name", self.grid_finder))))
        if self.review_file:
            # the decisions, not the file's name, decide the output
            import hashlib

            with open(self.review_file, "rb") as fh:
                out.append(("review_sha256", hashlib.sha256(fh.read()).hexdigest()))
        # the code, the lexicons and tesseract with its model decide the output too
        from pipelines.versions import versions

        out.extend(versions().items())
        return tuple(out)
