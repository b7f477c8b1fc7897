"""No user-facing text is built outside the catalogue: the routes, the CLI, the exports, the
reason writers and the page's views hold no English or Polish sentence of their own.

A literal counts as text a user reads when it holds a Polish letter, or three words or more
("Unknown call", a class name such as "card facts" or a key "page.find.title" do not).
Docstrings, ``help=``/``description=``/``summary=`` (the OpenAPI and ``--help`` texts, English
by design), log lines, SQL and catalogue keys are not. Modules still converting are listed in
:data:`ALLOWED`, each with who converts it; the list only shrinks.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from matcher.config import REPO_ROOT

PYTHON = (
    "matcher/api/routes/*.py",
    "matcher/api/*.py",
    "matcher/cli/*.py",
    "matcher/explain.py",
    "matcher/export.py",
    "matcher/curation.py",
    "matcher/own_profile.py",
    "matcher/consortium/*.py",
    "matcher/documents/**/*.py",
    "matcher/notify/*.py",
)
JAVASCRIPT = ("matcher/api/web/js/*.js", "matcher/api/web/js/views/*.js")

OPERATORS = (
    "matcher/api/metrics.py",
    "matcher/api/routes/health.py",
    "matcher/api/routes/ops.py",
)
"""Operator endpoints (probes, Prometheus metrics, the audit log): read by monitoring and
whoever runs the service, in English by design; the page shows none of it."""

ALLOWED: dict[str, str] = {
    "matcher/own_profile.py": "profiles helper (#11): a source label in English",
}
"""Modules that still build user text themselves, and who converts them (shrinks to empty)."""

POLISH = re.compile(r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")
WORDS = re.compile(r"[A-Za-zÀ-žÄÖÜäöüß]{2,}(?:[ ,;:]+[A-Za-zÀ-žÄÖÜäöüß]{2,}){2,}")
NOT_TEXT_KEYWORDS = frozenset({"help", "description", "summary", "title", "deprecated"})
"""Keyword arguments (and dict keys) whose strings are developer documentation (OpenAPI,
--help)."""
CATALOGUE_CALLS = frozenset({"msg", "plural", "N_", "N_plural", "Message", "t", "tn"})
LOG_CALLS = frozenset({"debug", "info", "warning", "error", "exception", "critical", "log"})
PATTERN_CALLS = frozenset({"match", "search", "fullmatch", "compile", "sub", "findall"})
"""``re`` calls: a pattern that reads a library's English message is not our text."""
DOC_NAMES = re.compile(r"(^DEPRECATED|_HELP$|_DOC$)")
"""Module constants holding documentation text (``EXPIRES_HELP``)."""
DEVELOPER_ERRORS = frozenset(
    {"ValueError", "TypeError", "KeyError", "RuntimeError", "AssertionError", "LookupError"}
)
"""Built-in exceptions: a programmer's mistake, never shown to a user (not our text)."""
SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|WITH|PRAGMA|DROP|ALTER)\b", re.I)


def looks_like_text(value: str) -> bool:
    if SQL.match(value) or value.startswith(("http://", "https://", "/")):
        return False
    if "{" in value and ";" in value and ":" in value:  # a style sheet
        return False
    return bool(POLISH.search(value) or WORDS.search(value))


def _files(patterns: tuple[str, ...]) -> list[Path]:
    return sorted({p for pattern in patterns for p in REPO_ROOT.glob(pattern)})


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def python_texts(source: str) -> Iterator[tuple[int, str]]:
    """(line, literal) of every string in ``source`` that reads as user text and is not
    excused (docstring, documentation keyword, log line, catalogue call)."""
    tree = ast.parse(source)
    excused: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
        ):
            excused.add(id(body[0].value))  # a docstring
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            excused.add(id(node.value))  # an attribute's docstring
        if isinstance(node, ast.Call):
            name = _call_name(node)
            if name in LOG_CALLS | CATALOGUE_CALLS | PATTERN_CALLS:
                excused |= {id(inner) for inner in ast.walk(node)}
            for keyword in node.keywords:
                if keyword.arg in NOT_TEXT_KEYWORDS:
                    excused |= {id(inner) for inner in ast.walk(keyword.value)}
        exc = node.exc if isinstance(node, ast.Raise) else None
        if isinstance(exc, ast.Call) and _call_name(exc) in DEVELOPER_ERRORS:
            excused |= {id(inner) for inner in ast.walk(exc)}
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value in NOT_TEXT_KEYWORDS:
                    excused |= {id(inner) for inner in ast.walk(value)}
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and DOC_NAMES.search(target.id) for target in node.targets
        ):
            excused |= {id(inner) for inner in ast.walk(node.value)}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in excused
        ) and looks_like_text(node.value):
            yield node.lineno, node.value


