"""Informal Slack assignments (spec 04 §1.4): shapes, non-assignments, adjustments, linking, creation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.intel.builders import AT, features_of, message, task

from chiefops.intel.features import MessageFeatures
from chiefops.intel.informal import InformalInputs, InformalResult, compute_informal, slack_task_id
from chiefops.intel.snapshot import MessageRow
from chiefops.intel.text_signals import find_asks, plain_text
from chiefops.models import StatusCategory, Task, TaskSource


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<@U1> can you take the SSO config?", ("P1", "mention", "U1", "SSO config")),
        (
            "<@U1> could you please look into the flaky login test",
            ("P1", "mention", "U1", "flaky login test"),
        ),
        (
            "<@U1> please write up the analyst onboarding guide",
            ("P2", "mention", "U1", "analyst onboarding guide"),
        ),
        (
            "assigning the help-centre screenshot refresh to <@U1>, thanks",
            ("P2", "mention", "U1", "help-centre screenshot refresh"),
        ),
        ("The billing export goes to <@U1>", ("P2", "mention", "U1", "billing export")),
        ("Maria will take the receipts migration", ("P3", "name", "Maria", "receipts migration")),
        ("I'll take the push notification copy", ("P4", "self", "", "push notification copy")),
        ("can anyone pick up the release notes", ("P1", "someone", "anyone", "release notes")),
    ],
)
def test_each_assignment_shape_is_found_with_its_cleaned_object(
    raw: str, expected: tuple[str, str, str, str]
) -> None:
    (ask,) = find_asks(plain_text(raw))
    assert (ask.pattern, ask.target_kind, ask.target, ask.obj) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "<@U1> can you see whether the build passed?",
        "<@U1> can you access the staging dashboard?",
        "<@U1> thanks for taking care of the crash last sprint",
        "who owns the analytics tagging these days?",
        "<@U1> could you tell me where the doc is",
    ],
)
def test_information_requests_ability_questions_and_thanks_are_not_asks(raw: str) -> None:
    assert find_asks(plain_text(raw)) == []


def run(
    messages: list[MessageRow],
    tasks: list[Task],
    *,
    raw: dict[str, str],
    channel_project: dict[str, str | None] | None = None,
) -> InformalResult:
    people = {"author": "p-amit", "maria": "p-maria", "p-maria": "p-maria", "p-amit": "p-amit"}
    inputs = InformalInputs(
        messages=messages,
        features=features_of(*messages, raw=raw),  # type: ignore[arg-type]
        resolve=people.get,
        slack_person={"U1": "p-maria"}.get,
        person_key={"p-maria": "slack:U1"},
        first_names={"p-maria": frozenset({"maria"})},
        channel_members={"alpha-dev": frozenset({"p-maria", "p-amit"})},
        channel_project=channel_project if channel_project is not None else {"alpha-dev": "p-alpha"},
        project_words={"p-alpha": frozenset({"alpha"})},
        tasks=tasks,
    )
    return compute_informal(inputs)


def ask(key: str, raw: str, **fields: object) -> tuple[MessageRow, dict[str, str]]:
    row = message(key, plain_text(raw).replace("@@U1", "@Maria Garcia"), **fields)  # type: ignore[arg-type]
    return row, {row.message_id: raw}


def test_an_unlinked_ask_creates_one_slack_identified_task_with_a_stable_id() -> None:
    row, raw = ask("1794478477.748884", "<@U1> can you take the SSO config?", thread="t-1794478477.748884")
    reply, _ = ask(
        "1794478495.000001",
        "sure, on it",
        author="maria",
        thread="t-1794478477.748884",
        at=AT + timedelta(minutes=5),
    )
    result = run([row, reply], [], raw=raw)
    (created,) = result.created
    assert created.task_id == slack_task_id("alpha-dev", "1794478477.748884", "slack:U1")
    assert (created.summary, created.assignees, created.source, created.status) == (
        "SSO config",
        ["p-maria"],
        TaskSource.SLACK_IDENTIFIED,
        "To Do",
    )
    assert created.source_evidence.slack_messages[0].confidence == 0.85
    assert result.marked_messages == {row.message_id}
    assert run([row, reply], [], raw=raw).created == result.created


def test_a_refusal_in_the_thread_drops_the_ask_below_the_candidate_floor() -> None:
    row, raw = ask("100.1", "<@U1> can you take the SSO config?", thread="t-100.1")
    reply, _ = ask(
        "100.2",
        "sorry, no bandwidth this week",
        author="maria",
        thread="t-100.1",
        at=AT + timedelta(minutes=5),
    )
    result = run([row, reply], [], raw=raw)
    assert (result.created, result.assignments, result.marked_messages) == ([], [], set())


def test_an_ask_to_anyone_is_kept_as_a_possible_assignment() -> None:
    row, raw = ask("100.3", "can anyone pick up the release notes")
    result = run([row], [], raw=raw)
    assert [(a.action, a.target, a.confidence) for a in result.assignments] == [("candidate", None, 0.40)]


def test_a_jira_key_links_the_ask_and_an_unassigned_task_gets_an_inferred_assignee() -> None:
    row, raw = ask("100.4", "<@U1> can you pick up ALPHA-12 next?", jira_refs=("ALPHA-12",))
    result = run([row], [task("ALPHA-12", "Build login screen")], raw=raw)
    assert result.created == []
    assert [(a.action, a.task_id) for a in result.assignments] == [("inferred", "t-ALPHA-12")]
    assert [e.target for e in result.inferred["t-ALPHA-12"]] == ["p-maria"]


def test_a_close_summary_in_the_same_project_links_without_changing_a_formal_assignee() -> None:
    row, raw = ask("100.5", "<@U1> can you take the SSO config?")
    result = run(
        [row], [task("ALPHA-9", "SSO config for enterprise tenants", assignees=("p-amit",))], raw=raw
    )
    assert [(a.action, a.task_id) for a in result.assignments] == [("linked", "t-ALPHA-9")]
    assert result.inferred == {}


def test_an_ask_in_an_unmapped_channel_naming_no_project_is_dropped() -> None:
    row, raw = ask("100.6", "<@U1> can you take the SSO config?", channel="random")
    assert run([row], [], raw=raw, channel_project={"random": None}).assignments == []


def test_a_later_done_from_the_target_closes_the_created_task() -> None:
    row, raw = ask("100.7", "<@U1> can you take the SSO config?", thread="t-100.7")
    done, _ = ask("100.8", "SSO config is done and deployed", author="maria", at=AT + timedelta(days=3))
    (created,) = run([row, done], [], raw=raw).created
    assert (created.status, created.status_category, created.resolved_date) == (
        "Done",
        StatusCategory.DONE,
        done.at,
    )


def test_feature_flags_mark_acceptance() -> None:
    reply, _ = ask("1", "sure, on it")
    feats = features_of(reply)[reply.message_id]
    assert isinstance(feats, MessageFeatures) and feats.asks == ()
