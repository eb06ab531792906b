"""Builders of small Jira exports (CSV in any encoding/dialect, XLSX, the HTML `.xls`) and a helper
that runs the Jira readers on one of them the way the job runner does."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import openpyxl

from chiefops.ingest.jira import JiraCsvReader, JiraSheetReader
from chiefops.ingest.units import (
    InputSource,
    MessageItem,
    ParseContext,
    PersonItem,
    SpoolItem,
    StatusMapItem,
    TaskItem,
    UnitDoneItem,
    UnitFailed,
    WarningItem,
)
from chiefops.models import IngestWarning, InputKind, Message, Person, Task

JOB_ID = "job-jira-1"
FILE_TIME = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)

# --- issues and their CSV rendering --------------------------------------------------------------

Language = Literal["en", "de", "es"]

HEADERS: dict[Language, dict[str, str]] = {
    "en": {
        "summary": "Summary", "key": "Issue key", "type": "Issue Type", "status": "Status", "project_key": "Project key",
        "project_name": "Project name", "priority": "Priority", "assignee": "Assignee", "assignee_id": "Assignee Id",
        "reporter": "Reporter", "reporter_id": "Reporter Id", "created": "Created", "updated": "Updated",
        "resolved": "Resolved", "due": "Due Date", "labels": "Labels", "components": "Component/s",
        "fix_versions": "Fix Version/s", "watchers": "Watchers", "description": "Description",
        "points": "Custom field (Story Points)", "sprint": "Sprint", "flagged": "Custom field (Flagged)",
        "comment": "Comment", "blocks": "Outward issue link (Blocks)", "blocked_by": "Inward issue link (Blocks)",
        "category": "Status Category",
    },
    "de": {
        "summary": "Zusammenfassung", "key": "Schlüssel", "type": "Vorgangstyp", "status": "Status",
        "project_key": "Projektschlüssel", "project_name": "Projektname", "priority": "Priorität",
        "assignee": "Bearbeiter", "assignee_id": "Bearbeiter-ID", "reporter": "Autor", "reporter_id": "Autor-ID",
        "created": "Erstellt", "updated": "Aktualisiert", "resolved": "Erledigt", "due": "Fälligkeitsdatum",
        "labels": "Stichwörter", "components": "Komponente/n", "fix_versions": "Lösungsversion/en",
        "watchers": "Beobachter", "description": "Beschreibung", "points": "Benutzerdefiniertes Feld (Story Points)",
        "sprint": "Sprint", "flagged": "Benutzerdefiniertes Feld (Markiert)", "comment": "Kommentar",
        "blocks": "Ausgehender Vorgangslink (Blocks)", "blocked_by": "Eingehender Vorgangslink (Blocks)",
        "category": "Statuskategorie",
    },
    "es": {
        "summary": "Resumen", "key": "Clave de incidencia", "type": "Tipo de Incidencia", "status": "Estado",
        "project_key": "Clave del proyecto", "project_name": "Nombre del proyecto", "priority": "Prioridad",
        "assignee": "Responsable", "assignee_id": "ID del responsable", "reporter": "Informador",
        "reporter_id": "ID del informador", "created": "Creada", "updated": "Actualizada", "resolved": "Resuelta",
        "due": "Fecha de vencimiento", "labels": "Etiquetas", "components": "Componentes",
        "fix_versions": "Versiones de corrección", "watchers": "Observadores", "description": "Descripción",
        "points": "Campo personalizado (Story Points)", "sprint": "Sprint", "flagged": "Campo personalizado (Marcada)",
        "comment": "Comentario", "blocks": "Enlace de incidencia saliente (Blocks)",
        "blocked_by": "Enlace de incidencia entrante (Blocks)", "category": "Categoría de estado",
    },
}  # fmt: skip

MONTHS: dict[Language, tuple[str, ...]] = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "de": ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"),
    "es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept.", "oct", "nov", "dic"),
}


def jira_time(moment: datetime, *, language: Language = "en") -> str:
    """Jira's default export format, `14/Sep/26 9:30 AM`, with the language's month names."""
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    month = MONTHS[language][moment.month - 1]
    return f"{moment.day:02d}/{month}/{moment.year % 100:02d} {hour}:{moment.minute:02d} {half}"


@dataclass(frozen=True)
class Issue:
    """One row of a test export; dates are UTC moments rendered in the export's format."""

    key: str
    summary: str
    status: str = "To Do"
    issue_type: str = "Story"
    priority: str = ""
    assignee: str = ""
    assignee_id: str = ""
    reporter: str = "Raj Patel"
    reporter_id: str = "acc-raj"
    created: datetime | str = datetime(2026, 9, 14, 9, 30, tzinfo=UTC)
    updated: datetime | str = datetime(2026, 9, 15, 10, 0, tzinfo=UTC)
    resolved: datetime | str = ""
    due: datetime | str = ""
    description: str = ""
    story_points: str = ""
    flagged: str = ""
    status_category: str = ""
    project_name: str = "Project Alpha"
    sprints: Sequence[str] = ()
    labels: Sequence[str] = ()
    components: Sequence[str] = ()
    fix_versions: Sequence[str] = ()
    watchers: Sequence[str] = ()
    comments: Sequence[str] = ()
    blocks: Sequence[str] = ()
    blocked_by: Sequence[str] = ()


