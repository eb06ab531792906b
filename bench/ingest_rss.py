"""Benchmark `rss` (spec 02 §16, 09): peak memory of ingestion.

Figures:
- `ingest_rss_scale<S>`: peak memory of `chiefops ingest <world>/exports --json` run as a child process,
  summed over the process, the forkserver and the workers as PSS (shared pages counted once; sampled
  from /proc every 0.2 s), target ≤ 1.5 GB; also the largest single process's RSS.
- `ingest_rss_growth_scale1_to_<S>`: the same at scale 1 subtracted, target ≤ 256 MB.
- `upload_rss_<MB>mb`: how much a multipart upload of that many MB (three parts, dry run, streamed
  through the ASGI app in this process) raises this process's peak RSS, target ≤ 64 MB.

Usage: `python bench/ingest_rss.py [--scale 50] [--upload-mb 1024] [--skip-upload]`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

from _common import report
from _world import world

MB = 1024 * 1024
TARGET_PEAK_MB = 1536.0
TARGET_GROWTH_MB = 256.0
TARGET_UPLOAD_MB = 64.0
SAMPLE_S = 0.2


def _memory_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) in KiB: PSS splits pages shared with the forkserver and sibling workers, so the
    sum over the tree counts each page once; RSS is what one process holds."""
    pss = rss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1])
            elif line.startswith("Rss:"):
                rss = int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return 0, 0
    return pss, rss


def _tree(root: int) -> list[int]:
    """`root` and every descendant (by /proc/<pid>/task/*/children)."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        for task in Path(f"/proc/{pid}/task").glob("*"):
            try:
                todo += [int(p) for p in (task / "children").read_text().split()]
            except (FileNotFoundError, ProcessLookupError):
                continue
    return found


def peak_of_ingest(exports: Path) -> tuple[float, float, float]:
    """(peak total PSS MB over the process tree, peak single-process RSS MB, seconds)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHIEFOPS_")}
    with tempfile.TemporaryDirectory(prefix="bench-rss-") as tmp:
        env["CHIEFOPS_DATA_DIR"] = str(Path(tmp) / "data")
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "chiefops", "ingest", str(exports), "--json"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        total = single = 0
        while process.poll() is None:
            sizes = [_memory_kb(pid) for pid in _tree(process.pid)]
            total = max(total, sum(pss for pss, _ in sizes))
            single = max(single, max((rss for _, rss in sizes), default=0))
            time.sleep(SAMPLE_S)
        elapsed = time.perf_counter() - started
    return total / 1024, single / 1024, elapsed


def _peak_self_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def _body(boundary: str, parts: int, part_bytes: int) -> AsyncIterator[bytes]:
    chunk = b"a" * MB
    for n in range(parts):
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="part{n}.txt"\r\n\r\n'
        yield head.encode()
        for _ in range(part_bytes // MB):
            yield chunk
        yield b"\r\n"
    yield f'--{boundary}\r\nContent-Disposition: form-data; name="dry_run"\r\n\r\ntrue\r\n--{boundary}--\r\n'.encode()


async def upload_growth(total_mb: int) -> float:
    """Peak RSS increase (MB) while streaming `total_mb` of multipart upload through the app."""
    import httpx

    from chiefops.app import create_app
    from chiefops.config import Settings
    from chiefops.services import build_services

    with tempfile.TemporaryDirectory(prefix="bench-upload-") as tmp:
        services = build_services(Settings(data_dir=Path(tmp) / "data", _env_file=None))  # type: ignore[call-arg]
        await services.start()
        try:
            app = create_app(services=services, web_dist=Path(tmp) / "no-dist")
            transport = httpx.ASGITransport(app=app)
            before = _peak_self_mb()
            parts = 3
            boundary = "benchboundary0123456789"
            async with httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=600) as client:
                response = await client.post(
                    "/api/v1/ingest/upload",
                    content=_body(boundary, parts, total_mb * MB // parts),
                    headers={"content-type": f"multipart/form-data; boundary={boundary}"},
                )
            assert response.status_code == 200, response.text
            return _peak_self_mb() - before
        finally:
            await services.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=50)
    parser.add_argument("--upload-mb", type=int, default=1024)
    parser.add_argument("--skip-upload", action="store_true")
    args = parser.parse_args()
    if not args.skip_upload:
        grew = asyncio.run(upload_growth(args.upload_mb))
        report(f"upload_rss_{args.upload_mb}mb", max(grew, 0.001), "MB added", at_most=TARGET_UPLOAD_MB)
    small_total, _, _ = peak_of_ingest(world(1) / "exports")
    report("ingest_rss_scale1", small_total, "MB")
    total, single, elapsed = peak_of_ingest(world(args.scale) / "exports")
    report(f"ingest_rss_scale{args.scale}", total, "MB PSS (process + workers)", at_most=TARGET_PEAK_MB)
    report(f"ingest_rss_scale{args.scale}_largest_process", single, "MB RSS")
    report(f"ingest_rss_scale{args.scale}_time", elapsed, "s")
    report(f"ingest_rss_growth_scale1_to_{args.scale}", total - small_total, "MB", at_most=TARGET_GROWTH_MB)


if __name__ == "__main__":
    main()
