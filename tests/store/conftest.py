"""Store fixtures: a real SQLite file on tmp_path always; MongoDB when CHIEFOPS_TEST_MONGODB_URI is set."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.store.items import ALL_COLLECTIONS

from chiefops.store import MongoStore, SQLiteStore, Store

MONGO_SKIP = "CHIEFOPS_TEST_MONGODB_URI not set: MongoDB contract leg skipped"


@dataclass(frozen=True)
class Backend:
    """Opens stores on one location (a SQLite file or a MongoDB database), so tests can reopen."""

    name: str
    make: Callable[[], Store]


@pytest.fixture(params=["sqlite", "mongodb"])
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    if request.param == "sqlite":
        yield Backend("sqlite", lambda: SQLiteStore(tmp_path / "chiefops.db", collections=ALL_COLLECTIONS))
        return
    uri = os.environ.get("CHIEFOPS_TEST_MONGODB_URI")
    if not uri:
        pytest.skip(MONGO_SKIP)
    db = f"chiefops_test_{uuid.uuid4().hex[:12]}"
    yield Backend("mongodb", lambda: MongoStore(uri, db, collections=ALL_COLLECTIONS))
    from pymongo import AsyncMongoClient

    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(uri)
    await client.drop_database(db)
    await client.close()


@pytest.fixture
async def store(backend: Backend) -> AsyncIterator[Store]:
    opened = backend.make()
    await opened.start()
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
async def sqlite_store(tmp_path: Path) -> AsyncIterator[SQLiteStore]:
    opened = SQLiteStore(tmp_path / "chiefops.db", collections=ALL_COLLECTIONS)
    await opened.start()
    try:
        yield opened
    finally:
        await opened.close()
