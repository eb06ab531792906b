"""The demo world the ingestion benchmarks read: generated once per scale and kept for reuse.

`world(scale)` returns `/tmp/chiefops-bench-world-<scale>` (or `$CHIEFOPS_BENCH_WORLD_DIR/<scale>`),
generating it with `samples.generate_world(seed=7)` when it is missing (scale 50 takes minutes).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 7


def world(scale: int) -> Path:
    base = os.environ.get("CHIEFOPS_BENCH_WORLD_DIR")
    out = Path(base) / str(scale) if base else Path(f"/tmp/chiefops-bench-world-{scale}")
    if not (out / "truth.json").exists():
        print(f"generating the demo world at scale {scale} into {out} …", flush=True)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
        command = [sys.executable, "-m", "samples", str(out), "--seed", str(SEED), "--scale", str(scale)]
        subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return out


def slack_zip(scale: int) -> Path:
    return world(scale) / "exports" / "slack" / "lumen-labs-slack-export.zip"
