"""Honest incremental runs: a document is up to date only for the same file, settings, code,
lexicons and tesseract; the manifest's seconds are each file's own; the run log has wall time."""
import json
from pathlib import Path

from pipelines import versions
from pipelines.batch import convert_batch
from pipelines.settings import ConvertSettings
from pipelines.writers import read_csv


def _rows(out: Path) -> dict[str, dict]:
    return {Path(r["path"]).name: r for r in read_csv(out / "manifest.csv")}


def _two_inputs(tmp_path: Path, seed_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(seed_path.read_bytes())
    (folder / "b.txt").write_bytes(seed_path.read_bytes() + b"\n")
    return folder


def test_versions_are_recorded_and_a_rerun_skips(tmp_path, seed_path):
    folder, out = _two_inputs(tmp_path, seed_path), tmp_path / "out"
    convert_batch([folder], out, ConvertSettings(workers=1))
    [doc, _] = sorted((out / "documents").glob("*.json"))
    settings = json.loads(doc.read_text("utf-8"))["settings"]
    assert settings["code_version"].startswith("0.") and "+" in settings["code_version"]
    assert "pythainlp-" in settings["lexicon_version"] and "data-" in settings["lexicon_version"]
    assert settings["tesseract_version"].startswith("tesseract-")
    convert_batch([folder], out, ConvertSettings(workers=1))
    assert {r["status"] for r in _rows(out).values()} == {"skipped"}
    convert_batch([folder], out, ConvertSettings(workers=1, force=True))
    assert {r["status"] for r in _rows(out).values()} == {"ok"}


def test_a_lexicon_version_bump_makes_the_document_stale(tmp_path, seed_path, monkeypatch):
    folder, out = _two_inputs(tmp_path, seed_path), tmp_path / "out"
    convert_batch([folder], out, ConvertSettings(workers=1))
    real = versions._package_version
    monkeypatch.setattr(versions, "_package_version",
                        lambda name: "99.0" if name == "pythainlp" else real(name))
    versions.lexicon_version.cache_clear()
    try:
        convert_batch([folder], out, ConvertSettings(workers=1))
        assert {r["status"] for r in _rows(out).values()} == {"ok"}
        [doc, _] = sorted((out / "documents").glob("*.json"))
        assert "pythainlp-99.0" in json.loads(doc.read_text("utf-8"))["settings"]["lexicon_version"]
    finally:
        versions.lexicon_version.cache_clear()


def test_a_lexicon_data_edit_makes_the_document_stale(tmp_path, seed_path, monkeypatch):
    folder, out = _two_inputs(tmp_path, seed_path), tmp_path / "out"
    convert_batch([folder], out, ConvertSettings(workers=1))
    extra = tmp_path / "extra.txt"
    extra.write_text("คำใหม่\n", encoding="utf-8")
    real = versions.lexicon_files()
    monkeypatch.setattr(versions, "ROOT", Path("/"))  # so the extra file hashes by its path
    monkeypatch.setattr(versions, "lexicon_files", lambda: real + [extra])
    versions.lexicon_version.cache_clear()
    try:
        convert_batch([folder], out, ConvertSettings(workers=1))
        assert {r["status"] for r in _rows(out).values()} == {"ok"}
    finally:
        versions.lexicon_version.cache_clear()


def test_manifest_seconds_are_each_files_own_and_the_run_log_has_wall_time(tmp_path, seed_path,
                                                                          monkeypatch):
    import time

    from pipelines import jobs

    real = jobs.read_text_job

    def slow_for_a(path):
        if Path(path).name == "a.txt":
            time.sleep(1.0)
        return real(path)

    monkeypatch.setattr(jobs, "read_text_job", slow_for_a)
    folder, out = _two_inputs(tmp_path, seed_path), tmp_path / "out"
    convert_batch([folder], out, ConvertSettings(workers=1))  # a.txt runs first, then b.txt
    rows = _rows(out)
    assert float(rows["a.txt"]["seconds"]) >= 1.0
    # b.txt waited for a.txt's second but its own time excludes it
    assert float(rows["b.txt"]["seconds"]) < float(rows["a.txt"]["seconds"]) - 0.5
    [entry] = [json.loads(line) for line in (out / "runs.jsonl").read_text("utf-8").splitlines()]
    assert entry["wall_seconds"] >= 1.0 and entry["files"] == 2 and entry["counts"] == {"ok": 2}
