"""The vector store: caching by text hash, persistence, model isolation, seeds."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from matcher.embeddings.fake import FakeEncoder
from matcher.embeddings.store import (
    HASHES_FILE,
    VECTORS_FILE,
    MissingVectorsError,
    StoreMismatchError,
    VectorStore,
    model_folder_name,
    text_hash,
)


class CountingEncoder:
    """Wraps an encoder and records every text it is asked to encode."""

    def __init__(self, inner: FakeEncoder) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.dimension = inner.dimension
        self.seen: list[str] = []

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        self.seen.extend(texts)
        return self.inner.encode(texts)


ITEMS = {"PL-1": "spa town by the sea", "PL-2": "wine and culture", "DE-3": "steel industry"}


@pytest.fixture
def counting(fake_encoder: FakeEncoder) -> CountingEncoder:
    return CountingEncoder(fake_encoder)


def test_embed_returns_rows_aligned_with_keys(tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    result = VectorStore(tmp_path, fake_encoder.model_id).embed(fake_encoder, ITEMS, progress=False)
    assert result.keys == list(ITEMS)
    assert np.array_equal(result.matrix, fake_encoder.encode(list(ITEMS.values())))
    assert result.matrix.dtype == np.float32
    assert result.model_id == "fake-32"


def test_only_new_texts_are_encoded(tmp_path: Path, counting: CountingEncoder) -> None:
    store = VectorStore(tmp_path, counting.model_id)
    store.embed(counting, ITEMS, progress=False)
    counting.seen.clear()
    result = store.embed(counting, {**ITEMS, "FR-4": "lavender fields"}, progress=False)
    assert counting.seen == ["lavender fields"]
    assert (result.new, result.cached) == (1, 3)


def test_duplicate_texts_are_encoded_once(tmp_path: Path, counting: CountingEncoder) -> None:
    items = {"A": "same text", "B": "same text"}
    result = VectorStore(tmp_path, counting.model_id).embed(counting, items, progress=False)
    assert counting.seen == ["same text"]
    assert np.array_equal(result.matrix[0], result.matrix[1])


def test_blank_texts_are_skipped(tmp_path: Path, counting: CountingEncoder) -> None:
    result = VectorStore(tmp_path, counting.model_id).embed(
        counting, {"A": "words", "B": "   "}, progress=False
    )
    assert result.keys == ["A"]
    assert result.skipped == ["B"]
    assert counting.seen == ["words"]


def test_vectors_persist_across_instances(tmp_path: Path, counting: CountingEncoder) -> None:
    first = VectorStore(tmp_path, counting.model_id).embed(counting, ITEMS, progress=False)
    counting.seen.clear()
    second = VectorStore(tmp_path, counting.model_id).embed(counting, ITEMS, progress=False)
    assert counting.seen == []
    assert np.array_equal(first.matrix, second.matrix)
    assert (second.new, second.cached) == (0, 3)


def test_interrupted_run_keeps_finished_chunks(tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    class FailsOnThirdCall(CountingEncoder):
        calls = 0

        def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
            self.calls += 1
            if self.calls == 3:
                raise KeyboardInterrupt
            return super().encode(texts)

    items = {str(i): f"text number {i}" for i in range(7)}
    with pytest.raises(KeyboardInterrupt):
        VectorStore(tmp_path, fake_encoder.model_id).embed(
            FailsOnThirdCall(fake_encoder), items, progress=False, chunk_size=2
        )
    assert len(VectorStore(tmp_path, fake_encoder.model_id)) == 4


def test_get_and_get_many(tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    store = VectorStore(tmp_path, fake_encoder.model_id)
    store.embed(fake_encoder, ITEMS, progress=False)
    expected = fake_encoder.encode(["wine and culture"])[0]
    vector = store.get("wine and culture")
    assert vector is not None
    assert np.array_equal(vector, expected)
    assert store.get("never seen") is None
    assert store.get_many(["wine and culture", "steel industry"]).shape == (2, 32)
    assert "wine and culture" in store
    assert store.missing(["wine and culture", "new", "new"]) == ["new"]


def test_get_many_raises_for_missing_texts(tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    store = VectorStore(tmp_path, fake_encoder.model_id)
    store.embed(fake_encoder, ITEMS, progress=False)
    with pytest.raises(MissingVectorsError):
        store.get_many(["wine and culture", "never seen"])


def test_models_get_separate_folders(tmp_path: Path) -> None:
    small, large = FakeEncoder(8), FakeEncoder(16)
    VectorStore(tmp_path, small.model_id).embed(small, ITEMS, progress=False)
    VectorStore(tmp_path, large.model_id).embed(large, ITEMS, progress=False)
    assert VectorStore(tmp_path, small.model_id).get_many(["wine and culture"]).shape == (1, 8)
    assert VectorStore(tmp_path, large.model_id).get_many(["wine and culture"]).shape == (1, 16)


def test_encoder_of_another_model_is_refused(tmp_path: Path) -> None:
    store = VectorStore(tmp_path, "fake-8")
    with pytest.raises(StoreMismatchError):
        store.embed(FakeEncoder(16), ITEMS, progress=False)


def test_folder_of_another_model_id_is_refused(tmp_path: Path) -> None:
    encoder = FakeEncoder(8)
    VectorStore(tmp_path, encoder.model_id).embed(encoder, ITEMS, progress=False)
    (tmp_path / model_folder_name("other@1")).symlink_to(tmp_path / model_folder_name("fake-8"))
    with pytest.raises(StoreMismatchError):
        VectorStore(tmp_path, "other@1")


def test_save_leaves_no_temp_files(tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    store = VectorStore(tmp_path, fake_encoder.model_id)
    store.embed(fake_encoder, ITEMS, progress=False, chunk_size=1)
    names = sorted(p.name for p in store.folder.iterdir())
    assert names == [HASHES_FILE, "meta.json", VECTORS_FILE]


def test_failed_write_keeps_the_previous_files(
    tmp_path: Path, fake_encoder: FakeEncoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = VectorStore(tmp_path, fake_encoder.model_id)
    store.embed(fake_encoder, ITEMS, progress=False)

    def broken_save(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(np, "save", broken_save)
    with pytest.raises(OSError):
        store.embed(fake_encoder, {"X": "something new"}, progress=False)
    monkeypatch.undo()
    reopened = VectorStore(tmp_path, fake_encoder.model_id)
    assert len(reopened) == 3
    assert sorted(p.name for p in store.folder.iterdir()) == [
        HASHES_FILE,
        "meta.json",
        VECTORS_FILE,
    ]


def test_crash_between_renames_keeps_a_consistent_prefix(
    tmp_path: Path, fake_encoder: FakeEncoder
) -> None:
    store = VectorStore(tmp_path, fake_encoder.model_id)
    store.embed(fake_encoder, {"A": "first"}, progress=False)
    old_hashes = (store.folder / HASHES_FILE).read_bytes()
    store.embed(fake_encoder, {"B": "second"}, progress=False)
    (store.folder / HASHES_FILE).write_bytes(old_hashes)  # vectors renamed, hashes not yet
    reopened = VectorStore(tmp_path, fake_encoder.model_id)
    assert len(reopened) == 1
    assert np.array_equal(reopened.get_many(["first"]), fake_encoder.encode(["first"]))


def test_seed_is_used_before_encoding(tmp_path: Path, counting: CountingEncoder) -> None:
    source = VectorStore(tmp_path / "build", counting.model_id)
    source.embed(counting, ITEMS, progress=False)
    source.export_seed(tmp_path / "seed")
    counting.seen.clear()
    fresh = VectorStore(tmp_path / "var", counting.model_id, seed_root=tmp_path / "seed")
    result = fresh.embed(counting, {**ITEMS, "X": "brand new"}, progress=False)
    assert counting.seen == ["brand new"]
    assert (result.new, result.cached) == (1, 3)
    assert np.allclose(result.matrix[:3], counting.inner.encode(list(ITEMS.values())), atol=1e-3)


def test_seed_folder_is_never_written(tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    source = VectorStore(tmp_path / "build", fake_encoder.model_id)
    source.embed(fake_encoder, ITEMS, progress=False)
    seed = source.export_seed(tmp_path / "seed")
    before = {p.name: p.read_bytes() for p in seed.iterdir()}
    fresh = VectorStore(tmp_path / "var", fake_encoder.model_id, seed_root=tmp_path / "seed")
    fresh.embed(fake_encoder, {"X": "brand new"}, progress=False)
    assert {p.name: p.read_bytes() for p in seed.iterdir()} == before


def test_export_seed_only_given_texts_in_hash_order(
    tmp_path: Path, fake_encoder: FakeEncoder
) -> None:
    store = VectorStore(tmp_path / "var", fake_encoder.model_id)
    store.embed(fake_encoder, ITEMS, progress=False)
    folder = store.export_seed(tmp_path / "seed", ["steel industry", "wine and culture"])
    hashes = np.load(folder / HASHES_FILE).astype("U64").tolist()
    assert hashes == sorted([text_hash("steel industry"), text_hash("wine and culture")])
    assert np.load(folder / VECTORS_FILE).dtype == np.float16


def test_export_seed_refuses_texts_without_vectors(
    tmp_path: Path, fake_encoder: FakeEncoder
) -> None:
    store = VectorStore(tmp_path / "var", fake_encoder.model_id)
    store.embed(fake_encoder, ITEMS, progress=False)
    with pytest.raises(MissingVectorsError):
        store.export_seed(tmp_path / "seed", ["never embedded"])


def test_seed_of_another_dimension_is_refused(tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    store = VectorStore(tmp_path / "var", fake_encoder.model_id)
    store.embed(fake_encoder, ITEMS, progress=False)
    other = VectorStore(tmp_path / "other", fake_encoder.model_id)
    other._append([text_hash("x")], np.ones((1, 4), dtype=np.float32))
    other.export_seed(tmp_path / "seed")
    with pytest.raises(StoreMismatchError):
        VectorStore(tmp_path / "var", fake_encoder.model_id, seed_root=tmp_path / "seed")


def test_store_of_20k_vectors_reopens_whole(tmp_path: Path) -> None:
    """Reopening reads every vector back (its speed is measured by scripts/bench_embed.py)."""
    rng = np.random.default_rng(0)
    store = VectorStore(tmp_path, "bench")
    digests = [text_hash(str(i)) for i in range(20_000)]
    vectors = rng.standard_normal((20_000, 512)).astype(np.float32)
    store._append(digests, vectors)
    reopened = VectorStore(tmp_path, "bench")
    assert len(reopened) == 20_000
    for i in (0, 7, 19_999):
        assert np.array_equal(reopened._find(digests[i]), vectors[i])


def test_concurrent_writers_do_not_drop_each_others_vectors(
    tmp_path: Path, fake_encoder: FakeEncoder
) -> None:
    first = VectorStore(tmp_path, fake_encoder.model_id)
    second = VectorStore(tmp_path, fake_encoder.model_id)
    first.embed(fake_encoder, {"A": "from the first process"}, progress=False)
    second.embed(fake_encoder, {"B": "from the second process"}, progress=False)
    reopened = VectorStore(tmp_path, fake_encoder.model_id)
    assert "from the first process" in reopened
    assert "from the second process" in reopened
