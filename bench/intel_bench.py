"""Benchmark `intel` (spec 04 §7, B1–B2): the cost of an analysis run.

Figures:
- `intel_cold_scale<S>`: a full analysis of the demo world ingested at scale S, nothing cached
  (target ≤ 2 s at scale 1, ≤ 60 s at scale 50), and `intel_cold_cpu_scale<S>` the process CPU time
  it took (both cores count; on a loaded machine the wall time says more about the neighbours);
- `intel_incremental_scale<S>`: the run after one COO correction in the same service (target ≤ 0.5 s
  at scale 1);
- `intel_rerun_scale<S>`: a run with nothing new;
- `intel_peak_rss_scale<S>`: peak resident memory of the analysing process (target ≤ 4 GiB at scale 50).

The world is ingested once per scale (people and analysis hooks off) into `$CHIEFOPS_BENCH_INTEL_DIR/<S>`
(default `/tmp/chiefops-bench-intel-<S>`); each measurement runs in a child process on a copy.

Usage: `python bench/intel_bench.py [--scale 1] [--scale 50]` (both by default; the first scale-50 run
generates and ingests that world, which takes a while, and keeps it for the next).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from _common import report
from _world import world

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {1: {"cold": 2.0, "incremental": 0.5}, 50: {"cold": 60.0, "rss_mb": 4096.0}}


def ingested(scale: int) -> Path:
    """The world at `scale`, ingested without analysis (built once, reused)."""
    base = os.environ.get("CHIEFOPS_BENCH_INTEL_DIR")
    data_dir = Path(base) / str(scale) if base else Path(f"/tmp/chiefops-bench-intel-{scale}")
    if not (data_dir / "chiefops.db").exists():
        print(f"ingesting the demo world at scale {scale} into {data_dir} …", flush=True)
        asyncio.run(_ingest(world(scale) / "exports", data_dir))
    return data_dir


async def _ingest(exports: Path, data_dir: Path) -> None:
    from chiefops.config import Settings
    from chiefops.ingest import IngestOptions
    from chiefops.services import build_services

    services = build_services(Settings(data_dir=data_dir, _env_file=None))  # type: ignore[call-arg]
    services.ingest_hooks.resolving_people.clear()  # cold means cold: no identity or features cached
    services.ingest_hooks.analyzing.clear()
    await services.start()
    try:
        await services.ingest.run([exports], IngestOptions())
    finally:
        await services.close()


async def _measure(data_dir: Path) -> dict[str, float]:
    """Child process: cold run, re-run, one correction; timings and peak RSS."""
    from chiefops.config import Settings
    from chiefops.intel import FactsRepo
    from chiefops.models import Project
    from chiefops.services import build_services

    services = build_services(Settings(data_dir=data_dir, _env_file=None))  # type: ignore[call-arg]
    await services.start()
    try:
        start, cpu = time.perf_counter(), time.process_time()
        await services.intel.run_analysis()
        cold, cold_cpu = time.perf_counter() - start, time.process_time() - cpu
        start = time.perf_counter()
        await services.intel.run_analysis()
        rerun = time.perf_counter() - start
        project = (await services.store.typed(Project).find(sort=[("name", 1)], limit=1))[0]
        lead = next(
            (m.person_id for m in project.people_involved if m.role_in_project != "tech_lead"), "nobody"
        )
        await FactsRepo(services.store).add(
            f"project:{project.project_id}",
            "tech_lead",
            lead,
            established_at=datetime(2026, 12, 2, tzinfo=UTC),
        )
        start = time.perf_counter()
        await services.intel.run_analysis()
        incremental = time.perf_counter() - start
    finally:
        await services.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"cold": cold, "cold_cpu": cold_cpu, "rerun": rerun, "incremental": incremental, "rss_mb": peak_mb}


def measure(scale: int) -> None:
    source = ingested(scale)
    with tempfile.TemporaryDirectory(prefix="chiefops-intel-bench-") as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(source, copy)
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT), str(ROOT / "bench")]),
        }
        child = subprocess.run(
            [sys.executable, __file__, "--child", str(copy)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    targets = TARGETS.get(scale, {})
    report(f"intel_cold_scale{scale}", figures["cold"], "s", at_most=targets.get("cold"))
    report(f"intel_cold_cpu_scale{scale}", figures["cold_cpu"], "s")
    report(f"intel_incremental_scale{scale}", figures["incremental"], "s", at_most=targets.get("incremental"))
    report(f"intel_rerun_scale{scale}", figures["rerun"], "s")
    report(f"intel_peak_rss_scale{scale}", figures["rss_mb"], "MB", at_most=targets.get("rss_mb"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--scale",
        type=int,
        action="append",
        help="World scale (repeatable; default 1 and 50, the two targets)",
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(asyncio.run(_measure(args.child))), flush=True)
        return
    for scale in args.scale or [1, 50]:
        measure(scale)


if __name__ == "__main__":
    main()
