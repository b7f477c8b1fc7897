"""Every catalogue has every key the code uses, translated, with the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from matcher.config import REPO_ROOT
from matcher.i18n.catalog import languages, mo_path, po_path


def _code_keys() -> dict[str, bool]:
    """Key -> is plural, for every key extracted from the code (as ``make extract`` does)."""
    with (REPO_ROOT / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    keys: dict[str, bool] = {}
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(REPO_ROOT), method_map, options_map
    ):
        key = message[0] if isinstance(message, tuple) else message
        keys[key] = keys.get(key, False) or isinstance(message, tuple)
    return keys


CODE_KEYS = _code_keys()


def _catalogue(lang: str):  # type: ignore[no-untyped-def]
    with po_path(lang).open("rb") as fh:
        return read_po(fh, locale=lang)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_the_three_languages_are_there() -> None:
    assert {"en", "pl", "de"} <= set(languages())
    assert languages()[0] == "en"


@pytest.mark.parametrize("lang", languages())
def test_catalogue_has_every_key_and_no_other(lang: str) -> None:
    catalogue = _catalogue(lang)
    keys = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id}
    assert sorted(set(CODE_KEYS) - keys) == [], f"{lang}: keys used in code but missing"
    assert sorted(keys - set(CODE_KEYS)) == [], f"{lang}: keys no code uses (run make extract)"


@pytest.mark.parametrize("lang", languages())
def test_every_message_is_translated(lang: str) -> None:
    catalogue = _catalogue(lang)
    assert not catalogue.fuzzy, (
        f"{lang}: the catalogue header is fuzzy (pybabel would not compile it)"
    )
    nplurals = catalogue.num_plurals
    for m in catalogue:
        if not m.id:
            continue
        assert not m.fuzzy, f"{lang}: {m.id} is fuzzy"
        forms = m.string if isinstance(m.string, tuple) else (m.string,)
        key = m.id if isinstance(m.id, str) else m.id[0]
        if CODE_KEYS.get(key):
            assert isinstance(m.id, tuple), f"{lang}: {key} must have plural forms"
            assert len(forms) == nplurals, f"{lang}: {key} needs {nplurals} plural forms"
        assert all(f.strip() for f in forms), f"{lang}: {key} is not translated"


@pytest.mark.parametrize("lang", [lang for lang in languages() if lang != "en"])
def test_placeholders_match_english(lang: str) -> None:
    english = {
        (m.id if isinstance(m.id, str) else m.id[0]): m.string for m in _catalogue("en") if m.id
    }
    for m in _catalogue(lang):
        if not m.id:
            continue
        key = m.id if isinstance(m.id, str) else m.id[0]
        ours = m.string if isinstance(m.string, tuple) else (m.string,)
        theirs = english[key] if isinstance(english[key], tuple) else (english[key],)
        expected = set().union(*(_fields(f) for f in theirs)) - {"count"}
        found = set().union(*(_fields(f) for f in ours)) - {"count"}
        # every figure of the English is shown, none is invented; a plural form may leave
        # one out ("the one partnership", "jedno miasto": {count} is optional too)
        assert found == expected, f"{lang}: {key}: {ours!r}"
        for form in ours:
            assert _fields(form) <= expected | {"count"}, f"{lang}: {key}: {form!r}"


@pytest.mark.parametrize("lang", languages())
def test_compiled_catalogue_is_current(lang: str) -> None:
    mo: Path = mo_path(lang)
    assert mo.exists(), "run make catalogues"
    assert mo.stat().st_mtime >= po_path(lang).stat().st_mtime, "run make catalogues"


def test_keys_are_dotted_identifiers() -> None:
    bad = [k for k in CODE_KEYS if not re.fullmatch(r"[a-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)+", k)]
    assert bad == []
