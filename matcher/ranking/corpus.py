"""Read what the ranker needs from the database into frames, and turn them into arrays."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sqlalchemy import text
from sqlalchemy.engine import Engine

from matcher.indicators import indicator_matrix
from matcher.profiles import OFFERS_PREFIX, SEEKS_PREFIX
from matcher.ranking.facts import TownFacts
from matcher.ranking.features import Attributes, TextVectors
from matcher.ranking.pool import TownPool
from matcher.town_facts import nuts3_frame

TOWN_COLUMNS = (
    "id, name, kind, country_code, latitude, longitude, population, region_code, region_name, "
    "voivodeship, coastal, alt_names, degurba, gmina_type"
)


@dataclass(frozen=True)
class Corpus:
    """The tables the ranker reads, as frames."""

    towns: pd.DataFrame
    partnerships: pd.DataFrame  # town_a_id, town_b_id, source
    memberships: pd.DataFrame  # town_id, network_id, name
    town_themes: pd.DataFrame  # town_id, theme_code
    themes: pd.DataFrame  # code, name_en, name_pl
    nuts3: pd.DataFrame  # matcher.town_facts.nuts3_frame
    indicators: pd.DataFrame  # matcher.indicators.indicator_matrix
    profiles: pd.DataFrame  # townprofile: willingness columns


PROFILE_COLUMNS = "town_id, seeking, seeking_since, seeking_until, preferred_countries, themes"


def read_corpus(engine: Engine) -> Corpus:
    """Everything the ranker needs, in a handful of queries."""
    with engine.connect() as conn:

        def q(sql: str) -> pd.DataFrame:
            return pd.read_sql_query(text(sql), conn)

        return Corpus(
            towns=q(f"SELECT {TOWN_COLUMNS} FROM town"),
            partnerships=q("SELECT town_a_id, town_b_id, source FROM partnership"),
            memberships=q(
                "SELECT m.town_id, m.network_id, n.name FROM membership m "
                "JOIN network n ON n.id = m.network_id"
            ),
            town_themes=q("SELECT DISTINCT town_id, theme_code FROM towntheme"),
            themes=q("SELECT code, name_en, name_pl FROM theme ORDER BY code"),
            nuts3=nuts3_frame(conn),
            indicators=indicator_matrix(conn),
            profiles=q(f"SELECT {PROFILE_COLUMNS} FROM townprofile ORDER BY town_id"),
        )


def rows_of(pool: TownPool, ids: pd.Series) -> np.ndarray:
    """Pool rows of ``ids`` (-1 for an id not in the pool)."""
    return np.array([pool.index.get(str(i), -1) for i in ids], dtype=np.int64)


def edge_rows(pool: TownPool, partnerships: pd.DataFrame) -> np.ndarray:
    """Partnerships as an (m, 2) array of pool rows; pairs with an unknown end dropped."""
    a = rows_of(pool, partnerships["town_a_id"])
    b = rows_of(pool, partnerships["town_b_id"])
    keep = (a >= 0) & (b >= 0) & (a != b)
    return np.column_stack([a[keep], b[keep]])


def _incidence(
    pool: TownPool, town_ids: pd.Series, keys: pd.Series
) -> tuple[sp.csr_matrix, np.ndarray]:
    labels, codes = np.unique(keys.astype(str).to_numpy(), return_inverse=True)
    rows = rows_of(pool, town_ids)
    keep = rows >= 0
    matrix = sp.csr_matrix(
        (np.ones(int(keep.sum()), dtype=np.float32), (rows[keep], codes[keep])),
        shape=(pool.size, len(labels)),
    )
    matrix.sum_duplicates()
    matrix.data = np.minimum(matrix.data, 1.0)
    matrix.sort_indices()
    return matrix, labels


def build_attributes(pool: TownPool, corpus: Corpus) -> Attributes:
    """Themes and network memberships as sparse 0/1 matrices over the pool."""
    theme_codes = corpus.themes["code"].astype(str)
    tt = corpus.town_themes[corpus.town_themes["theme_code"].isin(theme_codes)]
    # every known theme gets a column, even one no town has yet
    padded = pd.concat([tt["theme_code"], theme_codes], ignore_index=True)
    themes, codes = _incidence(
        pool, pd.concat([tt["town_id"], pd.Series([""] * len(theme_codes))]), padded
    )
    networks, net_ids = _incidence(
        pool, corpus.memberships["town_id"], corpus.memberships["network_id"]
    )
    names_by_id = dict(
        zip(corpus.memberships["network_id"].astype(str), corpus.memberships["name"], strict=True)
    )
    return Attributes(
        themes=themes,
        theme_codes=codes,
        networks=networks,
        network_ids=net_ids,
        network_names=np.array([names_by_id[i] for i in net_ids], dtype=object),
        facts=TownFacts.build(pool, corpus.towns, corpus.nuts3, corpus.indicators),
    )


def text_vectors(
    pool: TownPool, keys: list[str], matrix: np.ndarray, prefix: str = ""
) -> TextVectors:
    """Vectors whose key is ``prefix + town_id``, aligned to the pool."""
    rows = np.full(pool.size, -1, dtype=np.int64)
    picked: list[int] = []
    for i, key in enumerate(keys):
        if prefix:
            if not key.startswith(prefix):
                continue
            town_id = key[len(prefix) :]
        elif key.startswith((OFFERS_PREFIX, SEEKS_PREFIX)):
            continue
        else:
            town_id = key
        row = pool.index.get(town_id)
        if row is not None:
            rows[row] = len(picked)
            picked.append(i)
    dim = matrix.shape[1] if matrix.ndim == 2 and matrix.shape[1] else 1
    if not picked:
        return TextVectors(rows=rows, matrix=np.zeros((0, dim), dtype=np.float32))
    # many towns share one text (the same network memberships): keep each vector once
    distinct, inverse = np.unique(
        np.asarray(matrix[picked], dtype=np.float32), axis=0, return_inverse=True
    )
    has = rows >= 0
    rows[has] = inverse.ravel()[rows[has]]
    return TextVectors(rows=rows, matrix=np.ascontiguousarray(distinct))


def theme_names(themes: pd.DataFrame) -> Mapping[str, tuple[str, str]]:
    return {
        str(c): (str(en), str(pl))
        for c, en, pl in themes[["code", "name_en", "name_pl"]].itertuples(index=False)
    }
