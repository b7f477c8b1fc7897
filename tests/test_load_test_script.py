"""The pure parts of scripts/load_test.py: percentiles, summaries, the loopback guard."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "load_test.py"


@pytest.fixture(scope="module")
def load_test() -> ModuleType:
    spec = importlib.util.spec_from_file_location("load_test", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_percentile_interpolates(load_test: ModuleType) -> None:
    values = [1.0, 2.0, 3.0, 4.0, 5.0]
    assert load_test.percentile(values, 50) == 3.0
    assert load_test.percentile(values, 95) == pytest.approx(4.8)
    assert load_test.percentile(values, 100) == 5.0
    assert load_test.percentile([], 50) == 0.0


def test_summary_reports_rate_and_milliseconds(load_test: ModuleType) -> None:
    summary = load_test.summarise("x", [0.01] * 10, errors=1, seconds=0.5)
    assert summary.rps == 20.0
    assert summary.p95_ms == 10.0
    assert summary.errors == 1


@pytest.mark.parametrize("url", ["http://example.org:8000", "http://10.0.0.1:8000"])
def test_only_loopback_is_loaded(load_test: ModuleType, url: str) -> None:
    with pytest.raises(SystemExit, match="only loopback"):
        load_test.check_loopback(url)


def test_loopback_is_accepted(load_test: ModuleType) -> None:
    load_test.check_loopback("http://127.0.0.1:8000")
    load_test.check_loopback("http://localhost:8000")
