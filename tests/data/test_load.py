from __future__ import annotations

import gzip
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from matcher.config import REPO_ROOT
from matcher.data.build import build, write_csv_gz
from matcher.data.load import SPECS, load_data
from matcher.data.validation import DataFileError
from matcher.i18n import translator
from matcher.indicators import CODES, indicator_matrix
from matcher.models import (
    GminaIndicator,
    Nuts3Region,
    Partnership,
    Region,
    RegionName,
    ShortlistItem,
    Town,
    TownName,
    TownProfile,
    User,
)
from matcher.town_facts import nuts3_frame, region_names, town_names


@pytest.fixture(scope="module")
def data_dir(
    raw_dir: Path,
    pl_places: pd.DataFrame,
    small_world: Callable[..., pd.DataFrame],
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    out = tmp_path_factory.mktemp("data")
    mp = pytest.MonkeyPatch()
    mp.setattr("matcher.data.towns.package_places", lambda _cc: pl_places)
    mp.setattr("matcher.data.external.world_places", small_world)
    try:
        build(raw_dir, out)
    finally:
        mp.undo()
    _write_cooperation(out)
    return out


def _write_cooperation(out: Path) -> None:
    """Network, project and theme files that link the fixture towns (the raw cooperation
    fixtures name towns the raw town fixtures lack), so every table gets rows."""
    shutil.copy(REPO_ROOT / "data" / "themes.csv", out / "themes.csv")
    frames = {
        "networks": [
            ("cittaslow", "etmun", "Cittaslow", "", "slow", "Slow towns", 1999, ""),
            ("climate", "etmun", "Climate Alliance", "", "climate", "", 1990, ""),
        ],
        "memberships": [
            ("PL-0201011", "cittaslow", "member", 2010),
            ("PL-0201032", "climate", "member", ""),
        ],
        "projects": [("p1", "Interreg", "P1", "Project one", "", "climate-energy", "2016", "2019")],
        "participations": [("PL-0201011", "p1", "lead", "Urząd")],
        "town_themes": [
            ("PL-0201011", "climate-energy", "project", "p1", "Project one"),
            ("PL-0201032", "climate-energy", "network", "climate", "Climate Alliance"),
        ],
    }
    columns = {
        "networks": "id,kind,name,acronym,keywords,description,start_year,end_year",
        "memberships": "town_id,network_id,role,year",
        "projects": "id,programme,acronym,title,description,themes,start,end",
        "participations": "town_id,project_id,role,organisation",
        "town_themes": "town_id,theme_code,source_kind,source_id,evidence",
    }
    for name, rows in frames.items():
        frame = pd.DataFrame(rows, columns=columns[name].split(","))
        write_csv_gz(frame, out / f"{name}.csv.gz")


def _snapshot(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    with Session(engine) as s:
        towns = [(t.id, t.name, t.latitude, t.alt_names) for t in s.exec(select(Town))]
        pairs = [(p.id, p.town_a_id, p.town_b_id, p.source) for p in s.exec(select(Partnership))]
    return {"towns": sorted(towns), "pairs": sorted(pairs)}


def _add_curation(engine: Engine) -> None:
    with Session(engine) as s:
        s.add(User(name="ala", role="editor", town_id="PL-0201011", key_hash="h"))
        s.add(TownProfile(town_id="PL-0201011", description="Ceramika"))
        s.add(ShortlistItem(town_id="PL-0201011", candidate_id="GN-2950159"))
        s.add(Partnership(town_a_id="GN-3067696", town_b_id="PL-0201032", source="curation"))
        s.commit()


def _check_load(engine: Engine, data_dir: Path) -> None:
    load_data(engine, data_dir)
    first = _snapshot(engine)
    # 13 own towns + 3 external partner towns; 6 European pairs + 3 with an external end.
    assert len(first["towns"]) == 16 and len(first["pairs"]) == 9
    with Session(engine) as s:
        external = s.exec(select(Town).where(Town.kind == "external")).all()
        assert sorted(t.id for t in external) == ["GN-1816670", "GN-4409896", "GN-4927854"]
    _add_curation(engine)
    load_data(engine, data_dir)
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(User)).one() == 1
        assert s.exec(select(func.count()).select_from(TownProfile)).one() == 1
        assert s.exec(select(func.count()).select_from(ShortlistItem)).one() == 1
        curated = s.exec(select(Partnership).where(Partnership.source == "curation")).all()
        assert len(curated) == 1
    second = _snapshot(engine)
    assert second["towns"] == first["towns"]
    assert [p for p in second["pairs"] if p[3] == "wikipedia"] == first["pairs"]


def test_load_is_idempotent_and_keeps_curation_sqlite(engine: Engine, data_dir: Path) -> None:
    _check_load(engine, data_dir)


@pytest.mark.postgres
def test_load_is_idempotent_and_keeps_curation_postgres(pg_engine: Engine, data_dir: Path) -> None:
    _check_load(pg_engine, data_dir)


def test_stale_data_rows_are_removed(engine: Engine, data_dir: Path) -> None:
    load_data(engine, data_dir)
    with Session(engine) as s:
        s.add(Partnership(town_a_id="GN-3067696", town_b_id="PL-0201043", source="wikipedia"))
        s.commit()
    report = load_data(engine, data_dir)
    assert report.deleted["partnership"] == 1


def test_missing_data_dir(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(DataFileError) as caught:
        load_data(engine, tmp_path)
    assert {p.file for p in caught.value.problems} == {spec.file for spec in SPECS}


def test_cli_load_and_search(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from matcher.cli import app

    monkeypatch.setenv("MATCHER_DATABASE_URL", f"sqlite:///{tmp_path / 'm.sqlite'}")
    runner = CliRunner()
    result = runner.invoke(app, ["db", "load", "--data", str(data_dir)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["db", "load", "--data", str(tmp_path / "none")])
    assert result.exit_code == 1 and "matcher data build" in result.output


# --- damaged files: refused with file, row and column named; the database unchanged -------


def _everything(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table the load writes."""
    with engine.connect() as conn:
        return {
            spec.table.name: sorted(map(tuple, conn.execute(spec.table.select())), key=repr)
            for spec in SPECS
        }


def _rows(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        return fh.read().splitlines(keepends=True)


def _write(path: Path, lines: list[str]) -> None:
    with gzip.open(path, "wt", encoding="utf-8", newline="") as fh:
        fh.writelines(lines)


@pytest.fixture
def loaded(engine: Engine, data_dir: Path, tmp_path: Path) -> tuple[Engine, Path]:
    """A database loaded from the data, and a copy of the data folder to damage."""
    load_data(engine, data_dir)
    copy = tmp_path / "data"
    shutil.copytree(data_dir, copy)
    return engine, copy


def _refused(engine: Engine, folder: Path, **options: bool) -> list[str]:
    """The problems of a load that must fail, in English; asserts nothing was written."""
    before = _everything(engine)
    with pytest.raises(DataFileError) as caught:
        load_data(engine, folder, **options)
    assert _everything(engine) == before
    t = translator("en")
    return [t.render(p.describe()) for p in caught.value.problems]


def test_a_header_only_file_is_refused(loaded: tuple[Engine, Path]) -> None:
    engine, folder = loaded
    path = folder / "partnerships.csv.gz"
    _write(path, _rows(path)[:1])
    assert _refused(engine, folder) == [
        "partnerships.csv.gz, row 1: the file holds only its header, no rows."
    ]


def test_a_missing_column_is_refused(loaded: tuple[Engine, Path]) -> None:
    engine, folder = loaded
    path = folder / "towns.csv.gz"
    lines = _rows(path)
    header = lines[0].rstrip("\r\n").split(",")
    drop = header.index("population")
    cut = [",".join(c for i, c in enumerate(line.split(",")) if i != drop) for line in lines[:1]]
    _write(path, [cut[0] + "\n"])
    (message,) = _refused(engine, folder)
    assert message == "towns.csv.gz, row 1: the header lacks the column population."


def test_a_bad_type_is_refused(loaded: tuple[Engine, Path]) -> None:
    engine, folder = loaded
    path = folder / "towns.csv.gz"
    lines = _rows(path)
    header = lines[0].rstrip("\r\n").split(",")
    cells = lines[3].rstrip("\r\n").split(",")
    assert len(cells) == len(header)  # no quoted commas in this row
    cells[header.index("population")] = "many"
    lines[3] = ",".join(cells) + "\n"
    _write(path, lines)
    assert _refused(engine, folder) == [
        "towns.csv.gz, row 4, column population: “many” is not a whole number."
    ]


def test_a_truncated_gzip_is_refused(loaded: tuple[Engine, Path]) -> None:
    engine, folder = loaded
    path = folder / "town_themes.csv.gz"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    (message,) = _refused(engine, folder)
    assert message.startswith("town_themes.csv.gz, row ")
    assert message.endswith("the file is cut short: the compressed data ends too early.")


def test_a_bad_crc_is_refused(loaded: tuple[Engine, Path]) -> None:
    engine, folder = loaded
    path = folder / "memberships.csv.gz"
    rows = len(_rows(path))
    data = bytearray(path.read_bytes())
    data[-8] ^= 0xFF  # the CRC-32 in the gzip trailer
    path.write_bytes(bytes(data))
    assert _refused(engine, folder) == [
        f"memberships.csv.gz, row {rows + 1}: the file is damaged: "
        "its gzip checksum does not match the content."
    ]


def test_a_broken_foreign_key_is_refused(loaded: tuple[Engine, Path]) -> None:
    engine, folder = loaded
    path = folder / "memberships.csv.gz"
    lines = _rows(path)
    lines[1] = "PL-9999999" + lines[1][lines[1].index(",") :]
    _write(path, lines)
    assert _refused(engine, folder, allow_shrink=True) == [
        "memberships.csv.gz, row 2, column town_id: “PL-9999999” is not an id in towns.csv.gz."
    ]


def test_a_missing_file_is_refused(loaded: tuple[Engine, Path]) -> None:
    engine, folder = loaded
    (folder / "memberships.csv.gz").unlink()
    assert _refused(engine, folder) == [
        f"memberships.csv.gz: the file is missing from {folder}; "
        "run `matcher data build` to write it."
    ]


def test_a_file_that_removes_too_many_rows_needs_allow_shrink(
    loaded: tuple[Engine, Path],
) -> None:
    engine, folder = loaded
    path = folder / "partnerships.csv.gz"
    lines = _rows(path)
    _write(path, lines[:2])  # 1 of 9 pairs left
    (message,) = _refused(engine, folder)
    assert message.startswith("partnerships.csv.gz: loading it would remove 8 of the 9 rows")
    assert "--allow-shrink" in message
    report = load_data(engine, folder, allow_shrink=True)
    assert report.deleted["partnership"] == 8


def test_a_duplicate_key_is_refused(loaded: tuple[Engine, Path]) -> None:
    engine, folder = loaded
    path = folder / "networks.csv.gz"
    lines = _rows(path)
    _write(path, [*lines, lines[1]])
    (message,) = _refused(engine, folder)
    assert message.startswith(f"networks.csv.gz, row {len(lines) + 1}: repeats the key ")
    assert message.endswith("of row 2.")


def test_an_optional_file_may_be_absent(
    loaded: tuple[Engine, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, folder = loaded
    from dataclasses import replace

    specs = tuple(replace(s, optional=s.file == "participations.csv.gz") for s in SPECS)
    (folder / "participations.csv.gz").unlink()
    report = load_data(engine, folder, specs=specs, allow_shrink=True)
    assert report.missing == ["participations.csv.gz"]


@pytest.mark.postgres
def test_a_refused_load_leaves_postgres_unchanged(
    pg_engine: Engine, data_dir: Path, tmp_path: Path
) -> None:
    load_data(pg_engine, data_dir)
    folder = tmp_path / "data"
    shutil.copytree(data_dir, folder)
    path = folder / "partnerships.csv.gz"
    lines = _rows(path)
    lines[1] = "GN-0," + lines[1][lines[1].index(",") + 1 :]
    _write(path, lines)
    assert _refused(pg_engine, folder, allow_shrink=True) == [
        "partnerships.csv.gz, row 2, column town_a_id: “GN-0” is not an id in towns.csv.gz."
    ]


def test_cli_names_the_problem_and_exits_non_zero(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from matcher.cli import app

    folder = tmp_path / "data"
    shutil.copytree(data_dir, folder)
    path = folder / "towns.csv.gz"
    path.write_bytes(path.read_bytes()[:200])
    monkeypatch.setenv("MATCHER_DATABASE_URL", f"sqlite:///{tmp_path / 'm.sqlite'}")
    monkeypatch.setenv("LANG", "pl_PL.UTF-8")
    result = CliRunner().invoke(app, ["db", "load", "--data", str(folder)])
    assert result.exit_code == 1
    assert "towns.csv.gz, wiersz 2: plik jest ucięty" in result.output
    assert "niczego nie załadowano" in result.output
    assert "Traceback" not in result.output


# --- the statistics and names tables ----------------------------------------------------


def _count(engine: Engine, model: type) -> int:
    with Session(engine) as s:
        return int(s.exec(select(func.count()).select_from(model)).one())


def _check_facts(engine: Engine, data_dir: Path) -> None:
    load_data(engine, data_dir)
    assert _count(engine, GminaIndicator) == 38
    assert _count(engine, Nuts3Region) == 10
    assert _count(engine, Region) == 13
    assert _count(engine, RegionName) == 43
    assert _count(engine, TownName) == 5
    with Session(engine) as s:
        munich = s.get(Town, "GN-2867714")
        assert munich is not None and (munich.nuts3, munich.nuts3_method) == ("DE212", "within")
    with engine.connect() as conn:
        matrix = indicator_matrix(conn)
        assert list(matrix.columns) == list(CODES)
        assert matrix.at["PL-0201011", "pit_per_inhabitant"] == pytest.approx(3659.08)
        assert pd.isna(matrix.at["PL-0264011", "pit_per_inhabitant"])  # withheld
        regions = nuts3_frame(conn).set_index("town_id")
        assert regions.at["GN-2867714", "gdp_index"] == 210.0
        assert regions.at["PL-0201011", "mountain"] == 3
        assert region_names(conn, "pl")["DE.13"] == "Saksonia"
        assert region_names(conn, "pl", "adjective")["PL.72"] == "dolnośląskie"
        assert town_names(conn, "pl")["GN-2867714"] == "Monachium"
    load_data(engine, data_dir)  # idempotent
    assert _count(engine, RegionName) == 43


def test_facts_tables_load_sqlite(engine: Engine, data_dir: Path) -> None:
    _check_facts(engine, data_dir)


@pytest.mark.postgres
def test_facts_tables_load_postgres(pg_engine: Engine, data_dir: Path) -> None:
    _check_facts(pg_engine, data_dir)
