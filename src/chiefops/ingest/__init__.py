"""Ingestion (spec 02): Slack, Jira and Drive exports in; seed records and index changes out.

Callers use only these names: `detect` (what each path is), `IngestService` (submit, run, get, list,
retry, cancel, delete, events, upload), `IngestOptions`, and the hook list other areas register into.
"""

from chiefops.ingest.detect import Detection, detect
from chiefops.ingest.hooks import IngestHook, IngestHooks
from chiefops.ingest.service import IngestService
from chiefops.ingest.service_models import (
    IngestPreview,
    JobBrief,
    RejectedFile,
    RetryAccepted,
    UploadAccepted,
)
from chiefops.models import IngestOptions, IngestSummary, OptOutOptions

__all__ = [
    "Detection",
    "IngestHook",
    "IngestHooks",
    "IngestOptions",
    "IngestPreview",
    "IngestService",
    "IngestSummary",
    "JobBrief",
    "OptOutOptions",
    "RejectedFile",
    "RetryAccepted",
    "UploadAccepted",
    "detect",
]
