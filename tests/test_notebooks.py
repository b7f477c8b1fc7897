"""The notebooks run end to end on the shipped data."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from matcher.config import REPO_ROOT


@pytest.mark.slow
@pytest.mark.parametrize("name", ["01_data_overview.ipynb", "02_evaluation.ipynb"])
def test_notebook_runs(name: str) -> None:
    path = REPO_ROOT / "notebooks" / name
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
