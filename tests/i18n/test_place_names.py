"""Region names and exonyms from the database reach the reasons the service writes."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from matcher.config import Settings
from matcher.embeddings.fake import FakeEncoder
from matcher.i18n import translator
from matcher.i18n.places import PlaceNames, Region, Town, load_place_names
from matcher.models import Partnership, RegionName, TownName
from matcher.models import Region as RegionRow
from matcher.models import Town as TownRow
from matcher.ranking.service import load_context
from matcher.ranking.train import fit_ranker
from matcher.ranking.training_data import training_inputs
from tests.ranking.conftest import seed_world

SAXONY = {"en": "Saxony", "de": "Sachsen", "pl": "Saksonia"}


def _name_regions(engine: Engine) -> None:
    """Every non-Polish region of the seeded world is 'Saxony', named in three languages;
    GN-1001 has the Polish exonym 'Drezno'."""
    with Session(engine) as session:
        for country in ("DE", "FR", "CZ", "IT", "US"):
            for k in range(3):
                region_id = f"{country}.R{k}"
                session.add(
                    RegionRow(id=region_id, country_code=country, admin1_code=f"R{k}", name="x")
                )
                for lang, name in SAXONY.items():
                    session.add(
                        RegionName(
                            region_id=region_id, lang=lang, form="name", name=name, source="test"
                        )
                    )
        session.add(TownName(town_id="GN-1001", lang="pl", name="Drezno", source="test"))
        session.commit()


def test_load_place_names_reads_every_language(engine: Engine) -> None:
    with Session(engine) as session:
        seed_world(session, n=20)
    _name_regions(engine)
    with engine.connect() as conn:
        names = load_place_names(conn)
    assert names.regions["DE.R1"] == SAXONY
    assert names.towns["GN-1001"] == {"pl": "Drezno"}
    assert names.region("DE", "R1", "Region 1") == Region("DE", "Region 1", SAXONY)
    assert names.town("GN-1001", "Town1", "DE") == Town("Town1", "DE", {"pl": "Drezno"})


def test_a_database_without_the_name_tables_gives_the_data_names(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.exec_driver_sql("DROP TABLE regionname")
        conn.exec_driver_sql("DROP TABLE townname")
        names = load_place_names(conn)
    assert names == PlaceNames()
    t = translator("pl")
    assert names.region("DE", "10", "Schleswig-Holstein").localize(t, "gen") == (
        "regionu Schleswig-Holstein"
    )


def test_the_service_names_real_regions_and_exonyms(engine: Engine, tmp_path: Path) -> None:
    with Session(engine) as session:
        seed_world(session, n=40)
        # a shared partner of PL-1000 and the candidate, which has a Polish exonym
        session.add(
            TownRow(
                id="GN-5000", name="Dresden", name_ascii="dresden", country_code="DE", kind="place"
            )
        )
        session.add(Partnership(town_a_id="PL-1000", town_b_id="GN-5000"))
        session.add(Partnership(town_a_id="GN-1001", town_b_id="GN-5000"))
        session.add(TownName(town_id="GN-5000", lang="pl", name="Drezno", source="test"))
        session.commit()
    _name_regions(engine)
    settings = Settings(database_url="sqlite://", var_dir=tmp_path, ranker_path=tmp_path / "r")
    encoder = FakeEncoder(16)
    from matcher.ranking.service import embed_texts

    inputs = training_inputs(engine, lambda t: embed_texts(settings, encoder, t))
    ranker, _ = fit_ranker(
        inputs.pool, inputs.graph, inputs.texts, inputs.attributes, progress=False
    )
    ctx = load_context(engine, settings, encoder, ranker)
    from matcher.ranking.engine import explain_pair

    pair = explain_pair(ctx, "PL-1000", "GN-1001")  # PL-1000: woj0; GN-1001: DE, region R1
    by_factor = {r.factor: r for r in pair.reasons}
    regional = by_factor["regional_affinity"]
    assert "Saksoni" in regional.render("pl") and "Sachsen" in regional.render("de")
    assert "Saxony" in regional.render("en") and "Region 1" not in regional.render("pl")
    partners = by_factor["partners_of_partners"].render("pl")
    assert "Drezno" in partners and "Dresden" not in partners
    assert "Dresden" in by_factor["partners_of_partners"].evidence["value"]  # language-free
