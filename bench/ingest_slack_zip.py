"""Benchmarks `slack_zip` and `slack_reingest` (spec 02 §16): the demo world's Slack ZIP through the
whole ingestion pipeline (parse in the worker pool + normalise + store), then the same ZIP again.

Figures:
- `slack_unzip_parse_floor`: seconds to only decompress every JSON member and orjson-parse it — the
  physical floor, no target;
- `slack_zip`: messages/s parse + normalise + store (target ≥ 20,000), and the time ratio to the floor;
- `slack_reingest`: messages/s for the same ZIP again (target ≥ 50,000) and the records it wrote
  (must be 0: every collection's data version unchanged).

The knowledge index is left out (its own figure, `slack_index`, is the knowledge benchmark's): the
job's sink accepts the changes and indexes nothing.

Usage: `python bench/ingest_slack_zip.py [--scale 50]` (the world is generated once into
/tmp/chiefops-bench-world-<scale> and reused).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
import zipfile
from pathlib import Path

import orjson

from _common import CpuMeter, cpu_line, report
from _world import slack_zip
from chiefops.config import Settings
from chiefops.ingest import IngestHooks, IngestService
from chiefops.knowledge.changes import NoopSink
from chiefops.models import COLLECTIONS, IngestSummary
from chiefops.runtime import settle_heap
from chiefops.services import Services, build_services

TARGET_MSGS_PER_S = 20_000
TARGET_REINGEST_PER_S = 50_000


def unzip_and_parse(path: Path) -> tuple[float, int]:
    """Seconds to decompress and orjson-parse every JSON member; and the messages found."""
    started = time.perf_counter()
    messages = 0
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.filename.endswith(".json"):
                data = orjson.loads(archive.read(info))
                if isinstance(data, list) and "/" in info.filename:
                    messages += len(data)
    return time.perf_counter() - started, messages


async def versions(services: Services) -> dict[str, int]:
    return {name: await services.store.data_version(name) for name in COLLECTIONS}


def messages_of(summary: IngestSummary) -> int:
    m = summary.messages
    return m.new + m.updated + m.unchanged + m.stale + m.system


Run = tuple[float, IngestSummary, str]
"""Wall seconds, the job's summary and its CPU line."""


async def run(path: Path, data_dir: Path) -> tuple[Run, Run, int]:
    services = build_services(Settings(data_dir=data_dir, _env_file=None))  # type: ignore[call-arg]
    await services.start()
    settle_heap()  # as `chiefops ingest` and `serve` do once started
    ingest = IngestService(
        settings=services.settings,
        store=services.store,
        clock=services.clock,
        bus=services.events,
        sink=NoopSink(),
        hooks=IngestHooks(),  # analysis has its own benchmark
    )
    meter = CpuMeter()
    try:
        first = await timed(ingest, path, meter)
        before = await versions(services)
        second = await timed(ingest, path, meter)
        after = await versions(services)
    finally:
        await ingest.close()
        await services.close()
    writes = sum(after[name] - before[name] for name in before) - (
        after["ingestion_jobs"] - before["ingestion_jobs"]
    )
    return first, second, writes


async def timed(ingest: IngestService, path: Path, meter: CpuMeter) -> Run:
    """One job over `path`: wall seconds, summary, CPU by thread and worker processes."""
    cpu = meter.snapshot()
    started = time.perf_counter()
    summary = await ingest.run([path])
    elapsed = time.perf_counter() - started
    return elapsed, summary, cpu_line(cpu, meter.snapshot())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=50)
    args = parser.parse_args()
    path = slack_zip(args.scale)
    floor_s, floor_messages = unzip_and_parse(path)
    report(f"slack_unzip_parse_floor_scale{args.scale}", floor_s, "s")
    with tempfile.TemporaryDirectory(prefix="bench-slack-") as tmp:
        (first_s, first, first_cpu), (second_s, second, second_cpu), writes = asyncio.run(
            run(path, Path(tmp) / "data")
        )
    count = messages_of(first)
    print(
        f"  {count:,} messages ({floor_messages:,} in the day files); outcome {first.outcome.value}",
        flush=True,
    )
    report(f"slack_zip_scale{args.scale}", count / first_s, "messages/s", at_least=TARGET_MSGS_PER_S)
    report(f"slack_zip_scale{args.scale}_time", first_s, "s")
    report(f"slack_zip_scale{args.scale}_vs_floor", first_s / floor_s, "× the unzip+parse floor")
    print(first_cpu, flush=True)
    report(
        f"slack_reingest_scale{args.scale}",
        messages_of(second) / second_s,
        "messages/s",
        at_least=TARGET_REINGEST_PER_S,
    )
    print(second_cpu, flush=True)
    report(f"slack_reingest_scale{args.scale}_writes", writes, "write batches (target 0)")


if __name__ == "__main__":
    main()
