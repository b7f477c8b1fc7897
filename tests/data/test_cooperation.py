"""build_cooperation on hand-written fixtures: frames match the tables, towns resolve, themes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from matcher.data.cooperation import (
    FRAME_COLUMNS,
    SORT_KEYS,
    CooperationFrames,
    MatchRate,
    build_cooperation,
    cooperation_report,
)
from matcher.data.resolve import TownIndex
from matcher.models import (
    Membership,
    Network,
    Participation,
    Project,
    Theme,
    Town,
    TownTheme,
)

FIXTURES = Path(__file__).parent / "fixtures" / "raw"
TABLES: dict[str, type[SQLModel]] = {
    "themes": Theme,
    "networks": Network,
    "memberships": Membership,
    "projects": Project,
    "participations": Participation,
    "town_themes": TownTheme,
}
TOWNS = pd.DataFrame(
    [
        ("PL-1261011", "Kraków", "PL", 50.0614, 19.9366, 800_000, 3094802, "Cracow|Krakau"),
        ("PL-2815011", "Lidzbark Warmiński", "PL", 54.1262, 20.5808, 15_000, None, ""),
        ("PL-0663011", "Lublin", "PL", 51.2465, 22.5684, 330_000, None, "Lublin"),
        ("GN-3172153", "Orvieto", "IT", 42.7185, 12.1109, 21_000, 3172153, ""),
        ("GN-3173435", "Milano", "IT", 45.4642, 9.1900, 1_300_000, 3173435, "Milan|Mailand"),
        ("GN-2988507", "Paris", "FR", 48.8534, 2.3488, 2_100_000, 2988507, ""),
    ],
    columns=[
        "id",
        "name",
        "country_code",
        "latitude",
        "longitude",
        "population",
        "geonameid",
        "alt_names",
    ],
)


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return build_cooperation(FIXTURES, TOWNS, TownIndex.from_frame(TOWNS))


def test_frames_have_the_table_columns_without_id(frames: dict[str, pd.DataFrame]) -> None:
    for name, model in TABLES.items():
        fields = [f for f in model.model_fields if f != "id" or name in ("networks", "projects")]
        assert list(frames[name].columns) == FRAME_COLUMNS[name]
        assert set(FRAME_COLUMNS[name]) == set(fields), name


def test_frames_are_sorted_without_duplicate_keys(frames: dict[str, pd.DataFrame]) -> None:
    for name, keys in SORT_KEYS.items():
        frame = frames[name]
        assert not frame.duplicated(keys).any(), name
        assert frame.equals(frame.sort_values(keys).reset_index(drop=True)), name


def test_build_is_deterministic(frames: dict[str, pd.DataFrame]) -> None:
    again = build_cooperation(FIXTURES, TOWNS, TownIndex.from_frame(TOWNS))
    for name in FRAME_COLUMNS:
        pd.testing.assert_frame_equal(frames[name], again[name])


def test_networks_keep_source_texts(frames: dict[str, pd.DataFrame]) -> None:
    networks = frames["networks"].set_index("id")
    assert set(networks.index) == {
        "etmun-04080",
        "etmun-03210",
        "etmun-03220",
        "urbact-1",
        "urbact-2",
    }
    assert "café culture" in networks.loc["etmun-03210", "description"]
    assert networks.loc["urbact-1", "description"].startswith("Festivals as drivers")
    assert networks.loc["urbact-1", "keywords"] == (
        "Economy; Culture & Heritage; Local Economy; City Branding"
    )


def test_etmun_counts_only_municipal_members_once(frames: dict[str, pd.DataFrame]) -> None:
    etmun = frames["memberships"][frames["memberships"]["network_id"].str.startswith("etmun")]
    pairs = set(zip(etmun["town_id"], etmun["network_id"], strict=True))
    assert pairs == {
        ("PL-1261011", "etmun-04080"),
        ("PL-2815011", "etmun-03210"),
        ("GN-3172153", "etmun-03220"),
    }  # the Milan region is skipped; Kraków's second Covenant row merges into one
    krakow = etmun[etmun["town_id"] == "PL-1261011"].iloc[0]
    assert (krakow["role"], krakow["year"]) == ("2020", 2012)


def test_urbact_members_link_by_geonames_id_or_name(frames: dict[str, pd.DataFrame]) -> None:
    urbact = frames["memberships"][frames["memberships"]["network_id"].str.startswith("urbact")]
    rows = {(t, n): r for t, n, r in urbact[["town_id", "network_id", "role"]].itertuples(False)}
    assert rows == {
        ("PL-1261011", "urbact-1"): "lead",  # via the towns' geonameid column
        ("GN-3172153", "urbact-1"): "partner",  # via GN-<id>
        ("PL-0663011", "urbact-2"): "partner",  # no geonameid in towns: by name
    }


def test_keep_participations_only_for_municipal_partners(
    frames: dict[str, pd.DataFrame],
) -> None:
    parts = frames["participations"]
    got = set(zip(parts["town_id"], parts["project_id"], parts["role"], strict=True))
    assert got == {
        ("PL-1261011", "v-a-poland-slovakia--heritage", "lead"),
        ("PL-0663011", "v-a-poland-slovakia--heritage", "partner"),
        ("GN-3172153", "vb-central-europe--heritage", "lead"),
    }


def test_town_themes_carry_evidence(frames: dict[str, pd.DataFrame]) -> None:
    tt = frames["town_themes"]
    krakow = tt[tt["town_id"] == "PL-1261011"].set_index(["theme_code", "source_kind"])
    assert krakow.loc[("climate-energy", "network"), "evidence"] == "Covenant of Mayors"
    assert krakow.loc[("tourism", "project"), "evidence"] == "HERITAGE: Wooden churches trail"
    assert krakow.loc[("culture-heritage", "urbact"), "source_id"] == "urbact-1"
    assert set(tt["theme_code"]) <= set(frames["themes"]["code"])


def test_match_rates_cover_our_countries_only(frames: dict[str, pd.DataFrame]) -> None:
    assert isinstance(frames, CooperationFrames)
    rates = {(r.source, r.scope): (r.candidates, r.resolved) for r in frames.rates}
    assert rates[("etmun", "all")] == (5, 4)  # Boston is outside; Borgo Piccolo unresolved
    assert rates[("etmun", "PL")] == (3, 3)
    assert rates[("urbact", "all")] == (4, 3)
    assert rates[("keep", "all")] == (5, 4)  # the City of Atlantis does not resolve


def test_report_shows_counts_and_rates(frames: dict[str, pd.DataFrame]) -> None:
    report = cooperation_report(frames)
    assert "| memberships | 6 |" in report
    assert "| etmun | PL | 3 | 3 | 100.0% |" in report
    assert "KEEP: 5 of 8 partner rows" in report


def test_match_rate_of_nothing_is_zero() -> None:
    assert MatchRate("keep", "PL", 0, 0).rate == 0.0


def test_frames_load_into_the_tables(frames: dict[str, pd.DataFrame], engine: Engine) -> None:
    with Session(engine) as session:
        for row in TOWNS.to_dict("records"):
            gid = row["geonameid"]
            session.add(
                Town(
                    id=row["id"],
                    name=row["name"],
                    name_ascii=row["name"].lower(),
                    country_code=row["country_code"],
                    kind="place",
                    geonameid=None if pd.isna(gid) else int(gid),
                )
            )
        for name, model in TABLES.items():
            for rec in (
                frames[name].astype(object).where(frames[name].notna(), None).to_dict("records")
            ):
                session.add(model(**{str(k): v for k, v in rec.items()}))
        session.commit()
        assert len(session.exec(select(TownTheme)).all()) == len(frames["town_themes"])
