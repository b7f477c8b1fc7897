"""The base of every error a user can cause and fix: it carries its sentence as a Message.

Domain code raises subclasses (``UnknownTown``, ``BadQuery``, ...); adapters render the
message in the reader's language: the API maps each class to an HTTP status in one table
(:data:`matcher.api.errors.DOMAIN_STATUS`), the CLI prints it and exits non-zero.
"""

from __future__ import annotations

from matcher.i18n import Message, render


class DomainError(Exception):
    """An error with a user-facing :class:`~matcher.i18n.Message` (``str()`` is English,
    for logs)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.key)
        self.message = message

    def __str__(self) -> str:
        return render(self.message, "en")
