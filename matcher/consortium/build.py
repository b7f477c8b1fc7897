"""The consortium builder: pin, exclude, restrict countries, swap, and fill the rest.

Pure functions over typed inputs: the caller (API or CLI) supplies the lead, the call (see
matcher.calls) and ranked candidates from the matching service, pinned towns among them;
nothing here touches the database or the ranker.

How the partners are chosen:

1. Pinned towns are in, whatever their size or country (the coordinator knows them); on a
   swap, the other current members stay in too.
2. The other candidates must fit the lead: an eligible country inside the country filter, a
   municipality when the call needs one, a population within SIZE_RATIO times the lead's,
   and a theme in common (the requested theme, else one of the lead's themes).
3. They are taken in order of preference: the ranker's score plus TIE_BONUS for each member
   already fixed (lead, pinned, kept) that it shares a network, a project or a partner town
   with (at most MAX_TIES count). Each is taken unless taking it would leave the call's
   country rules (minimum countries, minimum EU Member States, at most the call's share per
   country) impossible to meet with the candidates after it. That look-ahead is exact, so the
   result is the best valid consortium in that order (tests/test_consortium.py checks it
   against brute force); when no valid one exists, the targets drop to what the pool can give
   and the failed rule says what to change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from matcher.calls import Call
from matcher.consortium.model import (
    LOCAL_AUTHORITY_KINDS,
    MAX_SIZE,
    BadConsortium,
    CandidateTown,
    ConsortiumMember,
    ConsortiumResult,
    FitReason,
    LeftOut,
    Summary,
    Tie,
)
from matcher.consortium.rules import (
    SIZE_RATIO,
    Consortium,
    check_consortium,
    common_themes,
    max_per_country,
    town,
    within_bound,
)
from matcher.i18n import Message, msg, plural
from matcher.i18n.context import reader_language
from matcher.i18n.message import listed
from matcher.i18n.places import Country, Town

TIE_BONUS = 0.05
"""Score points added per fixed member a candidate is already linked to."""
MAX_TIES = 2
THEMES_SHOWN = 2
"""Common themes quoted in a member's fit reasons."""


@dataclass(frozen=True)
class Constraints:
    """What the coordinator asked for beyond the call: towns pinned in, towns left out, the
    partners' countries, and (on a swap) the current members to keep."""

    pinned: tuple[str, ...] = ()
    excluded: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    keep: tuple[str, ...] = ()
    theme: str | None = None
    swapped_out: str | None = None
    previous: frozenset[str] = field(default_factory=frozenset)


def size_range(call: Call) -> tuple[int, int]:
    """The sizes (lead included) a consortium for ``call`` may be asked for."""
    top = min(call.rules.max_members or MAX_SIZE, MAX_SIZE)
    return call.rules.min_members, top


def validate(
    call: Call,
    lead: CandidateTown,
    size: int,
    constraints: Constraints,
    names: dict[str, CandidateTown] | None = None,
) -> None:
    """Refuse a request that cannot be built as asked, with a sentence saying what to change
    (``names``: the candidates by id, to name towns rather than quote ids)."""
    low, high = size_range(call)
    if not low <= size <= high:
        raise BadConsortium(
            msg("error.consortium.size", call=call.rules.title, min=low, max=high, size=size)
        )
    asked = set(constraints.pinned) | constraints.excluded
    if lead.id in asked:
        raise BadConsortium(msg("error.consortium.lead_pinned", lead=town(lead)))
    both = sorted(set(constraints.pinned) & constraints.excluded)
    if both:
        known = names or {}
        towns = [town(known[i]) if i in known else i for i in both]
        raise BadConsortium(msg("error.consortium.pinned_excluded", towns=towns))
    pinned = len(set(constraints.pinned))
    if pinned > size - 1:
        raise BadConsortium(
            plural("error.consortium.too_many_pinned", pinned, size=size, room=size - 1)
        )


# --- the pool -------------------------------------------------------------------------------


def focus_themes(lead: CandidateTown, theme: str | None) -> frozenset[str]:
    """Theme codes a partner must share: the requested theme, else any of the lead's."""
    if theme:
        return frozenset({theme})
    return frozenset(t.code for t in lead.themes)


