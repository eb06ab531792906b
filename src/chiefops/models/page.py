"""The one list shape of the API and services (spec 01 §5): `{items, total, skip, limit}`."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")

MAX_PAGE_LIMIT = 100


class Page(BaseModel, Generic[T]):
    """A page of a longer list: `total` counts every match, `items` holds at most `limit`."""

    items: list[T]
    total: int = Field(ge=0)
    skip: int = Field(ge=0)
    limit: int = Field(ge=1, le=MAX_PAGE_LIMIT)
