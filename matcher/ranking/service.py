"""The real :class:`~matcher.service.MatchService`: data, vectors and ranker held in memory."""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from matcher.answer_cache import AnswerCache, ByteLRU, CacheStats
from matcher.config import Settings
from matcher.embeddings.base import Encoder
from matcher.i18n.places import load_place_names
from matcher.models import TownProfile
from matcher.profiles import OFFERS_PREFIX, SEEKS_PREFIX, town_texts
from matcher.ranking import engine as ranking
from matcher.ranking.corpus import edge_rows, read_corpus
from matcher.ranking.features import TextVectors
from matcher.ranking.graph import PartnerGraph
from matcher.ranking.model import RankerArtifact
from matcher.results import Suggestion, SuggestionQuery, TownSuggestions
from matcher.service import UnknownTown

log = logging.getLogger(__name__)


class RankerMissing(RuntimeError):
    """No trained ranker at the configured path."""


def embed_texts(
    settings: Settings, encoder: Encoder, texts: dict[str, str], *, progress: bool = False
) -> tuple[list[str], np.ndarray]:
    """Vectors for ``texts`` through the persistent store (only new texts are encoded)."""
    from matcher.embeddings.store import VectorStore

    store = VectorStore(
        settings.vector_dir,
        encoder.model_id,
        seed_root=settings.data_dir / "vectors",
    )
    embedded = store.embed(encoder, texts, progress=progress)
    return list(embedded.keys), np.asarray(embedded.matrix, dtype=np.float32)


def load_context(
    engine: Engine,
    settings: Settings,
    encoder: Encoder,
    ranker: ranking.Ranker,
    *,
    progress: bool = False,
) -> ranking.RankingContext:
    """Read the database, embed what carries text, and assemble the in-memory context."""
    from matcher.ranking.training_data import training_inputs

    inputs = training_inputs(engine, lambda t: embed_texts(settings, encoder, t, progress=progress))
    with engine.connect() as conn:
        places = load_place_names(conn)  # the sentences' region names and exonyms
    return replace(inputs.context(ranker), places=places)


class RankingService:
    """Answers suggestion queries from memory; reads only declined pairs (shortlists and
    interest threads) per request."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        encoder: Encoder,
        ctx: ranking.RankingContext,
        artifact: RankerArtifact | None = None,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.encoder = encoder
        self.ctx = ctx
        self.artifact = artifact
        self._lock = threading.Lock()
        # one change of the context at a time: each builds on the one before
        self._update_lock = threading.RLock()
        # answers by (data generation, query, declined set): repeated questions are free;
        # any change to profiles or links starts a new generation
        self._generation = 0
        self._cache = AnswerCache(TownSuggestions, settings.answer_cache_mb * 2**20)
        self._query_vectors = ByteLRU(settings.query_vector_cache_mb * 2**20)

    @property
    def model_id(self) -> str:
        return self.encoder.model_id

    def _declined(self, town_id: str) -> set[int]:
        from matcher.curation import declined_candidates
        from matcher.interest import declined_towns

        with Session(self.engine) as session:
            others = declined_candidates(session, town_id) | declined_towns(session, town_id)
        index = self.ctx.pool.index
        return {index[o] for o in others if o in index}

    def _query_vector(self, query: str | None) -> np.ndarray | None:
        """The query's vector; a text asked before is not encoded again."""
        if not query or not query.strip():
            return None
        text = query.strip()
        known = self._query_vectors.get(text)
        if known is not None:
            return np.frombuffer(known, dtype=np.float32)
        vector = np.asarray(self.encoder.encode([text])[0], dtype=np.float32)
        self._query_vectors.put(text, vector.tobytes())
        return vector

    def suggest(self, query: SuggestionQuery) -> TownSuggestions:
        ctx, generation = self.ctx, self._generation
        if query.town_id and query.town_id not in ctx.pool.index:
            raise UnknownTown(query.town_id)
        declined = self._declined(query.town_id) if query.town_id else set()
        key = (generation, query.model_dump_json(), tuple(sorted(declined)))
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        vector = self._query_vector(query.query)
        town, suggestions = ranking.suggest(ctx, query, vector, declined)
        result = TownSuggestions(
            town=town,
            query=query.query,
            suggestions=suggestions,
            understood=ranking.understood(query),
        )
        with self._lock:
            if generation == self._generation:
                self._cache.put(key, result)
        return result

    def cache_stats(self) -> CacheStats:
        """How full the answer cache is (for the metrics)."""
        return self._cache.stats()

    def _replace_context(self, ctx: ranking.RankingContext) -> None:
        """Swap in changed data; cached answers of the old data are dropped."""
        with self._lock:
            self.ctx = ctx
            self._generation += 1
            self._cache.clear()

    def warm_up(self) -> None:
        """Load the embedding model now (it loads lazily on the first free-text query)."""
        try:
            self.encoder.encode(["warm-up"])
        except Exception:  # a failed warm-up only means the first query loads it
            log.exception("encoder warm-up failed")

    def explain(
        self, town_id: str, candidate_id: str, query: SuggestionQuery | None = None
    ) -> Suggestion:
        if query is None:
            return ranking.explain_pair(self.ctx, town_id, candidate_id)
        vector = self._query_vector(query.query)
        declined = self._declined(town_id)
        return ranking.explain_pair(self.ctx, town_id, candidate_id, query, vector, declined)

    def refresh_profile(self, town_id: str) -> None:
        """Re-embed one town's texts and swap them into the context."""
        with self._update_lock:
            self._refresh_profile(town_id)

    def _refresh_profile(self, town_id: str) -> None:
        ctx = self.ctx
        row = ctx.row(town_id)
        with Session(self.engine) as session:
            texts = town_texts(session, town_id)
            profile = session.get(TownProfile, town_id)
        keys, matrix = embed_texts(self.settings, self.encoder, texts) if texts else ([], None)
        vectors = dict(zip(keys, matrix if matrix is not None else [], strict=True))
        self._replace_context(
            replace(
                ctx,
                texts=_with_vector(ctx.texts, row, vectors.get(town_id)),
                offers=_with_vector(ctx.offers, row, vectors.get(OFFERS_PREFIX + town_id)),
                seeks=_with_vector(ctx.seeks, row, vectors.get(SEEKS_PREFIX + town_id)),
                willing=ctx.willing.with_town(
                    row,
                    bool(profile and profile.seeking),
                    profile.seeking_since if profile else None,
                    profile.seeking_until if profile else None,
                    profile.preferred_countries if profile else "",
                    profile.themes if profile else "",
                ),
            )
        )

    def add_partnership(self, town_a_id: str, town_b_id: str) -> None:
        """Add a link and rebuild the graph statistics (a few hundred ms)."""
        with self._update_lock:
            ctx = self.ctx
            a, b = ctx.row(town_a_id), ctx.row(town_b_id)
            src, dst = ctx.graph.adjacency.nonzero()
            upper = src < dst
            edges = np.vstack([np.column_stack([src[upper], dst[upper]]), [[a, b]]])
            self._replace_context(replace(ctx, graph=PartnerGraph.build(ctx.pool, edges)))

    def reload_partnerships(self) -> None:
        """Rebuild the graph from the partnership table (links any process added)."""
        with self._update_lock:
            with self.engine.connect() as conn:
                pairs = pd.read_sql_query(
                    text("SELECT town_a_id, town_b_id FROM partnership"), conn
                )
            ctx = self.ctx
            graph = PartnerGraph.build(ctx.pool, edge_rows(ctx.pool, pairs))
            self._replace_context(replace(ctx, graph=graph))

    def status(self) -> dict[str, int | bool | str]:
        ctx = self.ctx
        return {
            "towns": ctx.pool.size,
            "partnerships": ctx.graph.edge_count,
            "vectors": int((ctx.texts.rows >= 0).sum()),
            "ranker": True,
            "model_id": self.model_id,
            "ranker_version": self.artifact.version if self.artifact else "",
        }


