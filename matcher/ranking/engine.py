"""Answer a query from memory: filter the pool, score every candidate, explain the top ones."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Protocol

import numpy as np

from matcher.explain import PairEvidence, reasons, understood_message
from matcher.i18n import msg
from matcher.i18n.message import Term
from matcher.i18n.places import Country, PlaceNames, Region, Town
from matcher.i18n.vocabulary import theme_term
from matcher.query_parse import parse_query
from matcher.ranking.facts import TYPES, Willingness
from matcher.ranking.features import (
    FACTORS,
    FAST_MIN,
    Attributes,
    PairFeatures,
    TextVectors,
    pair_features,
    shape_points,
)
from matcher.ranking.graph import PartnerGraph
from matcher.ranking.model import ShapeRanker
from matcher.ranking.pool import TownPool
from matcher.results import Suggestion, SuggestionQuery, TownRef, Understood
from matcher.service import BadQuery, UnknownTown

DEFAULT_QUERY_WEIGHT = 1.0
"""Points per standard deviation of similarity for what a user asks in words (a free-text
wish, what a town seeks): v1's hand-set weight, kept for :data:`UNBOUNDED`."""


def wish_points(similarity: np.ndarray, reference: np.ndarray, weight: float) -> np.ndarray:
    """Points for text similarities, standardised against ``reference`` (the similarities of
    every town; NaN for towns without text, which are left out): zero for a typical town
    and for towns without text."""
    ref = reference[np.isfinite(reference)]
    mean = float(ref.mean()) if len(ref) else 0.0
    std = float(ref.std()) if len(ref) > 1 else 0.0
    z = (similarity - mean) / (std if std > 1e-9 else 1.0)
    return np.asarray(np.where(np.isfinite(z), weight * z, 0.0))


@dataclass(frozen=True)
class WishPolicy:
    """How far a wish in words (a free-text query, a town's stated needs) may move the list.

    Points are ``weight`` per standard deviation of similarity above the typical town, at
    most ``bound``, never below zero (a town without text, or with a text unlike the wish,
    gets none: neither rewarded nor punished), and only for candidates the ranker finds
    plausible: within ``window`` points of the best score before the wish. So a wish
    re-orders plausible partners; a candidate outside the window is not lifted at all, and
    none gains more than ``bound`` on another.
    """

    weight: float = DEFAULT_QUERY_WEIGHT
    bound: float = float("inf")
    window: float = float("inf")
    fade: float = 0.0
    """1: the points fade linearly from the best candidate (all) to the window's edge (none);
    0: the same points anywhere in the window."""

    @property
    def bounded(self) -> bool:
        return np.isfinite(self.bound)

    def points(
        self, similarity: np.ndarray, reference: np.ndarray, base: np.ndarray | None
    ) -> np.ndarray:
        raw = wish_points(similarity, reference, self.weight)
        if not self.bounded:
            return raw  # v1: the hand-set weight, unbounded both ways
        points = np.clip(raw, 0.0, self.bound)
        if base is not None and len(base) and np.isfinite(self.window):
            floor = base.max() - self.window
            points = np.where(base >= floor, points, 0.0)
            if self.fade:
                share = np.clip((base - floor) / max(self.window, 1e-9), 0.0, 1.0)
                points = points * (1.0 - self.fade + self.fade * share)
        return np.asarray(points)

    def to_dict(self) -> dict[str, float]:
        return {
            "weight": self.weight,
            "bound": self.bound,
            "window": self.window,
            "fade": self.fade,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, float]) -> WishPolicy:
        return cls(**{k: float(v) for k, v in data.items()})


UNBOUNDED = WishPolicy()
"""v1's wish: one point per standard deviation, unbounded (the wish may swamp fit)."""


class Ranker(Protocol):
    """A trained additive model: per-factor points for a matrix of its factors' values."""

    factors: tuple[str, ...]

    def contributions(self, X: np.ndarray) -> np.ndarray: ...


