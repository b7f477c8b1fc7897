"""Render :class:`Message` values in one language: gettext lookup, CLDR plurals, Babel numbers.

Template placeholders take a format spec:

- numbers: ``{n}`` (grouped integer or up to three decimals), ``{x:0.00}`` (a Babel/CLDR
  decimal pattern), ``{share:percent}`` (0.063 -> "6%" / "6 %"), ``{rank:ordinal}``
  (3 -> "3rd" / "3.");
- lists: ``{names}`` -> "A, B and C" / "A, B i C" / "A, B und C" (CLDR list patterns); a spec
  applies to every item;
- text: ``{name:capital}`` capitalises the first letter ("podlaskie" -> "Podlaskie");
- :class:`~matcher.i18n.message.Localizable` values get the spec as a case or
  construction (``{country:loc}``), nested :class:`Message` values are rendered in turn.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any, Literal

from babel import Locale
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from matcher.i18n.catalog import DEFAULT_LANGUAGE, languages, translations
from matcher.i18n.message import N_, Message, Param

ORDINAL_KEYS = {
    "zero": N_("ordinal.zero"),
    "one": N_("ordinal.one"),
    "two": N_("ordinal.two"),
    "few": N_("ordinal.few"),
    "many": N_("ordinal.many"),
    "other": N_("ordinal.other"),
}
"""One template per CLDR ordinal category ("{n}st", "{n}nd", ... in English; "{n}." in Polish)."""


ListStyle = Literal["standard", "standard-short", "or", "or-short", "unit"]


class MissingMessage(KeyError):
    """A key that the language's catalogue does not have."""


class _Formatter(string.Formatter):
    def __init__(self, translator: Translator) -> None:
        self.t = translator

    def format_field(self, value: Any, format_spec: str) -> str:
        return self.t.format_value(value, format_spec)


NUMBERS_REMEMBERED = 50_000
"""Formatted figures a translator keeps (a few MB at most)."""


