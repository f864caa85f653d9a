"""A Python API for notebooks: convert reports, load the corpus as pandas DataFrames.

    from pipelines.api import convert, load_corpus
    result = convert(["samples/pdf"], "out", workers=2)
    tables = load_corpus("out")
    tables["measures"].groupby("fiscal_year").size()
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pandas as pd

from pipelines.batch import BatchResult, convert_batch
from pipelines.export import corpus_tables
from pipelines.settings import ConvertSettings


def convert(inputs: str | Path | Iterable[str | Path], out: str | Path, **settings) -> BatchResult:
    """`ita extract INPUT... --out OUT` from Python; `settings` are ConvertSettings fields
    (workers, ocr, correct, ocr_dpi, page_timeout, force, review_file)."""
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    return convert_batch([str(p) for p in inputs], out, ConvertSettings(**settings), None)


def load_corpus(out: str | Path) -> dict[str, pd.DataFrame]:
    """The tables documents, measures, items, corrections, manifest as DataFrames."""
    return corpus_tables(Path(out))
