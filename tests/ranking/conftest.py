"""A small random world of towns for the ranking tests, loaded into an in-memory database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from matcher.config import Settings
from matcher.embeddings.fake import FakeEncoder
from matcher.models import (
    Membership,
    Network,
    Partnership,
    Theme,
    Town,
    TownProfile,
    TownTheme,
)
from matcher.ranking.model import RankerArtifact
from matcher.ranking.service import RankingService, embed_texts, load_context
from matcher.ranking.train import fit_ranker
from matcher.ranking.training_data import training_inputs

COUNTRIES = ("PL", "DE", "FR", "LT", "CZ")
THEMES = (
    ("culture-heritage", "culture and heritage", "kultura i dziedzictwo"),
    ("tourism", "tourism", "turystyka"),
    ("climate-energy", "climate and energy", "klimat i energia"),
)
NETWORKS = (("cittaslow", "Cittaslow"), ("ubc", "Union of the Baltic Cities"))
WORDS = ("spa", "harbour", "heritage", "wine", "mining", "students", "forest", "festival")


def seed_world(session: Session, *, n: int = 60, seed: int = 7) -> None:
    """Random towns in five countries, random links, themes, networks and texts."""
    rng = np.random.default_rng(seed)
    for code, en, pl in THEMES:
        session.add(Theme(code=code, name_en=en, name_pl=pl))
    for nid, name in NETWORKS:
        session.add(
            Network(id=nid, kind="etmun", name=name, description=f"{name} network of towns")
        )
    ids = []
    for i in range(n):
        country = COUNTRIES[i % len(COUNTRIES)]
        town_id = f"{'PL' if country == 'PL' else 'GN'}-{1000 + i}"
        ids.append(town_id)
        session.add(
            Town(
                id=town_id,
                name=f"Town{i}",
                name_ascii=f"town{i}",
                kind="gmina" if country == "PL" else "place",
                country_code=country,
                latitude=float(45 + rng.random() * 10),
                longitude=float(5 + rng.random() * 20),
                population=int(rng.integers(1_000, 500_000)),
                region_code=f"R{i % 3}",
                region_name=f"Region {i % 3}",
                voivodeship=f"woj{i % 3}" if country == "PL" else None,
            )
        )
    session.add(
        Town(
            id="GN-9999",
            name="Faraway",
            name_ascii="faraway",
            kind="external",
            country_code="US",
            latitude=40.0,
            longitude=-75.0,
            population=100_000,
        )
    )
    session.commit()
    pairs = set()
    while len(pairs) < n * 2:
        a, b = sorted(rng.choice(n, size=2, replace=False))
        if COUNTRIES[a % 5] != COUNTRIES[b % 5]:
            pairs.add((ids[a], ids[b]))
    pairs |= {(ids[0], "GN-9999"), (ids[1], "GN-9999"), (ids[2], "GN-9999")}
    for a, b in sorted(pairs):
        session.add(Partnership(town_a_id=a, town_b_id=b))
    for i, town_id in enumerate(ids):
        if i % 2 == 0:
            code = THEMES[i % 3][0]
            session.add(
                TownTheme(
                    town_id=town_id,
                    theme_code=code,
                    source_kind="network",
                    source_id="cittaslow",
                    evidence="x",
                )
            )
        if i % 3 == 0:
            session.add(Membership(town_id=town_id, network_id=NETWORKS[i % 2][0]))
        if i % 4 == 0:
            words = rng.choice(WORDS, size=3, replace=False)
            session.add(
                TownProfile(
                    town_id=town_id,
                    description=f"A town of {words[0]} and {words[1]}",
                    offers=f"experience with {words[1]}",
                    seeks=f"partners for {words[2]}",
                )
            )
    session.commit()


QUERY_TOWNS: tuple[tuple[str, str, str, int, bool | None, str, str], ...] = (
    # id, name, country, population, coastal, alt names, profile text ("" = none)
    ("GN-2001", "Bad Kissingen", "DE", 12_000, False, "", "spa town of springs and parks"),
    ("GN-2002", "Aix-les-Bains", "FR", 30_000, False, "", "spa on the lake, thermal baths"),
    ("GN-2003", "Vals-les-Bains", "FR", 3_800, False, "", "spa in the Ardeche, mineral water"),
    ("GN-2004", "Évian-les-Bains", "FR", 8_200, False, "", ""),
    ("GN-2005", "Saint-Malo", "FR", 46_000, True, "", "harbour and heritage by the sea"),
    ("GN-2006", "Mers-les-Bains", "FR", 3_500, True, "", "spa and beach by the sea"),
    ("PL-2007", "Busko-Zdrój", "PL", 15_000, False, "", "spa town, sulphur springs"),
    ("GN-2008", "Karlovy Vary", "CZ", 48_000, False, "Karlsbad|Carlsbad", "spa and festival"),
    ("GN-2009", "Saint-Tropez", "FR", 4_000, True, "", ""),
)
"""Named towns for the query-understanding tests: spa names, coastal flags, one spa known by
its alternative name only, towns with and without profile text."""


def seed_query_towns(session: Session) -> None:
    """Add :data:`QUERY_TOWNS` (with a few partnerships) to a seeded world."""
    for i, (town_id, name, country, population, coastal, alts, text) in enumerate(QUERY_TOWNS):
        session.add(
            Town(
                id=town_id,
                name=name,
                name_ascii=name.lower(),
                kind="gmina" if country == "PL" else "place",
                country_code=country,
                latitude=46.0 + i / 2,
                longitude=6.0 + i,
                population=population,
                region_code="R0",
                region_name="Region 0",
                voivodeship="woj0" if country == "PL" else None,
                coastal=coastal,
                alt_names=alts,
            )
        )
        if text:
            session.add(TownProfile(town_id=town_id, description=text))
    session.commit()
    for a, b in (("GN-2004", "PL-1010"), ("GN-2004", "GN-1011"), ("GN-2006", "PL-1015")):
        session.add(Partnership(town_a_id=a, town_b_id=b))
    session.commit()


@pytest.fixture
def world(engine: Engine) -> Engine:
    with Session(engine) as session:
        seed_world(session)
        seed_query_towns(session)
    return engine


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url="sqlite://",
        var_dir=tmp_path / "var",
        data_dir=tmp_path / "data",
        ranker_path=tmp_path / "ranker.json",
    )


@pytest.fixture
def service(world: Engine, settings: Settings) -> Iterator[RankingService]:
    encoder = FakeEncoder(16)
    inputs = training_inputs(world, lambda t: embed_texts(settings, encoder, t))
    ranker, counts = fit_ranker(
        inputs.pool, inputs.graph, inputs.texts, inputs.attributes, progress=False
    )
    artifact = RankerArtifact(ranker, "test", "x", encoder.model_id, counts)
    ctx = load_context(world, settings, encoder, ranker)
    yield RankingService(world, settings, encoder, ctx, artifact)
