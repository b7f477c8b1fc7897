"""The CLI speaks the reader's language: ``--lang``, else MATCHER_LANG, else the locale; every
error is a sentence in that language with a non-zero exit, never a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from matcher.cli import app
from matcher.config import get_settings
from matcher.db import create_all, make_engine
from matcher.i18n.context import reader_language
from matcher.models import Town

runner = CliRunner()
LOCALE = ("MATCHER_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture(autouse=True)
def plain_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """No language in the environment unless a test sets one."""
    for name in LOCALE:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    engine = make_engine(url)
    create_all(engine)
    with Session(engine) as session:
        session.add(
            Town(
                id="PL-1261011",
                name="Kraków",
                name_ascii="krakow",
                country_code="PL",
                kind="gmina",
                population=804237,
                latitude=50.06,
                longitude=19.94,
            )
        )
        session.commit()
    engine.dispose()
    monkeypatch.setenv("MATCHER_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


@pytest.fixture
def empty_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A database file without any table."""
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    monkeypatch.setenv("MATCHER_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def _clean(result_output: str) -> str:
    assert "Traceback" not in result_output
    return " ".join(result_output.split())


TABLE_HEADERS = {"en": "Population", "pl": "Ludność", "de": "Einwohner"}


@pytest.mark.parametrize("lang", ["en", "pl", "de"])
def test_lang_option_chooses_the_language_of_a_table(db_url: str, lang: str) -> None:
    result = runner.invoke(app, ["--lang", lang, "towns", "search", "Krakow"])
    assert result.exit_code == 0, result.output
    assert TABLE_HEADERS[lang] in result.output
    assert {"en": "804,237", "pl": "804 237", "de": "804.237"}[lang] in result.output.replace(
        "\xa0", " "
    )


def test_matcher_lang_then_the_locale_then_english(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "Population" in runner.invoke(app, ["towns", "search", "Krakow"]).output
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert "Einwohner" in runner.invoke(app, ["towns", "search", "Krakow"]).output
    monkeypatch.setenv("MATCHER_LANG", "pl")
    assert "Ludność" in runner.invoke(app, ["towns", "search", "Krakow"]).output
    # an explicit --lang wins over both
    assert "Population" in runner.invoke(app, ["--lang", "en", "towns", "search", "Krakow"]).output


def test_the_language_is_reset_after_the_command(db_url: str) -> None:
    runner.invoke(app, ["--lang", "pl", "towns", "search", "Krakow"])
    assert reader_language() == "en"


USAGE = {
    "range": (
        ["towns", "search", "Krakow", "--limit", "0"],
        {
            "en": "--limit must be between 1 and 1,000.",
            "pl": "--limit: wartość musi mieścić się między 1 a 1 000.",
            "de": "--limit muss zwischen 1 und 1.000 liegen.",
        },
    ),
    "choice": (
        ["towns", "search", "Krakow", "--format", "xml"],
        {
            "en": "--format must be one of: json, table.",
            "pl": "--format: dozwolone wartości to json, table.",
            "de": "--format muss einer dieser Werte sein: json, table.",
        },
    ),
    "option": (
        ["towns", "search", "--nope"],
        {
            "en": "There is no option --nope: see `matcher towns search --help`.",
            "pl": "Nie ma opcji --nope: zobacz `matcher towns search --help`.",
            "de": "Die Option --nope gibt es nicht: siehe `matcher towns search --help`.",
        },
    ),
    "missing": (
        ["towns", "search"],
        {
            "en": "QUERY is missing: see `matcher towns search --help`.",
            "pl": "Brakuje wartości QUERY: zobacz `matcher towns search --help`.",
            "de": "QUERY fehlt: siehe `matcher towns search --help`.",
        },
    ),
    "command": (
        ["frobnicate"],
        {
            "en": "There is no command “frobnicate”: see `matcher --help`.",
            "pl": "Nie ma polecenia „frobnicate”: zobacz `matcher --help`.",
            "de": "Den Befehl „frobnicate“ gibt es nicht: siehe `matcher --help`.",
        },
    ),
    "near": (
        ["tonws"],
        {
            "en": "There is no command “tonws”; did you mean “towns”?",
            "pl": "Nie ma polecenia „tonws”; czy chodziło o „towns”?",
            "de": "Den Befehl „tonws“ gibt es nicht; meinten Sie „towns“?",
        },
    ),
}


@pytest.mark.parametrize("lang", ["en", "pl", "de"])
@pytest.mark.parametrize("case", sorted(USAGE))
def test_usage_errors_are_sentences_in_the_language(db_url: str, lang: str, case: str) -> None:
    args, expected = USAGE[case]
    result = runner.invoke(app, ["--lang", lang, *args])
    assert result.exit_code == 2
    assert _clean(result.output).replace("\xa0", " ") == expected[lang]


def test_a_usage_error_before_the_command_still_speaks_the_language() -> None:
    result = runner.invoke(app, ["--lang=pl", "--bogus"])
    assert result.exit_code == 2
    assert _clean(result.output) == "Nie ma opcji --bogus: zobacz `matcher --help`."


def test_an_unknown_language_is_refused_in_the_environment_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LANG", "pl_PL.UTF-8")
    result = runner.invoke(app, ["--lang", "xx", "version"])
    assert result.exit_code == 2
    assert _clean(result.output) == "matcher nie zna języka „xx”; wybierz jeden z: en, de, pl."


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "The database holds no towns: run `matcher db load` first."),
        ("pl", "Baza danych nie zawiera miejscowości: najpierw uruchom `matcher db load`."),
        ("de", "Die Datenbank enthält keine Orte: führen Sie zuerst `matcher db load` aus."),
    ],
)
def test_an_empty_database_is_a_sentence(empty_db: str, lang: str, expected: str) -> None:
    result = runner.invoke(app, ["--lang", lang, "towns", "search", "Krakow"])
    assert result.exit_code == 1
    assert _clean(result.output) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Unknown embedding model “nowhere”"),
        ("pl", "Nieznany model osadzeń „nowhere”"),
        ("de", "Unbekanntes Einbettungsmodell „nowhere“"),
    ],
)
def test_an_error_carrying_a_message_is_rendered(db_url: str, lang: str, expected: str) -> None:
    result = runner.invoke(app, ["--lang", lang, "embed", "--model", "nowhere"])
    assert result.exit_code == 2
    assert _clean(result.output).startswith(expected)


