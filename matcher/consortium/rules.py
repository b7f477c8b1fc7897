"""The rules a consortium is checked against: one small function per rule, run by a list.

Each rule reads a :class:`Consortium` (the lead, the partners, what was pinned, the call) and
returns a :class:`RuleCheck` whose sentence says, on failure, exactly what to change ("add one
more EU Member State: suggestions from Czechia, Slovakia"), or None when the call does not
have that rule. The call's own rules come from its data file (matcher.calls); two are ours,
for plausibility, and say so: partners within SIZE_RATIO times the lead's population unless
pinned, and at most the call's share of members from one country.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from matcher.calls import Call
from matcher.consortium.model import (
    LOCAL_AUTHORITY_KINDS,
    CandidateTown,
    RuleCheck,
    ThemeEvidence,
    Verdict,
)
from matcher.i18n import Message, msg, plural
from matcher.i18n.message import Bullets, listed
from matcher.i18n.places import Country, Town

SIZE_RATIO = 10.0
"""A partner's population is within 10 times the lead's (either way) unless it is pinned: a
town of 29,000 is not offered Berlin, but a coordinator may pin a big partner she knows."""
SUGGESTED_COUNTRIES = 3
"""Countries named in a "suggestions from ..." hint."""


@dataclass(frozen=True)
class Consortium:
    """What the rules look at: the members, the call, and the candidates not taken."""

    call: Call
    lead: CandidateTown
    partners: tuple[CandidateTown, ...]
    size: int
    pinned: frozenset[str] = frozenset()
    focus: frozenset[str] = frozenset()
    """Theme codes that count as common: the requested theme, else the lead's themes."""
    alternatives: tuple[CandidateTown, ...] = ()
    """Other candidates in rank order (for "suggestions from ..." hints)."""
    allowed: frozenset[str] = frozenset()
    """The partners' country filter (empty: any)."""

    @property
    def members(self) -> tuple[CandidateTown, ...]:
        return (self.lead, *self.partners)

    @property
    def countries(self) -> set[str]:
        return {m.country for m in self.members} & self.call.countries.eligible_codes

    @property
    def call_name(self) -> object:
        return self.call.rules.title


def town(c: CandidateTown) -> Town:
    return Town(c.town.name, c.town.country_code)


def towns(items: Sequence[CandidateTown]) -> list[object]:
    return listed([town(c) for c in items], limit=4)


def within_bound(lead: CandidateTown, other: CandidateTown) -> bool | None:
    """Whether ``other``'s population is within SIZE_RATIO of the lead's (None: unknown)."""
    a, b = lead.town.population, other.town.population
    if not a or not b:
        return None
    return max(a, b) / min(a, b) <= SIZE_RATIO


def common_themes(c: Consortium, member: CandidateTown) -> list[ThemeEvidence]:
    """The member's themes that count as common, with its evidence."""
    return [t for t in member.themes if t.code in c.focus]


def max_per_country(c: Consortium) -> int:
    return c.call.rules.max_per_country(max(c.size, len(c.members)))


def _check(rule: str, verdict: Verdict, message: Message, **extra: list[str]) -> RuleCheck:
    return RuleCheck(rule=rule, verdict=verdict, message=message, **extra)


def suggest_countries(c: Consortium, *, eu_only: bool) -> tuple[list[str], bool]:
    """Countries not yet in the consortium that candidates come from, best-ranked first;
    and whether they lie outside the country filter (only when none inside does)."""
    lists = c.call.countries
    have = {m.country for m in c.members}
    inside: list[str] = []
    outside: list[str] = []
    for cand in c.alternatives:
        code = cand.country
        if code in have or code not in lists.eligible_codes:
            continue
        if eu_only and code not in lists.eu_codes:
            continue
        bucket = inside if not c.allowed or code in c.allowed else outside
        if code not in bucket:
            bucket.append(code)
    if inside:
        return inside[:SUGGESTED_COUNTRIES], False
    return outside[:SUGGESTED_COUNTRIES], bool(outside)


