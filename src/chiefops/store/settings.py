"""The stored side of run-time settings (`settings` collection, spec 01 §3).

What the COO changes at run time — the status map learned from exports, health weights, branding —
is kept here by key; this module only reads and writes the stored values. Each area reads the keys
it owns where it uses them (today `status_map`: ingestion and the analysis; `intel.*`: the
analysis). None of those keys has a `CHIEFOPS_` environment variable, and `config.Settings` is
never overwritten from here, so the precedence environment < stored setting holds by construction;
an area that gives a stored key an environment default reads the stored value first and falls
back to `Settings` itself (docs/operations.md, "Stored settings and precedence").
"""

from __future__ import annotations

from datetime import datetime

from pydantic import JsonValue

from chiefops.models.settings import Setting
from chiefops.store.base import Store


class SettingsRepo:
    """Stored settings by key, over any `Store`."""

    def __init__(self, store: Store) -> None:
        self._settings = store.typed(Setting)

    async def get(self, key: str, default: JsonValue = None) -> JsonValue:
        """The stored value of `key`, or `default` when nothing is stored."""
        found = await self._settings.find_one({"key": key})
        return default if found is None else found.value

    async def set(self, key: str, value: JsonValue, *, at: datetime | None = None) -> bool:
        """Store `value` under `key`; `at` stamps `updated_at` (now when omitted). True when it changed."""
        setting = (
            Setting(key=key, value=value)
            if at is None
            else Setting(key=key, value=value, updated_at=at, created_at=at)
        )
        current = await self._settings.find_one({"key": key})
        if current is not None and current.value == value:
            return False
        result = await self._settings.upsert_many([setting], key="key")
        return result.written > 0

    async def delete(self, key: str) -> bool:
        """Forget `key` (the environment's value applies again). True when something was removed."""
        return await self._settings.delete_many({"key": key}) > 0

    async def all(self) -> dict[str, JsonValue]:
        """Every stored setting, by key."""
        return {s.key: s.value for s in await self._settings.find(sort=[("key", 1)])}


async def get_setting(store: Store, key: str, default: JsonValue = None) -> JsonValue:
    """Shorthand for `SettingsRepo(store).get(key, default)`."""
    return await SettingsRepo(store).get(key, default)


async def set_setting(store: Store, key: str, value: JsonValue, *, at: datetime | None = None) -> bool:
    """Shorthand for `SettingsRepo(store).set(key, value, at=at)`."""
    return await SettingsRepo(store).set(key, value, at=at)
