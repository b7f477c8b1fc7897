"""What the web page needs to speak a language: its messages, plural categories, country
names (CLDR through Babel) and the languages it can switch to.

The page holds no translation of its own: ``js/i18n.js`` loads this bundle from
``GET /api/v1/i18n/{lang}`` and renders with the browser's ``Intl`` (CLDR too).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache

from babel import Locale

from matcher.countries import countries
from matcher.i18n.catalog import languages
from matcher.i18n.translator import translator

PAGE_PREFIXES = ("page.", "reason.factor.", "ordinal.", "role.")
"""Keys the page uses: its own (``page.*``), the factor labels it shares with the CLI and
the reviewer's sheet, and the ordinal templates."""

NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})
"""CLDR territory codes that are not countries (the EU, the eurozone, pseudo-regions)."""


def language_name(code: str) -> str:
    """The language's own name, capitalised as a label ("Polski", "English", "Deutsch")."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def country_names(lang: str) -> dict[str, str]:
    """CLDR names of every country (ISO 3166-1 alpha-2) in ``lang``."""
    territories = Locale.parse(lang).territories
    return {
        code: name
        for code, name in sorted(territories.items())
        if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
    }


@dataclass(frozen=True)
class PageBundle:
    """The serialised bundle of one language and its entity tag."""

    lang: str
    body: bytes
    etag: str


@cache
def page_bundle(lang: str) -> PageBundle:
    """The page's bundle for ``lang`` (a supported code), built once per process."""
    t = translator(lang)
    names = country_names(lang)
    payload = {
        "lang": lang,
        "languages": [{"code": code, "name": language_name(code)} for code in languages()],
        "messages": t.page_catalogue(PAGE_PREFIXES),
        "countries": names,
        "universe": sorted(countries()),
    }
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return PageBundle(lang=lang, body=body, etag=f'"{hashlib.sha256(body).hexdigest()[:32]}"')
