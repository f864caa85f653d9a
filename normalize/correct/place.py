from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Sequence

import geothai

from normalize.gazetteer import all_districts, all_subdistricts
from normalize.lexicon import base_lexicon, cached_build, place_names
from normalize.rules import resolve
from normalize.correct.context import Proposal, TextContext, by_score
from normalize.correct.context import CorrectionContext, clip, overlaps
from normalize.correct.distance import MARKS, prefix_costs
from normalize.correct.phrase import phrase_proposals



# --- gazetteer.place --------------------------------------------------------------------

_ORG_PREFIX = re.compile(r"^(?:เทศบาลตำบล|เทศบาลเมือง|เทศบาลนคร|องค์การบริหารส่วนตำบล|"
                         r"องค์การบริหารส่วนจังหวัด|อบต\.?|ทต\.?|ทม\.?)\s*")
_MARKERS = (
    ("subdistrict", re.compile(r"(?:ตำบล|ต\.(?![ก-๛]\.)|อบต\.|ทต\.)[ \t]?(?=[ก-๛])")),
    ("district", re.compile(r"(?:อำเภอ|อ\.(?![ก-๛]\.))[ \t]?(?=[ก-๛])")),
    ("province", re.compile(r"(?:จังหวัด|จ\.(?![ก-๛]\.))[ \t]?(?=[ก-๛])")),
)
_NAME_RUN = re.compile(r"[ก-๛]+")
PLACE_OWN_BONUS = 0.1


def strip_org_prefix(name: str) -> str:
    """An organization's name less its kind ("เทศบาลตำบลนาม่อง" → "นาม่อง")."""
    return _ORG_PREFIX.sub("", name)


@dataclass(frozen=True)
class Area:
    """The names a place marker may be followed by in this document, per level."""

    valid: dict[str, frozenset[str]]
    candidates: dict[str, tuple[str, ...]]
    own: frozenset[str]


def area_of(context: CorrectionContext) -> Area:

    provinces = {p.name_th for p in geothai.provinces()}
    prov = next((p for p in geothai.provinces()
                 if context.province and p.name_th == context.province.strip()), None)
    dists = [d for d in all_districts()
             if (prov is None or d.province_code == prov.code)]
    dist = next((d for d in dists
                 if context.district and d.name_th == context.district.strip()), None)
    own = {n for n in (context.subdistrict, context.district, context.province) if n}
    own |= {_ORG_PREFIX.sub("", n).strip() for n in context.org_names if n}
    own.discard("")
    if dist is not None:
        subs = {s.name_th for s in geothai.subdistricts(dist.code)}
    elif prov is not None:
        subs = {s.name_th for s in all_subdistricts() if s.province_code == prov.code}
    else:
        subs = set()
    sub_c = subs | {n for n in own if n not in provinces}
    dist_c = {d.name_th for d in dists} if (prov is not None or dist is not None) else set()
    if context.district:
        dist_c.add(context.district)
    if dist is not None:
        dist_c = {dist.name_th} | {d.name_th for d in dists}
    valid = {
        # With no area known, any real place name stands as written.
        "subdistrict": frozenset(sub_c) if sub_c else place_names(),
        "district": frozenset(dist_c) if dist_c else place_names(),
        "province": frozenset(provinces),
    }
    candidates = {
        "subdistrict": tuple(sorted(sub_c)),
        "district": tuple(sorted(dist_c)),
        "province": tuple(sorted(provinces)),
    }
    return Area(valid, candidates, frozenset(own))


def _place_edits(text: str, area: Area,
                 protected: Sequence[tuple[int, int]]) -> list[Proposal]:
    out: list[Proposal] = []
    for level, rx in _MARKERS:
        names = area.candidates[level]
        if not names:
            continue
        for m in rx.finditer(text):
            p = m.end()
            run = _NAME_RUN.match(text, p)
            if run is None or overlaps(protected, p, run.end()):
                continue
            word = run.group(0)
            if any(word.startswith(v) for v in area.valid[level] if len(v) >= 2):
                continue
            if level == "subdistrict" and _elsewhere(text, run.end(), area):
                continue  # "ตำบลนาม่วง อำเภอประจักษ์ศิลปาคม": another area, named in full
            scored = []
            for name in names:
                options = [(cost + _leftover_cost(word[length:]), length)
                           for cost, length in prefix_costs(name, word)]
                if options:
                    cost, length = min(options)
                    scored.append((1.0 - cost / len(name), length, name))
            if not scored:
                continue
            scored.sort(reverse=True)
            sim, length, name = scored[0]
            sim2 = scored[1][0] if len(scored) > 1 else 0.0
            score = sim + 0.5 * max(0.0, sim - sim2) + (PLACE_OWN_BONUS if name in area.own
                                                         else 0.0)
            if sim < 0.5:
                continue
            before = text[p:p + length]
            out.append(Proposal(p, p + length, before, name, clip(min(score, 0.99))))
    return out


_DISTRICT_AFTER = re.compile(r"[ \t]*(?:อำเภอ|อ\.)[ \t]?([ก-๛]+)")


def _elsewhere(text: str, pos: int, area: Area) -> bool:
    """Whether the text names a real district outside the document's area right after."""
    m = _DISTRICT_AFTER.match(text, pos)
    if m is None or not area.candidates["district"]:
        return False
    name = m.group(1)
    if any(name.startswith(d) for d in area.valid["district"]):
        return False
    return any(name.startswith(d) for d in _district_names() if len(d) >= 3)


@cache
def _district_names() -> frozenset[str]:
    return frozenset(d.name_th for d in all_districts())


def _leftover_cost(rest: str) -> float:
    """What is left of a Thai run after a place name must start a word, or the match is off."""
    if not rest or rest.startswith(("อำเภอ", "จังหวัด", "ตำบล")):
        return 0.0
    if rest[0] in MARKS or rest[0] in "ะาำๆฯ" or rest[:2] not in _word_starts():
        return 5.0
    return 0.3


@cache
def _word_starts() -> frozenset[str]:
    """The first two letters of every lexicon word (from the disk cache: reading every
    word for them cost every process 0.03 s)."""
    return cached_build("word-starts", _build_word_starts)


def _build_word_starts() -> frozenset[str]:
    return frozenset(w[:2] for w in base_lexicon().words if len(w) >= 2)


NAME = "gazetteer.place"


def find(text: str, ctx: TextContext) -> list[Proposal]:
    """`gazetteer.place`: the organization's full name anywhere ("เทศบาลตำบสนาม่อง"), then
    bare place names after ตำบล/อำเภอ/จังหวัด outside the document's own area."""
    found = phrase_proposals(text, ctx.lex, ctx.doc.settings.min_phrase_chars, ctx.protected,
                          ctx.doc.org_names)
    found += _place_edits(text, ctx.doc.area, ctx.protected)
    return resolve(ctx.gate(found), by_score)


RULES = ((NAME, find),)
