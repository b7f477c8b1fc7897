"""Settings read from the environment (prefix ``MATCHER_``), built on demand, never at import."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    """Every knob of the service; each is documented in the README's settings table."""

    model_config = SettingsConfigDict(env_prefix="MATCHER_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{REPO_ROOT / 'var' / 'matcher.sqlite'}",
        description="SQLAlchemy URL of the database; SQLite file by default.",
    )
    data_dir: Path = Field(
        default=REPO_ROOT / "data", description="Processed data shipped with the project."
    )
    raw_dir: Path = Field(
        default=REPO_ROOT.parent / "shared" / "data" / "raw",
        description="Raw source files that `matcher data build` reads.",
    )
    var_dir: Path = Field(
        default=REPO_ROOT / "var", description="Local state: database file, vector cache."
    )
    embedding_model: str = Field(
        default="use-multilingual",
        description=(
            "Embedding model: 'use-multilingual' (packaged default), 'minilm' (packaged, "
            "English only) or a local path to any sentence-transformers model."
        ),
    )
    ranker_path: Path = Field(
        default=REPO_ROOT / "data" / "ranker.json", description="Trained ranker artifact."
    )
    load_max_shrink: float = Field(
        default=0.10,
        ge=0,
        le=1,
        description="Largest share of a table's rows one `matcher db load` may remove.",
    )
    answer_cache_mb: int = Field(
        default=256,
        ge=0,
        description="Memory for cached answers per server process, in MiB (compressed).",
    )
    query_vector_cache_mb: int = Field(
        default=16,
        ge=0,
        description="Memory for the vectors of free-text queries asked before, in MiB.",
    )
    sync_interval: float = Field(
        default=0.5,
        gt=0,
        le=60,
        description="Seconds between a server's checks for changes other workers made.",
    )
    max_body_bytes: int = Field(
        default=256 * 1024,
        ge=1024,
        description="Largest request body the API accepts, in bytes (413 above).",
    )
    body_timeout: float = Field(
        default=10.0,
        gt=0,
        description="Seconds a request body may take to arrive (408 after).",
    )
    host: str = Field(default="127.0.0.1", description="Address `matcher serve` binds to.")
    port: int = Field(default=8000, description="Port `matcher serve` listens on.")
    smtp_host: str = Field(
        default="", description="SMTP server for interest e-mails; empty: no e-mail (default)."
    )
    smtp_port: int = Field(default=25, ge=1, le=65535, description="SMTP port.")
    smtp_user: str = Field(default="", description="SMTP login (empty: no login).")
    smtp_password: str = Field(default="", description="SMTP password.")
    smtp_from: str = Field(
        default="matcher@localhost", description="Sender address of interest e-mails."
    )
    smtp_starttls: bool = Field(default=False, description="Upgrade the SMTP link with STARTTLS.")
    smtp_timeout: float = Field(default=10.0, gt=0, description="Seconds per SMTP attempt.")
    smtp_retry_seconds: float = Field(
        default=60.0,
        gt=0,
        description="Seconds before the first retry of a failed e-mail (doubling, at most a day).",
    )

    @property
    def smtp_enabled(self) -> bool:
        """Whether interest e-mails are sent at all."""
        return bool(self.smtp_host)

    @property
    def vector_dir(self) -> Path:
        """Where the vector store keeps embeddings, one folder per model id."""
        return self.var_dir / "vectors"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once on first use."""
    return Settings()
