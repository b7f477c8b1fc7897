"""The learned ranker: logistic regression over standardised factors, split exactly by factor.

A pair's score is the sum of its factors' contributions ``coef_f * (x_f - mean_f) / scale_f``:
zero for an average pair, positive when a factor speaks for the match. Missing values
(a town without text, say) are set to the mean and so contribute nothing.
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

ARTIFACT_FORMAT = 1


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


def _fill(X: np.ndarray, mean: np.ndarray) -> np.ndarray:
    return np.where(np.isfinite(X), X, mean)


@dataclass(frozen=True)
class RankerArtifact:
    """A trained ranker with what it was trained on, saved as plain JSON."""

    ranker: AdditiveRanker
    version: str
    data_hash: str
    embedding_model: str
    training: dict[str, Any] = field(default_factory=dict)

    def save(self, path: Path) -> None:
        payload = {
            "format": ARTIFACT_FORMAT,
            "version": self.version,
            "data_hash": self.data_hash,
            "embedding_model": self.embedding_model,
            "training": self.training,
            "ranker": self.ranker.to_dict(),
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> RankerArtifact:
        payload = json.loads(path.read_text(encoding="utf-8"))
        if payload.get("format") != ARTIFACT_FORMAT:
            raise ValueError(f"{path}: unsupported ranker format {payload.get('format')!r}")
        return cls(
            ranker=AdditiveRanker.from_dict(payload["ranker"]),
            version=payload["version"],
            data_hash=payload["data_hash"],
            embedding_model=payload["embedding_model"],
            training=payload.get("training", {}),
        )
