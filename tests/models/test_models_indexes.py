"""The registry declares exactly the seed §16 indexes, plus the ext indexes the area specs add."""

from __future__ import annotations

import os
import re
import types
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from chiefops.models import COLLECTIONS, SEED_COLLECTIONS, IndexSpec, Record, Task, UnknownModel, spec_for
from chiefops.models.registry import idx

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "seed_indexes.txt"
DEFAULT_SEED_DOC = REPO.parent / "shared" / "seed" / "03-DATA-MODELS.md"
SEED_DOC_VAR = "CHIEFOPS_SEED_DOC"
"""Path of the seed data-model document, for clones that do not sit beside `shared/` (CI)."""

LINE = re.compile(r"^db\.(?P<coll>\w+)\.createIndex\(\{(?P<fields>[^}]*)\}(?:, \{(?P<opts>[^}]*)\})?\)$")
FIELD = re.compile(r'"(?P<path>[\w.]+)": (?P<dir>"text"|-?1)')
OPTION = re.compile(r"(?P<name>\w+): true")

NATURAL_KEY = idx(("natural_key", 1), unique=True, sparse=True)
EXT_INDEXES: dict[str, list[IndexSpec]] = {
    "tasks": [NATURAL_KEY],
    "messages": [NATURAL_KEY],
    "documents": [NATURAL_KEY],
}


def parse_index_line(line: str) -> tuple[str, IndexSpec]:
    """One `db.<coll>.createIndex(...)` line → (collection, IndexSpec)."""
    match = LINE.match(line)
    assert match is not None, f"not a createIndex line: {line!r}"
    fields = [(m["path"], m["dir"]) for m in FIELD.finditer(match["fields"])]
    options = {m["name"] for m in OPTION.finditer(match["opts"] or "")}
    assert options <= {"unique", "sparse"}, line
    if all(direction == '"text"' for _, direction in fields):
        spec = IndexSpec(fields=tuple((path, 1) for path, _ in fields), text=True)
    else:
        spec = IndexSpec(
            fields=tuple((path, int(direction)) for path, direction in fields),
            unique="unique" in options,
            sparse="sparse" in options,
        )
    return match["coll"], spec


def seed_indexes() -> dict[str, list[IndexSpec]]:
    by_collection: dict[str, list[IndexSpec]] = {}
    for line in FIXTURE.read_text().splitlines():
        collection, spec = parse_index_line(line)
        by_collection.setdefault(collection, []).append(spec)
    return by_collection


def seed_doc() -> Path:
    """`$CHIEFOPS_SEED_DOC` when set, else `../shared/seed/03-DATA-MODELS.md` beside the repository."""
    given = os.environ.get(SEED_DOC_VAR)
    return Path(given).expanduser() if given else DEFAULT_SEED_DOC


def test_fixture_is_the_seed_index_lines_verbatim() -> None:
    path = seed_doc()
    if not path.exists():
        if os.environ.get(SEED_DOC_VAR):
            pytest.fail(f"{SEED_DOC_VAR}={path} does not exist")
        reason = f"seed document not found at {path}; set {SEED_DOC_VAR} to its path to compare the fixture"
        print(reason)
        pytest.skip(reason)
    seed_lines = [line for line in path.read_text().splitlines() if line.startswith("db.")]
    assert FIXTURE.read_text().splitlines() == seed_lines