JS_STRING = re.compile(r"""(?P<q>["'`])(?P<s>(?:\\.|(?!(?P=q)).)*)(?P=q)""", re.S)
JS_CATALOGUE = re.compile(r"(?:\b(?:t|tn|N_)\(|\bclass(?:Name)?:|console\.\w+\()\s*$")
"""What comes before a literal that is a key, a class name or a developer's console line."""


def javascript_texts(source: str) -> Iterator[tuple[int, str]]:
    """(line, literal) of every string of a page module that reads as user text and is not
    a catalogue key (``t("...")``) or a comment."""
    code = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group().count("\n"), source, flags=re.S)
    code = re.sub(r"(?m)^\s*//.*$|(?<=[;{}),])\s*//.*$", "", code)
    for match in JS_STRING.finditer(code):
        value = match.group("s")
        if match.group("q") == "`":
            value = re.sub(r"\$\{[^}]*\}", " ", value)
        before = code[max(0, match.start() - 40) : match.start()]
        if JS_CATALOGUE.search(before):
            continue
        if looks_like_text(value):
            yield code.count("\n", 0, match.start()) + 1, value


def _relative(path: Path) -> str:
    return path.relative_to(REPO_ROOT).as_posix()


@pytest.mark.parametrize(
    "path", [p for p in _files(PYTHON) if _relative(p) not in OPERATORS], ids=_relative
)
def test_python_adapters_hold_no_text_of_their_own(path: Path) -> None:
    if _relative(path) in ALLOWED:
        pytest.skip(ALLOWED[_relative(path)])
    found = list(python_texts(path.read_text(encoding="utf-8")))
    assert found == [], f"{_relative(path)}: text outside the catalogue: {found[:5]}"


@pytest.mark.parametrize("path", _files(JAVASCRIPT), ids=_relative)
def test_page_modules_hold_no_text_of_their_own(path: Path) -> None:
    if _relative(path) in ALLOWED:
        pytest.skip(ALLOWED[_relative(path)])
    found = list(javascript_texts(path.read_text(encoding="utf-8")))
    assert found == [], f"{_relative(path)}: text outside the catalogue: {found[:5]}"


def test_the_allow_list_names_only_modules_that_still_fail() -> None:
    """An allowed module that has been converted leaves the list (it only shrinks)."""
    for name in ALLOWED:
        path = REPO_ROOT / name
        if not path.exists():
            pytest.fail(f"{name} is allowed but does not exist: remove it from ALLOWED")
        texts = (
            python_texts(path.read_text(encoding="utf-8"))
            if path.suffix == ".py"
            else javascript_texts(path.read_text(encoding="utf-8"))
        )
        assert list(texts), f"{name} holds no text of its own any more: remove it from ALLOWED"


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ('raise ApiError(422, "Unknown call, see the list", "Nieznany nabór")', 2),
        ('x = msg("error.query.population_range", min=1)', 0),
        ('def f():\n    """A docstring of many words."""\n    return 1', 0),
        ('typer.Option(help="Language of the messages: en, pl")', 0),
        ('logger.info("Loaded the model in memory")', 0),
        ('cls = "card facts"', 0),
        ('q = "SELECT id, name FROM town WHERE x"', 0),
        ('r = {404: {"description": "No such town here"}}', 0),
        ('re.match(r"No such command (.+)", text)', 0),
        ('EXPIRES_HELP = "Last day the key works"', 0),
        ('raise ValueError("min_countries exceeds min_members")', 0),
        ('css = ".reasons { margin: 0; padding-left: 12pt; }"', 0),
    ],
)
def test_the_python_scanner_finds_text_and_only_text(source: str, found: int) -> None:
    assert len(list(python_texts(source))) == found


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ('h("p", {}, "No towns were found here")', 1),
        ('h("p", {}, t("page.find.none"))', 0),
        ('h("div", { class: "card facts" })', 0),
        ("const a = `Wyszukaj miasta partnerskie dla ${town}`;", 1),
        ("console.warn(`i18n: no message for ${key} in ${lang}`);", 0),
        ("// a comment with several words\nconst x = 1;", 0),
    ],
)
def test_the_javascript_scanner_finds_text_and_only_text(source: str, found: int) -> None:
    assert len(list(javascript_texts(source))) == found
