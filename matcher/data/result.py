"""What one `matcher data build` wrote and measured: the input of data/README.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from matcher.data.bdl import BdlReport
from matcher.data.exonyms import ExonymReport
from matcher.data.nuts import NutsReport
from matcher.data.partnerships import PartnershipReport


@dataclass
class BuildResult:
    """What a build wrote and measured."""

    files: dict[str, Path] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    towns: pd.DataFrame | None = None
    external: pd.DataFrame | None = None
    partnerships: PartnershipReport | None = None
    cooperation_md: str = ""
    nuts: NutsReport | None = None
    regions: pd.DataFrame | None = None
    region_names: pd.DataFrame | None = None
    exonyms: ExonymReport | None = None
    town_names: pd.DataFrame | None = None
    exonym_check: tuple[int, int, int] | None = None
    indicators: BdlReport | None = None

    def files_rows(self) -> dict[str, int]:
        """Rows of each file written."""
        return {name: self.rows[name] for name in self.files}
