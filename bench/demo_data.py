"""Benchmark: generate the demo world (default scale 50) in a child process; print its time and peak RSS.

Goals (spec 11 §1): scale 50 in ≤ 300 s and ≤ 1 GiB RSS. Run `python bench/demo_data.py [--scale S]`.
The child is `python -m samples`, so RSS is the generator's alone (getrusage RUSAGE_CHILDREN).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import report

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 300.0
TARGET_MB = 1024.0


def main() -> int:
    parser = argparse.ArgumentParser(description="Time and peak RSS of generating the demo world.")
    parser.add_argument("--scale", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, help="keep the world here instead of a temporary directory")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    with tempfile.TemporaryDirectory(prefix="demo-data-") as tmp:
        out = args.out or Path(tmp) / "world"
        started = time.perf_counter()
        run = subprocess.run(
            [sys.executable, "-m", "samples", str(out), "--seed", str(args.seed), "--scale", str(args.scale)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        elapsed = time.perf_counter() - started
        if run.returncode != 0:
            print(run.stderr, file=sys.stderr)
            return run.returncode
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
        zip_mb = (out / "exports/slack/lumen-labs-slack-export.zip").stat().st_size / 2**20
        csv_mb = (out / "exports/jira/lumen-labs-jira.csv").stat().st_size / 2**20
    name = f"demo_data_scale{args.scale}"
    print(run.stdout.strip())
    report(f"{name}_time", elapsed, "s", at_most=TARGET_S)
    report(f"{name}_peak_rss", peak_mb, "MB", at_most=TARGET_MB)
    report(f"{name}_slack_zip", zip_mb, "MB")
    report(f"{name}_jira_csv", csv_mb, "MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
