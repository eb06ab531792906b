"""Health trend and "why it changed" (spec 04 §4): ±3 rule, top-2 sub-scores with their moved input."""

from __future__ import annotations

from datetime import date, timedelta

from chiefops.intel.health import HealthConfig, HealthInputs, compute_health
from chiefops.intel.health_subscores import (
    AlertInputs,
    CommunicationInputs,
    DocumentationInputs,
    SprintInputs,
    ThroughputInputs,
)
from chiefops.intel.health_trend import TrendBasis, compute_health_trend, trigger_label

CFG = HealthConfig()
TODAY = date(2026, 11, 30)
BEFORE = HealthInputs(
    sprint=SprintInputs(
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
    ),
    communication=CommunicationInputs(
        has_slack_data=True,
        channels=2,
        questions=10,
        answered_24h=8,
        members=7,
        members_posting_14d=5,
        blocker_threads=2,
        unanswered_blocker_threads=1,
    ),
    throughput=ThroughputInputs(
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
    ),
    documentation=DocumentationInputs(
        has_drive_data=True,
        project_docs=8,
        docs_modified_60d=3,
        coverage_subjects=5,
        coverage_named=4,
        key_docs_expected=3,
        key_docs_found=2,
    ),
    alerts=AlertInputs(open_alerts=1),
)
AFTER = BEFORE.model_copy(
    update={
        "communication": BEFORE.communication.model_copy(update={"members_posting_14d": 2}),
        "throughput": BEFORE.throughput.model_copy(update={"resolved_28d": 3}),
    }
)


def test_the_first_score_is_the_baseline() -> None:
    trend = compute_health_trend(compute_health(BEFORE, cfg=CFG), None, cfg=CFG)
    assert (trend.direction, trend.delta, trend.previous, trend.current) == ("baseline", None, None, 70)
    assert trend.explanation == "Health 70: the first score, the baseline for later changes."


def test_a_fall_names_the_two_sub_scores_that_moved_most_and_their_inputs() -> None:
    previous, current = compute_health(BEFORE, cfg=CFG), compute_health(AFTER, cfg=CFG)
    trend = compute_health_trend(current, previous, trigger="the 2026-11-30 Slack upload", cfg=CFG)
    assert (trend.previous, trend.current, trend.delta, trend.direction) == (70, 64, -6, "down")
    assert trend.explanation == (
        "Health fell 6 (70 → 64): Communication −3.2 (members posting 5 → 2); "
        "Throughput −3.0 (completed/created 0.6 → 0.3); after the 2026-11-30 Slack upload."
    )
    assert [(d.name.value, d.direction) for d in trend.sub_scores] == [
        ("sprint", "flat"),
        ("communication", "down"),
        ("throughput", "down"),
        ("documentation", "flat"),
        ("alerts", "flat"),
    ]


def test_a_rise_reads_the_same_way_without_a_trigger() -> None:
    trend = compute_health_trend(compute_health(BEFORE, cfg=CFG), compute_health(AFTER, cfg=CFG), cfg=CFG)
    assert trend.direction == "up"
    assert trend.explanation == (
        "Health rose 6 (64 → 70): Communication +3.2 (members posting 2 → 5); "
        "Throughput +3.0 (completed/created 0.3 → 0.6)."
    )


def test_moves_under_three_points_are_flat() -> None:
    nudged = BEFORE.model_copy(update={"alerts": AlertInputs(open_alerts=2)})
    trend = compute_health_trend(compute_health(nudged, cfg=CFG), compute_health(BEFORE, cfg=CFG), cfg=CFG)
    assert (trend.delta, trend.direction) == (-2, "flat")
    assert trend.explanation == "Health fell 2 (70 → 68): Alerts −2.0 (open alerts 1 → 2)."


def test_no_change_says_unchanged() -> None:
    score = compute_health(BEFORE, cfg=CFG)
    trend = compute_health_trend(score, score, cfg=CFG)
    assert (trend.delta, trend.direction, trend.explanation) == (0, "flat", "Health unchanged at 70.")


def test_a_sub_score_that_became_available_says_so() -> None:
    without_slack = BEFORE.model_copy(
        update={"communication": BEFORE.communication.model_copy(update={"has_slack_data": False})}
    )
    trend = compute_health_trend(
        compute_health(BEFORE, cfg=CFG), compute_health(without_slack, cfg=CFG), cfg=CFG
    )
    communication = trend.sub_scores[1]
    assert (communication.previous, communication.moved_input, communication.direction) == (
        None,
        "newly available",
        "flat",
    )


BASIS = TrendBasis(
    sources={"slack": "s1", "jira": "j1", "drive": "d1"},
    facts={"f1": "Project Alpha — deadline: 2026-12-18"},
    config="c1",
    alerts=0,
)


def test_the_trigger_names_the_upload_that_changed_since_the_previous_score() -> None:
    jira = TrendBasis(**{**BASIS.__dict__, "sources": {**BASIS.sources, "jira": "j2"}})
    both = TrendBasis(**{**BASIS.__dict__, "sources": {"slack": "s2", "jira": "j2", "drive": "d1"}})
    assert [trigger_label(BASIS, after, day=TODAY) for after in (jira, both, BASIS)] == [
        "the 2026-11-30 Jira upload",
        "the 2026-11-30 Slack and Jira uploads",
        None,
    ]
    assert trigger_label(None, jira, day=TODAY) is None


def test_the_trigger_names_corrections_settings_and_alerts() -> None:
    changed = TrendBasis(
        sources=BASIS.sources,
        facts={"f2": "Project Alpha — deadline: 2027-01-08"},
        config="c2",
        alerts=2,
    )
    assert trigger_label(BASIS, changed, day=TODAY) == (
        "your correction (Project Alpha — deadline: 2027-01-08), a withdrawn correction, a settings change "
        "and open alerts going from 0 to 2"
    )


def test_the_explanation_ends_with_the_trigger() -> None:
    before, after = compute_health(BEFORE, cfg=CFG), compute_health(AFTER, cfg=CFG)
    trend = compute_health_trend(after, before, trigger="the 2026-11-30 Slack upload", cfg=CFG)
    assert (trend.trigger, trend.explanation.endswith("; after the 2026-11-30 Slack upload.")) == (
        "the 2026-11-30 Slack upload",
        True,
    )