def _pool(
    call: Call,
    lead: CandidateTown,
    candidates: Sequence[CandidateTown],
    fixed: set[str],
    constraints: Constraints,
    focus: frozenset[str],
) -> tuple[list[CandidateTown], LeftOut]:
    """Candidates that fit the lead, in the given order, and counts of those left out."""
    eligible = call.countries.eligible_codes
    seen = {lead.id, *fixed}
    pool: list[CandidateTown] = []
    out = LeftOut()
    for c in candidates:
        if c.id in seen:
            continue
        seen.add(c.id)
        if c.id in constraints.excluded:
            out.excluded += 1
        elif c.country not in eligible:
            out.not_eligible += 1
        elif constraints.countries and c.country not in constraints.countries:
            out.outside_filter += 1
        elif call.rules.members_must_be_municipalities and c.kind not in LOCAL_AUTHORITY_KINDS:
            out.not_municipality += 1
        elif lead.town.population and within_bound(lead, c) is not True:
            out.size += 1
        elif focus and not any(t.code in focus for t in c.themes):
            out.no_common_theme += 1
        else:
            pool.append(c)
    return pool, out


def ties(a: CandidateTown, b: CandidateTown) -> Tie | None:
    """What links ``a`` to ``b``: shared networks, projects, partner towns, or a partnership."""
    links = sorted(
        {a.networks[k] for k in a.networks.keys() & b.networks.keys()}
        | {a.projects[k] for k in a.projects.keys() & b.projects.keys()}
        | {a.partners[k] for k in a.partners.keys() & b.partners.keys()}
    )
    direct = b.id in a.partners or a.id in b.partners
    if not links and not direct:
        return None
    return Tie(town=b.town, links=links, partners=direct)


def priority(pool: Sequence[CandidateTown], fixed: Sequence[CandidateTown]) -> list[CandidateTown]:
    """``pool`` in order of preference: score plus TIE_BONUS per fixed member it is linked
    to (up to MAX_TIES); ties broken by rank, then id."""

    def key(c: CandidateTown) -> tuple[float, int, str]:
        linked = sum(1 for f in fixed if ties(c, f) is not None)
        bonus = TIE_BONUS * min(linked, MAX_TIES)
        return (-((c.score or 0.0) + bonus), c.rank or 10**9, c.id)

    return sorted(pool, key=key)


# --- choosing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Targets:
    countries: int
    eu: int
    cap: int


def _feasible(
    t: _Targets, counts: Counter[str], rest: Sequence[CandidateTown], slots: int, call: Call
) -> bool:
    """Can ``slots`` more towns from ``rest`` reach the targets without passing the cap?

    Exact: one town from each new EU country still needed, then from further new
    countries, then any town with room left under the cap.
    """
    if slots == 0:
        return _met(t, counts, call)
    eligible, eu = call.countries.eligible_codes, call.countries.eu_codes
    have = {c for c, n in counts.items() if n} & eligible
    need_c = max(0, t.countries - len(have))
    need_eu = max(0, t.eu - len(have & eu))
    in_rest = Counter(c.country for c in rest)
    room = sum(min(max(0, t.cap - counts[c]), n) for c, n in in_rest.items())
    new = set(in_rest) - have
    return (
        room >= slots
        and len(new & eu) >= need_eu
        and len(new) >= need_c
        and max(need_c, need_eu) <= slots
    )


def _met(t: _Targets, counts: Counter[str], call: Call) -> bool:
    have = {c for c, n in counts.items() if n} & call.countries.eligible_codes
    return len(have) >= t.countries and len(have & call.countries.eu_codes) >= t.eu


def select_partners(
    call: Call,
    fixed: Sequence[CandidateTown],
    pool: Sequence[CandidateTown],
    slots: int,
    cap: int,
) -> list[CandidateTown]:
    """Up to ``slots`` partners from ``pool`` (preference order) beside ``fixed`` (lead
    first), meeting the country rules when possible; the best valid set in that order.

    When the rules cannot be met at all, the targets drop to the most the pool can give.
    """
    eligible, eu = call.countries.eligible_codes, call.countries.eu_codes
    counts: Counter[str] = Counter(m.country for m in fixed)
    in_pool = Counter(c.country for c in pool)
    slots = min(slots, sum(min(max(0, cap - counts[c]), n) for c, n in in_pool.items()))
    have = set(counts) & eligible
    new = set(in_pool) - have
    targets = _Targets(
        countries=min(call.rules.min_countries, len(have) + min(len(new), slots)),
        eu=min(call.rules.min_eu_countries, len(have & eu) + min(len(new & eu), slots)),
        cap=cap,
    )
    chosen: list[CandidateTown] = []
    for i, cand in enumerate(pool):
        if slots == 0:
            break
        if counts[cand.country] >= cap:
            continue
        counts[cand.country] += 1
        if _feasible(targets, counts, pool[i + 1 :], slots - 1, call):
            chosen.append(cand)
            slots -= 1
        else:
            counts[cand.country] -= 1
    return chosen


