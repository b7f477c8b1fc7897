from __future__ import annotations

import pytest
from sqlmodel import Session

import matcher.towns
from matcher.data.text import fold
from matcher.models import Town, TownName
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


@pytest.fixture
def polish(session: Session) -> Session:
    session.add_all(
        [
            _town("PL-0404011", "Ciechocinek", "PL", 10_000),
            _town("PL-2601011", "Busko-Zdrój", "PL", 15_000),
            _town("PL-0261011", "Jelenia Góra", "PL", 78_000),
            _town("PL-0801011", "Gorzów Wielkopolski", "PL", 120_000),
            _town("PL-0809011", "Nowa Sól", "PL", 38_000),
            _town("GN-2935022", "Dresden", "DE", 556_000, "Dresde"),
        ]
    )
    session.add(TownName(town_id="GN-2935022", lang="pl", name="Drezno", source="test"))
    session.commit()
    return session


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Ciechocinku", "PL-0404011"),
        ("w Ciechocinku", "PL-0404011"),
        ("w Busku-Zdroju", "PL-2601011"),
        ("do Buska-Zdroju", "PL-2601011"),
        ("Jeleniej Górze", "PL-0261011"),
        ("z Jeleniej Góry", "PL-0261011"),
        ("Gorzowie Wielkopolskim", "PL-0801011"),
        ("Nowej Soli", "PL-0809011"),
        ("Drezno", "GN-2935022"),
        ("w Dreźnie", "GN-2935022"),
    ],
)
def test_polish_case_forms_find_the_town(polish: Session, query: str, found: str) -> None:
    assert [t.id for t in search_towns(polish, query)] == [found]


def test_an_exact_case_form_comes_before_a_prefix(session: Session) -> None:
    # typed "Łodzi": the genitive of Łódź, and the start of the village Łodzia's name
    session.add_all([_town("PL-1061011", "Łódź", "PL", 650_000), _town("GN-1", "Łodzia", "PL", 90)])
    session.commit()
    assert [t.id for t in search_towns(session, "Łodzi")] == ["PL-1061011", "GN-1"]


def test_a_name_as_written_comes_before_a_case_form(session: Session) -> None:
    # "Nowej" is no town's name, but a town may be called like another's case form
    session.add_all(
        [_town("PL-0809011", "Nowa Sól", "PL", 38_000), _town("GN-9", "Nowej Soli", "PL", 5)]
    )
    session.commit()
    assert [t.id for t in search_towns(session, "Nowej Soli")] == ["GN-9", "PL-0809011"]


def test_a_new_town_is_found_once_the_index_is_checked_again(
    towns: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert search_towns(towns, "Zakopane") == []
    monkeypatch.setattr(matcher.towns, "RECHECK_SECONDS", 0.0)
    towns.add(_town("PL-1217011", "Zakopane", "PL", 27_000))
    towns.commit()
    assert [t.id for t in search_towns(towns, "Zakopane")] == ["PL-1217011"]