@dataclass
class RankingContext:
    """Everything a query needs, loaded once."""

    pool: TownPool
    graph: PartnerGraph
    texts: TextVectors
    offers: TextVectors
    seeks: TextVectors
    attributes: Attributes
    ranker: Ranker
    theme_names: Mapping[str, tuple[str, str]]  # code -> (en, pl)
    wish: WishPolicy = UNBOUNDED
    willing: Willingness = field(default_factory=lambda: Willingness.empty(0))
    places: PlaceNames = field(default_factory=PlaceNames)  # region names, exonyms

    def __post_init__(self) -> None:
        if len(self.willing.seeking) != self.pool.size:
            self.willing = Willingness.empty(self.pool.size)

    def row(self, town_id: str) -> int:
        try:
            return self.pool.row(town_id)
        except KeyError:
            raise UnknownTown(town_id) from None

    def town_ref(self, row: int) -> TownRef:
        p = self.pool
        return TownRef(
            id=str(p.ids[row]),
            name=str(p.names[row]),
            country_code=str(p.country[row]),
            latitude=_opt(p.latitude[row]),
            longitude=_opt(p.longitude[row]),
            population=None if np.isnan(p.population[row]) else int(p.population[row]),
        )


def _opt(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


@dataclass(frozen=True)
class QueryFacets:
    """The facts of ``q.query`` that filter the results; a filter the user gave explicitly
    (countries, population range) wins over the same kind read from the text."""

    countries: tuple[str, ...] = ()
    min_population: int | None = None
    max_population: int | None = None
    sizes: tuple[str, ...] = ()  # ranges ("-20000") of the applied size words
    coastal: bool = False
    spa: bool = False
    understood: tuple[Understood, ...] = ()

    @property
    def filters(self) -> bool:
        return bool(self.countries or self.sizes or self.coastal or self.spa)


def query_facets(q: SuggestionQuery) -> QueryFacets:
    """Parse ``q.query`` and decide which of its facets apply."""
    parsed = parse_query(q.query or "")
    if parsed.empty:
        return QueryFacets()
    use_country = not q.target_countries
    use_size = q.min_population is None and q.max_population is None
    applies = {"country": use_country, "size": use_size, "coastal": True, "spa": True}
    sizes = tuple(m.value for m in parsed.matched if m.kind == "size")
    return QueryFacets(
        countries=parsed.countries if use_country else (),
        min_population=parsed.min_population if use_size else None,
        max_population=parsed.max_population if use_size else None,
        sizes=sizes if use_size else (),
        coastal=bool(parsed.coastal),
        spa=bool(parsed.spa),
        understood=tuple(
            Understood(
                kind=m.kind,
                phrase=m.phrase,
                value=m.value,
                message=understood_message(m.kind, m.value),
                applied=applies[m.kind],
            )
            for m in parsed.matched
        ),
    )


def with_facets(q: SuggestionQuery, facets: QueryFacets) -> SuggestionQuery:
    """``q`` with the query's countries and population range filled in where it gave none."""
    update: dict[str, object] = {}
    if facets.countries:
        update["target_countries"] = list(facets.countries)
    if facets.sizes:
        update["min_population"] = facets.min_population
        update["max_population"] = facets.max_population
    return q.model_copy(update=update) if update else q


def candidate_mask(
    ctx: RankingContext,
    q: SuggestionQuery,
    source: int | None,
    declined: Collection[int] = (),
    facets: QueryFacets | None = None,
) -> np.ndarray:
    """Which pool rows may be suggested for ``q`` (filters, exclusions, declined pairs,
    and the facets of its free text)."""
    pool = ctx.pool
    facets = query_facets(q) if facets is None else facets
    q = with_facets(q, facets)
    mask = pool.suggestible.copy()
    if facets.spa:
        mask &= pool.spa
    if facets.coastal:
        mask &= pool.coastal == 1.0
    targets = {c.upper() for c in q.target_countries}
    if targets:
        mask &= pool.country_mask(targets)
    if source is not None:
        mask[source] = False
        same = pool.country_index == pool.country_index[source]
        if not q.include_same_country and pool.country[source] not in targets:
            mask &= ~same
        if not q.include_partners:
            mask[ctx.graph.neighbours(source)] = False
        if declined:
            mask[sorted(declined)] = False
        if q.max_distance_km is not None:
            dist = pool.distances_km(source)
            mask &= np.nan_to_num(dist, nan=np.inf) <= q.max_distance_km
    elif q.max_distance_km is not None:
        raise BadQuery(msg("error.query.distance_needs_town"))
    if q.min_population is not None:
        mask &= np.nan_to_num(pool.population, nan=-1) >= q.min_population
    if q.max_population is not None:
        mask &= np.nan_to_num(pool.population, nan=np.inf) <= q.max_population
    if q.themes:
        codes = list(ctx.attributes.theme_codes)
        unknown = [t for t in q.themes if t not in codes]
        if unknown:
            raise BadQuery(msg("error.query.unknown_themes", themes=unknown))
        cols = [codes.index(t) for t in q.themes]
        has = np.asarray(ctx.attributes.themes[:, cols].sum(axis=1)).ravel() > 0
        mask &= has
    return mask


SEEKING_POINTS: Mapping[int, float] = {3: 1.0, 2: 0.75, 1: 0.5}
"""Points for a candidate actively seeking partners: in the source's country (3), on the
source's themes (2), anywhere (1). Set, not learned: no town in the loaded data has said
it is seeking yet, so no partnership can teach the weight. One point is about what a town
gains from being of similar size rather than three times bigger."""
SEEKING_KINDS = {3: "country", 2: "themes", 1: "open", 0: ""}


def seeking_kinds(ctx: RankingContext, source: int | None, candidates: np.ndarray) -> np.ndarray:
    """Per candidate: 3 seeking in the source's country, 2 on its themes, 1 anywhere, 0 not
    seeking (or seeking elsewhere, or a lapsed flag)."""
    kinds = np.zeros(len(candidates), dtype=np.int8)
    willing = ctx.willing
    active = np.flatnonzero(willing.active(date.today())[candidates])
    if len(active) == 0:
        return kinds
    country = str(ctx.pool.country[source]) if source is not None else ""
    themes: frozenset[str] = frozenset()
    if source is not None:
        attrs = ctx.attributes
        own = {str(attrs.theme_codes[t]) for t in attrs.items(attrs.themes, source)}
        themes = frozenset(own) | willing.themes[source]
    for i in active:
        row = int(candidates[i])
        wanted = willing.countries[row]
        if wanted and country not in wanted:
            continue
        if country and country in wanted:
            kinds[i] = 3
        elif themes & willing.themes[row]:
            kinds[i] = 2
        else:
            kinds[i] = 1
    return kinds


@dataclass(frozen=True)
class Scored:
    """Contributions (candidates x factors) and the figures behind them."""

    contributions: np.ndarray
    names: list[str]
    feats: PairFeatures | None
    needs: np.ndarray | None
    query_sim: np.ndarray | None
    seeking: np.ndarray

    def without_wish(self) -> np.ndarray:
        """Each candidate's score before the free-text wish."""
        total = self.contributions.sum(axis=1)
        if "query" in self.names:
            total = total - self.contributions[:, self.names.index("query")]
        return np.asarray(total)


def score_candidates(
    ctx: RankingContext,
    source: int | None,
    candidates: np.ndarray,
    query_vector: np.ndarray | None,
) -> Scored:
    """Contributions (candidates x factors), factor names, and the figures behind them."""
    columns: list[np.ndarray] = []  # 2-d blocks of contributions, side by side
    names: list[str] = []
    feats: PairFeatures | None = None
    needs = None
    base = None
    seeking = seeking_kinds(ctx, source, candidates)
    if source is not None:
        data = {
            "pool": ctx.pool,
            "graph": ctx.graph,
            "texts": ctx.texts,
            "attributes": ctx.attributes,
        }
        ranker = ctx.ranker
        if (
            isinstance(ranker, ShapeRanker)
            and ranker.factors == FACTORS
            and (len(candidates) >= FAST_MIN)
        ):
            # the whole pool: the same points without the full feature matrix; the
            # figures behind a shown suggestion are read for it alone
            fit = shape_points(ranker, source, candidates, **data)  # type: ignore[arg-type]
        else:
            feats = pair_features(source, candidates, **data)  # type: ignore[arg-type]
            fit = ranker.contributions(feats.columns(ranker.factors))
        columns.append(fit)
        names.extend(ctx.ranker.factors)
        base = fit.sum(axis=1)
        seek_row = ctx.seeks.rows[source]
        if seek_row >= 0:
            by_town = ctx.offers.similarity_by_town(ctx.seeks.matrix[seek_row])
            needs = by_town[candidates]
            if np.isfinite(needs).any():
                points = ctx.wish.points(needs, by_town, base)
                columns.append(points[:, None])
                names.append("needs_offers")
                base = base + points
    if seeking.any():
        points = np.zeros(len(candidates))
        for kind, value in SEEKING_POINTS.items():
            points[seeking == kind] = value
        columns.append(points[:, None])
        names.append("seeking")
        base = points if base is None else base + points
    query_sim = None
    if query_vector is not None:
        by_town = ctx.texts.similarity_by_town(query_vector)
        query_sim = by_town[candidates]
        columns.append(ctx.wish.points(query_sim, by_town, base)[:, None])
        names.append("query")
    if len(columns) == 1:
        matrix = columns[0]
    else:
        matrix = np.hstack(columns) if columns else np.zeros((len(candidates), 0))
    return Scored(matrix, names, feats, needs, query_sim, seeking)


def near_top(scores: np.ndarray, k: int, slack: float) -> np.ndarray:
    """Positions whose score is within ``slack`` of the ``k``-th best (all when fewer)."""
    if len(scores) <= k:
        return np.arange(len(scores))
    kth = -np.partition(-scores, k - 1)[k - 1]
    return np.flatnonzero(scores >= kth - slack)


def top_k(scores: np.ndarray, candidates: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` best scores; ties broken by town id (the pool's row order)."""
    if len(scores) > 4 * k:
        keep = np.argpartition(-scores, k)[: k + 1]
        cut = scores[keep].min()
        keep = np.flatnonzero(scores >= cut)
    else:
        keep = np.arange(len(scores))
    order = np.lexsort((candidates[keep], -scores[keep]))
    return np.asarray(keep[order][:k])


def suggest(
    ctx: RankingContext,
    q: SuggestionQuery,
    query_vector: np.ndarray | None,
    declined: Collection[int] = (),
) -> tuple[TownRef | None, list[Suggestion]]:
    """The ranked suggestions for ``q``; ``query_vector`` is the embedded ``q.query``;
    ``declined`` holds pool rows the source town's curators declined."""
    source = ctx.row(q.town_id) if q.town_id else None
    if source is None and query_vector is None:
        raise BadQuery(msg("error.query.nothing"))
    facets = query_facets(q)
    mask = candidate_mask(ctx, q, source, declined, facets)
    if source is None and not facets.filters:
        mask &= ctx.texts.rows >= 0  # nothing understood: only towns with text can match
    candidates = np.flatnonzero(mask)
    scored = score_candidates(ctx, source, candidates, query_vector)
    contrib, names = scored.contributions, scored.names
    textless = np.zeros(len(candidates), dtype=bool)
    if source is None:
        # no pair features, no text to compare: towns open to partnerships first
        query_sim = scored.query_sim
        textless = np.isnan(query_sim) if query_sim is not None else ~textless
        openness = np.where(textless, openness_contributions(ctx, candidates), 0.0)
        contrib = np.hstack([contrib, openness[:, None]])
        names = [*names, "openness"]
    if facets.filters:
        contrib = np.hstack([contrib, np.zeros((len(candidates), 1))])
        names = [*names, "query_match"]
    # a shown score is the sum of its contributions rounded to 4 places: only candidates
    # within rounding distance of the k-th best raw score can reach the top k
    near = near_top(contrib.sum(axis=1), q.limit, slack=contrib.shape[1] * 1e-4)
    rounded = np.round(contrib[near], 4) + 0.0  # no "-0.0" in the reasons
    best = top_k(rounded.sum(axis=1), candidates[near], q.limit)
    before = scored.without_wish() if "query" in names else None
    shown_feats = None
    if scored.feats is None and source is not None and len(best):
        # the figures behind the shown suggestions, read for them alone (one call)
        shown_feats = pair_features(
            source,
            candidates[near[best]],
            pool=ctx.pool,
            graph=ctx.graph,
            texts=ctx.texts,
            attributes=ctx.attributes,
        )
    out = []
    for rank, i in enumerate(best, start=1):
        pos = int(near[i])
        row = int(candidates[pos])
        shown = None if shown_feats is None else (shown_feats, rank - 1)
        evidence = pair_evidence(ctx, source, row, scored, pos, q.query or "", facets, shown)
        if before is not None:
            lifted = 1 + int(np.count_nonzero(before > before[pos]))
            evidence = replace(evidence, rank=rank, rank_without_wish=lifted)
        contributions = {
            n: round(float(rounded[i, j]), 4)
            for j, n in enumerate(names)
            if n != "openness" or source is not None or textless[pos]
        }
        ref = ctx.town_ref(row)
        out.append(
            Suggestion(
                **ref.model_dump(),
                rank=rank,
                score=round(float(sum(contributions.values())), 4),
                reasons=reasons(evidence, contributions),
            )
        )
    return (ctx.town_ref(source) if source is not None else None), out


def explain_pair(
    ctx: RankingContext,
    town_id: str,
    candidate_id: str,
    q: SuggestionQuery | None = None,
    query_vector: np.ndarray | None = None,
    declined: Collection[int] = (),
) -> Suggestion:
    """Score and reasons of one given pair (whatever the filters would say); with the wish
    ``q`` (embedded as ``query_vector``) and the source's ``declined`` rows they are the
    ones the pair has in ``q``'s list, its rank with and without the wish included."""
    source, row = ctx.row(town_id), ctx.row(candidate_id)
    if source == row:
        raise BadQuery(msg("error.query.same_town"))
    facets = query_facets(q) if q is not None else None
    candidates = np.array([row])
    if q is not None and query_vector is not None:
        # the wish's points depend on the best candidates of the list (its window): score
        # the list's candidates with this one among them, so the pair reads as in the list
        mask = candidate_mask(ctx, q, source, declined, facets)
        mask[row] = True
        candidates = np.flatnonzero(mask)
    pos = int(np.searchsorted(candidates, row))
    scored = score_candidates(ctx, source, candidates, query_vector)
    contrib, names = scored.contributions[pos : pos + 1], scored.names
    if facets is not None and facets.filters:
        contrib = np.hstack([contrib, np.zeros((1, 1))])
        names = [*names, "query_match"]
    rounded = np.round(contrib, 4)
    contributions = {n: round(float(rounded[0, j]), 4) + 0.0 for j, n in enumerate(names)}
    text = (q.query or "") if q is not None else ""
    evidence = pair_evidence(ctx, source, row, scored, pos, text, facets)
    if len(candidates) > 1 and "query" in names:
        # the rank the list gives (score, then town id) and the one without the wish
        totals = np.round(scored.contributions, 4).sum(axis=1)
        mine = totals[pos]
        ahead = np.count_nonzero(totals > mine)
        ties = np.count_nonzero((totals == mine) & (candidates < row))
        before = scored.without_wish()
        lifted = 1 + int(np.count_nonzero(before > before[pos]))
        evidence = replace(evidence, rank=1 + int(ahead + ties), rank_without_wish=lifted)
    return Suggestion(
        **ctx.town_ref(row).model_dump(),
        rank=0,
        score=round(float(sum(contributions.values())), 4),
        reasons=reasons(evidence, contributions),
    )


def openness_contributions(ctx: RankingContext, candidates: np.ndarray) -> np.ndarray:
    """The ranker's openness points for each candidate (its number of partner towns)."""
    factors = ctx.ranker.factors
    i = factors.index("openness")
    values = np.full((len(candidates), len(factors)), np.nan)
    values[:, i] = np.log1p(ctx.graph.degree[candidates])
    return np.asarray(ctx.ranker.contributions(values)[:, i])


def understood(q: SuggestionQuery) -> list[Understood]:
    """What the free text of ``q`` was understood to ask for (empty without a query)."""
    return list(query_facets(q).understood)


def _maybe(values: np.ndarray | None, pos: int) -> float | None:
    if values is None:
        return None
    value = float(values[pos])
    return None if np.isnan(value) else value


def _region(ctx: RankingContext, row: int) -> Region | Country:
    """Town ``row``'s region named as the data names it in each language."""
    pool = ctx.pool
    key = str(pool.region[row]).partition(":")[2]
    return ctx.places.region(str(pool.country[row]), key, str(pool.region_name[row]))


def pair_evidence(
    ctx: RankingContext,
    source: int | None,
    row: int,
    scored: Scored,
    pos: int,
    query: str,
    facets: QueryFacets | None = None,
    shown: tuple[PairFeatures, int] | None = None,
) -> PairEvidence:
    """The figures behind one suggestion, read from the data for the reasons' sentences."""
    pool, graph, attrs = ctx.pool, ctx.graph, ctx.attributes
    feats, at = scored.feats, pos
    if shown is not None:
        feats, at = shown
    elif feats is None and source is not None:
        feats = pair_features(
            source, np.array([row]), pool=pool, graph=graph, texts=ctx.texts, attributes=attrs
        )
        at = 0
    cand_pop = _opt(pool.population[row])
    facets = facets or QueryFacets()
    kind = int(scored.seeking[pos])
    willing = ctx.willing
    base = {
        "query_country": bool(facets.countries),
        "query_sizes": facets.sizes,
        "query_coastal": facets.coastal,
        "query_spa": facets.spa,
        "candidate_spa_name": str(pool.spa_name[row]),
        "candidate_name": str(pool.names[row]),
        "candidate_town": ctx.places.town(
            str(pool.ids[row]), str(pool.names[row]), str(pool.country[row])
        ),
        "candidate_country": str(pool.country[row]),
        "candidate_population": cand_pop,
        "candidate_region": _region(ctx, row),
        "candidate_partners": int(graph.degree[row]),
        "query": query,
        "query_similarity": _maybe(scored.query_sim, pos),
        "seeking": SEEKING_KINDS[kind],
        "seeking_since": int(willing.since[row]) if kind else 0,
        "seeking_themes": tuple(
            _theme_term(ctx, code) for code in sorted(willing.themes[row]) if kind == 2
        ),
    }
    if source is None or feats is None:
        return PairEvidence(source_name="", source_country="", **base)  # type: ignore[arg-type]
    r_s = graph.region.codes[source]
    c_c = graph.country.codes[row]
    by_region = graph.region_country[r_s]
    theme_idx = np.intersect1d(
        attrs.items(attrs.themes, source), attrs.items(attrs.themes, row), assume_unique=True
    )
    codes = [str(attrs.theme_codes[i]) for i in theme_idx]
    net_idx = np.intersect1d(
        attrs.items(attrs.networks, source), attrs.items(attrs.networks, row), assume_unique=True
    )
    common = np.intersect1d(graph.neighbours(source), graph.neighbours(row))
    to_country = int(by_region[c_c])
    facts = attrs.facts
    bits = int(feats.shared_types[at])
    peers = feats.peers
    region = graph.region.codes[row]
    twinned: list[int] = []
    into_region: list[int] = []
    for p, partners in zip(peers, feats.peer_neighbours, strict=True):
        found = int(np.searchsorted(partners, row))
        if found < len(partners) and int(partners[found]) == row:
            twinned.append(p)
        if (graph.region.codes[partners] == region).any():
            into_region.append(p)
    size = _maybe(feats.partner_size, at)
    return PairEvidence(
        source_name=str(pool.names[source]),
        source_country=str(pool.country[source]),
        source_population=_opt(pool.population[source]),
        source_region=_region(ctx, source),
        distance_km=_maybe(feats.distance_km, at),
        text_similarity=_maybe(feats.text_similarity, at),
        shared_themes=tuple(_theme_term(ctx, c) for c in codes),
        shared_networks=tuple(sorted(str(attrs.network_names[i]) for i in net_idx)),
        region_links_to_country=to_country,
        region_links_total=int(by_region.sum()),
        region_country_rank=(1 + int((by_region > to_country).sum())) if to_country else 0,
        region_links_to_region=int(graph.region_region[r_s, graph.region.codes[row]]),
        ties_with_source_country=int(feats.ties[at]),
        common_partners=_towns(ctx, common),
        needs_offers_similarity=_maybe(scored.needs, pos),
        shared_types=tuple(t for b, t in enumerate(TYPES) if bits & (1 << b)),
        partner_size=None if size is None else float(10**size),
        peers=tuple(str(pool.names[p]) for p in peers),
        peer_partners=tuple(str(pool.names[p]) for p in twinned),
        peer_region=tuple(str(pool.names[p]) for p in into_region),
        peer_region_links=int(feats.peer_region_links[at]),
        source_gdp=_opt(facts.gdp_index[source]) if facts else None,
        candidate_gdp=_opt(facts.gdp_index[row]) if facts else None,
        source_density=_opt(facts.density[source]) if facts else None,
        candidate_density=_opt(facts.density[row]) if facts else None,
        **base,  # type: ignore[arg-type]
    )


def _theme_term(ctx: RankingContext, code: str) -> Term:
    """A theme's name in every language (the catalogue's, the data's where it has none)."""
    names = ctx.theme_names.get(code, (code, code))
    return theme_term(code, dict(zip(("en", "pl"), names, strict=True)))


def _towns(ctx: RankingContext, rows: Collection[int]) -> tuple[Town, ...]:
    """Towns ``rows`` by name, each with the exonyms the data has for it."""
    pool = ctx.pool
    ordered = sorted(rows, key=lambda i: str(pool.names[i]))
    return tuple(
        ctx.places.town(str(pool.ids[i]), str(pool.names[i]), str(pool.country[i])) for i in ordered
    )
