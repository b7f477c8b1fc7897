"""Consortium builder v2: every rule on its own, pin/exclude/swap/countries, and an oracle.

The oracle: on small pools, brute force over every subset finds the best valid consortium
(the lexicographically first in the builder's order of preference) and the builder must find
exactly it; on a hand-made pool the best consortium is written down and checked by name.
"""

from __future__ import annotations

import itertools
import random
from datetime import date

import pytest

from matcher.calls import Call, CallRules, EligibleCountries, Source, default_calls
from matcher.consortium import (
    SIZE_RATIO,
    TIE_BONUS,
    BadConsortium,
    CandidateTown,
    Consortium,
    Constraints,
    ThemeEvidence,
    build_consortium,
    swap_member,
)
from matcher.consortium import rules as R
from matcher.consortium.build import priority
from matcher.i18n import render
from matcher.i18n.context import reading
from matcher.results import TownRef

EU = ["PL", "DE", "FR", "IT", "LT", "CZ", "SK"]
ASSOCIATED = ["UA", "BA", "ME"]
SPA = ThemeEvidence(
    code="health-spa",
    names={"en": "Health and spa", "pl": "Zdrowie i uzdrowiska"},
    evidence=["EHTTA"],
)
HERITAGE = ThemeEvidence(code="culture-heritage", names={"en": "Culture and heritage"})


def town(
    i: int | str,
    country: str,
    *,
    rank: int | None = None,
    population: int | None = 20_000,
    kind: str = "place",
    themes: tuple[ThemeEvidence, ...] = (SPA,),
    networks: dict[str, str] | None = None,
    partners: dict[str, str] | None = None,
) -> CandidateTown:
    return CandidateTown(
        town=TownRef(id=f"T-{i}", name=f"Town {i}", country_code=country, population=population),
        kind=kind,
        score=None if rank is None else round(1.0 / rank, 6),
        rank=rank,
        themes=list(themes),
        networks=networks or {},
        partners=partners or {},
    )


def make_call(
    min_members: int = 4,
    min_countries: int = 4,
    min_eu: int = 2,
    *,
    share: float = 0.4,
    lead_la: bool = False,
    municipalities: bool = False,
    max_members: int | None = None,
) -> Call:
    source = Source(
        id="news",
        title="A newsroom item",
        publisher="European Commission",
        date=date(2023, 12, 1),
        says="UA and BA are close to joining.",
        supports=["UA", "BA"],
        status="announced",
    )
    countries = EligibleCountries(
        id="test",
        programme="CERV",
        year=2025,
        version=1,
        source="test",
        eu_member_states=[{"code": c, "name_en": c, "name_pl": c} for c in EU],
        associated=[
            {
                "code": "UA",
                "name_en": "UA",
                "name_pl": "UA",
                "status": "announced",
                "source": "news",
            },
            {
                "code": "BA",
                "name_en": "BA",
                "name_pl": "BA",
                "status": "announced",
                "source": "news",
            },
            {"code": "ME", "name_en": "ME", "name_pl": "ME", "status": "unverified"},
        ],
    )
    rules = CallRules(
        id="test-call",
        version=1,
        programme="CERV",
        strand="test",
        year=2025,
        name_en="Test call",
        name_pl="Nabór testowy",
        name_de="Testausschreibung",
        countries="test",
        min_members=min_members,
        max_members=max_members,
        min_countries=min_countries,
        min_eu_countries=min_eu,
        max_country_share=share,
        lead_must_be_local_authority=lead_la,
        members_must_be_municipalities=municipalities,
        source="test",
    )
    return Call(rules=rules, countries=countries, sources={"news": source})


def ids(result: object) -> list[str]:
    return [m.town.id for m in result.members]  # type: ignore[attr-defined]


def verdicts(result: object) -> dict[str, str]:
    return {c.rule: c.verdict for c in result.checks}  # type: ignore[attr-defined]


def text(check: object, lang: str = "en") -> str:
    return render(check.message, lang)  # type: ignore[attr-defined]


LEAD = town("lead", "PL", population=29_000)


# --- the hand-made pool whose best consortium is known ----------------------------------------

POOL = [
    town("berlin", "DE", rank=1, population=3_400_000),  # too big for a town of 29,000
    town("de1", "DE", rank=2),
    town("de2", "DE", rank=3),
    town("de3", "DE", rank=4),  # a third German town would pass the share
    town("pl1", "PL", rank=5, themes=(HERITAGE,)),  # no theme in common with the lead
    town("fr1", "FR", rank=6),
    town("no1", "NO", rank=7),  # not eligible
    town("ua1", "UA", rank=8),
    town("cz1", "CZ", rank=9),
    town("it1", "IT", rank=10),
]


