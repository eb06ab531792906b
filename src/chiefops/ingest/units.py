"""The contract between parsers and the writer (spec 02 §9).

A *unit* is what is written all-or-nothing: one Slack channel, one Jira file, one document.
Parsers (running in worker processes) turn an `InputSource` into a stream of `SpoolItem`s; the
job runner appends them to an on-disk spool (`<data dir>/spool/<job>/<unit>.jsonl`), and the
writer applies a finished spool to the Store in one transaction.

People are referenced before identity resolution by *provisional ids*: `person_ref_id(source,
source_id)`, a uuid5 of the source key (`slack:U123`, `jira:<account id or name>`,
`email:<addr>`, `name:<normalised name>`). The writer maps each provisional id to the stored
person that already carries that source reference (a person `intel` merged keeps all its
references), so parsers never need the database. Projects are referenced the same way through
`project_ref_id(KEY)` for Jira keys.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal, Protocol

from pydantic import Field

from chiefops.models import (
    Channel,
    Document,
    ExtractedText,
    IngestWarning,
    InputKind,
    Message,
    Model,
    Person,
    Task,
    derived_id,
)
from chiefops.models.enums import SourceSystem

# --- References ---------------------------------------------------------------------------------


def normalize_name(name: str) -> str:
    """04 §1.1 name normalisation: NFKD, accents stripped, lower case, `. _ -` → space, collapsed."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    plain = re.sub(r"[._\-]+", " ", plain)
    return " ".join(plain.split())


def person_key(source: SourceSystem, source_id: str) -> str:
    """The identity key of a source reference (04 §1.1 key forms)."""
    if source is SourceSystem.SLACK:
        return f"slack:{source_id}"
    if source is SourceSystem.JIRA:
        return f"jira:{source_id}"
    if "@" in source_id:
        return f"email:{source_id.strip().lower()}"
    return f"name:{normalize_name(source_id)}"


def person_ref_id(source: SourceSystem, source_id: str) -> str:
    """Provisional person_id of a source reference; the writer maps it to the stored person."""
    return derived_id(person_key(source, source_id))


UNKNOWN_PERSON_ID = derived_id("unknown")
"""The shared placeholder author for messages with no user and no bot (02 §4.3)."""


def project_ref_id(jira_key_prefix: str) -> str:
    """Project id for a Jira project key; intel keeps it when it confirms the project."""
    return derived_id(f"project:{jira_key_prefix.upper()}")


# --- Inputs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InputSource:
    """One thing to parse, already detected and safety-checked.

    `path` is a file or folder on disk (a ZIP member has been streamed to a temp file by
    `safety.py` when a parser needs a real file). `display` names it for people
    (`export.zip › general/2026-06-01.json`); `root` and `rel_path` build Drive keys
    (`drive:<root>/<rel_path>`).
    """

    kind: InputKind
    path: Path
    display: str
    root: str
    rel_path: str
    size_bytes: int
    modified_at_epoch: float | None = None


@dataclass(frozen=True)
class ParseContext:
    """Everything a parser may know besides its input; picklable for worker processes."""

    job_id: str
    project: str | None = None
    channel: str | None = None
    max_rows: int = 1_000_000
    max_cell_bytes: int = 16 * 1024 * 1024
    max_json_bytes: int = 64 * 1024 * 1024
    max_pdf_pages: int = 5_000
    max_doc_text_bytes: int = 50 * 1024 * 1024
    date_order: Literal["dmy", "mdy"] = "dmy"
    timezone: str = "UTC"
    slack_dms: bool = False
    data_as_of_epoch: float | None = None
    known_slack_users: Mapping[str, str] = field(default_factory=dict)
    """Slack user id → display name of users already stored (mentions resolve against them)."""
    known_channels: Mapping[str, str] = field(default_factory=dict)
    """Slack channel id → current name of channels already stored."""
    status_map: Mapping[str, str] = field(default_factory=dict)
    """Learned raw status (case-folded) → status category (02 §5.5)."""


ProgressFn = Callable[[int, int | None, str], None]
"""`progress(done, total, detail)`, e.g. `(1420, 5000, "Parsing #proj-alpha (1,420/5,000 messages)")`."""


class UnitFailed(Exception):
    """The whole unit fails: nothing of it is written (02 §9, §13)."""

    def __init__(self, code: str, reason: str, *, recoverable: bool = False) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
        self.recoverable = recoverable


# --- Spool items --------------------------------------------------------------------------------


class PersonItem(Model):
    kind: Literal["person"] = "person"
    doc: Person


class ChannelItem(Model):
    kind: Literal["channel"] = "channel"
    doc: Channel


class MessageItem(Model):
    kind: Literal["message"] = "message"
    doc: Message


class TaskItem(Model):
    kind: Literal["task"] = "task"
    doc: Task


class DocumentItem(Model):
    """A Drive document's record plus its extracted text (handed to the knowledge index)."""

    kind: Literal["document"] = "document"
    doc: Document
    text: ExtractedText | None = None


class StatusMapItem(Model):
    """A raw status the file's Status Category mapped (saved to the `status_map` setting)."""

    kind: Literal["status_map"] = "status_map"
    raw: str
    category: str


class WarningItem(Model):
    kind: Literal["warning"] = "warning"
    warning: IngestWarning


class UnitDoneItem(Model):
    """Last item of a complete unit: what the parser concluded about its file."""

    kind: Literal["unit_done"] = "unit_done"
    status: Literal["ingested", "partial"] = "ingested"
    code: str | None = None
    reason: str | None = None
    encoding: str | None = None
    date_order: str | None = None
    counts: dict[str, int] = Field(default_factory=dict)


SpoolItem = Annotated[
    PersonItem
    | ChannelItem
    | MessageItem
    | TaskItem
    | DocumentItem
    | StatusMapItem
    | WarningItem
    | UnitDoneItem,
    Field(discriminator="kind"),
]


@dataclass(frozen=True)
class UnitPlan:
    """One unit of an input: `key` is stable within the input (`users`, `channel:C0123`, `file`)."""

    key: str
    display: str
    estimate: Mapping[str, int] = field(default_factory=dict)
    """Expected volume for dry runs and progress totals, e.g. `{"messages": 5000}`."""


class Reader(Protocol):
    """Every reader's shape. `plan` is cheap (no full parse); `parse` streams one unit's items and
    raises `UnitFailed` for a problem that voids the unit. A single-file input has one unit `file`."""

    def plan(self, source: InputSource, ctx: ParseContext) -> list[UnitPlan]: ...

    def parse(
        self, source: InputSource, unit: UnitPlan, ctx: ParseContext, progress: ProgressFn
    ) -> Iterator[SpoolItem]: ...
