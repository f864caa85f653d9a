"""Word tries for pythainlp's newmm tokenizer that build fast, and load fast.

newmm asks its dictionary one question: which words start at this position of the text
(`Trie.prefixes`). `FrozenTrie` answers it from a MARISA trie (`marisa-trie`), with the
same answers as pythainlp's node-per-letter `Trie` of the same words; it builds in a fraction
of the time and pickles as one block of bytes, so `dictionary_trie` (newmm's default
dictionary) is read from the disk cache (`ita_core.disk_cache`) by every process after
the first. Here, not in `normalize`, because the text layer's quality check (extract)
tokenizes with newmm's default dictionary too.
"""

from __future__ import annotations

from functools import cache
from typing import Iterable, Iterator

import marisa_trie
from pythainlp.util import Trie

from ita_core.disk_cache import cached, source_version


class FrozenTrie(Trie):
    """pythainlp's `Trie` for newmm, answered from a MARISA trie (`marisa-trie`): the same
    answers as a `Trie` of the same words, built in a fraction of its time, and pickled as
    one block of bytes, so loading it from the disk cache creates no object per word (a
    pickled set of the words and their prefixes took 0.07-0.13 s per process to load;
    this takes under a millisecond) and its prefix walk runs in C. Read-only."""

    def __init__(self, words: Iterable[str]) -> None:  # noqa: super() would build nodes
        keys = {w.strip() for w in words}
        keys.discard("")
        self._trie = marisa_trie.Trie(keys)
        self._longest = max(map(len, keys), default=0)

    def add(self, word: str) -> None:
        raise TypeError("a FrozenTrie is read-only")

    def remove(self, word: str) -> None:
        raise TypeError("a FrozenTrie is read-only")

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        # shortest first, as the node trie lists them; no word is longer than _longest
        return self._trie.prefixes(text[start:start + self._longest])

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._trie

    def __iter__(self) -> Iterator[str]:
        return iter(self._trie.keys())

    def __len__(self) -> int:
        return len(self._trie)

    def __getstate__(self) -> tuple[bytes, int]:
        return self._trie.tobytes(), self._longest

    def __setstate__(self, state: tuple[bytes, int]) -> None:
        data, self._longest = state
        self._trie = marisa_trie.Trie().frombytes(data)


@cache
def dictionary_trie() -> Trie:
    """PyThaiNLP's default newmm dictionary (`thai_words()`), as a `FrozenTrie`: pass it as
    `custom_dict` for the same tokens as newmm's default, without building its trie.
    Kept in the disk cache under PyThaiNLP's version (its word list ships inside it)."""
    import pythainlp

    version = f"pythainlp-{pythainlp.__version__};code-{source_version(__file__)}"
    return cached("newmm-default-trie", version, _build_dictionary_trie)


def _build_dictionary_trie() -> Trie:
    from pythainlp.corpus import thai_words

    return FrozenTrie(thai_words())
