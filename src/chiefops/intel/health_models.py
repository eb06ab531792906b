"""Shapes of the health score (spec 04 §4): bands, weights, the stored sub-score and composite forms.

`HEALTH_BANDS` is the one set of band constants (green ≥ 70, amber 40–69, red < 40; 06 calls the
same bands success / warning / danger, carried here as `tone`). `HealthWeights` holds the five
weights (a setting; they must sum to 100).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from pydantic import Field

from chiefops.errors import ConfigError
from chiefops.intel.flow_models import FlowModel

InputValue = float | int | str | None
"""A raw or derived input of a sub-score (JSON scalar)."""


class HealthBand(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


@dataclass(frozen=True)
class HealthBandSpec:
    """One colour band: scores ≥ `min_score` (and below the next band) get `band`."""

    band: HealthBand
    min_score: int
    tone: Literal["success", "warning", "danger"]


HEALTH_BANDS: tuple[HealthBandSpec, ...] = (
    HealthBandSpec(HealthBand.GREEN, 70, "success"),
    HealthBandSpec(HealthBand.AMBER, 40, "warning"),
    HealthBandSpec(HealthBand.RED, 0, "danger"),
)
"""Highest band first; status rules and every UI colour use these thresholds."""


def health_band(score: float) -> HealthBand:
    """The band of a 0–100 score."""
    for spec in HEALTH_BANDS:
        if score >= spec.min_score:
            return spec.band
    return HealthBand.RED


class SubScoreName(StrEnum):
    """The five sub-scores, in the spec's order (the order of every list here)."""

    SPRINT = "sprint"
    COMMUNICATION = "communication"
    THROUGHPUT = "throughput"
    DOCUMENTATION = "documentation"
    ALERTS = "alerts"

    @property
    def label(self) -> str:
        """Display name: "Sprint", "Communication", …"""
        return self.value.capitalize()


@dataclass(frozen=True)
class HealthWeights:
    """Sub-score weights (04 §4 defaults); a setting that must sum to 100."""

    sprint: int = 30
    communication: int = 25
    throughput: int = 20
    documentation: int = 15
    alerts: int = 10

    def __post_init__(self) -> None:
        total = self.sprint + self.communication + self.throughput + self.documentation + self.alerts
        if total != 100 or min(self.as_dict().values()) < 0:
            raise ConfigError(
                f"Health weights must be ≥ 0 and add up to 100 (now {total}); fix the health_weights setting",
                details={"weights": dict(self.as_dict()), "total": total},
            )

    def as_dict(self) -> dict[SubScoreName, int]:
        return {
            SubScoreName.SPRINT: self.sprint,
            SubScoreName.COMMUNICATION: self.communication,
            SubScoreName.THROUGHPUT: self.throughput,
            SubScoreName.DOCUMENTATION: self.documentation,
            SubScoreName.ALERTS: self.alerts,
        }


class Term(FlowModel):
    """One formula input of a sub-score: S = 100·Σ coef·factor, factors in 0–1.

    `key` is the spec's symbol (c, b, v, rho, p, u, f, l, fr, cv, kd, n); `factor` is what enters the
    sum (1 − u for u); `shown` is the raw input key the explanations quote (e.g. unanswered threads).
    """

    key: str
    label: str
    coef: float
    factor: float
    shown: str


class SubScoreResult(FlowModel):
    """A sub-score before weighting: value 0–100, its terms, raw inputs and text body; or why unavailable."""

    name: SubScoreName
    available: bool
    value: float | None
    terms: list[Term]
    inputs: dict[str, InputValue]
    detail: str = Field(description="text after 'Sprint 18.6/30: '; the reason when unavailable")


class SubScore(FlowModel):
    """Stored form of 04 §4: value, weight, points = w′·S/100, inputs, lost points per input, text."""

    name: SubScoreName
    available: bool
    value: float | None
    weight: int = Field(description="configured weight w")
    effective_weight: float = Field(description="w′, renormalised over the available sub-scores")
    points: float
    inputs: dict[str, InputValue]
    lost_points_by_input: dict[str, float]
    terms: list[Term] = Field(description="the formula's terms: labels and which input each quotes")
    text: str


class HealthScore(FlowModel):
    """A project's or the org's composite: H = round(Σ points), its band and sub-scores in spec order."""

    scope: Literal["project", "org"]
    score: int
    band: HealthBand
    confidence: Literal["normal", "low"]
    available: int = Field(description="how many sub-scores were available")
    sub_scores: list[SubScore]
    text: str


class SubScoreDelta(FlowModel):
    """How one sub-score moved against the previous score."""

    name: SubScoreName
    previous: float | None
    current: float | None
    delta_points: float
    direction: Literal["up", "down", "flat"]
    moved_input: str | None = Field(
        description="'unanswered blocker threads 0 → 2', the input that moved most"
    )


class HealthTrend(FlowModel):
    """Trend vs the previous score (±3 rule) and the 'why it changed' sentence."""

    previous: int | None
    current: int
    delta: int | None
    direction: Literal["up", "down", "flat", "baseline"]
    sub_scores: list[SubScoreDelta]
    explanation: str
    trigger: str | None = Field(default=None, description="what changed since the previous score")


@dataclass(frozen=True)
class HealthConfig:
    """Health thresholds of 04 §4 (named defaults; the weights are a setting)."""

    weights: HealthWeights = HealthWeights()
    expected_floor: float = 0.05
    blocked_factor: float = 3.0
    velocity_zero_below: float = 0.5
    lead_min_sample: int = 5
    alerts_project_limit: int = 5
    alerts_org_limit: int = 10
    trend_threshold: int = 3
    low_confidence_below: int = 3
    question_window_days: int = 14
    answer_within_hours: int = 24
    posting_window_days: int = 14
    blocker_min_age_hours: int = 48
    blocker_window_days: int = 28
    doc_fresh_days: int = 60
