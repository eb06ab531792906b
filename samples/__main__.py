"""`python -m samples OUT_DIR [--seed N] [--scale S] [--check]`: generate the demo world from a shell.

The product's `chiefops demo-data` calls `samples.generate_world` the same way; this entry point exists
for benchmarks and for generating a world without the rest of the app.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from samples.generate import generate_world
from samples.selfcheck import run_selfcheck


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m samples", description="Generate the Lumen Labs demo world (spec 11)."
    )
    parser.add_argument("out_dir", type=Path, help="where exports/ and truth.json are written")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument(
        "--scale", type=int, default=1, help="company size multiplier (default 1, benchmark 50)"
    )
    parser.add_argument("--check", action="store_true", help="run the spec 11 §4 self-check afterwards")
    args = parser.parse_args(argv)
    if args.scale < 1:
        parser.error(f"--scale must be at least 1, got {args.scale}")
    report = generate_world(args.out_dir, seed=args.seed, scale=args.scale)
    c = report.counts
    print(
        f"wrote {report.out_dir} in {report.duration_s:.1f} s: {c.people} people, {c.slack_channels} channels, "
        f"{c.slack_messages} messages, {c.jira_issues} issues, {c.jira_comments} comments, {c.documents} documents"
    )
    if not args.check:
        return 0
    result = run_selfcheck(report.out_dir)
    for check in result.checks:
        print(
            f"{'ok  ' if check.passed else 'FAIL'} {check.name}"
            + ("" if check.passed else f": {check.detail}")
        )
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
