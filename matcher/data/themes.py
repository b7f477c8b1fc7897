"""The theme vocabulary and the mapping from source keywords to themes, both kept as data.

``data/themes.csv`` holds the controlled vocabulary (columns of the ``Theme`` table);
``data/theme_keywords.csv`` maps each source's keyword values to theme codes, one row per
(source, field, keyword, theme). A row with an empty ``theme_code`` records a keyword that was
reviewed and carries no theme (e.g. the UIA classification "Amenities"), so coverage can be
checked: every keyword that occurs in the raw files must appear in the mapping.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from matcher.config import REPO_ROOT
from matcher.data.coop_io import MalformedSourceError

THEMES_FILE = REPO_ROOT / "data" / "themes.csv"
KEYWORDS_FILE = REPO_ROOT / "data" / "theme_keywords.csv"

THEME_COLUMNS = ["code", "name_en", "name_pl"]
KEYWORD_COLUMNS = ["source", "field", "keyword", "theme_code"]
SOURCES = ("etmun", "urbact", "keep")
_CODE = re.compile(r"^[a-z][a-z-]{1,31}$")
_SPACES = re.compile(r"\s+")


def normalize_keyword(value: str) -> str:
    """Matching key of a keyword: case-folded, whitespace collapsed ("Urban  Development ")."""
    return _SPACES.sub(" ", str(value)).strip().casefold()


def split_keywords(value: str) -> list[str]:
    """Keyword atoms of a slash-separated field ("Governance / Culture & Heritage/ Food").

    Commas are kept: "Governance, partnership" is one keyword in the sources.
    """
    atoms = (_SPACES.sub(" ", part).strip() for part in str(value).split("/"))
    return [a for a in atoms if a and a.upper() != "NA"]


def _read_rows(path: Path, columns: list[str]) -> list[dict[str, str]]:
    """Rows of a small UTF-8 CSV whose header must be exactly ``columns``."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header != columns:
                raise MalformedSourceError(path, 1, f"expected header {columns}, got {header}")
            rows = []
            for lineno, values in enumerate(reader, start=2):
                if len(values) != len(columns):
                    raise MalformedSourceError(
                        path, lineno, f"expected {len(columns)} fields, got {len(values)}"
                    )
                rows.append(dict(zip(columns, (v.strip() for v in values), strict=True)))
            return rows
    except UnicodeDecodeError as exc:
        raise MalformedSourceError(path, None, f"not UTF-8 ({exc})") from exc


def load_themes(path: Path = THEMES_FILE) -> pd.DataFrame:
    """The theme vocabulary as a frame with the ``Theme`` columns, sorted by code."""
    rows = _read_rows(path, THEME_COLUMNS)
    seen: set[str] = set()
    for lineno, row in enumerate(rows, start=2):
        code = row["code"]
        if not _CODE.match(code):
            raise MalformedSourceError(path, lineno, f"bad theme code {code!r}")
        if code in seen:
            raise MalformedSourceError(path, lineno, f"duplicate theme code {code!r}")
        if not row["name_en"] or not row["name_pl"]:
            raise MalformedSourceError(path, lineno, f"theme {code!r} needs both names")
        seen.add(code)
    frame = pd.DataFrame(rows, columns=THEME_COLUMNS)
    return frame.sort_values("code", kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class KeywordMap:
    """Source keyword -> theme codes, looked up by (source, field, normalized keyword)."""

    entries: dict[tuple[str, str, str], tuple[str, ...]]

    def themes(self, source: str, field: str, keywords: Iterable[str]) -> tuple[str, ...]:
        """Sorted distinct theme codes of ``keywords``; unknown keywords give none."""
        codes: set[str] = set()
        for kw in keywords:
            codes.update(self.entries.get((source, field, normalize_keyword(kw)), ()))
        return tuple(sorted(codes))

    def knows(self, source: str, field: str, keyword: str) -> bool:
        """Whether ``keyword`` was reviewed (mapped to themes or explicitly to none)."""
        return (source, field, normalize_keyword(keyword)) in self.entries


def load_keyword_map(
    path: Path = KEYWORDS_FILE, theme_codes: Iterable[str] | None = None
) -> KeywordMap:
    """Parse the keyword mapping; every theme code must exist in ``theme_codes`` when given."""
    known = set(theme_codes) if theme_codes is not None else None
    entries: dict[tuple[str, str, str], set[str]] = {}
    for lineno, row in enumerate(_read_rows(path, KEYWORD_COLUMNS), start=2):
        source, field, keyword, code = (
            row["source"],
            row["field"],
            row["keyword"],
            row["theme_code"],
        )
        if source not in SOURCES:
            raise MalformedSourceError(path, lineno, f"unknown source {source!r}")
        if not field or not keyword:
            raise MalformedSourceError(path, lineno, "field and keyword must not be empty")
        if code and known is not None and code not in known:
            raise MalformedSourceError(path, lineno, f"unknown theme code {code!r}")
        bucket = entries.setdefault((source, field, normalize_keyword(keyword)), set())
        if code:
            bucket.add(code)
    return KeywordMap({key: tuple(sorted(codes)) for key, codes in entries.items()})
