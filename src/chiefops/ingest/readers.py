"""The reader of each input kind (spec 02 §2): Slack, Jira and Drive readers behind one lookup."""

from __future__ import annotations

from chiefops.ingest.drive import DriveReader
from chiefops.ingest.jira import JiraCsvReader, JiraSheetReader
from chiefops.ingest.safety import Limits
from chiefops.ingest.slack import SLACK_KINDS, slack_reader
from chiefops.ingest.units import Reader
from chiefops.models import InputKind


def reader_for(kind: InputKind, *, limits: Limits) -> Reader:
    """The reader for a detected kind; `ValueError` for `container` (detection expands those)."""
    if kind in SLACK_KINDS:
        return slack_reader(kind, limits=limits)
    if kind is InputKind.JIRA_CSV:
        return JiraCsvReader()
    if kind is InputKind.JIRA_SHEET:
        return JiraSheetReader()
    if kind is InputKind.DOCUMENT:
        return DriveReader()
    raise ValueError(f"no reader for input kind {kind.value!r}; containers are expanded by detection")
