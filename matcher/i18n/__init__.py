"""Internationalisation: gettext catalogues with Babel (CLDR plurals, numbers, lists).

The contract for all user-facing text:

- domain code returns :class:`Message` (``msg("key", **params)``, ``plural("key", n)``);
- adapters render it with ``translator(lang).render(message)`` in the negotiated language
  (``negotiate(explicit, accept_language)``);
- every key lives in ``matcher/i18n/locale/<lang>/LC_MESSAGES/matcher.po`` for every language;
  ``make catalogues`` compiles them, ``make extract`` refreshes the template from the code.
"""

from matcher.i18n.catalog import DEFAULT_LANGUAGE, CatalogueMissing, languages
from matcher.i18n.message import N_, Localizable, Message, msg, plural
from matcher.i18n.negotiate import negotiate, supported
from matcher.i18n.translator import MissingMessage, Translator, render, render_all, translator

__all__ = [
    "DEFAULT_LANGUAGE",
    "N_",
    "CatalogueMissing",
    "Localizable",
    "Message",
    "MissingMessage",
    "Translator",
    "languages",
    "msg",
    "negotiate",
    "plural",
    "render",
    "render_all",
    "supported",
    "translator",
]
