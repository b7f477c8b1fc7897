"""The gettext catalogues: one ``matcher.po`` per language under ``matcher/i18n/locale``.

Message ids are keys (``reason.population.similar``); every language, English included, has
a catalogue, so adding a language is adding a catalogue (``make catalogue-init LANG=cs``).
``make catalogues`` compiles the ``.po`` files to ``.mo``; ``make setup`` runs it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.support import Translations

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "matcher"
DEFAULT_LANGUAGE = "en"


class CatalogueMissing(RuntimeError):
    """A language's compiled catalogue is absent (run ``make catalogues``)."""


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return po_path(lang).with_suffix(".mo")


@cache
def languages() -> tuple[str, ...]:
    """The languages that have a catalogue, the default first, then alphabetical."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return tuple(sorted(found, key=lambda code: (code != DEFAULT_LANGUAGE, code)))


@cache
def translations(lang: str) -> Translations:
    """The compiled catalogue of ``lang``; a stale or missing ``.mo`` is an error, not a
    silent fallback to keys."""
    po, mo = po_path(lang), mo_path(lang)
    if not po.exists():
        raise CatalogueMissing(f"no catalogue for language {lang!r} ({po})")
    if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
        raise CatalogueMissing(f"{mo} is missing or older than {po.name}: run `make catalogues`")
    with mo.open("rb") as fh:
        return Translations(fp=fh, domain=DOMAIN)
