"""newmm's word tries: `FrozenTrie` and `dictionary_trie` live in `ita_core.trie` (the
text layer's quality check tokenizes with them too); imported here for the rules."""

from __future__ import annotations

from ita_core.trie import FrozenTrie, dictionary_trie

__all__ = ["FrozenTrie", "dictionary_trie"]
