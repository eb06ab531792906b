"""Derived ids and the fixed-width UTC form every store comparison relies on."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

from chiefops.models.base import NAMESPACE, derived_id, format_utc


def test_derived_id_equals_uuid5_over_the_project_namespace() -> None:
    for key in ("slack:C0123:1764489600.123456", "jira:ALPHA-7", "drive:Lumen/Project Alpha/Plan.docx", ""):
        assert derived_id(key) == str(uuid.uuid5(NAMESPACE, key))


def test_format_utc_is_fixed_width_for_every_offset() -> None:
    ist = timezone(timedelta(hours=5, minutes=30))
    assert format_utc(datetime(2026, 11, 30, 14, 35, tzinfo=ist)) == "2026-11-30T09:05:00.000000Z"
    assert format_utc(datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC)) == "2026-01-02T03:04:05.000006Z"
