"""The batch on a real Dask cluster: a LocalCluster with 2 worker processes started here.

Its corpus must equal the local pool's document for document (timings aside); a second run
skips every file; a task that kills its worker fails its document, not the batch.
"""
import csv
import json
import os
from pathlib import Path

import pytest

from pipelines.batch import convert_batch
from pipelines.settings import ConvertSettings

# dask and distributed are imported inside the tests, not at collection: a test process that
# has imported them forks pool workers that crash on some bad inputs (tests/test_bad_pdfs.py)


def _rows(out: Path) -> dict[str, dict]:
    with open(out / "manifest.csv", encoding="utf-8-sig", newline="") as fh:
        return {Path(r["path"]).name: r for r in csv.DictReader(fh)}


def _docs(out: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text("utf-8")) for p in (out / "documents").glob("*.json")}


@pytest.fixture(scope="module")
def cluster():
    import dask
    import distributed

    # a task that kills its worker twice is given up; one task per worker thread at a time,
    # so a dying worker takes no queued innocent task down with it
    with dask.config.set({"distributed.scheduler.allowed-failures": 1,
                          "distributed.scheduler.worker-saturation": 1.0}):
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None, host="127.0.0.1",
                                      memory_limit="2GiB") as c:
            yield c


@pytest.fixture()
def inputs(tmp_path, seed_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"doc{i}.txt").write_bytes(seed_path.read_bytes() + b"\n" * i)
    return folder


def test_the_cluster_writes_the_local_pools_corpus(cluster, inputs, tmp_path):
    local, remote = tmp_path / "local", tmp_path / "remote"
    convert_batch([inputs], local, ConvertSettings(workers=2))
    convert_batch([inputs], remote, ConvertSettings(scheduler=cluster.scheduler_address))
    assert _docs(local) == _docs(remote) and len(_docs(local)) == 3
    strip = lambda rows: {k: {c: v for c, v in r.items() if c != "seconds"} for k, r in rows.items()}
    assert strip(_rows(local)) == strip(_rows(remote))
    for name in ("measures.csv", "corrections.csv"):
        assert (local / name).read_bytes() == (remote / name).read_bytes()
    convert_batch([inputs], remote, ConvertSettings(scheduler=cluster.scheduler_address))
    assert {r["status"] for r in _rows(remote).values()} == {"skipped"}


def _die_on_doc1(dask_worker):
    """Installed on each worker: reading doc1.txt kills the worker process."""
    from pipelines import jobs

    real = jobs.read_text_job

    def dying(path):
        if Path(path).name == "doc1.txt":
            os._exit(3)  # like a segfault in a native library
        return real(path)

    jobs.read_text_job = dying


def test_a_task_that_kills_its_worker_fails_only_its_document(cluster, inputs, tmp_path):
    import distributed

    class _KillerPlugin(distributed.WorkerPlugin):
        def setup(self, worker):
            _die_on_doc1(worker)

    out = tmp_path / "out"
    with distributed.Client(cluster.scheduler_address) as client:
        client.register_plugin(_KillerPlugin(), name="killer")
        try:
            result = convert_batch([inputs], out, ConvertSettings(scheduler=cluster.scheduler_address))
        finally:
            client.unregister_worker_plugin("killer")
    rows = _rows(out)
    assert rows["doc1.txt"]["status"] == "failed" and "crashed" in rows["doc1.txt"]["error"]
    assert rows["doc0.txt"]["status"] == rows["doc2.txt"]["status"] == "ok"
    assert len(result.failed) == 1 and len(_docs(out)) == 2


def test_a_worker_under_dasks_trim_setting_gets_glibcs_thresholds_back():
    import subprocess
    import sys

    code = "from pipelines.dask_exec import tune_malloc; print(tune_malloc())"
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_TRIM_THRESHOLD_"}
    plain = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    dask_set = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env={**env, "MALLOC_TRIM_THRESHOLD_": "65536"})
    assert plain.stdout.strip() == "False"
    assert dask_set.stdout.strip() == "True"
