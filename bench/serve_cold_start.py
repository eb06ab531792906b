"""Benchmark `cold start` (spec 09): seconds from launching `chiefops serve` to `/api/v1/ready` = 200.

Figures (target ≤ 3 s each; the median of `RUNS` launches is reported):
- `serve_ready_empty`: a fresh, empty data dir (schema created on the way);
- `serve_ready_demo`: a data dir holding the ingested demo world at scale 1 (ingested once, untimed).

Usage: `python bench/serve_cold_start.py [RUNS]` (default 5).
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from _common import report
from _world import world

TARGET_S = 3.0
TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def ready_seconds(data_dir: Path) -> float:
    """Launch `chiefops serve` on a free port and time it until /ready answers 200."""
    port = free_port()
    env = {**os.environ, "CHIEFOPS_DATA_DIR": str(data_dir), "CHIEFOPS_PORT": str(port)}
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "chiefops", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while time.perf_counter() - started < TIMEOUT_S:
            if server.poll() is not None:
                raise SystemExit(f"chiefops serve exited with {server.returncode} before it was ready")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v1/ready", timeout=1.0).status_code == 200:
                    return time.perf_counter() - started
            except httpx.TransportError:
                pass
            time.sleep(0.02)
        raise SystemExit(f"chiefops serve was not ready within {TIMEOUT_S:.0f} s")
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as tmp:
        empty = [ready_seconds(Path(tmp) / f"empty-{n}") for n in range(runs)]
        report("serve_ready_empty", statistics.median(empty), "s", at_most=TARGET_S)
        demo = Path(tmp) / "demo"
        env = {**os.environ, "CHIEFOPS_DATA_DIR": str(demo)}
        command = [sys.executable, "-m", "chiefops", "ingest", str(world(1) / "exports"), "--json"]
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
        loaded = [ready_seconds(demo) for _ in range(runs)]
        report("serve_ready_demo", statistics.median(loaded), "s", at_most=TARGET_S)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
