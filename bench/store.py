"""Benchmark the SQLite store (spec 01 §3, 09): messages with the real registry indexes.

Figures (targets on 2 cores):
- `store.upsert_messages`: upsert N message documents given as dicts, validation included
  (≥ 50,000 docs/s); printed beside `store.validate_dump_messages`, the pydantic floor (validate +
  `model_dump_json` alone) on the same documents, and `store.reupsert_unchanged` (the idempotent
  re-ingest path).
- `store.find_by_message_id_p95`, `store.find_channel_latest20_p95`: indexed equality reads (≤ 2 ms).
- `store.group_by_day`: count per UTC day over every message (≤ 1.5 s).

Usage: `.venv/bin/python bench/store.py [--n 1000000] [--batch 10000]`. Documents are generated
deterministically, batch by batch, outside the timed calls; the database lives in a temp dir.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from _common import percentile, report
from chiefops.models.messages import Message
from chiefops.store import DateBucket, QueryPlan, SQLiteStore

START = datetime(2025, 12, 1, tzinfo=UTC)
WORDS = [
    "the",
    "release",
    "is",
    "blocked",
    "by",
    "the",
    "api",
    "migration",
    "can",
    "you",
    "review",
    "payment",
    "sync",
    "before",
    "friday",
    "thanks",
]


def message(n: int, rng: random.Random) -> dict[str, Any]:
    channel = f"C{n % 200:04d}"
    ts = START + timedelta(seconds=n * 31 + rng.randrange(30))
    author = f"person-{rng.randrange(2000):04d}"
    return {
        "message_id": str(uuid.UUID(int=n + 1)),
        "natural_key": f"slack:{channel}:{ts.timestamp():.6f}",
        "source": "slack",
        "channel": f"channel-{n % 200}",
        "channel_id": channel,
        "channel_type": "public",
        "project_id": f"project-{n % 50}",
        "timestamp": ts,
        "author": author,
        "text": " ".join(rng.choices(WORDS, k=14)),
        "thread_id": f"slack:{channel}:{n // 5}" if n % 3 == 0 else None,
        "reply_count": rng.randrange(4),
        "reaction_count": 1,
        "reactions": ["+1"],
        "mentions": [f"person-{rng.randrange(2000):04d}"],
        "sentiment": rng.choice(["positive", "neutral", "negative", None]),
        "has_task_assignment": n % 17 == 0,
        "slack_ts": f"{ts.timestamp():.6f}",
        "created_at": START,
        "updated_at": START,
    }


def batches(total: int, size: int, seed: int = 7) -> Any:
    rng = random.Random(seed)
    for start in range(0, total, size):
        yield [message(n, rng) for n in range(start, min(total, start + size))]


async def upsert_all(store: SQLiteStore, total: int, size: int) -> float:
    messages = store.typed(Message)
    spent = 0.0
    for batch in batches(total, size):
        began = time.perf_counter()
        await messages.upsert_many(batch)
        spent += time.perf_counter() - began
    return spent


def validate_dump(total: int, size: int) -> float:
    spent = 0.0
    for batch in batches(total, size):
        began = time.perf_counter()
        for doc in batch:
            Message.model_validate(doc).model_dump_json()
        spent += time.perf_counter() - began
    return spent


async def latencies(store: SQLiteStore, total: int, probes: int = 2000) -> tuple[list[float], list[float]]:
    messages = store.typed(Message)
    rng = random.Random(11)
    by_id: list[float] = []
    latest: list[float] = []
    for _ in range(probes):
        wanted = str(uuid.UUID(int=rng.randrange(total) + 1))
        began = time.perf_counter()
        found = await messages.find_one({"message_id": wanted})
        by_id.append(time.perf_counter() - began)
        assert found is not None and found.message_id == wanted
        began = time.perf_counter()
        rows = await messages.find(
            {"channel": f"channel-{rng.randrange(200)}"}, sort=[("timestamp", -1)], limit=20
        )
        latest.append(time.perf_counter() - began)
        assert len(rows) == min(20, total // 200)
    return by_id, latest


async def main(total: int, size: int) -> None:
    with tempfile.TemporaryDirectory(prefix="chiefops-bench-") as tmp:
        store = SQLiteStore(Path(tmp) / "chiefops.db")
        await store.start()
        try:
            spent = await upsert_all(store, total, size)
            report("store.upsert_messages", total / spent, "docs/s", at_least=50_000)
            floor_n = min(total, 100_000)
            report("store.validate_dump_messages", floor_n / validate_dump(floor_n, size), "docs/s")
            again = min(total, 100_000)
            report("store.reupsert_unchanged", again / await upsert_all(store, again, size), "docs/s")
            by_id, latest = await latencies(store, total)
            report("store.find_by_message_id_p95", percentile(by_id, 95) * 1000, "ms", at_most=2)
            report("store.find_channel_latest20_p95", percentile(latest, 95) * 1000, "ms", at_most=2)
            plan = QueryPlan(bucket=DateBucket(field="timestamp", unit="day"))
            began = time.perf_counter()
            rows = await store.typed(Message).aggregate(plan)
            report("store.group_by_day", time.perf_counter() - began, "s", at_most=1.5)
            assert sum(r["count"] for r in rows) == total
        finally:
            await store.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="messages to upsert")
    parser.add_argument("--batch", type=int, default=10_000, help="documents per upsert_many call")
    args = parser.parse_args()
    asyncio.run(main(args.n, args.batch))
