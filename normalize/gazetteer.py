"""The organization of a report, resolved against Thailand's gazetteer (geothai).

Mentions of the organization, district and province are gathered from the memo and cover
("เทศบาลตำบลนาม่วง อำเภอกุศุดบาก จังหวัดสกลนคร", "ต.นาม่อง อ.กุดบาก จ.สกลนคร") and resolved
top-down: province among the 77, district among that province's, subdistrict among that
district's, so OCR-damaged names land on the one official spelling that fits them all. A
mention that fits nothing closely enough is left unresolved (None), never guessed.

`logged_organization` applies the resolution's fixes (mention → official spelling) through
the one rules loop (`normalize.rules.apply_rules`), so each is a `gazetteer.<level>` row of
`corrections.csv` and an auditor's rejected pair is dropped like any other correction.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

import geothai
from rapidfuzz.distance import OSA

from ita_core.model import Organization
from ita_core.thai import THAI_LETTERS
from normalize.rules import AuditLog, Edit, Review, Rule, apply_rules

GAZETTEER_VERSION = f"geothai {geothai.DATA_VERSION}"
MIN_SIMILARITY = 0.55  # OSA similarity to accept a fuzzy place match among a few candidates
MIN_MARGIN = 0.1  # over the runner-up, so an ambiguous mention stays unresolved

ORG_KINDS = {
    "องค์การบริหารส่วนตำบล": "องค์การบริหารส่วนตำบล",
    "องค์การบริหารส่วนจังหวัด": "องค์การบริหารส่วนจังหวัด",
    "เทศบาลนคร": "เทศบาลนคร",
    "เทศบาลเมือง": "เทศบาลเมือง",
    "เทศบาลตำบล": "เทศบาลตำบล",
    "อบต.": "องค์การบริหารส่วนตำบล",
    "อบต": "องค์การบริหารส่วนตำบล",
    "ทต.": "เทศบาลตำบล",
}
_KIND_ALT = "|".join(sorted(map(re.escape, ORG_KINDS), key=len, reverse=True))
_NAME = rf"([{THAI_LETTERS}]+(?:\s?[{THAI_LETTERS}]+)?)"
ORG_RX = re.compile(rf"(?<!ปลัด)(?<!นายก)({_KIND_ALT})\s*([{THAI_LETTERS}]+)")
DISTRICT_RX = re.compile(rf"(?:อำเภอ|อ\s*\.)\s*([{THAI_LETTERS}]+)")
PROVINCE_RX = re.compile(rf"(?:จังหวัด|จ\s*\.)\s*([{THAI_LETTERS}]+)")
SUBDISTRICT_RX = re.compile(rf"(?<!เทศบาล)(?:ตำบล|ต\s*\.)\s*([{THAI_LETTERS}]+)")


@dataclass(frozen=True, slots=True)
class PlaceFix:
    """A mention resolved to a different official spelling (for the audit log)."""

    level: str  # subdistrict | district | province
    before: str
    after: str
    score: float


@dataclass(frozen=True, slots=True)
class Resolution:
    organization: Organization
    fixes: tuple[PlaceFix, ...]
    mentioned_name: str | None  # the organization name as most often written


def _similarity(a: str, b: str) -> float:
    # OSA: a swapped pair of characters (บกา for บาก) is one OCR slip, not two
    return OSA.normalized_similarity(a, b)


def _best(mention: str, names: list[str]) -> tuple[str | None, float]:
    scored = sorted(((_similarity(mention, n), n) for n in names), reverse=True)
    if not scored:
        return None, 0.0
    top, name = scored[0]
    runner = scored[1][0] if len(scored) > 1 else 0.0
    if top >= 1.0 or (top >= MIN_SIMILARITY and top - runner >= MIN_MARGIN):
        return name, top
    return None, top


@lru_cache(maxsize=1)
def _provinces() -> dict[str, geothai.Province]:
    return {p.name_th: p for p in geothai.provinces()}


@lru_cache(maxsize=1)
def all_districts() -> tuple[geothai.District, ...]:
    """Every district, by province code then district code, from geothai's public API
    (it has no public "all districts" call: each province's, in turn)."""
    return tuple(d for p in geothai.provinces() for d in geothai.districts(p.code))


@lru_cache(maxsize=1)
def all_subdistricts() -> tuple[geothai.Subdistrict, ...]:
    """Every subdistrict, in the same order, from geothai's public API."""
    return tuple(s for d in all_districts() for s in geothai.subdistricts(d.code))


def _vote(mentions: list[str], names: list[str]) -> tuple[str | None, float, list[str]]:
    """The official name most mentions resolve to, its mean score, and the mentions."""
    votes: Counter[str] = Counter()
    scores: dict[str, list[float]] = {}
    for m in mentions:
        name, score = _best(m, names)
        if name:
            votes[name] += 1
            scores.setdefault(name, []).append(score)
    if not votes:
        return None, 0.0, []
    name = max(votes, key=lambda n: (votes[n], sum(scores[n])))
    return name, sum(scores[name]) / len(scores[name]), mentions


def _clean(token: str) -> str:
    return token.strip(" .,:;()")


def resolve_organization(lines: list[str]) -> Resolution:
    """Resolve the report's organization from its running text (memo, cover, titles)."""
    text = "\n".join(lines)
    orgs = [(ORG_KINDS[k], _clean(n)) for k, n in ORG_RX.findall(text)]
    districts = [_clean(d) for d in DISTRICT_RX.findall(text)]
    provinces = [_clean(p) for p in PROVINCE_RX.findall(text)]
    subdistricts = [_clean(s) for s in SUBDISTRICT_RX.findall(text)]
    fixes: list[PlaceFix] = []

    province_name, p_score, _ = _vote(provinces, list(_provinces()))
    province = _provinces().get(province_name) if province_name else None
    district_pool = geothai.districts(province.code) if province else []
    district_names = [d.name_th for d in district_pool]
    district_name, d_score, _ = _vote(districts, district_names)
    district = next((d for d in district_pool if d.name_th == district_name), None)

    if district:
        sub_pool = geothai.subdistricts(district.code)
    elif province:
        sub_pool = [s for d in district_pool for s in geothai.subdistricts(d.code)]
    else:
        sub_pool = []
    place_mentions = [n for _, n in orgs] + subdistricts
    sub_names = [s.name_th for s in sub_pool]
    sub_name, s_score, _ = _vote(place_mentions, sub_names) if sub_pool else (None, 0.0, [])
    if not sub_pool and place_mentions:
        # no district or province in the text: accept only a unique exact gazetteer match
        exact = geothai.match(Counter(place_mentions).most_common(1)[0][0])
        if len(exact) == 1:
            a = exact[0]
            sub_name, s_score = a.subdistrict.name_th, 1.0
            sub_pool = [a.subdistrict]
            district, province = a.district, a.province
    subdistrict = next((s for s in sub_pool if s.name_th == sub_name), None)
    if subdistrict and not district:
        address = geothai.address(subdistrict.code)
        district, province = address.district, address.province

    kinds = Counter(k for k, _ in orgs)
    kind = kinds.most_common(1)[0][0] if kinds else None
    mentioned = Counter(f"{k}{n}" for k, n in orgs).most_common(1)
    mentioned_name = mentioned[0][0] if mentioned else None
    name = None
    if kind and subdistrict:
        name = f"{kind}{subdistrict.name_th}"
    elif kind and orgs:
        name = mentioned_name

    for level, mentions, official, score in (
        ("subdistrict", place_mentions, subdistrict.name_th if subdistrict else None, s_score),
        ("district", districts, district.name_th if district else None, d_score),
        ("province", provinces, province.name_th if province else None, p_score),
    ):
        if official is None:
            continue
        for before in sorted(set(mentions)):
            if before != official and _similarity(before, official) >= MIN_SIMILARITY:
                fixes.append(PlaceFix(level, before, official, round(score, 3)))

    org = Organization(
        name=name, kind=kind,
        subdistrict=subdistrict.name_th if subdistrict else None,
        district=district.name_th if district else None,
        province=province.name_th if province else None,
        geocode=subdistrict.code if subdistrict else None,
    )
    return Resolution(organization=org, fixes=tuple(fixes), mentioned_name=mentioned_name)


LEVELS = ("province", "district", "subdistrict")  # top-down, as resolved
# what a rejected fix at a level leaves unknown: that level and those resolved from it
_BELOW = {"province": ("province", "district", "subdistrict", "geocode"),
          "district": ("district", "subdistrict", "geocode"),
          "subdistrict": ("subdistrict", "geocode")}


def place_rule(name: str, before: str, after: str, score: float) -> Rule:
    """A gazetteer fix as a rule of the loop: the mention as written → the official name."""
    def find(text: str) -> list[Edit]:
        return [Edit(0, len(text), after, score)] if text == before else []
    return Rule(name, find)


def _planned_fixes(resolution: Resolution) -> list[tuple[str, str, PlaceFix]]:
    """(level, where, fix) for every change the resolution makes, in log order: the
    organization name first (it stands for its subdistrict), then the places."""
    org = resolution.organization
    out: list[tuple[str, str, PlaceFix]] = []
    named = bool(resolution.mentioned_name and org.name and resolution.mentioned_name != org.name)
    if named:
        score = next((f.score for f in resolution.fixes if f.level == "subdistrict"), 1.0)
        out.append(("subdistrict", "organization",
                    PlaceFix("subdistrict", resolution.mentioned_name, org.name, score)))
    for fix in resolution.fixes:
        if fix.level == "subdistrict" and named:
            continue  # already logged as the organization name
        out.append((fix.level, f"organization.{fix.level}", fix))
    return out


def logged_organization(resolution: Resolution, *, log: AuditLog,
                        review: Review | None = None) -> Organization:
    """The resolved organization with every fix applied through the rules loop and logged.

    Levels are applied top-down, as they were resolved: a rejected fix leaves its level
    unknown (None, never the misspelling: the contract wants official names) and with it
    every level resolved from it and the geocode; the organization name is then the one
    as written, as when the gazetteer resolves no subdistrict. Fixes at or below a
    rejected level do not apply, so they leave no row.
    """
    planned = _planned_fixes(resolution)
    applied: dict[int, AuditLog] = {}
    dropped: set[str] = set()
    for level in LEVELS:
        mine = [i for i, (lv, _, _) in enumerate(planned) if lv == level]
        for i in mine:
            _, where, fix = planned[i]
            rule = place_rule(f"gazetteer.{fix.level}", fix.before, fix.after, fix.score)
            applied[i] = AuditLog()
            if apply_rules(fix.before, [rule], where=where, log=applied[i],
                           review=review) != fix.after:
                dropped.update(_BELOW[level])
        if dropped:
            for i in mine:
                applied.pop(i)  # the level is unknown: none of its fixes stands
            break
    for i in sorted(applied):  # the log keeps the order of `planned`
        log.corrections.extend(applied[i].corrections)
    if not dropped:
        return resolution.organization
    return replace(resolution.organization, name=resolution.mentioned_name,
                   **{f: None for f in dropped})
