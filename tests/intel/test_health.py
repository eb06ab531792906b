"""Health composite (spec 04 §4): renormalised weights, stored form, org means, bands, A12's invariant."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chiefops.errors import ConfigError
from chiefops.intel.flow import FlowConfig, compute_flow
from chiefops.intel.health import (
    HEALTH_BANDS,
    HealthBand,
    HealthConfig,
    HealthInputs,
    HealthWeights,
    OrgProjectHealth,
    compute_health,
    compute_org_health,
    health_band,
    health_inputs,
    round_half_up,
)
from chiefops.intel.health_models import HealthScore, SubScoreName
from chiefops.intel.health_subscores import (
    AlertInputs,
    CommunicationInputs,
    DocumentationInputs,
    SprintInputs,
    ThroughputInputs,
)
from chiefops.models import Task, TaskSource

CFG = HealthConfig()
TODAY = date(2026, 11, 30)

SPRINT = SprintInputs(
    total_tasks=40,
    completion_pct=55.0,
    start_on=TODAY - timedelta(days=80),
    deadline_on=TODAY + timedelta(days=20),
    as_of=TODAY,
    blocked_open=3,
    open_tasks=21,
    velocity="flat",
    velocity_r=1.0,
    velocity_reason=None,
)
COMMS = CommunicationInputs(
    has_slack_data=True,
    channels=2,
    questions=10,
    answered_24h=8,
    members=7,
    members_posting_14d=5,
    blocker_threads=2,
    unanswered_blocker_threads=1,
)
THROUGHPUT = ThroughputInputs(
    total_tasks=30,
    resolved_28d=6,
    created_28d=10,
    lead_p85_prior=12.0,
    lead_n_prior=5,
    lead_p85_recent=15.0,
    lead_n_recent=5,
    wip=5,
    ageing=2,
    ageing_share=0.4,
)
DOCS = DocumentationInputs(
    has_drive_data=True,
    project_docs=8,
    docs_modified_60d=3,
    coverage_subjects=5,
    coverage_named=4,
    key_docs_expected=3,
    key_docs_found=2,
)
ALL = HealthInputs(
    sprint=SPRINT,
    communication=COMMS,
    throughput=THROUGHPUT,
    documentation=DOCS,
    alerts=AlertInputs(open_alerts=1),
)
NO_SLACK = COMMS.model_copy(update={"has_slack_data": False})
NO_DRIVE = DOCS.model_copy(update={"has_drive_data": False})


def points(score: HealthScore) -> dict[str, float]:
    return {s.name.value: s.points for s in score.sub_scores}


def test_all_five_sub_scores_weigh_their_configured_weights() -> None:
    score = compute_health(ALL, cfg=CFG)
    assert points(score) == {
        "sprint": round(30 * 74.6429 / 100, 4),
        "communication": round(25 * 68.4286 / 100, 4),
        "throughput": 14.0,
        "documentation": 8.85,
        "alerts": 8.0,
    }
    assert (score.score, score.band, score.confidence, score.available) == (70, HealthBand.GREEN, "normal", 5)
    assert score.sub_scores[0].text == (
        "Sprint 22.4/30: 55% done with 80% of the time gone (0.69); 3 of 21 open tasks blocked (0.57); "
        "throughput flat, r = 1.0 (1.0)"
    )
    assert score.text.startswith("Health 70 (green): Sprint 22.4/30: ")


def test_lost_points_by_input_add_up_to_the_missing_weight() -> None:
    sprint = compute_health(ALL, cfg=CFG).sub_scores[0]
    assert sprint.lost_points_by_input == {"b": 3.8571, "c": 3.75, "v": 0.0}
    assert (sprint.weight, sprint.effective_weight) == (30, 30.0)
    assert sprint.inputs["blocked_open"] == 3


def test_unavailable_sub_scores_renormalise_the_weights() -> None:
    score = compute_health(
        ALL.model_copy(update={"communication": NO_SLACK, "documentation": NO_DRIVE}), cfg=CFG
    )
    weights = {s.name.value: s.effective_weight for s in score.sub_scores}
    assert weights == {
        "sprint": 50.0,
        "communication": 0.0,
        "throughput": 33.3333,
        "documentation": 0.0,
        "alerts": 16.6667,
    }
    assert points(score) == {
        "sprint": 37.3214,
        "communication": 0.0,
        "throughput": 23.3333,
        "documentation": 0.0,
        "alerts": 13.3333,
    }
    assert (score.score, score.confidence, score.available) == (74, "normal", 3)
    assert score.sub_scores[1].text == "Communication unavailable: no Slack data"
    assert score.sub_scores[2].text.startswith("Throughput 23.3/33.3: ")
    assert score.text.startswith("Health 74 (green), weights renormalised over 3 sub-scores: ")


def test_fewer_than_three_available_sub_scores_give_low_confidence() -> None:
    empty_sprint = SPRINT.model_copy(update={"total_tasks": 0, "completion_pct": None})
    empty_flow = THROUGHPUT.model_copy(update={"total_tasks": 0})
    inputs = HealthInputs(
        sprint=empty_sprint,
        communication=COMMS,
        throughput=empty_flow,
        documentation=NO_DRIVE,
        alerts=AlertInputs(open_alerts=0),
    )
    score = compute_health(inputs, cfg=CFG)
    assert (score.available, score.confidence, score.score) == (
        2,
        "low",
        round((25 * 68.4286 + 10 * 100) / 35),
    )
    assert "low confidence" in score.text


def test_custom_weights_apply_and_must_sum_to_100() -> None:
    weights = HealthWeights(sprint=40, communication=20, throughput=20, documentation=10, alerts=10)
    score = compute_health(ALL, cfg=HealthConfig(weights=weights))
    assert [s.weight for s in score.sub_scores] == [40, 20, 20, 10, 10]
    with pytest.raises(ConfigError) as raised:
        HealthWeights(sprint=25)
    assert (
        raised.value.message
        == "Health weights must be ≥ 0 and add up to 100 (now 95); fix the health_weights setting"
    )


def test_half_points_round_up_unlike_pythons_round() -> None:
    assert (round_half_up(72.5), round_half_up(71.5), round_half_up(71.4999)) == (73, 72, 71)


@pytest.mark.parametrize(
    ("score", "band"), [(100, "green"), (70, "green"), (69, "amber"), (40, "amber"), (39, "red"), (0, "red")]
)
def test_health_bands(score: int, band: str) -> None:
    assert health_band(score) == HealthBand(band)


def test_bands_carry_the_dashboard_tones() -> None:
    assert [(b.band.value, b.min_score, b.tone) for b in HEALTH_BANDS] == [
        ("green", 70, "success"),
        ("amber", 40, "warning"),
        ("red", 0, "danger"),
    ]


def _project(project_id: str, name: str, inputs: HealthInputs, open_tasks: int) -> OrgProjectHealth:
    return OrgProjectHealth(
        project_id=project_id, name=name, health=compute_health(inputs, cfg=CFG), open_tasks=open_tasks
    )


def test_org_sub_scores_are_means_weighted_by_open_tasks() -> None:
    weak = ALL.model_copy(
        update={"sprint": SPRINT.model_copy(update={"blocked_open": 8}), "communication": NO_SLACK}
    )
    projects = [_project("p-b", "Beta", weak, 3), _project("p-a", "Alpha", ALL, 0)]
    org = compute_org_health(projects, open_alerts=3, cfg=CFG)
    sprint_a, sprint_b = projects[1].health.sub_scores[0].value, projects[0].health.sub_scores[0].value
    assert sprint_a is not None and sprint_b is not None
    sprint = org.sub_scores[0]
    assert sprint.value == round((1 * sprint_a + 3 * sprint_b) / 4, 4)
    assert sprint.lost_points_by_input == {
        "p-a": round(30 * 0.25 * (1 - sprint_a / 100), 4),
        "p-b": round(30 * 0.75 * (1 - sprint_b / 100), 4),
    }
    assert sprint.text.endswith("mean of 2 active projects weighted by open tasks (lowest: Beta 57.5)")
    assert org.sub_scores[1].value == 68.4286  # only Alpha has Slack
    assert (org.sub_scores[4].value, org.scope) == (70.0, "org")


def test_org_without_projects_scores_only_alerts() -> None:
    org = compute_org_health([], open_alerts=0, cfg=CFG)
    assert (org.score, org.available, org.confidence) == (100, 1, "low")
    assert org.sub_scores[0].text == "Sprint unavailable: no active project has it"


def test_health_inputs_come_from_the_flow_metrics() -> None:
    as_of = datetime(2026, 11, 30, 12, tzinfo=UTC)
    base: dict[str, Any] = {
        "source": TaskSource.JIRA,
        "project_id": "p",
        "created_date": as_of - timedelta(days=50),
        "updated_date": as_of,
    }
    tasks = [
        Task(
            task_id="t1",
            jira_key="P-1",
            summary="a",
            status="Done",
            resolved_date=as_of - timedelta(days=3),
            **base,
        ),
        Task(task_id="t2", jira_key="P-2", summary="b", status="Blocked", **base),
        Task(task_id="t3", jira_key="P-3", summary="c", status="In Progress", **base),
    ]
    flow = compute_flow(tasks, as_of=as_of, cfg=FlowConfig())
    inputs = health_inputs(
        flow, deadline=as_of + timedelta(days=50), communication=COMMS, documentation=DOCS, open_alerts=2
    )
    assert inputs.sprint == SprintInputs(
        total_tasks=3,
        completion_pct=33.3,
        start_on=date(2026, 10, 11),
        deadline_on=date(2027, 1, 19),
        as_of=TODAY,
        blocked_open=1,
        open_tasks=2,
        velocity="rising",
        velocity_r=None,
        velocity_reason="no prior completions",
    )
    assert (inputs.throughput.resolved_28d, inputs.throughput.created_28d, inputs.throughput.wip) == (1, 0, 2)
    assert inputs.alerts == AlertInputs(open_alerts=2)


def _sprints() -> st.SearchStrategy[SprintInputs]:
    return st.builds(
        SprintInputs,
        total_tasks=st.integers(0, 200),
        completion_pct=st.one_of(st.none(), st.floats(0, 100)),
        start_on=st.just(TODAY - timedelta(days=60)),
        deadline_on=st.one_of(st.none(), st.integers(-30, 200).map(lambda d: TODAY + timedelta(days=d))),
        as_of=st.just(TODAY),
        blocked_open=st.integers(0, 30),
        open_tasks=st.integers(0, 60),
        velocity=st.sampled_from(["falling", "flat", "rising"]),
        velocity_r=st.one_of(st.none(), st.floats(0, 5)),
        velocity_reason=st.one_of(st.none(), st.just("low volume")),
    )


def _comms() -> st.SearchStrategy[CommunicationInputs]:
    return st.integers(0, 20).flatmap(
        lambda q: st.integers(0, 12).flatmap(
            lambda m: st.integers(0, 6).flatmap(
                lambda b: st.builds(
                    CommunicationInputs,
                    has_slack_data=st.booleans(),
                    channels=st.integers(0, 3),
                    questions=st.just(q),
                    answered_24h=st.integers(0, q),
                    members=st.just(m),
                    members_posting_14d=st.integers(0, m),
                    blocker_threads=st.just(b),
                    unanswered_blocker_threads=st.integers(0, b),
                )
            )
        )
    )


def _throughputs() -> st.SearchStrategy[ThroughputInputs]:
    p85 = st.one_of(st.none(), st.floats(0, 60))
    return st.builds(
        ThroughputInputs,
        total_tasks=st.integers(0, 100),
        resolved_28d=st.integers(0, 50),
        created_28d=st.integers(0, 50),
        lead_p85_prior=p85,
        lead_n_prior=st.integers(0, 20),
        lead_p85_recent=p85,
        lead_n_recent=st.integers(0, 20),
        wip=st.just(10),
        ageing=st.integers(0, 10),
        ageing_share=st.floats(0, 1),
    )


def _docs() -> st.SearchStrategy[DocumentationInputs]:
    return st.integers(0, 30).flatmap(
        lambda d: st.builds(
            DocumentationInputs,
            has_drive_data=st.booleans(),
            project_docs=st.just(d),
            docs_modified_60d=st.integers(0, d),
            coverage_subjects=st.just(5),
            coverage_named=st.integers(0, 5),
            key_docs_expected=st.just(4),
            key_docs_found=st.integers(0, 4),
        )
    )


@settings(max_examples=200, deadline=None)
@given(
    sprint=_sprints(),
    comms=_comms(),
    throughput=_throughputs(),
    docs=_docs(),
    alerts=st.integers(0, 12),
    weights=st.sampled_from(
        [HealthWeights(), HealthWeights(40, 20, 20, 10, 10), HealthWeights(0, 0, 50, 50, 0)]
    ),
)
def test_sub_score_points_always_sum_to_h_within_half_a_point(
    sprint: SprintInputs,
    comms: CommunicationInputs,
    throughput: ThroughputInputs,
    docs: DocumentationInputs,
    alerts: int,
    weights: HealthWeights,
) -> None:
    inputs = HealthInputs(
        sprint=sprint,
        communication=comms,
        throughput=throughput,
        documentation=docs,
        alerts=AlertInputs(open_alerts=alerts),
    )
    score = compute_health(inputs, cfg=HealthConfig(weights=weights))
    total = sum(s.points for s in score.sub_scores)
    assert abs(total - score.score) <= 0.5
    assert 0 <= score.score <= 100
    assert abs(total + sum(sum(s.lost_points_by_input.values()) for s in score.sub_scores) - 100) < 0.01
    assert all(s.text for s in score.sub_scores)
    assert [s.name for s in score.sub_scores] == list(SubScoreName)


def test_stored_health_floats_are_rounded_to_four_decimals() -> None:
    dumped = compute_health(ALL, cfg=CFG).model_dump(mode="json")
    floats: list[float] = []
    stack: list[object] = [dumped]
    while stack:
        item = stack.pop()
        if isinstance(item, float):
            floats.append(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    assert len(floats) > 20
    assert all(round(f, 4) == f for f in floats)
