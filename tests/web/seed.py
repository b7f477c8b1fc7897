"""The small dataset the browser tests run on: sixteen towns in seven countries, partnerships,
themes, networks, profiles, a project, and a curator with a known key.

The real ranker is fitted on it, so it holds enough partnerships (mostly between spa towns
sharing themes and a network) for the learned factors to point the sensible way.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session

from matcher.models import (
    Membership,
    Network,
    Participation,
    Partnership,
    Project,
    Theme,
    Town,
    TownProfile,
    TownTheme,
)
from matcher.users import create_user

ZAKOPANE = "PL-1217011"
KRAKOW = "PL-1261011"
GDANSK = "PL-2261011"
LODZ = "PL-1061011"
KRYNICA = "PL-1210044"
SOPOT = "PL-2264011"


@dataclass(frozen=True)
class SeedTown:
    id: str
    name: str
    ascii: str
    cc: str
    lat: float
    lon: float
    pop: int
    alt: str = ""


TOWNS: tuple[SeedTown, ...] = (
    SeedTown(ZAKOPANE, "Zakopane", "zakopane", "PL", 49.30, 19.95, 27_000),
    SeedTown(KRAKOW, "Kraków", "krakow", "PL", 50.06, 19.94, 804_237, "Cracow|Krakau"),
    SeedTown(GDANSK, "Gdańsk", "gdansk", "PL", 54.35, 18.65, 486_000, "Danzig"),
    SeedTown(LODZ, "Łódź", "lodz", "PL", 51.76, 19.46, 658_000, "Lodz"),
    SeedTown("GN-2955224", "Bad Reichenhall", "bad reichenhall", "DE", 47.72, 12.88, 18_000),
    SeedTown("GN-2867714", "München", "munchen", "DE", 48.14, 11.58, 1_260_391, "Munich"),
    SeedTown("GN-3019265", "Évian-les-Bains", "evian-les-bains", "FR", 46.40, 6.59, 9_000),
    SeedTown("GN-3037656", "Chamonix-Mont-Blanc", "chamonix-mont-blanc", "FR", 45.92, 6.87, 8_900),
    SeedTown("GN-3183455", "Bormio", "bormio", "IT", 46.47, 10.37, 4_100),
    SeedTown("GN-3067696", "Karlovy Vary", "karlovy vary", "CZ", 50.23, 12.87, 48_000),
    SeedTown("GN-3060972", "Bardejov", "bardejov", "SK", 49.29, 21.28, 33_000),
    SeedTown("GN-593116", "Druskininkai", "druskininkai", "LT", 54.02, 23.97, 12_000),
    SeedTown(KRYNICA, "Krynica-Zdrój", "krynica-zdroj", "PL", 49.42, 20.96, 10_500),
    SeedTown(SOPOT, "Sopot", "sopot", "PL", 54.44, 18.56, 35_000),
    SeedTown("GN-2953504", "Baden-Baden", "baden-baden", "DE", 48.76, 8.24, 55_000),
    SeedTown("GN-2944388", "Bremen", "bremen", "DE", 53.08, 8.80, 569_000),
)

THEMES = (
    ("tourism", "Tourism", "Turystyka"),
    ("health-spa", "Health and spa", "Zdrowie i uzdrowiska"),
    ("culture-heritage", "Culture and heritage", "Kultura i dziedzictwo"),
)

# town id -> theme codes (each backed by a network membership below)
TOWN_THEMES: dict[str, tuple[str, ...]] = {
    ZAKOPANE: ("tourism", "health-spa"),
    "GN-2955224": ("health-spa",),
    "GN-3019265": ("health-spa", "tourism"),
    "GN-3037656": ("tourism",),
    "GN-3067696": ("health-spa", "culture-heritage"),
    "GN-3060972": ("health-spa", "culture-heritage"),
    "GN-593116": ("health-spa",),
    KRAKOW: ("culture-heritage",),
    KRYNICA: ("health-spa", "tourism"),
    SOPOT: ("health-spa", "tourism"),
    "GN-2953504": ("health-spa", "culture-heritage"),
}

# Zakopane keeps exactly two partners (the town page test counts them); the rest teach the
# ranker that spa towns sharing a network twin with each other.
PARTNERSHIPS = (
    (ZAKOPANE, "GN-3037656"),
    (ZAKOPANE, "GN-3183455"),
    (KRAKOW, "GN-2867714"),
    (GDANSK, "GN-2944388"),
    (KRYNICA, "GN-3060972"),
    (SOPOT, "GN-593116"),
    ("GN-3067696", "GN-2953504"),
    ("GN-2955224", "GN-3019265"),
    (KRYNICA, "GN-2955224"),
    (SOPOT, "GN-2953504"),
)

SPA = "Spa town with mineral springs, health resorts and wellness tourism."
HANSA = "Hanseatic port city on the sea with maritime heritage and shipyards."
PROFILES: dict[str, tuple[str, str, str]] = {
    ZAKOPANE: (
        "Mountain resort in the Tatras, winter capital of Poland.",
        "Mountain rescue know-how, highland culture.",
        "Spa towns working on health tourism.",
    ),
    KRYNICA: (SPA, "Mineral water cures.", "Partners in spa and health tourism."),
    "GN-3067696": (SPA, "Film festival, spa architecture.", "Spa towns for cultural exchange."),
    "GN-3060972": (SPA, "Heritage old town, spa.", "Health tourism partners."),
    "GN-593116": (SPA, "Spa and wellness tourism.", "Spa towns abroad."),
    "GN-2953504": (SPA, "Spa and festival culture.", "Spa towns in central Europe."),
    "GN-2955224": (SPA, "Salt baths and alpine spa.", "Spa towns abroad."),
    "GN-3019265": (SPA, "Mineral water and lake spa.", "Spa towns abroad."),
    SOPOT: (SPA, "Seaside spa and pier.", "Spa towns on lakes and seas."),
    GDANSK: (HANSA, "Shipyards, maritime heritage.", "Hanseatic port cities."),
    "GN-2944388": (HANSA, "Maritime trade, science.", "Hanseatic port cities."),
    KRAKOW: ("Royal city, culture and universities.", "Heritage, universities.", "Big cities."),
    "GN-2867714": ("Royal city, culture and universities.", "Museums, universities.", "Cities."),
}

CURATOR = "web-curator"


EDITORS = (LODZ, KRYNICA, SOPOT, "GN-2955224", "GN-3067696", "GN-3060972", "GN-593116")
"""Towns with an editor (the profile and interest tests sign in as them)."""


@dataclass(frozen=True)
class Seeded:
    curator_key: str
    editor_keys: dict[str, str]


def _town(t: SeedTown) -> Town:
    gmina = t.cc == "PL"
    return Town(
        id=t.id,
        name=t.name,
        name_ascii=t.ascii,
        country_code=t.cc,
        latitude=t.lat,
        longitude=t.lon,
        population=t.pop,
        kind="gmina" if gmina else "place",
        teryt=t.id[3:] if gmina else None,
        geonameid=None if gmina else int(t.id[3:]),
        voivodeship="małopolskie" if gmina else None,
        region_name=None if gmina else "Region",
        gmina_type="urban" if gmina else None,
        area_km2=84.0 if t.id == ZAKOPANE else None,
        degurba=2,
        coastal=t.id == GDANSK,
        alt_names=t.alt,
        sources="gus-2024,geonames" if gmina else "geonames",
    )


def seed(engine: Engine) -> Seeded:
    """Fill ``engine`` (tables already created) with the test data; return the curator's key."""
    with Session(engine) as session:
        session.add_all(_town(t) for t in TOWNS)
        session.add_all(Theme(code=c, name_en=en, name_pl=pl) for c, en, pl in THEMES)
        session.add(Network(id="spa-net", kind="etmun", name="European Spa Towns"))
        session.add(
            Project(
                id="keep-1", programme="Interreg PL-SK", acronym="TATRY", title="Mountain trails"
            )
        )
        session.commit()
        for town_id, codes in TOWN_THEMES.items():
            session.add(Membership(town_id=town_id, network_id="spa-net", role="member", year=2015))
            for code in codes:
                session.add(
                    TownTheme(
                        town_id=town_id,
                        theme_code=code,
                        source_kind="network",
                        source_id="spa-net",
                        evidence="Member of European Spa Towns",
                    )
                )
        session.add(Participation(town_id=ZAKOPANE, project_id="keep-1", role="lead"))
        for a, b in PARTNERSHIPS:
            session.add(Partnership(town_a_id=min(a, b), town_b_id=max(a, b)))
        session.add_all(
            TownProfile(
                town_id=town_id,
                description=description,
                offers=offers,
                seeks=seeks,
                themes=",".join(TOWN_THEMES.get(town_id, ())),
                languages="pl,en" if town_id.startswith("PL-") else "en",
            )
            for town_id, (description, offers, seeks) in PROFILES.items()
        )
        session.commit()
        key = create_user(session, CURATOR, "curator").key
        editors = {t: create_user(session, f"editor-{t}", "editor", t).key for t in EDITORS}
    return Seeded(curator_key=key, editor_keys=editors)
