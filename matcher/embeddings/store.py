"""A persisted vector store keyed by (model id, sha256 of the text).

Layout: ``<root>/<model id>/`` holds ``meta.json`` (model id, dimension, format),
``hashes.npy`` (hex sha256 of each text, ``S64``) and ``vectors.npy`` (float32
rows aligned with the hashes). One folder per model id and the id checked on
load mean two models' vectors never mix; hashing the text means an unchanged
text is never embedded twice. Rows are only ever appended, and each file is
replaced atomically (temp file + rename), vectors before hashes, so a crash
between the two renames leaves a consistent prefix, which loading keeps.

An optional read-only seed root (``data/vectors`` shipped in the repo) is
consulted after the local store and before encoding, so a fresh clone starts
with the shipped vectors.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np
from numpy.typing import DTypeLike

from matcher.embeddings.base import Encoder

FORMAT_VERSION = 1
META_FILE = "meta.json"
HASHES_FILE = "hashes.npy"
VECTORS_FILE = "vectors.npy"
DEFAULT_CHUNK = 2048
ENCODE_BATCH = 32
SAVE_EVERY_S = 30.0


def text_hash(text: str) -> str:
    """Hex sha256 of the UTF-8 text: the content key vectors are stored under."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def model_folder_name(model_id: str) -> str:
    """A filesystem-safe folder name for a model id (the exact id is kept in meta.json)."""
    return re.sub(r"[^A-Za-z0-9._@+-]", "_", model_id)


class StoreMismatchError(ValueError):
    """Vectors of another model or dimension were about to be mixed with this store's."""


class MissingVectorsError(KeyError):
    """Some texts have no stored vector."""


@dataclass(frozen=True)
class EmbeddedSet:
    """Vectors for keyed texts: ``matrix[i]`` belongs to ``keys[i]``."""

    model_id: str
    keys: list[str]
    matrix: np.ndarray
    new: int = 0
    """Distinct texts encoded by the call that built this set."""
    cached: int = 0
    """Distinct texts found in the local store or the seed."""
    skipped: list[str] = field(default_factory=list)
    """Keys left out because their text was blank."""

    def index(self) -> dict[str, int]:
        """Row number of each key."""
        return {key: row for row, key in enumerate(self.keys)}

    def __len__(self) -> int:
        return len(self.keys)


@dataclass
class _Shelf:
    """The arrays of one store folder and a hash -> row lookup."""

    hashes: list[str]
    vectors: np.ndarray
    rows: dict[str, int]

    @classmethod
    def empty(cls, dimension: int) -> _Shelf:
        return cls([], np.zeros((0, dimension), dtype=np.float32), {})


def _read_meta(folder: Path) -> dict[str, object] | None:
    path = folder / META_FILE
    if not path.is_file():
        return None
    meta: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return meta


def _load_shelf(folder: Path, model_id: str) -> tuple[_Shelf, int] | None:
    """Arrays of ``folder`` (float32) and their dimension, or None when it holds none yet."""
    meta = _read_meta(folder)
    if meta is None:
        return None
    if meta.get("model_id") != model_id:
        raise StoreMismatchError(
            f"{folder} holds vectors of {meta.get('model_id')!r}, not {model_id!r}"
        )
    dimension = int(str(meta["dimension"]))
    if not (folder / HASHES_FILE).is_file() or not (folder / VECTORS_FILE).is_file():
        return _Shelf.empty(dimension), dimension
    hashes_arr = np.load(folder / HASHES_FILE, allow_pickle=False)
    vectors = np.load(folder / VECTORS_FILE, allow_pickle=False)
    if vectors.ndim != 2 or vectors.shape[1] != dimension:
        raise StoreMismatchError(
            f"{folder / VECTORS_FILE} has shape {vectors.shape}, expected (n, {dimension})"
        )
    count = min(len(hashes_arr), len(vectors))  # a crash between the two renames
    hashes = hashes_arr[:count].astype("U64").tolist()
    vectors = np.ascontiguousarray(vectors[:count], dtype=np.float32)
    return _Shelf(hashes, vectors, {h: i for i, h in enumerate(hashes)}), dimension


