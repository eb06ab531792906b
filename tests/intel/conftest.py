"""Fixtures of the intelligence tests: the demo world ingested once per session, analysed once.

`ingested_dir` holds the demo world ingested through the real `IngestService` with the analysis hook
removed; `analysed_dir` is a copy of it after one analysis run. Tests that change data work on their
own copy (`fresh_copy`), so the session directories stay as built.
"""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from chiefops.clock import FixedClock
from chiefops.config import Settings
from chiefops.ingest import IngestOptions
from chiefops.services import Services, build_services

ANALYSIS_CLOCK = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def settings_for(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir, _env_file=None)  # type: ignore[call-arg]


async def _ingest(exports: Path, data_dir: Path) -> None:
    services = build_services(settings_for(data_dir), clock=FixedClock(ANALYSIS_CLOCK))
    services.ingest_hooks.analyzing.clear()
    await services.start()
    try:
        await services.ingest.run([exports], IngestOptions())
    finally:
        await services.close()


async def _analyse(data_dir: Path, clock: FixedClock) -> None:
    services = build_services(settings_for(data_dir), clock=clock)
    await services.start()
    try:
        await services.intel.run_analysis()
    finally:
        await services.close()


@pytest.fixture(scope="session")
def demo_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from samples import generate_world

    out = tmp_path_factory.mktemp("intel-demo-world")
    generate_world(out, seed=7, scale=1)
    return out


@pytest.fixture(scope="session")
def truth(demo_out: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((demo_out / "truth.json").read_text())
    return loaded


@pytest.fixture(scope="session")
def ingested_dir(demo_out: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("intel-ingested") / "data"
    asyncio.run(_ingest(demo_out / "exports", data_dir))
    return data_dir


@pytest.fixture(scope="session")
def analysed_dir(ingested_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("intel-analysed") / "data"
    shutil.copytree(ingested_dir, data_dir)
    asyncio.run(_analyse(data_dir, FixedClock(ANALYSIS_CLOCK)))
    return data_dir


@pytest.fixture
def fresh_copy(tmp_path: Path) -> Callable[[Path], Path]:
    """Copy a session data dir into this test's temp dir (tests that change data use the copy)."""

    def copy(source: Path) -> Path:
        target = tmp_path / "data"
        shutil.copytree(source, target)
        return target

    return copy


@pytest.fixture
async def analysed(analysed_dir: Path) -> AsyncIterator[Services]:
    """A container on the analysed demo world, for tests that only read."""
    services = build_services(settings_for(analysed_dir), clock=FixedClock(ANALYSIS_CLOCK))
    await services.start()
    try:
        yield services
    finally:
        await services.close()


async def open_services(data_dir: Path, *, clock: FixedClock | None = None) -> Services:
    services = build_services(settings_for(data_dir), clock=clock or FixedClock(ANALYSIS_CLOCK))
    await services.start()
    return services
