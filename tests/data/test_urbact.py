"""URBACT parsers: networks with keywords and texts, members with GeoNames ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.data import urbact
from matcher.data.coop_io import MalformedSourceError

FIXTURES = Path(__file__).parent / "fixtures" / "raw" / "pgourdongeo_city_cooperation"


def test_networks_keep_keywords_and_texts() -> None:
    networks = urbact.parse_networks(FIXTURES / urbact.NETWORKS_FILE).set_index("code")
    city_fest = networks.loc["1"]
    assert city_fest["main_keyword"] == "Economy"
    assert "City Branding" in city_fest["additional_keywords"]
    assert city_fest["aims"] == "Use festivals to promote the city"
    assert (city_fest["start_year"], city_fest["end_year"]) == (2015, 2018)


def test_members_roles_and_geonames_ids() -> None:
    members = urbact.parse_members(FIXTURES / urbact.MEMBERS_FILE)
    assert list(members["role"]) == ["lead", "partner", "partner", "partner"]
    assert members.loc[0, "geonameid"] == 3094802
    assert members.loc[0, "latitude"] == pytest.approx(50.06143)


def test_placeholder_geonames_id_means_none() -> None:
    members = urbact.parse_members(FIXTURES / urbact.MEMBERS_FILE)
    assert members.loc[3, "name"] == "Morne-à-l’Eau"
    assert members["geonameid"].isna().tolist() == [False, False, False, True]


def test_duplicate_network_code_names_the_row(tmp_path: Path) -> None:
    text = (FIXTURES / urbact.NETWORKS_FILE).read_text(encoding="utf-8")
    path = tmp_path / urbact.NETWORKS_FILE
    path.write_text(text.replace(";Roma-Net;2;", ";Roma-Net;1;"), encoding="utf-8")
    with pytest.raises(MalformedSourceError, match=r"row 3: duplicate Code_Network '1'"):
        urbact.parse_networks(path)


def test_unknown_status_names_the_row(tmp_path: Path) -> None:
    text = (FIXTURES / urbact.MEMBERS_FILE).read_text(encoding="utf-8")
    path = tmp_path / urbact.MEMBERS_FILE
    path.write_text(text.replace("IT;Partner", "IT;Observer"), encoding="utf-8")
    with pytest.raises(MalformedSourceError, match=r"row 3: unknown City\.Statut 'Observer'"):
        urbact.parse_members(path)


def test_non_numeric_geonames_id_is_an_error(tmp_path: Path) -> None:
    text = (FIXTURES / urbact.MEMBERS_FILE).read_text(encoding="utf-8")
    path = tmp_path / urbact.MEMBERS_FILE
    path.write_text(text.replace(";765876;", ";Lublin?;"), encoding="utf-8")
    with pytest.raises(MalformedSourceError, match=r"row 4: geonameId is not a number"):
        urbact.parse_members(path)
