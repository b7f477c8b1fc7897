"""Consortium builder: pick partners for a lead town so the group passes an EU call's rules.

Pure functions over typed inputs: the caller (API or CLI) supplies the lead, the call (see
matcher.calls) and a ranked candidate list from the matching service; nothing here touches the
database or the ranker. The builder walks the candidates in rank order and takes each one
unless taking it would make the call's country rules impossible to meet with the candidates
left; that look-ahead is exact, so it finds a passing consortium whenever one exists among the
candidates (tests/test_consortium.py checks this against brute force). Rules that cannot be met
are reported as failed checks with an explanation, never raised.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel, Field

from matcher.calls import Call
from matcher.results import Reason, TownRef

LOCAL_AUTHORITY_KINDS: frozenset[str] = frozenset({"gmina", "place"})
"""Town kinds taken to be municipalities: a Polish gmina is one; a GeoNames populated place is
taken to stand for the municipality that governs it (an assumption of our data, stated in the
check's detail)."""

MAX_SIZE = 30


class CandidateTown(BaseModel):
    """A town the builder may use, with its rank score and reasons relative to the lead."""

    town: TownRef
    kind: str = Field(default="place", description="'gmina' or 'place' (Town.kind)")
    score: float | None = None
    rank: int | None = None
    reasons: list[Reason] = Field(default_factory=list)


class RuleCheck(BaseModel):
    rule: str = Field(description="Rule key, e.g. 'min_countries'")
    passed: bool
    detail_en: str
    detail_pl: str


class ConsortiumMember(BaseModel):
    town: TownRef
    role: str = Field(description="'lead' or 'partner'")
    kind: str
    eu_member_state: bool
    score: float | None = None
    rank: int | None = None
    reasons: list[Reason] = Field(default_factory=list)
    why_en: str
    why_pl: str


class ConsortiumResult(BaseModel):
    """A proposed consortium (lead first), each rule checked, and a summary in EN and PL."""

    call: str
    call_version: int
    call_name_en: str
    call_name_pl: str
    countries_version: str = Field(description="Eligible-country list id and version used")
    lead: TownRef
    size_requested: int
    members: list[ConsortiumMember]
    checks: list[RuleCheck]
    passed: bool
    explanation_en: str
    explanation_pl: str
    notes_en: list[str] = Field(default_factory=list, description="Call rules not checked here")
    notes_pl: list[str] = Field(default_factory=list)


# --- checking -------------------------------------------------------------------------------


def _codes(codes: set[str] | frozenset[str]) -> str:
    return ", ".join(sorted(codes)) or "-"


def check_consortium(
    call: Call, lead: CandidateTown, partners: Sequence[CandidateTown]
) -> list[RuleCheck]:
    """Every composition rule of ``call`` checked for the lead plus ``partners``."""
    rules, lists = call.rules, call.countries
    everyone = [lead, *partners]
    n = len(everyone)
    eligible = lists.eligible_codes
    checks: list[RuleCheck] = []

    ids = [m.town.id for m in everyone]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    checks.append(
        RuleCheck(
            rule="distinct_towns",
            passed=not dupes,
            detail_en=(
                "Each town appears once."
                if not dupes
                else f"Towns listed more than once: {', '.join(dupes)}."
            ),
            detail_pl=(
                "Każde miasto występuje raz."
                if not dupes
                else f"Miasta podane więcej niż raz: {', '.join(dupes)}."
            ),
        )
    )

    outside = [m for m in everyone if m.town.country_code not in eligible]
    conditional = {m.town.country_code for m in everyone} & lists.conditional_codes
    list_en = f"list {lists.id}, version {lists.version}"
    list_pl = f"lista {lists.id}, wersja {lists.version}"
    if outside:
        names = ", ".join(f"{m.town.name} ({m.town.country_code})" for m in outside)
        en = f"Not in an eligible country ({list_en}): {names}."
        pl = f"Poza krajami kwalifikującymi się ({list_pl}): {names}."
    else:
        en = f"All {n} towns are in eligible countries ({list_en})."
        pl = f"Wszystkie miasta ({n}) leżą w krajach kwalifikujących się ({list_pl})."
    if conditional:
        en += (
            f" Conditional: {_codes(conditional)} only if the association agreement is in force"
            " before grant signature."
        )
        pl += (
            f" Warunkowo: {_codes(conditional)} tylko jeśli umowa o stowarzyszeniu wejdzie w"
            " życie przed podpisaniem umowy o dofinansowanie."
        )
    checks.append(
        RuleCheck(rule="eligible_countries", passed=not outside, detail_en=en, detail_pl=pl)
    )

    checks.append(
        RuleCheck(
            rule="min_members",
            passed=n >= rules.min_members,
            detail_en=f"{n} members, lead included; the call needs at least {rules.min_members}.",
            detail_pl=(
                f"Członków: {n} (wraz z liderem); nabór wymaga co najmniej {rules.min_members}."
            ),
        )
    )
    if rules.max_members is not None:
        checks.append(
            RuleCheck(
                rule="max_members",
                passed=n <= rules.max_members,
                detail_en=f"{n} members; the call allows at most {rules.max_members}.",
                detail_pl=f"Członków: {n}; nabór dopuszcza najwyżej {rules.max_members}.",
            )
        )

    countries = {m.town.country_code for m in everyone} & eligible
    checks.append(
        RuleCheck(
            rule="min_countries",
            passed=len(countries) >= rules.min_countries,
            detail_en=(
                f"{len(countries)} eligible countries ({_codes(countries)}); "
                f"at least {rules.min_countries} needed."
            ),
            detail_pl=(
                f"Krajów kwalifikujących się: {len(countries)} ({_codes(countries)}); "
                f"wymagane co najmniej {rules.min_countries}."
            ),
        )
    )
    eu = countries & lists.eu_codes
    checks.append(
        RuleCheck(
            rule="min_eu_countries",
            passed=len(eu) >= rules.min_eu_countries,
            detail_en=(
                f"{len(eu)} EU Member States ({_codes(eu)}); "
                f"at least {rules.min_eu_countries} needed."
            ),
            detail_pl=(
                f"Państw członkowskich UE: {len(eu)} ({_codes(eu)}); "
                f"wymagane co najmniej {rules.min_eu_countries}."
            ),
        )
    )

    if rules.lead_must_be_local_authority:
        ok = lead.kind in LOCAL_AUTHORITY_KINDS
        checks.append(
            RuleCheck(
                rule="lead_local_authority",
                passed=ok,
                detail_en=(
                    f"Lead {lead.town.name} is a municipality ({lead.kind})"
                    + ("; a GeoNames place is taken to stand for its municipality." if ok else ".")
                    if ok
                    else f"Lead {lead.town.name} is not a local authority ({lead.kind})."
                ),
                detail_pl=(
                    f"Lider {lead.town.name} jest gminą ({lead.kind})"
                    + ("; miejscowość z GeoNames traktujemy jako jej gminę." if ok else ".")
                    if ok
                    else f"Lider {lead.town.name} nie jest samorządem lokalnym ({lead.kind})."
                ),
            )
        )
    if rules.members_must_be_municipalities:
        others = [m for m in everyone if m.kind not in LOCAL_AUTHORITY_KINDS]
        names = ", ".join(m.town.name for m in others)
        checks.append(
            RuleCheck(
                rule="municipalities",
                passed=not others,
                detail_en=(
                    "Every member is a municipality (a GeoNames place stands for its municipality)."
                    if not others
                    else f"Not municipalities: {names}."
                ),
                detail_pl=(
                    "Każdy członek jest gminą (miejscowość z GeoNames traktujemy jako jej gminę)."
                    if not others
                    else f"Nie są gminami: {names}."
                ),
            )
        )
    return checks


# --- building -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Need:
    """How many more distinct countries (any eligible / EU) the consortium still needs."""

    countries: int
    eu: int


def _need(call: Call, have: set[str]) -> _Need:
    eu = call.countries.eu_codes
    return _Need(
        countries=max(0, call.rules.min_countries - len(have)),
        eu=max(0, call.rules.min_eu_countries - len(have & eu)),
    )


def _completable(
    need: _Need, slots: int, have: set[str], pool: Sequence[CandidateTown], eu: frozenset[str]
) -> bool:
    """Can ``slots`` more towns from ``pool`` bring in the countries still needed?

    Exact: take one town from each of ``need.eu`` new EU countries, then from further new
    countries up to ``need.countries``, then fill the remaining slots with anyone.
    """
    new = {c.town.country_code for c in pool} - have
    new_eu = new & eu
    return (
        len(pool) >= slots
        and need.eu <= len(new_eu)
        and need.countries <= len(new)
        and max(need.eu, need.countries) <= slots
    )


def _achievable(
    need: _Need, slots: int, have: set[str], pool: Sequence[CandidateTown], eu: frozenset[str]
) -> _Need:
    """The most of ``need`` that the pool can deliver in ``slots`` (best effort on failure)."""
    new = {c.town.country_code for c in pool} - have
    eu_n = min(need.eu, len(new & eu), slots)
    return _Need(countries=min(need.countries, len(new), slots), eu=eu_n)


def _pool(
    call: Call, lead: CandidateTown, candidates: Sequence[CandidateTown], countries: set[str]
) -> tuple[list[CandidateTown], dict[str, int]]:
    """Candidates the call admits, in the given order, and counts of the ones left out."""
    eligible = call.countries.eligible_codes
    seen = {lead.town.id}
    pool: list[CandidateTown] = []
    dropped = {"not_eligible": 0, "not_municipality": 0, "not_in_filter": 0}
    for c in candidates:
        if c.town.id in seen:
            continue
        seen.add(c.town.id)
        if c.town.country_code not in eligible:
            dropped["not_eligible"] += 1
        elif countries and c.town.country_code not in countries:
            dropped["not_in_filter"] += 1
        elif call.rules.members_must_be_municipalities and c.kind not in LOCAL_AUTHORITY_KINDS:
            dropped["not_municipality"] += 1
        else:
            pool.append(c)
    return pool, dropped


def select_partners(
    call: Call, lead: CandidateTown, pool: Sequence[CandidateTown], slots: int
) -> list[CandidateTown]:
    """Up to ``slots`` partners from ``pool`` (rank order) meeting the country rules if possible.

    Each candidate is taken unless taking it would leave the country rules impossible to meet
    with the candidates after it; when the rules cannot be met at all, the targets are lowered
    to the most the pool can give, so the result is as close as possible.
    """
    eu = call.countries.eu_codes
    slots = min(slots, len(pool))
    have = {lead.town.country_code} & call.countries.eligible_codes
    target = _achievable(_need(call, have), slots, have, pool, eu)
    chosen: list[CandidateTown] = []
    for i, cand in enumerate(pool):
        if slots == 0:
            break
        rest = pool[i + 1 :]
        have_if = have | {cand.town.country_code}
        need_if = _Need(
            countries=max(0, target.countries - len(have_if - have)),
            eu=max(0, target.eu - len((have_if - have) & eu)),
        )
        if _completable(need_if, slots - 1, have_if, rest, eu):
            chosen.append(cand)
            target, have, slots = need_if, have_if, slots - 1
    return chosen


def _why(
    call: Call, lead: CandidateTown, member: CandidateTown, new_country: bool
) -> tuple[str, str]:
    lists = call.countries
    code = member.town.country_code
    eu = code in lists.eu_codes
    en_c, pl_c = lists.name(code, "en"), lists.name(code, "pl")
    rank_en = f"Ranked #{member.rank} for {lead.town.name}" if member.rank else "Candidate"
    rank_pl = (
        f"Miejsce {member.rank}. na liście dla {lead.town.name}" if member.rank else "Kandydat"
    )
    if new_country:
        en = f"{rank_en}; brings in {en_c}" + (" (EU Member State)." if eu else " (associated).")
        pl = f"{rank_pl}; wnosi kraj: {pl_c}" + (
            " (państwo członkowskie UE)." if eu else " (kraj stowarzyszony)."
        )
    else:
        en = f"{rank_en}; another town from {en_c}."
        pl = f"{rank_pl}; kolejne miasto z kraju: {pl_c}."
    return en, pl


def _member(call: Call, c: CandidateTown, role: str, why: tuple[str, str]) -> ConsortiumMember:
    return ConsortiumMember(
        town=c.town,
        role=role,
        kind=c.kind,
        eu_member_state=c.town.country_code in call.countries.eu_codes,
        score=c.score,
        rank=c.rank,
        reasons=c.reasons,
        why_en=why[0],
        why_pl=why[1],
    )


def _explain(
    call: Call,
    checks: list[RuleCheck],
    size: int,
    chosen: int,
    pool: int,
    dropped: dict[str, int],
    pool_countries: int,
) -> tuple[str, str]:
    rules = call.rules
    failed = [c for c in checks if not c.passed]
    if not failed:
        return (
            f"The consortium of {chosen + 1} towns passes every checked rule of {rules.name_en}.",
            f"Konsorcjum {chosen + 1} miast spełnia wszystkie sprawdzane zasady naboru "
            f"{rules.name_pl}.",
        )
    en = [f"No consortium that passes {rules.name_en} could be built:"]
    pl = [f"Nie udało się zbudować konsorcjum spełniającego zasady naboru {rules.name_pl}:"]
    en += [c.detail_en for c in failed]
    pl += [c.detail_pl for c in failed]
    if size < rules.min_members:
        en.append(f"Ask for at least {rules.min_members} members.")
        pl.append(f"Podaj rozmiar co najmniej {rules.min_members}.")
    elif chosen < size - 1:
        en.append(f"Only {pool} usable candidates were found for {size - 1} places.")
        pl.append(f"Znaleziono tylko {pool} kandydatów na {size - 1} miejsc.")
    if any(c.rule in {"min_countries", "min_eu_countries"} for c in failed):
        en.append(
            f"The usable candidates come from {pool_countries} countries"
            f" ({dropped['not_eligible']} left out as not eligible,"
            f" {dropped['not_in_filter']} outside the country filter);"
            " widen the country filter or drop the theme."
        )
        pl.append(
            f"Użyteczni kandydaci pochodzą z {pool_countries} krajów"
            f" ({dropped['not_eligible']} pominiętych jako niekwalifikujący się,"
            f" {dropped['not_in_filter']} spoza filtra krajów);"
            " poszerz filtr krajów lub usuń temat."
        )
    return " ".join(en), " ".join(pl)


def build_consortium(
    call: Call,
    lead: CandidateTown,
    candidates: Sequence[CandidateTown],
    size: int,
    countries: Sequence[str] = (),
) -> ConsortiumResult:
    """A consortium of ``size`` towns (lead included) for ``call``, checked rule by rule.

    ``candidates`` are in rank order (best first); ``countries``, when given, restricts the
    partners (not the lead) to those countries. Never raises for rules that cannot be met.
    """
    allowed = {c.upper() for c in countries}
    pool, dropped = _pool(call, lead, candidates, allowed)
    chosen = select_partners(call, lead, pool, max(0, size - 1))
    checks = check_consortium(call, lead, chosen)
    passed = all(c.passed for c in checks)

    members = [
        _member(call, lead, "lead", ("Lead town (coordinator).", "Miasto wiodące (koordynator)."))
    ]
    seen = {lead.town.country_code}
    for c in chosen:
        members.append(
            _member(call, c, "partner", _why(call, lead, c, c.town.country_code not in seen))
        )
        seen.add(c.town.country_code)
    pool_countries = len({c.town.country_code for c in pool} | {lead.town.country_code})
    en, pl = _explain(call, checks, size, len(chosen), len(pool), dropped, pool_countries)
    return ConsortiumResult(
        call=call.rules.id,
        call_version=call.rules.version,
        call_name_en=call.rules.name_en,
        call_name_pl=call.rules.name_pl,
        countries_version=f"{call.countries.id} v{call.countries.version}",
        lead=lead.town,
        size_requested=size,
        members=members,
        checks=checks,
        passed=passed,
        explanation_en=en,
        explanation_pl=pl,
        notes_en=call.rules.notes_en,
        notes_pl=call.rules.notes_pl,
    )
