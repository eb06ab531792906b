"""Seed-shaped documents validate, survive JSON round trips, and datetimes keep one fixed form."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError
from tests.models.seed_examples import EXAMPLES, T0

from chiefops.models import (
    COLLECTIONS,
    Alert,
    FileResult,
    IngestionJob,
    IngestSummary,
    Message,
    MessageRollup,
    Person,
    StatusCategory,
    Task,
)

NAIVE_MESSAGE = "Value error, timezone-aware datetime required (naive datetimes are ambiguous)"


def test_there_is_one_example_per_collection() -> None:
    assert list(EXAMPLES) == list(COLLECTIONS)


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_seed_shaped_document_round_trips_through_json(name: str) -> None:
    model = COLLECTIONS[name].model
    record = model.model_validate(EXAMPLES[name])
    assert model.model_validate_json(record.model_dump_json()) == record


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_seed_fields_come_back_as_given(name: str) -> None:
    """Every seed field of the example is dumped unchanged (datetimes in the fixed-width form).

    Ext fields the example does not give (also inside sub-documents) are left out of the comparison.
    """
    dumped = COLLECTIONS[name].model.model_validate(EXAMPLES[name]).model_dump(mode="json")
    expected = _fixed_width(EXAMPLES[name])
    assert _project(dumped, expected) == expected


def _project(dumped: Any, shape: Any) -> Any:
    """`dumped` restricted to the keys present in `shape`, recursively."""
    if isinstance(shape, dict) and isinstance(dumped, dict):
        return {key: _project(dumped.get(key), value) for key, value in shape.items()}
    if isinstance(shape, list) and isinstance(dumped, list) and len(shape) == len(dumped):
        return [_project(d, s) for d, s in zip(dumped, shape, strict=True)]
    return dumped


def _fixed_width(value: Any) -> Any:
    """The example's datetime strings as the models write them."""
    if isinstance(value, str) and value.endswith("Z") and "T" in value:
        parsed = datetime.fromisoformat(value)
        return parsed.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, dict):
        return {k: _fixed_width(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_fixed_width(v) for v in value]
    return value


def test_datetimes_serialise_fixed_width_in_utc() -> None:
    person = Person.model_validate({**_person(), "last_active_date": "2026-11-30T14:35:00+05:30"})
    assert person.model_dump(mode="json")["last_active_date"] == "2026-11-30T09:05:00.000000Z"
    assert person.last_active_date == datetime(2026, 11, 30, 9, 5, tzinfo=UTC)
    assert person.last_active_date.tzinfo is UTC


def test_python_dump_keeps_aware_datetimes() -> None:
    person = Person.model_validate({**_person(), "last_active_date": T0})
    assert person.model_dump()["last_active_date"] == datetime(2026, 11, 30, 9, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("model", "field", "doc"),
    [
        (Person, "last_active_date", lambda: _person()),
        (Message, "timestamp", lambda: dict(EXAMPLES["messages"])),
        (Alert, "triggered_at", lambda: dict(EXAMPLES["alerts"])),
        (Person, "created_at", lambda: _person()),
    ],
)
def test_naive_datetime_is_rejected_with_a_clear_message(model: Any, field: str, doc: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        model.model_validate({**doc(), field: "2026-11-30T09:05:00"})
    assert [(e["loc"], e["msg"]) for e in caught.value.errors()] == [((field,), NAIVE_MESSAGE)]


def test_naive_python_datetime_is_rejected_too() -> None:
    with pytest.raises(ValidationError) as caught:
        Person.model_validate({**_person(), "last_active_date": datetime(2026, 11, 30, 9, 5)})
    assert [e["msg"] for e in caught.value.errors()] == [NAIVE_MESSAGE]


def test_ext_fields_default_so_seed_documents_stay_valid() -> None:
    message = Message.model_validate(EXAMPLES["messages"])
    assert (message.natural_key, message.is_bot, message.files, message.opt_out) == (None, False, [], False)
    person = Person.model_validate(_person())
    assert (person.is_bot, person.is_placeholder, person.handles, person.flags) == (False, False, [], [])
    job = IngestionJob.model_validate(EXAMPLES["ingestion_jobs"])
    assert (job.outcome, job.triggered_by.value, job.summary, job.files) == (None, "upload", None, [])


def test_seed_task_gets_its_status_category_from_the_status_map() -> None:
    task = Task.model_validate(EXAMPLES["tasks"])
    assert task.status_category is StatusCategory.IN_PROGRESS


def test_stored_status_category_is_kept_as_given() -> None:
    task = Task.model_validate({**EXAMPLES["tasks"], "status": "Ready to Ship", "status_category": "done"})
    assert task.status_category is StatusCategory.DONE


def test_rollup_key_is_derived_from_its_fields() -> None:
    rollup = MessageRollup.model_validate(EXAMPLES["message_rollups"])
    assert rollup.rollup_key == "2026-11-12|proj-alpha|alpha-dev|p-raj"


def test_job_with_files_and_summary_round_trips() -> None:
    job = IngestionJob.model_validate(
        {
            **EXAMPLES["ingestion_jobs"],
            "status": "completed",
            "outcome": "partial",
            "triggered_by": "cli",
            "options": {"project": "Alpha", "opt_out": {"channels": ["hr-*"]}, "dry_run": False},
            "data_as_of": T0,
            "files": [
                FileResult(
                    file_id="f-1",
                    name="issues.csv",
                    rel_path="drop/issues.csv",
                    size=2048,
                    kind="jira_csv",
                    status="partial",
                    code="bad_rows",
                    reason="97 of 100 rows ingested; skipped line 14: missing issue key",
                    counts={"tasks_new": 97},
                    warnings=[{"code": "date_order_assumed", "message": "issues.csv: assumed dmy"}],
                    warnings_total=1,
                    encoding="utf-8",
                    date_order="dmy",
                    duration_s=1.25,
                ).model_dump(mode="json")
            ],
            "summary": IngestSummary(job_id="j-1", outcome="partial", tasks={"new": 97}).model_dump(
                mode="json"
            ),
        }
    )
    assert IngestionJob.model_validate_json(job.model_dump_json()) == job
    assert job.model_dump(mode="json")["files"][0]["warnings"] == [
        {"code": "date_order_assumed", "message": "issues.csv: assumed dmy"}
    ]


def _person() -> dict[str, Any]:
    return dict(EXAMPLES["people"])
