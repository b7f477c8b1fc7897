"""Names of the data's vocabularies in every language: the themes of cooperation.

The data (``data/themes.csv``) holds each theme's code with English and Polish names; the
catalogue names each in every language (``theme.*``), so a German reader reads German.
A code the catalogue does not know yet keeps the data's names (a test fails on one).
"""

from __future__ import annotations

from collections.abc import Mapping

from matcher.i18n.message import N_, Term

THEME_KEYS: Mapping[str, str] = {
    "climate-energy": N_("theme.climate_energy"),
    "culture-heritage": N_("theme.culture_heritage"),
    "digital": N_("theme.digital"),
    "economy-innovation": N_("theme.economy_innovation"),
    "education-youth": N_("theme.education_youth"),
    "employment-skills": N_("theme.employment_skills"),
    "environment-nature": N_("theme.environment_nature"),
    "governance-participation": N_("theme.governance_participation"),
    "health": N_("theme.health"),
    "mobility": N_("theme.mobility"),
    "peace-democracy": N_("theme.peace_democracy"),
    "rural-agriculture": N_("theme.rural_agriculture"),
    "security-resilience": N_("theme.security_resilience"),
    "social-inclusion": N_("theme.social_inclusion"),
    "sport": N_("theme.sport"),
    "tourism": N_("theme.tourism"),
    "urban-regeneration": N_("theme.urban_regeneration"),
    "water-maritime": N_("theme.water_maritime"),
}
"""Theme code -> catalogue key of its name."""


def theme_term(code: str, names: Mapping[str, str] | None = None) -> Term:
    """Theme ``code`` as a label that names itself in the reader's language (the
    catalogue's name, else the data's ``names``)."""
    return Term(code, names, key=THEME_KEYS.get(code, ""))