def test_the_best_consortium_of_the_hand_made_pool() -> None:
    """Size 6, share 0.4 -> at most 2 per country: Berlin (size), pl1 (theme), de3 (third
    German) and no1 (not eligible) are passed over; the next best fill the places."""
    result = build_consortium(make_call(), LEAD, POOL, 6)
    assert ids(result) == ["T-lead", "T-de1", "T-de2", "T-fr1", "T-ua1", "T-cz1"]
    assert result.passed
    assert result.left_out.size == 1 and result.left_out.no_common_theme == 1
    assert result.left_out.not_eligible == 1


def test_pinning_berlin_keeps_it_and_warns_about_its_size() -> None:
    result = build_consortium(make_call(), LEAD, POOL, 6, Constraints(pinned=("T-berlin", "T-it1")))
    assert ids(result)[:3] == ["T-lead", "T-berlin", "T-it1"]
    assert [m.pinned for m in result.members][:3] == [False, True, True]
    assert verdicts(result)["size_bound"] == "warning"
    assert result.passed  # a warning passes
    berlin = result.members[1]
    assert any(f.kind == "pinned" for f in berlin.fit)
    # with Berlin and de1 two Germans are in: de2 may not come
    assert sum(1 for m in result.members if m.town.country_code == "DE") == 2


def test_exclude_and_country_filter() -> None:
    result = build_consortium(
        make_call(),
        LEAD,
        POOL,
        5,
        Constraints(excluded=frozenset({"T-de1"}), countries=frozenset({"DE", "CZ", "IT"})),
    )
    assert "T-de1" not in ids(result)
    assert {m.town.country_code for m in result.members[1:]} <= {"DE", "CZ", "IT"}
    assert result.passed
    assert result.left_out.excluded == 1 and result.left_out.outside_filter >= 3


def test_swap_replaces_one_member_by_the_next_best_and_keeps_the_rest() -> None:
    call = make_call()
    first = build_consortium(call, LEAD, POOL, 6)
    partners = ids(first)[1:]
    swapped = swap_member(call, LEAD, POOL, 6, partners, "T-fr1")
    after = ids(swapped)
    assert "T-fr1" not in after and set(partners) - {"T-fr1"} <= set(after)
    assert after[-1] == "T-it1"  # next best that keeps four countries and two per country
    new = [m for m in swapped.members if m.swapped_in]
    assert [m.town.id for m in new] == ["T-it1"]
    assert "T-fr1" in swapped.excluded and swapped.passed


def test_swap_of_a_town_that_is_not_a_member_is_refused() -> None:
    with pytest.raises(BadConsortium) as err:
        swap_member(make_call(), LEAD, POOL, 6, ["T-de1"], "T-it1")
    assert "not a member" in str(err.value)


def test_ties_with_the_fixed_members_move_a_candidate_up() -> None:
    pinned = town("p", "CZ", rank=20, networks={"n1": "EHTTA"})
    a = town("a", "FR", rank=2)
    b = town("b", "IT", rank=3, networks={"n1": "EHTTA"})
    # the bonus is small: a tie does not lift rank 3 (0.33 + 0.05) over rank 2 (0.5) ...
    assert [c.id for c in priority([a, b], [LEAD, pinned])] == ["T-a", "T-b"]
    # ... but it decides between near equals
    close = town("c", "IT", rank=2, networks={"n1": "EHTTA"})
    close = close.model_copy(update={"score": 0.5 - TIE_BONUS / 2})
    assert [c.id for c in priority([a, close], [LEAD, pinned])] == ["T-c", "T-a"]
    result = build_consortium(
        make_call(2, 2, 1, share=1.0), LEAD, [pinned, a, close], 3, Constraints(pinned=("T-p",))
    )
    member = next(m for m in result.members if m.town.id == "T-c")
    assert member.ties and member.ties[0].links == ["EHTTA"]
    assert any(f.kind == "ties" for f in member.fit)


# --- the oracle on random pools ---------------------------------------------------------------


def _valid(call: Call, lead: CandidateTown, partners: tuple[CandidateTown, ...], size: int) -> bool:
    """The country rules read literally, without the module's helpers."""
    members = [lead, *partners]
    eligible = set(EU) | set(ASSOCIATED)
    countries = {m.town.country_code for m in members} & eligible
    eu = countries & set(EU)
    cap = max(1, int(call.rules.max_country_share * size + 1e-9))
    per = {c: sum(1 for m in members if m.town.country_code == c) for c in countries}
    return (
        len(countries) >= call.rules.min_countries
        and len(eu) >= call.rules.min_eu_countries
        and all(n <= cap for n in per.values())
    )


