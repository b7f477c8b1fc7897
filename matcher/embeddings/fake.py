"""A deterministic stand-in encoder for tests: exact, fast, no model files.

Each lower-cased word is hashed to a fixed pseudo-random vector; a text is the
normalised mean of its words' vectors, so texts that share words are similar and
identical texts give identical vectors in every process.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from matcher.embeddings.base import l2_normalise

_WORD = re.compile(r"\w+", re.UNICODE)


def _word_vector(word: str, dimension: int) -> np.ndarray:
    """A standard-normal vector seeded by the word's hash (stable across runs)."""
    seed = int.from_bytes(hashlib.sha256(word.encode("utf-8")).digest()[:8], "little")
    return np.random.default_rng(seed).standard_normal(dimension).astype(np.float32)


class FakeEncoder:
    """Bag-of-hashed-words encoder implementing the ``Encoder`` protocol."""

    def __init__(self, dimension: int = 32) -> None:
        if dimension < 1:
            raise ValueError("dimension must be positive")
        self.dimension = dimension
        self.model_id = f"fake-{dimension}"
        self._cache: dict[str, np.ndarray] = {}

    def _vector(self, word: str) -> np.ndarray:
        vec = self._cache.get(word)
        if vec is None:
            vec = self._cache[word] = _word_vector(word, self.dimension)
        return vec

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        """Embed texts; a text without words gets the zero vector."""
        del progress
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            words = _WORD.findall(text.lower())
            if words:
                out[row] = np.mean([self._vector(w) for w in words], axis=0)
        return l2_normalise(out)
