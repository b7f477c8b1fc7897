"""What training and evaluation read: pool, links, profile vectors and attributes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sqlalchemy.engine import Engine
from sqlmodel import Session

from matcher.profiles import profile_texts
from matcher.ranking.corpus import build_attributes, edge_rows, read_corpus, text_vectors
from matcher.ranking.features import Attributes, TextVectors
from matcher.ranking.graph import PartnerGraph
from matcher.ranking.pool import TownPool

Embedder = Callable[[dict[str, str]], tuple[list[str], np.ndarray]]


@dataclass(frozen=True)
class TrainingInputs:
    pool: TownPool
    edges: np.ndarray
    graph: PartnerGraph
    texts: TextVectors
    attributes: Attributes


def training_inputs(engine: Engine, embed: Embedder) -> TrainingInputs:
    """Read the database and embed the profile texts with ``embed``."""
    corpus = read_corpus(engine)
    pool = TownPool.from_frame(corpus.towns)
    edges = edge_rows(pool, corpus.partnerships)
    with Session(engine) as session:
        keys, matrix = embed(profile_texts(session))
    return TrainingInputs(
        pool=pool,
        edges=edges,
        graph=PartnerGraph.build(pool, edges),
        texts=text_vectors(pool, keys, matrix),
        attributes=build_attributes(pool, corpus),
    )
