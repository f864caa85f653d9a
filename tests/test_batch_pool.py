"""The local pool at archive scale: the client only writes (no lexicons loaded there), the
longest documents go first, and a worker memory limit fails the one file that blows it."""
import json
import resource
import subprocess
import sys
from pathlib import Path

from pipelines import jobs
from pipelines.batch import convert_batch
from pipelines.settings import ConvertSettings, parse_size
from pipelines.writers import read_csv

ROOT = Path(__file__).resolve().parent.parent
BORN_DIGITAL = ROOT / "samples" / "pdf" / "s08-dontan-results-2568.pdf"


def manifest(out: Path) -> dict[str, dict]:
    return {Path(r["path"]).name: r for r in read_csv(out / "manifest.csv")}


def test_the_client_loads_no_lexicon_when_workers_do_the_work(tmp_path, seed_path):
    # a fresh interpreter: this test process may have loaded the lexicons for other tests
    script = f"""
import json, sys
from pathlib import Path
from pipelines.batch import convert_batch
from pipelines.settings import ConvertSettings
from normalize import lexicon
result = convert_batch([Path({str(seed_path)!r})], Path({str(tmp_path / 'out')!r}),
                       ConvertSettings(workers=2))
print(json.dumps({{"status": result.outcomes[0].status,
                  "base": lexicon.base_lexicon.cache_info().currsize,
                  "places": lexicon.place_names.cache_info().currsize,
                  "distributed": "distributed" in sys.modules}}))
"""
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stdout.strip().splitlines()[-1])
    assert seen == {"status": "ok", "base": 0, "places": 0, "distributed": False}


def test_the_longest_documents_go_first(tmp_path, seed_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-export.txt").write_bytes(seed_path.read_bytes())
    (folder / "b-born-digital.pdf").write_bytes(BORN_DIGITAL.read_bytes())
    # padded past the bytes per page of a scan: planned as one, read as the text layer it is
    (folder / "c-heavy.pdf").write_bytes(BORN_DIGITAL.read_bytes() + b"\n%" + b"x" * 300_000 + b"\n")
    result = convert_batch([folder], tmp_path / "out", ConvertSettings(workers=1))
    order = [Path(o.path).name for o in result.outcomes]  # one worker: the order they ran in
    assert order == ["c-heavy.pdf", "b-born-digital.pdf", "a-export.txt"]
    assert {o.status for o in result.outcomes} == {"ok"}


def test_a_file_over_the_memory_limit_fails_alone_and_the_batch_goes_on(tmp_path, seed_path,
                                                                         monkeypatch):
    real = jobs.read_text_job

    def hungry_reader(path):
        if Path(path).name == "hog.txt":
            hoard = [bytearray(64 << 20) for _ in range(48)]  # 3 GiB, 64 MiB at a time
            del hoard
        return real(path)

    monkeypatch.setattr(jobs, "read_text_job", hungry_reader)  # the workers are forked
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "hog.txt").write_bytes(seed_path.read_bytes() + b"\n")
    for i in range(3):
        (folder / f"good{i}.txt").write_bytes(seed_path.read_bytes() + b"\n" * (i + 2))
    limit = parse_size("1.5GiB")  # a text export's worker peaks near 0.5 GiB of address space
    out = tmp_path / "out"
    soft_before = resource.getrlimit(resource.RLIMIT_AS)
    # one worker: the limit still applies in a pool worker, never to this process
    result = convert_batch([folder], out, ConvertSettings(workers=1, memory_limit=limit))
    assert resource.getrlimit(resource.RLIMIT_AS) == soft_before
    rows = manifest(out)
    assert rows["hog.txt"]["status"] == "failed"
    assert rows["hog.txt"]["error"] == ("the document needs more memory than the limit of "
                                        "1.5 GiB per worker (--memory-limit); it was not converted")
    # the same worker went on with the next files
    assert [rows[f"good{i}.txt"]["status"] for i in range(3)] == ["ok"] * 3
    assert len(result.failed) == 1


def test_memory_limit_sizes_read_as_dask_spells_them():
    assert parse_size("2GiB") == 2 << 30
    assert parse_size("1.5 GB") == 1_500_000_000
    assert parse_size("800MiB") == 800 << 20
    assert parse_size("123") == 123
    for bad in ("lots", "2 GiBs", "-1GB"):
        try:
            parse_size(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} was accepted")


def test_a_bad_memory_limit_is_a_usage_error(tmp_path, seed_path, capsys):
    from pipelines.cli import main

    out = str(tmp_path / "out")
    assert main(["extract", str(seed_path), "--out", out, "--memory-limit", "lots", "-q"]) == 2
    assert "not a size" in capsys.readouterr().err
    # on a cluster the workers' own --memory-limit applies; ita does not pretend to set it
    assert main(["extract", str(seed_path), "--out", out, "--memory-limit", "2GiB",
                 "--scheduler", "tcp://127.0.0.1:1", "-q"]) == 2
    assert "dask worker --memory-limit" in capsys.readouterr().err
