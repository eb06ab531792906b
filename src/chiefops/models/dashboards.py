"""`dashboard_widgets` with its `DataQuery` and `WidgetPosition` (seed §11, spec 06 §1 and §3.1)."""

from __future__ import annotations

from datetime import date

from pydantic import Field, JsonValue, model_validator

from chiefops.models.base import Model, Record, new_id
from chiefops.models.enums import Bucket, DataSource, WidgetCreator, WidgetType


class TimeRange(Model):
    """A relative `preset` (kept relative, resolved against as-of) or absolute inclusive `start`/`end` days."""

    field: str | None = Field(default=None, description="Date field; the source's default when None")
    preset: str | None = Field(default=None, description="last_30_days, this_sprint, … (spec 06 §3.4)")
    start: date | None = None
    end: date | None = None

    @model_validator(mode="after")
    def _preset_or_dates(self) -> TimeRange:
        if self.preset is not None and (self.start is not None or self.end is not None):
            raise ValueError("time_range takes either a preset or start/end dates, not both")
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValueError(f"time_range start {self.start} is after end {self.end}")
        return self


class DataQuery(Model):
    """What a widget shows: the seed's query plus spec 06's additive `bucket`, `sort`, `limit`."""

    source: DataSource = Field(description="Collection to query")
    group_by: str | None = None
    metric: str = Field(description="count, count_distinct:f, sum:f, avg:f, min:f, max:f, rows, …")
    split_by: str | None = Field(default=None, description="Secondary grouping for stacked charts")
    filters: dict[str, JsonValue] = Field(default_factory=dict)
    time_range: TimeRange | None = None
    bucket: Bucket | None = None
    sort: str | None = Field(
        default=None, description="value_desc|value_asc|key_asc|key_desc, or <field>:asc|desc"
    )
    limit: int | None = Field(default=None, ge=1, le=366, description="Categories ≤ 100, buckets ≤ 366")


class WidgetPosition(Model):
    """Grid position on the 12-column dashboard."""

    row: int = Field(ge=0)
    col: int = Field(ge=0)
    width: int = Field(ge=1, le=12, description="Grid columns (1-12)")
    height: int = Field(ge=1, le=8, description="Grid rows (1-8)")


class DashboardWidget(Record):
    """A widget; a dashboard is the set of widgets sharing a `dashboard_id`."""

    widget_id: str = Field(default_factory=new_id)
    dashboard_id: str = Field(description="`main`, `{project_id}_custom` or `{project_id}_static`")
    widget_type: WidgetType
    title: str = Field(min_length=1, max_length=200)
    data_query: DataQuery
    chart_spec: dict[str, JsonValue] = Field(default_factory=dict, description="Presentation options only")
    position: WidgetPosition = Field(default_factory=lambda: WidgetPosition(row=0, col=0, width=6, height=4))
    created_by: WidgetCreator = WidgetCreator.COO_CONVERSATION
    conversation_turn_id: str | None = None
