"""Logging set-up: text or JSON lines, and a filter that strips API keys from every record.

JSON (``KAPEX_LOG_FORMAT=json``): one object per line with ``time``, ``level``, ``logger`` and
``message``; access-log records add ``request_id``, ``tenant``, ``method``, ``route`` (the
route template, never the filled-in path), ``status``, ``duration_ms`` and ``client``.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from kapex.access.keys import redact_keys

#: Fields an access-log record carries (``api/middleware.py``) and JSON lines show.
ACCESS_FIELDS = ("request_id", "tenant", "method", "route", "status", "duration_ms", "client")


class RedactKeys(logging.Filter):
    """Defence in depth: even a careless log call cannot write a key to the logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact_keys(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class JsonLines(logging.Formatter):
    """One JSON object per record, for log shippers."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in ACCESS_FIELDS:
            if hasattr(record, field):
                line[field] = getattr(record, field)
        if record.exc_info:
            line["exception"] = redact_keys(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_logging(level: str, *, fmt: str = "text") -> None:
    handler = logging.StreamHandler()
    if fmt == "json":
        handler.setFormatter(JsonLines())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.addFilter(RedactKeys())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # uvicorn's own access log prints full URLs with query strings; ours redacts them.
    logging.getLogger("uvicorn.access").disabled = True
