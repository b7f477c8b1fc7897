"""A handful of towns, themes, networks, projects and users for API tests."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session

from matcher.models import (
    GminaIndicator,
    Membership,
    Network,
    Nuts3Region,
    Participation,
    Partnership,
    Project,
    Region,
    RegionName,
    Theme,
    Town,
    TownName,
    TownTheme,
)
from matcher.results import TownRef
from matcher.users import create_user

KRAKOW = "PL-1261011"
WARSZAWA = "PL-1465011"
BERLIN = "GN-2950159"
MUNICH = "GN-2867714"
PARIS = "GN-2988507"
LYON = "GN-2996944"


def _gmina(id_: str, name: str, ascii_: str, lat: float, lon: float, pop: int) -> Town:
    return Town(
        id=id_,
        name=name,
        name_ascii=ascii_,
        country_code="PL",
        latitude=lat,
        longitude=lon,
        population=pop,
        kind="gmina",
        teryt=id_[3:],
        powiat="Kraków" if name == "Kraków" else "Warszawa",
        voivodeship="małopolskie" if name == "Kraków" else "mazowieckie",
        gmina_type="urban",
        region_code="77" if name == "Kraków" else "78",
        nuts3="PL213" if name == "Kraków" else None,
        nuts3_method="lau" if name == "Kraków" else None,
        area_km2=326.8 if name == "Kraków" else 517.2,
        degurba=1,
        coastal=False,
        sources="gus,geonames_powiat_centre,lau",
    )


def _place(id_: str, name: str, cc: str, lat: float, lon: float, pop: int, alt: str) -> Town:
    return Town(
        id=id_,
        name=name,
        name_ascii=name.lower(),
        country_code=cc,
        latitude=lat,
        longitude=lon,
        population=pop,
        kind="place",
        geonameid=int(id_[3:]),
        region_code="02" if name == "Munich" else None,
        region_name="Bavaria" if name == "Munich" else None,
        nuts3="DE212" if name == "Munich" else None,
        nuts3_method="nearest" if name == "Munich" else None,
        alt_names=alt,
        sources="geonames",
    )


def towns() -> list[Town]:
    return [
        _gmina(KRAKOW, "Kraków", "krakow", 50.06, 19.94, 804_237),
        _gmina(WARSZAWA, "Warszawa", "warszawa", 52.23, 21.01, 1_861_975),
        _place(BERLIN, "Berlin", "DE", 52.52, 13.40, 3_426_354, "Berlin|Berlín"),
        _place(MUNICH, "Munich", "DE", 48.14, 11.58, 1_260_391, "München|Monachium"),
        _place(PARIS, "Paris", "FR", 48.85, 2.35, 2_138_551, "Paryż"),
        _place(LYON, "Lyon", "FR", 45.75, 4.85, 472_317, "Lyons|Lugdunum"),
    ]


def statistics() -> list[object]:
    """Regions, region names, NUTS 3 regions, exonyms and GUS indicators of the towns."""
    return [
        Region(
            id="PL.77",
            country_code="PL",
            admin1_code="77",
            name="Lesser Poland",
            iso_code="PL-12",
            iso_method="nuts",
        ),
        Region(
            id="DE.02",
            country_code="DE",
            admin1_code="02",
            name="Bavaria",
            iso_code="DE-BY",
            iso_method="name",
        ),
        RegionName(region_id="PL.77", lang="en", name="Lesser Poland", source="geonames"),
        RegionName(region_id="PL.77", lang="pl", name="województwo małopolskie", source="gus"),
        RegionName(
            region_id="PL.77",
            lang="pl",
            form="official",
            name="województwo małopolskie",
            source="gus",
        ),
        RegionName(
            region_id="PL.77", lang="pl", form="adjective", name="małopolskie", source="gus"
        ),
        RegionName(region_id="PL.77", lang="de", name="Kleinpolen", source="pycountry"),
        RegionName(region_id="DE.02", lang="en", name="Bavaria", source="geonames"),
        RegionName(region_id="DE.02", lang="pl", name="Bawaria", source="pycountry"),
        RegionName(region_id="DE.02", lang="de", name="Bayern", source="iso3166-2"),
        Nuts3Region(
            code="PL213",
            country_code="PL",
            name="Miasto Kraków",
            name_latn="Miasto Kraków",
            mountain=4,
            urban_rural=1,
            coastal=3,
            population=779115,
            population_change=4000,
            density=2384.1,
            fertility=1.41,
            gdp_index=68.0,
            edition="2021",
        ),
        Nuts3Region(
            code="DE212",
            country_code="DE",
            name="München, Kreisfreie Stadt",
            name_latn="München, Kreisfreie Stadt",
            mountain=4,
            urban_rural=1,
            coastal=3,
            population=1471508,
            population_change=-1,
            density=4736.0,
            fertility=None,
            gdp_index=None,
            edition="2021",
        ),
        TownName(town_id=MUNICH, lang="pl", name="Monachium", source="geonames+morfeusz"),
        GminaIndicator(
            town_id=KRAKOW,
            indicator="unemployment",
            value=2.1,
            edition="2026-10-03",
            source="gus_bdl",
        ),
        GminaIndicator(
            town_id=KRAKOW,
            indicator="pit_per_inhabitant",
            value=3659.08,
            year=2025,
            edition="2026-10-04",
            source="gus_bdl",
        ),
        GminaIndicator(
            town_id=KRAKOW,
            indicator="net_migration",
            value=-0.5,
            edition="2026-10-03",
            source="gus_bdl",
        ),
    ]


def town_refs() -> dict[str, TownRef]:
    return {
        t.id: TownRef(
            id=t.id,
            name=t.name,
            country_code=t.country_code,
            latitude=t.latitude,
            longitude=t.longitude,
            population=t.population,
        )
        for t in towns()
    }


@dataclass(frozen=True)
class Keys:
    """API keys of the seeded users."""

    editor: str  # editor of Kraków
    other_editor: str  # editor of Warszawa
    curator: str
    admin: str


def seed(engine: Engine) -> Keys:
    """Fill ``engine`` with the test towns and users; return the users' keys."""
    with Session(engine) as session:
        session.add_all(towns())
        session.add_all(
            [
                Theme(code="culture-heritage", name_en="Culture and heritage", name_pl="Kultura"),
                Theme(code="climate-energy", name_en="Climate and energy", name_pl="Klimat"),
            ]
        )
        session.add(Network(id="cittaslow", kind="etmun", name="Cittaslow"))
        session.add(Project(id="cb-1", programme="Interreg PL-DE", acronym="HERIT", title="Old"))
        session.commit()
        session.add_all(statistics())
        session.commit()
        session.add_all(
            [
                Membership(town_id=KRAKOW, network_id="cittaslow", role="member", year=2012),
                Participation(town_id=KRAKOW, project_id="cb-1", role="lead"),
                TownTheme(
                    town_id=KRAKOW,
                    theme_code="culture-heritage",
                    source_kind="network",
                    source_id="cittaslow",
                    evidence="Cittaslow member",
                ),
                Partnership(town_a_id=KRAKOW, town_b_id=LYON),
            ]
        )
        session.commit()
        return Keys(
            editor=create_user(session, "krakow-editor", "editor", KRAKOW).key,
            other_editor=create_user(session, "warsaw-editor", "editor", WARSZAWA).key,
            curator=create_user(session, "curator", "curator").key,
            admin=create_user(session, "admin", "admin").key,
        )
