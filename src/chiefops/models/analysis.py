"""`analysis_results`: cached analysis output keyed by a data snapshot hash (seed §15, spec 04 §0.6)."""

from __future__ import annotations

from pydantic import Field, JsonValue

from chiefops.models.base import Record, new_id
from chiefops.models.enums import AnalysisType


class AnalysisResult(Record):
    """One analysis run's result; `is_stale` once its inputs changed. Run metadata sits in `result_data.meta`."""

    analysis_id: str = Field(default_factory=new_id)
    analysis_type: AnalysisType
    project_id: str | None = None
    result_data: dict[str, JsonValue] = Field(
        default_factory=dict, description="Shape varies by analysis_type"
    )
    data_snapshot_hash: str = Field(description="Hash of the input data, for cache invalidation")
    is_stale: bool = False
