"""Consortium checks and builder, against brute force on small random inputs."""

from __future__ import annotations

import itertools
import random

import pytest

from matcher.calls import Call, CallRules, EligibleCountries, default_calls
from matcher.consortium import CandidateTown, build_consortium, check_consortium
from matcher.results import TownRef

EU = ["PL", "DE", "FR", "IT", "LT"]
ASSOCIATED = ["UA", "BA"]
OUTSIDE = ["NO", "CH"]


def town(i: int | str, country: str, kind: str = "place", rank: int | None = None) -> CandidateTown:
    return CandidateTown(
        town=TownRef(id=f"T-{i}", name=f"Town {i}", country_code=country),
        kind=kind,
        score=None if rank is None else 1.0 / rank,
        rank=rank,
    )


def make_call(
    min_members: int,
    min_countries: int,
    min_eu: int,
    *,
    lead_la: bool = False,
    municipalities: bool = False,
) -> Call:
    countries = EligibleCountries(
        id="test",
        programme="CERV",
        year=2025,
        version=1,
        source="test",
        eu_member_states=[{"code": c, "name_en": c, "name_pl": c} for c in EU],  # type: ignore[misc]
        associated=[{"code": c, "name_en": c, "name_pl": c} for c in ASSOCIATED],  # type: ignore[misc]
    )
    rules = CallRules(
        id="test-call",
        version=1,
        programme="CERV",
        strand="test",
        year=2025,
        name_en="Test call",
        name_pl="Nabór testowy",
        countries="test",
        min_members=min_members,
        min_countries=min_countries,
        min_eu_countries=min_eu,
        lead_must_be_local_authority=lead_la,
        members_must_be_municipalities=municipalities,
        source="test",
    )
    return Call(rules=rules, countries=countries)


def oracle_passes(call: Call, members: list[CandidateTown]) -> bool:
    """The rules read literally, written without the module's helpers."""
    r = call.rules
    eligible = set(EU) | set(ASSOCIATED)
    if len({m.town.id for m in members}) != len(members):
        return False
    if any(m.town.country_code not in eligible for m in members):
        return False
    if len(members) < r.min_members:
        return False
    countries = set()
    eu_countries = set()
    for m in members:
        countries.add(m.town.country_code)
        if m.town.country_code in EU:
            eu_countries.add(m.town.country_code)
    if len(countries) < r.min_countries or len(eu_countries) < r.min_eu_countries:
        return False
    if r.lead_must_be_local_authority and members[0].kind not in {"gmina", "place"}:
        return False
    return not (r.members_must_be_municipalities and any(m.kind == "ngo" for m in members))


def random_case(rng: random.Random) -> tuple[Call, CandidateTown, list[CandidateTown], int]:
    min_c = rng.randint(1, 4)
    call = make_call(
        min_members=rng.randint(min_c, 5),
        min_countries=min_c,
        min_eu=rng.randint(0, min_c),
        lead_la=rng.random() < 0.5,
        municipalities=rng.random() < 0.5,
    )
    countries = EU + ASSOCIATED + OUTSIDE
    lead = town("lead", rng.choice(countries), rng.choice(["gmina", "place", "ngo"]))
    cands = [
        town(i, rng.choice(countries), rng.choice(["gmina", "place", "place", "ngo"]), i + 1)
        for i in range(rng.randint(0, 8))
    ]
    return call, lead, cands, rng.randint(1, 6)


def test_check_agrees_with_oracle_on_random_groups() -> None:
    rng = random.Random(7)
    for _ in range(600):
        call, lead, cands, _size = random_case(rng)
        if rng.random() < 0.1 and cands:
            cands.append(cands[0])  # a duplicate now and then
        checks = check_consortium(call, lead, cands)
        assert all(c.passed for c in checks) == oracle_passes(call, [lead, *cands])


def test_builder_passes_whenever_some_subset_passes() -> None:
    rng = random.Random(11)
    exists_count = 0
    for _ in range(400):
        call, lead, cands, size = random_case(rng)
        result = build_consortium(call, lead, cands, size)
        exists = any(
            oracle_passes(call, [lead, *combo])
            for k in range(0, size)
            for combo in itertools.combinations(cands, k)
        )
        exists_count += exists
        assert result.passed == exists, (call.rules, lead, cands, size)
        assert len(result.members) <= size
        assert oracle_passes(call, [m_town(m) for m in result.members]) == result.passed
    assert exists_count > 50  # the random cases exercise both outcomes


