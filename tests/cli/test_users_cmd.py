from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from matcher.cli import app
from matcher.config import get_settings
from matcher.db import create_all, make_engine
from matcher.models import Town
from matcher.users import find_user_by_key

runner = CliRunner()


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A SQLite file with the tables and one town, set as MATCHER_DATABASE_URL."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    engine = make_engine(url)
    create_all(engine)
    with Session(engine) as session:
        session.add(
            Town(
                id="PL-1261011", name="Kraków", name_ascii="krakow", country_code="PL", kind="gmina"
            )
        )
        session.commit()
    engine.dispose()
    monkeypatch.setenv("MATCHER_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def test_add_prints_a_key_that_authenticates(db_url: str) -> None:
    result = runner.invoke(
        app, ["users", "add", "krakow", "--role", "editor", "--town", "PL-1261011"]
    )
    assert result.exit_code == 0, result.output
    key = result.output.strip().splitlines()[-1]
    engine = make_engine(db_url)
    with Session(engine) as session:
        user = find_user_by_key(session, key)
        assert user is not None and (user.role, user.town_id) == ("editor", "PL-1261011")
    engine.dispose()


def test_list_shows_users_without_keys(db_url: str) -> None:
    added = runner.invoke(app, ["users", "add", "anna", "--role", "curator"])
    key = added.output.strip().splitlines()[-1]
    listed = runner.invoke(app, ["users", "list"])
    assert "anna\tcurator\t-" in listed.output
    assert key not in listed.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x", "--role", "boss"], "Unknown role 'boss'"),
        (["x", "--role", "editor", "--town", "PL-0000000"], "Unknown town 'PL-0000000'"),
        (["x", "--role", "editor"], "needs a town"),
    ],
)
def test_add_refuses_bad_input_with_a_message(db_url: str, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["users", "add", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_add_refuses_a_duplicate_name(db_url: str) -> None:
    runner.invoke(app, ["users", "add", "anna", "--role", "admin"])
    result = runner.invoke(app, ["users", "add", "anna", "--role", "admin"])
    assert result.exit_code == 2
    assert "already exists" in result.output


def test_add_without_tables_says_to_migrate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MATCHER_DATABASE_URL", f"sqlite:///{tmp_path / 'none.sqlite'}")
    get_settings.cache_clear()
    result = runner.invoke(app, ["users", "add", "anna", "--role", "admin"])
    get_settings.cache_clear()
    assert result.exit_code == 1
    assert "matcher db upgrade" in result.output


def test_db_upgrade_creates_the_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MATCHER_DATABASE_URL", f"sqlite:///{tmp_path / 'new.sqlite'}")
    get_settings.cache_clear()
    first = runner.invoke(app, ["db", "upgrade"])
    second = runner.invoke(app, ["db", "upgrade"])
    get_settings.cache_clear()
    assert first.exit_code == 0 and "schema created at revision" in first.output
    assert "already at revision" in second.output


def test_db_upgrade_to_unknown_revision_fails_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MATCHER_DATABASE_URL", f"sqlite:///{tmp_path / 'new.sqlite'}")
    get_settings.cache_clear()
    result = runner.invoke(app, ["db", "upgrade", "--revision", "nope"])
    get_settings.cache_clear()
    assert result.exit_code == 1
    assert "Migration failed" in result.output


def _key(output: str) -> str:
    return output.strip().splitlines()[-1]


def _state(db_url: str, key: str) -> str | None:
    from matcher.users import key_state

    engine = make_engine(db_url)
    with Session(engine) as session:
        user = find_user_by_key(session, key)
        state = key_state(user) if user is not None else None
    engine.dispose()
    return state


def test_revoke_stops_the_key(db_url: str) -> None:
    key = _key(runner.invoke(app, ["users", "add", "anna", "--role", "curator"]).output)
    result = runner.invoke(app, ["users", "revoke", "anna"])
    assert result.exit_code == 0 and "revoked" in result.output
    assert _state(db_url, key) == "revoked"
    assert "anna\tcurator\t-\trevoked" in runner.invoke(app, ["users", "list"]).output


def test_rotate_shows_a_new_key_once_and_the_old_stops(db_url: str) -> None:
    old = _key(runner.invoke(app, ["users", "add", "anna", "--role", "curator"]).output)
    result = runner.invoke(app, ["users", "rotate", "anna", "--expires", "2099-12-31"])
    assert result.exit_code == 0, result.output
    new = _key(result.output)
    assert new != old and new.startswith("mk_")
    assert _state(db_url, old) is None and _state(db_url, new) == "active"
    assert "anna\tcurator\t-\tactive\t2100-01-01" in runner.invoke(app, ["users", "list"]).output


def test_an_expired_key_is_listed_as_expired(db_url: str) -> None:
    added = runner.invoke(
        app, ["users", "add", "old", "--role", "admin", "--expires", "2020-01-01"]
    )
    assert added.exit_code == 0
    assert _state(db_url, _key(added.output)) == "expired"


@pytest.mark.parametrize("command", [["revoke", "nobody"], ["rotate", "nobody"]])
def test_unknown_user_is_a_sentence_not_a_traceback(db_url: str, command: list[str]) -> None:
    result = runner.invoke(app, ["users", *command])
    assert result.exit_code == 2
    assert "no user named 'nobody'" in result.output and "Traceback" not in result.output


def test_a_bad_expiry_date_is_refused(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "pl_PL.UTF-8")
    result = runner.invoke(app, ["users", "add", "x", "--role", "admin", "--expires", "soon"])
    assert result.exit_code == 2
    assert "„soon” nie jest datą" in result.output
