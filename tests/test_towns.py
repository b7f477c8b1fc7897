from __future__ import annotations

import pytest
from sqlmodel import Session

from matcher.data.text import fold
from matcher.models import Town
from matcher.towns import count_towns, export_towns, search_towns


def _town(
    tid: str, name: str, cc: str, pop: int | None, alts: str = "", kind: str = "place"
) -> Town:
    return Town(
        id=tid,
        name=name,
        name_ascii=fold(name),
        kind=kind,
        country_code=cc,
        population=pop,
        alt_names=alts,
    )


@pytest.fixture
def towns(session: Session) -> Session:
    session.add_all(
        [
            _town("PL-1061011", "Łódź", "PL", 650_000, "Lodz|Lodsch"),
            _town("PL-1465011", "Warszawa", "PL", 1_800_000, "Warsaw|Warschau"),
            _town("PL-0264011", "Wrocław", "PL", 670_000, "Breslau|Vratislavia"),
            _town("GN-1", "Lodzia", "PL", 900),
            _town("GN-2", "Warsaw", "US", 13_000),
            _town("GN-3", "Warszawice", "PL", 1_000),
            _town("GN-4", "Warszawa Mała", "PL", None),
            _town("GN-5", "Warszawa Mała", "PL", None),
            _town("GN-6", "Warsaw", "US", 14_000, "Vorso", kind="external"),
            _town("GN-7", "Beijing", "CN", 18_960_744, "Peking", kind="external"),
        ]
    )
    session.commit()
    return session


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Lodz", "PL-1061011"),
        ("ŁÓDŹ", "PL-1061011"),
        ("Breslau", "PL-0264011"),
        ("breslau", "PL-0264011"),
        ("Wroclaw", "PL-0264011"),
    ],
)
def test_diacritics_and_exonyms(towns: Session, query: str, first: str) -> None:
    assert search_towns(towns, query)[0].id == first


def test_exact_before_prefix(towns: Session) -> None:
    assert [t.id for t in search_towns(towns, "lodz")] == ["PL-1061011", "GN-1"]


def test_prefix_by_population_then_id(towns: Session) -> None:
    ids = [t.id for t in search_towns(towns, "Warsz")]
    assert ids == ["PL-1465011", "GN-3", "GN-4", "GN-5"]


def test_country_filter(towns: Session) -> None:
    assert [t.id for t in search_towns(towns, "Warsaw", ["us"])] == ["GN-2"]


def test_exonym_and_name_ranked_by_population(towns: Session) -> None:
    assert [t.id for t in search_towns(towns, "Warsaw")] == ["PL-1465011", "GN-2"]


def test_limit(towns: Session) -> None:
    assert len(search_towns(towns, "Warsz", limit=2)) == 2


def test_empty_query(towns: Session) -> None:
    assert search_towns(towns, "  ") == []


def test_no_match(towns: Session) -> None:
    assert search_towns(towns, "Atlantis") == []


def test_export_by_id_and_country(towns: Session) -> None:
    assert [t.id for t in export_towns(towns, ["PL"])][:2] == ["GN-1", "GN-3"]
    assert count_towns(towns) == 10


def test_search_leaves_out_external_towns(towns: Session) -> None:
    assert search_towns(towns, "Peking") == []
    assert "GN-6" not in [t.id for t in search_towns(towns, "Warsaw", ["US"])]


def test_search_can_include_external_towns(towns: Session) -> None:
    assert [t.id for t in search_towns(towns, "Peking", include_external=True)] == ["GN-7"]


def test_export_leaves_out_external_towns(towns: Session) -> None:
    ids = [t.id for t in export_towns(towns)]
    assert len(ids) == 8 and "GN-6" not in ids and "GN-7" not in ids


def test_export_can_include_external_towns(towns: Session) -> None:
    assert [t.id for t in export_towns(towns, ["CN"], include_external=True)] == ["GN-7"]