def _with_vector(vectors: TextVectors, row: int, vector: np.ndarray | None) -> TextVectors:
    """A copy of ``vectors`` where town ``row`` has ``vector`` (or none)."""
    rows = vectors.rows.copy()
    if vector is None:
        rows[row] = -1
        return TextVectors(rows=rows, matrix=vectors.matrix)
    matrix = vectors.matrix
    if matrix.shape[0] == 0 or matrix.shape[1] != len(vector):
        matrix = np.zeros((0, len(vector)), dtype=np.float32)
    rows[row] = matrix.shape[0]
    return TextVectors(rows=rows, matrix=np.vstack([matrix, vector[None, :].astype(np.float32)]))


def load_ranker(path: Path) -> RankerArtifact:
    if not path.is_file():
        raise RankerMissing(f"No trained ranker at {path}: run `matcher train`.")
    return RankerArtifact.load(path)


def load_service(
    settings: Settings,
    engine: Engine,
    *,
    encoder: Encoder | None = None,
    progress: bool = False,
) -> RankingService:
    """Load everything once (the API's lifespan and the CLI call this)."""
    from matcher.embeddings.models import load_encoder

    artifact = load_ranker(settings.ranker_path)
    enc = encoder or load_encoder(settings.embedding_model)
    if artifact.embedding_model != enc.model_id:
        log.warning(
            "ranker was trained with %s vectors, serving with %s",
            artifact.embedding_model,
            enc.model_id,
        )
    ctx = load_context(engine, settings, enc, artifact.ranker, progress=progress)
    if artifact.wish:
        ctx = replace(ctx, wish=ranking.WishPolicy.from_dict(artifact.wish))
    return RankingService(engine, settings, enc, ctx, artifact)


def corpus_hash(engine: Engine) -> str:
    """A digest of the data the ranker learns from (town ids and partnerships)."""
    corpus = read_corpus(engine)
    digest = hashlib.sha256()
    for town_id in sorted(corpus.towns["id"].astype(str)):
        digest.update(town_id.encode() + b"\n")
    pairs = sorted(
        zip(corpus.partnerships["town_a_id"], corpus.partnerships["town_b_id"], strict=True)
    )
    for a, b in pairs:
        digest.update(f"{a}|{b}\n".encode())
    return digest.hexdigest()
