"""What training, evaluation and the service read: pool, links, profile vectors, attributes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import numpy as np
from sqlalchemy.engine import Engine
from sqlmodel import Session

from matcher.profiles import OFFERS_PREFIX, SEEKS_PREFIX, profile_texts
from matcher.ranking.corpus import (
    build_attributes,
    edge_rows,
    read_corpus,
    text_vectors,
    theme_names,
)
from matcher.ranking.engine import Ranker, RankingContext
from matcher.ranking.facts import Willingness
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
    offers: TextVectors
    seeks: TextVectors
    attributes: Attributes
    theme_names: Mapping[str, tuple[str, str]]
    willing: Willingness | None = None

    def with_edges(self, edges: np.ndarray) -> TrainingInputs:
        """The same towns and texts over other links (a backtest's training links)."""
        return replace(self, edges=edges, graph=PartnerGraph.build(self.pool, edges))

    def context(self, ranker: Ranker) -> RankingContext:
        """The in-memory context the engine answers queries from."""
        return RankingContext(
            pool=self.pool,
            graph=self.graph,
            texts=self.texts,
            offers=self.offers,
            seeks=self.seeks,
            attributes=self.attributes,
            ranker=ranker,
            theme_names=self.theme_names,
            willing=self.willing or Willingness.empty(self.pool.size),
        )


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
        offers=text_vectors(pool, keys, matrix, OFFERS_PREFIX),
        seeks=text_vectors(pool, keys, matrix, SEEKS_PREFIX),
        attributes=build_attributes(pool, corpus),
        theme_names=theme_names(corpus.themes),
        willing=Willingness.from_frame(pool, corpus.profiles),
    )
