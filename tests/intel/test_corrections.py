"""COO corrections (spec 04 §1.5): supersession, subjects, orphaned facts, the role overlay."""

from __future__ import annotations

from datetime import timedelta

from tests.intel.builders import AT, fact

from chiefops.intel.context import People
from chiefops.intel.corrections import active_corrections, orphaned, parse_subject, status_map_overlay
from chiefops.intel.identity import resolve_identities
from chiefops.intel.identity_rules import Node
from chiefops.intel.roles import RoleResult
from chiefops.intel.stages_people import overlay_roles
from chiefops.models import RoleSource, derived_id


def test_a_later_fact_on_the_same_subject_and_field_supersedes_the_earlier_one() -> None:
    facts = [
        fact("person:p1", "role", "developer", at=AT),
        fact("person:p1", "role", "lead architect", at=AT + timedelta(hours=1)),
    ]
    assert [(c.field, c.value) for c in active_corrections(reversed(facts))] == [("role", "lead architect")]


def test_same_and_different_person_on_one_pair_are_one_decision() -> None:
    facts = [
        fact("person:a", "same_person", "b", at=AT),
        fact("person:b", "different_person", "a", at=AT + timedelta(hours=1)),
    ]
    assert [c.field for c in active_corrections(facts)] == ["different_person"]


def test_inactive_and_unknown_fields_are_ignored() -> None:
    facts = [fact("person:a", "role", "qa", active=False), fact("person:a", "favourite_colour", "blue")]
    assert active_corrections(facts) == []


def test_subjects_parse_into_kind_ref_and_project() -> None:
    assert [
        parse_subject(s) for s in ("person:p1@project:x1", "account:slack:U1", "channel:#proj-alpha")
    ] == [
        ("person", "p1", "x1"),
        ("account", "slack:U1", None),
        ("channel", "#proj-alpha", None),
    ]


def test_a_fact_whose_subject_is_gone_is_an_orphaned_correction() -> None:
    items = active_corrections(
        [fact("person:ghost", "role", "qa"), fact("project:p-alpha", "deadline", "2026-12-18")]
    )
    found = orphaned(items, exists=lambda kind, ref: ref == "p-alpha")
    assert [(o.subject, o.field) for o in found] == [("person:ghost", "role")]
    assert (
        found[0].sentence
        == "Your correction 'role = qa' is about person:ghost, which is no longer in the data."
    )


def test_status_map_facts_win_over_the_learned_map() -> None:
    items = active_corrections(
        [fact("status:Parked", "status_map", "blocked"), fact("status:x", "status_map", "not-a-category")]
    )
    assert status_map_overlay(items, {"Parked": "to_do", "Waiting QA": "in_progress"}) == {
        "Parked": "blocked",
        "Waiting QA": "in_progress",
    }


def _people() -> People:
    raj = Node(
        key="slack:U1",
        source="slack",
        source_id="U1",
        ref_id=derived_id("slack:U1"),
        real_name="Raj Patel",
        slack_id="U1",
    )
    return People(resolve_identities([raj]))


def _detected(role: str) -> dict[str, RoleResult]:
    pid = derived_id("slack:U1")
    return {
        pid: RoleResult(
            pid, role, "Engineering", 0.8, "Engineering", {"Engineering": 0.9}, 0.7, {}, (), "developer"
        )
    }


def test_a_role_fact_sets_the_role_as_coo_corrected_with_full_confidence() -> None:
    roles = overlay_roles(
        _detected("developer"),
        active_corrections([fact("person:Raj Patel", "role", "lead architect")]),
        _people(),
    )
    final = roles[derived_id("slack:U1")]
    assert (final.role, final.role_source, final.confidence, final.title) == (
        "architect",
        RoleSource.COO_CORRECTED,
        1.0,
        "lead architect",
    )


def test_role_not_removes_the_detected_role_and_the_next_best_stays_ai_identified() -> None:
    pid = derived_id("slack:U1")
    roles = overlay_roles(
        _detected("architect"),
        active_corrections([fact(f"person:{pid}", "role_not", "architect")]),
        _people(),
    )
    assert (roles[pid].role, roles[pid].role_source) == ("developer", RoleSource.AI_IDENTIFIED)
