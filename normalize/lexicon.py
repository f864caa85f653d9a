"""The word lists spelling correction trusts, each with a version the audit log records.

Four sources, all read offline: PyThaiNLP's dictionaries and word frequencies (shipped
inside the package), the ITA domain lexicon and phrase list in `normalize/data/` (built
from what real ITA plans and reports say), the gazetteer's place names (geothai), and the
names of the document's own organization (passed in per document, never cached).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Iterable, Mapping, TypeVar

from ita_core.disk_cache import cached, source_version
from ita_core.thai import THAI_BLOCK

T = TypeVar("T")

LEXICON_FILE = "ita_lexicon.txt"
PHRASE_FILE = "ita_phrases.txt"
_VERSION_LINE = re.compile(r"^#\s*version:\s*(\S+)\s*$")
_THAI = re.compile(f"[{THAI_BLOCK}]")
# Corpus counts include OCR debris ("ถิน" 7, "ดัย" 30); below this a frequency-list entry
# that no dictionary has is not trusted as a word.
MIN_TRUSTED_FREQ = 100


@dataclass(frozen=True, slots=True)
class DataFile:
    """One shipped list: its entries in file order and its version string."""

    name: str
    version: str
    entries: tuple[str, ...]


def _parse(name: str, text: str) -> DataFile:
    version = ""
    entries: list[str] = []
    seen: set[str] = set()
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            m = _VERSION_LINE.match(line)
            if m:
                version = m.group(1)
            continue
        if line not in seen:
            seen.add(line)
            entries.append(line)
    if not version:
        raise ValueError(f"{name} has no '# version:' line")
    return DataFile(name, version, tuple(entries))


@cache
def _data_file(name: str) -> DataFile:
    text = files("normalize").joinpath("data", name).read_text(encoding="utf-8")
    return _parse(name, text)


def ita_words() -> tuple[str, ...]:
    """The ITA domain lexicon: unit names, org kinds, positions, NACC terms, months."""
    return _data_file(LEXICON_FILE).entries


def ita_phrases() -> tuple[str, ...]:
    """Standard ITA/NACC phrases: measure titles, indicator names, set wording."""
    return _data_file(PHRASE_FILE).entries


@cache
def place_names() -> frozenset[str]:
    """Every Thai province, district and subdistrict name in the gazetteer."""
    import geothai

    from normalize.gazetteer import all_districts, all_subdistricts

    names = {p.name_th for p in geothai.provinces()}
    names.update(d.name_th for d in all_districts())
    names.update(s.name_th for s in all_subdistricts())
    return frozenset(names)


@cache
def compound_frequencies() -> Mapping[str, int]:
    """Word counts from Phupha (Common Crawl, shipped in PyThaiNLP): its segmentation keeps
    compounds whole (จัดซื้อ, ต่ำกว่า, เข้าร่วม) that TNC/TTC count only in parts, so it
    tells whether two words read side by side are one known word."""
    return MappingProxyType(cached_build("compound-frequencies", _build_compound_frequencies))


def _build_compound_frequencies() -> dict[str, int]:
    from pythainlp.corpus import phupha

    return {w: int(n) for w, n in phupha.word_freqs() if _THAI.search(w)}


@cache
def lexicon_version() -> str:
    """One string naming every source, written into the audit log with each correction."""
    import geothai
    import pythainlp

    return "+".join([
        _data_file(LEXICON_FILE).version,
        _data_file(PHRASE_FILE).version,
        f"pythainlp-{pythainlp.__version__}",  # its word lists and the Phupha counts
        f"geothai-{geothai.DATA_VERSION}",
    ])


@dataclass(frozen=True)
class Lexicon:
    """Words that count as valid, their corpus frequencies and the phrase list."""

    words: frozenset[str]
    freq: Mapping[str, int]
    phrases: tuple[str, ...]
    version: str

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def frequency(self, word: str) -> int:
        return self.freq.get(word, 0)


def _phrase_words(phrases: Iterable[str]) -> set[str]:
    # A phrase's own space-free runs are valid words: "ประมวลจริยธรรมของข้าราชการ" must
    # never be "corrected" because it is one token of a longer phrase.
    out: set[str] = set()
    for p in phrases:
        out.add(p)
        out.update(part for part in p.split() if part)
    return out


@cache
def base_lexicon() -> Lexicon:
    """PyThaiNLP's dictionaries and names, TNC/TTC frequencies, ITA lists, place names."""
    words, freq = cached_build("base-lexicon", _build_base_lexicon)
    return Lexicon(words, MappingProxyType(freq), ita_phrases(), lexicon_version())


def _build_base_lexicon() -> tuple[frozenset[str], dict[str, int]]:
    from pythainlp.corpus import (
        thai_family_names,
        thai_female_names,
        thai_male_names,
        thai_orst_words,
        thai_volubilis_words,
        thai_words,
    )
    from pythainlp.corpus import tnc, ttc

    freq: dict[str, int] = {}
    for source in (tnc.word_freqs(), ttc.word_freqs()):
        for word, n in source:
            if _THAI.search(word):
                freq[word] = freq.get(word, 0) + int(n)
    words: set[str] = set(thai_words())
    words.update(thai_orst_words())
    words.update(thai_volubilis_words())
    words.update(thai_male_names())
    words.update(thai_female_names())
    words.update(thai_family_names())
    words.update(w for w, n in freq.items() if n >= MIN_TRUSTED_FREQ)
    words.update(ita_words())
    words.update(_phrase_words(ita_phrases()))
    words.update(place_names())
    return frozenset(words), freq


@cache
def build_version() -> str:
    """What the word sets and tries built from the lexicons depend on: the lexicons'
    version and the source of the code that builds them (every module of `normalize`
    and `ita_core`, so no builder's change is missed)."""
    import ita_core

    here = Path(__file__).resolve().parent
    sources = sorted([*here.rglob("*.py"), *Path(ita_core.__file__).resolve().parent.rglob("*.py")])
    return f"{lexicon_version()};code-{source_version(*sources)}"


def cached_build(name: str, build: Callable[[], T]) -> T:
    """`build()` of a value made from the lexicons, loaded from the disk cache when this
    version of it was built before (`ita_core.disk_cache`)."""
    return cached(f"lexicon-{name}", build_version(), build)


def document_lexicon(names: Iterable[str]) -> Lexicon:
    """The base lexicon plus one document's own names (its organization, its places)."""
    base = base_lexicon()
    extra = {n.strip() for n in names if n and n.strip()} - base.words
    if not extra:
        return base
    return Lexicon(base.words | frozenset(extra), base.freq, base.phrases, base.version)
