"""The encoder contract every part of matcher embeds through.

Vectors are stored under ``model_id``, so the id must change whenever the vectors
would (a new model, a new package version, a changed local folder).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Encoder(Protocol):
    """Turns texts into L2-normalised float32 vectors of a fixed dimension.

    ``model_id`` and ``dimension`` are read-only here so that an encoder may work
    them out lazily; plain attributes satisfy the protocol too.
    """

    @property
    def model_id(self) -> str:
        """Stable id including the version, e.g. ``use-multilingual-v3@0.2.1``."""
        ...

    @property
    def dimension(self) -> int:
        """Width of every vector this encoder returns."""
        ...

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        """Embed ``texts`` in batches: float32 array of shape (len(texts), dimension)."""
        ...


def l2_normalise(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length as float32; all-zero rows stay zero instead of NaN."""
    out = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)