# --- explaining -----------------------------------------------------------------------------


def _country_reason(call: Call, member: CandidateTown, first: bool) -> Message:
    country = Country(member.country)
    lists = call.countries
    if not first:
        return msg("consortium.fit.country_again", country=country)
    if member.country in lists.eu_codes:
        return msg("consortium.fit.country_eu", country=country)
    evidence = lists.evidence(member.country)
    if evidence == "confirmed":
        return msg("consortium.fit.country_confirmed", country=country)
    if evidence == "announced":
        return msg("consortium.fit.country_announced", country=country)
    if evidence == "unverified":
        return msg("consortium.fit.country_unverified", country=country)
    return msg("consortium.fit.country_not_eligible", country=country)


def _population_reason(lead: CandidateTown, member: CandidateTown, pinned: bool) -> Message:
    a, b = lead.town.population, member.town.population
    if not a or not b:
        return msg("consortium.fit.population_unknown")
    if within_bound(lead, member):
        return plural("consortium.fit.population", b, lead=town(lead), lead_population=a)
    return plural(
        "consortium.fit.population_outside",
        b,
        lead=town(lead),
        lead_population=a,
        ratio=int(SIZE_RATIO),
    )


def _fit(
    c: Consortium,
    member: CandidateTown,
    first_of_country: bool,
    constraints: Constraints,
    links: list[Tie],
) -> list[FitReason]:
    reasons: list[tuple[str, Message]] = []
    pinned = member.id in c.pinned
    if pinned:
        reasons.append(("pinned", msg("consortium.fit.pinned")))
    if constraints.swapped_out and member.id not in constraints.previous:
        reasons.append(("swap", msg("consortium.fit.swapped_in")))
    if member.rank is not None:
        reasons.append(("rank", msg("consortium.fit.rank", rank=member.rank, lead=town(c.lead))))
    reasons.append(("country", _country_reason(c.call, member, first_of_country)))
    reasons.append(("population", _population_reason(c.lead, member, pinned)))
    shared = common_themes(c, member)
    for theme in shared[:THEMES_SHOWN]:
        if theme.evidence:
            evidence = listed(theme.evidence, limit=2)
            reasons.append(
                ("theme", msg("consortium.fit.theme", theme=theme.term, evidence=evidence))
            )
        else:
            reasons.append(("theme", msg("consortium.fit.theme_plain", theme=theme.term)))
    if not shared and c.focus:
        reasons.append(("theme", msg("consortium.fit.no_theme", lead=town(c.lead))))
    partners = [t for t in links if t.partners]
    if partners:
        names = [t.town.name for t in partners]
        reasons.append(("ties", msg("consortium.fit.partner_of", towns=listed(names))))
    for tie in [t for t in links if t.links][:2]:
        reasons.append(
            (
                "ties",
                msg(
                    "consortium.fit.linked",
                    town=Town(tie.town.name, tie.town.country_code),
                    links=listed(tie.links, 2),
                ),
            )
        )
    return [FitReason(kind=k, message=m) for k, m in reasons]


def _member(
    c: Consortium, member: CandidateTown, role: str, fit: list[FitReason], links: list[Tie]
) -> ConsortiumMember:
    lists = c.call.countries
    return ConsortiumMember(
        town=member.town,
        role="lead" if role == "lead" else "partner",
        pinned=member.id in c.pinned,
        swapped_in=any(r.kind == "swap" for r in fit),
        kind=member.kind,
        eu_member_state=member.country in lists.eu_codes,
        country_evidence=lists.evidence(member.country),
        score=member.score,
        rank=member.rank,
        reasons=member.reasons,
        fit=fit,
        themes=common_themes(c, member),
        ties=links,
    )


def _summary(c: Consortium, failed: int, warnings: int) -> Summary:
    n = len(c.members)
    if failed:
        message = plural("consortium.summary.failed", failed, call=c.call.rules.title)
    elif warnings:
        message = plural("consortium.summary.warnings", warnings, call=c.call.rules.title, size=n)
    else:
        message = plural("consortium.summary.passed", n, call=c.call.rules.title)
    return Summary(message=message)


