from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from matcher.data.build import build, read_csv_gz
from matcher.data.raw import RawDataError


@pytest.fixture(autouse=True)
def _small_places(
    monkeypatch: pytest.MonkeyPatch,
    pl_places: pd.DataFrame,
    small_world: Callable[..., pd.DataFrame],
) -> None:
    monkeypatch.setattr("matcher.data.towns.package_places", lambda _cc: pl_places)
    monkeypatch.setattr("matcher.data.external.world_places", small_world)


def test_build_is_byte_identical(raw_dir: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    build(raw_dir, first)
    build(raw_dir, second)
    names = sorted(p.name for p in first.iterdir())
    assert "towns.csv.gz" in names and "partnerships.csv.gz" in names
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_build_writes_readme_with_sources_and_rates(raw_dir: Path, tmp_path: Path) -> None:
    build(raw_dir, tmp_path)
    readme = (tmp_path / "README.md").read_text()
    for needle in ("GUS", "GeoNames", "Eurostat", "Wikipedia", "CC BY", "with a Polish side"):
        assert needle in readme


def test_build_output_reads_back(raw_dir: Path, tmp_path: Path) -> None:
    build(raw_dir, tmp_path)
    towns = read_csv_gz(tmp_path / "towns.csv.gz")
    assert towns.loc[towns["id"] == "PL-0201011", "teryt"].item() == "0201011"


def test_build_keeps_only_external_towns_that_are_partners(raw_dir: Path, tmp_path: Path) -> None:
    build(raw_dir, tmp_path)
    towns = read_csv_gz(tmp_path / "towns.csv.gz")
    external = towns[towns["kind"] == "external"]
    # Springfield MO (the larger), Warsaw IN, Beijing; not Springfield IL nor Berlinchen (DE).
    assert sorted(external["id"]) == ["GN-1816670", "GN-4409896", "GN-4927854"]
    assert set(external["sources"]) == {"geonames_world"}
    assert "Peking" in str(external.set_index("id").at["GN-1816670", "alt_names"]).split("|")


def test_build_reports_external_resolution(raw_dir: Path, tmp_path: Path) -> None:
    result = build(raw_dir, tmp_path)
    report = result.partnerships
    assert report is not None
    assert (report.external_pairs, report.external_resolved) == (4, 3)
    assert report.problems == {"no match (external)": 1}
    readme = (tmp_path / "README.md").read_text()
    assert "geonames_world" in readme and "External towns" in readme


def _broken_copy(raw_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "raw"
    shutil.copytree(raw_dir, copy)
    path = copy / "gus_area_population_2024" / "gminas_tabl21.csv"
    lines = path.read_text().splitlines()
    lines[3] = lines[3].replace("26776", "lots")
    path.write_text("\n".join(lines) + "\n")
    return copy


def test_malformed_raw_file_names_file_and_row(raw_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(RawDataError) as err:
        build(_broken_copy(raw_dir, tmp_path), tmp_path / "out")
    assert "gminas_tabl21.csv" in str(err.value) and "row 4" in str(err.value)


def test_cli_reports_malformed_file_without_traceback(raw_dir: Path, tmp_path: Path) -> None:
    from matcher.cli import app

    broken = _broken_copy(raw_dir, tmp_path)
    result = CliRunner().invoke(
        app, ["data", "build", "--raw", str(broken), "--out", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "gminas_tabl21.csv, row 4" in result.output
    assert "Traceback" not in result.output


def test_cli_missing_raw_dir(tmp_path: Path) -> None:
    from matcher.cli import app

    result = CliRunner().invoke(app, ["data", "build", "--raw", str(tmp_path / "nope")])
    assert result.exit_code == 2


def test_build_writes_statistics_and_names(raw_dir: Path, tmp_path: Path) -> None:
    result = build(raw_dir, tmp_path)
    for name in ("gmina_indicators", "nuts3_regions", "regions", "region_names", "town_names"):
        assert (tmp_path / f"{name}.csv.gz").is_file(), name
    towns = read_csv_gz(tmp_path / "towns.csv.gz").set_index("id")
    assert towns.at["GN-2921232", "region_name"] == "Saxony"
    assert towns.at["GN-2921232", "nuts3_method"] == "nearest"
    assert not towns["region_name"].dropna().str.endswith(" region").any()
    readme = (tmp_path / "README.md").read_text()
    for needle in (
        "## GUS indicators of gminas",
        "## NUTS 3 regions",
        "## Regions",
        "## Polish names of foreign towns",
        "gus_bdl",
        "eurostat_nuts3",
        "pycountry",
        "morfeusz",
    ):
        assert needle in readme, needle
    assert result.indicators is not None and result.indicators.withheld


def test_steps_and_progress_are_reported(raw_dir: Path, tmp_path: Path) -> None:
    steps: list[str] = []
    ticks: list[tuple[int, int]] = []
    build(raw_dir, tmp_path, lambda m: steps.append(m.key), lambda d, t: ticks.append((d, t)))
    assert steps[0] == "cli.data.step.towns" and steps[-1] == "cli.data.step.readme"
    assert "cli.data.step.nuts3" in steps and "cli.data.step.exonyms" in steps
    assert ticks and all(0 < done <= total for done, total in ticks)


def test_readme_module_does_not_import_the_build() -> None:
    import subprocess
    import sys

    code = "import sys, matcher.data.readme; print('matcher.data.build' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