def test_the_seed_document_can_be_named_by_its_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Audit foundation D11: on a clone outside /work the comparison always skipped; the variable now
    points it at the seed document, and without it the old lookup stays."""
    monkeypatch.delenv(SEED_DOC_VAR, raising=False)
    default = seed_doc()
    monkeypatch.setenv(SEED_DOC_VAR, str(tmp_path / "03-DATA-MODELS.md"))
    assert (default, seed_doc()) == (DEFAULT_SEED_DOC, tmp_path / "03-DATA-MODELS.md")


def test_parser_reads_every_seed_line_form() -> None:
    assert parse_index_line('db.people.createIndex({ "person_id": 1 }, { unique: true })') == (
        "people",
        IndexSpec(fields=(("person_id", 1),), unique=True),
    )
    assert parse_index_line('db.people.createIndex({ "name": "text", "email": "text" })') == (
        "people",
        IndexSpec(fields=(("name", 1), ("email", 1)), text=True),
    )
    assert parse_index_line('db.tasks.createIndex({ "due_date": 1 }, { sparse: true })')[1].sparse is True


def test_seed_collections_are_the_fifteen_of_the_seed_in_order() -> None:
    assert list(SEED_COLLECTIONS) == list(seed_indexes())
    assert len(SEED_COLLECTIONS) == 15


@pytest.mark.parametrize("collection", list(seed_indexes()))
def test_collection_has_exactly_the_seed_indexes_then_its_ext_indexes(collection: str) -> None:
    expected = seed_indexes()[collection] + EXT_INDEXES.get(collection, [])
    assert list(COLLECTIONS[collection].indexes) == expected


def test_collections_added_by_the_specs() -> None:
    assert [name for name in COLLECTIONS if name not in SEED_COLLECTIONS] == [
        "settings",
        "channels",
        "message_rollups",
        "opt_out_tags",
        "ai_audit_log",
    ]
    assert COLLECTIONS["settings"].indexes == (idx(("key", 1), unique=True),)
    assert COLLECTIONS["channels"].indexes[0] == idx(("channel_id", 1), unique=True)
    assert COLLECTIONS["message_rollups"].indexes[0] == idx(("rollup_key", 1), unique=True)
    assert COLLECTIONS["ai_audit_log"].indexes == (
        idx(("audit_id", 1), unique=True),
        idx(("created_at", -1)),
        idx(("conversation_id", 1), ("created_at", -1)),
    )


def test_id_fields_and_natural_keys() -> None:
    keys = {name: (spec.id_field, spec.natural_key) for name, spec in COLLECTIONS.items()}
    assert keys == {
        "people": ("person_id", None),
        "projects": ("project_id", None),
        "tasks": ("task_id", "natural_key"),
        "messages": ("message_id", "natural_key"),
        "documents": ("document_id", "natural_key"),
        "conversation_turns": ("turn_id", None),
        "conversation_facts": ("fact_id", None),
        "session_summaries": ("summary_id", None),
        "compacted_summaries": ("summary_id", None),
        "project_streams": ("stream_id", None),
        "dashboard_widgets": ("widget_id", None),
        "reports": ("report_id", None),
        "alerts": ("alert_id", None),
        "ingestion_jobs": ("job_id", None),
        "analysis_results": ("analysis_id", None),
        "settings": ("key", "key"),
        "channels": ("channel_id", "channel_id"),
        "message_rollups": ("rollup_key", "rollup_key"),
        "opt_out_tags": ("tag_id", None),
        "ai_audit_log": ("audit_id", None),
    }


@pytest.mark.parametrize("name", list(COLLECTIONS))
def test_id_field_and_natural_key_have_unique_indexes(name: str) -> None:
    spec = COLLECTIONS[name]
    unique_single = {ix.paths[0] for ix in spec.indexes if ix.unique and len(ix.fields) == 1}
    assert spec.id_field in unique_single
    if spec.natural_key is not None:
        assert spec.natural_key in unique_single


def test_text_indexes_and_their_owners() -> None:
    owners = {
        name: (spec.text_index.paths, spec.text_owner)
        for name, spec in COLLECTIONS.items()
        if spec.text_index is not None
    }
    assert owners == {
        "people": (("name", "email"), "store"),
        "projects": (("name", "description"), "store"),
        "messages": (("text",), "knowledge"),
        "documents": (("file_name", "content_summary"), "store"),
    }


def _field_model(annotation: object) -> type[BaseModel] | None:
    """The sub-model inside `X`, `X | None` or `list[X]`, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (list, types.UnionType, typing.Union):
        for arg in typing.get_args(annotation):
            found = _field_model(arg)
            if found is not None:
                return found
    return None


def _has_path(model: type[BaseModel], path: str) -> bool:
    head, _, rest = path.partition(".")
    field = model.model_fields.get(head)
    if field is None:
        return False
    if not rest:
        return True
    sub = _field_model(field.annotation)
    return sub is not None and _has_path(sub, rest)


@pytest.mark.parametrize("name", list(COLLECTIONS))
def test_every_indexed_path_is_a_model_field(name: str) -> None:
    spec = COLLECTIONS[name]
    missing = [path for ix in spec.indexes for path in ix.paths if not _has_path(spec.model, path)]
    assert missing == []


def test_spec_for_finds_the_collection_of_a_model() -> None:
    assert spec_for(Task) is COLLECTIONS["tasks"]
    assert {spec_for(spec.model).name for spec in COLLECTIONS.values()} == set(COLLECTIONS)


def test_spec_for_an_unregistered_model_names_it() -> None:
    class Stray(Record):
        pass

    with pytest.raises(
        UnknownModel, match=r"^Stray is not stored in any collection; stored models: AIAuditRecord, "
    ):
        spec_for(Stray)
