"""KEEP parsers: stable unique project ids, merged lead rows, the municipal-partner rule."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from matcher.data import keep
from matcher.data.coop_io import MalformedSourceError

FIXTURES = Path(__file__).parent / "fixtures" / "raw" / "pgourdongeo_city_cooperation"
SE_NO = "2014 - 2020 INTERREG V-A Sweden - Norway"
PL_SK = "2014 - 2020 INTERREG V-A Poland - Slovakia"


def _projects() -> pd.DataFrame:
    return keep.parse_projects(FIXTURES / keep.PROJECTS_FILE)


def _ids(projects: pd.DataFrame) -> dict[tuple[str, str], str]:
    keys = zip(projects["programme"], projects["acronym"], strict=True)
    return dict(zip(keys, projects["id"], strict=True))


def test_projects_with_two_lead_rows_are_one_project() -> None:
    projects = _projects()
    assert len(projects) == 3
    assert projects["id"].is_unique


def test_same_acronym_in_two_programmes_gets_two_ids() -> None:
    ids = set(_projects()["id"])
    assert {"v-a-poland-slovakia--heritage", "vb-central-europe--heritage"} <= ids


def test_project_texts_and_dates() -> None:
    project = _projects().set_index("acronym").loc["Bioraff"]
    assert project["description"] == "Bioraffinaderi"  # no English text: the first language
    assert (project["start"], project["end"]) == ("2016-03-01", "2019-02-28")
    assert project["thematics"] == "Green technologies"


def test_ids_do_not_depend_on_row_order() -> None:
    keys = [(PL_SK, "HERITAGE"), (SE_NO, "Bioraff")]
    assert keep.project_ids(keys) == keep.project_ids(list(reversed(keys)))


def test_colliding_slugs_get_hash_suffixes() -> None:
    ids = keep.project_ids([(PL_SK, "ECO-Ready"), (PL_SK, "ECO Ready")])
    assert len(set(ids.values())) == 2
    assert all(i.startswith("v-a-poland-slovakia--eco-ready-") for i in ids.values())


def test_long_ids_are_cut_to_64_characters() -> None:
    ids = keep.project_ids([(PL_SK, "A" * 100)])
    assert len(ids[(PL_SK, "A" * 100)]) == 64


def test_bad_date_names_file_and_row(tmp_path: Path) -> None:
    text = (FIXTURES / keep.PROJECTS_FILE).read_text(encoding="utf-8")
    path = tmp_path / keep.PROJECTS_FILE
    path.write_text(text.replace("2017/06/15", "mid-2017"), encoding="utf-8")
    with pytest.raises(MalformedSourceError, match=r"Projects_sheet\.csv, row 5: Project start"):
        keep.parse_projects(path)


def test_partner_of_unknown_project_names_the_row(tmp_path: Path) -> None:
    projects = _projects()
    ids = _ids(projects)
    text = (FIXTURES / keep.PARTNERS_FILE).read_text(encoding="utf-8")
    path = tmp_path / keep.PARTNERS_FILE
    path.write_text(text.replace(";Bioraff;", ";Biorafff;"), encoding="utf-8")
    with pytest.raises(MalformedSourceError, match=r"row 6: no project 'Biorafff'"):
        keep.parse_partners(path, ids)


def test_partners_link_to_project_ids_and_country_codes() -> None:
    projects = _projects()
    ids = _ids(projects)
    partners = keep.parse_partners(FIXTURES / keep.PARTNERS_FILE, ids)
    assert partners.loc[0, "project_id"] == "v-a-poland-slovakia--heritage"
    assert bool(partners.loc[0, "lead"]) is True
    assert set(partners["country_code"]) == {"PL", "IT", "FR"}


@pytest.mark.parametrize(
    ("organisation", "town", "status", "expected"),
    [
        ("Gmina Paczków", "Paczków", "public", "marker"),
        ("City of Venice", "Venezia", "public", "marker"),
        ("Stadtgemeinde Żary", "Żary", "n/a", "marker"),
        ("Ayuntamiento Camprodon", "Camprodon", "public", "marker"),
        ("Katowice", "Katowice", "public", "town-name"),
        ("Cannes City", "Cannes", "public", "town-name"),
        ("Katowice", "Katowice", "n/a", None),
        ("Fachhochschule Kiel", "Kiel", "public", None),
        ("Jagiellonian University", "Kraków", "public", None),
        ("Union of Municipalities of Low Romagna", "Lugo", "public", None),
        ("Municipal Center for Culture in Korycin", "Korycin", "public", None),
        ("Powiat Krośnieński", "Krosno", "public", None),
        ("Metropolitan City of Bologna", "Bologna", "public", None),
        ("City of Atlantis Ltd", "Atlantis", "private", None),
    ],
)
def test_municipal_rule(organisation: str, town: str, status: str, expected: str | None) -> None:
    assert keep.municipal_rule(organisation, town, status) == expected


def test_strip_markers_leaves_the_town() -> None:
    assert keep.strip_markers("Gmina Miasto Świdnica") == "swidnica"
    assert keep.strip_markers("Edirne municipality") == "edirne"
