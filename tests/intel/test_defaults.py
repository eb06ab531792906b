"""Named defaults and overrides (spec 04 §0.7)."""

from __future__ import annotations

import re

import pytest

from chiefops.errors import ValidationFailed
from chiefops.intel.defaults import IntelConfig, build_config, env_overrides, setting_overrides


def test_an_override_changes_the_value_and_the_config_hash() -> None:
    config = build_config({"roles.leadership_min": "0.5", "activity.window_days": 21})
    assert (config.roles.leadership_min, config.activity.window_days) == (0.5, 21)
    assert config.config_hash != IntelConfig().config_hash


def test_nested_sections_take_dotted_paths() -> None:
    assert build_config({"gaps.types.full_score": "5"}).gaps.types.full_score == 5.0


def test_environment_and_stored_settings_name_the_same_paths() -> None:
    assert env_overrides({"CHIEFOPS_INTEL__ROLES__LEADERSHIP_MIN": "0.5", "CHIEFOPS_PORT": "1"}) == {
        "roles.leadership_min": "0.5"
    }
    assert setting_overrides(
        {"intel.roles.leadership_min": 0.6, "intel.as_of": "2026-11-30", "status_map": {}}
    ) == {"roles.leadership_min": 0.6}


def test_an_unknown_setting_or_a_wrong_type_is_refused_by_name() -> None:
    with pytest.raises(ValidationFailed, match=re.escape("Unknown analysis setting 'roles.leadership'")):
        build_config({"roles.leadership": "1"})
    with pytest.raises(
        ValidationFailed,
        match=re.escape("Analysis setting 'activity.window_days' must be a int, got 'soon'."),
    ):
        build_config({"activity.window_days": "soon"})
