"""The fake encoder: deterministic, normalised, similar when words are shared."""

from __future__ import annotations

import numpy as np

from matcher.embeddings.base import Encoder
from matcher.embeddings.fake import FakeEncoder


def test_satisfies_the_encoder_protocol(fake_encoder: FakeEncoder) -> None:
    assert isinstance(fake_encoder, Encoder)
    assert fake_encoder.model_id == "fake-32"
    assert fake_encoder.dimension == 32


def test_same_text_gives_the_same_vector_across_instances() -> None:
    texts = ["spa town by the sea", "wine and culture"]
    assert np.array_equal(FakeEncoder(16).encode(texts), FakeEncoder(16).encode(texts))


def test_vectors_are_float32_and_unit_length(fake_encoder: FakeEncoder) -> None:
    vectors = fake_encoder.encode(["one", "two words", "three little words"])
    assert vectors.dtype == np.float32
    assert vectors.shape == (3, 32)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)


def test_shared_words_are_more_similar_than_disjoint_ones(fake_encoder: FakeEncoder) -> None:
    a, b, c = fake_encoder.encode(
        ["spa town by the sea", "spa town in the mountains", "steel industry and mining"]
    )
    assert a @ b > a @ c + 0.3


def test_case_and_punctuation_do_not_change_the_vector(fake_encoder: FakeEncoder) -> None:
    a, b = fake_encoder.encode(["Spa town, by the sea!", "spa town by the sea"])
    assert np.allclose(a, b)


def test_blank_text_gives_the_zero_vector(fake_encoder: FakeEncoder) -> None:
    assert not fake_encoder.encode(["  "]).any()


def test_empty_input_gives_an_empty_matrix(fake_encoder: FakeEncoder) -> None:
    assert fake_encoder.encode([]).shape == (0, 32)


def test_dimension_sets_width_and_id() -> None:
    encoder = FakeEncoder(dimension=8)
    assert encoder.encode(["x"]).shape == (1, 8)
    assert encoder.model_id == "fake-8"
