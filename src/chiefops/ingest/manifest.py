"""Where a job's inputs live on disk, kept beside the job so retry and recovery can find them.

`<data dir>/jobs/<job_id>.json` = {inputs, uploads_dir, files}: the paths that were submitted (the
original paths for CLI jobs, the kept upload files for uploads), the folder holding the uploads (kept
`CHIEFOPS_INGEST_KEEP_FAILED_DAYS` when a job is not ok) and, per file of the job, the input to run
again to redo that file.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field


class JobInputs(BaseModel):
    inputs: list[str] = Field(default_factory=list, description="Absolute paths submitted")
    uploads_dir: str | None = Field(default=None, description="Folder of kept uploads, if any")
    files: dict[str, str] = Field(default_factory=dict, description="file_id → input path that produces it")

    def paths(self) -> list[Path]:
        return [Path(p) for p in self.inputs]


def manifest_path(data_dir: Path, job_id: str) -> Path:
    return data_dir / "jobs" / f"{job_id}.json"


def uploads_root(data_dir: Path) -> Path:
    return data_dir / "uploads"


def save_inputs(data_dir: Path, job_id: str, inputs: JobInputs) -> None:
    path = manifest_path(data_dir, job_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".json.part")
    partial.write_text(inputs.model_dump_json())
    partial.replace(path)


def load_inputs(data_dir: Path, job_id: str) -> JobInputs | None:
    path = manifest_path(data_dir, job_id)
    return JobInputs.model_validate_json(path.read_text()) if path.exists() else None


def delete_inputs(data_dir: Path, job_id: str) -> None:
    manifest_path(data_dir, job_id).unlink(missing_ok=True)
