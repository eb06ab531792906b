"""Before a job: CLI usage checks and the dry-run preview (spec 02 §12, §14).

`check_inputs` raises `InvalidInput` (CLI exit 2, nothing done) for a missing path or a batch over
`CHIEFOPS_MAX_BATCH_MB`; `preview_inputs` runs detection only, in a temporary folder, writing nothing.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Sequence
from pathlib import Path

from chiefops.config import Settings
from chiefops.errors import InvalidInput
from chiefops.ingest.detect import detect, dry_run_preview
from chiefops.ingest.safety import Limits
from chiefops.ingest.service_models import IngestPreview

MIB = 1024 * 1024


def check_inputs(paths: Sequence[Path], *, settings: Settings) -> None:
    """CLI usage checks before any work: every path exists and the batch is within MAX_BATCH_MB."""
    if not paths:
        raise InvalidInput("Give at least one file, folder or ZIP to ingest")
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise InvalidInput(f"No such file or folder: {', '.join(missing)}", details={"missing": missing})
    total = sum(_size_bytes(p) for p in paths)
    limit = settings.max_batch_mb * MIB
    if total > limit:
        raise InvalidInput(
            f"The batch is {total / MIB:,.1f} MB, over the limit of {settings.max_batch_mb:,} MB (CHIEFOPS_MAX_BATCH_MB)"
            " — ingest fewer files at once or raise the limit",
            details={"size_bytes": total, "limit_mb": settings.max_batch_mb},
        )


def _size_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


async def preview_inputs(paths: Sequence[Path], *, settings: Settings) -> IngestPreview:
    """Detection only (dry run): nothing is written to the data dir or the Store."""
    limits = Limits.from_settings(settings)
    with tempfile.TemporaryDirectory(prefix="chiefops-dry-run-") as work:
        detection = await asyncio.to_thread(detect, list(paths), limits=limits, work_dir=Path(work))
    return IngestPreview.model_validate(dry_run_preview(detection))
