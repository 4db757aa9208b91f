"""Logging set-up: one format, and a filter that strips API keys from every record."""

from __future__ import annotations

import logging

from kapex.access.keys import redact_keys


class RedactKeys(logging.Filter):
    """Defence in depth: even a careless log call cannot write a key to the logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact_keys(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler()
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
