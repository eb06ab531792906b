"""Gap checklists as versioned data (spec 04 §5 "Checklists"): `intel/checklists/*.yaml`.

One file per project type. Each holds the type's keywords (type scoring), the key documents the
Documentation sub-score expects, and the items with synonyms, done phrases, lead times, a hard
prerequisite flag, a base severity, the architect question and the finding sentence. Files are
validated into the models below when they are loaded (parse at the edge); a bad file raises
`ConfigError` naming the file and the field.

How to call:
    load_checklists(directory: Path | None = None) -> ChecklistSet   (None = the shipped files)
    ChecklistSet.get(type_id) -> Checklist;  ChecklistSet.version_tag -> "crm_integration@1,…"
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, ValidationError, field_validator, model_validator

from chiefops.errors import ConfigError
from chiefops.intel.evidence import Severity
from chiefops.models import Model

CHECKLIST_DIR = Path(__file__).resolve().parent / "checklists"
_ID = r"^[a-z][a-z0-9_]*$"
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
SENTENCE_FIELDS = frozenset({"project"})
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~20× faster


class PlanRole(StrEnum):
    """Where an item sits in the backward plan (04 §5 "Backward plan from deadline D")."""

    EXTERNAL_REVIEW = "external_review"
    PREREQUISITE = "prerequisite"
    WORK = "work"


class KeyDoc(Model):
    """A document kind the Documentation sub-score expects ("launch plan"), found by title phrases."""

    id: str = Field(pattern=_ID)
    name: str = Field(min_length=1)
    synonyms: list[str] = Field(min_length=1)


class ChecklistItem(Model):
    """One thing a project of this type needs (04 §5 item record)."""

    id: str = Field(pattern=_ID)
    name: str = Field(min_length=1)
    synonyms: list[str] = Field(min_length=1)
    done_phrases: list[str] = Field(default_factory=list)
    lead_time_days: tuple[int, int]
    hard_prerequisite: bool = False
    base_severity: Severity
    question: str = Field(min_length=1)
    sentence: str = Field(min_length=1, description="What is missing; `{project}` is the project name")
    plan_role: PlanRole = PlanRole.WORK
    prerequisite_for: list[str] = Field(default_factory=list, description="external-review item ids")
    owner_role: str = Field(default="tech_lead", description="role_in_project that should own it")

    @field_validator("lead_time_days")
    @classmethod
    def _lead_time_ordered(cls, value: tuple[int, int]) -> tuple[int, int]:
        if not 0 <= value[0] <= value[1]:
            raise ValueError(f"lead_time_days must be [min, max] with 0 ≤ min ≤ max, got {list(value)}")
        return value

    @field_validator("sentence")
    @classmethod
    def _known_placeholders(cls, value: str) -> str:
        unknown = set(_PLACEHOLDER.findall(value)) - SENTENCE_FIELDS
        if unknown:
            raise ValueError(f"sentence uses unknown placeholders {sorted(unknown)}; allowed: {{project}}")
        return value

    @property
    def lead_max(self) -> int:
        return self.lead_time_days[1]

    @property
    def terms(self) -> list[str]:
        """Every phrase searched for this item: synonyms, then done phrases."""
        return [*self.synonyms, *self.done_phrases]


class ExtraQuestion(Model):
    """A question-only entry: asked while `unless_done` (an item id) is not finished."""

    id: str = Field(pattern=_ID)
    question: str = Field(min_length=1)
    unless_done: str = Field(pattern=_ID)


class Checklist(Model):
    """One project type's checklist file."""

    type: str = Field(pattern=_ID)
    version: int = Field(ge=1)
    label: str = Field(min_length=1)
    applies: Literal["by_type", "due_soon"] = "by_type"
    keywords: list[str] = Field(default_factory=list)
    key_docs: list[KeyDoc] = Field(default_factory=list)
    items: list[ChecklistItem] = Field(min_length=1)
    extra_questions: list[ExtraQuestion] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Checklist:
        ids = [item.id for item in self.items]
        if len(ids) != len(set(ids)):
            raise ValueError(
                f"duplicate item ids in {self.type}: {sorted(i for i in ids if ids.count(i) > 1)}"
            )
        reviews = {i.id for i in self.items if i.plan_role is PlanRole.EXTERNAL_REVIEW}
        for item in self.items:
            if bad := sorted(set(item.prerequisite_for) - reviews):
                raise ValueError(f"item {item.id}: prerequisite_for {bad} names no external_review item")
        for extra in self.extra_questions:
            if extra.unless_done not in ids:
                raise ValueError(f"extra question {extra.id}: unless_done {extra.unless_done!r} is no item")
        if self.applies == "by_type" and not self.keywords:
            raise ValueError(f"checklist {self.type} applies by type but lists no keywords")
        return self


class ChecklistSet(Model):
    """Every loaded checklist, in file-name order."""

    checklists: list[Checklist]

    def get(self, type_id: str) -> Checklist:
        for checklist in self.checklists:
            if checklist.type == type_id:
                return checklist
        raise ConfigError(f"No checklist for project type {type_id!r}", details={"type": type_id})

    @property
    def by_type(self) -> list[Checklist]:
        return [c for c in self.checklists if c.applies == "by_type"]

    @property
    def due_soon(self) -> list[Checklist]:
        return [c for c in self.checklists if c.applies == "due_soon"]

    @property
    def version_tag(self) -> str:
        """`type@version` of every file, for the config hash."""
        return ",".join(f"{c.type}@{c.version}" for c in self.checklists)


def load_checklists(directory: Path | None = None) -> ChecklistSet:
    """Read and validate every `*.yaml` checklist in `directory` (default: the shipped ones)."""
    root = directory or CHECKLIST_DIR
    paths = sorted(root.glob("*.yaml"))
    if not paths:
        raise ConfigError(f"No checklist files (*.yaml) in {root}", details={"directory": str(root)})
    loaded = [_load_one(path) for path in paths]
    types = [c.type for c in loaded]
    if len(types) != len(set(types)):
        raise ConfigError(f"Two checklist files declare the same type in {root}", details={"types": types})
    return ChecklistSet(checklists=loaded)


def _load_one(path: Path) -> Checklist:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # a safe loader (C or pure Python)
    except yaml.YAMLError as err:
        raise ConfigError(
            f"Checklist {path.name} is not valid YAML: {err}", details={"file": path.name}
        ) from err
    try:
        return Checklist.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise ConfigError(
            f"Checklist {path.name} is invalid at {where}: {first['msg']}",
            details={"file": path.name, "errors": err.error_count()},
        ) from err