def _atomic_write(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write through a temp file in the same folder, then rename over ``path``."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_folder(
    folder: Path, model_id: str, dimension: int, hashes: Sequence[str], vectors: np.ndarray
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    meta = {"format": FORMAT_VERSION, "model_id": model_id, "dimension": dimension}
    meta_bytes = (json.dumps(meta, indent=2) + "\n").encode("utf-8")
    if _read_meta(folder) != meta:
        _atomic_write(folder / META_FILE, lambda h: h.write(meta_bytes))
    hash_arr = np.array(hashes, dtype="S64") if hashes else np.zeros(0, dtype="S64")
    _atomic_write(folder / VECTORS_FILE, lambda h: np.save(h, vectors, allow_pickle=False))
    _atomic_write(folder / HASHES_FILE, lambda h: np.save(h, hash_arr, allow_pickle=False))


class VectorStore:
    """Vectors of one model on disk, looked up by text; see the module docstring."""

    def __init__(self, root: Path, model_id: str, *, seed_root: Path | None = None) -> None:
        self.root = Path(root)
        self.model_id = model_id
        self.folder = self.root / model_folder_name(model_id)
        self.seed_folder = (
            Path(seed_root) / model_folder_name(model_id) if seed_root is not None else None
        )
        self.dimension: int | None = None
        self._local: _Shelf | None = None
        self._seed: _Shelf | None = None
        self._disk_stamp = self._stamp()
        loaded = _load_shelf(self.folder, model_id)
        if loaded is not None:
            self._local, self.dimension = loaded
        if self.seed_folder is not None:
            seeded = _load_shelf(self.seed_folder, model_id)
            if seeded is not None:
                self._seed, seed_dim = seeded
                if self.dimension is not None and seed_dim != self.dimension:
                    raise StoreMismatchError(
                        f"seed {self.seed_folder} has dimension {seed_dim}, "
                        f"store has {self.dimension}"
                    )
                self.dimension = seed_dim

    # ---- lookups ----
    def _find(self, digest: str) -> np.ndarray | None:
        for shelf in (self._local, self._seed):
            if shelf is not None:
                row = shelf.rows.get(digest)
                if row is not None:
                    return shelf.vectors[row]
        return None

    def _has(self, digest: str) -> bool:
        return any(s is not None and digest in s.rows for s in (self._local, self._seed))

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and self._has(text_hash(text))

    def __len__(self) -> int:
        """Number of distinct texts with a vector (local and seed together)."""
        local = set(self._local.rows) if self._local else set()
        seed = set(self._seed.rows) if self._seed else set()
        return len(local | seed)

    def get(self, text: str) -> np.ndarray | None:
        """The stored vector of ``text``, or None."""
        return self._find(text_hash(text))

    def missing(self, texts: Iterable[str]) -> list[str]:
        """The distinct texts (in first-seen order) that have no vector yet."""
        seen: dict[str, str] = {}
        for text in texts:
            digest = text_hash(text)
            if digest not in seen and not self._has(digest):
                seen[digest] = text
        return list(seen.values())

    def get_many(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of ``texts`` as rows; raises ``MissingVectorsError`` if any is absent."""
        rows = [self._find(text_hash(t)) for t in texts]
        absent = sum(r is None for r in rows)
        if absent:
            raise MissingVectorsError(f"{absent} of {len(texts)} texts have no stored vector")
        if not rows:
            return np.zeros((0, self.dimension or 0), dtype=np.float32)
        return np.stack([r for r in rows if r is not None]).astype(np.float32, copy=False)

    # ---- writing ----
    def _append(self, digests: Sequence[str], vectors: np.ndarray) -> None:
        if vectors.ndim != 2 or vectors.shape[0] != len(digests):
            raise ValueError(f"encoder returned shape {vectors.shape} for {len(digests)} texts")
        if self.dimension is None:
            self.dimension = int(vectors.shape[1])
        if vectors.shape[1] != self.dimension:
            raise StoreMismatchError(
                f"vectors of dimension {vectors.shape[1]} for a store of dimension {self.dimension}"
            )
        self._merge_concurrent_writes()
        shelf = self._local or _Shelf.empty(self.dimension)
        start = len(shelf.hashes)
        shelf.hashes.extend(digests)
        shelf.vectors = np.concatenate([shelf.vectors, vectors.astype(np.float32, copy=False)])
        shelf.rows.update((d, start + i) for i, d in enumerate(digests))
        self._local = shelf
        _write_folder(self.folder, self.model_id, self.dimension, shelf.hashes, shelf.vectors)
        self._disk_stamp = self._stamp()

    def _stamp(self) -> tuple[int, int] | None:
        """Identity of the hashes file on disk, to notice another process's writes."""
        try:
            stat = (self.folder / HASHES_FILE).stat()
        except FileNotFoundError:
            return None
        return stat.st_mtime_ns, stat.st_size

    def _merge_concurrent_writes(self) -> None:
        """Adopt rows another process saved since we loaded, so our save does not drop them."""
        if self._stamp() == self._disk_stamp:
            return
        loaded = _load_shelf(self.folder, self.model_id)
        if loaded is None:
            return
        disk, dimension = loaded
        if dimension != self.dimension:
            raise StoreMismatchError(f"{self.folder} changed to dimension {dimension}")
        shelf = self._local or _Shelf.empty(dimension)
        extra = [i for i, digest in enumerate(disk.hashes) if digest not in shelf.rows]
        if extra:
            start = len(shelf.hashes)
            shelf.hashes.extend(disk.hashes[i] for i in extra)
            shelf.vectors = np.concatenate([shelf.vectors, disk.vectors[extra]])
            shelf.rows.update((disk.hashes[i], start + n) for n, i in enumerate(extra))
        self._local = shelf

    def embed(
        self,
        encoder: Encoder,
        items: Mapping[str, str],
        *,
        progress: bool = True,
        chunk_size: int = DEFAULT_CHUNK,
    ) -> EmbeddedSet:
        """Vectors for every key of ``items`` whose text is not blank.

        Only texts without a stored vector are encoded, each distinct text once, in
        chunks saved as they finish (an interrupted run keeps what it did).
        """
        if encoder.model_id != self.model_id:
            raise StoreMismatchError(
                f"encoder {encoder.model_id!r} cannot write to the store of {self.model_id!r}"
            )
        keys = [k for k, text in items.items() if text.strip()]
        skipped = [k for k, text in items.items() if not text.strip()]
        digests = [text_hash(items[k]) for k in keys]
        todo: dict[str, str] = {}
        for key, digest in zip(keys, digests, strict=True):
            if digest not in todo and not self._has(digest):
                todo[digest] = items[key]
        cached = len(set(digests)) - len(todo)
        if todo:
            self._encode_missing(encoder, todo, progress=progress, chunk_size=chunk_size)
        dimension = self.dimension if self.dimension is not None else encoder.dimension
        matrix = np.empty((len(keys), dimension), dtype=np.float32)
        for row, digest in enumerate(digests):
            vector = self._find(digest)
            assert vector is not None  # every digest was stored just above
            matrix[row] = vector
        return EmbeddedSet(self.model_id, keys, matrix, len(todo), cached, skipped)

    def _encode_missing(
        self, encoder: Encoder, todo: Mapping[str, str], *, progress: bool, chunk_size: int
    ) -> None:
        """Encode in small batches (a live progress bar), saving every ``chunk_size`` texts
        or ``SAVE_EVERY_S`` seconds, whichever comes first, and at the end."""
        from tqdm import tqdm

        pending = list(todo.items())
        step = max(1, min(ENCODE_BATCH, chunk_size))
        digests: list[str] = []
        parts: list[np.ndarray] = []
        last_save = time.monotonic()
        with tqdm(total=len(pending), unit="text", desc="Embedding", disable=not progress) as bar:
            for start in range(0, len(pending), step):
                batch = pending[start : start + step]
                parts.append(np.asarray(encoder.encode([text for _, text in batch])))
                digests.extend(digest for digest, _ in batch)
                bar.update(len(batch))
                done = start + step >= len(pending)
                due = time.monotonic() - last_save >= SAVE_EVERY_S
                if done or due or len(digests) >= chunk_size:
                    self._append(digests, np.concatenate(parts))
                    digests, parts, last_save = [], [], time.monotonic()

    def export_seed(
        self,
        seed_root: Path,
        texts: Iterable[str] | None = None,
        *,
        dtype: DTypeLike = np.float16,
    ) -> Path:
        """Write the vectors of ``texts`` (all stored ones if None) as a seed folder.

        Rows are sorted by hash so the files are reproducible; float16 halves the
        size shipped in the repo at a cosine error around 1e-3. Returns the folder.
        """
        if texts is None:
            digests = sorted(
                set(self._local.rows if self._local else {})
                | set(self._seed.rows if self._seed else {})
            )
        else:
            digests = sorted({text_hash(t) for t in texts})
        if self.dimension is None:
            raise MissingVectorsError("the store holds no vectors to export")
        vectors = np.zeros((len(digests), self.dimension), dtype=np.float32)
        for row, digest in enumerate(digests):
            vector = self._find(digest)
            if vector is None:
                raise MissingVectorsError("some texts to export have no stored vector")
            vectors[row] = vector
        folder = Path(seed_root) / model_folder_name(self.model_id)
        _write_folder(folder, self.model_id, self.dimension, digests, vectors.astype(dtype))
        return folder
