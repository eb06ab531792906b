"""Fuzzing `/api/v1/ingest` from its OpenAPI schema (spec 09, 02 §15): no 500s, and every error
answers in the one envelope. CI-sized: a few examples per operation."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.schemas import OpenApiSchema

from chiefops.app import create_app
from chiefops.config import Settings

EXAMPLES_PER_OPERATION = 25


@pytest.fixture(scope="module")
def ingest_app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    data_dir = tmp_path_factory.mktemp("fuzz") / "data"
    return create_app(Settings(data_dir=data_dir, _env_file=None), web_dist=Path("/nonexistent"))  # type: ignore[call-arg]


@pytest.fixture(scope="module")
def ingest_schema(ingest_app: FastAPI) -> OpenApiSchema:
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", ingest_app).include(
        path_regex="^/api/v1/ingest"
    )


def _check(case: schemathesis.Case) -> None:
    response = case.call(timeout=30)
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text}"
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error"}, body
        assert set(body["error"]) == {"code", "message", "details"}, body


def test_ingest_routes_never_fail_with_500_and_errors_use_the_envelope(ingest_schema: OpenApiSchema) -> None:
    operations = [result.ok() for result in ingest_schema.get_all_operations()]
    assert len(operations) == 7
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def fuzz(case: schemathesis.Case) -> None:
            _check(case)

        fuzz()
