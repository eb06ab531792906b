"""Every named default of the analysis in one place (spec 04 §0.7), with overrides and `config_hash`.

`IntelConfig` aggregates each stage's frozen `XConfig`. Overrides come from the environment
(`CHIEFOPS_INTEL__<STAGE>__<FIELD>=value`) and from stored settings (`intel.<stage>.<field>`; a
stored setting wins). An override is validated against the default's type, changes `config_hash`
and therefore every stage hash, so results recompute and older rows go stale.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from chiefops.errors import ValidationFailed
from chiefops.intel.activity import ActivityConfig
from chiefops.intel.asof import AsOfConfig
from chiefops.intel.briefing import BriefingConfig
from chiefops.intel.cache import ENGINE_VERSION, digest, jsonable
from chiefops.intel.feasibility import FeasibilityConfig
from chiefops.intel.flow_view import FlowConfig
from chiefops.intel.forecast import ForecastConfig
from chiefops.intel.gaps import GapsConfig
from chiefops.intel.health_models import HealthConfig
from chiefops.intel.identity_rules import IdentityConfig
from chiefops.intel.informal import InformalConfig
from chiefops.intel.projects import ProjectsConfig
from chiefops.intel.risks_questions import QuestionsConfig
from chiefops.intel.risks_readiness import ReadinessConfig
from chiefops.intel.risks_rules import RisksConfig
from chiefops.intel.roles import RolesConfig
from chiefops.intel.status_models import StatusConfig

ENV_PREFIX = "CHIEFOPS_INTEL__"
SETTING_PREFIX = "intel."
NOT_CONFIG = frozenset({"as_of"})


@dataclass(frozen=True)
class IntelConfig:
    """The configuration of one analysis run (all stages)."""

    as_of: AsOfConfig = field(default_factory=AsOfConfig)
    identity: IdentityConfig = field(default_factory=IdentityConfig)
    roles: RolesConfig = field(default_factory=RolesConfig)
    activity: ActivityConfig = field(default_factory=ActivityConfig)
    projects: ProjectsConfig = field(default_factory=ProjectsConfig)
    informal: InformalConfig = field(default_factory=InformalConfig)
    flow: FlowConfig = field(default_factory=FlowConfig)
    forecast: ForecastConfig = field(default_factory=ForecastConfig)
    feasibility: FeasibilityConfig = field(default_factory=FeasibilityConfig)
    gaps: GapsConfig = field(default_factory=GapsConfig)
    risks: RisksConfig = field(default_factory=RisksConfig)
    readiness: ReadinessConfig = field(default_factory=ReadinessConfig)
    questions: QuestionsConfig = field(default_factory=QuestionsConfig)
    health: HealthConfig = field(default_factory=HealthConfig)
    status: StatusConfig = field(default_factory=StatusConfig)
    briefing: BriefingConfig = field(default_factory=BriefingConfig)

    @property
    def config_hash(self) -> str:
        return digest(ENGINE_VERSION, jsonable(self))

    def section_hash(self, *names: str) -> str:
        """Hash of the named sections only (what one stage reads)."""
        return digest(*(jsonable(getattr(self, n)) for n in names))


def env_overrides(environ: Mapping[str, str]) -> dict[str, str]:
    """`CHIEFOPS_INTEL__ROLES__LEADERSHIP_MIN=0.5` → {"roles.leadership_min": "0.5"}."""
    return {
        key[len(ENV_PREFIX) :].lower().replace("__", "."): value
        for key, value in environ.items()
        if key.upper().startswith(ENV_PREFIX)
    }


def setting_overrides(settings: Mapping[str, object]) -> dict[str, object]:
    """Stored settings `intel.<stage>.<field>` → {"<stage>.<field>": value} (`intel.as_of` is not config)."""
    found: dict[str, object] = {}
    for key, value in settings.items():
        if key.startswith(SETTING_PREFIX) and key[len(SETTING_PREFIX) :] not in NOT_CONFIG:
            found[key[len(SETTING_PREFIX) :]] = value
    return found


def build_config(overrides: Mapping[str, object] | None = None) -> IntelConfig:
    """Defaults with `overrides` applied by dotted path; a bad path or value raises `ValidationFailed`."""
    config: Any = IntelConfig()
    for path, value in sorted((overrides or {}).items()):
        config = _replace(config, path.split("."), value, path=path)
    result: IntelConfig = config
    return result


def _replace(obj: Any, parts: list[str], value: object, *, path: str) -> Any:
    names = {f.name for f in dataclasses.fields(obj)}
    head = parts[0]
    if head not in names:
        raise ValidationFailed(
            f"Unknown analysis setting '{path}': '{head}' is not one of {', '.join(sorted(names))}.",
            details={"setting": path},
        )
    current = getattr(obj, head)
    if len(parts) > 1:
        if not dataclasses.is_dataclass(current):
            raise ValidationFailed(
                f"Analysis setting '{path}' goes below a plain value.", details={"setting": path}
            )
        return dataclasses.replace(obj, **{head: _replace(current, parts[1:], value, path=path)})
    return dataclasses.replace(obj, **{head: _coerce(current, value, path=path)})


def _coerce(current: object, value: object, *, path: str) -> object:
    try:
        if isinstance(current, bool):
            return (
                value if isinstance(value, bool) else str(value).strip().lower() in {"1", "true", "yes", "on"}
            )
        if isinstance(current, int):
            return int(str(value))
        if isinstance(current, float):
            return float(str(value))
        if isinstance(current, str):
            return str(value)
    except ValueError:
        raise ValidationFailed(
            f"Analysis setting '{path}' must be a {type(current).__name__}, got {value!r}.",
            details={"setting": path},
        ) from None
    raise ValidationFailed(
        f"Analysis setting '{path}' cannot be overridden (it is not a number, text or flag).",
        details={"setting": path},
    )