@dataclass(frozen=True)
class Layout:
    """How many columns each repeated field gets (at least what the widest issue needs)."""

    sprint: int = 1
    labels: int = 1
    components: int = 1
    fix_versions: int = 1
    watchers: int = 1
    comment: int = 1
    extra: dict[str, str] = field(default_factory=dict)


_REPEATED = (("sprint", "sprints"), ("labels", "labels"), ("components", "components"),
             ("fix_versions", "fix_versions"), ("watchers", "watchers"), ("comment", "comments"))  # fmt: skip
_SINGLE = (
    ("summary", "summary"), ("key", "key"), ("type", "issue_type"), ("status", "status"), ("project_key", None),
    ("project_name", "project_name"), ("priority", "priority"), ("assignee", "assignee"),
    ("assignee_id", "assignee_id"), ("reporter", "reporter"), ("reporter_id", "reporter_id"),
    ("created", "created"), ("updated", "updated"), ("resolved", "resolved"), ("due", "due"),
    ("description", "description"), ("points", "story_points"), ("flagged", "flagged"), ("category", "status_category"),
)  # fmt: skip


def header_row(layout: Layout, *, language: Language = "en") -> list[str]:
    names = HEADERS[language]
    header = [names[name] for name, _ in _SINGLE]
    for name, _ in _REPEATED:
        header += [names[name]] * getattr(layout, name)
    return [*header, names["blocks"], names["blocked_by"], *layout.extra]


def issue_cells(issue: Issue, layout: Layout, *, language: Language = "en") -> list[str]:
    cells = [_single(issue, attr, language=language) for _, attr in _SINGLE]
    for name, attr in _REPEATED:
        values = list(getattr(issue, attr))
        width = getattr(layout, name)
        assert len(values) <= width, f"{issue.key} has {len(values)} {attr}, layout gives {width} columns"
        cells += values + [""] * (width - len(values))
    return [*cells, ", ".join(issue.blocks), ", ".join(issue.blocked_by), *layout.extra.values()]


def _single(issue: Issue, attr: str | None, *, language: Language) -> str:
    if attr is None:
        return issue.key.split("-")[0]
    value = getattr(issue, attr)
    return jira_time(value, language=language) if isinstance(value, datetime) else str(value)


def render_csv(
    issues: Sequence[Issue], *, layout: Layout | None = None, language: Language = "en", delimiter: str = ","
) -> str:
    """The issues as a Jira "all fields" CSV (every field quoted, CRLF line ends, like Jira)."""
    layout = layout or Layout()
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_ALL)
    writer.writerow(header_row(layout, language=language))
    writer.writerows(issue_cells(issue, layout, language=language) for issue in issues)
    return out.getvalue()


