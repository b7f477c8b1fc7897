"""Consortium builder: partners for a lead town that fit it and pass an EU call's rules.

- :mod:`matcher.consortium.model`: typed inputs (candidates with themes and ties) and results;
- :mod:`matcher.consortium.rules`: one small function per rule, each failure saying what to
  change;
- :mod:`matcher.consortium.build`: pin, exclude, restrict countries, swap, fill the rest.
"""

from matcher.consortium.build import (
    TIE_BONUS,
    Constraints,
    build_consortium,
    select_partners,
    size_range,
    swap_member,
)
from matcher.consortium.model import (
    LOCAL_AUTHORITY_KINDS,
    MAX_SIZE,
    BadConsortium,
    CandidateTown,
    ConsortiumMember,
    ConsortiumResult,
    RuleCheck,
    ThemeEvidence,
)
from matcher.consortium.rules import RULES, SIZE_RATIO, Consortium, check_consortium

__all__ = [
    "LOCAL_AUTHORITY_KINDS",
    "MAX_SIZE",
    "RULES",
    "SIZE_RATIO",
    "TIE_BONUS",
    "BadConsortium",
    "CandidateTown",
    "Consortium",
    "ConsortiumMember",
    "ConsortiumResult",
    "Constraints",
    "RuleCheck",
    "ThemeEvidence",
    "build_consortium",
    "check_consortium",
    "select_partners",
    "size_range",
    "swap_member",
]
