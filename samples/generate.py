"""`generate_world`: the one entry point that writes Lumen Labs' exports and truth.json.

Order matters: Jira first (chat talks about real issues), then Slack channel by channel, then Drive,
then truth.json from what was actually written.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from samples.drive_content import filler_documents, planted_documents
from samples.drive_write import write_document
from samples.jira_csv import JiraWriter
from samples.jira_gen import generate_issues
from samples.model import World
from samples.slack_export import SlackStats, write_slack
from samples.slack_gen import SlackContext, SlimIssue
from samples.specs import DocSpec
from samples.truth import JiraFacts, build_truth
from samples.world import build_world

SLACK_ZIP = Path("exports/slack/lumen-labs-slack-export.zip")
JIRA_CSV = Path("exports/jira/lumen-labs-jira.csv")
DRIVE_DIR = Path("exports/drive")
TRUTH_JSON = Path("truth.json")


@dataclass(frozen=True, slots=True)
class WorldCounts:
    people: int
    slack_users: int
    slack_channels: int
    slack_messages: int
    jira_issues: int
    jira_comments: int
    documents: int
    projects: int


@dataclass(frozen=True, slots=True)
class WorldReport:
    """Where the generated world is and how big it is."""

    out_dir: Path
    slack_zip: Path
    jira_csv: Path
    drive_dir: Path
    truth_json: Path
    seed: int
    scale: int
    counts: WorldCounts
    duration_s: float


@dataclass(slots=True)
class _JiraOutput:
    facts: JiraFacts
    slim: dict[str, list[SlimIssue]] = field(default_factory=dict)


def _write_jira(path: Path, world: World, seed: int) -> _JiraOutput:
    writer = JiraWriter(path, world)
    out = _JiraOutput(JiraFacts())
    try:
        for n, spec in enumerate(world.projects):
            issues = generate_issues(world, spec, seed=seed, first_id=10_000 + 1_000 * n)
            writer.write(spec, issues)
            out.facts.record(spec, issues)
            out.slim[spec.key] = [
                SlimIssue(i.key, i.summary, i.assignee, i.created, i.resolved, i.status)
                for i in issues
                if i.issue_type != "Epic"
            ]
    finally:
        writer.close()
    out.facts.issues, out.facts.comments = writer.issues, writer.comments
    out.facts.account_ids = set(writer.accounts)
    out.facts.accounts = len(writer.accounts)
    return out


def _write_drive(root: Path, world: World, seed: int) -> list[DocSpec]:
    docs = planted_documents(seed) + filler_documents(seed, list(world.projects))
    for doc in docs:
        author, editor = world.person(doc.author), world.person(doc.last_modified_by)
        write_document(root, doc, author.doc_author or author.name, editor.doc_author or editor.name)
    return docs


def _clear(out_dir: Path) -> None:
    """Remove what an earlier run of the generator left (and only that), so no stale file survives."""
    for rel in (SLACK_ZIP, JIRA_CSV, TRUTH_JSON):
        (out_dir / rel).unlink(missing_ok=True)
    if (out_dir / DRIVE_DIR).is_dir():
        shutil.rmtree(out_dir / DRIVE_DIR)


def generate_world(out_dir: Path, *, seed: int = 7, scale: int = 1) -> WorldReport:
    """Write Lumen Labs' Slack ZIP, Jira CSV and Drive folder under `out_dir/exports`, and truth.json beside.

    Same seed and scale give byte-identical files. Scale S keeps the five planted projects exactly and
    adds 5·(S−1) filler projects with their people, channels, messages and issues.
    """
    if scale < 1:
        raise ValueError(f"scale must be at least 1, got {scale}")
    started = time.perf_counter()
    out_dir = Path(out_dir)
    _clear(out_dir)
    world = build_world(seed, scale)
    jira = _write_jira(out_dir / JIRA_CSV, world, seed)
    ctx = SlackContext(world=world, seed=seed, issue_keys=jira.facts.keys, issues=jira.slim)
    slack: SlackStats = write_slack(out_dir / SLACK_ZIP, ctx)
    docs = _write_drive(out_dir / DRIVE_DIR, world, seed)
    truth, counts = build_truth(world, seed=seed, scale=scale, slack=slack, jira=jira.facts, docs=docs)
    (out_dir / TRUTH_JSON).write_bytes(orjson.dumps(truth, option=orjson.OPT_INDENT_2) + b"\n")
    return WorldReport(
        out_dir=out_dir,
        slack_zip=out_dir / SLACK_ZIP,
        jira_csv=out_dir / JIRA_CSV,
        drive_dir=out_dir / DRIVE_DIR,
        truth_json=out_dir / TRUTH_JSON,
        seed=seed,
        scale=scale,
        counts=WorldCounts(
            people=counts["persons_after_resolution"],
            slack_users=counts["slack"]["users"],
            slack_channels=counts["slack"]["channels"],
            slack_messages=counts["slack"]["messages_conversational"],
            jira_issues=counts["jira"]["issues"],
            jira_comments=counts["jira"]["comments"],
            documents=len(docs),
            projects=len(world.projects),
        ),
        duration_s=round(time.perf_counter() - started, 3),
    )
