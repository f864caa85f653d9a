"""Crash safety: a batch killed with SIGKILL at random moments (the client, or one of its
pool workers) and run again ends with the corpus of a clean run: every document once, no
temporary or half-written file, manifest and documents consistent.

Cheap inputs (40 small OCR text exports, no spelling correction) keep it to about a minute
on a shared 2-core machine; the kill moments are drawn from a seeded RNG and printed.
"""
import csv
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).parent.parent
DOCS = 40
KILLS = 20


def _run(inp: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipelines.cli", "extract", str(inp), "--out",
                             str(out), "--workers", "2", "--no-correct", "-q"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)  # its own group: the pool dies with it


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(x) for x in text.split()]


def _state(out: Path):
    docs = {p.name: json.loads(p.read_text("utf-8")) for p in (out / "documents").glob("*.json")}
    with open(out / "manifest.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {r["path"]: {**{k: v for k, v in r.items() if k != "seconds"},
                            # a file finished by an earlier, killed run is `skipped` in the last
                            "status": "ok" if r["status"] == "skipped" else r["status"]}
                for r in csv.DictReader(fh)}
    return docs, rows, (out / "measures.csv").read_bytes(), (out / "corrections.csv").read_bytes()


def test_random_kills_and_resumes_end_with_a_clean_runs_corpus(tmp_path, seed_path):
    inp = tmp_path / "in"
    inp.mkdir()
    seed = seed_path.read_bytes()
    for i in range(DOCS):
        (inp / f"d{i:02d}.txt").write_bytes(seed + b" " * i + b"\n")  # 40 distinct doc_ids
    clean = tmp_path / "clean"
    assert _run(inp, clean).wait(timeout=300) == 0

    out = tmp_path / "out"
    rng = random.Random(11)
    moments = []
    for k in range(KILLS):
        proc = _run(inp, out)
        delay = rng.uniform(0.3, 3.5)
        time.sleep(delay)
        target = "client"
        if k % 2 and _children(proc.pid):  # every other time first a pool worker, then the client
            os.kill(rng.choice(_children(proc.pid)), signal.SIGKILL)
            target = "worker+client"
            time.sleep(rng.uniform(0.1, 1.0))
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # it finished first
        proc.wait(timeout=60)
        moments.append(f"{target}@{delay:.2f}s")
    print("kills:", ", ".join(moments))
    assert _run(inp, out).wait(timeout=300) == 0

    docs, rows, measures, corrections = _state(out)
    assert (docs, rows, measures, corrections) == _state(clean)
    assert len(docs) == DOCS and all(r["status"] == "ok" for r in rows.values())
    assert {r["doc_id"] + ".json" for r in rows.values()} == set(docs)
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
