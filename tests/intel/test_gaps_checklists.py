"""Checklists as versioned data (04 §5 "Checklists"): the shipped files and the loader's errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from chiefops.errors import ConfigError
from chiefops.intel.evidence import Severity
from chiefops.intel.gaps_checklists import PlanRole, load_checklists

SHIPPED = load_checklists()
VALID_ITEM = """
  - id: runbook_owner
    name: Runbook and owner
    synonyms: [runbook]
    lead_time_days: [1, 3]
    base_severity: medium
    question: Who owns it?
    sentence: "{project} has no runbook."
"""


def _write(tmp_path: Path, body: str, *, name: str = "internal_tooling.yaml") -> Path:
    (tmp_path / name).write_text(body, encoding="utf-8")
    return tmp_path


def test_shipped_checklists_cover_every_type_of_the_spec_table() -> None:
    assert SHIPPED.version_tag == (
        "crm_integration@1,data_migration@1,due_soon@1,internal_tooling@1,mobile_app_launch@1,web_redesign@1"
    )
    assert {c.type: len(c.items) for c in SHIPPED.checklists} == {
        "crm_integration": 7,
        "data_migration": 7,
        "due_soon": 5,
        "internal_tooling": 3,
        "mobile_app_launch": 9,
        "web_redesign": 7,
    }


def test_mobile_launch_items_carry_the_spec_lead_times_and_plan_roles() -> None:
    mobile = {i.id: i for i in SHIPPED.get("mobile_app_launch").items}
    assert {
        k: (mobile[k].lead_time_days, mobile[k].plan_role)
        for k in ("apple_developer_account", "app_store_review", "play_console")
    } == {
        "apple_developer_account": ((2, 7), PlanRole.PREREQUISITE),
        "app_store_review": ((4, 7), PlanRole.EXTERNAL_REVIEW),
        "play_console": ((3, 7), PlanRole.EXTERNAL_REVIEW),
    }
    assert mobile["apple_developer_account"].prerequisite_for == ["app_store_review"]
    assert [q.question for q in SHIPPED.get("mobile_app_launch").extra_questions] == [
        "Is the Play account a new personal one that needs a 14-day closed test with 12 testers?"
    ]


def test_crm_checklist_asks_the_spec_questions() -> None:
    questions = {i.id: i.question for i in SHIPPED.get("crm_integration").items}
    assert (questions["rate_limits"], questions["oauth_refresh"], questions["migration_rollback"]) == (
        "What happens when the nightly sync hits the Salesforce daily API limit?",
        "Where are OAuth refresh tokens stored and rotated?",
        "How do we roll back a bad migration batch?",
    )


def test_every_shipped_item_is_complete() -> None:
    incomplete = [
        (c.type, i.id)
        for c in SHIPPED.checklists
        for i in c.items
        if not (i.synonyms and i.done_phrases and i.question.endswith("?") and "{project}" in i.sentence)
    ]
    assert incomplete == []


def test_a_valid_file_loads_with_its_defaults(tmp_path: Path) -> None:
    body = "type: internal_tooling\nversion: 2\nlabel: Internal tooling\nkeywords: [ops]\nitems:" + VALID_ITEM
    loaded = load_checklists(_write(tmp_path, body))
    item = loaded.get("internal_tooling").items[0]
    assert (
        loaded.version_tag,
        item.hard_prerequisite,
        item.base_severity,
        item.plan_role,
        item.owner_role,
    ) == (
        "internal_tooling@2",
        False,
        Severity.MEDIUM,
        PlanRole.WORK,
        "tech_lead",
    )


def test_a_reversed_lead_time_names_the_file_and_the_field(tmp_path: Path) -> None:
    body = "type: internal_tooling\nversion: 1\nlabel: x\nkeywords: [ops]\nitems:" + VALID_ITEM.replace(
        "[1, 3]", "[5, 2]"
    )
    with pytest.raises(ConfigError) as caught:
        load_checklists(_write(tmp_path, body))
    assert caught.value.message == (
        "Checklist internal_tooling.yaml is invalid at items.0.lead_time_days: "
        "Value error, lead_time_days must be [min, max] with 0 ≤ min ≤ max, got [5, 2]"
    )


def test_an_unknown_sentence_placeholder_is_rejected(tmp_path: Path) -> None:
    body = "type: internal_tooling\nversion: 1\nlabel: x\nkeywords: [ops]\nitems:" + VALID_ITEM.replace(
        "{project} has", "{owner} has"
    )
    with pytest.raises(ConfigError, match=r"unknown placeholders \['owner'\]"):
        load_checklists(_write(tmp_path, body))


def test_a_prerequisite_must_point_at_an_external_review(tmp_path: Path) -> None:
    body = "type: internal_tooling\nversion: 1\nlabel: x\nkeywords: [ops]\nitems:" + VALID_ITEM.replace(
        "base_severity: medium", "base_severity: medium\n    prerequisite_for: [runbook_owner]"
    )
    with pytest.raises(
        ConfigError, match=r"prerequisite_for \['runbook_owner'\] names no external_review item"
    ):
        load_checklists(_write(tmp_path, body))


def test_broken_yaml_and_an_empty_directory_raise_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="No checklist files"):
        load_checklists(tmp_path)
    with pytest.raises(ConfigError, match="is not valid YAML"):
        load_checklists(_write(tmp_path, "type: [unclosed"))


def test_an_unknown_type_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="No checklist for project type 'rocket_launch'"):
        SHIPPED.get("rocket_launch")
