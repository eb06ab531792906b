"""Storage for every collection (spec 01 §3): the `Store` interface and its two backends.

Other packages import only these names. `open_store` builds a store from settings-like arguments;
call `await store.start()` before use and `await store.close()` at the end.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from chiefops.models.registry import CollectionSpec
from chiefops.store.base import (
    Collection,
    DateBucket,
    Filter,
    InvalidDocument,
    InvalidQuery,
    Metric,
    QueryPlan,
    Row,
    SortSpec,
    Store,
    StoreError,
    StoreUnavailable,
    UniqueViolation,
    UnknownCollection,
    UnknownOperator,
    WriteResult,
)
from chiefops.store.mongo import MongoStore
from chiefops.store.settings import SettingsRepo, get_setting, set_setting
from chiefops.store.sqlite import DB_FILE, SQLiteStore
from chiefops.store.sqlite_schema import Migration

__all__ = [
    "DB_FILE",
    "Collection",
    "DateBucket",
    "Filter",
    "InvalidDocument",
    "InvalidQuery",
    "Metric",
    "Migration",
    "MongoStore",
    "QueryPlan",
    "Row",
    "SQLiteStore",
    "SettingsRepo",
    "SortSpec",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "UniqueViolation",
    "UnknownCollection",
    "UnknownOperator",
    "WriteResult",
    "get_setting",
    "open_store",
    "set_setting",
]


def open_store(
    *,
    backend: Literal["sqlite", "mongodb"],
    data_dir: Path,
    mongodb_uri: str | None = None,
    mongodb_db: str = "chiefops",
    collections: dict[str, CollectionSpec] | None = None,
) -> Store:
    """A not-yet-started store: SQLite at `<data_dir>/chiefops.db`, or MongoDB at `mongodb_uri`."""
    if backend == "sqlite":
        return SQLiteStore(data_dir / DB_FILE, collections=collections)
    if not mongodb_uri:
        raise StoreError("CHIEFOPS_STORE=mongodb needs CHIEFOPS_MONGODB_URI (e.g. mongodb://localhost:27017)")
    return MongoStore(mongodb_uri, mongodb_db, collections=collections)
