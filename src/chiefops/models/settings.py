"""`settings`: values the COO changes at run time — learned status map, health weights, branding (spec 01 §3)."""

from __future__ import annotations

from pydantic import Field, JsonValue

from chiefops.models.base import Record


class Setting(Record):
    """One stored setting; a stored value wins over the environment."""

    key: str = Field(min_length=1, description="Unique name, e.g. status_map")
    value: JsonValue = Field(description="Any JSON value")