def test_a_database_error_is_a_sentence(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy.exc import OperationalError

    def broken(*args: object, **kwargs: object) -> None:
        raise OperationalError("SELECT", {}, Exception("database is locked"))

    monkeypatch.setattr("matcher.towns.search_towns", broken)
    result = runner.invoke(app, ["--lang", "pl", "towns", "search", "Krakow"])
    assert result.exit_code == 1
    assert _clean(result.output).startswith("Błąd bazy danych: OperationalError")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Unexpected error (RuntimeError: boom); nothing more was done."),
        ("pl", "Nieoczekiwany błąd (RuntimeError: boom); nic więcej nie zrobiono."),
        ("de", "Unerwarteter Fehler (RuntimeError: boom); es wurde nichts weiter getan."),
    ],
)
def test_an_unexpected_error_is_a_sentence_not_a_traceback(
    db_url: str, monkeypatch: pytest.MonkeyPatch, lang: str, expected: str
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("matcher.towns.search_towns", broken)
    result = runner.invoke(app, ["--lang", lang, "towns", "search", "Krakow"])
    assert result.exit_code == 1
    assert _clean(result.output).startswith(expected)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Database schema created at revision "),
        ("pl", "Utworzono schemat bazy danych w wersji "),
        ("de", "Datenbankschema in Revision "),
    ],
)
def test_db_upgrade_reports_in_the_language(empty_db: str, lang: str, expected: str) -> None:
    result = runner.invoke(app, ["--lang", lang, "db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(expected)
    again = runner.invoke(app, ["--lang", lang, "db", "upgrade"])
    assert {"en": "already", "pl": "już", "de": "bereits"}[lang] in again.output


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Created curator “anna”."),
        ("pl", "Utworzono użytkownika „anna” (rola: kurator)."),
        ("de", "Benutzer „anna“ (Rolle: Kuration) angelegt."),
    ],
)
def test_roles_are_named_in_words(db_url: str, lang: str, expected: str) -> None:
    result = runner.invoke(app, ["--lang", lang, "users", "add", "anna", "--role", "curator"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(expected)


def test_users_errors_follow_the_language(db_url: str) -> None:
    result = runner.invoke(app, ["--lang", "pl", "users", "add", "x", "--role", "boss"])
    assert result.exit_code == 2
    assert "boss" in result.output and "Unknown role" not in result.output
