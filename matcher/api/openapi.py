"""Rules the server enforces, written into the OpenAPI document so that a request valid by
the document is accepted by the server.

- No text may contain NUL (PostgreSQL cannot store it; :mod:`matcher.api.guards` refuses it
  anywhere in the URL): every string parameter and body field gets a pattern excluding it.
- Theme codes must be in the vocabulary: every ``theme``/``themes`` parameter and body field
  lists the known codes (read from the database when the document is first built).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

NO_NUL = "^[^\\x00]*$"
THEME_FIELDS = frozenset({"theme", "themes"})


def _strings(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every string schema within ``schema`` (through anyOf, items)."""
    if schema.get("type") == "string":
        yield schema
    for option in schema.get("anyOf", ()):
        yield from _strings(option)
    items = schema.get("items")
    if isinstance(items, dict):
        yield from _strings(items)


def _forbid_nul(schema: dict[str, Any]) -> None:
    for string in _strings(schema):
        if "pattern" not in string and "enum" not in string and "format" not in string:
            string["pattern"] = NO_NUL


def _themes(schema: dict[str, Any], codes: list[str]) -> None:
    for string in _strings(schema):
        string.pop("pattern", None)
        string["enum"] = codes


def _operations(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if isinstance(operation, dict):
                yield operation


def _request_bodies(schema: dict[str, Any]) -> set[str]:
    """Names of the component schemas that request bodies use."""
    names = set()
    for operation in _operations(schema):
        for media in operation.get("requestBody", {}).get("content", {}).values():
            ref = media.get("schema", {}).get("$ref", "")
            if ref.startswith("#/components/schemas/"):
                names.add(ref.rsplit("/", 1)[-1])
    return names


def document_rules(schema: dict[str, Any], theme_codes: Iterable[str] = ()) -> dict[str, Any]:
    """``schema`` with the NUL rule on every text and the theme vocabulary as enums."""
    codes = sorted(theme_codes)
    for operation in _operations(schema):
        for parameter in operation.get("parameters", ()):
            target = parameter.get("schema", {})
            if codes and parameter.get("name") in THEME_FIELDS:
                _themes(target, codes)
            else:
                _forbid_nul(target)
    components = schema.get("components", {}).get("schemas", {})
    for component in (components[name] for name in _request_bodies(schema) if name in components):
        for name, prop in component.get("properties", {}).items():
            if codes and name in THEME_FIELDS:
                _themes(prop, codes)
            else:
                _forbid_nul(prop)
    return schema
