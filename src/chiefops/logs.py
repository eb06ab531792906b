"""Structured logging (spec 01 §7): JSON lines when not on a TTY, readable lines otherwise.

Log calls name an event and pass fields through `extra={"fields": {...}}`; message bodies and
secrets never go to INFO (spec 10 rule 22).
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime

import orjson

_RESERVED = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}

# Libraries that narrate their own progress at INFO ("Step 2 - Fetching and parsing CSS"): their
# warnings still come through, their chatter does not drown ours.
QUIET_LIBRARIES = ("weasyprint", "fontTools")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, event and any extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, object] = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        payload.update({k: v for k, v in record.__dict__.items() if k not in _RESERVED})
        if record.exc_info:
            payload["exc"] = self.formatException(record.exc_info)
        return orjson.dumps(payload, default=str).decode()


def configure_logging(level: str = "INFO", *, json_lines: bool | None = None) -> None:
    """Route the root logger to stderr in the right format; idempotent."""
    use_json = (not sys.stderr.isatty()) if json_lines is None else json_lines
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonFormatter() if use_json else logging.Formatter("%(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for chatty in QUIET_LIBRARIES:
        logging.getLogger(chatty).setLevel(max(logging.WARNING, root.level))
