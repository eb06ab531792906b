"""The checklists against the demo world (spec 11 §2 "Only planted gaps fire", 04 §8 A10).

Gap matching runs alone over the generated exports: tasks from the Jira CSV through the product's
Jira reader, channel messages and Drive texts through the generator's plain readers. Expected
values come from truth.json, never from literals.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import orjson
import pytest
from samples.readers import DriveDoc, SlackData, read_drive, read_slack
from tests.intel.fixtures_findings import MemorySearch, Passage

from chiefops.ingest.jira import JiraCsvReader
from chiefops.ingest.units import InputSource, ParseContext, TaskItem
from chiefops.intel.evidence import EvidenceKind, FindingKind, Severity
from chiefops.intel.gaps import GapInputs, GapReport, GapsConfig, ProjectRef, compute_gaps
from chiefops.intel.gaps_checklists import load_checklists
from chiefops.intel.gaps_match import Coverage
from chiefops.intel.gaps_types import TextRef, TypeSignals
from chiefops.models import InputKind, Task
from samples import generate_world

AS_OF = datetime(2026, 11, 30, 23, 59, tzinfo=UTC)
CHECKLISTS = load_checklists()


@dataclass(frozen=True)
class DemoWorld:
    truth: dict[str, object]
    reports: dict[str, GapReport]


def _jira_tasks(csv_path: Path) -> list[Task]:
    source = InputSource(
        kind=InputKind.JIRA_CSV,
        path=csv_path,
        display=csv_path.name,
        root="jira",
        rel_path=csv_path.name,
        size_bytes=csv_path.stat().st_size,
    )
    reader, ctx = JiraCsvReader(), ParseContext(job_id="demo-gaps")
    [unit] = reader.plan(source, ctx)
    return [
        item.doc for item in reader.parse(source, unit, ctx, lambda *_: None) if isinstance(item, TaskItem)
    ]


@dataclass(frozen=True)
class Exports:
    tasks: list[Task]
    slack: SlackData
    drive: list[DriveDoc]


def _passages(
    exports: Exports, project: dict[str, object]
) -> tuple[list[Passage], list[TextRef], list[TextRef]]:
    slack = exports.slack
    channels = [str(c) for c in project["channels"]]  # type: ignore[attr-defined]
    passages = [
        Passage("messages", f"{name}:{m['ts']}", f"#{name} {m['ts']}", str(m.get("text", "")))
        for name in channels
        for m in slack.messages.get(name, [])
    ]
    topics = [
        TextRef(
            kind=EvidenceKind.MESSAGE,
            ref=f"channel:{c['name']}",
            source="slack",
            label=f"#{c['name']}",
            text=str(c["topic"]["value"]),
        )  # type: ignore[index]
        for c in slack.channels
        if c["name"] in channels
    ]
    folder = f"{project['drive_folder']}/"
    docs = [d for d in exports.drive if d.path.startswith(folder)]
    passages += [Passage("documents", d.path, d.path, d.text, source="gdrive") for d in docs]
    titles = [
        TextRef(
            kind=EvidenceKind.DOCUMENT,
            ref=d.path,
            source="gdrive",
            label=d.path,
            text=d.path.removeprefix(folder).rsplit(".", 1)[0],
        )
        for d in docs
    ]
    return passages, topics, titles


def _report(exports: Exports, project: dict[str, object]) -> GapReport:
    key = str(project["key"])
    own = [t for t in exports.tasks if t.jira_project_key == key]
    passages, topics, titles = _passages(exports, project)
    epics = [t for t in own if t.issue_type == "Epic"]
    ref = ProjectRef(
        project_id=key, name=str(project["name"]), deadline=date.fromisoformat(str(project["deadline"]))
    )
    signals = TypeSignals(
        project_id=key,
        name=ref.name,
        channel_topics=topics,
        epic_names=[
            TextRef(
                kind=EvidenceKind.TASK,
                ref=t.jira_key or "",
                source="jira",
                label=t.jira_key or "",
                text=t.summary,
            )
            for t in epics
        ],
        task_summaries=[
            TextRef(
                kind=EvidenceKind.TASK,
                ref=t.jira_key or "",
                source="jira",
                label=t.jira_key or "",
                text=t.summary,
            )
            for t in own
            if t not in epics
        ],
        doc_titles=titles,
    )
    inputs = GapInputs(project=ref, signals=signals, tasks=own)
    search = MemorySearch(passages={key: passages})
    return compute_gaps(inputs, as_of=AS_OF, checklists=CHECKLISTS, search=search, cfg=GapsConfig())


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoWorld]:
    out = tmp_path_factory.mktemp("demo-gaps")
    generate_world(out, seed=7, scale=1)
    truth = orjson.loads((out / "truth.json").read_bytes())
    exports = Exports(
        tasks=_jira_tasks(out / "exports/jira/lumen-labs-jira.csv"),
        slack=read_slack(out / "exports/slack/lumen-labs-slack-export.zip"),
        drive=read_drive(out / "exports/drive"),
    )
    yield DemoWorld(truth=truth, reports={str(p["key"]): _report(exports, p) for p in truth["projects"]})


def test_each_project_applies_exactly_its_truth_checklists(demo: DemoWorld) -> None:
    expected = {
        str(p["key"]): sorted(
            "due_soon" if c == "due_within_60_days" else c for c in p["applicable_checklists"]
        )
        for p in demo.truth["projects"]  # type: ignore[attr-defined]
    }
    assert {key: sorted(a.type for a in r.applied) for key, r in demo.reports.items()} == expected


def test_exactly_the_truth_gaps_fire(demo: DemoWorld) -> None:
    expected = sorted(
        (
            str(g["project"]),
            str(g["kind"]),
            str(g["severity"]),
            tuple(g["lead_time_days"] or ()),
            str(g.get("issue", "")),
        )
        for g in demo.truth["gaps"]  # type: ignore[attr-defined]
    )
    fired = sorted(
        (
            key,
            f.kind.value,
            f.severity.value,
            tuple(f.lead_time_days or ()),
            f.evidence[0].ref if f.kind is FindingKind.UNOWNED_CRITICAL else "",
        )
        for key, report in demo.reports.items()
        for f in report.findings
    )
    assert fired == expected


def test_alpha_app_store_review_is_critical_with_its_submit_by_date_and_absence(demo: DemoWorld) -> None:
    planted = next(g for g in demo.truth["gaps"] if g.get("submit_by"))  # type: ignore[attr-defined]
    finding = next(
        f
        for f in demo.reports[str(planted["project"])].findings
        if f.kind is FindingKind.GAP_MISSING and f.lead_time_days == tuple(planted["lead_time_days"])
    )
    absence = finding.evidence[0]
    assert (finding.severity, str(finding.latest_start), absence.kind, absence.hits) == (
        Severity(planted["severity"]),
        planted["submit_by"],
        EvidenceKind.ABSENCE,
        0,
    )
    assert f"submit by {planted['submit_by']}" in finding.sentence
    assert "No owner yet" in finding.sentence


def test_gamma_has_no_uncovered_data_migration_item(demo: DemoWorld) -> None:
    gamma = demo.reports["GAMMA"]
    uncovered = [
        i.item_id
        for i in gamma.items
        if i.checklist == "data_migration" and i.coverage is not Coverage.COVERED
    ]
    assert uncovered == []


def test_truth_coverage_tasks_are_among_each_applied_items_covering_tasks(demo: DemoWorld) -> None:
    missing = set()
    for project in demo.truth["projects"]:  # type: ignore[attr-defined]
        covering = {i.item_id: i.task_refs for i in demo.reports[str(project["key"])].items}
        missing |= {
            (project["key"], item, key)
            for item, key in project["checklist_coverage"].items()
            if item in covering and key not in covering[item]
        }
    assert missing == set()