def m_town(m: object) -> CandidateTown:
    from matcher.consortium import ConsortiumMember

    assert isinstance(m, ConsortiumMember)
    return CandidateTown(town=m.town, kind=m.kind)


def test_builder_prefers_rank_order_when_rules_allow() -> None:
    call = make_call(3, 3, 1)
    lead = town("lead", "PL", "gmina")
    cands = [town(1, "DE", rank=1), town(2, "DE", rank=2), town(3, "FR", rank=3)]
    result = build_consortium(call, lead, cands, 3)
    assert [m.town.id for m in result.members] == ["T-lead", "T-1", "T-3"]
    assert result.passed


def test_builder_fills_to_the_requested_size() -> None:
    call = make_call(2, 2, 1)
    lead = town("lead", "PL", "gmina")
    cands = [town(i, "DE", rank=i) for i in range(1, 6)]
    result = build_consortium(call, lead, cands, 4)
    assert len(result.members) == 4 and result.passed


def test_country_whitelist_restricts_partners_not_the_lead() -> None:
    call = make_call(2, 2, 1)
    lead = town("lead", "PL", "gmina")
    cands = [town(1, "DE", rank=1), town(2, "FR", rank=2)]
    result = build_consortium(call, lead, cands, 2, countries=["fr"])
    assert [m.town.country_code for m in result.members] == ["PL", "FR"]


def test_size_below_the_minimum_is_explained() -> None:
    nt = default_calls()["cerv-nt-2025"]
    lead = town("lead", "PL", "gmina")
    cands = [town(i, c, rank=i) for i, c in enumerate(["DE", "FR", "IT", "LT"], 1)]
    result = build_consortium(nt, lead, cands, 2)
    assert not result.passed
    failed = {c.rule for c in result.checks if not c.passed}
    assert "min_members" in failed
    assert "at least 4" in result.explanation_en and "co najmniej 4" in result.explanation_pl


def test_lead_in_a_non_eligible_country_is_explained() -> None:
    nt = default_calls()["cerv-nt-2025"]
    lead = town("lead", "NO", "place")
    cands = [town(i, c, rank=i) for i, c in enumerate(["DE", "FR", "IT", "LT"], 1)]
    result = build_consortium(nt, lead, cands, 4)
    assert not result.passed
    check = next(c for c in result.checks if c.rule == "eligible_countries")
    assert not check.passed and "Town lead (NO)" in check.detail_en


def test_too_few_countries_among_candidates_is_explained() -> None:
    nt = default_calls()["cerv-nt-2022"]
    lead = town("lead", "PL", "gmina")
    cands = [town(i, c, rank=i) for i, c in enumerate(["DE", "DE", "NO", "FR", "FR"], 1)]
    result = build_consortium(nt, lead, cands, 5)
    assert not result.passed
    assert "widen the country filter" in result.explanation_en
    assert "1 left out as not eligible" in result.explanation_en
    assert "poszerz filtr" in result.explanation_pl


def test_every_member_says_why_in_both_languages() -> None:
    tt = default_calls()["cerv-tt-2025"]
    lead = town("lead", "PL", "gmina")
    result = build_consortium(tt, lead, [town(1, "UA", rank=1), town(2, "DE", rank=2)], 3)
    assert result.passed
    roles = [m.role for m in result.members]
    assert roles == ["lead", "partner", "partner"]
    ua = result.members[1]
    assert "Ukraine" in ua.why_en and "Ukraina" in ua.why_pl and not ua.eu_member_state


def test_conditional_country_passes_with_a_warning() -> None:
    nt22 = default_calls()["cerv-nt-2022"]
    lead = town("lead", "PL", "gmina")
    cands = [town(i, c, rank=i) for i, c in enumerate(["DE", "FR", "IT", "UA"], 1)]
    result = build_consortium(nt22, lead, cands, 5)
    assert result.passed
    check = next(c for c in result.checks if c.rule == "eligible_countries")
    assert "Conditional: UA" in check.detail_en and "Warunkowo" in check.detail_pl


@pytest.mark.parametrize("call_id", ["cerv-tt-2025", "cerv-nt-2025", "cerv-nt-2022"])
def test_result_carries_call_version_and_notes(call_id: str) -> None:
    call = default_calls()[call_id]
    result = build_consortium(call, town("lead", "PL", "gmina"), [], 1)
    assert result.call == call_id and result.call_version >= 1
    assert result.notes_pl and result.countries_version.startswith("cerv-")
