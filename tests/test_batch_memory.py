"""A long batch in flat memory: the client keeps no state of a written document, and no
outcome in memory but the failed ones (the rest are spooled to disk); a text-layer PDF is
read in as few jobs as its pages allow, each page once."""
import gc
from pathlib import Path

from pipelines import batch_pool
from pipelines.batch import Progress, _DocState, convert_batch
from pipelines.inputs import sniff
from pipelines.outcomes import FileOutcome
from pipelines.settings import DEFAULT_PAGES_PER_JOB, ConvertSettings
from pipelines.writers import read_csv

ROOT = Path(__file__).resolve().parent.parent
LONG_BORN_DIGITAL = ROOT / "samples" / "pdf" / "s01-namong-results-2566.pdf"  # 10 pages


def _live(cls) -> int:
    return sum(1 for o in gc.get_objects() if type(o) is cls)


class _Census(Progress):
    """Counts, as each file is done, the documents' states and outcomes still alive."""

    def __init__(self) -> None:
        self.states: list[int] = []
        self.outcomes: list[int] = []

    def file_done(self, outcome) -> None:
        gc.collect()
        self.states.append(_live(_DocState))
        self.outcomes.append(_live(FileOutcome))


def _copies(folder: Path, source: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):  # trailing newlines: distinct bytes, the same report
        (folder / f"{i:02d}-{source.name}").write_bytes(source.read_bytes() + b"\n" * (i + 1))
    (folder / "zz-unreadable.pdf").write_bytes(b"not a pdf")


def test_a_written_document_leaves_nothing_behind_in_the_client(tmp_path, seed_path, monkeypatch):
    monkeypatch.setattr(batch_pool, "PLAN_WINDOW", 3)
    census = _Census()
    _copies(tmp_path / "in", seed_path, 12)
    convert_batch([tmp_path / "in"], tmp_path / "out", ConvertSettings(workers=1, correct=False),
                  census)
    assert len(census.states) == 13
    # documents are planned a window at a time: never all 12 states at once, but a
    # window's, the one being read (twice: the client's, and the one its in-process
    # "worker" reads the pages into) and what is left of the window before
    assert max(census.states) <= 6, census.states
    # at the last file only its own state is alive, and its outcome besides the failed
    # file's (the others are on disk)
    assert census.states[-1] <= 2, census.states
    assert census.outcomes[-1] <= 3, census.outcomes


def test_tallies_and_the_manifest_match_the_spooled_outcomes(tmp_path, seed_path):
    _copies(tmp_path / "in", seed_path, 3)
    result = convert_batch([tmp_path / "in"], tmp_path / "out",
                           ConvertSettings(workers=1, correct=False))
    outcomes = result.outcomes
    assert result.files == len(outcomes) == 4
    assert result.counts == {"ok": 3, "failed": 1}
    assert [o.path for o in result.failed] == [str(tmp_path / "in" / "zz-unreadable.pdf")]
    assert result.pages == sum(o.pages for o in outcomes) > 0
    rows = read_csv(tmp_path / "out" / "manifest.csv")
    assert sorted(r["path"] for r in rows) == sorted(o.path for o in outcomes)
    assert sorted(r["sha256"] for r in rows) == sorted(o.sha256 for o in outcomes)
    # a second run skips every converted file and keeps one manifest row per file
    again = convert_batch([tmp_path / "in"], tmp_path / "out",
                          ConvertSettings(workers=1, correct=False))
    assert again.counts == {"skipped": 3, "failed": 1}
    assert len(read_csv(tmp_path / "out" / "manifest.csv")) == 4


def test_a_text_layer_pdf_is_read_in_one_job_each_page_once(tmp_path, monkeypatch):
    from extract import pdf

    read = []
    real = pdf.read_page
    monkeypatch.setattr(pdf, "read_page", lambda page, number, *a, **k:
                        read.append(number) or real(page, number, *a, **k))
    state = _DocState(input=sniff(LONG_BORN_DIGITAL),
                      outcome=FileOutcome(path=str(LONG_BORN_DIGITAL)), started=0.0)
    planned = batch_pool._plan(state, ConvertSettings())
    assert state.page_total == 10 <= DEFAULT_PAGES_PER_JOB
    assert len(planned) == 1
    result = convert_batch([LONG_BORN_DIGITAL], tmp_path / "out",
                           ConvertSettings(workers=1, correct=False))
    assert result.counts == {"ok": 1}
    # a job split inside a table re-reads the pages before it for the columns (_carry_in):
    # one job reads each page exactly once
    assert sorted(read) == list(range(1, 11))