def write_text(path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def write_rows(path: Path, rows: Sequence[Sequence[str]], *, delimiter: str = ",") -> Path:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    return path


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence[object]]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    workbook.save(path)
    return path


def write_html_xls(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Path:
    """Jira's "Export Excel" file: an HTML page with a banner table, the issue table and a footer."""
    head = "".join(f"<th>{name}</th>" for name in header)
    body = "".join(
        "<tr class='issuerow'>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows
    )
    page = (
        "<html><head><meta charset='utf-8'></head><body>"
        "<table><tr><td colspan='3'>Jira</td></tr><tr><td>Displaying 2 issues</td></tr></table>"
        f"<table id='issuetable'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        "<table><tr><td>Generated at Mon Sep 14 09:30:00 UTC 2026 by Jane Doe</td></tr></table>"
        "</body></html>"
    )
    path.write_text(page, encoding="utf-8")
    return path


# --- running the readers -------------------------------------------------------------------------


def source_for(
    path: Path, *, kind: InputKind = InputKind.JIRA_CSV, modified_at: datetime | None = FILE_TIME
) -> InputSource:
    return InputSource(
        kind=kind,
        path=path,
        display=f"exports/{path.name}",
        root="exports",
        rel_path=f"jira/{path.name}",
        size_bytes=path.stat().st_size,
        modified_at_epoch=modified_at.timestamp() if modified_at else None,
    )


@dataclass
class Parsed:
    """Everything a reader yielded for one file, by kind."""

    items: list[SpoolItem]

    @property
    def tasks(self) -> list[Task]:
        return [item.doc for item in self.items if isinstance(item, TaskItem)]

    def task(self, natural_key: str) -> Task:
        return next(task for task in self.tasks if task.natural_key == natural_key)

    @property
    def messages(self) -> list[Message]:
        return [item.doc for item in self.items if isinstance(item, MessageItem)]

    @property
    def people(self) -> list[Person]:
        return [item.doc for item in self.items if isinstance(item, PersonItem)]

    @property
    def status_maps(self) -> list[tuple[str, str]]:
        return [(item.raw, item.category) for item in self.items if isinstance(item, StatusMapItem)]

    @property
    def warnings(self) -> list[IngestWarning]:
        return [item.warning for item in self.items if isinstance(item, WarningItem)]

    def warning(self, code: str) -> str:
        return next(w.message for w in self.warnings if w.code == code)

    @property
    def codes(self) -> list[str]:
        return [w.code for w in self.warnings]

    @property
    def done(self) -> UnitDoneItem:
        last = self.items[-1]
        assert isinstance(last, UnitDoneItem)
        return last


def parse(
    path: Path,
    *,
    kind: InputKind = InputKind.JIRA_CSV,
    ctx: ParseContext | None = None,
    modified_at: datetime | None = FILE_TIME,
) -> Parsed:
    """Every item the reader of `kind` yields for one file (raises `UnitFailed` like the reader)."""
    reader = JiraCsvReader() if kind is InputKind.JIRA_CSV else JiraSheetReader()
    source = source_for(path, kind=kind, modified_at=modified_at)
    context = ctx or ParseContext(job_id=JOB_ID)
    [unit] = reader.plan(source, context)
    return Parsed(list(reader.parse(source, unit, context, lambda done, total, detail: None)))


def failure(
    path: Path, *, kind: InputKind = InputKind.JIRA_CSV, ctx: ParseContext | None = None
) -> UnitFailed:
    """The `UnitFailed` parsing `path` raises; fails the test when it parses."""
    try:
        parse(path, kind=kind, ctx=ctx)
    except UnitFailed as exc:
        return exc
    raise AssertionError(f"{path.name} parsed without failing")


def comparable(task: Task) -> dict[str, object]:
    """A task without what legitimately differs between two files of the same issues."""
    return task.model_dump(
        exclude={"created_at", "updated_at", "source_evidence", "content_hash", "origin_path"}
    )
