"""Validation constraints of the seed (min/max lengths, ranges, enums) and of the ext models."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError
from tests.models.seed_examples import EXAMPLES

from chiefops.models import (
    AIAuditRecord,
    AnalysisResult,
    AnalysisType,
    CompactedSummary,
    DashboardWidget,
    DataQuery,
    Document,
    IngestionProgress,
    Message,
    MessageRollup,
    OptOutTag,
    Person,
    Project,
    Report,
    Setting,
    Task,
    TimeRange,
    WidgetPosition,
)


def _errors(model: type[BaseModel], doc: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(doc)
    return [(tuple(e["loc"]), e["type"]) for e in caught.value.errors()]


POSITION = {"row": 0, "col": 0, "width": 6, "height": 4}


@pytest.mark.parametrize(
    ("model", "base", "change", "expected"),
    [
        (Project, "projects", {"health_score": 101}, [(("health_score",), "less_than_equal")]),
        (Project, "projects", {"health_score": -1}, [(("health_score",), "greater_than_equal")]),
        (
            Project,
            "projects",
            {"completion_percentage": 100.5},
            [(("completion_percentage",), "less_than_equal")],
        ),
        (Project, "projects", {"name": ""}, [(("name",), "string_too_short")]),
        (Project, "projects", {"name": "x" * 301}, [(("name",), "string_too_long")]),
        (Project, "projects", {"status": "blocked"}, [(("status",), "enum")]),
        (Person, "people", {"name": ""}, [(("name",), "string_too_short")]),
        (Person, "people", {"name": "x" * 201}, [(("name",), "string_too_long")]),
        (Person, "people", {"tasks_assigned": -1}, [(("tasks_assigned",), "greater_than_equal")]),
        (Person, "people", {"activity_level": "busy"}, [(("activity_level",), "enum")]),
        (Person, "people", {"role_confidence": 1.5}, [(("role_confidence",), "less_than_equal")]),
        (
            Person,
            "people",
            {"source_ids": [{"source": "github", "source_id": "x"}]},
            [(("source_ids", 0, "source"), "enum")],
        ),
        (Task, "tasks", {"summary": ""}, [(("summary",), "string_too_short")]),
        (Task, "tasks", {"summary": "x" * 501}, [(("summary",), "string_too_long")]),
        (Task, "tasks", {"story_points": -1}, [(("story_points",), "greater_than_equal")]),
        (Task, "tasks", {"source": "trello"}, [(("source",), "enum")]),
        (Message, "messages", {"reply_count": -1}, [(("reply_count",), "greater_than_equal")]),
        (Message, "messages", {"sentiment": "angry"}, [(("sentiment",), "enum")]),
        (Document, "documents", {"file_size": -1}, [(("file_size",), "greater_than_equal")]),
        (
            CompactedSummary,
            "compacted_summaries",
            {"token_count": -1},
            [(("token_count",), "greater_than_equal")],
        ),
        (Report, "reports", {"version": 0}, [(("version",), "greater_than_equal")]),
        (Report, "reports", {"title": ""}, [(("title",), "string_too_short")]),
        (DashboardWidget, "dashboard_widgets", {"title": ""}, [(("title",), "string_too_short")]),
        (DashboardWidget, "dashboard_widgets", {"widget_type": "gantt_chart"}, [(("widget_type",), "enum")]),
        (
            DashboardWidget,
            "dashboard_widgets",
            {"position": {**POSITION, "width": 13}},
            [(("position", "width"), "less_than_equal")],
        ),
        (
            DashboardWidget,
            "dashboard_widgets",
            {"position": {**POSITION, "height": 0}},
            [(("position", "height"), "greater_than_equal")],
        ),
        (AnalysisResult, "analysis_results", {"analysis_type": "sentiment"}, [(("analysis_type",), "enum")]),
        (MessageRollup, "message_rollups", {"count": -1}, [(("count",), "greater_than_equal")]),
        (Setting, "settings", {"key": ""}, [(("key",), "string_too_short")]),
        (AIAuditRecord, "ai_audit_log", {"attempt": 0}, [(("attempt",), "greater_than_equal")]),
    ],
)
def test_constraint_rejects_out_of_range_value(
    model: type[BaseModel], base: str, change: dict[str, Any], expected: list[tuple[tuple[Any, ...], str]]
) -> None:
    assert _errors(model, {**EXAMPLES[base], **change}) == expected


@pytest.mark.parametrize("field", ["name", "role", "last_active_date"])
def test_person_requires_seed_required_fields(field: str) -> None:
    doc = {k: v for k, v in EXAMPLES["people"].items() if k != field}
    assert _errors(Person, doc) == [((field,), "missing")]


def test_ingestion_progress_percentage_is_bounded() -> None:
    assert _errors(IngestionProgress, {"stage": "parsing", "percentage": 100.1}) == [
        (("percentage",), "less_than_equal")
    ]


def test_widget_position_default_is_half_width() -> None:
    widget = DashboardWidget.model_validate(
        {k: v for k, v in EXAMPLES["dashboard_widgets"].items() if k != "position"}
    )
    assert widget.position == WidgetPosition(row=0, col=0, width=6, height=4)


def test_analysis_type_gains_briefing() -> None:
    result = AnalysisResult.model_validate({**EXAMPLES["analysis_results"], "analysis_type": "briefing"})
    assert result.analysis_type is AnalysisType.BRIEFING


def test_data_query_takes_the_additive_bucket_sort_limit() -> None:
    query = DataQuery.model_validate(
        {"source": "messages", "metric": "count", "bucket": "week", "sort": "key_asc", "limit": 12}
    )
    assert (query.bucket, query.sort, query.limit) == ("week", "key_asc", 12)
    assert _errors(DataQuery, {"source": "messages", "metric": "count", "limit": 0}) == [
        (("limit",), "greater_than_equal")
    ]
    assert _errors(DataQuery, {"source": "jira_tasks", "metric": "count"}) == [(("source",), "enum")]


def _messages(model: type[BaseModel], doc: dict[str, Any]) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(doc)
    return [e["msg"] for e in caught.value.errors()]


def test_time_range_is_a_preset_or_dates_not_both() -> None:
    assert _messages(TimeRange, {"preset": "last_30_days", "start": "2026-11-01"}) == [
        "Value error, time_range takes either a preset or start/end dates, not both"
    ]
    assert _messages(TimeRange, {"start": "2026-11-30", "end": "2026-11-01"}) == [
        "Value error, time_range start 2026-11-30 is after end 2026-11-01"
    ]


def test_rollup_day_must_be_midnight_utc() -> None:
    doc = {**EXAMPLES["message_rollups"], "day": "2026-11-12T00:00:00+05:30"}
    assert _messages(MessageRollup, doc) == [
        "Value error, day must be 00:00 UTC (the start of the day it counts)"
    ]


def test_rollup_key_must_match_its_fields() -> None:
    doc = {**EXAMPLES["message_rollups"], "rollup_key": "2026-11-12|proj-alpha|general|p-raj"}
    assert _messages(MessageRollup, doc) == [
        "Value error, rollup_key '2026-11-12|proj-alpha|general|p-raj' does not match its fields; "
        "expected '2026-11-12|proj-alpha|alpha-dev|p-raj'"
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"value": "salary(band"},
            "Value error, regex 'salary(band' does not compile: missing ), unterminated subpattern at position 6",
        ),
        ({"value": "a" * 201}, "Value error, regex is 201 characters; the limit is 200"),
        (
            {"kind": "channel", "value": "hr-*"},
            "Value error, regex applies only to pattern tags, not to 'channel' tags",
        ),
        ({"value": ""}, "String should have at least 1 character"),
    ],
)
def test_opt_out_tag_validates_its_value(change: dict[str, Any], message: str) -> None:
    assert _messages(OptOutTag, {**EXAMPLES["opt_out_tags"], **change}) == [message]


def test_opt_out_keyword_is_not_compiled() -> None:
    tag = OptOutTag.model_validate({**EXAMPLES["opt_out_tags"], "value": "salary(band", "regex": False})
    assert tag.value == "salary(band"
