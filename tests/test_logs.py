"""Structured logging (spec 01 §7): our events as JSON lines, libraries' progress chatter kept out."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import orjson
import pytest

from chiefops.logs import configure_logging


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    configure_logging("INFO", json_lines=True)
    yield stream
    root.handlers[:], level = saved
    root.setLevel(level)


def test_our_events_are_json_lines_and_a_pdf_library_narrating_its_steps_is_not(
    captured: io.StringIO,
) -> None:
    logging.getLogger("chiefops.doctor").info("doctor.checked")
    logging.getLogger("weasyprint.progress").info("Step 2 - Fetching and parsing CSS - CSS string")
    logging.getLogger("weasyprint").warning("Ignored `gap: 1rem` at 3:5, unknown property.")

    events = [orjson.loads(line)["event"] for line in captured.getvalue().splitlines()]

    assert events == ["doctor.checked", "Ignored `gap: 1rem` at 3:5, unknown property."]