@pytest.mark.parametrize("seed", range(60))
def test_builder_finds_the_best_valid_consortium_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    countries = rng.randint(2, 4)
    call = make_call(
        min_members=rng.randint(countries, 5),
        min_countries=countries,
        min_eu=rng.randint(1, 2),
        share=rng.choice([0.34, 0.5, 0.67, 1.0]),
    )
    size = rng.randint(call.rules.min_members, 6)
    pool = [
        town(i, rng.choice(EU[:4] + ASSOCIATED[:1]), rank=i + 1) for i in range(rng.randint(4, 10))
    ]
    result = build_consortium(call, LEAD, pool, size)
    chosen = tuple(ids(result)[1:])
    order = {c.id: i for i, c in enumerate(pool)}
    cap = max(1, int(call.rules.max_country_share * size + 1e-9))

    def fits_cap(combo: tuple[CandidateTown, ...]) -> bool:
        codes = [LEAD.town.country_code, *(c.town.country_code for c in combo)]
        return all(codes.count(x) <= cap for x in codes)

    # as many partners as the cap allows, up to size - 1; then the first valid combination
    # (combinations come in the pool's lexicographic order, so the first is the best)
    k = next(
        k
        for k in range(min(size - 1, len(pool)), -1, -1)
        if any(fits_cap(c) for c in itertools.combinations(pool, k))
    )
    best = next(
        (
            tuple(c.id for c in combo)
            for combo in itertools.combinations(pool, k)
            if _valid(call, LEAD, combo, size)
        ),
        None,
    )
    if best is None or k + 1 < call.rules.min_members:
        assert not result.passed
    else:
        assert result.passed, [text(c) for c in result.checks if not c.passed]
        assert tuple(sorted(chosen, key=order.__getitem__)) == best


# --- one test per rule ------------------------------------------------------------------------


def consortium(
    *partners: CandidateTown,
    call: Call | None = None,
    size: int | None = None,
    pinned: frozenset[str] = frozenset(),
    focus: frozenset[str] = frozenset(),
    alternatives: tuple[CandidateTown, ...] = (),
    allowed: frozenset[str] = frozenset(),
) -> Consortium:
    return Consortium(
        call=call or make_call(),
        lead=LEAD,
        partners=partners,
        size=size or len(partners) + 1,
        pinned=pinned,
        focus=focus,
        alternatives=alternatives,
        allowed=allowed,
    )


def test_rule_eligible_countries() -> None:
    bad = R.eligible_countries(consortium(town(1, "NO")))
    assert bad.verdict == "fail" and "Town 1" in text(bad) and "Replace" in text(bad)
    assert R.eligible_countries(consortium(town(1, "DE"))).verdict == "pass"


def test_rule_country_sources_warns_on_announced_and_unverified() -> None:
    assert R.country_sources(consortium(town(1, "DE"))) is None
    check = R.country_sources(consortium(town(1, "UA"), town(2, "ME")))
    assert check is not None and check.verdict == "warning" and check.passed
    en = text(check)
    assert "announced" in en and "2023-12-01" in en and "European Commission" in en
    assert "Montenegro" in en and "no source" in en


def test_rule_min_members() -> None:
    check = R.min_members(consortium(town(1, "DE"), call=make_call(4, 2, 1)))
    assert check.verdict == "fail" and "add 2 more" in text(check)
    assert R.min_members(consortium(town(1, "DE"), call=make_call(2, 2, 1))).verdict == "pass"


def test_rule_max_members() -> None:
    call = make_call(2, 2, 1, max_members=2)
    check = R.max_members(consortium(town(1, "DE"), town(2, "FR"), call=call))
    assert check is not None and check.verdict == "fail" and "remove 1" in text(check)
    assert R.max_members(consortium(town(1, "DE"))) is None


def test_rule_min_countries_names_countries_to_add_from() -> None:
    c = consortium(town(1, "DE"), alternatives=(town(5, "CZ", rank=5), town(6, "SK", rank=6)))
    check = R.min_countries(c)
    assert check.verdict == "fail"
    assert text(check) == "Add 2 more eligible countries: suggestions from Czechia and Slovakia."
    assert check.suggest_countries == ["CZ", "SK"]
    assert "Czech" in text(check, "de") or "Tschechien" in text(check, "de")


