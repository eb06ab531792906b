"""The demo world generator: Lumen Labs' Slack, Jira and Drive exports with planted truths (spec 11).

`generate_world(out_dir, seed=7, scale=1)` writes `out_dir/exports/…` and `out_dir/truth.json`;
`samples.selfcheck.run_selfcheck(out_dir)` proves from the written files that every planted fact can be found.
"""

from samples.generate import WorldCounts, WorldReport, generate_world

__all__ = ["WorldCounts", "WorldReport", "generate_world"]
