"""The language of command-line messages, and how the CLI ends with a sentence, not a trace.

One mechanism for every command: ``matcher --lang pl ...`` (``suggest --lang`` too), else
``MATCHER_LANG``, else the system locale (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``,
``LANG``), English when none of ours is named. The root group sets the reader's language
(:mod:`matcher.i18n.context`) for the command (and resets it after), so results render in it and
:func:`cli_translator` reads it.

:class:`MatcherGroup` turns every error into a sentence in that language on stderr and a
non-zero exit: a usage mistake (2), a domain error or any error carrying a
:class:`~matcher.i18n.Message` (2), a database error (1), anything else (1).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import Any, NoReturn

import typer
from typer import _click as click  # typer's own click (it no longer depends on click)
from typer._click.exceptions import BadParameter, MissingParameter, NoSuchOption, UsageError
from typer.core import TyperGroup

from matcher.i18n import Message, Translator, languages, msg, supported, translator
from matcher.i18n.context import reader_language, reading, set_reader_language

LOCALE_VARIABLES = ("MATCHER_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
USAGE_EXIT = 2
FAILURE_EXIT = 1


def environment_language() -> str:
    """The first supported language the environment names (``pl_PL.UTF-8`` -> ``pl``)."""
    for name in LOCALE_VARIABLES:
        for tag in os.environ.get(name, "").split(":"):
            lang = supported(tag.split(".")[0])
            if lang:
                return lang
    return "en"


def choose_language(explicit: str | None) -> str:
    """``explicit`` (``--lang``) or the environment's language; an unsupported ``--lang``
    is a usage error, stated in the environment's language."""
    if not explicit:
        return environment_language()
    lang = supported(explicit)
    if lang is None:
        with reading(environment_language()):
            fail(msg("cli.error.language", value=explicit, languages=", ".join(languages())))
    return lang


def use_language(explicit: str | None) -> str:
    """Set the reader's language for the rest of this command (a command's own ``--lang``)."""
    lang = choose_language(explicit)
    set_reader_language(lang)
    return lang


def cli_language() -> str:
    """The language of this command's messages."""
    return reader_language()


def cli_translator() -> Translator:
    """The translator for this terminal's reader."""
    return translator(cli_language())


def say(message: Message, *, err: bool = False) -> None:
    """Print ``message`` in the reader's language."""
    typer.echo(cli_translator().render(message), err=err)


def fail(message: Message, code: int = USAGE_EXIT) -> NoReturn:
    """Print ``message`` (an error) in red on stderr and end the command with ``code``."""
    typer.secho(cli_translator().render(message), err=True, fg="red")
    raise typer.Exit(code)


def message_of(exc: BaseException) -> Message | None:
    """The user-facing sentence an exception carries (domain errors and their kin)."""
    message = getattr(exc, "message", None)
    return message if isinstance(message, Message) else None


def _usage_message(exc: UsageError) -> Message:
    """Click's usage errors in the reader's language (click itself speaks only English)."""
    command = exc.ctx.command_path if exc.ctx is not None else "matcher"
    if isinstance(exc, NoSuchOption):
        return msg("cli.error.no_such_option", option=exc.option_name, command=command)
    if isinstance(exc, MissingParameter) and exc.param is not None:
        return msg("cli.error.missing", name=_param_name(exc.param), command=command)
    if isinstance(exc, BadParameter) and exc.param is not None:
        return _bad_value(exc.param, command)
    unknown = re.match(r"No such command '([^']+)'", exc.message)
    if unknown:
        near = re.search(r"Did you mean '([^']+)'", exc.message)
        if near:
            return msg("cli.error.did_you_mean", name=unknown.group(1), near=near.group(1))
        return msg("cli.error.no_such_command", name=unknown.group(1), command=command)
    return msg("cli.error.usage", detail=exc.message, command=command)


def _bad_value(param: click.core.Parameter, command: str) -> Message:
    name = _param_name(param)
    desc = getattr(param, "type_descriptor", None)
    if desc is not None and desc.is_choice and desc.choices:
        choices = ", ".join(str(getattr(c, "value", c)) for c in desc.choices)
        return msg("cli.error.choice", name=name, choices=choices)
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is not None and high is not None:
        return msg("cli.error.range", name=name, min=low, max=high)
    if low is not None:
        return msg("cli.error.at_least", name=name, min=low)
    if high is not None:
        return msg("cli.error.at_most", name=name, max=high)
    if desc is not None and desc.annotation in (int, float):
        return msg("cli.error.not_a_number", name=name)
    return msg("cli.error.bad_value", name=name, command=command)


def _param_name(param: click.core.Parameter) -> str:
    if param.param_type_name == "option":
        return max(param.opts, key=len)
    return (param.name or "").upper()


class MatcherGroup(TyperGroup):
    """The root command group: every failure below it ends as a sentence (no traceback)."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        raw = list(args)  # parsing consumes ``args``
        try:
            return super().make_context(info_name, args, parent, **extra)
        except UsageError as exc:
            with reading(choose_language(_explicit_lang(raw))):
                fail(_usage_message(exc), USAGE_EXIT)

    def invoke(self, ctx: click.Context) -> Any:
        with reading(choose_language(ctx.params.get("lang"))):
            return self._invoke(ctx)

    def _invoke(self, ctx: click.Context) -> Any:
        from sqlalchemy.exc import SQLAlchemyError

        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort):
            raise
        except UsageError as exc:
            fail(_usage_message(exc), USAGE_EXIT)
        except KeyboardInterrupt:
            fail(msg("cli.error.interrupted"), 130)
        except SQLAlchemyError as exc:
            reason = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            fail(msg("cli.error.database", reason=reason), FAILURE_EXIT)
        except Exception as exc:
            message = message_of(exc)
            if message is not None:
                fail(message, USAGE_EXIT)
            detail = f"{type(exc).__name__}: {exc}"
            fail(msg("cli.error.unexpected", reason=detail), FAILURE_EXIT)


def _explicit_lang(args: Sequence[str]) -> str | None:
    """``--lang`` from raw arguments (a usage error happens before options are parsed)."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None
