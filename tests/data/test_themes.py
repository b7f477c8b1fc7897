"""The theme vocabulary and the keyword -> theme mapping (data files, parsed strictly)."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.config import Settings
from matcher.data import etmun, keep, urbact
from matcher.data.coop_io import MalformedSourceError
from matcher.data.themes import (
    KEYWORDS_FILE,
    load_keyword_map,
    load_themes,
    normalize_keyword,
    split_keywords,
)

MAPPING = """source,field,keyword,theme_code
etmun,network,Covenant of Mayors,climate-energy
etmun,keyword,Amenities,
urbact,keyword,Culture & Heritage,culture-heritage
urbact,keyword,City Branding,tourism
urbact,keyword,City Branding,economy-innovation
"""
CODES = ["climate-energy", "culture-heritage", "tourism", "economy-innovation"]


def _write(tmp_path: Path, text: str, name: str = "map.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_vocabulary_has_15_to_20_themes_with_both_names() -> None:
    themes = load_themes()
    assert 15 <= len(themes) <= 20
    assert themes["code"].is_unique
    assert (themes["name_en"] != "").all() and (themes["name_pl"] != "").all()
    assert {"climate-energy", "mobility", "culture-heritage", "tourism"} <= set(themes["code"])


def test_shipped_mapping_uses_only_known_theme_codes() -> None:
    kmap = load_keyword_map(KEYWORDS_FILE, load_themes()["code"])
    assert kmap.themes("etmun", "network", ["Covenant of Mayors"]) == ("climate-energy",)
    assert kmap.themes("etmun", "network", ["CIVITAS"]) == ("mobility",)
    assert "culture-heritage" in kmap.themes("etmun", "network", ["OWHC"])


def test_lookup_ignores_case_and_spacing(tmp_path: Path) -> None:
    kmap = load_keyword_map(_write(tmp_path, MAPPING), CODES)
    assert kmap.themes("urbact", "keyword", ["  culture &  heritage "]) == ("culture-heritage",)


def test_one_keyword_can_map_to_several_themes(tmp_path: Path) -> None:
    kmap = load_keyword_map(_write(tmp_path, MAPPING), CODES)
    assert kmap.themes("urbact", "keyword", ["City Branding"]) == ("economy-innovation", "tourism")


def test_empty_theme_code_means_reviewed_without_theme(tmp_path: Path) -> None:
    kmap = load_keyword_map(_write(tmp_path, MAPPING), CODES)
    assert kmap.knows("etmun", "keyword", "Amenities")
    assert kmap.themes("etmun", "keyword", ["Amenities"]) == ()
    assert not kmap.knows("etmun", "keyword", "Towns")


def test_unknown_theme_code_names_file_and_row(tmp_path: Path) -> None:
    path = _write(tmp_path, MAPPING + "keep,thematic,Tourism,tourisme\n")
    with pytest.raises(MalformedSourceError, match=r"map\.csv, row 7: unknown theme code"):
        load_keyword_map(path, CODES)


def test_row_with_missing_field_names_file_and_row(tmp_path: Path) -> None:
    path = _write(tmp_path, MAPPING.replace("urbact,keyword,City Branding,tourism", "urbact,x"))
    with pytest.raises(MalformedSourceError, match=r"row 5: expected 4 fields, got 2"):
        load_keyword_map(path, CODES)


def test_unknown_source_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, MAPPING + "wikipedia,keyword,Tourism,tourism\n")
    with pytest.raises(MalformedSourceError, match="unknown source 'wikipedia'"):
        load_keyword_map(path, CODES)


def test_duplicate_theme_code_names_the_row(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "code,name_en,name_pl\ntourism,Tourism,Turystyka\ntourism,Travel,Podróże\n",
        "themes.csv",
    )
    with pytest.raises(MalformedSourceError, match=r"themes\.csv, row 3: duplicate theme code"):
        load_themes(path)


def test_wrong_header_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "code,name\ntourism,Tourism\n", "themes.csv")
    with pytest.raises(MalformedSourceError, match="row 1: expected header"):
        load_themes(path)


def test_split_keywords_on_slashes_only() -> None:
    assert split_keywords("Governance / Culture & Heritage/ Food") == [
        "Governance",
        "Culture & Heritage",
        "Food",
    ]
    assert split_keywords("Governance, partnership") == ["Governance, partnership"]
    assert split_keywords("NA") == []


def test_normalize_keyword_collapses_whitespace() -> None:
    assert normalize_keyword(" Integrated Urban  Development ") == "integrated urban development"


# --- coverage of the raw files (slow: reads the real sources) ---------------------------------


def _source_dir() -> Path:
    src = Settings().raw_dir / "pgourdongeo_city_cooperation"
    if not src.is_dir():
        pytest.skip(f"raw data not found at {src}")
    return src


def _unmapped(source: str, field: str, values: set[str]) -> list[str]:
    kmap = load_keyword_map(theme_codes=load_themes()["code"])
    return sorted(v for v in values if v and not kmap.knows(source, field, v))


@pytest.mark.slow
def test_every_etmun_network_and_keyword_is_mapped() -> None:
    src = _source_dir()
    members = etmun.parse_members(src / etmun.MEMBERS_FILE)
    networks = etmun.parse_networks(src / etmun.NETWORKS_FILE)
    assert _unmapped("etmun", "network", set(members["network_name"])) == []
    words = set(networks["main_keyword"]) | set(networks["additional_keyword"])
    assert _unmapped("etmun", "keyword", words) == []


@pytest.mark.slow
def test_every_urbact_keyword_is_mapped() -> None:
    networks = urbact.parse_networks(_source_dir() / urbact.NETWORKS_FILE)
    atoms = {
        atom
        for col in ("main_keyword", "additional_keywords")
        for value in networks[col]
        for atom in split_keywords(value)
    }
    assert _unmapped("urbact", "keyword", atoms) == []


@pytest.mark.slow
def test_every_keep_thematic_is_mapped() -> None:
    projects = keep.parse_projects(_source_dir() / keep.PROJECTS_FILE)
    values = {t for value in projects["thematics"] for t in value.split("; ")}
    assert _unmapped("keep", "thematic", values) == []
