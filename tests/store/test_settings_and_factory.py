"""The stored side of settings, and building a store from settings-like arguments."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from tests.store.items import T0

from chiefops.models.settings import Setting
from chiefops.store import SettingsRepo, SQLiteStore, Store, StoreError, get_setting, open_store, set_setting


async def test_a_missing_setting_gives_the_default(store: Store) -> None:
    assert await get_setting(store, "health_weights", {"flow": 1}) == {"flow": 1}


async def test_a_stored_setting_is_read_back(store: Store) -> None:
    assert await set_setting(store, "status_map", {"Done": "done"}, at=T0) is True
    assert await get_setting(store, "status_map") == {"Done": "done"}


async def test_storing_the_same_value_again_changes_nothing(store: Store) -> None:
    repo = SettingsRepo(store)
    await repo.set("branding", {"name": "Acme"}, at=T0)
    assert await repo.set("branding", {"name": "Acme"}, at=T0 + timedelta(days=1)) is False
    stored = await store.typed(Setting).find_one({"key": "branding"})
    assert stored is not None and stored.updated_at == T0


async def test_changing_a_value_keeps_created_at_and_stamps_updated_at(store: Store) -> None:
    repo = SettingsRepo(store)
    await repo.set("branding", "Acme", at=T0)
    assert await repo.set("branding", "Acme Corp", at=T0 + timedelta(days=1)) is True
    stored = await store.typed(Setting).find_one({"key": "branding"})
    assert stored is not None
    assert (stored.value, stored.created_at, stored.updated_at) == ("Acme Corp", T0, T0 + timedelta(days=1))


async def test_all_and_delete(store: Store) -> None:
    repo = SettingsRepo(store)
    await repo.set("b", 2, at=T0)
    await repo.set("a", [1], at=T0)
    assert await repo.all() == {"a": [1], "b": 2}
    assert (await repo.delete("a"), await repo.delete("a")) == (True, False)
    assert await repo.all() == {"b": 2}


def test_open_store_builds_sqlite_in_the_data_dir(tmp_path: Path) -> None:
    store = open_store(backend="sqlite", data_dir=tmp_path)
    assert isinstance(store, SQLiteStore)
    assert store.path == tmp_path / "chiefops.db"


def test_open_store_needs_a_uri_for_mongodb(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        open_store(backend="mongodb", data_dir=tmp_path, mongodb_uri=None)
    assert (
        str(caught.value)
        == "CHIEFOPS_STORE=mongodb needs CHIEFOPS_MONGODB_URI (e.g. mongodb://localhost:27017)"
    )