def _add_countries(c: Consortium, rule: str, missing: int, *, eu_only: bool) -> RuleCheck:
    codes, outside = suggest_countries(c, eu_only=eu_only)
    names = [Country(x) for x in codes]
    if eu_only and not codes:
        message = plural("consortium.rule.min_eu.fail_none", missing)
    elif eu_only and outside:
        message = plural("consortium.rule.min_eu.fail_outside", missing, countries=names)
    elif eu_only:
        message = plural("consortium.rule.min_eu.fail", missing, countries=names)
    elif not codes:
        message = plural("consortium.rule.min_countries.fail_none", missing)
    elif outside:
        message = plural("consortium.rule.min_countries.fail_outside", missing, countries=names)
    else:
        message = plural("consortium.rule.min_countries.fail", missing, countries=names)
    return _check(rule, "fail", message, suggest_countries=codes)


# --- the rules ------------------------------------------------------------------------------


def eligible_countries(c: Consortium) -> RuleCheck:
    lists = c.call.countries
    outside = [m for m in c.members if m.country not in lists.eligible_codes]
    version = f"{lists.id} v{lists.version}"
    if outside:
        message = msg(
            "consortium.rule.eligible.fail", towns=towns(outside), call=c.call_name, list=version
        )
        return _check("eligible_countries", "fail", message)
    message = msg("consortium.rule.eligible.pass", call=c.call_name, list=version)
    return _check("eligible_countries", "pass", message)


def country_sources(c: Consortium) -> RuleCheck | None:
    """Associated countries in the consortium whose association no source confirms: a
    warning naming the document (or its absence), never a silent pass."""
    lists = c.call.countries
    present = sorted({m.country for m in c.members} & (lists.eligible_codes - lists.eu_codes))
    if not present:
        return None
    parts: list[Message] = []
    announced = [x for x in present if lists.evidence(x) == "announced"]
    unverified = [x for x in present if lists.evidence(x) == "unverified"]
    conditional = [x for x in present if x in lists.conditional_codes]
    for source_id in sorted({a.source or "" for a in lists.associated if a.code in announced}):
        source = c.call.sources.get(source_id or "")
        codes = [a.code for a in lists.associated if a.code in announced and a.source == source_id]
        if source is not None:
            parts.append(
                msg(
                    "consortium.rule.sources.announced",
                    countries=[Country(x) for x in codes],
                    source=source.publisher,
                    date=source.date.isoformat(),
                    says=source.says,
                )
            )
    if unverified:
        parts.append(
            msg("consortium.rule.sources.unverified", countries=[Country(x) for x in unverified])
        )
    if conditional:
        parts.append(
            msg("consortium.rule.sources.conditional", countries=[Country(x) for x in conditional])
        )
    if not parts:
        message = msg("consortium.rule.sources.pass", countries=[Country(x) for x in present])
        return _check("country_sources", "pass", message)
    message = msg("consortium.rule.sources.warning", parts=Bullets(parts))
    return _check("country_sources", "warning", message)


def min_members(c: Consortium) -> RuleCheck:
    n, need = len(c.members), c.call.rules.min_members
    if n >= need:
        message = plural("consortium.rule.min_members.pass", n, min=need)
        return _check("min_members", "pass", message)
    message = plural("consortium.rule.min_members.fail", need - n, have=n, min=need)
    return _check("min_members", "fail", message)


def max_members(c: Consortium) -> RuleCheck | None:
    n, cap = len(c.members), c.call.rules.max_members
    if cap is None:
        return None
    if n <= cap:
        return _check("max_members", "pass", plural("consortium.rule.max_members.pass", n, max=cap))
    message = plural("consortium.rule.max_members.fail", n - cap, have=n, max=cap)
    return _check("max_members", "fail", message)


def min_countries(c: Consortium) -> RuleCheck:
    have, need = c.countries, c.call.rules.min_countries
    if len(have) >= need:
        names = [Country(x) for x in sorted(have)]
        message = plural("consortium.rule.min_countries.pass", len(have), countries=names, min=need)
        return _check("min_countries", "pass", message)
    return _add_countries(c, "min_countries", need - len(have), eu_only=False)


