"""The language of command-line messages: ``MATCHER_LANG``, else the system locale
(``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``), English when none of ours is named.

(Stands in until the CLI's ``--lang`` choice of :mod:`matcher.i18n.context` is wired; then
``cli_translator`` should read that.)"""

from __future__ import annotations

import os

from matcher.i18n import Translator, supported, translator

LOCALE_VARIABLES = ("MATCHER_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def cli_language() -> str:
    """The first supported language the environment names (``pl_PL.UTF-8`` -> ``pl``)."""
    for name in LOCALE_VARIABLES:
        for tag in os.environ.get(name, "").split(":"):
            lang = supported(tag.split(".")[0])
            if lang:
                return lang
    return "en"


def cli_translator() -> Translator:
    """The translator for this terminal's reader."""
    return translator(cli_language())
