"""Embeddings: the ``Encoder`` protocol (base), the sentence-transformers encoders
(models, use_module), a deterministic fake for tests (fake) and the persisted
vector store keyed by model id and text hash (store).

Nothing heavy is imported here: torch and sentence-transformers load only when a
model first encodes.
"""