class Translator:
    """Everything language-specific about rendering text for one reader."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.locale = Locale.parse(lang)
        self._catalogue = translations(lang)
        self._formatter = _Formatter(self)
        self._numbers: dict[tuple[type, float, str], str] = {}  # formatted before

    # -- lookup -------------------------------------------------------------------------
    def template(self, key: str, count: int | None = None) -> str:
        """The raw template of ``key`` (the plural form for ``count``)."""
        if count is None:
            text = self._catalogue.gettext(key)
        else:
            text = self._catalogue.ngettext(key, key, count)
        if text == key:
            raise MissingMessage(f"{self.lang}: {key}")
        return text

    def has(self, key: str) -> bool:
        return self._catalogue.gettext(key) != key

    # -- rendering ----------------------------------------------------------------------
    def render(self, message: Message) -> str:
        """``message`` in this language."""
        params: dict[str, Param] = dict(message.params)
        if message.count is not None:
            params.setdefault("count", message.count)
        return self._formatter.vformat(self.template(message.key, message.count), (), params)

    def __call__(self, key: str, /, **params: Param) -> str:
        """Shorthand for adapters: ``t("key", n=3)`` renders ``msg("key", n=3)``."""
        return self.render(Message(key, params))

    def plural(self, key: str, count: int, /, **params: Param) -> str:
        """Shorthand: ``t.plural("key", n)`` renders ``plural("key", n)``."""
        return self.render(Message(key, params, count))

    def format_value(self, value: object, spec: str = "") -> str:
        """One parameter as text (see the module docstring for the specs)."""
        if isinstance(value, Message):
            return self.render(value)
        localize = getattr(value, "localize", None)  # a Localizable (a Protocol isinstance
        if localize is not None:  # check costs more than the rendering itself)
            return str(localize(self, spec))
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, int | float):
            return self.number(value, spec)
        if isinstance(value, Sequence) and not isinstance(value, str):
            return self.join([self.format_value(v, spec) for v in value])
        text = str(value)
        if spec == "capital":  # "podlaskie" -> "Podlaskie" (a name used as a proper noun)
            return text[:1].upper() + text[1:]
        return format(text, spec) if spec else text

    def number(self, value: float, spec: str = "") -> str:
        """``value`` in this language's digits (``spec``: a CLDR pattern, ``percent`` or
        ``ordinal``); remembered, as answers repeat the same figures."""
        key = (type(value), value, spec)
        text = self._numbers.get(key)
        if text is None:
            if len(self._numbers) >= NUMBERS_REMEMBERED:
                self._numbers.clear()
            text = self._numbers[key] = self._format_number(value, spec)
        return text

    def _format_number(self, value: float, spec: str) -> str:
        if spec == "percent":
            return format_percent(value, locale=self.locale)
        if spec == "ordinal":
            return self.ordinal(int(value))
        if spec:
            return format_decimal(value, format=spec, locale=self.locale)
        return format_decimal(value, locale=self.locale)

    def ordinal(self, n: int) -> str:
        """3 -> "3rd" in English, "3." in Polish and German (CLDR ordinal categories)."""
        key = ORDINAL_KEYS[str(self.locale.ordinal_form(n))]
        return self.render(Message(key, {"n": NumberText(str(n))}))

    def join(self, items: Sequence[str], style: ListStyle = "standard") -> str:
        """CLDR list: "A, B, and C" / "A, B i C" / "A, B und C" (``style="or"``: "A or B")."""
        return format_list(list(items), style=style, locale=self.locale) if items else ""

    def plural_category(self, n: float) -> str:
        """CLDR plural category of ``n`` in this language (one, few, many, other)."""
        return str(self.locale.plural_form(n))

    # -- the page -----------------------------------------------------------------------
    def page_catalogue(self, prefixes: Sequence[str] = ()) -> dict[str, str | dict[str, str]]:
        """Every message (or those under ``prefixes``) for the web page: a template, or for
        plural messages a template per CLDR category, which the page picks with the
        browser's ``Intl.PluralRules`` (the same CLDR rules)."""
        out: dict[str, str | dict[str, str]] = {}
        for key, forms in catalogue_entries(self.lang).items():
            if prefixes and not key.startswith(tuple(prefixes)):
                continue
            if isinstance(forms, str):
                out[key] = forms
            else:
                out[key] = {cat: forms[i] for cat, i in self._category_index().items()}
        return out

    @cache  # noqa: B019 - one Translator per language, cached for the process
    def _category_index(self) -> dict[str, int]:
        """Which gettext plural form serves each CLDR category (read off sample numbers)."""
        index: dict[str, int] = {}
        plural = self._catalogue.plural
        for n in range(0, 1000):
            index.setdefault(self.plural_category(n), int(plural(n)))
        index.setdefault("other", int(plural(1000)))
        return index


class NumberText(str):
    """An already formatted number (kept as is by the formatter)."""

    __slots__ = ()


@cache
def catalogue_entries(lang: str) -> Mapping[str, str | tuple[str, ...]]:
    """Key -> template (or plural templates) of the compiled catalogue."""
    catalogue = translations(lang)
    entries: dict[str, str | tuple[str, ...]] = {}
    for key, value in catalogue._catalog.items():  # gettext's own table: key or (key, i)
        if isinstance(key, tuple):
            msgid, i = key
            forms = list(entries.get(msgid, ()))
            while len(forms) <= i:
                forms.append("")
            forms[i] = value
            entries[msgid] = tuple(forms)
        elif key:
            entries[key] = value
    return entries


@cache
def translator(lang: str | None = None) -> Translator:
    """The translator of ``lang`` (English when None or not supported)."""
    chosen = lang if lang in languages() else DEFAULT_LANGUAGE
    return Translator(chosen)


def render(message: Message, lang: str) -> str:
    """``message`` in ``lang``."""
    return translator(lang).render(message)


def render_all(message: Message) -> dict[str, str]:
    """``message`` in every language, by code (for deprecated per-language fields)."""
    return {lang: translator(lang).render(message) for lang in languages()}