# --- the entry points -----------------------------------------------------------------------


def build_consortium(
    call: Call,
    lead: CandidateTown,
    candidates: Sequence[CandidateTown],
    size: int,
    constraints: Constraints = Constraints(),
) -> ConsortiumResult:
    """A consortium of ``size`` towns (lead included) for ``call``, checked rule by rule.

    ``candidates`` are in rank order (best first) and include every pinned or kept town;
    raises BadConsortium for a request that cannot be built as asked (size, pins), and
    reports rules that cannot be met as failed checks, never as errors.
    """
    by_id = {c.id: c for c in candidates}
    validate(call, lead, size, constraints, by_id)
    missing = [i for i in (*constraints.pinned, *constraints.keep) if i not in by_id]
    if missing:
        raise ValueError(f"pinned or kept towns missing from the candidates: {missing}")
    fixed_ids = list(dict.fromkeys([*constraints.pinned, *constraints.keep]))
    fixed_ids = [i for i in fixed_ids if i != lead.id][: size - 1]
    fixed = [by_id[i] for i in fixed_ids]
    focus = focus_themes(lead, constraints.theme)
    pool, left_out = _pool(call, lead, candidates, set(fixed_ids), constraints, focus)
    ordered = priority(pool, [lead, *fixed])
    cap = call.rules.max_per_country(size)
    chosen = select_partners(call, [lead, *fixed], ordered, size - 1 - len(fixed), cap)
    chosen.sort(key=lambda m: ordered.index(m))
    partners = (*fixed, *chosen)
    taken = {m.id for m in partners}
    consortium = Consortium(
        call=call,
        lead=lead,
        partners=partners,
        size=size,
        pinned=frozenset(constraints.pinned),
        focus=focus,
        alternatives=tuple(c for c in candidates if c.id not in taken and c.id != lead.id),
        allowed=constraints.countries,
    )
    checks = check_consortium(consortium)
    failed = sum(1 for ch in checks if ch.verdict == "fail")
    warnings = sum(1 for ch in checks if ch.verdict == "warning")

    everyone = [lead, *partners]
    lead_fit = [FitReason(kind="lead", message=msg("consortium.fit.lead"))]
    themes = [t.term for t in lead.themes if t.code in focus]
    if themes:
        message = msg("consortium.fit.lead_themes", themes=listed(themes, 4))
        lead_fit.append(FitReason(kind="theme", message=message))
    members = [_member(consortium, lead, "lead", lead_fit, [])]
    seen: set[str] = {lead.country}
    for m in partners:
        links = [t for other in everyone if other.id != m.id and (t := ties(m, other))]
        fit = _fit(consortium, m, m.country not in seen, constraints, links)
        seen.add(m.country)
        members.append(_member(consortium, m, "partner", fit, links))
    return ConsortiumResult(
        call=call.rules.id,
        call_version=call.rules.version,
        call_name=call.rules.display_name(reader_language()),
        countries_version=f"{call.countries.id} v{call.countries.version}",
        lead=lead.town,
        size_requested=size,
        size_bound=SIZE_RATIO,
        max_per_country=max_per_country(consortium),
        members=members,
        checks=checks,
        passed=failed == 0,
        warnings=warnings,
        summary=_summary(consortium, failed, warnings),
        left_out=left_out,
        notes=call.rules.notes(reader_language()),
        excluded=sorted(constraints.excluded),
    )


def swap_member(
    call: Call,
    lead: CandidateTown,
    candidates: Sequence[CandidateTown],
    size: int,
    current: Sequence[str],
    out: str,
    constraints: Constraints = Constraints(),
) -> ConsortiumResult:
    """The consortium ``current`` (partner ids) with ``out`` replaced by the next-best
    candidate that keeps the rules met; the others stay, ``out`` is excluded from now on."""
    if out not in current:
        raise BadConsortium(msg("error.consortium.swap_unknown", town=out))
    pinned = tuple(p for p in constraints.pinned if p != out)
    keep = tuple(m for m in current if m != out and m not in pinned)
    swapped = Constraints(
        pinned=pinned,
        excluded=constraints.excluded | {out},
        countries=constraints.countries,
        keep=keep,
        theme=constraints.theme,
        swapped_out=out,
        previous=frozenset(current),
    )
    return build_consortium(call, lead, candidates, size, swapped)
