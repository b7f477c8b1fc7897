"""Structured logs: one JSON object per line, each carrying the request id it belongs to.

``matcher serve`` installs :data:`LOG_CONFIG`; the access log (``matcher.access``) writes
one line per request with method, path, route template, status, milliseconds and user.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

RECORD_FIELDS = ("method", "path", "route", "status", "ms", "user")


class JsonFormatter(logging.Formatter):
    """A log record as one JSON line: time, level, logger, message, request id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "correlation_id", None),
        }
        for name in RECORD_FIELDS:
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "asgi_correlation_id.CorrelationIdFilter"}},
    "formatters": {"json": {"()": "matcher.api.logs.JsonFormatter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"level": "INFO"},
        "matcher": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}
