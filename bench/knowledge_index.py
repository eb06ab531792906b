"""Benchmark `knowledge_index` (spec 03 §11, 09): indexing throughput of the embedded knowledge index.

Figures:
- `ingest_with_index`: messages/s of the demo world's full ingestion, indexing stage included (no
  target here; the ingest benchmarks hold the ingest targets) — printed beside the index figures;
- `knowledge_reindex`: chunks/s re-indexing everything from the Store (load + render + chunk + write),
  target ≥ 2,000, with `knowledge_reindex_cpu` (chunks per CPU-second of the process, no target) and
  the machine's load beside it: other work on the machine stretches the wall-clock figure;
- `knowledge_index_write`: chunks/s of `index()` alone on already rendered docs, target ≥ 2,000.

Usage: `python bench/knowledge_index.py [--scale 1]` (the world is generated once into
/tmp/chiefops-bench-world-<scale> and reused).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from pathlib import Path

from _common import report
from _world import world
from chiefops.config import Settings
from chiefops.knowledge import ReindexRequest, SourceDoc
from chiefops.services import Services, running_services

TARGET_CHUNKS_PER_S = 2_000


async def _rendered_docs(services: Services) -> list[SourceDoc]:
    knowledge = services.knowledge
    loader = knowledge._loader
    ctx = await loader.context()
    docs: list[SourceDoc] = []
    async for batch in loader.slack_docs(ctx, project_id=None):
        docs.extend(batch)
    async for batch in loader.jira_docs(ctx, project_id=None):
        docs.extend(batch)
    return docs


async def run(scale: int) -> None:
    exports = world(scale) / "exports"
    with tempfile.TemporaryDirectory(prefix="chiefops-bench-knowledge-") as tmp:
        settings = Settings(data_dir=Path(tmp), semantic_search="off", _env_file=None)  # type: ignore[call-arg]
        async with running_services(settings) as services:
            started = time.perf_counter()
            summary = await services.ingest.run([exports])
            ingest_s = time.perf_counter() - started
            messages = summary.messages.new + summary.messages.updated + summary.messages.unchanged
            report("ingest_with_index", messages / ingest_s, "messages/s")

            await services.knowledge.wait_for_jobs()  # the re-scope that follows the ingestion's analysis
            await services.knowledge.index.reset(confirm="all")
            report("machine_load_1min", os.getloadavg()[0], "runnable processes")
            started, cpu = time.perf_counter(), time.process_time()
            reindexed, _ = await services.knowledge.run_reindex(ReindexRequest(all=True))
            report("knowledge_reindex", reindexed.chunks_written / (time.perf_counter() - started), "chunks/s",
                   at_least=TARGET_CHUNKS_PER_S)  # fmt: skip
            report(
                "knowledge_reindex_cpu",
                reindexed.chunks_written / (time.process_time() - cpu),
                "chunks/cpu-s",
            )

            docs = await _rendered_docs(services)
            await services.knowledge.index.reset(confirm="all")
            started = time.perf_counter()
            written = await services.knowledge.index.index(docs)
            report("knowledge_index_write", written.chunks_written / (time.perf_counter() - started), "chunks/s",
                   at_least=TARGET_CHUNKS_PER_S)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scale", type=int, default=1)
    asyncio.run(run(parser.parse_args().scale))


if __name__ == "__main__":
    main()
