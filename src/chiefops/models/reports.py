"""`reports`: generated reports with their spec, exports and edit history (seed §12)."""

from __future__ import annotations

from pydantic import Field, JsonValue

from chiefops.models.base import Model, Record, UtcDatetime, new_id, utc_now
from chiefops.models.enums import ReportStatus, ReportType


def _default_colors() -> dict[str, str]:
    return {"primary": "#1a1a2e", "secondary": "#16213e", "accent": "#0f3460", "highlight": "#e94560"}


class ReportExport(Model):
    """One export of a report."""

    format: str = "pdf"
    url: str = Field(description="Download URL of the exported file")
    exported_at: UtcDatetime = Field(default_factory=utc_now)


class ReportBranding(Model):
    """Branding applied when rendering a report."""

    company: str = ""
    logo_url: str | None = None
    color_scheme: dict[str, str] = Field(default_factory=_default_colors, description="Named hex colours")


class Report(Record):
    """A report built and refined through conversation; `version` counts edits."""

    report_id: str = Field(default_factory=new_id)
    project_id: str | None = Field(default=None, description="None for cross-project reports")
    report_type: ReportType
    title: str = Field(min_length=1, max_length=300)
    subtitle: str = ""
    report_spec: dict[str, JsonValue] = Field(default_factory=dict, description="Sections, charts, data refs")
    generated_at: UtcDatetime = Field(default_factory=utc_now)
    last_modified: UtcDatetime = Field(default_factory=utc_now)
    status: ReportStatus = ReportStatus.DRAFT
    exports: list[ReportExport] = Field(default_factory=list)
    conversation_turns: list[str] = Field(default_factory=list, description="turn_ids that shaped it")
    version: int = Field(default=1, ge=1)
    branding: ReportBranding = Field(default_factory=ReportBranding)
