"""A small repository of COO facts (spec 04 §1.5) until the memory package owns them.

Facts go to the global stream with a synthetic turn id; adding a fact deactivates the earlier active
facts on the same (subject, field), so supersession is visible in the store as well as in the overlay.
Ids are derived from the subject, field, value and time, so adding the same fact twice writes once.
"""

from __future__ import annotations

from datetime import datetime

from chiefops.models import ConversationFact, FactType, derived_id, format_utc
from chiefops.store import Store

GLOBAL_STREAM = "global"
SYNTHETIC_TURN = "intel:synthetic-turn"


class FactsRepo:
    """Adds and lists correction facts over any `Store`."""

    def __init__(self, store: Store) -> None:
        self._facts = store.typed(ConversationFact)

    async def add(
        self,
        subject: str,
        field: str,
        value: str,
        *,
        established_at: datetime,
        previous_value: str | None = None,
        project_id: str | None = None,
        source_turn_id: str = SYNTHETIC_TURN,
    ) -> ConversationFact:
        """Store an active correction and retire the earlier ones on the same (subject, field)."""
        fact = ConversationFact(
            fact_id=derived_id(f"fact:{subject}|{field}|{value}|{format_utc(established_at)}"),
            stream_id=GLOBAL_STREAM,
            project_id=project_id,
            fact_type=FactType.CORRECTION,
            subject=subject,
            field=field,
            value=value,
            previous_value=previous_value,
            established_at=established_at,
            source_turn_id=source_turn_id,
            created_at=established_at,
            updated_at=established_at,
        )
        earlier = {"subject": subject, "field": field, "is_active": True, "fact_id": {"$ne": fact.fact_id}}
        await self._facts.update_many(earlier, set={"is_active": False})
        await self._facts.upsert_many([fact], key="fact_id")
        return fact

    async def list_active(self) -> list[ConversationFact]:
        return await self._facts.find({"is_active": True}, sort=[("established_at", 1), ("fact_id", 1)])