def test_rule_min_eu_countries_says_which_eu_state_to_add() -> None:
    c = consortium(
        town(1, "UA"),
        town(2, "BA"),
        town(3, "ME"),
        alternatives=(town(5, "UA"), town(6, "CZ"), town(7, "SK")),
    )
    check = R.min_eu_countries(c)
    assert text(check) == "Add one more EU Member State: suggestions from Czechia and Slovakia."
    assert text(check, "pl").startswith("Dodaj jeszcze jedno państwo członkowskie UE")


def test_rule_min_countries_outside_the_filter_says_widen_it() -> None:
    c = consortium(town(1, "DE"), alternatives=(town(5, "CZ"),), allowed=frozenset({"DE"}))
    assert "outside your country filter" in text(R.min_countries(c))
    none = consortium(town(1, "DE"))
    assert "pin a town from another country" in text(R.min_countries(none)) or "pin towns" in text(
        R.min_countries(none)
    )


def test_rule_country_share() -> None:
    c = consortium(
        town(1, "DE"), town(2, "DE"), town(3, "DE"), town(4, "FR"), town(5, "CZ"), size=6
    )
    check = R.country_share(c)  # 0.4 of 6 -> 2 per country
    assert check.verdict == "fail"
    assert "3 towns from Germany" in text(check) and "Town 3" in text(check)
    ok = consortium(town(1, "DE"), town(2, "DE"), town(4, "FR"), size=6)
    assert R.country_share(ok).verdict == "pass"


def test_rule_population_bound() -> None:
    big = town(1, "DE", population=int(29_000 * SIZE_RATIO) + 1)
    assert R.population_bound(consortium(big)).verdict == "fail"
    assert R.population_bound(consortium(big, pinned=frozenset({"T-1"}))).verdict == "warning"
    check = R.population_bound(consortium(town(2, "DE", population=290_000)))
    assert check.verdict == "pass" and "2,900 to 290,000" in text(check)


def test_rule_common_theme() -> None:
    focus = frozenset({"health-spa"})
    assert R.common_theme(consortium(town(1, "DE"), focus=focus)).verdict == "pass"
    lacking = R.common_theme(consortium(town(1, "DE", themes=(HERITAGE,)), focus=focus))
    assert lacking.verdict == "fail" and "Town 1" in text(lacking)
    assert R.common_theme(consortium(town(1, "DE"))).verdict == "warning"


def test_rule_lead_local_authority() -> None:
    call = make_call(lead_la=True)
    assert R.lead_local_authority(consortium(call=call)).verdict == "pass"  # type: ignore[union-attr]
    region = Consortium(call=call, lead=town("r", "PL", kind="region"), partners=(), size=4)
    assert R.lead_local_authority(region).verdict == "fail"  # type: ignore[union-attr]
    assert R.lead_local_authority(consortium()) is None


def test_rule_municipalities() -> None:
    call = make_call(municipalities=True)
    check = R.municipalities(consortium(town(1, "DE", kind="region"), call=call))
    assert check is not None and check.verdict == "fail" and "Town 1" in text(check)


def test_every_check_reads_in_three_languages() -> None:
    result = build_consortium(make_call(), LEAD, POOL, 6)
    for lang in ("en", "pl", "de"):
        with reading(lang):
            dumped = result.model_dump()
        for check in dumped["checks"]:
            assert check["text"] and "{" not in check["text"]
        for member in dumped["members"]:
            assert all(f["text"] for f in member["fit"])


# --- requests that cannot be built as asked ---------------------------------------------------


@pytest.mark.parametrize("size", [1, 3, 31, 40])
def test_size_out_of_range_is_a_sentence(size: int) -> None:
    with pytest.raises(BadConsortium) as err:
        build_consortium(make_call(), LEAD, POOL, size)
    assert str(err.value) == (
        f"A consortium for Test call has 4 to 30 towns, lead included; you asked for {size}."
    )


def test_too_many_pins_and_contradictions_are_refused() -> None:
    with pytest.raises(BadConsortium, match="room for 3"):
        build_consortium(
            make_call(), LEAD, POOL, 4, Constraints(pinned=("T-de1", "T-de2", "T-fr1", "T-it1"))
        )
    with pytest.raises(BadConsortium, match="Both pinned and excluded"):
        build_consortium(
            make_call(),
            LEAD,
            POOL,
            4,
            Constraints(pinned=("T-de1",), excluded=frozenset({"T-de1"})),
        )
    with pytest.raises(BadConsortium, match="leads the consortium"):
        build_consortium(make_call(), LEAD, POOL, 4, Constraints(pinned=("T-lead",)))


def test_shipped_calls_build() -> None:
    for call in default_calls().values():
        result = build_consortium(call, LEAD, POOL, call.rules.min_members)
        assert result.checks and result.summary.message is not None
