"""Slack inputs (spec 02 §4): the four readers behind one normaliser, and mrkdwn cleaning.

`slack_reader(kind, limits=...)` returns the `Reader` (units.py) for a detected Slack kind:

| kind | reader | units |
|---|---|---|
| `slack_export`, `slack_api` | `ExportReader` (ZIP, zipped folder or unpacked folder) | `users`, `channel:<id>` … |
| `slack_capture` | `CaptureReader` | `users`, `channel:<id>` |
| `slack_manual` | `ManualReader` (file or folder of files) | `channel:<id>` … |

Records: `messages` (02 §4.3), `channels` (§4.2), `people` (§4.6), keyed so that every reader of
the same channel yields the same natural keys and content hashes.
"""

from __future__ import annotations

from chiefops.ingest.safety import Limits
from chiefops.ingest.slack_export import ExportReader, close_cached_exports
from chiefops.ingest.slack_json import CaptureReader, ManualReader
from chiefops.ingest.slack_markup import Cleaned, MapResolver, Resolver, clean
from chiefops.ingest.slack_normalize import content_hash
from chiefops.ingest.slack_people import NEVER_ACTIVE
from chiefops.ingest.units import Reader
from chiefops.models.enums import InputKind

__all__ = [
    "NEVER_ACTIVE",
    "SLACK_KINDS",
    "CaptureReader",
    "Cleaned",
    "ExportReader",
    "ManualReader",
    "MapResolver",
    "Resolver",
    "clean",
    "close_cached_exports",
    "content_hash",
    "slack_reader",
]

SLACK_KINDS = frozenset(
    {InputKind.SLACK_EXPORT, InputKind.SLACK_API, InputKind.SLACK_CAPTURE, InputKind.SLACK_MANUAL}
)


def slack_reader(kind: InputKind, *, limits: Limits | None = None) -> Reader:
    """The reader of a Slack input kind; `ValueError` for a kind that is not Slack."""
    limits = limits or Limits()
    if kind in {InputKind.SLACK_EXPORT, InputKind.SLACK_API}:
        return ExportReader(kind=kind, limits=limits)
    if kind is InputKind.SLACK_CAPTURE:
        return CaptureReader(limits=limits)
    if kind is InputKind.SLACK_MANUAL:
        return ManualReader(limits=limits)
    raise ValueError(f"{kind} is not a Slack input kind")
