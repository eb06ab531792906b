"""The facts repository helper (spec 04 §1.5): adding a fact retires earlier ones on the same field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chiefops.intel import FactsRepo
from chiefops.services import Services

AT = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


async def test_a_later_fact_retires_the_earlier_one_and_the_same_fact_twice_writes_once(
    container: Services,
) -> None:
    repo = FactsRepo(container.store)
    first = await repo.add("person:p1", "role", "developer", established_at=AT)
    second = await repo.add("person:p1", "role", "lead architect", established_at=AT + timedelta(hours=1))
    again = await repo.add("person:p1", "role", "lead architect", established_at=AT + timedelta(hours=1))
    active = await repo.list_active()
    assert [f.fact_id for f in active] == [second.fact_id] == [again.fact_id]
    assert first.fact_id != second.fact_id