def min_eu_countries(c: Consortium) -> RuleCheck:
    have = c.countries & c.call.countries.eu_codes
    need = c.call.rules.min_eu_countries
    if len(have) >= need:
        names = [Country(x) for x in sorted(have)]
        message = plural("consortium.rule.min_eu.pass", len(have), countries=names, min=need)
        return _check("min_eu_countries", "pass", message)
    return _add_countries(c, "min_eu_countries", need - len(have), eu_only=True)


def country_share(c: Consortium) -> RuleCheck:
    cap = max_per_country(c)
    counts = Counter(m.country for m in c.members)
    over = sorted((code for code, n in counts.items() if n > cap), key=lambda x: (-counts[x], x))
    if not over:
        return _check("country_share", "pass", plural("consortium.rule.share.pass", cap))
    code = over[0]
    movable = [m for m in c.partners if m.country == code and m.id not in c.pinned]
    message = plural(
        "consortium.rule.share.fail",
        counts[code] - cap,
        country=Country(code),
        have=counts[code],
        max=cap,
        towns=towns(list(reversed(movable))[: counts[code] - cap] or movable),
    )
    return _check("country_share", "fail", message)


def population_bound(c: Consortium) -> RuleCheck:
    ratio = int(SIZE_RATIO)
    lead = town(c.lead)
    if not c.lead.town.population:
        return _check("size_bound", "warning", msg("consortium.rule.size.lead_unknown", lead=lead))
    out = [m for m in c.partners if within_bound(c.lead, m) is False]
    loose = [m for m in out if m.id not in c.pinned]
    pinned = [m for m in out if m.id in c.pinned]
    low = round(c.lead.town.population / SIZE_RATIO)
    high = round(c.lead.town.population * SIZE_RATIO)
    figures = {"ratio": ratio, "lead": lead, "low": low, "high": high}
    if loose:
        message = msg("consortium.rule.size.fail", towns=towns(loose), **figures)
        return _check("size_bound", "fail", message)
    if pinned:
        message = msg("consortium.rule.size.pinned", towns=towns(pinned), **figures)
        return _check("size_bound", "warning", message)
    return _check("size_bound", "pass", msg("consortium.rule.size.pass", **figures))


def common_theme(c: Consortium) -> RuleCheck:
    lead = town(c.lead)
    if not c.focus:
        return _check("common_theme", "warning", msg("consortium.rule.theme.none", lead=lead))
    lacking = [m for m in c.partners if not common_themes(c, m)]
    if lacking:
        message = msg("consortium.rule.theme.fail", towns=towns(lacking), lead=lead)
        return _check("common_theme", "fail", message)
    shared = {t.code: t.term for m in c.partners for t in common_themes(c, m)}
    themes = listed([shared[k] for k in sorted(shared)], limit=4)
    message = msg("consortium.rule.theme.pass", lead=lead, themes=themes)
    return _check("common_theme", "pass", message)


def lead_local_authority(c: Consortium) -> RuleCheck | None:
    if not c.call.rules.lead_must_be_local_authority:
        return None
    lead = town(c.lead)
    if c.lead.kind in LOCAL_AUTHORITY_KINDS:
        return _check("lead_local_authority", "pass", msg("consortium.rule.lead.pass", lead=lead))
    return _check("lead_local_authority", "fail", msg("consortium.rule.lead.fail", lead=lead))


def municipalities(c: Consortium) -> RuleCheck | None:
    if not c.call.rules.members_must_be_municipalities:
        return None
    others = [m for m in c.members if m.kind not in LOCAL_AUTHORITY_KINDS]
    if not others:
        return _check("municipalities", "pass", msg("consortium.rule.municipalities.pass"))
    message = msg("consortium.rule.municipalities.fail", towns=towns(others))
    return _check("municipalities", "fail", message)


Rule = Callable[[Consortium], RuleCheck | None]

RULES: tuple[Rule, ...] = (
    eligible_countries,
    country_sources,
    min_members,
    max_members,
    min_countries,
    min_eu_countries,
    country_share,
    population_bound,
    common_theme,
    lead_local_authority,
    municipalities,
)
"""Every rule, in the order the check shows them."""


def check_consortium(c: Consortium) -> list[RuleCheck]:
    """Every rule that applies to ``c``'s call, checked."""
    return [check for rule in RULES if (check := rule(c)) is not None]
