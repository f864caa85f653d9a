"""The load-fast cache of lexicon-built values (`ita_core.disk_cache`): built once, read
back equal, rebuilt when the lexicons' version or the builders' code changes, safe with
workers that build at once, harmless when the folder is damaged or unwritable."""

from __future__ import annotations

import multiprocessing
import pickle

import pytest

from ita_core import disk_cache
from ita_core.disk_cache import cache_path, cached


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv(disk_cache.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


class Builder:
    def __init__(self, value):
        self.value, self.calls = value, 0

    def __call__(self):
        self.calls += 1
        return self.value


def test_built_once_then_read_back(folder):
    build = Builder({"ก": 1, "ข": 2})
    assert cached("words", "v1", build) == {"ก": 1, "ข": 2}
    assert cached("words", "v1", build) == {"ก": 1, "ข": 2}
    assert build.calls == 1
    assert [p.name for p in folder.iterdir()] == [cache_path("words", "v1").name]


def test_a_new_version_is_rebuilt_and_the_stale_file_removed(folder):
    cached("words", "v1", Builder(["old"]))
    build = Builder(["new"])
    assert cached("words", "v2", build) == ["new"] and build.calls == 1
    assert not cache_path("words", "v1").exists() and cache_path("words", "v2").exists()
    assert cached("words-more", "v1", Builder(1)) == 1  # another name's file stays
    assert cache_path("words", "v2").exists()


def test_a_damaged_file_is_rebuilt(folder):
    cached("words", "v1", Builder([1]))
    cache_path("words", "v1").write_bytes(b"not a pickle")
    build = Builder([2])
    assert cached("words", "v1", build) == [2] and build.calls == 1
    with open(cache_path("words", "v1"), "rb") as fh:
        assert pickle.load(fh) == [2]


def test_unwritable_folder_or_off_only_builds(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv(disk_cache.CACHE_ENV, str(blocker / "cache"))
    build = Builder(7)
    assert cached("x", "v", build) == 7 and cached("x", "v", build) == 7 and build.calls == 2
    monkeypatch.setenv(disk_cache.CACHE_ENV, "off")
    assert cache_path("x", "v") is None
    assert cached("x", "v", build) == 7 and build.calls == 3


def _worker(args):
    folder, n = args
    import os

    os.environ[disk_cache.CACHE_ENV] = folder
    return disk_cache.cached("shared", "v1", lambda: list(range(n)))


def test_workers_building_at_once_each_get_it_and_leave_one_whole_file(folder):
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(4) as pool:
        results = pool.map(_worker, [(str(folder), 200_000)] * 8)
    assert all(r == list(range(200_000)) for r in results)
    assert [p.name for p in folder.iterdir()] == [cache_path("shared", "v1").name]
    with open(cache_path("shared", "v1"), "rb") as fh:
        assert pickle.load(fh) == list(range(200_000))


def test_lexicon_values_are_keyed_on_the_lexicon_version(folder, monkeypatch):
    from normalize import lexicon

    lexicon.build_version.cache_clear()
    try:
        before = lexicon.build_version()
        monkeypatch.setattr(lexicon, "lexicon_version", lambda: "data-other;pythainlp-0")
        lexicon.build_version.cache_clear()
        after = lexicon.build_version()
        assert before != after
        assert cache_path("lexicon-base-lexicon", before) != cache_path("lexicon-base-lexicon", after)
        build = Builder(frozenset({"คำ"}))
        assert lexicon.cached_build("base-lexicon", build) == frozenset({"คำ"})
        assert build.calls == 1 and cache_path("lexicon-base-lexicon", after).exists()
    finally:
        lexicon.build_version.cache_clear()


def test_cached_base_lexicon_equals_a_fresh_build(folder):
    from normalize import lexicon

    words, freq = lexicon._build_base_lexicon()
    lexicon.base_lexicon.cache_clear()
    try:
        first = lexicon.base_lexicon()  # built and stored
        lexicon.base_lexicon.cache_clear()
        second = lexicon.base_lexicon()  # read from the file
        assert cache_path("lexicon-base-lexicon", lexicon.build_version()).exists()
        assert first.words == second.words == words
        assert dict(first.freq) == dict(second.freq) == freq
        assert list(second.freq) == list(freq)  # the same order too
    finally:
        lexicon.base_lexicon.cache_clear()


def test_cached_default_trie_tokenizes_as_newmms_own_dictionary(folder):
    from pathlib import Path

    from pythainlp.tokenize import word_tokenize

    from ita_core import trie

    text = (Path(__file__).resolve().parent.parent / "samples" / "export"
            / "na-mong-2566-export.txt").read_text(encoding="utf-8")[:6000]
    trie.dictionary_trie.cache_clear()
    try:
        trie.dictionary_trie()  # built and stored
        trie.dictionary_trie.cache_clear()
        loaded = trie.dictionary_trie()  # read back
        assert list(folder.glob("newmm-default-trie-*.pickle"))
        for line in text.splitlines():
            assert (word_tokenize(line, engine="newmm", custom_dict=loaded, keep_whitespace=False)
                    == word_tokenize(line, engine="newmm", keep_whitespace=False))
    finally:
        trie.dictionary_trie.cache_clear()
