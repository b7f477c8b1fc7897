"""Pick the reader's language: an explicit choice first, then ``Accept-Language``."""

from __future__ import annotations

from babel.core import negotiate_locale

from matcher.i18n.catalog import DEFAULT_LANGUAGE, languages


def supported(lang: str | None) -> str | None:
    """``lang`` (any case, region ignored: ``pl-PL`` -> ``pl``) when we have it, else None."""
    if not lang:
        return None
    base = lang.strip().replace("_", "-").split("-")[0].lower()
    return base if base in languages() else None


def _accept_language(header: str) -> list[str]:
    """Language tags of an Accept-Language header, best first (q-values honoured)."""
    tags: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if tag and tag != "*" and q > 0:
            tags.append((-q, i, tag.replace("-", "_")))
    return [tag for _, _, tag in sorted(tags)]


def negotiate(explicit: str | None = None, accept_language: str | None = None) -> str:
    """The language to answer in: ``explicit`` if supported, else the best match of the
    ``Accept-Language`` header (Babel's negotiation, with region fallback), else English."""
    chosen = supported(explicit)
    if chosen:
        return chosen
    if accept_language:
        preferred = _accept_language(accept_language)
        available = list(languages())
        match = negotiate_locale(preferred, available, sep="_")
        if match is None:
            match = negotiate_locale([p.split("_")[0] for p in preferred], available, sep="_")
        if match:
            return match
    return DEFAULT_LANGUAGE
