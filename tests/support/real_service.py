"""The real ranking service over a test database: a ranker fitted in-process, fake vectors."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from matcher.config import Settings
from matcher.embeddings.base import Encoder
from matcher.embeddings.fake import FakeEncoder
from matcher.ranking.model import RankerArtifact
from matcher.ranking.service import RankingService, embed_texts, load_context
from matcher.ranking.train import fit_ranker
from matcher.ranking.training_data import training_inputs


def real_service(
    engine: Engine, settings: Settings, encoder: Encoder | None = None
) -> RankingService:
    """Train on whatever partnerships ``engine`` holds and serve from memory."""
    enc = encoder or FakeEncoder(32)
    inputs = training_inputs(engine, lambda texts: embed_texts(settings, enc, texts))
    ranker, counts = fit_ranker(
        inputs.pool, inputs.graph, inputs.texts, inputs.attributes, progress=False
    )
    artifact = RankerArtifact(ranker, "test", "test", enc.model_id, counts)
    ctx = load_context(engine, settings, enc, ranker)
    return RankingService(engine, settings, enc, ctx, artifact)
