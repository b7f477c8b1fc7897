"""Settings: read from the environment, and every one documented in the README."""

from __future__ import annotations

import pytest

from matcher.config import REPO_ROOT, Settings


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_readme_documents_every_setting(name: str) -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert f"MATCHER_{name.upper()}" in readme


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MATCHER_DATABASE_URL", "sqlite:///elsewhere.sqlite")
    monkeypatch.setenv("MATCHER_PORT", "9123")
    settings = Settings()
    assert settings.database_url == "sqlite:///elsewhere.sqlite"
    assert settings.port == 9123
