"""Rules the server enforces, written into the OpenAPI document so that a request valid by
the document is accepted by the server.

- No text may contain NUL (PostgreSQL cannot store it; :mod:`matcher.api.guards` refuses it
  anywhere in the URL): every string parameter and body field gets a pattern excluding it.
- Values from a vocabulary or of a fixed form are stated where they are used, by field or
  parameter name (:func:`field_rules`): theme codes (from the database when the document is
  first built), call ids (data/calls), ISO language and country codes, e-mail and phone
  forms of the profile's contact.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

NO_NUL = "^[^\\x00]*$"


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


def _apply(schema: dict[str, Any], rule: dict[str, Any]) -> None:
    for string in _strings(schema):
        if "enum" in rule:
            string.pop("pattern", None)
        string.update(rule)


def field_rules(theme_codes: Iterable[str]) -> dict[str, dict[str, Any]]:
    """JSON Schema rules for the string fields (and their list items) of that name."""
    from matcher.calls import default_calls
    from matcher.own_profile import EMAIL, ISO_639_1, ISO_3166, PHONE

    themes = sorted(theme_codes)
    rules: dict[str, dict[str, Any]] = {
        "call": {"enum": sorted(default_calls())},
        "languages": {"enum": sorted(ISO_639_1)},
        "preferred_countries": {"enum": sorted(ISO_3166)},
        "contact_email": {"pattern": f"^(|{EMAIL.pattern[1:-1]})$"},
        "contact_phone": {"pattern": f"^(|{PHONE.pattern[1:-1]})$"},
    }
    if themes:
        rules["theme"] = rules["themes"] = {"enum": themes}
    return rules


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


def document_rules(schema: dict[str, Any], rules: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """``schema`` with the NUL rule on every text and ``rules`` on the fields they name."""
    for operation in _operations(schema):
        for parameter in operation.get("parameters", ()):
            target = parameter.get("schema", {})
            if parameter.get("name") in rules:
                _apply(target, rules[parameter["name"]])
            else:
                _forbid_nul(target)
    components = schema.get("components", {}).get("schemas", {})
    for component in (components[name] for name in _request_bodies(schema) if name in components):
        for name, prop in component.get("properties", {}).items():
            if name in rules:
                _apply(prop, rules[name])
            else:
                _forbid_nul(prop)
    return schema
