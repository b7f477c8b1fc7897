"""The learned rankers, both additive: a pair's score is the sum of its factors' points.

* :class:`ShapeRanker` (the ranker): one shape function per factor, a step function over a
  fixed grid of the factor's values, learned by gradient-boosted stumps (LightGBM trees of
  one split each, so every tree speaks for one factor; the same additive form as an
  Explainable Boosting Machine). A factor's points are read from its table, so the
  contributions are exact and add up to the score.
* :class:`AdditiveRanker` (v1, the backtest's yardstick): logistic regression over
  standardised factors, ``coef_f * (x_f - mean_f) / scale_f``; a missing value stands for
  the mean and contributes nothing.

Both are centred: an average training pair scores zero. Both save as plain JSON.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

ARTIFACT_FORMAT = 2
"""2: the artifact names its model kind ("shapes" or "logistic") and its wish policy."""


class AdditiveRanker(BaseEstimator):
    """Estimator with the scikit-learn contract: ``fit`` sets the trailing-underscore state."""

    def __init__(self, factors: tuple[str, ...], *, C: float = 1.0, max_iter: int = 2000) -> None:
        self.factors = factors
        self.C = C
        self.max_iter = max_iter

    def fit(self, X: np.ndarray, y: np.ndarray) -> Self:
        X = np.asarray(X, dtype=float)
        with warnings.catch_warnings():  # a factor without any value has no mean: 0
            warnings.simplefilter("ignore", RuntimeWarning)
            mean = np.nanmean(np.where(np.isfinite(X), X, np.nan), axis=0)
        mean = np.where(np.isfinite(mean), mean, 0.0)
        filled = _fill(X, mean)
        scale = filled.std(axis=0)
        scale = np.where(scale > 1e-12, scale, 1.0)
        model = LogisticRegression(C=self.C, max_iter=self.max_iter)
        model.fit((filled - mean) / scale, y)
        self.mean_ = mean
        self.scale_ = scale
        self.coef_ = model.coef_.ravel().copy()
        self.intercept_ = float(model.intercept_[0])
        return self

    def contributions(self, X: np.ndarray) -> np.ndarray:
        """Per-pair, per-factor points; rows sum to the score."""
        check_is_fitted(self, "coef_")
        X = np.asarray(X)
        dtype = X.dtype if X.dtype == np.float32 else np.float64
        weight = (self.coef_ / self.scale_).astype(dtype)
        out = np.multiply(X, weight, dtype=dtype)
        out -= (self.mean_ * self.coef_ / self.scale_).astype(dtype)
        # a missing value stands for the mean, whose contribution is zero
        return np.nan_to_num(out, copy=False, nan=0.0, posinf=0.0, neginf=0.0)

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        return self.contributions(X).sum(axis=1)

    def to_dict(self) -> dict[str, Any]:
        check_is_fitted(self, "coef_")
        return {
            "kind": "logistic",
            "factors": list(self.factors),
            "C": self.C,
            "mean": [round(float(v), 10) for v in self.mean_],
            "scale": [round(float(v), 10) for v in self.scale_],
            "coef": [round(float(v), 10) for v in self.coef_],
            "intercept": round(self.intercept_, 10),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AdditiveRanker:
        ranker = cls(tuple(data["factors"]), C=float(data["C"]))
        ranker.mean_ = np.asarray(data["mean"], dtype=float)
        ranker.scale_ = np.asarray(data["scale"], dtype=float)
        ranker.coef_ = np.asarray(data["coef"], dtype=float)
        ranker.intercept_ = float(data["intercept"])
        return ranker


class ShapeRanker(BaseEstimator):
    """Additive model of per-factor step functions over a uniform grid (see module doc).

    Each factor's values are cut into ``cells`` equal cells between its 0.1% and 99.9%
    training quantiles (values beyond fall in the end cells); a missing value has a cell of
    its own. The boosted stumps split between cells, so a factor's points are one table
    lookup: ``points_[f][cell]``.
    """

    def __init__(
        self,
        factors: tuple[str, ...],
        *,
        cells: int = 48,
        trees: int = 500,
        learning_rate: float = 0.05,
        min_leaf: int = 200,
        seed: int = 0,
    ) -> None:
        self.factors = factors
        self.cells = cells
        self.trees = trees
        self.learning_rate = learning_rate
        self.min_leaf = min_leaf
        self.seed = seed

    def cell_matrix(self, X: np.ndarray) -> np.ndarray:
        """Cell index of every value (float, NaN where the value is missing)."""
        X = np.asarray(X, dtype=np.float32)
        C = (X - self.low_.astype(np.float32)) * self.inverse_.astype(np.float32)
        C = np.floor(np.clip(C, 0, self.cells - 1))
        return np.asarray(C, dtype=np.float64)

    def fit(self, X: np.ndarray, y: np.ndarray) -> Self:
        import lightgbm as lgb

        X = np.asarray(X, dtype=np.float32)
        with warnings.catch_warnings():  # a factor without any value: any grid will do
            warnings.simplefilter("ignore", RuntimeWarning)
            low = np.nanquantile(X, 0.001, axis=0)
            high = np.nanquantile(X, 0.999, axis=0)
        low = np.where(np.isfinite(low), low, 0.0)
        high = np.where(np.isfinite(high) & (high > low), high, low + 1.0)
        self.low_ = low.astype(np.float64)
        self.inverse_ = (self.cells / (high - low)).astype(np.float64)
        C = self.cell_matrix(X)
        params = {
            "objective": "binary",
            "num_leaves": 2,
            "max_depth": 1,
            "learning_rate": self.learning_rate,
            "min_data_in_leaf": self.min_leaf,
            "max_bin": self.cells + 1,
            "lambda_l2": 1.0,
            "deterministic": True,
            "force_row_wise": True,
            "num_threads": 1,
            "seed": self.seed,
            "verbose": -1,
        }
        data = lgb.Dataset(C, np.asarray(y, dtype=float), params={"max_bin": self.cells + 1})
        booster = lgb.train(params, data, num_boost_round=self.trees)
        self._tables(booster.dump_model())
        # centre: an average training pair scores zero, the rest goes to the intercept
        means = self.contributions(X).mean(axis=0)
        self.points_ -= means[:, None]
        self.intercept_ += float(means.sum())
        self.booster_ = booster
        return self

    def _tables(self, dump: dict[str, Any]) -> None:
        n = len(self.factors)
        points = np.zeros((n, self.cells + 1))  # last column: a missing value
        intercept = 0.0
        grid = np.arange(self.cells, dtype=float)
        for tree in dump["tree_info"]:
            node = tree["tree_structure"]
            if "split_feature" not in node:  # a tree without a split: a constant
                intercept += float(node["leaf_value"])
                continue
            f, threshold = int(node["split_feature"]), float(node["threshold"])
            left, right = node["left_child"]["leaf_value"], node["right_child"]["leaf_value"]
            points[f, :-1] += np.where(grid <= threshold, left, right)
            if node["missing_type"] == "NaN":
                points[f, -1] += left if node["default_left"] else right
            else:  # LightGBM reads a missing value as zero
                points[f, -1] += left if threshold >= 0.0 else right
        self.points_ = points
        self.intercept_ = intercept

    def contributions(self, X: np.ndarray) -> np.ndarray:
        """Per-pair, per-factor points (one table lookup each); rows sum to the score."""
        check_is_fitted(self, "points_")
        X = np.asarray(X)
        out = np.empty(X.shape, dtype=np.float32, order="F")
        low = self.low_.astype(np.float32)
        inverse = self.inverse_.astype(np.float32)
        tables = self.points_.astype(np.float32)
        last = self.cells - 1
        for f in range(X.shape[1]):
            c = (X[:, f].astype(np.float32, copy=False) - low[f]) * inverse[f]
            np.clip(c, 0, last, out=c)
            idx = np.where(np.isnan(c), self.cells, c).astype(np.intp)
            out[:, f] = tables[f][idx]
        return out

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        return self.contributions(X).sum(axis=1)

    def shapes(self) -> dict[str, dict[str, Any]]:
        """Each factor's points per cell, with the cell's lower value (for plots)."""
        check_is_fitted(self, "points_")
        out: dict[str, dict[str, Any]] = {}
        for f, name in enumerate(self.factors):
            x = self.low_[f] + np.arange(self.cells) / self.inverse_[f]
            out[name] = {
                "x": [round(float(v), 4) for v in x],
                "points": [round(float(v), 4) for v in self.points_[f, :-1]],
                "missing": round(float(self.points_[f, -1]), 4),
            }
        return out

    def to_dict(self) -> dict[str, Any]:
        check_is_fitted(self, "points_")
        return {
            "kind": "shapes",
            "factors": list(self.factors),
            "cells": self.cells,
            "trees": self.trees,
            "learning_rate": self.learning_rate,
            "min_leaf": self.min_leaf,
            "seed": self.seed,
            "low": [float(v) for v in self.low_],
            "inverse": [float(v) for v in self.inverse_],
            "points": [[float(v) for v in row] for row in self.points_],
            "intercept": float(self.intercept_),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ShapeRanker:
        ranker = cls(
            tuple(data["factors"]),
            cells=int(data["cells"]),
            trees=int(data["trees"]),
            learning_rate=float(data["learning_rate"]),
            min_leaf=int(data["min_leaf"]),
            seed=int(data["seed"]),
        )
        ranker.low_ = np.asarray(data["low"], dtype=float)
        ranker.inverse_ = np.asarray(data["inverse"], dtype=float)
        ranker.points_ = np.asarray(data["points"], dtype=float)
        ranker.intercept_ = float(data["intercept"])
        return ranker


Model = AdditiveRanker | ShapeRanker


def model_from_dict(data: dict[str, Any]) -> Model:
    if data.get("kind", "logistic") == "shapes":
        return ShapeRanker.from_dict(data)
    return AdditiveRanker.from_dict(data)


def _fill(X: np.ndarray, mean: np.ndarray) -> np.ndarray:
    return np.where(np.isfinite(X), X, mean)


@dataclass(frozen=True)
class RankerArtifact:
    """A trained ranker with what it was trained on, saved as plain JSON."""

    ranker: Model
    version: str
    data_hash: str
    embedding_model: str
    training: dict[str, Any] = field(default_factory=dict)
    wish: dict[str, float] = field(default_factory=dict)

    def save(self, path: Path) -> None:
        payload = {
            "format": ARTIFACT_FORMAT,
            "version": self.version,
            "data_hash": self.data_hash,
            "embedding_model": self.embedding_model,
            "training": self.training,
            "wish": self.wish,
            "ranker": self.ranker.to_dict(),
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> RankerArtifact:
        payload = json.loads(path.read_text(encoding="utf-8"))
        if payload.get("format") not in (1, ARTIFACT_FORMAT):  # 1: a v1 logistic ranker
            raise ValueError(f"{path}: unsupported ranker format {payload.get('format')!r}")
        return cls(
            ranker=model_from_dict(payload["ranker"]),
            version=payload["version"],
            data_hash=payload["data_hash"],
            embedding_model=payload["embedding_model"],
            training=payload.get("training", {}),
            wish=payload.get("wish", {}),
        )
